#!/bin/sh
# The bench module through the p2pbench CLI, in the guest (TAP).
# usage: module-tests.sh intel|amd
# intel: the same-switch pair (BUS_ADDR) in identity and DMA importer
# domains; amd: the host-bridge pair (THRU_HOST_BRIDGE), DMA domain.
. /lab/guest/pair.sh
cpu=$1
imp=$(pair_importer)

# jget KEY: first "KEY": value of the JSON in $out (strings unquoted).
jget() {
	printf '%s\n' "$out" | sed -n "s/^ *\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" | head -n 1
}
# point ARGS...: run one point as JSON into $out, exit status into $rc.
point() {
	out=$(p2pbench run --format json "$@" 2>/tmp/err)
	rc=$?
}
module_alive() {
	[ -d /sys/module/p2pbench ] && point --method null --ranges 1 --size 4K --iterations 5 && [ $rc = 0 ]
}
methods() {
	p2pbench info --format json | sed -n '/"methods"/,$p' |
		awk '/"name"/ { gsub(/[",]/, "", $2); n = $2 } /"available": true/ { print n }'
}

setup() {
	pair_bind "$1" "$2" || { not_ok "bind pair $1 with importer group $2"; exit 1; }
	echo "# pair $1: $exp -> $imp, importer group $2, map type $(p2pbench info --format json | sed -n 's/.*"map_type": "\(.*\)".*/\1/p')"
}

