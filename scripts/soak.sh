#!/usr/bin/env bash
# soak.sh is dyad's bounded load test on loopback (docs/reliability.md):
# it builds dyad and a synthetic store, starts `dyad serve`, keeps 24 wide
# alert and series requests in flight for ATTACK_DURATION (the probe's
# memory attack), then runs DURATION of mixed reads and writes from many
# client addresses, sampling the server's memory, and prints both reports.
#
#   bash scripts/soak.sh                        # 1 min attack, 10 min soak
#   DURATION=1m ATTACK_DURATION=20s bash scripts/soak.sh
#   DYAD_BIN=/path/to/old/dyad SOAK=0 bash scripts/soak.sh   # the attack against another build
#
# Everything is kept in SOAK_DIR (default /tmp/dyad-soak); the store is
# built once (EVENTS events, default 50,000). It is not run by go test or CI.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10m}
ATTACK_DURATION=${ATTACK_DURATION:-1m}
WORK=${SOAK_DIR:-/tmp/dyad-soak}
PORT=${PORT:-8090}
EVENTS=${EVENTS:-50000}
mkdir -p "$WORK"

go build -o "$WORK/soak" ./scripts/soak
BIN=${DYAD_BIN:-}
if [ -z "$BIN" ]; then
	go build -o "$WORK/dyad" ./cmd/dyad
	BIN=$WORK/dyad
fi
if [ ! -f "$WORK/soak.db" ]; then
	"$WORK/soak" -build "$WORK/soak.db" -events "$EVENTS"
fi
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/token"

pid=
stop() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=
	fi
}
trap stop EXIT
# start runs dyad serve on the soak store with the given extra flags and
# waits until it answers.
start() {
	"$BIN" serve --db "$WORK/soak.db" --addr "127.0.0.1:$PORT" "$@" >>"$WORK/serve.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 300); do
		if curl -fsS "http://127.0.0.1:$PORT/api/stats" >/dev/null 2>&1; then
			break
		fi
		sleep 0.2
	done
	echo "soak.sh: dyad serve (pid $pid) on 127.0.0.1:$PORT; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

# The attack, on a read-only server (no coder loaded), as the probe ran it.
start
"$WORK/soak" -url "http://127.0.0.1:$PORT" -pid "$pid" -attack 24 -duration "$ATTACK_DURATION" -out "$WORK/attack.md"
stop

if [ "${SOAK:-1}" = 1 ]; then
	# Forwarded addresses come through 127.0.0.1; the rates are raised so
	# that the soak measures the server, not the limiter (the limiter's
	# own tests are in api/guard_test.go). The token loads the coder for
	# the writes.
	start --token-file "$WORK/token" --trusted-proxy 127.0.0.1 --rate 50 --burst 100 --total-rate 2000 --total-burst 4000
	echo
	"$WORK/soak" -url "http://127.0.0.1:$PORT" -pid "$pid" -duration "$DURATION" -rps "${RPS:-100}" -token-file "$WORK/token" -out "$WORK/soak.md"
fi
