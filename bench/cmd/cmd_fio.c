// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench fio: the fio driver (drivers/fio_driver.c) through the run loop. */
#include "commands.h"
#include "iodriver.h"

int cmd_fio(int argc, char **argv)
{
	return io_driver_main(&fio_driver, argc, argv);
}
