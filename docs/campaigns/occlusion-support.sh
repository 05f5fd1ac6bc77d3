#!/usr/bin/env bash
# Attempt 14 for issue 8 (docs/training.md): the recipe of attempt 11 (a 3-epoch standard base,
# then 6 epochs robust and, as its matched control, 6 epochs standard from the same base) on the
# occlusion-support world, in which support carries the evidence for a surface (docs/worlds.md).
#   SEEDS=1 bash docs/campaigns/occlusion-support.sh      # the pilot seed
#   SEEDS="0 2" bash docs/campaigns/occlusion-support.sh  # the other seeds, if the pilot passes
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMON="--world occlusion-support --input-size 64 --width 16 --train-size 30000 --eval-size 500 --optimizer adam"
. docs/campaigns/run.sh
for s in ${SEEDS:-1}; do
  run support-base-s$s --mode standard --epochs 3 --lr 0.001 --seed $s $COMMON
  base=$(ls results/train/support-base-s$s/checkpoints/step-*.ckpt | tail -1)
  run support-robust6-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --eps-warmup-epochs 0.5 --epochs 6 --lr 0.0005 \
    --seed $s --init-from "$base" $COMMON
  run support-standard6-s$s --mode standard --epochs 6 --lr 0.0005 --seed $s --init-from "$base" $COMMON
done
