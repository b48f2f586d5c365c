// SPDX-License-Identifier: GPL-2.0-only
/* The parsers behind p2pbench doctor: lockdown, BARs, PCIe extended
 * capabilities (ACS), PCI paths, the map type prediction, cpuinfo, mounts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind.h"
#include "doctor.h"
#include "names.h"
#include "sysfs.h"
#include "unit.h"

static void lockdown_modes(void)
{
	char m[32];

	CHECK(!lockdown_parse("[none] integrity confidentiality\n", m, sizeof(m)) &&
	      !strcmp(m, "none"));
	CHECK(!lockdown_parse("none [integrity] confidentiality", m, sizeof(m)) &&
	      !strcmp(m, "integrity"));
	CHECK(!lockdown_parse("none integrity [confidentiality]", m, sizeof(m)) &&
	      !strcmp(m, "confidentiality"));
	CHECK(lockdown_parse("none integrity confidentiality", m, sizeof(m)) == -1);
	CHECK(lockdown_parse("[] x", m, sizeof(m)) == -1);
	CHECK(lockdown_parse("[none", m, sizeof(m)) == -1);
	CHECK(lockdown_parse("[integrity]", m, 4) == -1);	/* does not fit */
	CHECK(!lockdown_blocks_debugfs("none"));
	CHECK(lockdown_blocks_debugfs("integrity"));
	CHECK(lockdown_blocks_debugfs("confidentiality"));
}

