// SPDX-License-Identifier: GPL-2.0-only
/*
 * The methods: one ops table entry each, as kernel/dma/map_benchmark.c does
 * for its modes. A method this kernel lacks (detected by the compile tests
 * in Kbuild) has an entry with only a reason, never a stand-in.
 *
 * Every method that returns an sg table builds it inside the timed map, as
 * an exporter's map_dma_buf() would, so that the costs compare with the
 * dma-buf helper, which allocates its table itself. Tables hold DMA
 * addresses only (no pages) and cut ranges at P2PBENCH_MAX_SG_ENT like the
 * helper: a single range above 4 GiB takes several entries.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>

#ifdef P2PBENCH_HAVE_P2PDMA_PROVIDER
#include <linux/pci-p2pdma.h>
#endif
#ifdef P2PBENCH_HAVE_DMA_BUF_PHYS_VEC
#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#endif

#include "p2pbench.h"

/* Per-thread state of the methods that build their own sg tables. */
struct own_slot {
	struct sg_table sgt;
	struct dma_iova_state state;
};

struct own_thread {
	struct own_slot slot[P2PBENCH_MAX_BATCH];
};

static int own_prepare(struct p2pbench_thread *t, const char **call)
{
	struct own_thread *o = kzalloc_obj(*o);

	if (!o) {
		*call = "kzalloc";
		return -ENOMEM;
	}
	t->priv = o;
	return 0;
}

static void own_release(struct p2pbench_thread *t)
{
	kfree(t->priv);
	t->priv = NULL;
}

static struct own_slot *own_slot(struct p2pbench_thread *t, unsigned int slot)
{
	struct own_thread *o = t->priv;

	return &o->slot[slot];
}

static struct sg_table *own_sgt(struct p2pbench_thread *t, unsigned int slot)
{
	return &own_slot(t, slot)->sgt;
}

/* Describe [addr, addr + len) in entries of at most P2PBENCH_MAX_SG_ENT. */
static struct scatterlist *fill_sg(struct scatterlist *sg, dma_addr_t addr,
				   size_t len)
{
	while (len) {
		size_t piece = min_t(size_t, len, P2PBENCH_MAX_SG_ENT);

		sg_dma_address(sg) = addr;
		sg_dma_len(sg) = piece;
		addr += piece;
		len -= piece;
		sg = sg_next(sg);
	}
	return sg;
}

/* The entry after the @n entries describing one range. */
static struct scatterlist *skip_sg(struct scatterlist *sg, size_t len)
{
	unsigned int n = p2pbench_range_nents(len);

	while (n--)
		sg = sg_next(sg);
	return sg;
}

static int own_alloc(struct own_slot *s, unsigned int nents,
		     const char **call)
{
	int ret = sg_alloc_table(&s->sgt, nents, GFP_KERNEL);

	if (ret)
		*call = "sg_alloc_table";
	return ret;
}

static u32 path_by_domain(struct p2pbench_ctx *ctx)
{
	return ctx->translates ? P2PBENCH_PATH_IOMMU : P2PBENCH_PATH_DIRECT;
}

/* null: nothing is mapped; what remains is the cost of the loop itself. */
static int null_map(struct p2pbench_thread *t, unsigned int slot,
		    const char **call)
{
	return 0;
}

static void null_unmap(struct p2pbench_thread *t, unsigned int slot)
{
}

static const struct p2pbench_ops method_null = {
	.name = "null",
	.map = null_map,
	.unmap = null_unmap,
};

/*
 * resource and phys: one mapping per range. dma_map_resource() is a wrapper
 * of dma_map_phys(..., DMA_ATTR_MMIO) in 7.2, so the difference between the
 * two is the cost of that wrapper.
 */
static void unmap_ranges(struct p2pbench_thread *t, struct own_slot *s,
			 u32 nr, bool phys)
{
	struct p2pbench_ctx *ctx = t->ctx;
	struct scatterlist *sg = s->sgt.sgl;
	u32 i;

	for (i = 0; i < nr; i++) {
		size_t len = ctx->vec[i].len;

#ifdef P2PBENCH_HAVE_DMA_MAP_PHYS
		if (phys)
			dma_unmap_phys(ctx->dev, sg_dma_address(sg), len,
				       ctx->dir, DMA_ATTR_MMIO);
		else
#endif
			dma_unmap_resource(ctx->dev, sg_dma_address(sg), len,
					   ctx->dir, 0);
		sg = skip_sg(sg, len);
	}
}

