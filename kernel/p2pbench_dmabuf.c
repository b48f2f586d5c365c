// SPDX-License-Identifier: GPL-2.0-only
/*
 * A dma-buf of the exporter's MMIO, exported by this module, and the
 * importer's dynamic peer-to-peer attachment to it.
 *
 * The exporter side is the smallest real one: it refuses importers that
 * cannot take MMIO without struct pages, and its map_dma_buf() and
 * unmap_dma_buf() are the dma-buf helpers, as in vfio-pci's exporter. The
 * importer side declares allow_peer2peer and an invalidate_mappings()
 * callback, which exporters of MMIO require to be able to revoke.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#if defined(P2PBENCH_HAVE_DMA_BUF_PHYS_VEC) && \
	IS_ENABLED(CONFIG_DMA_SHARED_BUFFER) && IS_ENABLED(CONFIG_PCI_P2PDMA)

#include <linux/dma-buf.h>
#include <linux/dma-buf-mapping.h>
#include <linux/dma-resv.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/module.h>
#include <linux/pci-p2pdma.h>
#include <linux/slab.h>

#include "p2pbench.h"

MODULE_IMPORT_NS("DMA_BUF");

/**
 * struct p2pbench_dmabuf - one exported dma-buf and its attachment
 * @dmabuf: the dma-buf
 * @attach: the importer's attachment
 * @provider: p2pdma provider of the exporter BAR
 * @vec: the ranges; owned by the point, which outlives every mapping
 * @nr: number of ranges
 * @size: sum of the range lengths
 *
 * The dma-buf core frees this from the release callback, which may run
 * after p2pbench_dmabuf_destroy() returns (the last fput() is deferred):
 * only @dmabuf and @attach are used after destroy, and not by us.
 */
struct p2pbench_dmabuf {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct p2pdma_provider *provider;
	struct phys_vec *vec;
	u32 nr;
	size_t size;
};

static int exp_attach(struct dma_buf *dmabuf,
		      struct dma_buf_attachment *attach)
{
	if (!attach->peer2peer)
		return -EOPNOTSUPP;
#ifdef P2PBENCH_HAVE_DMA_BUF_INVALIDATE_MAPPINGS
	if (!dma_buf_attach_revocable(attach))
		return -EOPNOTSUPP;
#endif
	return 0;
}

static struct sg_table *exp_map(struct dma_buf_attachment *attach,
				enum dma_data_direction dir)
{
	struct p2pbench_dmabuf *buf = attach->dmabuf->priv;

	return dma_buf_phys_vec_to_sgt(attach, buf->provider, buf->vec,
				       buf->nr, buf->size, dir);
}

static void exp_unmap(struct dma_buf_attachment *attach,
		      struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_buf_free_sgt(attach, sgt, dir);
}

static void exp_release(struct dma_buf *dmabuf)
{
	kfree(dmabuf->priv);
}

static const struct dma_buf_ops p2pbench_dmabuf_ops = {
	.attach = exp_attach,
	.map_dma_buf = exp_map,
	.unmap_dma_buf = exp_unmap,
	.release = exp_release,
};

/*
 * This module's exporter never moves or revokes the buffer while it is
 * attached: unbinding a device waits for the running point, which unmaps
 * everything. There is nothing to invalidate.
 */
static void imp_invalidate(struct dma_buf_attachment *attach)
{
}

static const struct dma_buf_attach_ops p2pbench_importer_ops = {
	.allow_peer2peer = true,
#ifdef P2PBENCH_HAVE_DMA_BUF_INVALIDATE_MAPPINGS
	.invalidate_mappings = imp_invalidate,
#else
	.move_notify = imp_invalidate,
#endif
};

/**
 * p2pbench_dmabuf_import() - attach the importer to a dma-buf of another
 *	exporter, as p2pbench's own is attached
 * @dmabuf: the dma-buf (vfio-pci's)
 * @dev: the importer
 *
 * The callback is the same: a revoke needs nothing of the module, whose
 * mappings live only inside a batch; the exporter waits for their unmap,
 * and the next map fails (vfio-pci: -ENODEV), which the point reports.
 *
 * Return: the attachment, or an ERR_PTR()
 */
struct dma_buf_attachment *p2pbench_dmabuf_import(struct dma_buf *dmabuf,
						  struct device *dev)
{
	return dma_buf_dynamic_attach(dmabuf, dev, &p2pbench_importer_ops,
				      NULL);
}

/**
 * p2pbench_dmabuf_create() - export the ranges and attach the importer
 * @ctx: the point: pair, ranges and importer
 * @call: set to the failing call on error
 *
 * Return: the dma-buf, or an ERR_PTR()
 */
struct p2pbench_dmabuf *p2pbench_dmabuf_create(struct p2pbench_ctx *ctx,
					       const char **call)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct p2pbench_dmabuf *buf;
	struct dma_buf_attachment *attach;
	struct dma_buf *dmabuf;

	buf = kzalloc_obj(*buf);
	if (!buf) {
		*call = "kzalloc";
		return ERR_PTR(-ENOMEM);
	}
	buf->provider = ctx->pair->provider;
	buf->vec = ctx->vec;
	buf->nr = ctx->nr;
	buf->size = ctx->size;

	exp_info.ops = &p2pbench_dmabuf_ops;
	exp_info.size = ctx->size;
	exp_info.flags = O_RDWR;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		*call = "dma_buf_export";
		kfree(buf);
		return ERR_CAST(dmabuf);
	}
	buf->dmabuf = dmabuf;

	attach = dma_buf_dynamic_attach(dmabuf, ctx->dev,
					&p2pbench_importer_ops, buf);
	if (IS_ERR(attach)) {
		*call = "dma_buf_dynamic_attach";
		/* Frees buf through exp_release(). */
		dma_buf_put(dmabuf);
		return ERR_CAST(attach);
	}
	buf->attach = attach;
	return buf;
}

/**
 * p2pbench_dmabuf_destroy() - detach the importer and drop the dma-buf
 * @buf: from p2pbench_dmabuf_create(), with nothing mapped
 */
void p2pbench_dmabuf_destroy(struct p2pbench_dmabuf *buf)
{
	struct dma_buf *dmabuf = buf->dmabuf;

	dma_buf_detach(dmabuf, buf->attach);
	dma_buf_put(dmabuf);
}

/**
 * p2pbench_dmabuf_attach() - the importer's attachment
 * @buf: from p2pbench_dmabuf_create()
 *
 * Return: the attachment
 */
struct dma_buf_attachment *p2pbench_dmabuf_attach(struct p2pbench_dmabuf *buf)
{
	return buf->attach;
}

/**
 * p2pbench_dmabuf_buf() - the exported dma-buf
 * @buf: from p2pbench_dmabuf_create()
 *
 * Return: the dma-buf
 */
struct dma_buf *p2pbench_dmabuf_buf(struct p2pbench_dmabuf *buf)
{
	return buf->dmabuf;
}

#endif /* P2PBENCH_HAVE_DMA_BUF_PHYS_VEC && DMA_SHARED_BUFFER && PCI_P2PDMA */
