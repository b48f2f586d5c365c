#!/bin/sh
# Hot-unplug of the exporter during a run (reliability suite). The host
# watches the console for "@@REL-UNPLUG ID@@" and sends device_del ID to
# the QEMU monitor (scripts/tests/reliability.sh); PCIe native hotplug
# removes the device about 5 s later (pciehp's attention-button delay).
# QEMU 7.2's q35 gives hotplug to ACPI by default, which the lab kernel
# does not have: the host boots this with
# -global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off.
# usage: rel-unplug.sh TYPE
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh
type=${1:-DMA}
rel_bind switch "$type" || exit 1
FAR=$(pair_exporter hostbridge)
kml_start

now() { awk '{ print $1 }' /proc/uptime; }

# unplug QEMU-ID BDF METHOD: a run on the pair, then the exporter goes.
unplug() {
	id=$1 bdf=$2 m=$3
	p2pbench_fuzz --point --method $m --nr 16 --len 0x10000 --gap 0x1000 \
		--threads 2 --duration 30000 >/tmp/bg.out 2>&1 &
	pid=$!
	i=0
	while [ "$(kthreads)" = 0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 1
	t0=$(now)
	echo "@@REL-UNPLUG $id@@"
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 400 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 $pid 2>/dev/null; then
		not_ok "unplug $id during a $m run: the run still going 40 s later"
		rel "scenario unplug-$id-$m stop_s=hang lost=1"
		kill -9 $pid
	else
		wait $pid
		ts=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
		case $(cat /tmp/bg.out) in
		*errno=ENODEV*) ok "unplug $id during a $m run: the run stops with ENODEV ${ts}s after device_del" ;;
		*) not_ok "unplug $id during a $m run: $(cat /tmp/bg.out)" ;;
		esac
		rel "scenario unplug-$id-$m stop_s=$ts lost=$(grep -q 'errno=ENODEV' /tmp/bg.out && echo 0 || echo 1)"
	fi
	i=0
	while [ -e /sys/bus/pci/devices/$bdf ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	if [ -e /sys/bus/pci/devices/$bdf ]; then
		not_ok "$bdf is gone after device_del $id"
	else
		ok "$bdf is gone after device_del $id"
	fi
	sleep 0.5
	if [ "$(kthreads)" != 0 ]; then
		not_ok "unplug $id: p2pbench kernel threads left"
	else
		ok "unplug $id: no p2pbench kernel thread left"
	fi
	no_mappings "unplug $id" "$IMP"
}

# exp1g (own root port) goes first: removing exp8g from its switch port
# makes the kernel's pciehp raise a lockdep report (known bug
# pciehp-lockdep, README "Reliability"), and lockdep turns itself off
# after its first report.
if [ -n "$FAR" ] && p2pbench bind --exporter "$FAR:2" --importer "$IMP" >/dev/null &&
	group_type "$IMP" "$type"; then
	unplug exp1g "$FAR" iova
	# The module is fine: the other exporter works.
	if p2pbench bind --exporter "$EXP:2" --importer "$IMP" >/dev/null &&
		group_type "$IMP" "$type" && out=$(good_point phys); then
		ok "after the unplug, a point on the other exporter $EXP passes"
	else
		not_ok "after the unplug, a point on $EXP: $out"
	fi
	unplug exp8g "$EXP" phys
	out=$(p2pbench_fuzz --point --method phys)
	case $out in
	*errno=ENODEV*) ok "with both exporters gone, RUN says ENODEV" ;;
	*) not_ok "with both exporters gone, RUN: $out" ;;
	esac
else
	not_ok "bind the host-bridge exporter $FAR and switch the importer to $type"
fi
kml_check "unplug-$type"
rel_counts "unplug-$type"
