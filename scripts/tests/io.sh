#!/usr/bin/env bash
# End-to-end I/O in the lab: fio into the NVMe CMB's p2pmem and host memory
# (data checked with crc32c, iommu:map/unmap counted), perftest over
# soft-RoCE, bad input; results read back through report and compare.
# Two boots of the RDMA kernel (lab.config + rdma.config): --cpu amd
# (THRU_HOST_BRIDGE) and --cpu intel (NOT_SUPPORTED). TAP output.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/tests/tap.sh"
lab=$top/scripts/lab
cfg=(--config "$top/configs/kernel/lab.config" --config "$top/configs/kernel/rdma.config")
p2pbench=$top/bench/p2pbench

make -s -C "$top/bench" p2pbench >/dev/null || { not_ok "bench/p2pbench builds"; exit 1; }
# P2PBENCH_IO_RESULTS=DIR checks the results of an earlier run (io-amd/,
# io-intel/, cmp-*/) without building or booting: for working on the checks.
if [ -z "${P2PBENCH_IO_RESULTS:-}" ]; then
	# The RDMA kernel has its own cache slot (about 6.5 min to build on 2 cores).
	if ! kdir=$(nice -n 10 "$top/scripts/build-kernel" "${cfg[@]}" 2>&1 | tail -n 1) ||
		[ ! -f "$kdir/arch/x86/boot/bzImage" ]; then
		not_ok "the RDMA lab kernel builds ($kdir)"
		exit 1
	fi
fi

out=$("$lab" run --with bogus -- true 2>&1)
check_fails "lab run --with: an unknown component fails with a message" $? "$out" "unknown component 'bogus'"

# csv DIR KEY-REGEX COLUMN: that column of the io.csv rows whose key (its
# fields separated by ';') matches, one line per repeat.
csv() {
	awk -F, -v pat="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		$1 ~ pat { print $(h[col]) }' "$1/io.csv" 2>/dev/null
}
# near VALUE WANT: VALUE within 10% of WANT (event counts per I/O).
near() {
	awk -v v="$1" -v w="$2" 'BEGIN { exit !(v != "" && v >= w * 0.9 && v <= w * 1.1) }'
}

if [ -n "${P2PBENCH_IO_RESULTS:-}" ]; then
	res=$P2PBENCH_IO_RESULTS
else
	res=$(mktemp -d)
	trap 'rm -rf "$res"' EXIT
	for cpu in amd intel; do
		tap_guest "io ($cpu)" "$lab" run --kernel-dir "$kdir" --with io --cpu "$cpu" --timeout 900 \
			--results "$res" -- sh /lab/guest/io.sh "$cpu"
	done
fi

A=$res/io-amd I=$res/io-intel
p2p4k='^fio;disk=0000:07:00.0;mem=p2pmem;p2pmem=0000:06:00.0;rw=randwrite;bs=4K;.*iommu_mode=DMA-FQ'
host4k='^fio;disk=0000:07:00.0;mem=host;rw=randwrite;bs=4K;.*iommu_mode=DMA-FQ'

# amd: P2P through the host bridge works, data verified.
check "amd: a P2P fio run passes with verified data" \
	[ "$(csv "$A" "$p2p4k" status)/$(csv "$A" "$p2p4k" verified)" = "pass/1" ]
check "amd: a verified P2P read (randread) passes" \
	[ "$(csv "$A" '^fio;disk=0000:07:00.0;mem=p2pmem;.*rw=randread;bs=4K;.*DMA-FQ' status)" = pass ]
pm=$(csv "$A" "$p2p4k" iommu_map_per_io) hm=$(csv "$A" "$host4k" iommu_map_per_io)
pu=$(csv "$A" "$p2p4k" iommu_unmap) pmap=$(csv "$A" "$p2p4k" iommu_map)
check "amd: P2P through the host bridge: one iommu map per 4K I/O (got $pm)" near "$pm" 1
check "amd: host memory: one iommu map per 4K I/O, as P2P (got $hm)" near "$hm" 1
check "amd: as many iommu unmaps as maps (P2P: $pmap/$pu)" [ -n "$pmap" ] && [ "$pmap" = "$pu" ]
self=$(csv "$A" '^fio;disk=0000:06:00.0;mem=p2pmem;p2pmem=0000:06:00.0;' iommu_map)
check "amd: the CMB's own controller into its CMB: 0 iommu maps (got $self)" [ "$self" = 0 ]
idp=$(csv "$A" '^fio;disk=0000:07:00.0;mem=p2pmem;.*iommu_mode=identity' iommu_map)
idh=$(csv "$A" '^fio;disk=0000:07:00.0;mem=host;.*iommu_mode=identity' iommu_map)
check "amd: importer in identity: 0 iommu maps, P2P and host ($idp, $idh)" [ "$idp/$idh" = 0/0 ]
check "amd: libaio iodepth 8 P2P passes" \
	[ "$(csv "$A" '^fio;disk=0000:07:00.0;mem=p2pmem;.*bs=64K;iodepth=8;engine=libaio' status)" = pass ]

