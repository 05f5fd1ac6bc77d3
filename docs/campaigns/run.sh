# Sourced by the campaign scripts: run NAME OPTIONS... trains results/train/NAME unless its model
# exists, resuming from the latest checkpoint when an earlier attempt was stopped. THREADS=N sets
# TensorFlow's intra-op threads of a run that starts (train's default is 2): two campaigns side by side
# with THREADS=1 each use two cores better than one after the other with two threads. The count is kept
# in the run's checkpoints and card; it can change the last bits of a run, not its recipe, so a resumed
# run goes on with the count it last ran with (train --resume's default), whatever THREADS says.
run() {
  local name=$1; shift
  local out=results/train/$name
  local threads=()
  if [ -d "$out/model" ]; then echo "$name: done"; return; fi
  if begun "$name"; then
    ./jbang train --out "$out" --resume
  else
    if [ -n "${THREADS:-}" ]; then threads=(--threads "$THREADS"); fi
    ./jbang train "$@" "${threads[@]}" --out "$out" --export "$out/model"
  fi
}

# run_from NAME FROM OPTIONS...: run NAME starting from FROM's newest checkpoint (--init-from), or
# resume NAME once it has begun (it then no longer needs FROM, so a carry may drop it).
run_from() {
  local name=$1 from=$2
  shift 2
  if begun "$name"; then run "$name"; else run "$name" "$@" --init-from "$(newest_checkpoint "$from")"; fi
}

# recipe6 PREFIX SEED ROBUST EPS OPTIONS...: attempt 11's recipe (docs/training.md). A 3-epoch standard
# base PREFIX-base-sSEED, then from its last checkpoint two matched continuations: ROBUST (6 epochs of
# L2 PGD at EPS, 3 steps, eps warm-up 0.5 epochs) and PREFIX-standard6-sSEED (6 standard epochs).
# ROBUST_ONLY=1 stops after the robust model (its standard control is trained by a later call);
# STANDARD_FIRST=1 trains the standard control before the robust model, so that the base's
# checkpoint is needed for less time (carry.sh then carries less). The models do not depend on the
# order they are trained in.
# begun NAME: the run has a model or a checkpoint of its own (it no longer needs the base's).
begun() {
  [ -d "results/train/$1/model" ] || ls "results/train/$1"/checkpoints/step-*.ckpt >/dev/null 2>&1
}

# The base is trained (or found) only while a continuation still has to start from it, so a
# campaign carried to another session without its base (carry.sh) goes on where it stopped.
recipe6() {
  local prefix=$1 s=$2 robust=$3 eps=$4 base=""; shift 4
  if ! begun "$robust" || { [ "${ROBUST_ONLY:-0}" != 1 ] && ! begun "$prefix-standard6-s$s"; }; then
    run "$prefix-base-s$s" --mode standard --epochs 3 --lr 0.001 --seed "$s" "$@"
    base=$(newest_checkpoint "$prefix-base-s$s")
  fi
  if [ "${STANDARD_FIRST:-0}" = 1 ]; then
    run "$prefix-standard6-s$s" --mode standard --epochs 6 --lr 0.0005 --seed "$s" --init-from "$base" "$@"
  fi
  run "$robust" --mode adversarial --eps "$eps" --pgd-steps 3 --eps-warmup-epochs 0.5 --epochs 6 --lr 0.0005 \
    --seed "$s" --init-from "$base" "$@"
  if [ "${ROBUST_ONLY:-0}" = 1 ] || [ "${STANDARD_FIRST:-0}" = 1 ]; then return; fi
  run "$prefix-standard6-s$s" --mode standard --epochs 6 --lr 0.0005 --seed "$s" --init-from "$base" "$@"
}

