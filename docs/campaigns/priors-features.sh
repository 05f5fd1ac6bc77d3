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
  recipe6 faces-features $s faces-features-robust6-s$s 1.0 $COMMON
done
