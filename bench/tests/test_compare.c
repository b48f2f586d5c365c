// SPDX-License-Identifier: GPL-2.0-only
/* compare: matching by key across repeats and variants, every verdict,
 * thresholds, one-repeat points, exit status, corrupt input. */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "results.h"
#include "synth.h"
#include "unit.h"

/* A point with REPEATS repeats into DIR; FAIL: how many repeats fail. */
static void put(const char *dir, const char *variant, unsigned int method, unsigned int nr,
		unsigned int repeats, double scale, unsigned int fail)
{
	char err[512];
	struct point p;

	for (unsigned int r = 0; r < repeats; r++) {
		synth_point(&p, method, nr, 4096, "DMA", r, scale);
		snprintf(p.variant, sizeof(p.variant), "%s", variant);
		if (r < fail)
			synth_map_error(&p, EADDRINUSE, "dma_iova_link at offset 0 twice");
		if (point_save(dir, &p, NULL, 0, err, sizeof(err)))
			fprintf(stderr, "# %s\n", err);
	}
}

static void mkdirs(char *a, char *b, size_t len)
{
	char err[256], p[512];

	synth_tmpdir(a, len);
	synth_tmpdir(b, len);
	snprintf(p, sizeof(p), "%s/points", a);
	mkdir_p(p, err, sizeof(err));
	snprintf(p, sizeof(p), "%s/points", b);
	mkdir_p(p, err, sizeof(err));
}

static const struct cmp_row *find(const struct cmp_row *rows, size_t n, unsigned int method,
				  unsigned int nr)
{
	for (size_t i = 0; i < n; i++) {
		const struct point *p = rows[i].a ? rows[i].a : rows[i].b;

		if (p->run.method == method && p->run.nr_ranges == nr)
			return &rows[i];
	}
	return NULL;
}

/* Run `p2pbench compare ARGS...` with stdout silenced; its exit status. */
static int run_compare(const char *a, const char *b, const char *extra)
{
	char *argv[5] = { "compare", (char *)a, (char *)b, (char *)extra, NULL };
	int out = dup(1), null = open("/dev/null", O_WRONLY), ret;

	fflush(stdout);
	dup2(null, 1);
	ret = cmd_compare(extra ? 4 : 3, argv);
	fflush(stdout);
	dup2(out, 1);
	close(out);
	close(null);
	return ret;
}

static void test_verdicts(void)
{
	char a[256], b[256], err[512];
	struct results ra, rb;
	struct cmp_row *rows;
	const struct cmp_row *r;
	size_t n;

	mkdirs(a, b, sizeof(a));
	put(a, "base", P2PBENCH_METHOD_PHYS, 1, 5, 1.0, 0);	/* slower */
	put(b, "v8", P2PBENCH_METHOD_PHYS, 1, 5, 1.3, 0);
	put(a, "base", P2PBENCH_METHOD_PHYS, 4, 5, 1.0, 0);	/* faster */
	put(b, "v8", P2PBENCH_METHOD_PHYS, 4, 5, 0.7, 0);
	put(a, "base", P2PBENCH_METHOD_PHYS, 16, 5, 1.0, 0);	/* same: 3% < 5% */
	put(b, "v8", P2PBENCH_METHOD_PHYS, 16, 5, 1.03, 0);
	put(a, "base", P2PBENCH_METHOD_HELPER, 1, 3, 1.0, 0);	/* broken in one repeat of three */
	put(b, "v8", P2PBENCH_METHOD_HELPER, 1, 3, 1.0, 1);
	put(a, "base", P2PBENCH_METHOD_HELPER, 2, 3, 1.0, 3);	/* fixed */
	put(b, "v8", P2PBENCH_METHOD_HELPER, 2, 3, 1.0, 0);
	put(a, "base", P2PBENCH_METHOD_HELPER, 4, 3, 1.0, 3);	/* both fail */
	put(b, "v8", P2PBENCH_METHOD_HELPER, 4, 3, 1.0, 3);
	put(a, "base", P2PBENCH_METHOD_IOVA, 1, 3, 1.0, 0);	/* only A */
	put(b, "v8", P2PBENCH_METHOD_IOVA, 4, 3, 1.0, 0);	/* only B */
	put(a, "base", P2PBENCH_METHOD_ATTACH, 1, 2, 1.0, 0);	/* two repeats, separated: slower */
	put(b, "v8", P2PBENCH_METHOD_ATTACH, 1, 2, 1.5, 0);
	put(a, "base", P2PBENCH_METHOD_RESOURCE, 1, 1, 1.0, 0);	/* one repeat each: threshold only */
	put(b, "v8", P2PBENCH_METHOD_RESOURCE, 1, 1, 1.5, 0);

	CHECK(results_load(a, &ra, err, sizeof(err)) == 0);
	CHECK(results_load(b, &rb, err, sizeof(err)) == 0);
	struct cmp_opts o = { 0.05, 0, 0.95 };
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	CHECK(n == 10);
	r = find(rows, n, P2PBENCH_METHOD_PHYS, 1);
	CHECK(r && r->verdict == CMP_SLOWER && r->na == 5 && r->nb == 5);
	CHECK(r && fabs(r->delta - 0.3) < 0.06 && r->ci_lo > 0 && r->ci_hi >= r->ci_lo);
	CHECK(r && r->p < 0.05);
	r = find(rows, n, P2PBENCH_METHOD_PHYS, 4);
	CHECK(r && r->verdict == CMP_FASTER && r->delta < -0.2 && r->ci_hi < 0);
	r = find(rows, n, P2PBENCH_METHOD_PHYS, 16);
	CHECK(r && r->verdict == CMP_SAME);
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 1);
	CHECK(r && r->verdict == CMP_BROKEN && r->fa == 0 && r->fb == 1);
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 2);
	CHECK(r && r->verdict == CMP_FIXED && r->fa == 3);
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 4);
	CHECK(r && r->verdict == CMP_BOTH_FAIL);
	r = find(rows, n, P2PBENCH_METHOD_IOVA, 1);
	CHECK(r && r->verdict == CMP_ONLY_A && r->b == NULL);
	r = find(rows, n, P2PBENCH_METHOD_IOVA, 4);
	CHECK(r && r->verdict == CMP_ONLY_B && r->a == NULL);
	r = find(rows, n, P2PBENCH_METHOD_RESOURCE, 1);
	CHECK(r && r->verdict == CMP_SLOWER && isnan(r->ci_lo));
	r = find(rows, n, P2PBENCH_METHOD_ATTACH, 1);
	CHECK(r && r->verdict == CMP_SLOWER && r->na == 2);
	CHECK(compare_status(rows, n) == 1);
	free(rows);

	/* a larger threshold hides the slowdown (the broken point remains) */
	o.threshold = 0.6;
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	r = find(rows, n, P2PBENCH_METHOD_PHYS, 1);
	CHECK(r && r->verdict == CMP_SAME);
	free(rows);

	/* A against itself: everything the same or both-fail; exit 0 */
	o.threshold = 0.05;
	CHECK(compare_results(&ra, &ra, &o, &rows, &n, err, sizeof(err)) == 0);
	int bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += rows[i].verdict != CMP_SAME && rows[i].verdict != CMP_BOTH_FAIL;
	CHECK(bad == 0 && compare_status(rows, n) == 0);
	free(rows);

	/* the command: 1 regressed, 0 against itself, 2 on bad input */
	CHECK(run_compare(a, b, NULL) == 1);
	CHECK(run_compare(a, a, NULL) == 0);
	CHECK(run_compare(a, b, "--format=markdown") == 1);
	CHECK(run_compare(a, b, "--threshold=abc") == 2);
	CHECK(run_compare(a, "/nonexistent", NULL) == 2);
	char path[600];
	snprintf(path, sizeof(path), "%s/points/zz.json", b);
	FILE *f = fopen(path, "w");
	fputs("{\"format\": 1,\n\"run\": {", f);
	fclose(f);
	CHECK(run_compare(a, b, NULL) == 2);

	results_free(&ra);
	results_free(&rb);
	synth_rmrf(a);
	synth_rmrf(b);
}

