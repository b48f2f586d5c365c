/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The production chain from userspace. Method vfio: the exporter BAR is
 * handed to vfio-pci, which exports a dma-buf of exactly a point's ranges
 * (VFIO_DEVICE_FEATURE_DMA_BUF) that the module maps for the importer.
 * Method iommufd (the VMM path): the importer is handed to vfio-pci too,
 * bound to an iommufd with an IOAS, and p2pbench times IOMMU_IOAS_MAP_FILE
 * of that dma-buf and IOMMU_IOAS_UNMAP itself. Every other method needs
 * both devices bound to p2pbench, so a runner calls vfio_point() before
 * every point (it moves the devices to the drivers the method needs and sets
 * the module up again) and vfio_leave() at the end.
 */
#ifndef P2PBENCH_VFIO_H
#define P2PBENCH_VFIO_H
#include <stddef.h>
#include <stdint.h>
#include <linux/p2pbench.h>

#include "point.h"

#define VFIO_PCI_DRIVER	"vfio-pci"

/* The devices as the chain holds them; zero-initialise, then leave it to these calls. */
struct vfio_exp {
	int known;			/* the pair below was read from the module */
	struct p2pbench_bdf exporter, importer;
	unsigned int bar;
	unsigned int map_type;		/* of the pair, for iommufd points */
	int exp_vfio;			/* exporter bound to vfio-pci, opened */
	int imp_vfio;			/* importer bound to vfio-pci, in an IOAS */
	int container, group, device;	/* the exporter's, while exp_vfio */
	int iommufd, imp_device;	/* the importer's, while imp_vfio */
	unsigned int ioas;
};

/*
 * Put the devices where P's method needs them. Returns 0 when P can be run;
 * -1 with P refused (refused_errno ENXIO, result.msg "vfio: ..." or
 * "iommufd: ...") when the method cannot run here, which is a result to
 * store; or -2 with a message in ERR when the devices could not be put
 * back as they were (stop).
 */
int vfio_point(int ctl, struct vfio_exp *v, struct point *p, char *err, size_t errlen);

/*
 * Run P after vfio_point(): through the module (run_point()), for method
 * vfio with a dma-buf vfio-pci exported for P's ranges, and for method
 * iommufd timed here. Same return values as run_point(); a dma-buf or a
 * shape the chain refuses is a refused point (its errno, the reason in
 * result.msg).
 */
int vfio_run_point(int ctl, struct vfio_exp *v, struct point *p);

/* A dma-buf of P's ranges from vfio-pci (after vfio_point() for method
 * vfio): its fd, or -errno with P refused and the reason in result.msg. */
int vfio_export(int ctl, struct vfio_exp *v, struct point *p);

/* Lower level, for `p2pbench revoke`. */
int vfio_bind_driver(const struct p2pbench_bdf *bdf, char *err, size_t errlen);
/* BDF's vfio cdev bound to IOMMUFD, attached to a new IOAS (*IOAS). */
int vfio_open_cdev(const struct p2pbench_bdf *bdf, int iommufd, int *device, unsigned int *ioas,
		   char *err, size_t errlen);
/* IOMMU_IOAS_MAP_FILE of LEN bytes of DMABUF (*IOVA chosen by the kernel),
 * and IOMMU_IOAS_UNMAP. 0 or -errno. */
int vfio_ioas_map(int iommufd, unsigned int ioas, int dmabuf, uint64_t len, uint64_t *iova);
int vfio_ioas_unmap(int iommufd, unsigned int ioas, uint64_t iova, uint64_t len);

/* Give both devices back to p2pbench and set the pair up again, if
 * vfio_point() took them. 0, or -1 with a message. */
int vfio_leave(int ctl, struct vfio_exp *v, char *err, size_t errlen);

#endif
