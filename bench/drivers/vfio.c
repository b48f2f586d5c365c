// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "bind.h"
#include "dev.h"
#include "errmsg.h"
#include "iotrace.h"
#include "names.h"
#include "sysfs.h"
#include "vfio.h"

/*
 * What 7.2's uapi has and older installed headers (Debian 12's) lack:
 * vfio's dma-buf export and device cdev, iommufd's IOAS calls.
 */
#define P2P_VFIO_FEATURE_DMA_BUF	11
#define P2P_VFIO_DEVICE_BIND_IOMMUFD	_IO(VFIO_TYPE, VFIO_BASE + 18)
#define P2P_VFIO_DEVICE_ATTACH_IOMMUFD_PT _IO(VFIO_TYPE, VFIO_BASE + 19)
#define P2P_IOMMUFD_TYPE		';'
#define P2P_IOMMU_IOAS_ALLOC		_IO(P2P_IOMMUFD_TYPE, 0x81)
#define P2P_IOMMU_IOAS_UNMAP		_IO(P2P_IOMMUFD_TYPE, 0x86)
#define P2P_IOMMU_IOAS_MAP_FILE		_IO(P2P_IOMMUFD_TYPE, 0x8f)
#define P2P_IOMMU_IOAS_MAP_WRITEABLE	(1 << 1)
#define P2P_IOMMU_IOAS_MAP_READABLE	(1 << 2)

struct p2p_vfio_dma_range {
	uint64_t offset;
	uint64_t length;
};

struct p2p_vfio_dma_buf {
	uint32_t region_index;
	uint32_t open_flags;
	uint32_t flags;
	uint32_t nr_ranges;
	struct p2p_vfio_dma_range dma_ranges[];
};

struct p2p_vfio_bind_iommufd {
	uint32_t argsz;
	uint32_t flags;
	int32_t iommufd;
	uint32_t out_devid;
};

struct p2p_vfio_attach_pt {
	uint32_t argsz;
	uint32_t flags;
	uint32_t pt_id;
	uint32_t pasid;
};

struct p2p_ioas_alloc {
	uint32_t size;
	uint32_t flags;
	uint32_t out_ioas_id;
};

struct p2p_ioas_map_file {
	uint32_t size;
	uint32_t flags;
	uint32_t ioas_id;
	int32_t fd;
	uint64_t start;
	uint64_t length;
	uint64_t iova;
};

struct p2p_ioas_unmap {
	uint32_t size;
	uint32_t ioas_id;
	uint64_t iova;
	uint64_t length;
};

