// SPDX-License-Identifier: GPL-2.0-only
/* The document model and its back ends: plain text, markdown (doc.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

/* ---------------- the model ---------------- */

static struct doc_block *add(struct doc *d, enum doc_kind kind, char *text)
{
	struct doc_block *b;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		void *n = realloc(d->b, cap * sizeof(*d->b));

		if (!n) {
			free(text);
			d->oom = 1;
			return NULL;
		}
		d->b = n;
		d->cap = cap;
	}
	b = &d->b[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->only = d->only;
	b->text = text;
	b->lead = "";
	b->indent = 2;
	return b;
}

static char *vfmt(struct doc *d, const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0) {
		d->oom = 1;
		return NULL;
	}
	return s;
}

#define ADD_FMT(d, kind, fmt, b) do {				\
	va_list ap;						\
	char *s;						\
								\
	va_start(ap, fmt);					\
	s = vfmt(d, fmt, ap);					\
	va_end(ap);						\
	b = s ? add(d, kind, s) : NULL;				\
} while (0)

void doc_only(struct doc *d, unsigned int only)
{
	d->only = only;
}

void doc_title(struct doc *d, const char *fmt, ...)
{
	struct doc_block *b;

	ADD_FMT(d, DOC_TITLE, fmt, b);
	(void)b;
}

void doc_section(struct doc *d, const char *fmt, ...)
{
	struct doc_block *b;

	ADD_FMT(d, DOC_SECTION, fmt, b);
	(void)b;
}

void doc_part(struct doc *d, const char *fmt, ...)
{
	struct doc_block *b;

	ADD_FMT(d, DOC_PART, fmt, b);
	(void)b;
}

void doc_subsection(struct doc *d, const char *fmt, ...)
{
	struct doc_block *b;

	ADD_FMT(d, DOC_SUBSECTION, fmt, b);
	(void)b;
}

void doc_para(struct doc *d, const char *fmt, ...)
{
	struct doc_block *b;

	ADD_FMT(d, DOC_PARA, fmt, b);
	(void)b;
}

void doc_line(struct doc *d, const char *lead, const char *fmt, ...)
{
	struct doc_block *b;

	ADD_FMT(d, DOC_LINE, fmt, b);
	if (b)
		b->lead = lead;
}

void doc_item(struct doc *d, const char *lead, int indent, const char *fmt, ...)
{
	struct doc_block *b;

	ADD_FMT(d, DOC_ITEM, fmt, b);
	if (b) {
		b->lead = lead;
		b->indent = indent;
	}
}

void doc_term(struct doc *d, const char *fmt, ...)
{
	struct doc_block *b;

	ADD_FMT(d, DOC_TERM, fmt, b);
	(void)b;
}

void doc_entry(struct doc *d, const char *term, const char *def)
{
	char *t = strdup(term), *v = strdup(def);
	struct doc_block *b = t && v ? add(d, DOC_ENTRY, t) : NULL;

	if (b) {
		b->detail = v;
		return;
	}
	if (!t || !v)
		free(t);
	free(v);
	d->oom = 1;
}

void doc_code(struct doc *d, const char *cmd)
{
	char *s = strdup(cmd);

	if (!s)
		d->oom = 1;
	else
		add(d, DOC_CODE_BLOCK, s);
}

void doc_table(struct doc *d, struct table *t)
{
	struct doc_block *b = add(d, DOC_TABLE, NULL);

	if (b)
		b->table = *t;
	else
		table_free(t);
	memset(t, 0, sizeof(*t));
}

void doc_blank(struct doc *d)
{
	add(d, DOC_BLANK, NULL);
}

void doc_brk(struct doc *d)
{
	add(d, DOC_BREAK, NULL);
}

void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->b[i].text);
		free(d->b[i].detail);
		table_free(&d->b[i].table);
	}
	free(d->b);
	d->b = NULL;
	d->n = d->cap = 0;
}

/* ---------------- inline markup ---------------- */

void doc_inline(FILE *f, const char *s, unsigned int traits)
{
	for (; *s; s++)
		if (*s == DOC_CODE[0]) {
			if (traits & OUT_MARKUP)
				fputc('`', f);
		} else if (*s == DOC_BOLD[0]) {
			if (traits & OUT_MARKUP)
				fputs("**", f);
		} else {
			fputc(*s, f);
		}
}

void doc_plain(const char *s, char *buf, size_t len)
{
	size_t used = 0;

	if (!len)
		return;
	for (; *s && used + 1 < len; s++)
		if (*s != DOC_CODE[0] && *s != DOC_BOLD[0])
			buf[used++] = *s;
	buf[used] = '\0';
}

/* ---------------- plain text: text, email ---------------- */

/*
 * TEXT without its markup after PREFIX; wrapped at WIDTH (0: not), the
 * continuation lines indented by INDENT. A line breaks at its last blank,
 * or with COMMAS after its last comma (keys), that fits; a longer word is
 * split.
 */
