// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report's summary (summary.h). A cell of the ratio table is one point
 * shape (ranges x size) in one context: the method's map+unmap p50 (median
 * over its repeats) over the baseline's, both at the same parameters. The
 * plain text stays within SUM_WIDTH columns and, for the default sweep, 40
 * lines: what a reviewer reads in a mail client.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "errmsg.h"
#include "names.h"
#include "stats.h"
#include "summary.h"
#include "sweep.h"
#include "units.h"

const unsigned int sum_ranges[SUM_NR_RANGES] = { 1, 16, 256, 4096 };
const uint64_t sum_sizes[SUM_NR_SIZES] = { 4096, 2u << 20 };

static const unsigned int meth_of[SUM_NR_METH] = {
	[SUM_M_HELPER] = P2PBENCH_METHOD_HELPER,
	[SUM_M_ATTACH] = P2PBENCH_METHOD_ATTACH,
	[SUM_M_RESOURCE] = P2PBENCH_METHOD_RESOURCE,
	[SUM_M_PHYS] = P2PBENCH_METHOD_PHYS,
};

static const struct {
	const char *name;	/* JSON and markdown */
	const char *abbr;	/* plain text */
	unsigned int method, base;
} rows[SUM_NR_ROWS] = {
	[SUM_HELPER_RES] = { "helper/resource", "helper/res", P2PBENCH_METHOD_HELPER,
			     P2PBENCH_METHOD_RESOURCE },
	[SUM_ATTACH_RES] = { "attach/resource", "attach/res", P2PBENCH_METHOD_ATTACH,
			     P2PBENCH_METHOD_RESOURCE },
	[SUM_HELPER_PHYS] = { "helper/phys", "helper/phys", P2PBENCH_METHOD_HELPER,
			      P2PBENCH_METHOD_PHYS },
};

/* ---------------- contexts ---------------- */

static void context_key(const struct point *p, char *buf, size_t len)
{
	const struct dim *d;
	size_t used = 0;

	buf[0] = '\0';
	for_each_dim(d)
		if (d->type == DIM_CONTEXT && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s=%s", used ? "," : "",
						 d->name, dim_cstr(d, p));
}

static const char *map_type_abbr(unsigned int t)
{
	switch (t) {
	case P2PBENCH_MAP_BUS_ADDR: return "bus";
	case P2PBENCH_MAP_THRU_HOST_BRIDGE: return "hb";
	case P2PBENCH_MAP_NOT_SUPPORTED: return "n/s";
	default: return "?";
	}
}

static int map_type_rank(unsigned int t)
{
	return t == P2PBENCH_MAP_BUS_ADDR ? 0 : t == P2PBENCH_MAP_THRU_HOST_BRIDGE ? 1 :
	       t == P2PBENCH_MAP_NOT_SUPPORTED ? 2 : 3;
}

static int mode_rank(const char *m)
{
	static const char *const order[] = { "off", "identity", "DMA", "DMA-FQ" };

	for (int i = 0; i < 4; i++)
		if (!strcmp(m, order[i]))
			return i;
	return 4;
}

static int ctx_cmp(const void *x, const void *y)
{
	const struct sum_context *a = x, *b = y;
	int c = map_type_rank(a->map_type) - map_type_rank(b->map_type);

	if (!c)
		c = mode_rank(a->mode) - mode_rank(b->mode);
	return c ? c : strcmp(a->key, b->key);
}

/* ---------------- cells ---------------- */

static bool same_shape(const struct point *a, const struct point *b)
{
	const struct dim *d;

	for_each_dim(d)
		if (d->type == DIM_RUN && strcmp(d->name, "method") && dim_get(d, a) != dim_get(d, b))
			return false;
	return true;
}

/*
 * The point of METHOD in context C shaped like PROTO: its repeats' median
 * map+unmap p50 in *COST (NAN when a repeat failed), the outcome of its
 * first failed repeat (or PASS) in *O, and its first passing repeat in
 * *OK. Returns the number of repeats (0: no such point).
 */
static size_t key_cost(const struct summary *s, const struct sum_context *c, unsigned int method,
		       const struct point *proto, double *cost, enum outcome *o,
		       const struct point **ok)
{
	const struct results *r = s->r;
	double v[64];
	size_t n = 0, nv = 0;

	*o = OUTCOME_PASS;
	*ok = NULL;
	for (size_t i = c->first; i < c->end; i++) {
		const struct point *p = &r->pts[i];

		if (p->run.method != method || !same_shape(p, proto))
			continue;
		n++;
		if (s->oc[i] != OUTCOME_PASS) {
			if (*o == OUTCOME_PASS)
				*o = s->oc[i];
			continue;
		}
		if (!*ok)
			*ok = p;
		if (nv < sizeof(v) / sizeof(v[0]))
			v[nv++] = (double)(p->result.map.p50 + p->result.unmap.p50);
	}
	*cost = n && *o == OUTCOME_PASS && nv ? stats_median(v, nv) : NAN;
	return n;
}

/* The shape of a cell: the first point of context C with RANGES x SIZE,
 * preferring the baseline's, then any method's. */
