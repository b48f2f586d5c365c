// SPDX-License-Identifier: GPL-2.0-only
/*
 * One outcome per point (outcome.h). The rules read only the point: what
 * was asked (method, ranges, range length, DMA mask), what the module saw
 * (map type, importer domain) and how it failed (refusal errno, map errno,
 * iteration). Which kernels have which bug is data loaded from the tree.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errmsg.h"
#include "names.h"
#include "outcome.h"
#include "results.h"

static const char *const outcome_names[OUTCOME_NR] = {
	[OUTCOME_PASS] = "pass",
	[OUTCOME_NA] = "n/a",
	[OUTCOME_KNOWN_BUG] = "known-bug",
	[OUTCOME_ENV_LIMIT] = "env-limit",
	[OUTCOME_FAIL] = "fail",
	[OUTCOME_REFUSED] = "refused",
};

const char *outcome_name(enum outcome o)
{
	return (unsigned int)o < OUTCOME_NR ? outcome_names[o] : "?";
}

/* The largest sg entry the helper makes: ALIGN_DOWN(UINT_MAX, PAGE_SIZE). */
#define MAX_SG_ENT_SZ 0xfffff000ULL

static bool dmabuf_method(const struct point *p)
{
	return p->run.method == P2PBENCH_METHOD_HELPER || p->run.method == P2PBENCH_METHOD_ATTACH ||
	       p->run.method == P2PBENCH_METHOD_VFIO;
}

/* The importer's domain translates (DMA or DMA-FQ), as the module saw it
 * during the run, or as the context says when the module did not say. */
static bool translated(const struct point *p)
{
	const char *t = p->result.importer_group_type[0] ? p->result.importer_group_type :
			p->iommu_mode;

	return !strcmp(t, "DMA") || !strcmp(t, "DMA-FQ");
}

static bool map_error(const struct point *p)
{
	return !p->refused_errno && p->result.status;
}

/*
 * dma_buf_phys_vec_to_sgt() links every range at IOVA offset 0: through the
 * host bridge into a translated domain, the second range collides.
 */
static bool sig_iova_offset(const struct point *p)
{
	return dmabuf_method(p) && p->result.map_type == P2PBENCH_MAP_THRU_HOST_BRIDGE &&
	       translated(p) && p->run.nr_ranges >= 2 && map_error(p) &&
	       p->result.status == -EADDRINUSE;
}

/*
 * When dma_iova_try_alloc() fails, the helper maps per range but unmaps per
 * sg entry: a range longer than one entry is torn down by its first entry's
 * unmap. A point shows it as a map error of a multi-range buffer with a
 * range over MAX_SG_ENT_SZ (the IOVA allocation failed, the fallback ran,
 * a later range failed and the error path unmapped per entry).
 */
static bool sig_fallback_unmap(const struct point *p)
{
	return dmabuf_method(p) && p->result.map_type == P2PBENCH_MAP_THRU_HOST_BRIDGE &&
	       translated(p) && p->run.nr_ranges >= 2 && p->run.range_len > MAX_SG_ENT_SZ &&
	       map_error(p) && p->result.status != -EADDRINUSE;
}

/*
 * The bugs a point can show. Bugs of configs/kernel/known-bugs without a
 * row here (sgt-leak: memory; dma-debug-mmio, pciehp-lockdep: kernel log)
 * show in the reliability suite and the kselftest, not in a point.
 */
static const struct bug_rule {
	const char *name;
	bool (*match)(const struct point *p);
} bug_rules[] = {
	{ "iova-offset", sig_iova_offset },
	{ "fallback-unmap", sig_fallback_unmap },
};

#define NR_RULES (sizeof(bug_rules) / sizeof(bug_rules[0]))

const char *point_bug_signature(const struct point *p)
{
	if (!point_failed(p))
		return NULL;
	for (size_t i = 0; i < NR_RULES; i++)
		if (bug_rules[i].match(p))
			return bug_rules[i].name;
	return NULL;
}

/* ---- which kernel has which bug ---- */

#define MAX_KNOWN 64
#define MAX_FIXED 256
#define NAME_LEN 64