static int map_ranges(struct p2pbench_thread *t, unsigned int slot,
		      const char **call, bool phys)
{
	struct p2pbench_ctx *ctx = t->ctx;
	struct own_slot *s = own_slot(t, slot);
	struct scatterlist *sg;
	dma_addr_t addr;
	u32 i;
	int ret;

	ret = own_alloc(s, ctx->nents, call);
	if (ret)
		return ret;

	sg = s->sgt.sgl;
	for (i = 0; i < ctx->nr; i++) {
		const struct phys_vec *v = &ctx->vec[i];

#ifdef P2PBENCH_HAVE_DMA_MAP_PHYS
		if (phys)
			addr = dma_map_phys(ctx->dev, v->paddr, v->len,
					    ctx->dir, DMA_ATTR_MMIO);
		else
#endif
			addr = dma_map_resource(ctx->dev, v->paddr, v->len,
						ctx->dir, 0);
		ret = dma_mapping_error(ctx->dev, addr);
		if (ret) {
			*call = phys ? "dma_map_phys" : "dma_map_resource";
			unmap_ranges(t, s, i, phys);
			sg_free_table(&s->sgt);
			return ret;
		}
		sg = fill_sg(sg, addr, v->len);
	}
	return 0;
}

static int resource_map(struct p2pbench_thread *t, unsigned int slot,
			const char **call)
{
	return map_ranges(t, slot, call, false);
}

static void resource_unmap(struct p2pbench_thread *t, unsigned int slot)
{
	struct own_slot *s = own_slot(t, slot);

	unmap_ranges(t, s, t->ctx->nr, false);
	sg_free_table(&s->sgt);
}

static const struct p2pbench_ops method_resource = {
	.name = "resource",
	.prepare = own_prepare,
	.release = own_release,
	.map = resource_map,
	.unmap = resource_unmap,
	.sgt = own_sgt,
	.path = path_by_domain,
};

#ifdef P2PBENCH_HAVE_DMA_MAP_PHYS
static int phys_map(struct p2pbench_thread *t, unsigned int slot,
		    const char **call)
{
	return map_ranges(t, slot, call, true);
}

static void phys_unmap(struct p2pbench_thread *t, unsigned int slot)
{
	struct own_slot *s = own_slot(t, slot);

	unmap_ranges(t, s, t->ctx->nr, true);
	sg_free_table(&s->sgt);
}

static const struct p2pbench_ops method_phys = {
	.name = "phys",
	.prepare = own_prepare,
	.release = own_release,
	.map = phys_map,
	.unmap = phys_unmap,
	.sgt = own_sgt,
	.path = path_by_domain,
};
#else
static const struct p2pbench_ops method_phys = {
	.name = "phys",
	.unavailable = "kernel has no dma_map_phys() with DMA_ATTR_MMIO",
};
#endif

#if defined(P2PBENCH_HAVE_DMA_IOVA) && IS_ENABLED(CONFIG_IOMMU_DMA)
/*
 * iova: one IOVA allocation for all ranges, each range linked at its own
 * offset, one IOTLB sync. This is what the dma-buf helper means to do for
 * THRU_HOST_BRIDGE in a translating domain.
 */
static int iova_check(struct p2pbench_ctx *ctx, char *msg, size_t len)
{
	if (ctx->translates)
		return 0;
	snprintf(msg, len,
		 "needs a DMA or DMA-FQ importer domain, not %s",
		 p2pbench_domain_name(ctx->domain));
	return -EOPNOTSUPP;
}

static int iova_map(struct p2pbench_thread *t, unsigned int slot,
		    const char **call)
{
	struct p2pbench_ctx *ctx = t->ctx;
	struct own_slot *s = own_slot(t, slot);
	size_t offset = 0;
	u32 i;
	int ret;

	ret = own_alloc(s, p2pbench_range_nents(ctx->size), call);
	if (ret)
		return ret;

	if (!dma_iova_try_alloc(ctx->dev, &s->state, ctx->vec[0].paddr,
				ctx->size)) {
		*call = "dma_iova_try_alloc";
		ret = -ENOMEM;
		goto err_table;
	}

	for (i = 0; i < ctx->nr; i++) {
		ret = dma_iova_link(ctx->dev, &s->state, ctx->vec[i].paddr,
				    offset, ctx->vec[i].len, ctx->dir,
				    DMA_ATTR_MMIO);
		if (ret) {
			*call = "dma_iova_link";
			goto err_iova;
		}
		offset += ctx->vec[i].len;
	}

	ret = dma_iova_sync(ctx->dev, &s->state, 0, offset);
	if (ret) {
		*call = "dma_iova_sync";
		goto err_iova;
	}

	fill_sg(s->sgt.sgl, s->state.addr, offset);
	return 0;

err_iova:
	/* Unlinks [0, offset) and frees the IOVA; offset 0 only frees. */
	dma_iova_destroy(ctx->dev, &s->state, offset, ctx->dir, DMA_ATTR_MMIO);
err_table:
	sg_free_table(&s->sgt);
	return ret;
}

