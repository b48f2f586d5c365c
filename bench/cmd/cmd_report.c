// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench report DIR: a results directory as plain text, markdown, or an
 * email body (plain text under 80 columns): what was measured on which
 * kernel and machine, with which commands, a table per context, and every
 * failed point with its errno and reason.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "doc.h"
#include "errmsg.h"
#include "io_report.h"
#include "names.h"
#include "opt.h"
#include "results.h"
#include "stats.h"
#include "outfmt.h"
#include "summary.h"
#include "table.h"
#include "sweep.h"

/* ---------------- metadata ---------------- */

static const char *jstr(json_t *o, const char *path)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		o = json_object_get(o, k);
	return json_is_string(o) ? json_string_value(o) : NULL;
}

/* jstr(), or "?" when absent. */
static const char *jq(json_t *o, const char *path)
{
	const char *v = jstr(o, path);

	return v ? v : "?";
}

static long long jint(json_t *o, const char *path)
{
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		o = json_object_get(o, k);
	return json_is_integer(o) ? json_integer_value(o) : -1;
}

/* CMD with every word that is an absolute path into a results/ directory
 * cut to start there ("/home/u/p2pbench/results/x" -> "results/x"). */
static void postable_command(const char *cmd, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	while (*cmd && used < len) {
		size_t w = strcspn(cmd, " ");
		const char *word = cmd, *hit = NULL;

		if (*cmd == '/')
			for (const char *q = cmd; q + 9 <= cmd + w; q++)
				if (!strncmp(q, "/results/", 9))
					hit = q;
		if (hit)
			word = hit + 1;
		used += (size_t)snprintf(buf + used, len - used, "%.*s", (int)(cmd + w - word), word);
		cmd += w;
		while (*cmd == ' ' && used < len) {
			used += (size_t)snprintf(buf + used, len - used, " ");
			cmd++;
		}
	}
}

static void meta_doc(struct doc *d, const struct results *r, size_t failed)
{
	json_t *m = r->meta, *ctxs = json_object_get(m, "contexts"), *c;
	const char *k, *v;

	doc_title(d, "p2pbench results: %s sweep, variant %s", jstr(m, "sweep.name") ?
		  jstr(m, "sweep.name") : "?", jstr(m, "variant") ? jstr(m, "variant") : "?");
	const char *tool = jstr(m, "tool_version") ? jstr(m, "tool_version") : "?";
	size_t tl = strlen(tool);

	doc_para(d, "%zu points, %zu failed; tool p2pbench %s (git describe)", r->n, failed, tool);
	if (tl > 6 && !strcmp(tool + tl - 6, "-dirty"))
		doc_para(d, DOC_BOLD "WARNING: the tool was built from a tree with uncommitted "
			 "changes: no commit reproduces these numbers." DOC_BOLD);
	doc_brk(d);
	/* One line, also in email: the reader's key to every number below. */
	doc_line(d, "", "Legend: map/unmap latency, ns, lower is better (median of repeats' p50)");
	if (jstr(m, "host.kernel_source") || jstr(m, "host.config_sha256")) {
		doc_section(d, "Kernel build");
		/* What a reader elsewhere can fetch: the source package and
		 * version, never this machine's cache paths. */
		const char *keys[] = { "kernel_source", "kernel_build", "config_sha256", "variant",
				       "variant_dir", "patches_sha256", "patches", "patch", "base_source",
				       "qemu", "host" };
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			char path[64], name[256];
			const char *v, *sl;

			snprintf(path, sizeof(path), "host.%s", keys[i]);
			if (!(v = jstr(m, path)) || !v[0])
				continue;
			if (!strcmp(keys[i], "patch") && jstr(m, "host.patches"))
				continue;
			if (!strcmp(keys[i], "kernel_source") || !strcmp(keys[i], "base_source")) {
				if (!kernel_source_name(v, name, sizeof(name)))
					snprintf(name, sizeof(name), "%s", v[0] == '/' ?
						 "a local tree (path not shown)" : v);
				v = name;
			} else if (!strcmp(keys[i], "variant_dir") && v[0] == '/' &&
				   (sl = strrchr(v, '/'))) {
				/* kernel/variants/NAME, or the user's own directory */
				snprintf(name, sizeof(name), "%s", strstr(v, "/kernel/variants/") ?
					 strstr(v, "kernel/variants/") : sl + 1);
				v = name;
			}
			doc_item(d, "  ", 4, "%s: %s", keys[i], v);
		}
	}
	/* Everything the orchestrator passed with --meta-file that is a string. */
	json_object_foreach(m, k, c) {
		static const char *const known[] = { "format", "tool", "tool_version", "uapi_version",
						      "sweep", "variant", "contexts", "collected", "host" };
		int skip = !json_is_string(c);

		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]) && !skip; i++)
			skip = !strcmp(k, known[i]);
		if (!skip)
			doc_item(d, "  ", 4, "%s: %s", k, json_string_value(c));
	}
	doc_section(d, "Machines and commands");
	json_object_foreach(ctxs, k, c) {
		doc_term(d, "%s", k);
		doc_item(d, "  ", 4, "kernel %s, %s, IOMMU %s", jq(c, "machine.kernel_release"),
			 jq(c, "machine.cpu_model"), jq(c, "machine.iommu_driver"));
		if (jstr(c, "devices.exporter")) {
			long long bar_len = jint(c, "devices.bar_len");

			doc_item(d, "  ", 4, "exporter %s BAR%lld (%lld MiB) -> importer %s, "
				 "map type %s, importer group %s",
				 jstr(c, "devices.exporter"), jint(c, "devices.bar") < 0 ? 0 : jint(c, "devices.bar"),
				 bar_len > 0 ? bar_len >> 20 : 0, jq(c, "devices.importer"),
				 jq(c, "devices.map_type"), jq(c, "devices.importer_group_type"));
		}
		if ((v = jstr(c, "machine.cmdline")))
			doc_item(d, "  ", 4, "cmdline: %s", v);
		if ((v = jstr(c, "command"))) {
			doc_brk(d);
			doc_code(d, v);
		}
		doc_brk(d);
	}
	if ((v = jstr(m, "host.command"))) {
		char cmd[1024];

		/* an absolute path of a results directory: from the tree's top */
		postable_command(v, cmd, sizeof(cmd));
		doc_section(d, "Orchestrator");
		doc_code(d, cmd);
	}
}

