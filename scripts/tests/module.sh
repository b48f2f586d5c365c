#!/usr/bin/env bash
# The bench module through the p2pbench CLI in the lab (TAP): every method
# on the same-switch pair, counts per path, 8 GiB splitting, end-to-end DMA,
# bad input; the helper's multi-range IOVA failure through the host bridge.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/tests/tap.sh"
lab=$top/scripts/lab
tap_guest "module (intel, same switch)" "$lab" run --cpu intel --timeout 900 -- sh /lab/guest/module-tests.sh intel
tap_guest "module (amd, host bridge)" "$lab" run --no-build --cpu amd --timeout 600 -- sh /lab/guest/module-tests.sh amd