static void iova_unmap(struct p2pbench_thread *t, unsigned int slot)
{
	struct p2pbench_ctx *ctx = t->ctx;
	struct own_slot *s = own_slot(t, slot);

	dma_iova_destroy(ctx->dev, &s->state, ctx->size, ctx->dir,
			 DMA_ATTR_MMIO);
	sg_free_table(&s->sgt);
}

static u32 iova_path(struct p2pbench_ctx *ctx)
{
	return P2PBENCH_PATH_IOVA;
}

static const struct p2pbench_ops method_iova = {
	.name = "iova",
	.check = iova_check,
	.prepare = own_prepare,
	.release = own_release,
	.map = iova_map,
	.unmap = iova_unmap,
	.sgt = own_sgt,
	.path = iova_path,
	.iotlb_syncs = 1,
};
#elif defined(P2PBENCH_HAVE_DMA_IOVA)
static const struct p2pbench_ops method_iova = {
	.name = "iova",
	.unavailable = "kernel built without CONFIG_IOMMU_DMA",
};
#else
static const struct p2pbench_ops method_iova = {
	.name = "iova",
	.unavailable = "kernel has no dma_iova_try_alloc()/dma_iova_link()",
};
#endif

#if defined(P2PBENCH_HAVE_P2PDMA_PROVIDER) && IS_ENABLED(CONFIG_PCI_P2PDMA)
/* busaddr: PCI bus addresses for a pair that meets below a switch. */
static int busaddr_check(struct p2pbench_ctx *ctx, char *msg, size_t len)
{
	if (ctx->pair->vfio) {
		snprintf(msg, len,
			 "exporter bound to vfio-pci: no p2pdma provider of p2pbench's");
		return -EOPNOTSUPP;
	}
	if (ctx->pair->map_type == P2PBENCH_MAP_BUS_ADDR)
		return 0;
	snprintf(msg, len,
		 "needs map type BUS_ADDR, the pair is %s",
		 ctx->pair->map_type == P2PBENCH_MAP_THRU_HOST_BRIDGE ?
		 "THRU_HOST_BRIDGE" : "NOT_SUPPORTED");
	return -EOPNOTSUPP;
}

static int busaddr_map(struct p2pbench_thread *t, unsigned int slot,
		       const char **call)
{
	struct p2pbench_ctx *ctx = t->ctx;
	struct own_slot *s = own_slot(t, slot);
	struct scatterlist *sg;
	u32 i;
	int ret;

	ret = own_alloc(s, ctx->nents, call);
	if (ret)
		return ret;

	sg = s->sgt.sgl;
	for (i = 0; i < ctx->nr; i++)
		sg = fill_sg(sg, pci_p2pdma_bus_addr_map(ctx->pair->provider,
							 ctx->vec[i].paddr),
			     ctx->vec[i].len);
	return 0;
}

static void busaddr_unmap(struct p2pbench_thread *t, unsigned int slot)
{
	sg_free_table(&own_slot(t, slot)->sgt);
}

static u32 busaddr_path(struct p2pbench_ctx *ctx)
{
	return P2PBENCH_PATH_BUS_ADDR;
}

static const struct p2pbench_ops method_busaddr = {
	.name = "busaddr",
	.check = busaddr_check,
	.prepare = own_prepare,
	.release = own_release,
	.map = busaddr_map,
	.unmap = busaddr_unmap,
	.sgt = own_sgt,
	.path = busaddr_path,
};
#else
static const struct p2pbench_ops method_busaddr = {
	.name = "busaddr",
	.unavailable = "kernel has no p2pdma provider (CONFIG_PCI_P2PDMA)",
};
#endif

#if defined(P2PBENCH_HAVE_DMA_BUF_PHYS_VEC) && \
	IS_ENABLED(CONFIG_DMA_SHARED_BUFFER) && IS_ENABLED(CONFIG_PCI_P2PDMA)
