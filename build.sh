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
#                         out/goport/<basename DIR>/ (docs/PORTING.md): its
#                         mapdiff and mapdiff-fuzz run it in process; or
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

# Go toolchains other than the go on PATH, one oracle each (build_other_oracles):
#   id|go command|extra environment|extra link libraries|version command|Debian package|suite
# gc 1.21-1.23 come from Debian 12's backports suite; gc 1.27.3 is fetched by
# the go on PATH itself, as a module (GOTOOLCHAIN: the one toolchain fetched
# this way; the Makefile's GOTOOLCHAIN=local holds for every other build).
# gccgo's archive links with its own libgo (-L its directory: gcc links
# gccgo 12's libgo by default, which gccgo 11's code cannot use), its runtime.Version() says only
# "unknown" (hence the version command), and gccgo 11's go command rejects
# -buildvcs, which a go env file may set: GOENV=off for gccgo.  gc 1.23 links
# only with -checklinkname=0: its linker refuses a go:linkname to a runtime
# variable the runtime does not mark, and the twin fixes the runtime's hash
# keys that way (oracle/twin_classic.go).
TOOLCHAINS=(
	"gc-1.19|/usr/lib/go-1.19/bin/go|||/usr/lib/go-1.19/bin/go env GOVERSION|golang-1.19-go|"
	"gc-1.21|/usr/lib/go-1.21/bin/go|||/usr/lib/go-1.21/bin/go env GOVERSION|golang-1.21-go|backports"
	"gc-1.22|/usr/lib/go-1.22/bin/go|||/usr/lib/go-1.22/bin/go env GOVERSION|golang-1.22-go|backports"
	"gc-1.23|/usr/lib/go-1.23/bin/go|GOFLAGS=-ldflags=-checklinkname=0||/usr/lib/go-1.23/bin/go env GOVERSION|golang-1.23-go|backports"
	"gc-1.27|go|GOTOOLCHAIN=go1.27.3||go env GOVERSION||"
	"gccgo-11|go-11|GOENV=off|-lgo|gccgo-11 --version|gccgo-11|"
	"gccgo-12|go-12|GOENV=off|-lgo|gccgo-12 --version|gccgo-12|"
)

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The machine's Debian suite plus -backports, next to its existing Debian
# sources and in their format (deb822 .sources or one-line .list); prints
# the suite's name.  Idempotent: an existing entry for the suite is kept.
add_backports() {
	local codename uri suite f
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || { log "no VERSION_CODENAME in /etc/os-release: no backports"; return 1; }
	suite=$codename-backports
	if grep -Eqs "^[^#]*\b$suite\b" /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; then
		echo "$suite"
		return 0
	fi
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# the URI of the stanza whose Suites name the plain codename
		uri=$(awk -v c="$codename" 'BEGIN { RS = ""; FS = "\n" }
			{ u = ""; s = 0
			  for (i = 1; i <= NF; i++) {
				if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, a, /[ \t]+/); u = a[1] }
				if ($i ~ /^Suites:/ && (" " $i " ") ~ (" " c " ")) s = 1
			  }
			  if (s && u != "") { print u; exit } }' "$f")
		if [ -n "$uri" ]; then
			log "adding $suite ($uri) to /etc/apt/sources.list.d/$suite.sources"
			printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
				"$uri" "$suite" | as_root tee "/etc/apt/sources.list.d/$suite.sources" >/dev/null
			echo "$suite"
			return 0
		fi
	done
	uri=$(awk -v c="$codename" '$1 == "deb" && $3 == c { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)
	[ -n "$uri" ] || { log "no Debian $codename source found in /etc/apt: no backports"; return 1; }
	log "adding $suite ($uri) to /etc/apt/sources.list.d/$suite.list"
	echo "deb $uri $suite main" | as_root tee "/etc/apt/sources.list.d/$suite.list" >/dev/null
	echo "$suite"
}

apt_install() {
	DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$@" >/dev/null
}

