// SPDX-License-Identifier: GPL-2.0-only
/*
 * Correctness of one mapping's sg table: the P2PBENCH_CHECK_* bits of the
 * uapi header, each a property the importer relies on.
 *
 * The DMA entries and the ranges are walked together, cutting both into
 * pieces that lie inside one entry and one range. Each piece must reach
 * the range's bytes: a bus address is phys + bus offset, a dma-direct
 * address is phys, and a translated address must resolve through the
 * importer's IOMMU domain to phys at both ends of the piece, which covers
 * the first and the last byte of every entry and of every range.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/iommu.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "p2pbench.h"

struct verify {
	struct p2pbench_ctx *ctx;
	u32 path;
	u32 failed;
	char *msg;
	size_t len;
};

static __printf(3, 4) void verify_fail(struct verify *v, u32 check,
				       const char *fmt, ...)
{
	va_list args;

	if (!v->failed) {
		va_start(args, fmt);
		vsnprintf(v->msg, v->len, fmt, args);
		va_end(args);
	}
	v->failed |= check;
}

/**
 * p2pbench_sgt_path() - the path a mapping took
 * @ctx: the point
 * @sgt: the mapping's sg table
 *
 * The method's expectation, except that for the dma-buf helper a
 * translated mapping of several ranges whose entries are not one contiguous
 * IOVA range means dma_iova_try_alloc() failed and the helper fell back to
 * one dma_map_phys() per range.
 *
 * Return: &enum p2pbench_path
 */
u32 p2pbench_sgt_path(struct p2pbench_ctx *ctx, struct sg_table *sgt)
{
	u32 path = ctx->method->path ? ctx->method->path(ctx) :
				       P2PBENCH_PATH_NONE;
	struct scatterlist *sg;
	dma_addr_t next = 0;
	unsigned int i;

	/* One range is one contiguous IOVA range either way. */
	if (!ctx->method->dmabuf || path != P2PBENCH_PATH_IOVA || ctx->nr == 1)
		return path;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (i && sg_dma_address(sg) != next)
			return P2PBENCH_PATH_IOMMU;
		next = sg_dma_address(sg) + sg_dma_len(sg);
	}
	return path;
}

static void check_piece(struct verify *v, unsigned int ent, u32 range,
			dma_addr_t dma, phys_addr_t phys, size_t len)
{
	struct p2pbench_ctx *ctx = v->ctx;
	phys_addr_t first, last;
	dma_addr_t want;

	switch (v->path) {
	case P2PBENCH_PATH_BUS_ADDR:
	case P2PBENCH_PATH_DIRECT:
		want = phys;
		if (v->path == P2PBENCH_PATH_BUS_ADDR)
			want += ctx->pair->bus_offset;
		if (dma != want)
			verify_fail(v, P2PBENCH_CHECK_ADDR,
				    "entry %u: DMA address %pad is not the %s %pad of range %u",
				    ent, &dma,
				    v->path == P2PBENCH_PATH_BUS_ADDR ?
				    "bus address" : "CPU physical address",
				    &want, range);
		break;
	case P2PBENCH_PATH_IOVA:
	case P2PBENCH_PATH_IOMMU:
		if (!ctx->translates) {
			verify_fail(v, P2PBENCH_CHECK_IOVA_PHYS,
				    "entry %u: translated path but the importer's domain is %s",
				    ent, p2pbench_domain_name(ctx->domain));
			break;
		}
		first = iommu_iova_to_phys(ctx->domain, dma);
		last = iommu_iova_to_phys(ctx->domain, dma + len - 1);
		if (first != phys || last != phys + len - 1)
			verify_fail(v, P2PBENCH_CHECK_IOVA_PHYS,
				    "entry %u: IOVA %pad+0x%zx resolves to %pa..%pa, not range %u at %pa",
				    ent, &dma, len, &first, &last, range,
				    &phys);
		break;
	default:
		verify_fail(v, P2PBENCH_CHECK_ADDR,
			    "entry %u: no path is expected for this pair", ent);
		break;
	}
}

struct ent {
	dma_addr_t addr;
	u64 len;
	unsigned int index;
};

static int cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return 0;
}

