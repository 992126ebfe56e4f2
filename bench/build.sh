#!/usr/bin/env bash
# bench/build.sh: build the benchmark programs, out/bench/throughput and
# out/bench/maps (the Makefile's bench target, linked with the oracle
# c-archive ./build.sh builds).
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory -s -j"$(nproc)" bench
echo "bench/build.sh: built out/bench/throughput, out/bench/maps" >&2
