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
  run $n-base-s$s --mode standard --epochs 3 --lr 0.001 --seed $s $COMMON
  base=$(ls results/train/$n-base-s$s/checkpoints/step-*.ckpt | tail -1)
  run $n-robust6-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --eps-warmup-epochs 0.5 --epochs 6 --lr 0.0005 \
    --seed $s --init-from "$base" $COMMON
  run $n-standard6-s$s --mode standard --epochs 6 --lr 0.0005 --seed $s --init-from "$base" $COMMON
done
