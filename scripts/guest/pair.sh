# Guest helpers to find, bind and configure the exporter/importer pair.
# Sourced by busybox sh scripts. Pairs: "switch" = 8 GiB ivshmem -> edu under
# one PCIe switch; "hostbridge" = 16 GiB ivshmem on its own root port -> edu.
. /lab/guest/tap.sh

pair_exporter() {
	local want=$1 d size
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor):$(cat $d/device)" = "0x1af4:0x1110" ] || continue
		set -- $(sed -n 3p $d/resource)
		size=$(( $2 - $1 + 1 ))
		if [ "$want" = switch ] && [ "$size" = 8589934592 ]; then basename $d; return 0; fi
		if [ "$want" = hostbridge ] && [ "$size" = 17179869184 ]; then basename $d; return 0; fi
	done
	return 1
}

pair_importer() {
	pci_find 1234 11e8
}

# pair_bind PAIR MODE: bind PAIR's exporter (BAR2) and the edu importer to
# p2pbench with the importer's IOMMU group in MODE (identity, DMA, DMA-FQ;
# "off" when the guest has no IOMMU). Switching a group's type unbinds and
# rebinds its devices, which drops the module's setup, so the switch comes
# first and the setup after (p2pbench bind --iommu-mode does both).
pair_bind() {
	exp=$(pair_exporter "$1") || { echo "pair_bind: no exporter for pair $1" >&2; return 1; }
	imp=$(pair_importer) || { echo "pair_bind: no edu importer" >&2; return 1; }
	if [ "$2" = off ]; then
		[ ! -e /sys/bus/pci/devices/$imp/iommu_group ] ||
			{ echo "pair_bind: mode off, but the guest has an IOMMU" >&2; return 1; }
		p2pbench bind --exporter "$exp:2" --importer "$imp" >/dev/null
	else
		p2pbench bind --exporter "$exp:2" --importer "$imp" --iommu-mode "$2" >/dev/null
	fi
}
# group_type BDF TYPE: set the IOMMU group type of BDF's group. Devices of
# the group bound to p2pbench are unbound first and rebound after (the
# kernel refuses a type change while a DMA-API driver is bound).
group_type() {
	local bdf=$1 type=$2 g dev bound=
	[ -e /sys/bus/pci/devices/$bdf/iommu_group ] || { [ "$type" = off ]; return; }
	g=$(basename "$(readlink /sys/bus/pci/devices/$bdf/iommu_group)")
	[ "$(cat /sys/kernel/iommu_groups/$g/type)" = "$type" ] && return 0
	for dev in /sys/kernel/iommu_groups/$g/devices/*; do
		if [ "$(basename "$(readlink $dev/driver 2>/dev/null)")" = p2pbench ]; then
			bound="$bound $(basename $dev)"
			echo "$(basename $dev)" >/sys/bus/pci/drivers/p2pbench/unbind
		fi
	done
	echo "$type" >/sys/kernel/iommu_groups/$g/type
	local rc=$?
	for dev in $bound; do
		echo "$dev" >/sys/bus/pci/drivers/p2pbench/bind
	done
	return $rc
}
