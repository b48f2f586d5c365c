#!/bin/sh
# Fault injection into every method's map and unmap (reliability suite).
# usage: rel-fault.sh PAIR TYPE [full]     e.g. switch DMA
#
# 1. Kernel-thread side, where the methods prepare, map and unmap:
#    failslab and fail_page_alloc, their stack filter confined to one
#    function of the module (an allocation is eligible only when a return
#    address on the stack lies in it): thread_fn (per-thread prepare),
#    do_batch (the map of a batch) armed for one failure after a "space"
#    budget of 0, 128, ... bytes (the first, a later allocation), and each
#    method's unmap with every allocation below it failing.
# 2. ioctl side: /proc/thread-self/fail-nth fails the Nth fault site
#    (slab, page, usercopy) of the RUN ioctl itself, N = 1, 2, ... until
#    the run no longer reaches N.
# An injected fault must give an error (ioctl errno, or a map-error
# verdict with a negative status), unless the allocation that failed has
# a fallback in the kernel (__GFP_NOWARN allocations, which fail without a
# stack dump: kvmalloc() then tries vmalloc()); a run that the fault did
# not reach must pass. Each fault's call chain comes from the
# FAULT_INJECTION stack dump. Afterwards nothing may be left mapped, the
# 32-bit IOVA space must hold as much as before, kmemleak must find
# nothing and the next run must pass.
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh
pair=${1:-switch}
type=${2:-DMA}
full=${3:-}
rel_bind "$pair" "$type" || exit 1
kml_start
if [ "$type" = DMA ] || [ "$type" = DMA-FQ ]; then
	cap_before=$(iova_capacity)
	echo "# 32-bit IOVA space holds $cap_before ranges of 64 MiB before the faults"
fi

POINT="--nr 4 --len 0x10000 --gap 0x1000 --iterations 2 --warmup 0 --batch 1 --threads 1"

arm_defaults() {
	local a=$D/$1
	echo 0 >$a/probability
	echo N >$a/ignore-gfp-wait
	[ -e $a/ignore-gfp-highmem ] && echo N >$a/ignore-gfp-highmem
	[ -e $a/min-order ] && echo 0 >$a/min-order
	echo N >$a/task-filter
	echo 1 >$a/interval
	echo 2 >$a/verbose
	echo 0 >$a/verbose_ratelimit_interval_ms
	echo 32 >$a/stacktrace-depth
	echo "$2" >$a/require-start
	echo "$3" >$a/require-end
}
for a in failslab fail_page_alloc; do
	[ -d $D/$a ] || { not_ok "$a in debugfs (CONFIG_FAULT_INJECTION_DEBUG_FS)"; exit 1; }
done

# Where the last forced failure was: the first functions of the stack dump
# after the fault-injection frames, innermost first.
last_site() {
	dmesg | awk '/FAULT_INJECTION: forcing a failure/ { n = 0; s = ""; cnt = 0; next }
		/Call Trace:/ { n = 1; next }
		n >= 1 && n < 40 && /^\[.*\]  *[a-zA-Z_][a-zA-Z0-9_.]*\+0x/ {
			f = $0; sub(/^\[[^]]*\] */, "", f); sub(/\+.*/, "", f); n++
			if (f ~ /^(dump_stack|dump_stack_lvl|should_fail|should_fail_ex|should_failslab|__should_failslab|should_fail_alloc_page|fail_dump|prepare_alloc_pages|__alloc_frozen_pages_noprof|__alloc_pages_noprof|alloc_pages_mpol|alloc_pages_noprof|alloc_slab_page|allocate_slab|new_slab|___slab_alloc|__slab_alloc|slab_pre_alloc_hook|slab_alloc_node|__kmalloc|kmalloc_|__kmalloc_|kmem_cache_alloc|__kvmalloc|kvmalloc|__alloc_pages|alloc_pages|folio_alloc|__folio_alloc|get_page_from_freelist|__get_free_pages|kasan_|kmemleak_|should_fail_usercopy|_copy_to_user|_copy_from_user|copy_to_user|copy_from_user|_inline_copy)/) next
			if (cnt < 4) { s = s (cnt ? "<" : "") f; cnt++ }
			next }
		END { print s }'
}

