// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench compare A B: match the points of two results directories and
 * say, per point, whether B is faster, slower, the same, broken or fixed.
 * The statistics (bench/README-results.md, "Comparing"): each repeat of a
 * point gives one p50; a side's value is the median of its repeats' p50s;
 * the verdict needs the relative change to pass the threshold, the
 * bootstrap confidence interval of that change to exclude 0, and the ranks
 * to agree (a significant Mann-Whitney test, or with fewer than 4 repeats
 * a side, complete separation).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "errmsg.h"
#include "io_report.h"
#include "opt.h"
#include "results.h"
#include "stats.h"
#include "sweep.h"

static const char *const verdicts[CMP_NR] = {
	[CMP_SAME] = "same", [CMP_FASTER] = "faster", [CMP_SLOWER] = "slower",
	[CMP_BROKEN] = "broken", [CMP_FIXED] = "fixed", [CMP_BOTH_FAIL] = "both-fail",
	[CMP_ONLY_A] = "only-A", [CMP_ONLY_B] = "only-B",
};

const char *cmp_verdict_name(enum cmp_verdict v)
{
	return v < CMP_NR ? verdicts[v] : "?";
}

/* End of the run of repeats of PTS[I] (sorted by point_cmp). */
static size_t group_end(const struct point *pts, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && !point_key_cmp(&pts[i], &pts[j]))
		j++;
	return j;
}

static double metric(const struct point *p, int unmap)
{
	return (double)(unmap ? p->result.unmap.p50 : p->result.map.p50);
}

static void judge(struct cmp_row *r, const struct point *a, const struct point *b,
		  const struct cmp_opts *o, double *va, double *vb)
{
	r->fa = r->fb = 0;
	for (size_t i = 0; i < r->na; i++) {
		r->fa += point_failed(&a[i]);
		va[i] = metric(&a[i], o->unmap);
	}
	for (size_t i = 0; i < r->nb; i++) {
		r->fb += point_failed(&b[i]);
		vb[i] = metric(&b[i], o->unmap);
	}
	r->med_a = r->med_b = r->delta = r->ci_lo = r->ci_hi = r->p = NAN;
	if (r->fa && r->fb) {
		r->verdict = CMP_BOTH_FAIL;
		return;
	}
	if (r->fb) {
		r->verdict = CMP_BROKEN;
		return;
	}
	if (r->fa) {
		r->verdict = CMP_FIXED;
		return;
	}
	r->med_a = stats_median(va, r->na);
	r->med_b = stats_median(vb, r->nb);
	if (r->med_a <= 0) {
		/* Below the clock: nothing to divide by; only "appeared" counts. */
		r->verdict = r->med_b > 0 ? CMP_SLOWER : CMP_SAME;
		return;
	}
	r->delta = r->med_b / r->med_a - 1;
	r->verdict = CMP_SAME;
	/* With one repeat there is no spread: the threshold alone decides. */
	if (r->na < 2 || r->nb < 2) {
		if (r->delta > o->threshold)
			r->verdict = CMP_SLOWER;
		else if (r->delta < -o->threshold)
			r->verdict = CMP_FASTER;
		return;
	}
	double lo, hi, u;

	if (!stats_boot_ratio_ci(va, r->na, vb, r->nb, STATS_BOOT_ITERS, o->conf,
				 STATS_BOOT_SEED, &lo, &hi)) {
		r->ci_lo = lo;
		r->ci_hi = hi;
	}
	r->p = stats_mann_whitney(va, r->na, vb, r->nb, &u);
	/*
	 * A percentile bootstrap of a handful of values is too narrow (with
	 * two repeats it spans little more than the values seen), so the
	 * ranks must agree too: a significant rank test where one is possible
	 * (4 or more repeats a side: the exact p can go below 0.05), else every
	 * repeat of B beyond every repeat of A.
	 */
	int ranks_slower, ranks_faster;

	if (r->na >= STATS_MIN_RANK_N && r->nb >= STATS_MIN_RANK_N) {
		ranks_slower = ranks_faster = r->p < 1 - o->conf;
	} else {
		ranks_slower = u == 0;
		ranks_faster = u == (double)r->na * (double)r->nb;
	}
	if (r->delta > o->threshold && r->ci_lo > 0 && ranks_slower)
		r->verdict = CMP_SLOWER;
	else if (r->delta < -o->threshold && r->ci_hi < 0 && ranks_faster)
		r->verdict = CMP_FASTER;
}

