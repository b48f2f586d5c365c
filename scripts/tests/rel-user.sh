#!/usr/bin/env bash
# Userspace part of the reliability suite, on the host: compare, report
# and plot on truncated, empty, random, foreign, future-format and missing
# result files, a corrupt meta.json and points.json; a full disk for every
# writer; a missing gnuplot; and the unit tests under ASan/UBSan. The
# results come from the guest's scripts/guest/rel-sweep.sh (A: a complete
# sweep, B: the same sweep interrupted and resumed). TAP lines; a
# "REL user ..." line for the table.
# usage: rel-user.sh GUEST-RESULTS-DIR OUTDIR
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/tests/tap.sh"
A=$1/A
B=$1/B
out=$2
p2p=$top/bench/p2pbench
mkdir -p "$out"
cases=0

make -s -C "$top/bench" >/dev/null 2>&1 || { not_ok "bench/p2pbench builds"; exit 1; }
[ -d "$A/points" ] && [ -d "$B/points" ] || { not_ok "the guest returned results A and B"; exit 1; }

# expect_error DESC CMD...: fails with exit 2 and a message naming a path
# or saying what is wrong, within 30 s (no hang on bad input).
expect_error() {
	local desc=$1 o r
	shift
	cases=$((cases + 1))
	o=$(timeout 30 "$@" 2>&1)
	r=$?
	if [ $r = 2 ] && [ -n "$o" ] && ! grep -qiE 'sanitizer|runtime error|segmentation|core dumped' <<<"$o"; then
		ok "$desc: exit 2: $(head -n 1 <<<"$o" | cut -c1-150)"
	else
		not_ok "$desc: exit $r: $(head -n 2 <<<"$o" | cut -c1-200)"
	fi
}

o=$("$p2p" compare "$A" "$B" 2>&1)
r=$?
cases=$((cases + 1))
[ $r -le 1 ] && ok "compare of the complete and the resumed sweep runs (exit $r)" ||
	not_ok "compare A B: exit $r: $(tail -n 2 <<<"$o")"

