#!/usr/bin/env bash
# build.sh: the one way to build, test and fuzz mapdiff.
#
#   ./build.sh            install what is missing, build everything into out/
#   ./build.sh test       build, then run every test; prints "N passed, N failed"
#   ./build.sh fuzz [S] [E]  build, then fuzz the C port against Go for S seconds (60)
#                         with engine E (libfuzzer, the default, or afl): mapdiff fuzz
#   ./build.sh merge      prune the libFuzzer campaign corpus to what keeps its coverage
#   ./build.sh coverage   llvm-cov HTML report of impl/ and harness/ over the corpus
#   With OSS-Fuzz's environment ($LIB_FUZZING_ENGINE and $OUT set), plain
#   ./build.sh builds the fuzz target into $OUT instead (docs/FUZZING.md).
#   ./build.sh port F.c   build out/port/{mapdiff,mapdiff-fuzz} for a port (docs/PORTING.md)
#   ./build.sh goport DIR...  build the Go port of each adapter module DIR into
#                         out/goport/<basename DIR>/ (docs/PORTING.md); then
#                         out/mapdiff run --port <basename DIR> FILE...
#   ./build.sh clean      remove out/
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
OSSFUZZ_OUT=
[ -n "${LIB_FUZZING_ENGINE:-}" ] && [ -n "${OUT:-}" ] && OSSFUZZ_OUT=$OUT
OUT=$ROOT/out
export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=1

# make does the building (Makefile: sources per folder, what depends on what).
mk() { make --no-print-directory -s -j"$(nproc)" BUILD="$OUT" "$@"; }
log() { printf 'build.sh: %s\n' "$*" >&2; }