/*
 * helper and attach map through a real dynamic attachment of the importer
 * to a dma-buf this module exports (p2pbench_dmabuf.c); each thread has
 * its own dma-buf, so threads do not contend on one reservation lock.
 */
struct buf_thread {
	struct p2pbench_dmabuf *buf;
	struct dma_buf_attachment *attach;
	struct dma_resv *resv;
	struct sg_table *sgt[P2PBENCH_MAX_BATCH];
};

/* helper and attach export with the module's own provider of the BAR. */
static int buf_check(struct p2pbench_ctx *ctx, char *msg, size_t len)
{
	if (!ctx->pair->vfio)
		return 0;
	snprintf(msg, len,
		 "exporter bound to vfio-pci: no p2pdma provider of p2pbench's");
	return -EOPNOTSUPP;
}

static int buf_prepare(struct p2pbench_thread *t, const char **call)
{
	struct buf_thread *b = kzalloc_obj(*b);

	if (!b) {
		*call = "kzalloc";
		return -ENOMEM;
	}
	b->buf = p2pbench_dmabuf_create(t->ctx, call);
	if (IS_ERR(b->buf)) {
		int ret = PTR_ERR(b->buf);

		kfree(b);
		return ret;
	}
	b->attach = p2pbench_dmabuf_attach(b->buf);
	b->resv = p2pbench_dmabuf_buf(b->buf)->resv;
	t->priv = b;
	return 0;
}

static void buf_release(struct p2pbench_thread *t)
{
	struct buf_thread *b = t->priv;

	p2pbench_dmabuf_destroy(b->buf);
	kfree(b);
	t->priv = NULL;
}

static struct sg_table *buf_sgt(struct p2pbench_thread *t, unsigned int slot)
{
	struct buf_thread *b = t->priv;

	return b->sgt[slot];
}

/* What the helper will do, from the map type and the importer's domain. */
static u32 buf_path(struct p2pbench_ctx *ctx)
{
	switch (ctx->pair->map_type) {
	case P2PBENCH_MAP_BUS_ADDR:
		return P2PBENCH_PATH_BUS_ADDR;
	case P2PBENCH_MAP_THRU_HOST_BRIDGE:
		return ctx->translates ? P2PBENCH_PATH_IOVA :
					 P2PBENCH_PATH_DIRECT;
	default:
		return P2PBENCH_PATH_NONE;
	}
}

/*
 * helper: the exported helper itself, as an exporter's map_dma_buf() calls
 * it. That callback runs with the reservation lock already held by the
 * importer, so the lock is taken around a batch, outside the timed region.
 */
static void helper_lock(struct p2pbench_thread *t)
{
	struct buf_thread *b = t->priv;

	dma_resv_lock(b->resv, NULL);
}

static void helper_unlock(struct p2pbench_thread *t)
{
	struct buf_thread *b = t->priv;

	dma_resv_unlock(b->resv);
}

static int helper_map(struct p2pbench_thread *t, unsigned int slot,
		      const char **call)
{
	struct p2pbench_ctx *ctx = t->ctx;
	struct buf_thread *b = t->priv;
	struct sg_table *sgt;

	sgt = dma_buf_phys_vec_to_sgt(b->attach, ctx->pair->provider,
				      ctx->vec, ctx->nr, ctx->size, ctx->dir);
	if (IS_ERR(sgt)) {
		*call = "dma_buf_phys_vec_to_sgt";
		return PTR_ERR(sgt);
	}
	b->sgt[slot] = sgt;
	return 0;
}

static void helper_unmap(struct p2pbench_thread *t, unsigned int slot)
{
	struct buf_thread *b = t->priv;

	dma_buf_free_sgt(b->attach, b->sgt[slot], t->ctx->dir);
	b->sgt[slot] = NULL;
}

static const struct p2pbench_ops method_helper = {
	.name = "helper",
	.check = buf_check,
	.prepare = buf_prepare,
	.release = buf_release,
	.lock = helper_lock,
	.unlock = helper_unlock,
	.map = helper_map,
	.unmap = helper_unmap,
	.sgt = buf_sgt,
	.path = buf_path,
	.dmabuf = true,
};

/*
 * attach: what an importer pays, reservation lock included, through the
 * dma-buf core into this module's map_dma_buf(), which calls the helper.
 */
