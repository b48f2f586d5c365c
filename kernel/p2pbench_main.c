// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench: benchmark and verify DMA mapping of PCI peer-to-peer MMIO.
 *
 * The "p2pbench" PCI driver has no ID table: userspace binds the exporter
 * and the importer to it through driver_override. P2PBENCH_IOC_SETUP picks
 * an exporter BAR and an importer among the bound devices and
 * P2PBENCH_IOC_RUN runs one point (include/uapi/linux/p2pbench.h), through
 * /sys/kernel/debug/p2pbench/ctl, which only CAP_SYS_ADMIN may use.
 *
 * One mutex serializes SETUP, INFO, RUN and unbinding. Unbinding a device
 * of the pair asks a running point to stop, waits for it, and clears the
 * setup; the p2pdma provider (devres of the exporter) goes away only then.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#if defined(P2PBENCH_HAVE_P2PDMA_PROVIDER) || IS_ENABLED(CONFIG_PCI_P2PDMA)
#include <linux/pci-p2pdma.h>
#endif

#include "p2pbench.h"

/**
 * struct p2pbench_dev - a device bound to the driver
 * @node: in p2pbench_devs
 * @pdev: the device
 * @old_max_seg: its max_segment_size before binding, restored on unbind
 */
struct p2pbench_dev {
	struct list_head node;
	struct pci_dev *pdev;
	unsigned int old_max_seg;
};

/* Serializes the device list, the pair, SETUP and RUN. */
static DEFINE_MUTEX(p2pbench_lock);
static LIST_HEAD(p2pbench_devs);
static struct p2pbench_pair p2pbench_pair;
/* Non-zero while a device of the pair is being unbound. */
static atomic_t p2pbench_abort = ATOMIC_INIT(0);
static struct dentry *p2pbench_debugfs;

static struct p2pbench_dev *find_dev(const struct p2pbench_bdf *bdf)
{
	struct p2pbench_dev *d;

	list_for_each_entry(d, &p2pbench_devs, node)
		if (pci_domain_nr(d->pdev->bus) == bdf->domain &&
		    d->pdev->bus->number == bdf->bus &&
		    d->pdev->devfn == bdf->devfn)
			return d;
	return NULL;
}

static void fill_bdf(struct p2pbench_bdf *bdf, struct pci_dev *pdev)
{
	bdf->domain = pci_domain_nr(pdev->bus);
	bdf->bus = pdev->bus->number;
	bdf->devfn = pdev->devfn;
}

/* The pair and the importer's DMA state, as the methods' checks see it. */
static void ctx_from_pair(struct p2pbench_ctx *ctx,
			  const struct p2pbench_pair *pair)
{
	ctx->pair = pair;
	ctx->dev = &pair->importer->dev;
	ctx->domain = p2pbench_domain(ctx->dev);
	ctx->translates = p2pbench_domain_translates(ctx->domain);
	ctx->abort = &p2pbench_abort;
}

static void fill_info(struct p2pbench_info *info, struct p2pbench_ctx *ctx)
{
	const struct p2pbench_pair *pair = &p2pbench_pair;
	unsigned int i;

	info->version = P2PBENCH_UAPI_VERSION;
	info->nr_methods = P2PBENCH_METHOD_COUNT;
	info->importer_group = -1;
	info->p2p_distance = -1;
	if (pair->done)
		ctx_from_pair(ctx, pair);

	for (i = 0; i < P2PBENCH_METHOD_COUNT; i++) {
		const struct p2pbench_ops *m = p2pbench_methods[i];
		char *why = info->unavailable[i];

		/* Before SETUP only what the kernel lacks is known. */
		if (!p2pbench_method_usable(m, pair->done ? ctx : NULL, why,
					    sizeof(info->unavailable[i])))
			info->methods_available |= BIT(i);
	}

	if (p2pbench_hold_available())
		info->features |= P2PBENCH_FEATURE_HOLD;
	if (IS_ENABLED(CONFIG_DMA_SHARED_BUFFER))
		info->features |= P2PBENCH_FEATURE_EXPORT;
	if (pair->done) {
		info->setup_done = 1;
		info->setup_flags = pair->vfio ? P2PBENCH_SETUP_EXPORTER_VFIO : 0;
		info->bar = pair->bar;
		fill_bdf(&info->exporter, pair->exporter);
		fill_bdf(&info->importer, pair->importer);
		info->bar_start = pair->bar_start;
		info->bar_len = pair->bar_len;
		info->bus_offset = pair->bus_offset;
		info->importer_group = p2pbench_group_id(ctx->dev);
		info->p2p_distance = pair->distance;
		info->map_type = pair->map_type;
		info->max_seg_size = dma_get_max_seg_size(ctx->dev);
		strscpy(info->importer_group_type,
			p2pbench_domain_name(ctx->domain));
	}
}

