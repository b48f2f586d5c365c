// SPDX-License-Identifier: GPL-2.0-only
/* The table model and its back ends (table.h). */
#include <stdlib.h>
#include <string.h>

#include "table.h"

char *table_cell(struct table *t, unsigned int col)
{
	return t->cells[t->nrows - 1][col];
}

int table_row(struct table *t)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		void *n = realloc(t->cells, cap * sizeof(*t->cells));

		if (!n)
			return -1;
		t->cells = n;
		t->cap = cap;
	}
	memset(t->cells[t->nrows++], 0, sizeof(*t->cells));
	return 0;
}

void table_free(struct table *t)
{
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

static void print_markdown(FILE *f, const struct table *t)
{
	for (unsigned int c = 0; c < t->ncols; c++)
		fprintf(f, "| %s ", t->head[c]);
	fputs("|\n", f);
	for (unsigned int c = 0; c < t->ncols; c++)
		fputs(t->right[c] ? "|---:" : "|---", f);
	fputs("|\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		for (unsigned int c = 0; c < t->ncols; c++)
			fprintf(f, "| %s ", t->cells[r][c]);
		fputs("|\n", f);
	}
}

/* Columns FROM.. of row R (0: the headings) padded to W, GAP apart. */
static void print_line(FILE *f, const struct table *t, const size_t *w, size_t r, unsigned int from,
		       const char *lead, const char *gap)
{
	char line[2048];
	size_t used = (size_t)snprintf(line, sizeof(line), "%s", lead);

	for (unsigned int c = from; c < t->ncols && used < sizeof(line); c++)
		used += (size_t)snprintf(line + used, sizeof(line) - used,
					 t->right[c] ? "%s%*s" : "%s%-*s", c == from ? "" : gap,
					 (int)w[c], r ? t->cells[r - 1][c] : t->head[c]);
	if (used >= sizeof(line))
		used = sizeof(line) - 1;
	while (used && line[used - 1] == ' ')
		line[--used] = '\0';
	fprintf(f, "%s\n", line);
}

void table_print(FILE *f, const struct table *t, enum out_format fmt)
{
	const char *gap = fmt == OUT_EMAIL ? " " : "  ";
	size_t w[TABLE_MAX_COLS], total = 0;

	if (fmt == OUT_MARKDOWN) {
		print_markdown(f, t);
		return;
	}
	if (fmt == OUT_JSON) {
		json_t *j = table_json(t);

		out_json(f, j);
		return;
	}
	for (unsigned int c = 0; c < t->ncols; c++) {
		w[c] = strlen(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++)
			if (strlen(t->cells[r][c]) > w[c])
				w[c] = strlen(t->cells[r][c]);
		total += w[c] + (c ? strlen(gap) : 0);
	}
	if (fmt != OUT_EMAIL || !t->email_split || total <= TABLE_EMAIL_WIDTH || t->ncols < 2) {
		for (size_t r = 0; r <= t->nrows; r++)
			print_line(f, t, w, r, 0, "", gap);
		return;
	}
	/* Too wide for a mail: the first column on a line of its own. */
	for (size_t r = 0; r <= t->nrows; r++) {
		fprintf(f, "%s\n", r ? t->cells[r - 1][0] : t->head[0]);
		print_line(f, t, w, r, 1, "  ", gap);
	}
}

json_t *table_json(const struct table *t)
{
	json_t *rows = json_array();

	for (size_t r = 0; rows && r < t->nrows; r++) {
		json_t *o = json_object();

		for (unsigned int c = 0; o && c < t->ncols; c++)
			json_object_set_new(o, t->head[c], json_string(t->cells[r][c]));
		json_array_append_new(rows, o);
	}
	return rows;
}
