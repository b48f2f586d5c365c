/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * End-to-end I/O points (io.h) in report, compare and plot. Each function
 * does nothing (returns 0) for a directory without I/O points, so the
 * mapping commands call them unconditionally.
 */
#ifndef P2PBENCH_IO_REPORT_H
#define P2PBENCH_IO_REPORT_H
#include <stdio.h>
#include <jansson.h>

#include "outfmt.h"

/* A section per tool: median over repeats of IOPS, bandwidth, latency and
 * iommu events per point, then the points that did not pass with their
 * reasons. FMT text, markdown or email prints to F; json puts the same as
 * {"points", "not_passed", "rows", "failures"} into *JSON (NULL without
 * I/O points). */
int io_report(FILE *f, const char *dir, enum out_format fmt, json_t **json, char *err, size_t errlen);

/* Match A's and B's I/O points by key and judge the primary metric (fio
 * IOPS, perftest bandwidth: higher is better; perftest latency: lower)
 * with compare's statistic. FMT text or markdown prints to F; json puts
 * {"rows": [...], "totals": {...}, ...} into *JSON (NULL without I/O
 * points). *REGRESSED is set when a point is slower or broken in B. */
int io_compare(FILE *f, const char *dir_a, const char *dir_b, double threshold, enum out_format fmt,
	       json_t **json, int *regressed, char *err, size_t errlen);

/* gnuplot figures io-fio-iops, io-fio-iommu and io-perftest into OUTDIR
 * (B dashed over A); prints the PNG/SVG paths. TERM is the PNG terminal. */
int io_plot(const char *dir_a, const char *dir_b, const char *outdir, const char *term,
	    char *err, size_t errlen);

#endif
