#!/usr/bin/env bash
# Attempts 14 (64 px) and 17 (96 px) for issue 8 (docs/training.md): the recipe of attempt 11 (a 3-epoch standard base,
# then 6 epochs robust and, as its matched control, 6 epochs standard from the same base) on the
# occlusion-support world, in which support carries the evidence for a surface (docs/worlds.md).
#   SEEDS=1 bash docs/campaigns/occlusion-support.sh              # attempt 14 (64 px), its pilot seed
#   SIZE=96 SEEDS=2 bash docs/campaigns/occlusion-support.sh      # attempt 17 (96 px), its pilot seed
#   SIZE=96 SEEDS="0 1" bash docs/campaigns/occlusion-support.sh  # attempt 17's other seeds, if the pilot passes
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE=${SIZE:-64}   # attempt 14: 64 px; attempt 17: SIZE=96
n=support; [ "$SIZE" = 64 ] || n=support$SIZE
COMMON="--world occlusion-support --input-size $SIZE --width 16 --train-size 30000 --eval-size 500 --optimizer adam"
. docs/campaigns/run.sh
for s in ${SEEDS:-1}; do
  recipe6 $n $s $n-robust6-s$s 1.0 $COMMON
done
