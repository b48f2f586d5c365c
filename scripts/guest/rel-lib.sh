# Helpers of the reliability suite in the guest (debug kernel: KASAN,
# kmemleak, lockdep, fault injection, DMA API debug, IOMMU debugfs).
# Sourced by busybox sh scripts after /lab/guest/pair.sh.
#
# Every check reports what it measured in a "REL name=value" line too, so the
# host can build the README table from the console log alone.

D=/sys/kernel/debug
KML=$D/kmemleak

rel() { echo "REL $*"; }

# The kernel's taint mask (a WARN sets 0x200, an oops 0x80, KASAN 0x20).
taint() { cat /proc/sys/kernel/tainted; }

# Counters of what must stay zero, from the kernel log (kernel-log.awk):
# oopses, WARNs, KASAN reports, BUGs, lockdep reports, hung tasks, then
# the reports of the known kernel bugs dma-debug-mmio, pciehp-lockdep and
# fallback-unmap.
counts_now() { dmesg | awk -f /lab/guest/kernel-log.awk; }

# known BUG: is BUG in P2PBENCH_KNOWN_BUGS (configs/kernel/known-bugs)?
known() { case " ${P2PBENCH_KNOWN_BUGS:-} " in *" $1 "*) return 0 ;; esac; return 1; }
# fixed BUG: does the kernel's variant declare BUG fixed (its fixes,
# P2PBENCH_FIXED_BUGS)? Then a test that hit it on the base must pass.
fixed() { case " ${P2PBENCH_FIXED_BUGS:-} " in *" $1 "*) return 0 ;; esac; return 1; }

# rel_counts NAME: what this script added to the counters (several
# scripts share one boot), DMA-API debug errors, the taint mask.
rel_counts() {
	set -- "$1" $(counts_now) $(cat /tmp/rel-counts.base 2>/dev/null || echo 0 0 0 0 0 0 0 0 0)
	rel "$1 oops=$(($2 - ${11})) warn=$(($3 - ${12})) kasan=$(($4 - ${13})) bug=$(($5 - ${14})) lockdep=$(($6 - ${15})) hung=$(($7 - ${16})) known_dma_debug_mmio=$(($8 - ${17})) known_pciehp_lockdep=$(($9 - ${18})) known_fallback_unmap=$((${10} - ${19})) dma_debug=$(dmadebug_errors) taint=$(taint)"
}

# kmemleak: objects allocated from here on are the test's. Boot-time
# objects are scanned and marked once so they are never reported later.
kml_start() {
	local n
	counts_now >/tmp/rel-counts.base
	[ -w $KML ] || { echo "# no kmemleak"; return 1; }
	# Once per boot: a later script finds the earlier leaks cleared.
	[ -e /tmp/rel-kml-started ] && return 0
	touch /tmp/rel-kml-started
	echo scan >$KML
	n=$(grep -c '^unreferenced object' $KML)
	echo clear >$KML
	echo "# kmemleak: $n boot-time object(s) reported and cleared before the tests"
	rel "kmemleak_boot=$n"
}

# kml_check NAME: scan (objects younger than 5 s are never reported, and
# an object is reported once its checksum held still over two scans, so
# wait and scan twice), count new leaks, keep the report in /results.
# Leaks allocated under dma_buf_phys_vec_to_sgt() are counted apart: in
# 7.2.12 dma_buf_free_sgt() frees the table with sg_free_table(), which
# walks orig_nents, and dma_buf_phys_vec_to_sgt() set orig_nents to 0, so
# every helper/attach mapping leaks its scatterlist (a kernel bug this
# suite found; see README "Reliability").
kml_check() {
	local n k
	[ -w $KML ] || { skip "$1: no kmemleak leaks" "kmemleak not available"; return 0; }
	sleep 6
	echo scan >$KML
	sleep 1
	echo scan >$KML
	# One read: the report is generated anew on every read.
	cat $KML >/tmp/kmemleak.txt
	n=$(grep -c '^unreferenced object' /tmp/kmemleak.txt)
	k=$(awk '/^unreferenced object/ { if (h) c++; h = 0 } /dma_buf_phys_vec_to_sgt/ { h = 1 } END { if (h) c++; print c + 0 }' /tmp/kmemleak.txt)
	# Keep the report, up to 2 MB of it.
	[ "$n" = 0 ] || head -c 2000000 /tmp/kmemleak.txt >/results/kmemleak-$1.txt
	if [ "$k" = 0 ] && fixed sgt-leak; then
		ok "$1: kmemleak: no scatterlist leaked by dma_buf_free_sgt(): known kernel bug sgt-leak fixed"
	elif [ "$k" != 0 ]; then
		if known sgt-leak; then
			ok "$1: kmemleak: $k scatterlist(s) leaked by the kernel's dma_buf_free_sgt() # XFAIL known kernel bug sgt-leak"
		else
			not_ok "$1: kmemleak: $k scatterlist(s) leaked under dma_buf_phys_vec_to_sgt() (the sgt-leak bug, on a kernel not declared to have it)"
		fi
	fi
	if [ "$((n - k))" = 0 ]; then
		ok "$1: kmemleak finds no other leak"
	else
		awk '/^unreferenced object/ { if (r !~ /dma_buf_phys_vec_to_sgt/) printf "%s", r; r = "" } { r = r "# " $0 "\n" }
			END { if (r !~ /dma_buf_phys_vec_to_sgt/) printf "%s", r }' /tmp/kmemleak.txt | head -n 40
		not_ok "$1: kmemleak finds $((n - k)) leaked object(s) (report in kmemleak-$1.txt)"
	fi
	rel "kmemleak name=$1 leaks=$n kernel_free_sgt=$k"
	echo clear >$KML
}

