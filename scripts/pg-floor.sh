#!/usr/bin/env bash
# What a command costs the server itself (issue 17's "within 2x of a file" bar): runs the
# command once against the server with INDUSTRY_MONITOR_PG_TRACE, which writes every
# statement it sends (parameters as literals), then replays those statements with
# examples/pg_replay.rs: the same client library, login and protocol as the store, each run
# on a fresh connection as a command has, the rows read but not converted. The server
# answers a statement only after the client has sent it, and the client waits for the
# answer, so the command on a server takes about its own work plus this replay.
#
#   scripts/pg-floor.sh FILE.imdb postgres://USER@HOST/DB enterprises --json
#
# Prints, in ms: the command on the file and on the server (medians of RUNS runs each,
# alternating), the replay (median of RUNS runs) with its login, and the statements sent.
set -euo pipefail

[ $# -ge 3 ] || {
  echo "usage: $0 FILE.imdb SERVER_URL COMMAND [ARGS...]" >&2
  exit 2
}
file=$1
url=$2
shift 2
bin=target/release/industry-monitor
replay=target/release/examples/pg_replay
runs=${RUNS:-40}
cargo build --release --quiet --bin industry-monitor --example pg_replay

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
INDUSTRY_MONITOR_PG_TRACE="$work/trace.sql" "$bin" "$@" --dataset "$url" >/dev/null
replayed=$("$replay" "$url" "$work/trace.sql" "$runs")
floor=${replayed%% ms a run*}

python3 - "$runs" "$bin" "$file" "$url" "$floor" "$replayed" "$@" <<'EOF'
import statistics, subprocess, sys, time
runs, binary, file, url, floor, replayed = sys.argv[1:7]
args = sys.argv[7:]
runs = int(runs)
times = {file: [], url: []}
for _ in range(3):
    for d in times:
        subprocess.run([binary, *args, "--dataset", d], stdout=subprocess.DEVNULL)
for _ in range(runs):
    for d in times:
        t = time.perf_counter()
        subprocess.run([binary, *args, "--dataset", d], stdout=subprocess.DEVNULL, check=True)
        times[d].append((time.perf_counter() - t) * 1000)
f, s = statistics.median(times[file]), statistics.median(times[url])
print(f"command: {' '.join(args)}   ({runs} runs each, alternating; medians)")
print(f"file {f:.1f} ms, server {s:.1f} ms: {s / f:.2f}x")
print(f"replay of what it sent: {replayed}")
print(f"the replay alone is {float(floor) / f:.2f}x the file's whole command")
EOF
