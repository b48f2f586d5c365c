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

#include "point.h"

enum dim_type {
	DIM_ENUM,	/* uapi enum, by name (names.h) */
	DIM_U32,	/* plain number in a __u32 */
	DIM_U64,	/* plain number in a __u64 */
	DIM_SIZE,	/* bytes in a __u64; K/M/G/T suffixes (binary) */
	DIM_FLAG,	/* 0/1: bit @bit of the __u32 at @offset */
	DIM_CONTEXT,	/* string in struct point, set by the orchestrator */
	DIM_COUNT,	/* sweep only: repeats of every point */
};

struct dim {
	const char *name;	/* sweep-file key, JSON member, CSV column */
	enum dim_type type;
	size_t offset;		/* into struct point (not for DIM_COUNT) */
	size_t size;		/* of the member at @offset */
	const char *def;	/* default, in sweep-file syntax */
	uint64_t min, max;	/* numeric bounds, inclusive */
	const char *(*to_name)(unsigned int);	/* DIM_ENUM */
	int (*from_name)(const char *);		/* DIM_ENUM */
	unsigned int bit;	/* DIM_FLAG */
	const char *const *allowed;	/* DIM_CONTEXT: NULL-terminated, or NULL: free-form */
	const char *tag;	/* short name in point keys */
	int key_always;		/* in the key even at its default */
	const char *help;
};

extern const struct dim dims[];
#define for_each_dim(d) for ((d) = dims; (d)->name; (d)++)

const struct dim *dim_find(const char *name);

/* Numeric value of a non-context dimension of P. */
uint64_t dim_get(const struct dim *d, const struct point *p);
void dim_set(const struct dim *d, struct point *p, uint64_t v);
/* The string of a context dimension of P (writable, d->size bytes). */
char *dim_str(const struct dim *d, struct point *p);
const char *dim_cstr(const struct dim *d, const struct point *p);

/* Value of D in P as text (enum name, size with suffix, number, string). */
void dim_format(const struct dim *d, const struct point *p, char *buf, size_t len);

/* "4K", "4194300K", "8G", "12345": exact, with the largest binary suffix. */
void size_format(uint64_t v, char *buf, size_t len);
/* Parse "4096", "4K", "4G-4K", "4G+4K" (sums of suffixed numbers). */
int size_parse(const char *s, uint64_t *v);

/*
 * Parse one value of D from S into P (number, size, enum name, context
 * string), with validation against the table's bounds. On error returns -1
 * and writes the reason to ERR (without the dimension name).
 */
int dim_parse(const struct dim *d, const char *s, struct point *p, char *err, size_t errlen);

/* A point with every dimension at its default. */
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