static struct {
	bool loaded;				/* else every rule's bug is known */
	size_t nknown, nfixed;
	char known[MAX_KNOWN][NAME_LEN];
	struct {
		char variant[NAME_LEN];
		char bug[NAME_LEN];
	} fixed[MAX_FIXED];
} bugs;

void outcome_reset_bugs(void)
{
	memset(&bugs, 0, sizeof(bugs));
}

static bool known_in_base(const char *bug)
{
	if (!bugs.loaded) {
		for (size_t i = 0; i < NR_RULES; i++)
			if (!strcmp(bug_rules[i].name, bug))
				return true;
		return false;
	}
	for (size_t i = 0; i < bugs.nknown; i++)
		if (!strcmp(bugs.known[i], bug))
			return true;
	return false;
}

static bool fixed_in(const char *variant, const char *bug)
{
	for (size_t i = 0; i < bugs.nfixed; i++)
		if (!strcmp(bugs.fixed[i].variant, variant) && !strcmp(bugs.fixed[i].bug, bug))
			return true;
	return false;
}

bool kernel_has_bug(const char *variant, const char *bug)
{
	return known_in_base(bug) && !fixed_in(variant && variant[0] ? variant : "base", bug);
}

int outcome_mark_known(const char *bug)
{
	if (!bugs.loaded) {
		/* from the defaults to an explicit list holding them */
		bugs.loaded = true;
		for (size_t i = 0; i < NR_RULES; i++)
			outcome_mark_known(bug_rules[i].name);
	}
	if (known_in_base(bug))
		return 0;
	if (bugs.nknown == MAX_KNOWN || strlen(bug) >= NAME_LEN)
		return -1;
	strcpy(bugs.known[bugs.nknown++], bug);
	return 0;
}

int outcome_mark_fixed(const char *variant, const char *bug)
{
	if (fixed_in(variant, bug))
		return 0;
	if (bugs.nfixed == MAX_FIXED || strlen(variant) >= NAME_LEN || strlen(bug) >= NAME_LEN)
		return -1;
	strcpy(bugs.fixed[bugs.nfixed].variant, variant);
	strcpy(bugs.fixed[bugs.nfixed].bug, bug);
	bugs.nfixed++;
	return 0;
}

/* Each name of a known-bugs style file (one a line, '#' comments) to ADD. */
static int read_names(const char *path, int (*add)(const char *variant, const char *name),
		      const char *variant, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[256];
	unsigned int n = 0;

	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *e;

		n++;
		if ((e = strchr(s, '#')))
			*e = '\0';
		s += strspn(s, " \t\r\n");
		e = s + strcspn(s, " \t\r\n");
		if (e == s)
			continue;
		*e = '\0';
		if (add(variant, s)) {
			fclose(f);
			return errf(err, errlen, "%s:%u: too many bugs, or a name too long", path, n);
		}
	}
	if (ferror(f)) {
		fclose(f);
		return errf(err, errlen, "%s: read error", path);
	}
	fclose(f);
	return 0;
}

static int add_known(const char *variant, const char *name)
{
	(void)variant;
	return outcome_mark_known(name);
}

static int add_fixed(const char *variant, const char *name)
{
	return outcome_mark_fixed(variant, name);
}

int outcome_load_bugs(const char *top, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int ret = 0;

	outcome_reset_bugs();
	bugs.loaded = true;
	snprintf(path, sizeof(path), "%s/configs/kernel/known-bugs", top);
	if (read_names(path, add_known, NULL, err, errlen))
		return -1;
	snprintf(path, sizeof(path), "%s/kernel/variants", top);
	d = opendir(path);
	if (!d)
		return 0;
	while (!ret && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/kernel/variants/%s/fixes", top, de->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		ret = read_names(path, add_fixed, de->d_name, err, errlen);
	}
	closedir(d);
	return ret;
}

