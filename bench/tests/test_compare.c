// SPDX-License-Identifier: GPL-2.0-only
/* compare: matching by key across repeats, boots and variants, every
 * verdict, both clocks, thresholds, exit status, corrupt input. */
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

/*
 * Explicit values: point (METHOD, NR) in DIR, one point per value, VALS[b][r]
 * the p50 of repeat r of boot b (0 ends a boot's list).
 */
static void put_vals(const char *dir, unsigned int method, unsigned int nr, const char *clock,
		     unsigned int boots, unsigned int repeats, const double *vals)
{
	char err[512];
	struct point p;

	for (unsigned int b = 0; b < boots; b++)
		for (unsigned int r = 0; r < repeats; r++) {
			synth_point(&p, method, nr, 4096, "DMA", r, 1);
			p.boot = b;
			snprintf(p.clock, sizeof(p.clock), "%s", clock);
			snprintf(p.boot_id, sizeof(p.boot_id), "boot-%u", b);
			p.result.map.p50 = (unsigned long long)vals[b * repeats + r];
			p.result.map.stddev = 0;	/* every sample alike */
			if (point_save(dir, &p, NULL, 0, err, sizeof(err)))
				fprintf(stderr, "# %s\n", err);
		}
}

static void test_verdicts(void)
{
	char a[256], b[256], err[512];
	struct results ra, rb;
	struct cmp_row *rows;
	const struct cmp_row *r;
	size_t n;

	mkdirs(a, b, sizeof(a));
	put(a, "base", P2PBENCH_METHOD_HELPER, 1, 3, 1.0, 0);	/* broken in one repeat of three */
	put(b, "v8", P2PBENCH_METHOD_HELPER, 1, 3, 1.0, 1);
	put(a, "base", P2PBENCH_METHOD_HELPER, 2, 3, 1.0, 3);	/* fixed */
	put(b, "v8", P2PBENCH_METHOD_HELPER, 2, 3, 1.0, 0);
	put(a, "base", P2PBENCH_METHOD_HELPER, 4, 3, 1.0, 3);	/* both fail */
	put(b, "v8", P2PBENCH_METHOD_HELPER, 4, 3, 1.0, 3);
	put(a, "base", P2PBENCH_METHOD_IOVA, 1, 3, 1.0, 0);	/* only A */
	put(b, "v8", P2PBENCH_METHOD_IOVA, 4, 3, 1.0, 0);	/* only B */
	/* one boot a side on the wall clock: 30% slower, still no verdict */
	put(a, "base", P2PBENCH_METHOD_PHYS, 1, 5, 1.0, 0);
	put(b, "v8", P2PBENCH_METHOD_PHYS, 1, 5, 1.3, 0);
	/* four boots a side, one repeat each */
	const double a4[] = { 100, 102, 98, 101 }, slow[] = { 130, 131, 129, 132 };
	const double fast[] = { 70, 71, 69, 70 }, same[] = { 100, 101, 99, 100 };
	const double wide_a[] = { 100, 130, 0, 0 }, wide_b[] = { 120, 150, 0, 0 };

	put_vals(a, P2PBENCH_METHOD_RESOURCE, 1, "wall", 4, 1, a4);
	put_vals(b, P2PBENCH_METHOD_RESOURCE, 1, "wall", 4, 1, slow);
	put_vals(a, P2PBENCH_METHOD_RESOURCE, 4, "wall", 4, 1, a4);
	put_vals(b, P2PBENCH_METHOD_RESOURCE, 4, "wall", 4, 1, fast);
	put_vals(a, P2PBENCH_METHOD_RESOURCE, 16, "wall", 4, 1, a4);
	put_vals(b, P2PBENCH_METHOD_RESOURCE, 16, "wall", 4, 1, same);
	/* two boots a side that disagree a lot: +20%, but the interval spans */
	put_vals(a, P2PBENCH_METHOD_RESOURCE, 64, "wall", 2, 1, wide_a);
	put_vals(b, P2PBENCH_METHOD_RESOURCE, 64, "wall", 2, 1, wide_b);
	/* two boots of three repeats: a boot's value is its median */
	const double rep_a[] = { 100, 500, 101, 102, 99, 900 }, rep_b[] = { 150, 151, 20, 152, 9, 150 };
	put_vals(a, P2PBENCH_METHOD_ATTACH, 1, "wall", 2, 3, rep_a);
	put_vals(b, P2PBENCH_METHOD_ATTACH, 1, "wall", 2, 3, rep_b);

	CHECK(results_load(a, &ra, err, sizeof(err)) == 0);
	CHECK(results_load(b, &rb, err, sizeof(err)) == 0);
	struct cmp_opts o = { 0.05, 0, 0.95, CMP_STAT_P50 };
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	CHECK(n == 11);
	r = find(rows, n, P2PBENCH_METHOD_PHYS, 1);
	CHECK(r && r->verdict == CMP_INCONCLUSIVE && r->na == 5 && r->boots_a == 1);
	CHECK(r && fabs(r->delta - 0.3) < 0.06 && isnan(r->mde) && strstr(r->why, "one boot"));
	r = find(rows, n, P2PBENCH_METHOD_RESOURCE, 1);
	CHECK(r && r->verdict == CMP_SLOWER && r->sa == 4 && r->boots_b == 4);
	CHECK(r && r->ci_lo > 0.2 && r->ci_hi < 0.4 && r->mde > 0 && r->mde < 0.1);
	r = find(rows, n, P2PBENCH_METHOD_RESOURCE, 4);
	CHECK(r && r->verdict == CMP_FASTER && r->delta < -0.2 && r->ci_hi < 0);
	r = find(rows, n, P2PBENCH_METHOD_RESOURCE, 16);
	CHECK(r && r->verdict == CMP_SAME && r->ci_lo > -0.05 && r->ci_hi < 0.05);
	r = find(rows, n, P2PBENCH_METHOD_RESOURCE, 64);
	CHECK(r && r->verdict == CMP_INCONCLUSIVE && r->delta > 0.1 && r->ci_lo < 0);
	CHECK(r && r->mde > 0.2 && strstr(r->why, "spans"));
	r = find(rows, n, P2PBENCH_METHOD_ATTACH, 1);
	CHECK(r && r->sa == 2 && r->sb == 2 && r->med_a == 101.5 && r->med_b == 150);
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
	CHECK(compare_status(rows, n) == 1);
	free(rows);

	/* a larger threshold: the slowdown is only a change inside it */
	o.threshold = 0.6;
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	r = find(rows, n, P2PBENCH_METHOD_RESOURCE, 1);
	CHECK(r && r->verdict == CMP_SAME);
	free(rows);

	/* A against itself: never slower, faster, broken or fixed; exit 0 */
	o.threshold = 0.05;
	CHECK(compare_results(&ra, &ra, &o, &rows, &n, err, sizeof(err)) == 0);
	int bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += rows[i].verdict != CMP_SAME && rows[i].verdict != CMP_BOTH_FAIL &&
		       rows[i].verdict != CMP_INCONCLUSIVE;
	CHECK(bad == 0 && compare_status(rows, n) == 0);
	free(rows);

	/* the command: 1 regressed, 0 against itself, 2 on bad input */
	CHECK(run_compare(a, b, NULL) == 1);
	CHECK(run_compare(a, a, NULL) == 0);
	CHECK(run_compare(a, b, "--format=markdown") == 1);
	CHECK(run_compare(a, b, "--format=json") == 1);
	CHECK(run_compare(a, b, "--stat=mean") == 1);
	CHECK(run_compare(a, b, "--stat=max") == 2);
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

/* The icount clock: one value is exact up to the histogram's resolution. */
static void test_icount(void)
{
	char a[256], b[256], c[256], err[512], path[300];
	struct results ra, rb, rc;
	struct cmp_row *rows;
	const struct cmp_row *r;
	size_t n;
	const double base[] = { 1000 }, plus10[] = { 1100 }, plus1[] = { 1010 }, plus4[] = { 1040 };
	const double zero[] = { 0 }, ten[] = { 10 };
	const double rep_a[] = { 1752, 1752, 1768, 1752, 1752 }, rep_b[] = { 1960, 1960, 1976, 1960, 1960 };

	mkdirs(a, b, sizeof(a));
	put_vals(a, P2PBENCH_METHOD_HELPER, 1, "icount", 1, 1, base);
	put_vals(b, P2PBENCH_METHOD_HELPER, 1, "icount", 1, 1, plus10);
	put_vals(a, P2PBENCH_METHOD_HELPER, 2, "icount", 1, 1, base);
	put_vals(b, P2PBENCH_METHOD_HELPER, 2, "icount", 1, 1, plus1);
	put_vals(a, P2PBENCH_METHOD_HELPER, 4, "icount", 1, 1, base);
	put_vals(b, P2PBENCH_METHOD_HELPER, 4, "icount", 1, 1, plus4);
	put_vals(a, P2PBENCH_METHOD_NULL, 1, "icount", 1, 1, zero);	/* ties at zero */
	put_vals(b, P2PBENCH_METHOD_NULL, 1, "icount", 1, 1, zero);
	put_vals(a, P2PBENCH_METHOD_NULL, 2, "icount", 1, 1, zero);	/* appeared */
	put_vals(b, P2PBENCH_METHOD_NULL, 2, "icount", 1, 1, ten);
	/* repeats of one boot, one bucket of jitter: +11.9%, slower */
	put_vals(a, P2PBENCH_METHOD_HELPER, 16, "icount", 1, 5, rep_a);
	put_vals(b, P2PBENCH_METHOD_HELPER, 16, "icount", 1, 5, rep_b);
	CHECK(results_load(a, &ra, err, sizeof(err)) == 0 && results_load(b, &rb, err, sizeof(err)) == 0);
	struct cmp_opts o = { 0.05, 0, 0.95, CMP_STAT_P50 };
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	CHECK(n == 6);
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 1);
	CHECK(r && r->verdict == CMP_SLOWER && fabs(r->delta - 0.1) < 1e-9 && r->sa == 1);
	/* the interval is the resolution alone: 2/128 either way, about */
	CHECK(r && r->ci_lo > 0.08 && r->ci_hi < 0.12 && r->mde > 0.015 && r->mde < 0.017);
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 2);
	CHECK(r && r->verdict == CMP_SAME);
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 4);
	CHECK(r && r->verdict == CMP_INCONCLUSIVE && r->ci_lo > 0 && r->ci_hi > 0.05);
	r = find(rows, n, P2PBENCH_METHOD_NULL, 1);
	CHECK(r && r->verdict == CMP_SAME && isnan(r->delta));
	r = find(rows, n, P2PBENCH_METHOD_NULL, 2);
	CHECK(r && r->verdict == CMP_INCONCLUSIVE);
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 16);
	CHECK(r && r->verdict == CMP_SLOWER && r->sa == 5 && r->ci_lo > 0.08);
	free(rows);
	results_free(&ra);
	results_free(&rb);
	synth_rmrf(a);
	synth_rmrf(b);

	/*
	 * One repeat a side: one timed sample has no spread (a timer's phase
	 * moved such points 7-13% between two icount boots), so no verdict;
	 * many samples give the median's own standard error.
	 */
	mkdirs(a, b, sizeof(a));
	const double big_a[] = { 5714362 }, big_b[] = { 5323047 };
	struct point p;

	for (int side = 0; side < 2; side++) {
		synth_point(&p, P2PBENCH_METHOD_RESOURCE, 4096, 4096, "DMA", 0, 1);
		snprintf(p.clock, sizeof(p.clock), "icount");
		p.result.map.samples = 1;
		p.result.map.stddev = 0;
		p.result.map.p50 = (unsigned long long)(side ? big_b[0] : big_a[0]);
		point_save(side ? b : a, &p, NULL, 0, err, sizeof(err));
	}
	for (int side = 0; side < 2; side++) {
		synth_point(&p, P2PBENCH_METHOD_HELPER, 1, 4096, "DMA", 0, 1);
		snprintf(p.clock, sizeof(p.clock), "icount");
		p.result.map.samples = 100;
		p.result.map.p50 = side ? 1030 : 1000;	/* +3% */
		p.result.map.stddev = side ? 515 : 500;	/* the median +-6.3% */
		point_save(side ? b : a, &p, NULL, 0, err, sizeof(err));
	}
	for (int side = 0; side < 2; side++)
		for (int k = 0; k < 2; k++) {
			synth_point(&p, P2PBENCH_METHOD_HELPER, 16, 4096, "DMA", 0, 1);
			snprintf(p.clock, sizeof(p.clock), "icount");
			p.result.map.samples = 100;
			p.result.map.p50 = side ? 1200 : 1000;	/* +20%, tight */
			p.result.map.stddev = 20;
			point_save(side ? b : a, &p, NULL, 0, err, sizeof(err));
			break;
		}
	CHECK(results_load(a, &ra, err, sizeof(err)) == 0 && results_load(b, &rb, err, sizeof(err)) == 0);
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	CHECK(n == 3);
	r = find(rows, n, P2PBENCH_METHOD_RESOURCE, 4096);
	CHECK(r && r->verdict == CMP_INCONCLUSIVE && strstr(r->why, "one timed sample"));
	CHECK(r && r->delta < -0.06 && isnan(r->ci_lo));
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 1);
	CHECK(r && r->verdict == CMP_INCONCLUSIVE && r->ci_lo < 0 && r->ci_hi > 0.05);
	r = find(rows, n, P2PBENCH_METHOD_HELPER, 16);
	CHECK(r && r->verdict == CMP_SLOWER && r->ci_lo > 0.15);
	free(rows);

	/* a wall-clock directory against an icount one: an error */
	synth_tmpdir(c, sizeof(c));
	snprintf(path, sizeof(path), "%s/points", c);
	mkdir_p(path, err, sizeof(err));
	put_vals(c, P2PBENCH_METHOD_HELPER, 1, "wall", 1, 1, base);
	CHECK(results_load(c, &rc, err, sizeof(err)) == 0);
	CHECK(compare_results(&ra, &rc, &o, &rows, &n, err, sizeof(err)) == -1);
	CHECK(strstr(err, "icount clock") && strstr(err, "wall clock"));
	CHECK(run_compare(a, c, NULL) == 2);
	results_free(&rc);
	/* one directory that mixes clocks: an error too */
	put_vals(c, P2PBENCH_METHOD_HELPER, 2, "icount", 1, 1, base);
	CHECK(results_load(c, &rc, err, sizeof(err)) == 0 && results_clock(&rc) == NULL);
	CHECK(compare_results(&rc, &rc, &o, &rows, &n, err, sizeof(err)) == -1);
	results_free(&rc);
	results_free(&ra);
	results_free(&rb);
	synth_rmrf(a);
	synth_rmrf(b);
	synth_rmrf(c);
}

