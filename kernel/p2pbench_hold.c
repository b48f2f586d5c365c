// SPDX-License-Identifier: GPL-2.0-only
/*
 * Live mappings of a vfio-pci dma-buf (P2PBENCH_IOC_HOLD), to watch a
 * revoke from the importer's side.
 *
 * A point maps and unmaps inside one ioctl, so a revoke can only ever find
 * it between two batches. Here the module is an importer as a driver is:
 * it attaches to one vfio-pci dma-buf, for one or more importer devices,
 * any number of times, maps every attachment and keeps the mappings while
 * the ioctl returns. When vfio-pci revokes the buffer (memory decoding off
 * in the command register, a reset, the device going away) it calls
 * invalidate_mappings() on every attachment with the reservation lock held
 * and then waits until every mapping is unmapped; this importer unmaps at
 * once, in the callback, records when and how many IOMMU unmaps that took,
 * and checks that a translated mapping is gone from the IO page table.
 * STATUS reports it; REMAP maps again (refused by vfio-pci while revoked).
 *
 * Every operation runs under the module's mutex. A mapping (the sg table of
 * an attachment) is created, verified, checked end to end and destroyed
 * only with the dma-buf's reservation lock held, which is also what
 * serializes the callbacks and the counters they update.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "p2pbench.h"

#if defined(P2PBENCH_HAVE_DMA_BUF_PHYS_VEC) && \
	IS_ENABLED(CONFIG_DMA_SHARED_BUFFER) && IS_ENABLED(CONFIG_PCI_P2PDMA) && \
	IS_ENABLED(CONFIG_IOMMU_API) && IS_ENABLED(CONFIG_TRACEPOINTS)

#include <linux/dma-buf.h>
#include <linux/dma-resv.h>
#include <trace/events/iommu.h>

MODULE_IMPORT_NS("DMA_BUF");

struct hold_imp;

/**
 * struct hold_map - one attachment of an importer and its mapping
 * @imp: the importer
 * @attach: the attachment
 * @sgt: its mapping, NULL when not mapped (reservation lock)
 */
struct hold_map {
	struct hold_imp *imp;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
};

/**
 * struct hold_imp - one importer's attachments
 * @pair: the exporter of SETUP with this importer (references held)
 * @run: the MAP request's point
 * @res: where the shared helpers put a refusal's message
 * @ctx: the importer as verification and E2E see it
 * @old_mask: the importer's DMA mask before MAP, restored by RELEASE
 * @old_coherent: its coherent DMA mask before MAP
 * @count: attachments in @maps
 * @maps: the attachments
 * @notified: invalidate_mappings() calls (reservation lock, as below)
 * @invalidated: mappings they unmapped
 * @pt_cleared: translated mappings found gone from the IO page table
 * @pt_stale: translated mappings still in it after their unmap
 * @unmap_events: iommu:unmap events inside the callbacks
 * @map_events: iommu:map events inside MAP or REMAP's maps
 * @first_ns: start of the first callback
 * @last_ns: end of the last callback
 */
struct hold_imp {
	struct p2pbench_pair pair;
	struct p2pbench_run run;
	struct p2pbench_result res;
	struct p2pbench_ctx ctx;
	u64 old_mask;
	u64 old_coherent;
	u32 count;
	struct hold_map *maps;
	u32 notified;
	u32 invalidated;
	u32 pt_cleared;
	u32 pt_stale;
	u64 unmap_events;
	u64 map_events;
	u64 first_ns;
	u64 last_ns;
};

/**
 * struct hold_state - everything the module holds
 * @dmabuf: the one dma-buf every importer maps (a reference)
 * @imp: the importers
 * @nimp: entries of @imp in use
 * @counting: the iommu event probes are registered
 * @task: the task mapping or unmapping for @cur (reservation lock)
 * @cur: the importer whose events @task raises
 * @window: which events count
 */
struct hold_state {
	struct dma_buf *dmabuf;
	struct hold_imp *imp[P2PBENCH_MAX_HOLD_IMPORTERS];
	unsigned int nimp;
	bool counting;
	struct task_struct *task;
	struct hold_imp *cur;
	enum p2pbench_window window;
};

