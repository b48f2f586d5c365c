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

#define WIDTH 72	/* email lines: 72 columns, what mail clients keep unwrapped */

/* ---------------- wrapping ---------------- */

/* Print TEXT wrapped at WIDTH (email) after PREFIX, continuation lines
 * indented by INDENT spaces; long words are split. */
static void wrapped(FILE *f, enum out_format fmt, const char *prefix, int indent, const char *text)
{
	size_t col, len = strlen(text), pos = 0;

	fputs(prefix, f);
	col = strlen(prefix);
	if (fmt != OUT_EMAIL) {
		fprintf(f, "%s\n", text);
		return;
	}
	while (pos < len) {
		size_t room = WIDTH > col ? WIDTH - col : 1, n = len - pos;

		if (n > room) {
			n = room;
			/* break at the last space, or after the last comma (keys), that fits */
			for (size_t k = room; k > 0; k--)
				if (text[pos + k] == ' ' || text[pos + k - 1] == ',') {
					n = k;
					break;
				}
		}
		fprintf(f, "%.*s\n", (int)n, text + pos);
		pos += n;
		while (pos < len && text[pos] == ' ')
			pos++;
		if (pos < len) {
			fprintf(f, "%*s", indent, "");
			col = (size_t)indent;
		}
	}
	if (!len)
		fputc('\n', f);
}

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

static void heading(FILE *f, enum out_format fmt, int level, const char *fmtstr, ...)
	__attribute__((format(printf, 4, 5)));

static void heading(FILE *f, enum out_format fmt, int level, const char *fmtstr, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmtstr);
	vsnprintf(buf, sizeof(buf), fmtstr, ap);
	va_end(ap);
	if (fmt == OUT_MARKDOWN)
		fprintf(f, "%s%s %s\n\n", level == 1 ? "" : "\n", level == 1 ? "#" : "##", buf);
	else if (level == 1)
		fprintf(f, "%s\n", buf);
	else
		fprintf(f, "\n%s\n", buf);
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