/* Refuse P as "cannot run here": ENXIO, the n/a of the chain's methods. */
static int not_here(struct point *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int not_here(struct point *p, const char *fmt, ...)
{
	char why[sizeof(p->result.msg) - 10];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	memset(&p->result, 0, sizeof(p->result));
	snprintf(p->result.msg, sizeof(p->result.msg), "%s: %s",
		 method_name(p->run.method), why);
	p->refused_errno = ENXIO;
	errno = ENXIO;
	return -1;
}

static void close_fd(int *fd)
{
	if (*fd > 0)
		close(*fd);
	*fd = -1;
}

static const char *dev_attr(char *buf, size_t len, const struct p2pbench_bdf *bdf, const char *attr)
{
	char name[BDF_STRLEN];

	return sysfs_path(buf, len, "/bus/pci/devices/%s/%s", bdf_format(bdf, name, sizeof(name)), attr);
}

/* BDF from its driver to vfio-pci. */
int vfio_bind_driver(const struct p2pbench_bdf *bdf, char *err, size_t errlen)
{
	char path[512], name[BDF_STRLEN], drv[64];

	bdf_format(bdf, name, sizeof(name));
	if (pci_driver_of(bdf, drv, sizeof(drv), err, errlen))
		return -1;
	if (!strcmp(drv, VFIO_PCI_DRIVER))
		return 0;
	if (!sysfs_exists(sysfs_path(path, sizeof(path), "/bus/pci/drivers/" VFIO_PCI_DRIVER)))
		return errno = ENOENT, errf(err, errlen, "no vfio-pci driver (modprobe vfio-pci)");
	if (sysfs_write(dev_attr(path, sizeof(path), bdf, "driver_override"), VFIO_PCI_DRIVER,
			err, errlen))
		return -1;
	if (drv[0] && sysfs_write(sysfs_path(path, sizeof(path), "/bus/pci/drivers/%s/unbind", drv),
				  name, err, errlen))
		return -1;
	return sysfs_write(sysfs_path(path, sizeof(path), "/bus/pci/drivers/" VFIO_PCI_DRIVER "/bind"),
			   name, err, errlen);
}

/* The exporter's group in a type1 container, and the device in it. */
static int open_exporter(struct vfio_exp *v, struct point *p)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	struct vfio_device_feature probe = {
		.argsz = sizeof(probe),
		.flags = VFIO_DEVICE_FEATURE_PROBE | VFIO_DEVICE_FEATURE_GET |
			 P2P_VFIO_FEATURE_DMA_BUF,
	};
	char path[64], name[BDF_STRLEN], why[512];
	int group;

	bdf_format(&v->exporter, name, sizeof(name));
	group = iommu_group_of(&v->exporter, why, sizeof(why));
	if (group < 0)
		return not_here(p, "%.80s", why);
	v->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (v->container < 0)
		return not_here(p, "/dev/vfio/vfio: %s", strerror(errno));
	snprintf(path, sizeof(path), "/dev/vfio/%d", group);
	v->group = open(path, O_RDWR | O_CLOEXEC);
	if (v->group < 0)
		return not_here(p, "%s: %s", path, strerror(errno));
	if (ioctl(v->group, VFIO_GROUP_GET_STATUS, &st))
		return not_here(p, "VFIO_GROUP_GET_STATUS: %s", strerror(errno));
	if (!(st.flags & VFIO_GROUP_FLAGS_VIABLE))
		return not_here(p, "IOMMU group %d of %s is not viable (another device of it has a "
				"driver)", group, name);
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container))
		return not_here(p, "VFIO_GROUP_SET_CONTAINER: %s", strerror(errno));
	if (ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		return not_here(p, "VFIO_SET_IOMMU type1v2: %s", strerror(errno));
	v->device = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, name);
	if (v->device < 0)
		return not_here(p, "VFIO_GROUP_GET_DEVICE_FD %s: %s", name, strerror(errno));
	if (ioctl(v->device, VFIO_DEVICE_FEATURE, &probe))
		return not_here(p, "vfio-pci exports no dma-buf here (VFIO_DEVICE_FEATURE_DMA_BUF: "
				"%s; CONFIG_VFIO_PCI_DMABUF)", strerror(errno));
	return 0;
}

int vfio_open_cdev(const struct p2pbench_bdf *bdf, int iommufd, int *device, unsigned int *ioas,
		   char *err, size_t errlen)
{
	struct p2p_vfio_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct p2p_vfio_attach_pt at = { .argsz = sizeof(at) };
	struct p2p_ioas_alloc alloc = { .size = sizeof(alloc) };
	char dir[512], path[300] = "";
	struct dirent *de;
	DIR *d;

	d = opendir(dev_attr(dir, sizeof(dir), bdf, "vfio-dev"));
	if (!d)
		return errf(err, errlen, "%s: %s (a kernel without CONFIG_VFIO_DEVICE_CDEV?)", dir,
			    strerror(errno));
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "vfio", 4))
			snprintf(path, sizeof(path), "/dev/vfio/devices/%.200s", de->d_name);
	closedir(d);
	if (!path[0])
		return errf(err, errlen, "%.80s has no vfio device cdev", dir);
	*device = open(path, O_RDWR | O_CLOEXEC);
	if (*device < 0)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	bind.iommufd = iommufd;
	if (ioctl(*device, P2P_VFIO_DEVICE_BIND_IOMMUFD, &bind))
		return errf(err, errlen, "VFIO_DEVICE_BIND_IOMMUFD: %s", strerror(errno));
	if (ioctl(iommufd, P2P_IOMMU_IOAS_ALLOC, &alloc))
		return errf(err, errlen, "IOMMU_IOAS_ALLOC: %s", strerror(errno));
	*ioas = alloc.out_ioas_id;
	at.pt_id = *ioas;
	if (ioctl(*device, P2P_VFIO_DEVICE_ATTACH_IOMMUFD_PT, &at))
		return errf(err, errlen, "VFIO_DEVICE_ATTACH_IOMMUFD_PT: %s", strerror(errno));
	return 0;
}

