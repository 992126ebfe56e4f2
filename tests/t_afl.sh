# shellcheck shell=bash
# AFL++: a short real campaign through `mapdiff fuzz --engine afl` with a seed
# that makes Go collect garbage; the fork server forks before Go starts (its
# process has one thread while the persistent child runs Go's), no hang, no
# crash, and Go's GC runs inside the forked children.
AFL_T=out/tests/afl

# afl_seeds DIR: out/seeds plus a program of 3000 puts of 60-byte string keys.
afl_seeds() {
	mkdir -p "$1" && cp out/seeds/*.bin "$1/" || return 1
	awk 'BEGIN { print "map[string]int64"; print "make"
		for (i = 0; i < 3000; i++) printf "put \"%060d\" %d\n", i, i
		print "range"; print "clear" }' >"$AFL_T/gc.txt"
	out/mapdiff asm "$AFL_T/gc.txt" -o "$1/gc.bin"
}

# threads PID: how many threads the process has.
threads() { find "/proc/$1/task" -mindepth 1 -maxdepth 1 | wc -l; }

t_afl_campaign_fork_before_go() {
	rm -rf "$AFL_T" && mkdir -p "$AFL_T" && afl_seeds "$AFL_T/seeds" || return 1
	GODEBUG=gctrace=1 AFL_DEBUG_CHILD=1 out/mapdiff fuzz --engine afl --seconds 20 --jobs 1 \
		--dir "$AFL_T/c" --seeds "$AFL_T/seeds" >"$AFL_T/out" 2>&1 &
	local md=$! afl fs child i rc=0
	for i in $(seq 1 40); do
		sleep 0.5
		afl=$(pgrep -P "$md" afl-fuzz | head -1) || continue
		fs=$(pgrep -P "$afl" | head -1) || continue
		child=$(pgrep -P "$fs" | head -1) && [ "$(threads "$child")" -gt 1 ] && break
	done
	local fs_threads child_threads
	fs_threads=$( [ -n "$fs" ] && threads "$fs" || echo none)
	child_threads=$( [ -n "$child" ] && threads "$child" || echo none)
	wait "$md" || rc=$?
	[ "$rc" -eq 0 ] || { echo "mapdiff fuzz exited $rc: $(tail -3 "$AFL_T/out")"; return 1; }
	[ "$fs_threads" = 1 ] || { echo "fork server has $fs_threads threads, want 1 (Go started before the fork)"; return 1; }
	[ "$child_threads" != none ] && [ "$child_threads" -gt 1 ] ||
		{ echo "persistent child has $child_threads threads, want Go's (> 1)"; return 1; }
	grep -q 'summary: engine afl.*hangs 0, divergences 0 ' "$AFL_T/out" || { tail -2 "$AFL_T/out"; return 1; }
	grep -Eq '^gc [0-9]+ @' "$AFL_T/c/afl-main.log" || { echo "no Go GC cycle in the forked children"; return 1; }
}

# The driver without AFL: runs each FILE once; a divergence aborts.
t_afl_driver_file_mode() {
	out/mapdiff-afl out/seeds/*.bin || { echo "seeds: exit $?"; return 1; }
}