static int attach_map(struct p2pbench_thread *t, unsigned int slot,
		      const char **call)
{
	struct buf_thread *b = t->priv;
	struct sg_table *sgt;

	dma_resv_lock(b->resv, NULL);
	sgt = dma_buf_map_attachment(b->attach, t->ctx->dir);
	dma_resv_unlock(b->resv);
	if (IS_ERR(sgt)) {
		*call = "dma_buf_map_attachment";
		return PTR_ERR(sgt);
	}
	b->sgt[slot] = sgt;
	return 0;
}

static void attach_unmap(struct p2pbench_thread *t, unsigned int slot)
{
	struct buf_thread *b = t->priv;

	dma_resv_lock(b->resv, NULL);
	dma_buf_unmap_attachment(b->attach, b->sgt[slot], t->ctx->dir);
	dma_resv_unlock(b->resv);
	b->sgt[slot] = NULL;
}

static const struct p2pbench_ops method_attach = {
	.name = "attach",
	.check = buf_check,
	.prepare = buf_prepare,
	.release = buf_release,
	.map = attach_map,
	.unmap = attach_unmap,
	.sgt = buf_sgt,
	.path = buf_path,
	.dmabuf = true,
};

/*
 * vfio: attach's importer side on a dma-buf that vfio-pci exported
 * (VFIO_DEVICE_FEATURE_DMA_BUF) for exactly the point's ranges. vfio-pci's
 * map_dma_buf() checks for a revoke, takes a reference and calls the same
 * helper with its own provider, so vfio against attach is the production
 * exporter's own cost. One dma-buf; each thread attaches to it.
 */
static int vfio_check(struct p2pbench_ctx *ctx, char *msg, size_t len)
{
	if (ctx->pair->vfio)
		return 0;
	snprintf(msg, len,
		 "the exporter is p2pbench's, not vfio-pci's (EXPORTER_VFIO)");
	/* Not applicable in this setup, rather than missing from the kernel. */
	return -ENXIO;
}

static int vfio_acquire(struct p2pbench_ctx *ctx)
{
	int fd = ctx->run->dmabuf_fd;
	struct dma_buf *dmabuf;

	dmabuf = dma_buf_get(fd);
	if (IS_ERR(dmabuf))
		return p2pbench_refuse(ctx->res, -EINVAL,
				       "dmabuf_fd %d is not a dma-buf", fd);
	ctx->dmabuf = dmabuf;
	/* Its sg table is then verified against the point's ranges. */
	if (!dmabuf->exp_name || strcmp(dmabuf->exp_name, "vfio_pci_core"))
		return p2pbench_refuse(ctx->res, -EINVAL,
				       "dmabuf_fd %d was exported by %s, not by vfio-pci",
				       fd, dmabuf->exp_name ?: "?");
	if (dmabuf->size != ctx->size)
		return p2pbench_refuse(ctx->res, -EINVAL,
				       "dmabuf_fd %d holds 0x%zx bytes, the point's ranges 0x%zx",
				       fd, dmabuf->size, ctx->size);
	return 0;
}

static void vfio_drop(struct p2pbench_ctx *ctx)
{
	if (ctx->dmabuf)
		dma_buf_put(ctx->dmabuf);
	ctx->dmabuf = NULL;
}

static int vfio_prepare(struct p2pbench_thread *t, const char **call)
{
	struct p2pbench_ctx *ctx = t->ctx;
	struct buf_thread *b = kzalloc_obj(*b);
	struct dma_buf_attachment *attach;

	if (!b) {
		*call = "kzalloc";
		return -ENOMEM;
	}
	attach = p2pbench_dmabuf_import(ctx->dmabuf, ctx->dev);
	if (IS_ERR(attach)) {
		*call = "dma_buf_dynamic_attach";
		kfree(b);
		return PTR_ERR(attach);
	}
	b->attach = attach;
	b->resv = ctx->dmabuf->resv;
	t->priv = b;
	return 0;
}

static void vfio_release(struct p2pbench_thread *t)
{
	struct buf_thread *b = t->priv;

	dma_buf_detach(t->ctx->dmabuf, b->attach);
	kfree(b);
	t->priv = NULL;
}

static const struct p2pbench_ops method_vfio = {
	.name = "vfio",
	.check = vfio_check,
	.acquire = vfio_acquire,
	.drop = vfio_drop,
	.prepare = vfio_prepare,
	.release = vfio_release,
	.map = attach_map,
	.unmap = attach_unmap,
	.sgt = buf_sgt,
	.path = buf_path,
	.dmabuf = true,
};
#elif defined(P2PBENCH_HAVE_DMA_BUF_PHYS_VEC)
static const struct p2pbench_ops method_helper = {
	.name = "helper",
	.unavailable = "needs CONFIG_DMA_SHARED_BUFFER and CONFIG_PCI_P2PDMA",
};

