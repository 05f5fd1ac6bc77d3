#!/usr/bin/env bash
# Priors attempts 5 and 6 (docs/training.md) for one training seed, from wherever it stands to the
# Rubin protocol's run: what an earlier session carried is unpacked (carry.sh), both worlds train
# side by side (one TensorFlow thread each, each standard control before its robust model; a stopped
# run is resumed), then the four models are measured by the unchanged protocol.
#   SEEDS=1 bash docs/campaigns/priors-96-pilot.sh                  # attempt 5, the pilot seed
#   SEEDS=0 bash docs/campaigns/priors-96-pilot.sh                  # attempt 5, the second seed
#   PRIORS=closeup SEEDS=1 bash docs/campaigns/priors-96-pilot.sh   # attempt 6 (only if attempt 5 fails)
# Attempt 5 trains faces96w32-* on faces-features and objects96w32-* on objects (the runs
# `WIDTH=32 bash docs/campaigns/priors-96.sh` names); attempt 6 faces-closeup96w32-* and
# objects-closeup96w32-* on the close-up worlds. The recipe is priors-96.sh's at width 32.
# Logs: results/train/campaign-NAME-sSEED.log. Stopping it (Ctrl-C, SIGTERM) stops both trainings,
# each at a checkpoint.
set -euo pipefail
cd "$(dirname "$0")/../.."
s=${SEEDS:-1}
case "${PRIORS:-width32}" in
  width32) worlds=(faces-features objects); names=(faces96w32 objects96w32); tag=96w32 ;;
  closeup) worlds=(faces-closeup objects-closeup); names=(faces-closeup96w32 objects-closeup96w32); tag=closeup96w32 ;;
  *) echo "PRIORS must be width32 (attempt 5) or closeup (attempt 6), got '$PRIORS'" >&2; exit 2 ;;
esac
. docs/campaigns/run.sh
campaign_setup
priors_side_by_side "$s" "${names[0]}:${worlds[0]}" "${names[1]}:${worlds[1]}"
priors_protocol "$s" "results/rubin/protocol-v2-$tag-s$s" \
  "${names[0]}-robust6" "${names[1]}-robust6" "${names[0]}-standard6" "${names[1]}-standard6"
