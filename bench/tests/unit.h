/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal unit-test helpers: each tests/test_*.c has main() calling
 * RUN(fn) per case; a case fails when any CHECK in it fails. The program
 * prints "ok N name" / "not ok N name" lines and "# N passed, N failed" and
 * exits non-zero on any failure; tests/run.sh sums them.
 */
#ifndef P2PBENCH_UNIT_H
#define P2PBENCH_UNIT_H
#include <stdio.h>

static int unit_case_failed, unit_passed, unit_failed;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "#   %s:%d: CHECK(%s) failed\n",	\
			__FILE__, __LINE__, #cond);			\
		unit_case_failed = 1;					\
	}								\
} while (0)

#define RUN(fn) do {							\
	unit_case_failed = 0;						\
	fn();								\
	if (unit_case_failed)						\
		printf("not ok %d %s\n", ++unit_failed + unit_passed, #fn); \
	else								\
		printf("ok %d %s\n", ++unit_passed + unit_failed, #fn);	\
} while (0)

#define UNIT_DONE() (printf("# %d passed, %d failed\n", unit_passed, unit_failed), \
		     unit_failed ? 1 : 0)
#endif
