/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the p2pbench selftests that do not depend on the kselftest
 * harness: the control file, the method names, the pair under test from
 * P2PBENCH_EXPORTER/P2PBENCH_IMPORTER (PCI addresses: p2pbench_bdf.h), and
 * the known kernel bugs from P2PBENCH_KNOWN_BUGS.
 */
#ifndef __SELFTEST_P2PBENCH_UTILS_H
#define __SELFTEST_P2PBENCH_UTILS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>
#include <linux/p2pbench.h>

#include "p2pbench_bdf.h"
#include "p2pbench_method_names.h"

#define P2PBENCH_CTL_PATH	"/sys/kernel/debug/p2pbench/ctl"
#define KIB			1024ULL
#define MIB			(1024ULL * KIB)
#define GIB			(1024ULL * MIB)

/*
 * The method names, from the uapi enum: the build generates
 * p2pbench_method_names.h with gen_method_names.sh.
 */
#define P2PBENCH_METHOD_ENTRY(value, name) \
	[value] = name,
static const char *const method_names[P2PBENCH_METHOD_COUNT] = {
	P2PBENCH_METHOD_NAMES(P2PBENCH_METHOD_ENTRY)
};

/* The control file: P2PBENCH_CTL if set, for a debugfs mounted elsewhere. */
static inline const char *ctl_path(void)
{
	const char *p = getenv("P2PBENCH_CTL");

	return p && *p ? p : P2PBENCH_CTL_PATH;
}

/*
 * pair_from_env() - a SETUP request for the pair named by
 * P2PBENCH_EXPORTER=BDF[:BAR] (BAR 2 if not given) and
 * P2PBENCH_IMPORTER=BDF. 1 when either is not set, -1 when either is not
 * a BDF, 0 when @s holds the request.
 */
static inline int pair_from_env(struct p2pbench_setup *s)
{
	const char *e = getenv("P2PBENCH_EXPORTER"), *i = getenv("P2PBENCH_IMPORTER");
	int bar;

	memset(s, 0, sizeof(*s));
	if (!e || !*e || !i || !*i)
		return 1;
	if (parse_bdf(e, &s->exporter, &bar) || parse_bdf(i, &s->importer, NULL))
		return -1;
	s->version = P2PBENCH_UAPI_VERSION;
	s->bar = bar < 0 ? 2 : bar;
	return 0;
}

/*
 * known_bug() - is @name in P2PBENCH_KNOWN_BUGS, the space-separated bugs
 * the kernel under test is known to have (e.g. "iova-offset" for Linux
 * 7.2.12's dma_buf_phys_vec_to_sgt())? A test that hits exactly such a
 * bug reports XFAIL instead of FAIL.
 */
static inline bool known_bug(const char *name)
{
	const char *list = getenv("P2PBENCH_KNOWN_BUGS"), *p;
	size_t n = strlen(name);

	for (p = list; p && (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
	return false;
}

#endif /* __SELFTEST_P2PBENCH_UTILS_H */
