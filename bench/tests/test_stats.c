// SPDX-License-Identifier: GPL-2.0-only
/* Medians, percentiles, the PRNG, Student's t and the change on logs. */
#include <math.h>
#include <string.h>

#include "stats.h"
#include "unit.h"

#define NEAR(a, b, eps) (fabs((a) - (b)) <= (eps))
#define N(x) (sizeof(x) / sizeof((x)[0]))

static void test_summaries(void)
{
	const double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 };
	const double ten[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	const double sd[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	double copy[3];

	memcpy(copy, odd, sizeof(odd));
	CHECK(stats_median(odd, 3) == 2);
	CHECK(!memcmp(copy, odd, sizeof(odd)));	/* input untouched */
	CHECK(stats_median(even, 4) == 2.5);
	CHECK(NEAR(stats_percentile(ten, 10, 90), 9.1, 1e-12));
	CHECK(stats_percentile(ten, 10, 0) == 1 && stats_percentile(ten, 10, 100) == 10);
	CHECK(stats_mean(sd, 8) == 5);
	CHECK(NEAR(stats_stddev(sd, 8), 2.138089935299395, 1e-12));
	CHECK(stats_stddev(sd, 1) == 0);
	CHECK(isnan(stats_median(NULL, 0)) && isnan(stats_mean(NULL, 0)));
}

static void test_rng(void)
{
	struct stats_rng a = { 42 }, b = { 42 };
	unsigned int hist[5] = { 0 };

	for (int i = 0; i < 100; i++)
		CHECK(stats_rng_next(&a) == stats_rng_next(&b));
	/* splitmix64's published first output for seed 0 */
	struct stats_rng z = { 0 };
	CHECK(stats_rng_next(&z) == 0xe220a8397b1dcdafULL);
	for (int i = 0; i < 5000; i++)
		hist[stats_rng_below(&a, 5)]++;
	for (int i = 0; i < 5; i++)
		CHECK(hist[i] > 900 && hist[i] < 1100);
}

/* Published two-sided 95% and 80% one-sided quantiles of Student's t. */
static void test_t(void)
{
	CHECK(NEAR(stats_t_quantile(0.975, 1), 12.7062, 1e-3));
	CHECK(NEAR(stats_t_quantile(0.975, 2), 4.3027, 1e-3));
	CHECK(NEAR(stats_t_quantile(0.975, 5), 2.5706, 1e-3));
	CHECK(NEAR(stats_t_quantile(0.975, 30), 2.0423, 1e-3));
	CHECK(NEAR(stats_t_quantile(0.8, 10), 0.8791, 1e-3));
	CHECK(NEAR(stats_t_quantile(0.975, INFINITY), 1.95996, 1e-4));
	CHECK(NEAR(stats_t_quantile(0.025, 5), -2.5706, 1e-3));
	CHECK(NEAR(stats_t_cdf(0, 3), 0.5, 1e-12));
	CHECK(NEAR(stats_t_cdf(2.5706, 5), 0.975, 1e-4));
	CHECK(NEAR(stats_t_quantile(0.975, 7.5), (2.3646 + 2.3060) / 2, 0.02));	/* non-integer DF */
	CHECK(isnan(stats_t_quantile(0, 5)) && isnan(stats_t_quantile(1, 5)));
	CHECK(isnan(stats_t_quantile(0.5, 0)) && isnan(stats_t_cdf(NAN, 3)));
}

static void test_log_change(void)
{
	const double a[] = { 100, 102, 98, 101 }, b[] = { 110, 112, 108, 111 };
	const double one[] = { 100 }, other[] = { 110 }, zero[] = { 0, 1 };
	struct stats_change c;

	CHECK(stats_log_change(a, 4, b, 4, 0.95, 0, 0, 0, &c) == 0);
	CHECK(NEAR(c.delta, 0.1, 0.005) && c.lo > 0.06 && c.hi < 0.14 && c.lo < c.delta && c.hi > c.delta);
	CHECK(c.df > 5.9 && c.df <= 6.0001 && c.mde > 0 && c.mde < 0.1);
	/* the same sample against itself: the interval holds 0, tightly */
	CHECK(stats_log_change(a, 4, a, 4, 0.95, 0, 0, 0, &c) == 0);
	CHECK(c.delta == 0 && c.lo < 0 && c.hi > 0 && c.lo > -0.05);
	/* one value each: exact, so only the resolution widens it */
	CHECK(stats_log_change(one, 1, other, 1, 0.95, 1.0 / 128, 0, 0, &c) == 0);
	CHECK(NEAR(c.delta, 0.1, 1e-12) && isinf(c.df) && c.se == 0);
	CHECK(NEAR(c.lo, 1.1 * 127 / 129 - 1, 1e-12) && NEAR(c.hi, 1.1 * 129 / 127 - 1, 1e-12));
	CHECK(NEAR(c.mde, 129.0 / 127 - 1, 1e-12));
	/* one value against four: the four give the spread */
	CHECK(stats_log_change(one, 1, b, 4, 0.95, 0, 0, 0, &c) == 0 && NEAR(c.df, 3, 1e-9));
	/* undefined: empty, zero, bad level or resolution */
	CHECK(stats_log_change(a, 0, b, 4, 0.95, 0, 0, 0, &c) == -1);
	CHECK(stats_log_change(zero, 2, b, 4, 0.95, 0, 0, 0, &c) == -1);
	CHECK(stats_log_change(a, 4, b, 4, 1, 0, 0, 0, &c) == -1);
	CHECK(stats_log_change(a, 4, b, 4, 0.95, 1, 0, 0, &c) == -1);
	/* one value each, known to 2% each (log SD): a normal interval */
	CHECK(stats_log_change(one, 1, other, 1, 0.95, 0, 0.0004, 0.0004, &c) == 0);
	CHECK(isinf(c.df) && NEAR(c.se, sqrt(0.0008), 1e-12));
	CHECK(NEAR(c.lo, expm1(log(1.1) - 1.959964 * sqrt(0.0008)), 1e-5));
	CHECK(stats_log_change(one, 1, other, 1, 0.95, 0, -1, 0, &c) == -1);
	/* ties: no spread on either side and the same values: zero change */
	CHECK(stats_log_change(one, 1, one, 1, 0.95, 0, 0, 0, &c) == 0 && c.delta == 0 && c.lo == 0 && c.hi == 0);
}

int main(void)
{
	RUN(test_t);
	RUN(test_log_change);
	RUN(test_summaries);
	RUN(test_rng);
	return UNIT_DONE();
}
