#!/usr/bin/env bash
# The p2pbench kselftest in the lab, in every configuration that changes
# what the methods must produce: map type (same switch / host bridge),
# importer IOMMU group type, a pair the kernel refuses (NOT_SUPPORTED), and
# no IOMMU at all. TAP output. KSELFTEST_VARIANT=NAME runs it on a kernel
# variant, expecting the bugs its fixes declares fixed to be gone.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/tests/tap.sh"
prog=kselftest.sh
. "$top/scripts/lib.sh"
lab=$top/scripts/lab
variant=${KSELFTEST_VARIANT:-base}

# cpu iommu pair group-type
configs=(
	"intel intel switch DMA"
	"intel intel switch identity"
	"intel intel hostbridge DMA"
	"amd intel hostbridge DMA-FQ"
	"intel none switch off"
)
known=$(kernel_known_bugs "$variant") || exit 1
echo "# kernel variant $variant; known bugs: $known"
first=1
for c in "${configs[@]}"; do
	set -- $c
	build=(--no-build)
	[ $first = 1 ] && build=()
	first=0
	tap_guest "kselftest cpu=$1 iommu=$2 $3 $4" "$lab" run "${build[@]}" --variant "$variant" --cpu "$1" --iommu "$2" \
		--timeout 600 -- sh /lab/guest/kselftest.sh "$3" "$4" "$known"
done
