// SPDX-License-Identifier: GPL-2.0-only
/* Facts about PCI functions named by BDF strings, from sysfs (pci.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "errmsg.h"
#include "pci.h"
#include "sysfs.h"

int pci_canon(const char *s, char *bdf, size_t len, char *err, size_t errlen)
{
	struct p2pbench_bdf b;
	char path[256];

	if (bdf_parse(s, &b, NULL, err, errlen))
		return -1;
	bdf_format(&b, bdf, len);
	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s", bdf);
	if (!sysfs_exists(path))
		return errf(err, errlen, "PCI device %s does not exist", bdf);
	return 0;
}

static void put_attr(json_t *o, const char *bdf, const char *attr, const char *name)
{
	char path[256], buf[256];

	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/%s", bdf, attr);
	if (!sysfs_read(path, buf, sizeof(buf), NULL, 0))
		json_object_set_new(o, name, json_string(buf));
}

json_t *pci_meta(const char *bdf)
{
	json_t *o = json_object();
	char path[256], buf[64];
	struct p2pbench_bdf b;
	int group;

	if (!o)
		return NULL;
	json_object_set_new(o, "bdf", json_string(bdf));
	put_attr(o, bdf, "vendor", "vendor");
	put_attr(o, bdf, "device", "device");
	put_attr(o, bdf, "class", "class");
	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/driver", bdf);
	json_object_set_new(o, "driver", json_string(sysfs_link_name(path, buf, sizeof(buf)) ? "" : buf));
	if (!bdf_parse(bdf, &b, NULL, NULL, 0) && (group = iommu_group_of(&b, NULL, 0)) >= 0) {
		json_object_set_new(o, "iommu_group", json_integer(group));
		if (!iommu_group_type(group, buf, sizeof(buf), NULL, 0))
			json_object_set_new(o, "iommu_group_type", json_string(buf));
	}
	put_attr(o, bdf, "p2pmem/size", "p2pmem_size");
	put_attr(o, bdf, "p2pmem/available", "p2pmem_available");
	put_attr(o, bdf, "p2pmem/published", "p2pmem_published");
	return o;
}

/* Real sysfs path of a device: ".../pci0000:00/0000:00:12.0/0000:06:00.0". */
static int dev_path(const char *bdf, char *buf, size_t len)
{
	char path[256], real[PATH_MAX];

	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s", bdf);
	if (!realpath(path, real))
		return -1;
	snprintf(buf, len, "%s", real);
	return 0;
}

const char *pci_path_kind(const char *a, const char *b)
{
	char pa[PATH_MAX], pb[PATH_MAX];
	const char *ra, *rb;
	size_t common = 0, comps = 0;

	if (!strcmp(a, b))
		return "self";
	if (dev_path(a, pa, sizeof(pa)) || dev_path(b, pb, sizeof(pb)))
		return "unknown";
	/* Components after "pciDDDD:BB/" shared by both: the first is the root
	 * port; a second one is a switch port both sit below. */
	ra = strstr(pa, "/pci");
	rb = strstr(pb, "/pci");
	if (!ra || !rb)
		return "unknown";
	for (size_t i = 0; ra[i] && ra[i] == rb[i]; i++)
		if (ra[i] == '/' && i)
			common = i;
	for (size_t i = 1; i < common; i++)
		comps += ra[i] == '/';
	return comps >= 2 ? "switch" : "hostbridge";
}

void pci_iommu_mode(const char *bdf, char *buf, size_t len)
{
	struct p2pbench_bdf b;
	int group;

	snprintf(buf, len, "off");
	if (bdf_parse(bdf, &b, NULL, NULL, 0))
		return;
	group = iommu_group_of(&b, NULL, 0);
	if (group >= 0 && iommu_group_type(group, buf, len, NULL, 0))
		snprintf(buf, len, "?");
}

int pci_set_iommu_mode(const char *bdf, const char *mode, char *err, size_t errlen)
{
	struct p2pbench_bdf b;
	char cur[32];
	int group;

	pci_iommu_mode(bdf, cur, sizeof(cur));
	if (!strcmp(cur, mode))
		return 0;
	if (!strcmp(cur, "off"))
		return errf(err, errlen, "%s has no IOMMU group: cannot switch to %s", bdf, mode);
	if (bdf_parse(bdf, &b, NULL, err, errlen))
		return -1;
	group = iommu_group_of(&b, err, errlen);
	if (group < 0)
		return -1;
	return iommu_group_set_type(group, mode, err, errlen);
}