# Allocations with a fallback: their failure is absorbed by design.
tolerated_site() {
	case $1 in
	*iova_magazine*|*iova_rcache*|*__alloc_and_insert_iova*|*stack_depot*|*kmemleak*|*debug_dma*|*dma_entry*) return 0 ;;
	esac
	return 1
}

injected=0 errors=0 tolerated=0 swallowed=0 sites=
# judge LABEL RESULT-LINE INJECTED(0/1) NEW-DUMPS: an injected fault must
# give an error, unless it hit an allocation with a fallback: silent ones
# (__GFP_NOWARN, no stack dump: kvmalloc() falling back to vmalloc()) or
# one of tolerated_site().
judge() {
	local label=$1 line=$2 inj=$3 nd=${4:-1} e v st site
	e=$(echo "$line" | sed -n 's/.*errno=\([^ ]*\).*/\1/p')
	v=$(echo "$line" | sed -n 's/.* verdict=\([^ ]*\).*/\1/p')
	st=$(echo "$line" | sed -n 's/.* status=\([^ ]*\).*/\1/p')
	[ "$inj" = 1 ] || return 0
	injected=$((injected + 1))
	if [ "$nd" = 0 ]; then
		site="(silent __GFP_NOWARN allocation)"
	else
		site=$(last_site)
	fi
	case " $sites " in *" $site "*) ;; *) [ "$nd" = 0 ] || sites="$sites $site" ;; esac
	if [ "$e" != 0 ] || { [ "$v" = map-error ] && [ "$st" -lt 0 ]; }; then
		errors=$((errors + 1))
		echo "#   $label: fault at $site -> errno $e verdict $v status $st"
		return 0
	fi
	if { [ "$v" = pass ] || [ "$v" = none ]; } && { [ "$nd" = 0 ] || tolerated_site "$site"; }; then
		tolerated=$((tolerated + 1))
		echo "#   $label: fault at $site absorbed by a fallback; the point passed"
		return 0
	fi
	swallowed=$((swallowed + 1))
	not_ok "$label: fault at $site gave no error: $line"
	return 0
}

# ---- 1. kernel-thread side: the stack filter on one function ----
# [start, end) of a function of the module: its kallsyms address and the
# next symbol's. Only allocations with a return address in it (a call
# made below it) are eligible.
# (/proc/kallsyms is slow to read on the debug kernel: read it once.)
grep '\[p2pbench\]' /proc/kallsyms | awk '{ print $1, $3 }' | sort >/tmp/p2pbench.syms
func_range() {
	awk -v f="$1" '$2 == f { s = $1; next } s != "" { print "0x" s, "0x" $1; exit }' /tmp/p2pbench.syms
}
dumps() { dmesg | grep -c 'FAULT_INJECTION: forcing a failure'; }

# trial LABEL ATTR FUNC SPACE TIMES METHOD: arm ATTR below FUNC, run a point.
trial() {
	local label=$1 a=$2 fn=$3 space=$4 times=$5 m=$6 r d0 line left
	r=$(func_range "$fn")
	[ -n "$r" ] || { echo "# no symbol $fn"; return 2; }
	arm_defaults $a $r
	echo $times >$D/$a/times
	echo $space >$D/$a/space
	d0=$(dumps)
	echo 100 >$D/$a/probability
	line=$(p2pbench_fuzz --point --method $m $POINT)
	echo 0 >$D/$a/probability
	left=$(cat $D/$a/times)
	TRIAL_INJECTED=$((times - left))
	[ $TRIAL_INJECTED = 0 ] && { TRIAL_LINE=$line; return 1; }
	judge "$label" "$line" 1 "$(( $(dumps) - d0 ))"
	injected=$((injected + TRIAL_INJECTED - 1))
}