/*
 * INFO of version 1 is the same up to importer_group_type, then the reasons
 * of its 8 methods: a tool of version 1 goes on with SETUP and RUN of
 * version 1, which the module still accepts.
 */
static void info_to_v1(const struct p2pbench_info *info,
		       struct p2pbench_info_v1 *v1)
{
	unsigned int i;

	memcpy(v1->head, info, sizeof(v1->head));
	((struct p2pbench_info *)v1->head)->version = 1;
	for (i = 0; i < ARRAY_SIZE(v1->unavailable); i++)
		strscpy(v1->unavailable[i], info->unavailable[i]);
}

static int p2pbench_ioc_info(void __user *uinfo, bool v1)
{
	struct p2pbench_info_v1 *old = NULL;
	struct p2pbench_info *info;
	struct p2pbench_ctx *ctx;
	int ret;

	info = kzalloc_obj(*info);
	ctx = kzalloc_obj(*ctx);
	if (v1)
		old = kzalloc_obj(*old);
	if (!info || !ctx || (v1 && !old)) {
		ret = -ENOMEM;
		goto out;
	}

	ret = mutex_lock_interruptible(&p2pbench_lock);
	if (ret)
		goto out;
	fill_info(info, ctx);
	mutex_unlock(&p2pbench_lock);

	if (v1) {
		info_to_v1(info, old);
		if (copy_to_user(uinfo, old, sizeof(*old)))
			ret = -EFAULT;
	} else if (copy_to_user(uinfo, info, sizeof(*info))) {
		ret = -EFAULT;
	}
out:
	kfree(old);
	kfree(ctx);
	kfree(info);
	return ret;
}

static bool bdf_pad_ok(const struct p2pbench_bdf *bdf)
{
	return !bdf->pad;
}

/* Forget the pair, and the reference to a vfio-pci exporter it holds. */
static void pair_clear(struct p2pbench_pair *pair)
{
	if (pair->done && pair->vfio)
		pci_dev_put(pair->exporter);
	memset(pair, 0, sizeof(*pair));
}

/*
 * An exporter bound to vfio-pci: the module holds a reference to the
 * device but uses it only for the BAR's place and the topology; what it
 * maps comes from dma-bufs vfio-pci exports, which vfio-pci revokes before
 * the device goes away.
 */
static struct pci_dev *vfio_exporter(const struct p2pbench_bdf *bdf)
{
	const struct device_driver *drv;
	struct pci_dev *pdev;

	if (find_dev(bdf)) {
		pr_err_ratelimited("setup: exporter %04x:%02x:%02x.%u is bound to p2pbench; EXPORTER_VFIO needs vfio-pci\n",
				   bdf->domain, bdf->bus, PCI_SLOT(bdf->devfn),
				   PCI_FUNC(bdf->devfn));
		return ERR_PTR(-EINVAL);
	}
	pdev = pci_get_domain_bus_and_slot(bdf->domain, bdf->bus, bdf->devfn);
	if (!pdev) {
		pr_err_ratelimited("setup: no exporter %04x:%02x:%02x.%u\n",
				   bdf->domain, bdf->bus, PCI_SLOT(bdf->devfn),
				   PCI_FUNC(bdf->devfn));
		return ERR_PTR(-ENODEV);
	}
	drv = READ_ONCE(pdev->dev.driver);
	if (!drv) {
		dev_err_ratelimited(&pdev->dev, "setup: EXPORTER_VFIO, but the exporter has no driver: bind it to vfio-pci\n");
		pci_dev_put(pdev);
		return ERR_PTR(-ENODEV);
	}
	return pdev;
}

