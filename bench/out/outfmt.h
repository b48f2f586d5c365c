/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --format: the one list of output formats. Every command that prints
 * results takes the ones it has back ends for: run and info text|json,
 * compare text|markdown|json, report all four.
 *
 * Adding a format: its row here and in outfmt.c (name, traits), its
 * document back end (doc.c) and table back end (table.c). The sections
 * (report, compare, summary, I/O) build documents (doc.h) and choose
 * between their compact and full versions by traits, never by format.
 */
#ifndef P2PBENCH_OUTFMT_H
#define P2PBENCH_OUTFMT_H
#include <stdio.h>
#include <jansson.h>

enum out_format {
	OUT_TEXT = 0,	/* for a terminal */
	OUT_MARKDOWN,	/* tables for a review or a README */
	OUT_EMAIL,	/* plain text under 80 columns for a mailing list */
	OUT_JSON,	/* for scripts */
	OUT_FORMAT_NR,
};

#define OUT_MASK(f)	(1U << (f))

/* Traits of a format's back ends. */
#define OUT_PLAIN	(1U << 0)	/* plain text, no markup */
#define OUT_MARKUP	(1U << 1)	/* a markup language (markdown) */
#define OUT_NARROW	(1U << 2)	/* lines fit a mail (doc.h DOC_WIDTH) */
#define OUT_WIDE	(1U << 3)	/* not narrow */
#define OUT_DATA	(1U << 4)	/* structured data (json), no document */

/* FMT's traits for a document of WIDTH columns (0: any; doc.h): plain
 * text is narrow when its format is (email) or the document is. */
unsigned int out_traits(enum out_format fmt, unsigned int width);

/* --format's argument in help texts: every format (report); those with a
 * document or JSON back end that compare takes (not email). */
#define OUT_FORMATS_ALL	"text|markdown|email|json"
#define OUT_FORMATS_TMJ	"text|markdown|json"

/* The format named S among those of MASK; -1 if none. */
int out_format_parse_in(const char *s, unsigned int mask);
/* For option tables (opt.h): text|json; text|markdown|json; all. */
int out_format_parse(const char *s);
int out_format_parse_tmj(const char *s);
int out_format_parse_all(const char *s);
const char *out_format_name(unsigned int v);

/* Dump J (a reference is stolen) to F, indented, with a newline.
 * 0, or -1 when J is NULL (out of memory) or the write failed. */
int out_json(FILE *f, json_t *j);

#endif