# Debian packages the project needs, installed when missing.
install_deps() {
	local missing=()
	command -v clang >/dev/null || missing+=(clang)
	dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || missing+=(libclang-rt-14-dev)
	command -v afl-fuzz >/dev/null || missing+=(afl++)
	command -v zip >/dev/null || missing+=(zip)
	[ -x /usr/lib/go-1.19/bin/go ] || missing+=(golang-1.19-go)
	command -v go-12 >/dev/null || missing+=(gccgo-12)
	command -v go >/dev/null || { log "no 'go' on PATH: the default oracle needs it"; exit 1; }
	[ ${#missing[@]} -eq 0 ] && return
	log "installing from Debian: ${missing[*]}"
	local sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo)
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

# One more oracle per Go toolchain found, each a helper process
# out/oracle/<id>/mapdiff-oracle (harness/oracles/oracle_proc.h); says what it skipped.
build_other_oracles() {
	local spec id gobin libs vercmd main_ver
	main_ver=$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')
	for spec in "gc-1.19:/usr/lib/go-1.19/bin/go::/usr/lib/go-1.19/bin/go env GOVERSION" \
		"gccgo-12:go-12:-lgo:gccgo-12 --version"; do
		IFS=: read -r id gobin libs vercmd <<<"$spec"
		if [ "$id" = "gc-$main_ver" ]; then
			log "oracle $id: skipped (it is the go on PATH, linked in)"
		elif ! command -v "$gobin" >/dev/null; then
			log "oracle $id: skipped ($gobin not found)"
		elif ! mk ORACLE_ID="$id" ORACLE_GOBIN="$gobin" ORACLE_LDLIBS="$libs" ORACLE_VERSION="$vercmd" \
			"$OUT/oracle/$id/mapdiff-oracle" >"$OUT/oracle/$id.log" 2>&1; then
			log "oracle $id: skipped (build failed, see $OUT/oracle/$id.log)"
			rm -rf "${OUT:?}/oracle/$id" "${OUT:?}/oracle/.$id.tmp"
		else
			rm -f "$OUT/oracle/$id.log"
			log "oracle $id: out/oracle/$id/mapdiff-oracle"
		fi
	done
}

# OSS-Fuzz / ClusterFuzzLite: $CC $CFLAGS $LIB_FUZZING_ENGINE -> $OSSFUZZ_OUT/mapdiff_fuzz
# with its seed corpus, dictionary and options beside it.
build_ossfuzz() {
	local work=${WORK:-$OUT}/ossfuzz t=$OSSFUZZ_OUT/mapdiff_fuzz f
	rm -rf "$work" && mkdir -p "$work/seeds" "$OSSFUZZ_OUT"
	mk OSS_CC="${CC:-clang}" OSS_CFLAGS="${CFLAGS:-}" LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" OSS_TARGET="$t" \
		"$t" "$OUT/mapdiff"
	for f in corpus/*.txt; do "$OUT/mapdiff" asm "$f" -o "$work/seeds/$(basename "$f" .txt).bin"; done
	rm -f "${t}_seed_corpus.zip"
	(cd "$work/seeds" && zip -q -j "${t}_seed_corpus.zip" ./*.bin)
	cp harness/fuzz/mapdiff.dict "$t.dict"
	printf '[libfuzzer]\nmax_len = 8192\ntimeout = 25\nrss_limit_mb = 4096\ndict = mapdiff_fuzz.dict\n' >"$t.options"
	log "built $t (+ _seed_corpus.zip, .dict, .options)"
}

# llvm source coverage of impl/ and harness/ over out/seeds and the campaign corpus.
coverage() {
	local d=$OUT/coverage dirs=("$OUT/seeds") line branch
	rm -rf "$d" && mkdir -p "$d"
	[ -d "$OUT/fuzz-libfuzzer/corpus" ] && dirs+=("$OUT/fuzz-libfuzzer/corpus")
	mk "$d/mapdiff-cov"
	LLVM_PROFILE_FILE="$d/run.profraw" "$d/mapdiff-cov" -runs=0 -max_len=8192 "${dirs[@]}" >"$d/run.log" 2>&1
	llvm-profdata-14 merge -sparse "$d/run.profraw" -o "$d/run.profdata"
	llvm-cov-14 show "$d/mapdiff-cov" -instr-profile="$d/run.profdata" -format=html -show-branches=count \
		-output-dir="$d/html" impl harness >/dev/null
	llvm-cov-14 report "$d/mapdiff-cov" -instr-profile="$d/run.profdata" impl harness >"$d/report.txt"
	line=$(awk '$1=="TOTAL" {print $10}' "$d/report.txt")
	branch=$(awk '$1=="TOTAL" {print $13}' "$d/report.txt")
	echo "coverage of impl/ and harness/ over ${dirs[*]#"$ROOT"/}: lines $line, branches $branch"
	echo "report: $d/html/index.html"
}

# A port from outside the tree (docs/PORTING.md): its C files define
# mapdiff_port_under_test; out/port/mapdiff and out/port/mapdiff-fuzz test it
# ($PORT_OUT instead of out/port; $PORT_NO_FUZZER: the CLI only), with
# out/port/oracle and out/port/seeds linked to the main build's.
build_port() {
	[ $# -gt 0 ] || { echo "usage: ./build.sh port FILE.c..." >&2; exit 2; }
	build_all
	local dir=${PORT_OUT:-$OUT/port} targets
	mkdir -p "$dir"
	[ -e "$dir/oracle" ] || ln -s "$OUT/oracle" "$dir/oracle"
	# the seeds are programs, the same for every port: `mapdiff fuzz` finds them next to the binary
	[ -e "$dir/seeds" ] || ln -s "$OUT/seeds" "$dir/seeds"
	targets=("$dir/mapdiff" "$dir/mapdiff.dict")
	[ -n "${PORT_NO_FUZZER:-}" ] || targets+=("$dir/mapdiff-fuzz")
	# the port's objects are not shared: always relink against its files
	rm -f "${targets[@]}"
	mk OUT="$dir" PORT="$*" "${targets[@]}"
	log "built ${dir#"$ROOT"/}/mapdiff and mapdiff-fuzz for $*"
}

# Go ports (docs/PORTING.md, "A map written in Go"): each DIR an adapter
# module; its helper is out/goport/<basename DIR>/mapdiff-oracle, which
# `mapdiff --port ID` and $MAPDIFF_PORT make the port under test.
build_goport() {
	[ $# -gt 0 ] || { echo "usage: ./build.sh goport DIR..." >&2; exit 2; }
	build_all
	local d id
	for d in "$@"; do
		id=$(basename "$(cd "$d" && pwd)")
		mkdir -p "$OUT/goport"
		if ! mk GOPORT_ID="$id" GOPORT_SRC="$(cd "$d" && pwd)" goport-helper >"$OUT/goport/$id.log" 2>&1; then
			log "goport $id: build failed, see $OUT/goport/$id.log"
			exit 1
		fi
		rm -f "$OUT/goport/$id.log"
		log "goport $id: out/goport/$id/mapdiff-oracle ($("$OUT/goport/$id/mapdiff-oracle" --info)); out/mapdiff run --port $id FILE..."
	done
}

build_all() {
	install_deps
	mkdir -p "$OUT/oracle"
	mk "$OUT/oracle/libmdoracle.a"
	build_other_oracles
	mk all
	log "built out/mapdiff, out/mapdiff-fuzz ($(go version | cut -d' ' -f3) oracle)"
}

[ -n "$OSSFUZZ_OUT" ] && [ $# -eq 0 ] && set -- ossfuzz
case "${1:-build}" in
build) build_all ;;
ossfuzz) build_ossfuzz ;;
merge)
	build_all
	"$OUT/mapdiff" merge "$OUT/fuzz-libfuzzer/corpus.new" "$OUT/fuzz-libfuzzer/corpus"
	rm -rf "$OUT/fuzz-libfuzzer/corpus" && mv "$OUT/fuzz-libfuzzer/corpus.new" "$OUT/fuzz-libfuzzer/corpus"
	;;
coverage)
	build_all
	coverage
	;;
test)
	build_all
	exec tests/run.sh
	;;
fuzz)
	build_all
	exec "$OUT/mapdiff" fuzz --seconds "${2:-60}" --engine "${3:-libfuzzer}"
	;;
port)
	shift
	build_port "$@"
	;;
goport)
	shift
	build_goport "$@"
	;;
clean) rm -rf "$OUT" ;;
*)
	echo "usage: ./build.sh [build|test|fuzz [SECONDS] [ENGINE]|merge|coverage|port FILE.c...|goport DIR...|clean]" >&2
	exit 2
	;;
esac