/* The importer's vfio cdev, bound to an iommufd and attached to a new IOAS. */
static int open_importer(struct vfio_exp *v, struct point *p)
{
	char why[512];

	v->iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (v->iommufd < 0)
		return not_here(p, "/dev/iommu: %s (a kernel without CONFIG_IOMMUFD)", strerror(errno));
	if (vfio_open_cdev(&v->importer, v->iommufd, &v->imp_device, &v->ioas, why, sizeof(why)))
		return not_here(p, "%.100s", why);
	return 0;
}

static void close_exporter(struct vfio_exp *v)
{
	close_fd(&v->device);
	close_fd(&v->group);
	close_fd(&v->container);
}

static void close_importer(struct vfio_exp *v)
{
	close_fd(&v->imp_device);
	close_fd(&v->iommufd);
}

/*
 * Move the devices to the drivers WANT_EXP/WANT_IMP says (1: vfio-pci) and
 * set the module up again when the importer is p2pbench's. -1 with P
 * refused when the chain cannot be built (the devices are back with
 * p2pbench then), -2 when even that failed.
 */
static int want(int ctl, struct vfio_exp *v, int want_exp, int want_imp, struct point *p,
		char *err, size_t errlen)
{
	char why[512];
	int changed = 0, r = 0;

	if (v->imp_vfio && !want_imp) {
		close_importer(v);
		v->imp_vfio = 0;
		changed = 1;
		if (pci_bind_p2pbench(&v->importer, NULL, 0, err, errlen))
			return -2;
	}
	if (v->exp_vfio && !want_exp) {
		close_exporter(v);
		v->exp_vfio = 0;
		changed = 1;
		if (pci_bind_p2pbench(&v->exporter, NULL, 0, err, errlen))
			return -2;
	}
	if (!v->exp_vfio && want_exp) {
		changed = 1;
		v->exp_vfio = 1;
		/* vfio-pci refuses a device without one (EINVAL): say why first. */
		if (iommu_group_of(&v->exporter, why, sizeof(why)) < 0)
			r = not_here(p, "%.80s; vfio-pci needs an IOMMU group", why);
		else if (vfio_bind_driver(&v->exporter, why, sizeof(why)))
			r = not_here(p, "binding the exporter to vfio-pci: %.80s", why);
		else
			r = open_exporter(v, p);
	}
	if (!r && !v->imp_vfio && want_imp) {
		changed = 1;
		v->imp_vfio = 1;
		if (iommu_group_of(&v->importer, why, sizeof(why)) < 0)
			r = not_here(p, "%.80s; vfio-pci needs an IOMMU group", why);
		else if (vfio_bind_driver(&v->importer, why, sizeof(why)))
			r = not_here(p, "binding the importer to vfio-pci: %.80s", why);
		else
			r = open_importer(v, p);
	}
	if (r)	/* back to p2pbench, whatever half happened */
		return want(ctl, v, 0, 0, p, err, errlen) == -2 ? -2 : -1;
	if (changed && !v->imp_vfio &&
	    dev_setup(ctl, v->bar, &v->exporter, &v->importer,
		      v->exp_vfio ? P2PBENCH_SETUP_EXPORTER_VFIO : 0, why, sizeof(why))) {
		if (!v->exp_vfio)
			return errf(err, errlen, "%s", why), -2;
		not_here(p, "%.100s", why);
		return want(ctl, v, 0, 0, p, err, errlen) == -2 ? -2 : -1;
	}
	return 0;
}

int vfio_point(int ctl, struct vfio_exp *v, struct point *p, char *err, size_t errlen)
{
	uint32_t m = p->run.method;
	struct p2pbench_info info;

	p->refused_errno = 0;
	if (!v->known) {
		if (m != P2PBENCH_METHOD_VFIO && m != P2PBENCH_METHOD_IOMMUFD)
			return 0;
		if (dev_info(ctl, &info, err, errlen))
			return -2;
		/* Without a pair the module refuses the point itself (ENODEV). */
		if (!info.setup_done)
			return 0;
		v->exporter = info.exporter;
		v->importer = info.importer;
		v->bar = info.bar;
		v->map_type = info.map_type;
		v->container = v->group = v->device = v->iommufd = v->imp_device = -1;
		v->known = 1;
	}
	return want(ctl, v, m == P2PBENCH_METHOD_VFIO || m == P2PBENCH_METHOD_IOMMUFD,
		    m == P2PBENCH_METHOD_IOMMUFD, p, err, errlen);
}

