/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI functions as users name them ("0000:03:00.0", "03:00.0", with an
 * optional ":BAR" suffix), binding them to the p2pbench PCI driver through
 * driver_override, and the IOMMU group each one sits in.
 */
#ifndef P2PBENCH_BIND_H
#define P2PBENCH_BIND_H
#include <stddef.h>
#include <linux/p2pbench.h>

#define BDF_STRLEN	24	/* "ffffffff:ff:1f.7" and a NUL, with room */
#define P2PBENCH_DRIVER	"p2pbench"

/* Parse S into BDF. *BAR is set to the ":BAR" suffix (0..5), or -1 when S
 * has none; pass BAR NULL to refuse a suffix. 0 or -1 with a message. */
int bdf_parse(const char *s, struct p2pbench_bdf *bdf, int *bar, char *err, size_t errlen);

/* "0000:03:00.0" into BUF (at least BDF_STRLEN bytes); returns BUF. */
const char *bdf_format(const struct p2pbench_bdf *bdf, char *buf, size_t len);

/* Name of the driver bound to BDF into DRV, "" when none. -1 with a
 * message when the device does not exist. */
int pci_driver_of(const struct p2pbench_bdf *bdf, char *drv, size_t len,
		  char *err, size_t errlen);

/* Make p2pbench the driver of BDF: write driver_override, unbind the
 * current driver if it is another one, bind. The previous driver's name
 * goes to PREV ("" if none; PREV may be NULL). */
int pci_bind_p2pbench(const struct p2pbench_bdf *bdf, char *prev, size_t prevlen,
		      char *err, size_t errlen);

/* Undo pci_bind_p2pbench(): unbind from p2pbench if bound, clear
 * driver_override and, when REPROBE, let the kernel pick the default
 * driver again (drivers_probe). */
int pci_unbind_p2pbench(const struct p2pbench_bdf *bdf, int reprobe, char *err, size_t errlen);

/* IOMMU group id of BDF; -1 with errno ENOENT when it has none (no IOMMU),
 * or another errno and a message. */
int iommu_group_of(const struct p2pbench_bdf *bdf, char *err, size_t errlen);

/* Default domain type of GROUP ("identity", "DMA", "DMA-FQ", ...). */
int iommu_group_type(int group, char *type, size_t len, char *err, size_t errlen);

/*
 * Switch GROUP's default domain to TYPE ("identity", "DMA", "DMA-FQ",
 * "auto"). The kernel refuses (EPERM) while a DMA-API driver is bound in
 * the group, so every bound device of the group is unbound first and
 * rebound to the same driver afterwards, also when the switch fails.
 * DMA -> DMA-FQ needs no unbinding. Devices bound to p2pbench lose the
 * module's SETUP state when unbound: set up again afterwards.
 */
int iommu_group_set_type(int group, const char *type, char *err, size_t errlen);

#endif
