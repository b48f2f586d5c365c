// SPDX-License-Identifier: GPL-2.0-only
/* The module as a point source of the run loop (module_driver.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "module_driver.h"
#include "results.h"

/* Already stored and readable? A corrupt file is run again (and replaced). */
static int have_point(const char *path, const struct point *want)
{
	char err[512], a[1024], b[1024];
	struct point p;

	if (access(path, F_OK))
		return 0;
	if (point_load(path, &p, err, sizeof(err))) {
		fprintf(stderr, "p2pbench sweep: %s; running the point again\n", err);
		return 0;
	}
	point_key(&p, a, sizeof(a));
	point_key(want, b, sizeof(b));
	if (strcmp(a, b) || p.repeat != want->repeat || p.boot != want->boot) {
		fprintf(stderr, "p2pbench sweep: %s holds another point (%s); running again\n", path, a);
		return 0;
	}
	return 1 + point_failed(&p);
}

static void module_path(const struct module_run *mr, size_t i, char *path, size_t len)
{
	char name[256];

	point_file_name(&mr->pts[i], name, sizeof(name));
	snprintf(path, len, "%s/points/%s", mr->dir, name);
}

static int module_stored(void *ctx, size_t i)
{
	struct module_run *mr = ctx;
	char path[4864];

	module_path(mr, i, path, sizeof(path));
	return have_point(path, &mr->pts[i]);
}

static void module_key(void *ctx, size_t i, char *buf, size_t len)
{
	struct module_run *mr = ctx;

	point_key(&mr->pts[i], buf, len);
}

static enum run_result module_run(void *ctx, size_t i, char *err, size_t errlen)
{
	struct module_run *mr = ctx;
	struct point *p = &mr->pts[i];
	/* What is stored is the plan plus the module's answer: running a
	 * point cannot change which point (and file) it is. */
	struct point q = *p;
	enum run_result r = module_run_point(mr, &q, err, errlen);

	if (r == RUN_RECORD) {
		p->result = q.result;
		p->refused_errno = q.refused_errno;
	}
	return r;
}

static int module_save(void *ctx, size_t i, char *path, size_t pathlen, char *err, size_t errlen)
{
	struct module_run *mr = ctx;

	if (point_save(mr->dir, &mr->pts[i], NULL, 0, err, errlen))
		return -1;
	module_path(mr, i, path, pathlen);
	return point_failed(&mr->pts[i]);
}

const struct driver_ops module_ops = {
	.name = "module", .store = "points", .stored = module_stored, .key = module_key,
	.run = module_run, .save = module_save,
};

enum run_result module_run_point(struct module_run *mr, struct point *p, char *err, size_t errlen)
{
	char planned[sizeof(p->iommu_mode)];
	int r;

	memcpy(planned, p->iommu_mode, sizeof(planned));
	/* Method vfio needs the exporter bound to vfio-pci, the others to p2pbench. */
	r = vfio_point(mr->fd, &mr->vfio, p, err, errlen);
	if (r == -2)
		return RUN_FATAL;
	if (r)
		return RUN_RECORD;
	r = vfio_run_point(mr->fd, &mr->vfio, p);
	if (r == -EINTR)
		return RUN_DROP;
	/* Errors that say the tool and module do not fit, not the point. */
	if (r == -ENOTTY || r == -EBADF || r == -EFAULT) {
		errf(err, errlen, "the module refused the ioctl itself (%s): "
		     "is this p2pbench built for the loaded module?", strerror(-r));
		return RUN_FATAL;
	}
	if (!r && planned[0] && strcmp(planned, p->iommu_mode)) {
		errf(err, errlen, "the importer's IOMMU mode is %s, not %s as this sweep "
		     "was told; did the group type change?", p->iommu_mode, planned);
		return RUN_FATAL;
	}
	memcpy(p->iommu_mode, planned, sizeof(planned));
	return RUN_RECORD;
}
