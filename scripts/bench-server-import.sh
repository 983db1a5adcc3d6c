#!/usr/bin/env bash
# Importing enterprise returns at scale into a server dataset (issue 17, SPEC §8, §14):
# `industry-monitor import` of the wide CSV files (one per period) into a PostgreSQL dataset
# that holds the register's catalogue but no returns, against `psql \copy` of the same rows
# (the 28 columns of enterprise_returns, as CSV) into a plain table with those columns (no
# key, no foreign key), in the same run: psql, ours, psql again; ratio = ours / mean(psql).
# Bar: ≤ 1.5 ×.
#
#   scripts/bench-server-import.sh SERVER_URL [CSV_DIR] [BIN] [REGISTER]
#
# SERVER_URL: a superuser address of a running cluster (scripts/pg-test-cluster.sh start DIR
# prints one); the script creates and drops the database im_bench_import there.
# CSV_DIR defaults to target/bench-data/returns-csv (scripts/bench-import-returns.sh makes
# it); BIN to target/release/industry-monitor (built first when absent); REGISTER to
# target/bench-data/returns-70k.imdb (`cargo run --release --example generate -- returns
# dataset OUT`), whose enterprises the files' returns are of.
set -euo pipefail
cd "$(dirname "$0")/.."
url=${1:?usage: $0 SERVER_URL [CSV_DIR] [BIN]}
dir=${2:-target/bench-data/returns-csv}
bin=${3:-target/release/industry-monitor}
[ -x "$bin" ] || cargo build --release -q --bin industry-monitor
mapfile -t files < <(ls "$dir"/企业月报*.csv | sort -V)
[ "${#files[@]}" -gt 0 ] || { echo "no 企业月报*.csv in $dir" >&2; exit 1; }
rows=$(($(cat "${files[@]}" | wc -l) - ${#files[@]}))
echo "${#files[@]} files, $rows return rows ($((rows * 6)) indicator values)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The same address with another database: replace the path's last segment.
db_url() { printf '%s' "${url%/*}/$1"; }
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$url" "$@"; }
target=$(db_url im_bench_import)

# The matching register without returns: the bench dataset (same generator, same credit
# codes) with its returns deleted, pushed into a fresh database before each import.
register=${4:-target/bench-data/returns-70k.imdb}
cp "$register" "$work/register.imdb"
sqlite3 "$work/register.imdb" "DELETE FROM enterprise_returns"
# A register made by an older version is upgraded first (push copies the current schema).
"$bin" check --dataset "$work/register.imdb" >/dev/null
fresh_dataset() {
  psql_admin -c "DROP DATABASE IF EXISTS im_bench_import" -c "CREATE DATABASE im_bench_import"
  "$bin" push --dataset "$work/register.imdb" --to "$target" >/dev/null
}

# Before each timed run, ours or psql's: the files written so far on disk and the server's
# dirty pages written out, so neither run pays for what the one before it left behind (a
# checkpoint started by the previous run's WAL, the kernel flushing the copied register),
# and the run's input read once, so both read it from memory (psql's CSV, just dumped, was
# in memory anyway; the 55 files may have been evicted by the gigabytes written since).
settle() {
  sync
  psql_admin -c "CHECKPOINT"
  cat "$@" >/dev/null
}

ours_time() {
  fresh_dataset
  settle "${files[@]}"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" import --into "$target" "${files[@]}" \
    >"$work/ours.log" 2>&1 || { tail -n 5 "$work/ours.log" >&2; return 1; }
  cat "$work/time"
}

psql_time() {
  psql -X -q -v ON_ERROR_STOP=1 "$target" \
    -c "DROP TABLE IF EXISTS plain" \
    -c "CREATE TABLE plain (LIKE enterprise_returns)"
  settle "$work/returns.csv"
  /usr/bin/time -f "%e" -o "$work/time" psql -X -q -v ON_ERROR_STOP=1 "$target" \
    -c "\\copy plain FROM '$work/returns.csv' WITH (FORMAT csv)"
  cat "$work/time"
}

# Ours first (its rows, dumped, are what psql copies), then psql, ours again, psql again.
read -r o1 o_kb < <(ours_time)
psql -X -q "$target" -c "\\copy enterprise_returns TO '$work/returns.csv' WITH (FORMAT csv)"
n=$(wc -l <"$work/returns.csv")
echo "industry-monitor import: $o1 s, peak memory $((o_kb / 1024)) MB; $n rows in enterprise_returns"
p1=$(psql_time)
echo "psql \\copy into a plain table: $p1 s ($(du -m "$work/returns.csv" | cut -f1) MB of CSV)"
read -r o2 _ < <(ours_time)
echo "industry-monitor import again: $o2 s"
p2=$(psql_time)
echo "psql \\copy again: $p2 s"
awk -v a="$o1" -v b="$o2" -v c="$p1" -v d="$p2" \
  'BEGIN { printf "ratio (ours / psql, means): %.2f × (bar ≤ 1.5)\n", (a + b) / (c + d) }'
psql_admin -c "DROP DATABASE im_bench_import"
