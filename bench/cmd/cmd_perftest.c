// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench perftest: the perftest driver (drivers/perftest_driver.c) through the I/O command. */
#include "commands.h"
#include "perftest.h"
#include "iotool.h"

int cmd_perftest(int argc, char **argv)
{
	return io_command(&perftest_ops, argc, argv);
}
