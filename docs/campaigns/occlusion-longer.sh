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
  base=$(newest_checkpoint "occlusion-base-s$s")
  run occlusion-robust6-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --eps-warmup-epochs 0.5 --epochs 6 --lr 0.0005 \
    --seed $s --init-from "$base" $COMMON
  run occlusion-standard6-s$s --mode standard --epochs 6 --lr 0.0005 --seed $s --init-from "$base" $COMMON
done
# Attempts 12 and 13 (docs/training.md): 6 more epochs on each model of the stage before (a warm
# restart of the same cosine schedule, eps 1.0 from the start), robust and standard alike:
# LONGER12=1 continues attempt 11's models (6 -> 12 epochs); LONGER18=1 also attempt 12's (12 -> 18).
continue_stage() {
  local from=$1 to=$2
  for s in ${SEEDS:-1}; do
    run occlusion-robust$to-s$s --mode adversarial --eps 1.0 --pgd-steps 3 --epochs 6 --lr 0.0005 \
      --seed $s --init-from "$(newest_checkpoint "occlusion-robust$from-s$s")" $COMMON
    run occlusion-standard$to-s$s --mode standard --epochs 6 --lr 0.0005 \
      --seed $s --init-from "$(newest_checkpoint "occlusion-standard$from-s$s")" $COMMON
  done
}
if [ "${LONGER12:-0}" = 1 ] || [ "${LONGER18:-0}" = 1 ]; then continue_stage 6 12; fi
if [ "${LONGER18:-0}" = 1 ]; then continue_stage 12 18; fi
