#!/bin/sh
# Is this the debug lab kernel the reliability suite needs? TAP.
. /lab/guest/tap.sh
D=/sys/kernel/debug
check "KASAN is on (\"KernelAddressSanitizer initialized\")" sh -c 'dmesg | grep -q "KernelAddressSanitizer initialized"'
check "kmemleak is on ($D/kmemleak)" [ -w $D/kmemleak ]
check "lockdep is on (/proc/lockdep_stats)" [ -r /proc/lockdep_stats ]
check "failslab and fail_page_alloc in debugfs" [ -d $D/failslab -a -d $D/fail_page_alloc ]
check "fail-nth in /proc" [ -w /proc/self/fail-nth ]
check "DMA API debugging on ($D/dma-api)" [ -d $D/dma-api ]
check "Intel IOMMU page tables in debugfs ($D/iommu/intel)" [ -d $D/iommu/intel ]
check "the p2pbench module is loaded ($D/p2pbench/ctl)" [ -e $D/p2pbench/ctl ]
echo "REL boot_uptime_s=$(cut -d' ' -f1 /proc/uptime)"
