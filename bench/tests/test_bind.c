// SPDX-License-Identifier: GPL-2.0-only
/* BDF parsing, and the sysfs writes of binding and of IOMMU group type
 * switches, replayed against a fake sysfs tree in a temporary directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "sysfs.h"
#include "unit.h"

static int parses(const char *s, unsigned int dom, unsigned int bus, unsigned int dev,
		  unsigned int fn, int bar)
{
	struct p2pbench_bdf b;
	int got = -2;

	if (bdf_parse(s, &b, &got, NULL, 0))
		return 0;
	return b.domain == dom && b.bus == bus && b.devfn == ((dev << 3) | fn) && got == bar &&
	       b.pad == 0;
}

static int refused(const char *s, int with_bar)
{
	struct p2pbench_bdf b;
	char err[256] = "";
	int bar;

	return bdf_parse(s, &b, with_bar ? &bar : NULL, err, sizeof(err)) == -1 &&
	       strstr(err, s) != NULL;
}

static void bdf_accepted(void)
{
	CHECK(parses("0000:03:00.0", 0, 3, 0, 0, -1));
	CHECK(parses("03:00.0", 0, 3, 0, 0, -1));
	CHECK(parses("0000:03:00.0:2", 0, 3, 0, 0, 2));
	CHECK(parses("03:00.0:0", 0, 3, 0, 0, 0));
	CHECK(parses("03:00.0:5", 0, 3, 0, 0, 5));
	CHECK(parses("0001:ff:1f.7", 1, 0xff, 0x1f, 7, -1));
	CHECK(parses("10000:0a:1.3", 0x10000, 0x0a, 1, 3, -1));	/* VMD domains */
	CHECK(parses("3:0.0", 0, 3, 0, 0, -1));
	CHECK(parses("0000:AB:0C.1", 0, 0xab, 0x0c, 1, -1));
}

static void bdf_refused(void)
{
	CHECK(refused("", 1));
	CHECK(refused("03:00", 1));
	CHECK(refused("0300.0", 1));
	CHECK(refused("03:00.8", 1));		/* function 0..7 */
	CHECK(refused("03:20.0", 1));		/* device 0..0x1f */
	CHECK(refused("100:00.0", 1));		/* bus 0..0xff */
	CHECK(refused("0000:03:00.0:6", 1));	/* BAR 0..5 */
	CHECK(refused("0000:03:00.0:", 1));
	CHECK(refused("0000:03:00.0:22", 1));
	CHECK(refused("0000:03:00.0x", 1));
	CHECK(refused("0000:03:00.00", 1));
	CHECK(refused("123456789:03:00.0", 1));
	CHECK(refused("0:0:03:00.0", 1));
	CHECK(refused(":03:00.0", 1));
	CHECK(refused("0000:g3:00.0", 1));
	CHECK(refused("0000:03:00.0:2", 0));	/* importer: no BAR */
}

static void bdf_format_round_trip(void)
{
	struct p2pbench_bdf b;
	char buf[BDF_STRLEN];

	CHECK(bdf_parse("3:1f.7", &b, NULL, NULL, 0) == 0);
	CHECK(!strcmp(bdf_format(&b, buf, sizeof(buf)), "0000:03:1f.7"));
	CHECK(bdf_parse("ffffffff:ff:1f.7", &b, NULL, NULL, 0) == 0);
	CHECK(!strcmp(bdf_format(&b, buf, sizeof(buf)), "ffffffff:ff:1f.7"));
}

/* ---- a fake sysfs ---- */

static char root[64];

static void mk(const char *fmt, ...)
{
	char rel[512], path[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	if (rel[strlen(rel) - 1] == '/')
		return;
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
}

static void put(const char *rel, const char *content)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

static const char *get(const char *rel)
{
	static char buf[256];
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (sysfs_read(path, buf, sizeof(buf), NULL, 0))
		return "<missing>";
	return buf;
}

static void ln(const char *target, const char *rel)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	unlink(path);
	if (symlink(target, path))
		perror(path);
}

#define DEV "bus/pci/devices/0000:03:00.0"

static void fake_tree(void)
{
	snprintf(root, sizeof(root), "/tmp/p2pbench-sysfs-XXXXXX");
	if (!mkdtemp(root))
		abort();
	sysfs_set_root(root);
	mk(DEV "/driver_override");
	mk("bus/pci/drivers/nvme/bind");
	mk("bus/pci/drivers/nvme/unbind");
	mk("bus/pci/drivers/p2pbench/bind");
	mk("bus/pci/drivers/p2pbench/unbind");
	mk("bus/pci/drivers_probe");
	mk("kernel/iommu_groups/7/devices/");
	put("kernel/iommu_groups/7/type", "DMA\n");
	ln("../../drivers/nvme", DEV "/driver");
	ln("../../../kernel/iommu_groups/7", DEV "/iommu_group");
	ln("../../../bus/pci", DEV "/subsystem");
	ln("../../../../" DEV, "kernel/iommu_groups/7/devices/0000:03:00.0");
}

static void rm_tree(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "# could not remove %s\n", root);
	sysfs_set_root("/sys");
}

