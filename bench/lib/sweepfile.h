/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sweep-file syntax (bench/README-results.md, "Sweep files"), one
 * reader for every kind of sweep: mapping sweeps (sweep.c) and the I/O
 * sweeps of fio and perftest (iosweep.c) differ only in their names.
 *
 *   # comment                       '#' starts a comment anywhere
 *   name = value value, value       one line a name; '\' continues a line
 *   size = 4K..16K +4K  1G          ranges: A..B *F (multiply), A..B +S (add)
 *
 * Messages are "FILE:LINE: reason"; the callbacks write the reason only.
 */
#ifndef P2PBENCH_SWEEPFILE_H
#define P2PBENCH_SWEEPFILE_H
#include <stddef.h>

#define SWEEPFILE_MAX_TOKENS 4096	/* values on one line before ranges expand */

/* Whole file into *TEXT (malloc'ed, NUL-terminated); a NUL byte in it is
 * an error. 0 or -1 with "FILE: reason". */
int sweepfile_read(const char *path, char **text, char *err, size_t errlen);

/*
 * Call LINE for every "name = value" of TEXT (comments stripped,
 * continuations joined, both sides trimmed) with the number of the line it
 * starts on. A callback's -1 stops the walk; its reason gets "FILE:LINE: "
 * in front. Returns 0 or -1.
 */
int sweepfile_lines(const char *file, const char *text,
		    int (*line)(void *arg, unsigned int lineno, char *name, char *value,
				char *err, size_t errlen),
		    void *arg, char *err, size_t errlen);

/* What a name's values are: ranges expand for numbers and sizes only. */
enum sweepfile_kind {
	SWEEPFILE_WORDS,
	SWEEPFILE_NUMBERS,	/* decimal or 0x hex */
	SWEEPFILE_SIZES,	/* 4096, 4K, sums 4G-4K; ranges give "16K" */
};

/*
 * Split TEXT (modified) at blanks and commas, expand ranges, and call ADD
 * for each value in order. NAME is for messages ("NAME: no value").
 * 0 or -1 with the reason (no FILE:LINE).
 */
int sweepfile_values(const char *name, char *text, enum sweepfile_kind kind,
		     int (*add)(void *arg, const char *value, char *err, size_t errlen),
		     void *arg, char *err, size_t errlen);

#endif
