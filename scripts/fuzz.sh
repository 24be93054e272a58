#!/usr/bin/env bash
# fuzz.sh fuzzes every Fuzz target of the repository in turn, each for
# FUZZTIME (default 60s), and prints one summary line per target: its
# executions and the inputs that found new coverage (go test's "new
# interesting" count, with the corpus total). A failure leaves the input
# that caused it in the package's testdata/fuzz/TARGET/ directory, where
# `go test` runs it from then on as a seed: commit it with the fix.
#
#   bash scripts/fuzz.sh                  # 60 s per target
#   FUZZTIME=3s bash scripts/fuzz.sh      # what .ci/run does
#   bash scripts/fuzz.sh ./ingest         # the targets of some packages
#
# Exit status: non-zero if any target failed.
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZTIME=${FUZZTIME:-60s}
pkgs=("$@")
if [ ${#pkgs[@]} -eq 0 ]; then
	pkgs=(./...)
fi

failed=0
summary=()
while read -r pkg dir; do
	# The targets, read from the test files rather than by building each
	# package's tests to list them.
	targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u)
	for target in $targets; do
		log=$(mktemp)
		echo "fuzz.sh: $pkg $target for $FUZZTIME" >&2
		if go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" >"$log" 2>&1; then
			status=ok
		else
			status=FAIL
			failed=1
			grep -v '^fuzz: elapsed' "$log" | tail -n 30 >&2
		fi
		# The last progress line holds the totals.
		last=$(grep '^fuzz: elapsed' "$log" | tail -n 1)
		execs=$(sed -n 's/.*execs: \([0-9]*\).*/\1/p' <<<"$last")
		interesting=$(sed -n 's/.*new interesting: \([0-9]*\) (total: \([0-9]*\)).*/\1 (corpus \2)/p' <<<"$last")
		summary+=("$(printf '%-4s %-48s %-24s execs %-10s new interesting %s' "$status" "$pkg" "$target" "${execs:-0}" "${interesting:-0}")")
		rm -f "$log"
	done
done < <(go list -f '{{.ImportPath}} {{.Dir}}' "${pkgs[@]}")

printf '%s\n' "${summary[@]}"
exit $failed