static int setup_locked(const struct p2pbench_setup *s)
{
	struct p2pbench_pair pair = { .bar = s->bar };
	struct p2pbench_dev *exp = NULL, *imp;
	int ret;

	if (!(s->flags & P2PBENCH_SETUP_EXPORTER_VFIO)) {
		exp = find_dev(&s->exporter);
		if (!exp) {
			pr_err_ratelimited("setup: exporter %04x:%02x:%02x.%u is not bound to p2pbench\n",
					   s->exporter.domain, s->exporter.bus,
					   PCI_SLOT(s->exporter.devfn),
					   PCI_FUNC(s->exporter.devfn));
			return -ENODEV;
		}
	}
	imp = find_dev(&s->importer);
	if (!imp) {
		pr_err_ratelimited("setup: importer %04x:%02x:%02x.%u is not bound to p2pbench\n",
				   s->importer.domain, s->importer.bus,
				   PCI_SLOT(s->importer.devfn),
				   PCI_FUNC(s->importer.devfn));
		return -ENODEV;
	}
	pair.importer = imp->pdev;
	if (exp) {
		pair.exporter = exp->pdev;
	} else {
		pair.exporter = vfio_exporter(&s->exporter);
		if (IS_ERR(pair.exporter))
			return PTR_ERR(pair.exporter);
		pair.vfio = true;
	}

	if (!(pci_resource_flags(pair.exporter, s->bar) & IORESOURCE_MEM) ||
	    !pci_resource_len(pair.exporter, s->bar)) {
		dev_err_ratelimited(&pair.exporter->dev,
				    "setup: BAR %u is not a memory BAR\n",
				    s->bar);
		ret = -EINVAL;
		goto err;
	}
	pair.bar_start = pci_resource_start(pair.exporter, s->bar);
	pair.bar_len = pci_resource_len(pair.exporter, s->bar);
	pair.bus_offset = pci_bus_address(pair.exporter, s->bar) -
			  pair.bar_start;

#if defined(P2PBENCH_HAVE_P2PDMA_PROVIDER) && IS_ENABLED(CONFIG_PCI_P2PDMA)
	/* vfio-pci's exporter uses its own provider of the BAR. */
	if (!pair.vfio) {
		ret = pcim_p2pdma_init(pair.exporter);
		if (ret) {
			dev_err_ratelimited(&pair.exporter->dev,
					    "setup: pcim_p2pdma_init() failed: %d\n",
					    ret);
			return ret;
		}
		pair.provider = pcim_p2pdma_provider(pair.exporter, s->bar);
		if (!pair.provider) {
			dev_err_ratelimited(&pair.exporter->dev,
					    "setup: BAR %u has no p2pdma provider\n",
					    s->bar);
			return -EINVAL;
		}
	}
#endif

	pci_set_master(pair.importer);
	pair.distance = pci_p2pdma_distance(pair.exporter, &pair.importer->dev,
					    false);
	pair.map_type = p2pbench_map_type(pair.exporter, pair.importer,
					  pair.distance);
	pair.done = true;
	pair_clear(&p2pbench_pair);
	p2pbench_pair = pair;

	ret = p2pbench_group_id(&pair.importer->dev);
	pci_info(pair.exporter,
		 "setup: BAR %u %pa+0x%llx%s -> %s, distance %d, map type %u, importer group %d (%s)\n",
		 pair.bar, &pair.bar_start, pair.bar_len,
		 pair.vfio ? " (vfio-pci)" : "",
		 pci_name(pair.importer), pair.distance, pair.map_type, ret,
		 p2pbench_domain_name(p2pbench_domain(&pair.importer->dev)));
	return 0;

err:
	if (pair.vfio)
		pci_dev_put(pair.exporter);
	return ret;
}

