/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one table model of the reports: rows of text cells under headings,
 * printed by a back end per output format (outfmt.h) as a block of a
 * document (doc.h) or on its own:
 *   plain     (text, email) columns padded to their widest cell, two blanks
 *             apart, one when narrow (out_traits()); with .email_split, a
 *             narrow table wider than TABLE_EMAIL_WIDTH has the first
 *             column (the point) on a line of its own, the others below it
 *             indented; with .fixed, column C is .width[C] wide (a wider
 *             cell overflows) after .pad[C] blanks, as a printf layout;
 *   markdown  a pipe table, numbers right-aligned;
 *   json      an array of objects, heading: cell.
 * Cells may hold the document's inline markup (DOC_CODE, DOC_BOLD).
 */
#ifndef P2PBENCH_TABLE_H
#define P2PBENCH_TABLE_H
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "outfmt.h"

#define TABLE_MAX_COLS 24
#define TABLE_CELL 128		/* bytes table_cell() gives, its NUL included */
#define TABLE_EMAIL_WIDTH 72	/* what mail clients keep unwrapped */

struct table {
	unsigned int ncols;
	const char *head[TABLE_MAX_COLS];
	const char *head_narrow[TABLE_MAX_COLS];	/* when narrow, if set */
	unsigned int only[TABLE_MAX_COLS];	/* OUT_* traits the column needs */
	int right[TABLE_MAX_COLS];		/* right-aligned (numbers) */
	int email_split;			/* see plain above */
	int fixed;				/* see plain above */
	unsigned int width[TABLE_MAX_COLS], pad[TABLE_MAX_COLS];
	int no_head;				/* plain: no heading line */
	char *own_head[TABLE_MAX_COLS];		/* table_headf()'s */
	char *(*cells)[TABLE_MAX_COLS];		/* NULL: an empty cell */
	size_t nrows, cap;
};

/* A new empty row at the end; 0 or -1 (out of memory). */
int table_row(struct table *t);
/* Cell COL of the last row, TABLE_CELL bytes to write into (NULL: out of
 * memory); table_setf() sets it to a string of any length. */
char *table_cell(struct table *t, unsigned int col);
int table_setf(struct table *t, unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Heading COL made from FMT (T owns it); 0 or -1 (out of memory). */
int table_headf(struct table *t, unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Cell COL of row R, "" when empty. */
const char *table_get(const struct table *t, size_t r, unsigned int col);
/* Print T as FMT with the back end's traits (out_traits()). */
void table_print(FILE *f, const struct table *t, enum out_format fmt);
void table_render(FILE *f, const struct table *t, enum out_format fmt, unsigned int traits);
json_t *table_json(const struct table *t);
void table_free(struct table *t);

#endif
