// SPDX-License-Identifier: GPL-2.0-only
/* outcome: pass / n/a / known bug / environment limit / fail / refused,
 * and known bugs that a variant fixes becoming plain failures. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "outcome.h"
#include "synth.h"
#include "unit.h"

/* A point of the host-bridge pair (THRU_HOST_BRIDGE) in MODE. */
static void hb_point(struct point *p, unsigned int method, unsigned int nr,
		     unsigned long long len, const char *mode)
{
	synth_point(p, method, nr, len, mode, 0, 1.0);
	p->result.map_type = P2PBENCH_MAP_THRU_HOST_BRIDGE;
	snprintf(p->cpu, sizeof(p->cpu), "amd");
	snprintf(p->topology, sizeof(p->topology), "hostbridge");
	snprintf(p->variant, sizeof(p->variant), "base");
}

static enum outcome oc(const struct point *p, char *why)
{
	return point_outcome(p, why, 128);
}

static void test_names(void)
{
	CHECK(!strcmp(outcome_name(OUTCOME_PASS), "pass"));
	CHECK(!strcmp(outcome_name(OUTCOME_NA), "n/a"));
	CHECK(!strcmp(outcome_name(OUTCOME_KNOWN_BUG), "known-bug"));
	CHECK(!strcmp(outcome_name(OUTCOME_ENV_LIMIT), "env-limit"));
	CHECK(!strcmp(outcome_name(OUTCOME_FAIL), "fail"));
	CHECK(!strcmp(outcome_name(OUTCOME_REFUSED), "refused"));
	CHECK(!strcmp(outcome_name(OUTCOME_NR), "?"));
}

static void test_pass(void)
{
	struct point p;
	char why[128] = "x";

	synth_point(&p, P2PBENCH_METHOD_HELPER, 16, 4096, "DMA", 0, 1.0);
	CHECK(oc(&p, why) == OUTCOME_PASS);
	CHECK(!why[0]);
	synth_point(&p, P2PBENCH_METHOD_NULL, 1, 4096, "off", 0, 1.0);
	CHECK(oc(&p, why) == OUTCOME_PASS);
	CHECK(point_outcome(&p, NULL, 0) == OUTCOME_PASS);
}

static void test_not_applicable(void)
{
	struct point p;
	char why[128];

	hb_point(&p, P2PBENCH_METHOD_BUSADDR, 1, 4096, "identity");
	synth_refuse(&p, EOPNOTSUPP,
		     "method busaddr: needs map type BUS_ADDR, the pair is THRU_HOST_BRIDGE");
	CHECK(oc(&p, why) == OUTCOME_NA);
	CHECK(!strcmp(why, "needs map type BUS_ADDR, the pair is THRU_HOST_BRIDGE"));

	synth_point(&p, P2PBENCH_METHOD_IOVA, 4, 4096, "identity", 0, 1.0);
	synth_refuse(&p, EOPNOTSUPP, "method iova: needs a DMA or DMA-FQ importer domain");
	CHECK(oc(&p, why) == OUTCOME_NA);

	synth_point(&p, P2PBENCH_METHOD_VFIO, 4, 4096, "DMA", 0, 1.0);
	synth_refuse(&p, EOPNOTSUPP, "method vfio: not implemented");
	CHECK(oc(&p, why) == OUTCOME_NA);
	CHECK(!strcmp(why, "not implemented"));

	/* the vfio-pci chain cannot be built here: n/a; another ENXIO: a fail */
	synth_point(&p, P2PBENCH_METHOD_VFIO, 4, 4096, "off", 0, 1.0);
	synth_refuse(&p, ENXIO, "vfio: 0000:03:00.0 is in no IOMMU group");
	CHECK(oc(&p, why) == OUTCOME_NA);
	synth_refuse(&p, ENXIO, "no such device address");
	CHECK(oc(&p, why) != OUTCOME_NA);

	/* the helper has no path for a NOT_SUPPORTED pair: -EINVAL */
	synth_point(&p, P2PBENCH_METHOD_HELPER, 1, 4096, "DMA", 0, 1.0);
	p.result.map_type = P2PBENCH_MAP_NOT_SUPPORTED;
	synth_map_error(&p, EINVAL, "dma_buf_phys_vec_to_sgt() failed: -22 EINVAL");
	CHECK(oc(&p, why) == OUTCOME_NA);
	CHECK(strstr(why, "NOT_SUPPORTED") != NULL);
	/* ... but resource mapping such a pair and failing is a finding */
	p.run.method = P2PBENCH_METHOD_RESOURCE;
	CHECK(oc(&p, why) == OUTCOME_FAIL);
}

