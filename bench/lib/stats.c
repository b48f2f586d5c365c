// SPDX-License-Identifier: GPL-2.0-only
/* Medians, percentiles, the PRNG, Student's t and the change on logs (stats.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Percentile of an already sorted array. */
static double sorted_percentile(const double *s, size_t n, double p)
{
	double h;
	size_t i;

	if (!n)
		return NAN;
	if (p <= 0)
		return s[0];
	if (p >= 100)
		return s[n - 1];
	h = (double)(n - 1) * p / 100.0;
	i = (size_t)h;
	if (i + 1 >= n)
		return s[n - 1];
	return s[i] + (h - (double)i) * (s[i + 1] - s[i]);
}

double stats_percentile(const double *x, size_t n, double p)
{
	double *s, r;

	if (!n)
		return NAN;
	s = malloc(n * sizeof(*s));
	if (!s)
		return NAN;
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	r = sorted_percentile(s, n, p);
	free(s);
	return r;
}

double stats_median(const double *x, size_t n)
{
	return stats_percentile(x, n, 50);
}

double stats_mean(const double *x, size_t n)
{
	double sum = 0;

	if (!n)
		return NAN;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	return sum / (double)n;
}

double stats_stddev(const double *x, size_t n)
{
	double m, ss = 0;

	if (n < 2)
		return 0;
	m = stats_mean(x, n);
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	return sqrt(ss / (double)(n - 1));
}

uint64_t stats_rng_next(struct stats_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t stats_rng_below(struct stats_rng *r, uint64_t n)
{
	/* Reject the top partial block so every value is equally likely. */
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, v;

	do
		v = stats_rng_next(r);
	while (v >= limit);
	return v % n;
}

#define STATS_TINY 1e-300

/* One step of the modified Lentz method: the factor it multiplies by. */
static double lentz_step(double num, double *c, double *d)
{
	*d = 1 + num * *d;
	*c = 1 + num / *c;
	if (fabs(*d) < STATS_TINY)
		*d = STATS_TINY;
	if (fabs(*c) < STATS_TINY)
		*c = STATS_TINY;
	*d = 1 / *d;
	return *d * *c;
}

/*
 * Regularised incomplete beta I_x(a, b) by its continued fraction
 * (modified Lentz), using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where
 * the fraction converges slowly.
 */
static double beta_cf(double a, double b, double x)
{
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;

	if (fabs(d) < STATS_TINY)
		d = STATS_TINY;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, del;

		h *= lentz_step(m * (b - m) * x / ((a + m2 - 1) * (a + m2)), &c, &d);
		del = lentz_step(-(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1)), &c, &d);
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

static double inc_beta(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

double stats_t_cdf(double t, double df)
{
	double tail;

	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(df))
		return 0.5 * erfc(-t / sqrt(2));
	/* P(|T| > |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2) */
	tail = inc_beta(df / 2, 0.5, df / (df + t * t));
	return t >= 0 ? 1 - tail / 2 : tail / 2;
}

double stats_t_quantile(double p, double df)
{
	double lo = -1, hi = 1;

	if (!(p > 0 && p < 1) || !(df > 0))
		return NAN;
	/* Bracket, then bisect: the CDF is monotonic; 200 halvings are plenty. */
	while (stats_t_cdf(lo, df) > p)
		lo *= 2;
	while (stats_t_cdf(hi, df) < p)
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + fabs(lo)); i++) {
		double mid = (lo + hi) / 2;

		if (stats_t_cdf(mid, df) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

/* Mean and sample variance of log X; -1 if a value is not positive. */
static int log_moments(const double *x, size_t n, double *mean, double *var)
{
	double sum = 0, ss = 0;

	for (size_t i = 0; i < n; i++) {
		if (!(x[i] > 0) || isinf(x[i]))
			return -1;
		sum += log(x[i]);
	}
	*mean = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (log(x[i]) - *mean) * (log(x[i]) - *mean);
	*var = n > 1 ? ss / (double)(n - 1) : 0;
	return 0;
}

int stats_log_change(const double *a, size_t na, const double *b, size_t nb, double conf,
		     double resolution, double one_a, double one_b, struct stats_change *c)
{
	double ma, va, mb, vb, qa, qb, d, q, tc, tp, res;

	if (!na || !nb || !(conf > 0 && conf < 1) || !(resolution >= 0 && resolution < 1) ||
	    log_moments(a, na, &ma, &va) || log_moments(b, nb, &mb, &vb))
		return -1;
	if (!(one_a >= 0) || !(one_b >= 0))
		return -1;
	qa = na > 1 ? va / (double)na : one_a;
	qb = nb > 1 ? vb / (double)nb : one_b;
	d = mb - ma;
	c->se = sqrt(qa + qb);
	if (c->se > 0) {
		/* Welch-Satterthwaite; a side of one value adds no degrees of
		 * freedom (its variance, if any, is taken as known). */
		double den = (na > 1 ? qa * qa / (double)(na - 1) : 0) +
			     (nb > 1 ? qb * qb / (double)(nb - 1) : 0);

		c->df = den > 0 ? (qa + qb) * (qa + qb) / den : INFINITY;
		tc = stats_t_quantile(1 - (1 - conf) / 2, c->df);
		tp = stats_t_quantile(0.8, c->df);
	} else {
		c->df = INFINITY;
		tc = tp = 0;
	}
	/* Two values each off by up to RESOLUTION: the log ratio by up to this. */
	res = log1p(resolution) - log1p(-resolution);
	q = tc * c->se + res;
	c->delta = expm1(d);
	c->lo = expm1(d - q);
	c->hi = expm1(d + q);
	c->mde = expm1((tc + tp) * c->se + res);
	return 0;
}