static const struct point *cell_proto(const struct summary *s, const struct sum_context *c,
				      unsigned int base, unsigned int ranges, uint64_t size)
{
	const struct point *any = NULL;

	for (size_t i = c->first; i < c->end; i++) {
		const struct point *p = &s->r->pts[i];

		if (p->run.nr_ranges != ranges || p->run.range_len != size)
			continue;
		if (p->run.method == base)
			return p;
		if (!any)
			any = p;
	}
	return any;
}

static void fill_context(struct summary *s, struct sum_context *c)
{
	const struct point *proto, *ok;
	enum outcome o;
	double cost;

	for (unsigned int w = 0; w < SUM_NR_ROWS; w++)
		for (unsigned int z = 0; z < SUM_NR_SIZES; z++)
			for (unsigned int k = 0; k < SUM_NR_RANGES; k++) {
				struct sum_cell *cl = &c->cell[w][z][k];
				double bc;

				cl->ratio = NAN;
				cl->have = false;
				cl->o = cl->base_o = OUTCOME_PASS;
				proto = cell_proto(s, c, rows[w].base, sum_ranges[k], sum_sizes[z]);
				if (!proto)
					continue;
				cl->have = key_cost(s, c, rows[w].method, proto, &cost, &cl->o, &ok) > 0;
				if (!key_cost(s, c, rows[w].base, proto, &bc, &cl->base_o, &ok))
					cl->base_o = OUTCOME_NA;
				if (cl->have && !isnan(cost) && !isnan(bc) && bc > 0)
					cl->ratio = cost / bc;
			}
	for (unsigned int m = 0; m < SUM_NR_METH; m++) {
		c->maps[m] = c->syncs[m] = -1;
		c->counts_o[m] = OUTCOME_PASS;
		c->largest[m] = 0;
		proto = cell_proto(s, c, P2PBENCH_METHOD_RESOURCE, 256, 4096);
		if (proto && key_cost(s, c, meth_of[m], proto, &cost, &o, &ok)) {
			c->counts_o[m] = o;
			if (ok && o == OUTCOME_PASS) {
				c->maps[m] = (long long)ok->result.iommu_map_calls;
				c->syncs[m] = (long long)ok->result.iotlb_syncs;
			} else {
				c->maps[m] = c->syncs[m] = -2;
			}
		}
		for (size_t i = c->first; i < c->end; i++) {
			const struct point *p = &s->r->pts[i];

			if (p->run.method == meth_of[m] && s->oc[i] == OUTCOME_PASS &&
			    p->run.range_len > c->largest[m])
				c->largest[m] = p->run.range_len;
		}
	}
}

/* ---------------- failure groups ---------------- */

/* A reason without the iteration it happened at, so that one cause in
 * many points is one group. */
static void cause_of(const char *why, char *buf, size_t len)
{
	const char *at = strstr(why, " at iteration ");

	snprintf(buf, len, "%.*s", at ? (int)(at - why) : (int)strlen(why), why);
}

static int ctx_of(const struct summary *s, size_t i)
{
	for (size_t c = 0; c < s->nctx; c++)
		if (i >= s->ctx[c].first && i < s->ctx[c].end)
			return (int)c;
	return -1;
}

static int group_add(struct summary *s, size_t i)
{
	enum outcome o = s->oc[i];
	bool by_point = o == OUTCOME_FAIL || o == OUTCOME_REFUSED;
	int c = by_point ? ctx_of(s, i) : -1, m = by_point ? (int)s->r->pts[i].run.method : -1;
	char why[256];
	struct sum_group *g = NULL;

	if (o == OUTCOME_NA)
		why[0] = '\0';	/* counted, not told apart */
	else
		cause_of(s->why[i], why, sizeof(why));
	for (size_t k = 0; k < s->ngrp && !g; k++)
		if (s->grp[k].o == o && s->grp[k].ctx == c && s->grp[k].method == m &&
		    !strcmp(s->grp[k].why, why))
			g = &s->grp[k];
	if (!g) {
		void *n = realloc(s->grp, (s->ngrp + 1) * sizeof(*s->grp));

		if (!n)
			return -1;
		s->grp = n;
		g = &s->grp[s->ngrp++];
		memset(g, 0, sizeof(*g));
		g->o = o;
		g->ctx = c;
		g->method = m;
		snprintf(g->why, sizeof(g->why), "%s", why);
	}
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		void *n = realloc(g->idx, cap * sizeof(*g->idx));

		if (!n)
			return -1;
		g->idx = n;
		g->cap = cap;
	}
	g->idx[g->n++] = i;
	return 0;
}

/* Groups in the order a reader wants them: known bugs, environment
 * limits, unexpected failures, refusals, n/a; each by size. */
static int grp_cmp(const void *x, const void *y)
{
	static const int rank[OUTCOME_NR] = {
		[OUTCOME_KNOWN_BUG] = 0, [OUTCOME_ENV_LIMIT] = 1, [OUTCOME_FAIL] = 2,
		[OUTCOME_REFUSED] = 3, [OUTCOME_NA] = 4, [OUTCOME_PASS] = 5,
	};
	const struct sum_group *a = x, *b = y;

	if (rank[a->o] != rank[b->o])
		return rank[a->o] - rank[b->o];
	if (a->ctx != b->ctx)
		return a->ctx - b->ctx;
	if (a->method != b->method)
		return a->method - b->method;
	return a->n != b->n ? (a->n < b->n ? 1 : -1) : strcmp(a->why, b->why);
}

