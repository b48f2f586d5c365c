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
