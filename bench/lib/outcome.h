/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The outcome of one point, in the one vocabulary report, plots and compare
 * share:
 *   pass       the point ran and every check held (or nothing to check)
 *   n/a        it cannot apply here: the method needs another map type or
 *              a translated importer domain, this kernel or build lacks it,
 *              or the pair is NOT_SUPPORTED for the dma-buf methods
 *   known-bug  it fails the way a kernel bug of configs/kernel/known-bugs
 *              makes it fail, on a kernel that has that bug
 *   env-limit  the machine ran out of something real hardware may have
 *              more of (IOVA space in a DMA-FQ domain, the DMA mask asked)
 *   fail       anything else that failed: a finding, listed in full
 *   refused    the module refused the parameters (bad input)
 *
 * Which kernel has which bug is data: configs/kernel/known-bugs names the
 * bugs of the lab's base kernel, and kernel/variants/NAME/fixes (same
 * format: one name a line, '#' comments) the bugs variant NAME fixes. A
 * point of a variant that fixes a bug, failing with that bug's signature,
 * is a plain failure. Without loaded data every bug that has a signature
 * counts as present (the base kernel).
 */
#ifndef P2PBENCH_OUTCOME_H
#define P2PBENCH_OUTCOME_H
#include <stdbool.h>
#include <stddef.h>

#include "point.h"

enum outcome {
	OUTCOME_PASS,
	OUTCOME_NA,
	OUTCOME_KNOWN_BUG,
	OUTCOME_ENV_LIMIT,
	OUTCOME_FAIL,
	OUTCOME_REFUSED,
	OUTCOME_NR,
};

/* "pass", "n/a", "known-bug", "env-limit", "fail", "refused"; "?" else. */
const char *outcome_name(enum outcome o);

/*
 * Classify P. WHY (if not NULL) gets the reason: the bug's name for
 * known-bug ("iova-offset"), a short cause for n/a and env-limit
 * ("iova-space", "needs map type BUS_ADDR"...), point_failure() text for
 * fail and refused, "" for pass. A failure that matches the signature of
 * a bug the point's kernel fixes is a fail whose WHY says so.
 */
enum outcome point_outcome(const struct point *p, char *why, size_t len);

/*
 * The bug whose signature P shows, whether or not P's kernel has it:
 * its name, or NULL. Signatures need nothing but the point (method,
 * ranges, range length, map type, importer domain, errno).
 */
const char *point_bug_signature(const struct point *p);

/* Does the kernel of VARIANT ("base", a kernel/variants/ name) have BUG? */
bool kernel_has_bug(const char *variant, const char *bug);

/*
 * Load the bug data from the source tree TOP (configs/kernel/known-bugs,
 * kernel/variants/ * /fixes). Replaces what was loaded before. 0, or -1 with
 * ERR set (a missing known-bugs file is an error; a missing fixes file is
 * not).
 */
int outcome_load_bugs(const char *top, char *err, size_t errlen);

/*
 * The source tree p2pbench runs from: $P2PBENCH_TOP if set, else the
 * directory above the executable (bench/p2pbench), when it holds
 * configs/kernel/known-bugs. Returns 0 and fills BUF, or -1.
 */
int outcome_find_top(char *buf, size_t len);

/* outcome_find_top() + outcome_load_bugs(), quiet when there is no tree
 * (the defaults stay). Returns 1 when data was loaded, 0 when not, -1 on
 * a tree whose files are unreadable (ERR set). */
int outcome_load_default(char *err, size_t errlen);

/* Set by hand (tests, or a caller that knows better): BUG is fixed in
 * VARIANT; BUG is a known bug of the base kernel (present in every variant
 * that does not fix it). outcome_reset_bugs() returns to the defaults. */
int outcome_mark_fixed(const char *variant, const char *bug);
int outcome_mark_known(const char *bug);
void outcome_reset_bugs(void);

#endif
