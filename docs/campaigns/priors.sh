#!/usr/bin/env bash
# The faces and objects priors for the Rubin experiment (issue 9): the recipe of the occlusion
# campaign (docs/campaigns/occlusion.sh) on the faces and objects worlds. For each world and
# training seed, a standard base run, then matched L2-PGD adversarial and standard continuations.
#   bash docs/campaigns/priors.sh                          # both worlds, seeds 0 1
#   WORLDS=faces SEEDS=0 bash docs/campaigns/priors.sh     # one
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
. docs/campaigns/run.sh
for s in ${SEEDS:-0 1}; do
  for w in ${WORLDS:-faces objects}; do
    COMMON="--world $w --input-size 64 --width 16 --train-size 30000 --eval-size 500 --optimizer adam"
    run $w-base-s$s --mode standard --epochs 3 --lr 0.001 --seed $s $COMMON
    base=$(ls results/train/$w-base-s$s/checkpoints/step-*.ckpt | tail -1)
    run $w-robust-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --eps-warmup-epochs 0.5 --epochs 2 --lr 0.0005 \
      --seed $s --init-from "$base" $COMMON
    run $w-standard-s$s --mode standard --epochs 2 --lr 0.0005 --seed $s --init-from "$base" $COMMON
  done
done
