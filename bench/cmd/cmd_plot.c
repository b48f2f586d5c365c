// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench plot DIR [DIR2] -o OUTDIR: gnuplot scripts, their data and the
 * PNG and SVG they render. Figures (one panel per context: cpu, topology,
 * IOMMU mode, with the map type the module saw):
 *   ranges-map, ranges-unmap   latency vs ranges per method, log-log
 *   size-map, size-unmap       latency vs range size per method, UINT_MAX marked
 *   speedup-ranges, speedup-size   resource's map+unmap p50 / each method's
 *                              (n/a points left out; failures keyed by cause)
 *   ratio-ranges-map, ratio-size-map   (with DIR2) B/A per method
 * With DIR2, A is drawn solid and B dashed in the same colour. A failed
 * point is a cross in its method's colour in a row below the lowest line.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "errmsg.h"
#include "gnuplot.h"
#include "io_report.h"
#include "names.h"
#include "opt.h"
#include "outcome.h"
#include "results.h"
#include "stats.h"
#include "sweep.h"

#define MAX_PANELS 16
#define UINT_MAX_BYTES 4294967295.0

/* One point over its repeats: what a figure draws. */
struct cell {
	const struct point *p;	/* first repeat */
	double map, unmap;	/* median over repeats of p50, ns */
	int failed;		/* any repeat failed */
	enum outcome oc;	/* of the first failed repeat, or pass */
	char why[64];		/* its cause: a bug's name, a limit, "" */
	int panel;
};

struct side {
	const struct results *r;
	struct cell *cells;
	size_t n;
};

struct panels {
	struct point ctx[MAX_PANELS];	/* context values of each panel */
	char title[MAX_PANELS][160];
	int n;
};

static int panel_of(struct panels *pn, const struct point *p)
{
	int i;

	for (i = 0; i < pn->n; i++)
		if (point_same_context(&pn->ctx[i], p))
			return i;
	if (pn->n == MAX_PANELS)
		return -1;
	pn->ctx[i] = *p;
	pn->ctx[i].result.map_type = P2PBENCH_MAP_UNKNOWN;
	return pn->n++;
}

/* The IOMMU driver meta.json recorded for P's context, or NULL. */
static const char *panel_iommu_driver(json_t *meta, const struct point *p)
{
	char ctx[160];

	point_context_key(p, ctx, sizeof(ctx));
	return meta_context_iommu_driver(meta, ctx);
}

/* "DMA, switch, intel (bus-addr) [intel-iommu]": the context, the map
 * type its points saw and the IOMMU driver it ran on. */
static void panel_titles(struct panels *pn, json_t *meta)
{
	const struct dim *d;

	for (int i = 0; i < pn->n; i++) {
		const struct point *p = &pn->ctx[i];
		const char *drv = panel_iommu_driver(meta, p);
		size_t used = 0, len = sizeof(pn->title[i]);

		pn->title[i][0] = '\0';
		for_each_dim(d)
			if (d->type == DIM_CONTEXT && dim_cstr(d, p)[0] && used < len)
				used += (size_t)snprintf(pn->title[i] + used, len - used,
							 "%s%s=%s", used ? ", " : "", d->name, dim_cstr(d, p));
		if (p->result.map_type && used < len)
			used += (size_t)snprintf(pn->title[i] + used, len - used, "%s(%s)",
						 used ? " " : "", map_type_name(p->result.map_type));
		else if (!used)
			used = (size_t)snprintf(pn->title[i], len, "all points");
		if (drv && used < len)
			snprintf(pn->title[i] + used, len - used, " [%s]", drv);
	}
}

static int build_cells(struct side *s, struct panels *pn)
{
	const struct results *r = s->r;
	double *m = malloc((r->n + 1) * sizeof(*m)), *u = malloc((r->n + 1) * sizeof(*u));

	s->cells = calloc(r->n + 1, sizeof(*s->cells));
	s->n = 0;
	if (!m || !u || !s->cells) {
		free(m);
		free(u);
		return -1;
	}
	for (size_t k = 0; k < r->n;) {
		size_t e = k + 1, ok = 0;
		struct cell *c = &s->cells[s->n];

		while (e < r->n && point_same_key(&r->pts[k], &r->pts[e]))
			e++;
		c->p = &r->pts[k];
		c->failed = 0;
		c->oc = OUTCOME_PASS;
		c->why[0] = '\0';
		for (size_t q = k; q < e; q++) {
			if (point_failed(&r->pts[q])) {
				if (!c->failed) {
					char why[256];

					c->oc = point_outcome(&r->pts[q], why, sizeof(why));
					snprintf(c->why, sizeof(c->why), "%.63s",
						 c->oc == OUTCOME_KNOWN_BUG || c->oc == OUTCOME_ENV_LIMIT ?
						 why : "");
				}
				c->failed = 1;
				continue;
			}
			m[ok] = (double)r->pts[q].result.map.p50;
			u[ok++] = (double)r->pts[q].result.unmap.p50;
		}
		c->map = ok ? stats_median(m, ok) : NAN;
		c->unmap = ok ? stats_median(u, ok) : NAN;
		c->panel = panel_of(pn, c->p);
		if (c->panel >= 0 && !pn->ctx[c->panel].result.map_type)
			pn->ctx[c->panel].result.map_type = c->p->result.map_type;
		s->n++;
		k = e;
	}
	free(m);
	free(u);
	return 0;
}