static void lockdown_from_sysfs(void)
{
	char dir[] = "/tmp/p2pbench-doctor-XXXXXX", path[256], m[32];
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	sysfs_set_root(dir);
	CHECK(lockdown_mode(m, sizeof(m)) == -1);	/* no securityfs */
	snprintf(path, sizeof(path), "%s/kernel", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/kernel/security", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/kernel/security/lockdown", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs("none [integrity] confidentiality\n", f);
		fclose(f);
	}
	CHECK(!lockdown_mode(m, sizeof(m)) && !strcmp(m, "integrity"));
	unlink(path);
	snprintf(path, sizeof(path), "%s/kernel/security", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/kernel", dir);
	rmdir(path);
	rmdir(dir);
	sysfs_set_root("/sys");
}

static void bar_resource(void)
{
	/* The lab's ivshmem: BAR0 registers, BAR2 8 GiB 64-bit prefetchable. */
	const char *res =
		"0x00000000fe800000 0x00000000fe8000ff 0x0000000000040200\n"
		"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
		"0x0000000200000000 0x00000003ffffffff 0x000000000014220c\n"
		"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
		"0x000000000000c000 0x000000000000c01f 0x0000000000040101\n";
	struct pci_bar b;

	CHECK(!pci_resource_parse(res, 0, &b) && pci_bar_size(&b) == 256 && (b.flags & PCI_RES_MEM));
	CHECK(!pci_resource_parse(res, 1, &b) && pci_bar_size(&b) == 0);
	CHECK(!pci_resource_parse(res, 2, &b) && pci_bar_size(&b) == 8ULL << 30 &&
	      b.start == 0x200000000ULL && (b.flags & PCI_RES_MEM_64) && (b.flags & PCI_RES_PREFETCH));
	CHECK(!pci_resource_parse(res, 4, &b) && (b.flags & PCI_RES_IO) && !(b.flags & PCI_RES_MEM));
	CHECK(pci_resource_parse(res, 5, &b) == -1);	/* no such line */
	CHECK(pci_resource_parse(res, -1, &b) == -1);
	CHECK(pci_resource_parse("0x10 junk", 0, &b) == -1);
}

static void put32(uint8_t *cfg, unsigned int off, unsigned int v)
{
	cfg[off] = v & 0xff;
	cfg[off + 1] = (v >> 8) & 0xff;
	cfg[off + 2] = (v >> 16) & 0xff;
	cfg[off + 3] = v >> 24;
}

static void ext_caps(void)
{
	uint8_t cfg[4096];
	char bits[64];

	memset(cfg, 0, sizeof(cfg));
	/* 0x100 AER (id 1) -> 0x148 ACS (id 0xd) -> end. */
	put32(cfg, 0x100, 0x0001 | (1U << 16) | (0x148U << 20));
	put32(cfg, 0x148, 0x000d | (1U << 16));
	cfg[0x148 + PCI_ACS_CTRL_OFF] = PCI_ACS_SV | PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_UF;
	CHECK(pci_find_ext_cap(cfg, sizeof(cfg), PCI_EXT_CAP_ACS) == 0x148);
	CHECK(pci_find_ext_cap(cfg, sizeof(cfg), 0x0001) == 0x100);
	CHECK(pci_find_ext_cap(cfg, sizeof(cfg), 0x0010) == 0);
	/* Only the 256 bytes a user may read: no extended space at all. */
	CHECK(pci_find_ext_cap(cfg, 256, PCI_EXT_CAP_ACS) == 0);
	CHECK(!strcmp(acs_bits_format(cfg[0x148 + PCI_ACS_CTRL_OFF], bits, sizeof(bits)),
		      "SV RR CR UF"));
	CHECK(!strcmp(acs_bits_format(0, bits, sizeof(bits)), "-"));
	/* A list that loops on itself ends. */
	put32(cfg, 0x148, 0x000e | (1U << 16) | (0x100U << 20));
	CHECK(pci_find_ext_cap(cfg, sizeof(cfg), PCI_EXT_CAP_ACS) == 0);
	/* All ones (a device that is gone). */
	memset(cfg + 0x100, 0xff, 8);
	CHECK(pci_find_ext_cap(cfg, sizeof(cfg), PCI_EXT_CAP_ACS) == 0);
}

static int chain_is(const struct p2pbench_bdf *c, int n, const char *const *want, int nwant)
{
	char b[BDF_STRLEN];

	if (n != nwant)
		return 0;
	for (int i = 0; i < n; i++)
		if (strcmp(bdf_format(&c[i], b, sizeof(b)), want[i]))
			return 0;
	return 1;
}

static void chains(void)
{
	struct p2pbench_bdf c[P2P_MAX_CHAIN];
	static const char *const sw[] = { "0000:03:00.0", "0000:02:00.0", "0000:01:00.0",
					  "0000:00:10.0" };
	static const char *const rp[] = { "0000:05:00.0", "0000:00:11.0" };
	int n;

	n = pci_chain_parse("/sys/devices/pci0000:00/0000:00:10.0/0000:01:00.0/0000:02:00.0/"
			    "0000:03:00.0", c, P2P_MAX_CHAIN);
	CHECK(chain_is(c, n, sw, 4));
	n = pci_chain_parse("/tmp/x/devices/pci0000:00/0000:00:11.0/0000:05:00.0/", c, P2P_MAX_CHAIN);
	CHECK(chain_is(c, n, rp, 2));
	CHECK(pci_chain_parse("/sys/devices/platform/serial8250", c, P2P_MAX_CHAIN) == -1);
	n = pci_chain_parse("/sys/devices/pci0000:00/0000:00:10.0/0000:01:00.0/0000:02:00.0/"
			    "0000:03:00.0", c, 2);
	CHECK(chain_is(c, n, sw, 2));	/* device first, cut at MAX */
}

static void chain_from(struct p2pbench_bdf *c, int *n, const char *path)
{
	*n = pci_chain_parse(path, c, P2P_MAX_CHAIN);
}

static void predictions(void)
{
	struct p2pbench_bdf a[P2P_MAX_CHAIN], b[P2P_MAX_CHAIN], h[P2P_MAX_CHAIN];
	bool ar[P2P_MAX_CHAIN] = { false }, br[P2P_MAX_CHAIN] = { false };
	bool hr[P2P_MAX_CHAIN] = { false };
	struct p2p_guess g;
	char name[BDF_STRLEN];
	int na, nb, nh;

	/* The lab: ivshmem 03:00.0 and edu 04:00.0 below the x3130 switch. */
	chain_from(a, &na, "/sys/devices/pci0000:00/0000:00:10.0/0000:01:00.0/0000:02:00.0/0000:03:00.0");
	chain_from(b, &nb, "/sys/devices/pci0000:00/0000:00:10.0/0000:01:00.0/0000:02:01.0/0000:04:00.0");
	chain_from(h, &nh, "/sys/devices/pci0000:00/0000:00:11.0/0000:05:00.0");
	struct p2p_path sw = { a, b, na, nb, ar, br };

	CHECK(p2p_predict(&sw, false, &g) == P2PBENCH_MAP_BUS_ADDR);
	CHECK(g.common_a == 2 && g.dist == 4 && !g.nredir && !g.host_bridge);
	CHECK(!strcmp(bdf_format(&a[g.common_a], name, sizeof(name)), "0000:01:00.0"));

	/* ACS redirect on the importer's downstream port: up to the host bridge. */
	br[1] = true;
	CHECK(p2p_predict(&sw, false, &g) == P2PBENCH_MAP_NOT_SUPPORTED);
	CHECK(g.nredir == 1 && !strcmp(bdf_format(&g.redir[0], name, sizeof(name)), "0000:02:01.0"));
	CHECK(p2p_predict(&sw, true, &g) == P2PBENCH_MAP_THRU_HOST_BRIDGE && g.host_bridge);
	/* Redirect on the common switch's upstream port counts on the
	 * provider's side (the kernel checks it before the match). */
	br[1] = false;
	ar[2] = true;
	CHECK(p2p_predict(&sw, false, &g) == P2PBENCH_MAP_NOT_SUPPORTED && g.nredir == 1);
	ar[2] = false;

	/* Through the host bridge: NOT_SUPPORTED on Intel, THRU on AMD Zen. */
	struct p2p_path hb = { h, b, nh, nb, hr, br };

	CHECK(p2p_predict(&hb, false, &g) == P2PBENCH_MAP_NOT_SUPPORTED && g.common_a == -1 &&
	      g.host_bridge && g.dist == nh + nb);
	CHECK(p2p_predict(&hb, true, &g) == P2PBENCH_MAP_THRU_HOST_BRIDGE);

	/* A device with itself: distance 0, bus-addr. */
	struct p2p_path self = { a, a, na, na, ar, ar };

	CHECK(p2p_predict(&self, false, &g) == P2PBENCH_MAP_BUS_ADDR && g.dist == 0);
}

static void cpus(void)
{
	CHECK(cpuinfo_amd_zen("processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 23\n"));
	CHECK(cpuinfo_amd_zen("vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t: 1\n"));
	CHECK(!cpuinfo_amd_zen("vendor_id\t: AuthenticAMD\ncpu family\t: 21\n"));
	CHECK(!cpuinfo_amd_zen("vendor_id\t: GenuineIntel\ncpu family\t: 6\n"));
	CHECK(!cpuinfo_amd_zen("vendor_id\t: AuthenticAMD\n"));
	CHECK(!cpuinfo_amd_zen(""));
}

static void mounts(void)
{
	const char *m =
		"sysfs /sys sysfs rw 0 0\n"
		"/dev/nvme0n1p2 / ext4 rw 0 0\n"
		"/dev/mapper/vg-home /home ext4 rw 0 0\n"
		"tmpfs /tmp tmpfs rw 0 0\n";
	const char *disk[] = { "nvme0n1", "nvme0n1p1", "nvme0n1p2" };
	const char *dm[] = { "sda", "dm-0", "vg-home" };
	const char *none[] = { "nvme1n1", "sys" };
	char mnt[64];

	CHECK(!mounts_find(m, disk, 3, mnt, sizeof(mnt)) && !strcmp(mnt, "/"));
	CHECK(!mounts_find(m, dm, 3, mnt, sizeof(mnt)) && !strcmp(mnt, "/home"));
	CHECK(mounts_find(m, none, 2, mnt, sizeof(mnt)) == -1);
	CHECK(mounts_find("", disk, 3, mnt, sizeof(mnt)) == -1);
}

static void group_drivers(void)
{
	CHECK(driver_keeps_group_free("pcieport"));
	CHECK(driver_keeps_group_free("vfio-pci"));
	CHECK(!driver_keeps_group_free("nvme"));
	CHECK(!driver_keeps_group_free("p2pbench"));
}

int main(void)
{
	RUN(lockdown_modes);
	RUN(lockdown_from_sysfs);
	RUN(bar_resource);
	RUN(ext_caps);
	RUN(chains);
	RUN(predictions);
	RUN(cpus);
	RUN(mounts);
	RUN(group_drivers);
	return UNIT_DONE();
}
