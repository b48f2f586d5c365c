# shellcheck shell=bash
# Common helpers for the lab scripts. Sourced, never run.

P2PBENCH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
P2PBENCH_CACHE=${P2PBENCH_CACHE:-$HOME/.cache/p2pbench}

# The kernel the lab is built from: Debian's linux-source package. If this
# exact version is gone from the archive, the newest 7.2.x or later is used.
LAB_KPKG=${LAB_KPKG:-linux-source-7.2}
LAB_KVER_PIN=${LAB_KVER_PIN:-7.2.12-1~bpo13+1}
LAB_SUITES=${LAB_SUITES:-"trixie-backports sid"}
LAB_MIRROR=${LAB_MIRROR:-http://deb.debian.org/debian}

prog=${prog:-$(basename "$0")}

die() {
	printf '%s: error: %s\n' "$prog" "$*" >&2
	exit 1
}

log() {
	printf '%s: %s\n' "$prog" "$*" >&2
}

# Run "$@" holding an exclusive lock on LOCKFILE, so two lab runs never
# build the same cache slot at once.
with_lock() {
	local lockfile=$1
	shift
	mkdir -p "$(dirname "$lockfile")"
	exec {lockfd}>"$lockfile"
	if ! flock -n "$lockfd"; then
		log "waiting for $(basename "$lockfile") (another run holds it)"
		flock "$lockfd"
	fi
	"$@"
	local rc=$?
	flock -u "$lockfd"
	exec {lockfd}>&-
	return $rc
}

# need_space DIR MIB: fail clearly before a step that writes MIB MiB.
need_space() {
	local dir=$1 mib=$2 avail
	mkdir -p "$dir"
	avail=$(df -Pm "$dir" | awk 'NR == 2 { print $4 }')
	if [ -n "$avail" ] && [ "$avail" -lt "$mib" ]; then
		die "not enough disk space in $dir: ${avail} MiB free, need ${mib} MiB (set P2PBENCH_CACHE to a larger disk)"
	fi
}

# Kernel variants: kernel/variants/NAME/*.patch on top of the lab's base.
#
# variant_patch_dir NAME: the patch directory of a variant: "base" has none
# (prints nothing), a NAME that is a directory (a user's own patches) is
# used as it is, anything else must be kernel/variants/NAME.
variant_patch_dir() {
	local name=$1
	case $name in
	base) return 0 ;;
	*/*|.*)
		[ -d "$name" ] || die "patch directory not found: $name"
		(cd "$name" && pwd) ;;
	*)
		if [ -d "$P2PBENCH_TOP/kernel/variants/$name" ]; then
			echo "$P2PBENCH_TOP/kernel/variants/$name"
		elif [ -d "$name" ]; then
			(cd "$name" && pwd)
		else
			die "unknown variant '$name' (have: base $(variant_names | tr '\n' ' ')or give a directory of patches)"
		fi ;;
	esac
}

# variant_names: the variants kept in the tree.
variant_names() {
	local d
	for d in "$P2PBENCH_TOP"/kernel/variants/*/; do
		ls "$d"*.patch >/dev/null 2>&1 && basename "$d"
	done
}

# variant_label NAME: a name fit for labels and file names: the variant's
# name, or a patch directory's base name.
variant_label() {
	local n=${1%/}
	n=$(basename "$n")
	printf '%s\n' "${n//[^A-Za-z0-9._+-]/_}"
}

