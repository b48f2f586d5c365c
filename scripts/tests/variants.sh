#!/usr/bin/env bash
# Kernel variants (TAP): every kernel/variants/NAME has a README and patches
# that apply exactly to the lab's base and pass checkpatch --strict; a
# variant build starts from the base build and recompiles what its patches
# touch, even when the base was built after the patched source; and the lab
# tells variants apart: fix-iova-offset maps the two-range IOVA buffer the
# base fails with -EADDRINUSE, unaligned-chunks fails a 4 GiB range the base
# passes.
#
# The fix variants (those with a fixes file): kernel/variants/fixes is
# what scripts/gen-fixes makes of the fix-* variants; each names only known
# bugs of the base; and in the lab (--cpu amd) the probes of
# scripts/guest/known-bugs.sh hit every known bug on the base (XFAIL), and
# on each fix variant exactly the bugs it declares fixed come out clean
# while the other probes still hit. On the lab kernel; the dma-debug-mmio
# probe needs the debug kernel: VARIANTS_DEBUG=1 runs every probe boot on
# it (the debug build of each variant is slower). VARIANTS_SKIP_PROBES=1
# leaves the probe boots out; VARIANTS_PROBES_ONLY=1 runs only the fix
# series checks and the probes.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/tests/tap.sh"
prog=variants.sh
. "$top/scripts/lib.sh"
lab=$top/scripts/lab

