/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sweeps of the I/O tools' parameters (fio, perftest). A tool's
 * parameters are a struct opt table (opt.h) of OPT_TEXT rows, each naming
 * a const char * field of the tool's values struct (struct fio_values):
 * the table drives the command-line options, the sweep-file names,
 * validation, help and the order of a point's key, as run_opts[] does for
 * mapping points. A value is kept as the text the user typed ("4K"), which
 * is also how it appears in keys and records.
 *
 * I/O sweep files (configs/sweeps/fio-*, perftest-*) are read by the one
 * sweep-file reader (sweepfile.h: comments, continuations, value lists,
 * ranges, a name given once, a value given once); their settings are
 * "description = ..." and "repeats = N". The points are the cartesian
 * product, the last parameter turning fastest. Command-line values use the
 * same value syntax and replace the file's.
 */
#ifndef P2PBENCH_IOSWEEP_H
#define P2PBENCH_IOSWEEP_H
#include <stddef.h>
#include <stdint.h>

#include "opt.h"

#define IO_MAX_PARAMS 16
#define IO_MAX_VALUES 64

struct io_sweep {
	const struct opt *params;
	size_t n;				/* rows of params */
	char description[256];
	unsigned int repeats;
	char *vals[IO_MAX_PARAMS][IO_MAX_VALUES];	/* malloc'ed strings */
	size_t nvals[IO_MAX_PARAMS];
	char src[4096];				/* file name, or "command line" */
};

void io_sweep_init(struct io_sweep *s, const struct opt *params);
void io_sweep_free(struct io_sweep *s);
/* Parse FILE into S (values replace those set before). Errors are
 * "FILE:LINE: reason". */
int io_sweep_parse_file(struct io_sweep *s, const char *path, char *err, size_t errlen);
int io_sweep_parse_string(struct io_sweep *s, const char *name, const char *text,
			  char *err, size_t errlen);
/* Set parameter NAME to the comma- or blank-separated VALUES. */
int io_sweep_set(struct io_sweep *s, const char *name, const char *values, char *err, size_t errlen);
/* Fill every parameter without values with its default; an OPT_REQUIRED
 * one without a value is an error. */
int io_sweep_finish(struct io_sweep *s, char *err, size_t errlen);
/* Number of points (without repeats). */
size_t io_sweep_count(const struct io_sweep *s);
/* Point IDX (0 <= IDX < count): each parameter's value into its field of
 * VALUES (the tool's values struct). */
void io_sweep_point(const struct io_sweep *s, size_t idx, void *values);
/* Bytes of a values struct the rows of PARAMS fit in. */
size_t io_values_size(const struct opt *params);

#endif