static void print_meta(FILE *f, const struct results *r, enum out_format fmt, size_t failed)
{
	json_t *m = r->meta, *ctxs = json_object_get(m, "contexts"), *c;
	const char *k, *v;
	char line[1024];
	const char *li = fmt == OUT_MARKDOWN ? "- " : "  ";

	heading(f, fmt, 1, "p2pbench results: %s sweep, variant %s", jstr(m, "sweep.name") ?
		jstr(m, "sweep.name") : "?", jstr(m, "variant") ? jstr(m, "variant") : "?");
	if (fmt != OUT_MARKDOWN)
		fputc('\n', f);
	const char *tool = jstr(m, "tool_version") ? jstr(m, "tool_version") : "?";
	size_t tl = strlen(tool);

	snprintf(line, sizeof(line), "%zu points, %zu failed; tool p2pbench %s (git describe)",
		 r->n, failed, tool);
	wrapped(f, fmt, fmt == OUT_MARKDOWN ? "" : "", 2, line);
	if (tl > 6 && !strcmp(tool + tl - 6, "-dirty"))
		wrapped(f, fmt, "", 2, fmt == OUT_MARKDOWN ?
			"**WARNING: the tool was built from a tree with uncommitted changes: "
			"no commit reproduces these numbers.**" :
			"WARNING: the tool was built from a tree with uncommitted changes: "
			"no commit reproduces these numbers.");
	if (fmt == OUT_MARKDOWN)
		fputc('\n', f);
	/* One line, also in email: the reader's key to every number below. */
	fprintf(f, "Legend: map/unmap latency, ns, lower is better (median of repeats' p50)\n");
	if (jstr(m, "host.kernel_source") || jstr(m, "host.config_sha256")) {
		heading(f, fmt, 2, "Kernel build");
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
			snprintf(line, sizeof(line), "%s: %s", keys[i], v);
			wrapped(f, fmt, li, 4, line);
		}
	}
	/* Everything the orchestrator passed with --meta-file that is a string. */
	json_object_foreach(m, k, c) {
		static const char *const known[] = { "format", "tool", "tool_version", "uapi_version",
						      "sweep", "variant", "contexts", "collected", "host" };
		int skip = !json_is_string(c);

		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]) && !skip; i++)
			skip = !strcmp(k, known[i]);
		if (!skip) {
			snprintf(line, sizeof(line), "%s: %s", k, json_string_value(c));
			wrapped(f, fmt, li, 4, line);
		}
	}
	heading(f, fmt, 2, "Machines and commands");
	json_object_foreach(ctxs, k, c) {
		if (fmt == OUT_MARKDOWN) {
			fprintf(f, "**%s**\n\n", k);
		} else {
			snprintf(line, sizeof(line), "%s:", k);
			wrapped(f, fmt, "", 2, line);
		}
		snprintf(line, sizeof(line), "kernel %s, %s, IOMMU %s", jq(c, "machine.kernel_release"),
			 jq(c, "machine.cpu_model"), jq(c, "machine.iommu_driver"));
		wrapped(f, fmt, li, 4, line);
		if (jstr(c, "devices.exporter")) {
			long long bar_len = jint(c, "devices.bar_len");

			snprintf(line, sizeof(line), "exporter %s BAR%lld (%lld MiB) -> importer %s, "
				 "map type %s, importer group %s",
				 jstr(c, "devices.exporter"), jint(c, "devices.bar") < 0 ? 0 : jint(c, "devices.bar"),
				 bar_len > 0 ? bar_len >> 20 : 0, jq(c, "devices.importer"),
				 jq(c, "devices.map_type"), jq(c, "devices.importer_group_type"));
			wrapped(f, fmt, li, 4, line);
		}
		if ((v = jstr(c, "machine.cmdline"))) {
			snprintf(line, sizeof(line), "cmdline: %s", v);
			wrapped(f, fmt, li, 4, line);
		}
		if ((v = jstr(c, "command"))) {
			if (fmt == OUT_MARKDOWN)
				fprintf(f, "\n```\n%s\n```\n", v);
			else
				wrapped(f, fmt, "  $ ", 6, v);
		}
		if (fmt == OUT_MARKDOWN)
			fputc('\n', f);
	}
	if ((v = jstr(m, "host.command"))) {
		char cmd[1024];

		/* an absolute path of a results directory: from the tree's top */
		postable_command(v, cmd, sizeof(cmd));
		v = cmd;
		heading(f, fmt, 2, "Orchestrator");
		if (fmt == OUT_MARKDOWN)
			fprintf(f, "```\n%s\n```\n", v);
		else
			wrapped(f, fmt, "  $ ", 6, v);
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

static int same_context(const struct point *a, const struct point *b)
{
	const struct dim *d;

	for_each_dim(d)
		if (d->type == DIM_CONTEXT && strcmp(dim_cstr(d, a), dim_cstr(d, b)))
			return 0;
	return 1;
}

static int same_key(const struct point *a, const struct point *b)
{
	const struct dim *d;

	if (!same_context(a, b))
		return 0;
	for_each_dim(d)
		if (d->type == DIM_RUN && dim_get(d, a) != dim_get(d, b))
			return 0;
	return 1;
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

static void context_title(const struct point *p, char *buf, size_t len)
{
	const struct dim *d;
	size_t used = 0;

	buf[0] = '\0';
	for_each_dim(d)
		if (d->type == DIM_CONTEXT && dim_cstr(d, p)[0] && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s %s", used ? ", " : "",
						 d->name, dim_cstr(d, p));
	if (!used)
		snprintf(buf, len, "all points");
}

static int print_points(FILE *f, const struct results *r, enum out_format fmt)
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
	/*
	 * Email stays within 72 columns: timing controls that vary (a sweep
	 * runs big DMA-FQ points by iteration count, not duration) are not
	 * columns there (2: varies, not shown); the other formats have them.
	 */
	char hidden[128] = "";
	size_t hused = 0;

	i = 0;
	for_each_dim(d) {
		if (fmt == OUT_EMAIL && vary[i] && (!strcmp(d->name, "iterations") ||
		    !strcmp(d->name, "duration") || !strcmp(d->name, "warmup") ||
		    !strcmp(d->name, "batch"))) {
			vary[i] = 2;
			hused += (size_t)snprintf(hidden + hused, sizeof(hidden) - hused, "%s%s",
						  hused ? ", " : "", d->name);
		}
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
	heading(f, fmt, 2, "Points");
	if (used) {
		char line[600];

		snprintf(line, sizeof(line), "All points: %s", fixed);
		wrapped(f, fmt, "", 2, line);
		if (fmt == OUT_MARKDOWN)
			fputc('\n', f);
	}
	if (hidden[0]) {
		char line[300];

		snprintf(line, sizeof(line), "Varying per point, not shown here: %s (in the "
			 "markdown report and the points).", hidden);
		wrapped(f, fmt, "", 2, line);
	}
	for (size_t s = 0; s < r->n;) {
		size_t e = s + 1;
		char title[256];
		struct table t = { 0 };

		while (e < r->n && same_context(&r->pts[s], &r->pts[e]))
			e++;
		context_title(&r->pts[s], title, sizeof(title));
		/* The map type the module saw, from the first point that has one. */
		const char *mt = "unknown";
		for (size_t k = s; k < e; k++)
			if (r->pts[k].result.map_type) {
				mt = map_type_name(r->pts[k].result.map_type);
				break;
			}
		heading(f, fmt, 2, fmt == OUT_EMAIL ? "%s (%s)" : "%s (map type %s)", title, mt);
		i = 0;
		for_each_dim(d) {
			if (d->type == DIM_RUN && vary[i] == 1 && t.ncols < TABLE_MAX_COLS - 8) {
				t.right[t.ncols] = dim_is_numeric(d);
				t.head[t.ncols++] = d->name;
			}
			i++;
		}
		unsigned int base = t.ncols;
		static const char *const heads_email[] = { "n", "map", "unmap", "ns/rng", "sg", "iommu",
							    "verdict" };
		static const char *const heads_text[] = { "n", "map p50", "unmap p50", "ns/range",
							   "sg", "iommu maps", "verdict", "map p99",
							   "unmap p99" };
		const char *const *heads = fmt == OUT_EMAIL ? heads_email : heads_text;
		unsigned int nh = fmt == OUT_EMAIL ? 7 : 9;
		for (unsigned int h = 0; h < nh; h++) {
			t.right[t.ncols] = h != 6;
			t.head[t.ncols++] = heads[h];
		}
		for (size_t k = s; k < e;) {
			size_t ke = k + 1, failed = point_failed(&r->pts[k]);

			while (ke < e && same_key(&r->pts[k], &r->pts[ke])) {
				failed += point_failed(&r->pts[ke]);
				ke++;
			}
			if (table_row(&t))
				break;
			unsigned int c = 0;
			i = 0;
			for_each_dim(d) {
				if (d->type == DIM_RUN && vary[i] == 1 && c < base)
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
			if (fmt != OUT_EMAIL) {
				for (size_t q = 0, o2 = 0; q < ke - k; q++)
					if (!point_failed(&r->pts[k + q])) {
						v1[o2] = (double)r->pts[k + q].result.map.p99;
						v2[o2++] = (double)r->pts[k + q].result.unmap.p99;
					}
				fmt_num(table_cell(&t, base + 7), TABLE_CELL, ok ? stats_median(v1, ok) : NAN);
				fmt_num(table_cell(&t, base + 8), TABLE_CELL, ok ? stats_median(v2, ok) : NAN);
			}
			nfailed += failed != 0;
			k = ke;
		}
		if (fmt == OUT_EMAIL)
			fputs("(map, unmap: p50 ns; ns/rng: map ns per range; iommu: iommu_map\n"
			      "calls per map)\n", f);
		table_print(f, &t, fmt);
		table_free(&t);
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

	return same_context(p, q) && p->run.method == q->run.method && !strcmp(a->why, b->why) &&
	       a->failed == a->nrep && b->failed == b->nrep;
}

static void print_failure(FILE *f, const struct results *r, enum out_format fmt,
			  const struct failure *fl, size_t more)
{
	char key[1024], line[1600];

	char tail[128] = "";

	point_key(&r->pts[fl->first], key, sizeof(key));
	if (more)
		snprintf(tail, sizeof(tail), " and %zu more %s point%s", more,
			 method_name(r->pts[fl->first].run.method), more == 1 ? "" : "s");
	if (fl->nrep > 1 && fl->failed < fl->nrep)
		snprintf(tail + strlen(tail), sizeof(tail) - strlen(tail), " (%zu of %zu repeats)",
			 fl->failed, fl->nrep);
	if (fmt == OUT_MARKDOWN) {
		fprintf(f, "- `%s`%s: %s\n", key, tail, fl->why);
		return;
	}
	snprintf(line, sizeof(line), "%s%s", key, tail);
	wrapped(f, fmt, "- ", 4, line);
	wrapped(f, fmt, "    ", 4, fl->why);
}

static void print_failures(FILE *f, const struct results *r, enum out_format fmt)
{
	struct failure cur = { 0 }, run = { 0 };
	size_t shown = 0, more = 0;
	int have = 0;

	for (size_t k = 0; k < r->n;) {
		size_t ke = k + 1;

		while (ke < r->n && same_key(&r->pts[k], &r->pts[ke]))
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
			heading(f, fmt, 2, "Failed points (errno and reason)");
		if (have && same_failure(r, &run, &cur)) {
			more++;
			continue;
		}
		if (have)
			print_failure(f, r, fmt, &run, more);
		run = cur;
		have = 1;
		more = 0;
	}
	if (have)
		print_failure(f, r, fmt, &run, more);
	if (!shown)
		heading(f, fmt, 2, "No failed points.");
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
	  .arg = "text|markdown|email|json", .def = "text", .parse = out_format_parse_all, .name_of = out_format_name,
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

	fprintf(f, "usage: p2pbench report DIR [--format text|markdown|email|json] [--summary]\n"
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
		if (r.n)
			summary_print(stdout, &sum, (enum out_format)cli.format);
		if (!cli.summary) {
			if (r.n)
				fputc('\n', stdout);
			print_meta(stdout, &r, cli.format, failed);
			if (print_points(stdout, &r, cli.format) < 0) {
				fprintf(stderr, "p2pbench report: out of memory\n");
				ret = 2;
			} else {
				print_failures(stdout, &r, cli.format);
			}
		}
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
