// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "doctor.h"
#include "sysfs.h"

int lockdown_parse(const char *text, char *mode, size_t len)
{
	const char *open = strchr(text, '['), *close;

	if (!open || !(close = strchr(open, ']')) || close == open + 1)
		return -1;
	if ((size_t)(close - open - 1) >= len)
		return -1;
	memcpy(mode, open + 1, close - open - 1);
	mode[close - open - 1] = '\0';
	return 0;
}

int lockdown_mode(char *mode, size_t len)
{
	char path[512], buf[128];

	if (sysfs_read(sysfs_path(path, sizeof(path), LOCKDOWN_FILE), buf, sizeof(buf), NULL, 0))
		return -1;
	if (lockdown_parse(buf, mode, len))
		return errno = EINVAL, -1;
	return 0;
}

bool lockdown_blocks_debugfs(const char *mode)
{
	/* security/lockdown: LOCKDOWN_DEBUGFS sits below LOCKDOWN_INTEGRITY_MAX,
	 * so both integrity and confidentiality restrict it. */
	return !strcmp(mode, "integrity") || !strcmp(mode, "confidentiality");
}

int pci_resource_parse(const char *text, int bar, struct pci_bar *out)
{
	const char *line = text;
	char *end;

	if (bar < 0)
		return -1;
	for (int i = 0; i < bar; i++) {
		line = strchr(line, '\n');
		if (!line)
			return -1;
		line++;
	}
	errno = 0;
	out->start = strtoull(line, &end, 16);
	if (end == line || errno)
		return -1;
	line = end;
	out->end = strtoull(line, &end, 16);
	if (end == line || errno)
		return -1;
	line = end;
	out->flags = strtoull(line, &end, 16);
	if (end == line || errno)
		return -1;
	return 0;
}

uint64_t pci_bar_size(const struct pci_bar *b)
{
	if (!b->flags || b->end <= b->start)
		return 0;
	return b->end - b->start + 1;
}

static unsigned int cfg_u32(const uint8_t *cfg, unsigned int off)
{
	return cfg[off] | cfg[off + 1] << 8 | cfg[off + 2] << 16 | (unsigned int)cfg[off + 3] << 24;
}

unsigned int pci_find_ext_cap(const uint8_t *cfg, size_t len, uint16_t id)
{
	unsigned int off = 0x100;
	/* At most this many headers fit: a loop in the list ends here. */
	int ttl = (4096 - 0x100) / 8;

	while (off >= 0x100 && off + 8 <= len && ttl-- > 0) {
		unsigned int hdr = cfg_u32(cfg, off);

		if (!hdr || hdr == 0xffffffffU)
			return 0;
		if ((hdr & 0xffff) == id)
			return off;
		off = (hdr >> 20) & 0xffc;
	}
	return 0;
}

const char *acs_bits_format(unsigned int ctrl, char *buf, size_t len)
{
	static const struct {
		unsigned int bit;
		const char *name;
	} bits[] = {
		{ PCI_ACS_SV, "SV" }, { PCI_ACS_TB, "TB" }, { PCI_ACS_RR, "RR" }, { PCI_ACS_CR, "CR" },
		{ PCI_ACS_UF, "UF" }, { PCI_ACS_EC, "EC" }, { PCI_ACS_DT, "DT" },
	};
	size_t n = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (ctrl & bits[i].bit && n < len)
			n += snprintf(buf + n, len - n, "%s%s", n ? " " : "", bits[i].name);
	if (!n)
		snprintf(buf, len, "-");
	return buf;
}

int pci_chain_parse(const char *realpath, struct p2pbench_bdf *chain, int max)
{
	struct p2pbench_bdf tmp[P2P_MAX_CHAIN];
	char comp[64];
	const char *p = realpath;
	int n = 0;

	while (*p) {
		const char *slash = strchr(p, '/');
		size_t l = slash ? (size_t)(slash - p) : strlen(p);

		/* Only the "dddd:bb:dd.f" names: not pci0000:00, not BAR suffixes. */
		if (l && l < sizeof(comp) && n < P2P_MAX_CHAIN) {
			memcpy(comp, p, l);
			comp[l] = '\0';
			if (strchr(comp, '.') && !bdf_parse(comp, &tmp[n], NULL, NULL, 0))
				n++;
		}
		p += l;
		while (*p == '/')
			p++;
	}
	if (!n)
		return -1;
	for (int i = 0; i < n && i < max; i++)
		chain[i] = tmp[n - 1 - i];
	return n < max ? n : max;
}

