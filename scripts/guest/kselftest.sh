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
