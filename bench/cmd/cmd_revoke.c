// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench revoke: what vfio-pci's revoke of a dma-buf costs its importers,
 * on the VMM path. The exporter and the importer are handed to vfio-pci as
 * for method iommufd; N mappings of one single-range dma-buf are made into
 * the importer's IOAS (and into a second importer's, with --also-importer),
 * then memory decoding is turned off through vfio's config region, which is
 * how vfio-pci revokes (vfio_pci_dma_buf_move()). The write returns once
 * every importer's invalidate_mappings() has run and its mappings are gone:
 * its duration is the revoke latency. iommu:unmap events during it are the
 * unmaps it caused. Then a map while revoked must fail (ENODEV), memory is
 * turned on again, the revoked mappings are unmapped, and a new map must
 * work: the recovery.
 *
 * --through module: the same revoke, seen by an importer driver: the module
 * holds N dynamic attachments of the dma-buf per importer, each mapped
 * (P2PBENCH_IOC_HOLD); its invalidate_mappings() unmaps at once and records
 * when, how many iommu:unmap events that raised and whether the IO page
 * table still has the IOVA. A map while revoked must fail (ENODEV); after
 * memory is on again every importer maps again, verified (and read by edu
 * with --e2e).
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "bind.h"
#include "commands.h"
#include "dev.h"
#include "iotrace.h"
#include "names.h"
#include "opt.h"
#include "sweep.h"
#include "sysfs.h"
#include "units.h"
#include "vfio.h"

#define MAX_MAPPINGS 4096

struct revoke_cli {
	const char *mappings, *also, *through;
	uint64_t size;
	int e2e;
};

#define CLI(f) offsetof(struct revoke_cli, f)
static const struct opt revoke_opts[] = {
	{ .name = "mappings", .kind = OPT_STR, .off = CLI(mappings), .arg = "N,...",
	  .help = "live mappings per importer when memory is turned off [1,16,256]" },
	{ .name = "size", .kind = OPT_SIZE, .off = CLI(size), .arg = "SIZE", .def = "2M",
	  .help = "length of the one-range dma-buf" },
	{ .name = "also-importer", .kind = OPT_STR, .off = CLI(also), .arg = "BDF",
	  .help = "a second importer (its own IOAS, as many mappings; --through module: "
	  "bound to p2pbench, each count is run with the first importer, then both)" },
	{ .name = "through", .kind = OPT_STR, .off = CLI(through), .arg = "iommufd|module",
	  .help = "whose mappings are revoked: iommufd's IOAS (the VMM path) or the module's "
	  "own dynamic attachments (an importer driver's path) [iommufd]" },
	{ .name = "e2e", .kind = OPT_FLAG, .off = CLI(e2e),
	  .help = "--through module: edu DMA-reads the BAR through each importer's first "
	  "mapping, when mapped and again after recovery" },
	{ .kind = OPT_END },
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* PCI_COMMAND through vfio's config region of DEVICE. */
static int command_rw(int device, uint16_t *cmd, int write)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri),
				       .index = VFIO_PCI_CONFIG_REGION_INDEX };
	ssize_t n;

	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &ri))
		return -errno;
	n = write ? pwrite(device, cmd, 2, (off_t)(ri.offset + PCI_COMMAND)) :
		    pread(device, cmd, 2, (off_t)(ri.offset + PCI_COMMAND));
	return n == 2 ? 0 : n < 0 ? -errno : -EIO;
}

struct importer {
	int device;
	unsigned int ioas;
	uint64_t iova[MAX_MAPPINGS];
	unsigned int n;
};

static int map_n(int iommufd, struct importer *im, int buf, uint64_t len, unsigned int n)
{
	int r;

	for (im->n = 0; im->n < n; im->n++)
		if ((r = vfio_ioas_map(iommufd, im->ioas, buf, len, &im->iova[im->n])))
			return r;
	return 0;
}

static void unmap_all(int iommufd, struct importer *im, uint64_t len)
{
	while (im->n)
		vfio_ioas_unmap(iommufd, im->ioas, im->iova[--im->n], len);
}

