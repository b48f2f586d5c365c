/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one document model of the reports: what report, compare, the summary
 * and the I/O sections say, as a list of blocks (headings, prose, lists,
 * command lines, tables of table.h), printed by a back end per output
 * format (doc.c: plain text for text and email, markdown). The builders
 * never name a format: where a section has a compact and a full version
 * (a mail is 72 columns, a markdown table is not), they add both, each
 * shown only in back ends with its traits (doc_only(), outfmt.h).
 * JSON is structured data, not a document: its builders make JSON objects.
 *
 * How the back ends print each block:
 *                  plain (text, email)               markdown
 *   title          X, blank line                     # X, blank line
 *   section        blank line, X (wrapped if narrow; ## X with a blank line around
 *                  no blank at the document's start) (none before at the start)
 *   part           blank line, X, a line of '='      like a section
 *   subsection     blank line, X                     ### X with a blank line around
 *   para           LEAD X, wrapped if narrow         X
 *   line           LEAD X, never wrapped             X
 *   item           LEAD X, wrapped if narrow         - X
 *   entry T: D     - T, then D indented, wrapped     - T: D
 *   term           X: (a list of its items follows)  **X**, blank line
 *   code           "  $ X", wrapped if narrow        X fenced with ```
 *   table          table.h                           a pipe table
 *   blank          a blank line                      a blank line
 *   brk            nothing                           a blank line (a paragraph ends)
 * Narrow (OUT_NARROW): email, and text for a document made to fit
 * DOC_WIDTH columns (doc.width): lines wrap at DOC_WIDTH, breaking at a
 * blank (or, in a document of keys, doc.commas, after a comma),
 * continuation lines indented.
 *
 * Inline markup in any text: DOC_CODE "x" DOC_CODE (markdown `x`),
 * DOC_BOLD "x" DOC_BOLD (markdown **x**); plain back ends drop the marks.
 */
#ifndef P2PBENCH_DOC_H
#define P2PBENCH_DOC_H
#include <stddef.h>
#include <stdio.h>

#include "outfmt.h"
#include "table.h"

#define DOC_WIDTH 72		/* narrow lines: what mail clients keep unwrapped */
#define DOC_CODE "\x01"
#define DOC_BOLD "\x02"

enum doc_kind {
	DOC_TITLE, DOC_SECTION, DOC_PART, DOC_SUBSECTION, DOC_PARA, DOC_LINE, DOC_ITEM,
	DOC_ENTRY, DOC_TERM, DOC_CODE_BLOCK, DOC_TABLE, DOC_BLANK, DOC_BREAK,
};

struct doc_block {
	enum doc_kind kind;
	unsigned int only;	/* OUT_* traits a back end needs to show it */
	char *text, *detail;	/* detail: an entry's definition */
	const char *lead;	/* plain: before the first line (static) */
	int indent;		/* plain: of continuation lines */
	struct table table;
};

struct doc {
	unsigned int width;	/* 0, or DOC_WIDTH: narrow in plain text too */
	int commas;		/* narrow lines may break after a comma */
	unsigned int only;	/* traits of the blocks added next */
	struct doc_block *b;
	size_t n, cap;
	int oom;		/* a block was lost: doc_print() fails */
};

/* Blocks added from now on are shown only by back ends with every trait
 * of ONLY (OUT_PLAIN, OUT_MARKUP, OUT_NARROW, OUT_WIDE); 0: by all. */
void doc_only(struct doc *d, unsigned int only);

void doc_title(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_section(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_part(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_subsection(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prose: plain text wraps it (when narrow) with continuation lines
 * indented by 2. */
void doc_para(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line never wrapped (it may hold newlines), after LEAD in plain text. */
void doc_line(struct doc *d, const char *lead, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A list item: in plain text LEAD first and continuation lines indented
 * by INDENT. */
void doc_item(struct doc *d, const char *lead, int indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An item of a definition list: TERM and its DEF. */
void doc_entry(struct doc *d, const char *term, const char *def);
/* The name of the list that follows. */
void doc_term(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A command line. */
void doc_code(struct doc *d, const char *cmd);
/* T (moved into D: the caller no longer frees it). */
void doc_table(struct doc *d, struct table *t);
void doc_blank(struct doc *d);
void doc_brk(struct doc *d);

/* Print D as FMT (a format with a document back end: not json).
 * 0, or -1 when a block was lost (out of memory) or the write failed. */
int doc_print(FILE *f, const struct doc *d, enum out_format fmt);
void doc_free(struct doc *d);

/* S with its inline markup as a back end of TRAITS prints it, to F; S
 * without its markup, into BUF. */
void doc_inline(FILE *f, const char *s, unsigned int traits);
void doc_plain(const char *s, char *buf, size_t len);

#endif
