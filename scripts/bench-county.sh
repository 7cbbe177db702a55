#!/usr/bin/env bash
# `make bench-county`: a scratch PostgreSQL (Debian's postgresql-15) on a free loopback port, then
# the county benchmark (the hall-county-bench program, out of the hall program) against it, then the
# server stopped and its folder removed. $1 is hall-county-bench (or, as before, the hall program
# beside which it was built).
set -euo pipefail
bench=$(realpath "$1")
shift
[ "$(basename "$bench")" = hall ] && bench="$(dirname "$bench")/hall-county-bench"
[ -x "$bench" ] || { echo "bench-county: $bench is missing: swift build -c release --product hall-county-bench" >&2; exit 1; }
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "bench-county: $bin/initdb is missing: apt-get install postgresql-15" >&2; exit 1; }
dir=$(realpath -m .build/county-bench-pg)
rm -rf "$dir"
mkdir -p "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
as_owner "$bin/initdb" -D "$dir/data" -U county -A trust -E UTF8 --locale=C >/dev/null
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null
trap 'as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; rm -rf "$dir"' EXIT
"$bench" --postgres "postgres://county@127.0.0.1:$port/postgres?sslmode=disable" "$@"
