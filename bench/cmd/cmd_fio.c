// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench fio: the fio driver (drivers/fio_driver.c) through the I/O command. */
#include "commands.h"
#include "fio.h"
#include "iotool.h"

int cmd_fio(int argc, char **argv)
{
	return io_command(&fio_ops, argc, argv);
}