static int p2pbench_ioc_setup(const struct p2pbench_setup __user *us)
{
	struct p2pbench_setup s;
	unsigned int i;
	int ret;

	if (copy_from_user(&s, us, sizeof(s)))
		return -EFAULT;
	if (s.version < 1 || s.version > P2PBENCH_UAPI_VERSION) {
		pr_err_ratelimited("setup: uapi version %u, module speaks 1..%u\n",
				   s.version, P2PBENCH_UAPI_VERSION);
		return -EINVAL;
	}
	if (s.flags & ~P2PBENCH_SETUP_FLAGS_ALL) {
		pr_err_ratelimited("setup: unknown flags 0x%x\n",
				   s.flags & ~P2PBENCH_SETUP_FLAGS_ALL);
		return -EINVAL;
	}
	if (s.pad) {
		pr_err_ratelimited("setup: pad is not zero\n");
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(s.reserved); i++) {
		if (s.reserved[i]) {
			pr_err_ratelimited("setup: reserved[%u] is not zero\n", i);
			return -EINVAL;
		}
	}
	if (!bdf_pad_ok(&s.exporter) || !bdf_pad_ok(&s.importer)) {
		pr_err_ratelimited("setup: bdf pad is not zero\n");
		return -EINVAL;
	}
	if (s.bar >= PCI_STD_NUM_BARS) {
		pr_err_ratelimited("setup: BAR %u out of range 0..%u\n",
				   s.bar, PCI_STD_NUM_BARS - 1);
		return -EINVAL;
	}

	ret = mutex_lock_interruptible(&p2pbench_lock);
	if (ret)
		return ret;
	ret = setup_locked(&s);
	mutex_unlock(&p2pbench_lock);
	return ret;
}

/*
 * dma-direct WARNs on an MMIO address beyond the DMA mask: refuse such a
 * point instead of letting userspace reach that WARN.
 */
static int check_reach(struct p2pbench_ctx *ctx, u64 mask, u32 bits)
{
	u64 limit = min_not_zero(mask, ctx->dev->bus_dma_limit);
	u32 i;

	for (i = 0; i < ctx->nr; i++) {
		const struct phys_vec *v = &ctx->vec[i];

		if (v->paddr + v->len - 1 > limit)
			return p2pbench_refuse(ctx->res, -ERANGE,
					       "range %u at %pa+0x%zx is beyond the importer's %u-bit DMA reach (dma-direct)",
					       i, &v->paddr, v->len, bits);
	}
	return 0;
}

/* P2PBENCH_RUN_RANGES_ONLY: the layout's ranges, offsets from the BAR. */
static int copy_ranges(struct p2pbench_ctx *ctx, const struct p2pbench_run *run)
{
	struct p2pbench_range *r;
	u32 i;
	int ret = 0;

	r = kvmalloc_objs(*r, ctx->nr);
	if (!r)
		return -ENOMEM;
	for (i = 0; i < ctx->nr; i++) {
		r[i].offset = ctx->vec[i].paddr - ctx->pair->bar_start;
		r[i].len = ctx->vec[i].len;
	}
	if (copy_to_user(u64_to_user_ptr(run->ranges_ptr), r,
			 array_size(ctx->nr, sizeof(*r))))
		ret = p2pbench_refuse(ctx->res, -EFAULT,
				      "cannot write %u ranges to ranges_ptr",
				      ctx->nr);
	kvfree(r);
	return ret;
}

