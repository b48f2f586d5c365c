/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the I/O tools (fio, perftest) share, as functions and data their
 * struct driver_ops (runner.h) call or point to:
 *
 *  - io_command(): the whole `p2pbench fio|perftest` command: the common
 *    options below, the tool's own (ops->opts) and one per parameter
 *    (ops->params, spelled with hyphens, taking a value list), the sweep
 *    (iosweep.h), every point checked (ops->prepare) before the first one
 *    runs (bad input stores nothing), then run_points() on OPS itself, with
 *    resume, Ctrl-C, stale temporary-file cleanup and --on-point as for
 *    mapping points;
 *  - the I/O record store as the run loop's members: io_point_stored,
 *    io_point_key and io_point_save keep each point in DIR/io/ (io.h);
 *  - io_point_prepare() and io_point_ran() for the tool's run member.
 */
#ifndef P2PBENCH_IOTOOL_H
#define P2PBENCH_IOTOOL_H
#include <stddef.h>
#include <jansson.h>

#include "iosweep.h"
#include "opt.h"
#include "runner.h"

/* The common options of an I/O command (a tool's own options fill it too). */
struct io_cli {
	const char *out;	/* -o DIR (results directory) */
	const char *sweep;	/* --sweep FILE */
	const char *cpu, *topology, *variant, *on_point;
	const char *tool;	/* --fio PATH / --perftest-dir DIR */
	unsigned int repeats;	/* 0: the sweep's */
	int dry_run;		/* print the command lines, run nothing */
};

struct io_item {
	unsigned int rep;
	size_t idx;		/* point of the sweep */
};

/* The context of an I/O tool's ops under run_points(). */
struct io_run {
	const struct driver_ops *ops;
	const struct io_cli *cli;
	const struct io_sweep *s;
	struct io_item *items;
	void *values;		/* the values struct of item CUR */
	void *pt;		/* its prepared point (ops->point_size bytes) */
	json_t *rec;		/* its record */
	size_t cur;
};

/* `p2pbench NAME ...` for the tool OPS: returns the exit status (0 every
 * point passed, 1 some did not, 2 an error, 128 + signal when interrupted). */
int io_command(const struct driver_ops *ops, int argc, char **argv);

/* The run loop's members of an I/O tool (CTX a struct io_run). */
int io_point_stored(void *ctx, size_t i);
void io_point_key(void *ctx, size_t i, char *buf, size_t len);
int io_point_save(void *ctx, size_t i, char *path, size_t pathlen, char *err, size_t errlen);

/* For the tool's run: item I prepared into R->pt with its record R->rec;
 * 0, or -1 with ERR (the machine changed since the check). */
int io_point_prepare(struct io_run *r, size_t i, char *err, size_t errlen);
/* What the tool's run returns once the tool ran: RUN_DROP when a signal
 * came (the tool got it too: what it measured is not a result),
 * RUN_NOTHING for a dry run, else RUN_RECORD. */
enum run_result io_point_ran(const struct io_run *r);

#endif