# intel: the same pair is NOT_SUPPORTED: the P2P I/O is refused, not passed.
check "intel: P2P fio is stored as unsupported, EINVAL" \
	[ "$(csv "$I" "${p2p4k/DMA-FQ/}" status)/$(csv "$I" "${p2p4k/DMA-FQ/}" errno)" = "unsupported/22" ]
msg=$(grep -h -o '"msg": "[^"]*' "$I"/io/fio,disk=0000:07:00.0,mem=p2pmem,*randwrite,bs=4K,* 2>/dev/null | head -n 1)
check "intel: the kernel's reason is recorded (${msg:0:140})" grep -q 'cannot be used for peer-to-peer DMA' <<<"$msg"
check "intel: host memory passes, one map per 4K I/O" near "$(csv "$I" "${host4k/DMA-FQ/}" iommu_map_per_io)" 1
check "intel: the CMB's own controller still works (0 maps)" \
	[ "$(csv "$I" '^fio;disk=0000:06:00.0;mem=p2pmem;' status)/$(csv "$I" '^fio;disk=0000:06:00.0;mem=p2pmem;' iommu_map)" = pass/0 ]

# report and compare read the I/O points.
out=$("$p2pbench" report "$A" 2>&1)
rc=$?
if [ $rc -eq 0 ] && grep -q '^fio points' <<<"$out" && grep -q 'mem=p2pmem' <<<"$out"; then
	ok "report shows the fio points"
else
	not_ok "report shows the fio points: $(tail -n 2 <<<"$out")"
fi
out=$("$p2pbench" report "$I" 2>&1)
check "report lists the unsupported P2P points with the kernel's reason" \
	grep -q 'unsupported: EINVAL.*peer-to-peer' <<<"$out"
out=$("$p2pbench" report --format markdown "$A" 2>&1)
check "report --format markdown has the I/O section" grep -q '^## End-to-end I/O' <<<"$out"
"$p2pbench" compare "$res/cmp-amd" "$res/cmp-amd" >/dev/null 2>&1
check_rc "compare of a fio run with itself exits 0" 0 $?
out=$("$p2pbench" compare "$res/cmp-amd" "$res/cmp-intel" 2>&1)
rc=$?
check_fails "compare amd -> intel: the P2P point is broken (exit 1)" $rc "$out" '^broken .*mem=p2pmem'
d=$(mktemp -d)
out=$("$p2pbench" plot "$A" -o "$d" 2>&1)
check "plot draws the fio figures" [ -s "$d/io-fio-iops.png" ] && [ -s "$d/io-fio-iommu.svg" ]
rm -rf "$d"

# perftest over rxe.
if [ -n "$(csv "$A" '^perftest;' status)" ]; then
	bw=$(csv "$A" '^perftest;test=write_bw;device=rxe_lo;mem=host;' bw_avg_mib)
	check "perftest: ib_write_bw over rxe parsed (${bw:-none} MiB/s)" \
		awk -v v="$bw" 'BEGIN { exit !(v > 0) }'
	lat=$(csv "$A" '^perftest;test=write_lat;' lat_typical_us)
	check "perftest: ib_write_lat over rxe parsed (${lat:-none} us)" \
		awk -v v="$lat" 'BEGIN { exit !(v > 0) }'
	pmsg=$(grep -h -o '"msg": "[^"]*' "$A"/io/perftest,test=write_bw,*mem=p2pmem* 2>/dev/null | head -n 1)
	check "perftest: p2pmem over rxe is unsupported, with the error (${pmsg:0:120})" \
		[ "$(csv "$A" '^perftest;test=write_bw;device=rxe_lo;mem=p2pmem;' status)" = unsupported ]
else
	not_ok "perftest points stored"
fi