static void bind_sequence(void)
{
	struct p2pbench_bdf b;
	char prev[64], err[512], drv[64];

	fake_tree();
	CHECK(bdf_parse("03:00.0", &b, NULL, NULL, 0) == 0);
	CHECK(pci_driver_of(&b, drv, sizeof(drv), err, sizeof(err)) == 0 && !strcmp(drv, "nvme"));
	CHECK(pci_bind_p2pbench(&b, prev, sizeof(prev), err, sizeof(err)) == 0);
	CHECK(!strcmp(prev, "nvme"));
	CHECK(!strcmp(get(DEV "/driver_override"), "p2pbench"));
	CHECK(!strcmp(get("bus/pci/drivers/nvme/unbind"), "0000:03:00.0"));
	CHECK(!strcmp(get("bus/pci/drivers/p2pbench/bind"), "0000:03:00.0"));

	/* The kernel now shows the device bound to p2pbench: release it. */
	ln("../../drivers/p2pbench", DEV "/driver");
	CHECK(pci_unbind_p2pbench(&b, 1, err, sizeof(err)) == 0);
	CHECK(!strcmp(get("bus/pci/drivers/p2pbench/unbind"), "0000:03:00.0"));
	CHECK(!strcmp(get("bus/pci/drivers_probe"), "0000:03:00.0"));
	rm_tree();
}

static void bind_errors_name_the_cause(void)
{
	struct p2pbench_bdf b;
	char err[512] = "", drv[64];

	fake_tree();
	CHECK(bdf_parse("0000:09:00.0", &b, NULL, NULL, 0) == 0);
	CHECK(pci_driver_of(&b, drv, sizeof(drv), err, sizeof(err)) == -1);
	CHECK(strstr(err, "no PCI device 0000:09:00.0") != NULL);
	CHECK(pci_bind_p2pbench(&b, NULL, 0, err, sizeof(err)) == -1);

	/* Without the module there is no drivers/p2pbench directory. */
	CHECK(bdf_parse("0000:03:00.0", &b, NULL, NULL, 0) == 0);
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s/bus/pci/drivers/p2pbench'", root);
	CHECK(system(cmd) == 0);
	CHECK(pci_bind_p2pbench(&b, NULL, 0, err, sizeof(err)) == -1);
	CHECK(strstr(err, "module loaded") != NULL);
	CHECK(!strcmp(get(DEV "/driver_override"), ""));	/* nothing written */
	rm_tree();
}

static void iommu_group_read(void)
{
	struct p2pbench_bdf b;
	char type[32], err[256] = "";

	fake_tree();
	CHECK(bdf_parse("03:00.0", &b, NULL, NULL, 0) == 0);
	CHECK(iommu_group_of(&b, err, sizeof(err)) == 7);
	CHECK(iommu_group_type(7, type, sizeof(type), err, sizeof(err)) == 0 &&
	      !strcmp(type, "DMA"));
	/* No iommu_group link: no IOMMU. */
	char path[600];
	snprintf(path, sizeof(path), "%s/" DEV "/iommu_group", root);
	unlink(path);
	errno = 0;
	CHECK(iommu_group_of(&b, err, sizeof(err)) == -1 && errno == ENOENT);
	CHECK(strstr(err, "no IOMMU") != NULL);
	rm_tree();
}

static void iommu_group_switch_unbinds_and_rebinds(void)
{
	char err[512] = "";

	fake_tree();
	CHECK(iommu_group_set_type(7, "identity", err, sizeof(err)) == 0);
	CHECK(!strcmp(get("bus/pci/drivers/nvme/unbind"), "0000:03:00.0"));
	CHECK(!strcmp(get("kernel/iommu_groups/7/type"), "identity"));
	CHECK(!strcmp(get("bus/pci/drivers/nvme/bind"), "0000:03:00.0"));
	CHECK(strstr(err, "switched from DMA to identity") != NULL);
	rm_tree();

	/* DMA -> DMA-FQ is done live: no unbinding. */
	fake_tree();
	CHECK(iommu_group_set_type(7, "DMA-FQ", err, sizeof(err)) == 0);
	CHECK(!strcmp(get("bus/pci/drivers/nvme/unbind"), ""));
	CHECK(!strcmp(get("kernel/iommu_groups/7/type"), "DMA-FQ"));
	rm_tree();

	/* Same type: nothing to do. */
	fake_tree();
	CHECK(iommu_group_set_type(7, "DMA", err, sizeof(err)) == 0);
	CHECK(!strcmp(get("bus/pci/drivers/nvme/unbind"), ""));
	rm_tree();
}

static void iommu_group_switch_failure_rebinds(void)
{
	char err[512] = "", path[600];

	fake_tree();
	/* /dev/full reads as "" and refuses every write, like a kernel that
	 * says no (even to root, unlike a read-only file). */
	snprintf(path, sizeof(path), "%s/kernel/iommu_groups/7/type", root);
	unlink(path);
	CHECK(symlink("/dev/full", path) == 0);
	CHECK(iommu_group_set_type(7, "identity", err, sizeof(err)) == -1);
	CHECK(strstr(err, "IOMMU group 7: setting type identity") != NULL);
	CHECK(errno == ENOSPC);
	CHECK(!strcmp(get("bus/pci/drivers/nvme/unbind"), "0000:03:00.0"));
	CHECK(!strcmp(get("bus/pci/drivers/nvme/bind"), "0000:03:00.0"));
	rm_tree();
}

int main(void)
{
	RUN(bdf_accepted);
	RUN(bdf_refused);
	RUN(bdf_format_round_trip);
	RUN(bind_sequence);
	RUN(bind_errors_name_the_cause);
	RUN(iommu_group_read);
	RUN(iommu_group_switch_unbinds_and_rebinds);
	RUN(iommu_group_switch_failure_rebinds);
	return UNIT_DONE();
}
