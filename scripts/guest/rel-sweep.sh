#!/bin/sh
# Sweeps that are interrupted, killed or run out of disk (reliability
# suite): an interrupted sweep resumes where it stopped, a killed writer
# leaves no corrupt or partial point file, a full disk is a clear error.
# Leaves /results/A (complete) and /results/B (interrupted, resumed) for
# the host's compare/report/plot checks.
# usage: rel-sweep.sh TYPE
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh
type=${1:-DMA}
rel_bind switch "$type" || exit 1
SW=/lab/configs/sweeps/reliability
ARGS="--iommu-mode $type --cpu intel --topology switch"
lost=0 cases=0

npoints() { ls "$1"/points/*.json 2>/dev/null | wc -l; }
ntmp() { ls -a "$1"/points 2>/dev/null | grep -c '\.tmp\.'; }

# wait_points DIR N PID: until DIR holds N points (or PID is gone).
wait_points() {
	w=0
	while [ "$(npoints "$1")" -lt "$2" ] && kill -0 "$3" 2>/dev/null && [ $w -lt 600 ]; do
		sleep 0.1
		w=$((w + 1))
	done
}

p2pbench sweep $SW -o /results/A $ARGS >/tmp/a.log 2>&1
r=$?
nA=$(npoints /results/A)
cases=$((cases + 1))
if [ $r -le 1 ] && [ "$nA" -gt 2 ]; then
	ok "a complete sweep stores $nA points (exit $r)"
else
	not_ok "a complete sweep: exit $r, $nA points: $(tail -n 3 /tmp/a.log)"
fi

# SIGINT: stops after the point in flight, exit 130; resume completes.
p2pbench sweep $SW -o /results/B $ARGS >/tmp/b1.log 2>&1 &
pid=$!
wait_points /results/B 2 $pid
kill -INT $pid
wait $pid
r=$?
n1=$(npoints /results/B)
cases=$((cases + 1))
[ $r = 130 ] && [ "$(ntmp /results/B)" = 0 ] &&
	ok "SIGINT stops the sweep with exit 130, $n1 complete points, no temporary file" ||
	not_ok "SIGINT: exit $r, $n1 points, $(ntmp /results/B) temporary files: $(tail -n 2 /tmp/b1.log)"
p2pbench sweep $SW -o /results/B $ARGS >/tmp/b2.log 2>&1
r=$?
nB=$(npoints /results/B)
grep -q 'running the point again' /tmp/b2.log && not_ok "resume after SIGINT found a corrupt point file: $(grep 'again' /tmp/b2.log | head -n 1)"
if [ $r -le 1 ] && [ "$nB" = "$nA" ]; then
	ok "the interrupted sweep resumes: $nB points, as the complete one"
else
	not_ok "resume after SIGINT: exit $r, $nB points, want $nA"
fi
lost=$((lost + nA - nB))

# SIGKILL, twice, at different moments: nothing corrupt, resume completes.
for at in 1 4; do
	p2pbench sweep $SW -o /results/C $ARGS >/tmp/c.log 2>&1 &
	pid=$!
	wait_points /results/C $at $pid
	kill -KILL $pid
	wait $pid 2>/dev/null
done
nk=$(npoints /results/C)
p2pbench sweep $SW -o /results/C $ARGS >/tmp/c2.log 2>&1
r=$?
nC=$(npoints /results/C)
cases=$((cases + 2))
if grep -q 'running the point again' /tmp/c2.log; then
	not_ok "after SIGKILL a point file was corrupt: $(grep 'again' /tmp/c2.log | head -n 1)"
else
	ok "SIGKILL twice during a sweep ($nk points kept): no corrupt point file"
fi
[ $r -le 1 ] && [ "$nC" = "$nA" ] && [ "$(ntmp /results/C)" = 0 ] &&
	ok "the killed sweep resumes to $nC points, no temporary file left" ||
	not_ok "resume after SIGKILL: exit $r, $nC points (want $nA), $(ntmp /results/C) temporary files"
lost=$((lost + nA - nC))

# A full disk: a clear error, complete files only; with space, resume.
mkdir -p /mnt/full
if mount -t tmpfs -o size=12k tmpfs /mnt/full; then
	p2pbench sweep $SW -o /mnt/full/D $ARGS >/tmp/d.log 2>&1
	r=$?
	nD=$(npoints /mnt/full/D)
	cases=$((cases + 1))
	if [ $r = 2 ] && grep -q 'No space left on device' /tmp/d.log; then
		ok "a full disk stops the sweep with exit 2 and says so ($(grep -m 1 'No space' /tmp/d.log))"
	else
		not_ok "a full disk: exit $r: $(tail -n 2 /tmp/d.log)"
	fi
	mount -o remount,size=8m /mnt/full
	p2pbench sweep $SW -o /mnt/full/D $ARGS >/tmp/d2.log 2>&1
	r=$?
	nD2=$(npoints /mnt/full/D)
	if [ $r -le 1 ] && [ "$nD2" = "$nA" ] && ! grep -q 'running the point again' /tmp/d2.log &&
		[ "$(ntmp /mnt/full/D)" = 0 ]; then
		ok "with space again the sweep resumes from $nD to $nD2 points, none corrupt"
	else
		not_ok "resume after a full disk: exit $r, $nD -> $nD2 points: $(tail -n 2 /tmp/d2.log)"
	fi
	lost=$((lost + nA - nD2))
	umount /mnt/full
else
	skip "a full disk stops the sweep cleanly" "cannot mount a tmpfs in the guest"
fi
# Plotting in the guest: it has no gnuplot.
out=$(p2pbench plot /results/A -o /tmp/plots 2>&1)
r=$?
cases=$((cases + 1))
case $out in
*"not implemented"*) skip "plot without gnuplot says so" "p2pbench plot: not implemented yet" ;;
*gnuplot*) [ $r != 0 ] && ok "plot without gnuplot fails and says so ($(echo "$out" | head -n 1))" ||
	not_ok "plot without gnuplot: exit $r: $out" ;;
*) not_ok "plot without gnuplot: exit $r, no mention of gnuplot: $out" ;;
esac
rel "user cases=$cases lost=$lost"
kml_check "sweeps-$type"
rel_counts "sweeps-$type"
