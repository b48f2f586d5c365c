// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>
#include <stdio.h>

#include "names.h"
#include "p2pbench_method_names.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* From the uapi enum, at build time (kernel/selftests/gen_method_names.sh). */
#define METHOD_ENTRY(value, name) [value] = name,
static const char *const methods[] = { P2PBENCH_METHOD_NAMES(METHOD_ENTRY) };
_Static_assert(ARRAY_SIZE(methods) == P2PBENCH_METHOD_COUNT, "a name for every method");

static const char *const layouts[] = {
	[P2PBENCH_LAYOUT_CONTIG] = "contig",
	[P2PBENCH_LAYOUT_GAPPED] = "gapped",
	[P2PBENCH_LAYOUT_RANDOM] = "random",
	[P2PBENCH_LAYOUT_USER] = "user",
};

static const char *const directions[] = {
	[P2PBENCH_DIR_BIDIRECTIONAL] = "bidir",
	[P2PBENCH_DIR_TO_DEVICE] = "to-device",
	[P2PBENCH_DIR_FROM_DEVICE] = "from-device",
};

static const char *const map_types[] = {
	[P2PBENCH_MAP_UNKNOWN] = "unknown",
	[P2PBENCH_MAP_NOT_SUPPORTED] = "not-supported",
	[P2PBENCH_MAP_BUS_ADDR] = "bus-addr",
	[P2PBENCH_MAP_THRU_HOST_BRIDGE] = "thru-host-bridge",
};

static const char *const paths[] = {
	[P2PBENCH_PATH_NONE] = "none",
	[P2PBENCH_PATH_BUS_ADDR] = "bus-addr",
	[P2PBENCH_PATH_DIRECT] = "direct",
	[P2PBENCH_PATH_IOVA] = "iova",
	[P2PBENCH_PATH_IOMMU] = "iommu",
};

static const char *const verdicts[] = {
	[P2PBENCH_VERDICT_NONE] = "none",
	[P2PBENCH_VERDICT_PASS] = "pass",
	[P2PBENCH_VERDICT_FAIL] = "fail",
	[P2PBENCH_VERDICT_MAP_ERROR] = "map-error",
};

static const char *const checks[] = {
	"total_len", "seg_max", "align", "cpu_list",
	"addr", "iova_phys", "overlap", "e2e",
};

static const char *lookup(const char *const *t, size_t n, unsigned int v)
{
	return v < n && t[v] ? t[v] : "?";
}

static int parse(const char *const *t, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (t[i] && !strcmp(t[i], s))
			return (int)i;
	return -1;
}

#define NAME_FNS(fn, table)						\
const char *fn##_name(unsigned int v)					\
{									\
	return lookup(table, ARRAY_SIZE(table), v);			\
}									\
int fn##_parse(const char *s)						\
{									\
	return parse(table, ARRAY_SIZE(table), s);			\
}

NAME_FNS(method, methods)
NAME_FNS(layout, layouts)
NAME_FNS(direction, directions)
NAME_FNS(map_type, map_types)
NAME_FNS(path, paths)
NAME_FNS(verdict, verdicts)

const char *checks_format(unsigned int bits, char *buf, unsigned long len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
		if (!(bits & (1U << i)))
			continue;
		int n = snprintf(buf + used, len - used, "%s%s", used ? "," : "", checks[i]);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
	return buf;
}
