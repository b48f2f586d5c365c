// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "errmsg.h"
#include "p2pbench_bdf.h"
#include "sysfs.h"

/* The parser is the selftests' (kernel/selftests/p2pbench_bdf.h); the messages are ours. */
int bdf_parse(const char *s, struct p2pbench_bdf *bdf, int *bar, char *err, size_t errlen)
{
	switch (parse_bdf(s, bdf, bar)) {
	case 0:
		return 0;
	case BDF_BAR_UNEXPECTED:
		return errf(err, errlen, "'%s': a BAR suffix is not expected here", s);
	case BDF_BAR_RANGE:
		return errf(err, errlen, "'%s': BAR must be 0..%d", s, BDF_MAX_BAR);
	default:
		return errf(err, errlen, "'%s': not a PCI address (DOMAIN:BUS:DEV.FN or "
			    "BUS:DEV.FN%s, e.g. 0000:03:00.0%s)", s, bar ? "[:BAR]" : "",
			    bar ? " or 03:00.0:2" : "");
	}
}

const char *bdf_format(const struct p2pbench_bdf *bdf, char *buf, size_t len)
{
	return bdf_str(bdf, buf, len);
}

static const char *dev_path(char *buf, size_t len, const struct p2pbench_bdf *bdf,
			    const char *attr)
{
	char name[BDF_STRLEN];

	return sysfs_path(buf, len, "/bus/pci/devices/%s%s%s", bdf_format(bdf, name, sizeof(name)),
			  attr ? "/" : "", attr ? attr : "");
}

int pci_driver_of(const struct p2pbench_bdf *bdf, char *drv, size_t len, char *err, size_t errlen)
{
	char path[512], name[BDF_STRLEN];

	if (!sysfs_exists(dev_path(path, sizeof(path), bdf, NULL)))
		return errno = ENODEV,
		       errf(err, errlen, "no PCI device %s (%s does not exist)",
			    bdf_format(bdf, name, sizeof(name)), path);
	if (sysfs_link_name(dev_path(path, sizeof(path), bdf, "driver"), drv, len)) {
		if (errno != ENOENT)
			return errf(err, errlen, "%s: %s", path, strerror(errno));
		drv[0] = '\0';
	}
	return 0;
}

int pci_bind_p2pbench(const struct p2pbench_bdf *bdf, char *prev, size_t prevlen,
		      char *err, size_t errlen)
{
	char path[512], name[BDF_STRLEN], drv[64];

	bdf_format(bdf, name, sizeof(name));
	if (pci_driver_of(bdf, drv, sizeof(drv), err, errlen))
		return -1;
	if (prev)
		snprintf(prev, prevlen, "%s", drv);
	if (!strcmp(drv, P2PBENCH_DRIVER))
		return 0;
	if (!sysfs_exists(sysfs_path(path, sizeof(path), "/bus/pci/drivers/" P2PBENCH_DRIVER)))
		return errno = ENOENT,
		       errf(err, errlen, "%s does not exist: is the p2pbench module loaded?", path);
	if (sysfs_write(dev_path(path, sizeof(path), bdf, "driver_override"), P2PBENCH_DRIVER,
			err, errlen))
		return -1;
	if (drv[0] && sysfs_write(sysfs_path(path, sizeof(path), "/bus/pci/drivers/%s/unbind", drv),
				  name, err, errlen))
		return -1;
	if (sysfs_write(sysfs_path(path, sizeof(path), "/bus/pci/drivers/" P2PBENCH_DRIVER "/bind"),
			name, err, errlen)) {
		if (errno == ENODEV)
			errf(err, errlen, "binding %s to p2pbench failed: the driver's probe refused it "
			     "(see dmesg)", name);
		return -1;
	}
	return 0;
}

int pci_unbind_p2pbench(const struct p2pbench_bdf *bdf, int reprobe, char *err, size_t errlen)
{
	char path[512], name[BDF_STRLEN], drv[64], override[64];

	bdf_format(bdf, name, sizeof(name));
	if (pci_driver_of(bdf, drv, sizeof(drv), err, errlen))
		return -1;
	if (!strcmp(drv, P2PBENCH_DRIVER)) {
		if (sysfs_write(sysfs_path(path, sizeof(path),
					   "/bus/pci/drivers/" P2PBENCH_DRIVER "/unbind"),
				name, err, errlen))
			return -1;
		drv[0] = '\0';
	}
	/* Clear only our own override ("\n" clears), not, say, vfio-pci's. */
	dev_path(path, sizeof(path), bdf, "driver_override");
	if (sysfs_read(path, override, sizeof(override), err, errlen))
		return -1;
	if (!strcmp(override, P2PBENCH_DRIVER) && sysfs_write(path, "\n", err, errlen))
		return -1;
	/* A device no driver wants makes drivers_probe fail: that is fine. */
	if (reprobe && !drv[0])
		sysfs_write(sysfs_path(path, sizeof(path), "/bus/pci/drivers_probe"), name, NULL, 0);
	return 0;
}