int summary_build(const struct results *r, struct summary *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->r = r;
	s->oc = calloc(r->n + 1, sizeof(*s->oc));
	s->why = calloc(r->n + 1, sizeof(*s->why));
	s->ctx = calloc(r->n + 1, sizeof(*s->ctx));
	if (!s->oc || !s->why || !s->ctx)
		goto oom;
	for (size_t i = 0; i < r->n; i++) {
		s->oc[i] = point_outcome(&r->pts[i], s->why[i], sizeof(s->why[i]));
		s->count[s->oc[i]]++;
	}
	/* Contexts: runs of points with one context key (points are sorted by
	 * context first). */
	for (size_t i = 0; i < r->n;) {
		struct sum_context *c = &s->ctx[s->nctx++];
		size_t e = i + 1;

		context_key(&r->pts[i], c->key, sizeof(c->key));
		for (; e < r->n; e++) {
			char k[160];

			context_key(&r->pts[e], k, sizeof(k));
			if (strcmp(k, c->key))
				break;
		}
		c->first = i;
		c->end = e;
		for (size_t k = i; k < e && !c->map_type; k++)
			c->map_type = r->pts[k].result.map_type;
		snprintf(c->mode, sizeof(c->mode), "%s", r->pts[i].iommu_mode[0] ?
			 r->pts[i].iommu_mode : "-");
		snprintf(c->label, sizeof(c->label), "%s %.15s", map_type_abbr(c->map_type), c->mode);
		i = e;
	}
	if (s->nctx)
		qsort(s->ctx, s->nctx, sizeof(*s->ctx), ctx_cmp);
	/* Two contexts of one map type and mode (another CPU): say which. */
	for (size_t a = 0; a < s->nctx; a++)
		for (size_t b = 0; b < s->nctx; b++)
			if (a != b && !strcmp(s->ctx[a].mode, s->ctx[b].mode) &&
			    s->ctx[a].map_type == s->ctx[b].map_type) {
				const struct point *p = &r->pts[s->ctx[a].first];

				snprintf(s->ctx[a].label, sizeof(s->ctx[a].label), "%s %.15s %.10s",
					 map_type_abbr(s->ctx[a].map_type), s->ctx[a].mode,
					 p->cpu[0] ? p->cpu : p->topology);
				break;
			}
	for (size_t c = 0; c < s->nctx; c++)
		fill_context(s, &s->ctx[c]);
	for (size_t i = 0; i < r->n; i++)
		if (s->oc[i] != OUTCOME_PASS && group_add(s, i))
			goto oom;
	if (s->ngrp)
		qsort(s->grp, s->ngrp, sizeof(*s->grp), grp_cmp);
	return 0;
oom:
	summary_free(s);
	return errf(err, errlen, "summary: out of memory");
}

void summary_free(struct summary *s)
{
	for (size_t k = 0; k < s->ngrp; k++)
		free(s->grp[k].idx);
	free(s->grp);
	free(s->ctx);
	free(s->oc);
	free(s->why);
	memset(s, 0, sizeof(*s));
}

/* ---------------- A/B ---------------- */

/* "name n, name n" of the causes of ROWS with verdict V on side A or B. */
static void ab_causes(const struct cmp_row *rows, size_t n, enum cmp_verdict v, bool side_a,
		      char *buf, size_t len)
{
	struct { char name[64]; size_t n; } c[8];
	size_t nc = 0, used = 0;

	for (size_t i = 0; i < n; i++) {
		const struct point *p = side_a ? rows[i].a : rows[i].b;
		char why[256], name[64];
		enum outcome o;
		size_t k;

		if (rows[i].verdict != v || !p)
			continue;
		/* the failing repeat is not always the first: outcome of P
		 * when it failed, else just "fail" */
		o = point_outcome(p, why, sizeof(why));
		if (o == OUTCOME_KNOWN_BUG || o == OUTCOME_ENV_LIMIT)
			snprintf(name, sizeof(name), "%.63s", why);
		else
			snprintf(name, sizeof(name), "%s", outcome_name(o == OUTCOME_PASS ?
									 OUTCOME_FAIL : o));
		for (k = 0; k < nc && strcmp(c[k].name, name); k++)
			;
		if (k == nc) {
			if (nc == sizeof(c) / sizeof(c[0]))
				continue;
			snprintf(c[nc].name, sizeof(c[nc].name), "%s", name);
			c[nc++].n = 0;
		}
		c[k].n++;
	}
	buf[0] = '\0';
	for (size_t k = 0; k < nc && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s %zu", k ? ", " : "",
					 c[k].name, c[k].n);
}

