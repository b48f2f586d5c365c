// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

/*
 * strtoull alone accepts "-1", leading blanks, "" (as 0) and octal ("010"
 * is 8): only decimal and 0x-hex digits are numbers here.
 */
static int parse_prefix(const char *s, uint64_t *out, const char **end)
{
	int base = 10;
	char *e;

	if (!s)
		return errno = EINVAL, -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!isxdigit((unsigned char)s[0]))
			return errno = EINVAL, -1;
	} else if (!isdigit((unsigned char)s[0])) {
		return errno = EINVAL, -1;
	}
	errno = 0;
	unsigned long long v = strtoull(s, &e, base);
	if (errno == ERANGE)
		return -1;
	*out = v;
	*end = e;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v;

	if (parse_prefix(s, &v, &end))
		return -1;
	if (*end)
		return errno = EINVAL, -1;
	*out = v;
	return 0;
}

static const char suffixes[] = "KMGTP";

int parse_size(const char *s, uint64_t *out)
{
	const char *end, *p;
	unsigned int shift = 0;
	uint64_t v;

	if (parse_prefix(s, &v, &end))
		return -1;
	if (*end) {
		p = strchr(suffixes, toupper((unsigned char)*end));
		if (!p)
			return errno = EINVAL, -1;
		shift = 10 * (unsigned int)(p - suffixes + 1);
		end++;
		if (!strcmp(end, "iB") || !strcmp(end, "B"))
			end += strlen(end);
		if (*end)
			return errno = EINVAL, -1;
		if (v > (UINT64_MAX >> shift))
			return errno = ERANGE, -1;
	}
	*out = v << shift;
	return 0;
}

const char *format_size(uint64_t v, char *buf, size_t len)
{
	unsigned int i = 0;

	while (v && !(v & 1023) && i < sizeof(suffixes) - 1) {
		v >>= 10;
		i++;
	}
	if (i)
		snprintf(buf, len, "%" PRIu64 "%c", v, suffixes[i - 1]);
	else
		snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

int size_parse(const char *s, uint64_t *v)
{
	uint64_t acc = 0, t;
	char term[64];
	int sign = 1;

	for (;;) {
		size_t n = strcspn(s, "+-");

		if (n == 0 || n >= sizeof(term))
			return -1;
		memcpy(term, s, n);
		term[n] = '\0';
		if (parse_size(term, &t))
			return -1;
		if (sign > 0) {
			if (acc > UINT64_MAX - t)
				return -1;
			acc += t;
		} else {
			if (t > acc)
				return -1;
			acc -= t;
		}
		s += n;
		if (!*s)
			break;
		sign = *s == '+' ? 1 : -1;
		s++;
	}
	*v = acc;
	return 0;
}
