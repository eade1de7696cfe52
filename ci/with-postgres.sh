#!/usr/bin/env bash
# Runs CMD... with a throw-away PostgreSQL cluster: initdb in a temporary directory as an
# unprivileged user, started on a free loopback port, TAMGA_TEST_PG exported for the tests,
# and stopped and removed on exit whatever happens.
#   ci/with-postgres.sh cargo test --workspace
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 CMD..." >&2; exit 2; }

bindir=""
if command -v initdb >/dev/null; then
  bindir="$(dirname "$(command -v initdb)")"
else
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && bindir="$d"
  done
fi
[ -n "$bindir" ] || { echo "initdb not found: install PostgreSQL (apt-get install postgresql)" >&2; exit 1; }

dir="$(mktemp -d /tmp/tamga-pg.XXXXXX)"
chmod 755 "$dir"
# initdb refuses to run as root: the cluster belongs to an unprivileged user then.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  user="tamga-pg"
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  chown "$user" "$dir"
  as_user=(runuser -u "$user" --)
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cleanup() {
  "${as_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"${as_user[@]}" "$bindir/initdb" -D "$dir/data" -U tamga --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# Enough connections for parallel tests (each opens a few); fsync off: the cluster is thrown away.
"${as_user[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export TAMGA_TEST_PG="postgres://tamga@127.0.0.1:$port/postgres"
echo "with-postgres: $("$bindir/postgres" --version) on 127.0.0.1:$port" >&2
set +e
"$@"
status=$?
set -e
exit $status