if [ "$cpu" = intel ]; then
	setup switch DMA
	avail=$(methods | tr '\n' ' ')
	echo "# available methods: $avail"
	for m in resource phys iova busaddr helper attach; do
		echo " $avail " | grep -q " $m " || not_ok "method $m is available on this kernel"
	done
	for m in $avail; do
		point --method $m --ranges 1 --size 2M --iterations 20
		v=$(jget verdict)
		if [ $m = null ]; then want=none; else want=pass; fi
		check "$m: 2 MiB single range, verdict $want (got $v, rc $rc, $(jget msg))" [ "$rc" = 0 -a "$v" = "$want" ]
		case $m in
		busaddr|helper|attach)
			check "$m: bus-addr path with 0 iommu maps (got $(jget path), $(jget iommu_map_calls))" \
				[ "$(jget path)" = bus-addr -a "$(jget iommu_map_calls)" = 0 ] ;;
		esac
	done
	# Counts that tell the paths apart, 4 ranges in a DMA domain.
	point --method iova --ranges 4 --size 64K --layout gapped --gap 64K --iterations 10
	check "iova: 4 ranges -> 4 iommu maps, 1 sync, one IOVA (got $(jget iommu_map_calls) maps, $(jget iotlb_syncs) syncs, path $(jget path))" \
		[ "$(jget iommu_map_calls)" = 4 -a "$(jget iotlb_syncs)" = 1 -a "$(jget path)" = iova ]
	for m in resource phys; do
		point --method $m --ranges 4 --size 64K --layout gapped --gap 64K --iterations 10
		check "$m: 4 ranges -> 4 iommu maps, 4 unmaps (got $(jget iommu_map_calls)/$(jget iommu_unmap_calls), path $(jget path))" \
			[ "$(jget iommu_map_calls)" = 4 -a "$(jget iommu_unmap_calls)" = 4 -a "$(jget path)" = iommu ]
	done
	# A single 8 GiB range: 3 page-aligned entries of at most
	# ALIGN_DOWN(UINT_MAX, PAGE_SIZE) on every method that maps it.
	for m in $avail; do
		[ $m = null ] && continue
		point --method $m --ranges 1 --size 8G --iterations 2 --warmup 0
		check "$m: one 8 GiB range -> 3 sg entries, 8 GiB, verdict pass (got $(jget sg_nents), $(jget dma_len), $(jget verdict) $(jget msg))" \
			[ "$(jget sg_nents)" = 3 -a "$(jget dma_len)" = 8589934592 -a "$(jget verdict)" = pass ]
	done

	# vfio: the same buffers exported by vfio-pci. p2pbench run binds the
	# exporter to vfio-pci for the point and gives it back afterwards; the
	# sg tables must be attach's, entry for entry.
	check "vfio is not available while the exporter is p2pbench's" \
		sh -c '! p2pbench info --format json | grep -A2 "\"name\": \"vfio\"" | grep -q "\"available\": true"'
	for shape in "--ranges 1 --size 2M" "--ranges 4 --size 64K --layout gapped --gap 64K" \
		     "--ranges 1 --size 8G --warmup 0" "--ranges 64 --size 4K --layout random --align 2M"; do
		point --method attach $shape --iterations 4 --verify-all
		a="$(jget verdict) $(jget path) $(jget sg_nents) $(jget dma_len) $(jget iommu_map_calls)"
		point --method vfio $shape --iterations 4 --verify-all
		v="$(jget verdict) $(jget path) $(jget sg_nents) $(jget dma_len) $(jget iommu_map_calls)"
		check "vfio = attach for $shape (vfio: $v; attach: $a; $(jget msg))" \
			[ "$rc" = 0 -a "$v" = "$a" -a "$(jget verdict)" = pass ]
	done
	# iommufd: the importer goes to vfio-pci too, into an IOAS.
	point --method iommufd --ranges 1 --size 2M --iterations 20
	check "iommufd: IOMMU_IOAS_MAP_FILE of a 2 MiB vfio dma-buf passes (got rc $rc, $(jget verdict), $(jget path), $(jget dma_len), $(jget msg))" \
		[ "$rc" = 0 -a "$(jget verdict)" = pass -a "$(jget path)" = iova -a "$(jget dma_len)" = 2097152 ]
	check "iommufd: the mapping made iommu:map and iommu:unmap events (got $(jget iommu_map_calls)/$(jget iommu_unmap_calls))" \
		[ "$(jget iommu_map_calls)" -ge 1 -a "$(jget iommu_unmap_calls)" -ge 1 ]
	out=$(p2pbench run --method iommufd --ranges 2 --size 2M --layout gapped --gap 2M 2>&1)
	rc=$?
	check "iommufd: 2 ranges refused with EOPNOTSUPP (rc $rc: $(echo "$out" | tail -n 1))" \
		sh -c '[ "$1" = 2 ] && echo "$2" | grep -q "Operation not supported: iommufd: .*single-range"' _ "$rc" "$out"
	check "the importer is p2pbench's again after an iommufd point" \
		[ "$(basename "$(readlink /sys/bus/pci/devices/$imp/driver)")" = p2pbench ]
	check "the exporter is p2pbench's again after a vfio point" \
		[ "$(basename "$(readlink /sys/bus/pci/devices/$exp/driver)")" = p2pbench ]
	check "and the module is set up for it" module_alive

	# End to end: edu DMA-reads the BAR through the mapping.
	point --method iova --ranges 1 --size 4K --iterations 1 --e2e
	check "e2e: edu reads the BAR through an IOVA in a DMA domain ($(jget verdict): $(jget msg))" [ "$(jget verdict)" = pass ]
	setup switch identity
	point --method busaddr --ranges 1 --size 4K --iterations 1 --e2e
	check "e2e: edu reads the BAR through a bus address, identity domain ($(jget verdict): $(jget msg))" [ "$(jget verdict)" = pass ]
	point --method vfio --ranges 1 --size 4K --iterations 1 --e2e
	check "e2e: edu reads the BAR through vfio-pci's dma-buf, identity domain ($(jget verdict) $(jget path): $(jget msg))" \
		[ "$(jget verdict)" = pass -a "$(jget path)" = bus-addr ]
	setup switch DMA

	# Bad input: a clear errno and message; the module stays usable.
	bad() {
		desc=$1 want=$2
		shift 2
		out=$(p2pbench run "$@" 2>&1)
		rc=$?
		check "refused: $desc -> $want (rc $rc: $(echo "$out" | tail -n 1))" \
			sh -c "[ $rc = 2 ] && echo \"\$1\" | grep -q \"$want\"" _ "$out"
		check "module still usable after: $desc" module_alive
	}
	bad "range outside the BAR" "Invalid argument" --method phys --ranges 1 --size 4K --offset 8G
	bad "ranges past the BAR end" "Invalid argument" --method phys --ranges 3 --size 4G
	bad "0 ranges" "Invalid argument\|outside 1..65536" --method phys --ranges 0 --size 4K
	bad "65537 ranges" "Invalid argument\|outside 1..65536" --method phys --ranges 65537 --size 4K
	bad "offset + length overflows" "Invalid argument" --method phys --ranges 2 --size 8G --offset 0xfffffffffffff000
	bad "unknown method" "unknown method\|invalid\|method" --method frobnicate --ranges 1 --size 4K
	echo "$exp" >/sys/bus/pci/drivers/p2pbench/unbind
	out=$(p2pbench run --method phys --ranges 1 --size 4K 2>&1)
	rc=$?
	check "unbound exporter -> No such device (rc $rc: $(echo "$out" | tail -n 1))" \
		sh -c "[ $rc = 2 ] && echo \"\$1\" | grep -q 'No such device'" _ "$out"
	check "module still loaded after the exporter went away" [ -d /sys/module/p2pbench ]
	setup switch DMA
	check "rebinding makes it usable again" module_alive
