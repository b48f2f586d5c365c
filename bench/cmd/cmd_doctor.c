// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench doctor: the first command on a real machine. Checks what a run
 * needs, one line each, and says how to fix what is wrong. It changes
 * nothing: no binding, no module load, no mount.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include "bind.h"
#include "commands.h"
#include "dev.h"
#include "doctor.h"
#include "names.h"
#include "opt.h"
#include "sysfs.h"
#include "units.h"

struct doctor_cli {
	const char *exporter;
	const char *importer;
};

static const struct opt doctor_opts[] = {
	{ .name = "exporter", .kind = OPT_STR, .off = offsetof(struct doctor_cli, exporter),
	  .arg = "BDF[:BAR]", .help = "the device whose BAR would be mapped (BAR 2 unless given)" },
	{ .name = "importer", .kind = OPT_STR, .off = offsetof(struct doctor_cli, importer),
	  .arg = "BDF", .help = "the device it would be mapped for" },
	{ .kind = OPT_END },
};

enum level { L_OK, L_NOTE, L_WARN, L_FAIL };

static int nfail, nwarn;

/* One finding: a level, what was checked, what was found, and the fix
 * (NULL when there is nothing to do). */
__attribute__((format(printf, 4, 5)))
static void say(enum level l, const char *what, const char *fix, const char *fmt, ...)
{
	static const char *const tag[] = { "ok", "note", "WARN", "FAIL" };
	va_list ap;

	printf("%-5s %-12s ", tag[l], what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (fix)
		printf("      %-12s fix: %s\n", "", fix);
	nfail += l == L_FAIL;
	nwarn += l == L_WARN;
}

static char *read_all(const char *path, size_t max)
{
	char *buf = malloc(max + 1);
	size_t n = 0;
	ssize_t r;
	int fd;

	if (!buf)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while (n < max && (r = read(fd, buf + n, max - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return buf;
}

/* ---------------- the machine ---------------- */

static bool check_root(void)
{
	if (geteuid() == 0) {
		say(L_OK, "root", NULL, "running as root");
		return true;
	}
	say(L_FAIL, "root", "run it with sudo: the control file is CAP_SYS_ADMIN only, "
	    "binding writes to sysfs", "not root (uid %u)", (unsigned int)geteuid());
	return false;
}

static void check_debugfs(void)
{
	struct statfs fs;

	if (!statfs("/sys/kernel/debug", &fs) && fs.f_type == DEBUGFS_MAGIC)
		say(L_OK, "debugfs", NULL, "mounted on /sys/kernel/debug");
	else
		say(L_FAIL, "debugfs", "mount -t debugfs none /sys/kernel/debug",
		    "not mounted on /sys/kernel/debug (the module's control file lives there)");
}

/* FS is listed in /proc/filesystems. */
static bool kernel_has_fs(const char *fs)
{
	char *text = read_all("/proc/filesystems", 1 << 16), *l;
	bool found = false;

	for (l = text; l && *l && !found; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *name = strchr(l, '\t');
		size_t n = strlen(fs);

		found = name && !strncmp(name + 1, fs, n) && (name[1 + n] == '\n' || !name[1 + n]);
	}
	free(text);
	return found;
}

static void check_lockdown(void)
{
	char mode[32], path[256];
	struct statfs fs;

	if (!lockdown_mode(mode, sizeof(mode))) {
		if (!lockdown_blocks_debugfs(mode)) {
			say(L_OK, "lockdown", NULL, "%s", mode);
			return;
		}
		say(L_FAIL, "lockdown", "boot without lockdown: turn Secure Boot off in the firmware "
		    "setup (or 'mokutil --disable-validation' and reboot); the lockdown= boot option "
		    "can only raise it",
		    "kernel lockdown (%s) blocks debugfs: the module may load (signed by the DKMS MOK "
		    "key or not), but its control file cannot be opened, whatever its signature", mode);
		return;
	}
	sysfs_path(path, sizeof(path), "/kernel/security");
	if (errno == ENOENT && !statfs(path, &fs) && fs.f_type == SECURITYFS_MAGIC)
		say(L_OK, "lockdown", NULL, "no lockdown LSM in this kernel");
	else if (errno == ENOENT && !kernel_has_fs("securityfs"))
		say(L_OK, "lockdown", NULL, "none: this kernel has no securityfs (no LSM at all)");
	else if (errno == ENOENT)
		say(L_WARN, "lockdown", "mount -t securityfs none /sys/kernel/security",
		    "unknown: securityfs is not mounted on /sys/kernel/security");
	else
		say(L_WARN, "lockdown", NULL, "unknown: %s%s: %s", path, "/lockdown", strerror(errno));
}

/* INFO when the module answers; OK tells whether INFO is valid. */
struct modstate {
	bool ok;
	struct p2pbench_info info;
};

static void check_module(struct modstate *m)
{
	char err[512];
	int fd;

	m->ok = false;
	if (!dev_module_loaded()) {
		say(L_FAIL, "module", "modprobe p2pbench (installed by 'make dkms-install'), or "
		    "insmod kernel/p2pbench.ko after 'make module'", "p2pbench is not loaded");
		return;
	}
	fd = dev_open(err, sizeof(err));
	if (fd < 0) {
		say(L_FAIL, "module", NULL, "loaded, but %s", err);
		return;
	}
	if (dev_info(fd, &m->info, err, sizeof(err))) {
		say(L_FAIL, "module", "build the module and the tool from the same tree "
		    "(make module tools, or make dkms-install)", "%s", err);
		close(fd);
		return;
	}
	close(fd);
	m->ok = true;
	say(L_OK, "module", NULL, "loaded, uapi %u as this tool", m->info.version);
}

/* The IOMMU driver: by the names its units take in /sys/class/iommu. */
static const char *iommu_driver(char *units, size_t len)
{
	const char *drv = NULL;
	char path[256];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	units[0] = '\0';
	d = opendir(sysfs_path(path, sizeof(path), "/class/iommu"));
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n < len)
			n += snprintf(units + n, len - n, "%s%s", n ? " " : "", de->d_name);
		if (!strncmp(de->d_name, "dmar", 4))
			drv = "intel-iommu";
		else if (!strncmp(de->d_name, "ivhd", 4))
			drv = "amd-iommu";
		else if (!drv)
			drv = "another IOMMU";
	}
	closedir(d);
	return drv;
}

/* How many groups have each default domain type. */
static void group_types(char *out, size_t len)
{
	static const char *const types[] = { "identity", "DMA", "DMA-FQ", "blocked", "unmanaged" };
	int count[6] = { 0 };
	char path[256], type[32];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	out[0] = '\0';
	d = opendir(sysfs_path(path, sizeof(path), "/kernel/iommu_groups"));
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t i;

		if (de->d_name[0] == '.' ||
		    sysfs_read(sysfs_path(path, sizeof(path), "/kernel/iommu_groups/%s/type",
					  de->d_name), type, sizeof(type), NULL, 0))
			continue;
		for (i = 0; i < 5 && strcmp(type, types[i]); i++)
			;
		count[i]++;
	}
	closedir(d);
	for (size_t i = 0; i < 6; i++)
		if (count[i] && n < len)
			n += snprintf(out + n, len - n, "%s%d %s", n ? ", " : "", count[i],
				      i < 5 ? types[i] : "other");
}

static bool check_iommu(void)
{
	char units[256], types[256];
	const char *drv = iommu_driver(units, sizeof(units));
	char *cmdline = read_all("/proc/cmdline", 4096);
	const char *hint = "";

	if (cmdline) {
		if (strstr(cmdline, "iommu=pt") || strstr(cmdline, "iommu.passthrough=1"))
			hint = " (cmdline: passthrough by default)";
		else if (strstr(cmdline, "iommu.strict=1"))
			hint = " (cmdline: strict)";
		else if (strstr(cmdline, "iommu.strict=0"))
			hint = " (cmdline: lazy)";
	}
	if (!drv) {
		say(L_NOTE, "iommu", "turn VT-d / AMD-Vi (IOMMU) on in the firmware setup, and "
		    "boot without intel_iommu=off / amd_iommu=off, to measure the translated modes",
		    "none: every mapping is dma-direct (mode off)%s", hint);
		free(cmdline);
		return false;
	}
	group_types(types, sizeof(types));
	say(L_OK, "iommu", NULL, "%s (%s); group default domains: %s%s", drv, units,
	    types[0] ? types : "no groups", hint);
	free(cmdline);
	return true;
}

static void check_tracepoints(bool iommu)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[256];
	struct statfs fs;
	bool mounted = false;

	for (size_t i = 0; i < 2; i++) {
		if (statfs(dirs[i], &fs) || fs.f_type != TRACEFS_MAGIC)
			continue;
		mounted = true;
		snprintf(path, sizeof(path), "%s/events/iommu/map", dirs[i]);
		if (sysfs_exists(path)) {
			snprintf(path, sizeof(path), "%s/events/iommu/unmap", dirs[i]);
			if (sysfs_exists(path)) {
				say(L_OK, "tracepoints", NULL, "iommu:map and iommu:unmap exist (%s): "
				    "per-map IOMMU call counts", dirs[i]);
				return;
			}
		}
	}
	if (!mounted) {
		say(L_NOTE, "tracepoints", "mount -t tracefs none /sys/kernel/tracing",
		    "tracefs is not mounted: cannot see whether iommu:map/unmap exist");
		return;
	}
	say(iommu ? L_WARN : L_NOTE, "tracepoints", iommu ? "a kernel with CONFIG_TRACEPOINTS "
	    "and CONFIG_IOMMU_API (Debian's has both)" : NULL,
	    "no iommu:map/unmap events: points will carry no IOMMU call counts%s",
	    iommu ? "" : " (no IOMMU: there are none to count)");
}