static struct hold_state hold;

static void hold_on_map(void *data, unsigned long iova, phys_addr_t paddr,
			size_t size)
{
	struct hold_state *h = data;

	if (READ_ONCE(h->task) == current && h->window == P2PBENCH_WIN_MAP)
		h->cur->map_events++;
}

static void hold_on_unmap(void *data, unsigned long iova, size_t size,
			  size_t unmapped_size)
{
	struct hold_state *h = data;

	if (READ_ONCE(h->task) == current && h->window == P2PBENCH_WIN_UNMAP)
		h->cur->unmap_events++;
}

static void window_open(struct hold_imp *imp, enum p2pbench_window w)
{
	hold.cur = imp;
	hold.window = w;
	WRITE_ONCE(hold.task, current);
}

static void window_close(void)
{
	WRITE_ONCE(hold.task, NULL);
	hold.window = P2PBENCH_WIN_NONE;
	hold.cur = NULL;
}

/*
 * The exporter revokes (or moves back) the buffer. vfio-pci waits for the
 * unmap of every mapping before its revoke returns: unmap now. The
 * importer's device must not touch the old addresses after this returns;
 * for a translated mapping the IO page table must no longer have them.
 */
static void hold_invalidate(struct dma_buf_attachment *attach)
{
	struct hold_map *m = attach->importer_priv;
	struct hold_imp *imp = m->imp;
	struct p2pbench_ctx *ctx = &imp->ctx;
	struct sg_table *sgt = m->sgt;
	dma_addr_t first = 0;
	bool translated;

	dma_resv_assert_held(attach->dmabuf->resv);
	if (!imp->first_ns)
		imp->first_ns = ktime_get_ns();
	imp->notified++;
	if (sgt) {
		translated = ctx->translates &&
			     p2pbench_sgt_path(ctx, sgt) != P2PBENCH_PATH_BUS_ADDR;
		first = sg_dma_address(sgt->sgl);
		window_open(imp, P2PBENCH_WIN_UNMAP);
		dma_buf_unmap_attachment(attach, sgt, ctx->dir);
		window_close();
		m->sgt = NULL;
		imp->invalidated++;
		if (translated) {
			if (iommu_iova_to_phys(ctx->domain, first))
				imp->pt_stale++;
			else
				imp->pt_cleared++;
		}
	}
	imp->last_ns = ktime_get_ns();
}

static const struct dma_buf_attach_ops hold_importer_ops = {
	.allow_peer2peer = true,
#ifdef P2PBENCH_HAVE_DMA_BUF_INVALIDATE_MAPPINGS
	.invalidate_mappings = hold_invalidate,
#else
	.move_notify = hold_invalidate,
#endif
};

static int hold_refuse(struct p2pbench_hold *h, int err, const char *fmt, ...)
	__printf(3, 4);

static int hold_refuse(struct p2pbench_hold *h, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(h->msg, sizeof(h->msg), fmt, args);
	va_end(args);
	pr_err_ratelimited("hold refused: %s\n", h->msg);
	return err;
}

static struct hold_imp *find_imp(struct pci_dev *importer)
{
	unsigned int i;

	for (i = 0; i < hold.nimp; i++)
		if (hold.imp[i]->pair.importer == importer)
			return hold.imp[i];
	return NULL;
}

static int counting_start(struct p2pbench_hold *h)
{
	int ret;

	if (hold.counting)
		return 0;
	ret = register_trace_map(hold_on_map, &hold);
	if (ret)
		return hold_refuse(h, ret, "cannot register the iommu:map probe: %d",
				   ret);
	ret = register_trace_unmap(hold_on_unmap, &hold);
	if (ret) {
		unregister_trace_map(hold_on_map, &hold);
		tracepoint_synchronize_unregister();
		return hold_refuse(h, ret,
				   "cannot register the iommu:unmap probe: %d",
				   ret);
	}
	hold.counting = true;
	return 0;
}

