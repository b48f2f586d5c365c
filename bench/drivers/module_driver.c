// SPDX-License-Identifier: GPL-2.0-only
/* The module as a driver of the run loop (module_driver.h, runner.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "module_driver.h"
#include "results.h"
#include "runner.h"
#include "sweep.h"

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

/* The module as a driver of the run loop: its points are x->pts. */
static void module_path(const struct sweep_exec *x, size_t i, char *path, size_t len)
{
	char name[256];

	point_file_name(&x->pts[i], name, sizeof(name));
	snprintf(path, len, "%s/points/%s", x->dir, name);
}

static int module_stored(void *ctx, size_t i)
{
	struct sweep_exec *x = ctx;
	char path[4864];

	module_path(x, i, path, sizeof(path));
	return have_point(path, &x->pts[i]);
}

static void module_key(void *ctx, size_t i, char *buf, size_t len)
{
	struct sweep_exec *x = ctx;

	point_key(&x->pts[i], buf, len);
}

static enum run_result module_run(void *ctx, size_t i, char *err, size_t errlen)
{
	struct sweep_exec *x = ctx;
	struct point *p = &x->pts[i];
	/* What is stored is the plan plus the module's answer: a runner
	 * cannot change which point (and file) this is. */
	struct point q = *p;
	enum sweep_ran r = x->run(x->arg, &q);

	(void)err;
	(void)errlen;
	if (r == SWEEP_FATAL)
		return RUN_FATAL;
	if (r == SWEEP_DROP)
		return RUN_DROP;
	p->result = q.result;
	p->refused_errno = q.refused_errno;
	return RUN_RECORD;
}

static int module_save(void *ctx, size_t i, char *path, size_t pathlen, char *err, size_t errlen)
{
	struct sweep_exec *x = ctx;

	if (point_save(x->dir, &x->pts[i], NULL, 0, err, errlen))
		return -1;
	module_path(x, i, path, pathlen);
	return point_failed(&x->pts[i]);
}

static const struct driver_ops module_driver = {
	.name = "module", .store = "points", .stored = module_stored, .key = module_key,
	.run = module_run, .save = module_save,
};

int sweep_exec(struct sweep_exec *x, char *err, size_t errlen)
{
	struct run_ctl c = { .dir = x->dir, .n = x->n, .on_point = x->on_point,
			     .progress = x->progress };
	int ret = run_points(&module_driver, x, &c, err, errlen);

	x->skipped = c.skipped;
	x->ran = c.ran;
	x->failed = c.failed;
	x->signal = c.signal;
	return ret;
}

enum sweep_ran module_run_point(void *arg, struct point *p)
{
	struct module_runner *rr = arg;
	char planned[sizeof(p->iommu_mode)];
	int r;

	memcpy(planned, p->iommu_mode, sizeof(planned));
	/* Method vfio needs the exporter bound to vfio-pci, the others to p2pbench. */
	r = vfio_point(rr->fd, &rr->vfio, p, rr->err, sizeof(rr->err));
	if (r == -2)
		return SWEEP_FATAL;
	if (r)
		return SWEEP_RECORD;
	r = vfio_run_point(rr->fd, &rr->vfio, p);
	if (r == -EINTR)
		return SWEEP_DROP;
	/* Errors that say the tool and module do not fit, not the point. */
	if (r == -ENOTTY || r == -EBADF || r == -EFAULT) {
		errf(rr->err, sizeof(rr->err), "the module refused the ioctl itself (%s): "
		     "is this p2pbench built for the loaded module?", strerror(-r));
		return SWEEP_FATAL;
	}
	if (!r && planned[0] && strcmp(planned, p->iommu_mode)) {
		errf(rr->err, sizeof(rr->err), "the importer's IOMMU mode is %s, not %s as this sweep "
		     "was told; did the group type change?", p->iommu_mode, planned);
		return SWEEP_FATAL;
	}
	memcpy(p->iommu_mode, planned, sizeof(planned));
	return SWEEP_RECORD;
}
