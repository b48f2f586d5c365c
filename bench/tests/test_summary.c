// SPDX-License-Identifier: GPL-2.0-only
/* summary: failures grouped by cause (n/a, known bug, lab limit,
 * unexpected, refused), ratio cells, and the plain text of a default
 * sweep within 40 lines of 72 columns, with and without the A/B line. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "synth.h"
#include "unit.h"

/* A point of context CTX: 0..3 the same-switch pair (off, identity, DMA,
 * DMA-FQ), 4..6 the host-bridge pair (identity, DMA, DMA-FQ). */
static void ctx_point(struct point *p, int ctx, unsigned int method, unsigned int nr,
		      unsigned long long len, unsigned int repeat)
{
	static const char *const modes[] = { "off", "identity", "DMA", "DMA-FQ", "identity", "DMA",
					     "DMA-FQ" };

	synth_point(p, method, nr, len, modes[ctx], repeat, 1.0);
	if (ctx >= 4) {
		p->result.map_type = P2PBENCH_MAP_THRU_HOST_BRIDGE;
		snprintf(p->cpu, sizeof(p->cpu), "amd");
		snprintf(p->topology, sizeof(p->topology), "hostbridge");
	}
}

/* What the lab's base kernel does with one point of the default sweep. */
static void lab_outcome(struct point *p, int ctx)
{
	bool hb = ctx >= 4, translated = ctx == 2 || ctx == 3 || ctx == 5 || ctx == 6;
	bool fq = ctx == 3 || ctx == 6;
	unsigned int m = p->run.method;

	if (m == P2PBENCH_METHOD_VFIO)
		synth_refuse(p, EOPNOTSUPP, "method vfio: not implemented: the uapi carries no fd");
	else if (m == P2PBENCH_METHOD_BUSADDR && hb)
		synth_refuse(p, EOPNOTSUPP, "method busaddr: needs map type BUS_ADDR");
	else if (m == P2PBENCH_METHOD_IOVA && !translated)
		synth_refuse(p, EOPNOTSUPP, "method iova: needs a DMA or DMA-FQ importer domain");
	else if ((m == P2PBENCH_METHOD_HELPER || m == P2PBENCH_METHOD_ATTACH) && hb && translated &&
		 p->run.nr_ranges > 1)
		synth_map_error(p, EADDRINUSE, "dma_buf_phys_vec_to_sgt() failed: -98 EADDRINUSE at "
				"iteration 0 of thread 0 (warm-up)");
	else if (fq && m != P2PBENCH_METHOD_NULL && m != P2PBENCH_METHOD_BUSADDR &&
		 p->run.range_len >= (4ULL << 30)) {
		synth_map_error(p, ENOMEM, "dma_map_phys() failed: -12 ENOMEM at iteration 58 of "
				"thread 0 (timed)");
		p->result.fail_iteration = 58;
	}
}

/* The default sweep (configs/sweeps/default): 7 contexts x 8 methods x
 * ranges 1..65536 *4 x sizes 4K..8G within 8G: 1120 points. */
static size_t default_sweep(struct point **out, double helper_scale)
{
	static const unsigned long long sizes[] = { 4096, 2ULL << 20, 1ULL << 30, 4ULL << 30,
						    8ULL << 30 };
	struct point *pts = calloc(2000, sizeof(*pts));
	size_t n = 0;

	for (int c = 0; c < 7; c++)
		/* the file's methods: null .. vfio (not iommufd) */
		for (unsigned int m = 0; m <= P2PBENCH_METHOD_VFIO; m++)
			for (unsigned int nr = 1; nr <= 65536; nr *= 4)
				for (unsigned int z = 0; z < 5; z++) {
					struct point *p = &pts[n];

					if ((unsigned long long)nr * sizes[z] > (8ULL << 30))
						continue;
					ctx_point(p, c, m, nr, sizes[z], 0);
					if (m == P2PBENCH_METHOD_HELPER) {
						p->result.map.p50 =
							(unsigned long long)(p->result.map.p50 * helper_scale);
					}
					lab_outcome(p, c);
					n++;
				}
	points_sort(pts, n);
	*out = pts;
	return n;
}

/* S printed as plain text: its number of lines and widest line. */
static char *print_text(const struct summary *s, bool md, size_t *lines, size_t *widest)
{
	char *buf = NULL, *line, *save = NULL, *copy;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	summary_print(f, s, md ? OUT_MARKDOWN : OUT_TEXT);
	fclose(f);
	copy = strdup(buf);
	*lines = *widest = 0;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		(*lines)++;
		if (strlen(line) > *widest)
			*widest = strlen(line);
	}
	free(copy);
	return buf;
}

