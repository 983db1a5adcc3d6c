#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store tests' PostgreSQL half (SPEC §14): initdb as
# the postgres user in DIR/data, listening only on a Unix socket in DIR (no TCP), fsync off.
# Prints the URL the tests read from INDUSTRY_MONITOR_TEST_PG; everything else goes to stderr.
#
#   export INDUSTRY_MONITOR_TEST_PG="$(scripts/pg-test-cluster.sh start /tmp/im-pg)"
#   scripts/pg-test-cluster.sh stop /tmp/im-pg     # stops the server, removes /tmp/im-pg
#
# Roles: postgres (superuser, trusted on the socket), im_password (password 'right-password',
# SCRAM, for the wrong-password tests; CREATEDB), im_reader (no privileges: tests grant them).
# As root the server runs as the postgres user; as anyone else it runs as that user.
# PG_BINDIR overrides where initdb, pg_ctl and psql are looked for.
set -euo pipefail

die() {
  echo "pg-test-cluster: $*" >&2
  exit 1
}

usage() {
  die "usage: $0 start DIR | stop DIR"
}

# The server's binaries: PG_BINDIR, else Debian's newest /usr/lib/postgresql/N/bin, else
# pg_config's (libpq-dev's pg_config may name a version whose server is not installed, hence
# the check for initdb), else initdb on PATH.
find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    [ -x "$PG_BINDIR/initdb" ] || die "PG_BINDIR=$PG_BINDIR has no initdb"
    echo "$PG_BINDIR"
    return
  fi
  local d
  d=$(for b in /usr/lib/postgresql/*/bin; do
    if [ -x "$b/initdb" ]; then echo "$b"; fi
  done | sort -V | tail -n 1)
  if [ -z "$d" ] && command -v pg_config >/dev/null; then
    d=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$d/initdb" ] || d=
  fi
  if [ -z "$d" ] && command -v initdb >/dev/null; then
    d=$(dirname "$(command -v initdb)")
  fi
  [ -n "$d" ] || die "no PostgreSQL server found (initdb, pg_ctl): install Debian's server with
  apt-get install --no-install-recommends postgresql
or set PG_BINDIR to the folder holding initdb and pg_ctl"
  for tool in pg_ctl psql; do
    [ -x "$d/$tool" ] || die "$d has initdb but no $tool: install the postgresql package"
  done
  echo "$d"
}

# Runs a command as the server's owner: the postgres user when we are root (the server
# refuses to run as root), else ourselves. From / so that a 0700 working folder (root's
# home) gives no "could not change directory" warnings.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Percent-encodes every byte but the unreserved ones (RFC 3986), so '/' becomes %2F.
percent_encode() {
  local s=$1 out= c i
  local LC_ALL=C
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  echo "$out"
}

# The marker that makes DIR ours, so `stop` never deletes a folder it did not create.
marker=.industry-monitor-pg-test-cluster

start() {
  local dir=$1 bindir
  bindir=$(find_bindir)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres user: install the postgresql package"
  fi
  dir=$(realpath -m "$dir")
  # The socket's path (DIR/.s.PGSQL.5432) must fit in sockaddr_un's 108 bytes.
  [ $(($(printf %s "$dir" | wc -c) + 14)) -le 107 ] \
    || die "$dir is too long for a Unix socket path: use a shorter one"
  # unix_socket_directories is a comma-separated list.
  case $dir in *,*) die "$dir has a comma, which PostgreSQL reads as a list of folders: use another" ;; esac
  if [ -e "$dir/$marker" ]; then
    die "$dir already holds a test cluster: stop it first with $0 stop $dir"
  fi
  [ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] || die "$dir is not empty: give a new or empty folder"
  mkdir -p "$dir"
  touch "$dir/$marker"
  chmod 755 "$dir"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
  as_owner test -w "$dir" \
    || die "the postgres user cannot write to $dir: make its parent folders traversable (chmod 755)"

  echo "pg-test-cluster: initdb $dir/data with $bindir" >&2
  # Locale C: byte-order collation, the same order as SQLite's BINARY. No fsync anywhere: the
  # cluster lives for one test run.
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --no-sync \
    --auth-local=trust --auth-host=reject >&2 \
    || die "initdb failed in $dir/data (see above)"
  # The first matching line wins: im_password needs its password, every other role is trusted.
  as_owner sh -c 'cat > "$1"' sh "$dir/data/pg_hba.conf" <<'EOF'
local all im_password scram-sha-256
local all all trust
EOF
  # In postgresql.conf rather than on pg_ctl's -o line, so any folder name works.
  local quoted=${dir//\'/\'\'}
  as_owner sh -c 'cat >> "$1"' sh "$dir/data/postgresql.conf" <<EOF

# pg-test-cluster.sh: a throwaway test cluster on a Unix socket, no TCP.
listen_addresses = ''
unix_socket_directories = '$quoted'
fsync = off
max_connections = 200
password_encryption = 'scram-sha-256'
EOF
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start >&2 \
    || die "the server did not start; its log: $dir/log
$(tail -n 20 "$dir/log" 2>/dev/null)"

  "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres -d postgres >&2 <<'EOF' \
    || die "creating the test roles failed (server log: $dir/log)"
CREATE ROLE im_password LOGIN PASSWORD 'right-password' CREATEDB;
CREATE ROLE im_reader LOGIN;
EOF
  echo "pg-test-cluster: running on socket $dir, log $dir/log" >&2
  echo "postgresql://postgres@$(percent_encode "$dir")/postgres"
}

stop() {
  local dir=$1 bindir status
  [ -e "$dir" ] || return 0
  dir=$(realpath "$dir")
  # An empty folder: a start that failed before it began (.ci/run's mktemp -d folder).
  if [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ]; then
    rmdir "$dir"
    return 0
  fi
  [ -e "$dir/$marker" ] || die "$dir was not made by $0 start: not touching it"
  if [ -e "$dir/data/PG_VERSION" ]; then
    bindir=$(find_bindir)
    status=0
    as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 || status=$?
    # 0: running; 3: not running; anything else: no usable data folder, nothing to stop.
    if [ "$status" -eq 0 ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 \
        || die "the server in $dir/data did not stop (log: $dir/log)"
    fi
  fi
  rm -rf "$dir"
}

[ $# -eq 2 ] || usage
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
