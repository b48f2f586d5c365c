// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench sweep: placeholder so the program links; being written. */
#include <stdio.h>

#include "commands.h"

int cmd_sweep(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "p2pbench sweep: not implemented yet\n");
	return 2;
}
