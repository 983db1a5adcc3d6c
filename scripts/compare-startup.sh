#!/usr/bin/env bash
# Start-up and memory of the app against a bare eframe window (scripts/baseline_window.rs:
# eframe 0.37, one egui_plot line, the same eframe features, shown the same way), side by
# side in one run under one Xvfb with Mesa's software renderer.
#
# For each program, RUNS runs (default 7), alternating the two so both see the same load;
# each run has a fresh settings folder. Measured per run:
#   - time to a visible window: from the start of the process until xdotool sees its window
#     mapped (eframe maps the window after the first frame is painted), polled every 5 ms
#     the way scripts/measure-startup.sh does;
#   - peak RSS: VmHWM of the process SETTLE seconds (default 3) after its window showed.
# Prints each run, the medians and the ratios app/baseline.
#
#   scripts/compare-startup.sh            # builds both (release) first
#   NO_BUILD=1 RUNS=9 scripts/compare-startup.sh
#   NO_BUILD=1 APP_BIN=/tmp/old-industry-monitor scripts/compare-startup.sh   # another build
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
SETTLE=${SETTLE:-3}
if [ -z "${NO_BUILD:-}" ]; then
  # Both binaries, with the same dependency features.
  cargo build --release -q --bins --features baseline
fi
app=${APP_BIN:-$PWD/target/release/industry-monitor}
base=${BASE_BIN:-$PWD/target/release/baseline-window}
work=$(mktemp -d)
xpid=""
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$app" sample "$work/sample.imdb" >/dev/null

# A display of our own, far from the usual ones (others may run Xvfb on this machine too),
# started again if it goes away between runs.
start_x() {
  for _ in $(seq 1 50); do
    n=$((500 + RANDOM % 400))
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
    Xvfb ":$n" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
    sleep 1
    if kill -0 "$xpid" 2>/dev/null; then disp=":$n"; return 0; fi
  done
  echo "compare-startup: could not start Xvfb" >&2
  exit 1
}
start_x

# run NAME TITLE CMD... → sets ms and kb
run() {
  local name=$1 title=$2; shift 2
  kill -0 "$xpid" 2>/dev/null || { echo "compare-startup: Xvfb went away, starting another" >&2; start_x; }
  local home="$work/home-$name-$RANDOM"
  mkdir -p "$home"
  local start end=""
  start=$(date +%s%N)
  HOME=$home DISPLAY=$disp "$@" >"$work/$name.log" 2>&1 & pid=$!
  for _ in $(seq 1 4000); do
    # This process's window only (_NET_WM_PID): another program started on this display
    # by someone else must not count.
    if DISPLAY=$disp xdotool search --onlyvisible --pid "$pid" --name "$title" >/dev/null 2>&1; then
      end=$(date +%s%N)
      break
    fi
    sleep 0.005
  done
  if [ -z "$end" ]; then
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    # The display went away under us (someone else's Xvfb handling): once more on a new one.
    if [ -z "${retrying:-}" ] && { ! kill -0 "$xpid" 2>/dev/null || grep -q XOpenDisplayFailed "$work/$name.log"; }; then
      echo "compare-startup: the display went away during a run of $name; running it again" >&2
      kill "$xpid" 2>/dev/null || true
      start_x
      retrying=1 run "$name" "$title" "$@"
      return
    fi
    echo "compare-startup: $name showed no window within 20 s:" >&2
    tail -n 20 "$work/$name.log" >&2
    exit 1
  fi
  sleep "$SETTLE"
  kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=""
  sleep 0.5
  ms=$(( (end - start) / 1000000 ))
}

ms=0; kb=0
app_ms=(); app_kb=(); base_ms=(); base_kb=()
for i in $(seq 1 "$RUNS"); do
  run baseline "Baseline window" "$base"
  base_ms+=("$ms"); base_kb+=("$kb")
  b="$ms ms $((kb / 1024)) MB"
  run app "Industry Monitor" "$app" "$work/sample.imdb"
  app_ms+=("$ms"); app_kb+=("$kb")
  echo "run $i: baseline $b | app $ms ms $((kb / 1024)) MB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
bm=$(median "${base_ms[@]}"); am=$(median "${app_ms[@]}")
bk=$(median "${base_kb[@]}"); ak=$(median "${app_kb[@]}")
echo "median time to a visible window: baseline $bm ms, app $am ms"
echo "median peak RSS:                 baseline $((${bk%.*} / 1024)) MB, app $((${ak%.*} / 1024)) MB"
awk -v am="$am" -v bm="$bm" -v ak="$ak" -v bk="$bk" \
  'BEGIN { printf "ratios app/baseline: start-up %.2f×, peak RSS %.2f×\n", am / bm, ak / bk }'
