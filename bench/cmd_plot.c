// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench plot: placeholder so the program links; being written. */
#include <stdio.h>

#include "commands.h"

int cmd_plot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "p2pbench plot: not implemented yet\n");
	return 2;
}