static const struct p2pbench_ops method_attach = {
	.name = "attach",
	.unavailable = "needs CONFIG_DMA_SHARED_BUFFER and CONFIG_PCI_P2PDMA",
};

static const struct p2pbench_ops method_vfio = {
	.name = "vfio",
	.unavailable = "needs CONFIG_DMA_SHARED_BUFFER and CONFIG_PCI_P2PDMA",
};
#else
static const struct p2pbench_ops method_helper = {
	.name = "helper",
	.unavailable = "kernel has no dma_buf_phys_vec_to_sgt()",
};

static const struct p2pbench_ops method_attach = {
	.name = "attach",
	.unavailable = "kernel has no dma_buf_phys_vec_to_sgt() for the exporter",
};

static const struct p2pbench_ops method_vfio = {
	.name = "vfio",
	.unavailable = "kernel has no dma_buf_phys_vec_to_sgt(): no vfio dma-buf",
};
#endif

/*
 * iommufd maps in iommufd, for a device bound to vfio-pci, not through the
 * DMA API of one bound to p2pbench: p2pbench (userspace) times it around
 * IOMMU_IOAS_MAP_FILE and IOMMU_IOAS_UNMAP.
 */
static const struct p2pbench_ops method_iommufd = {
	.name = "iommufd",
	.unavailable = "timed in userspace by p2pbench (IOMMU_IOAS_MAP_FILE)",
};

const struct p2pbench_ops *const p2pbench_methods[P2PBENCH_METHOD_COUNT] = {
	[P2PBENCH_METHOD_NULL] = &method_null,
	[P2PBENCH_METHOD_RESOURCE] = &method_resource,
	[P2PBENCH_METHOD_PHYS] = &method_phys,
	[P2PBENCH_METHOD_IOVA] = &method_iova,
	[P2PBENCH_METHOD_BUSADDR] = &method_busaddr,
	[P2PBENCH_METHOD_HELPER] = &method_helper,
	[P2PBENCH_METHOD_ATTACH] = &method_attach,
	[P2PBENCH_METHOD_VFIO] = &method_vfio,
	[P2PBENCH_METHOD_IOMMUFD] = &method_iommufd,
};

#ifdef P2PBENCH_CHECK_NAMES
/*
 * Each entry is named as the uapi enum names its method, lowercased
 * (P2PBENCH_METHOD_HELPER: "helper"), which is how p2pbench's tools and
 * the selftests spell it. The out-of-tree build generates that list from
 * the uapi header (selftests/gen_method_names.sh) and fails when a name
 * here differs: the names are constants, so each comparison folds away.
 */
#include "p2pbench_method_names.h"

static __always_inline int p2pbench_check_name(unsigned int m,
					       const char *name)
{
	BUILD_BUG_ON_MSG(__builtin_strcmp(p2pbench_methods[m]->name, name),
			 "an ops table entry is missing or not named as in the uapi");
	return 0;
}

#define P2PBENCH_CHECK_NAME(m, str)	p2pbench_check_name((m), (str)),
#endif

/**
 * p2pbench_method_usable() - can @m run now?
 * @m: the method
 * @ctx: the pair and importer domain (run parameters are not needed), or
 *	NULL before SETUP: then only what the kernel lacks is checked
 * @msg: set to the reason when it cannot
 * @len: size of @msg
 *
 * Return: 0, or -EOPNOTSUPP (-ENXIO: vfio with an exporter that is not
 * bound to vfio-pci) with @msg set
 */
int p2pbench_method_usable(const struct p2pbench_ops *m,
			   struct p2pbench_ctx *ctx, char *msg, size_t len)
{
#ifdef P2PBENCH_CHECK_NAMES
	int checked[] __maybe_unused = {
		P2PBENCH_METHOD_NAMES(P2PBENCH_CHECK_NAME)
	};

	BUILD_BUG_ON(ARRAY_SIZE(checked) != P2PBENCH_METHOD_COUNT);
#endif
	if (m->unavailable) {
		strscpy(msg, m->unavailable, len);
		return -EOPNOTSUPP;
	}
	if (ctx && m->check)
		return m->check(ctx, msg, len);
	return 0;
}