/* Most common value of run dimension D among CELLS (the "fixed" value of a
 * dimension a figure does not vary), preferring PREFER when present. */
static uint64_t mode_of(const struct dim *d, const struct cell *cells, size_t n, int has_prefer,
			uint64_t prefer)
{
	uint64_t best = 0;
	size_t best_n = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t v = dim_get(d, cells[i].p);
		size_t cnt = 0;

		if (has_prefer && v == prefer)
			return prefer;
		for (size_t j = 0; j < n; j++)
			cnt += dim_get(d, cells[j].p) == v;
		if (cnt > best_n || (cnt == best_n && v < best)) {
			best = v;
			best_n = cnt;
		}
	}
	return best;
}

struct figure {
	const char *name;	/* file stem */
	const struct dim *x;	/* varies along the x axis */
	int unmap;
	int ratio;		/* B/A instead of latency */
	int speedup;		/* resource / method, one directory */
	uint64_t fixed[64];	/* value of every other run dimension */
	int nfixed;
	char fixed_text[256];	/* for the figure title */
};

/*
 * How a point was timed (iteration count or duration, warm-up, batch) is
 * not what a figure compares: a sweep runs big DMA-FQ points by count and
 * the rest by duration, and both belong on one line.
 */
static int timing_dim(const struct dim *d)
{
	return d->opt->off == offsetof(struct p2pbench_run, iterations) ||
	       d->opt->off == offsetof(struct p2pbench_run, duration_ms) ||
	       d->opt->off == offsetof(struct p2pbench_run, warmup) ||
	       d->opt->off == offsetof(struct p2pbench_run, batch);
}

static int in_figure(const struct figure *fg, const struct cell *c)
{
	const struct dim *d;
	int i = 0;

	for_each_dim(d) {
		if (d->type == DIM_RUN && d != fg->x && d->opt->off != offsetof(struct p2pbench_run, method) &&
		    !timing_dim(d) && dim_get(d, c->p) != fg->fixed[i])
			return 0;
		i++;
	}
	return 1;
}

static void fix_dims(struct figure *fg, const struct side *s)
{
	const struct dim *d;
	size_t used = 0;
	int i = 0;
	char buf[64];

	fg->fixed_text[0] = '\0';
	for_each_dim(d) {
		fg->fixed[i] = 0;
		if (d->type == DIM_RUN && d != fg->x &&
		    d->opt->off != offsetof(struct p2pbench_run, method)) {
			int pref = d->opt->off == offsetof(struct p2pbench_run, nr_ranges);

			fg->fixed[i] = mode_of(d, s->cells, s->n, pref, 1);
			/* name the fixed values that are not the defaults */
			if (d->opt->off == offsetof(struct p2pbench_run, nr_ranges) ||
			    d->opt->off == offsetof(struct p2pbench_run, range_len)) {
				struct point tmp;

				point_defaults(&tmp);
				dim_set(d, &tmp, fg->fixed[i]);
				dim_format(d, &tmp, buf, sizeof(buf));
				used += (size_t)snprintf(fg->fixed_text + used, sizeof(fg->fixed_text) - used,
							 "%s%s %s", used ? ", " : "", d->name, buf);
			}
		}
		i++;
	}
}

static const char *const colours[] = {
	"#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
	"#7f7f7f", "#17becf",
};

static double yval(const struct figure *fg, const struct cell *c)
{
	return fg->unmap ? c->unmap : c->map;
}

static int cmp_x(const struct figure *fg, const struct cell *a, const struct cell *b)
{
	uint64_t x = dim_get(fg->x, a->p), y = dim_get(fg->x, b->p);

	return (x > y) - (x < y);
}

