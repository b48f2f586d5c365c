// SPDX-License-Identifier: GPL-2.0-only
/*
 * End-to-end I/O points in `p2pbench report` and `p2pbench compare`
 * (io_report.h): one table per tool with the median over repeats, the
 * failures with their reasons, and A/B matching by key, judged by the
 * statistic and verdict rule of mapping points (compare.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "io.h"
#include "io_report.h"
#include "results.h"
#include "stats.h"
#include "doc.h"
#include "table.h"

struct col {
	const char *metric, *title;
	double scale;		/* shown value = metric / scale */
	const char *fmt;
	int wide;		/* not in email (80 columns) */
};

static const struct col fio_cols[] = {
	{ "iops", "IOPS", 1, "%.0f", 0 },
	{ "bw_bytes", "MiB/s", 1048576, "%.2f", 0 },
	{ "clat_p50_ns", "p50us", 1000, "%.1f", 0 },
	{ "clat_p99_ns", "p99us", 1000, "%.1f", 1 },
	{ "iommu_map", "map", 1, "%.0f", 0 },
	{ "iommu_unmap", "unmap", 1, "%.0f", 1 },
	{ "iommu_map_per_io", "map/IO", 1, "%.2f", 0 },
	{ NULL, NULL, 0, NULL, 0 },
};

static const struct col perftest_cols[] = {
	{ "bw_avg_mib", "MiB/s", 1, "%.2f", 0 },
	{ "msg_rate_mpps", "Mpps", 1, "%.4f", 0 },
	{ "lat_typical_us", "lat_us", 1, "%.2f", 0 },
	{ "lat_p99_us", "p99us", 1, "%.2f", 1 },
	{ NULL, NULL, 0, NULL, 0 },
};

static const struct col *cols_of(const char *tool)
{
	return !strcmp(tool, "fio") ? fio_cols : perftest_cols;
}

/* The metric compare judges, and whether higher is better. */
static const char *primary(const struct iopoint *p, int *higher_better)
{
	const char *test = io_param(p, "test");

	*higher_better = 1;
	if (!strcmp(p->tool, "fio"))
		return "iops";
	if (test && strstr(test, "_lat")) {
		*higher_better = 0;
		return "lat_typical_us";
	}
	return "bw_avg_mib";
}

/* End of the run of repeats (same key) starting at I. */
static size_t group_end(const struct io_results *r, size_t i)
{
	size_t j = i + 1;

	while (j < r->n && !strcmp(r->pts[j].key, r->pts[i].key))
		j++;
	return j;
}

static double median_of(const struct io_results *r, size_t i, size_t e, const char *metric)
{
	double v[256];
	size_t n = 0;

	for (size_t k = i; k < e && n < 256; k++) {
		double x = io_metric(&r->pts[k], metric);

		if (!isnan(x) && r->pts[k].status == IO_PASS)
			v[n++] = x;
	}
	return n ? stats_median(v, n) : NAN;
}

/* The key without "tool," and without the parameters every point of the
 * tool shares (they go in the table's header line). */
static void short_key(const char *key, const char *common, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const char *p = strchr(key, ',') ? strchr(key, ',') + 1 : ""; *p;) {
		size_t n = strcspn(p, ",");
		char field[256];

		snprintf(field, sizeof(field), ",%.*s,", (int)n, p);
		if (!strstr(common, field) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%.*s", used ? "," : "",
						 (int)n, p);
		p += n + (p[n] == ',');
	}
	if (!buf[0])
		snprintf(buf, len, "-");
}