static int run_locked(struct p2pbench_ctx *ctx, struct p2pbench_point *pt)
{
	const struct p2pbench_pair *pair = &p2pbench_pair;
	const struct p2pbench_run *run = &pt->run;
	struct p2pbench_result *res = &pt->result;
	const struct p2pbench_ops *m;
	u64 mask, old_mask, old_coherent;
	char why[P2PBENCH_MSG_LEN];
	u32 bits;
	int ret;

	if (!pair->done)
		return p2pbench_refuse(res, -ENODEV,
				       "no exporter/importer set up");

	ctx_from_pair(ctx, pair);
	ctx->run = run;
	ctx->res = res;
	m = p2pbench_methods[run->method];
	ctx->method = m;
	res->map_type = pair->map_type;
	strscpy(res->importer_group_type, p2pbench_domain_name(ctx->domain));

	if (run->flags & P2PBENCH_RUN_RANGES_ONLY) {
		ret = p2pbench_build_ranges(run, pair, res, &ctx->vec,
					    &ctx->size, &ctx->nents);
		if (ret)
			return ret;
		ctx->nr = run->nr_ranges;
		ret = copy_ranges(ctx, run);
		kvfree(ctx->vec);
		ctx->vec = NULL;
		return ret;
	}

	ret = p2pbench_method_usable(m, ctx, why, sizeof(why));
	if (ret)
		return p2pbench_refuse(res, ret, "method %s: %s", m->name, why);
	if (run->flags & P2PBENCH_RUN_E2E) {
		if (!m->sgt)
			return p2pbench_refuse(res, -EOPNOTSUPP,
					       "E2E needs a mapping; method %s maps nothing",
					       m->name);
		if (!p2pbench_e2e_capable(pair->importer))
			return p2pbench_refuse(res, -EOPNOTSUPP,
					       "E2E needs QEMU's edu (1234:11e8) as importer, not %04x:%04x",
					       pair->importer->vendor,
					       pair->importer->device);
		/*
		 * E2E writes a pattern into the exporter BAR: never into edu's
		 * own registers, nor into a BAR that is not memory-like.
		 */
		if (p2pbench_e2e_capable(pair->exporter))
			return p2pbench_refuse(res, -EOPNOTSUPP,
					       "E2E needs an exporter other than edu");
		if (!(pci_resource_flags(pair->exporter, pair->bar) &
		      IORESOURCE_PREFETCH))
			return p2pbench_refuse(res, -EOPNOTSUPP,
					       "E2E writes into the exporter BAR; BAR %u is not prefetchable memory",
					       pair->bar);
	}

	ret = p2pbench_build_ranges(run, pair, res, &ctx->vec, &ctx->size,
				    &ctx->nents);
	if (ret)
		return ret;
	ctx->nr = run->nr_ranges;
	ctx->dir = p2pbench_dir(run->direction);
	ctx->max_seg = dma_get_max_seg_size(ctx->dev);

	ret = p2pbench_check_batch(run, ctx->nents, res);
	if (ret)
		goto out;
	/* File descriptors are the caller's: look them up here, not in a thread. */
	if (m->acquire) {
		ret = m->acquire(ctx);
		if (ret)
			goto out_put;
	}

	bits = run->dma_bits ? run->dma_bits : 64;
	mask = DMA_BIT_MASK(bits);
	if (m->path && m->path(ctx) == P2PBENCH_PATH_DIRECT) {
		ret = check_reach(ctx, mask, bits);
		if (ret)
			goto out_put;
	}

	old_mask = dma_get_mask(ctx->dev);
	old_coherent = ctx->dev->coherent_dma_mask;
	ret = dma_set_mask_and_coherent(ctx->dev, mask);
	if (ret)
		ret = p2pbench_refuse(res, -EINVAL,
				      "the importer refuses a %u-bit DMA mask",
				      bits);
	else
		ret = p2pbench_run_point(ctx);
	/* The importer goes back to its own driver with its own masks. */
	dma_set_mask(ctx->dev, old_mask);
	dma_set_coherent_mask(ctx->dev, old_coherent);
out_put:
	if (m->drop)
		m->drop(ctx);
out:
	kvfree(ctx->vec);
	ctx->vec = NULL;
	return ret;
}

static int p2pbench_ioc_run(struct p2pbench_point __user *upt)
{
	struct p2pbench_point *pt;
	struct p2pbench_ctx *ctx;
	int ret;

	pt = kzalloc_obj(*pt);
	ctx = kzalloc_obj(*ctx);
	if (!pt || !ctx) {
		ret = -ENOMEM;
		goto out;
	}
	if (copy_from_user(&pt->run, &upt->run, sizeof(pt->run))) {
		ret = -EFAULT;
		goto out;
	}

	ret = p2pbench_check_run(&pt->run, &pt->result);
	if (!ret) {
		ret = mutex_lock_interruptible(&p2pbench_lock);
		if (ret)
			goto out;
		ret = run_locked(ctx, pt);
		mutex_unlock(&p2pbench_lock);
	}

	/* Refusals come back with result.msg saying why. */
	if (ret != -EINTR &&
	    copy_to_user(&upt->result, &pt->result, sizeof(pt->result)))
		ret = -EFAULT;
out:
	kfree(ctx);
	kfree(pt);
	return ret;
}

static int p2pbench_ioc_hold(struct p2pbench_hold __user *uh)
{
	struct p2pbench_dev *imp;
	struct p2pbench_hold *h;
	int ret;

	h = kzalloc_obj(*h);
	if (!h)
		return -ENOMEM;
	if (copy_from_user(h, uh, sizeof(*h))) {
		ret = -EFAULT;
		goto out;
	}
	/* HOLD came after version 1: it needs version 2's run. */
	if (h->run.version != P2PBENCH_UAPI_VERSION) {
		pr_err_ratelimited("hold: uapi version %u, HOLD needs %u\n",
				   h->run.version, P2PBENCH_UAPI_VERSION);
		ret = -EINVAL;
		goto out;
	}
	ret = mutex_lock_interruptible(&p2pbench_lock);
	if (ret)
		goto out;
	imp = find_dev(&h->importer);
	ret = p2pbench_hold_op(h, &p2pbench_pair, imp ? imp->pdev : NULL);
	mutex_unlock(&p2pbench_lock);

	if (copy_to_user(uh, h, sizeof(*h)))
		ret = -EFAULT;
out:
	kfree(h);
	return ret;
}