int summary_compare(struct summary *s, const struct results *base, char *err, size_t errlen)
{
	struct cmp_opts o;
	struct cmp_row *rows = NULL;
	size_t n = 0;

	memset(&o, 0, sizeof(o));
	o.threshold = 0.05;
	o.conf = 0.95;
	if (compare_results(base, s->r, &o, &rows, &n, err, errlen))
		return -1;
	memset(s->ab, 0, sizeof(s->ab));
	for (size_t i = 0; i < n; i++)
		if ((unsigned int)rows[i].verdict < CMP_NR)
			s->ab[rows[i].verdict]++;
	s->ab_rows = n;
	s->have_ab = true;
	snprintf(s->ab_base, sizeof(s->ab_base), "%s", base->n ? base->pts[0].variant : "base");
	ab_causes(rows, n, CMP_FIXED, true, s->ab_fixed, sizeof(s->ab_fixed));
	ab_causes(rows, n, CMP_BROKEN, false, s->ab_broken, sizeof(s->ab_broken));
	free(rows);
	return 0;
}

/* ---------------- text ---------------- */

static const char *outcome_mark(enum outcome o)
{
	switch (o) {
	case OUTCOME_KNOWN_BUG: return "bug";
	case OUTCOME_ENV_LIMIT: return "env";
	case OUTCOME_NA: return "n/a";
	case OUTCOME_REFUSED: return "ref";
	case OUTCOME_FAIL: return "FAIL";
	default: return "-";
	}
}

static void fmt_ratio(char *buf, size_t len, const struct sum_cell *c)
{
	if (!c->have)
		snprintf(buf, len, "-");
	else if (c->o != OUTCOME_PASS)
		snprintf(buf, len, "%s", outcome_mark(c->o));
	else if (isnan(c->ratio))
		snprintf(buf, len, "-");
	else if (c->ratio < 0.01)
		snprintf(buf, len, "<.01");
	else if (c->ratio < 9.995)
		snprintf(buf, len, "%.2f", c->ratio);
	else if (c->ratio < 99.95)
		snprintf(buf, len, "%.1f", c->ratio);
	else if (c->ratio < 9999.5)
		snprintf(buf, len, "%.0f", c->ratio);
	else
		snprintf(buf, len, ">1e4");
}

static void fmt_counts(char *buf, size_t len, const struct sum_context *c, unsigned int m)
{
	if (c->maps[m] == -1)
		snprintf(buf, len, "-");
	else if (c->maps[m] == -2)
		snprintf(buf, len, "%s", outcome_mark(c->counts_o[m]));
	else
		snprintf(buf, len, "%lld/%lld", c->maps[m], c->syncs[m]);
}

static void fmt_largest(char *buf, size_t len, const struct sum_context *c, unsigned int m)
{
	if (c->largest[m])
		format_size(c->largest[m], buf, len);
	else
		snprintf(buf, len, "-");
}

static const char *const meth_abbr[SUM_NR_METH] = { "hlp", "att", "res", "phys" };

/* "helper, attach; hb DMA, hb DMA-FQ; ranges 4-65536, sizes 4K-1G" for the
 * points of G: contexts and methods unless the group has one, then the
 * shapes (listed when few, else their spans). */
static void describe(const struct summary *s, const struct sum_group *g, char *buf, size_t len)
{
	const struct results *r = s->r;
	bool meth[P2PBENCH_METHOD_COUNT] = { false };
	bool *ctxs = calloc(s->nctx + 1, sizeof(bool));
	struct { uint32_t nr; uint64_t len; } shp[4];
	size_t nshp = 0, used = 0;
	uint32_t rmin = UINT32_MAX, rmax = 0;
	uint64_t smin = UINT64_MAX, smax = 0;
	bool many = false;
	char a[32], b[32];

	buf[0] = '\0';
	for (size_t k = 0; k < g->n; k++) {
		const struct point *p = &r->pts[g->idx[k]];
		int c = ctx_of(s, g->idx[k]);
		size_t q;

		if (p->run.method < P2PBENCH_METHOD_COUNT)
			meth[p->run.method] = true;
		if (ctxs && c >= 0)
			ctxs[c] = true;
		rmin = p->run.nr_ranges < rmin ? p->run.nr_ranges : rmin;
		rmax = p->run.nr_ranges > rmax ? p->run.nr_ranges : rmax;
		smin = p->run.range_len < smin ? p->run.range_len : smin;
		smax = p->run.range_len > smax ? p->run.range_len : smax;
		for (q = 0; q < nshp; q++)
			if (shp[q].nr == p->run.nr_ranges && shp[q].len == p->run.range_len)
				break;
		if (q == nshp) {
			if (nshp < 4) {
				shp[nshp].nr = p->run.nr_ranges;
				shp[nshp++].len = p->run.range_len;
			} else {
				many = true;
			}
		}
	}
	if (g->method < 0) {
		for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT && used < len; m++)
			if (meth[m])
				used += (size_t)snprintf(buf + used, len - used, "%s%s",
							 used ? ", " : "", method_name(m));
		for (size_t c = 0, first = 1; ctxs && c < s->nctx && used < len; c++)
			if (ctxs[c]) {
				used += (size_t)snprintf(buf + used, len - used, "%s%s",
							 first ? "; " : ", ", s->ctx[c].label);
				first = 0;
			}
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "; ");
	}
	free(ctxs);
	if (!many && nshp <= 3) {
		for (size_t q = 0; q < nshp && used < len; q++)
			used += (size_t)snprintf(buf + used, len - used, "%s%ux%s", q ? ", " : "",
						 shp[q].nr, format_size(shp[q].len, a, sizeof(a)));
	} else if (used < len) {
		format_size(smin, a, sizeof(a));
		format_size(smax, b, sizeof(b));
		if (rmin == rmax)
			used += (size_t)snprintf(buf + used, len - used, "ranges %u", rmin);
		else
			used += (size_t)snprintf(buf + used, len - used, "ranges %u-%u", rmin, rmax);
		if (used < len)
			snprintf(buf + used, len - used, smin == smax ? ", size %s" : ", sizes %s-%s",
				 a, b);
	}
}