/* ---------------- points ---------------- */

/* Which run dimensions take more than one value across R. */
static void varying(const struct results *r, int *vary, size_t ndims)
{
	const struct dim *d;
	size_t i = 0;

	for_each_dim(d) {
		vary[i] = 0;
		for (size_t k = 1; k < r->n && i < ndims; k++)
			if (d->type == DIM_RUN && dim_get(d, &r->pts[k]) != dim_get(d, &r->pts[0]))
				vary[i] = 1;
		i++;
	}
}

static void fmt_num(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (v >= 1e7)
		snprintf(buf, len, "%.3g", v);
	else
		snprintf(buf, len, "%.0f", v);
}

static const char *short_verdict(const struct point *p)
{
	if (p->refused_errno)
		return "REFUSED";
	if (p->result.verdict == P2PBENCH_VERDICT_FAIL)
		return "FAIL";
	if (p->result.status || p->result.verdict == P2PBENCH_VERDICT_MAP_ERROR)
		return "MAP-ERROR";
	return verdict_name(p->result.verdict);
}

/* Run dimensions that vary but are timing controls (a sweep runs big
 * DMA-FQ points by iteration count, not duration): not columns in the
 * 72 columns of a mail, only said to vary. */
static int timing_dim(const struct dim *d)
{
	return !strcmp(d->name, "iterations") || !strcmp(d->name, "duration") ||
	       !strcmp(d->name, "warmup") || !strcmp(d->name, "batch");
}