# Debian packages the project needs, installed when missing.  A Go
# toolchain that cannot be installed is not fatal: its oracle is skipped
# (build_other_oracles says so).
install_deps() {
	local missing=() gos=() backports=() spec id gobin env libs vercmd pkg suite bp
	command -v clang >/dev/null || missing+=(clang)
	dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || missing+=(libclang-rt-14-dev)
	command -v afl-fuzz >/dev/null || missing+=(afl++)
	command -v zip >/dev/null || missing+=(zip)
	command -v go >/dev/null || { log "no 'go' on PATH: the default oracle needs it"; exit 1; }
	for spec in "${TOOLCHAINS[@]}"; do
		IFS='|' read -r id gobin env libs vercmd pkg suite <<<"$spec"
		[ -n "$pkg" ] && ! command -v "$gobin" >/dev/null || continue
		if [ "$suite" = backports ]; then backports+=("$pkg"); else gos+=("$pkg"); fi
	done
	[ ${#missing[@]} -gt 0 ] || [ ${#gos[@]} -gt 0 ] || [ ${#backports[@]} -gt 0 ] || return 0
	if [ ${#backports[@]} -gt 0 ] && ! bp=$(add_backports); then
		log "not installing ${backports[*]} (no backports suite)"
		backports=()
	fi
	log "installing from Debian: ${missing[*]} ${gos[*]} ${backports[*]}"
	as_root apt-get -o DPkg::Lock::Timeout=600 update -qq || log "apt-get update failed"
	[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
	# a Go toolchain that does not install costs its oracle only
	[ ${#gos[@]} -eq 0 ] || apt_install "${gos[@]}" || log "apt-get install ${gos[*]} failed"
	[ ${#backports[@]} -eq 0 ] || apt_install -t "$bp" "${backports[@]}" ||
		log "apt-get install -t $bp ${backports[*]} failed"
}

# One more oracle per Go toolchain found, each a helper process
# out/oracle/<id>/mapdiff-oracle (harness/oracles/oracle_proc.h); says what it skipped.
build_other_oracles() {
	local spec id gobin env libs vercmd pkg suite main_ver t0
	main_ver=$(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')
	for spec in "${TOOLCHAINS[@]}"; do
		IFS='|' read -r id gobin env libs vercmd pkg suite <<<"$spec"
		t0=$SECONDS
		if [ "$id" = "gc-$main_ver" ]; then
			log "oracle $id: skipped (it is the go on PATH, linked in)"
		elif ! command -v "$gobin" >/dev/null; then
			log "oracle $id: skipped ($gobin not found${pkg:+: Debian package $pkg did not install})"
		elif [[ $id == gccgo-* ]] && ! libs="-L$(dirname "$(gccgo-"${id#gccgo-}" -print-file-name=libgo.so)") $libs"; then
			log "oracle $id: skipped (gccgo-${id#gccgo-} does not say where its libgo is)"
		elif ! mk ORACLE_ID="$id" ORACLE_GOBIN="$gobin" ORACLE_ENV="$env" ORACLE_LDLIBS="$libs" \
			ORACLE_VERSION="$vercmd" "$OUT/oracle/$id/mapdiff-oracle" >"$OUT/oracle/$id.log" 2>&1; then
			log "oracle $id: skipped (build failed: $(grep -v '^cd \|^rm \|^env \|^gcc ' "$OUT/oracle/$id.log" |
				head -1 | cut -c1-120); see $OUT/oracle/$id.log)"
			rm -rf "${OUT:?}/oracle/$id" "${OUT:?}/oracle/.$id.tmp"
		else
			rm -f "$OUT/oracle/$id.log"
			log "oracle $id: out/oracle/$id/mapdiff-oracle ($(cat "$OUT/oracle/$id/version"))$([ $((SECONDS - t0)) -lt 2 ] || echo ", built in $((SECONDS - t0)) s")"
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
# `mapdiff --port ID` and $MAPDIFF_PORT make the port under test, and
# out/goport/<id>/mapdiff runs it in process (goport_inproc).
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
		if ! goport_inproc "$id" "$(cd "$d" && pwd)" >>"$OUT/goport/$id.log" 2>&1; then
			log "goport $id: the in-process build failed, see $OUT/goport/$id.log"
			exit 1
		fi
		rm -f "$OUT/goport/$id.log"
		log "goport $id: out/goport/$id/mapdiff (in process) and mapdiff-oracle ($("$OUT/goport/$id/mapdiff-oracle" --info)); out/goport/$id/mapdiff run FILE..."
	done
}

# The Go port `id` (adapter module $2) in mapdiff's own process:
# out/goport/<id>/mapdiff and mapdiff-fuzz link the oracle and the port in
# one Go archive, beside the port's helper (for the programs that would
# taint the process), with oracle/ and seeds/ linked to the main build's.
goport_inproc() {
	local dir=$OUT/goport/$1
	mk GOPORT_ID="$1" GOPORT_SRC="$2" goport-inproc
	ln -sfn "$OUT/oracle" "$dir/oracle"
	ln -sfn "$OUT/seeds" "$dir/seeds"
	mk OUT="$dir" GO_LIB="$dir/libmdgoport-inproc.a" "$dir/mapdiff" "$dir/mapdiff-fuzz" "$dir/mapdiff.dict"
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
