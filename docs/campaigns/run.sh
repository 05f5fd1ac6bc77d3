# Sourced by the campaign scripts: run NAME OPTIONS... trains results/train/NAME unless its model
# exists, resuming from the latest checkpoint when an earlier attempt was stopped.
run() {
  local name=$1; shift
  local out=results/train/$name
  if [ -d "$out/model" ]; then echo "$name: done"; return; fi
  if ls "$out"/checkpoints/step-*.ckpt >/dev/null 2>&1; then
    ./jbang train --out "$out" --resume
  else
    ./jbang train "$@" --out "$out" --export "$out/model"
  fi
}