/* The cell of SIDE with the same method, context and x as C, or NULL. */
static const struct cell *match(const struct figure *fg, const struct side *s, const struct cell *c)
{
	for (size_t i = 0; i < s->n; i++)
		if (in_figure(fg, &s->cells[i]) && point_same_context(s->cells[i].p, c->p) &&
		    s->cells[i].p->run.method == c->p->run.method && !cmp_x(fg, &s->cells[i], c))
			return &s->cells[i];
	return NULL;
}

/*
 * Data of one panel for one side: an index block per method ("x y" sorted
 * by x), then a block per method with failed points ("x floor"). Returns
 * how many blocks were written; METHODS gets each block's method, plus
 * P2PBENCH_METHOD_COUNT for a failed block, and -1 after the last.
 * Failed points sit in rows below the floor, one row per method.
 */
static int write_panel(FILE *f, const struct figure *fg, const struct side *s, const struct side *b,
		       int panel, double floor, int *methods)
{
	int blocks = 0;

	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++) {
		int any = 0;
		uint64_t last = UINT64_MAX;

		/* cells are in point order: x ascending within a method */
		for (size_t i = 0; i < s->n; i++) {
			const struct cell *c = &s->cells[i];
			double y;

			if (c->panel != panel || c->p->run.method != m || !in_figure(fg, c) || c->failed)
				continue;
			if (fg->ratio) {
				const struct cell *o = b ? match(fg, b, c) : NULL;

				if (!o || o->failed || !(c->map > 0))
					continue;
				y = 100.0 * (o->map / c->map - 1);
			} else {
				y = yval(fg, c);
				if (!(y > 0))
					y = floor;	/* below the clock: drawn at the floor */
			}
			if (dim_get(fg->x, c->p) == last)
				continue;
			last = dim_get(fg->x, c->p);
			fprintf(f, "%llu %.6g\n", (unsigned long long)last, y);
			any = 1;
		}
		if (any) {
			fputs("\n\n", f);
			methods[blocks++] = (int)m;
		}
	}
	/* Failed points, one block per method: x at the panel's floor. */
	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++) {
		int nf = 0;

		for (size_t i = 0; i < s->n; i++) {
			const struct cell *c = &s->cells[i];

			const struct cell *o = fg->ratio && b ? match(fg, b, c) : NULL;
			int failed = c->failed || (fg->ratio && (!o || o->failed));

			if (c->panel == panel && c->p->run.method == m && in_figure(fg, c) && failed) {
				/* one row per method below the floor, so crosses of
				 * methods failing at one x do not hide each other */
				double y = fg->ratio ? floor - 4.0 * m : floor * pow(0.6, m);

				fprintf(f, "%llu %.6g\n", (unsigned long long)dim_get(fg->x, c->p), y);
				nf++;
			}
		}
		if (nf) {
			fputs("\n\n", f);
			methods[blocks++] = (int)(m + P2PBENCH_METHOD_COUNT);
		}
	}
	methods[blocks] = -1;
	return blocks;
}

static double panel_floor(const struct figure *fg, const struct side *s, const struct side *b,
			  int panel)
{
	double lo = INFINITY;

	if (fg->ratio) {
		/* below the lowest change drawn, and below 0 */
		lo = 0;
		for (size_t i = 0; b && i < s->n; i++) {
			const struct cell *c = &s->cells[i], *o;

			if (c->panel != panel || !in_figure(fg, c) || c->failed || !(c->map > 0))
				continue;
			o = match(fg, b, c);
			if (o && !o->failed && 100.0 * (o->map / c->map - 1) < lo)
				lo = 100.0 * (o->map / c->map - 1);
		}
		return lo - 10;
	}

	for (size_t i = 0; i < s->n; i++)
		if (s->cells[i].panel == panel && in_figure(fg, &s->cells[i]) && !s->cells[i].failed &&
		    yval(fg, &s->cells[i]) > 0 && yval(fg, &s->cells[i]) < lo)
			lo = yval(fg, &s->cells[i]);
	return isinf(lo) ? 1 : lo / 2;
}

static int x_is_size(const struct figure *fg)
{
	return dim_is_size(fg->x);
}

