/* SPDX-License-Identifier: GPL-2.0-only */
/* Running gnuplot: the one runner of every figure (plot, io_plot). */
#ifndef P2PBENCH_GNUPLOT_H
#define P2PBENCH_GNUPLOT_H
#include <stddef.h>

/* Run "gnuplot SCRIPT" in DIR (its messages on our stderr). 0, or -1
 * with the reason: gnuplot missing (and how to install it), or failed. */
int gnuplot_run(const char *dir, const char *script, char *err, size_t errlen);

/* "pngcairo" when this gnuplot has it (antialiased), else the gd "png". */
const char *gnuplot_png_terminal(void);

#endif
