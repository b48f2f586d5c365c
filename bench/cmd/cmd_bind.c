// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench bind: give an exporter BAR and an importer to the module. */
#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "commands.h"
#include "dev.h"
#include "names.h"
#include "opt.h"
#include "sysfs.h"

#define DEFAULT_BAR 2

struct bind_cli {
	const char *exporter;
	const char *importer;
	const char *iommu_mode;
	int unbind;
};

static const struct opt bind_opts[] = {
	{ .name = "exporter", .kind = OPT_STR, .off = offsetof(struct bind_cli, exporter),
	  .arg = "BDF[:BAR]", .help = "device whose BAR is mapped (BAR 2 unless given)" },
	{ .name = "importer", .kind = OPT_STR, .off = offsetof(struct bind_cli, importer),
	  .arg = "BDF", .help = "device the BAR is mapped for" },
	{ .name = "iommu-mode", .kind = OPT_STR, .off = offsetof(struct bind_cli, iommu_mode),
	  .arg = "T", .help = "switch the importer's IOMMU group to identity, DMA, DMA-FQ "
	  "or auto first" },
	{ .name = "unbind", .kind = OPT_FLAG, .off = offsetof(struct bind_cli, unbind),
	  .help = "release the devices (all bound to p2pbench if none given) "
		  "to their default drivers" },
	{ .kind = OPT_END },
};

static void usage(FILE *f, const struct optset *sets)
{
	fprintf(f, "usage: p2pbench bind --exporter BDF[:BAR] --importer BDF [--iommu-mode T]\n"
		"       p2pbench bind --unbind [--exporter BDF] [--importer BDF]\n\n"
		"Bind both devices to the p2pbench PCI driver (driver_override; a current\n"
		"driver is unbound first) and select them with SETUP. BDFs are 0000:03:00.0\n"
		"or 03:00.0; the exporter may carry a BAR suffix, 03:00.0:2. The two may be\n"
		"the same device. Exit status: 0, or 2 on any error.\n\noptions:\n");
	opt_help(f, sets);
}

static int bind_one(const struct p2pbench_bdf *bdf, const char *role)
{
	char err[512], prev[64], name[BDF_STRLEN];

	if (pci_bind_p2pbench(bdf, prev, sizeof(prev), err, sizeof(err))) {
		fprintf(stderr, "p2pbench bind: %s: %s\n", role, err);
		return -1;
	}
	printf("# %s %s: %s\n", role, bdf_format(bdf, name, sizeof(name)),
	       !strcmp(prev, P2PBENCH_DRIVER) ? "already bound to p2pbench" :
	       prev[0] ? "unbound from its driver, bound to p2pbench" : "bound to p2pbench");
	if (prev[0] && strcmp(prev, P2PBENCH_DRIVER))
		printf("# %s was bound to %s; 'p2pbench bind --unbind' gives it back\n", name, prev);
	return 0;
}

/*
 * Switch the importer's group before SETUP: the switch unbinds and rebinds
 * the group's devices, which drops a pair the module had set up.
 */
static bool mode_known(const char *mode)
{
	static const char *const modes[] = { "identity", "DMA", "DMA-FQ", "auto" };

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(mode, modes[i]))
			return true;
	fprintf(stderr, "p2pbench bind: --iommu-mode %s: one of identity, DMA, DMA-FQ, auto "
		"(no IOMMU at all is a boot setting)\n", mode);
	return false;
}

static int set_mode(const struct p2pbench_bdf *imp, const char *mode)
{
	char err[768], b[BDF_STRLEN];
	int group;

	group = iommu_group_of(imp, err, sizeof(err));
	if (group < 0) {
		fprintf(stderr, "p2pbench bind: --iommu-mode %s: %s\n", mode, err);
		return -1;
	}
	if (iommu_group_set_type(group, mode, err, sizeof(err))) {
		fprintf(stderr, "p2pbench bind: importer %s: %s\n", bdf_format(imp, b, sizeof(b)), err);
		return -1;
	}
	printf("# importer %s: IOMMU group %d is %s\n", bdf_format(imp, b, sizeof(b)), group, mode);
	return 0;
}