static void test_grouping(void)
{
	struct point pts[12];
	struct results r = { .pts = pts, .n = 0 };
	struct summary s;
	char err[256];

	outcome_reset_bugs();
	/* n/a: 2 reasons, counted together */
	ctx_point(&pts[r.n], 5, P2PBENCH_METHOD_VFIO, 1, 4096, 0);
	synth_refuse(&pts[r.n++], EOPNOTSUPP, "method vfio: not implemented");
	ctx_point(&pts[r.n], 5, P2PBENCH_METHOD_BUSADDR, 1, 4096, 0);
	synth_refuse(&pts[r.n++], EOPNOTSUPP, "method busaddr: needs map type BUS_ADDR");
	/* known bug, in two contexts: one group */
	for (int c = 5; c <= 6; c++) {
		ctx_point(&pts[r.n], c, P2PBENCH_METHOD_HELPER, 16, 4096, 0);
		lab_outcome(&pts[r.n++], c);
	}
	/* lab limit */
	ctx_point(&pts[r.n], 6, P2PBENCH_METHOD_PHYS, 1, 8ULL << 30, 0);
	lab_outcome(&pts[r.n++], 6);
	/* unexpected: two of one cause at different iterations (one group),
	 * one of another method (its own group) */
	for (unsigned int k = 0; k < 2; k++) {
		ctx_point(&pts[r.n], 2, P2PBENCH_METHOD_PHYS, 4 << k, 4096, 0);
		synth_map_error(&pts[r.n], EIO, k ? "dma_map_phys() failed: -5 EIO at iteration 7" :
				"dma_map_phys() failed: -5 EIO at iteration 3");
		r.n++;
	}
	ctx_point(&pts[r.n], 2, P2PBENCH_METHOD_RESOURCE, 4, 4096, 0);
	synth_map_error(&pts[r.n++], EIO, "dma_map_resource() failed: -5 EIO");
	/* refused */
	ctx_point(&pts[r.n], 2, P2PBENCH_METHOD_RESOURCE, 1, 4096, 0);
	synth_refuse(&pts[r.n++], EINVAL, "range_len: not a page multiple");
	/* passes */
	ctx_point(&pts[r.n], 2, P2PBENCH_METHOD_RESOURCE, 16, 4096, 0);
	r.n++;
	points_sort(pts, r.n);

	CHECK(!summary_build(&r, &s, err, sizeof(err)));
	CHECK(s.count[OUTCOME_PASS] == 1);
	CHECK(s.count[OUTCOME_NA] == 2);
	CHECK(s.count[OUTCOME_KNOWN_BUG] == 2);
	CHECK(s.count[OUTCOME_ENV_LIMIT] == 1);
	CHECK(s.count[OUTCOME_FAIL] == 3);
	CHECK(s.count[OUTCOME_REFUSED] == 1);
	CHECK(s.ngrp == 6);
	if (s.ngrp == 6) {
		CHECK(s.grp[0].o == OUTCOME_KNOWN_BUG && s.grp[0].n == 2 &&
		      !strcmp(s.grp[0].why, "iova-offset"));
		CHECK(s.grp[1].o == OUTCOME_ENV_LIMIT && s.grp[1].n == 1 &&
		      !strcmp(s.grp[1].why, "iova-space"));
		/* by context, then method: resource (1) before phys (2) */
		CHECK(s.grp[2].o == OUTCOME_FAIL && s.grp[2].n == 1 &&
		      s.grp[2].method == P2PBENCH_METHOD_RESOURCE);
		CHECK(s.grp[3].o == OUTCOME_FAIL && s.grp[3].n == 2 &&
		      s.grp[3].method == P2PBENCH_METHOD_PHYS &&
		      !strcmp(s.grp[3].why, "map-error EIO: dma_map_phys() failed: -5 EIO"));
		CHECK(s.grp[4].o == OUTCOME_REFUSED && s.grp[4].n == 1);
		CHECK(s.grp[5].o == OUTCOME_NA && s.grp[5].n == 2 && !s.grp[5].why[0]);
	}
	/* Unexpected failures in full, n/a as a count only */
	size_t lines, widest;
	char *txt = print_text(&s, false, &lines, &widest);

	CHECK(strstr(txt, "Known bug iova-offset (2 points): helper; hb DMA, hb DMA-FQ; 16x4K"));
	CHECK(strstr(txt, "Lab limit iova-space (1 point): phys; hb DMA-FQ; 1x8G"));
	CHECK(strstr(txt, "FAIL bus DMA phys (2): 4x4K, 8x4K: map-error EIO: dma_map_phys() "
			  "failed:\n  -5 EIO at iteration 3\n"));
	CHECK(strstr(txt, "Refused bus DMA resource (1): 1x4K: refused EINVAL: range_len"));
	CHECK(strstr(txt, "2 n/a") && !strstr(txt, "vfio"));
	/* no resource in the host-bridge contexts: no rows against it */
	CHECK(!strstr(txt, "helper/res"));
	if (unit_case_failed)
		fputs(txt, stderr);
	CHECK(widest <= SUM_WIDTH);
	free(txt);
	summary_free(&s);
}