static void test_refused(void)
{
	struct point p;
	char why[128];

	synth_point(&p, P2PBENCH_METHOD_PHYS, 1, 4096, "DMA", 0, 1.0);
	synth_refuse(&p, EINVAL, "range_len: not a multiple of the page size");
	CHECK(oc(&p, why) == OUTCOME_REFUSED);
	CHECK(strstr(why, "EINVAL") && strstr(why, "range_len"));
	synth_refuse(&p, ERANGE, "past the BAR");
	CHECK(oc(&p, why) == OUTCOME_REFUSED);
	/* the pair went away: not the input's fault */
	synth_refuse(&p, ENODEV, "no exporter/importer set up");
	CHECK(oc(&p, why) == OUTCOME_FAIL);
}

static void test_iova_offset(void)
{
	struct point p;
	char why[128];

	outcome_reset_bugs();
	hb_point(&p, P2PBENCH_METHOD_HELPER, 4, 4096, "DMA");
	synth_map_error(&p, EADDRINUSE, "dma_buf_phys_vec_to_sgt() failed: -98 EADDRINUSE");
	CHECK(oc(&p, why) == OUTCOME_KNOWN_BUG);
	CHECK(!strcmp(why, "iova-offset"));
	CHECK(!strcmp(point_bug_signature(&p), "iova-offset"));
	p.run.method = P2PBENCH_METHOD_ATTACH;
	CHECK(oc(&p, why) == OUTCOME_KNOWN_BUG);
	snprintf(p.iommu_mode, sizeof(p.iommu_mode), "DMA-FQ");
	snprintf(p.result.importer_group_type, sizeof(p.result.importer_group_type), "DMA-FQ");
	CHECK(oc(&p, why) == OUTCOME_KNOWN_BUG);

	/* not its signature: one range, no translation, another errno, the
	 * same-switch pair, a method that links offsets right */
	p.run.nr_ranges = 1;
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	p.run.nr_ranges = 4;
	snprintf(p.result.importer_group_type, sizeof(p.result.importer_group_type), "identity");
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	snprintf(p.result.importer_group_type, sizeof(p.result.importer_group_type), "DMA");
	p.result.status = -EINVAL;
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	p.result.status = -EADDRINUSE;
	p.result.map_type = P2PBENCH_MAP_BUS_ADDR;
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	p.result.map_type = P2PBENCH_MAP_THRU_HOST_BRIDGE;
	p.run.method = P2PBENCH_METHOD_IOVA;
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	CHECK(!point_bug_signature(&p));
}

static void test_fallback_unmap(void)
{
	struct point p;
	char why[128];

	outcome_reset_bugs();
	/* DESIGN's reproducer: 2 x 4 GiB, dma-bits 33, importer DMA */
	hb_point(&p, P2PBENCH_METHOD_HELPER, 2, 4ULL << 30, "DMA");
	p.run.dma_bits = 33;
	synth_map_error(&p, ENOMEM, "dma_buf_phys_vec_to_sgt() failed: -12 ENOMEM");
	CHECK(oc(&p, why) == OUTCOME_KNOWN_BUG);
	CHECK(!strcmp(why, "fallback-unmap"));
	/* one range per entry: no split, so no wrong unmap; the mask is the
	 * limit */
	p.run.range_len = 2ULL << 30;
	CHECK(oc(&p, why) == OUTCOME_ENV_LIMIT);
	CHECK(!strcmp(why, "dma-mask"));
}

static void test_env_limit(void)
{
	struct point p;
	char why[128];

	outcome_reset_bugs();
	hb_point(&p, P2PBENCH_METHOD_RESOURCE, 1, 8ULL << 30, "DMA-FQ");
	synth_map_error(&p, ENOMEM, "dma_map_resource() failed: -12 ENOMEM at iteration 58");
	p.result.fail_iteration = 58;
	CHECK(oc(&p, why) == OUTCOME_ENV_LIMIT);
	CHECK(!strcmp(why, "iova-space"));
	p.run.method = P2PBENCH_METHOD_HELPER;
	CHECK(oc(&p, why) == OUTCOME_ENV_LIMIT);
	/* at the first map it is not the flush queue filling up */
	p.result.fail_iteration = 0;
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	/* strict mode frees at once: running dry there is a finding */
	p.result.fail_iteration = 58;
	snprintf(p.result.importer_group_type, sizeof(p.result.importer_group_type), "DMA");
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	CHECK(strstr(why, "ENOMEM") != NULL);
}