static void doc_header(struct doc *d, const struct summary *s)
{
	const struct results *r = s->r;
	const char *variant = r->n ? r->pts[0].variant : "?";
	json_t *sw = json_object_get(r->meta, "sweep");
	const char *sweep = json_string_value(json_object_get(sw, "name"));
	const char *tool = json_string_value(json_object_get(r->meta, "tool_version"));
	const char *release = NULL, *k;
	json_t *c;
	char line[256];
	size_t tl = tool ? strlen(tool) : 0;
	int n;

	json_object_foreach(json_object_get(r->meta, "contexts"), k, c) {
		release = json_string_value(json_object_get(json_object_get(c, "machine"),
							    "kernel_release"));
		if (release)
			break;
	}
	n = snprintf(line, sizeof(line), "Summary: %s sweep, %zu points, kernel %s%s%s%s",
		     sweep ? sweep : "a", r->n, release ? release : "", release ? " " : "",
		     release ? "" : "variant ", variant[0] ? variant : "base");
	/* the numbers are not reproducible from any commit: say so here too */
	if (tl > 6 && !strcmp(tool + tl - 6, "-dirty") && n > 0 && (size_t)n < sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, " (tool %s: DIRTY TREE)", tool);
	doc_section(d, "%s", line);
}

static void doc_ab(struct doc *d, const struct summary *s)
{
	char line[1024];
	size_t used;

	if (!s->have_ab)
		return;
	used = (size_t)snprintf(line, sizeof(line), "A/B vs %s: %zu fixed%s%s%s, %zu broken%s%s%s",
				s->ab_base, s->ab[CMP_FIXED], s->ab_fixed[0] ? " (" : "",
				s->ab_fixed, s->ab_fixed[0] ? ")" : "", s->ab[CMP_BROKEN],
				s->ab_broken[0] ? " (" : "", s->ab_broken,
				s->ab_broken[0] ? ")" : "");
	used += (size_t)snprintf(line + used, sizeof(line) - used, ", %zu slower, %zu faster",
				 s->ab[CMP_SLOWER], s->ab[CMP_FASTER]);
	/* every other verdict compare has (inconclusive, same, ...) but
	 * those the failure lines below tell already */
	for (unsigned int v = 0; v < CMP_NR && used < sizeof(line); v++)
		if (v != CMP_FIXED && v != CMP_BROKEN && v != CMP_SLOWER && v != CMP_FASTER &&
		    v != CMP_BOTH_FAIL && strcmp(cmp_verdict_name(v), "n/a") && s->ab[v])
			used += (size_t)snprintf(line + used, sizeof(line) - used, ", %zu %s",
						 s->ab[v], cmp_verdict_name(v));
	doc_para(d, DOC_BOLD "%s" DOC_BOLD, line);
	doc_brk(d);
}

static bool row_has_data(const struct summary *s, const struct sum_context *x, unsigned int w)
{
	bool base = false;

	/* no baseline in this context (a sweep without it): no row */
	for (size_t i = x->first; i < x->end && !base; i++)
		base = s->r->pts[i].run.method == rows[w].base;
	if (!base)
		return false;
	for (unsigned int z = 0; z < SUM_NR_SIZES; z++)
		for (unsigned int k = 0; k < SUM_NR_RANGES; k++)
			if (x->cell[w][z][k].have && (x->cell[w][z][k].o != OUTCOME_PASS ||
							 !isnan(x->cell[w][z][k].ratio)))
				return true;
	return false;
}

/*
 * A narrow table in the printf layout of the 72 columns: a first column
 * of 13, then NC columns of W[k] right-aligned, the one after SPLIT (if
 * any) one blank further.
 */
static void narrow_table(struct table *t, const unsigned int *w, unsigned int nc, unsigned int split)
{
	t->fixed = 1;
	t->width[0] = 13;
	for (unsigned int c = 0; c < nc; c++) {
		t->width[1 + c] = w[c];
		t->right[1 + c] = 1;
		t->pad[1 + c] = split && c == split;
	}
	t->ncols = 1 + nc;
}