# patch_files DIR|FILE...: the patches in the order they apply, one
# absolute path a line: a file as given, a directory's "series" file (quilt
# order, '#' comments) if it has one, else its *.patch files in name order
# (git format-patch numbers them) that hold a diff (not a cover letter).
patch_files() {
	local p d line n=0
	for p in "$@"; do
		if [ -f "$p" ]; then
			echo "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"
			n=$((n + 1))
		elif [ -d "$p" ]; then
			d=$(cd "$p" && pwd)
			if [ -f "$d/series" ]; then
				while IFS= read -r line || [ -n "$line" ]; do
					line=${line%%#*}
					line=$(echo "$line" | awk '{ print $1 }')
					[ -n "$line" ] || continue
					[ -f "$d/$line" ] || die "$d/series names $line, which is not there"
					echo "$d/$line"
					n=$((n + 1))
				done <"$d/series"
			else
				while IFS= read -r line; do
					grep -q '^diff \|^--- ' "$line" || continue
					echo "$line"
					n=$((n + 1))
				done < <(LC_ALL=C ls -1 "$d"/*.patch 2>/dev/null)
			fi
		else
			die "no such patch file or directory: $p"
		fi
	done
	[ "$n" -gt 0 ] || die "no patches in: $*"
}

# Known kernel bugs: configs/kernel/known-bugs lists the base's; a variant
# that fixes some lists them in its fixes file (one name a line, '#'
# comments), so that the tests expect them gone on its kernel.
#
# base_known_bugs: the base kernel's bugs, one a line.
base_known_bugs() {
	awk '!/^#/ && NF { print $1 }' "$P2PBENCH_TOP/configs/kernel/known-bugs"
}

# variant_fixed_bugs VARIANT...: the bugs these variants (names or patch
# directories; base fixes none) declare fixed, one a line. A name that is
# not a known bug of the base is an error.
variant_fixed_bugs() {
	local v d b known
	known=" $(base_known_bugs | tr '\n' ' ') "
	for v in "$@"; do
		d=$(variant_patch_dir "$v") || return 1
		[ -n "$d" ] && [ -f "$d/fixes" ] || continue
		for b in $(awk '!/^#/ && NF { print $1 }' "$d/fixes"); do
			[[ $known == *" $b "* ]] ||
				die "$d/fixes: '$b' is not a bug of the base (configs/kernel/known-bugs)"
			echo "$b"
		done
	done | sort -u
}

# kernel_known_bugs VARIANT...: the bugs of the kernel with these variants
# applied: the base's minus those they fix, space-separated on one line
# (what P2PBENCH_KNOWN_BUGS holds for the kselftest, the fuzzer and the
# reliability suite).
kernel_known_bugs() {
	local fixed
	fixed=$(variant_fixed_bugs "$@") || return 1
	base_known_bugs | awk -v f=" $(echo $fixed) " 'index(f, " " $1 " ") == 0' | tr '\n' ' ' | sed 's/ $//'
	echo
}

# patch_manifest FILE...: "sha256  name" a line, the identity of a series.
# source_name PATH: a kernel source of the cache (.../src/VERSION[+pHASH]/
# PACKAGE) as a reader elsewhere can fetch it: "PACKAGE VERSION", and
# ", patched (HASH)" for a patched copy. Never a path of this machine.
source_name() {
	local p=${1%/} pkg ver
	[ -n "$p" ] || { echo unknown; return; }
	pkg=$(basename "$p")
	ver=$(basename "$(dirname "$p")")
	case $(dirname "$(dirname "$p")") in
	*/src) ;;
	*) echo "a local tree ($pkg)"; return ;;
	esac
	case $ver in
	*+p[0-9a-f]*) echo "$pkg ${ver%+p*}, patched (${ver##*+p})" ;;
	*) echo "$pkg $ver" ;;
	esac
}

patch_manifest() {
	local f
	for f in "$@"; do
		printf '%s  %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$(basename "$f")"
	done
}

# patches_hash FILE...: 12 hex digits naming the series (contents and
# order; file names do not count).
patches_hash() {
	patch_manifest "$@" | cut -d' ' -f1 | sha256sum | cut -c1-12
}

# Debian's own kernel for the lab (scripts/lab run --kernel debian) and the
# trixie build root its module is built in (scripts/build-stock-root).
STOCK_KREL=${STOCK_KREL:-7.2.12+deb13-amd64}
# A second Debian kernel whose headers the stock suite installs, to see
# dkms autoinstall build the module for a newly installed kernel.
STOCK_KREL_OTHER=${STOCK_KREL_OTHER:-7.2.11+deb13-amd64}
STOCK_SUITE=${STOCK_SUITE:-trixie}

# stock_root_run ROOT IO CMD...: CMD (as root, cwd /) in a throwaway
# writable view of the build root ROOT (overlayfs; the upper layer lives in
# a scratch directory removed afterwards, so the cached root is never
# written), with /proc, /sys, /dev, and the host directory IO at /io. In a
# mount namespace of its own: every mount goes away with it.
stock_root_run() {
	local r=$1 io=$2 ov rc=0
	shift 2
	ov=$(mktemp -d "$P2PBENCH_CACHE/stock/.ov.XXXXXX")
	mkdir -p "$ov/up" "$ov/work" "$ov/m"
	unshare --mount --propagation private sh -c '
		r=$1 ov=$2 io=$3; shift 3
		mount -t overlay overlay -o "lowerdir=$r,upperdir=$ov/up,workdir=$ov/work" "$ov/m" &&
		mount -t proc proc "$ov/m/proc" && mount --rbind /sys "$ov/m/sys" &&
		mount --rbind /dev "$ov/m/dev" && mkdir -p "$ov/m/io" &&
		mount --bind "$io" "$ov/m/io" && exec chroot "$ov/m" "$@"' sh "$r" "$ov" "$io" "$@" || rc=$?
	rm -rf "$ov"
	return $rc
}

# stock_sources: the module's source files (kernel/, relative), as DKMS and
# kernel/Kbuild use them: no build products.
stock_sources() {
	(
		cd "$P2PBENCH_TOP/kernel"
		ls Kbuild Makefile dkms.conf include/uapi/linux/p2pbench.h selftests/gen_method_names.sh
		ls ./*.[ch] conftest/*.c | sed 's|^\./||' | grep -v '\.mod\.c$' |
			grep -vx 'p2pbench_method_names\.h'
	)
}
