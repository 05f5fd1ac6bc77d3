#!/usr/bin/env bash
# Benchmark of checkpoint conversion (not CI). Makes a full-size random-weight torchvision ResNet50
# in the robustness library's format, legacy and zip (about 100 MB each; needs Debian's
# python3-torch, python3-torchvision, python3-dill), then converts each in a fresh JVM and
# compares the result with PyTorch's outputs. Usage: scripts/convert_bench.sh [DIR] (default /tmp/convert-bench)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-/tmp/convert-bench}
if [ ! -f "$dir/resnet50_robustness_zip.pt" ]; then
  /usr/bin/python3 "$here/../lib/src/test/python/make_checkpoint_fixtures.py" --full-resnet50 "$dir"
fi
cd "$here"
for f in resnet50_robustness_legacy.pt resnet50_robustness_zip.pt; do
  if command -v jbang >/dev/null; then
    jbang convert_bench.java --checkpoint "$dir/$f" --reference "$dir/reference/resnet50" 2>/dev/null
  else # the workbench's launcher convention: JBang from its Maven classpath
    rc=0
    out=$(JBANG_NO_VERSION_CHECK=true java -cp "$(cat /tmp/jb/cp.txt)" dev.jbang.Main run convert_bench.java \
      --checkpoint "$dir/$f" --reference "$dir/reference/resnet50") || rc=$?
    if [ $rc -eq 255 ]; then eval "$out" 2>/dev/null; else echo "$out"; exit $rc; fi
  fi
done
