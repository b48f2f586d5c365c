/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The module as a point source of the run loop (runner.h): its points run
 * through the ioctl (dev.h), moving the devices to vfio-pci for methods
 * vfio and iommufd (vfio.h). `p2pbench sweep` builds the points (sweep.h)
 * and hands module_ops and a struct module_run to run_points().
 */
#ifndef P2PBENCH_MODULE_DRIVER_H
#define P2PBENCH_MODULE_DRIVER_H
#include <stddef.h>

#include "point.h"
#include "runner.h"
#include "vfio.h"

/* The context of module_ops: the points of one context, in order. */
struct module_run {
	const char *dir;	/* results directory: the points go to DIR/points/ */
	struct point *pts;
	int fd;			/* the module's control file */
	struct vfio_exp vfio;	/* the devices' vfio state between points */
};

extern const struct driver_ops module_ops;

/* Run point P: its result or refusal into P (RUN_RECORD), RUN_DROP when a
 * signal interrupted it, RUN_FATAL with ERR when the module and this tool
 * do not fit or the context changed under the sweep. */
enum run_result module_run_point(struct module_run *mr, struct point *p, char *err, size_t errlen);

#endif
