#!/usr/bin/env bash
# The bookkeeping of a campaign carried across sessions (priors attempt 10, docs/campaigns/priors-longer12.sh),
# checked with a stand-in for ./jbang that records its calls and makes the folders a training leaves: a
# 6-epoch model carried without its checkpoint is trained again (base first) and kept aside for comparison;
# a model whose checkpoint exists is continued from it; a run that has begun is resumed, and nothing it
# started from is trained again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs/campaigns" && cp "$root"/docs/campaigns/{run.sh,carry.sh,priors-longer12.sh} "$tmp/docs/campaigns/"
cat > "$tmp/jbang" <<'STUB'
#!/usr/bin/env bash
echo "$*" >> calls.log
[ "$1" = train ] || exit 0
out="" prev=""
for a in "$@"; do [ "$prev" = --out ] && out=$a; prev=$a; done
mkdir -p "$out/checkpoints" "$out/model/variables" && touch "$out/checkpoints/step-000000009.ckpt"
echo "weights of $out" > "$out/model/variables/variables.data-00000-of-00001"
STUB
chmod +x "$tmp/jbang"
cd "$tmp"
t=results/train
# Session 1: faces' 6-epoch models carried as models only; objects' robust one with its checkpoint.
# (the robust one as its retraining will write it, the standard one not)
for n in faces-closeup64-96w32-robust6-eps1.29-s1 faces-closeup64-96w32-standard6-s1; do
  mkdir -p "$t/$n/model/variables" && echo "weights of $t/$n" > "$t/$n/model/variables/variables.data-00000-of-00001"
done
echo "other weights" > "$t/faces-closeup64-96w32-standard6-s1/model/variables/variables.data-00000-of-00001"
mkdir -p "$t/objects-closeup64-96w32-robust6-eps1.29-s1/checkpoints" "$t/objects-closeup64-96w32-robust6-eps1.29-s1/model"
touch "$t/objects-closeup64-96w32-robust6-eps1.29-s1/checkpoints/step-000002808.ckpt"
SEEDS=1 bash docs/campaigns/priors-longer12.sh > session1.log 2>&1
fail() { echo "campaign test: $*" >&2; cat calls.log >&2; exit 1; }
grep -q -- "--out $t/faces-closeup64-96w32-base-s1 " calls.log || fail "the faces base was not retrained"
grep -q -- "--out $t/objects-closeup64-96w32-base-s1 " calls.log || fail "the objects base was not trained for its missing standard model"
grep -q -- "--init-from $t/objects-closeup64-96w32-robust6-eps1.29-s1/checkpoints/step-000002808.ckpt .*--out $t/objects-closeup64-96w32-robust12-eps1.29-s1 " calls.log \
  || fail "the objects robust model was not continued from its checkpoint"
grep "out $t/objects-closeup64-96w32-robust6-eps1.29-s1 " calls.log && fail "the objects robust model was trained again"
grep -q -- "--eps-warmup-epochs" <(grep -- "robust12" calls.log) && fail "the continuation warmed up eps again"
grep -q -- "--threads 2 --out $t/faces-closeup64-96w32-base-s1 " calls.log || fail "the base was not retrained with its first thread count"
grep -q -- "--threads 2 --out $t/faces-closeup64-96w32-standard6-s1 " calls.log || fail "standard6 not retrained with its first thread count"
grep -q -- "--threads 1 --out $t/faces-closeup64-96w32-robust6-eps1.29-s1 " calls.log || fail "robust6 not retrained with its first thread count"
grep -q -- "--threads 1 --out $t/faces-closeup64-96w32-robust12-eps1.29-s1 " calls.log || fail "the continuation does not run on one thread"
test -d "$t/faces-closeup64-96w32-robust6-eps1.29-s1.carried/model" || fail "the carried faces model was not kept aside"
grep -q "robust6-eps1.29-s1: retrained, its weights are the carried" session1.log || fail "equal weights not reported"
grep -q "standard6-s1: retrained, its weights differ" session1.log || fail "different weights not reported"
grep -q "^rubin --models results/models/faces-closeup64-96w32-robust12-eps1.29-s1," calls.log || fail "the protocol did not run"
# Session 2: what a carry keeps of runs that have begun (their own checkpoints only; no bases, no 6-epoch runs).
rm -rf calls.log "$t"/*base* "$t"/*robust6* "$t"/*.carried "$t"/*12*/model "$t"/*standard12* results/models results/rubin
SEEDS=1 bash docs/campaigns/priors-longer12.sh > session2.log 2>&1
[ "$(grep -c '^train ' calls.log)" = 4 ] || fail "expected 2 resumes and 2 standard continuations"
[ "$(grep -c -- '--resume' calls.log)" = 2 ] || fail "the robust continuations were not resumed"
grep -q "base-s1" calls.log && fail "a base was trained again for runs that had begun"
echo "campaign test: priors attempt 10's bookkeeping holds (fresh, carried, resumed)"
