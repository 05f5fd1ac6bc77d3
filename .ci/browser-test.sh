#!/usr/bin/env bash
# Opens report.html files in headless Chromium with networking off and checks what a reader would see:
# the page renders (a screenshot that is not blank), the DOM has the report's headings and embedded
# images, and the console shows no error. Usage: .ci/browser-test.sh RUN_DIR/report.html ...
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
browser() {
  # No network: a proxy to a closed port, every host name unresolvable, no background services.
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --disable-default-apps --mute-audio \
    --user-data-dir="$(mktemp -d -p "$work")" --proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND" \
    --enable-logging=stderr --v=0 "$@"
}
for page in "$@"; do
  test -s "$page" || { echo "browser test: $page is missing" >&2; exit 1; }
  url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
  name=$(basename "$(dirname "$page")")
  browser --dump-dom "$url" >"$work/$name.dom" 2>"$work/$name.dom.log" || { cat "$work/$name.dom.log" >&2; exit 1; }
  browser --window-size=1280,2400 --screenshot="$work/$name.png" "$url" >/dev/null 2>"$work/$name.shot.log" \
    || { cat "$work/$name.shot.log" >&2; exit 1; }
  for h in Methods Provenance "Stimuli and figures" Plots Tables Files; do
    grep -q "<h2 id=\"[a-z]*\">$h</h2>" "$work/$name.dom" || { echo "browser test: $page has no heading '$h'" >&2; exit 1; }
  done
  imgs=$(grep -o '<img src="data:image/png;base64,' "$work/$name.dom" | wc -l)
  other=$(grep -o '<img [^>]*src="[^d][^"]*"' "$work/$name.dom" | wc -l || true)
  [ "$imgs" -ge 2 ] && [ "$other" -eq 0 ] || { echo "browser test: $page has $imgs embedded images and $other others" >&2; exit 1; }
  if grep -E "ERROR:CONSOLE|Uncaught|Refused to|net::ERR_" "$work/$name.dom.log" "$work/$name.shot.log"; then
    echo "browser test: $page logged errors in the browser console (above)" >&2; exit 1
  fi
  # Not blank: a blank 1280x2400 page compresses to a few kB; the report's pictures, plots and text do not.
  size=$(stat -c %s "$work/$name.png")
  [ "$size" -gt 30000 ] || { echo "browser test: the screenshot of $page looks blank ($size bytes)" >&2; exit 1; }
  echo "browser test: $page: $imgs embedded images, headings present, no console errors, screenshot $size bytes"
done