w=$out/bad
rm -rf "$w"
mkdir -p "$w"
one=$(ls "$B"/points/*.json | head -n 1)
name=$(basename "$one")
variant() { rm -rf "$w/$1"; cp -a "$B" "$w/$1"; echo "$w/$1/points/$name"; }

f=$(variant truncated); head -c $(( $(stat -c %s "$f") / 2 )) "$one" >"$f"
expect_error "compare with a truncated point file" "$p2p" compare "$A" "$w/truncated"
f=$(variant empty); : >"$f"
expect_error "compare with an empty point file" "$p2p" compare "$A" "$w/empty"
f=$(variant garbage); head -c 4096 /dev/urandom >"$f"
expect_error "compare with a point file of random bytes" "$p2p" compare "$A" "$w/garbage"
f=$(variant foreign); echo '{"hello": "world", "format": "x"}' >"$f"
expect_error "compare with a foreign JSON file as a point" "$p2p" compare "$A" "$w/foreign"
f=$(variant future); sed 's/"format": *1/"format": 99/' "$one" >"$f"
expect_error "compare with a point of a future format" "$p2p" compare "$A" "$w/future"
f=$(variant wrongtype); sed 's/"method": *"[a-z]*"/"method": 12/' "$one" >"$f"
expect_error "compare with a point whose method is a number" "$p2p" compare "$A" "$w/wrongtype"
rm -rf "$w/meta"; cp -a "$B" "$w/meta"; echo '{ "kernel": ' >"$w/meta/meta.json"
expect_error "compare with a corrupt meta.json" "$p2p" compare "$A" "$w/meta"
mkdir -p "$w/emptydir"
expect_error "compare with an empty directory" "$p2p" compare "$A" "$w/emptydir"
expect_error "compare with a missing directory" "$p2p" compare "$A" "$w/does-not-exist"
expect_error "compare with a regular file for a directory" "$p2p" compare "$A" "$one"
rm -rf "$w/pj"; mkdir -p "$w/pj"; head -c 100 /dev/urandom >"$w/pj/points.json"
expect_error "compare with a corrupt points.json" "$p2p" compare "$A" "$w/pj"

for v in truncated garbage foreign future meta; do
	expect_error "report with a $v file" "$p2p" report "$w/$v"
	expect_error "plot with a $v file" "$p2p" plot "$w/$v" -o "$w/out-plot-$v"
done

# gnuplot missing: a PATH with everything but gnuplot.
o=$("$p2p" plot "$A" -o "$w/plots" 2>&1)
if grep -q 'not implemented' <<<"$o"; then
	skip "plot without gnuplot says so" "p2pbench plot: not implemented yet"
else
	nog=$w/nognuplot-bin
	mkdir -p "$nog"
	for d in ${PATH//:/ }; do
		for x in "$d"/*; do
			b=$(basename "$x")
			[ "$b" = gnuplot ] || [ -e "$nog/$b" ] || ln -s "$x" "$nog/$b" 2>/dev/null
		done
	done
	cases=$((cases + 1))
	o=$(PATH=$nog "$p2p" plot "$A" -o "$w/plots-nognuplot" 2>&1)
	r=$?
	if [ $r != 0 ] && grep -qi gnuplot <<<"$o"; then
		ok "plot without gnuplot fails and says so: $(head -n 1 <<<"$o" | cut -c1-150)"
	else
		not_ok "plot without gnuplot: exit $r: $(head -n 1 <<<"$o")"
	fi
fi

# A full disk on the host (root only: mounting a tmpfs): results copied
# in, the rest of the space filled, then every writer must fail clearly.
if [ "$(id -u)" = 0 ] && mkdir -p "$w/full" && mount -t tmpfs -o size=1m tmpfs "$w/full" 2>/dev/null; then
	cp -a "$A/points" "$A/meta.json" "$w/full/"
	# fill: take whatever space the last writer freed when it cleaned up
	# after itself, so every writer meets a full disk.
	nfill=0
	fill() { nfill=$((nfill + 1)); dd if=/dev/zero of="$w/full/filler.$nfill" bs=4k 2>/dev/null; }
	fill
	expect_error "collect into a full disk" "$p2p" sweep --collect "$w/full"
	fill
	expect_error "plot into a full disk" "$p2p" plot "$A" -o "$w/full/plots"
	fill
	cases=$((cases + 1))
	o=$( { "$p2p" report "$A" >"$w/full/report.txt"; } 2>&1)
	r=$?
	if [ $r != 0 ] && [ -n "$o" ]; then
		ok "report to a full disk fails and says so: exit $r: $(head -n 1 <<<"$o" | cut -c1-150)"
	else
		not_ok "report to a full disk: exit $r, message '$o' (a truncated report went unnoticed)"
	fi
	fill
	cases=$((cases + 1))
	o=$( { "$p2p" compare "$A" "$B" >"$w/full/compare.txt"; } 2>&1)
	r=$?
	if [ $r = 2 ] && [ -n "$o" ]; then
		ok "compare to a full disk fails and says so: $(head -n 1 <<<"$o" | cut -c1-150)"
	else
		not_ok "compare to a full disk: exit $r, message '$o' (the verdict was lost)"
	fi
	ls -a "$w/full" | grep -q '\.tmp\.' && not_ok "temporary files left on the full disk: $(ls -a "$w/full" | grep '\.tmp\.')"
	umount "$w/full"
else
	skip "a full disk on the host gives clear errors" "needs root to mount a tmpfs"
fi

# Unit tests under ASan/UBSan.
o=$(make -s -C "$top/bench" test 2>&1)
r=$?
cases=$((cases + 1))
if [ $r = 0 ] && ! grep -qE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' <<<"$o"; then
	ok "bench unit tests under ASan/UBSan: clean ($(grep -c '^[a-z_]*: ok ' <<<"$o") ok lines)"
else
	not_ok "bench unit tests under ASan/UBSan: exit $r: $(grep -m 2 -E 'ERROR|runtime error|not ok' <<<"$o")"
fi

echo "REL user cases=$cases lost=0"
