# kernel-log.awk: count what must stay zero in a kernel log (dmesg), with
# the reports of known kernel bugs (configs/kernel/known-bugs) counted
# apart. Used by the reliability suite in the guest (rel-lib.sh, on live
# dmesg) and on the host (scripts/tests/reliability.sh, on each boot's
# saved dmesg), so both classify alike. busybox awk and gawk.
#
# Prints one line of space-separated counts:
#   oops warn kasan bug lockdep hung dma_debug_mmio pciehp_lockdep fallback_unmap
# oops     Oops, general protection faults, panics
# warn     WARNING: lines, except lockdep's and the known dma-debug one
# kasan    "BUG: KASAN" reports (also counted in bug)
# bug      BUG: lines (KASAN, soft lockups, sleeping in atomic context, ...)
# lockdep  lockdep and RCU reports, except the known pciehp one
# hung     hung task reports
# dma_debug_mmio  dma-debug's "exceeded 7 overlapping mappings" WARN: it
#          counts DMA_ATTR_MMIO mappings as CPU cachelines
# pciehp_lockdep  lockdep's pci_rescan_remove_lock vs reset_lock report
#          from pciehp_unconfigure_device() on a surprise-less device_del
#          in a nested hotplug slot
# fallback_unmap  WARNs of unmapping a size that was not mapped
#          (__iommu_dma_unmap(), dma-debug's check_unmap()) raised under
#          dma_buf_phys_vec_to_sgt()/dma_buf_free_sgt(): the helper's
#          dma_map_phys() fallback unmaps per sg entry what it mapped per
#          range
# With -v boot=1 a tenth count follows:
# boot     reports the kernel logged while booting, before it ran the
#          first process ("Run /init as init process"): no p2pbench code
#          and no test has run yet. They are counted here instead of in
#          the nine above. Only a log that starts at the boot ("Linux
#          version") has such lines: in a log whose start has been
#          overwritten everything counts as above.
/^(\[[ 0-9.]+\] )?Linux version / { booting = 1 }
booting && / Run .* as init process/ { booting = 0 }
booting {
	if (/Oops|general protection fault|Kernel panic|BUG:|WARNING:|blocked for more than|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage/)
		early++
	next
}
/Oops|general protection fault|Kernel panic/ { oops++ }
/BUG: KASAN/ { kasan++ }
/BUG:/ { bug++ }
/blocked for more than/ { hung++ }
/DMA-API: exceeded [0-9]+ overlapping mappings/ { overlap = NR; next }
/possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage/ {
	lockdep++
	report = NR
	next
}
# The lock lockdep saw taken second, two lines after the headline.
report && NR <= report + 6 && /reset_lock.*pciehp_unconfigure_device/ {
	lockdep--
	pciehp++
	report = 0
	next
}
# An unmap WARN is the helper's when its call trace passes through it:
# held until the trace ends.
function settle() {
	if (held == "helper")
		fallback++
	else if (held != "")
		warn++
	held = ""
}
held != "" && /dma_buf_phys_vec_to_sgt|dma_buf_free_sgt/ { held = "helper" }
held != "" && /---\[ end trace/ { settle() }
/WARNING:/ {
	settle()
	if (overlap && NR <= overlap + 2 && /WARNING: kernel\/dma\/debug\.c/)
		dma_debug++
	else if (/WARNING: drivers\/iommu\/dma-iommu\.c:[0-9]+ at __iommu_dma_unmap|WARNING: kernel\/dma\/debug\.c:[0-9]+ at check_unmap/)
		held = "unmap"
	else
		warn++
}
END {
	settle()
	printf "%d %d %d %d %d %d %d %d %d", oops, warn, kasan, bug, lockdep, hung, dma_debug, pciehp, fallback
	if (boot)
		printf " %d", early
	printf "\n"
}