methods="null resource phys iova busaddr helper attach"
for m in $methods; do
	base=$(p2pbench_fuzz --point --method $m $POINT)
	if [ $? != 0 ]; then
		skip "fault injection, method $m" "the point does not pass without faults: $base"
		continue
	fi
	bad0=$swallowed n0=$injected
	# prepare (per-thread state, the dma-buf for helper/attach) and the
	# first allocations of the first map/unmap batch.
	for a in failslab fail_page_alloc; do
		trial "$m $a thread start" $a thread_fn 0 1 $m
		for space in 0 128 ${full:+512 2048}; do
			trial "$m $a map batch space=$space" $a do_batch $space 1 $m || break
		done
	done
	# unmap: every allocation below the method's unmap fails.
	for a in failslab fail_page_alloc; do
		if trial "$m $a every unmap allocation" $a ${m}_unmap 0 100000 $m; then
			echo "#   $m $a: $TRIAL_INJECTED allocation(s) under ${m}_unmap failed"
		elif [ $? = 1 ]; then
			case $TRIAL_LINE in
			*"errno=0 verdict=pass"*|*"errno=0 verdict=none"*)
				echo "#   $m $a: ${m}_unmap allocates nothing; the point passes with every allocation below it failing" ;;
			*) not_ok "$m $a: with unmap allocations failing: $TRIAL_LINE"; swallowed=$((swallowed + 1)) ;;
			esac
		fi
	done
	[ $swallowed = $bad0 ] &&
		ok "$m: failslab/fail_page_alloc in prepare, map and unmap: $((injected - n0)) fault(s), each an error or absorbed"
	no_mappings "after faults in $m" "$IMP"
	out=$(good_point "$m") && ok "$m: a point passes after the faults" ||
		not_ok "$m: a point after the faults: $out"
done

# ---- 2. the RUN ioctl's own task: fail-nth ----
for a in failslab fail_page_alloc; do
	arm_defaults $a 0 0xffffffffffffffff
done
[ -e $D/fail_usercopy ] && arm_defaults fail_usercopy 0 0xffffffffffffffff
for m in phys ${full:+helper iova}; do
	n=1 bad0=$swallowed
	while [ $n -le 64 ]; do
		d0=$(dumps)
		line=$(p2pbench_fuzz --point --method $m $POINT --fail-nth $n)
		inj=$(echo "$line" | sed -n 's/.* injected=\([-0-9]*\).*/\1/p')
		if [ "$inj" = 1 ]; then
			judge "$m fail-nth=$n" "$line" 1 "$(( $(dumps) - d0 ))"
		else
			case $line in
			*"errno=0 verdict=pass"*) ;;
			*) swallowed=$((swallowed + 1)); not_ok "$m fail-nth=$n: not injected, yet: $line" ;;
			esac
			break
		fi
		n=$((n + 1))
	done
	[ $swallowed = $bad0 ] && ok "$m: fail-nth 1..$((n - 1)) of the RUN ioctl: every fault an error or absorbed"
	no_mappings "after fail-nth in $m" "$IMP"
done
for a in failslab fail_page_alloc fail_usercopy; do
	[ -d $D/$a ] && echo 0 >$D/$a/probability
done

echo "# fault sites reached:"
for s in $sites; do echo "#   $s"; done
rel "faults injected=$injected errors=$errors tolerated=$tolerated swallowed=$swallowed sites=$(echo $sites | wc -w)"
[ $swallowed = 0 ] && ok "faults: $injected injected, $errors gave errors, $tolerated absorbed by kernel fallbacks, 0 swallowed" ||
	not_ok "faults: $swallowed of $injected injected faults gave no error"

# ---- afterwards ----
if [ "$type" = DMA ] || [ "$type" = DMA-FQ ]; then
	cap_after=$(iova_capacity)
	rel "iova_capacity before=$cap_before after=$cap_after"
	if [ "$cap_after" = "$cap_before" ] && [ "$cap_before" -gt 0 ]; then
		ok "the 32-bit IOVA space holds $cap_after ranges of 64 MiB after the faults, as before"
	else
		not_ok "the 32-bit IOVA space held $cap_before ranges of 64 MiB before the faults, $cap_after after (IOVA leaked)"
	fi
fi
kml_check "faults-$type"
out=$(good_point phys) && ok "the module still passes a point after all faults" ||
	not_ok "a point after all faults: $out"
rel_counts "faults-$type"
