#!/usr/bin/env bash
# Priors attempt 3 for issue 9 (docs/training.md): faces priors trained on the faces-features world
# (the eye, brow and ear belong to the identity), with attempt 11's occlusion recipe: a 3-epoch
# standard base, then 6 epochs robust (L2 PGD eps 1.0) and 6 epochs standard from the same base.
# The objects priors are unchanged (docs/campaigns/priors.sh).
#   bash docs/campaigns/priors-features.sh            # seeds 0 1
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMON="--world faces-features --input-size 64 --width 16 --train-size 30000 --eval-size 500 --optimizer adam"
. docs/campaigns/run.sh
for s in ${SEEDS:-0 1}; do
  run faces-features-base-s$s --mode standard --epochs 3 --lr 0.001 --seed $s $COMMON
  base=$(ls results/train/faces-features-base-s$s/checkpoints/step-*.ckpt | tail -1)
  run faces-features-robust6-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --eps-warmup-epochs 0.5 --epochs 6 --lr 0.0005 \
    --seed $s --init-from "$base" $COMMON
  run faces-features-standard6-s$s --mode standard --epochs 6 --lr 0.0005 --seed $s --init-from "$base" $COMMON
done