static void counting_stop(void)
{
	if (!hold.counting)
		return;
	unregister_trace_unmap(hold_on_unmap, &hold);
	unregister_trace_map(hold_on_map, &hold);
	tracepoint_synchronize_unregister();
	hold.counting = false;
}

static void fill_out(struct p2pbench_hold *h, struct hold_imp *imp)
{
	unsigned int i;

	h->map_type = imp->pair.map_type;
	h->held = imp->count;
	h->mapped = 0;
	for (i = 0; i < imp->count; i++)
		if (imp->maps[i].sgt)
			h->mapped++;
	strscpy(h->importer_group_type,
		p2pbench_domain_name(imp->ctx.domain));
}

/*
 * Map every attachment of @imp that is not mapped, verify each mapping
 * against the importer's own map type and domain, and (E2E) let edu read
 * the BAR through the first. The first map error stops; it is a result.
 */
static void map_all(struct p2pbench_hold *h, struct hold_imp *imp)
{
	struct p2pbench_ctx *ctx = &imp->ctx;
	struct dma_resv *resv = hold.dmabuf->resv;
	bool e2e = h->flags & P2PBENCH_HOLD_E2E;
	char msg[P2PBENCH_MSG_LEN];
	unsigned int i;
	u64 t0, t1;
	u32 checks;

	h->verdict = P2PBENCH_VERDICT_PASS;
	imp->map_events = 0;
	for (i = 0; i < imp->count; i++) {
		struct hold_map *m = &imp->maps[i];
		struct sg_table *sgt;
		u32 path;

		if (m->sgt)
			continue;
		t0 = ktime_get_ns();
		dma_resv_lock(resv, NULL);
		window_open(imp, P2PBENCH_WIN_MAP);
		sgt = dma_buf_map_attachment(m->attach, ctx->dir);
		window_close();
		t1 = ktime_get_ns();
		h->map_ns += t1 - t0;
		if (IS_ERR(sgt)) {
			dma_resv_unlock(resv);
			h->status = PTR_ERR(sgt);
			h->verdict = P2PBENCH_VERDICT_MAP_ERROR;
			snprintf(h->msg, sizeof(h->msg),
				 "mapping %u: dma_buf_map_attachment: %d (%s)%s",
				 i, h->status, p2pbench_errname(h->status),
				 h->status == -ENODEV ?
				 ": the exporter revoked the buffer" : "");
			break;
		}
		m->sgt = sgt;
		path = p2pbench_sgt_path(ctx, sgt);
		if (!h->sg_nents) {
			h->path = path;
			h->sg_nents = sgt->nents;
			h->dma_len = ctx->size;
		}
		msg[0] = '\0';
		checks = p2pbench_verify(ctx, sgt, path, msg, sizeof(msg));
		if (!checks && e2e &&
		    p2pbench_e2e(ctx, sgt, path, msg, sizeof(msg)))
			checks = P2PBENCH_CHECK_E2E;
		e2e = false;
		dma_resv_unlock(resv);
		if (checks && h->verdict == P2PBENCH_VERDICT_PASS) {
			h->verdict = P2PBENCH_VERDICT_FAIL;
			snprintf(h->msg, sizeof(h->msg), "mapping %u: %s", i,
				 msg);
		}
		h->checks_failed |= checks;
	}
	h->iommu_map_calls = imp->map_events;
}

/* Unmap and detach everything of @imp, give the importer its masks back. */
static void imp_free(struct hold_imp *imp)
{
	struct dma_resv *resv = hold.dmabuf->resv;
	unsigned int i;

	for (i = 0; i < imp->count; i++) {
		struct hold_map *m = &imp->maps[i];

		dma_resv_lock(resv, NULL);
		if (m->sgt)
			dma_buf_unmap_attachment(m->attach, m->sgt,
						 imp->ctx.dir);
		m->sgt = NULL;
		dma_resv_unlock(resv);
		dma_buf_detach(hold.dmabuf, m->attach);
	}
	dma_set_mask(imp->ctx.dev, imp->old_mask);
	dma_set_coherent_mask(imp->ctx.dev, imp->old_coherent);
	kvfree(imp->maps);
	kvfree(imp->ctx.vec);
	pci_dev_put(imp->pair.importer);
	pci_dev_put(imp->pair.exporter);
	kfree(imp);
}

