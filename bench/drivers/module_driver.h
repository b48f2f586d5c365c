/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The module as a point source: its points run through the ioctl (dev.h),
 * moving the devices to vfio-pci for methods vfio and iommufd (vfio.h),
 * and through the run loop every source shares (runner.h) by
 * sweep_exec() (sweep.h).
 */
#ifndef P2PBENCH_MODULE_DRIVER_H
#define P2PBENCH_MODULE_DRIVER_H
#include "sweep.h"
#include "vfio.h"

/* The state of a sweep_exec() runner on the module's control file FD. */
struct module_runner {
	int fd;
	struct vfio_exp vfio;
	char err[512];
};

/* Run point P (a sweep_exec() runner; ARG a struct module_runner): the
 * result or refusal into P; SWEEP_FATAL with RR->err when the module and
 * this tool do not fit or the context changed under the sweep. */
enum sweep_ran module_run_point(void *arg, struct point *p);

#endif