/* One revoke with N mappings per importer; prints a table row. 0 when every check held. */
static int one(int ctl, struct vfio_exp *v, struct importer *im, unsigned int nimp,
	       unsigned int n, uint64_t len, int buf)
{
	struct iommu_count c = { 0 };
	uint16_t cmd, off;
	uint64_t t0, t1, iova;
	int r, bad = 0, traced, again, back;
	char err[256];

	(void)ctl;
	for (unsigned int i = 0; i < nimp; i++)
		if ((r = map_n(v->iommufd, &im[i], buf, len, n))) {
			printf("| %u | %u | map %u failed: %s | | | |\n", n, nimp, im[i].n, strerror(-r));
			for (unsigned int k = 0; k <= i; k++)
				unmap_all(v->iommufd, &im[k], len);
			return 1;
		}
	if ((r = command_rw(v->device, &cmd, 0))) {
		printf("# reading PCI_COMMAND: %s\n", strerror(-r));
		return 1;
	}
	off = (uint16_t)(cmd & ~PCI_COMMAND_MEMORY);
	traced = !iommu_trace_start(0, err, sizeof(err));
	t0 = now_ns();
	r = command_rw(v->device, &off, 1);
	t1 = now_ns();
	if (traced && iommu_trace_stop(&c, err, sizeof(err)))
		traced = 0;
	if (r) {
		printf("# turning memory off: %s\n", strerror(-r));
		bad = 1;
	}
	/* A map while revoked must be refused. */
	again = vfio_ioas_map(v->iommufd, im[0].ioas, buf, len, &iova);
	if (!again)
		vfio_ioas_unmap(v->iommufd, im[0].ioas, iova, len);
	bad |= again != -ENODEV;
	/* Recovery: memory on, the dead mappings unmapped, a new map works. */
	command_rw(v->device, &cmd, 1);
	for (unsigned int i = 0; i < nimp; i++)
		unmap_all(v->iommufd, &im[i], len);
	back = vfio_ioas_map(v->iommufd, im[0].ioas, buf, len, &iova);
	if (!back)
		vfio_ioas_unmap(v->iommufd, im[0].ioas, iova, len);
	bad |= back != 0;
	if (traced && c.unmap < (uint64_t)n * nimp)
		bad = 1;
	printf("| %u | %u | %.1f | %s | %s | %s |\n", n, nimp, (double)(t1 - t0) / 1000.0,
	       traced ? (snprintf(err, sizeof(err), "%llu", (unsigned long long)c.unmap), err) : "?",
	       again == -ENODEV ? "ENODEV" : again ? strerror(-again) : "MAPPED (wrong)",
	       back ? strerror(-back) : "maps again");
	return bad;
}

/*
 * --through module: the module holds N mappings of the dma-buf for each
 * importer (P2PBENCH_IOC_HOLD), as an importer driver does between uses.
 * vfio-pci's revoke calls the module's invalidate_mappings() for each,
 * which unmaps at once; the config write returns when every one is gone.
 */
struct held {
	struct p2pbench_bdf bdf;
	char name[BDF_STRLEN];
};

/* One HOLD request; 0, or -errno with H->msg saying why (refusals). */
static int hold_op(int ctl, struct p2pbench_hold *h, uint32_t op, const struct held *imp)
{
	h->op = op;
	if (imp)
		h->importer = imp->bdf;
	return ioctl(ctl, P2PBENCH_IOC_HOLD, h) ? -errno : 0;
}

static const char *errno_short(int e)
{
	switch (e) {
	case 0: return "ok";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case ENOENT: return "ENOENT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return strerror(e);
	}
}

