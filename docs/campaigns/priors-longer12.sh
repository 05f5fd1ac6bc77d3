#!/usr/bin/env bash
# Priors attempt 10 (docs/training.md; run only if attempt 9 fails by its rule) for one training seed,
# from wherever it stands to the Rubin protocol's run. Attempt 10 is attempt 9's four models of the
# seed (faces-closeup64-96w32 and objects-closeup64-96w32, robust at eps 1.2857 and standard), each
# trained for 6 more epochs from its last checkpoint (run.sh, priors_longer).
#   SEEDS=1 bash docs/campaigns/priors-longer12.sh     # the pilot seed
#   ROBUST12_THREADS=2 SEEDS=1 bash docs/campaigns/priors-longer12.sh   # how the pilot went on from session 22:
#                      its faces robust continuation on two threads (docs/training.md, the amendment)
#   SEEDS=0 bash docs/campaigns/priors-longer12.sh     # the second seed, if the pilot holds
# Logs: results/train/campaign-PREFIX-12-sSEED.log. Stopping it (Ctrl-C, SIGTERM) stops the
# trainings, each at a checkpoint; the same command resumes them.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${SEEDS:-1}
. docs/campaigns/run.sh
campaign_setup
worlds=(faces-closeup64-96w32:faces-closeup64 objects-closeup64-96w32:objects-closeup64)
# A 6-epoch model carried without its checkpoint is trained again, since the continuation starts from
# the checkpoint; the carried model is kept beside it (NAME.carried) to compare the two.
for spec in "${worlds[@]}"; do
  p=${spec%%:*}
  for pair in "robust6-eps1.29:robust12-eps1.29" "standard6:standard12"; do
    d=results/train/$p-${pair%%:*}-s$s
    begun "$p-${pair#*:}-s$s" && continue
    if [ -d "$d/model" ] && ! ls "$d"/checkpoints/step-*.ckpt >/dev/null 2>&1; then
      rm -rf "$d.carried"; mv "$d" "$d.carried"
    fi
  done
done
# The 6-epoch stage is retrained with the thread counts its models were first trained with (their cards:
# bases and standard models two threads, robust models one), so that it can come out bit-identical; the
# continuations are new runs, one thread each.
BASE_THREADS=2 STANDARD6_THREADS=2 ROBUST6_THREADS=1 EPS=1.2857 priors_longer "$s" "${worlds[@]}"
for spec in "${worlds[@]}"; do
  for n in "${spec%%:*}-robust6-eps1.29" "${spec%%:*}-standard6"; do
    d=results/train/$n-s$s
    [ -d "$d.carried/model/variables" ] && [ -d "$d/model/variables" ] || continue
    if diff -q <(cd "$d.carried/model/variables" && sha256sum *) <(cd "$d/model/variables" && sha256sum *) >/dev/null; then
      echo "$n-s$s: retrained, its weights are the carried model's (variables/ sha256 equal)"
    else
      echo "$n-s$s: retrained, its weights differ from the carried model's (report it)" >&2
    fi
  done
done
priors_protocol "$s" "results/rubin/protocol-v2-designs64-12-eps1.29-s$s" \
  faces-closeup64-96w32-robust12-eps1.29 objects-closeup64-96w32-robust12-eps1.29 \
  faces-closeup64-96w32-standard12 objects-closeup64-96w32-standard12
keep_tables "protocol-v2-designs64-12-eps1.29-s$s" "rubin-v2-designs64-12-eps1.29-s$s"
