# shellcheck shell=bash
# Known findings (report/findings.h, docs/FINDINGS.md): a campaign counts a
# Go toolchain's known finding and goes on; it stops only on what is new.
T_FI=out/tests/findings
mkdir -p "$T_FI"

# The fuzz target, on the load-factor finding's program with every oracle
# on every input: no abort, one count (LeakSanitizer's rerun of a first
# input that allocates may count it twice).
t_findings_fuzz_target_counts_known() {
	out/mapdiff oracles | grep -q '^gc-1.21 ' || return 0
	out/mapdiff asm crashes/gc121-load-factor.txt -o "$T_FI/g121" || return 1
	out/mapdiff-fuzz -oracle=all -rotate=0 "$T_FI/g121" >"$T_FI/target.out" 2>&1 || { tail -5 "$T_FI/target.out"; return 1; }
	grep -Eq '^mapdiff: known finding gc121-load-factor seen [12] times \(golang/go#63438\)$' "$T_FI/target.out" ||
		{ tail -5 "$T_FI/target.out"; return 1; }
}

# A campaign lists the finding in its summary, saves no crasher, exits 0.
t_findings_campaign_summary() {
	out/mapdiff oracles | grep -q '^gc-1.21 ' || return 0
	rm -rf "$T_FI/seeds" "$T_FI/camp" && mkdir -p "$T_FI/seeds" || return 1
	out/mapdiff asm crashes/gc121-load-factor.txt -o "$T_FI/seeds/g121" || return 1
	out/mapdiff fuzz --oracle all --rotate 0 --seconds 3 --seeds "$T_FI/seeds" --dir "$T_FI/camp" >"$T_FI/camp.out" 2>&1 ||
		{ tail -5 "$T_FI/camp.out"; return 1; }
	grep -Eq '^known finding: gc121-load-factor, seen in at least [1-9][0-9]* inputs? \(crashes/gc121-load-factor.txt; golang/go#63438\)$' "$T_FI/camp.out" &&
		grep -q 'divergences 0 ' "$T_FI/camp.out" || { tail -5 "$T_FI/camp.out"; return 1; }
}

# Every finding in the list has its program under crashes/ and its entry
# in docs/FINDINGS.md.
t_findings_each_kept() {
	local id
	for id in $(sed -n 's/^\t{"\([a-z0-9-]*\)", .*/\1/p' harness/report/findings.c); do
		[ -f "crashes/$id.txt" ] || { echo "no crashes/$id.txt"; return 1; }
		grep -q "crashes/$id.txt" docs/FINDINGS.md || { echo "docs/FINDINGS.md does not name crashes/$id.txt"; return 1; }
	done
	[ -n "$id" ] || { echo "no finding read from harness/report/findings.c"; return 1; }
}

# A Go port's known finding does not stop its campaign either: haxmap
# fuzzed from its +0/-0 finding alone counts it and goes on.
t_findings_goport_campaign_counts_known() {
	goport_build haxmap || return 1
	rm -rf "$T_FI/hseeds" "$T_FI/hcamp" && mkdir -p "$T_FI/hseeds" || return 1
	out/mapdiff asm crashes/goport-haxmap-negzero.txt -o "$T_FI/hseeds/negzero" || return 1
	out/mapdiff fuzz --port haxmap --seconds 3 --seeds "$T_FI/hseeds" --dir "$T_FI/hcamp" >"$T_FI/hcamp.out" 2>&1 || true
	grep -q '^known finding: goport-haxmap-negzero, seen in at least [1-9]' "$T_FI/hcamp.out" ||
		{ tail -5 "$T_FI/hcamp.out"; return 1; }
}
