#!/bin/sh
# The helper's dma_map_phys() fallback (reliability suite). With --cpu amd
# the host-bridge pair maps through one IOVA range; a 33-bit DMA mask
# leaves no room for 2 x 4 GiB, so dma_buf_phys_vec_to_sgt() maps range by
# range with dma_map_phys(), and range 2 does not fit. The point must end
# with a map error (or pass, on a kernel that can), leave nothing behind,
# and the module must go on. The unmap WARNs of the error path are the
# known kernel bug fallback-unmap: the host judges the kernel log.
# usage: rel-fallback.sh TYPE     (boot with --cpu amd)
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh
type=${1:-DMA}
rel_bind hostbridge "$type" || exit 1
kml_start
what="helper, 2 x 4 GiB, 33-bit DMA mask (dma_map_phys fallback)"
out=$(p2pbench run --method helper --ranges 2 --size 4G --dma-bits 33 --iterations 2 --warmup 0 2>&1)
rc=$?
v=$(echo "$out" | sed -n 's/^verdict *\([a-z-]*\).*/\1/p')
case "$rc $v" in
"1 map-error") ok "$what: the map error is reported: $(echo "$out" | sed -n 's/^message *//p')" ;;
"0 pass") ok "$what: the point passes" ;;
*) not_ok "$what: exit $rc, verdict '$v': $(echo "$out" | tail -n 3 | tr '\n' ' ')" ;;
esac
rel "scenario fallback-helper lost=0"
sleep 0.5
check "$what: no p2pbench kernel thread left" [ "$(kthreads)" = 0 ]
no_mappings "$what" "$IMP"
out=$(p2pbench run --method phys --ranges 4 --size 64K 2>&1)
check "after the fallback, a phys point on the same pair passes" [ $? = 0 ]
kml_check "fallback-$type"
rel_counts "fallback-$type"
