#!/bin/sh
# On Debian's own kernel (scripts/lab run --kernel debian): the README's
# real-hardware run steps with the module DKMS built in the trixie build
# root (/results/p2pbench-dkms.ko): install, modprobe, info, bind, run,
# unbind, rmmod; then p2pbench doctor with lockdown raised. TAP.
# usage: stock.sh KREL intel|amd
. /lab/guest/pair.sh
krel=$1 cpu=$2

jget() {
	printf '%s\n' "$out" | sed -n "s/^ *\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" | head -n 1
}
point() {
	out=$(p2pbench run --format json "$@" 2>/tmp/err)
	rc=$?
}

check "Debian's kernel is running ($(uname -r))" [ "$(uname -r)" = "$krel" ]
rmmod p2pbench 2>/dev/null
d=/lib/modules/$krel/updates/dkms
mkdir -p "$d"
cp /results/p2pbench-dkms.ko "$d/p2pbench.ko"
depmod
check "modprobe p2pbench (the DKMS build, in updates/dkms as dkms installs it)" modprobe p2pbench
check "the module is loaded" [ -d /sys/module/p2pbench ]
out=$(p2pbench info 2>&1)
check "p2pbench info" [ $? = 0 ]
echo "$out" | sed 's/^/# /'
check "all seven mapping methods are available" [ "$(echo "$out" | grep -cE '^  (null|resource|phys|iova|busaddr|helper|attach) +available')" = 7 ]

pair_bind switch DMA || not_ok "p2pbench bind the same-switch pair"
for m in null resource phys iova busaddr helper attach; do
	point --method $m --ranges 4 --size 64K --iterations 20
	v=$(jget verdict)
	[ $m = null ] && want=none || want=pass
	check "same-switch pair, $m: 4 x 64K, verdict $want (got $v, iommu maps $(jget iommu_map_calls), $(jget msg))" [ "$rc" = 0 -a "$v" = "$want" ]
done
p2pbench bind --unbind >/dev/null

pair_bind hostbridge DMA || not_ok "p2pbench bind the host-bridge pair"
mt=$(p2pbench info --format json | sed -n 's/.*"map_type": *"\([a-z-]*\)".*/\1/p' | head -n 1)
if [ "$cpu" = amd ]; then
	check "host-bridge pair: thru-host-bridge with the AMD CPU (got $mt)" [ "$mt" = thru-host-bridge ]
	point --method iova --ranges 4 --size 64K --iterations 20
	check "host-bridge pair, iova: 4 x 64K pass with 4 iommu maps (got $(jget verdict), $(jget iommu_map_calls))" \
		[ "$rc" = 0 -a "$(jget verdict)" = pass -a "$(jget iommu_map_calls)" = 4 ]
	point --method helper --ranges 2 --size 64K --iterations 5
	check "host-bridge pair, helper, 2 ranges: the iova-offset bug (EADDRINUSE) in Debian's 7.2 (rc $rc, $(jget msg))" \
		sh -c "[ $rc = 1 ] && echo \"\$0\" | grep -q 'EADDRINUSE\|-98'" "$out"
else
	check "host-bridge pair: not-supported with the Intel CPU (got $mt)" [ "$mt" = not-supported ]
fi
p2pbench bind --unbind >/dev/null
check "p2pbench bind --unbind: no device bound to p2pbench" sh -c '! ls /sys/bus/pci/drivers/p2pbench | grep -q :'
check "rmmod p2pbench" rmmod p2pbench
check "the module is gone" [ ! -d /sys/module/p2pbench ]

# Last: lockdown cannot be lowered again.
modprobe p2pbench
sh /lab/guest/doctor.sh lockdown
