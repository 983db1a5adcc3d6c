#!/usr/bin/env bash
# Window to first frame, as a user sees it: from starting the release binary on the sample
# to its window becoming visible under Xvfb (eframe keeps the window hidden until the first
# frame is painted), with Mesa's software renderer. Five runs, each with a fresh settings
# folder; prints every run and the median.
#
#   scripts/measure-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=$PWD/target/release/industry-monitor
work=$(mktemp -d)
xpid=""
apid=""
cleanup() {
  [ -n "$apid" ] && kill "$apid" 2>/dev/null || true
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$bin" sample "$work/sample.imdb" >/dev/null

disp=":$((250 + RANDOM % 50))"
Xvfb "$disp" -screen 0 1400x900x24 >/dev/null 2>&1 & xpid=$!
sleep 1
times=()
for run in 1 2 3 4 5; do
  home="$work/home$run"
  mkdir -p "$home"
  start=$(date +%s%N)
  HOME=$home DISPLAY=$disp "$bin" "$work/sample.imdb" >"$work/app.log" 2>&1 & apid=$!
  # Polled every few milliseconds (xdotool's own --sync waits half a second between looks).
  end=""
  for _ in $(seq 1 4000); do
    if DISPLAY=$disp xdotool search --onlyvisible --name "Industry Monitor" >/dev/null 2>&1; then
      end=$(date +%s%N)
      break
    fi
    sleep 0.005
  done
  if [ -z "$end" ]; then
    echo "measure-startup: no window within 20 s:" >&2
    tail -n 20 "$work/app.log" >&2
    exit 1
  fi
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $run: window visible after $ms ms"
  kill "$apid"; wait "$apid" 2>/dev/null || true
  apid=""
  sleep 0.5
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "median: $median ms from start to the first frame on screen"
