// SPDX-License-Identifier: GPL-2.0-only
/* Sizes and numbers as users type them (units.c). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"
#include "units.h"

static int size_is(const char *s, uint64_t want)
{
	uint64_t v = 0;

	return parse_size(s, &v) == 0 && v == want;
}

static int size_fails(const char *s, int err)
{
	uint64_t v = 0;

	errno = 0;
	return parse_size(s, &v) == -1 && errno == err;
}

static void sizes_accepted(void)
{
	CHECK(size_is("4096", 4096));
	CHECK(size_is("0x1000", 4096));
	CHECK(size_is("0X1000", 4096));
	CHECK(size_is("4K", 4096));
	CHECK(size_is("4k", 4096));
	CHECK(size_is("4KiB", 4096));
	CHECK(size_is("4KB", 4096));
	CHECK(size_is("2M", 2ULL << 20));
	CHECK(size_is("8G", 8ULL << 30));
	CHECK(size_is("1T", 1ULL << 40));
	CHECK(size_is("0", 0));
	CHECK(size_is("0x2G", 2ULL << 30));
	CHECK(size_is("16383P", 16383ULL << 50));
	CHECK(size_is("18446744073709551615", UINT64_MAX));
}

static void sizes_refused(void)
{
	CHECK(size_fails("", EINVAL));
	CHECK(size_fails("K", EINVAL));
	CHECK(size_fails("-1", EINVAL));
	CHECK(size_fails(" 4K", EINVAL));
	CHECK(size_fails("4K ", EINVAL));
	CHECK(size_fails("4X", EINVAL));
	CHECK(size_fails("4KK", EINVAL));
	CHECK(size_fails("4Kb", EINVAL));
	CHECK(size_fails("0x", EINVAL));
	CHECK(size_fails("0xG", EINVAL));
	CHECK(size_fails("1.5G", EINVAL));
	CHECK(size_fails("+4", EINVAL));
	CHECK(size_fails("16384P", ERANGE));
	CHECK(size_fails("18446744073709551616", ERANGE));
	CHECK(size_fails("99999999999999999999K", ERANGE));
}

/* A leading zero is not octal: "010" is ten, "08" is eight. */
static void no_octal(void)
{
	uint64_t v = 0;

	CHECK(parse_u64("010", &v) == 0 && v == 10);
	CHECK(parse_u64("08", &v) == 0 && v == 8);
	CHECK(size_is("010K", 10 << 10));
}

static void u64_has_no_suffix(void)
{
	uint64_t v = 0;

	CHECK(parse_u64("65536", &v) == 0 && v == 65536);
	CHECK(parse_u64("0xffffffffffffffff", &v) == 0 && v == UINT64_MAX);
	errno = 0;
	CHECK(parse_u64("64K", &v) == -1 && errno == EINVAL);
	CHECK(parse_u64(NULL, &v) == -1);
}

static void format_round_trip(void)
{
	static const uint64_t vals[] = { 0, 1, 4095, 4096, 12288, 65536, 2 << 20,
					 (8ULL << 30) + 4096, 8ULL << 30, 3ULL << 40, UINT64_MAX };
	char buf[32];
	uint64_t v;

	CHECK(!strcmp(format_size(4096, buf, sizeof(buf)), "4K"));
	CHECK(!strcmp(format_size(8ULL << 30, buf, sizeof(buf)), "8G"));
	CHECK(!strcmp(format_size(4095, buf, sizeof(buf)), "4095"));
	CHECK(!strcmp(format_size(0, buf, sizeof(buf)), "0"));
	CHECK(!strcmp(format_size(1ULL << 60, buf, sizeof(buf)), "1024P"));
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
		CHECK(parse_size(format_size(vals[i], buf, sizeof(buf)), &v) == 0 && v == vals[i]);
}

int main(void)
{
	RUN(sizes_accepted);
	RUN(sizes_refused);
	RUN(no_octal);
	RUN(u64_has_no_suffix);
	RUN(format_round_trip);
	return UNIT_DONE();
}
