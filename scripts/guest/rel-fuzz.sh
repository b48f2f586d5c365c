#!/bin/sh
# The ioctl fuzzer on one pair and importer group type (reliability suite).
# usage: rel-fuzz.sh PAIR TYPE [CASES] [SEED] [full]
# p2pbench_fuzz prints its own TAP lines (refusals, sane results, taint,
# module usable afterwards); here: nothing left mapped, no leak.
. /lab/guest/pair.sh
. /lab/guest/rel-lib.sh
pair=${1:-switch}
type=${2:-DMA}
cases=${3:-10000}
seed=${4:-0x5eed}
full=${5:+--full}
rel_bind "$pair" "$type" || exit 1
kml_start
t0=$(date +%s)
# Every refusal logs a line: keep them in dmesg, off the serial console.
dmesg -n 1
p2pbench_fuzz --seed "$seed" --cases "$cases" $full 2>&1 | tee /tmp/fuzz.out
rc=$(sed -n 's/^FUZZ-RC //p' /tmp/fuzz.out)
dmesg -n 4
cp /tmp/fuzz.out /results/fuzz-$pair-$type.txt
n=$(sed -n 's/^FUZZ-CASES //p' /tmp/fuzz.out)
rel "fuzz pair=$pair type=$type seed=$seed cases=${n:-0} rc=$rc seconds=$(( $(date +%s) - t0 ))"
no_mappings "fuzz $pair $type" "$IMP"
kml_check "fuzz-$pair-$type"
rel_counts "fuzz-$pair-$type"
