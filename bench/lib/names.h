/* SPDX-License-Identifier: GPL-2.0-only */
/* Names of the uapi enums, as used on the command line and in results. */
#ifndef P2PBENCH_NAMES_H
#define P2PBENCH_NAMES_H
#include <linux/p2pbench.h>

/* Name of value V in table TABLE, or "?" if out of range. */
const char *method_name(unsigned int v);
const char *layout_name(unsigned int v);
const char *direction_name(unsigned int v);
const char *map_type_name(unsigned int v);
const char *path_name(unsigned int v);
const char *verdict_name(unsigned int v);

/* Parse a name; returns the value or -1. */
int method_parse(const char *s);
int layout_parse(const char *s);
int direction_parse(const char *s);
int map_type_parse(const char *s);
int path_parse(const char *s);
int verdict_parse(const char *s);

/* "total_len,align" style list of P2PBENCH_CHECK_* bits into BUF. */
const char *checks_format(unsigned int bits, char *buf, unsigned long len);

#endif
