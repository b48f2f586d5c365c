#!/bin/sh
# Run a sweep inside the lab guest for one pair, in each importer IOMMU
# group type given; every finished point is sent to the host at once.
# usage: sweep.sh SWEEPFILE PAIR CPU "MODES" [VARIANT [BOOT]]
#   PAIR: switch | hostbridge     MODES: e.g. "identity DMA DMA-FQ" or "off"
#   BOOT: the boot slot of these points (p2pbench sweep --boot)
. /lab/guest/pair.sh
sweep=$1 pair=$2 cpu=$3 modes=$4 variant=${5:-base} boot=${6:-0}
rc=0
for mode in $modes; do
	pair_bind "$pair" "$mode" || { echo "sweep.sh: cannot bind pair $pair in mode $mode" >&2; rc=2; continue; }
	echo "# sweep $(basename "$sweep"): pair $pair ($exp -> $imp), cpu $cpu, importer group $mode"
	p2pbench sweep "$sweep" -o /results --iommu-mode "$mode" --cpu "$cpu" \
		--topology "$pair" --variant "$variant" --boot "$boot" --on-point lab-put
	r=$?
	# 1 means "some points failed", which is a result; worse stops here.
	[ $r -le 1 ] || { rc=$r; break; }
done
[ -f /results/meta.json ] && lab-put /results/meta.json
exit $rc
