/* SPDX-License-Identifier: GPL-2.0-only */
/* Whole text files (a child's output, /proc files) and the lines in them. */
#ifndef P2PBENCH_READTEXT_H
#define P2PBENCH_READTEXT_H
#include <stddef.h>

/* Whole file into a malloc'ed string ("" when absent); NULL on ENOMEM. */
char *read_text(const char *path);
/* The lines of TEXT that contain NEEDLE, joined with "; " into BUF. */
void grep_lines(const char *text, const char *needle, char *buf, size_t len);

#endif