/* A point that cannot apply is n/a, whatever the other side did. */
static void test_na(void)
{
	char a[256], b[256], err[512];
	struct results ra, rb;
	struct cmp_row *rows;
	size_t n;
	struct point p;

	mkdirs(a, b, sizeof(a));
	synth_point(&p, P2PBENCH_METHOD_BUSADDR, 1, 4096, "DMA", 0, 1);
	p.result.map_type = P2PBENCH_MAP_NOT_SUPPORTED;
	synth_map_error(&p, EINVAL, "no bus address through the host bridge");
	point_save(a, &p, NULL, 0, err, sizeof(err));
	point_save(b, &p, NULL, 0, err, sizeof(err));
	CHECK(results_load(a, &ra, err, sizeof(err)) == 0 && results_load(b, &rb, err, sizeof(err)) == 0);
	struct cmp_opts o = { 0.05, 0, 0.95, CMP_STAT_P50 };
	CHECK(compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err)) == 0);
	CHECK(n == 1 && rows[0].verdict == CMP_NA && rows[0].why[0]);
	CHECK(compare_status(rows, n) == 0);
	free(rows);
	results_free(&ra);
	results_free(&rb);
	synth_rmrf(a);
	synth_rmrf(b);
}

/* Write DIR/meta.json: context "cpu=intel,topology=switch,iommu_mode=DMA"
 * (synth_point's) measured with the IOMMU driver DRV. */
