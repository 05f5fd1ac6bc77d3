#!/usr/bin/env bash
# Attempt 15 for issue 8 (docs/training.md): attempt 11's recipe on the first occlusion world at a
# larger input, 96 px instead of 64 (a 3-epoch standard base, then 6 epochs robust and, as its
# matched control, 6 epochs standard from the same base).
#   SEEDS=1 bash docs/campaigns/occlusion-96.sh       # the pilot seed
#   SEEDS="0 2" bash docs/campaigns/occlusion-96.sh   # the other seeds, if the pilot passes
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMON="--world occlusion --input-size 96 --width 16 --train-size 30000 --eval-size 500 --optimizer adam"
. docs/campaigns/run.sh
for s in ${SEEDS:-1}; do
  run occlusion96-base-s$s --mode standard --epochs 3 --lr 0.001 --seed $s $COMMON
  base=$(ls results/train/occlusion96-base-s$s/checkpoints/step-*.ckpt | tail -1)
  run occlusion96-robust6-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --eps-warmup-epochs 0.5 --epochs 6 --lr 0.0005 \
    --seed $s --init-from "$base" $COMMON
  run occlusion96-standard6-s$s --mode standard --epochs 6 --lr 0.0005 --seed $s --init-from "$base" $COMMON
done