/* NT under NCAP (if any) when narrow, WT under WCAP when wide. */
static void both_tables(struct doc *d, const char *ncap, struct table *nt, const char *wcap,
			struct table *wt)
{
	doc_only(d, OUT_NARROW);
	if (ncap)
		doc_line(d, "", "%s", ncap);
	doc_table(d, nt);
	doc_only(d, OUT_WIDE);
	doc_line(d, "", "%s", wcap);
	doc_brk(d);
	doc_table(d, wt);
	doc_brk(d);
	doc_only(d, 0);
}

static void doc_ratios(struct doc *d, const struct summary *s)
{
	struct table nt = { 0 }, wt = { 0 };
	unsigned int w[1 + SUM_NR_SIZES * SUM_NR_RANGES], ncell = SUM_NR_SIZES * SUM_NR_RANGES;
	char cell[16];

	/* narrow: context, ratio (abbreviated), 4K:1 16 256 4096 2M:1 ... */
	w[0] = 11;
	for (unsigned int k = 0; k < ncell; k++)
		w[1 + k] = 5;
	narrow_table(&nt, w, 1 + ncell, 1 + SUM_NR_RANGES);
	nt.right[1] = 0;
	nt.head[0] = "context";
	nt.head[1] = "ratio";
	wt.head[0] = "context";
	wt.head[1] = "ratio";
	wt.ncols = 2 + ncell;
	for (unsigned int z = 0; z < SUM_NR_SIZES; z++)
		for (unsigned int k = 0; k < SUM_NR_RANGES; k++) {
			unsigned int c = 2 + z * SUM_NR_RANGES + k;

			table_headf(&nt, c, "%s%u", k ? "" : z ? "2M:" : "4K:", sum_ranges[k]);
			table_headf(&wt, c, "%ux%s", sum_ranges[k], z ? "2M" : "4K");
			wt.right[c] = 1;
		}
	for (size_t c = 0; c < s->nctx; c++) {
		const struct sum_context *x = &s->ctx[c];

		for (unsigned int r = 0, shown = 0; r < SUM_NR_ROWS; r++) {
			if (!row_has_data(s, x, r))
				continue;
			if (table_row(&nt) || table_row(&wt))
				break;
			table_setf(&nt, 0, "%s", shown ? "" : x->label);
			table_setf(&wt, 0, "%s", shown ? "" : x->label);
			table_setf(&nt, 1, "%s", rows[r].abbr);
			table_setf(&wt, 1, "%s", rows[r].name);
			shown++;
			for (unsigned int z = 0; z < SUM_NR_SIZES; z++)
				for (unsigned int k = 0; k < SUM_NR_RANGES; k++) {
					fmt_ratio(cell, sizeof(cell), &x->cell[r][z][k]);
					table_setf(&nt, 2 + z * SUM_NR_RANGES + k, "%s", cell);
					table_setf(&wt, 2 + z * SUM_NR_RANGES + k, "%s", cell);
				}
		}
	}
	both_tables(d, "Map+unmap p50 over the baseline's (below 1: faster), or outcome", &nt,
		    "Map+unmap p50 of the method over the baseline's (below 1: faster); "
		    "a failed method shows its outcome.", &wt);
}

static void doc_counts(struct doc *d, const struct summary *s)
{
	static const unsigned int w[2 * SUM_NR_METH] = { 9, 9, 9, 9, 5, 5, 5, 5 };
	struct table nt = { 0 }, wt = { 0 };
	bool counts = false;
	char a[24], ncap[80];

	for (size_t c = 0; c < s->nctx; c++)
		for (unsigned int m = 0; m < SUM_NR_METH; m++)
			counts |= s->ctx[c].maps[m] != -1;
	/* narrow: the counts, then the largest sizes abbreviated; or, without
	 * 256 x 4K points, the largest sizes alone */
	narrow_table(&nt, w, counts ? 2 * SUM_NR_METH : SUM_NR_METH, counts ? SUM_NR_METH : 0);
	nt.head[0] = counts ? "context" : "largest ok";
	wt.head[0] = "context";
	wt.ncols = 1 + 2 * SUM_NR_METH;
	for (unsigned int m = 0; m < SUM_NR_METH; m++) {
		table_headf(&nt, 1 + m, "%s", method_name(meth_of[m]));
		if (counts)
			nt.head[1 + SUM_NR_METH + m] = meth_abbr[m];
		table_headf(&wt, 1 + m, "%s maps/syncs", method_name(meth_of[m]));
		table_headf(&wt, 1 + SUM_NR_METH + m, "%s largest", method_name(meth_of[m]));
		wt.right[1 + m] = wt.right[1 + SUM_NR_METH + m] = 1;
	}
	for (size_t c = 0; c < s->nctx; c++) {
		const struct sum_context *x = &s->ctx[c];

		if (table_row(&nt) || table_row(&wt))
			break;
		table_setf(&nt, 0, "%s", x->label);
		table_setf(&wt, 0, "%s", x->label);
		for (unsigned int m = 0; m < SUM_NR_METH; m++) {
			fmt_counts(a, sizeof(a), x, m);
			if (counts)
				table_setf(&nt, 1 + m, "%s", a);
			table_setf(&wt, 1 + m, "%s", a);
			fmt_largest(a, sizeof(a), x, m);
			table_setf(&nt, (counts ? 1 + SUM_NR_METH : 1) + m, "%s", a);
			table_setf(&wt, 1 + SUM_NR_METH + m, "%s", a);
		}
	}
	/* the counts' caption, then the largest sizes' over their columns */
	snprintf(ncap, sizeof(ncap), "%-49s%s", "IOMMU maps/syncs per map at 256x4K",
		 " largest size mapped");
	both_tables(d, counts ? ncap : NULL, &nt,
		    "IOMMU map calls / IOTLB syncs per map at 256 ranges of 4K, and the largest "
		    "size (range length) that maps correctly.", &wt);
}

