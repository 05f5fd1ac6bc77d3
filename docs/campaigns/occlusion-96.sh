#!/usr/bin/env bash
# Attempts 15 and 16 for issue 8 (docs/training.md): attempt 11's recipe on the first occlusion world
# at a larger input, 96 px instead of 64 (a 3-epoch standard base, then 6 epochs robust and, as its
# matched control, 6 epochs standard from the same base). Attempt 16 (EPS_PER_PIXEL=1) changes only
# the robust model's L2 radius, to the reference's eps 3.0 at 224 px scaled per pixel (3.0 x 96/224
# = 1.2857); its matched standard controls are attempt 15's, which it does not retrain.
#   SEEDS=1 bash docs/campaigns/occlusion-96.sh                   # attempt 15, the pilot seed
#   SEEDS="0 2" bash docs/campaigns/occlusion-96.sh               # attempt 15, the other seeds
#   EPS_PER_PIXEL=1 SEEDS=2 bash docs/campaigns/occlusion-96.sh   # attempt 16, its pilot seed
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMON="--world occlusion --input-size 96 --width 16 --train-size 30000 --eval-size 500 --optimizer adam"
if [ "${EPS_PER_PIXEL:-0}" = 1 ]; then eps=1.2857; tag=-eps1.29; else eps=1.0; tag=; fi
. docs/campaigns/run.sh
for s in ${SEEDS:-1}; do
  recipe6 occlusion96 $s occlusion96-robust6$tag-s$s $eps $COMMON
done