/* Map N per importer, revoke, check, recover; one table row. 0 when every check held. */
static int one_module(int ctl, struct vfio_exp *v, const struct point *p, const struct held *imp,
		      unsigned int nimp, unsigned int n, int e2e)
{
	struct p2pbench_hold h;
	uint64_t t0, t1, first = UINT64_MAX, last = 0, unmaps = 0;
	unsigned int cleared = 0, stale = 0, gone = 0, translated = 0;
	uint16_t cmd, off;
	int r, bad = 0, refused = 0, back = 1;
	char checks[128];

	for (unsigned int i = 0; i < nimp; i++) {
		memset(&h, 0, sizeof(h));
		h.run = p->run;
		h.count = n;
		h.flags = e2e ? P2PBENCH_HOLD_E2E : 0;
		r = hold_op(ctl, &h, P2PBENCH_HOLD_MAP, &imp[i]);
		printf("# %u x %s: %s, map type %s, %s domain: %u mapped in %.1f us (%.1f us each), "
		       "%llu iommu maps, %llu sg entries, verdict %s%s%s%s\n",
		       n, imp[i].name, path_name(h.path), map_type_name(h.map_type),
		       h.importer_group_type, h.mapped, (double)h.map_ns / 1000.0,
		       h.mapped ? (double)h.map_ns / 1000.0 / h.mapped : 0.0,
		       (unsigned long long)h.iommu_map_calls, (unsigned long long)h.sg_nents,
		       r ? errno_short(-r) : verdict_name(h.verdict),
		       e2e && !r && h.verdict == P2PBENCH_VERDICT_PASS ? " (e2e)" : "",
		       h.msg[0] ? ": " : "", h.msg);
		if (r || h.verdict != P2PBENCH_VERDICT_PASS || h.mapped != n) {
			printf("| %u | %u | map failed | | | | | | | |\n", n, nimp);
			hold_op(ctl, &h, P2PBENCH_HOLD_RELEASE, NULL);
			return 1;
		}
		if (h.path != P2PBENCH_PATH_BUS_ADDR && strcmp(h.importer_group_type, "identity"))
			translated += n;
	}
	if ((r = command_rw(v->device, &cmd, 0))) {
		printf("# reading PCI_COMMAND: %s\n", strerror(-r));
		hold_op(ctl, &h, P2PBENCH_HOLD_RELEASE, NULL);
		return 1;
	}
	off = (uint16_t)(cmd & ~PCI_COMMAND_MEMORY);
	t0 = now_ns();
	r = command_rw(v->device, &off, 1);
	t1 = now_ns();
	if (r) {
		printf("# turning memory off: %s\n", strerror(-r));
		bad = 1;
	}
	for (unsigned int i = 0; i < nimp; i++) {
		memset(&h, 0, sizeof(h));
		h.run.version = P2PBENCH_UAPI_VERSION;
		if ((r = hold_op(ctl, &h, P2PBENCH_HOLD_STATUS, &imp[i]))) {
			printf("# %s: STATUS: %s: %s\n", imp[i].name, strerror(-r), h.msg);
			bad = 1;
			continue;
		}
		printf("# revoke, %s: %u invalidate_mappings() calls unmapped %u of %u, %u still mapped, "
		       "%llu iommu unmaps, IO page table: %u cleared, %u stale; last unmap %.1f us "
		       "after the write began\n",
		       imp[i].name, h.notified, h.invalidated, h.held, h.mapped,
		       (unsigned long long)h.iommu_unmap_calls, h.pt_cleared, h.pt_stale,
		       h.notify_last_ns > t0 ? (double)(h.notify_last_ns - t0) / 1000.0 : 0.0);
		gone += h.invalidated;
		bad |= h.mapped != 0 || h.invalidated != n || h.pt_stale != 0;
		unmaps += h.iommu_unmap_calls;
		cleared += h.pt_cleared;
		stale += h.pt_stale;
		if (h.notify_last_ns > last)
			last = h.notify_last_ns;
		if (h.notify_first_ns && h.notify_first_ns < first)
			first = h.notify_first_ns;
	}
	bad |= cleared != translated || unmaps < translated;
	/* A map while revoked must be refused, by every importer. */
	for (unsigned int i = 0; i < nimp; i++) {
		memset(&h, 0, sizeof(h));
		h.run.version = P2PBENCH_UAPI_VERSION;
		r = hold_op(ctl, &h, P2PBENCH_HOLD_REMAP, &imp[i]);
		printf("# map while revoked, %s: %s%s%s\n", imp[i].name,
		       r ? errno_short(-r) : h.status ? errno_short(-h.status) : "MAPPED (wrong)",
		       h.msg[0] ? ": " : "", h.msg);
		if (r || h.status != -ENODEV || h.mapped)
			refused = 1;
	}
	bad |= refused;
	/* Recovery: memory on, then each importer maps again, verified (and read by edu). */
	if ((r = command_rw(v->device, &cmd, 1))) {
		printf("# turning memory on: %s\n", strerror(-r));
		bad = 1;
	}
	for (unsigned int i = 0; i < nimp; i++) {
		memset(&h, 0, sizeof(h));
		h.run.version = P2PBENCH_UAPI_VERSION;
		h.flags = e2e ? P2PBENCH_HOLD_E2E : 0;
		r = hold_op(ctl, &h, P2PBENCH_HOLD_REMAP, &imp[i]);
		checks_format(h.checks_failed, checks, sizeof(checks));
		printf("# after re-enable, %s: %u of %u mapped again in %.1f us, verdict %s%s%s%s\n",
		       imp[i].name, h.mapped, h.held, (double)h.map_ns / 1000.0,
		       r ? errno_short(-r) : verdict_name(h.verdict),
		       e2e && !r && h.verdict == P2PBENCH_VERDICT_PASS ? " (e2e)" : "",
		       h.msg[0] ? ": " : "", h.msg);
		if (r || h.verdict != P2PBENCH_VERDICT_PASS || h.mapped != n)
			back = 0;
	}
	bad |= !back;
	if ((r = hold_op(ctl, &h, P2PBENCH_HOLD_RELEASE, NULL))) {
		printf("# RELEASE: %s\n", strerror(-r));
		bad = 1;
	}
	printf("| %u | %u | %.1f | %.1f | %.1f | %u | %llu | %u | %s | %s |\n", n, nimp,
	       (double)(t1 - t0) / 1000.0, last > t0 ? (double)(last - t0) / 1000.0 : 0.0,
	       last > first ? (double)(last - first) / 1000.0 : 0.0,
	       gone, (unsigned long long)unmaps, cleared, refused ? "NOT REFUSED" : "ENODEV",
	       back ? "maps again, verified" : "FAILED");
	(void)stale;
	return bad;
}

