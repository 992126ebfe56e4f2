# shellcheck shell=bash
# mapdiff facts: the C port grows where Go's classic map grows (GO_MAP_FACTS:
# B becomes 1, 2, 3 ... at the 9th, 14th, 27th, 53rd ... insert), and the
# linked Go's side is measured, not made up.
t_facts_growth_points() {
	out/mapdiff facts >out/tests/facts.txt 2>&1 || { tail -3 out/tests/facts.txt; return 1; }
	grep -q '^    C port:   9 14 27 53 105 209 417 833$' out/tests/facts.txt ||
		{ echo "C port growth points wrong: $(grep -m1 'C port:' out/tests/facts.txt)"; return 1; }
	grep -Eq '^    Go:       [0-9]+( [0-9]+)+$' out/tests/facts.txt ||
		{ echo "no measured Go growth line"; return 1; }
	grep -Eq '^ +53 +16 +[0-9]+$' out/tests/facts.txt || { echo "hint 53 is not 16 buckets"; return 1; }
}
