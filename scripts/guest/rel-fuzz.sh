#!/bin/sh
# The ioctl fuzzer on one pair, in one or more importer group types
# (reliability suite).
# usage: rel-fuzz.sh PAIR TYPES [CASES] [SEED] [full]
#   TYPES: comma-separated, e.g. DMA,identity: CASES cases in the first,
#   a tenth in each other (seed + 1, + 2, ...)
# p2pbench_fuzz prints its own TAP lines (refusals, sane results, taint,
# module usable afterwards); here: nothing left mapped, no leak (one
# kmemleak check at the end: each costs two scans of guest memory).
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh
pair=${1:-switch}
types=$(echo "${2:-DMA}" | tr , ' ')
cases=${3:-10000}
seed=${4:-0x5eed}
full=${5:+--full}
kml_start
n_all=0 first=1
for type in $types; do
	rel_bind "$pair" "$type" || exit 1
	t0=$(date +%s)
	# Refusals log (rate-limited): keep them in dmesg, off the console.
	dmesg -n 1
	p2pbench_fuzz --seed "$seed" --cases "$cases" $full 2>&1 | tee /tmp/fuzz.out
	rc=$(sed -n 's/^FUZZ-RC //p' /tmp/fuzz.out)
	dmesg -n 4
	cp /tmp/fuzz.out /results/fuzz-$pair-$type.txt
	n=$(sed -n 's/^FUZZ-CASES //p' /tmp/fuzz.out)
	rel "fuzz pair=$pair type=$type seed=$seed cases=${n:-0} rc=$rc seconds=$(( $(date +%s) - t0 ))"
	no_mappings "fuzz $pair $type" "$IMP"
	n_all=$((n_all + ${n:-0}))
	[ $first = 1 ] && cases=$((cases / 10)) && full=
	first=0
	seed=$(printf 0x%x $((seed + 1)))
done
kml_check "fuzz-$pair"
rel_counts "fuzz-$pair"
