/* SPDX-License-Identifier: GPL-2.0-only */
/* --format text|json, the same for every command that prints results. */
#ifndef P2PBENCH_OUTFMT_H
#define P2PBENCH_OUTFMT_H
#include <stdio.h>
#include <jansson.h>

enum out_format { OUT_TEXT = 0, OUT_JSON = 1 };

int out_format_parse(const char *s);
const char *out_format_name(unsigned int v);

/* Dump J (a reference is stolen) to F, indented, with a newline.
 * 0, or -1 when J is NULL (out of memory) or the write failed. */
int out_json(FILE *f, json_t *j);

#endif