/**
 * p2pbench_hold_release() - unmap and detach every held mapping
 *
 * Called with the module's mutex held: by HOLD RELEASE, when a held
 * importer is unbound and when the module goes away.
 */
void p2pbench_hold_release(void)
{
	while (hold.nimp)
		imp_free(hold.imp[--hold.nimp]);
	counting_stop();
	if (hold.dmabuf)
		dma_buf_put(hold.dmabuf);
	hold.dmabuf = NULL;
}

/**
 * p2pbench_hold_holds() - does the module hold mappings for @pdev?
 * @pdev: a device being unbound
 *
 * Return: true if @pdev is a held importer
 */
bool p2pbench_hold_holds(struct pci_dev *pdev)
{
	return !!find_imp(pdev);
}

static int hold_get_dmabuf(struct p2pbench_hold *h, size_t size)
{
	int fd = h->run.dmabuf_fd;
	struct dma_buf *dmabuf;
	int ret;

	dmabuf = dma_buf_get(fd);
	if (IS_ERR(dmabuf))
		return hold_refuse(h, -EINVAL, "dmabuf_fd %d is not a dma-buf",
				   fd);
	if (!dmabuf->exp_name || strcmp(dmabuf->exp_name, "vfio_pci_core"))
		ret = hold_refuse(h, -EINVAL,
				  "dmabuf_fd %d was exported by %s, not by vfio-pci",
				  fd, dmabuf->exp_name ?: "?");
	else if (dmabuf->size != size)
		ret = hold_refuse(h, -EINVAL,
				  "dmabuf_fd %d holds 0x%zx bytes, the point's ranges 0x%zx",
				  fd, dmabuf->size, size);
	else if (hold.dmabuf && hold.dmabuf != dmabuf)
		ret = hold_refuse(h, -EBUSY,
				  "the module holds mappings of another dma-buf: RELEASE first");
	else
		ret = 0;
	if (ret || hold.dmabuf)
		dma_buf_put(dmabuf);
	else
		hold.dmabuf = dmabuf;
	return ret;
}

/*
 * MAP: a new importer of the held dma-buf (the first MAP takes it), with
 * @count attachments, each mapped.
 */
static int hold_map(struct p2pbench_hold *h, const struct p2pbench_pair *pair,
		    struct pci_dev *importer)
{
	struct p2pbench_ctx *ctx;
	struct hold_imp *imp;
	bool first = !hold.dmabuf;
	unsigned int i;
	int ret;

	if (!h->count || h->count > P2PBENCH_MAX_HOLD)
		return hold_refuse(h, -EINVAL, "count %u outside 1..%u",
				   h->count, P2PBENCH_MAX_HOLD);
	if (h->run.method != P2PBENCH_METHOD_VFIO || h->run.flags)
		return hold_refuse(h, -EINVAL,
				   "MAP takes method vfio and no run flags (E2E is a hold flag)");
	if (!pair->done || !pair->vfio)
		return hold_refuse(h, -ENXIO,
				   "MAP needs an exporter bound to vfio-pci (SETUP with EXPORTER_VFIO)");
	if (find_imp(importer))
		return hold_refuse(h, -EBUSY,
				   "%s already holds mappings: RELEASE first",
				   pci_name(importer));
	if (hold.nimp == P2PBENCH_MAX_HOLD_IMPORTERS)
		return hold_refuse(h, -EBUSY, "already %u importers",
				   hold.nimp);
	if ((h->flags & P2PBENCH_HOLD_E2E) &&
	    (!p2pbench_e2e_capable(importer) ||
	     p2pbench_e2e_capable(pair->exporter) ||
	     !(pci_resource_flags(pair->exporter, pair->bar) &
	       IORESOURCE_PREFETCH)))
		return hold_refuse(h, -EOPNOTSUPP,
				   "E2E needs QEMU's edu as importer and a prefetchable BAR of another device");