static struct dma_buf *export_locked(struct p2pbench_export *ex,
				     struct p2pbench_result *res)
{
	const struct p2pbench_pair *pair = &p2pbench_pair;
	struct phys_vec *vec = NULL;
	struct dma_buf *dmabuf;
	unsigned int nents;
	size_t size;
	int ret;

	if (!pair->done || pair->vfio) {
		strscpy(ex->msg, pair->done ?
			"the exporter is vfio-pci's: EXPORT is for p2pbench's own" :
			"no exporter/importer set up");
		return ERR_PTR(-ENXIO);
	}
	ret = p2pbench_build_ranges(&ex->run, pair, res, &vec, &size, &nents);
	if (ret) {
		strscpy(ex->msg, res->msg);
		return ERR_PTR(ret);
	}
	dmabuf = p2pbench_export_buf(pair->exporter, vec, ex->run.nr_ranges,
				     size);
	if (IS_ERR(dmabuf)) {
		snprintf(ex->msg, sizeof(ex->msg), "dma_buf_export: %ld",
			 PTR_ERR(dmabuf));
		kvfree(vec);
	}
	return dmabuf;
}

/* Refuse @ex with -EINVAL and a reason if its fixed fields are wrong. */
static int export_check(struct p2pbench_export *ex, struct p2pbench_result *res)
{
	unsigned int i;
	int ret;

	if (ex->run.version != P2PBENCH_UAPI_VERSION) {
		snprintf(ex->msg, sizeof(ex->msg),
			 "uapi version %u, EXPORT needs %u", ex->run.version,
			 P2PBENCH_UAPI_VERSION);
		return -EINVAL;
	}
	if (ex->flags) {
		strscpy(ex->msg, "flags are not zero");
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(ex->reserved); i++) {
		if (ex->reserved[i]) {
			strscpy(ex->msg, "reserved is not zero");
			return -EINVAL;
		}
	}
	ret = p2pbench_check_run(&ex->run, res);
	if (ret)
		strscpy(ex->msg, res->msg);
	return ret;
}

/*
 * The fd is reserved, the answer copied out, and only then installed: a
 * caller whose buffer cannot be written gets EFAULT and no fd.
 */
static int p2pbench_ioc_export(struct p2pbench_export __user *uex)
{
	struct dma_buf *dmabuf = NULL;
	struct p2pbench_result *res;
	struct p2pbench_export *ex;
	int ret, fd = -1;

	ex = kzalloc_obj(*ex);
	res = kzalloc_obj(*res);
	if (!ex || !res) {
		ret = -ENOMEM;
		goto out;
	}
	if (copy_from_user(ex, uex, sizeof(*ex))) {
		ret = -EFAULT;
		goto out;
	}
	ex->fd = -1;
	memset(ex->msg, 0, sizeof(ex->msg));
	ret = export_check(ex, res);
	if (ret)
		goto copy;
	ret = mutex_lock_interruptible(&p2pbench_lock);
	if (ret)
		goto out;
	dmabuf = export_locked(ex, res);
	mutex_unlock(&p2pbench_lock);
	if (IS_ERR(dmabuf)) {
		ret = PTR_ERR(dmabuf);
		goto copy;
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		strscpy(ex->msg, "no file descriptor free");
		p2pbench_export_put(dmabuf);
		goto copy;
	}
	ex->fd = fd;
copy:
	if (copy_to_user(uex, ex, sizeof(*ex))) {
		if (fd >= 0) {
			put_unused_fd(fd);
			p2pbench_export_put(dmabuf);
		}
		ret = -EFAULT;
	} else if (fd >= 0) {
		fd_install(fd, dmabuf->file);
	}
out:
	kfree(res);
	kfree(ex);
	return ret;
}

static int p2pbench_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return nonseekable_open(inode, file);
}

