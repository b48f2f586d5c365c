// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench perftest: the perftest driver (drivers/perftest_driver.c) through the run loop. */
#include "commands.h"
#include "iodriver.h"

int cmd_perftest(int argc, char **argv)
{
	return io_driver_main(&perftest_driver, argc, argv);
}
