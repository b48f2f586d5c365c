#!/bin/sh
# The README's real-hardware build steps, as a Debian trixie user runs them,
# inside the trixie build root (scripts/tests/stock.sh runs this in a
# throwaway overlay of it, with a copy of the tree at /io/src). TAP.
# usage: stock-root.sh KREL OTHER_KREL
krel=$1 other=$2
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() {
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then ok "$d"; else not_ok "$d"; fi
}
# The module DKMS installed for kernel K ('' if none).
installed() { ls /lib/modules/$1/updates/dkms/p2pbench.ko* 2>/dev/null | head -n 1; }
# Every file under /usr/src/p2pbench-0.1 that is not a source file.
leftovers() { find /usr/src/p2pbench-0.1 -type f ! -name '*.[ch]' ! -name Kbuild ! -name Makefile ! -name dkms.conf; }

cd /io/src || exit 1
export DEBIAN_FRONTEND=noninteractive

# make module KDIR=..., with gcc-14 as Debian built the headers.
out=$(make module KDIR=/usr/src/linux-headers-$krel 2>&1)
check "make module KDIR=/usr/src/linux-headers-$krel" [ -f kernel/p2pbench.ko ]
echo "$out" | grep -E 'warning|error' | sed 's/^/# /'
have=$(grep -o 'P2PBENCH_HAVE_[A-Z_]*' kernel/.p2pbench_main.o.cmd 2>/dev/null | sort -u | tr '\n' ' ')
echo "# compile tests: $have"
check "all five compile tests detected ($have)" [ "$(echo $have | wc -w)" = 5 ]
check "the module's vermagic is $krel" sh -c "modinfo -F vermagic kernel/p2pbench.ko | grep -q '^$krel '"
out=$(make -C kernel w1 KDIR=/usr/src/linux-headers-$krel 2>&1)
check "W=1 build against Debian's headers is clean" sh -c "echo \"\$0\" | grep -q 'W=1 build: clean'" "$out"

# DKMS: install with make module's objects lying in kernel/.
ls kernel/*.o >/dev/null 2>&1 || not_ok "make module left objects to be skipped"
out=$(make dkms-install KVER=$krel 2>&1)
rc=$?
echo "$out" | tail -n 5 | sed 's/^/# /'
check "make dkms-install KVER=$krel" [ $rc = 0 ]
check "dkms status: installed for $krel" sh -c "dkms status p2pbench | grep -q '$krel.*installed'"
check "the module is installed in /lib/modules/$krel/updates/dkms" [ -n "$(installed $krel)" ]
check "only sources were copied to /usr/src/p2pbench-0.1 ($(leftovers | wc -l) other files)" [ -z "$(leftovers)" ]
check "the copy holds the compile tests and the uapi header" \
	[ -f /usr/src/p2pbench-0.1/conftest/sanity.c -a -f /usr/src/p2pbench-0.1/include/uapi/linux/p2pbench.h ]
check "dkms.conf says AUTOINSTALL=\"yes\"" grep -qx 'AUTOINSTALL="yes"' /usr/src/p2pbench-0.1/dkms.conf

# Update: a changed source, make dkms-install again; the new module replaces the old.
echo 'MODULE_INFO(lab_update, "2");' >>kernel/p2pbench_main.c
out=$(make dkms-install KVER=$krel 2>&1)
rc=$?
check "make dkms-install again (an update)" [ $rc = 0 ]
m=$(installed $krel)
check "the update replaced the installed module (lab_update=$(modinfo -F lab_update "$m" 2>/dev/null))" \
	[ "$(modinfo -F lab_update "$m" 2>/dev/null)" = 2 ]
check "no nested copy in /usr/src (the old cp -r bug)" [ ! -e /usr/src/p2pbench-0.1/kernel -a ! -e /usr/src/p2pbench-0.1/p2pbench-0.1 ]
check "dkms knows one p2pbench version" [ "$(dkms status p2pbench | wc -l)" = 1 ]

# A newly installed kernel: Debian's header hook runs dkms autoinstall.
out=$(apt-get -q install -y --no-download --no-install-recommends linux-headers-$other 2>&1)
rc=$?
echo "$out" | grep -iE 'dkms|p2pbench|error' | head -n 8 | sed 's/^/# /'
check "installing linux-headers-$other (offline, from the root's apt cache)" [ $rc = 0 ]
check "dkms autoinstall built p2pbench for the new kernel $other" [ -n "$(installed $other)" ]
check "dkms status: installed for $other" sh -c "dkms status p2pbench | grep -q '$other.*installed'"

cp "$(installed $krel)" /io/p2pbench-dkms.ko

out=$(make dkms-remove 2>&1)
rc=$?
check "make dkms-remove" [ $rc = 0 ]
check "dkms-remove: no sources left" [ ! -e /usr/src/p2pbench-0.1 ]
check "dkms-remove: no module left for either kernel" [ -z "$(installed $krel)$(installed $other)" ]
check "dkms-remove: dkms knows no p2pbench" [ -z "$(dkms status p2pbench)" ]