# side_by_side LOG SEED FUNC PREFIX:WORLD...: `FUNC PREFIX SEED WORLD` (a function of this file) for
# each world, side by side, one thread each (two for a single one). Each is a process group of its own,
# so that a stop (Ctrl-C, SIGTERM) reaches its java, which checkpoints. Variables the caller sets on the
# call (EPS=... side_by_side ...) reach FUNC. Logs: results/train/campaign-PREFIX{LOG}-sSEED.log.
side_by_side() {
  local log=$1 s=$2 fn=$3 spec threads=1 failed=0 p
  shift 3
  pids=()
  if [ $# = 1 ]; then threads=2; fi
  # `|| true`: under set -e a failed kill (a run that already finished) would end the handler before
  # it reached the runs still training.
  trap 'for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; wait; exit 143' INT TERM
  for spec in "$@"; do
    THREADS=$threads setsid bash -c 'set -euo pipefail; . docs/campaigns/run.sh; "$@"' _ "$fn" "${spec%%:*}" "$s" \
      "${spec#*:}" > "results/train/campaign-${spec%%:*}$log-s$s.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  trap - INT TERM
  if [ "$failed" = 1 ]; then echo "a training failed: see results/train/campaign-*$log-s$s.log" >&2; return 1; fi
}

# priors_side_by_side SEED NAME:WORLD...: the priors recipe of attempts 5-9 (recipe6 at 96 px, width 32,
# Adam, 30,000 images per epoch, 500 held out; each standard control before its robust model) for each
# NAME on WORLD, side by side (side_by_side). EPS sets the robust models' radius (1.0 unless set) and
# ROBUST_TAG is put into their names (NAME-robust6TAG-sSEED), so that another radius trains models of
# its own beside the same bases and standard controls (priors attempt 8).
# Logs: results/train/campaign-NAME[TAG]-sSEED.log.
priors_side_by_side() {
  local s=$1
  shift
  STANDARD_FIRST=1 side_by_side "${ROBUST_TAG:-}" "$s" priors_world6 "$@"
}
priors_world6() {
  recipe6 "$1" "$2" "$1-robust6${ROBUST_TAG:-}-s$2" "${EPS:-1.0}" --world "$3" --input-size 96 --width 32 \
    --train-size 30000 --eval-size 500 --optimizer adam
}

# priors_longer SEED PREFIX:WORLD...: priors attempt 10 (docs/training.md) for each world, side by side
# (side_by_side; logs results/train/campaign-PREFIX-12-sSEED.log). A world's pipeline (priors_world12):
# attempt 9's 6-epoch models where they are still needed (a 3-epoch standard base, then
# PREFIX-standard6-sSEED and PREFIX-robust6-eps1.29-sSEED from it, the robust one at EPS with 3 PGD steps
# and eps warm-up 0.5 epochs), then each trained for 6 more epochs from its newest checkpoint, a warm
# restart of the same schedule (lr 0.0005; the robust one at EPS from the start, no warm-up):
# PREFIX-robust12-eps1.29-sSEED and PREFIX-standard12-sSEED. A run that has begun is resumed and needs
# nothing it started from, so a carry may drop what it began from. Each standard run goes first, then
# its continuation, then the robust ones: a session that ends midway then carries fewer checkpoints.
# BASE_THREADS, STANDARD6_THREADS and ROBUST6_THREADS set the 6-epoch stage's thread counts, and
# ROBUST12_THREADS the robust continuation's (the world's otherwise): a run retrained with the thread
# count it was first trained with can come out bit-identical, while another count changes the order of
# float sums, and training can amplify that into another model.
priors_longer() {
  local s=$1
  shift
  side_by_side -12 "$s" priors_world12 "$@"
}
priors_world12() {
  local p=$1 s=$2 w=$3 eps=${EPS:-1.2857} need_r6=0 need_st6=0
  local common=(--seed "$s" --world "$w" --input-size 96 --width 32 --train-size 30000 --eval-size 500 --optimizer adam)
  local r6=$p-robust6-eps1.29-s$s st6=$p-standard6-s$s r12=$p-robust12-eps1.29-s$s st12=$p-standard12-s$s
  begun "$r12" || [ -d "results/train/$r6/model" ] || need_r6=1
  begun "$st12" || [ -d "results/train/$st6/model" ] || need_st6=1
  if { [ $need_r6 = 1 ] && ! begun "$r6"; } || { [ $need_st6 = 1 ] && ! begun "$st6"; }; then
    THREADS=${BASE_THREADS:-$THREADS} run "$p-base-s$s" --mode standard --epochs 3 --lr 0.001 "${common[@]}"
  fi
  if [ $need_st6 = 1 ]; then
    THREADS=${STANDARD6_THREADS:-$THREADS} run_from "$st6" "$p-base-s$s" --mode standard --epochs 6 --lr 0.0005 "${common[@]}"
  fi
  run_from "$st12" "$st6" --mode standard --epochs 6 --lr 0.0005 "${common[@]}"
  if [ $need_r6 = 1 ]; then
    THREADS=${ROBUST6_THREADS:-$THREADS} run_from "$r6" "$p-base-s$s" --mode adversarial --eps "$eps" --pgd-steps 3 \
      --eps-warmup-epochs 0.5 --epochs 6 --lr 0.0005 "${common[@]}"
  fi
  THREADS=${ROBUST12_THREADS:-$THREADS} run_from "$r12" "$r6" --mode adversarial --eps "$eps" --pgd-steps 3 --epochs 6 \
    --lr 0.0005 "${common[@]}"
}

# priors_data SEED PREFIX:WORLD...: priors attempt 11 (docs/training.md) for each world, side by side
# (side_by_side; logs results/train/campaign-PREFIX-n180k-sSEED.log). A world's pipeline
# (priors_world_n180k) is attempt 9's recipe at attempt 9's numbers of steps on six times as many
# distinct images: a base PREFIX-n180k-base-sSEED (90,000 images, one epoch: 1,406 steps), then from its
# last checkpoint the standard control PREFIX-n180k-standard-sSEED and PREFIX-n180k-robust-eps1.29-sSEED
# (180,000 images, one epoch: 2,812 steps; L2 PGD at eps 1.2857, 3 steps, eps warm-up over 234 steps),
# the standard one first. The base is trained only while a continuation still has to start from it.
priors_data() {
  local s=$1
  shift
  side_by_side -n180k "$s" priors_world_n180k "$@"
}
priors_world_n180k() {
  local p=$1-n180k s=$2 w=$3
  local common=(--seed "$s" --world "$w" --input-size 96 --width 32 --eval-size 500 --optimizer adam)
  local st=$p-standard-s$s r=$p-robust-eps1.29-s$s
  if ! begun "$st" || ! begun "$r"; then
    run "$p-base-s$s" --mode standard --epochs 1 --train-size 90000 --lr 0.001 "${common[@]}"
  fi
  run_from "$st" "$p-base-s$s" --mode standard --epochs 1 --train-size 180000 --lr 0.0005 "${common[@]}"
  run_from "$r" "$p-base-s$s" --mode adversarial --eps 1.2857 --pgd-steps 3 --eps-warmup-epochs 0.0832 --epochs 1 \
    --train-size 180000 --lr 0.0005 "${common[@]}"
}

# newest_checkpoint RUN: the newest checkpoint of results/train/RUN (what --resume and --init-from read).
newest_checkpoint() { ls "results/train/$1"/checkpoints/step-*.ckpt | tail -1; }

# priors_protocol SEED OUT RUN...: links each results/train/RUN-sSEED/model as results/models/RUN-sSEED
# and runs the Rubin protocol on them (faces robust, objects robust, faces standard, objects standard).
# FIGURE="K=V ..." runs it on another Rubin figure (rubin --param K=V for each); THREADS=N sets its
# TensorFlow threads (rubin's default otherwise; recorded in the run's config).
priors_protocol() {
  local s=$1 out=$2 n kv models=() figure=()
  shift 2
  mkdir -p results/models
  for n in "$@"; do
    ln -sfn "../train/$n-s$s/model" "results/models/$n-s$s"
    models+=("results/models/$n-s$s")
  done
  for kv in ${FIGURE:-}; do figure+=(--param "$kv"); done
  if [ -n "${THREADS:-}" ]; then figure+=(--threads "$THREADS"); fi
  ./jbang rubin --models "$(IFS=,; echo "${models[*]}")" "${figure[@]}" --out "$out"
}

# keep_tables RUN NAME: keeps a finished Rubin run's small tables (results/rubin/RUN, not tracked in git) in
# docs/results/NAME, and its figure as docs/figures/NAME.png, with a README saying where they came from.
# Measurements, time courses, per-model images and plots stay behind: the run's command remakes them.
# Tables kept before are never replaced.
keep_tables() {
  local run=results/rubin/$1 dest=docs/results/$2 fig=docs/figures/$2.png f
  for f in decision.csv shifts.csv provenance.json config.json figure.png; do
    [ -f "$run/$f" ] || { echo "keep_tables: $run has no $f; is the run finished?" >&2; return 1; }
  done
  if [ -e "$dest" ] || [ -e "$fig" ]; then
    echo "keep_tables: $dest or $fig exists already; kept tables are not replaced (choose another NAME)" >&2
    return 1
  fi
  rm -rf "$dest.partial" && mkdir -p "$dest.partial" docs/figures
  for f in decision.csv shifts.csv comparison.csv effects.csv probes.csv specificity.csv config.json provenance.json; do
    [ ! -f "$run/$f" ] || cp "$run/$f" "$dest.partial/"
  done
  cp "$run"/*.provenance.txt "$dest.partial/" 2>/dev/null || true
  cat > "$dest.partial/README.md" <<README
# The Rubin protocol's tables of \`$run\`

Copied on $(date -u +"%Y-%m-%d %H:%M UTC") by \`keep_tables $1 $2\` (docs/campaigns/run.sh), because run folders
are not tracked in git. \`provenance.json\` records the command line, the commit, the CPU and each model's
sha256; \`config.json\` the run's full config. \`decision.csv\` holds the pre-registered cells
(docs/rubin-protocol.md), \`shifts.csv\` every pair, condition, polarity and probe. The figure is
\`$fig\`. \`measurements.csv\`, \`timecourses.csv\`, the per-model images and the plots are not
copied; the same command remakes them, given the models.
README
  cp "$run/figure.png" "$fig.partial" && mv "$fig.partial" "$fig" && mv "$dest.partial" "$dest"
  echo "kept $run as $dest and $fig"
}

# missing_models SEED RUN...: true when some results/train/RUN-sSEED has no model yet (a campaign then
# trains that world too).
missing_models() {
  local s=$1 n
  shift
  for n in "$@"; do [ -d "results/train/$n-s$s/model" ] || return 0; done
  return 1
}

# campaign_setup: what a campaign carried across sessions does first: unpack what an earlier session
# carried (carry.sh), and build train once before two trainings start (two JBang builds of one
# script race on its cache folder; the second fails with FileNotFoundException on a class file).
campaign_setup() {
  bash docs/campaigns/carry.sh restore
  mkdir -p results/train results/models
  ./jbang build scripts/train.java
}