/* ---------------- the devices ---------------- */

struct devsel {
	const char *role;
	struct p2pbench_bdf bdf;
	char name[BDF_STRLEN];
	int bar;		/* exporter: the BAR; importer: -1 */
	char drv[64];
	int group;
	struct p2pbench_bdf chain[P2P_MAX_CHAIN];
	int nchain;
};

/* Names of the entries of /sys/class/CLASS whose device sits at or below
 * the PCI function DEVPATH (a resolved sysfs path). */
static int class_children(const char *cls, const char *devpath, char names[][64], int max)
{
	char path[512], *real;
	struct dirent *de;
	size_t dl = strlen(devpath);
	int n = 0;
	DIR *d;

	d = opendir(sysfs_path(path, sizeof(path), "/class/%s", cls));
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= 64)
			continue;
		real = realpath(sysfs_path(path, sizeof(path), "/class/%s/%s", cls, de->d_name),
				NULL);
		if (real && !strncmp(real, devpath, dl) && real[dl] == '/')
			memcpy(names[n++], de->d_name, strlen(de->d_name) + 1);
		free(real);
	}
	closedir(d);
	return n;
}

#define MAX_CHILDREN 32

/* Block devices of the function, and the dm/md devices stacked on them
 * (holders), that hold a mounted filesystem or swap. */
