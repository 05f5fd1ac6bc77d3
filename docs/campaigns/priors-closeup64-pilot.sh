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
. docs/campaigns/run.sh
campaign_setup
runs=(faces-closeup64-96w32:faces-closeup64)
if missing_models "$s" objects-closeup96w32-robust6 objects-closeup96w32-standard6; then runs+=(objects-closeup96w32:objects-closeup); fi
priors_side_by_side "$s" "${runs[@]}"
priors_protocol "$s" "results/rubin/protocol-v2-closeup64-96w32-s$s" \
  faces-closeup64-96w32-robust6 objects-closeup96w32-robust6 faces-closeup64-96w32-standard6 objects-closeup96w32-standard6
