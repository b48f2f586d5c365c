/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The parameters of one benchmark point (struct p2pbench_run) by the names
 * users type: `p2pbench run --ranges 64 --size 4K` and a sweep file's
 * "ranges" and "size" dimensions are the same table rows.
 */
#ifndef P2PBENCH_RUNOPTS_H
#define P2PBENCH_RUNOPTS_H
#include <stdio.h>
#include <linux/p2pbench.h>

#include "opt.h"

/* Rows: method ranges size layout gap align offset seed direction
 * iterations duration warmup threads dma-bits batch verify-all e2e. */
extern const struct opt run_opts[];

/* Zero RUN, set its version and every default (method null). */
void runopts_init(struct p2pbench_run *run);

/* Set one parameter by name from text, as a sweep file would; setting
 * "duration" zeroes "iterations" and vice versa. 0 or -1 with a message. */
int runopts_set(struct p2pbench_run *run, const char *name, const char *val,
		char *err, size_t errlen);

/*
 * Fill RUN from ARGV (ARGV[0] is the command name) with the run options
 * plus the command's own EXTRA sets (NULL, or ending with .opts NULL).
 * Returns 0, OPT_HELP, or -1 with a message.
 */
int runopts_parse(int argc, char **argv, struct p2pbench_run *run,
		  const struct optset *extra, char *err, size_t errlen);

/* Option lines of the run table followed by those of EXTRA. */
void runopts_help(FILE *f, const struct optset *extra);

#endif
