#!/usr/bin/env bash
# Carries training runs from one work session to the next through git, on machines where only
# commits survive (results/ is not tracked, so a fresh checkout has no results/train). A campaign
# longer than a session packs its runs at the end of one session and unpacks them at the start of
# the next; run.sh then resumes or skips each run as if nothing had happened.
#   bash docs/campaigns/carry.sh save NAME[:model] ...   # results/train/NAME -> results/carry/NAME.tar.NN
#   bash docs/campaigns/carry.sh restore                  # every results/carry/NAME -> results/train/NAME
#   bash docs/campaigns/carry.sh list                     # what is carried, and its size
#   bash docs/campaigns/carry.sh submission-size [BASE]   # before stopping: the commits' diffs against the limit
# NAME packs the run folder with its newest checkpoint (what --resume and --init-from read);
# NAME:model leaves the checkpoints out (a finished run whose model is all that is still needed).
# Parts are at most 19 MB (no file over 20 MB in git); NAME.sha256 holds the whole archive's hash,
# checked before anything is unpacked. Restore never overwrites a run folder that exists.
set -euo pipefail
cd "$(dirname "$0")/../.."
results=${CARRY_RESULTS:-results}   # another results folder (CI round-trips a run through it)
carry=$results/carry
part=19m

die() { echo "carry: $*" >&2; exit 1; }

save() {
  [ $# -gt 0 ] || die "name the runs to carry, e.g. save faces96w32-base-s1 faces96w32-robust6-s1:model"
  mkdir -p "$carry"
  for arg in "$@"; do
    local name=${arg%%:*} what=full
    [ "$arg" != "$name" ] && what=${arg#*:}
    [ "$what" = full ] || [ "$what" = model ] || die "$arg: the suffix must be :model or nothing"
    local run=$results/train/$name
    [ -d "$run" ] || die "$run does not exist"
    local files=()
    while IFS= read -r f; do files+=("$f"); done < <(cd "$results/train" && find "$name" -path "$name/checkpoints" -prune -o -type f -print | grep -v '/\.train\.lock$' | sort)
    if [ "$what" = full ]; then
      local latest
      latest=$(ls "$run"/checkpoints/step-*.ckpt 2>/dev/null | tail -1) || true
      [ -n "$latest" ] || die "$run has no checkpoint to carry (use $name:model for a finished run)"
      files+=("$name/checkpoints/$(basename "$latest")")
    else
      [ -d "$run/model" ] || die "$run has no model; carry its checkpoint instead (drop :model)"
    fi
    local tmp
    tmp=$(mktemp -d "$carry/.save-$name.XXXX")
    tar -C "$results/train" --sort=name --owner=0 --group=0 --numeric-owner -cf "$tmp/$name.tar" "${files[@]}"
    (cd "$tmp" && sha256sum "$name.tar" > "$name.sha256" && split -b $part -d -a 2 "$name.tar" "$name.tar." && rm "$name.tar")
    rm -f "$carry/$name.tar."* "$carry/$name.sha256"
    mv "$tmp"/* "$carry/" && rmdir "$tmp"
    echo "carried $name ($what): $(du -ch "$carry/$name.tar."* | tail -1 | cut -f1) in $(ls "$carry/$name.tar."* | wc -l) part(s)"
  done
}

restore() {
  [ -d "$carry" ] || { echo "carry: nothing carried ($carry does not exist)"; return; }
  mkdir -p "$results/train"
  local carry_abs
  carry_abs=$(cd "$carry" && pwd)
  for sum in "$carry"/*.sha256; do
    [ -e "$sum" ] || { echo "carry: nothing carried"; return; }
    local name
    name=$(basename "$sum" .sha256)
    if [ -e "$results/train/$name" ]; then echo "$name: $results/train/$name exists, left as it is"; continue; fi
    local tmp
    tmp=$(mktemp -d "$results/train/.restore-$name.XXXX")
    cat "$carry/$name.tar."* > "$tmp/$name.tar"
    (cd "$tmp" && sha256sum -c --status "$carry_abs/$name.sha256") \
      || { rm -rf "$tmp"; die "$name: the carried parts do not match $sum (a part is missing or altered); nothing unpacked"; }
    tar -C "$tmp" -xf "$tmp/$name.tar" && rm "$tmp/$name.tar"
    mv "$tmp/$name" "$results/train/$name" && rmdir "$tmp"
    echo "restored $name"
  done
}

list() {
  [ -d "$carry" ] || { echo "nothing carried"; return; }
  for sum in "$carry"/*.sha256; do
    [ -e "$sum" ] || { echo "nothing carried"; return; }
    local name
    name=$(basename "$sum" .sha256)
    echo "$name $(du -ch "$carry/$name.tar."* | tail -1 | cut -f1)"
  done
}

# The workplace refuses a whole submission whose commits' diffs add up to more than 256 MiB, and a
# file replaced or removed counts with its old bytes as well as its new ones (session 19's carry,
# 143 MB replaced by 122 MB, was refused that way and its work lost). This adds, for every commit
# since BASE, the old and new size of each file it changes: an upper bound on what is counted.
submission_size() {
  local base=${1:-$(git reflog show --format=%H main 2>/dev/null | tail -1)}
  [ -n "$base" ] || die "name the commit the session started from: carry.sh submission-size BASE"
  git rev-parse -q --verify "$base^{commit}" >/dev/null || die "$base is not a commit"
  local limit=$((256 * 1024 * 1024)) bytes
  bytes=$(git rev-list --reverse "$base..HEAD" | while read -r c; do
      git diff-tree -r --no-commit-id --raw "$c" | awk '{print $3; print $4}'
    done | grep -v '^0*$' | git cat-file --batch-check='%(objectsize)' | awk '{s += $1} END {print s + 0}')
  echo "commits since $(git rev-parse --short "$base"): $((bytes / 1048576)) MiB of diffs at most (the limit is 256 MiB)"
  [ "$bytes" -le "$limit" ] || die "over the limit: carry less, or leave the old carry in place for the next session"
}

case "${1:-}" in
  save) shift; save "$@" ;;
  restore) restore ;;
  list) list ;;
  submission-size) shift; submission_size "$@" ;;
  *) die "usage: carry.sh save NAME[:model]... | restore | list | submission-size [BASE]" ;;
esac