static int revoke_module(int ctl, const struct revoke_cli *cli, const unsigned int *counts,
			 unsigned int ncounts, const struct p2pbench_bdf *also)
{
	struct vfio_exp v = { 0 };
	struct held imp[2];
	struct point p;
	char err[512];
	int buf = -1, bad = 0, r, ret = 2;

	point_defaults(&p);
	p.run.method = P2PBENCH_METHOD_VFIO;
	p.run.range_len = cli->size;
	r = vfio_point(ctl, &v, &p, err, sizeof(err));
	if (r) {
		fprintf(stderr, "p2pbench revoke: %s\n", r == -2 ? err : p.result.msg);
		goto out;
	}
	if (!v.exp_vfio) {
		fprintf(stderr, "p2pbench revoke: no pair set up: run 'p2pbench bind' first\n");
		goto out;
	}
	buf = vfio_export(ctl, &v, &p);
	if (buf < 0) {
		fprintf(stderr, "p2pbench revoke: %s\n", p.result.msg);
		goto out;
	}
	p.run.dmabuf_fd = buf;
	imp[0].bdf = v.importer;
	bdf_format(&imp[0].bdf, imp[0].name, sizeof(imp[0].name));
	if (also) {
		imp[1].bdf = *also;
		bdf_format(&imp[1].bdf, imp[1].name, sizeof(imp[1].name));
	}
	printf("# revoke through the module's importer: one vfio-pci dma-buf of %s BAR %u, "
	       "1 range of %llu bytes\n", bdf_format(&v.exporter, err, sizeof(err)), v.bar,
	       (unsigned long long)cli->size);
	printf("| mappings per importer | importers | revoke us (write returns) | last unmap us "
	       "| in callbacks us | mappings unmapped | iommu unmaps | IO PTEs cleared "
	       "| map while revoked | after re-enable |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|\n");
	for (unsigned int i = 0; i < ncounts; i++) {
		bad |= one_module(ctl, &v, &p, imp, 1, counts[i], cli->e2e);
		if (also)
			bad |= one_module(ctl, &v, &p, imp, 2, counts[i], cli->e2e);
	}
	ret = bad ? 1 : 0;
out:
	if (buf >= 0)
		close(buf);
	if (vfio_leave(ctl, &v, err, sizeof(err))) {
		fprintf(stderr, "p2pbench revoke: giving the devices back: %s\n", err);
		ret = 2;
	}
	return ret;
}