static void wrap(FILE *f, unsigned int width, int commas, const char *prefix, int indent,
		 const char *markup)
{
	size_t col = strlen(prefix), len = strlen(markup), pos = 0;
	char *text = malloc(len + 1);

	if (!text)
		return;
	doc_plain(markup, text, len + 1);
	len = strlen(text);
	fputs(prefix, f);
	if (!width) {
		fprintf(f, "%s\n", text);
		free(text);
		return;
	}
	while (pos < len) {
		size_t room = width > col ? width - col : 1, n = len - pos;

		if (n > room) {
			n = room;
			for (size_t k = room; k > 0; k--)
				if (text[pos + k] == ' ' || (commas && text[pos + k - 1] == ',')) {
					n = k;
					break;
				}
		}
		fprintf(f, "%.*s\n", (int)n, text + pos);
		pos += n;
		while (pos < len && text[pos] == ' ')
			pos++;
		if (pos < len) {
			fprintf(f, "%*s", indent, "");
			col = (size_t)indent;
		}
	}
	if (!len)
		fputc('\n', f);
	free(text);
}

static void plain_block(FILE *f, const struct doc *d, const struct doc_block *b, enum out_format fmt,
			unsigned int traits, int first)
{
	unsigned int w = traits & OUT_NARROW ? DOC_WIDTH : 0;
	char *s;

	switch (b->kind) {
	case DOC_TITLE:
		doc_inline(f, b->text, traits);
		fputs("\n\n", f);
		break;
	case DOC_SECTION:
		if (!first)
			fputc('\n', f);
		wrap(f, w, d->commas, "", 2, b->text);
		break;
	case DOC_PART:
		fputc('\n', f);
		doc_inline(f, b->text, traits);
		fputc('\n', f);
		for (size_t i = strlen(b->text); i > 0; i--)
			fputc('=', f);
		fputc('\n', f);
		break;
	case DOC_SUBSECTION:
		fputc('\n', f);
		wrap(f, w, d->commas, "", 2, b->text);
		break;
	case DOC_PARA:
		wrap(f, w, d->commas, "", b->indent, b->text);
		break;
	case DOC_LINE:
		fputs(b->lead, f);
		doc_inline(f, b->text, traits);
		fputc('\n', f);
		break;
	case DOC_ITEM:
		wrap(f, w, d->commas, b->lead, b->indent, b->text);
		break;
	case DOC_ENTRY:
		wrap(f, w, d->commas, "- ", 4, b->text);
		wrap(f, w, d->commas, "    ", 4, b->detail);
		break;
	case DOC_TERM:
		if (asprintf(&s, "%s:", b->text) >= 0) {
			wrap(f, w, d->commas, "", 2, s);
			free(s);
		}
		break;
	case DOC_CODE_BLOCK:
		wrap(f, w, d->commas, "  $ ", 6, b->text);
		break;
	case DOC_TABLE:
		table_render(f, &b->table, fmt, traits);
		break;
	case DOC_BLANK:
		fputc('\n', f);
		break;
	case DOC_BREAK:
		break;
	}
}

/* ---------------- markdown ---------------- */

static void md_block(FILE *f, const struct doc *d, const struct doc_block *b, enum out_format fmt,
		     unsigned int traits, int first)
{
	static const char *const open[] = {
		[DOC_TITLE] = "# ", [DOC_SECTION] = "\n## ", [DOC_PART] = "\n## ",
		[DOC_SUBSECTION] = "\n### ", [DOC_PARA] = "", [DOC_LINE] = "", [DOC_ITEM] = "- ",
		[DOC_ENTRY] = "- ", [DOC_TERM] = "**", [DOC_CODE_BLOCK] = "```\n",
	};
	static const char *const close[] = {
		[DOC_TITLE] = "\n\n", [DOC_SECTION] = "\n\n", [DOC_PART] = "\n\n",
		[DOC_SUBSECTION] = "\n\n", [DOC_PARA] = "\n", [DOC_LINE] = "\n", [DOC_ITEM] = "\n",
		[DOC_ENTRY] = "\n", [DOC_TERM] = "**\n\n", [DOC_CODE_BLOCK] = "\n```\n",
	};

	(void)d;
	switch (b->kind) {
	case DOC_TABLE:
		table_render(f, &b->table, fmt, traits);
		return;
	case DOC_BLANK:
	case DOC_BREAK:
		fputc('\n', f);
		return;
	default:
		break;
	}
	/* a section opening the document: no blank line before it */
	fputs(first && b->kind == DOC_SECTION ? "## " : open[b->kind], f);
	doc_inline(f, b->text, traits);
	if (b->kind == DOC_ENTRY) {
		fputs(": ", f);
		doc_inline(f, b->detail, traits);
	}
	fputs(close[b->kind], f);
}

/* ---------------- back ends ---------------- */

typedef void block_fn(FILE *f, const struct doc *d, const struct doc_block *b, enum out_format fmt,
		      unsigned int traits, int first);

/* The document back end of each format (json has none). */
static block_fn *const backends[OUT_FORMAT_NR] = {
	[OUT_TEXT] = plain_block,
	[OUT_EMAIL] = plain_block,
	[OUT_MARKDOWN] = md_block,
};

int doc_print(FILE *f, const struct doc *d, enum out_format fmt)
{
	unsigned int traits = out_traits(fmt, d->width);
	block_fn *fn = (unsigned int)fmt < OUT_FORMAT_NR ? backends[fmt] : NULL;
	int first = 1;

	if (!fn || d->oom)
		return -1;
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *b = &d->b[i];

		if ((b->only & traits) != b->only)
			continue;
		fn(f, d, b, fmt, traits, first);
		first = 0;
	}
	return ferror(f) ? -1 : 0;
}