/* Entries in address order need no sort; otherwise sort a copy. */
static void check_overlap(struct verify *v, struct sg_table *sgt)
{
	struct scatterlist *sg;
	struct ent *e;
	unsigned int i;

	e = kvmalloc_objs(*e, sgt->nents);
	if (!e) {
		verify_fail(v, P2PBENCH_CHECK_OVERLAP,
			    "no memory to sort %u entries for the overlap check",
			    sgt->nents);
		return;
	}
	for_each_sgtable_dma_sg(sgt, sg, i)
		e[i] = (struct ent){ sg_dma_address(sg), sg_dma_len(sg), i };
	sort(e, sgt->nents, sizeof(*e), cmp_ent, NULL);
	for (i = 1; i < sgt->nents; i++) {
		if (e[i - 1].addr + e[i - 1].len > e[i].addr) {
			verify_fail(v, P2PBENCH_CHECK_OVERLAP,
				    "entries %u and %u overlap at %pad",
				    min(e[i - 1].index, e[i].index),
				    max(e[i - 1].index, e[i].index),
				    &e[i].addr);
			break;
		}
	}
	kvfree(e);
}

/**
 * p2pbench_verify() - check one mapping
 * @ctx: the point: ranges, importer domain, pair
 * @sgt: the mapping
 * @path: the path it took (p2pbench_sgt_path())
 * @msg: set to a description of the first failed check
 * @len: size of @msg
 *
 * Return: P2PBENCH_CHECK_* bits of the failed checks, 0 if all held
 */
u32 p2pbench_verify(struct p2pbench_ctx *ctx, struct sg_table *sgt, u32 path,
		    char *msg, size_t len)
{
	struct verify v = { .ctx = ctx, .path = path, .msg = msg, .len = len };
	u64 max_seg = ctx->method->dmabuf ? P2PBENCH_MAX_SG_ENT : ctx->max_seg;
	const struct phys_vec *vec = ctx->vec;
	dma_addr_t prev_end = 0;
	bool in_order = true;
	struct scatterlist *sg;
	u64 total = 0;
	u32 r = 0;
	size_t roff = 0;
	unsigned int i;

	/*
	 * The helper sets orig_nents to 0. With CONFIG_DMABUF_DEBUG the dma-buf
	 * core hands importers a copy of the table, which has a count (and
	 * still no pages): so for every table dma_buf_map_attachment() gave,
	 * the module's exporter's (attach) and vfio-pci's (vfio, HOLD).
	 */
	if (ctx->method->dmabuf && sgt->orig_nents &&
	    !(IS_ENABLED(CONFIG_DMABUF_DEBUG) &&
	      (ctx->run->method == P2PBENCH_METHOD_ATTACH ||
	       ctx->run->method == P2PBENCH_METHOD_VFIO)))
		verify_fail(&v, P2PBENCH_CHECK_CPU_LIST,
			    "orig_nents is %u: the table carries a CPU list",
			    sgt->orig_nents);

	for_each_sgtable_dma_sg(sgt, sg, i) {
		dma_addr_t addr = sg_dma_address(sg);
		size_t elen = sg_dma_len(sg), off = 0;

		total += elen;
		if (ctx->method->dmabuf && sg_page(sg))
			verify_fail(&v, P2PBENCH_CHECK_CPU_LIST,
				    "entry %u has a struct page", i);
		if (elen > max_seg)
			verify_fail(&v, P2PBENCH_CHECK_SEG_MAX,
				    "entry %u: length 0x%zx above the max segment 0x%llx",
				    i, elen, max_seg);
		if (!elen)
			verify_fail(&v, P2PBENCH_CHECK_ALIGN,
				    "entry %u is empty (address %pad, length 0)",
				    i, &addr);
		else if (!PAGE_ALIGNED(addr))
			verify_fail(&v, P2PBENCH_CHECK_ALIGN,
				    "entry %u: address %pad is not page aligned",
				    i, &addr);
		if (i && addr < prev_end)
			in_order = false;
		prev_end = addr + elen;

		while (off < elen && r < ctx->nr) {
			size_t piece = min(elen - off, vec[r].len - roff);

			check_piece(&v, i, r, addr + off, vec[r].paddr + roff,
				    piece);
			off += piece;
			roff += piece;
			if (roff == vec[r].len) {
				r++;
				roff = 0;
			}
		}
		/* Only the last piece of a range may end off a page. */
		if (!PAGE_ALIGNED(elen) && roff)
			verify_fail(&v, P2PBENCH_CHECK_ALIGN,
				    "entry %u: length 0x%zx is not page aligned and does not end a range",
				    i, elen);
	}

	if (total != ctx->size)
		verify_fail(&v, P2PBENCH_CHECK_TOTAL_LEN,
			    "DMA length 0x%llx in %u entries, ranges add up to 0x%zx",
			    total, sgt->nents, ctx->size);
	if (!in_order)
		check_overlap(&v, sgt);

	return v.failed;
}
