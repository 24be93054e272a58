#!/usr/bin/env bash
# postgres.sh starts a PostgreSQL server for dyad's store tests on
# 127.0.0.1:5432, installing Debian's postgresql package if it is missing,
# and creates the database dyad_test. It prints one line on standard output,
#
#   export DYAD_TEST_POSTGRES=postgres://...
#
# so that callers can run: eval "$(bash scripts/postgres.sh)".
# Everything else goes to standard error. It must run as root (CI and the
# development machines do); the server runs as the postgres user.
set -euo pipefail

PORT=5432
DB=dyad_test
PASSWORD=dyad
DATA=${DYAD_PG_DATA:-/tmp/dyad-postgres}

log() { echo "postgres.sh: $*" >&2; }

pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pgbin)" ]; then
	log "installing PostgreSQL from Debian's packages"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2
	apt-get install -y --no-install-recommends postgresql >&2
fi
BIN=$(pgbin)
if [ -z "$BIN" ]; then
	log "no PostgreSQL binaries under /usr/lib/postgresql after installing"
	exit 1
fi
as_postgres() { runuser -u postgres -- "$@"; }

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
	log "a server is already running on 127.0.0.1:$PORT"
else
	if [ ! -f "$DATA/PG_VERSION" ]; then
		log "creating a cluster in $DATA"
		mkdir -p "$DATA"
		chown postgres:postgres "$DATA"
		chmod 700 "$DATA"
		pwfile=$(mktemp)
		echo "$PASSWORD" >"$pwfile"
		chown postgres "$pwfile"
		as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >&2
		rm -f "$pwfile"
	fi
	log "starting the server on 127.0.0.1:$PORT"
	# Tests favour speed over durability: a crashed test database is
	# recreated, never recovered.
	as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $PORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2
fi

psql_admin() {
	# The socket of a cluster we started is in /tmp; a packaged one uses
	# /var/run/postgresql.
	as_postgres "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -d postgres "$@" 2>/dev/null ||
		as_postgres "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@"
}
# A packaged cluster asks for passwords over TCP: give postgres a known one.
psql_admin -c "ALTER USER postgres PASSWORD '$PASSWORD'" >&2
if [ "$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
	log "creating database $DB"
	psql_admin -c "CREATE DATABASE $DB" >&2
fi
echo "export DYAD_TEST_POSTGRES=postgres://postgres:$PASSWORD@127.0.0.1:$PORT/$DB?sslmode=disable"
