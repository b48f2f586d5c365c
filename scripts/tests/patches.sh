#!/usr/bin/env bash
# The in-tree series kernel/patches/ (TAP): it is exactly what
# scripts/gen-patches makes from the module's sources (one source of
# truth), git am applies it to the lab's pristine base, checkpatch --strict
# finds no error and no warning in any patch, the patched kernel builds
# with CONFIG_DMABUF_P2PBENCH=m and so does the kselftest in-tree, and the
# in-tree module boots in the lab and passes the kselftest there.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/tests/tap.sh"
prog=patches.sh
. "$top/scripts/lib.sh"
lab=$top/scripts/lab
pdir=$top/kernel/patches

tmp=$(mktemp -d "${TMPDIR:-/tmp}/p2pbench-patches.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

src=$("$top/scripts/fetch-kernel" 2>/dev/null) || { not_ok "the lab's kernel source is there"; exit 1; }

# 1. One source of truth: regenerate and compare.
if out=$("$top/scripts/gen-patches" -o "$tmp/gen" 2>&1); then
	ok "gen-patches regenerates the series ($(ls "$tmp/gen" | wc -l) files)"
else
	not_ok "gen-patches regenerates the series: $(tail -n 1 <<<"$out")"
	exit 1
fi
if diff -r "$pdir" "$tmp/gen" >"$tmp/gen.diff" 2>&1; then
	ok "kernel/patches/ is exactly what scripts/gen-patches makes"
else
	not_ok "kernel/patches/ differs from scripts/gen-patches' output (run scripts/gen-patches and commit)"
	head -n 20 "$tmp/gen.diff" | sed 's/^/# /'
fi
mapfile -t series < <(patch_files "$pdir")
check "kernel/patches/ has a cover letter and ${#series[@]} patches" \
	test -f "$pdir/0000-cover-letter.patch" -a ${#series[@]} -ge 2

# 2. git am on a pristine copy of the base: the cached base commit, the
# source tree as its work tree (hard links: git writes a patched file as a
# new file).
read -r repo base < <("$top/scripts/gen-patches" --base-repo 2>/dev/null)
tree=$tmp/linux
cp -al "$src" "$tree"
(
	cd "$tree" &&
	git init -q &&
	# Other runs hard-link the same source files at the same time, which
	# changes their ctime (the link count): only content and mtime count.
	git config core.trustctime false &&
	echo "$repo/objects" >.git/objects/info/alternates &&
	git update-ref refs/heads/master "$base" &&
	git read-tree master &&
	git update-index -q --refresh >/dev/null
) >"$tmp/am.log" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ -z "$(git -C "$tree" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	ok "pristine copy of the base ($(git -C "$tree" log -1 --format=%s))"
else
	not_ok "pristine copy of the base"
	sed 's/^/# /' "$tmp/am.log"
fi
if git -C "$tree" -c user.name=p2pbench -c user.email=p2pbench@localhost am -q "${series[@]}" >"$tmp/am.log" 2>&1; then
	ok "git am applies the ${#series[@]} patches on the base"
else
	not_ok "git am applies the ${#series[@]} patches on the base"
	head -n 20 "$tmp/am.log" | sed 's/^/# /'
	git -C "$tree" am --abort >/dev/null 2>&1
fi

# 3. checkpatch --strict: 0 errors, 0 warnings (checks are reported).
for p in "$pdir"/*.patch; do
	out=$(cd "$tree" && ./scripts/checkpatch.pl --strict --show-types "$p" 2>&1)
	total=$(grep -m1 '^total:' <<<"$out")
	if grep -q '^total: 0 errors, 0 warnings' <<<"$total"; then
		ok "checkpatch --strict $(basename "$p"): $total"
	else
		not_ok "checkpatch --strict $(basename "$p"): $total"
		grep -E '^(ERROR|WARNING|CHECK):' <<<"$out" | sort | uniq -c | sort -rn | head -n 10 | sed 's/^/# /'
	fi
done

# 4. The patched kernel builds with the driver as a module (a variant build:
# a copy of the base build, so seconds plus the driver's own files).
kdir=$("$top/scripts/build-kernel" --patches "$pdir" --config "$top/configs/kernel/lab.config" \
	--config "$top/configs/kernel/p2pbench-intree.config" 2>"$tmp/build.log")
rc=$?
ko=$kdir/drivers/dma-buf/p2pbench/p2pbench.ko
if [ $rc -eq 0 ] && [ -f "$ko" ]; then
	ok "the patched kernel builds with CONFIG_DMABUF_P2PBENCH=m ($(basename "$kdir"))"
else
	not_ok "the patched kernel builds with CONFIG_DMABUF_P2PBENCH=m"
	tail -n 20 "$tmp/build.log" | sed 's/^/# /'
fi
if [ -f "$kdir/build.log" ] && ! grep -E 'drivers/dma-buf/p2pbench/.*(warning|error):' "$kdir/build.log" >"$tmp/w.log"; then
	ok "the in-tree driver compiles without warnings"
else
	not_ok "the in-tree driver compiles without warnings"
	head -n 10 "$tmp/w.log" | sed 's/^/# /'
fi

# 5. The kselftest builds in the patched tree, as kselftests do.
mkdir -p "$tmp/st"
if make -s -C "$tree" O="$tmp/hdr" headers >"$tmp/st.log" 2>&1 &&
	make -s -C "$tree/tools/testing/selftests/p2pbench" OUTPUT="$tmp/st" \
		KHDR_INCLUDES="-isystem $tmp/hdr/usr/include" >>"$tmp/st.log" 2>&1 &&
	[ -x "$tmp/st/p2pbench_test" ]; then
	ok "tools/testing/selftests/p2pbench builds in the patched tree"
else
	not_ok "tools/testing/selftests/p2pbench builds in the patched tree"
	tail -n 10 "$tmp/st.log" | sed 's/^/# /'
fi

# 6. Boot the patched kernel, load the in-tree module instead of the
# out-of-tree one, and run the kselftest on the same-switch pair.
if [ -f "$ko" ]; then
	mkdir -p "$tmp/input"
	cp "$ko" "$tmp/input/p2pbench-intree.ko"
	cat >"$tmp/input/intree.sh" <<'EOF'
insmod /results/p2pbench-intree.ko || { echo "not ok 1 - insmod the in-tree p2pbench.ko"; exit 1; }
echo "ok 1 - insmod the in-tree p2pbench.ko"
# An out-of-tree module would taint the kernel with O.
t=$(cat /sys/module/p2pbench/taint)
case $t in *O*) echo "not ok 2 - the loaded p2pbench is in-tree (taint '$t')" ;;
*) echo "ok 2 - the loaded p2pbench is in-tree (taint '$t')" ;; esac
rm -f /results/p2pbench-intree.ko /results/intree.sh
sh /lab/guest/kselftest.sh switch identity
EOF
	tap_guest "in-tree module" "$lab" run --kernel-dir "$kdir" --append p2pbench.noload \
		--input "$tmp/input" --timeout 600 -- sh /results/intree.sh
else
	skip "in-tree module boots and passes the kselftest" "the patched kernel did not build"
fi