/* ",a=1,b=2," : the key fields every point of TOOL has in common. */
static void common_fields(const struct io_results *r, const char *tool, char *buf, size_t len)
{
	const struct iopoint *first = NULL;
	size_t used = 0;

	for (size_t i = 0; i < r->n && !first; i++)
		if (!strcmp(r->pts[i].tool, tool))
			first = &r->pts[i];
	used = (size_t)snprintf(buf, len, ",");
	if (!first)
		return;
	for (const char *p = strchr(first->key, ',') ? strchr(first->key, ',') + 1 : ""; *p;) {
		size_t n = strcspn(p, ",");
		char field[256];
		int all = 1;

		snprintf(field, sizeof(field), ",%.*s,", (int)n, p);
		for (size_t i = 0; i < r->n && all; i++) {
			char k[1100];

			if (strcmp(r->pts[i].tool, tool))
				continue;
			snprintf(k, sizeof(k), ",%s,", r->pts[i].key);
			all = strstr(k, field) != NULL;
		}
		if (all && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%.*s,", (int)n, p);
		p += n + (p[n] == ',');
	}
}

/* TOOL's rows for JSON, appended to ROWS. */
static void tool_json(const struct io_results *r, const char *tool, json_t *rows)
{
	const struct col *cols = cols_of(tool), *c;

	for (size_t i = 0; i < r->n;) {
		size_t e = group_end(r, i), bad = 0;
		json_t *med;

		if (strcmp(r->pts[i].tool, tool)) {
			i = e;
			continue;
		}
		med = json_object();
		for (size_t k = i; k < e; k++)
			bad += r->pts[k].status != IO_PASS;
		for (c = cols; c->metric; c++) {
			double v = median_of(r, i, e, c->metric);

			json_object_set_new(med, c->metric, isnan(v) ? json_null() : json_real(v));
		}
		json_array_append_new(rows, json_pack("{s:s, s:s, s:I, s:I, s:o}", "tool", tool,
			"point", r->pts[i].key, "repeats", (json_int_t)(e - i),
			"not_passed", (json_int_t)bad, "median", med));
		i = e;
	}
}

/* TOOL's section: the parameters its points share, its table. */
static void tool_section(struct doc *d, const struct io_results *r, const char *tool)
{
	const struct col *cols = cols_of(tool), *c;
	char common[2048], shown[2048], key[1100], cell[64];
	struct table t = { .email_split = 1 };

	common_fields(r, tool, common, sizeof(common));
	/* ",a=1,b=2," is for matching; "a=1,b=2" for reading. */
	snprintf(shown, sizeof(shown), "%.*s", strlen(common) > 2 ? (int)strlen(common) - 2 : 0, common + 1);
	doc_only(d, OUT_MARKUP);
	doc_subsection(d, "%s", tool);
	doc_line(d, "", "All points: " DOC_CODE "%s" DOC_CODE, shown);
	doc_brk(d);
	doc_only(d, OUT_PLAIN | OUT_NARROW);
	doc_blank(d);
	doc_line(d, "", "%s points, all with:", tool);
	doc_line(d, "  ", "%s", shown);
	doc_only(d, OUT_PLAIN | OUT_WIDE);
	doc_blank(d);
	doc_line(d, "", "%s points (all: %s)", tool, shown);
	doc_only(d, 0);
	t.head[t.ncols++] = "point";
	t.right[t.ncols] = 1;
	t.head[t.ncols++] = "n";
	t.head[t.ncols++] = "status";
	for (c = cols; c->metric && t.ncols < TABLE_MAX_COLS; c++) {
		t.only[t.ncols] = c->wide ? OUT_WIDE : 0;
		t.right[t.ncols] = 1;
		t.head[t.ncols++] = c->title;
	}
	for (size_t i = 0; i < r->n;) {
		size_t e = group_end(r, i), bad = 0;
		const char *st = "pass";
		unsigned int col = 0;

		if (strcmp(r->pts[i].tool, tool)) {
			i = e;
			continue;
		}
		for (size_t k = i; k < e; k++)
			if (r->pts[k].status != IO_PASS) {
				bad++;
				st = io_status_name(r->pts[k].status);
			}
		short_key(r->pts[i].key, common, key, sizeof(key));
		if (bad && bad < e - i)
			snprintf(cell, sizeof(cell), "%zu/%zu %s", bad, e - i, st);
		else
			snprintf(cell, sizeof(cell), "%s", st);
		if (table_row(&t))
			break;
		table_setf(&t, col++, DOC_CODE "%s" DOC_CODE, key);
		table_setf(&t, col++, "%zu", e - i);
		table_setf(&t, col++, "%s", cell);
		for (c = cols; c->metric && col < t.ncols; c++) {
			double v = median_of(r, i, e, c->metric);

			if (isnan(v))
				table_setf(&t, col++, "-");
			else
				table_setf(&t, col++, c->fmt, v / c->scale);
		}
		i = e;
	}
	doc_table(d, &t);
}

/* {"points": N, "not_passed": N, "rows": [...], "failures": [...]}. */
static json_t *report_json(const struct io_results *r, size_t failed)
{
	json_t *rows = json_array(), *fails = json_array();

	tool_json(r, "fio", rows);
	tool_json(r, "perftest", rows);
	for (size_t i = 0; i < r->n; i++) {
		const struct iopoint *p = &r->pts[i];

		if (p->status != IO_PASS)
			json_array_append_new(fails, json_pack("{s:s, s:I, s:s, s:s}", "point", p->key,
				"repeat", (json_int_t)p->repeat, "status", io_status_name(p->status),
				"msg", io_msg(p)));
	}
	return json_pack("{s:I, s:I, s:o, s:o}", "points", (json_int_t)r->n,
			 "not_passed", (json_int_t)failed, "rows", rows, "failures", fails);
}

/* The I/O part of a report: its tables, the points that did not pass. */
static void report_doc(struct doc *d, const struct io_results *r, size_t failed, int have_fio,
		       int have_pt)
{
	doc_part(d, "End-to-end I/O");
	doc_line(d, "", "%zu I/O points, %zu not passed (unsupported: the kernel refused the P2P I/O)",
		 r->n, failed);
	doc_line(d, "", "Legend: IOPS, MiB/s, Mpps higher is better; latency (us) lower is better;\n"
		 "map/unmap: iommu events per run; median of repeats");
	if (have_fio)
		tool_section(d, r, "fio");
	if (have_pt)
		tool_section(d, r, "perftest");
	if (!failed)
		return;
	doc_only(d, OUT_MARKUP);
	doc_subsection(d, "I/O points that did not pass");
	doc_only(d, OUT_PLAIN);
	doc_blank(d);
	doc_line(d, "", "I/O points that did not pass:");
	for (size_t i = 0; i < r->n; i++) {
		const struct iopoint *p = &r->pts[i];

		if (p->status == IO_PASS)
			continue;
		if (i && r->pts[i - 1].status != IO_PASS && !strcmp(r->pts[i - 1].key, p->key) &&
		    !strcmp(io_msg(&r->pts[i - 1]), io_msg(p)))
			continue;	/* the same reason in the next repeat */
		doc_only(d, OUT_MARKUP);
		doc_item(d, "", 0, DOC_CODE "%s" DOC_CODE ": " DOC_BOLD "%s" DOC_BOLD " %s", p->key,
			 io_status_name(p->status), io_msg(p));
		doc_only(d, OUT_PLAIN);
		doc_line(d, "  ", "%s: %s: %s", p->key, io_status_name(p->status), io_msg(p));
	}
	doc_only(d, 0);
}

int io_report(FILE *f, const char *dir, enum out_format fmt, json_t **json, char *err, size_t errlen)
{
	struct io_results r;
	struct doc d = { 0 };
	size_t failed = 0;
	int have_fio = 0, have_pt = 0, ret = 0;

	if (json)
		*json = NULL;
	if (io_load(dir, &r, err, errlen))
		return -1;
	if (!r.n)
		return 0;
	for (size_t i = 0; i < r.n; i++) {
		failed += r.pts[i].status != IO_PASS;
		have_fio |= !strcmp(r.pts[i].tool, "fio");
		have_pt |= !strcmp(r.pts[i].tool, "perftest");
	}
	if (json) {
		*json = report_json(&r, failed);
		io_results_free(&r);
		return *json ? 0 : errf(err, errlen, "out of memory");
	}
	report_doc(&d, &r, failed, have_fio, have_pt);
	if (doc_print(f, &d, fmt))
		ret = errf(err, errlen, "out of memory or write error");
	doc_free(&d);
	io_results_free(&r);
	return ret;
}

/* ---------------- compare ---------------- */

/*
 * The same statistic and verdict rule as mapping points (compare.c): the
 * repeats of a side are its samples, the change is judged on logarithms
 * (stats_log_change()) with the interval at 95%, and cmp_change_verdict()
 * decides. Throughput (higher is better) is judged as its inverse, the time
 * an operation takes, so "slower" means the same for every metric; the
 * change and interval shown are of the metric itself. A side needs two
 * repeats: one has no spread to judge by. Returns the verdict; *MA, *MB
 * the medians, *DELTA, *LO, *HI the change of the metric and its interval.
 */
static enum cmp_verdict judge(const struct io_results *a, size_t ia, size_t ea,
			      const struct io_results *b, size_t ib, size_t eb, double threshold,
			      double *ma, double *mb, double *delta, double *lo, double *hi,
			      char *why, size_t whylen)
{
	double va[256], vb[256], ca[256], cb[256];
	size_t na = 0, nb = 0, fa = 0, fb = 0;
	struct stats_change c;
	int hb;
	const char *metric = primary(&a->pts[ia], &hb);

	*ma = *mb = *delta = *lo = *hi = NAN;
	why[0] = '\0';
	for (size_t k = ia; k < ea; k++)
		if (a->pts[k].status != IO_PASS)
			fa++;
		else if (na < 256 && !isnan(io_metric(&a->pts[k], metric)))
			va[na++] = io_metric(&a->pts[k], metric);
	for (size_t k = ib; k < eb; k++)
		if (b->pts[k].status != IO_PASS)
			fb++;
		else if (nb < 256 && !isnan(io_metric(&b->pts[k], metric)))
			vb[nb++] = io_metric(&b->pts[k], metric);
	if (fa && fb)
		return CMP_BOTH_FAIL;
	if (fb)
		return CMP_BROKEN;
	if (fa)
		return CMP_FIXED;
	if (!na || !nb) {
		snprintf(why, whylen, "no %s on a side", metric);
		return CMP_INCONCLUSIVE;
	}
	*ma = stats_median(va, na);
	*mb = stats_median(vb, nb);
	for (size_t k = 0; k < na; k++)
		ca[k] = hb && va[k] > 0 ? 1 / va[k] : va[k];
	for (size_t k = 0; k < nb; k++)
		cb[k] = hb && vb[k] > 0 ? 1 / vb[k] : vb[k];
	if (stats_log_change(ca, na, cb, nb, 0.95, 0, 0, 0, &c)) {
		snprintf(why, whylen, "a %s of 0", metric);
		return *ma == *mb ? CMP_SAME : CMP_INCONCLUSIVE;
	}
	/* The cost's change -> the metric's: 1 / (1 + d) - 1 for throughput. */
	*delta = hb ? 1 / (1 + c.delta) - 1 : c.delta;
	*lo = hb ? 1 / (1 + c.hi) - 1 : c.lo;
	*hi = hb ? 1 / (1 + c.lo) - 1 : c.hi;
	if (na < 2 || nb < 2) {
		snprintf(why, whylen, "one repeat on a side: no spread to judge by (run --repeats 2 or more)");
		return CMP_INCONCLUSIVE;
	}
	return cmp_change_verdict(&c, threshold, why, whylen);
}

static json_t *num_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* The tables of io_compare(): plain text (a row a line, a comment line
 * before and after, as compare's) and markdown's. */
static void compare_tables(struct table *plain, struct table *markup)
{
	static const unsigned int width[] = { 12, 10, 10, 7, 16, 0 };
	static const char *const heads[] = { "point", "n A/B", "A", "B", "change", "95% CI", "verdict",
					     "note" };

	plain->fixed = plain->no_head = 1;
	for (unsigned int c = 0; c < 6; c++) {
		plain->head[c] = "";
		plain->width[c] = width[c];
		plain->pad[c] = c > 0;
		plain->right[c] = c >= 1 && c <= 3;
	}
	plain->ncols = 6;
	for (unsigned int c = 0; c < 8; c++) {
		markup->head[c] = heads[c];
		markup->right[c] = c >= 2 && c <= 4;
	}
	markup->ncols = 8;
}

int io_compare(FILE *f, const char *dir_a, const char *dir_b, double threshold, enum out_format fmt,
	       json_t **json, int *regressed, char *err, size_t errlen)
{
	struct io_results a, b;
	size_t i = 0, j = 0, n = 0, worse = 0, count[CMP_NR] = { 0 };
	json_t *rows = NULL;
	struct doc doc = { 0 };
	struct table plain = { 0 }, markup = { 0 };
	int ret = 0;

	*regressed = 0;
	if (json)
		*json = NULL;
	if (io_load(dir_a, &a, err, errlen))
		return -1;
	if (io_load(dir_b, &b, err, errlen)) {
		io_results_free(&a);
		return -1;
	}
	if (!a.n && !b.n)
		goto out;
	if (json) {
		rows = json_array();
		if (!rows) {
			errf(err, errlen, "out of memory");
			goto fail;
		}
	}
	compare_tables(&plain, &markup);
	while (i < a.n || j < b.n) {
		int c = i >= a.n ? 1 : j >= b.n ? -1 : io_key_cmp(a.pts[i].key, b.pts[j].key);
		size_t ea = i < a.n ? group_end(&a, i) : i, eb = j < b.n ? group_end(&b, j) : j;
		char ci[48], note[512] = "", why[160], sa[32] = "-", sb[32] = "-", d[32] = "-";
		const struct iopoint *first = c <= 0 ? &a.pts[i] : &b.pts[j];
		const char *key = first->key;
		double ma = NAN, mb = NAN, delta = NAN, lo = NAN, hi = NAN;
		size_t na = c <= 0 ? ea - i : 0, nb = c >= 0 ? eb - j : 0;
		enum cmp_verdict v;

		n++;
		snprintf(ci, sizeof(ci), "-");
		if (c < 0) {
			v = CMP_ONLY_A;
			i = ea;
		} else if (c > 0) {
			v = CMP_ONLY_B;
			j = eb;
		} else {
			double ca = median_of(&a, i, ea, "iommu_map_per_io"), cb = median_of(&b, j, eb, "iommu_map_per_io");

			v = judge(&a, i, ea, &b, j, eb, threshold, &ma, &mb, &delta, &lo, &hi, why,
				  sizeof(why));
			worse += v == CMP_SLOWER || v == CMP_BROKEN;
			if (!isnan(lo))
				snprintf(ci, sizeof(ci), "%+.1f%%..%+.1f%%", lo * 100, hi * 100);
			snprintf(note, sizeof(note), "%s", why);
			if (!isnan(ca) && !isnan(cb) && fabs(ca - cb) > 0.005)
				snprintf(note + strlen(note), sizeof(note) - strlen(note),
					 "%siommu map/IO %.2f -> %.2f", *note ? "; " : "", ca, cb);
			if (b.pts[j].status != IO_PASS)
				snprintf(note, sizeof(note), "B %s: %s", io_status_name(b.pts[j].status),
					 io_msg(&b.pts[j]));
			else if (a.pts[i].status != IO_PASS)
				snprintf(note, sizeof(note), "A %s: %s", io_status_name(a.pts[i].status),
					 io_msg(&a.pts[i]));
			if (!isnan(ma))
				snprintf(sa, sizeof(sa), "%.4g", ma);
			if (!isnan(mb))
				snprintf(sb, sizeof(sb), "%.4g", mb);
			if (!isnan(delta))
				snprintf(d, sizeof(d), "%+.1f%%", delta * 100);
			i = ea;
			j = eb;
		}
		count[v]++;
		if (rows) {
			int hb;
			const char *metric = primary(first, &hb);

			json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:s}",
				"point", key, "verdict", cmp_verdict_name(v), "metric", metric,
				"higher_is_better", hb, "a", num_or_null(ma), "b", num_or_null(mb),
				"change", num_or_null(delta), "interval_lo", num_or_null(lo),
				"interval_hi", num_or_null(hi), "note", note));
			continue;
		}
		if (table_row(&plain) || table_row(&markup)) {
			ret = errf(err, errlen, "out of memory");
			goto fail;
		}
		table_setf(&plain, 0, "%s", cmp_verdict_name(v));
		table_setf(&plain, 1, "%s", sa);
		table_setf(&plain, 2, "%s", sb);
		table_setf(&plain, 3, "%s", d);
		table_setf(&plain, 4, "%s", ci);
		table_setf(&plain, 5, "%s%s%s", key, *note ? "  # " : "", note);
		table_setf(&markup, 0, DOC_CODE "%s" DOC_CODE, key);
		table_setf(&markup, 1, "%zu/%zu", na, nb);
		table_setf(&markup, 2, "%s", sa);
		table_setf(&markup, 3, "%s", sb);
		table_setf(&markup, 4, "%s", d);
		table_setf(&markup, 5, "%s", ci);
		table_setf(&markup, 6, "%s", cmp_verdict_name(v));
		table_setf(&markup, 7, "%s", note);
	}
	*regressed = worse > 0;
	if (rows) {
		json_t *tot = json_object();

		for (int k = 0; k < CMP_NR; k++)
			json_object_set_new(tot, cmp_verdict_name((enum cmp_verdict)k),
					    json_integer((json_int_t)count[k]));
		*json = json_pack("{s:o, s:o, s:f, s:f}", "rows", rows, "totals", tot,
				  "threshold", threshold, "confidence", 0.95);
		if (!*json) {
			errf(err, errlen, "out of memory");
			goto fail;
		}
		goto out;
	}
	doc_only(&doc, OUT_MARKUP);
	doc_part(&doc, "End-to-end I/O");
	doc_line(&doc, "", "IOPS and MiB/s: higher is better; latency: lower is better; median over "
		 "repeats; threshold %g%%; 95%% interval of the change.", threshold * 100);
	doc_brk(&doc);
	doc_table(&doc, &markup);
	doc_brk(&doc);
	doc_line(&doc, "", "%zu I/O points, %zu slower or broken", n, worse);
	doc_only(&doc, OUT_PLAIN);
	doc_blank(&doc);
	doc_line(&doc, "", "# End-to-end I/O: fio IOPS, perftest MiB/s (higher is better) or latency us "
		 "(lower is better); median over repeats; threshold %g%%; interval 95%%", threshold * 100);
	doc_table(&doc, &plain);
	doc_line(&doc, "", "# %zu I/O points, %zu slower or broken", n, worse);
	if (doc_print(f, &doc, fmt)) {
		errf(err, errlen, "out of memory or write error");
		goto fail;
	}
out:
	doc_free(&doc);
	table_free(&plain);
	table_free(&markup);
	io_results_free(&a);
	io_results_free(&b);
	return ret;
fail:
	doc_free(&doc);
	table_free(&plain);
	table_free(&markup);
	io_results_free(&a);
	io_results_free(&b);
	return -1;
}