static int points_doc(struct doc *doc, const struct results *r)
{
	const struct dim *d;
	size_t ndims = 0, i = 0, nfailed = 0;
	int vary[64];
	char fixed[512], buf[64];
	double *v1 = malloc((r->n + 1) * sizeof(double)), *v2 = malloc((r->n + 1) * sizeof(double));

	if (!v1 || !v2) {
		free(v1);
		free(v2);
		return -1;
	}
	for_each_dim(d)
		ndims++;
	varying(r, vary, ndims);
	char hidden[128] = "";
	size_t hused = 0;

	i = 0;
	for_each_dim(d) {
		if (vary[i] && timing_dim(d))
			hused += (size_t)snprintf(hidden + hused, sizeof(hidden) - hused, "%s%s",
						  hused ? ", " : "", d->name);
		i++;
	}
	/* Parameters every point shares, said once. */
	size_t used = 0;
	fixed[0] = '\0';
	i = 0;
	for_each_dim(d) {
		if (d->type == DIM_RUN && !vary[i] && r->n && used < sizeof(fixed)) {
			dim_format(d, &r->pts[0], buf, sizeof(buf));
			used += (size_t)snprintf(fixed + used, sizeof(fixed) - used, "%s%s=%s",
						 used ? " " : "", d->name, buf);
		}
		i++;
	}
	doc_section(doc, "Points");
	if (used) {
		doc_para(doc, "All points: %s", fixed);
		doc_brk(doc);
	}
	if (hidden[0]) {
		doc_only(doc, OUT_NARROW);
		doc_para(doc, "Varying per point, not shown here: %s (in the markdown report and the "
			 "points).", hidden);
		doc_only(doc, 0);
	}
	for (size_t s = 0; s < r->n;) {
		size_t e = s + 1;
		char title[256];
		struct table t = { 0 };

		while (e < r->n && point_same_context(&r->pts[s], &r->pts[e]))
			e++;
		point_context_title(&r->pts[s], "all points", title, sizeof(title));
		/* The map type the module saw, from the first point that has one. */
		const char *mt = "unknown";
		for (size_t k = s; k < e; k++)
			if (r->pts[k].result.map_type) {
				mt = map_type_name(r->pts[k].result.map_type);
				break;
			}
		doc_only(doc, OUT_NARROW);
		doc_section(doc, "%s (%s)", title, mt);
		doc_only(doc, OUT_WIDE);
		doc_section(doc, "%s (map type %s)", title, mt);
		doc_only(doc, 0);
		i = 0;
		for_each_dim(d) {
			if (d->type == DIM_RUN && vary[i] && t.ncols < TABLE_MAX_COLS - 8) {
				t.right[t.ncols] = dim_is_numeric(d);
				t.only[t.ncols] = timing_dim(d) ? OUT_WIDE : 0;
				t.head[t.ncols++] = d->name;
			}
			i++;
		}
		unsigned int base = t.ncols;
		static const char *const heads[] = { "n", "map p50", "unmap p50", "ns/range", "sg",
						     "iommu maps", "verdict", "map p99", "unmap p99" };
		static const char *const narrow[] = { "n", "map", "unmap", "ns/rng", "sg", "iommu",
						      "verdict", NULL, NULL };
		for (unsigned int h = 0; h < 9; h++) {
			t.right[t.ncols] = h != 6;
			t.only[t.ncols] = h >= 7 ? OUT_WIDE : 0;
			t.head_narrow[t.ncols] = narrow[h];
			t.head[t.ncols++] = heads[h];
		}
		for (size_t k = s; k < e;) {
			size_t ke = k + 1, failed = point_failed(&r->pts[k]);

			while (ke < e && point_same_key(&r->pts[k], &r->pts[ke])) {
				failed += point_failed(&r->pts[ke]);
				ke++;
			}
			if (table_row(&t))
				break;
			unsigned int c = 0;
			i = 0;
			for_each_dim(d) {
				if (d->type == DIM_RUN && vary[i] && c < base)
					dim_format(d, &r->pts[k], table_cell(&t, c++), TABLE_CELL);
				i++;
			}
			size_t n = ke - k, ok = 0;
			for (size_t q = k; q < ke; q++)
				if (!point_failed(&r->pts[q])) {
					v1[ok] = (double)r->pts[q].result.map.p50;
					v2[ok++] = (double)r->pts[q].result.unmap.p50;
				}
			const struct point *p = &r->pts[k];
			double mp = ok ? stats_median(v1, ok) : NAN, up = ok ? stats_median(v2, ok) : NAN;
			snprintf(table_cell(&t, base), TABLE_CELL, "%zu", n);
			fmt_num(table_cell(&t, base + 1), TABLE_CELL, mp);
			fmt_num(table_cell(&t, base + 2), TABLE_CELL, up);
			double per = mp / (p->run.nr_ranges ? p->run.nr_ranges : 1);
			if (per < 10)
				snprintf(table_cell(&t, base + 3), TABLE_CELL, "%.1f", per);
			else
				fmt_num(table_cell(&t, base + 3), TABLE_CELL, per);
			if (ok) {
				snprintf(table_cell(&t, base + 4), TABLE_CELL, "%llu", (unsigned long long)p->result.sg_nents);
				snprintf(table_cell(&t, base + 5), TABLE_CELL, "%llu",
					 (unsigned long long)p->result.iommu_map_calls);
			} else {
				snprintf(table_cell(&t, base + 4), TABLE_CELL, "-");
				snprintf(table_cell(&t, base + 5), TABLE_CELL, "-");
			}
			const struct point *fp = p;
			for (size_t q = k; q < ke; q++)
				if (point_failed(&r->pts[q])) {
					fp = &r->pts[q];
					break;
				}
			if (failed && failed < n)
				snprintf(table_cell(&t, base + 6), TABLE_CELL, "%s %zu/%zu", short_verdict(fp), failed, n);
			else
				snprintf(table_cell(&t, base + 6), TABLE_CELL, "%s", short_verdict(fp));
			for (size_t q = 0, o2 = 0; q < ke - k; q++)
				if (!point_failed(&r->pts[k + q])) {
					v1[o2] = (double)r->pts[k + q].result.map.p99;
					v2[o2++] = (double)r->pts[k + q].result.unmap.p99;
				}
			fmt_num(table_cell(&t, base + 7), TABLE_CELL, ok ? stats_median(v1, ok) : NAN);
			fmt_num(table_cell(&t, base + 8), TABLE_CELL, ok ? stats_median(v2, ok) : NAN);
			nfailed += failed != 0;
			k = ke;
		}
		doc_only(doc, OUT_NARROW);
		doc_line(doc, "", "(map, unmap: p50 ns; ns/rng: map ns per range; iommu: iommu_map\n"
			 "calls per map)");
		doc_only(doc, 0);
		doc_table(doc, &t);
		s = e;
	}
	free(v1);
	free(v2);
	return (int)nfailed;
}