src=$("$top/scripts/fetch-kernel" 2>/dev/null) || { not_ok "the lab's kernel source is there"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/p2pbench-variants.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# VARIANTS_PROBES_ONLY=1: only the fix series checks and the probes.
if [ "${VARIANTS_PROBES_ONLY:-0}" != 1 ]; then

for d in "$top"/kernel/variants/*/; do
	name=$(basename "$d")
	check "variant $name has a README" test -s "$d/README.md"
	mapfile -t ps < <(patch_files "$d" 2>/dev/null)
	if [ ${#ps[@]} -eq 0 ]; then
		not_ok "variant $name has patches"
		continue
	fi
	rm -rf "$tmp/tree" && cp -al "$src" "$tmp/tree"
	rc=0
	for p in "${ps[@]}"; do
		patch -d "$tmp/tree" -p1 --batch --forward --fuzz=0 -s <"$p" >"$tmp/patch.log" 2>&1 || rc=1
	done
	check_rc "variant $name: ${#ps[@]} patch(es) apply to the base with --fuzz=0" 0 $rc
	# UNKNOWN_COMMIT_ID: a Fixes: id cannot be looked up without the
	# kernel's git history, which the Debian source does not carry.
	for p in "${ps[@]}"; do
		total=$(cd "$src" && ./scripts/checkpatch.pl --strict --ignore UNKNOWN_COMMIT_ID "$p" 2>&1 | grep -m1 '^total:')
		if grep -q '^total: 0 errors, 0 warnings, 0 checks' <<<"$total"; then
			ok "variant $name: checkpatch --strict $(basename "$p"): $total"
		else
			not_ok "variant $name: checkpatch --strict $(basename "$p"): $total"
		fi
	done
done
rm -rf "$tmp/tree"

# A variant build recompiles its patched file and relinks, nothing else
# of note; dma-buf-mapping.o must be among what it compiled.
kdir=$("$top/scripts/build-kernel" --variant unaligned-chunks 2>"$tmp/build.log")
rc=$?
if [ $rc -eq 0 ] && [ -f "$kdir/.seeded-from" ]; then
	ok "unaligned-chunks builds from a copy of the base build ($(grep -o 'slot ready in [0-9]* s' "$tmp/build.log" || echo cached))"
else
	not_ok "unaligned-chunks builds from a copy of the base build"
	tail -n 5 "$tmp/build.log" | sed 's/^/# /'
fi
check "unaligned-chunks: the build compiled drivers/dma-buf/dma-buf-mapping.o" \
	grep -q 'CC.*drivers/dma-buf/dma-buf-mapping.o' "$kdir/build.log"
n=$(grep -c '^  CC ' "$kdir/build.log")
check "unaligned-chunks: few objects recompiled ($n)" test "$n" -lt 20
check "unaligned-chunks: the source slot records the patch's SHA-256" \
	grep -q "^patch=$(sha256sum <"$(patch_files "$top/kernel/variants/unaligned-chunks")" | cut -d' ' -f1)" \
	"$(cat "$kdir/.source")/../.p2pbench-source"

# The lab tells them apart.
guest='. /lab/guest/pair.sh
pair_bind $1 $2 || exit 2
p2pbench run --method helper --ranges $3 --size $4 --iterations 5 --warmup 1 --format json >/results/r.json
echo "rc=$?"
sed -n "s/.*\"verdict\": *\"\([a-z-]*\)\".*/verdict=\1/p; s/.*\"status\": *\(-*[0-9]*\).*/status=\1/p" /results/r.json | head -n 2'
mkdir -p "$tmp/in"
echo "$guest" >"$tmp/in/one.sh"
one() { # one VARIANT CPU PAIR MODE RANGES SIZE
	"$lab" run --variant "$1" --cpu "$2" --input "$tmp/in" --timeout 300 --allow-warn -- \
		sh /results/one.sh "$3" "$4" "$5" "$6" 2>&1 | grep -E '^(verdict|status)=' | tr '\n' ' '
}
out=$(one base amd hostbridge DMA 2 4K)
check "base: helper, 2 ranges through the host bridge, DMA: map-error -98 ($out)" grep -q 'status=-98 verdict=map-error' <<<"$out"
out=$(one fix-iova-offset amd hostbridge DMA 2 4K)
check "fix-iova-offset: the same point passes ($out)" grep -q 'verdict=pass' <<<"$out"
out=$(one base intel switch identity 1 4G)
check "base: helper, one 4 GiB range, same switch: pass ($out)" grep -q 'verdict=pass' <<<"$out"
out=$(one unaligned-chunks intel switch identity 1 4G)
check "unaligned-chunks: the same point fails its verdict ($out)" grep -q 'verdict=fail' <<<"$out"

fi

# ---- the fix series and the bugs each fix variant declares fixed ----
out=$("$top/scripts/gen-fixes" --check 2>&1)
check_rc "kernel/variants/fixes is what scripts/gen-fixes makes of the fix-* variants${out:+ ($(tail -n 1 <<<"$out"))}" 0 $?

# The series as a maintainer takes it: git am of kernel/variants/fixes on
# the pristine base (a repository of the files it touches) gives exactly
# the files the fixes kernel is built from, and that kernel builds.
mapfile -t sp < <(patch_files "$top/kernel/variants/fixes")
am=$tmp/am
mkdir -p "$am"
git -C "$am" init -q
mapfile -t sfiles < <(sed -n 's|^+++ b/||p' "${sp[@]}" | sort -u)
for f in "${sfiles[@]}"; do
	mkdir -p "$am/$(dirname "$f")"
	cp "$src/$f" "$am/$f"
done
gid=(-c user.name=p2pbench -c user.email=p2pbench@invalid -c commit.gpgsign=false)
git -C "$am" add -A && git -C "$am" "${gid[@]}" commit -q -m base
git -C "$am" "${gid[@]}" am -q "${sp[@]}" >"$tmp/am.log" 2>&1
rc=$?
out=$(tr '\n' ' ' <"$tmp/am.log" | cut -c1-120)
check_rc "kernel/variants/fixes: git am of its ${#sp[@]} patches on the base${out:+ ($out)}" 0 $rc
kdir=$("$top/scripts/build-kernel" --variant fixes 2>"$tmp/build-fixes.log")
if [ $? = 0 ] && [ -f "$kdir/arch/x86/boot/bzImage" ]; then
	ok "the fixes kernel builds ($(grep -o 'slot ready in [0-9]* s' "$tmp/build-fixes.log" || echo cached): $(basename "$kdir"))"
	rc=0
	for f in "${sfiles[@]}"; do
		cmp -s "$am/$f" "$(cat "$kdir/.source")/$f" || { rc=1; echo "# differs: $f"; }
	done
	check_rc "the fixes kernel is built from what git am made of ${sfiles[*]}" 0 $rc
else
	not_ok "the fixes kernel builds"
	tail -n 5 "$tmp/build-fixes.log" | sed 's/^/# /'
fi
fixvariants=()
for d in "$top"/kernel/variants/*/; do
	[ -f "$d/fixes" ] || continue
	name=$(basename "$d")
	fixvariants+=("$name")
	out=$(variant_fixed_bugs "$name" 2>&1)
	rc=$?
	if [ $rc = 0 ] && [ -n "$out" ]; then
		ok "variant $name declares fixed: $(echo $out) (bugs of the base)"
	else
		not_ok "variant $name: fixes names known bugs of the base (${out:-none})"
	fi
done

if [ "${VARIANTS_SKIP_PROBES:-0}" = 1 ]; then
	skip "known-bug probes on the base and the fix variants" "VARIANTS_SKIP_PROBES=1"
	exit 0
fi
declare -A probe
dbg=()
[ "${VARIANTS_DEBUG:-0}" = 1 ] && dbg=(--debug)
for v in base "${fixvariants[@]}"; do
	known=$(kernel_known_bugs "$v")
	fixed=$(variant_fixed_bugs "$v" | tr '\n' ' ')
	t0=$SECONDS
	out=$("$lab" run "${dbg[@]}" --variant "$v" --cpu amd --mem 2G --append log_buf_len=16M \
		--allow-warn --timeout 900 -- \
		sh -c "export P2PBENCH_KNOWN_BUGS='$known' P2PBENCH_FIXED_BUGS='$fixed'; sh /lab/guest/known-bugs.sh" 2>&1)
	rc=$?
	tap_guest "probes on $v" printf '%s\n' "$out"
	[ $rc = 0 ] || not_ok "probes on $v: the debug lab run ended with exit $rc"
	echo "# probes on $v: $((SECONDS - t0)) s"
	while read -r b r; do
		probe[$v,$b]=$r
	done < <(sed -n 's/.*BUGPROBE name=\([a-z-]*\) result=\([a-z]*\).*/\1 \2/p' <<<"$out")
done
# XFAIL -> PASS for the declared bugs, every other probe as on the base.
for v in "${fixvariants[@]}"; do
	fixed=" $(variant_fixed_bugs "$v" | tr '\n' ' ') "
	went=() same=() bad=()
	for key in "${!probe[@]}"; do
		[ "${key%%,*}" = base ] || continue
		b=${key#*,}
		# A probe this kernel cannot run (dma-debug-mmio without
		# CONFIG_DMA_API_DEBUG) proves nothing either way.
		[ "${probe[base,$b]}" != none ] || continue
		want=${probe[base,$b]}
		[[ $fixed == *" $b "* ]] && want=clean
		got=${probe[$v,$b]:-none}
		if [ "${probe[base,$b]}" != hit ]; then
			bad+=("$b: the base does not show it (${probe[base,$b]})")
		elif [ "$got" != "$want" ]; then
			bad+=("$b: ${probe[base,$b]} on the base, $got here, expected $want")
		elif [ "$want" = clean ]; then
			went+=("$b")
		else
			same+=("$b")
		fi
	done
	unprobed=()
	for b in $fixed; do
		[ "${probe[base,$b]:-none}" != none ] || unprobed+=("$b")
	done
	if [ ${#bad[@]} = 0 ] && [ ${#went[@]} = 0 ] && [ ${#unprobed[@]} -gt 0 ]; then
		skip "$v: its declared fixes go XFAIL -> PASS (${unprobed[*]})" \
			"no probe of it on this kernel (VARIANTS_DEBUG=1: the debug kernel); the other probes unchanged: ${same[*]:-none}"
	elif [ ${#bad[@]} = 0 ] && [ ${#went[@]} -gt 0 ]; then
		ok "$v: fixed (XFAIL -> PASS): ${went[*]}; unchanged (still XFAIL): ${same[*]:-none}${unprobed[*]:+; not probed on this kernel: ${unprobed[*]}}"
	else
		not_ok "$v: its declared fixes go XFAIL -> PASS and nothing else changes: ${bad[*]:-no probe went XFAIL -> PASS}"
	fi
done