/* xtics at the values present, labelled as typed ("4K", "8G"). */
static void xtics(FILE *g, const struct figure *fg, const struct side *s)
{
	uint64_t seen[128];
	int n = 0;
	char buf[32];

	for (size_t i = 0; i < s->n && n < 128; i++) {
		uint64_t v = dim_get(fg->x, s->cells[i].p);
		int dup = 0;

		if (!in_figure(fg, &s->cells[i]))
			continue;
		for (int k = 0; k < n; k++)
			dup |= seen[k] == v;
		if (!dup)
			seen[n++] = v;
	}
	if (!n)
		return;
	uint64_t lo = seen[0], hi = seen[0];
	for (int k = 1; k < n; k++) {
		lo = seen[k] < lo ? seen[k] : lo;
		hi = seen[k] > hi ? seen[k] : hi;
	}
	/* a margin, so points and tics at the ends are not cut */
	fprintf(g, "set xrange [%.6g:%.6g];", (double)lo / 1.5, (double)hi * 1.5);
	fputs("set xtics (", g);
	for (int k = 0; k < n; k++) {
		struct point tmp;

		point_defaults(&tmp);
		dim_set(fg->x, &tmp, seen[k]);
		dim_format(fg->x, &tmp, buf, sizeof(buf));
		fprintf(g, "%s'%s' %llu", k ? ", " : "", buf, (unsigned long long)seen[k]);
	}
	fputs(") rotate by -45;", g);
}

static int write_figure(const char *out, struct figure *fg, struct side *sa, struct side *sb,
			const struct panels *pn, char *err, size_t errlen)
{
	char path[4352];
	int blocks[2][MAX_PANELS][2 * P2PBENCH_METHOD_COUNT + 1];
	int nsides = sb && !fg->ratio ? 2 : 1;
	struct side *sides[2] = { sa, sb };
	FILE *g;

	for (int sd = 0; sd < nsides; sd++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/data/%s-%c.dat", out, fg->name, 'A' + sd);
		f = fopen(path, "w");
		if (!f)
			return errf(err, errlen, "%s: %s", path, strerror(errno));
		for (int p = 0; p < pn->n; p++) {
			fprintf(f, "# panel %d: %s\n", p, pn->title[p]);
			write_panel(f, fg, sides[sd], sb, p, panel_floor(fg, sides[0], sb, p), blocks[sd][p]);
		}
		if (fclose(f))
			return errf(err, errlen, "%s: %s", path, strerror(errno));
	}

	snprintf(path, sizeof(path), "%s/%s.gp", out, fg->name);
	g = fopen(path, "w");
	if (!g)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	int cols = pn->n <= 1 ? 1 : pn->n <= 4 ? 2 : 3, rows = (pn->n + cols - 1) / cols;
	char what[64];

	if (fg->ratio)
		snprintf(what, sizeof(what), "B vs A, %s p50 change %% (lower is better)",
			 fg->unmap ? "unmap" : "map");
	else
		snprintf(what, sizeof(what), "%s latency p50, ns (lower is better)", fg->unmap ? "unmap" : "map");
	fprintf(g, "# p2pbench plot: %s. Render: gnuplot %s.gp (from %s)\n", fg->name, fg->name, out);
	fprintf(g, "# Data: data/%s-A.dat%s; per panel one index block per method,\n"
		"# then one block of failed points (x, floor, method).\n", fg->name,
		nsides == 2 ? " (A), data/%s-B.dat (B)" : "");
	fprintf(g, "reset\nset datafile missing 'nan'\n");
	fprintf(g, "body = \"\\\n");
	/* The body is a string so both terminals render the same thing. */
	fprintf(g, "set multiplot layout %d,%d title '%s%s%s%s' noenhanced;", rows, cols, what,
		fg->fixed_text[0] ? "; " : "", fg->fixed_text,
		nsides == 2 ? "\\nsolid: A, dashed: B" : "");
	for (int p = 0; p < pn->n; p++) {
		fprintf(g, "\\\nset title '%s' noenhanced; set grid; set key outside right top noenhanced box;",
			pn->title[p]);
		fprintf(g, "set logscale x 2; set xlabel '%s'; set format y '%%g';", fg->x->name);
		xtics(g, fg, sa);
		if (fg->ratio)
			fprintf(g, "unset logscale y; set ylabel 'change %%'; set yrange [*<-10:10<*];");
		else
			fprintf(g, "set logscale y 10; set ylabel 'ns';");
		fprintf(g, "unset arrow; unset label;");
		if (x_is_size(fg))
			fprintf(g, "set arrow 1 from %.0f, graph 0 to %.0f, graph 1 nohead dt 2 lw 2 lc rgb 'red';"
				"set label 1 'UINT_MAX' at %.0f, graph 0.97 rotate by 90 right offset -0.8,0 tc rgb 'red';",
				UINT_MAX_BYTES, UINT_MAX_BYTES, UINT_MAX_BYTES);
		fprintf(g, "plot ");
		int any = 0;
		for (int sd = 0; sd < nsides; sd++) {
			snprintf(path, sizeof(path), "data/%s-%c.dat", fg->name, 'A' + sd);
			/* index of this panel's first block in the file */
			int base = 0;
			for (int q = 0; q < p; q++)
				for (int nb = 0; blocks[sd][q][nb] >= 0; nb++)
					base++;
			for (int k = 0; blocks[sd][p][k] >= 0; k++) {
				int m = blocks[sd][p][k] % P2PBENCH_METHOD_COUNT;
				const char *tag = nsides == 2 ? (sd ? " (B)" : " (A)") : "";

				/* B's lines share A's colours and legend (the figure title
				 * says solid is A, dashed is B); failures are told apart. */
				if (blocks[sd][p][k] < P2PBENCH_METHOD_COUNT)
					fprintf(g, "%s'%s' index %d using 1:2 with linespoints lw 2 dt %d pt %d "
						"lc rgb '%s' %s '%s'", any ? ", " : "", path, base + k,
						sd ? 2 : 1, sd ? 6 : 7, colours[m], sd ? "notitle" : "title",
						method_name((unsigned int)m));
				else	/* failed: a big cross in the method's colour */
					fprintf(g, "%s'%s' index %d using 1:2 with points pt %d ps 2.5 lw 3 "
						"lc rgb '%s' title '%s failed%s'", any ? ", " : "", path, base + k,
						sd ? 1 : 2, colours[m], method_name((unsigned int)m),
						fg->ratio ? " (A or B)" : tag);
				any = 1;
			}
		}
		if (!any)
			fprintf(g, "1/0 notitle");
		fprintf(g, ";");
	}
	fprintf(g, "\\\nunset multiplot\"\n");
	fprintf(g, "set terminal %s size %d,%d noenhanced font ',10'\nset output '%s.png'\neval body\n",
		"PNGTERM", 720 * cols, 420 * rows, fg->name);
	fprintf(g, "set terminal svg size %d,%d noenhanced dynamic\nset output '%s.svg'\neval body\n"
		"set output\n", 720 * cols, 420 * rows, fg->name);
	if (fclose(g))
		return errf(err, errlen, "%s.gp: %s", fg->name, strerror(errno));
	return 0;
}

