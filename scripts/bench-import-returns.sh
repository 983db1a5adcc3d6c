#!/usr/bin/env bash
# Importing enterprise returns at scale (SPEC §8, §9): the sqlite3 shell's `.import` of the
# wide CSV files (one per period, 企业月报2024年1-4月.csv) into a plain table, and — once the
# returns importer is in — `industry-monitor import` of the same files into a new dataset,
# timed in the same run, with the ratio (bar: ≤ 1.0 × sqlite3) and peak memory of each.
#
#   scripts/bench-import-returns.sh [CSV_DIR] [ENTERPRISES YEARS]
#
# CSV_DIR defaults to target/bench-data/returns-csv (generated when absent: 70,000
# enterprises × 5 years × 11 periods, 55 files); pass ENTERPRISES and YEARS for a smaller run.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/bench-data/returns-csv}
enterprises=${2:-70000}
years=${3:-5}
cargo build --release -q --example generate
cargo build --release -q
gen=target/release/examples/generate
bin=target/release/industry-monitor

if ! ls "$dir"/企业月报*.csv >/dev/null 2>&1; then
  /usr/bin/time -f "generation: %e s, peak memory %M KB" \
    "$gen" returns csv "$dir" "$enterprises" "$years"
fi
mapfile -t files < <(ls "$dir"/企业月报*.csv | sort -V)
rows=$(($(cat "${files[@]}" | wc -l) - ${#files[@]}))
mb=$(stat -c %s "${files[@]}" | awk '{ s += $1 } END { printf "%.0f", s / 1e6 }')
echo "${#files[@]} files, $rows return rows, $mb MB"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# sqlite3: the first file's header names the columns of a new table; the others skip theirs.
{
  echo ".import --csv ${files[0]} t"
  for f in "${files[@]:1}"; do echo ".import --csv --skip 1 $f t"; done
} >"$work/import.sql"
sqlite_time() {
  rm -f "$work/plain.db"
  /usr/bin/time -f "%e %M" -o "$work/time" sqlite3 "$work/plain.db" <"$work/import.sql"
  cat "$work/time"
}
read -r s_sec s_kb < <(sqlite_time)
s_rows=$(sqlite3 "$work/plain.db" "SELECT COUNT(*) FROM t")
echo "sqlite3 .import: $s_sec s, $s_rows rows, peak memory $((s_kb / 1024)) MB, $(stat -c %s "$work/plain.db" | awk '{ printf "%.0f", $1 / 1e6 }') MB"

# ----------------------------------------------------------------------------------------
# OUR IMPORT — pending until the returns importer (helper rimport) is merged: until then the
# CLI refuses these files and this step says so instead of printing a ratio.
# ----------------------------------------------------------------------------------------
ours_time() {
  rm -f "$work/ours.imdb"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" import --into "$work/ours.imdb" \
    --home 黑龙江省 "${files[@]}" >"$work/ours.log" 2>&1 || return 1
  cat "$work/time"
}
if out=$(ours_time); then
  read -r o_sec o_kb <<<"$out"
  # Again sqlite3, so both ran under the same load; the ratio takes the mean of its two runs.
  read -r s2_sec _ < <(sqlite_time)
  ratio=$(awk -v o="$o_sec" -v a="$s_sec" -v b="$s2_sec" 'BEGIN { printf "%.2f", o / ((a + b) / 2) }')
  echo "industry-monitor import: $o_sec s, peak memory $((o_kb / 1024)) MB, $(stat -c %s "$work/ours.imdb" | awk '{ printf "%.0f", $1 / 1e6 }') MB"
  echo "sqlite3 .import again: $s2_sec s"
  echo "ratio (ours / sqlite3): $ratio × (bar ≤ 1.0)"
else
  echo "industry-monitor import: PENDING — the CLI did not import the returns files:"
  grep -v '^\s*$' "$work/ours.log" | head -n 5 | sed 's/^/  /'
fi
