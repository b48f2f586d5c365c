#!/bin/sh
# Lab smoke tests, run inside the guest: is this the lab we configured?
# usage: smoke.sh EXPECTED_RELEASE intel|amd [intel|amd]   (CPU, IOMMU)
. /lab/guest/tap.sh
want_release=$1
cpu=$2
iommu=${3:-intel}

check "kernel release is $want_release (got $(uname -r))" [ "$(uname -r)" = "$want_release" ]
if [ "$iommu" = amd ]; then
	check "AMD IOMMU enabled (ivhd unit in /sys/class/iommu: $(ls /sys/class/iommu))" sh -c 'ls /sys/class/iommu | grep -q ivhd'
	check "no Intel IOMMU" sh -c '! ls /sys/class/iommu | grep -q dmar'
else
	check "IOMMU enabled (dmar unit in /sys/class/iommu)" sh -c 'ls /sys/class/iommu | grep -q dmar'
fi
ngroups=$(ls /sys/kernel/iommu_groups | wc -l)
check "IOMMU groups exist ($ngroups)" [ "$ngroups" -gt 5 ]

exp=$(pci_find 1af4 1110) || exp=
edu=$(pci_find 1234 11e8) || edu=
check "ivshmem exporter present ($exp)" [ -n "$exp" ]
check "edu importer present ($edu)" [ -n "$edu" ]

# BAR2 of the exporter: the third line of 'resource' is start end flags.
if [ -n "$exp" ]; then
	set -- $(sed -n 3p /sys/bus/pci/devices/$exp/resource)
	size=$(( $2 - $1 + 1 ))
	check "exporter BAR2 is 8 GiB (got $size bytes at $1)" [ "$size" = 8589934592 ]
	check "exporter BAR2 is a 64-bit prefetchable memory BAR ($3)" [ $(( $3 & 0x2208 )) = $((0x2208)) ]
fi

# Same switch: the parents of the two devices are downstream ports whose
# parent is one upstream port.
if [ -n "$exp" ] && [ -n "$edu" ]; then
	pexp=$(readlink -f /sys/bus/pci/devices/$exp/..)
	pedu=$(readlink -f /sys/bus/pci/devices/$edu/..)
	check "exporter and importer sit under different switch downstream ports" [ "$pexp" != "$pedu" ]
	check "those ports share one upstream port ($(basename $(dirname $pexp)))" \
		[ "$(dirname $pexp)" = "$(dirname $pedu)" ]
	up=$(basename "$(dirname "$pexp")")
	check "the upstream port is a PCIe switch (104c:8232)" \
		[ "$(cat /sys/bus/pci/devices/$up/vendor):$(cat /sys/bus/pci/devices/$up/device)" = "0x104c:0x8232" ]
fi

# IOMMU group type switching on the importer's group (no driver bound).
if [ -n "$edu" ]; then
	g=$(basename "$(readlink /sys/bus/pci/devices/$edu/iommu_group)")
	t=/sys/kernel/iommu_groups/$g/type
	orig=$(cat $t)
	for want in identity DMA DMA-FQ identity; do
		if echo $want >$t 2>/dev/null && [ "$(cat $t)" = "$want" ]; then
			ok "importer group $g switches to $want"
		else
			not_ok "importer group $g switches to $want (now $(cat $t))"
		fi
	done
	echo "$orig" >$t 2>/dev/null
fi

# The P2P map type the kernel computes, through the p2pbench module.
if [ -x /usr/bin/p2pbench ] && [ -e /sys/kernel/debug/p2pbench ]; then
	maptype() {
		p2pbench bind --exporter "$1:2" --importer "$2" >/dev/null 2>&1 &&
			p2pbench info --format json | sed -n 's/.*"map_type": *"\([a-z-]*\)".*/\1/p' | head -n 1
	}
	mt=$(maptype "$exp" "$edu")
	check "same-switch pair maps as bus-addr (got '$mt')" [ "$mt" = bus-addr ]
	far=
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor):$(cat $d/device)" = "0x1af4:0x1110" ] && far=$(basename $d)
	done
	mt=$(maptype "$far" "$edu")
	if [ "$cpu" = amd ]; then
		check "host-bridge pair $far->$edu is thru-host-bridge with the amd CPU (got '$mt')" [ "$mt" = thru-host-bridge ]
	else
		check "host-bridge pair $far->$edu is not-supported with the intel CPU (got '$mt')" [ "$mt" = not-supported ]
	fi
else
	not_ok "p2pbench module and tool present in the guest (map type checks)"
fi