int vfio_leave(int ctl, struct vfio_exp *v, char *err, size_t errlen)
{
	struct point scratch;

	if (!v->known || (!v->exp_vfio && !v->imp_vfio))
		return 0;
	memset(&scratch, 0, sizeof(scratch));
	return want(ctl, v, 0, 0, &scratch, err, errlen) ? -1 : 0;
}

/* Refuse P with errno E and a reason (a shape the chain does not take). */
static int refuse(struct point *p, int e, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int refuse(struct point *p, int e, const char *fmt, ...)
{
	va_list ap;

	memset(&p->result, 0, sizeof(p->result));
	va_start(ap, fmt);
	vsnprintf(p->result.msg, sizeof(p->result.msg), fmt, ap);
	va_end(ap);
	p->refused_errno = e;
	return -e;
}

/*
 * CONTIG and GAPPED ranges as the module lays them out (p2pbench_params.c):
 * every align-rounded stride of range_len + gap from bar_offset. vfio-pci
 * checks them against the BAR. -1 for the other layouts.
 */
static int linear_ranges(const struct p2pbench_run *run, struct p2pbench_range *r)
{
	uint64_t align = run->align ? run->align : (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t span = run->range_len, stride;

	if (run->layout != P2PBENCH_LAYOUT_CONTIG && run->layout != P2PBENCH_LAYOUT_GAPPED)
		return -1;
	if (run->layout == P2PBENCH_LAYOUT_GAPPED)
		span += run->gap;
	stride = (span + align - 1) & ~(align - 1);
	for (uint32_t i = 0; i < run->nr_ranges; i++) {
		r[i].offset = run->bar_offset + i * stride;
		r[i].len = run->range_len;
	}
	return 0;
}

/* A dma-buf of P's ranges from vfio-pci: its fd, or -errno with P refused. */
int vfio_export(int ctl, struct vfio_exp *v, struct point *p)
{
	uint32_t n = p->run.nr_ranges;
	struct vfio_device_feature *f;
	struct p2p_vfio_dma_buf *db;
	struct p2pbench_range *r;
	struct p2pbench_run q = p->run;
	char why[512];
	size_t size;
	int fd;

	/* The module's layout code says where the ranges are (RANGES_ONLY). */
	size = sizeof(*f) + sizeof(*db) + (size_t)n * sizeof(db->dma_ranges[0]);
	f = calloc(1, size);
	r = calloc(n ? n : 1, sizeof(*r));
	if (!f || !r) {
		free(f);
		free(r);
		return refuse(p, ENOMEM, "no memory for %u ranges", n);
	}
	q.method = P2PBENCH_METHOD_NULL;
	if (v->imp_vfio) {
		/* No pair in the module while the importer is vfio-pci's. */
		if (linear_ranges(&q, r)) {
			fd = refuse(p, EOPNOTSUPP, "iommufd: layout %s needs the module's layout "
				    "code; contig and gapped only", q.layout == P2PBENCH_LAYOUT_RANDOM ?
				    "random" : "user");
			goto out;
		}
	} else if (dev_ranges(ctl, &q, r, why, sizeof(why))) {
		fd = refuse(p, errno, "%.120s", why);
		goto out;
	}
	f->argsz = (uint32_t)size;
	f->flags = VFIO_DEVICE_FEATURE_GET | P2P_VFIO_FEATURE_DMA_BUF;
	db = (struct p2p_vfio_dma_buf *)f->data;
	db->region_index = v->bar;
	db->open_flags = O_RDWR | O_CLOEXEC;
	db->nr_ranges = n;
	for (uint32_t i = 0; i < n; i++) {
		db->dma_ranges[i].offset = r[i].offset;
		db->dma_ranges[i].length = r[i].len;
	}
	fd = ioctl(v->device, VFIO_DEVICE_FEATURE, f);
	if (fd < 0)
		fd = refuse(p, errno, "vfio-pci refused a dma-buf of %u ranges "
			    "(VFIO_DEVICE_FEATURE_DMA_BUF): %s", n, strerror(errno));
out:
	free(f);
	free(r);
	return fd;
}

int vfio_ioas_map(int iommufd, unsigned int ioas, int dmabuf, uint64_t len, uint64_t *iova)
{
	struct p2p_ioas_map_file mf = {
		.size = sizeof(mf), .ioas_id = ioas, .fd = dmabuf, .length = len,
		.flags = P2P_IOMMU_IOAS_MAP_WRITEABLE | P2P_IOMMU_IOAS_MAP_READABLE,
	};

	if (ioctl(iommufd, P2P_IOMMU_IOAS_MAP_FILE, &mf))
		return -errno;
	*iova = mf.iova;
	return 0;
}

int vfio_ioas_unmap(int iommufd, unsigned int ioas, uint64_t iova, uint64_t len)
{
	struct p2p_ioas_unmap um = { .size = sizeof(um), .ioas_id = ioas, .iova = iova,
				     .length = len };

	return ioctl(iommufd, P2P_IOMMU_IOAS_UNMAP, &um) ? -errno : 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Exact statistics of N samples (sorted in place), as the module reports them. */
static void lat_of(uint64_t *s, uint64_t n, struct p2pbench_lat *l)
{
	double sum = 0, sq = 0, mean;

	memset(l, 0, sizeof(*l));
	if (!n)
		return;
	qsort(s, n, sizeof(*s), cmp_u64);
	for (uint64_t i = 0; i < n; i++)
		sum += (double)s[i];
	mean = sum / (double)n;
	for (uint64_t i = 0; i < n; i++)
		sq += ((double)s[i] - mean) * ((double)s[i] - mean);
	l->samples = n;
	l->batch = 1;
	l->min = s[0];
	l->max = s[n - 1];
	l->p50 = s[(n - 1) * 50 / 100];
	l->p90 = s[(n - 1) * 90 / 100];
	l->p99 = s[(n - 1) * 99 / 100];
	l->p999 = s[(n - 1) * 999 / 1000];
	l->mean = (uint64_t)(mean + 0.5);
	l->stddev = n > 1 ? (uint64_t)(sqrt(sq / (double)(n - 1)) + 0.5) : 0;
}

static void group_type_of(const struct p2pbench_bdf *bdf, char *type, size_t len)
{
	int g = iommu_group_of(bdf, NULL, 0);

	if (g < 0 || iommu_group_type(g, type, len, NULL, 0))
		snprintf(type, len, "none");
}

/* At most this many timed pairs are kept (a point of --duration). */
#define IOMMUFD_MAX_SAMPLES 1000000

/*
 * IOMMU_IOAS_MAP_FILE of the dma-buf into the importer's IOAS and
 * IOMMU_IOAS_UNMAP, each timed with CLOCK_MONOTONIC around the ioctl (the
 * whole system call: what a VMM pays). One mapping of the whole buffer;
 * iommufd takes single-range vfio-pci dma-bufs only (EOPNOTSUPP otherwise).
 */
static int iommufd_point(int ctl, struct vfio_exp *v, struct point *p)
{
	const struct p2pbench_run *run = &p->run;
	struct p2pbench_result *res = &p->result;
	uint64_t size = run->range_len * run->nr_ranges, want, i, n = 0;
	uint64_t *ms = NULL, *us = NULL, t0, t1, t2, start, deadline = 0;
	struct p2p_ioas_map_file mf = { .size = sizeof(mf) };
	struct p2p_ioas_unmap um = { .size = sizeof(um) };
	int fd, e;

	if (run->layout == P2PBENCH_LAYOUT_USER)
		return refuse(p, EINVAL, "iommufd: a user range list is not a sweep point");
	if (run->threads != 1)
		return refuse(p, EOPNOTSUPP, "iommufd: timed by one thread (threads %u)",
			      run->threads);
	if (run->flags & ~P2PBENCH_RUN_VERIFY_ALL)
		return refuse(p, EOPNOTSUPP, "iommufd: no E2E here (flags 0x%x)", run->flags);
	fd = vfio_export(ctl, v, p);
	if (fd < 0)
		return fd;
	want = run->iterations ? run->iterations : IOMMUFD_MAX_SAMPLES;
	ms = malloc(want * sizeof(*ms));
	us = malloc(want * sizeof(*us));
	if (!ms || !us) {
		e = refuse(p, ENOMEM, "iommufd: no memory for %llu samples",
			   (unsigned long long)want);
		goto out;
	}
	memset(res, 0, sizeof(*res));
	res->map_type = v->map_type;
	mf.flags = P2P_IOMMU_IOAS_MAP_WRITEABLE | P2P_IOMMU_IOAS_MAP_READABLE;
	mf.ioas_id = v->ioas;
	mf.fd = fd;
	mf.length = size;
	um.ioas_id = v->ioas;
	/* iommu:map/unmap of one pair, untimed, system-wide through tracefs. */
	if (!iommu_trace_start(0, NULL, 0)) {
		struct iommu_count c = { 0 };
		int ok;

		mf.iova = 0;
		ok = !ioctl(v->iommufd, P2P_IOMMU_IOAS_MAP_FILE, &mf);
		um.iova = mf.iova;
		um.length = size;
		ok = ok && !ioctl(v->iommufd, P2P_IOMMU_IOAS_UNMAP, &um);
		if (!iommu_trace_stop(&c, NULL, 0) && ok && !c.lost) {
			res->iommu_map_calls = c.map;
			res->iommu_unmap_calls = c.unmap;
		}
	}
	start = now_ns();
	if (!run->iterations)
		deadline = start + (uint64_t)run->duration_ms * 1000000ULL;
	for (i = 0; i < run->warmup + want; i++) {
		int timed = i >= run->warmup;

		mf.iova = 0;
		t0 = now_ns();
		if (ioctl(v->iommufd, P2P_IOMMU_IOAS_MAP_FILE, &mf)) {
			e = errno;
			/* A shape iommufd does not take is a refusal, not a map error. */
			if (e == EOPNOTSUPP && !i) {
				e = refuse(p, e, "iommufd: IOMMU_IOAS_MAP_FILE takes single-range "
					   "vfio-pci dma-bufs only (%u ranges)", run->nr_ranges);
				goto out;
			}
			res->status = -e;
			res->verdict = P2PBENCH_VERDICT_MAP_ERROR;
			res->fail_iteration = (uint32_t)i;
			snprintf(res->msg, sizeof(res->msg),
				 "IOMMU_IOAS_MAP_FILE failed: %d %s at iteration %llu", -e,
				 strerrorname_np(e) ? strerrorname_np(e) : "?",
				 (unsigned long long)i);
			break;
		}
		t1 = now_ns();
		um.iova = mf.iova;
		um.length = size;
		if (ioctl(v->iommufd, P2P_IOMMU_IOAS_UNMAP, &um) || um.length != size) {
			e = errno;
			res->verdict = P2PBENCH_VERDICT_FAIL;
			res->fail_iteration = (uint32_t)i;
			snprintf(res->msg, sizeof(res->msg),
				 "IOMMU_IOAS_UNMAP of 0x%llx bytes at 0x%llx: %s (unmapped 0x%llx)",
				 (unsigned long long)size, (unsigned long long)mf.iova,
				 strerror(e), (unsigned long long)um.length);
			break;
		}
		t2 = now_ns();
		if (!timed)
			continue;
		ms[n] = t1 - t0;
		us[n] = t2 - t1;
		n++;
		if (deadline && t2 >= deadline)
			break;
	}
	lat_of(ms, n, &res->map);
	lat_of(us, n, &res->unmap);
	res->iterations = n;
	res->elapsed_ns = n ? now_ns() - start : 0;
	/* What iommufd reports of one mapping: the whole buffer at one IOVA. */
	res->sg_nents = 0;
	res->dma_len = n ? size : 0;
	res->iova_bytes = n ? size : 0;
	res->path = n ? P2PBENCH_PATH_IOVA : P2PBENCH_PATH_NONE;
	if (res->verdict == P2PBENCH_VERDICT_NONE && n)
		res->verdict = P2PBENCH_VERDICT_PASS;
	group_type_of(&v->importer, res->importer_group_type, sizeof(res->importer_group_type));
	e = 0;
out:
	free(ms);
	free(us);
	close(fd);
	return e;
}

int vfio_run_point(int ctl, struct vfio_exp *v, struct point *p)
{
	int fd, ret;

	if (p->run.method == P2PBENCH_METHOD_IOMMUFD && v->imp_vfio)
		return iommufd_point(ctl, v, p);
	if (p->run.method != P2PBENCH_METHOD_VFIO || !v->exp_vfio)
		return run_point(ctl, p);
	fd = vfio_export(ctl, v, p);
	if (fd < 0)
		return fd;
	p->run.dmabuf_fd = fd;
	ret = run_point(ctl, p);
	p->run.dmabuf_fd = 0;
	close(fd);
	return ret;
}