/* ---------------- speedup over resource ---------------- */

/* A method's cost in a speedup figure: map+unmap p50, ns. */
static double cost(const struct cell *c)
{
	return c->map + c->unmap;
}

/* The resource cell of C's panel at C's x, or NULL. */
static const struct cell *resource_of(const struct figure *fg, const struct side *s,
				      const struct cell *c)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct cell *o = &s->cells[i];

		if (o->panel == c->panel && o->p->run.method == P2PBENCH_METHOD_RESOURCE &&
		    in_figure(fg, o) && !cmp_x(fg, o, c))
			return o;
	}
	return NULL;
}

static bool speedup_method(unsigned int m)
{
	return m != P2PBENCH_METHOD_NULL && m != P2PBENCH_METHOD_RESOURCE;
}

/* "DMA, thru-host-bridge (amd, hostbridge)": short enough for a panel
 * 400 pixels wide. */
static void short_title(const struct panels *pn, int p, char *buf, size_t len)
{
	const struct point *c = &pn->ctx[p];

	snprintf(buf, len, "%s, %s (%s, %s)", c->iommu_mode[0] ? c->iommu_mode : "-",
		 c->result.map_type ? map_type_name(c->result.map_type) : "map type ?",
		 c->cpu[0] ? c->cpu : "-", c->topology[0] ? c->topology : "-");
}

/*
 * One panel's data: per method a block "x speedup" (resource's cost over
 * the method's), then per method a block of its failures at the panel's
 * floor (one row per method). Points that cannot apply (n/a) are left out,
 * so a method that is n/a everywhere in the panel is neither drawn nor in
 * its key. KEYS gets each block's key text, METHODS its method (plus
 * P2PBENCH_METHOD_COUNT for failures), -1 after the last.
 */
