// SPDX-License-Identifier: GPL-2.0-only
/* Medians, percentiles, the deterministic bootstrap and the rank test. */
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

static void test_bootstrap(void)
{
	const double a[] = { 100, 101, 99, 100, 102 }, b[] = { 110, 111, 109, 110, 112 };
	double lo, hi, lo2, hi2;

	CHECK(stats_boot_ratio_ci(a, 5, b, 5, STATS_BOOT_ITERS, 0.95, STATS_BOOT_SEED, &lo, &hi) == 0);
	CHECK(lo > 0.05 && hi < 0.15 && lo <= 0.1 && hi >= 0.1);
	/* deterministic */
	CHECK(stats_boot_ratio_ci(a, 5, b, 5, STATS_BOOT_ITERS, 0.95, STATS_BOOT_SEED, &lo2, &hi2) == 0);
	CHECK(lo == lo2 && hi == hi2);
	/* the same sample against itself: the interval holds 0 */
	CHECK(stats_boot_ratio_ci(a, 5, a, 5, STATS_BOOT_ITERS, 0.95, STATS_BOOT_SEED, &lo, &hi) == 0);
	CHECK(lo <= 0 && hi >= 0);
	/* one value each: a point interval */
	CHECK(stats_boot_ratio_ci(a, 1, b, 1, 100, 0.95, 1, &lo, &hi) == 0);
	CHECK(NEAR(lo, 0.1, 1e-12) && NEAR(hi, 0.1, 1e-12));
	const double zero[] = { 0, 0 };
	CHECK(stats_boot_ratio_ci(zero, 2, b, 5, 100, 0.95, 1, &lo, &hi) == -1);
	CHECK(stats_boot_ratio_ci(a, 0, b, 5, 100, 0.95, 1, &lo, &hi) == -1);
}

static void test_mann_whitney(void)
{
	/* scipy.stats.mannwhitneyu documentation example: U = 17, exact p = 1/9 */
	const double males[] = { 19, 22, 16, 29, 24 }, females[] = { 20, 11, 17, 12 };
	const double lo3[] = { 1, 2, 3 }, hi3[] = { 4, 5, 6 };
	const double lo4[] = { 1, 2, 3, 4 }, hi4[] = { 5, 6, 7, 8 };
	double u;

	CHECK(NEAR(stats_mann_whitney(males, 5, females, 4, &u), 1.0 / 9, 1e-12));
	CHECK(u == 17);
	/* completely separated: 2 / C(6,3) and 2 / C(8,4) */
	CHECK(NEAR(stats_mann_whitney(lo3, 3, hi3, 3, &u), 0.1, 1e-12) && u == 0);
	CHECK(NEAR(stats_mann_whitney(hi4, 4, lo4, 4, &u), 2.0 / 70, 1e-12) && u == 16);
	/* identical samples: ties, normal approximation, p = 1 */
	CHECK(NEAR(stats_mann_whitney(lo3, 3, lo3, 3, &u), 1, 1e-12) && u == 4.5);
	/* ties: normal approximation with tie and continuity corrections
	 * (reference computed independently in Python) */
	const double ta[] = { 1, 2, 2, 3, 7 }, tb[] = { 2, 4, 5, 6, 8, 9 };
	CHECK(NEAR(stats_mann_whitney(ta, 5, tb, 6, &u), 0.11730556401208675, 1e-9) && u == 6);
	CHECK(isnan(stats_mann_whitney(ta, 0, tb, 6, &u)));
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
	RUN(test_bootstrap);
	RUN(test_mann_whitney);
	return UNIT_DONE();
}