static void put_meta(const char *dir, const char *drv)
{
	char path[512];
	json_t *m = json_pack("{s:{s:{s:{s:s}}}}", "contexts",
			      "cpu=intel,topology=switch,iommu_mode=DMA", "machine", "iommu_driver", drv);

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	CHECK(m && json_dump_file(m, path, 0) == 0);
	json_decref(m);
}

/* A context measured with another IOMMU driver in A than in B is named in a
 * warning of every output format; the same driver gives none. */
static void test_iommu_warning(void)
{
	char a[256], b[256], path[] = "/tmp/p2pbench-cmp.XXXXXX";
	char *argv[5] = { "compare", a, b, "--format=json", NULL };
	int fd, saved;
	json_t *o, *w;

	mkdirs(a, b, sizeof(a));
	put(a, "base", P2PBENCH_METHOD_PHYS, 4, 5, 1, 0);
	put(b, "base", P2PBENCH_METHOD_PHYS, 4, 5, 1, 0);
	for (int diff = 0; diff < 2; diff++) {
		put_meta(a, "intel-iommu");
		put_meta(b, diff ? "amd-iommu" : "intel-iommu");
		fd = mkstemp(path);
		saved = dup(1);
		fflush(stdout);
		dup2(fd, 1);
		cmd_compare(4, argv);
		fflush(stdout);
		dup2(saved, 1);
		close(saved);
		close(fd);
		o = json_load_file(path, 0, NULL);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
		w = json_object_get(o, "warnings");
		CHECK(json_is_array(w) && json_array_size(w) == (size_t)diff);
		if (diff && json_array_size(w) == 1) {
			const char *msg = json_string_value(json_array_get(w, 0));

			CHECK(msg && strstr(msg, "intel-iommu in A") && strstr(msg, "amd-iommu in B") &&
			      strstr(msg, "cpu=intel,topology=switch,iommu_mode=DMA"));
		}
		json_decref(o);
	}
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
		p.boot = r;	/* four boots of one repeat */
		p.repeat = 0;
		point_save(a, &p, NULL, 0, err, sizeof(err));
		p.result.unmap.p50 *= 2;	/* only unmap regressed */
		point_save(b, &p, NULL, 0, err, sizeof(err));
	}
	CHECK(results_load(a, &ra, err, sizeof(err)) == 0 && results_load(b, &rb, err, sizeof(err)) == 0);
	struct cmp_opts o = { 0.05, 0, 0.95, CMP_STAT_P50 };
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
	RUN(test_icount);
	RUN(test_na);
	RUN(test_unmap_metric);
	RUN(test_iommu_warning);
	return UNIT_DONE();
}