static bool has_known_bugs(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/configs/kernel/known-bugs", dir) >= (int)sizeof(path))
		return false;
	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int outcome_find_top(char *buf, size_t len)
{
	const char *env = getenv("P2PBENCH_TOP");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && env[0]) {
		if (!has_known_bugs(env))
			return -1;
		snprintf(buf, len, "%s", env);
		return 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	/* bench/p2pbench, or bench/tests/bin/test_x for the unit tests */
	for (int up = 0; up < 4; up++) {
		char *s = strrchr(exe, '/');

		if (!s || s == exe)
			return -1;
		*s = '\0';
		if (has_known_bugs(exe)) {
			snprintf(buf, len, "%s", exe);
			return 0;
		}
	}
	return -1;
}

int outcome_load_default(char *err, size_t errlen)
{
	char top[PATH_MAX];

	if (outcome_find_top(top, sizeof(top)))
		return 0;
	return outcome_load_bugs(top, err, errlen) ? -1 : 1;
}

/* ---- the classification ---- */

static void say(char *why, size_t len, const char *fmt, const char *s)
{
	if (why && len)
		snprintf(why, len, fmt, s);
}

/* The module's refusal message without its "method NAME: " prefix. */
static const char *refusal_reason(const struct point *p)
{
	const char *m = p->result.msg;

	if (!strncmp(m, "method ", 7)) {
		const char *c = strstr(m, ": ");

		if (c)
			return c + 2;
	}
	return m;
}

static bool env_limit(const struct point *p, char *why, size_t len)
{
	unsigned long long total = (unsigned long long)p->run.nr_ranges * p->run.range_len;
	const char *t = p->result.importer_group_type;

	if (!map_error(p) || p->result.status != -ENOMEM || !translated(p))
		return false;
	/* DMA-FQ holds freed IOVA in its flush queue: big buffers run the
	 * allocator dry after some cycles (the lab's intel-iommu: 39 bits). */
	if (!strcmp(t[0] ? t : p->iommu_mode, "DMA-FQ") && p->result.fail_iteration > 0) {
		say(why, len, "%s", "iova-space");
		return true;
	}
	/* The buffer does not fit below the DMA mask asked for. */
	if (p->run.dma_bits && p->run.dma_bits < 64 && total >= 1ULL << (p->run.dma_bits - 1)) {
		say(why, len, "%s", "dma-mask");
		return true;
	}
	return false;
}

enum outcome point_outcome(const struct point *p, char *why, size_t len)
{
	const char *bug;

	say(why, len, "%s", "");
	if (!point_failed(p))
		return OUTCOME_PASS;

	/*
	 * EOPNOTSUPP: this kernel or build lacks the method. ENXIO with a
	 * "vfio: " or "iommufd: " reason: the vfio-pci chain cannot be built
	 * here (no IOMMU group, no vfio-pci), which a sweep of every method
	 * meets on machines without it.
	 */
	if (p->refused_errno == EOPNOTSUPP ||
	    (p->refused_errno == ENXIO && (!strncmp(p->result.msg, "vfio: ", 6) ||
					   !strncmp(p->result.msg, "iommufd: ", 9)))) {
		say(why, len, "%s", refusal_reason(p));
		return OUTCOME_NA;
	}
	if (p->refused_errno == EINVAL || p->refused_errno == ERANGE ||
	    p->refused_errno == E2BIG || p->refused_errno == EOVERFLOW) {
		if (why)
			point_failure(p, why, len);
		return OUTCOME_REFUSED;
	}
	/* The dma-buf methods and busaddr have no path for such a pair. */
	if (p->result.map_type == P2PBENCH_MAP_NOT_SUPPORTED &&
	    (dmabuf_method(p) || p->run.method == P2PBENCH_METHOD_BUSADDR)) {
		say(why, len, "%s", "pair is NOT_SUPPORTED");
		return OUTCOME_NA;
	}
	bug = point_bug_signature(p);
	if (bug && kernel_has_bug(p->variant, bug)) {
		say(why, len, "%s", bug);
		return OUTCOME_KNOWN_BUG;
	}
	if (!bug && env_limit(p, why, len))
		return OUTCOME_ENV_LIMIT;
	if (why) {
		size_t n;

		point_failure(p, why, len);
		n = strlen(why);
		if (bug && n < len)
			snprintf(why + n, len - n, " (%s's signature; kernel %s lacks that bug)",
				 bug, p->variant[0] ? p->variant : "base");
	}
	return OUTCOME_FAIL;
}