static int do_bind(const struct bind_cli *cli)
{
	struct p2pbench_bdf exp, imp;
	struct p2pbench_info info;
	char err[512], b[BDF_STRLEN];
	int bar, fd, ret = 2;

	if (!cli->exporter || !cli->importer) {
		fprintf(stderr, "p2pbench bind: --exporter and --importer are required (see --help)\n");
		return 2;
	}
	if (bdf_parse(cli->exporter, &exp, &bar, err, sizeof(err)) ||
	    bdf_parse(cli->importer, &imp, NULL, err, sizeof(err))) {
		fprintf(stderr, "p2pbench bind: %s\n", err);
		return 2;
	}
	if (bar < 0)
		bar = DEFAULT_BAR;
	if (cli->iommu_mode && !mode_known(cli->iommu_mode))
		return 2;
	if (bind_one(&exp, "exporter"))
		return 2;
	if (memcmp(&exp, &imp, sizeof(exp)) && bind_one(&imp, "importer"))
		return 2;
	if (cli->iommu_mode && set_mode(&imp, cli->iommu_mode))
		return 2;
	fd = dev_open(err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "p2pbench bind: %s\n", err);
		return 2;
	}
	if (dev_setup(fd, (unsigned int)bar, &exp, &imp, 0, err, sizeof(err)) ||
	    dev_info(fd, &info, err, sizeof(err))) {
		fprintf(stderr, "p2pbench bind: %s\n", err);
		goto out;
	}
	printf("setup       exporter %s BAR %u, ", bdf_format(&info.exporter, b, sizeof(b)), info.bar);
	printf("importer %s\n", bdf_format(&info.importer, b, sizeof(b)));
	printf("map type    %s", map_type_name(info.map_type));
	if (info.p2p_distance >= 0)
		printf("  distance %d\n", info.p2p_distance);
	else
		printf("  (pci_p2pdma_distance: not supported)\n");
	printf("methods    ");
	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++)
		if (info.methods_available & (1U << m))
			printf(" %s", method_name(m));
	printf("  ('p2pbench info' says why others are unavailable)\n");
	ret = 0;
out:
	close(fd);
	return ret;
}

static int unbind_one(const struct p2pbench_bdf *bdf)
{
	char err[512], name[BDF_STRLEN], drv[64];

	if (pci_unbind_p2pbench(bdf, 1, err, sizeof(err))) {
		fprintf(stderr, "p2pbench bind: %s\n", err);
		return -1;
	}
	if (pci_driver_of(bdf, drv, sizeof(drv), NULL, 0))
		drv[0] = '\0';
	printf("# %s: released%s%s\n", bdf_format(bdf, name, sizeof(name)),
	       drv[0] ? ", now bound to " : ", no driver", drv);
	return 0;
}

static int do_unbind(const struct bind_cli *cli)
{
	const char *given[2] = { cli->exporter, cli->importer };
	struct p2pbench_bdf bdf;
	struct dirent *de;
	char err[512], path[256];
	int bar, ret = 0, n = 0;
	DIR *d;

	for (int i = 0; i < 2; i++) {
		if (!given[i])
			continue;
		n++;
		if (bdf_parse(given[i], &bdf, &bar, err, sizeof(err))) {
			fprintf(stderr, "p2pbench bind: %s\n", err);
			return 2;
		}
		if (unbind_one(&bdf))
			ret = 2;
	}
	if (n)
		return ret;
	d = opendir(sysfs_path(path, sizeof(path), "/bus/pci/drivers/" P2PBENCH_DRIVER));
	if (!d) {
		printf("# no device bound: %s does not exist\n", path);
		return 0;
	}
	/* Unbinding removes entries from the directory being read: collect first. */
	struct p2pbench_bdf all[64];
	while ((de = readdir(d)) && n < 64)
		if (!bdf_parse(de->d_name, &all[n], NULL, NULL, 0))
			n++;
	closedir(d);
	if (!n)
		printf("# no device bound to p2pbench\n");
	for (int i = 0; i < n; i++)
		if (unbind_one(&all[i]))
			ret = 2;
	return ret;
}

int cmd_bind(int argc, char **argv)
{
	struct bind_cli cli = { 0 };
	const struct optset sets[] = { { bind_opts, &cli }, { NULL, NULL } };
	char err[256];
	int ret;

	ret = opt_parse(sets, argc, argv, err, sizeof(err));
	if (ret == OPT_HELP) {
		usage(stdout, sets);
		return 0;
	}
	if (ret) {
		fprintf(stderr, "p2pbench bind: %s\n", err);
		return 2;
	}
	return cli.unbind ? do_unbind(&cli) : do_bind(&cli);
}