static int write_speedup_panel(FILE *f, const struct figure *fg, const struct side *s, int panel,
			       double floor, int *methods, char (*keys)[96])
{
	int blocks = 0;

	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++) {
		uint64_t last = UINT64_MAX;
		int any = 0;

		if (!speedup_method(m))
			continue;
		for (size_t i = 0; i < s->n; i++) {
			const struct cell *c = &s->cells[i], *o;

			if (c->panel != panel || c->p->run.method != m || !in_figure(fg, c) ||
			    c->failed || !(cost(c) > 0))
				continue;
			o = resource_of(fg, s, c);
			if (!o || o->failed || !(cost(o) > 0) || dim_get(fg->x, c->p) == last)
				continue;
			last = dim_get(fg->x, c->p);
			fprintf(f, "%llu %.6g\n", (unsigned long long)last, cost(o) / cost(c));
			any = 1;
		}
		if (any) {
			fputs("\n\n", f);
			snprintf(keys[blocks], sizeof(keys[blocks]), "%s", method_name(m));
			methods[blocks++] = (int)m;
		}
	}
	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++) {
		char why[64] = "";
		int nf = 0, mixed = 0;

		if (!speedup_method(m) && m != P2PBENCH_METHOD_RESOURCE)
			continue;
		for (size_t i = 0; i < s->n; i++) {
			const struct cell *c = &s->cells[i];

			if (c->panel != panel || c->p->run.method != m || !in_figure(fg, c) ||
			    !c->failed || c->oc == OUTCOME_NA)
				continue;
			fprintf(f, "%llu %.6g\n", (unsigned long long)dim_get(fg->x, c->p),
				floor * pow(0.6, m));
			if (!nf++)
				snprintf(why, sizeof(why), "%s", c->why);
			else if (strcmp(why, c->why))
				mixed = 1;
		}
		if (nf) {
			fputs("\n\n", f);
			snprintf(keys[blocks], sizeof(keys[blocks]), "%s: %s", method_name(m),
				 !mixed && why[0] ? why : "failed");
			methods[blocks++] = (int)(m + P2PBENCH_METHOD_COUNT);
		}
	}
	methods[blocks] = -1;
	return blocks;
}

static double speedup_floor(const struct figure *fg, const struct side *s, int panel)
{
	double lo = 1;

	for (size_t i = 0; i < s->n; i++) {
		const struct cell *c = &s->cells[i], *o;

		if (c->panel != panel || !speedup_method(c->p->run.method) || !in_figure(fg, c) ||
		    c->failed || !(cost(c) > 0))
			continue;
		o = resource_of(fg, s, c);
		if (o && !o->failed && cost(o) > 0 && cost(o) / cost(c) < lo)
			lo = cost(o) / cost(c);
	}
	return lo / 2;
}

/*
 * speedup-ranges, speedup-size: resource's map+unmap p50 over each
 * method's, one panel per context, 1 = parity. Two panels a row, 800
 * pixels wide: readable where a review is read.
 */