/* A failed point: its repeats, how many failed, the first failure. */
struct failure {
	size_t first, nrep, failed;
	char why[400];
};

/* Consecutive failures of one method and context with the same reason
 * (a method the kernel lacks, a mode it refuses) are listed once. */
static int same_failure(const struct results *r, const struct failure *a, const struct failure *b)
{
	const struct point *p = &r->pts[a->first], *q = &r->pts[b->first];

	return point_same_context(p, q) && p->run.method == q->run.method && !strcmp(a->why, b->why) &&
	       a->failed == a->nrep && b->failed == b->nrep;
}

static void failure_doc(struct doc *d, const struct results *r, const struct failure *fl, size_t more)
{
	char key[1024], term[1200];
	char tail[128] = "";

	point_key(&r->pts[fl->first], key, sizeof(key));
	if (more)
		snprintf(tail, sizeof(tail), " and %zu more %s point%s", more,
			 method_name(r->pts[fl->first].run.method), more == 1 ? "" : "s");
	if (fl->nrep > 1 && fl->failed < fl->nrep)
		snprintf(tail + strlen(tail), sizeof(tail) - strlen(tail), " (%zu of %zu repeats)",
			 fl->failed, fl->nrep);
	snprintf(term, sizeof(term), DOC_CODE "%s" DOC_CODE "%s", key, tail);
	doc_entry(d, term, fl->why);
}

static void failures_doc(struct doc *d, const struct results *r)
{
	struct failure cur = { 0 }, run = { 0 };
	size_t shown = 0, more = 0;
	int have = 0;

	for (size_t k = 0; k < r->n;) {
		size_t ke = k + 1;

		while (ke < r->n && point_same_key(&r->pts[k], &r->pts[ke]))
			ke++;
		cur = (struct failure){ .first = r->n, .nrep = ke - k };
		for (size_t q = k; q < ke; q++)
			if (point_failed(&r->pts[q]) && !cur.failed++) {
				cur.first = q;
				point_failure(&r->pts[q], cur.why, sizeof(cur.why));
			}
		k = ke;
		if (!cur.failed)
			continue;
		if (!shown++)
			doc_section(d, "Failed points (errno and reason)");
		if (have && same_failure(r, &run, &cur)) {
			more++;
			continue;
		}
		if (have)
			failure_doc(d, r, &run, more);
		run = cur;
		have = 1;
		more = 0;
	}
	if (have)
		failure_doc(d, r, &run, more);
	if (!shown)
		doc_section(d, "No failed points.");
}