static bool check_disks(const struct devsel *s, const char *devpath)
{
	char names[MAX_CHILDREN * 2][64], mnt[256], path[512];
	const char *ptrs[MAX_CHILDREN * 2];
	char *mounts, *swaps;
	int n, all;
	bool busy = false;

	n = class_children("block", devpath, names, MAX_CHILDREN);
	if (!n)
		return false;
	all = n;
	for (int i = 0; i < n; i++) {
		struct dirent *de;
		DIR *d = opendir(sysfs_path(path, sizeof(path), "/class/block/%s/holders", names[i]));

		while (d && (de = readdir(d)) && all < MAX_CHILDREN * 2) {
			char dmname[64];

			if (de->d_name[0] == '.' || strlen(de->d_name) >= 64)
				continue;
			memcpy(names[all++], de->d_name, strlen(de->d_name) + 1);
			if (!sysfs_read(sysfs_path(path, sizeof(path), "/class/block/%s/dm/name",
						   de->d_name), dmname, sizeof(dmname), NULL, 0) &&
			    all < MAX_CHILDREN * 2)
				snprintf(names[all++], 64, "%s", dmname);
		}
		if (d)
			closedir(d);
	}
	for (int i = 0; i < all; i++)
		ptrs[i] = names[i];
	mounts = read_all("/proc/self/mounts", 1 << 20);
	if (mounts && !mounts_find(mounts, ptrs, all, mnt, sizeof(mnt))) {
		bool boot = !strcmp(mnt, "/") || !strncmp(mnt, "/boot", 5) || !strcmp(mnt, "/usr");

		say(L_FAIL, s->role, "choose another device: binding takes it from its driver",
		    "%s holds %s mounted on %s", s->name, boot ? "the boot disk, a filesystem" :
		    "a filesystem", mnt);
		busy = true;
	}
	swaps = read_all("/proc/swaps", 1 << 16);
	for (int i = 0; swaps && i < all && !busy; i++) {
		char dev[80];

		snprintf(dev, sizeof(dev), "/dev/%s ", ptrs[i]);
		if (strstr(swaps, dev)) {
			say(L_FAIL, s->role, "swapoff it, or choose another device",
			    "%s holds active swap (/dev/%s)", s->name, ptrs[i]);
			busy = true;
		}
	}
	free(mounts);
	free(swaps);
	return busy;
}

