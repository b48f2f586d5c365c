/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --format: the one list of output formats. Every command that prints
 * results takes the ones it has back ends for: run and info text|json,
 * compare text|markdown|json, report all four.
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