int compare_results(const struct results *a, const struct results *b, const struct cmp_opts *o,
		    struct cmp_row **rows, size_t *n, char *err, size_t errlen)
{
	size_t i = 0, j = 0, cap = a->n + b->n + 1, nr = 0;
	struct cmp_row *out = calloc(cap, sizeof(*out));
	double *va = malloc((a->n + 1) * sizeof(*va)), *vb = malloc((b->n + 1) * sizeof(*vb));

	if (!out || !va || !vb) {
		free(out);
		free(va);
		free(vb);
		return errf(err, errlen, "out of memory");
	}
	while (i < a->n || j < b->n) {
		struct cmp_row *r = &out[nr++];
		int c = i >= a->n ? 1 : j >= b->n ? -1 : point_key_cmp(&a->pts[i], &b->pts[j]);
		size_t ie = i < a->n ? group_end(a->pts, a->n, i) : i;
		size_t je = j < b->n ? group_end(b->pts, b->n, j) : j;

		if (c < 0) {
			*r = (struct cmp_row){ .a = &a->pts[i], .na = ie - i, .verdict = CMP_ONLY_A };
			r->med_a = r->med_b = r->delta = r->ci_lo = r->ci_hi = r->p = NAN;
			for (size_t k = i; k < ie; k++)
				r->fa += point_failed(&a->pts[k]);
			i = ie;
			continue;
		}
		if (c > 0) {
			*r = (struct cmp_row){ .b = &b->pts[j], .nb = je - j, .verdict = CMP_ONLY_B };
			r->med_a = r->med_b = r->delta = r->ci_lo = r->ci_hi = r->p = NAN;
			for (size_t k = j; k < je; k++)
				r->fb += point_failed(&b->pts[k]);
			j = je;
			continue;
		}
		r->a = &a->pts[i];
		r->b = &b->pts[j];
		r->na = ie - i;
		r->nb = je - j;
		judge(r, r->a, r->b, o, va, vb);
		i = ie;
		j = je;
	}
	free(va);
	free(vb);
	*rows = out;
	*n = nr;
	return 0;
}

int compare_status(const struct cmp_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].verdict == CMP_SLOWER || rows[i].verdict == CMP_BROKEN)
			return 1;
	return 0;
}

/* ---------------- output ---------------- */

enum cmp_format { FMT_TEXT, FMT_MARKDOWN };

static int format_parse(const char *s)
{
	return !strcmp(s, "text") ? FMT_TEXT : !strcmp(s, "markdown") ? FMT_MARKDOWN : -1;
}

static const char *format_name(unsigned int v)
{
	return v == FMT_TEXT ? "text" : v == FMT_MARKDOWN ? "markdown" : "?";
}

static int metric_parse(const char *s)
{
	return !strcmp(s, "map") ? 0 : !strcmp(s, "unmap") ? 1 : -1;
}

static const char *metric_name(unsigned int v)
{
	return v == 0 ? "map" : v == 1 ? "unmap" : "?";
}

struct compare_cli {
	const char *threshold;
	uint32_t metric, format;
};

#define CLI(f) offsetof(struct compare_cli, f)
static const struct opt compare_opts[] = {
	{ .name = "threshold", .kind = OPT_STR, .off = CLI(threshold), .arg = "PCT", .def = "5",
	  .help = "smallest change in % that counts as faster or slower" },
	{ .name = "metric", .kind = OPT_ENUM, .off = CLI(metric), .arg = "map|unmap", .def = "map",
	  .parse = metric_parse, .name_of = metric_name, .help = "latency compared" },
	{ .name = "format", .kind = OPT_ENUM, .off = CLI(format), .arg = "text|markdown",
	  .def = "text", .parse = format_parse, .name_of = format_name, .help = "output format" },
	{ .kind = OPT_END },
};

