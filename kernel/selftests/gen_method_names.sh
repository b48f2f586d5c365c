#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# gen_method_names.sh UAPI_HEADER: print a C header whose
# P2PBENCH_METHOD_NAMES(X) expands to X(P2PBENCH_METHOD_<M>, "<m>") for
# every method of enum p2pbench_method in UAPI_HEADER (linux/p2pbench.h),
# in enum order. A method's name is its enumerator's suffix, lowercased:
# P2PBENCH_METHOD_HELPER is "helper". The selftests and p2pbench's tools
# build their method lists from it, and the out-of-tree module build
# checks its ops table against it.
set -eu
if [ $# -ne 1 ] || [ ! -r "$1" ]; then
	echo "usage: $0 path/to/linux/p2pbench.h" >&2
	exit 1
fi
# The enumerators of enum p2pbench_method, one a line, without the prefix.
methods=$(sed -n '/^enum p2pbench_method {/,/^};/{
	s/^[[:space:]]*P2PBENCH_METHOD_\([A-Z0-9_]*\)[[:space:]=,].*/\1/p
}' "$1")
count=$(echo "$methods" | grep -c '^COUNT$' || true)
methods=$(echo "$methods" | grep -v '^COUNT$' || true)
if [ "$count" != 1 ] || [ -z "$methods" ]; then
	echo "$0: no enum p2pbench_method with P2PBENCH_METHOD_COUNT in $1" >&2
	exit 1
fi

echo '/* Generated from linux/p2pbench.h by gen_method_names.sh: do not edit. */'
echo '#ifndef P2PBENCH_METHOD_NAMES'
printf '%s\n' '#define P2PBENCH_METHOD_NAMES(X) \'
for m in $methods; do
	printf '\tX(P2PBENCH_METHOD_%s, "%s") \\\n' "$m" "$(echo "$m" | tr '[:upper:]' '[:lower:]')"
done | sed '$ s/ \\$//'
echo '#endif'
