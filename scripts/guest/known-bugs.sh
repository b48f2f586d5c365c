#!/bin/sh
# One probe per known kernel bug of the base (configs/kernel/known-bugs)
# that p2pbench alone can reach, for the variants suite: on a kernel
# declared to have the bug (P2PBENCH_KNOWN_BUGS) its probe must hit it
# (XFAIL); on a kernel whose variant declares it fixed (P2PBENCH_FIXED_BUGS,
# from the variant's fixes) the probe must come out clean ("fixed");
# a hit where the bug is declared fixed, or no hit where it is declared
# present, fails. Each probe also prints "BUGPROBE name=BUG result=hit|clean"
# for the host.
#
# Boot: --cpu amd (iova-offset and fallback-unmap need the host-bridge pair
# to be THRU_HOST_BRIDGE), the lab kernel or the debug one (--debug):
# dma-debug-mmio needs CONFIG_DMA_API_DEBUG and is skipped without it;
# sgt-leak is seen by kmemleak on the debug kernel and in SUnreclaim on the
# lab kernel (on the debug kernel KASAN's quarantine holds freed objects).
# usage: known-bugs.sh
#
# The probes, in the order they run (dma-debug's WARN is once per boot and
# its error reports stop after the first: dma-debug-mmio goes first):
#   dma-debug-mmio  phys, 1 x 4K, a batch of 16 maps of the same range,
#                   importer DMA: dma-debug's "exceeded 7 overlapping
#                   mappings" WARN
#   iova-offset     helper, 2 x 4K through the host bridge, importer DMA:
#                   map error -EADDRINUSE
#   fallback-unmap  helper, 2 x 4G, 33-bit DMA mask (the dma_map_phys()
#                   fallback; range 2 does not fit): unmap WARNs under the
#                   helper (kernel-log.awk)
#   sgt-leak        helper on the same-switch pair: 200 maps of 4 x 4K and
#                   kmemleak objects allocated under dma_buf_phys_vec_to_sgt()
#                   (debug kernel), or 2,010 maps of 64 x 4K and the growth
#                   of SUnreclaim (4 MB if each leaks its 2 KiB table)
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh

# judge BUG hit|clean|other WHAT DETAIL
judge() {
	echo "BUGPROBE name=$1 result=$2"
	case $2 in
	hit)
		if known "$1"; then
			ok "$1: $3: $4 # XFAIL known kernel bug $1"
		elif fixed "$1"; then
			not_ok "$1: $3: $4: the bug this kernel's variant declares fixed is still there"
		else
			not_ok "$1: $3: $4: a bug this kernel is not declared to have"
		fi ;;
	clean)
		if fixed "$1"; then
			ok "$1: $3: $4: known kernel bug $1 fixed"
		elif known "$1"; then
			not_ok "$1: $3: $4: the probe did not reproduce known bug $1"
		else
			ok "$1: $3: $4"
		fi ;;
	*) not_ok "$1: $3: $4" ;;
	esac
}

# counts: kernel-log.awk over the whole log; delta FIELD BEFORE AFTER.
field() { echo "$2" | awk -v f="$1" '{ print $f }'; }

verdict() { echo "$1" | sed -n 's/^verdict *\([a-z-]*\).*/\1/p' | head -n 1; }
status() { echo "$1" | sed -n 's/^verdict .* status \(-*[0-9]*\).*/\1/p' | head -n 1; }

probe_dma_debug_mmio() {
	local c0 c1 out rc what="phys, 1 x 4K, batch 16, importer DMA"
	if [ ! -d $D/dma-api ]; then
		echo "BUGPROBE name=dma-debug-mmio result=none"
		skip "dma-debug-mmio: $what" "the kernel has no CONFIG_DMA_API_DEBUG"
		return
	fi
	rel_bind hostbridge DMA >/dev/null || return
	c0=$(counts_now)
	out=$(p2pbench run --method phys --ranges 1 --size 4K --batch 16 --iterations 16 --warmup 0 2>&1)
	rc=$?
	c1=$(counts_now)
	# fields: 2 warn, 7 dma_debug_mmio
	if [ $rc != 0 ]; then
		judge dma-debug-mmio other "$what" "the point did not pass (exit $rc): $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	elif [ "$(field 2 "$c1")" != "$(field 2 "$c0")" ]; then
		judge dma-debug-mmio other "$what" "another WARN in the kernel log"
	elif [ "$(field 7 "$c1")" != "$(field 7 "$c0")" ]; then
		judge dma-debug-mmio hit "$what" "dma-debug's \"exceeded 7 overlapping mappings\" WARN"
	else
		judge dma-debug-mmio clean "$what" "no dma-debug WARN"
	fi
}

