/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one run loop of every point source (drivers/): the module's mapping
 * points (p2pbench sweep), fio and perftest. A source describes itself in
 * one struct driver_ops (drivers/NAME_driver.c) and run_points() runs that
 * struct directly, giving every source's points the same behaviour:
 *
 *  - resume: a point already stored in DIR is not run again;
 *  - each finished point is stored at once, atomically, by the driver;
 *  - leftover temporary files of a killed writer (".NAME.json.tmp.PID")
 *    in the driver's store directory are removed first;
 *  - SIGINT and SIGTERM stop the loop after the point in flight, which is
 *    stored if it finished and dropped if it was interrupted;
 *  - --on-point CMD: "CMD FILE" is evaluated by /bin/sh after each stored
 *    point (the lab streams results to the host with lab-put); a failure
 *    is reported and the run goes on;
 *  - on a terminal, progress on stderr.
 */
#ifndef P2PBENCH_RUNNER_H
#define P2PBENCH_RUNNER_H
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "opt.h"

/* What a driver did with one point. */
enum run_result {
	RUN_RECORD = 0,		/* the point holds a result (or a refusal): store it */
	RUN_DROP = 1,		/* interrupted: store nothing, stop */
	RUN_FATAL = -1,		/* cannot go on (message in the driver's err) */
	RUN_NOTHING = 2,	/* ran, nothing to store (a dry run) */
};

struct io_cli;		/* iotool.h */

/*
 * A point source: how its points are built and checked (the I/O tools),
 * then how the run loop runs them (every source). Points are indexed
 * 0..n-1; CTX is the command's: a struct module_run for the module
 * (module_driver.h), a struct io_run for the I/O tools (iotool.h), whose
 * stored, key and save are iotool.h's io_point_*() and whose run calls
 * io_point_prepare() and io_point_ran() around the tool.
 */
struct driver_ops {
	const char *name;	/* "module", "fio", "perftest": its command, its records' tool */
	const char *store;	/* subdirectory of DIR holding its point files */

	/* Points from parameters (io_command(); the module's come from a
	 * sweep file of mapping dimensions, sweep.h, and these are NULL). */
	const struct opt *params;	/* its parameters: OPT_TEXT rows (opt.h) into its
					 * values struct; options, sweep-file names, key order */
	const struct opt *opts;		/* its own options, into struct io_cli (--fio PATH) */
	void (*usage)(FILE *f);		/* what it does; ends before the parameter list */
	size_t point_size;		/* bytes of its prepared point */
	/* Check the point of VALUES (its values struct) and prepare PT from
	 * it: before anything runs, and again just before the point runs. */
	int (*prepare)(const void *values, const struct io_cli *cli, void *pt, char *err,
		       size_t errlen);
	int (*skip)(const void *values);	/* points the sweep leaves out; NULL: none */
	/* A new record of prepared point PT: its parameters and the context
	 * only the tool knows (io_point_prepare() adds variant, repeat,
	 * --cpu and --topology). */
	json_t *(*record)(const void *pt, const struct io_cli *cli);
	void (*summary)(const json_t *rec);	/* one line on stdout per stored point */

	/* The run loop's. Is point I stored in DIR already? 0 no, 1 yes and
	 * it passed, 2 yes and it failed. */
	int (*stored)(void *ctx, size_t i);
	/* Its key, for progress lines. */
	void (*key)(void *ctx, size_t i, char *buf, size_t len);
	enum run_result (*run)(void *ctx, size_t i, char *err, size_t errlen);
	/* Store point I; its file into PATH. 0 passed, 1 failed, -1 error. */
	int (*save)(void *ctx, size_t i, char *path, size_t pathlen, char *err, size_t errlen);
};

struct run_ctl {
	const char *dir;	/* results directory; NULL: a dry run */
	size_t n;		/* points */
	const char *on_point;	/* shell command run with each new file, or NULL */
	int progress;		/* draw progress on stderr */
	/* results */
	size_t skipped;		/* already in DIR (resume) */
	size_t ran;		/* stored by this call */
	size_t failed;		/* failed points, stored or skipped */
	int signal;		/* SIGINT/SIGTERM that stopped it, or 0 */
};

/* Run the points of OPS that DIR does not hold yet. Returns 0 (X->signal
 * says whether it was stopped) or -1 with a message. */
int run_points(const struct driver_ops *ops, void *ctx, struct run_ctl *x, char *err, size_t errlen);

/* The SIGINT or SIGTERM run_points() caught so far (0: none): a driver
 * whose point was interrupted returns RUN_DROP. */
int run_stopping(void);

/* Run "CMD FILE" through /bin/sh (CMD may hold shell words); 0 or -1. */
int run_on_point(const char *cmd, const char *file);

/* "1m05s", "2h03m": a duration for humans. */
void fmt_duration(double s, char *buf, size_t len);
/* CLOCK_MONOTONIC in seconds. */
double now_s(void);
/* Is stderr a terminal (and progress wanted)? */
int progress_wanted(void);

#endif