/* A bug the variant fixes is an unexpected failure in that variant. */
static void test_fixed_bug_is_failure(void)
{
	struct point p;
	struct results r = { .pts = &p, .n = 1 };
	struct summary s;
	char err[256];

	outcome_reset_bugs();
	ctx_point(&p, 5, P2PBENCH_METHOD_HELPER, 4, 4096, 0);
	lab_outcome(&p, 5);
	snprintf(p.variant, sizeof(p.variant), "fix-iova-offset");
	CHECK(!outcome_mark_fixed("fix-iova-offset", "iova-offset"));
	CHECK(!summary_build(&r, &s, err, sizeof(err)));
	CHECK(s.count[OUTCOME_FAIL] == 1 && s.count[OUTCOME_KNOWN_BUG] == 0);
	CHECK(s.ngrp == 1 && strstr(s.why[0], "iova-offset"));
	summary_free(&s);
	outcome_reset_bugs();
}

static void test_cells(void)
{
	struct point pts[8];
	struct results r = { .pts = pts, .n = 0 };
	struct summary s;
	char err[256];

	outcome_reset_bugs();
	for (unsigned int m = P2PBENCH_METHOD_RESOURCE; m <= P2PBENCH_METHOD_PHYS; m++) {
		ctx_point(&pts[r.n], 5, m, 256, 4096, 0);
		pts[r.n].result.map.p50 = 900;
		pts[r.n].result.unmap.p50 = 100;
		pts[r.n].result.iommu_map_calls = 256;
		pts[r.n].result.iotlb_syncs = 256;
		r.n++;
	}
	ctx_point(&pts[r.n], 5, P2PBENCH_METHOD_HELPER, 256, 4096, 0);
	pts[r.n].result.map.p50 = 200;
	pts[r.n].result.unmap.p50 = 50;
	pts[r.n].result.iommu_map_calls = 256;
	pts[r.n].result.iotlb_syncs = 1;
	r.n++;
	/* two repeats: the median of their map+unmap */
	for (unsigned int k = 0; k < 2; k++) {
		ctx_point(&pts[r.n], 5, P2PBENCH_METHOD_ATTACH, 256, 4096, k);
		pts[r.n].result.map.p50 = k ? 2900 : 1900;
		pts[r.n].result.unmap.p50 = 100;
		r.n++;
	}
	ctx_point(&pts[r.n], 5, P2PBENCH_METHOD_ATTACH, 16, 4096, 0);
	lab_outcome(&pts[r.n++], 5);
	points_sort(pts, r.n);
	CHECK(!summary_build(&r, &s, err, sizeof(err)));
	CHECK(s.nctx == 1);
	if (s.nctx == 1) {
		const struct sum_context *c = &s.ctx[0];

		CHECK(!strcmp(c->label, "hb DMA"));
		CHECK(fabs(c->cell[SUM_HELPER_RES][0][2].ratio - 0.25) < 1e-9);
		CHECK(fabs(c->cell[SUM_HELPER_PHYS][0][2].ratio - 0.25) < 1e-9);
		CHECK(fabs(c->cell[SUM_ATTACH_RES][0][2].ratio - 2.5) < 1e-9);
		/* attach at 16 ranges failed; helper there was not run */
		CHECK(c->cell[SUM_ATTACH_RES][0][1].have &&
		      c->cell[SUM_ATTACH_RES][0][1].o == OUTCOME_KNOWN_BUG);
		CHECK(!c->cell[SUM_HELPER_RES][0][1].have);
		CHECK(c->maps[SUM_M_HELPER] == 256 && c->syncs[SUM_M_HELPER] == 1);
		CHECK(c->maps[SUM_M_RESOURCE] == 256 && c->syncs[SUM_M_RESOURCE] == 256);
		CHECK(c->largest[SUM_M_HELPER] == 4096);
	}
	size_t lines, widest;
	char *txt = print_text(&s, false, &lines, &widest);

	CHECK(strstr(txt, "\nhb DMA       helper/res     -    - 0.25    -") != NULL);
	CHECK(strstr(txt, "\n             attach/res     -  bug 2.50    -") != NULL);
	CHECK(strstr(txt, " bug ") != NULL);
	CHECK(strstr(txt, "256/1") && strstr(txt, "256/256"));
	free(txt);
	summary_free(&s);
}

/* The default sweep: at most 40 lines of at most 72 columns, with the
 * A/B headline too. */
