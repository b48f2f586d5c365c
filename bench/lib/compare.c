// SPDX-License-Identifier: GPL-2.0-only
/*
 * The comparison statistic of p2pbench compare (results.h; for I/O points
 * io_report.c uses its verdict rule): match the points of two results
 * directories and say, per point, whether B is faster, slower, the same,
 * broken or fixed (bench/README-results.md, "Comparing two runs"). The
 * change is judged on logarithms (stats_log_change(): a Welch interval of
 * the change of the geometric mean, widened by the histogram's
 * resolution); the verdict needs the change beyond the threshold and its
 * interval on that side of it (cmp_change_verdict()).
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "outcome.h"
#include "results.h"
#include "stats.h"

static const char *const verdicts[CMP_NR] = {
	[CMP_SAME] = "same", [CMP_FASTER] = "faster", [CMP_SLOWER] = "slower",
	[CMP_BROKEN] = "broken", [CMP_FIXED] = "fixed", [CMP_BOTH_FAIL] = "both-fail",
	[CMP_ONLY_A] = "only-A", [CMP_ONLY_B] = "only-B", [CMP_INCONCLUSIVE] = "inconclusive",
	[CMP_NA] = "n/a",
};

const char *cmp_verdict_name(enum cmp_verdict v)
{
	return v < CMP_NR ? verdicts[v] : "?";
}

/*
 * The kernel histogram reports a bucket's middle, at most 1/128 of the
 * value away from the truth (kernel/p2pbench_hist.c).
 */
#define CMP_RESOLUTION (1.0 / 128)

const char *results_clock(const struct results *r)
{
	const char *c = r->n ? r->pts[0].clock : POINT_CLOCK_WALL;

	for (size_t i = 1; i < r->n; i++)
		if (strcmp(r->pts[i].clock, c))
			return NULL;
	return c;
}

/* End of the run of repeats of PTS[I] (sorted by point_cmp). */
static size_t group_end(const struct point *pts, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && !point_key_cmp(&pts[i], &pts[j]))
		j++;
	return j;
}

static double metric(const struct point *p, const struct cmp_opts *o)
{
	const struct p2pbench_lat *l = o->unmap ? &p->result.unmap : &p->result.map;

	return (double)(o->stat == CMP_STAT_MEAN ? l->mean : l->p50);
}

/*
 * The samples of one side (struct cmp_row): into OUT, their number as the
 * return value; *BOOTS gets the number of distinct boots. P is sorted by
 * boot, then repeat. TMP has room for N values.
 */
static size_t side_samples(const struct point *p, size_t n, const struct cmp_opts *o,
			   bool icount, double *out, double *tmp, size_t *boots)
{
	size_t nb = 0, ns = 0;

	for (size_t i = 0; i < n; i++)
		nb += !i || p[i].boot != p[i - 1].boot;
	*boots = nb;
	if (icount || nb < 2) {
		for (size_t i = 0; i < n; i++)
			out[ns++] = metric(&p[i], o);
		return ns;
	}
	for (size_t i = 0, j; i < n; i = j) {
		size_t k = 0;

		for (j = i; j < n && p[j].boot == p[i].boot; j++)
			tmp[k++] = metric(&p[j], o);
		out[ns++] = stats_median(tmp, k);
	}
	return ns;
}

/* Every point of a side n/a: the why of the first. */
static bool side_na(const struct point *p, size_t n, char *why, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (point_outcome(&p[i], i ? NULL : why, len) != OUTCOME_NA)
			return false;
	return n > 0;
}

/*
 * The variance of the log of a side's value when the side has only one
 * (S == 1): the sampling error of that point's median (or mean) from its
 * own samples; NAN with fewer than 2 samples. 0 when the side has more.
 */
static double one_value_var(const struct point *p, size_t s, const struct cmp_opts *o)
{
	const struct p2pbench_lat *l = o->unmap ? &p->result.unmap : &p->result.map;
	double v = (double)(o->stat == CMP_STAT_MEAN ? l->mean : l->p50), se;

	/* A value of 0 (below the clock) is judged apart, by judge(). */
	if (s != 1 || !(v > 0))
		return 0;
	if (l->samples < 2)
		return NAN;
	/* The standard error of a median is about 1.2533 times that of a mean. */
	se = (o->stat == CMP_STAT_MEAN ? 1.0 : 1.2533) * (double)l->stddev / v /
	     sqrt((double)l->samples);
	return se * se;
}

enum cmp_verdict cmp_change_verdict(const struct stats_change *c, double threshold,
				    char *why, size_t len)
{
	if (c->lo > 0 && c->delta > threshold)
		return CMP_SLOWER;
	if (c->hi < 0 && c->delta < -threshold)
		return CMP_FASTER;
	if (c->lo > -threshold && c->hi < threshold)
		return CMP_SAME;
	snprintf(why, len, "the interval spans the threshold");
	return CMP_INCONCLUSIVE;
}