static void usage(FILE *f)
{
	const struct optset sets[] = { { compare_opts, NULL }, { NULL, NULL } };

	fprintf(f, "usage: p2pbench compare A B [--threshold PCT] [--metric map|unmap]\n"
		"                        [--format text|markdown]\n\n"
		"Matches the points of results directories A and B by parameters and context\n"
		"and compares the median over repeats of each repeat's p50 latency, with a 95%%\n"
		"bootstrap confidence interval of the change and a Mann-Whitney U test.\n"
		"Verdicts: faster, slower (change beyond the threshold, interval excluding 0,\n"
		"and p < 0.05, or with under 4 repeats a side every repeat of B beyond every\n"
		"repeat of A), same, broken (passes in A, fails in B), fixed, both-fail,\n"
		"only-A, only-B.\n"
		"Exit status: 0 nothing slower or broken, 1 something is, 2 error.\n\noptions:\n");
	opt_help(f, sets);
}

static void fmt_ns(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.0f", v);
}

static void fmt_pct(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%+.1f%%", v * 100);
}

static void fmt_ci(const struct cmp_row *r, char *buf, size_t len)
{
	char lo[16], hi[16];

	if (isnan(r->ci_lo)) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_pct(r->ci_lo, lo, sizeof(lo));
	fmt_pct(r->ci_hi, hi, sizeof(hi));
	snprintf(buf, len, "%s..%s", lo, hi);
}

/* Why a side failed, or "" */
static void side_failure(const struct point *first, size_t n, size_t failed, char *buf, size_t len)
{
	char why[200];

	if (!failed || !first) {
		buf[0] = '\0';
		return;
	}
	/* the first failed repeat's reason */
	for (size_t i = 0; i < n; i++)
		if (point_failed(&first[i])) {
			point_failure(&first[i], why, sizeof(why));
			break;
		}
	if (failed < n)
		snprintf(buf, len, "%zu/%zu failed: %s", failed, n, why);
	else
		snprintf(buf, len, "%s", why);
}

static const char *meta_str(json_t *meta, const char *a, const char *b)
{
	json_t *v = json_object_get(meta, a);

	if (b)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : "?";
}

static void print_rows(FILE *f, const struct results *ra, const struct results *rb,
		       const struct cmp_row *rows, size_t n, const struct compare_cli *cli,
		       double threshold)
{
	size_t count[CMP_NR] = { 0 };
	int md = cli->format == FMT_MARKDOWN;
	char key[1024], na[32], nb[32], d[32], ci[48], p[16], reason[640], fa[300], fb[300];

	if (md) {
		fprintf(f, "**A** `%s` (variant %s), **B** `%s` (variant %s)\n\n", ra->dir,
			meta_str(ra->meta, "variant", NULL), rb->dir, meta_str(rb->meta, "variant", NULL));
		fprintf(f, "%s latency, median over repeats of each repeat's p50, ns, lower is better; "
			"threshold %g%%; 95%% bootstrap CI of the change.\n\n",
			metric_name(cli->metric), threshold * 100);
		fprintf(f, "| point | n A/B | A ns | B ns | change | 95%% CI | p | verdict | note |\n"
			"|---|---|---:|---:|---:|---|---:|---|---|\n");
	} else {
		fprintf(f, "# A: %s (variant %s)\n# B: %s (variant %s)\n", ra->dir,
			meta_str(ra->meta, "variant", NULL), rb->dir, meta_str(rb->meta, "variant", NULL));
		fprintf(f, "# %s latency: median over repeats of each repeat's p50, ns, lower is better;"
			" threshold %g%%\n", metric_name(cli->metric), threshold * 100);
	}
	for (size_t i = 0; i < n; i++) {
		const struct cmp_row *r = &rows[i];

		count[r->verdict]++;
		point_key(r->a ? r->a : r->b, key, sizeof(key));
		fmt_ns(r->med_a, na, sizeof(na));
		fmt_ns(r->med_b, nb, sizeof(nb));
		fmt_pct(r->delta, d, sizeof(d));
		fmt_ci(r, ci, sizeof(ci));
		if (isnan(r->p))
			snprintf(p, sizeof(p), "-");
		else
			snprintf(p, sizeof(p), "%.3f", r->p);
		side_failure(r->a, r->na, r->fa, fa, sizeof(fa));
		side_failure(r->b, r->nb, r->fb, fb, sizeof(fb));
		reason[0] = '\0';
		if (fa[0] && fb[0])
			snprintf(reason, sizeof(reason), "A: %s; B: %s", fa, fb);
		else if (fa[0] || fb[0])
			snprintf(reason, sizeof(reason), "%s: %s", fa[0] ? "A" : "B", fa[0] ? fa : fb);
		else if (r->verdict != CMP_ONLY_A && r->verdict != CMP_ONLY_B && (r->na < 2 || r->nb < 2))
			snprintf(reason, sizeof(reason), "one repeat: no interval");
		if (md)
			fprintf(f, "| `%s` | %zu/%zu | %s | %s | %s | %s | %s | %s | %s |\n", key, r->na,
				r->nb, na, nb, d, ci, p, cmp_verdict_name(r->verdict), reason);
		else
			fprintf(f, "%-9s %8s %8s %7s %-16s p=%-5s  n=%zu/%zu  %s%s%s\n",
				cmp_verdict_name(r->verdict), na, nb, d, ci, p, r->na, r->nb, key,
				reason[0] ? "  # " : "", reason);
	}
	fprintf(f, "%s%zu points: %zu slower, %zu faster, %zu same, %zu broken, %zu fixed, "
		"%zu both-fail, %zu only in A, %zu only in B\n", md ? "\n" : "# ", n,
		count[CMP_SLOWER], count[CMP_FASTER], count[CMP_SAME], count[CMP_BROKEN],
		count[CMP_FIXED], count[CMP_BOTH_FAIL], count[CMP_ONLY_A], count[CMP_ONLY_B]);
}

