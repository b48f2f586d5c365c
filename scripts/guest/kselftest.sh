#!/bin/sh
# Run the p2pbench kselftest on one pair and importer IOMMU group type.
# usage: kselftest.sh switch|hostbridge identity|DMA|DMA-FQ|off ["KNOWN BUGS"]
# KNOWN BUGS: the bugs the kernel under test is known to have
# (configs/kernel/known-bugs): a test hitting exactly one reports XFAIL.
. /lab/guest/pair.sh
pair=$1
type=$2
pair_bind "$pair" "$type" || { not_ok "bind pair $pair with importer group $type"; exit 1; }
echo "# pair $pair: exporter $exp importer $imp, importer group type $type"
P2PBENCH_KNOWN_BUGS=${3:-} P2PBENCH_EXPORTER=$exp P2PBENCH_IMPORTER=$imp p2pbench_test
rc=$?
# Without an IOMMU the production chain cannot be built: vfio and iommufd
# points are not applicable (ENXIO, with the reason), not failures.
if [ "$type" = off ]; then
	for m in vfio iommufd; do
		out=$(p2pbench run --method $m --ranges 1 --size 4K 2>&1)
		r=$?
		check "$m without an IOMMU: refused ENXIO as not applicable (rc $r: $(echo "$out" | tail -n 1))" \
			sh -c '[ "$1" = 2 ] && echo "$2" | grep -q "No such device or address: $3: .*IOMMU group"' _ "$r" "$out" "$m"
	done
	check "the exporter is p2pbench's after that" \
		[ "$(basename "$(readlink /sys/bus/pci/devices/$exp/driver)")" = p2pbench ]
fi
exit $rc
