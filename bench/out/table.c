// SPDX-License-Identifier: GPL-2.0-only
/* The table model and its back ends (table.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "table.h"

char *table_cell(struct table *t, unsigned int col)
{
	char **c = &t->cells[t->nrows - 1][col];

	if (!*c)
		*c = calloc(1, TABLE_CELL);
	return *c;
}

/* *SLOT (freed) made from FMT; 0 or -1 (out of memory, *SLOT kept). */
static int vset(char **slot, const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return -1;
	free(*slot);
	*slot = s;
	return 0;
}

int table_setf(struct table *t, unsigned int col, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vset(&t->cells[t->nrows - 1][col], fmt, ap);
	va_end(ap);
	return r;
}

int table_headf(struct table *t, unsigned int col, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vset(&t->own_head[col], fmt, ap);
	va_end(ap);
	t->head[col] = t->own_head[col] ? t->own_head[col] : "";
	return r;
}

const char *table_get(const struct table *t, size_t r, unsigned int col)
{
	return t->cells[r][col] ? t->cells[r][col] : "";
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
	for (size_t r = 0; r < t->nrows; r++)
		for (unsigned int c = 0; c < TABLE_MAX_COLS; c++)
			free(t->cells[r][c]);
	for (unsigned int c = 0; c < TABLE_MAX_COLS; c++) {
		free(t->own_head[c]);
		t->own_head[c] = NULL;
	}
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

/* The columns shown with TRAITS, and their headings. */
static unsigned int shown(const struct table *t, unsigned int traits, unsigned int *col,
			  const char **head)
{
	unsigned int n = 0;

	for (unsigned int c = 0; c < t->ncols; c++)
		if ((t->only[c] & traits) == t->only[c]) {
			col[n] = c;
			head[n++] = (traits & OUT_NARROW) && t->head_narrow[c] ? t->head_narrow[c] :
				    t->head[c];
		}
	return n;
}

static void print_markdown(FILE *f, const struct table *t, unsigned int traits)
{
	unsigned int col[TABLE_MAX_COLS], n;
	const char *head[TABLE_MAX_COLS];

	n = shown(t, traits, col, head);
	for (unsigned int c = 0; c < n; c++) {
		fputs("| ", f);
		doc_inline(f, head[c], traits);
		fputc(' ', f);
	}
	fputs("|\n", f);
	for (unsigned int c = 0; c < n; c++)
		fputs(t->right[col[c]] ? "|---:" : "|---", f);
	fputs("|\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		for (unsigned int c = 0; c < n; c++) {
			fputs("| ", f);
			doc_inline(f, table_get(t, r, col[c]), traits);
			fputc(' ', f);
		}
		fputs("|\n", f);
	}
}

/* Cell C of plain row R (0: the headings), its markup stripped, in BUF. */
static const char *plain_cell(const struct table *t, const char *const *head, const unsigned int *col,
			      size_t r, unsigned int c, char *buf, size_t len)
{
	doc_plain(r ? table_get(t, r - 1, col[c]) : head[c], buf, len);
	return buf;
}

/* Columns FROM.. of plain row R padded to W, GAP apart (or .fixed). */
static void print_line(FILE *f, const struct table *t, const char *const *head, const unsigned int *col,
		       unsigned int n, const size_t *w, size_t r, unsigned int from, const char *lead,
		       const char *gap)
{
	size_t cap = 256, used;
	char *line = malloc(cap), cell[4096];

	if (!line)
		return;
	used = (size_t)snprintf(line, cap, "%s", lead);
	for (unsigned int c = from; c < n; c++) {
		const char *s = plain_cell(t, head, col, r, c, cell, sizeof(cell));
		size_t need = strlen(s) + w[c] + strlen(gap) + t->pad[col[c]] + 1;

		if (used + need > cap) {
			char *nl = realloc(line, (cap = (used + need) * 2));

			if (!nl)
				break;
			line = nl;
		}
		if (t->fixed)
			used += (size_t)snprintf(line + used, cap - used, "%*s", (int)t->pad[col[c]], "");
		else if (c != from)
			used += (size_t)snprintf(line + used, cap - used, "%s", gap);
		used += (size_t)snprintf(line + used, cap - used, t->right[col[c]] ? "%*s" : "%-*s",
					 (int)w[c], s);
	}
	while (used && line[used - 1] == ' ')
		line[--used] = '\0';
	fprintf(f, "%s\n", line);
	free(line);
}

void table_render(FILE *f, const struct table *t, enum out_format fmt, unsigned int traits)
{
	unsigned int col[TABLE_MAX_COLS], n;
	const char *head[TABLE_MAX_COLS];
	const char *gap = traits & OUT_NARROW ? " " : "  ";
	size_t w[TABLE_MAX_COLS], total = 0;
	char cell[4096];

	if (fmt == OUT_JSON) {
		out_json(f, table_json(t));
		return;
	}
	if (traits & OUT_MARKUP) {
		print_markdown(f, t, traits);
		return;
	}
	n = shown(t, traits, col, head);
	for (unsigned int c = 0; c < n; c++) {
		w[c] = t->fixed ? t->width[col[c]] : strlen(plain_cell(t, head, col, 0, c, cell, sizeof(cell)));
		for (size_t r = 1; !t->fixed && r <= t->nrows; r++)
			if (strlen(plain_cell(t, head, col, r, c, cell, sizeof(cell))) > w[c])
				w[c] = strlen(cell);
		total += w[c] + (c ? strlen(gap) : 0);
	}
	if (t->fixed || !(traits & OUT_NARROW) || !t->email_split || total <= TABLE_EMAIL_WIDTH ||
	    n < 2) {
		for (size_t r = t->no_head; r <= t->nrows; r++)
			print_line(f, t, head, col, n, w, r, 0, "", gap);
		return;
	}
	/* Too wide for a mail: the first column on a line of its own. */
	for (size_t r = 0; r <= t->nrows; r++) {
		fprintf(f, "%s\n", plain_cell(t, head, col, r, 0, cell, sizeof(cell)));
		print_line(f, t, head, col, n, w, r, 1, "  ", gap);
	}
}

void table_print(FILE *f, const struct table *t, enum out_format fmt)
{
	table_render(f, t, fmt, out_traits(fmt, 0));
}

static const char *plain_get(const struct table *t, size_t r, unsigned int c, char *buf, size_t len)
{
	doc_plain(table_get(t, r, c), buf, len);
	return buf;
}

json_t *table_json(const struct table *t)
{
	json_t *rows = json_array();
	char cell[4096];

	for (size_t r = 0; rows && r < t->nrows; r++) {
		json_t *o = json_object();

		for (unsigned int c = 0; o && c < t->ncols; c++)
			json_object_set_new(o, t->head[c], json_string(plain_get(t, r, c, cell, sizeof(cell))));
		json_array_append_new(rows, o);
	}
	return rows;
}
