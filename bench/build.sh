#!/usr/bin/env bash
# bench/build.sh: build the benchmark programs, out/bench/throughput and
# out/bench/maps (the Makefile's bench target, linked with the oracle
# c-archive ./build.sh builds), and out/bench/go/<id>/maps, bench/maps
# against each other toolchain's oracle archive ./build.sh built
# (out/oracle/<id>/libmdoracle.a): out/bench/maps runs them for their column.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory -s -j"$(nproc)" bench
built=()
for a in out/oracle/*/libmdoracle.a; do
	[ -f "$a" ] || continue
	id=$(basename "$(dirname "$a")") libs=
	if [[ $id == gccgo-* ]]; then
		libs="-L$(dirname "$(gccgo-"${id#gccgo-}" -print-file-name=libgo.so)") -lgo" || continue
	fi
	if make --no-print-directory -s BENCH_GO="$id" BENCH_LDLIBS="$libs" "out/bench/go/$id/maps" >/dev/null; then
		built+=("$id")
	else
		echo "bench/build.sh: out/bench/go/$id/maps: link failed, left out" >&2
	fi
done
echo "bench/build.sh: built out/bench/throughput, out/bench/maps (Go on PATH${built:+; and against ${built[*]}})" >&2