struct report_cli {
	uint32_t format;
	int summary;
	const char *base;
	int no_base;
};

#define CLI(f) offsetof(struct report_cli, f)
static const struct opt report_opts[] = {
	{ .name = "format", .kind = OPT_ENUM, .off = CLI(format),
	  .arg = OUT_FORMATS_ALL, .def = "text", .parse = out_format_parse_all, .name_of = out_format_name,
	  .help = "email: plain text under 80 columns (summary: 72) for a mailing list" },
	{ .name = "summary", .kind = OPT_FLAG, .off = CLI(summary),
	  .help = "print the summary only" },
	{ .name = "base", .kind = OPT_STR, .off = CLI(base), .arg = "DIR",
	  .help = "A/B headline against this run (default: LABEL-base beside LABEL-NAME)" },
	{ .name = "no-base", .kind = OPT_FLAG, .off = CLI(no_base),
	  .help = "no A/B headline" },
	{ .kind = OPT_END },
};
#undef CLI

static void usage(FILE *f)
{
	const struct optset sets[] = { { report_opts, NULL }, { NULL, NULL } };

	fprintf(f, "usage: p2pbench report DIR [--format " OUT_FORMATS_ALL "] [--summary]\n"
		"                       [--base DIR | --no-base]\n\n"
		"Prints a results directory: first a summary (the helper's and attach's\n"
		"map+unmap cost over dma_map_resource() and dma_map_phys() per context, IOMMU\n"
		"work per map, the largest size that maps, failures by cause: n/a, known\n"
		"kernel bug, lab limit, unexpected), then the kernel, machine, devices and\n"
		"exact commands (from meta.json), a table per context with the median over\n"
		"repeats of the p50 map and unmap latency, and every failed point with its\n"
		"errno and reason. For a kernel variant's run (results/LABEL-NAME) the\n"
		"summary adds the A/B headline against results/LABEL-base.\n"
		"Exit status: 0, or 2 on error.\n\noptions:\n");
	opt_help(f, sets);
}

/* META for scripts elsewhere: the kernel source by package and version,
 * the variant directory without this machine's path. */
static json_t *postable_meta(const json_t *meta)
{
	json_t *m = json_deep_copy(meta), *host = json_object_get(m, "host");
	static const char *const srcs[] = { "kernel_source", "base_source" };
	char name[256];

	for (size_t i = 0; host && i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		const char *v = json_string_value(json_object_get(host, srcs[i]));

		if (v && v[0] == '/')
			json_object_set_new(host, srcs[i], json_string(
				kernel_source_name(v, name, sizeof(name)) ? name :
				"a local tree (path not shown)"));
	}
	const char *hc = json_string_value(json_object_get(host, "command"));

	if (hc) {
		char cmd[1024];

		postable_command(hc, cmd, sizeof(cmd));
		json_object_set_new(host, "command", json_string(cmd));
	}
	const char *vd = json_string_value(json_object_get(host, "variant_dir"));

	if (vd && vd[0] == '/') {
		snprintf(name, sizeof(name), "%s", strstr(vd, "/kernel/variants/") ?
			 strstr(vd, "kernel/variants/") : strrchr(vd, '/') + 1);
		json_object_set_new(host, "variant_dir", json_string(name));
	}
	return m;
}

/* The base run of a variant's run: --base, or DIR's sibling LABEL-base when
 * DIR is LABEL-VARIANT of a variant other than base. */
static int find_base(const char *dir, const struct results *r, char *buf, size_t len)
{
	const char *variant = r->n ? r->pts[0].variant : "";
	size_t dl = strlen(dir), vl = strlen(variant);
	struct stat st;

	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	if (!vl || !strcmp(variant, "base") || dl <= vl + 1 || dir[dl - vl - 1] != '-' ||
	    strncmp(dir + dl - vl, variant, vl))
		return -1;
	if (snprintf(buf, len, "%.*sbase", (int)(dl - vl), dir) >= (int)len)
		return -1;
	return !stat(buf, &st) && S_ISDIR(st.st_mode) ? 0 : -1;
}