static int write_speedup_figure(const char *out, const struct figure *fg, const struct side *s,
				const struct panels *pn, char *err, size_t errlen)
{
	int methods[MAX_PANELS][2 * P2PBENCH_METHOD_COUNT + 1];
	char keys[MAX_PANELS][2 * P2PBENCH_METHOD_COUNT + 1][96], path[4352], title[160];
	int cols = pn->n <= 1 ? 1 : 2, rows = (pn->n + cols - 1) / cols, base = 0;
	FILE *f, *g;

	snprintf(path, sizeof(path), "%s/data/%s-A.dat", out, fg->name);
	f = fopen(path, "w");
	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	for (int p = 0; p < pn->n; p++) {
		fprintf(f, "# panel %d: %s\n", p, pn->title[p]);
		write_speedup_panel(f, fg, s, p, speedup_floor(fg, s, p), methods[p], keys[p]);
	}
	if (fclose(f))
		return errf(err, errlen, "%s: %s", path, strerror(errno));

	snprintf(path, sizeof(path), "%s/%s.gp", out, fg->name);
	g = fopen(path, "w");
	if (!g)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	fprintf(g, "# p2pbench plot: %s. Render: gnuplot %s.gp (from %s)\n"
		"# Data: data/%s-A.dat; per panel one index block per method (x, resource's\n"
		"# map+unmap p50 / the method's), then one block of failures per method.\n",
		fg->name, fg->name, out, fg->name);
	fprintf(g, "reset\nset datafile missing 'nan'\nbody = \"\\\n");
	fprintf(g, "set multiplot layout %d,%d title 'Speedup over dma_map_resource: map+unmap "
		"p50 of resource / of the method (above 1: faster)%s%s' noenhanced;", rows, cols,
		fg->fixed_text[0] ? "\\n" : "", fg->fixed_text);
	for (int p = 0; p < pn->n; p++) {
		short_title(pn, p, title, sizeof(title));
		fprintf(g, "\\\nset title '%s' noenhanced; set grid; "
			"set key outside below center horizontal noenhanced font ',8' samplen 1.5 spacing 0.9 width -1;", title);
		fprintf(g, "set logscale x 2; set xlabel '%s'; set format y '%%g'; "
			"set offsets 0, 0, graph 0.04, graph 0.04;", fg->x->name);
		xtics(g, fg, s);
		fprintf(g, "set logscale y 10; set ylabel 'speedup (x)' offset 1,0; unset arrow; "
			"unset label; set arrow 2 from graph 0, first 1 to graph 1, first 1 nohead "
			"dt 2 lw 1.5 lc rgb '#555555';");
		if (x_is_size(fg))
			fprintf(g, "set arrow 1 from %.0f, graph 0 to %.0f, graph 1 nohead dt 3 lw 1 "
				"lc rgb 'red';", UINT_MAX_BYTES, UINT_MAX_BYTES);
		if (methods[p][0] < 0)
			fprintf(g, "set xrange [1:2]; set yrange [0.1:10]; set label 9 'no speedup "
				"over resource to draw' at graph 0.5, graph 0.75 center;");
		fprintf(g, "plot ");
		int any = 0;

		for (int k = 0; methods[p][k] >= 0; k++) {
			int m = methods[p][k] % P2PBENCH_METHOD_COUNT;

			if (methods[p][k] < P2PBENCH_METHOD_COUNT)
				fprintf(g, "%s'data/%s-A.dat' index %d using 1:2 with linespoints lw 2 "
					"pt 7 ps 0.8 lc rgb '%s' title '%s'", any ? ", " : "", fg->name,
					base + k, colours[m], keys[p][k]);
			else
				fprintf(g, "%s'data/%s-A.dat' index %d using 1:2 with points pt 2 ps 1.6 "
					"lw 2 lc rgb '%s' title '%s'", any ? ", " : "", fg->name,
					base + k, colours[m], keys[p][k]);
			any = 1;
		}
		for (int k = 0; methods[p][k] >= 0; k++)
			base++;
		/* nothing to draw: fixed ranges, or gnuplot refuses the panel */
		if (!any)
			fprintf(g, "1/0 notitle; set xrange [*:*]; set yrange [*:*]; unset label 9;");
		else
			fprintf(g, ";");
	}
	fprintf(g, "\\\nunset multiplot\"\n");
	fprintf(g, "set terminal PNGTERM size 800,%d noenhanced font ',9'\nset output '%s.png'\n"
		"eval body\n", 40 + 340 * rows, fg->name);
	fprintf(g, "set terminal svg size 800,%d noenhanced dynamic font ',9'\n"
		"set output '%s.svg'\neval body\nset output\n", 40 + 340 * rows, fg->name);
	if (fclose(g))
		return errf(err, errlen, "%s.gp: %s", fg->name, strerror(errno));
	return 0;
}

/* Run gnuplot on SCRIPT in DIR; 0, or -1 with its exit status in ERR. */
/* Put the PNG terminal into a script written with the placeholder. */
static int set_png_term(const char *path, const char *term, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text, *at;
	long n;

	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(text);
		return errf(err, errlen, "%s: read failed", path);
	}
	fclose(f);
	at = strstr(text, "PNGTERM");
	f = fopen(path, "w");
	if (!f || !at) {
		if (f)
			fclose(f);
		free(text);
		return errf(err, errlen, "%s: cannot rewrite", path);
	}
	fprintf(f, "%.*s%s%s", (int)(at - text), text, term, at + strlen("PNGTERM"));
	free(text);
	return fclose(f) ? errf(err, errlen, "%s: %s", path, strerror(errno)) : 0;
}

struct plot_cli {
	const char *out;
};

static const struct opt plot_opts[] = {
	{ .name = "output", .kind = OPT_STR, .off = offsetof(struct plot_cli, out), .arg = "OUTDIR",
	  .help = "where scripts, data, PNG and SVG go (also -o)", .flags = OPT_REQUIRED,
	  .short_name = 'o' },
	{ .kind = OPT_END },
};

