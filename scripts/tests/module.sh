#!/usr/bin/env bash
# The bench module through the p2pbench CLI in the lab (TAP): every method
# on the same-switch pair, counts per path, 8 GiB splitting, end-to-end DMA,
# bad input; the helper's multi-range IOVA failure through the host bridge.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/tests/tap.sh"
lab=$top/scripts/lab

# Kernel code is kernel code: checkpatch --strict and a W=1 build, clean.
kdir=$("$top/scripts/build-kernel" 2>/dev/null) || { not_ok "lab kernel builds"; exit 1; }
out=$(make -s -C "$top/kernel" checkpatch KDIR="$kdir" 2>&1)
check_rc "module passes checkpatch --strict ($(tail -n 1 <<<"$out"))" 0 $?
out=$(make -s -C "$top/kernel" w1 KDIR="$kdir" 2>&1)
check_rc "module builds with W=1 without warnings ($(tail -n 1 <<<"$out"))" 0 $?
tap_guest "module (intel, same switch)" "$lab" run --cpu intel --timeout 900 -- sh /lab/guest/module-tests.sh intel
tap_guest "module (amd, host bridge)" "$lab" run --no-build --cpu amd --timeout 600 -- sh /lab/guest/module-tests.sh amd