# Leaf IOPTEs present in a device's IOMMU domain: a mapping left behind
# by a failed, interrupted or aborted run shows up here. Prints -1 when
# the device has no translation table to show (identity, no IOMMU).
iopte_count() {
	local f=$D/iommu/intel/$1/domain_translation_struct
	[ -r "$f" ] || { echo -1; return; }
	grep -c '^0x' "$f"
}

# Mappings the DMA API debug code tracks for a device (dma_map_phys,
# dma_map_resource; not dma_iova_link, which it does not see).
dmadebug_count() {
	[ -r $D/dma-api/dump ] || { echo -1; return; }
	grep -c "$1" $D/dma-api/dump
}

# Errors DMA-API debugging has found since boot (error_count; num_errors
# is how many more of them it will print, 1 by default).
dmadebug_errors() {
	cat $D/dma-api/error_count 2>/dev/null || echo -1
}

# no_mappings NAME BDF: nothing of a run is still mapped for BDF.
no_mappings() {
	local p m
	p=$(iopte_count "$2")
	m=$(dmadebug_count "$2")
	if [ "$p" -le 0 ] && [ "$m" -le 0 ]; then
		ok "$1: nothing left mapped for $2 (IOPTEs $p, DMA-API entries $m; -1: not shown)"
	else
		not_ok "$1: $p IOPTE(s) and $m DMA-API mapping(s) left for $2"
		head -n 20 $D/iommu/intel/$2/domain_translation_struct 2>/dev/null | sed 's/^/# /'
	fi
	rel "mappings name=$1 iopte=$p dmaapi=$m"
}

# Kernel threads of a running point ("p2pbench/N").
kthreads() {
	cat /proc/[0-9]*/comm 2>/dev/null | grep -c '^p2pbench/'
}

# A point the module must pass on a healthy pair; METHOD defaults to phys.
good_point() {
	p2pbench_fuzz --point --method "${1:-phys}" --nr 4 --len 0x10000 --gap 0x1000 \
		--threads 2 --iterations 16 --flags 1
}

# rel_bind PAIR TYPE: bind the pair, switch the importer's group, SETUP.
# Sets EXP and IMP.
rel_bind() {
	EXP=$(pair_exporter "$1") || { not_ok "exporter of pair '$1' present"; return 1; }
	IMP=$(pair_importer) || { not_ok "edu importer present"; return 1; }
	if [ "$2" != off ]; then
		group_type "$IMP" "$2" || { not_ok "importer group switches to $2"; return 1; }
	fi
	p2pbench bind --exporter "$EXP:2" --importer "$IMP" >/dev/null ||
		{ not_ok "p2pbench bind $EXP:2 $IMP"; return 1; }
	group_type "$IMP" "$2" || { not_ok "importer group is $2 after binding"; return 1; }
	export P2PBENCH_EXPORTER=$EXP:2 P2PBENCH_IMPORTER=$IMP
	echo "# pair $1: exporter $EXP importer $IMP, importer group $2"
}

# How many 64 MiB ranges map at once under a 32-bit DMA mask (phys: one
# IOVA each). A failed allocation flushes the IOVA caches before it gives
# up, so this measures the allocator's free space exactly: an IOVA that a
# run forgot to free lowers it.
iova_capacity() {
	local lo=0 hi=64 mid
	while [ $((hi - lo)) -gt 1 ]; do
		mid=$(((lo + hi) / 2))
		if p2pbench_fuzz --point --method phys --nr $mid --len 0x4000000 \
			--dma-bits 32 --iterations 1 --warmup 0 --batch 1 >/dev/null; then
			lo=$mid
		else
			hi=$mid
		fi
	done
	echo $lo
}
