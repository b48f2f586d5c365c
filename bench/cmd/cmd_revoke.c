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
#include "opt.h"
#include "sweep.h"
#include "sysfs.h"
#include "units.h"
#include "vfio.h"

#define MAX_MAPPINGS 4096

struct revoke_cli {
	const char *mappings, *also;
	uint64_t size;
};

#define CLI(f) offsetof(struct revoke_cli, f)
static const struct opt revoke_opts[] = {
	{ .name = "mappings", .kind = OPT_STR, .off = CLI(mappings), .arg = "N,...",
	  .help = "live mappings per importer when memory is turned off [1,16,256]" },
	{ .name = "size", .kind = OPT_SIZE, .off = CLI(size), .arg = "SIZE", .def = "2M",
	  .help = "length of the one-range dma-buf" },
	{ .name = "also-importer", .kind = OPT_STR, .off = CLI(also), .arg = "BDF",
	  .help = "a second importer (its own IOAS, as many mappings)" },
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
		printf("usage: p2pbench revoke [--mappings N,...] [--size SIZE] [--also-importer BDF]\n\n"
		       "Revoke latency of a vfio-pci dma-buf on the iommufd (VMM) path, for the pair\n"
		       "set up by 'p2pbench bind'. Exit status 0 when every check held.\n\noptions:\n");
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