	imp = kzalloc_obj(*imp);
	if (!imp)
		return -ENOMEM;
	imp->run = h->run;
	ret = p2pbench_check_run(&imp->run, &imp->res);
	if (ret) {
		strscpy(h->msg, imp->res.msg);
		kfree(imp);
		return ret;
	}
	imp->pair = *pair;
	imp->pair.importer = importer;
	imp->pair.distance = pci_p2pdma_distance(pair->exporter,
						 &importer->dev, false);
	imp->pair.map_type = p2pbench_map_type(pair->exporter, importer,
					       imp->pair.distance);
	pci_dev_get(imp->pair.exporter);
	pci_dev_get(importer);

	ctx = &imp->ctx;
	ctx->run = &imp->run;
	ctx->res = &imp->res;
	ctx->pair = &imp->pair;
	ctx->method = p2pbench_methods[P2PBENCH_METHOD_VFIO];
	ctx->dev = &importer->dev;
	ctx->domain = p2pbench_domain(ctx->dev);
	ctx->translates = p2pbench_domain_translates(ctx->domain);
	ctx->dir = p2pbench_dir(imp->run.direction);
	ctx->max_seg = dma_get_max_seg_size(ctx->dev);
	ret = p2pbench_build_ranges(&imp->run, &imp->pair, &imp->res,
				    &ctx->vec, &ctx->size, &ctx->nents);
	if (ret) {
		strscpy(h->msg, imp->res.msg);
		goto err_put;
	}
	ctx->nr = imp->run.nr_ranges;

	ret = hold_get_dmabuf(h, ctx->size);
	if (ret)
		goto err_vec;
	ctx->dmabuf = hold.dmabuf;
	ret = counting_start(h);
	if (ret)
		goto err_buf;

	imp->maps = kvcalloc(h->count, sizeof(*imp->maps), GFP_KERNEL);
	if (!imp->maps) {
		ret = -ENOMEM;
		goto err_count;
	}
	/* Mappings outlive the ioctl: the importer's full reach meanwhile. */
	imp->old_mask = dma_get_mask(ctx->dev);
	imp->old_coherent = ctx->dev->coherent_dma_mask;
	ret = dma_set_mask_and_coherent(ctx->dev, DMA_BIT_MASK(64));
	if (ret) {
		hold_refuse(h, ret, "%s refuses a 64-bit DMA mask",
			    pci_name(importer));
		goto err_maps;
	}

	for (i = 0; i < h->count; i++) {
		struct dma_buf_attachment *attach;

		imp->maps[i].imp = imp;
		attach = dma_buf_dynamic_attach(hold.dmabuf, ctx->dev,
						&hold_importer_ops,
						&imp->maps[i]);
		if (IS_ERR(attach)) {
			/* A result, as a failed map: vfio-pci while revoked. */
			h->status = PTR_ERR(attach);
			h->verdict = P2PBENCH_VERDICT_MAP_ERROR;
			snprintf(h->msg, sizeof(h->msg),
				 "attachment %u: dma_buf_dynamic_attach: %d (%s)",
				 i, h->status, p2pbench_errname(h->status));
			imp->count = i;
			fill_out(h, imp);
			imp_free(imp);
			if (first)
				p2pbench_hold_release();
			return 0;
		}
		imp->maps[i].attach = attach;
		imp->count = i + 1;
	}
	hold.imp[hold.nimp++] = imp;
	map_all(h, imp);
	fill_out(h, imp);
	return 0;

err_maps:
	kvfree(imp->maps);
err_count:
	if (first)
		counting_stop();
err_buf:
	if (first) {
		dma_buf_put(hold.dmabuf);
		hold.dmabuf = NULL;
	}
err_vec:
	kvfree(ctx->vec);
err_put:
	pci_dev_put(importer);
	pci_dev_put(imp->pair.exporter);
	kfree(imp);
	return ret;
}