int cmd_report(int argc, char **argv)
{
	struct report_cli cli = { 0 };
	const struct optset sets[] = { { report_opts, &cli }, { NULL, NULL } };
	const char *dir = NULL;
	struct results r, rb;
	struct summary sum;
	char err[1024], based[4096];
	int have_base = 0;
	size_t failed = 0;

	struct opt_pos pos = { &dir, 1, 0 };
	int ret = opt_parse_pos(sets, &pos, argc, argv, err, sizeof(err));

	if (ret == OPT_HELP) {
		usage(stdout);
		return 0;
	}
	if (ret) {
		fprintf(stderr, "p2pbench report: %s\n", err);
		return 2;
	}
	if (!dir) {
		usage(stderr);
		return 2;
	}
	if (results_load(dir, &r, err, sizeof(err))) {
		fprintf(stderr, "p2pbench report: %s\n", err);
		return 2;
	}
	/* Which kernel has which bug: the tree's data, when it is there. */
	if (outcome_load_default(err, sizeof(err)) < 0) {
		fprintf(stderr, "p2pbench report: %s\n", err);
		results_free(&r);
		return 2;
	}
	if (summary_build(&r, &sum, err, sizeof(err))) {
		fprintf(stderr, "p2pbench report: %s\n", err);
		results_free(&r);
		return 2;
	}
	if (!cli.no_base && (cli.base || !find_base(dir, &r, based, sizeof(based)))) {
		const char *bd = cli.base ? cli.base : based;

		if (results_load(bd, &rb, err, sizeof(err)) ||
		    (have_base = 1, summary_compare(&sum, &rb, err, sizeof(err)))) {
			fprintf(stderr, "p2pbench report: A/B against %s: %s\n", bd, err);
			/* a base found by its name is a convenience: go on */
			if (cli.base) {
				if (have_base)
					results_free(&rb);
				summary_free(&sum);
				results_free(&r);
				return 2;
			}
		}
	}
	for (size_t i = 0; i < r.n; i++)
		failed += point_failed(&r.pts[i]);
	ret = 0;
	if (cli.format == OUT_JSON) {
		json_t *j = summary_json(&sum), *io = NULL;

		if (j && r.meta)
			json_object_set_new(j, "meta", postable_meta(r.meta));
		/* End-to-end I/O points: the I/O section's table and failures. */
		if (io_report(NULL, dir, OUT_JSON, &io, err, sizeof(err))) {
			fprintf(stderr, "p2pbench report: %s\n", err);
			ret = 2;
		} else if (j && io) {
			json_object_set_new(j, "io", io);
		} else {
			json_decref(io);
		}
		if (ret) {
			json_decref(j);
		} else if (out_json(stdout, j)) {
			fprintf(stderr, "p2pbench report: out of memory or write error\n");
			ret = 2;
		}
	} else if (r.n || r.meta) {
		/* A directory of end-to-end I/O points only has no mapping sections. */
		/* a run of I/O points with metadata has no mapping to sum up */
		struct doc d = { .commas = 1 };	/* email breaks keys at commas */

		if (r.n && summary_print(stdout, &sum, (enum out_format)cli.format))
			ret = 2;
		if (!cli.summary && !ret) {
			if (r.n)
				doc_blank(&d);
			meta_doc(&d, &r, failed);
			if (points_doc(&d, &r) < 0)
				ret = 2;
			else
				failures_doc(&d, &r);
			if (ret || doc_print(stdout, &d, (enum out_format)cli.format))
				ret = 2;
		}
		if (ret)
			fprintf(stderr, "p2pbench report: out of memory or write error\n");
		doc_free(&d);
	}
	summary_free(&sum);
	if (have_base)
		results_free(&rb);
	results_free(&r);
	if (ret || cli.summary || cli.format == OUT_JSON)
		return ret;
	if (io_report(stdout, dir, (enum out_format)cli.format, NULL, err, sizeof(err))) {
		fprintf(stderr, "p2pbench report: %s\n", err);
		return 2;
	}
	return 0;
}