static void test_check_failure(void)
{
	struct point p;
	char why[128];

	synth_point(&p, P2PBENCH_METHOD_HELPER, 1, 8ULL << 30, "identity", 0, 1.0);
	p.result.verdict = P2PBENCH_VERDICT_FAIL;
	p.result.checks_failed = P2PBENCH_CHECK_ADDR;
	snprintf(p.result.msg, sizeof(p.result.msg), "entry 2: dma 0x1 != 0x2");
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	CHECK(strstr(why, "addr") != NULL);
}

/* A bug the point's variant fixes is a plain failure there; other
 * variants keep it. */
static void test_fixed_by_variant(void)
{
	struct point p;
	char why[128];

	outcome_reset_bugs();
	CHECK(!outcome_mark_fixed("fix-iova-offset", "iova-offset"));
	hb_point(&p, P2PBENCH_METHOD_HELPER, 4, 4096, "DMA");
	synth_map_error(&p, EADDRINUSE, "failed: -98 EADDRINUSE");
	CHECK(oc(&p, why) == OUTCOME_KNOWN_BUG);
	snprintf(p.variant, sizeof(p.variant), "fix-iova-offset");
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	CHECK(strstr(why, "iova-offset") && strstr(why, "fix-iova-offset"));
	CHECK(!kernel_has_bug("fix-iova-offset", "iova-offset"));
	CHECK(kernel_has_bug("fix-iova-offset", "fallback-unmap"));
	CHECK(kernel_has_bug("null", "iova-offset"));
	CHECK(kernel_has_bug("", "iova-offset"));
	CHECK(!kernel_has_bug("base", "no-such-bug"));
	outcome_reset_bugs();
	CHECK(kernel_has_bug("fix-iova-offset", "iova-offset"));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

/* The data: known-bugs of the base, fixes per variant, from a tree. */
static void test_load(void)
{
	char top[256], path[1024], err[512];
	struct point p;
	char why[128];

	synth_tmpdir(top, sizeof(top));
	CHECK(outcome_load_bugs(top, err, sizeof(err)) == -1);
	CHECK(strstr(err, "known-bugs") != NULL);
	snprintf(path, sizeof(path), "mkdir -p %s/configs/kernel %s/kernel/variants/a "
		 "%s/kernel/variants/b", top, top, top);
	CHECK(!system(path));
	snprintf(path, sizeof(path), "%s/configs/kernel/known-bugs", top);
	write_file(path, "# comment\niova-offset\n  sgt-leak  # trailing\n\n");
	snprintf(path, sizeof(path), "%s/kernel/variants/a/fixes", top);
	write_file(path, "# what a fixes\niova-offset\n");
	CHECK(!outcome_load_bugs(top, err, sizeof(err)));
	CHECK(kernel_has_bug("base", "iova-offset"));
	CHECK(kernel_has_bug("b", "iova-offset"));
	CHECK(!kernel_has_bug("a", "iova-offset"));
	CHECK(kernel_has_bug("a", "sgt-leak"));
	/* not in known-bugs: its signature is a plain failure everywhere */
	CHECK(!kernel_has_bug("base", "fallback-unmap"));
	hb_point(&p, P2PBENCH_METHOD_HELPER, 2, 4ULL << 30, "DMA");
	p.run.dma_bits = 33;
	synth_map_error(&p, ENOMEM, "failed: -12 ENOMEM");
	CHECK(oc(&p, why) == OUTCOME_FAIL);
	CHECK(strstr(why, "fallback-unmap") != NULL);

	setenv("P2PBENCH_TOP", top, 1);
	CHECK(outcome_find_top(path, sizeof(path)) == 0);
	CHECK(!strcmp(path, top));
	CHECK(outcome_load_default(err, sizeof(err)) == 1);
	CHECK(!kernel_has_bug("a", "iova-offset"));
	unsetenv("P2PBENCH_TOP");
	/* the unit tests run from the source tree: the real data loads */
	CHECK(outcome_load_default(err, sizeof(err)) == 1);
	CHECK(kernel_has_bug("base", "iova-offset"));
	CHECK(kernel_has_bug("base", "fallback-unmap"));
	outcome_reset_bugs();
	synth_rmrf(top);
}

int main(void)
{
	RUN(test_names);
	RUN(test_pass);
	RUN(test_not_applicable);
	RUN(test_refused);
	RUN(test_iova_offset);
	RUN(test_fallback_unmap);
	RUN(test_env_limit);
	RUN(test_check_failure);
	RUN(test_fixed_by_variant);
	RUN(test_load);
	return UNIT_DONE();
}
