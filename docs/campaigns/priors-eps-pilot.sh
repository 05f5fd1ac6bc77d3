#!/usr/bin/env bash
# Priors attempt 8 (docs/training.md; run only if attempt 7 fails by its rule) for one training seed,
# from wherever it stands to the Rubin protocol's run. Attempt 8 is attempt 7 with the robust models
# trained at the reference's radius scaled per pixel, L2 eps 3.0 x 96/224 = 1.2857, from the same
# bases; the matched standard controls (which do not depend on the radius) are attempt 7's faces and
# attempt 6's objects models, trained here only if they are missing.
#   SEEDS=1 bash docs/campaigns/priors-eps-pilot.sh     # the pilot seed
#   SEEDS=0 bash docs/campaigns/priors-eps-pilot.sh     # the second seed, if the pilot holds
# Logs: results/train/campaign-NAME-eps1.29-sSEED.log. Stopping it (Ctrl-C, SIGTERM) stops the
# trainings, each at a checkpoint; the same command resumes them.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${SEEDS:-1}
. docs/campaigns/run.sh
campaign_setup
EPS=1.2857 ROBUST_TAG=-eps1.29 priors_side_by_side "$s" faces-closeup64-96w32:faces-closeup64 objects-closeup96w32:objects-closeup
# a base retrained after it was dropped from the carry should end where the first one did: say so if not.
# (Checkpoints written since the per-session records (commit c710374) hold the session's start time in
# their header, so this file-level sha256 differs even for equal weights; priors-longer12.sh compares
# the exported models' variables/ instead.)
for prefix in faces-closeup64-96w32 objects-closeup96w32; do
  card=results/train/$prefix-standard6-s$s/model/model.json
  base=$(newest_checkpoint "$prefix-base-s$s" 2>/dev/null) || true
  if [ -f "$card" ] && [ -n "$base" ]; then
    if grep -q "$(sha256sum "$base" | cut -c1-64)" "$card"; then
      echo "$prefix-base-s$s: its last checkpoint is the one $card started from"
    else
      echo "$prefix-base-s$s: its last checkpoint differs from the one $card started from (report it)" >&2
    fi
  fi
done
priors_protocol "$s" "results/rubin/protocol-v2-closeup64-eps1.29-s$s" \
  faces-closeup64-96w32-robust6-eps1.29 objects-closeup96w32-robust6-eps1.29 \
  faces-closeup64-96w32-standard6 objects-closeup96w32-standard6
