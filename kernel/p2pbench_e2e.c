// SPDX-License-Identifier: GPL-2.0-only
/*
 * End-to-end check in the lab: QEMU's edu device does DMA through the
 * address a method mapped and the bytes must be those in the exporter BAR.
 *
 * edu (BAR0): 0x80 source, 0x88 destination, 0x90 count, 0x98 command
 * (bit 0 start, cleared when done; bit 1 direction: 0 = from the bus
 * address into the internal buffer at 0x40000, 1 = from the buffer out).
 * The buffer is not readable through BAR0, so a check moves data twice:
 *
 * - TO_DEVICE and BIDIRECTIONAL mappings: the CPU writes a pattern into
 *   the exporter BAR, edu reads it through the mapping into its buffer,
 *   then writes the buffer into a coherent RAM buffer the CPU compares.
 * - FROM_DEVICE mappings: the pattern goes from a coherent RAM buffer into
 *   edu's buffer, edu writes it through the mapping into the BAR, and the
 *   CPU compares the BAR.
 *
 * The BAR bytes used are saved and restored. QEMU 7.2 aborts the VM on a
 * transfer that ends exactly at the end of edu's 4 KiB buffer, hence 4092
 * bytes. Every wait is bounded.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "p2pbench.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_REG_ID	0x00
#define EDU_REG_SRC	0x80
#define EDU_REG_DST	0x88
#define EDU_REG_COUNT	0x90
#define EDU_REG_CMD	0x98
#define EDU_REGS_LEN	0x100
#define EDU_CMD_START	BIT(0)
#define EDU_CMD_TO_BUS	BIT(1)
#define EDU_ID_MAGIC	0xed
#define EDU_BUF		0x40000
#define E2E_LEN		4092
#define E2E_TIMEOUT_MS	5000

/**
 * p2pbench_e2e_capable() - can @importer run the end-to-end check?
 * @importer: the importer
 *
 * Return: true for QEMU's edu device
 */
bool p2pbench_e2e_capable(struct pci_dev *importer)
{
	return importer->vendor == EDU_VENDOR &&
	       importer->device == EDU_DEVICE;
}

static int edu_dma(void __iomem *regs, u64 src, u64 dst, u32 cmd)
{
	unsigned long timeout = jiffies + msecs_to_jiffies(E2E_TIMEOUT_MS);

	writeq(src, regs + EDU_REG_SRC);
	writeq(dst, regs + EDU_REG_DST);
	writeq(E2E_LEN, regs + EDU_REG_COUNT);
	writel(cmd | EDU_CMD_START, regs + EDU_REG_CMD);

	while (readl(regs + EDU_REG_CMD) & EDU_CMD_START) {
		if (time_after(jiffies, timeout))
			return -ETIMEDOUT;
		usleep_range(1000, 2000);
	}
	return 0;
}

static const char *path_addr_name(u32 path)
{
	switch (path) {
	case P2PBENCH_PATH_BUS_ADDR:
		return "bus";
	case P2PBENCH_PATH_DIRECT:
		return "phys";
	default:
		return "IOVA";
	}
}

/**
 * p2pbench_e2e() - let edu move bytes through a mapping and compare them
 * @ctx: the point; the importer is edu (p2pbench_e2e_capable())
 * @sgt: the mapping; its first entry starts at the first range
 * @path: the path the mapping took
 * @msg: set to what failed, naming the case that ran
 * @len: size of @msg
 *
 * Return: 0 when the bytes matched, a negative errno otherwise
 */
