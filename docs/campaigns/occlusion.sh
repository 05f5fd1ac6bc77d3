#!/usr/bin/env bash
# The occlusion-world training campaign (issue 8): 3 robust and 3 standard models, one recipe,
# training seeds 0, 1, 2, interleaved so that matched pairs finish together. Every command resumes
# a run that was stopped (a run folder with checkpoints and no exported model).
#   bash docs/campaigns/occlusion.sh            # all seeds
#   SEEDS="1" bash docs/campaigns/occlusion.sh  # one seed
set -euo pipefail
cd "$(dirname "$0")/../.."
COMMON="--world occlusion --input-size 64 --width 16 --train-size 10000 --epochs 16 --eval-size 500 --optimizer adam --lr 0.001"
run() { # name, options...
  local name=$1; shift
  local out=results/train/$name
  if [ -d "$out/model" ]; then echo "$name: done"; return; fi
  if ls "$out"/checkpoints/step-*.ckpt >/dev/null 2>&1; then
    ./jbang train --out "$out" --resume
  else
    ./jbang train "$@" $COMMON --out "$out" --export "$out/model"
  fi
}
for s in ${SEEDS:-0 1 2}; do
  run occlusion-robust-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --eps-warmup-epochs 3 --seed $s
  run occlusion-standard-s$s --mode standard --seed $s
done
