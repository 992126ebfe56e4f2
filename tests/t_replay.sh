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

# "a", "a and b", "a, b and c", as mapdiff lists sides.
replay_join() {
	local out="" i=0
	for n in "$@"; do
		i=$((i + 1))
		out+="$([ $i -eq 1 ] && echo "" || { [ $i -eq $# ] && echo " and " || echo ", "; })$n"
	done
	printf '%s' "$out"
}

# The sides of a summary line ("mapdiff: A, B and C agree; D differs at
# op 3 (len); E skipped (no clear)") that are not in the C port's group and
# not skipped, sorted, one per line.
replay_others() {
	sed 's/^mapdiff: //; s/; /\n/g' | grep -v ' skipped (' | grep -v 'C port' |
		sed -E 's/ (agree|ran|differs|agree with each other and differ)( at op .*)?$//; s/, /\n/g; s/ and /\n/g' |
		grep . | sort
}

# A finding (crashes/README.md): Go toolchains that disagree.  With every
# oracle, exactly the sides named in "# expect: differ ID..." that are built
# here differ from the C port (whichever group is the larger), and the last
# line is the one in "# expect: signature LINE", if given.
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
		got=$(grep -m1 '^mapdiff: ' out/tests/expect.out | replay_others || true)
		[ "$rc" -eq 1 ] && [ "$got" = "$want" ] || {
			echo "$f: want $(echo "$want" | paste -sd,) to differ (exit 1), got exit $rc: $(grep -m1 '^mapdiff: \|^agree' out/tests/expect.out)"
			bad=1
		}
		want=$(sed -n 's/^# expect: signature //p' "$f" | head -1)
		[ -z "$want" ] || [ "$(tail -1 out/tests/expect.out)" = "$want" ] || {
			echo "$f: last line '$(tail -1 out/tests/expect.out)', want '$want'"
			bad=1
		}
	done
	return $bad
}

# The fuzz target runs the seeds without a divergence.
t_fuzz_target_smoke() {
	out/mapdiff-fuzz -runs=3000 -seed=1 -max_len=8192 -artifact_prefix=out/tests/ out/seeds >out/tests/fuzz-smoke.log 2>&1 || {
		tail -5 out/tests/fuzz-smoke.log
		return 1
	}
}
