#!/usr/bin/env bash
# The Rubin protocol, unchanged, on the two held-out Rubin figures pre-registered in
# docs/rubin-protocol.md ("Held-out figures"), with priors attempt 8's four models of each seed.
# Secondary: it never decides issue 9; for each seed and figure it reports how many of the four
# cells hold by the protocol's step-3 rule, with every number.
#   SEEDS="1 0" bash docs/campaigns/rubin-heldout-figures.sh
# Runs: results/rubin/heldout-FIGURE-eps1.29-sSEED (a finished run is skipped). The models must exist
# (results/train/...; docs/campaigns/priors-eps-pilot.sh trains them).
set -euo pipefail
cd "$(dirname "$0")/../.."
. docs/campaigns/run.sh
bash docs/campaigns/carry.sh restore
declare -A figures=(
  [narrow]="halfWidth=40 brow=7 nose=20 lips=7 chin=10"
  [deep]="halfWidth=56 brow=14 nose=34 lips=14 chin=18"
)
for s in ${SEEDS:-1 0}; do
  for name in narrow deep; do
    out=results/rubin/heldout-$name-eps1.29-s$s
    if [ -d "$out" ]; then echo "$out: done"; continue; fi
    FIGURE=${figures[$name]} priors_protocol "$s" "$out" \
      faces-closeup64-96w32-robust6-eps1.29 objects-closeup96w32-robust6-eps1.29 \
      faces-closeup64-96w32-standard6 objects-closeup96w32-standard6
  done
done