static long p2pbench_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	/* The fd may have been passed on; the caller must still be root. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	switch (cmd) {
	case P2PBENCH_IOC_INFO:
		return p2pbench_ioc_info(argp, false);
	case P2PBENCH_IOC_INFO_V1:
		return p2pbench_ioc_info(argp, true);
	case P2PBENCH_IOC_SETUP:
		return p2pbench_ioc_setup(argp);
	case P2PBENCH_IOC_RUN:
		return p2pbench_ioc_run(argp);
	case P2PBENCH_IOC_HOLD:
		return p2pbench_ioc_hold(argp);
	case P2PBENCH_IOC_EXPORT:
		return p2pbench_ioc_export(argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations p2pbench_fops = {
	.owner = THIS_MODULE,
	.open = p2pbench_open,
	.unlocked_ioctl = p2pbench_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static int p2pbench_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct p2pbench_dev *d;
	int ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;

	d = devm_kzalloc(&pdev->dev, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->pdev = pdev;

	/*
	 * Like a dma-buf importer driver: entries are limited by sg_dma_len()
	 * only, not by the 64 KiB PCI default meant for dma_map_sg() merging.
	 */
	if (pdev->dev.dma_parms) {
		d->old_max_seg = pdev->dev.dma_parms->max_segment_size;
		dma_set_max_seg_size(&pdev->dev, UINT_MAX);
	}
	pci_set_drvdata(pdev, d);

	mutex_lock(&p2pbench_lock);
	list_add_tail(&d->node, &p2pbench_devs);
	mutex_unlock(&p2pbench_lock);
	pci_info(pdev, "bound\n");
	return 0;
}

static bool in_pair(struct pci_dev *pdev)
{
	return READ_ONCE(p2pbench_pair.exporter) == pdev ||
	       READ_ONCE(p2pbench_pair.importer) == pdev;
}

static void p2pbench_remove(struct pci_dev *pdev)
{
	struct p2pbench_dev *d = pci_get_drvdata(pdev);
	bool abort = in_pair(pdev);

	/* A running point sees this and stops; then the lock is ours. */
	if (abort)
		atomic_inc(&p2pbench_abort);
	mutex_lock(&p2pbench_lock);
	/* CPU mappings of its BAR go now, whatever the pair. */
	p2pbench_export_revoke(pdev);
	/* Its held mappings go first, with every other importer's. */
	if (p2pbench_hold_holds(pdev)) {
		p2pbench_hold_release();
		pci_info(pdev, "unbound: held mappings released\n");
	}
	if (p2pbench_pair.exporter == pdev || p2pbench_pair.importer == pdev) {
		pair_clear(&p2pbench_pair);
		pci_info(pdev, "unbound: setup cleared\n");
	}
	list_del(&d->node);
	mutex_unlock(&p2pbench_lock);
	if (abort)
		atomic_dec(&p2pbench_abort);

	if (pdev->dev.dma_parms)
		pdev->dev.dma_parms->max_segment_size = d->old_max_seg;
}

/* No ID table: devices are bound through driver_override only. */
static struct pci_driver p2pbench_driver = {
	.name = "p2pbench",
	.probe = p2pbench_probe,
	.remove = p2pbench_remove,
};

static int __init p2pbench_init(void)
{
	int ret;

	ret = pci_register_driver(&p2pbench_driver);
	if (ret)
		return ret;

	p2pbench_debugfs = debugfs_create_dir("p2pbench", NULL);
	if (IS_ERR(p2pbench_debugfs)) {
		pci_unregister_driver(&p2pbench_driver);
		return PTR_ERR(p2pbench_debugfs);
	}
	debugfs_create_file("ctl", 0600, p2pbench_debugfs, NULL,
			    &p2pbench_fops);
	return 0;
}

static void __exit p2pbench_exit(void)
{
	/* Waits for ioctls in flight; no new one can start. */
	debugfs_remove(p2pbench_debugfs);
	mutex_lock(&p2pbench_lock);
	p2pbench_hold_release();
	mutex_unlock(&p2pbench_lock);
	pci_unregister_driver(&p2pbench_driver);
	/* A vfio-pci exporter is not ours: unregistering left its pair. */
	pair_clear(&p2pbench_pair);
}

module_init(p2pbench_init);
module_exit(p2pbench_exit);

MODULE_DESCRIPTION("Benchmark and verify DMA mapping of PCI peer-to-peer MMIO");
MODULE_LICENSE("GPL");
