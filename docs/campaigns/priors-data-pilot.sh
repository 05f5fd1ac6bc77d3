#!/usr/bin/env bash
# Priors attempt 11 (docs/training.md; run only if attempt 10 fails by its rule) for one training seed,
# from wherever it stands to the Rubin protocol's run. Attempt 11 is attempt 9's recipe, at attempt 9's
# numbers of steps, on six times as many distinct training images (run.sh, priors_data): each image is
# seen 1-3 times instead of 9.
#   SEEDS=1 bash docs/campaigns/priors-data-pilot.sh     # the pilot seed
#   SEEDS=0 bash docs/campaigns/priors-data-pilot.sh     # the second seed, if the pilot holds
# Logs: results/train/campaign-PREFIX-n180k-sSEED.log; the protocol's tables are kept in docs/results
# (keep_tables). Stopping it (Ctrl-C, SIGTERM) stops the trainings, each at a checkpoint; the same
# command resumes them.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${SEEDS:-1}
. docs/campaigns/run.sh
campaign_setup
priors_data "$s" faces-closeup64-96w32:faces-closeup64 objects-closeup64-96w32:objects-closeup64
priors_protocol "$s" "results/rubin/protocol-v2-n180k-eps1.29-s$s" \
  faces-closeup64-96w32-n180k-robust-eps1.29 objects-closeup64-96w32-n180k-robust-eps1.29 \
  faces-closeup64-96w32-n180k-standard objects-closeup64-96w32-n180k-standard
keep_tables "protocol-v2-n180k-eps1.29-s$s" "rubin-v2-n180k-eps1.29-s$s"
