/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The end-to-end I/O point sources (fio, perftest) as drivers of the run
 * loop (runner.h). A tool describes itself in a struct io_driver: its
 * parameter table (iosweep.h), how a point is checked, recorded and run,
 * and its one-line summary. io_driver_main() is the whole command: options
 * (the common ones and one per parameter), the sweep, validation of every
 * point before the first one runs (bad input stores nothing), then the run
 * loop with resume, Ctrl-C, stale temporary-file cleanup and --on-point as
 * for mapping points, each point stored in DIR/io/ (io.h).
 */
#ifndef P2PBENCH_IODRIVER_H
#define P2PBENCH_IODRIVER_H
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "iosweep.h"

struct io_cli {
	const char *out;	/* -o DIR (results directory) */
	const char *sweep;	/* --sweep FILE */
	const char *cpu, *topology, *variant, *on_point;
	const char *tool;	/* --fio PATH / --perftest-dir DIR */
	unsigned int repeats;	/* 0: the sweep's */
	int dry_run;		/* print the command lines, run nothing */
	int help;
};

struct io_driver {
	const char *name;		/* "fio", "perftest": the command, the record's tool */
	const struct io_dim *dims;	/* its parameters */
	const char *tool_opt;		/* option naming the tool: "fio", "perftest-dir" */
	const char *tool_help;
	void (*usage)(FILE *f);		/* what it does; ends before the parameter list */
	size_t point_size;		/* bytes of its prepared point */
	/* Check a point's values VALS (one per dimension) and prepare PT.
	 * Run before anything runs, and again just before the point runs. */
	int (*prepare)(const char **vals, const struct io_cli *cli, void *pt, char *err, size_t errlen);
	int (*skip)(const char **vals);	/* points the sweep leaves out; NULL: none */
	/* A new record of prepared point PT, repeat REP: its parameters and
	 * the context only the tool knows (the loop adds variant, repeat,
	 * --cpu and --topology). */
	json_t *(*record)(const void *pt, const struct io_cli *cli, unsigned int rep);
	/* Run PT into REC. -1 (with ERR) only when the environment is broken:
	 * a failed or refused I/O is a result. */
	int (*run)(void *pt, const struct io_cli *cli, json_t *rec, char *err, size_t errlen);
	void (*summary)(const json_t *rec);	/* one line on stdout */
};

/* `p2pbench NAME ...`: returns the exit status (0 every point passed, 1 some
 * did not, 2 an error, 128 + signal when interrupted). */
int io_driver_main(const struct io_driver *drv, int argc, char **argv);

extern const struct io_driver fio_driver, perftest_driver;

#endif