else
	setup hostbridge DMA
	check "host-bridge pair maps as thru-host-bridge" \
		sh -c 'p2pbench info --format json | grep -q "\"map_type\": \"thru-host-bridge\""'
	point --method helper --ranges 1 --size 2M --iterations 10
	check "helper, 1 range through the host bridge: pass via one IOVA (got $(jget verdict), $(jget path), $(jget msg))" \
		[ "$rc" = 0 -a "$(jget verdict)" = pass -a "$(jget path)" = iova ]
	point --method helper --ranges 2 --size 2M --layout gapped --gap 2M --iterations 10
	check "helper, 2 ranges: the kernel's -EADDRINUSE is a failed point (got rc $rc, $(jget verdict), status $(jget status): $(jget msg))" \
		[ "$rc" = 1 -a "$(jget verdict)" = map-error -a "$(jget status)" = -98 ]
	point --method iova --ranges 2 --size 2M --layout gapped --gap 2M --iterations 10
	check "iova (ours, increasing offsets), 2 ranges: pass (got $(jget verdict): $(jget msg))" [ "$(jget verdict)" = pass ]
	# vfio-pci's exporter calls the same helper: the same pass and the same bug.
	point --method vfio --ranges 1 --size 2M --iterations 10
	check "vfio, 1 range through the host bridge: pass via one IOVA (got $(jget verdict), $(jget path), $(jget iommu_map_calls) maps, $(jget msg))" \
		[ "$rc" = 0 -a "$(jget verdict)" = pass -a "$(jget path)" = iova -a "$(jget iommu_map_calls)" = 1 ]
	point --method vfio --ranges 2 --size 2M --layout gapped --gap 2M --iterations 10
	check "vfio, 2 ranges: the helper's -EADDRINUSE through vfio-pci too (got rc $rc, $(jget verdict), status $(jget status): $(jget msg))" \
		[ "$rc" = 1 -a "$(jget verdict)" = map-error -a "$(jget status)" = -98 ]

	# One vfio-pci dma-buf, two importers: the same-switch exporter is
	# BUS_ADDR to the edu under the switch (identity domain: QEMU sends even
	# switch-local DMA through the vIOMMU) and THRU_HOST_BRIDGE to the
	# second edu on its own root port (DMA domain: an IOVA). Each edu reads
	# the BAR's bytes through its own mapping.
	sw=$(pair_exporter switch)
	edu2=
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor):$(cat $d/device)" = "0x1234:0x11e8" ] && edu2=$(basename $d)
	done
	if [ -z "$edu2" ] || [ "$edu2" = "$imp" ]; then
		not_ok "a second edu importer in the lab topology (found '$edu2')"
	else
		p2pbench bind --exporter "$sw:2" --importer "$edu2" --iommu-mode DMA >/dev/null &&
			p2pbench bind --exporter "$sw:2" --importer "$imp" --iommu-mode identity >/dev/null
		out=$(p2pbench run --method vfio --ranges 1 --size 4K --iterations 2 --e2e --also-importer "$edu2" 2>&1)
		rc=$?
		echo "$out" | sed 's/^/#   /'
		paths=$(echo "$out" | sed -n 's/^path *\([a-z-]*\) *map type \([a-z-]*\).*/\1:\2/p' | tr '\n' ' ')
		check "two importers of one vfio dma-buf: both pass with edu reading the bytes (rc $rc)" \
			[ "$rc" = 0 -a "$(echo "$out" | grep -c '^verdict   pass')" = 2 ]
		check "the first is bus-addr/BUS_ADDR, the second iova/THRU_HOST_BRIDGE (got $paths)" \
			[ "$paths" = "bus-addr:bus-addr iova:thru-host-bridge " ]
		# Revoke on the VMM path: 1 and 16 live iommufd mappings of one
		# vfio-pci dma-buf in each edu's IOAS; memory decoding off through
		# vfio's config region removes every one (an iommu:unmap each), a
		# map while revoked is refused with ENODEV, and after memory is on
		# again and the dead mappings are unmapped a new map works.
		out=$(p2pbench revoke --mappings 1,16 --also-importer "$edu2" 2>&1)
		rc=$?
		echo "$out" | sed 's/^/#   /'
		check "revoke with 1 and 16 mappings in 2 importers: every check held (rc $rc)" [ "$rc" = 0 ]
		check "revoke: 2 and 32 iommu unmaps, ENODEV while revoked, maps again after" \
			sh -c 'echo "$1" | grep -q "^| 1 | 2 | [0-9.]* | 2 | ENODEV | maps again |" &&
			       echo "$1" | grep -q "^| 16 | 2 | [0-9.]* | 32 | ENODEV | maps again |"' _ "$out"
		check "revoke: the devices are p2pbench's again" \
			[ "$(basename "$(readlink /sys/bus/pci/devices/$imp/driver)")" = p2pbench -a \
			  "$(basename "$(readlink /sys/bus/pci/devices/$sw/driver)")" = p2pbench ]
		# The same revoke through the module's own dynamic importer: it
		# holds 1 and 16 mappings of one vfio-pci dma-buf for the second
		# edu (THRU_HOST_BRIDGE, DMA: an IOVA each) and then also for the
		# first (BUS_ADDR, identity), both at once, each verified against
		# its own map type and read by edu. Memory off must make every
		# invalidate_mappings() unmap (an iommu:unmap and an empty IO page
		# table entry per IOVA), a map while revoked fail with ENODEV, and
		# both map again, verified and read by edu, after memory is on.
		p2pbench bind --exporter "$sw:2" --importer "$edu2" --iommu-mode DMA >/dev/null
		out=$(p2pbench revoke --through module --mappings 1,16 --also-importer "$imp" --e2e 2>&1)
		rc=$?
		echo "$out" | sed 's/^/#   /'
		check "revoke through the module's importer, 1 and 16 mappings, 1 and 2 importers: every check held (rc $rc)" \
			[ "$rc" = 0 ]
		check "two importers hold one vfio dma-buf at once: iova/THRU_HOST_BRIDGE in DMA and bus-addr/BUS_ADDR in identity, both verified and read by edu" \
			sh -c 'echo "$1" | grep -q "^# 16 x $2: iova, map type thru-host-bridge, DMA domain: 16 mapped in .*verdict pass (e2e)$" &&
			       echo "$1" | grep -q "^# 16 x $3: bus-addr, map type bus-addr, identity domain: 16 mapped in .*verdict pass (e2e)$"' \
			_ "$out" "$edu2" "$imp"
		check "revoke (module): every mapping unmapped, 1 and 16 iommu unmaps and empty IO PTEs (the IOVA importer's), ENODEV while revoked, verified after" \
			sh -c 'echo "$1" | grep -q "^| 1 | 1 | [0-9.]* | [0-9.]* | [0-9.]* | 1 | 1 | 1 | ENODEV | maps again, verified |" &&
			       echo "$1" | grep -q "^| 1 | 2 | [0-9.]* | [0-9.]* | [0-9.]* | 2 | 1 | 1 | ENODEV | maps again, verified |" &&
			       echo "$1" | grep -q "^| 16 | 1 | [0-9.]* | [0-9.]* | [0-9.]* | 16 | 16 | 16 | ENODEV | maps again, verified |" &&
			       echo "$1" | grep -q "^| 16 | 2 | [0-9.]* | [0-9.]* | [0-9.]* | 32 | 16 | 16 | ENODEV | maps again, verified |"' _ "$out"
		check "revoke (module): the exporter is p2pbench's again" \
			[ "$(basename "$(readlink /sys/bus/pci/devices/$sw/driver)")" = p2pbench ]
		p2pbench bind --exporter "$sw:2" --importer "$imp" --iommu-mode identity >/dev/null
		p2pbench bind --unbind --importer "$edu2" >/dev/null 2>&1
	fi
	check "module still usable after the failed point" module_alive
fi