static void doc_group(struct doc *d, const struct summary *s, const struct sum_group *g)
{
	const struct point *p = &s->r->pts[g->idx[0]];
	char desc[512], line[1200];

	describe(s, g, desc, sizeof(desc));
	switch (g->o) {
	case OUTCOME_KNOWN_BUG:
		snprintf(line, sizeof(line), "Known bug %s (%zu point%s): %s", g->why, g->n,
			 g->n == 1 ? "" : "s", desc);
		break;
	case OUTCOME_ENV_LIMIT:
		snprintf(line, sizeof(line), "Lab limit %s (%zu point%s): %s", g->why, g->n,
			 g->n == 1 ? "" : "s", desc);
		break;
	default:
		/* in full: where, which points, the whole reason */
		snprintf(line, sizeof(line), "%s %s %s (%zu): %s: %s",
			 g->o == OUTCOME_FAIL ? "FAIL" : "Refused",
			 g->ctx >= 0 ? s->ctx[g->ctx].label : "?", method_name(p->run.method), g->n,
			 desc, s->why[g->idx[0]]);
		break;
	}
	doc_item(d, "", 2, "%s", line);
}

static void doc_failures(struct doc *d, const struct summary *s)
{
	char line[256];
	size_t shown = 0;

	int n = snprintf(line, sizeof(line), "Outcomes: %zu pass, %zu n/a, %zu known bug, "
			 "%zu lab limit, %zu unexpected", s->count[OUTCOME_PASS],
			 s->count[OUTCOME_NA], s->count[OUTCOME_KNOWN_BUG],
			 s->count[OUTCOME_ENV_LIMIT], s->count[OUTCOME_FAIL]);
	if (s->count[OUTCOME_REFUSED] && n > 0 && (size_t)n < sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n, ", %zu refused",
			 s->count[OUTCOME_REFUSED]);
	doc_para(d, "%s", line);
	doc_brk(d);
	for (size_t k = 0; k < s->ngrp; k++)
		if (s->grp[k].o != OUTCOME_NA) {
			doc_group(d, s, &s->grp[k]);
			shown++;
		}
	if (shown)
		doc_brk(d);
}

void summary_doc(struct doc *d, const struct summary *s)
{
	d->width = SUM_WIDTH;
	doc_header(d, s);
	doc_ab(d, s);
	if (s->nctx) {
		doc_ratios(d, s);
		doc_counts(d, s);
	}
	doc_failures(d, s);
}

int summary_print(FILE *f, const struct summary *s, enum out_format fmt)
{
	struct doc d = { 0 };
	int r;

	summary_doc(&d, s);
	r = doc_print(f, &d, fmt);
	doc_free(&d);
	return r;
}

/* ---------------- JSON ---------------- */

static json_t *jcell(const struct sum_cell *c)
{
	if (c->have && c->o == OUTCOME_PASS && !isnan(c->ratio))
		return json_real(c->ratio);
	if (!c->have)
		return json_null();
	return json_string(c->o == OUTCOME_PASS ? "baseline-failed" : outcome_name(c->o));
}