int iommu_group_of(const struct p2pbench_bdf *bdf, char *err, size_t errlen)
{
	char path[512], name[32], bdfname[BDF_STRLEN];
	char *end;
	long v;

	if (sysfs_link_name(dev_path(path, sizeof(path), bdf, "iommu_group"), name, sizeof(name))) {
		if (errno == ENOENT)
			return errf(err, errlen, "%s is in no IOMMU group (no IOMMU)",
				    bdf_format(bdf, bdfname, sizeof(bdfname)));
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	}
	errno = 0;
	v = strtol(name, &end, 10);
	if (errno || *end || end == name || v < 0 || v > INT32_MAX)
		return errno = EINVAL, errf(err, errlen, "%s -> '%s': not a group number", path, name);
	return (int)v;
}

int iommu_group_type(int group, char *type, size_t len, char *err, size_t errlen)
{
	char path[512];

	return sysfs_read(sysfs_path(path, sizeof(path), "/kernel/iommu_groups/%d/type", group),
			  type, len, err, errlen);
}

#define GROUP_MAX_DEVICES 64

struct group_dev {
	char name[64];		/* device name in the group, a BDF for PCI */
	char bus[32];		/* its bus type, "pci" */
	char drv[64];		/* driver it was bound to, "" if none */
};

static int group_devices(int group, struct group_dev *devs, size_t max, size_t *n,
			 char *err, size_t errlen)
{
	char dir[512], path[1024];
	struct dirent *de;
	DIR *d;

	*n = 0;
	d = opendir(sysfs_path(dir, sizeof(dir), "/kernel/iommu_groups/%d/devices", group));
	if (!d)
		return errf(err, errlen, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		struct group_dev *g = &devs[*n];

		if (de->d_name[0] == '.')
			continue;
		if (*n == max) {
			closedir(d);
			return errno = E2BIG, errf(err, errlen, "%s: more than %zu devices", dir, max);
		}
		if (strlen(de->d_name) >= sizeof(g->name)) {
			closedir(d);
			return errno = ENAMETOOLONG,
			       errf(err, errlen, "%s/%s: name too long", dir, de->d_name);
		}
		memcpy(g->name, de->d_name, strlen(de->d_name) + 1);
		snprintf(path, sizeof(path), "%s/%s/subsystem", dir, g->name);
		if (sysfs_link_name(path, g->bus, sizeof(g->bus))) {
			errf(err, errlen, "%s: %s", path, strerror(errno));
			closedir(d);
			return -1;
		}
		snprintf(path, sizeof(path), "%s/%s/driver", dir, g->name);
		if (sysfs_link_name(path, g->drv, sizeof(g->drv)))
			g->drv[0] = '\0';
		(*n)++;
	}
	closedir(d);
	return 0;
}

static int driver_op(const struct group_dev *g, const char *op, char *err, size_t errlen)
{
	char path[512];

	return sysfs_write(sysfs_path(path, sizeof(path), "/bus/%s/drivers/%s/%s",
				      g->bus, g->drv, op), g->name, err, errlen);
}

/* Rebind the first N devices of DEVS; appends failures to ERR. */
static int rebind(const struct group_dev *devs, size_t n, char *err, size_t errlen)
{
	char msg[512];
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		if (!devs[i].drv[0] || !driver_op(&devs[i], "bind", msg, sizeof(msg)))
			continue;
		ret = -1;
		if (!err || !errlen)
			continue;
		size_t used = strnlen(err, errlen);
		snprintf(err + used, errlen - used, "; rebinding failed: %s", msg);
	}
	return ret;
}

int iommu_group_set_type(int group, const char *type, char *err, size_t errlen)
{
	struct group_dev devs[GROUP_MAX_DEVICES];
	char cur[32], path[512];
	size_t n, i;
	int ret, saved;

	if (iommu_group_type(group, cur, sizeof(cur), err, errlen))
		return -1;
	if (!strcmp(cur, type))
		return 0;
	sysfs_path(path, sizeof(path), "/kernel/iommu_groups/%d/type", group);
	/* The kernel brings up a flush queue without tearing the domain down. */
	if (!strcmp(cur, "DMA") && !strcmp(type, "DMA-FQ")) {
		if (sysfs_write(path, type, err, errlen))
			return -1;
		return errf(err, errlen, "IOMMU group %d switched from DMA to DMA-FQ live", group),
		       0;
	}
	if (group_devices(group, devs, GROUP_MAX_DEVICES, &n, err, errlen))
		return -1;
	for (i = 0; i < n; i++) {
		if (devs[i].drv[0] && driver_op(&devs[i], "unbind", err, errlen)) {
			saved = errno;
			errf(err, errlen, "IOMMU group %d: unbinding %s from %s: %s", group,
			     devs[i].name, devs[i].drv, strerror(saved));
			rebind(devs, i, err, errlen);
			errno = saved;
			return -1;
		}
	}
	ret = sysfs_write(path, type, err, errlen);
	saved = errno;
	if (ret && saved == EPERM)
		errf(err, errlen, "IOMMU group %d: the kernel refused type %s (EPERM): a device of "
		     "the group is still owned by a driver", group, type);
	else if (ret)
		errf(err, errlen, "IOMMU group %d: setting type %s (was %s): %s", group, type, cur,
		     strerror(saved));
	else
		errf(err, errlen, "IOMMU group %d switched from %s to %s", group, cur, type);
	if (rebind(devs, n, err, errlen) && !ret) {
		/* The type changed, but the group is not as it was: say so. */
		saved = EIO;
		ret = -1;
	}
	errno = saved;
	return ret;
}
