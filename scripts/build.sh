#!/bin/sh
# Builds dyad as one static binary (pure Go: no cgo, no libc), stamped with
# the commit it was built from. The Dockerfile runs this script, and so does
# .ci/run where no Docker engine is available, so both check the same build.
#
#   sh scripts/build.sh [OUTPUT] [COMMIT]
#
# OUTPUT defaults to ./dyad; COMMIT to $DYAD_COMMIT, then to git's HEAD when
# run in a clone, then to "unknown".
set -eu
out=${1:-dyad}
commit=${2:-${DYAD_COMMIT:-}}
if [ -z "$commit" ]; then
	commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
fi
CGO_ENABLED=0 go build -trimpath -buildvcs=false \
	-ldflags "-s -w -X main.commit=$commit" \
	-o "$out" ./cmd/dyad
