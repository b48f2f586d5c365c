#!/bin/sh
# io.sh CPU: end-to-end I/O in the lab guest, run by scripts/tests/io.sh
# under --cpu amd and --cpu intel with --with io and the RDMA kernel.
# Prints TAP for what only the guest can see (exit statuses, messages,
# nothing written on bad input); the results go to /results/io-CPU/ and
# /results/cmp-CPU/ for the host to check (counts, report, compare).
#   CMB NVMe 0000:06:00.0 (p2pmem), plain NVMe 0000:07:00.0.
cpu=${1:?usage: io.sh intel|amd}
CMB=0000:06:00.0
DISK=0000:07:00.0
R=/results/io-$cpu
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
expect_rc() {	# expect_rc WANT GOT WHAT
	if [ "$1" = "$2" ]; then ok "$3"; else not_ok "$3 (exit $2, want $1)"; fi
}
# expect_fail WHAT PATTERN CMD...: exit 2, PATTERN in the message, no $R/bad.
expect_fail() {
	what=$1 pat=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	if [ "$rc" = 2 ] && echo "$out" | grep -q -- "$pat" && [ ! -e "$R/bad" ]; then
		ok "$what"
	else
		not_ok "$what (exit $rc)"
	fi
}

# With --cpu amd the two NVMe are THRU_HOST_BRIDGE (P2P works); with intel
# NOT_SUPPORTED: every P2P I/O fails EINVAL, stored as 'unsupported'.
want=0
[ "$cpu" = intel ] && want=1
p2pbench fio -o "$R" --cpu "$cpu" --disk $DISK --p2pmem $CMB --mem p2pmem,host \
	--rw randwrite,randread --bs 4K --size 1M --on-point lab-put
expect_rc $want $? "fio: NVMe $DISK <-> p2pmem of $CMB and host memory, 4K ($cpu)"

# The CMB's own controller into its CMB: no IOMMU mapping of its own BAR.
p2pbench fio -o "$R" --cpu "$cpu" --disk $CMB --p2pmem $CMB --mem p2pmem --rw randwrite \
	--bs 4K --size 1M --on-point lab-put
expect_rc 0 $? "fio: NVMe $CMB into its own CMB ($cpu)"

if [ "$cpu" = amd ]; then
	# libaio at depth 8, and the importer's group in identity (no IOVA: 0 events).
	p2pbench fio -o "$R" --cpu "$cpu" --disk $DISK --p2pmem $CMB --mem p2pmem,host \
		--rw randwrite --bs 64K --engine libaio --iodepth 8 --size 2M --on-point lab-put
	expect_rc 0 $? "fio: libaio, iodepth 8, 64K ($cpu)"
	p2pbench fio -o "$R" --cpu "$cpu" --iommu-mode identity --disk $DISK --p2pmem $CMB \
		--mem p2pmem,host --rw randwrite --bs 4K --size 1M --on-point lab-put
	expect_rc 0 $? "fio: importer group in identity ($cpu)"
	p2pbench fio -o "$R" --cpu "$cpu" --iommu-mode DMA --disk $DISK --p2pmem $CMB \
		--mem p2pmem --rw randwrite --bs 4K --size 1M --on-point lab-put >/dev/null
	expect_rc 0 $? "fio: importer group back to DMA ($cpu)"
fi

# Without a CPU label, so that the two boots' points match in compare.
p2pbench fio -o /results/cmp-$cpu --iommu-mode DMA-FQ --disk $DISK --p2pmem $CMB --mem p2pmem,host --rw randwrite \
	--bs 4K --size 1M --on-point lab-put >/dev/null
expect_rc $want $? "fio: points for compare ($cpu)"

# Bad input: a clear error and nothing written.
expect_fail "fio: a device without p2pmem" "has no p2pmem" \
	p2pbench fio -o "$R/bad" --disk $DISK --p2pmem $DISK --mem p2pmem
expect_fail "fio: a p2pmem pool too small for the job" "pool of $CMB too small" \
	p2pbench fio -o "$R/bad" --disk $DISK --p2pmem $CMB --mem p2pmem --bs 32M --iodepth 4 \
	--engine libaio --size 128M
expect_fail "fio: no fio program" "not found" \
	p2pbench fio -o "$R/bad" --fio /nonexistent/fio --disk $DISK --mem host
expect_fail "fio: an unknown parameter value" "not one of" \
	p2pbench fio -o "$R/bad" --disk $DISK --mem host --engine io_uring
expect_fail "perftest: no perftest programs" "not found" \
	p2pbench perftest -o "$R/bad" --perftest-dir /nonexistent

# perftest over soft-RoCE on the loopback (the RDMA kernel).
ip link set lo up 2>/dev/null
if [ -d /sys/class/infiniband ]; then
	rdma link add rxe_lo type rxe netdev lo
	expect_rc 0 $? "rdma link add rxe_lo type rxe netdev lo"
	p2pbench perftest -o "$R" --cpu "$cpu" --test write_bw,write_lat --size 64K --iters 200 \
		--on-point lab-put
	expect_rc 0 $? "perftest: ib_write_bw and ib_write_lat over rxe, host memory ($cpu)"
	p2pbench perftest -o "$R" --cpu "$cpu" --test write_bw --mem p2pmem --mem-dev $CMB \
		--size 64K --iters 200 --on-point lab-put
	expect_rc 1 $? "perftest: p2pmem over rxe is stored as unsupported ($cpu)"
	expect_fail "perftest: a device without p2pmem" "has no p2pmem" \
		p2pbench perftest -o "$R/bad" --mem p2pmem --mem-dev $DISK
else
	echo "ok $((n + 1)) - perftest over rxe # SKIP kernel without RDMA_RXE (configs/kernel/rdma.config)"
	n=$((n + 1))
fi
exit 0