int cmd_compare(int argc, char **argv)
{
	struct compare_cli cli = { 0 };
	const struct optset sets[] = { { compare_opts, &cli }, { NULL, NULL } };
	const char *dirs[2] = { NULL, NULL };
	struct results ra = { 0 }, rb = { 0 };
	struct cmp_row *rows = NULL;
	char **args, err[1024], *end;
	int nargs = 0, ndirs = 0, ret = 2;
	size_t n;

	args = calloc((size_t)argc + 1, sizeof(*args));
	if (!args)
		return 2;
	args[nargs++] = argv[0];
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] != '-' && ndirs < 2) {
			dirs[ndirs++] = argv[i];
			continue;
		}
		args[nargs++] = argv[i];
		if (!strncmp(argv[i], "--", 2) && !strchr(argv[i], '=') && i + 1 < argc &&
		    opt_find(compare_opts, argv[i] + 2))
			args[nargs++] = argv[++i];
	}
	int r = opt_parse(sets, nargs, args, err, sizeof(err));
	free(args);
	if (r == OPT_HELP) {
		usage(stdout);
		return 0;
	}
	if (r) {
		fprintf(stderr, "p2pbench compare: %s\n", err);
		return 2;
	}
	if (ndirs != 2) {
		usage(stderr);
		return 2;
	}
	double threshold = strtod(cli.threshold, &end);
	if (end == cli.threshold || *end || !(threshold >= 0) || threshold > 1000) {
		fprintf(stderr, "p2pbench compare: --threshold %s: not a percentage (e.g. 5)\n",
			cli.threshold);
		return 2;
	}
	if (results_load(dirs[0], &ra, err, sizeof(err)) ||
	    results_load(dirs[1], &rb, err, sizeof(err))) {
		fprintf(stderr, "p2pbench compare: %s\n", err);
		goto out;
	}
	struct cmp_opts o = { threshold / 100, (int)cli.metric, 0.95 };
	if (compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err))) {
		fprintf(stderr, "p2pbench compare: %s\n", err);
		goto out;
	}
	/* Directories of end-to-end I/O points only have no mapping rows. */
	if (ra.n || rb.n)
		print_rows(stdout, &ra, &rb, rows, n, &cli, o.threshold);
	ret = compare_status(rows, n);
	int io_worse;
	if (io_compare(stdout, dirs[0], dirs[1], o.threshold, cli.format == FMT_MARKDOWN, &io_worse,
		       err, sizeof(err))) {
		fprintf(stderr, "p2pbench compare: %s\n", err);
		ret = 2;
		goto out;
	}
	ret |= io_worse;
out:
	free(rows);
	results_free(&ra);
	results_free(&rb);
	return ret;
}
