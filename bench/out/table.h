/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one table model of the reports: rows of text cells under headings,
 * printed by a back end per output format (outfmt.h):
 *   text      columns padded to their widest cell, two blanks apart;
 *   email     one blank apart; with .email_split, when the table is
 *             wider than TABLE_EMAIL_WIDTH, the first column (the point)
 *             on a line of its own, the others below it indented;
 *   markdown  a pipe table, numbers right-aligned;
 *   json      an array of objects, heading: cell.
 */
#ifndef P2PBENCH_TABLE_H
#define P2PBENCH_TABLE_H
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "outfmt.h"

#define TABLE_MAX_COLS 24
#define TABLE_CELL 128		/* bytes of a cell, its NUL included */
#define TABLE_EMAIL_WIDTH 72	/* what mail clients keep unwrapped */

struct table {
	unsigned int ncols;
	const char *head[TABLE_MAX_COLS];
	int right[TABLE_MAX_COLS];		/* right-aligned (numbers) */
	int email_split;			/* see email above */
	char (*cells)[TABLE_MAX_COLS][TABLE_CELL];
	size_t nrows, cap;
};

/* A new empty row at the end; 0 or -1 (out of memory). */
int table_row(struct table *t);
/* Cell COL of the last row, TABLE_CELL bytes to write into. */
char *table_cell(struct table *t, unsigned int col);
void table_print(FILE *f, const struct table *t, enum out_format fmt);
json_t *table_json(const struct table *t);
void table_free(struct table *t);

#endif
