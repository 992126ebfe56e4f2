#!/usr/bin/env bash
# campaign.sh SECONDS: a libFuzzer campaign of the C port against Go.
#
# Runs out/mapdiff-fuzz on the seeds (out/seeds) and a working corpus
# (out/fuzz/corpus), shows one live progress line, and ends with a summary:
# inputs run, exec/s, coverage, corpus size, divergences.  The full libFuzzer
# log is out/fuzz/fuzz.log; a divergence is saved under out/fuzz/crashes/.
# Exit status: 0 no divergence, 1 a divergence.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
dir=out/fuzz
mkdir -p "$dir/corpus" "$dir/crashes"
log=$dir/fuzz.log
: >"$log"

# libFuzzer's status lines -> one progress line (on a terminal, redrawn in
# place; otherwise one line every 10 seconds).
progress() {
	local tty=0 last=0 start=$SECONDS line
	[ -t 1 ] && tty=1
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$log"
		case "$line" in
		'#'*cov:*) ;;
		*) continue ;;
		esac
		local p
		p=$(awk '{
			n=$1; sub("#","",n);
			for (i=1;i<=NF;i++) { if ($i=="cov:") c=$(i+1); if ($i=="corp:") k=$(i+1); if ($i=="exec/s:") e=$(i+1) }
			sub("/.*","",k);
			printf "execs %s  exec/s %s  cov %s  corpus %s", n, e, c, k }' <<<"$line")
		local t=$((SECONDS - start))
		if [ $tty -eq 1 ]; then
			printf '\r[%3ds/%ss] %s   ' "$t" "$secs" "$p"
		elif [ $((t - last)) -ge 10 ]; then
			printf '[%3ds/%ss] %s\n' "$t" "$secs" "$p"
			last=$t
		fi
	done
	[ $tty -eq 1 ] && printf '\n'
	return 0
}

set +e
out/mapdiff-fuzz -max_total_time="$secs" -print_final_stats=1 -max_len=8192 \
	-timeout=25 -rss_limit_mb=4096 -artifact_prefix="$dir/crashes/" \
	"$dir/corpus" out/seeds 2>&1 | progress
rc=${PIPESTATUS[0]}
set -e

stat() { awk -v k="$1" '$1==k":" {print $2}' "$log" | tail -1; }
cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
crashes=$(find "$dir/crashes" -type f | wc -l)
echo "summary: inputs run $(stat stat::number_of_executed_units), exec/s $(stat stat::average_exec_per_sec)," \
	"coverage ${cov:-0} edges, corpus $(find "$dir/corpus" -type f | wc -l) files," \
	"divergences $crashes, peak rss $(stat stat::peak_rss_mb) MB"
if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
	grep -m1 '^mapdiff: DIVERGENCE' "$log" || echo "libFuzzer stopped with status $rc (see $log)"
	ls "$dir"/crashes/* 2>/dev/null | sed 's/^/saved: /'
	exit 1
fi
exit 0
