#!/bin/sh
# Lifecycle under load (reliability suite): unbind the exporter or the
# importer during a run, rmmod during a run, several processes at once,
# signals during a long run. Each must end with an error or a correct
# result within a bound, leave nothing mapped and no kernel thread behind,
# and the next run must pass.
# usage: rel-life.sh PAIR TYPE [full]
# Without "full" (CI): the unbinds cover each method family once and the
# SIGKILL-at-start race is tried 10 times; "full": every method for both
# devices, 40 tries, SIGHUP too.
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh
pair=${1:-switch}
type=${2:-DMA}
full=${3:-}
rel_bind "$pair" "$type" || exit 1
kml_start
LONG="--nr 16 --len 0x10000 --gap 0x1000 --threads 2 --duration 20000"
scenarios=0

now() { awk '{ print $1 }' /proc/uptime; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# bg OUTFILE ARGS...: a point in the background; BG is its pid.
bg() {
	out=$1
	shift
	p2pbench_fuzz --point "$@" >"$out" 2>&1 &
	BG=$!
}

# wait_exit PID SECONDS: wait for PID at most SECONDS; RC is its status.
wait_exit() {
	we_n=0
	while kill -0 "$1" 2>/dev/null; do
		we_n=$((we_n + 1))
		[ $we_n -gt $(($2 * 10)) ] && return 1
		sleep 0.1
	done
	wait "$1"
	RC=$?
	return 0
}

# The point's kernel threads exist: the run is in its timed phase.
running() {
	r_n=0
	while [ "$(kthreads)" = 0 ]; do
		r_n=$((r_n + 1))
		[ $r_n -gt 100 ] && return 1
		sleep 0.1
	done
	sleep 0.5
}

no_threads() {
	sleep 0.5
	if [ "$(kthreads)" != 0 ]; then
		not_ok "$1: $(kthreads) p2pbench kernel thread(s) left behind"
	else
		ok "$1: no p2pbench kernel thread left"
	fi
}

after() {
	no_threads "$1"
	no_mappings "$1" "$IMP"
	out=$(p2pbench_fuzz --point --method "${2:-phys}" --nr 2 --len 0x10000 --gap 0x1000 \
		--iterations 4 --flags 1) && ok "$1: the next run passes" ||
		not_ok "$1: the next run: $out"
	scenarios=$((scenarios + 1))
}

# ---- unbind a device of the pair during a run ----
# (method families: per-range DMA API, one IOVA range, the dma-buf helper,
# the dma-buf core)
for vm in exporter:phys exporter:helper importer:iova importer:attach \
	${full:+exporter:iova exporter:attach importer:phys importer:helper}; do
	victim=${vm%%:*} m=${vm#*:}
	{
		base=$(good_point $m) || { skip "unbind $victim during a $m run" "$m does not pass here: $base"; continue; }
		bg /tmp/bg.out --method $m $LONG
		running || { not_ok "unbind $victim during $m: the run did not start: $(cat /tmp/bg.out)"; continue; }
		dev=$EXP
		[ $victim = importer ] && dev=$IMP
		t0=$(now)
		echo "$dev" >/sys/bus/pci/drivers/p2pbench/unbind
		tu=$(elapsed "$t0")
		if wait_exit $BG 10; then
			line=$(cat /tmp/bg.out)
			case $line in
			*errno=ENODEV*) ok "unbind $victim during $m: run stopped with ENODEV ${tu}s after unbind ($line)" ;;
			*) not_ok "unbind $victim during $m: exit $RC: $line" ;;
			esac
		else
			not_ok "unbind $victim during $m: the run still going 10 s after unbind (hang)"
			kill -9 $BG
		fi
		rel "scenario unbind-$victim-$m unbind_s=$tu rc=$RC lost=$(grep -q 'errno=ENODEV' /tmp/bg.out && echo 0 || echo 1)"
		p2pbench bind --exporter "$EXP:2" --importer "$IMP" >/dev/null ||
			not_ok "rebind after unbinding the $victim"
		group_type "$IMP" "$type"
		after "unbind $victim during $m" $m
	}
done

# ---- rmmod during a run ----
# The open control file holds a module reference: rmmod must be refused
# while the run goes on; the run is then stopped with SIGINT.
bg /tmp/bg.out --method phys --nr 16 --len 0x10000 --gap 0x1000 --threads 2 --duration 30000
running
out=$(rmmod p2pbench 2>&1)
r=$?
still=0
kill -0 $BG 2>/dev/null && still=1
if [ $r != 0 ] && [ $still = 1 ]; then
	ok "rmmod during a run is refused ($out)"
elif [ $still = 0 ]; then
	not_ok "rmmod during a run: the run was already over, test inconclusive: $(cat /tmp/bg.out)"
else
	not_ok "rmmod during a run succeeded"
fi
kill -INT $BG
if wait_exit $BG 30; then
	[ $RC = 130 ] && ok "the run rmmod could not stop ends on SIGINT" ||
		not_ok "the run during rmmod: exit $RC: $(cat /tmp/bg.out)"
else
	not_ok "the run during rmmod hangs"
