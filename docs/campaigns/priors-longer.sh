#!/usr/bin/env bash
# Priors attempt 2 for issue 9 (docs/training.md): each faces prior of docs/campaigns/priors.sh
# continued for 6 more epochs (8 in all), robust and standard alike; the objects priors unchanged.
#   bash docs/campaigns/priors-longer.sh            # seeds 0 1
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMON="--world faces --input-size 64 --width 16 --train-size 30000 --eval-size 500 --optimizer adam"
. docs/campaigns/run.sh
for s in ${SEEDS:-0 1}; do
  run faces-robust8-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --epochs 6 --lr 0.0005 \
    --seed $s --init-from "$(newest_checkpoint "faces-robust-s$s")" $COMMON
done
for s in ${SEEDS:-0 1}; do
  run faces-standard8-s$s --mode standard --epochs 6 --lr 0.0005 \
    --seed $s --init-from "$(newest_checkpoint "faces-standard-s$s")" $COMMON
done