static bool check_netdevs(const struct devsel *s, const char *devpath)
{
	char names[MAX_CHILDREN][64], path[512], flags[32];
	int n = class_children("net", devpath, names, MAX_CHILDREN);
	bool busy = false;

	for (int i = 0; i < n; i++) {
		if (sysfs_read(sysfs_path(path, sizeof(path), "/class/net/%s/flags", names[i]),
			       flags, sizeof(flags), NULL, 0))
			continue;
		if (strtoul(flags, NULL, 16) & 0x1) {	/* IFF_UP */
			char fix[256];

			snprintf(fix, sizeof(fix), "ip link set %.64s down (not the interface you "
				 "log in through), or choose another device", names[i]);
			say(L_FAIL, s->role, fix, "%s is network interface %s, which is up",
			    s->name, names[i]);
			busy = true;
		}
	}
	return busy;
}

static bool check_display(const struct devsel *s, const char *devpath)
{
	char names[MAX_CHILDREN][64], path[512], v[32];
	int n = class_children("drm", devpath, names, MAX_CHILDREN);

	for (int i = 0; i < n; i++) {
		if (!strchr(names[i], '-'))
			continue;
		/* A connector (card0-HDMI-A-1) that drives a screen. */
		if (!sysfs_read(sysfs_path(path, sizeof(path), "/class/drm/%s/enabled", names[i]),
				v, sizeof(v), NULL, 0) && !strcmp(v, "enabled")) {
			say(L_FAIL, s->role, "choose another device (or run without a desktop on it)",
			    "%s drives a display (%s)", s->name, names[i]);
			return true;
		}
	}
	if (!sysfs_read(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/boot_vga", s->name),
			v, sizeof(v), NULL, 0) && !strcmp(v, "1") && s->drv[0]) {
		say(L_FAIL, s->role, "choose another device: the console would go with it",
		    "%s is the boot display (boot_vga), bound to %s", s->name, s->drv);
		return true;
	}
	return false;
}

