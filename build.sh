#!/usr/bin/env bash
# build.sh: the one way to build, test and fuzz mapdiff.
#
#   ./build.sh            install what is missing, build everything into out/
#   ./build.sh test       build, then run every test; prints "N passed, N failed"
#   ./build.sh fuzz [S]   build, then fuzz the C port against Go for S seconds (60)
#   ./build.sh clean      remove out/
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
OUT=$ROOT/out
export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=1

CWARN=(-std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE)
HARNESS=(harness/decode.c harness/text.c harness/exec.c harness/side.c harness/compare.c harness/report.c)
CLI=(harness/cli.c harness/cmd_basic.c harness/main.c)
IMPL=(impl/*.c)

log() { printf 'build.sh: %s\n' "$*" >&2; }

# Debian packages the project needs, installed when missing.
install_deps() {
	local missing=()
	command -v clang >/dev/null || missing+=(clang)
	dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || missing+=(libclang-rt-14-dev)
	command -v afl-fuzz >/dev/null || missing+=(afl++)
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

# The Go oracle as a c-archive, built with the go on PATH.
build_oracle() {
	mkdir -p "$OUT/oracle"
	(cd oracle && go build -buildmode=c-archive -o "$OUT/oracle/libmdoracle.a" .)
}

build_cli() {
	gcc "${CWARN[@]}" -O2 -g "${HARNESS[@]}" "${IMPL[@]}" "${CLI[@]}" \
		"$OUT/oracle/libmdoracle.a" -lpthread -lm -o "$OUT/mapdiff"
}

build_fuzzer() {
	clang "${CWARN[@]}" -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		"${HARNESS[@]}" "${IMPL[@]}" harness/fuzz.c \
		"$OUT/oracle/libmdoracle.a" -lpthread -lm -o "$OUT/mapdiff-fuzz"
}

# Binary seeds from the text programs in corpus/.
build_seeds() {
	rm -rf "$OUT/seeds"
	mkdir -p "$OUT/seeds"
	local f
	for f in corpus/*.txt; do
		"$OUT/mapdiff" asm "$f" -o "$OUT/seeds/$(basename "$f" .txt).bin"
	done
}

build_all() {
	install_deps
	mkdir -p "$OUT"
	build_oracle
	build_cli
	build_fuzzer
	build_seeds
	log "built out/mapdiff, out/mapdiff-fuzz ($(go version | cut -d' ' -f3) oracle)"
}

case "${1:-build}" in
build) build_all ;;
test)
	build_all
	exec tests/run.sh
	;;
fuzz)
	build_all
	exec harness/campaign.sh "${2:-60}"
	;;
clean) rm -rf "$OUT" ;;
*)
	echo "usage: ./build.sh [build|test|fuzz [SECONDS]|clean]" >&2
	exit 2
	;;
esac
