#!/bin/sh
# Run the p2pbench kselftest on one pair and importer IOMMU group type.
# usage: kselftest.sh switch|hostbridge identity|DMA|DMA-FQ|off
. /lab/guest/pair.sh
pair=$1
type=$2
exp=$(pair_exporter "$pair") || { not_ok "exporter of pair '$pair' present"; exit 1; }
imp=$(pair_importer) || { not_ok "edu importer present"; exit 1; }
if [ "$type" != off ]; then
	group_type "$imp" "$type" || { not_ok "importer group switches to $type"; exit 1; }
fi
p2pbench bind --exporter "$exp:2" --importer "$imp" || { not_ok "p2pbench bind $exp:2 $imp"; exit 1; }
group_type "$imp" "$type" || { not_ok "importer group is $type after binding"; exit 1; }
echo "# pair $pair: exporter $exp importer $imp, importer group type $type"
P2PBENCH_EXPORTER=$exp P2PBENCH_IMPORTER=$imp p2pbench_test
