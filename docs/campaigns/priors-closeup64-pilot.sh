#!/usr/bin/env bash
# Priors attempt 7 (docs/training.md; run only if attempt 6 fails by its rule) for one training seed,
# from wherever it stands to the Rubin protocol's run. Attempt 7 is attempt 6 with 64 face identities
# instead of 24 (world faces-closeup64); the objects side is attempt 6's own models
# (objects-closeup96w32-*, the same world, recipe and seed), trained here only if they are missing.
#   SEEDS=1 bash docs/campaigns/priors-closeup64-pilot.sh     # the pilot seed
#   SEEDS=0 bash docs/campaigns/priors-closeup64-pilot.sh     # the second seed, if the pilot holds
# Logs: results/train/campaign-NAME-sSEED.log. Stopping it (Ctrl-C, SIGTERM) stops the trainings,
# each at a checkpoint; the same command resumes them.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${SEEDS:-1}
bash docs/campaigns/carry.sh restore
mkdir -p results/train results/models
./jbang build scripts/train.java
worlds=(faces-closeup64) names=(faces-closeup64-96w32) threads=2
if [ ! -d "results/train/objects-closeup96w32-robust6-s$s/model" ] || [ ! -d "results/train/objects-closeup96w32-standard6-s$s/model" ]; then
  worlds+=(objects-closeup) names+=(objects-closeup96w32) threads=1
fi
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done; wait; exit 143' INT TERM
for k in "${!names[@]}"; do
  n=${names[$k]}
  STANDARD_FIRST=1 THREADS=$threads setsid bash -c 'set -euo pipefail; . docs/campaigns/run.sh
    recipe6 "$1" "$2" "$1-robust6-s$2" 1.0 --world "$3" --input-size 96 --width 32 --train-size 30000 \
      --eval-size 500 --optimizer adam' _ "$n" "$s" "${worlds[$k]}" > "results/train/campaign-$n-s$s.log" 2>&1 &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
if [ "$failed" = 1 ]; then echo "a training failed: see results/train/campaign-*-s$s.log" >&2; exit 1; fi
models=()
for n in faces-closeup64-96w32-robust6 objects-closeup96w32-robust6 faces-closeup64-96w32-standard6 objects-closeup96w32-standard6; do
  ln -sfn "../train/$n-s$s/model" "results/models/$n-s$s"
  models+=("results/models/$n-s$s")
done
./jbang rubin --models "$(IFS=,; echo "${models[*]}")" --out "results/rubin/protocol-v2-closeup64-96w32-s$s"