static void usage(FILE *f)
{
	const struct optset sets[] = { { plot_opts, NULL }, { NULL, NULL } };

	fprintf(f, "usage: p2pbench plot DIR [DIR2] -o OUTDIR\n\n"
		"Writes gnuplot scripts and data to OUTDIR and runs gnuplot to render PNG and\n"
		"SVG: latency vs ranges per method (log-log) and latency vs size with UINT_MAX\n"
		"marked, map and unmap, one panel per context (cpu, topology, IOMMU mode, map\n"
		"type). speedup-ranges and speedup-size: each method's speedup over resource\n"
		"(resource's map+unmap p50 / the method's, 1 = parity), n/a points left out.\n"
		"With DIR2, B is drawn dashed over A and ratio-* figures show B/A.\n"
		"Failed points are red crosses on the bottom edge. Needs gnuplot.\n\noptions:\n");
	opt_help(f, sets);
}

int cmd_plot(int argc, char **argv)
{
	struct plot_cli cli = { 0 };
	const struct optset sets[] = { { plot_opts, &cli }, { NULL, NULL } };
	const char *dirs[2] = { NULL, NULL };
	struct results ra = { 0 }, rb = { 0 };
	struct side sa = { &ra, NULL, 0 }, sb = { &rb, NULL, 0 };
	struct panels pn = { .n = 0 };
	char err[1024], path[4352];
	int ndirs, ret = 2;

	struct opt_pos pos = { dirs, 2, 0 };
	int r = opt_parse_pos(sets, &pos, argc, argv, err, sizeof(err));

	ndirs = pos.n;
	if (r == OPT_HELP) {
		usage(stdout);
		return 0;
	}
	if (r || !ndirs) {
		if (r)
			fprintf(stderr, "p2pbench plot: %s\n", err);
		else
			usage(stderr);
		return 2;
	}
	if (results_load(dirs[0], &ra, err, sizeof(err)) ||
	    (dirs[1] && results_load(dirs[1], &rb, err, sizeof(err)))) {
		fprintf(stderr, "p2pbench plot: %s\n", err);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/data", cli.out);
	if (mkdir_p(path, err, sizeof(err))) {
		fprintf(stderr, "p2pbench plot: %s\n", err);
		goto out;
	}
	if (build_cells(&sa, &pn) || (dirs[1] && build_cells(&sb, &pn))) {
		fprintf(stderr, "p2pbench plot: out of memory\n");
		goto out;
	}
	panel_titles(&pn, ra.meta);
	const char *term = gnuplot_png_terminal();
	struct figure figs[] = {
		{ .name = "ranges-map", .x = dim_find("ranges") },
		{ .name = "ranges-unmap", .x = dim_find("ranges"), .unmap = 1 },
		{ .name = "size-map", .x = dim_find("size") },
		{ .name = "size-unmap", .x = dim_find("size"), .unmap = 1 },
		{ .name = "speedup-ranges", .x = dim_find("ranges"), .speedup = 1 },
		{ .name = "speedup-size", .x = dim_find("size"), .speedup = 1 },
		{ .name = "ratio-ranges-map", .x = dim_find("ranges"), .ratio = 1 },
		{ .name = "ratio-size-map", .x = dim_find("size"), .ratio = 1 },
	};
	/* Mapping figures only when there are mapping points (not I/O only). */
	size_t nfig = !ra.n && !rb.n ? 0 : dirs[1] ? 8 : 6;

	if (outcome_load_default(err, sizeof(err)) < 0) {
		fprintf(stderr, "p2pbench plot: %s\n", err);
		goto out;
	}
	for (size_t i = 0; i < nfig; i++) {
		char script[300];
		int bad;

		fix_dims(&figs[i], &sa);
		if (figs[i].speedup)
			bad = write_speedup_figure(cli.out, &figs[i], &sa, &pn, err, sizeof(err));
		else
			bad = write_figure(cli.out, &figs[i], &sa, dirs[1] ? &sb : NULL, &pn, err,
					   sizeof(err));
		if (bad) {
			fprintf(stderr, "p2pbench plot: %s\n", err);
			goto out;
		}
		snprintf(path, sizeof(path), "%s/%s.gp", cli.out, figs[i].name);
		snprintf(script, sizeof(script), "%s.gp", figs[i].name);
		if (set_png_term(path, term, err, sizeof(err)) ||
		    gnuplot_run(cli.out, script, err, sizeof(err))) {
			fprintf(stderr, "p2pbench plot: %s\n", err);
			goto out;
		}
		printf("%s/%s.png %s/%s.svg\n", cli.out, figs[i].name, cli.out, figs[i].name);
	}
	if (io_plot(dirs[0], dirs[1], cli.out, term, err, sizeof(err))) {
		fprintf(stderr, "p2pbench plot: %s\n", err);
		goto out;
	}
	ret = 0;
out:
	free(sa.cells);
	free(sb.cells);
	results_free(&ra);
	results_free(&rb);
	return ret;
}
