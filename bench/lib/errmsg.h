/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Library code reports failures as -1 plus a complete, human-readable
 * message in a caller-provided buffer ("ERR, ERRLEN"), so the command that
 * prints it need not know which file or device was involved.
 */
#ifndef P2PBENCH_ERRMSG_H
#define P2PBENCH_ERRMSG_H
#include <stddef.h>

/* Format into ERR (if not NULL); returns -1 and leaves errno unchanged. */
int errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