fi
rel "scenario rmmod-during-run refused=$([ $r != 0 ] && echo 1 || echo 0) lost=$([ $RC = 130 ] && echo 0 || echo 1)"
out=$(rmmod p2pbench 2>&1) && ok "rmmod once the run is over" || not_ok "rmmod after the run: $out"
no_threads "rmmod"
insmod /lib/modules/p2pbench.ko && ok "insmod again" || not_ok "insmod again"
p2pbench bind --exporter "$EXP:2" --importer "$IMP" >/dev/null || not_ok "bind after reload"
group_type "$IMP" "$type"
after "rmmod during a run, reload"

# ---- several processes at once ----
bg /tmp/p1.out --method phys --nr 8 --len 0x10000 --gap 0x1000 --threads 2 --iterations 2000
p1=$BG
bg /tmp/p2.out --method helper --nr 1 --len 0x100000 --threads 3 --iterations 2000
p2=$BG
bg /tmp/p3.out --method iova --nr 8 --len 0x10000 --gap 0x1000 --threads 1 --iterations 2000
p3=$BG
i=0
while [ $i -lt 20 ]; do
	p2pbench info >/dev/null 2>&1 || { not_ok "INFO while runs queue"; break; }
	i=$((i + 1))
done
# A SETUP of the same pair while runs are queued: waits its turn.
p2pbench bind --exporter "$EXP:2" --importer "$IMP" >/dev/null 2>&1 || not_ok "SETUP while runs queue"
allok=1
for p in $p1 $p2 $p3; do
	wait_exit $p 120 || { allok=0; not_ok "concurrent run $p hangs"; kill -9 $p; }
done
for f in /tmp/p1.out /tmp/p2.out /tmp/p3.out; do
	case $(cat $f) in
	*"errno=0 verdict=pass"*) ;;
	*"errno=EOPNOTSUPP"*) echo "# $(cat $f) (method not available here)" ;;
	*) allok=0; not_ok "concurrent run: $(cat $f)" ;;
	esac
done
[ $allok = 1 ] && ok "three processes running points at once, with INFO and SETUP in between: all pass"
rel "scenario concurrent-3-processes lost=$((1 - allok))"
after "concurrent processes"

# ---- signals during a long run ----
for sig in INT TERM KILL ${full:+HUP QUIT}; do
	bg /tmp/bg.out --method phys $LONG
	running
	t0=$(now)
	kill -$sig $BG
	if wait_exit $BG 10; then
		ts=$(elapsed "$t0")
		if [ $RC -ge 128 ]; then
			ok "SIG$sig stops a 20 s run in ${ts}s (exit $RC)"
		else
			not_ok "SIG$sig: the run ended with $RC: $(cat /tmp/bg.out)"
		fi
	else
		ts=hang
		not_ok "SIG$sig: the run did not stop within 10 s"
		kill -9 $BG
	fi
	rel "scenario signal-$sig stop_s=$ts rc=$RC lost=$([ "$ts" = hang ] && echo 1 || echo 0)"
	after "SIG$sig during a run"
done
# A handled signal is not fatal: the run goes on and returns its result.
bg /tmp/bg.out --method phys --nr 4 --len 0x10000 --threads 2 --duration 10000 --usr1-handler
running
kill -USR1 $BG
kill -STOP $BG
sleep 1
kill -CONT $BG
if wait_exit $BG 20; then
	case $(cat /tmp/bg.out) in
	*"errno=0 verdict=pass"*"usr1=1"*) ok "a handled SIGUSR1 and SIGSTOP/SIGCONT do not disturb the run" ;;
	*) not_ok "handled signal: $(cat /tmp/bg.out)" ;;
	esac
else
	not_ok "handled signal: the run hangs"
fi
rel "scenario signal-USR1-STOP-CONT lost=$(grep -q 'errno=0 verdict=pass' /tmp/bg.out && echo 0 || echo 1)"
after "handled signals"

# ---- a fatal signal right as a many-threaded run starts ----
# Threads wait for thread 0's calibration; the ioctl must not wait forever
# for a thread that was stopped before it ran.
i=0 hung=0
delays="0 0.01 0.02 0.05 0.1 0 0.03 0.04 0.06 0.15"
[ -n "$full" ] && delays="$delays $delays $delays $delays"
for d in $delays; do
	p2pbench_fuzz --point --method phys --threads 64 --nr 1 --len 0x1000 \
		--duration 2000 >/tmp/bg.out 2>&1 &
	BG=$!
	[ "$d" = 0 ] || sleep $d
	kill -9 $BG
	if ! wait_exit $BG 15; then
		hung=1
		not_ok "SIGKILL ${d}s into a 64-thread run (try $i): the process does not exit within 15 s (hang)"
		for p in $(grep -l '^p2pbench' /proc/[0-9]*/comm | cut -d/ -f3); do
			echo "# $p $(cat /proc/$p/comm) $(cat /proc/$p/wchan 2>/dev/null): $(cat /proc/$p/stack 2>/dev/null | head -n 6 | tr '\n' ' ')"
		done
		break
	fi
	i=$((i + 1))
done
rel "scenario sigkill-at-start tries=$i hung=$hung lost=$hung"
if [ $hung = 0 ]; then
	ok "SIGKILL at the start of a 64-thread run, $i times: every run ends"
	after "SIGKILL at the start of runs"
fi

rel "lifecycle scenarios=$scenarios"
kml_check "lifecycle-$type"
rel_counts "lifecycle-$type"
