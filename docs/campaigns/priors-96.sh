#!/usr/bin/env bash
# Priors attempts 4 and 5 for issue 9 (docs/training.md): both priors at 96 px with attempt 15's occlusion
# recipe (a 3-epoch standard base, then 6 epochs robust, L2 PGD eps 1.0, and 6 epochs standard from
# the same base), for the faces-features world and the objects world alike.
#   SEEDS=1 bash docs/campaigns/priors-96.sh      # the pilot seed
#   SEEDS=0 bash docs/campaigns/priors-96.sh      # the second seed, if the pilot passes
#   WORLDS=objects SEEDS=1 bash ...               # one world only (two shells train both at once)
#   WIDTH=32 SEEDS=1 bash docs/campaigns/priors-96.sh   # priors attempt 5 (twice the width), its pilot
# A stopped run is resumed from its checkpoints when the command is repeated.
set -euo pipefail
cd "$(dirname "$0")/../.."
. docs/campaigns/run.sh
for s in ${SEEDS:-1}; do
  for w in ${WORLDS:-faces-features objects}; do
    n=${w%%-*}96   # faces96, objects96; faces96w32, objects96w32 at another width
    if [ "${WIDTH:-16}" != 16 ]; then n=${n}w$WIDTH; fi
    COMMON="--world $w --input-size 96 --width ${WIDTH:-16} --train-size 30000 --eval-size 500 --optimizer adam"
    recipe6 $n $s $n-robust6-s$s 1.0 $COMMON
  done
done
