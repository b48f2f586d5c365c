// SPDX-License-Identifier: GPL-2.0-only
/* The calibration workload (calib.h). */
#include <stdint.h>
#include <time.h>

#include "calib.h"
#include "stats.h"

#define CALIB_WORDS 8192	/* 64 KiB: in any L2, so memory speed hardly counts */
#define CALIB_PASSES 32

static uint64_t buf[CALIB_WORDS];

static double now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 0;
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* A dependent chain of xorshift steps through the buffer: the compiler
 * cannot fold it, and its cost is the CPU's (or the emulator's) alone. */
static uint64_t workload(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL, sum = 0;

	for (unsigned int p = 0; p < CALIB_PASSES; p++)
		for (unsigned int i = 0; i < CALIB_WORDS; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] += x;
			sum += buf[(i * 7 + p) % CALIB_WORDS];
		}
	return sum;
}

double calib_measure_ns(void)
{
	double t[CALIB_ROUNDS];
	volatile uint64_t sink;

	sink = workload();	/* warm: page faults, caches, translation */
	for (unsigned int r = 0; r < CALIB_ROUNDS; r++) {
		double t0 = now_ns();

		sink = workload();
		t[r] = now_ns() - t0;
		if (!t0)
			return 0;
	}
	(void)sink;
	return stats_median(t, CALIB_ROUNDS);
}
