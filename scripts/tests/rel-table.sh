#!/usr/bin/env bash
# rel-table.sh LOG: the reliability summary table (markdown) from the
# "REL ..." lines of the guest scripts and scripts/tests/reliability.sh:
# one row per guest script (each ends with a counters line, the kernel-log
# counts it added) and one for the host's userspace checks.
set -uo pipefail
awk '
function val(k,   i, a) { for (i = 1; i <= NF; i++) { split($i, a, "="); if (a[1] == k) return a[2] } return "" }
function reset() { what = ""; leaks = "-"; ksgt = "-"; lost = 0; split("", kinds); nk = 0 }
function row(name, o, w, k, l, h, kb,   s, x) {
	s = ""
	for (x = 1; x <= nk; x++) s = s (s ? ", " : "") kinds[order[x]] " " order[x]
	if (s != "") what = what (what ? "; " : "") s
	if (ksgt != "-" && ksgt > 0) kb = kb (kb ? ", " : "") "sgt-leak: " ksgt " objects"
	rows[++n] = sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", name, what, o, w, k, leaks, l, h, lost, kb ? kb : "-")
	reset()
}
BEGIN { reset() }
{ sub(/^# /, "") }
$1 == "REL-RUN" { if (val("name") == "userspace") row("userspace (host)", "-", "-", "-", "-", "-", ""); if (val("rc") != 0) rcs = rcs " " val("name") "=" val("rc"); secs += val("seconds"); next }
$1 == "REL-KLOG" { klog[val("name")] = sprintf("%s oops, %s WARN, %s KASAN, %s BUG, %s lockdep, %s hung; known: dma-debug-mmio %s, pciehp-lockdep %s, fallback-unmap %s", val("oops"), val("warn"), val("kasan"), val("bug"), val("lockdep"), val("hung"), val("known_dma_debug_mmio"), val("known_pciehp_lockdep"), val("known_fallback_unmap")); kn[++nkl] = val("name"); next }
$1 != "REL" { next }
$2 == "fuzz" { what = what (what ? "; " : "") val("cases") " cases, importer " val("type") " (seed " val("seed") ")"; next }
$2 == "faults" { what = val("injected") " faults injected: " val("errors") " gave an error, " val("tolerated") " absorbed by fallbacks, " val("swallowed") " swallowed (" val("sites") " call sites)"; next }
$2 == "iova_capacity" { what = what "; 32-bit IOVA space " val("before") " -> " val("after") " x 64 MiB"; next }
$2 == "scenario" { s = $3; sub(/-.*/, "", s); if (!(s in kinds)) { kinds[s] = 0; order[++nk] = s } kinds[s]++; lost += val("lost"); next }
$2 == "chain" { what = "vfio points, one vfio-pci dma-buf held by two importers, revoke on the iommufd path and through the module importer (" val("mappings") " mappings), the mmap-able dma-buf"; next }
$2 == "kmemleak" { leaks = val("leaks") - val("kernel_free_sgt"); ksgt = val("kernel_free_sgt"); next }
$2 == "user" { what = what (what ? "; " : "") val("cases") " checks"; lost += val("lost"); next }
$2 ~ /^build_s=/ { split($2, a, "="); build = a[2]; next }
$2 ~ /^total_s=/ { split($2, a, "="); total = a[2]; next }
$2 ~ /^boot_uptime_s=/ { split($2, a, "="); boot = a[2]; next }
val("oops") != "" {
	kb = ""
	if (val("known_dma_debug_mmio") > 0) kb = "dma-debug-mmio: " val("known_dma_debug_mmio") " WARN"
	if (val("known_pciehp_lockdep") > 0) kb = kb (kb ? ", " : "") "pciehp-lockdep: " val("known_pciehp_lockdep") " report"
	if (val("known_fallback_unmap") > 0) kb = kb (kb ? ", " : "") "fallback-unmap: " val("known_fallback_unmap") " WARN"
	row($2, val("oops"), val("warn"), val("kasan"), val("lockdep"), val("hung"), kb); next }
END {
	print "| part | what ran | oopses | WARNs | KASAN | kmemleak | lockdep | hung tasks | lost results | known kernel bugs hit (XFAIL) |"
	print "|---|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= n; i++) print rows[i]
	if (nkl) { printf "\nWhole kernel log of each boot:"; for (i = 1; i <= nkl; i++) printf " %s: %s.", kn[i], klog[kn[i]]; printf "\n" }
	printf "\nDebug kernel build: %s s (0: cached). Guest boot to the first command: %s s. Guest runs: %d s; whole suite: %s s.", build, boot, secs, total
	if (rcs != "") printf " Boots failed by the lab (exit status):%s.", rcs
	printf "\n"
}' "$1"
