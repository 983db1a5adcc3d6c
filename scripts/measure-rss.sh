#!/usr/bin/env bash
# Peak memory (VmHWM) of the window under Xvfb: on the sample, and on a generated dataset of
# ≈1.5 million figures, after visiting every view (the Data view runs the data-quality
# checks over the whole dataset).
#
#   scripts/measure-rss.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
cargo build --release -q --example generate
bin=target/release/industry-monitor
work=$(mktemp -d)
trap 'kill ${apid:-} ${xpid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" sample "$work/sample.imdb" >/dev/null
target/release/examples/generate dataset "$work/large.imdb"

disp=":$((200 + RANDOM % 50))"
Xvfb "$disp" -screen 0 1400x900x24 >/dev/null 2>&1 & xpid=$!
sleep 1
measure() {
  local label=$1 dataset=$2
    HOME=$work DISPLAY=$disp LIBGL_ALWAYS_SOFTWARE=1 "$bin" "$dataset" >"$work/app.log" 2>&1 & apid=$!
  sleep 6
  if ! kill -0 "$apid" 2>/dev/null; then
    echo "measure-rss: the window exited at start ($label):" >&2
    tail -n 20 "$work/app.log" >&2
    return 1
  fi
  local start_kb
  start_kb=$(awk '/VmHWM/ {print $2}' "/proc/$apid/status")
    # Visit every tab (clicks on the tab row of a 1400×900 window), the Data view last.
  for x in 103 191 279 365 432; do
    DISPLAY=$disp xdotool mousemove "$x" 68 click 1 2>/dev/null || true
    sleep 2
  done
  sleep 4
  local peak_kb
  peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$apid/status")
  printf '%-34s after start %4d MB, peak after every view %4d MB\n' "$label" $((start_kb / 1024)) $((peak_kb / 1024))
  kill "$apid"; wait "$apid" 2>/dev/null || true
}
measure "sample (1,123 figures)" "$work/sample.imdb"
measure "generated (1,538,460 figures)" "$work/large.imdb"
