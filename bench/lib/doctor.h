/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What p2pbench doctor reads from /sys and /proc, parsed. The parsers take
 * the text or bytes the caller read, so unit tests feed them strings; the
 * readers go through sysfs_path() (a fake root in tests).
 */
#ifndef P2PBENCH_DOCTOR_H
#define P2PBENCH_DOCTOR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/p2pbench.h>

/* securityfs, relative to the sysfs root. */
#define LOCKDOWN_FILE	"/kernel/security/lockdown"

/* The active mode of a lockdown file ("none [integrity] confidentiality":
 * the bracketed word) into MODE. -1 when there is none. */
int lockdown_parse(const char *text, char *mode, size_t len);

/* The running kernel's lockdown mode into MODE: 0, or -1 with errno ENOENT
 * (no lockdown LSM, or securityfs not mounted) or the read's errno. */
int lockdown_mode(char *mode, size_t len);

/* True when MODE (from lockdown_mode()) restricts debugfs. */
bool lockdown_blocks_debugfs(const char *mode);

/* One BAR of /sys/bus/pci/devices/BDF/resource ("start end flags" a line,
 * line N is BAR N). */
struct pci_bar {
	uint64_t start, end, flags;
};

#define PCI_RES_IO		0x00000100ULL	/* IORESOURCE_IO */
#define PCI_RES_MEM		0x00000200ULL	/* IORESOURCE_MEM */
#define PCI_RES_PREFETCH	0x00002000ULL	/* IORESOURCE_PREFETCH */
#define PCI_RES_MEM_64		0x00100000ULL	/* IORESOURCE_MEM_64 */

/* BAR of TEXT into OUT: 0, or -1 when the line is missing or malformed. */
int pci_resource_parse(const char *text, int bar, struct pci_bar *out);

/* Size of B in bytes, 0 when the BAR is not assigned. */
uint64_t pci_bar_size(const struct pci_bar *b);

/* PCIe extended capabilities in a config space image (4096 bytes when read
 * as root, 256 otherwise: then there are none to find). */
#define PCI_EXT_CAP_ACS		0x000d
#define PCI_ACS_CAP_OFF		4
#define PCI_ACS_CTRL_OFF	6
#define PCI_ACS_SV		0x0001	/* source validation */
#define PCI_ACS_TB		0x0002	/* translation blocking */
#define PCI_ACS_RR		0x0004	/* P2P request redirect */
#define PCI_ACS_CR		0x0008	/* P2P completion redirect */
#define PCI_ACS_UF		0x0010	/* upstream forwarding */
#define PCI_ACS_EC		0x0020	/* P2P egress control */
#define PCI_ACS_DT		0x0040	/* direct translated P2P */
/* What drivers/pci/p2pdma.c counts as "ACS redirect" on a bridge. */
#define PCI_ACS_REDIR		(PCI_ACS_RR | PCI_ACS_CR | PCI_ACS_EC)

/* Offset of extended capability ID in CFG, 0 when absent. */
unsigned int pci_find_ext_cap(const uint8_t *cfg, size_t len, uint16_t id);

/* "RR CR UF" style names of the ACS control bits in CTRL ("-" for none). */
const char *acs_bits_format(unsigned int ctrl, char *buf, size_t len);

/* The functions from a device up to its root bus, device first, from the
 * device's resolved sysfs path ("/sys/devices/pci0000:00/0000:00:10.0/
 * 0000:01:00.0" -> 01:00.0, 00:10.0). Returns the count (at most MAX), or
 * -1 when the path names no PCI function. */
int pci_chain_parse(const char *realpath, struct p2pbench_bdf *chain, int max);

/* The chain of BDF read from sysfs; as pci_chain_parse(). */
int pci_chain_of(const struct p2pbench_bdf *bdf, struct p2pbench_bdf *chain, int max);

#define P2P_MAX_CHAIN	16

/* calc_map_type_and_dist() of drivers/pci/p2pdma.c, replayed on two
 * chains: A the provider's (exporter), B the client's (importer). */
struct p2p_path {
	const struct p2pbench_bdf *a, *b;
	int na, nb;
	const bool *a_redir, *b_redir;	/* ACS redirect on each function */
};

struct p2p_guess {
	int common_a;		/* index in A of the common upstream, -1: none */
	int dist;
	int nredir;		/* functions with ACS redirect on the path */
	struct p2pbench_bdf redir[2 * P2P_MAX_CHAIN];
	bool host_bridge;	/* the traffic would go through the host bridge */
};

/* The map type when the host bridge allows P2P (HOST_OK: an AMD Zen CPU,
 * or an allow-listed host bridge), else NOT_SUPPORTED for a host bridge
 * path; BUS_ADDR below a common switch without ACS redirect. */
enum p2pbench_map_type p2p_predict(const struct p2p_path *p, bool host_ok, struct p2p_guess *g);

/* True for an AMD Zen or later CPU, from /proc/cpuinfo's text. */
bool cpuinfo_amd_zen(const char *cpuinfo);

/* The mount point of the first line of a /proc/mounts TEXT whose source is
 * /dev/NAME for one of NAMES (N of them), into MNT. 0 if found, -1 if not. */
int mounts_find(const char *text, const char *const *names, int n, char *mnt, size_t len);

/* Drivers that leave an IOMMU group's DMA ownership alone
 * (driver_managed_dma): they do not stop a group type switch. */
bool driver_keeps_group_free(const char *drv);

#endif
