# shellcheck shell=bash
# Every program in corpus/ and every regression input in crashes/ agrees.
t_replay_corpus() {
	local f bad=0
	for f in corpus/*.txt; do
		out/mapdiff run "$f" >/dev/null || { echo "$f does not agree"; bad=1; }
	done
	return $bad
}

t_replay_crashes() {
	local f bad=0
	for f in crashes/*; do
		case "$f" in *.md | */README*) continue ;; esac
		[ -f "$f" ] || continue
		grep -q '^# expect: differ ' "$f" && continue # t_replay_expected_differences
		out/mapdiff run "$f" >/dev/null || { echo "$f does not agree"; bad=1; }
	done
	return $bad
}

# The sides a "not the port's: A, B and C differ: ..." line names, sorted,
# one per line.
replay_others() {
	sed -n "s/^ *not the port's: \(.*\) differs\{0,1\}: .*/\1/p" | sed 's/, /\n/g; s/ and /\n/g' | grep . | sort
}

# A finding (crashes/README.md): Go toolchains that disagree, the port
# with the rest.  With every oracle, `run` calls it the others' (exit 0)
# and names exactly the sides in "# expect: differ ID..." that are built
# here, and `trace` ends with the line in "# expect: signature LINE", if given.
t_replay_expected_differences() {
	local f ids id names=() want got rc bad=0
	for f in "${CRASHES_DIR:-crashes}"/*; do
		case "$f" in *.md | */README*) continue ;; esac
		ids=$(sed -n 's/^# expect: differ //p' "$f" 2>/dev/null | head -1)
		[ -n "$ids" ] || continue
		names=()
		for id in $ids; do
			out/mapdiff oracles | grep -q "^$id " || continue # that toolchain is not built here
			names+=("${id/-/ }")
		done
		[ ${#names[@]} -gt 0 ] || continue
		want=$(printf '%s\n' "${names[@]}" | sort)
		rc=0
		out/mapdiff run --oracle all "$f" >out/tests/expect.out 2>&1 || rc=$?
		got=$(replay_others <out/tests/expect.out || true)
		[ "$rc" -eq 0 ] && [ "$got" = "$want" ] || {
			echo "$f: want $(echo "$want" | paste -sd,) to differ (exit 0), got exit $rc: $(grep -m1 "not the port's\|^mapdiff: " out/tests/expect.out)"
			bad=1
		}
		want=$(sed -n 's/^# expect: signature //p' "$f" | head -1)
		[ -z "$want" ] || [ "$(out/mapdiff trace --oracle all "$f" | tail -1)" = "$want" ] || {
			echo "$f: trace's last line is not '$want'"
			bad=1
		}
	done
	return $bad
}

# A known finding of a Go toolchain never hides the port's own divergence:
# a port with the fault "grows one insert late" (tests/faults) diverges on
# the load-factor program, which gc 1.21 alone (a known finding) also fails.
t_replay_known_finding_hides_no_port_bug() {
	local d=out/tests/fault/overload-off-by-one rc=0
	out/mapdiff oracles | grep -q '^gc-1.21 ' || return 0
	[ -x "$d/mapdiff" ] || fault_cli tests/faults/overload-off-by-one.patch "$d" || return 1
	MAPDIFF_ORACLE_DIR=out/oracle "$d/mapdiff" run --oracle all corpus/grow_boundary_14.txt >out/tests/known-fault.out 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && ! grep -q "known finding" out/tests/known-fault.out || {
		echo "exit $rc: $(head -3 out/tests/known-fault.out)"
		return 1
	}
}

# The fuzz target runs the seeds without a divergence.
t_fuzz_target_smoke() {
	# a corpus of its own first: libFuzzer writes what it finds into the first directory, never out/seeds
	rm -rf out/tests/smoke-corpus && mkdir -p out/tests/smoke-corpus
	out/mapdiff-fuzz -runs=3000 -seed=1 -max_len=8192 -artifact_prefix=out/tests/ out/tests/smoke-corpus out/seeds \
		>out/tests/fuzz-smoke.log 2>&1 || {
		tail -5 out/tests/fuzz-smoke.log
		return 1
	}
}

# A finding that is a Go toolchain's spec violation ("# expect: spec
# ID..."): each of those toolchains built here breaks the spec on it, and
# `run` calls it not the port's (exit 0) and names the known finding.
t_replay_expected_spec_violations() {
	local f ids id name rc bad=0
	for f in "${CRASHES_DIR:-crashes}"/*; do
		ids=$(sed -n 's/^# expect: spec //p' "$f" 2>/dev/null | head -1)
		[ -n "$ids" ] || continue
		for id in $ids; do
			out/mapdiff oracles | grep -q "^$id " || continue
			name=${id/-/ }
			rc=0
			out/mapdiff run --oracle "$id" "$f" >out/tests/expect-spec.out 2>&1 || rc=$?
			[ "$rc" -eq 0 ] && grep -q "^ *not the port's: $name broke the Go spec on iteration at op [0-9]* (" out/tests/expect-spec.out || {
				echo "$f on $id: exit $rc: $(tail -1 out/tests/expect-spec.out)"
				bad=1
			}
		done
	done
	return $bad
}

# A crasher the lockstep twin found ("# expect: twin") is in lockstep now.
t_replay_twin_crashes() {
	local f bad=0
	for f in crashes/*; do
		grep -q '^# expect: twin$' "$f" 2>/dev/null || continue
		out/mapdiff run --twin "$f" >out/tests/twin-replay.out 2>&1 ||
			{ echo "$f: $(grep -A2 '^DIFFER' out/tests/twin-replay.out | tail -2)"; bad=1; }
		grep -q '^agree ' out/tests/twin-replay.out || { echo "$f: $(head -1 out/tests/twin-replay.out)"; bad=1; }
	done
	return $bad
}