int pci_chain_of(const struct p2pbench_bdf *bdf, struct p2pbench_bdf *chain, int max)
{
	char path[512], name[BDF_STRLEN], *real;
	int n;

	real = realpath(sysfs_path(path, sizeof(path), "/bus/pci/devices/%s",
				   bdf_format(bdf, name, sizeof(name))), NULL);
	if (!real)
		return -1;
	n = pci_chain_parse(real, chain, max);
	free(real);
	return n;
}

static bool bdf_eq(const struct p2pbench_bdf *x, const struct p2pbench_bdf *y)
{
	return x->domain == y->domain && x->bus == y->bus && x->devfn == y->devfn;
}

static void add_redir(struct p2p_guess *g, const struct p2pbench_bdf *b)
{
	if (g->nredir < (int)(sizeof(g->redir) / sizeof(g->redir[0])))
		g->redir[g->nredir] = *b;
	g->nredir++;
}

enum p2pbench_map_type p2p_predict(const struct p2p_path *p, bool host_ok, struct p2p_guess *g)
{
	memset(g, 0, sizeof(*g));
	g->common_a = -1;
	for (int i = 0; i < p->na; i++) {
		if (p->a_redir[i])
			add_redir(g, &p->a[i]);
		for (int j = 0; j < p->nb; j++) {
			if (!bdf_eq(&p->a[i], &p->b[j]))
				continue;
			/* The client's side, below the common upstream. */
			for (int k = 0; k < j; k++)
				if (p->b_redir[k])
					add_redir(g, &p->b[k]);
			g->common_a = i;
			g->dist = i + j;
			if (!g->nredir)
				return P2PBENCH_MAP_BUS_ADDR;
			g->host_bridge = true;
			return host_ok ? P2PBENCH_MAP_THRU_HOST_BRIDGE : P2PBENCH_MAP_NOT_SUPPORTED;
		}
	}
	g->dist = p->na + p->nb;
	g->host_bridge = true;
	return host_ok ? P2PBENCH_MAP_THRU_HOST_BRIDGE : P2PBENCH_MAP_NOT_SUPPORTED;
}

/* The value of the first "KEY<spaces>: value" line of TEXT into BUF. */
static int cpuinfo_field(const char *text, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *v;
		size_t n;

		if (strncmp(l, key, kl) || (l[kl] != ' ' && l[kl] != '\t' && l[kl] != ':'))
			continue;
		v = strchr(l, ':');
		if (!v)
			return -1;
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		n = strcspn(v, "\n");
		if (n >= len)
			n = len - 1;
		memcpy(buf, v, n);
		buf[n] = '\0';
		return 0;
	}
	return -1;
}

bool cpuinfo_amd_zen(const char *cpuinfo)
{
	char vendor[64], family[16];

	if (cpuinfo_field(cpuinfo, "vendor_id", vendor, sizeof(vendor)) ||
	    cpuinfo_field(cpuinfo, "cpu family", family, sizeof(family)))
		return false;
	/* drivers/pci/p2pdma.c: cpu_supports_p2pdma(), family 0x17 (Zen) on. */
	return !strcmp(vendor, "AuthenticAMD") && strtol(family, NULL, 10) >= 0x17;
}

int mounts_find(const char *text, const char *const *names, int n, char *mnt, size_t len)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char src[256], dir[256];

		if (sscanf(l, "%255s %255s", src, dir) != 2 || strncmp(src, "/dev/", 5))
			continue;
		for (int i = 0; i < n; i++) {
			const char *want = names[i];

			/* /dev/NAME, or a device-mapper name as /dev/mapper/NAME. */
			if (!strcmp(src + 5, want) ||
			    (!strncmp(src + 5, "mapper/", 7) && !strcmp(src + 12, want))) {
				snprintf(mnt, len, "%s", dir);
				return 0;
			}
		}
	}
	return -1;
}

bool driver_keeps_group_free(const char *drv)
{
	static const char *const free_drivers[] = { "pcieport", "vfio-pci", "pci-stub" };

	for (size_t i = 0; i < sizeof(free_drivers) / sizeof(free_drivers[0]); i++)
		if (!strcmp(drv, free_drivers[i]))
			return true;
	return false;
}
