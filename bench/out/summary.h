/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The summary that opens every report: what the helper (and the importer's
 * whole dma-buf path, attach) costs against dma_map_resource() and
 * dma_map_phys() per context (map type x importer IOMMU mode), the IOMMU
 * work per map, the largest size that maps, and the failures grouped by
 * outcome (outcome.h). Built once from a results directory; printed as
 * plain text (at most 72 columns), markdown, or JSON.
 */
#ifndef P2PBENCH_SUMMARY_H
#define P2PBENCH_SUMMARY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <jansson.h>

#include "doc.h"
#include "outcome.h"
#include "results.h"

#define SUM_WIDTH DOC_WIDTH	/* columns of the plain-text summary */

#define SUM_NR_RANGES 4		/* 1, 16, 256, 4096 */
#define SUM_NR_SIZES 2		/* 4K, 2M */
extern const unsigned int sum_ranges[SUM_NR_RANGES];
extern const uint64_t sum_sizes[SUM_NR_SIZES];

/* Rows of the ratio table: a method over a baseline. */
enum sum_row { SUM_HELPER_RES, SUM_ATTACH_RES, SUM_HELPER_PHYS, SUM_NR_ROWS };
/* Methods whose IOMMU work and largest size are shown. */
enum sum_meth { SUM_M_HELPER, SUM_M_ATTACH, SUM_M_RESOURCE, SUM_M_PHYS, SUM_NR_METH };

struct sum_cell {
	double ratio;		/* method / baseline map+unmap p50; NAN if none */
	bool have;		/* the method's point exists */
	enum outcome o;		/* the method's outcome (PASS if it passed) */
	enum outcome base_o;	/* the baseline's */
};

struct sum_context {
	char key[160];		/* "cpu=amd,topology=hostbridge,iommu_mode=DMA" */
	char label[32];		/* "hb DMA": map type, importer mode (, cpu) */
	unsigned int map_type;
	char mode[16];
	size_t first, end;	/* its points: r->pts[first..end) */
	struct sum_cell cell[SUM_NR_ROWS][SUM_NR_SIZES][SUM_NR_RANGES];
	/* per map at 256 ranges of 4K: -1 not measured, -2 failed */
	long long maps[SUM_NR_METH], syncs[SUM_NR_METH];
	enum outcome counts_o[SUM_NR_METH];
	uint64_t largest[SUM_NR_METH];	/* largest size (range length) passing */
};

/* Failed points of one cause: an outcome and its reason. Unexpected
 * failures are grouped by context, method and reason too. */
struct sum_group {
	enum outcome o;
	char why[256];		/* the cause (bug name, limit, reason) */
	int ctx;		/* fail and refused: context index, else -1 */
	int method;		/* fail and refused: method, else -1 */
	size_t *idx;		/* indices into r->pts */
	size_t n, cap;
};

struct summary {
	const struct results *r;
	enum outcome *oc;	/* per point */
	char (*why)[256];
	size_t count[OUTCOME_NR];
	struct sum_context *ctx;
	size_t nctx;
	struct sum_group *grp;	/* n/a, known bugs, env limits, refused, fail */
	size_t ngrp;
	/* A/B against a base run (summary_compare) */
	bool have_ab;
	char ab_base[64];	/* the base's variant */
	size_t ab[CMP_NR];
	size_t ab_rows;
	char ab_fixed[256];	/* "iova-offset 60": A's causes of the fixed rows */
	char ab_broken[256];	/* B's causes of the broken rows */
};

/* Classify every point of R (which must outlive S) and build S. */
int summary_build(const struct results *r, struct summary *s, char *err, size_t errlen);
/* Add the A/B headline: BASE against S's results, compare_results(). */
int summary_compare(struct summary *s, const struct results *base, char *err, size_t errlen);
void summary_free(struct summary *s);

/* The summary as a document of SUM_WIDTH columns (doc.h): plain text
 * lines of at most SUM_WIDTH columns, or markdown with full names. */
void summary_doc(struct doc *d, const struct summary *s);
/* summary_doc() printed as FMT; 0, or -1 (out of memory, write error). */
int summary_print(FILE *f, const struct summary *s, enum out_format fmt);
/* Everything above as JSON (with each point's outcome). */
json_t *summary_json(const struct summary *s);

/* "linux-source-7.2 7.2.12-1~bpo13+1" from a kernel source path of the
 * kernel cache (.../src/VERSION[+pHASH]/PACKAGE), or NULL when PATH is not
 * one (it is then a host path, not for a report). */
const char *kernel_source_name(const char *path, char *buf, size_t len);

#endif