static bool check_device(struct devsel *s)
{
	char path[512], cls[16] = "", vendor[16] = "", device[16] = "", *real;
	bool busy;

	bdf_format(&s->bdf, s->name, sizeof(s->name));
	if (!sysfs_exists(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s", s->name))) {
		say(L_FAIL, s->role, "pick a BDF from lspci -D", "%s does not exist", s->name);
		return false;
	}
	sysfs_read(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/class", s->name), cls,
		   sizeof(cls), NULL, 0);
	sysfs_read(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/vendor", s->name), vendor,
		   sizeof(vendor), NULL, 0);
	sysfs_read(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/device", s->name), device,
		   sizeof(device), NULL, 0);
	if (pci_driver_of(&s->bdf, s->drv, sizeof(s->drv), NULL, 0))
		s->drv[0] = '\0';
	s->group = iommu_group_of(&s->bdf, NULL, 0);
	s->nchain = pci_chain_of(&s->bdf, s->chain, P2P_MAX_CHAIN);
	say(L_OK, s->role, NULL, "%s [%s:%s] class %s, driver %s", s->name, vendor + 2,
	    device + 2, cls, s->drv[0] ? s->drv : "none");

	real = realpath(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s", s->name), NULL);
	if (!real)
		return false;
	/* A device bound to p2pbench already serves no one else. */
	busy = strcmp(s->drv, P2PBENCH_DRIVER) &&
	       (check_disks(s, real) | check_netdevs(s, real) | check_display(s, real));
	free(real);
	if (!busy && s->drv[0] && strcmp(s->drv, P2PBENCH_DRIVER))
		say(L_NOTE, s->role, NULL, "%s: 'p2pbench bind' unbinds it from %s for the run; "
		    "'p2pbench bind --unbind' gives it back", s->name, s->drv);
	return !busy;
}

static bool check_bar(const struct devsel *s)
{
	char path[512], *text, sz[32];
	struct pci_bar b;
	uint64_t size;

	text = read_all(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/resource", s->name),
			4096);
	if (!text || pci_resource_parse(text, s->bar, &b)) {
		free(text);
		say(L_FAIL, "bar", NULL, "%s: cannot read BAR %d from %s", s->name, s->bar, path);
		return false;
	}
	free(text);
	size = pci_bar_size(&b);
	if (!size || !(b.flags & PCI_RES_MEM)) {
		say(L_FAIL, "bar", "lspci -vv -s BDF lists its Regions: give the exporter as "
		    "BDF:N with a memory BAR", "%s BAR %d is %s", s->name, s->bar,
		    !size ? "not assigned" : "an I/O port BAR, not memory");
		return false;
	}
	say(L_OK, "bar", NULL, "%s BAR %d: %s at 0x%" PRIx64 ", %s%s", s->name, s->bar,
	    format_size(size, sz, sizeof(sz)), b.start, b.flags & PCI_RES_MEM_64 ? "64-bit" : "32-bit",
	    b.flags & PCI_RES_PREFETCH ? ", prefetchable" : "");
	if (size < (64ULL << 20))
		say(L_NOTE, "bar", NULL, "ranges must fit in %s: the default sweep's largest "
		    "points will be refused", sz);
	return true;
}

/* ACS control of FN; -1 without an ACS capability (or config space that
 * only root can read whole). */
static int acs_ctrl_of(const struct p2pbench_bdf *fn, bool *acs_cap)
{
	char path[512], name[BDF_STRLEN];
	uint8_t cfg[4096];
	ssize_t n;
	unsigned int off;
	int fd;

	*acs_cap = false;
	fd = open(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/config",
			     bdf_format(fn, name, sizeof(name))), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = pread(fd, cfg, sizeof(cfg), 0);
	close(fd);
	if (n <= 0)
		return -1;
	off = pci_find_ext_cap(cfg, n, PCI_EXT_CAP_ACS);
	if (!off || off + PCI_ACS_CTRL_OFF + 2 > (size_t)n)
		return -1;
	*acs_cap = true;
	return cfg[off + PCI_ACS_CTRL_OFF] | cfg[off + PCI_ACS_CTRL_OFF + 1] << 8;
}

static void print_chain(const char *role, const struct devsel *s, bool *redir)
{
	char line[1024], name[BDF_STRLEN], bits[64];
	size_t n = 0;

	for (int i = 0; i < s->nchain; i++) {
		bool cap;
		int ctrl = acs_ctrl_of(&s->chain[i], &cap);

		redir[i] = ctrl > 0 && (ctrl & PCI_ACS_REDIR);
		if (n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, "%s%s%s", i ? " <- " : "",
				      bdf_format(&s->chain[i], name, sizeof(name)),
				      !cap ? " (no ACS)" : "");
		if (cap && n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, " (ACS %s)",
				      acs_bits_format(ctrl, bits, sizeof(bits)));
	}
	say(L_OK, "path", NULL, "%s: %s", role, line);
}

static void check_topology(const struct devsel *e, const struct devsel *imp,
			   const struct modstate *m)
{
	bool eredir[P2P_MAX_CHAIN] = { false }, iredir[P2P_MAX_CHAIN] = { false };
	struct p2p_path p = { e->chain, imp->chain, e->nchain, imp->nchain, eredir, iredir };
	char *cpuinfo, name[BDF_STRLEN], list[512] = "", hb[64] = "";
	struct p2p_guess g;
	enum p2pbench_map_type t;
	bool zen;
	size_t n = 0;

	if (e->nchain <= 0 || imp->nchain <= 0) {
		say(L_WARN, "map type", NULL, "cannot resolve the devices' PCI paths in sysfs");
		return;
	}
	print_chain("exporter", e, eredir);
	print_chain("importer", imp, iredir);
	cpuinfo = read_all("/proc/cpuinfo", 1 << 20);
	zen = cpuinfo && cpuinfo_amd_zen(cpuinfo);
	free(cpuinfo);
	t = p2p_predict(&p, zen, &g);
	for (int i = 0; i < g.nredir && i < (int)(sizeof(g.redir) / sizeof(g.redir[0])); i++)
		if (n < sizeof(list))
			n += snprintf(list + n, sizeof(list) - n, "%s%s", i ? ";" : "",
				      bdf_format(&g.redir[i], name, sizeof(name)));
	if (g.common_a < 0)
		say(L_OK, "acs", NULL, "no switch in common: the pair meets at the host bridge, "
		    "ACS redirect changes nothing");
	else if (g.nredir)
		say(L_NOTE, "acs", NULL, "ACS redirect (RR/CR/EC) on %s: P2P requests go up to the "
		    "root complex instead of across the switch; pci=disable_acs_redir=%s lifts it "
		    "(a security trade-off)", list, list);
	else
		say(L_OK, "acs", NULL, "no ACS redirect below the common switch");

	/* The module's own answer beats the prediction when it has the pair. */
	if (m->ok && m->info.setup_done &&
	    !memcmp(&m->info.exporter, &e->bdf, sizeof(e->bdf)) &&
	    !memcmp(&m->info.importer, &imp->bdf, sizeof(imp->bdf))) {
		t = m->info.map_type;
		if (m->info.p2p_distance >= 0)
			snprintf(hb, sizeof(hb), "module INFO, distance %d", m->info.p2p_distance);
		else
			snprintf(hb, sizeof(hb), "module INFO");
	} else {
		snprintf(hb, sizeof(hb), "predicted from the topology; bind to confirm");
	}
	switch (t) {
	case P2PBENCH_MAP_BUS_ADDR:
		say(L_OK, "map type", NULL, "bus-addr (%s): both sit below %s, no IOMMU mapping",
		    hb, g.common_a >= 0 ? bdf_format(&e->chain[g.common_a], name, sizeof(name)) :
		    "one switch");
		break;
	case P2PBENCH_MAP_THRU_HOST_BRIDGE:
		say(L_OK, "map type", NULL, "thru-host-bridge (%s)%s", hb,
		    zen ? ": an AMD Zen CPU routes P2P through its root complex" : "");
		break;
	case P2PBENCH_MAP_NOT_SUPPORTED:
		say(L_WARN, "map type", "a pair below one PCIe switch without ACS redirect, or a "
		    "machine whose CPU (AMD Zen) or host bridge (drivers/pci/p2pdma.c allow-list) "
		    "routes P2P",
		    "not-supported (%s): %s; the helper and attach methods refuse, resource, phys, "
		    "iova still map", hb, g.common_a >= 0 ? "ACS redirect sends it up to a host "
		    "bridge the kernel does not allow" : "the pair meets only at the host bridge, "
		    "and it is not one the kernel allows P2P through");
		break;
	default:
		say(L_NOTE, "map type", NULL, "unknown (%s)", hb);
		break;
	}
}

/* Other devices in S's IOMMU group and the drivers holding them. */
static void check_group(const struct devsel *s, const struct devsel *other)
{
	char path[512], drv[64], type[32] = "?", busy[512] = "", fix[256];
	struct dirent *de;
	size_t n = 0;
	int members = 0;
	DIR *d;

	if (s->group < 0)
		return;
	iommu_group_type(s->group, type, sizeof(type), NULL, 0);
	d = opendir(sysfs_path(path, sizeof(path), "/kernel/iommu_groups/%d/devices", s->group));
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, s->name) ||
		    !strcmp(de->d_name, other->name))
			continue;
		members++;
		sysfs_path(path, sizeof(path), "/kernel/iommu_groups/%d/devices/%s/driver",
			   s->group, de->d_name);
		if (sysfs_link_name(path, drv, sizeof(drv)) || driver_keeps_group_free(drv) ||
		    !strcmp(drv, P2PBENCH_DRIVER))
			continue;
		if (n < sizeof(busy))
			n += snprintf(busy + n, sizeof(busy) - n, "%s%s (%s)", n ? ", " : "",
				      de->d_name, drv);
	}
	closedir(d);
	if (!n) {
		say(L_OK, "group", NULL, "%s: IOMMU group %d (%s), %d other member%s, none bound to "
		    "a DMA driver", s->name, s->group, type, members, members == 1 ? "" : "s");
		return;
	}
	snprintf(fix, sizeof(fix), "unbind them first (echo BDF > /sys/bus/pci/devices/BDF/"
		 "driver/unbind), or choose a device with an IOMMU group of its own");
	say(L_WARN, "group", fix, "%s: IOMMU group %d (%s) also holds %s: they share its "
	    "translation, and a --iommu-mode switch unbinds them while it runs", s->name,
	    s->group, type, busy);
}

