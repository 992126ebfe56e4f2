# shellcheck shell=bash
# Go ports (goport/, docs/PORTING.md "A map written in Go"): the in-tree
# adapters build into helpers, a library agrees with Go on corpus programs,
# the contract skips what it disclaims, a finding replays.

GOPORT_ADAPTERS="dolthubswiss cockroachswiss syncmap xsyncmap haxmap intmap"

# goport_build ID: the helper of goport/adapters/ID, built once per test run.
goport_build() {
	local m=out/tests/goport-$1.built
	[ -x "out/goport/$1/mapdiff-oracle" ] && [ -e "$m" ] &&
		[ -z "$(find goport oracle harness/format harness/run harness/oracles Makefile -newer "$m" -print -quit)" ] && return 0
	make --no-print-directory -s GOPORT_ID="$1" GOPORT_SRC="$PWD/goport/adapters/$1" goport-helper \
		>"out/tests/goport-$1.build" 2>&1 || { tail -3 "out/tests/goport-$1.build"; return 1; }
	touch "$m"
}

t_goport_adapters_build() {
	local a
	rm -f out/tests/goport-*.built
	for a in $GOPORT_ADAPTERS; do
		goport_build "$a" || return 1
		out/goport/"$a"/mapdiff-oracle --info | grep -q "^goport " || { echo "$a: bad --info"; return 1; }
	done
	(cd goport && go vet ./... && test -z "$(gofmt -l .)") || return 1
}

t_goport_agrees_on_corpus() {
	local f out
	goport_build dolthubswiss || return 1
	for f in corpus/growth_int64.txt corpus/growth_string.txt corpus/float64_nan.txt corpus/nil_map.txt; do
		out=$(out/mapdiff run --port dolthubswiss "$f") || { echo "$f: $out"; return 1; }
		case "$out" in agree*) ;; *) echo "$f: $out"; return 1 ;; esac
	done
	# --port and $MAPDIFF_PORT are the same thing
	MAPDIFF_PORT=dolthubswiss out/mapdiff run corpus/growth_int64.txt | grep -q '^agree' || return 1
	# an unknown port is an error, not the C port
	if out/mapdiff run --port no-such-port corpus/int.txt >/dev/null 2>&1; then echo "unknown port ran"; return 1; fi
}

t_goport_contract_skips() {
	local out
	goport_build dolthubswiss && goport_build syncmap || return 1
	# a write while an iterator is live: outside dolthub's and sync.Map's contracts
	out=$(out/mapdiff run --port dolthubswiss corpus/iter_delete_replace.txt) || { echo "$out"; return 1; }
	grep -q '^skipped .*outside the contract (no-write-during-iteration): op [0-9]* writes while iterator a is live' \
		<<<"$out" || { echo "$out"; return 1; }
	out/mapdiff run --port syncmap corpus/iter_delete_replace.txt |
		grep -q 'syncmap skipped (outside the contract (weak-iteration): op' || return 1
	# map types the port is not instantiated for: skipped, never agree
	out=$(out/mapdiff run --port dolthubswiss corpus/value_float.txt corpus/int8.txt) || { echo "$out"; return 1; }
	grep -q 'dolthubswiss skipped (goport runs int64 values only)' <<<"$out" &&
		grep -q 'dolthubswiss skipped (goport runs int64, float64 and string keys only, not int8)' <<<"$out" &&
		grep -q '0 agree, 2 skipped' <<<"$out" || { echo "$out"; return 1; }
}

# crashes/goport-*: "# expect: port ID diverge" and its signature line.
t_goport_findings_replay() {
	local f id want rc bad=0
	for f in crashes/goport-*; do
		id=$(sed -n 's/^# expect: port \([^ ]*\) diverge$/\1/p' "$f" | head -1)
		[ -n "$id" ] || { echo "$f: no '# expect: port ID diverge'"; bad=1; continue; }
		goport_build "$id" || return 1
		want=$(sed -n 's/^# expect: signature //p' "$f" | head -1)
		# a library that seeds its hash at random may need another run
		for try in 1 2 3; do
			rc=0
			out/mapdiff run --port "$id" "$f" >out/tests/goport-expect.out 2>&1 || rc=$?
			[ "$rc" -eq 1 ] && [ "$(tail -1 out/tests/goport-expect.out)" = "$want" ] && break
		done
		[ "$rc" -eq 1 ] && [ "$(tail -1 out/tests/goport-expect.out)" = "$want" ] || {
			echo "$f: exit $rc, last line '$(tail -1 out/tests/goport-expect.out)', want '$want'"
			bad=1
		}
		out/mapdiff run "$f" >/dev/null || { echo "$f: the C port does not agree"; bad=1; }
	done
	return $bad
}

