#!/usr/bin/env bash
# Attempt 11 for issue 8 (docs/training.md): longer training from the same standard bases as the
# occlusion campaign. Robust: 6 epochs of L2 PGD (eps 1.0) instead of 2; its matched standard
# control: 6 epochs without attacks. Everything else as docs/campaigns/occlusion.sh.
#   SEEDS=1 bash docs/campaigns/occlusion-longer.sh     # the pilot seed
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMON="--world occlusion --input-size 64 --width 16 --train-size 30000 --eval-size 500 --optimizer adam"
. docs/campaigns/run.sh
for s in ${SEEDS:-1}; do
  base=$(ls results/train/occlusion-base-s$s/checkpoints/step-*.ckpt | tail -1)
  run occlusion-robust6-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --eps-warmup-epochs 0.5 --epochs 6 --lr 0.0005 \
    --seed $s --init-from "$base" $COMMON
  run occlusion-standard6-s$s --mode standard --epochs 6 --lr 0.0005 --seed $s --init-from "$base" $COMMON
done
# Attempt 12 (docs/training.md): 6 more epochs on each of attempt 11's models (a warm restart of the
# same cosine schedule), robust and standard alike.
if [ "${LONGER12:-0}" = 1 ]; then
  for s in ${SEEDS:-1}; do
    run occlusion-robust12-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --epochs 6 --lr 0.0005 \
      --seed $s --init-from "$(ls results/train/occlusion-robust6-s$s/checkpoints/step-*.ckpt | tail -1)" $COMMON
    run occlusion-standard12-s$s --mode standard --epochs 6 --lr 0.0005 \
      --seed $s --init-from "$(ls results/train/occlusion-standard6-s$s/checkpoints/step-*.ckpt | tail -1)" $COMMON
  done
fi
# Attempt 13 (docs/training.md): 6 more epochs on each of attempt 12's models, the same warm restart.
if [ "${LONGER18:-0}" = 1 ]; then
  for s in ${SEEDS:-1}; do
    run occlusion-robust18-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --epochs 6 --lr 0.0005 \
      --seed $s --init-from "$(ls results/train/occlusion-robust12-s$s/checkpoints/step-*.ckpt | tail -1)" $COMMON
    run occlusion-standard18-s$s --mode standard --epochs 6 --lr 0.0005 \
      --seed $s --init-from "$(ls results/train/occlusion-standard12-s$s/checkpoints/step-*.ckpt | tail -1)" $COMMON
  done
fi
