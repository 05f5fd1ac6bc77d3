#!/usr/bin/env bash
# Priors attempt 10 (docs/training.md; run only if attempt 9 fails by its rule) for one training seed,
# from wherever it stands to the Rubin protocol's run. Attempt 10 is attempt 9's four models of the
# seed (faces-closeup64-96w32 and objects-closeup64-96w32, robust at eps 1.2857 and standard), each
# trained for 6 more epochs from its last checkpoint.
#   SEEDS=1 bash docs/campaigns/priors-longer12.sh     # the pilot seed
#   SEEDS=0 bash docs/campaigns/priors-longer12.sh     # the second seed, if the pilot holds
# Logs: results/train/campaign-NAME[-eps1.29|-12]-sSEED.log. Stopping it (Ctrl-C, SIGTERM) stops the
# trainings, each at a checkpoint; the same command resumes them.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${SEEDS:-1}
. docs/campaigns/run.sh
campaign_setup
# A 6-epoch model carried without its checkpoint is trained again, since the continuation starts from
# the checkpoint; the carried model is kept beside it (NAME.carried) to compare the two.
stage6=()
for prefix in faces-closeup64-96w32:faces-closeup64 objects-closeup64-96w32:objects-closeup64; do
  p=${prefix%%:*} need=0
  for n in "$p-robust6-eps1.29" "$p-standard6"; do
    d=results/train/$n-s$s
    t=${n/robust6/robust12}; begun "${t/standard6/standard12}-s$s" && continue
    if [ -d "$d/model" ] && ! ls "$d"/checkpoints/step-*.ckpt >/dev/null 2>&1; then
      rm -rf "$d.carried"; mv "$d" "$d.carried"
    fi
    begun "$n-s$s" && [ -d "$d/model" ] || need=1
  done
  if [ "$need" = 1 ]; then stage6+=("$prefix"); fi
done
if [ ${#stage6[@]} -gt 0 ]; then EPS=1.2857 ROBUST_TAG=-eps1.29 priors_side_by_side "$s" "${stage6[@]}"; fi
for n in faces-closeup64-96w32-robust6-eps1.29 faces-closeup64-96w32-standard6 \
         objects-closeup64-96w32-robust6-eps1.29 objects-closeup64-96w32-standard6; do
  d=results/train/$n-s$s
  [ -d "$d.carried/model" ] && [ -d "$d/model" ] || continue
  if diff -q <(cd "$d.carried/model/variables" && sha256sum *) <(cd "$d/model/variables" && sha256sum *) >/dev/null; then
    echo "$n-s$s: retrained, its weights are the carried model's (variables/ sha256 equal)"
  else
    echo "$n-s$s: retrained, its weights differ from the carried model's (report it)" >&2
  fi
done
EPS=1.2857 priors_continue "$s" 6 12 faces-closeup64-96w32:faces-closeup64 objects-closeup64-96w32:objects-closeup64
priors_protocol "$s" "results/rubin/protocol-v2-designs64-12-eps1.29-s$s" \
  faces-closeup64-96w32-robust12-eps1.29 objects-closeup64-96w32-robust12-eps1.29 \
  faces-closeup64-96w32-standard12 objects-closeup64-96w32-standard12
