/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Synthetic points for tests: plausible results without a kernel. Latency
 * grows with the number of ranges and, for translated modes, with the
 * IOMMU work; a seeded jitter makes repeats differ reproducibly.
 */
#ifndef P2PBENCH_SYNTH_H
#define P2PBENCH_SYNTH_H
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "point.h"
#include "stats.h"
#include "sweep.h"

/* A passing point; SCALE multiplies its latencies (1.0: nominal). */
static inline void synth_point(struct point *p, unsigned int method, unsigned int nr,
			       unsigned long long len, const char *mode, unsigned int repeat,
			       double scale)
{
	struct stats_rng rng = { (uint64_t)method * 1000003u + nr * 7919u + repeat * 31u + len };
	double per = method == P2PBENCH_METHOD_NULL ? 0 :
		     !strcmp(mode, "DMA") || !strcmp(mode, "DMA-FQ") ? 180 : 40;
	double jitter = 1 + (double)(stats_rng_below(&rng, 1000)) / 20000.0;	/* 0..5% */
	/* methods differ, so plots of synthetic data show separate lines */
	double map = (30 + per * (1 + 0.4 * method) * nr + (double)(len >> 20) * 0.5) * scale * jitter;
	double unmap = map * 0.6;

	point_defaults(p);
	p->run.method = method;
	p->run.nr_ranges = nr;
	p->run.range_len = len;
	snprintf(p->iommu_mode, sizeof(p->iommu_mode), "%s", mode);
	snprintf(p->cpu, sizeof(p->cpu), "intel");
	snprintf(p->topology, sizeof(p->topology), "switch");
	p->repeat = repeat;
	p->result.verdict = method == P2PBENCH_METHOD_NULL ? P2PBENCH_VERDICT_NONE : P2PBENCH_VERDICT_PASS;
	p->result.path = method == P2PBENCH_METHOD_NULL ? P2PBENCH_PATH_NONE :
			 !strcmp(mode, "DMA") || !strcmp(mode, "DMA-FQ") ? P2PBENCH_PATH_IOVA :
			 P2PBENCH_PATH_BUS_ADDR;
	p->result.map_type = P2PBENCH_MAP_BUS_ADDR;
	p->result.iterations = 1000;
	p->result.elapsed_ns = (unsigned long long)(map + unmap) * 1000;
	p->result.map = (struct p2pbench_lat){ 1000, 1, (unsigned long long)(map * 0.9),
		(unsigned long long)map, (unsigned long long)(map * 1.2), (unsigned long long)(map * 1.5),
		(unsigned long long)(map * 2), (unsigned long long)(map * 3), (unsigned long long)(map * 1.05),
		(unsigned long long)(map * 0.1) };
	p->result.unmap = (struct p2pbench_lat){ 1000, 1, (unsigned long long)(unmap * 0.9),
		(unsigned long long)unmap, (unsigned long long)(unmap * 1.2),
		(unsigned long long)(unmap * 1.5), (unsigned long long)(unmap * 2),
		(unsigned long long)(unmap * 3), (unsigned long long)(unmap * 1.05),
		(unsigned long long)(unmap * 0.1) };
	p->result.sg_nents = method == P2PBENCH_METHOD_NULL ? 0 : nr;
	p->result.dma_len = method == P2PBENCH_METHOD_NULL ? 0 : nr * len;
	snprintf(p->result.importer_group_type, sizeof(p->result.importer_group_type), "%s",
		 !strcmp(mode, "off") ? "none" : mode);
}

/* The module refused the point (ioctl error E, with MSG). */
static inline void synth_refuse(struct point *p, int e, const char *msg)
{
	memset(&p->result, 0, sizeof(p->result));
	p->refused_errno = e;
	snprintf(p->result.msg, sizeof(p->result.msg), "%s", msg);
}

/* A map call failed with -E (the helper's multi-range IOVA bug: EADDRINUSE). */
static inline void synth_map_error(struct point *p, int e, const char *msg)
{
	p->result.status = -e;
	p->result.verdict = P2PBENCH_VERDICT_MAP_ERROR;
	p->result.map.samples = 0;
	p->result.map.p50 = 0;
	snprintf(p->result.msg, sizeof(p->result.msg), "%s", msg);
}

/* A fresh empty directory under /tmp; BUF gets its path. */
static inline void synth_tmpdir(char *buf, size_t len)
{
	snprintf(buf, len, "/tmp/p2pbench-test.XXXXXX");
	if (!mkdtemp(buf)) {
		perror("mkdtemp");
		exit(2);
	}
}

static inline void synth_rmrf(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "# could not remove %s\n", dir);
}

#endif
