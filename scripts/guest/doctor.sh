#!/bin/sh
# p2pbench doctor in the lab guest: the diagnosis of each setup it must
# tell apart. TAP; every doctor output is echoed as '#' lines.
# usage: doctor.sh lab intel|amd     good setup, host-bridge pair, bad input
#        doctor.sh group             shared-group.topology: a group with
#                                    another device bound
#        doctor.sh lockdown          Debian's kernel: lockdown raised to
#                                    integrity after the module loaded
. /lab/guest/pair.sh

# doc ARGS...: run p2pbench doctor; output in $out, exit status in $rc.
doc() {
	out=$(p2pbench doctor "$@" 2>&1)
	rc=$?
	echo "# \$ p2pbench doctor $* (exit $rc)"
	echo "$out" | sed 's/^/#   /'
}
has() { echo "$out" | grep -q -- "$1"; }

exp=$(pair_exporter switch)
imp=$(pair_importer)

case $1 in
lab)
	cpu=$2
	far=$(pair_exporter hostbridge)
	pair_bind switch DMA
	doc
	check "good setup: exit 0" [ "$rc" = 0 ]
	check "good setup: no FAIL, no WARN" has '# 0 FAIL, 0 WARN: a run can start'
	check "good setup: it takes the pair the module has set up" has 'the pair the module has set up'
	check "good setup: module loaded, same uapi" has '^ok    module       loaded, uapi'
	check "good setup: the IOMMU driver is named" sh -c "echo \"\$0\" | grep -qE '^ok    iommu +(intel|amd)-iommu'" "$out"
	check "good setup: the iommu tracepoints exist" has '^ok    tracepoints  iommu:map and iommu:unmap'
	check "good setup: 8 GiB BAR 2" has "^ok    bar          $exp BAR 2: 8G at"
	check "good setup: map type bus-addr from the module" has '^ok    map type     bus-addr (module INFO'
	check "good setup: no ACS redirect (xio3130 ports have no ACS)" has '^ok    acs          no ACS redirect below the common switch'
	check "good setup: the importer's group holds no other bound device" has "^ok    group        $imp: IOMMU group [0-9]* (DMA)"

	# The host-bridge pair, as the topology predicts it and as the module says.
	p2pbench bind --unbind >/dev/null 2>&1
	for how in predicted bound; do
		[ $how = bound ] && p2pbench bind --exporter "$far:2" --importer "$imp" >/dev/null
		doc --exporter "$far:2" --importer "$imp"
		check "host-bridge pair ($how): exit 0, a run can start" [ "$rc" = 0 ]
		if [ "$cpu" = amd ]; then
			check "host-bridge pair ($how): thru-host-bridge on an AMD Zen CPU" has '^ok    map type     thru-host-bridge'
		else
			check "host-bridge pair ($how): not-supported, a WARN with its fix" has '^WARN  map type     not-supported'
			check "host-bridge pair ($how): says the helper refuses" has 'the helper and attach methods refuse'
		fi
		if [ $how = predicted ]; then
			check "host-bridge pair ($how): says it is a prediction" has 'predicted from the topology'
		else
			check "host-bridge pair ($how): the module's own map type" has 'module INFO'
		fi
	done
	p2pbench bind --unbind >/dev/null 2>&1

	doc --exporter 0000:0f:1f.0:2 --importer "$imp"
	check "a device that does not exist: FAIL, exit 1" sh -c "[ $rc = 1 ] && echo \"\$0\" | grep -q '^FAIL  exporter     0000:0f:1f.0 does not exist'" "$out"
	doc --exporter "$exp:1" --importer "$imp"
	check "an unassigned BAR: FAIL, exit 1" sh -c "[ $rc = 1 ] && echo \"\$0\" | grep -q 'BAR 1 is not assigned'" "$out"
	doc --exporter "$exp:2"
	check "--exporter without --importer: usage error, exit 2" [ "$rc" = 2 ]

	rmmod p2pbench
	doc
	check "module not loaded: FAIL with modprobe as the fix, exit 1" sh -c "[ $rc = 1 ] && echo \"\$0\" | grep -q 'fix: modprobe p2pbench'" "$out"
	insmod /lib/modules/p2pbench.ko
	;;
group)
	shared=
	for d in /sys/bus/pci/devices/*; do
		b=$(basename "$d")
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x1234:0x11e8" ] && [ "$b" != "$imp" ] && shared=$b
	done
	check "a second edu behind the PCI bridge ($shared)" [ -n "$shared" ]
	g=$(basename "$(readlink /sys/bus/pci/devices/$shared/iommu_group)")
	echo "# IOMMU group $g: $(ls /sys/kernel/iommu_groups/$g/devices | tr '\n' ' ')"
	doc --exporter "$exp:2" --importer "$shared"
	check "shared group: exit 0 (a run can start in the current mode)" [ "$rc" = 0 ]
	check "shared group: WARN naming the nvme bound in the group" has "^WARN  group        $shared: IOMMU group $g (.*) also holds .*(nvme)"
	check "shared group: the fix says to unbind them or pick another device" has 'fix: unbind them first'
	doc --exporter "$exp:2" --importer "$imp"
	check "own group: no WARN about groups" sh -c "! echo \"\$0\" | grep -q '^WARN  group'" "$out"
	;;
lockdown)
	mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
	pair_bind switch DMA
	doc
	check "no lockdown: exit 0" [ "$rc" = 0 ]
	check "no lockdown: lockdown none" has '^ok    lockdown     none'
	echo integrity >/sys/kernel/security/lockdown
	check "lockdown raised to integrity" grep -q '\[integrity\]' /sys/kernel/security/lockdown
	doc
	check "lockdown: FAIL, exit 1" [ "$rc" = 1 ]
	check "lockdown: names the mode and says it blocks debugfs" has '^FAIL  lockdown     kernel lockdown (integrity) blocks debugfs'
	check "lockdown: the fix is Secure Boot off, not a signature" has 'fix: boot without lockdown: turn Secure Boot off'
	check "lockdown: the module is loaded but its control file is blocked" has '^FAIL  module       loaded, but .*kernel lockdown (integrity) blocks debugfs'
	out=$(p2pbench info 2>&1)
	rc=$?
	echo "# \$ p2pbench info (exit $rc)"
	echo "$out" | sed 's/^/#   /'
	check "lockdown: info says lockdown, not 'run as root'" sh -c "echo \"\$0\" | grep -q 'kernel lockdown (integrity) blocks debugfs' && ! echo \"\$0\" | grep -q 'run as root'" "$out"
	out=$(p2pbench run --method null 2>&1)
	check "lockdown: run says lockdown too" sh -c "echo \"\$0\" | grep -q 'kernel lockdown (integrity) blocks debugfs'" "$out"
	;;
*)
	echo "usage: doctor.sh lab intel|amd | group | lockdown" >&2
	exit 2
	;;
esac
