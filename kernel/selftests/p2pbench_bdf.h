/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI addresses as the p2pbench selftests, and p2pbench's own tool, take
 * them: "0000:03:00.0" or "03:00.0", with an optional ":BAR" suffix. Only
 * libc and the uapi header, so that any user-space program can include it.
 */
#ifndef __SELFTEST_P2PBENCH_BDF_H
#define __SELFTEST_P2PBENCH_BDF_H

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <linux/types.h>
#include <linux/p2pbench.h>

#define BDF_MAX_BAR	5

/* Why parse_bdf() refused a string. */
enum bdf_error {
	BDF_NOT_A_BDF = -1,
	BDF_BAR_UNEXPECTED = -2,	/* a ":BAR" suffix where none is taken */
	BDF_BAR_RANGE = -3,		/* a ":BAR" suffix that is not 0..5 */
};

/* @n hex digits at @p, at most @maxdigits of them, a value at most @max. */
static inline int bdf_hex(const char *p, size_t n, size_t maxdigits, __u32 max,
			  __u32 *out)
{
	__u32 v = 0;
	size_t i;

	if (n == 0 || n > maxdigits)
		return -1;
	for (i = 0; i < n; i++) {
		int c = tolower((unsigned char)p[i]);

		if (!isxdigit(c))
			return -1;
		v = v * 16 + (__u32)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * parse_bdf() - "DOMAIN:BUS:DEV.FN" or "BUS:DEV.FN" into @b: hex fields, a
 * domain of at most 8 digits, a bus of at most 2 (to 0xff), a device of at
 * most 2 (to 0x1f), and a function 0..7. When @bar is not NULL a ":BAR"
 * suffix (0..5) may follow, and *@bar is it, or -1 without one.
 * Return: 0, or an enum bdf_error; @b and *@bar are set only on success.
 */
static inline int parse_bdf(const char *s, struct p2pbench_bdf *b, int *bar)
{
	const char *dot = strchr(s, '.'), *c1, *c2, *bus, *dev, *fn;
	__u32 domain = 0, bn, dn, f;

	if (!dot)
		return BDF_NOT_A_BDF;
	c1 = memchr(s, ':', (size_t)(dot - s));
	if (!c1)
		return BDF_NOT_A_BDF;
	c2 = memchr(c1 + 1, ':', (size_t)(dot - c1 - 1));
	if (c2) {
		if (bdf_hex(s, (size_t)(c1 - s), 8, 0xffffffff, &domain))
			return BDF_NOT_A_BDF;
		bus = c1 + 1;
		dev = c2 + 1;
	} else {
		bus = s;
		dev = c1 + 1;
	}
	if (bdf_hex(bus, (size_t)(dev - 1 - bus), 2, 0xff, &bn) ||
	    bdf_hex(dev, (size_t)(dot - dev), 2, 0x1f, &dn))
		return BDF_NOT_A_BDF;
	fn = dot + 1;
	if (fn[0] < '0' || fn[0] > '7')
		return BDF_NOT_A_BDF;
	f = (__u32)(fn[0] - '0');
	if (fn[1] == ':') {
		if (!bar)
			return BDF_BAR_UNEXPECTED;
		if (fn[2] < '0' || fn[2] > '0' + BDF_MAX_BAR || fn[3])
			return BDF_BAR_RANGE;
		*bar = fn[2] - '0';
	} else if (fn[1]) {
		return BDF_NOT_A_BDF;
	} else if (bar) {
		*bar = -1;
	}
	memset(b, 0, sizeof(*b));
	b->domain = domain;
	b->bus = (__u8)bn;
	b->devfn = (__u8)((dn << 3) | f);
	return 0;
}

/* bdf_str() - "0000:03:00.0" into @buf; returns @buf. */
static inline const char *bdf_str(const struct p2pbench_bdf *b, char *buf, size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%x", b->domain, b->bus, b->devfn >> 3,
		 b->devfn & 7);
	return buf;
}

#endif /* __SELFTEST_P2PBENCH_BDF_H */
