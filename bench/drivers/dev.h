/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The p2pbench control file and its three ioctls (INFO, SETUP, RUN).
 * Failures come back as -1 with errno and a message naming the file, the
 * devices and a likely cause.
 */
#ifndef P2PBENCH_DEV_H
#define P2PBENCH_DEV_H
#include <stdbool.h>
#include <stddef.h>
#include <linux/p2pbench.h>

#include "point.h"

#define P2PBENCH_CTL	"/sys/kernel/debug/p2pbench/ctl"

/* $P2PBENCH_CTL if set (tests, unusual debugfs mounts), else P2PBENCH_CTL. */
const char *dev_ctl_path(void);

/* 1 when /sys/module/p2pbench exists. */
bool dev_module_loaded(void);

/* Open the control file read-write; fd, or -1 with a message that says
 * whether the module is missing, debugfs unmounted, or access denied. */
int dev_open(char *err, size_t errlen);

/* P2PBENCH_IOC_INFO; also refuses a module of another uapi version. */
int dev_info(int fd, struct p2pbench_info *info, char *err, size_t errlen);

/* P2PBENCH_IOC_SETUP of BAR of EXPORTER for IMPORTER; FLAGS are
 * P2PBENCH_SETUP_* (EXPORTER_VFIO: the exporter is bound to vfio-pci). */
int dev_setup(int fd, unsigned int bar, const struct p2pbench_bdf *exporter,
	      const struct p2pbench_bdf *importer, unsigned int flags,
	      char *err, size_t errlen);

/*
 * The ranges RUN would map (P2PBENCH_RUN_RANGES_ONLY), offsets from the BAR
 * start, into RANGES (RUN->nr_ranges entries). 0, or -1 with errno and a
 * message (the module's reason when it refused the parameters).
 */
int dev_ranges(int fd, const struct p2pbench_run *run, struct p2pbench_range *ranges,
	       char *err, size_t errlen);

/* Errors after which the module has filled result.msg (uapi contract). */
bool dev_refusal_has_msg(int err);

/*
 * P2PBENCH_IOC_RUN of P->run. On return P->result holds the module's answer
 * (zeroed first, so msg is "" when the module said nothing), P->refused_errno
 * is 0 or the ioctl's errno, and P->iommu_mode is derived from the group
 * type the run saw ("off" without an IOMMU). Returns 0 when the point ran
 * (whatever its verdict), or the negative errno when it was refused.
 */
int run_point(int fd, struct point *p);

#endif
