/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A results directory (bench/README-results.md):
 *   DIR/points/<key>,repeat=N.json   one finished point each (struct point)
 *   DIR/meta.json                    how, where and on what it was measured
 *   DIR/points.json, DIR/points.csv  every point, sorted (sweep --collect)
 * Every file is written atomically: a temporary file in the same
 * directory, fsync, rename, fsync of the directory. A reader never sees a
 * half-written file, and an interrupted sweep leaves only finished points.
 */
#ifndef P2PBENCH_RESULTS_H
#define P2PBENCH_RESULTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>
#include <linux/p2pbench.h>

#include "point.h"

#define RESULTS_FORMAT 1	/* version of meta.json and points.json */

/* Write PATH atomically with what FILL writes to F (FILL returns 0 or -1). */
int atomic_write(const char *path, int (*fill)(FILE *f, void *arg), void *arg,
		 char *err, size_t errlen);
/* J as indented JSON with sorted keys and a final newline. */
int atomic_write_json(const char *path, const json_t *j, char *err, size_t errlen);
/* mkdir -p. */
int mkdir_p(const char *path, char *err, size_t errlen);

/* A point failed when the module refused it, a map failed or a check failed. */
bool point_failed(const struct point *p);
/* One short reason: "EINVAL: msg", "map-error EADDRINUSE: msg",
 * "fail (addr,align): msg", or "" for a point that did not fail. */
void point_failure(const struct point *p, char *buf, size_t len);

/* Order of points everywhere: dimension by dimension in table order
 * (numbers as numbers), then repeat, then variant. */
/* Order by parameters and context only: repeats and variants of one point
 * compare equal (how compare matches A with B). */
int point_key_cmp(const struct point *a, const struct point *b);
int point_cmp(const struct point *a, const struct point *b);
void points_sort(struct point *pts, size_t n);

/* "<key>,repeat=N.json"; keys too long for a file name are cut and get a
 * hash of the whole key instead. */
void point_file_name(const struct point *p, char *buf, size_t len);
/* Write P to DIR/points/<file name>; *PATH (if not NULL) gets its path. */
int point_save(const char *dir, const struct point *p, char *path, size_t pathlen,
	       char *err, size_t errlen);
/* Read one point file; errors name the file (and line:column for JSON). */
int point_load(const char *path, struct point *p, char *err, size_t errlen);

/* JSON file into *J; errors are "PATH:LINE:COLUMN: reason". */
int json_load_path(const char *path, json_t **j, char *err, size_t errlen);

struct results {
	char dir[4096];
	json_t *meta;		/* meta.json, NULL when there is none */
	struct point *pts;	/* sorted */
	size_t n;
};

/* Load DIR: its points/ files (or points.json when points/ is absent) and
 * meta.json if present. Any unreadable, corrupt or truncated file is an
 * error naming it; so are two files holding the same point. */
int results_load(const char *dir, struct results *r, char *err, size_t errlen);
void results_free(struct results *r);

/* Write DIR/points.json and DIR/points.csv from DIR/points/. */
int results_collect(const char *dir, char *err, size_t errlen);

/* ---- meta.json ---- */

/* The machine as this process sees it: kernel release and version,
 * /proc/cmdline, CPU model, IOMMU driver(s). */
json_t *meta_machine(void);
/* The module's view of the devices (P2PBENCH_IOC_INFO). */
json_t *meta_devices(const struct p2pbench_info *info);
/* "2026-11-21T09:04:00Z" */
void utc_now(char *buf, size_t len);
/* Shell-quoted command line. */
void command_line(int argc, char **argv, char *buf, size_t len);

/* "cpu=amd,topology=switch,iommu_mode=DMA": the context dimensions of P,
 * "any" when it has none; its context's key in meta.json (later boots add
 * ",boot=N"). */
void point_context_key(const struct point *p, char *buf, size_t len);
/* "cpu amd, topology switch": the same for a title, NONE when it has none. */
void point_context_title(const struct point *p, const char *none, char *buf, size_t len);
/* A and B have the same context; the same context and run parameters
 * (repeats and boots of one point). */