json_t *summary_json(const struct summary *s)
{
	json_t *j = json_object(), *oc = json_object(), *ctxs = json_array(),
	       *grps = json_array(), *pts = json_array();
	char key[1024], buf[32];
	int bad = !j || !oc || !ctxs || !grps || !pts;

	for (unsigned int o = 0; o < OUTCOME_NR && !bad; o++)
		bad |= json_object_set_new(oc, outcome_name(o), json_integer((json_int_t)s->count[o]));
	for (size_t c = 0; c < s->nctx && !bad; c++) {
		const struct sum_context *x = &s->ctx[c];
		json_t *o = json_object(), *ratios = json_object(), *counts = json_object(),
		       *largest = json_object();

		bad |= !o || !ratios || !counts || !largest;
		for (unsigned int w = 0; w < SUM_NR_ROWS && !bad; w++) {
			json_t *byz = json_object();

			bad |= !byz;
			for (unsigned int z = 0; z < SUM_NR_SIZES && !bad; z++) {
				json_t *byk = json_object();

				bad |= !byk;
				for (unsigned int k = 0; k < SUM_NR_RANGES && !bad; k++) {
					snprintf(buf, sizeof(buf), "%u", sum_ranges[k]);
					bad |= json_object_set_new(byk, buf, jcell(&x->cell[w][z][k]));
				}
				format_size(sum_sizes[z], buf, sizeof(buf));
				bad |= json_object_set_new(byz, buf, byk);
			}
			bad |= json_object_set_new(ratios, rows[w].name, byz);
		}
		for (unsigned int m = 0; m < SUM_NR_METH && !bad; m++) {
			json_t *v;

			if (x->maps[m] >= 0)
				v = json_pack("{s:I, s:I}", "iommu_map_calls", (json_int_t)x->maps[m],
					      "iotlb_syncs", (json_int_t)x->syncs[m]);
			else if (x->maps[m] == -2)
				v = json_pack("{s:s}", "outcome", outcome_name(x->counts_o[m]));
			else
				v = json_null();
			bad |= json_object_set_new(counts, method_name(meth_of[m]), v);
			bad |= json_object_set_new(largest, method_name(meth_of[m]),
						   x->largest[m] ? json_integer((json_int_t)x->largest[m]) :
						   json_null());
		}
		bad |= json_object_set_new(o, "context", json_string(x->key));
		bad |= json_object_set_new(o, "label", json_string(x->label));
		bad |= json_object_set_new(o, "map_type", json_string(map_type_name(x->map_type)));
		bad |= json_object_set_new(o, "iommu_mode", json_string(x->mode));
		bad |= json_object_set_new(o, "map_unmap_p50_ratio", ratios);
		bad |= json_object_set_new(o, "per_map_256x4K", counts);
		bad |= json_object_set_new(o, "largest_size_ok", largest);
		bad |= json_array_append_new(ctxs, o);
	}
	for (size_t k = 0; k < s->ngrp && !bad; k++) {
		const struct sum_group *g = &s->grp[k];
		json_t *o = json_object(), *keys = json_array();

		bad |= !o || !keys;
		for (size_t q = 0; q < g->n && !bad; q++) {
			point_key(&s->r->pts[g->idx[q]], key, sizeof(key));
			bad |= json_array_append_new(keys, json_string(key));
		}
		bad |= json_object_set_new(o, "outcome", json_string(outcome_name(g->o)));
		bad |= json_object_set_new(o, "cause", json_string(g->why));
		bad |= json_object_set_new(o, "context", g->ctx >= 0 ?
					   json_string(s->ctx[g->ctx].key) : json_null());
		bad |= json_object_set_new(o, "method", g->method >= 0 ?
					   json_string(method_name((unsigned int)g->method)) :
					   json_null());
		bad |= json_object_set_new(o, "count", json_integer((json_int_t)g->n));
		bad |= json_object_set_new(o, "points", keys);
		bad |= json_array_append_new(grps, o);
	}
	for (size_t i = 0; i < s->r->n && !bad; i++) {
		point_key(&s->r->pts[i], key, sizeof(key));
		bad |= json_array_append_new(pts, json_pack("{s:s, s:i, s:s, s:s}", "key", key,
							    "repeat", (int)s->r->pts[i].repeat,
							    "outcome", outcome_name(s->oc[i]),
							    "why", s->why[i]));
	}
	if (!bad && s->have_ab) {
		json_t *ab = json_object();

		bad |= !ab;
		for (unsigned int v = 0; v < CMP_NR && !bad; v++)
			bad |= json_object_set_new(ab, cmp_verdict_name(v),
						   json_integer((json_int_t)s->ab[v]));
		bad |= json_object_set_new(ab, "base_variant", json_string(s->ab_base));
		bad |= json_object_set_new(ab, "fixed_causes", json_string(s->ab_fixed));
		bad |= json_object_set_new(ab, "broken_causes", json_string(s->ab_broken));
		bad |= json_object_set_new(j, "ab", ab);
	}
	if (!bad) {
		bad |= json_object_set_new(j, "points", json_integer((json_int_t)s->r->n));
		bad |= json_object_set_new(j, "outcomes", oc);
		oc = NULL;
		bad |= json_object_set_new(j, "contexts", ctxs);
		ctxs = NULL;
		bad |= json_object_set_new(j, "failures", grps);
		grps = NULL;
		bad |= json_object_set_new(j, "point_outcomes", pts);
		pts = NULL;
	}
	json_decref(oc);
	json_decref(ctxs);
	json_decref(grps);
	json_decref(pts);
	if (bad) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* ---------------- postable names ---------------- */

const char *kernel_source_name(const char *path, char *buf, size_t len)
{
	const char *pkg, *ver, *src;
	char v[128];

	if (!path || !(src = strstr(path, "/src/")))
		return NULL;
	ver = src + 5;
	pkg = strchr(ver, '/');
	if (!pkg || pkg == ver || (size_t)(pkg - ver) >= sizeof(v) || !pkg[1] ||
	    strchr(pkg + 1, '/'))
		return NULL;
	snprintf(v, sizeof(v), "%.*s", (int)(pkg - ver), ver);
	/* a patched copy: VERSION+pHASH */
	char *plus = strstr(v, "+p");
	if (plus && strspn(plus + 2, "0123456789abcdef") == strlen(plus + 2) && plus[2]) {
		*plus = '\0';
		snprintf(buf, len, "%s %s, patched (%s)", pkg + 1, v, plus + 2);
	} else {
		snprintf(buf, len, "%s %s", pkg + 1, v);
	}
	return buf;
}