static void usage(FILE *f, const struct optset *sets)
{
	fprintf(f, "usage: p2pbench doctor [--exporter BDF[:BAR] --importer BDF]\n\n"
		"Check this machine for p2pbench: root, debugfs, kernel lockdown, the\n"
		"module and its uapi, the IOMMU (driver, group default domains), the\n"
		"iommu:map/unmap tracepoints, and for the two devices (the pair the module\n"
		"has set up when none are given): that they exist and serve nothing (no\n"
		"mounted disk, no interface up, no display), the BAR, ACS on the PCI path,\n"
		"the P2P map type and their IOMMU groups. Every problem comes with its fix.\n"
		"Changes nothing. Exit status: 0 a run can start (warnings aside), 1 it\n"
		"cannot (a FAIL line), 2 usage.\n\noptions:\n");
	opt_help(f, sets);
}

int cmd_doctor(int argc, char **argv)
{
	struct doctor_cli cli = { 0 };
	const struct optset sets[] = { { doctor_opts, &cli }, { NULL, NULL } };
	struct devsel e = { .role = "exporter", .bar = 2 }, imp = { .role = "importer", .bar = -1 };
	struct modstate m;
	char err[512];
	bool have_pair = false, iommu;
	int r;

	r = opt_parse(sets, argc, argv, err, sizeof(err));
	if (r == OPT_HELP) {
		usage(stdout, sets);
		return 0;
	}
	if (r) {
		fprintf(stderr, "p2pbench doctor: %s\n", err);
		usage(stderr, sets);
		return 2;
	}
	if (!cli.exporter != !cli.importer) {
		fprintf(stderr, "p2pbench doctor: give both --exporter and --importer, or neither\n");
		return 2;
	}
	if (cli.exporter) {
		if (bdf_parse(cli.exporter, &e.bdf, &e.bar, err, sizeof(err)) ||
		    bdf_parse(cli.importer, &imp.bdf, NULL, err, sizeof(err))) {
			fprintf(stderr, "p2pbench doctor: %s\n", err);
			return 2;
		}
		if (e.bar < 0)
			e.bar = 2;
		have_pair = true;
	}

	printf("# p2pbench doctor: can a run start here? (ok, note, WARN, FAIL)\n");
	check_root();
	check_debugfs();
	check_lockdown();
	check_module(&m);
	iommu = check_iommu();
	check_tracepoints(iommu);

	if (!have_pair && m.ok && m.info.setup_done) {
		e.bdf = m.info.exporter;
		e.bar = (int)m.info.bar;
		imp.bdf = m.info.importer;
		have_pair = true;
		printf("# the pair the module has set up:\n");
	}
	if (!have_pair) {
		say(L_NOTE, "devices", "p2pbench doctor --exporter BDF[:BAR] --importer BDF",
		    "none given and none set up: the devices were not checked");
	} else {
		bool eok = check_device(&e), iok = check_device(&imp);

		if (eok && check_bar(&e) && iok) {
			check_topology(&e, &imp, &m);
			check_group(&imp, &e);
			if (e.group != imp.group)
				check_group(&e, &imp);
		}
	}
	printf("# %d FAIL, %d WARN: %s\n", nfail, nwarn,
	       nfail ? "a run cannot start until the FAIL lines are fixed" : "a run can start");
	return nfail ? 1 : 0;
}