int p2pbench_e2e(struct p2pbench_ctx *ctx, struct sg_table *sgt, u32 path,
		 char *msg, size_t len)
{
	struct pci_dev *edu = ctx->pair->importer;
	dma_addr_t addr = sg_dma_address(sgt->sgl), coh_addr;
	bool to_bar = ctx->dir == DMA_FROM_DEVICE;
	void __iomem *regs, *bar;
	u32 *want, *saved, *got, *coh, salt, id;
	char what[64];
	unsigned int i;
	int ret;

	snprintf(what, sizeof(what), "edu %s %s %pad (%s)",
		 to_bar ? "wrote" : "read", path_addr_name(path), &addr,
		 p2pbench_domain_name(ctx->domain));

	want = kmalloc(3 * E2E_LEN, GFP_KERNEL);
	if (!want) {
		snprintf(msg, len, "e2e %s: no memory", what);
		return -ENOMEM;
	}
	saved = (void *)want + E2E_LEN;
	got = (void *)saved + E2E_LEN;

	ret = -ENOMEM;
	regs = pci_iomap(edu, 0, EDU_REGS_LEN);
	if (!regs) {
		snprintf(msg, len, "e2e %s: cannot map edu BAR0", what);
		goto out_free;
	}
	id = readl(regs + EDU_REG_ID);
	if ((id & 0xff) != EDU_ID_MAGIC) {
		snprintf(msg, len, "e2e %s: edu ID register reads 0x%08x",
			 what, id);
		ret = -ENODEV;
		goto out_regs;
	}
	bar = ioremap(ctx->vec[0].paddr, PAGE_SIZE);
	if (!bar) {
		snprintf(msg, len, "e2e %s: cannot map the exporter BAR",
			 what);
		goto out_regs;
	}
	coh = dma_alloc_coherent(&edu->dev, PAGE_SIZE, &coh_addr, GFP_KERNEL);
	if (!coh) {
		snprintf(msg, len, "e2e %s: no coherent buffer", what);
		goto out_bar;
	}

	salt = get_random_u32();
	for (i = 0; i < E2E_LEN / 4; i++)
		want[i] = salt ^ (i * 0x9e3779b9U);
	memcpy_fromio(saved, bar, E2E_LEN);

	if (to_bar) {
		memcpy(coh, want, E2E_LEN);
		memset_io(bar, 0x5a, E2E_LEN);
		ret = edu_dma(regs, coh_addr, EDU_BUF, 0);
		if (!ret)
			ret = edu_dma(regs, EDU_BUF, addr, EDU_CMD_TO_BUS);
		memcpy_fromio(got, bar, E2E_LEN);
	} else {
		memcpy_toio(bar, want, E2E_LEN);
		memset(coh, 0x5a, E2E_LEN);
		ret = edu_dma(regs, addr, EDU_BUF, 0);
		if (!ret)
			ret = edu_dma(regs, EDU_BUF, coh_addr, EDU_CMD_TO_BUS);
		memcpy(got, coh, E2E_LEN);
	}
	memcpy_toio(bar, saved, E2E_LEN);

	if (ret) {
		snprintf(msg, len, "e2e %s: edu DMA did not finish in %u ms",
			 what, E2E_TIMEOUT_MS);
		goto out_coh;
	}

	for (i = 0; i < E2E_LEN / 4; i++)
		if (got[i] != want[i])
			break;
	if (i < E2E_LEN / 4) {
		/*
		 * QEMU 7.2 does not route peer traffic inside a switch: every
		 * edu DMA goes through the vIOMMU, where a bus address has no
		 * mapping in a DMA domain (DMAR fault). Real switches without
		 * ACS redirection deliver it.
		 */
		bool lab = path == P2PBENCH_PATH_BUS_ADDR && ctx->translates;

		snprintf(msg, len, "e2e %s: word %u 0x%08x != 0x%08x%s",
			 what, i, got[i], want[i],
			 lab ? "; QEMU faults bus addrs in DMA domains" : "");
		ret = -EIO;
		goto out_coh;
	}
	pr_info("e2e passed: %s\n", what);
	ret = 0;

out_coh:
	dma_free_coherent(&edu->dev, PAGE_SIZE, coh, coh_addr);
out_bar:
	iounmap(bar);
out_regs:
	pci_iounmap(edu, regs);
out_free:
	kfree(want);
	return ret;
}
