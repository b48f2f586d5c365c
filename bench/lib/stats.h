/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small-sample statistics for comparing runs. Inputs are arrays of doubles
 * (one value per repeat of a point, e.g. each repeat's p50 map latency);
 * no function modifies or keeps its input. Everything is deterministic:
 * the PRNG has a fixed sequence for a seed, the same on every machine.
 */
#ifndef P2PBENCH_STATS_H
#define P2PBENCH_STATS_H
#include <stddef.h>
#include <stdint.h>

/* NAN for n == 0. Percentile P in [0, 100], linear interpolation between
 * closest ranks (R type 7, numpy's default). */
double stats_median(const double *x, size_t n);
double stats_percentile(const double *x, size_t n, double p);
double stats_mean(const double *x, size_t n);
/* Sample standard deviation (n - 1); 0 for n < 2. */
double stats_stddev(const double *x, size_t n);

/* splitmix64: a tiny, well-mixed generator; same sequence everywhere. */
struct stats_rng {
	uint64_t state;
};
uint64_t stats_rng_next(struct stats_rng *r);
/* Uniform in [0, n), without modulo bias. N > 0. */
uint64_t stats_rng_below(struct stats_rng *r, uint64_t n);

/*
 * Student's t distribution: the two-sided tail is what a confidence
 * interval needs. stats_t_cdf() is P(T <= t) for DF > 0 degrees of freedom
 * (not necessarily whole: Welch's DF is not); stats_t_quantile() its
 * inverse for P in (0, 1). NAN for bad arguments; DF = INFINITY is the
 * normal distribution.
 */
double stats_t_cdf(double t, double df);
double stats_t_quantile(double p, double df);

/*
 * The relative change of B against A from two samples of latencies,
 * judged on logarithms (latencies are positive and their spread scales
 * with them): DELTA = exp(mean log B - mean log A) - 1, a Welch interval
 * [LO, HI] at level CONF, and MDE, the smallest change this data detects
 * 4 times in 5 (a two-sided test at 1 - CONF with 80% power).
 *
 * A side of one value has no spread of its own: it counts as exact, or as
 * known to within ONE_A / ONE_B below (the caller decides what is honest).
 * RESOLUTION is the relative error of every value (the histogram reports
 * a bucket's middle: 1/128); the interval and the MDE are widened by it,
 * so that two values in neighbouring buckets never look different.
 */
struct stats_change {
	double delta, lo, hi, mde;
	double se;	/* standard error of the difference of mean logs */
	double df;	/* Welch-Satterthwaite degrees of freedom; INFINITY if exact */
};

/*
 * 0, or -1 when undefined (an empty side, a value <= 0). ONE_A and ONE_B
 * are the variance of the log of a side's value when that side has only
 * one (e.g. the sampling error of that point's own median); 0 when it is
 * exact. They add to the standard error with infinite degrees of freedom.
 */
int stats_log_change(const double *a, size_t na, const double *b, size_t nb, double conf,
		     double resolution, double one_a, double one_b, struct stats_change *c);

#endif
