#!/usr/bin/env bash
# bench/build.sh [oracle]: build the benchmark programs into out/bench/
# (with "oracle": only out/bench/oracle/libmdoracle.a).
#
# Uses the sources and flags of ./build.sh (read from it, so they stay in
# step): its CWARN and HARNESS lists, gcc -O2 -g like build_cli, and its own
# copy of the oracle c-archive (oracle/, bench.go included) so that a
# concurrent ./build.sh never races with it.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=out/bench
export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=1
eval "$(grep -E '^(CWARN|HARNESS)\+?=' build.sh)"
mkdir -p "$OUT/oracle"

(cd oracle && go build -buildmode=c-archive -o "../$OUT/oracle/libmdoracle.a" .)
[ "${1:-}" = oracle ] && exit 0
LIB=("$OUT/oracle/libmdoracle.a" -lpthread -lm)
gcc "${CWARN[@]}" -O2 -g "${HARNESS[@]}" impl/*.c bench/throughput.c "${LIB[@]}" -o "$OUT/throughput"
gcc "${CWARN[@]}" -O2 -g impl/*.c bench/maps.c "${LIB[@]}" -o "$OUT/maps"
echo "bench/build.sh: built $OUT/throughput, $OUT/maps" >&2