/* Overlapping repeats: a large median change, but the ranks do not agree. */
static void test_overlap(void)
{
	char a[256], b[256], err[512];
	struct results ra, rb;
	struct cmp_row *rows;
	size_t n;
	struct point p;
	/* A: 100 100 300, B: 120 120 90 -> medians 100 vs 120 (+20%) */
	const unsigned long long va[] = { 100, 100, 300 }, vb[] = { 120, 120, 90 };

	mkdirs(a, b, sizeof(a));
	for (unsigned int r = 0; r < 3; r++) {
		synth_point(&p, P2PBENCH_METHOD_PHYS, 1, 4096, "DMA", r, 1);
		p.result.map.p50 = va[r];
		point_save(a, &p, NULL, 0, err, sizeof(err));
		p.result.map.p50 = vb[r];
		point_save(b, &p, NULL, 0, err, sizeof(err));
	}
	CHECK(results_load(a, &ra, err, sizeof(err)) == 0 && results_load(b, &rb, err, sizeof(err)) == 0);
	struct cmp_opts o = { 0.05, 0, 0.95 };
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	CHECK(n == 1 && fabs(rows[0].delta - 0.2) < 1e-9 && rows[0].verdict == CMP_SAME);
	free(rows);
	results_free(&ra);
	results_free(&rb);
	synth_rmrf(a);
	synth_rmrf(b);
}

static void test_unmap_metric(void)
{
	char a[256], b[256], err[512];
	struct results ra, rb;
	struct cmp_row *rows;
	size_t n;
	struct point p;

	mkdirs(a, b, sizeof(a));
	for (unsigned int r = 0; r < 4; r++) {
		synth_point(&p, P2PBENCH_METHOD_PHYS, 1, 4096, "DMA", r, 1);
		point_save(a, &p, NULL, 0, err, sizeof(err));
		p.result.unmap.p50 *= 2;	/* only unmap regressed */
		point_save(b, &p, NULL, 0, err, sizeof(err));
	}
	CHECK(results_load(a, &ra, err, sizeof(err)) == 0 && results_load(b, &rb, err, sizeof(err)) == 0);
	struct cmp_opts o = { 0.05, 0, 0.95 };
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	CHECK(n == 1 && rows[0].verdict == CMP_SAME);
	free(rows);
	o.unmap = 1;
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	CHECK(n == 1 && rows[0].verdict == CMP_SLOWER && fabs(rows[0].delta - 1) < 0.01);
	free(rows);
	results_free(&ra);
	results_free(&rb);
	synth_rmrf(a);
	synth_rmrf(b);
}

int main(void)
{
	RUN(test_verdicts);
	RUN(test_overlap);
	RUN(test_unmap_metric);
	return UNIT_DONE();
}