static void judge(struct cmp_row *r, const struct cmp_opts *o, bool icount, double *va,
		  double *vb, double *tmp)
{
	struct stats_change c;
	char w[160];

	r->fa = r->fb = 0;
	for (size_t i = 0; i < r->na; i++)
		r->fa += point_failed(&r->a[i]);
	for (size_t i = 0; i < r->nb; i++)
		r->fb += point_failed(&r->b[i]);
	r->sa = side_samples(r->a, r->na, o, icount, va, tmp, &r->boots_a);
	r->sb = side_samples(r->b, r->nb, o, icount, vb, tmp, &r->boots_b);
	r->med_a = r->med_b = r->delta = r->ci_lo = r->ci_hi = r->mde = NAN;
	r->why[0] = '\0';
	if (side_na(r->a, r->na, w, sizeof(w)) || side_na(r->b, r->nb, w, sizeof(w))) {
		/* Cannot apply on one side at least: nothing to compare. */
		snprintf(r->why, sizeof(r->why), "%s", w);
		r->verdict = CMP_NA;
		return;
	}
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
	r->med_a = stats_median(va, r->sa);
	r->med_b = stats_median(vb, r->sb);
	r->verdict = CMP_INCONCLUSIVE;
	/*
	 * One value on a side (one repeat, icount; the wall clock needs
	 * boots, below): its own samples give its
	 * spread. One timed sample gives none: even icount moves a single
	 * sample by a timer's phase (-6.8% .. -12.9% between two boots seen).
	 */
	double one_a = icount ? one_value_var(r->a, r->sa, o) : 0;
	double one_b = icount ? one_value_var(r->b, r->sb, o) : 0;

	if (isnan(one_a) || isnan(one_b)) {
		if (r->med_a > 0)
			r->delta = r->med_b / r->med_a - 1;
		snprintf(r->why, sizeof(r->why), "one timed sample: no spread to judge by");
		return;
	}
	/* A mean is summed exactly; only a histogram percentile is bucketed. */
	if (stats_log_change(va, r->sa, vb, r->sb, o->conf,
			     o->stat == CMP_STAT_P50 ? CMP_RESOLUTION : 0, one_a, one_b, &c)) {
		snprintf(r->why, sizeof(r->why), "a latency of 0: below the clock");
		if (r->med_a == r->med_b)
			r->verdict = CMP_SAME;
		return;
	}
	r->delta = c.delta;
	r->ci_lo = c.lo;
	r->ci_hi = c.hi;
	/* One boot a side on the wall clock: its repeats say nothing of how
	 * much another boot moves. */
	if (!icount && (r->boots_a < 2 || r->boots_b < 2)) {
		snprintf(r->why, sizeof(r->why), "one boot a side on the wall clock: run 2 or more");
		return;
	}
	r->mde = c.mde;
	r->verdict = cmp_change_verdict(&c, o->threshold, r->why, sizeof(r->why));
}

int compare_results(const struct results *a, const struct results *b, const struct cmp_opts *o,
		    struct cmp_row **rows, size_t *n, char *err, size_t errlen)
{
	const char *ca = results_clock(a), *cb = results_clock(b);
	size_t i = 0, j = 0, cap = a->n + b->n + 1, nr = 0, big = (a->n > b->n ? a->n : b->n) + 1;
	struct cmp_row *out;
	double *va, *vb, *tmp;
	bool icount;

	if (!ca || !cb)
		return errf(err, errlen, "%s mixes points of the wall and the icount clock",
			    !ca ? a->dir : b->dir);
	/* Without points, a side has no clock to disagree with. */
	if (a->n && b->n && strcmp(ca, cb))
		return errf(err, errlen, "A was measured on the %s clock and B on the %s clock: "
			    "their latencies count different things", ca, cb);
	icount = !strcmp(a->n ? ca : cb, POINT_CLOCK_ICOUNT);
	out = calloc(cap, sizeof(*out));
	va = malloc(big * sizeof(*va));
	vb = malloc(big * sizeof(*vb));
	tmp = malloc(big * sizeof(*tmp));
	if (!out || !va || !vb || !tmp) {
		free(out);
		free(va);
		free(vb);
		free(tmp);
		return errf(err, errlen, "out of memory");
	}
	while (i < a->n || j < b->n) {
		struct cmp_row *r = &out[nr++];
		int c = i >= a->n ? 1 : j >= b->n ? -1 : point_key_cmp(&a->pts[i], &b->pts[j]);
		size_t ie = i < a->n ? group_end(a->pts, a->n, i) : i;
		size_t je = j < b->n ? group_end(b->pts, b->n, j) : j;

		if (c) {
			const struct point *p = c < 0 ? &a->pts[i] : &b->pts[j];
			size_t np = c < 0 ? ie - i : je - j, nf = 0;

			for (size_t k = 0; k < np; k++)
				nf += point_failed(&p[k]);
			*r = (struct cmp_row){ .verdict = c < 0 ? CMP_ONLY_A : CMP_ONLY_B };
			if (c < 0) {
				r->a = p, r->na = np, r->fa = nf;
				i = ie;
			} else {
				r->b = p, r->nb = np, r->fb = nf;
				j = je;
			}
			r->med_a = r->med_b = r->delta = r->ci_lo = r->ci_hi = r->mde = NAN;
			continue;
		}
		r->a = &a->pts[i];
		r->b = &b->pts[j];
		r->na = ie - i;
		r->nb = je - j;
		judge(r, o, icount, va, vb, tmp);
		i = ie;
		j = je;
	}
	free(va);
	free(vb);
	free(tmp);
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
