// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench compare A B: the comparison of two results directories
 * (lib/compare.c for mapping points, out/io_report.c for I/O points, one
 * statistic and verdict rule) printed as text, markdown or JSON.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "doc.h"
#include "errmsg.h"
#include "io_report.h"
#include "outcome.h"
#include "outfmt.h"
#include "opt.h"
#include "results.h"
#include "stats.h"
#include "sweep.h"

/* ---------------- output ---------------- */

static int metric_parse(const char *s)
{
	return !strcmp(s, "map") ? 0 : !strcmp(s, "unmap") ? 1 : -1;
}

static const char *metric_name(unsigned int v)
{
	return v == 0 ? "map" : v == 1 ? "unmap" : "?";
}

static int stat_parse(const char *s)
{
	return !strcmp(s, "p50") ? CMP_STAT_P50 : !strcmp(s, "mean") ? CMP_STAT_MEAN : -1;
}

static const char *stat_name(unsigned int v)
{
	return v == CMP_STAT_P50 ? "p50" : v == CMP_STAT_MEAN ? "mean" : "?";
}

struct compare_cli {
	const char *threshold;
	uint32_t metric, format, stat;
};

#define CLI(f) offsetof(struct compare_cli, f)
static const struct opt compare_opts[] = {
	{ .name = "threshold", .kind = OPT_STR, .off = CLI(threshold), .arg = "PCT", .def = "5",
	  .help = "smallest change in % that counts as faster or slower" },
	{ .name = "metric", .kind = OPT_ENUM, .off = CLI(metric), .arg = "map|unmap", .def = "map",
	  .parse = metric_parse, .name_of = metric_name, .help = "latency compared" },
	{ .name = "stat", .kind = OPT_ENUM, .off = CLI(stat), .arg = "p50|mean", .def = "p50",
	  .parse = stat_parse, .name_of = stat_name,
	  .help = "each point's value: its median latency, or its mean" },
	{ .name = "format", .kind = OPT_ENUM, .off = CLI(format), .arg = OUT_FORMATS_TMJ,
	  .def = "text", .parse = out_format_parse_tmj, .name_of = out_format_name, .help = "output format" },
	{ .kind = OPT_END },
};