bool point_same_context(const struct point *a, const struct point *b);
bool point_same_key(const struct point *a, const struct point *b);
/* The IOMMU driver META recorded for context CTX (its first boot that has
 * one): "intel-iommu", "amd-iommu", "none"; NULL when none is recorded. */
const char *meta_context_iommu_driver(json_t *meta, const char *ctx);

/* Extra metadata from FILE: a JSON object, or "key=value" lines. */
int meta_read_extra(const char *path, json_t **j, char *err, size_t errlen);

/*
 * Update DIR/meta.json under a lock-free read-modify-write (one sweep runs
 * per directory at a time): set every member of TOP at the top level, and
 * CONTEXT (if not NULL) as contexts[CONTEXT_KEY]. Created when missing.
 */
int meta_update(const char *dir, json_t *top, const char *context_key, json_t *context,
		char *err, size_t errlen);

/* ---- comparing two results (compare.c) ---- */

enum cmp_verdict {
	CMP_SAME,	/* the interval of the change lies inside +-threshold */
	CMP_FASTER,	/* B below A beyond the threshold, interval below 0 */
	CMP_SLOWER,	/* B above A beyond the threshold, interval above 0 */
	CMP_BROKEN,	/* passes in A, fails in B */
	CMP_FIXED,	/* fails in A, passes in B */
	CMP_BOTH_FAIL,
	CMP_ONLY_A,	/* unmatched */
	CMP_ONLY_B,
	CMP_INCONCLUSIVE, /* the data cannot tell: too few boots, or the
			   * interval spans the threshold */
	CMP_NA,		/* the point cannot apply here (outcome n/a) */
	CMP_NR,
};

const char *cmp_verdict_name(enum cmp_verdict v);

/* What a side's latencies are judged by. */
enum cmp_stat { CMP_STAT_P50, CMP_STAT_MEAN };

struct cmp_opts {
	double threshold;	/* relative, 0.05 = 5% */
	int unmap;		/* compare unmap instead of map latency */
	double conf;		/* confidence level of the interval, 0.95 */
	enum cmp_stat stat;	/* each repeat's p50 (default) or mean */
};

/*
 * The samples of a side, by the clock the points were measured on:
 *   icount  every repeat of every boot: the clock is deterministic, so
 *           repeats and boots are alike (and one value is exact up to
 *           the histogram's resolution);
 *   wall    with 2 or more boots, one value a boot (the median of its
 *           repeats): boots, not repeats inside one boot, are what varies
 *           between two runs; with one boot, its repeats, and no verdict
 *           beyond "inconclusive" (the boot-to-boot spread is unknown).
 */
struct cmp_row {
	const struct point *a, *b;	/* first repeat of each side; NULL if absent */
	size_t na, nb;			/* points (repeats x boots) */
	size_t fa, fb;			/* failed points */
	size_t boots_a, boots_b;	/* distinct boots */
	size_t sa, sb;			/* samples judged */
	double med_a, med_b;		/* median of the samples, ns */
	double delta;			/* geometric-mean change of B, NAN if undefined */
	double ci_lo, ci_hi;		/* interval of delta at cmp_opts.conf */
	double mde;			/* smallest change this data detects (80% power) */
	char why[160];			/* why inconclusive or n/a, or "" */
	enum cmp_verdict verdict;
};

/* Match A's and B's points by key (parameters and context; not repeat,
 * boot or variant) and judge each pair. *ROWS is malloc'ed, in point
 * order. A and B measured on different clocks are an error. */
int compare_results(const struct results *a, const struct results *b, const struct cmp_opts *o,
		    struct cmp_row **rows, size_t *n, char *err, size_t errlen);

/*
 * The verdict of change C of a cost (lower is better: a latency) against
 * THRESHOLD (relative): slower or faster when the change is beyond it and
 * its interval on that side of 0, same when the interval lies inside
 * +-THRESHOLD, else inconclusive with the reason in WHY.
 */
struct stats_change;
enum cmp_verdict cmp_change_verdict(const struct stats_change *c, double threshold,
				    char *why, size_t len);

/* Exit status of a comparison: 1 if any row is slower or broken, else 0. */
int compare_status(const struct cmp_row *rows, size_t n);

/* The clock of R's points ("wall" for none); NULL when they mix clocks. */
const char *results_clock(const struct results *r);

#endif