static void test_default_sweep_fits(void)
{
	struct results a = { 0 }, b = { 0 };
	struct summary s;
	size_t lines, widest;
	char err[256], *txt;

	outcome_reset_bugs();
	a.n = default_sweep(&a.pts, 1.0);
	b.n = default_sweep(&b.pts, 1.5);
	CHECK(a.n == 1120);
	CHECK(!summary_build(&a, &s, err, sizeof(err)));
	CHECK(s.count[OUTCOME_KNOWN_BUG] == 60);
	CHECK(s.count[OUTCOME_NA] == 260);
	CHECK(s.count[OUTCOME_FAIL] == 0);
	txt = print_text(&s, false, &lines, &widest);
	printf("# default sweep summary: %zu lines, widest %zu\n", lines, widest);
	CHECK(lines <= 40);
	CHECK(widest <= SUM_WIDTH);
	CHECK(strstr(txt, "Known bug iova-offset (60 points): helper, attach; hb DMA, hb DMA-FQ;\n"
			  "  ranges 4-65536, sizes 4K-1G\n"));
	CHECK(strstr(txt, "\nhb DMA       helper/res  "));
	free(txt);
	summary_free(&s);

	/* the variant's summary: B's helper 1.5x slower than A's */
	CHECK(!summary_build(&b, &s, err, sizeof(err)));
	CHECK(!summary_compare(&s, &a, err, sizeof(err)));
	CHECK(s.have_ab && s.ab_rows == 1120);
	txt = print_text(&s, false, &lines, &widest);
	printf("# with A/B: %zu lines, widest %zu\n", lines, widest);
	CHECK(lines <= 40);
	CHECK(widest <= SUM_WIDTH);
	CHECK(strstr(txt, "A/B vs base: 0 fixed, 0 broken, ") != NULL);
	free(txt);
	/* markdown and JSON carry the same */
	txt = print_text(&s, true, &lines, &widest);
	CHECK(strstr(txt, "| hb DMA | helper/resource |") != NULL);
	free(txt);
	json_t *j = summary_json(&s);
	size_t sum = 0;

	CHECK(j != NULL);
	for (unsigned int o = 0; o < OUTCOME_NR; o++)
		sum += (size_t)json_integer_value(json_object_get(json_object_get(j, "outcomes"),
								   outcome_name(o)));
	CHECK(sum == 1120);
	CHECK(json_array_size(json_object_get(j, "contexts")) == 7);
	CHECK(json_array_size(json_object_get(j, "point_outcomes")) == 1120);
	CHECK(json_is_object(json_object_get(j, "ab")));
	json_decref(j);
	summary_free(&s);
	free(a.pts);
	free(b.pts);
}

/* The committed reference run, when the tree is there. */
static void test_reference(void)
{
	char top[4096], dir[4200], err[512];
	struct results r;
	struct summary s;
	size_t lines, widest;
	char *txt;

	if (outcome_find_top(top, sizeof(top)) ||
	    snprintf(dir, sizeof(dir), "%s/results/lab-reference", top) >= (int)sizeof(dir) ||
	    results_load(dir, &r, err, sizeof(err))) {
		printf("# no results/lab-reference here\n");
		return;
	}
	CHECK(outcome_load_default(err, sizeof(err)) == 1);
	CHECK(!summary_build(&r, &s, err, sizeof(err)));
	txt = print_text(&s, false, &lines, &widest);
	CHECK(lines <= 40);
	CHECK(widest <= SUM_WIDTH);
	CHECK(s.count[OUTCOME_KNOWN_BUG] > 0);
	free(txt);
	summary_free(&s);
	results_free(&r);
	outcome_reset_bugs();
}

static void test_kernel_source_name(void)
{
	char buf[128];

	CHECK(!strcmp(kernel_source_name("/root/.cache/p2pbench/src/7.2.12-1~bpo13+1/"
					 "linux-source-7.2", buf, sizeof(buf)),
		      "linux-source-7.2 7.2.12-1~bpo13+1"));
	CHECK(!strcmp(kernel_source_name("/home/u/.cache/p2pbench/src/7.2.12-1~bpo13+1+p0a1b2c3d4e5f/"
					 "linux-source-7.2", buf, sizeof(buf)),
		      "linux-source-7.2 7.2.12-1~bpo13+1, patched (0a1b2c3d4e5f)"));
	CHECK(!kernel_source_name("/usr/src/linux", buf, sizeof(buf)));
	CHECK(!kernel_source_name(NULL, buf, sizeof(buf)));
}

int main(void)
{
	RUN(test_grouping);
	RUN(test_fixed_bug_is_failure);
	RUN(test_cells);
	RUN(test_default_sweep_fits);
	RUN(test_reference);
	RUN(test_kernel_source_name);
	return UNIT_DONE();
}
