/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sweep dimensions and sweep files.
 *
 * One declarative table (dims[]) names every parameter of a point: its type,
 * where it lives in struct point, its default, its range and its help. The
 * sweep-file parser, validation, point keys, JSON and CSV column names all
 * walk this table, so a new dimension is one row (fio's options.c style).
 */
#ifndef P2PBENCH_SWEEP_H
#define P2PBENCH_SWEEP_H
#include <stddef.h>
#include <stdint.h>

#include "opt.h"
#include "point.h"
#include "units.h"

enum dim_type {
	DIM_RUN,	/* a field of struct p2pbench_run: a row of run_opts[] */
	DIM_CONTEXT,	/* a string of struct point, set by the orchestrator */
	DIM_COUNT,	/* sweep only: repeats of every point */
};

struct dim {
	const char *name;	/* sweep-file key, JSON member, CSV column */
	enum dim_type type;
	const struct opt *opt;	/* DIM_RUN: its run_opts[] row (runopts.h) */
	size_t offset;		/* DIM_CONTEXT: of the string in struct point */
	size_t size;		/* DIM_CONTEXT: its buffer size */
	const char *const *allowed;	/* DIM_CONTEXT: NULL-terminated, or free-form */
	unsigned int max;	/* DIM_COUNT: largest count */
	int key_always;		/* in the key even at its default */
	const char *help;
};

/*
 * The table: the context rows, repeats, then one row per run_opts[] row in
 * its order (so `p2pbench run --ranges 64` and a sweep's "ranges = 64" are
 * the same row). Built on first use; ends with a NULL name.
 */
const struct dim *dims_table(void);
#define for_each_dim(d) for ((d) = dims_table(); (d)->name; (d)++)

const struct dim *dim_find(const char *name);

/* Kind of a DIM_RUN row's value (the opt kind), for callers that format. */
int dim_is_numeric(const struct dim *d);	/* U32, U64, SIZE: ranges allowed */
int dim_is_size(const struct dim *d);
int dim_is_bool(const struct dim *d);

/* Numeric value of a run dimension of P (enum value, 0/1 for bits). */
uint64_t dim_get(const struct dim *d, const struct point *p);
/* Store V into a run dimension of P, unchecked (JSON readers check). */
void dim_set(const struct dim *d, struct point *p, uint64_t v);
/* The string of a context dimension of P. */
char *dim_str(const struct dim *d, struct point *p);
const char *dim_cstr(const struct dim *d, const struct point *p);

/* Value of D in P as typed: enum name, "4K", number, context string. */
void dim_format(const struct dim *d, const struct point *p, char *buf, size_t len);

/*
 * Set D in P from the text S, validated: the run_opts row's own checks plus
 * what the module would refuse anyway (sizes not page multiples, an
 * alignment that is not a power of two, a DMA mask below 32 bits). On error
 * returns -1 with the reason in ERR (without file or line).
 */
int dim_parse(const struct dim *d, const char *s, struct point *p, char *err, size_t errlen);

/* A point with every run parameter at its default (runopts_init),
 * context empty, variant "base", repeat 0. */
void point_defaults(struct point *p);

/* -------- sweep files -------- */

#define SWEEP_MAX_VALUES 4096		/* per dimension */
#define SWEEP_MAX_POINTS 1000000

struct sweep_dim {
	const struct dim *dim;
	unsigned int nvalues;
	unsigned int line;		/* where it was given, 0 for the default */
	char (*values)[64];		/* nvalues textual values, validated */
};

struct sweep {
	char path[4096];
	char name[64];			/* basename of the file */
	char description[256];
	uint64_t max_bytes;		/* pruning: BAR footprint cap (0: none) */
	unsigned int repeats;
	struct sweep_dim *sd;		/* one per dims[] row, same order */
	unsigned int nsd;
	char hash[17];			/* FNV-1a 64 of the file's bytes, hex */
};

/* Parse a sweep file. On error returns -1 and writes "file:line: reason". */
int sweep_parse_file(const char *path, struct sweep *s, char *err, size_t errlen);
/* Same, from a string; NAME stands for the file in messages. */
int sweep_parse_string(const char *name, const char *text, struct sweep *s,
		       char *err, size_t errlen);
void sweep_free(struct sweep *s);

/* Bytes of the BAR a point's ranges span (the pruning rule's measure). */
uint64_t point_footprint(const struct point *p);

/*
 * Expand S into its points, in a deterministic order: context dimensions
 * outermost, then the repeat index, then the other dimensions in table
 * order. Points beyond max_bytes are pruned. *PTS is malloc'ed.
 * Returns the number of points, or -1 (ERR says why).
 */
long sweep_expand(const struct sweep *s, struct point **pts, char *err, size_t errlen);

/* Does the sweep give more than its default for dimension NAME? */
int sweep_varies(const struct sweep *s, const char *name);

#endif