/* STATUS: what the callbacks did since the last MAP, REMAP or STATUS. */
static void hold_status(struct p2pbench_hold *h, struct hold_imp *imp)
{
	dma_resv_lock(hold.dmabuf->resv, NULL);
	fill_out(h, imp);
	h->notified = imp->notified;
	h->invalidated = imp->invalidated;
	h->pt_cleared = imp->pt_cleared;
	h->pt_stale = imp->pt_stale;
	h->iommu_unmap_calls = imp->unmap_events;
	h->notify_first_ns = imp->first_ns;
	h->notify_last_ns = imp->last_ns;
	imp->notified = 0;
	imp->invalidated = 0;
	imp->pt_cleared = 0;
	imp->pt_stale = 0;
	imp->unmap_events = 0;
	imp->first_ns = 0;
	imp->last_ns = 0;
	dma_resv_unlock(hold.dmabuf->resv);
}

static bool hold_input_ok(struct p2pbench_hold *h)
{
	unsigned int i;

	if (h->pad || h->importer.pad || (h->flags & ~P2PBENCH_HOLD_FLAGS_ALL))
		return false;
	for (i = 0; i < ARRAY_SIZE(h->reserved); i++)
		if (h->reserved[i])
			return false;
	return true;
}

/**
 * p2pbench_hold_op() - one P2PBENCH_IOC_HOLD request
 * @h: the request, answered in place
 * @pair: the pair of SETUP
 * @importer: the device @h->importer names, bound to p2pbench, or NULL
 *
 * Called with the module's mutex held.
 *
 * Return: 0 (a map that failed is a result in @h), or -errno with
 * @h->msg saying why the request was refused
 */
int p2pbench_hold_op(struct p2pbench_hold *h, const struct p2pbench_pair *pair,
		     struct pci_dev *importer)
{
	struct hold_imp *imp;

	/* Outputs start from zero whatever the caller left in them. */
	memset(&h->status, 0, offsetof(struct p2pbench_hold, reserved) -
	       offsetof(struct p2pbench_hold, status));
	if (!hold_input_ok(h))
		return hold_refuse(h, -EINVAL,
				   "unknown flags 0x%x, or pad or reserved not zero",
				   h->flags & ~P2PBENCH_HOLD_FLAGS_ALL);
	if (h->op == P2PBENCH_HOLD_RELEASE) {
		p2pbench_hold_release();
		return 0;
	}
	if (h->op < P2PBENCH_HOLD_MAP || h->op > P2PBENCH_HOLD_RELEASE)
		return hold_refuse(h, -EINVAL, "unknown op %u", h->op);
	if (!importer)
		return hold_refuse(h, -ENODEV,
				   "importer %04x:%02x:%02x.%u is not bound to p2pbench",
				   h->importer.domain, h->importer.bus,
				   PCI_SLOT(h->importer.devfn),
				   PCI_FUNC(h->importer.devfn));
	if (h->op == P2PBENCH_HOLD_MAP)
		return hold_map(h, pair, importer);

	imp = find_imp(importer);
	if (!imp)
		return hold_refuse(h, -ENOENT, "%s holds no mappings",
				   pci_name(importer));
	if (h->op == P2PBENCH_HOLD_REMAP) {
		map_all(h, imp);
		fill_out(h, imp);
	} else {
		hold_status(h, imp);
	}
	return 0;
}

/**
 * p2pbench_hold_available() - was HOLD compiled in?
 *
 * Return: true
 */
bool p2pbench_hold_available(void)
{
	return true;
}

#else /* no vfio-pci dma-bufs to hold */

int p2pbench_hold_op(struct p2pbench_hold *h, const struct p2pbench_pair *pair,
		     struct pci_dev *importer)
{
	strscpy(h->msg,
		"HOLD needs dma_buf_phys_vec_to_sgt(), PCI_P2PDMA, an IOMMU, tracepoints");
	return -EOPNOTSUPP;
}

void p2pbench_hold_release(void)
{
}

bool p2pbench_hold_holds(struct pci_dev *pdev)
{
	return false;
}

bool p2pbench_hold_available(void)
{
	return false;
}

#endif