static void usage(FILE *f)
{
	const struct optset sets[] = { { compare_opts, NULL }, { NULL, NULL } };

	fprintf(f, "usage: p2pbench compare A B [--threshold PCT] [--metric map|unmap]\n"
		"                        [--stat p50|mean] [--format " OUT_FORMATS_TMJ "]\n\n"
		"Matches the points of results directories A and B by parameters and context\n"
		"and judges the change of B's latency against A's on the samples of each side:\n"
		"  icount clock  every repeat of every boot (the clock is deterministic);\n"
		"  wall clock    one value per boot (the median of its repeats), so a side\n"
		"                needs 2 or more boots (p2pbench sweep --boot) for a verdict.\n"
		"The change is the ratio of geometric means, with a 95%% Welch interval on the\n"
		"logarithms, widened by the histogram's resolution (1/128 per value); MDE is\n"
		"the smallest change the data detects 4 times in 5.\n"
		"Verdicts: slower/faster (interval excludes 0 and the change passes the\n"
		"threshold), same (the interval lies inside +-threshold), inconclusive (the\n"
		"interval spans the threshold, or too few boots), broken (passes in A, fails\n"
		"in B), fixed, both-fail, n/a (the point cannot apply: e.g. busaddr through a\n"
		"host bridge), only-A, only-B.\n"
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
	else if (v >= 100)	/* a 100-fold change or more: the digits say nothing */
		snprintf(buf, len, ">+9999%%");
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

static void fmt_mde(double v, char *buf, size_t len)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (v >= 100)
		snprintf(buf, len, ">9999%%");
	else
		snprintf(buf, len, "%.1f%%", v * 100);
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

static void row_note(const struct cmp_row *r, char *buf, size_t len)
{
	char fa[300], fb[300];

	side_failure(r->a, r->na, r->fa, fa, sizeof(fa));
	side_failure(r->b, r->nb, r->fb, fb, sizeof(fb));
	if (r->verdict == CMP_NA)
		snprintf(buf, len, "n/a: %s", r->why);
	else if (fa[0] && fb[0])
		snprintf(buf, len, "A: %s; B: %s", fa, fb);
	else if (fa[0] || fb[0])
		snprintf(buf, len, "%s: %s", fa[0] ? "A" : "B", fa[0] ? fa : fb);
	else
		snprintf(buf, len, "%s", r->why);
}

static const char *meta_str(json_t *meta, const char *a, const char *b)
{
	json_t *v = json_object_get(meta, a);

	if (b)
		v = json_object_get(v, b);
	return json_is_string(v) ? json_string_value(v) : "?";
}

/* The variant of R: meta.json's, else its points' (a directory of bare
 * points, e.g. gathered from several boots). */
static const char *variant_of(const struct results *r)
{
	const char *v = meta_str(r->meta, "variant", NULL);

	return strcmp(v, "?") || !r->n ? v : r->pts[0].variant;
}

/* The samples of a row, e.g. "3 boots" or "7 repeats, 1 boot". */
static void fmt_samples(const struct cmp_row *r, char *buf, size_t len)
{
	snprintf(buf, len, "%zu/%zu", r->sa, r->sb);
}

static void count_rows(const struct cmp_row *rows, size_t n, size_t *count)
{
	for (size_t i = 0; i < n; i++)
		count[rows[i].verdict]++;
}

/* "N points: N slower, ..." */
static void totals(char *buf, size_t len, const size_t *count, size_t n)
{
	snprintf(buf, len, "%zu points: %zu slower, %zu faster, %zu same, %zu inconclusive, %zu broken, "
		 "%zu fixed, %zu both-fail, %zu n/a, %zu only in A, %zu only in B", n,
		 count[CMP_SLOWER], count[CMP_FASTER], count[CMP_SAME], count[CMP_INCONCLUSIVE],
		 count[CMP_BROKEN], count[CMP_FIXED], count[CMP_BOTH_FAIL], count[CMP_NA],
		 count[CMP_ONLY_A], count[CMP_ONLY_B]);
}

/* How the samples were taken, for the header. */
static void basis(const struct results *r, const char *clock, char *buf, size_t len)
{
	size_t boots = 0;

	for (size_t i = 0; i < r->n; i++)
		if (r->pts[i].boot + 1 > boots)
			boots = r->pts[i].boot + 1;
	snprintf(buf, len, "%s clock, %zu boot%s", clock, boots, boots == 1 ? "" : "s");
}

/*
 * One warning per context that ran on another IOMMU driver in A than in B
 * (a results directory made before the lab's AMD context used the AMD
 * IOMMU, or two machines): its rows compare drivers, not kernels.
 */
static json_t *iommu_warnings(const struct results *ra, const struct results *rb)
{
	json_t *out = json_array(), *seen = json_object(), *c;
	const char *k;

	json_object_foreach(json_object_get(ra->meta, "contexts"), k, c) {
		char ctx[256], msg[512];
		const char *boot = strstr(k, ",boot="), *da, *db;

		snprintf(ctx, sizeof(ctx), "%.*s", boot ? (int)(boot - k) : (int)strlen(k), k);
		if (json_object_get(seen, ctx))
			continue;
		json_object_set_new(seen, ctx, json_true());
		da = meta_context_iommu_driver(ra->meta, ctx);
		db = meta_context_iommu_driver(rb->meta, ctx);
		if (!da || !db || !strcmp(da, db))
			continue;
		snprintf(msg, sizeof(msg), "context %s ran on %s in A and on %s in B: "
			 "its rows compare two IOMMU drivers, not two kernels", ctx, da, db);
		json_array_append_new(out, json_string(msg));
	}
	json_decref(seen);
	return out;
}

/* The rows as plain text (a line each, comment lines around, for
 * scripts) and as a markdown table. */
static void row_tables(struct table *plain, struct table *markup)
{
	static const char *const ph[] = { "# verdict", "A", "B", "change", "interval", "MDE", "samples",
					  "point" };
	static const unsigned int pw[] = { 14, 9, 9, 7, 16, 6, 7, 0 };
	static const char *const mh[] = { "point", "samples A/B", "A ns", "B ns", "change",
					  "95% interval", "MDE", "verdict", "note" };

	plain->fixed = 1;
	for (unsigned int c = 0; c < 8; c++) {
		plain->head[c] = ph[c];
		plain->width[c] = pw[c];
		plain->pad[c] = c > 0;
		plain->right[c] = (c >= 1 && c <= 3) || c == 5;
	}
	plain->ncols = 8;
	for (unsigned int c = 0; c < 9; c++) {
		markup->head[c] = mh[c];
		markup->right[c] = (c >= 2 && c <= 4) || c == 6;
	}
	markup->ncols = 9;
}

static int compare_doc(struct doc *doc, const struct results *ra, const struct results *rb,
		       const struct cmp_row *rows, size_t n, const struct compare_cli *cli,
		       double threshold)
{
	size_t count[CMP_NR] = { 0 };
	char key[1024], na[32], nb[32], d[32], ci[48], mde[16], ns[32], note[700], ba[64], bb[64];
	char line[512];
	const char *clock = results_clock(ra->n ? ra : rb);
	struct table plain = { 0 }, markup = { 0 };
	json_t *warn = iommu_warnings(ra, rb), *w;
	size_t wi;

	basis(ra, clock, ba, sizeof(ba));
	basis(rb, clock, bb, sizeof(bb));
	json_array_foreach(warn, wi, w) {
		fprintf(stderr, "p2pbench compare: warning: %s\n", json_string_value(w));
		doc_only(doc, OUT_MARKUP);
		doc_line(doc, "", "> " DOC_BOLD "warning" DOC_BOLD ": %s", json_string_value(w));
		doc_brk(doc);
		doc_only(doc, OUT_PLAIN);
		doc_line(doc, "", "# warning: %s", json_string_value(w));
	}
	json_decref(warn);
	doc_only(doc, OUT_MARKUP);
	doc_line(doc, "", DOC_BOLD "A" DOC_BOLD " " DOC_CODE "%s" DOC_CODE " (variant %s, %s), "
		 DOC_BOLD "B" DOC_BOLD " " DOC_CODE "%s" DOC_CODE " (variant %s, %s)", ra->dir,
		 variant_of(ra), ba, rb->dir, variant_of(rb), bb);
	doc_brk(doc);
	doc_line(doc, "", "%s latency, each point's %s, ns (%s), lower is better; threshold %g%%; "
		 "95%% interval of the change; MDE: smallest change detected 4 times in 5.",
		 metric_name(cli->metric), stat_name(cli->stat),
		 !strcmp(clock, POINT_CLOCK_ICOUNT) ? "icount: guest instructions" : "wall",
		 threshold * 100);
	doc_brk(doc);
	doc_only(doc, OUT_PLAIN);
	doc_line(doc, "", "# A: %s (variant %s, %s)\n# B: %s (variant %s, %s)", ra->dir,
		 variant_of(ra), ba, rb->dir, variant_of(rb), bb);
	doc_line(doc, "", "# %s latency: each point's %s, ns%s, lower is better; threshold %g%%;"
		 " interval 95%%; MDE detected 4 times in 5", metric_name(cli->metric),
		 stat_name(cli->stat),
		 !strcmp(clock, POINT_CLOCK_ICOUNT) ? " of the icount clock (guest instructions)" : "",
		 threshold * 100);
	row_tables(&plain, &markup);
	for (size_t i = 0; i < n; i++) {
		const struct cmp_row *r = &rows[i];

		point_key(r->a ? r->a : r->b, key, sizeof(key));
		fmt_ns(r->med_a, na, sizeof(na));
		fmt_ns(r->med_b, nb, sizeof(nb));
		fmt_pct(r->delta, d, sizeof(d));
		fmt_ci(r, ci, sizeof(ci));
		fmt_mde(r->mde, mde, sizeof(mde));
		fmt_samples(r, ns, sizeof(ns));
		row_note(r, note, sizeof(note));
		if (table_row(&plain) || table_row(&markup)) {
			table_free(&plain);
			table_free(&markup);
			return -1;
		}
		/* the same cells, in the plain order and in markup's (mcol) */
		const char *cell[] = { cmp_verdict_name(r->verdict), na, nb, d, ci, mde, ns };
		static const unsigned int mcol[] = { 7, 2, 3, 4, 5, 6, 1 };

		for (unsigned int c = 0; c < sizeof(cell) / sizeof(cell[0]); c++) {
			table_setf(&plain, c, "%s", cell[c]);
			table_setf(&markup, mcol[c], "%s", cell[c]);
		}
		table_setf(&plain, 7, "%s%s%s", key, note[0] ? "  # " : "", note);
		table_setf(&markup, 0, DOC_CODE "%s" DOC_CODE, key);
		table_setf(&markup, 8, "%s", note);
	}
	count_rows(rows, n, count);
	totals(line, sizeof(line), count, n);
	doc_table(doc, &plain);
	doc_line(doc, "", "# %s", line);
	doc_only(doc, OUT_MARKUP);
	doc_table(doc, &markup);
	doc_brk(doc);
	doc_line(doc, "", "%s", line);
	doc_only(doc, 0);
	return 0;
}

static json_t *num_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static int print_json(FILE *f, const struct results *ra, const struct results *rb,
		      const struct cmp_row *rows, size_t n, const struct compare_cli *cli,
		      double threshold, int status, json_t *io)
{
	json_t *o = json_object(), *arr = json_array(), *tot = json_object();
	size_t count[CMP_NR] = { 0 };
	char key[1024], note[700];
	int ret;

	count_rows(rows, n, count);
	for (size_t i = 0; i < n; i++) {
		const struct cmp_row *r = &rows[i];

		point_key(r->a ? r->a : r->b, key, sizeof(key));
		row_note(r, note, sizeof(note));
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
			"s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
			"point", key, "verdict", cmp_verdict_name(r->verdict),
			"points_a", (json_int_t)r->na, "points_b", (json_int_t)r->nb,
			"failed_a", (json_int_t)r->fa, "failed_b", (json_int_t)r->fb,
			"boots_a", (json_int_t)r->boots_a, "boots_b", (json_int_t)r->boots_b,
			"samples_a", (json_int_t)r->sa, "samples_b", (json_int_t)r->sb,
			"a_ns", num_or_null(r->med_a), "b_ns", num_or_null(r->med_b),
			"change", num_or_null(r->delta), "interval_lo", num_or_null(r->ci_lo),
			"interval_hi", num_or_null(r->ci_hi), "mde", num_or_null(r->mde),
			"note", note));
	}
	for (int v = 0; v < CMP_NR; v++)
		json_object_set_new(tot, cmp_verdict_name((enum cmp_verdict)v),
				    json_integer((json_int_t)count[v]));
	json_object_set_new(o, "a", json_string(ra->dir));
	json_object_set_new(o, "b", json_string(rb->dir));
	json_object_set_new(o, "variant_a", json_string(variant_of(ra)));
	json_object_set_new(o, "variant_b", json_string(variant_of(rb)));
	json_object_set_new(o, "clock", json_string(results_clock(ra->n ? ra : rb)));
	json_object_set_new(o, "metric", json_string(metric_name(cli->metric)));
	json_object_set_new(o, "stat", json_string(stat_name(cli->stat)));
	json_object_set_new(o, "threshold", json_real(threshold));
	json_object_set_new(o, "confidence", json_real(0.95));
	json_object_set_new(o, "warnings", iommu_warnings(ra, rb));
	json_object_set_new(o, "rows", arr);
	json_object_set_new(o, "totals", tot);
	json_object_set_new(o, "exit_status", json_integer(status));
	/* End-to-end I/O points, by the same statistic (io_report.c). */
	if (io)
		json_object_set(o, "io", io);
	ret = json_dumpf(o, f, JSON_INDENT(1) | JSON_SORT_KEYS);
	fputc('\n', f);
	json_decref(o);
	return ret;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_cli cli = { 0 };
	const struct optset sets[] = { { compare_opts, &cli }, { NULL, NULL } };
	const char *dirs[2] = { NULL, NULL };
	struct results ra = { 0 }, rb = { 0 };
	struct cmp_row *rows = NULL;
	struct opt_pos pos = { dirs, 2, 0 };
	char err[1024], *end;
	int ndirs, ret = 2;
	size_t n;
	int r = opt_parse_pos(sets, &pos, argc, argv, err, sizeof(err));

	ndirs = pos.n;
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
	struct cmp_opts o = { threshold / 100, (int)cli.metric, 0.95, (enum cmp_stat)cli.stat };

	/* Known bugs are data of the source tree; the built-in rules stand in. */
	if (outcome_load_default(err, sizeof(err)) < 0)
		fprintf(stderr, "p2pbench compare: %s (using the built-in known bugs)\n", err);
	if (compare_results(&ra, &rb, &o, &rows, &n, err, sizeof(err))) {
		fprintf(stderr, "p2pbench compare: %s\n", err);
		goto out;
	}
	ret = compare_status(rows, n);
	if (cli.format == OUT_JSON) {
		json_t *io = NULL;
		int io_worse;

		if (io_compare(NULL, dirs[0], dirs[1], o.threshold, OUT_JSON, &io, &io_worse, err,
			       sizeof(err))) {
			fprintf(stderr, "p2pbench compare: %s\n", err);
			ret = 2;
			goto out;
		}
		ret |= io_worse;
		if (print_json(stdout, &ra, &rb, rows, n, &cli, o.threshold, ret, io))
			ret = 2;
		json_decref(io);
		goto out;
	}
	/* Directories of end-to-end I/O points only have no mapping rows. */
	if (ra.n || rb.n) {
		struct doc d = { 0 };

		if (compare_doc(&d, &ra, &rb, rows, n, &cli, o.threshold) ||
		    doc_print(stdout, &d, (enum out_format)cli.format)) {
			fprintf(stderr, "p2pbench compare: out of memory or write error\n");
			doc_free(&d);
			ret = 2;
			goto out;
		}
		doc_free(&d);
	}
	int io_worse;
	if (io_compare(stdout, dirs[0], dirs[1], o.threshold, (enum out_format)cli.format, NULL,
		       &io_worse, err, sizeof(err))) {
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
