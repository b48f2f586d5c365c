#!/usr/bin/env bash
# The real-hardware path on Debian's own kernel (make test-stock): the
# README's build steps in a trixie build root (scripts/tests/stock-root.sh:
# make module KDIR=, make dkms-install, an update, dkms autoinstall for a
# newly installed kernel, make dkms-remove), then Debian's kernel booted in
# the lab with that DKMS build (scripts/guest/stock.sh: modprobe, info,
# bind, run, unbind, rmmod, doctor under lockdown). TAP.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/lib.sh"
. "$top/scripts/tests/tap.sh"

t0=$SECONDS
root=$("$top/scripts/build-stock-root" 2>&1 | tail -n 1)
if [ ! -f "$root/.complete" ]; then
	not_ok "the trixie build root builds ($root)"
	exit 1
fi
ok "the trixie build root (gcc-14, dkms, linux-headers-$STOCK_KREL) is ready ($((SECONDS - t0)) s)"

io=$(mktemp -d "$P2PBENCH_CACHE/stock/.io.XXXXXX")
trap 'rm -rf "$io"' EXIT
# A copy of what a user's checkout holds for the module (no objects).
mkdir -p "$io/src/kernel" "$io/src/scripts"
cp "$top/Makefile" "$io/src/"
cp "$top/scripts/dkms" "$top/scripts/lib.sh" "$top/scripts/host-deps" "$io/src/scripts/"
(cd "$top/kernel" && stock_sources) | while IFS= read -r f; do
	install -D -m 0644 "$top/kernel/$f" "$io/src/kernel/$f"
done
cp "$top/scripts/tests/stock-root.sh" "$io/"
t1=$SECONDS
tap_guest "trixie" stock_root_run "$root" "$io" sh /io/stock-root.sh "$STOCK_KREL" "$STOCK_KREL_OTHER"
echo "# build-root steps took $((SECONDS - t1)) s"

if [ ! -s "$io/p2pbench-dkms.ko" ]; then
	not_ok "the DKMS build of p2pbench for $STOCK_KREL came out of the build root"
	exit 1
fi
mkdir -p "$io/in"
cp "$io/p2pbench-dkms.ko" "$io/in/"
# As a real THRU_HOST_BRIDGE machine: the AMD CPU with the AMD IOMMU.
t1=$SECONDS
tap_guest "debian kernel (amd cpu, amd iommu)" "$top/scripts/lab" run --kernel debian \
	--cpu amd --iommu amd --timeout 300 --input "$io/in" -- sh /lab/guest/stock.sh "$STOCK_KREL" amd
echo "# the boot took $((SECONDS - t1)) s"
echo "# stock suite: $((SECONDS - t0)) s"
