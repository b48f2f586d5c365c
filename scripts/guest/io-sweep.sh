#!/bin/sh
# io-sweep.sh CPU FIO-SWEEP PERFTEST-SWEEP...: the I/O sweeps of one lab boot
# (scripts/bench-io) into /results, each point streamed to the host as it
# is stored. An empty sweep name skips it; perftest sweeps need the RDMA
# kernel (soft-RoCE on lo is set up here).
cpu=${1:?usage: io-sweep.sh CPU FIO-SWEEP [PERFTEST-SWEEP]...}
fio_sweep=$2
shift 2
rc=0
if [ -n "$fio_sweep" ]; then
	p2pbench fio --sweep "/lab/configs/sweeps/$fio_sweep" -o /results --cpu "$cpu" --on-point lab-put
	r=$?
	[ $r -le 1 ] || rc=$r
fi
[ $# -gt 0 ] || exit $rc
if [ ! -d /sys/class/infiniband ]; then
	echo "io-sweep: this kernel has no RDMA (configs/kernel/rdma.config): perftest skipped" >&2
	exit 2
fi
ip link set lo up
rdma link show rxe_lo >/dev/null 2>&1 || rdma link add rxe_lo type rxe netdev lo || exit 2
for s in "$@"; do
	p2pbench perftest --sweep "/lab/configs/sweeps/$s" -o /results --cpu "$cpu" --on-point lab-put
	r=$?
	[ $r -le 1 ] || rc=$r
done
exit $rc
