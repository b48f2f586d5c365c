/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parameters of the end-to-end I/O drivers (fio, perftest) as one table per
 * tool: the table drives the command-line options, the sweep-file keys,
 * validation, help and the order of a point's key, like sweep.h does for
 * mapping points. A value is kept as the text the user typed ("4K"), which
 * is also how it appears in keys and records.
 *
 * I/O sweep files (configs/sweeps/fio-*, perftest-*) are read by the one
 * sweep-file reader (sweepfile.h: comments, continuations, value lists,
 * ranges, a name given once, a value given once); their settings are
 * "description = ..." and "repeats = N". The points are the cartesian
 * product, the last dimension turning fastest. Command-line values use the
 * same value syntax and replace the file's.
 */
#ifndef P2PBENCH_IOSWEEP_H
#define P2PBENCH_IOSWEEP_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define IO_MAX_DIMS 16
#define IO_MAX_VALUES 64

enum io_dim_kind {
	IOD_STR,	/* free text (a BDF, a path), "" allowed when def is "" */
	IOD_ENUM,	/* one of .allowed */
	IOD_SIZE,	/* bytes: 4096, 4K, 1M, in [min, max] */
	IOD_U32,	/* decimal, in [min, max] */
};

struct io_dim {
	const char *name;
	enum io_dim_kind kind;
	const char *def;		/* default; NULL: required */
	const char *const *allowed;	/* IOD_ENUM, NULL-terminated */
	uint64_t min, max;		/* IOD_SIZE, IOD_U32 */
	int key;			/* part of the point's key */
	const char *help;
};

#define for_each_io_dim(d, table) for (d = (table); d->name; d++)

/* Check V against D; 0 or -1 with "NAME V: reason" in ERR. */
int io_dim_check(const struct io_dim *d, const char *v, char *err, size_t errlen);
/* Numeric value of a checked IOD_SIZE or IOD_U32 value. */
uint64_t io_dim_num(const char *v);

struct io_sweep {
	const struct io_dim *dims;
	size_t ndims;
	char description[256];
	unsigned int repeats;
	char *vals[IO_MAX_DIMS][IO_MAX_VALUES];	/* malloc'ed strings */
	size_t nvals[IO_MAX_DIMS];
	char src[4096];				/* file name, or "command line" */
};

void io_sweep_init(struct io_sweep *s, const struct io_dim *dims);
void io_sweep_free(struct io_sweep *s);
/* Parse FILE into S (values replace those set before). Errors are
 * "FILE:LINE: reason". */
int io_sweep_parse_file(struct io_sweep *s, const char *path, char *err, size_t errlen);
int io_sweep_parse_string(struct io_sweep *s, const char *name, const char *text,
			  char *err, size_t errlen);
/* Set dimension NAME to the comma- or blank-separated VALUES. */
int io_sweep_set(struct io_sweep *s, const char *name, const char *values, char *err, size_t errlen);
/* Fill every dimension without values with its default; a required one
 * without a value is an error. */
int io_sweep_finish(struct io_sweep *s, char *err, size_t errlen);
/* Number of points (without repeats). */
size_t io_sweep_count(const struct io_sweep *s);
/* Values of point IDX (0 <= IDX < count), one per dimension. */
void io_sweep_point(const struct io_sweep *s, size_t idx, const char **vals);
/* Index of dimension NAME in S->dims, or -1. */
int io_dim_index(const struct io_dim *dims, const char *name);

/* "  --name ARG  help [default]" for every dimension. */
void io_dims_help(FILE *f, const struct io_dim *dims);

#endif
