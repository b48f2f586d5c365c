// SPDX-License-Identifier: GPL-2.0-only
/*
 * Log-linear latency histogram in fixed memory.
 *
 * Values below 64 ns have a bucket each. Above, every power of two is cut
 * into 64 equal buckets, so a bucket is at most 1/64 of its lower bound
 * wide; reporting its middle keeps the error within 1/128. Threads keep
 * their own histogram and they are merged after the run, so the hot path
 * takes no lock and does no division.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "p2pbench.h"

static unsigned int hist_index(u64 v)
{
	unsigned int shift;

	if (v < P2PBENCH_HIST_SUB)
		return v;
	if (v >= BIT_ULL(P2PBENCH_HIST_MAX_SHIFT))
		return P2PBENCH_HIST_BUCKETS - 1;

	/* fls64() - 1 is the power of two; keep the top 7 bits of v. */
	shift = fls64(v) - 1 - P2PBENCH_HIST_SUB_SHIFT;
	return P2PBENCH_HIST_SUB * (shift + 1) +
	       ((v >> shift) & (P2PBENCH_HIST_SUB - 1));
}

/* The lower bound and the width of bucket @i. */
static u64 hist_low(unsigned int i, u64 *width)
{
	unsigned int shift;

	if (i < P2PBENCH_HIST_SUB) {
		*width = 1;
		return i;
	}
	shift = i / P2PBENCH_HIST_SUB - 1;
	*width = BIT_ULL(shift);
	return (u64)(P2PBENCH_HIST_SUB + i % P2PBENCH_HIST_SUB) << shift;
}

/* The value reported for bucket @i: its middle, inside [min, max]. */
static u64 hist_value(const struct p2pbench_hist *h, unsigned int i)
{
	u64 width, low = hist_low(i, &width);

	return clamp(low + width / 2, h->min, h->max);
}

/**
 * p2pbench_hist_reset() - empty a histogram
 * @h: the histogram
 */
void p2pbench_hist_reset(struct p2pbench_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = U64_MAX;
}

/**
 * p2pbench_hist_add() - record one sample
 * @h: the histogram
 * @sample_ns: time the whole batch took
 * @batch: operations in the batch, at least 1
 *
 * The histogram, min and max hold per-operation values (rounded to the
 * nearest ns); the mean is computed from the raw sum, so it keeps the
 * fraction a batch gives.
 */
void p2pbench_hist_add(struct p2pbench_hist *h, u64 sample_ns, u32 batch)
{
	u64 v = batch > 1 ? div_u64(sample_ns + batch / 2, batch) : sample_ns;

	h->samples++;
	h->sum_ns += sample_ns;
	h->ops += batch;
	h->min = min(h->min, v);
	h->max = max(h->max, v);
	h->bucket[hist_index(v)]++;
}

/**
 * p2pbench_hist_merge() - add the samples of @src to @dst
 * @dst: the histogram to merge into
 * @src: the histogram to merge
 */
void p2pbench_hist_merge(struct p2pbench_hist *dst,
			 const struct p2pbench_hist *src)
{
	unsigned int i;

	if (!src->samples)
		return;
	dst->samples += src->samples;
	dst->sum_ns += src->sum_ns;
	dst->ops += src->ops;
	dst->min = min(dst->min, src->min);
	dst->max = max(dst->max, src->max);
	for (i = 0; i < P2PBENCH_HIST_BUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
}

/* Smallest value with at least @permille / 1000 of the samples at or below. */
static u64 hist_percentile(const struct p2pbench_hist *h, unsigned int permille)
{
	u64 rank = max_t(u64, 1, DIV_ROUND_UP_ULL(h->samples * permille, 1000));
	u64 seen = 0;
	unsigned int i;

	for (i = 0; i < P2PBENCH_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			return hist_value(h, i);
	}
	return h->max;
}

/*
 * Standard deviation around the exact mean, with each sample at its
 * bucket's value. Deviations are capped at 2^32 - 1 ns (4.3 s) so that the
 * squares fit; mul_u64_u64_div_u64() keeps count * square / samples exact.
 */
static u64 hist_stddev(const struct p2pbench_hist *h, u64 mean)
{
	u64 var = 0;
	unsigned int i;

	for (i = 0; i < P2PBENCH_HIST_BUCKETS; i++) {
		u64 v, d;

		if (!h->bucket[i])
			continue;
		v = hist_value(h, i);
		d = min_t(u64, v > mean ? v - mean : mean - v, U32_MAX);
		var += mul_u64_u64_div_u64(d * d, h->bucket[i], h->samples);
	}
	return int_sqrt64(var);
}

/**
 * p2pbench_hist_report() - summarize a histogram into the uapi form
 * @h: the histogram
 * @batch: operations per sample
 * @lat: filled with the summary, all zero without samples
 */
void p2pbench_hist_report(const struct p2pbench_hist *h, u32 batch,
			  struct p2pbench_lat *lat)
{
	memset(lat, 0, sizeof(*lat));
	lat->batch = batch;
	if (!h->samples)
		return;

	lat->samples = h->samples;
	lat->min = h->min;
	lat->max = h->max;
	lat->p50 = hist_percentile(h, 500);
	lat->p90 = hist_percentile(h, 900);
	lat->p99 = hist_percentile(h, 990);
	lat->p999 = hist_percentile(h, 999);
	lat->mean = div64_u64(h->sum_ns + h->ops / 2, h->ops);
	lat->stddev = hist_stddev(h, lat->mean);
}
