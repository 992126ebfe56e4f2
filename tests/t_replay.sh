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
		out/mapdiff run "$f" >/dev/null || { echo "$f does not agree"; bad=1; }
	done
	return $bad
}

# The fuzz target runs the seeds without a divergence.
t_fuzz_target_smoke() {
	out/mapdiff-fuzz -runs=3000 -seed=1 -max_len=8192 out/seeds >out/tests/fuzz-smoke.log 2>&1 || {
		tail -5 out/tests/fuzz-smoke.log
		return 1
	}
}
