#!/usr/bin/env bash
# Priors attempt 9 (docs/training.md; run only if attempt 8 fails by its rule) for one training seed,
# from wherever it stands to the Rubin protocol's run. Attempt 9 is attempt 8 with the objects prior
# trained on 64 fixed designs instead of 14 types (world objects-closeup64); the faces side is
# attempt 8's own models (faces-closeup64-96w32-robust6-eps1.29 and -standard6), trained here only if
# they are missing.
#   SEEDS=1 bash docs/campaigns/priors-designs-pilot.sh     # the pilot seed
#   SEEDS=0 bash docs/campaigns/priors-designs-pilot.sh     # the second seed, if the pilot holds
# Logs: results/train/campaign-NAME-eps1.29-sSEED.log. Stopping it (Ctrl-C, SIGTERM) stops the
# trainings, each at a checkpoint; the same command resumes them.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${SEEDS:-1}
. docs/campaigns/run.sh
campaign_setup
runs=(objects-closeup64-96w32:objects-closeup64)
if missing_models "$s" faces-closeup64-96w32-robust6-eps1.29 faces-closeup64-96w32-standard6; then runs+=(faces-closeup64-96w32:faces-closeup64); fi
EPS=1.2857 ROBUST_TAG=-eps1.29 priors_side_by_side "$s" "${runs[@]}"
priors_protocol "$s" "results/rubin/protocol-v2-designs64-eps1.29-s$s" \
  faces-closeup64-96w32-robust6-eps1.29 objects-closeup64-96w32-robust6-eps1.29 \
  faces-closeup64-96w32-standard6 objects-closeup64-96w32-standard6