int cmd_revoke(int argc, char **argv)
{
	struct revoke_cli cli = { 0 };
	const struct optset sets[] = { { revoke_opts, &cli }, { NULL, NULL } };
	unsigned int counts[16], ncounts = 0, nimp = 1;
	struct vfio_exp v = { 0 };
	struct importer *im = NULL;
	struct p2pbench_bdf also;
	char err[512], prev[64] = "", path[512], name[BDF_STRLEN], *list, *tok, *save = NULL;
	struct point p;
	int ctl, buf = -1, ret = 2, bad = 0;

	int r = opt_parse(sets, argc, argv, err, sizeof(err));
	if (r == OPT_HELP) {
		printf("usage: p2pbench revoke [--mappings N,...] [--size SIZE] [--also-importer BDF]\n"
		       "                       [--through iommufd|module] [--e2e]\n\n"
		       "Revoke latency of a vfio-pci dma-buf, for the pair set up by 'p2pbench bind':\n"
		       "on the iommufd (VMM) path, or through the module's own dynamic importer.\n"
		       "Exit status 0 when every check held.\n\noptions:\n");
		opt_help(stdout, sets);
		return 0;
	}
	if (r) {
		fprintf(stderr, "p2pbench revoke: %s\n", err);
		return 2;
	}
	list = strdup(cli.mappings ? cli.mappings : "1,16,256");
	for (tok = strtok_r(list, ",", &save); tok && ncounts < 16; tok = strtok_r(NULL, ",", &save)) {
		unsigned long n = strtoul(tok, NULL, 10);

		if (!n || n > MAX_MAPPINGS) {
			fprintf(stderr, "p2pbench revoke: --mappings: 1..%d each\n", MAX_MAPPINGS);
			free(list);
			return 2;
		}
		counts[ncounts++] = (unsigned int)n;
	}
	free(list);
	if (cli.also && bdf_parse(cli.also, &also, NULL, err, sizeof(err))) {
		fprintf(stderr, "p2pbench revoke: --also-importer: %s\n", err);
		return 2;
	}
	if (cli.through && strcmp(cli.through, "iommufd") && strcmp(cli.through, "module")) {
		fprintf(stderr, "p2pbench revoke: --through: iommufd or module, not '%s'\n",
			cli.through);
		return 2;
	}
	if (cli.e2e && !(cli.through && !strcmp(cli.through, "module"))) {
		fprintf(stderr, "p2pbench revoke: --e2e is for --through module\n");
		return 2;
	}
	if (cli.through && !strcmp(cli.through, "module")) {
		ctl = dev_open(err, sizeof(err));
		if (ctl < 0) {
			fprintf(stderr, "p2pbench revoke: %s\n", err);
			return 2;
		}
		ret = revoke_module(ctl, &cli, counts, ncounts, cli.also ? &also : NULL);
		close(ctl);
		return ret;
	}
	im = calloc(2, sizeof(*im));
	ctl = dev_open(err, sizeof(err));
	if (!im || ctl < 0) {
		fprintf(stderr, "p2pbench revoke: %s\n", ctl < 0 ? err : "no memory");
		free(im);
		return 2;
	}
	point_defaults(&p);
	p.run.method = P2PBENCH_METHOD_IOMMUFD;
	p.run.range_len = cli.size;
	r = vfio_point(ctl, &v, &p, err, sizeof(err));
	if (r) {
		fprintf(stderr, "p2pbench revoke: %s\n", r == -2 ? err : p.result.msg);
		goto out;
	}
	buf = vfio_export(ctl, &v, &p);
	if (buf < 0) {
		fprintf(stderr, "p2pbench revoke: %s\n", p.result.msg);
		goto out;
	}
	im[0].device = v.imp_device;
	im[0].ioas = v.ioas;
	im[1].device = -1;
	if (cli.also) {
		if (pci_driver_of(&also, prev, sizeof(prev), err, sizeof(err)) ||
		    vfio_bind_driver(&also, err, sizeof(err)) ||
		    vfio_open_cdev(&also, v.iommufd, &im[1].device, &im[1].ioas, err, sizeof(err))) {
			fprintf(stderr, "p2pbench revoke: second importer: %s\n", err);
			goto out;
		}
		nimp = 2;
	}
	printf("| mappings per importer | importers | revoke us | iommu unmaps | map while revoked | after re-enable |\n");
	printf("|---|---|---|---|---|---|\n");
	for (unsigned int i = 0; i < ncounts; i++)
		bad |= one(ctl, &v, im, nimp, counts[i], cli.size, buf);
	ret = bad ? 1 : 0;
out:
	if (buf >= 0)
		close(buf);
	if (im && im[1].device > 0)
		close(im[1].device);
	/* The second importer back to p2pbench, or to no driver, as it was. */
	if (cli.also && !strcmp(prev, P2PBENCH_DRIVER)) {
		pci_bind_p2pbench(&also, NULL, 0, NULL, 0);
	} else if (cli.also) {
		bdf_format(&also, name, sizeof(name));
		sysfs_write(sysfs_path(path, sizeof(path), "/bus/pci/drivers/" VFIO_PCI_DRIVER "/unbind"),
			    name, NULL, 0);
		sysfs_write(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/driver_override", name),
			    "\n", NULL, 0);
	}
	if (vfio_leave(ctl, &v, err, sizeof(err))) {
		fprintf(stderr, "p2pbench revoke: giving the devices back: %s\n", err);
		ret = 2;
	}
	free(im);
	close(ctl);
	return ret;
}
