# shellcheck shell=bash
# TAP helpers for host-side test scripts. scripts/run-tests counts the
# "ok" / "not ok" / "# SKIP" lines of every script.
tap_n=0
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); echo "not ok $tap_n - $*"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }
check() {
	local d=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else not_ok "$d"; fi
}
check_rc() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (got $3)"; fi
}
# tap_guest NAME CMD...: run a lab command whose guest prints TAP lines;
# re-emit them under our numbering prefixed with NAME (other lines become
# comments), and fail if the guest run failed without saying why in TAP.
tap_guest() {
	local name=$1 out rc line
	shift
	out=$("$@" 2>&1)
	rc=$?
	local re='^(not )?ok [0-9]+( -)? (.*)$'
	while IFS= read -r line; do
		if [[ $line =~ $re ]]; then
			tap_n=$((tap_n + 1))
			echo "${BASH_REMATCH[1]}ok $tap_n - $name: ${BASH_REMATCH[3]}"
		else
			echo "# $line"
		fi
	done <<<"$out"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' <<<"$out"; then
		not_ok "$name: guest run failed (exit $rc)"
	fi
}
# check_fails DESC RC OUTPUT PATTERN: a command failed (RC != 0) and said
# PATTERN (extended regex) in OUTPUT.
check_fails() {
	if [ "$2" -ne 0 ] && grep -qE -- "$4" <<<"$3"; then
		ok "$1"
	else
		not_ok "$1 (rc $2, output: $(tail -n 1 <<<"$3"))"
	fi
}