# intmap has integer keys only: a float64 map is skipped, naming the library.
t_goport_intmap_int_keys_only() {
	goport_build intmap || return 1
	out/mapdiff run --port intmap corpus/float64_nan.txt | grep -q 'intmap skipped (intmap has no map\[float64\]int64)'
}

# mapdiff go --port ID: the reproducer builds gofmt- and vet-clean, runs the
# program on the library and on Go's map, and agrees with mapdiff's verdict.
t_goport_go_reproducer() {
	local d=out/tests/goport-repro rc=0
	goport_build syncmap && goport_build haxmap || return 1
	rm -rf "$d" && mkdir -p "$d/sync" "$d/hax"
	out/mapdiff go --port syncmap corpus/nil_map.txt -o "$d/sync/main.go" 2>/dev/null &&
		out/mapdiff go --port haxmap crashes/goport-haxmap-negzero.txt -o "$d/hax/main.go" 2>/dev/null || return 1
	(cd "$d/sync" && test -z "$(gofmt -l .)" && go vet . && go run . >run.out 2>&1) ||
		{ tail -3 "$d/sync/run.out"; return 1; }
	grep -q "^std go1.* does what Go's map (go1.*) does$" "$d/sync/run.out" || { tail -2 "$d/sync/run.out"; return 1; }
	(cd "$d/hax" && go mod tidy >/dev/null 2>&1 && test -z "$(gofmt -l .)" && go vet . && go run . >run.out 2>&1) || rc=$?
	[ "$rc" -eq 1 ] && grep -q '<- DIFFERENT$' "$d/hax/run.out" &&
		grep -q '^github.com/alphadose/haxmap v1.4.0 differs from Go.s map' "$d/hax/run.out" || { echo "exit $rc"; tail -3 "$d/hax/run.out"; return 1; }
}

# --port-types: a binary program decodes as one of the map types the Go
# port declares (keys= vals= in its info), the same way every time; text
# programs and runs without it are untouched; no Go port, no option.
t_goport_port_types() {
	local f=out/seeds/array_big.bin a b out
	goport_build intmap && goport_build dolthubswiss || return 1
	[ -f "$f" ] || { echo "no $f (./build.sh makes out/seeds)"; return 1; }
	out/goport/intmap/mapdiff-oracle --info | grep -q ' keys=int64 vals=int64$' || { echo "intmap: no keys= in --info"; return 1; }
	out/mapdiff show --port intmap "$f" | grep -q '^map\[\[20\]int64\]int64$' || { echo "without --port-types: not as decoded"; return 1; }
	a=$(out/mapdiff show --port intmap --port-types "$f") && b=$(MAPDIFF_PORT_TYPES=1 out/mapdiff show --port intmap "$f") || return 1
	[ "$a" = "$b" ] && grep -q '^map\[int64\]int64$' <<<"$a" || { echo "intmap --port-types: $(sed -n 2p <<<"$a")"; return 1; }
	# what it shows replays without the option, as the same program
	printf '%s\n' "$a" >out/tests/goport-port-types.txt
	[ "$(out/mapdiff show out/tests/goport-port-types.txt)" = "$a" ] || { echo "text form differs"; return 1; }
	# every seed reaches dolthub's map but those its contract disclaims
	out=$(out/mapdiff run --port dolthubswiss --port-types out/seeds/*.bin) || { tail -3 <<<"$out"; return 1; }
	if grep '^skipped' <<<"$out" | grep -v 'outside the contract'; then return 1; fi
	if out/mapdiff show --port-types "$f" >/dev/null 2>&1; then echo "--port-types ran without a Go port"; return 1; fi
}
