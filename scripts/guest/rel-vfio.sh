#!/bin/sh
# The production chain on the debug kernel (TAP), --cpu amd: vfio points,
# one vfio-pci dma-buf held by two importers at once, vfio-pci's revoke on
# the iommufd path and through the module's own importer (module-tests.sh
# amd), then the module's mmap'able dma-buf and its HOLD refusals
# (kselftest: the uapi fixture, and the revoke of an exported buffer when
# its exporter is unbound). Then kmemleak and the counters of the kernel
# log: no WARN, KASAN, lockdep or leak but the known kernel bugs.
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh
kml_start
sh /lab/guest/module-tests.sh amd
pair_bind switch DMA || not_ok "bind the same-switch pair"
P2PBENCH_EXPORTER=$exp P2PBENCH_IMPORTER=$imp p2pbench_test -f uapi -t export_revoked_on_unbind
rel "chain mappings=1,16"
kml_check vfio
rel_counts vfio
