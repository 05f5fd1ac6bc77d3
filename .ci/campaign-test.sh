#!/usr/bin/env bash
# The bookkeeping of campaigns carried across sessions (priors attempts 10 and 11:
# docs/campaigns/priors-longer12.sh, priors-data-pilot.sh),
# checked with a stand-in for ./jbang that records its calls and makes the folders a training leaves: a
# 6-epoch model carried without its checkpoint is trained again (base first) and kept aside for comparison;
# a model whose checkpoint exists is continued from it; a run that has begun is resumed, and nothing it
# started from is trained again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs/campaigns" && cp "$root"/docs/campaigns/{run.sh,carry.sh,priors-longer12.sh,priors-data-pilot.sh} "$tmp/docs/campaigns/"
cat > "$tmp/jbang" <<'STUB'
#!/usr/bin/env bash
echo "$*" >> calls.log
out="" prev=""
for a in "$@"; do [ "$prev" = --out ] && out=$a; prev=$a; done
if [ "$1" = rubin ]; then
  mkdir -p "$out" && for f in decision.csv shifts.csv effects.csv config.json provenance.json figure.png; do echo "$f of $out" > "$out/$f"; done
  echo probe > "$out/probe-observer-network.provenance.txt"
fi
[ "$1" = train ] || exit 0
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
fail() { echo "campaign test: $*" >&2; cat calls.log >&2; exit 1; }
# campaign SCRIPT LOG: one session of a campaign; it must end well.
campaign() { SEEDS=1 bash "docs/campaigns/$1" > "$2" 2>&1 || { tail -5 "$2" >&2; fail "$1 failed (above)"; }; }
campaign priors-longer12.sh session1.log
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
for f in decision.csv shifts.csv effects.csv config.json provenance.json probe-observer-network.provenance.txt README.md; do
  [ -f docs/results/rubin-v2-designs64-12-eps1.29-s1/$f ] || fail "the protocol's $f was not kept in docs/results"
done
grep -q "decision.csv of results/rubin/protocol-v2-designs64-12-eps1.29-s1" docs/results/rubin-v2-designs64-12-eps1.29-s1/decision.csv \
  || fail "the kept decision is not the run's"
[ -f docs/figures/rubin-v2-designs64-12-eps1.29-s1.png ] || fail "the figure was not kept"
grep -q "protocol-v2-designs64-12-eps1.29-s1" docs/results/rubin-v2-designs64-12-eps1.29-s1/README.md || fail "the kept README does not name its run"
echo changed > docs/results/rubin-v2-designs64-12-eps1.29-s1/decision.csv
(. docs/campaigns/run.sh && keep_tables protocol-v2-designs64-12-eps1.29-s1 rubin-v2-designs64-12-eps1.29-s1) 2>/dev/null \
  && fail "kept tables were replaced"
grep -q changed docs/results/rubin-v2-designs64-12-eps1.29-s1/decision.csv || fail "kept tables were changed"
rm -rf docs/results docs/figures
# Session 2: what a carry keeps of runs that have begun (their own checkpoints only; no bases, no 6-epoch runs).
rm -rf calls.log "$t"/*base* "$t"/*robust6* "$t"/*.carried "$t"/*12*/model "$t"/*standard12* results/models results/rubin
campaign priors-longer12.sh session2.log
[ "$(grep -c '^train ' calls.log)" = 4 ] || fail "expected 2 resumes and 2 standard continuations"
[ "$(grep -c -- '--resume' calls.log)" = 2 ] || fail "the robust continuations were not resumed"
grep -q "base-s1" calls.log && fail "a base was trained again for runs that had begun"
grep -- '--resume' calls.log | grep -q -- '--threads' && fail "a resumed run was given a thread count (it keeps its own)"
# Attempt 11 (priors-data-pilot.sh): attempt 9's numbers of steps on 90,000 and 180,000 distinct images.
rm -rf calls.log results/models results/rubin docs/results docs/figures
campaign priors-data-pilot.sh session3.log
[ -f docs/results/rubin-v2-n180k-eps1.29-s1/decision.csv ] || fail "attempt 11's tables were not kept"
for w in faces objects; do
  p=$t/$w-closeup64-96w32-n180k
  grep -q -- "--epochs 1 --train-size 90000 --lr 0.001 .*--world $w-closeup64 .*--threads 1 --out $p-base-s1 " calls.log \
    || fail "the $w base is not one epoch of 90,000 images"
  grep -q -- "--mode standard --epochs 1 --train-size 180000 --lr 0.0005 .*--init-from $p-base-s1/checkpoints/step-000000009.ckpt .*--out $p-standard-s1 " calls.log \
    || fail "the $w standard control does not start from the base on 180,000 images"
  grep -q -- "--mode adversarial --eps 1.2857 --pgd-steps 3 --eps-warmup-epochs 0.0832 --epochs 1 --train-size 180000 --lr 0.0005 .*--init-from $p-base-s1/checkpoints/step-000000009.ckpt .*--out $p-robust-eps1.29-s1 " calls.log \
    || fail "the $w robust model is not attempt 11's"
done
grep -q "^rubin --models results/models/faces-closeup64-96w32-n180k-robust-eps1.29-s1,results/models/objects-closeup64-96w32-n180k-robust-eps1.29-s1,results/models/faces-closeup64-96w32-n180k-standard-s1,results/models/objects-closeup64-96w32-n180k-standard-s1 .*--out results/rubin/protocol-v2-n180k-eps1.29-s1" calls.log \
  || fail "attempt 11's protocol did not run on its four models"
# Carried without the bases and stopped before the robust run had its first checkpoint: the base is trained
# again for it (deterministic), and the standard control, which has begun, is resumed.
rm -rf calls.log results/rubin docs/results docs/figures "$t"/*n180k-base* "$t"/*n180k*/model "$t"/*n180k-robust*
campaign priors-data-pilot.sh session4.log
[ "$(grep -c -- '--resume' calls.log)" = 2 ] || fail "attempt 11's standard controls were not resumed"
[ "$(grep -c -- '--out [^ ]*n180k-base-s1 ' calls.log)" = 2 ] || fail "the bases were not trained again for the robust runs"
# Both runs begun, no base carried: nothing is trained again, both are resumed.
rm -rf calls.log results/rubin docs/results docs/figures "$t"/*n180k-base* "$t"/*n180k*/model
campaign priors-data-pilot.sh session5.log
[ "$(grep -c -- '--resume' calls.log)" = 4 ] || fail "attempt 11's begun runs were not all resumed"
grep -q "n180k-base-s1" calls.log && fail "a base was trained again for attempt 11's runs that had begun"
echo "campaign test: priors attempts 10 and 11's bookkeeping holds (fresh, carried, resumed)"
