#!/usr/bin/env bash
# Priors attempt 5 (docs/training.md) for one training seed, from wherever it stands to the Rubin
# protocol's run: what an earlier session carried is unpacked (carry.sh), both worlds train side by
# side (one TensorFlow thread each, each standard control before its robust model; a stopped run is
# resumed), then the four models are measured by the unchanged protocol.
#   SEEDS=1 bash docs/campaigns/priors-96-pilot.sh      # the pilot seed
#   SEEDS=0 bash docs/campaigns/priors-96-pilot.sh      # the second seed, if the pilot passes
# Logs: results/train/campaign-WORLD-sSEED.log. Stopping it (Ctrl-C, SIGTERM) stops both trainings,
# each at a checkpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${SEEDS:-1}
bash docs/campaigns/carry.sh restore
mkdir -p results/train results/models
pids=()
# each world in a process group of its own, so that a stop reaches its java too (which then checkpoints)
trap 'for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done; wait; exit 143' INT TERM
for w in faces-features objects; do
  STANDARD_FIRST=1 THREADS=1 WORLDS=$w WIDTH=32 SEEDS=$s setsid bash docs/campaigns/priors-96.sh \
    > "results/train/campaign-$w-s$s.log" 2>&1 &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
if [ "$failed" = 1 ]; then echo "a training failed: see results/train/campaign-*-s$s.log" >&2; exit 1; fi
models=()
for n in faces96w32-robust6 objects96w32-robust6 faces96w32-standard6 objects96w32-standard6; do
  ln -sfn "../train/$n-s$s/model" "results/models/$n-s$s"
  models+=("results/models/$n-s$s")
done
./jbang rubin --models "$(IFS=,; echo "${models[*]}")" --out "results/rubin/protocol-v2-96w32-s$s"