probe_iova_offset() {
	local out v s what="helper, 2 x 4K through the host bridge, importer DMA"
	rel_bind hostbridge DMA >/dev/null || return
	out=$(p2pbench run --method helper --ranges 2 --size 4K --iterations 5 --warmup 1 2>&1)
	v=$(verdict "$out")
	s=$(status "$out")
	case "$v $s" in
	"map-error -98") judge iova-offset hit "$what" "map-error -98 (EADDRINUSE)" ;;
	"pass "*) judge iova-offset clean "$what" "pass" ;;
	*) judge iova-offset other "$what" "verdict '$v' status '$s'" ;;
	esac
}

probe_fallback_unmap() {
	local c0 c1 out v what="helper, 2 x 4G, 33-bit DMA mask (dma_map_phys fallback), importer DMA"
	rel_bind hostbridge DMA >/dev/null || return
	c0=$(counts_now)
	out=$(p2pbench run --method helper --ranges 2 --size 4G --dma-bits 33 --iterations 2 --warmup 0 2>&1)
	v=$(verdict "$out")
	c1=$(counts_now)
	# fields: 2 warn, 9 fallback_unmap
	if [ "$v" != map-error ] && [ "$v" != pass ]; then
		judge fallback-unmap other "$what" "verdict '$v': $(echo "$out" | tail -n 2 | tr '\n' ' ')"
	elif [ "$(field 2 "$c1")" != "$(field 2 "$c0")" ]; then
		judge fallback-unmap other "$what" "a WARN outside the helper's unmap"
	elif [ "$(field 9 "$c1")" != "$(field 9 "$c0")" ]; then
		judge fallback-unmap hit "$what" "$v; $(($(field 9 "$c1") - $(field 9 "$c0"))) unmap WARN(s) under the helper"
	else
		judge fallback-unmap clean "$what" "$v; no unmap WARN"
	fi
}

sunreclaim() { awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo; }

probe_sgt_leak_slab() {
	local s0 s1 g rc what="helper, 2,010 maps of 64 x 4K, same-switch pair, importer DMA"
	rel_bind switch DMA >/dev/null || return
	s0=$(sunreclaim)
	p2pbench run --method helper --ranges 64 --size 4K --iterations 2000 --warmup 10 >/dev/null 2>&1
	rc=$?
	s1=$(sunreclaim)
	g=$((s1 - s0))
	if [ $rc != 0 ]; then
		judge sgt-leak other "$what" "the point did not pass (exit $rc)"
	elif [ $g -ge 2000 ]; then
		judge sgt-leak hit "$what" "SUnreclaim +$g kB (2 KiB per map leaked: +4020 kB)"
	elif [ $g -lt 400 ]; then
		judge sgt-leak clean "$what" "SUnreclaim +$g kB"
	else
		judge sgt-leak other "$what" "SUnreclaim +$g kB, between a leak (+4020) and none"
	fi
}

probe_sgt_leak() {
	local n k out rc what="helper, 200 maps of 4 x 4K, same-switch pair, importer DMA"
	[ -w "$KML" ] || { probe_sgt_leak_slab; return; }
	rel_bind switch DMA >/dev/null || return
	echo scan >"$KML"
	echo clear >"$KML"
	out=$(p2pbench run --method helper --ranges 4 --size 4K --iterations 200 --warmup 0 2>&1)
	rc=$?
	# kmemleak reports an object older than 5 s whose checksum held still
	# over two scans.
	sleep 6
	echo scan >"$KML"
	sleep 1
	echo scan >"$KML"
	cat "$KML" >/tmp/kmemleak.txt
	n=$(grep -c '^unreferenced object' /tmp/kmemleak.txt)
	k=$(awk '/^unreferenced object/ { if (h) c++; h = 0 } /dma_buf_phys_vec_to_sgt/ { h = 1 } END { if (h) c++; print c + 0 }' /tmp/kmemleak.txt)
	echo clear >"$KML"
	if [ $rc != 0 ]; then
		judge sgt-leak other "$what" "the point did not pass (exit $rc)"
	elif [ "$k" -ge 100 ]; then
		judge sgt-leak hit "$what" "kmemleak: $k scatterlists leaked under dma_buf_phys_vec_to_sgt()"
	elif [ "$k" = 0 ]; then
		judge sgt-leak clean "$what" "kmemleak: no scatterlist leaked ($n other object(s))"
	else
		judge sgt-leak other "$what" "kmemleak: $k scatterlists leaked, fewer than one per two maps"
	fi
}

echo "# known bugs: '${P2PBENCH_KNOWN_BUGS:-}'; declared fixed: '${P2PBENCH_FIXED_BUGS:-}'"
probe_dma_debug_mmio
probe_iova_offset
probe_fallback_unmap
probe_sgt_leak
exit 0
