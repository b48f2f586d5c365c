/* SPDX-License-Identifier: GPL-2.0-only */
/* Numbers and byte sizes as users type them: 4096, 0x1000, 4K, 2M, 8G. */
#ifndef P2PBENCH_UNITS_H
#define P2PBENCH_UNITS_H
#include <stddef.h>
#include <stdint.h>

/* Unsigned integer, decimal or 0x-hex, nothing else. 0 or -1 with errno
 * EINVAL (not a number) or ERANGE (does not fit in 64 bits). */
int parse_u64(const char *s, uint64_t *out);

/* Byte size: an unsigned integer (decimal or 0x-hex) with an optional
 * binary suffix K, M, G, T, P (case-insensitive, optionally followed by
 * "iB" or "B"): 4K = 4096. Same errors as parse_u64. */
int parse_size(const char *s, uint64_t *out);

/* A size or a sum of sizes: "4096", "4K", "0x1000", "4G-4K", "4G+4K".
 * 0 or -1. */
int size_parse(const char *s, uint64_t *v);

/* Shortest exact form: "8G", "4K", "12288" (not a whole K: bytes). */
const char *format_size(uint64_t v, char *buf, size_t len);

#endif
