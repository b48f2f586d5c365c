// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include "bind.h"
#include "dev.h"
#include "doctor.h"
#include "errmsg.h"

const char *dev_ctl_path(void)
{
	const char *env = getenv("P2PBENCH_CTL");

	return env && env[0] ? env : P2PBENCH_CTL;
}

bool dev_module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/p2pbench", &st) == 0;
}

int dev_open(char *err, size_t errlen)
{
	const char *path = dev_ctl_path();
	struct statfs fs;
	int fd;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if ((errno == EACCES || errno == EPERM) && geteuid() == 0) {
		int e = errno;
		char mode[32];

		/* Root refused: lockdown restricts debugfs whatever the module. */
		if (!lockdown_mode(mode, sizeof(mode)) && lockdown_blocks_debugfs(mode))
			return errno = e, errf(err, errlen, "%s: kernel lockdown (%s) blocks debugfs, "
					       "whatever the module's signature: boot with Secure "
					       "Boot off (p2pbench doctor explains)", path, mode);
		errno = e;
	}
	if (errno != ENOENT)
		return errf(err, errlen, "%s: %s%s", path, strerror(errno),
			    errno == EACCES || errno == EPERM ? " (run as root)" : "");
	if (!dev_module_loaded())
		return errf(err, errlen, "%s: %s: the p2pbench module is not loaded "
			    "(modprobe p2pbench)", path, strerror(ENOENT));
	if (!strcmp(path, P2PBENCH_CTL) &&
	    (statfs("/sys/kernel/debug", &fs) || fs.f_type != DEBUGFS_MAGIC))
		return errf(err, errlen, "%s: %s: is debugfs mounted? "
			    "(mount -t debugfs none /sys/kernel/debug)", path, strerror(ENOENT));
	return errf(err, errlen, "%s: %s (module loaded, but without its control file)",
		    path, strerror(ENOENT));
}

int dev_info(int fd, struct p2pbench_info *info, char *err, size_t errlen)
{
	memset(info, 0, sizeof(*info));
	if (ioctl(fd, P2PBENCH_IOC_INFO, info))
		return errf(err, errlen, "%s: P2PBENCH_IOC_INFO: %s", dev_ctl_path(), strerror(errno));
	if (info->version != P2PBENCH_UAPI_VERSION)
		return errno = EPROTO,
		       errf(err, errlen, "%s: the module speaks uapi version %u, this p2pbench "
			    "version %u: use matching builds", dev_ctl_path(), info->version,
			    P2PBENCH_UAPI_VERSION);
	return 0;
}

int dev_setup(int fd, unsigned int bar, const struct p2pbench_bdf *exporter,
	      const struct p2pbench_bdf *importer, unsigned int flags,
	      char *err, size_t errlen)
{
	struct p2pbench_setup s;
	char e[BDF_STRLEN], i[BDF_STRLEN];
	const char *hint = "";

	memset(&s, 0, sizeof(s));
	s.version = P2PBENCH_UAPI_VERSION;
	s.bar = bar;
	s.exporter = *exporter;
	s.importer = *importer;
	s.flags = flags;
	if (!ioctl(fd, P2PBENCH_IOC_SETUP, &s))
		return 0;
	if (errno == ENODEV)
		hint = flags & P2PBENCH_SETUP_EXPORTER_VFIO ?
		       " (is the exporter bound to vfio-pci and the importer to p2pbench? see dmesg)" :
		       " (are both bound to the p2pbench driver? see dmesg)";
	else if (errno == EINVAL)
		hint = " (see dmesg for the reason)";
	return errf(err, errlen, "SETUP exporter %s BAR %u, importer %s: %s%s",
		    bdf_format(exporter, e, sizeof(e)), bar, bdf_format(importer, i, sizeof(i)),
		    strerror(errno), hint);
}

bool dev_refusal_has_msg(int err)
{
	return err == EINVAL || err == ENODEV || err == EOPNOTSUPP || err == ERANGE ||
	       err == ENXIO;
}

int dev_ranges(int fd, const struct p2pbench_run *run, struct p2pbench_range *ranges,
	       char *err, size_t errlen)
{
	struct p2pbench_point io;
	int e;

	memset(&io, 0, sizeof(io));
	io.run = *run;
	io.run.method = P2PBENCH_METHOD_NULL;
	io.run.flags |= P2PBENCH_RUN_RANGES_ONLY;
	io.run.dmabuf_fd = 0;
	io.run.ranges_ptr = (__u64)(uintptr_t)ranges;
	if (!ioctl(fd, P2PBENCH_IOC_RUN, &io))
		return 0;
	e = errno;
	io.result.msg[sizeof(io.result.msg) - 1] = '\0';
	errf(err, errlen, "the ranges of the point: %s%s%s", strerror(e),
	     dev_refusal_has_msg(e) && io.result.msg[0] ? ": " : "",
	     dev_refusal_has_msg(e) ? io.result.msg : "");
	errno = e;
	return -1;
}

/* The point's IOMMU mode in sweep terms (off, identity, DMA, DMA-FQ) from
 * the group type the run saw; "none" means no IOMMU. Other types
 * ("blocked", "unmanaged") are no mode: the field stays as it was. */
static void set_iommu_mode(struct point *p)
{
	static const char *const modes[][2] = {
		{ "none", "off" }, { "identity", "identity" }, { "DMA", "DMA" }, { "DMA-FQ", "DMA-FQ" },
	};
	char t[sizeof(p->result.importer_group_type) + 1];

	snprintf(t, sizeof(t), "%.*s", (int)sizeof(p->result.importer_group_type),
		 p->result.importer_group_type);
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(t, modes[i][0]))
			snprintf(p->iommu_mode, sizeof(p->iommu_mode), "%s", modes[i][1]);
}

int run_point(int fd, struct point *p)
{
	struct p2pbench_point io;

	memset(&io, 0, sizeof(io));
	io.run = p->run;
	p->refused_errno = 0;
	if (ioctl(fd, P2PBENCH_IOC_RUN, &io)) {
		int e = errno;

		memset(&p->result, 0, sizeof(p->result));
		/* Only these errors copy a result (msg) out; otherwise io.result
		 * is still our zeroes. */
		if (dev_refusal_has_msg(e))
			p->result = io.result;
		p->result.msg[sizeof(p->result.msg) - 1] = '\0';
		p->refused_errno = e;
		errno = e;
		return -e;
	}
	p->result = io.result;
	p->result.msg[sizeof(p->result.msg) - 1] = '\0';
	set_iommu_mode(p);
	return 0;
}
