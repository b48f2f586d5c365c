// SPDX-License-Identifier: GPL-2.0-only
/*
 * The point's ranges of the exporter BAR as a dma-buf file descriptor that
 * userspace can mmap (P2PBENCH_IOC_EXPORT).
 *
 * The rule for MMIO dma-bufs: a CPU mapping of a BAR must be a PFN mapping
 * (VM_PFNMAP | VM_IO), so that no get_user_pages() path (O_DIRECT, RDMA
 * memory registration, vmsplice) can take the BAR for pages it is not:
 * there is no struct page behind it. This exporter's mmap() maps nothing up
 * front; each fault inserts the one PFN of its page with vmf_insert_pfn(),
 * uncached, and only inside the ranges, which lie inside the BAR. The
 * mapping must be shared and the caller CAP_SYS_ADMIN, as for the control
 * file. Unbinding the exporter revokes the buffer: its mappings are zapped,
 * later faults get SIGBUS and mmap() ENODEV. Importers cannot attach: the
 * benchmark maps its own dma-bufs (RUN); this one is for CPU mappings.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/slab.h>

#include "p2pbench.h"

#if IS_ENABLED(CONFIG_DMA_SHARED_BUFFER)

#include <linux/dma-buf.h>

MODULE_IMPORT_NS("DMA_BUF");

/**
 * struct p2pbench_ubuf - an exported dma-buf of BAR ranges
 * @node: in ubufs
 * @dmabuf: the dma-buf
 * @exporter: the device owning the BAR (no reference: the buffer is
 *	revoked when the device leaves the driver, before it goes away)
 * @vec: the ranges
 * @nr: number of ranges
 * @sem: @revoked against faults
 * @revoked: the exporter was unbound
 */
struct p2pbench_ubuf {
	struct list_head node;
	struct dma_buf *dmabuf;
	struct pci_dev *exporter;
	struct phys_vec *vec;
	u32 nr;
	struct rw_semaphore sem;
	bool revoked;
};

/* Exported buffers not released yet; ubuf_lock also orders release. */
static LIST_HEAD(ubufs);
static DEFINE_MUTEX(ubuf_lock);

static int ubuf_attach(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attach)
{
	return -EOPNOTSUPP;
}

static struct sg_table *ubuf_map(struct dma_buf_attachment *attach,
				 enum dma_data_direction dir)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static void ubuf_unmap(struct dma_buf_attachment *attach,
		       struct sg_table *sgt, enum dma_data_direction dir)
{
}

static void ubuf_release(struct dma_buf *dmabuf)
{
	struct p2pbench_ubuf *ub = dmabuf->priv;

	mutex_lock(&ubuf_lock);
	list_del(&ub->node);
	mutex_unlock(&ubuf_lock);
	kvfree(ub->vec);
	kfree(ub);
}

/* The physical address of byte @off of the buffer, false past its end. */
static bool ubuf_phys(const struct p2pbench_ubuf *ub, u64 off,
		      phys_addr_t *phys)
{
	u32 i;

	for (i = 0; i < ub->nr; i++) {
		if (off < ub->vec[i].len) {
			*phys = ub->vec[i].paddr + off;
			return true;
		}
		off -= ub->vec[i].len;
	}
	return false;
}

static vm_fault_t ubuf_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct p2pbench_ubuf *ub = vma->vm_private_data;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	phys_addr_t phys;

	down_read(&ub->sem);
	if (!ub->revoked &&
	    ubuf_phys(ub, (u64)vmf->pgoff << PAGE_SHIFT, &phys))
		ret = vmf_insert_pfn(vma, vmf->address, PHYS_PFN(phys));
	up_read(&ub->sem);
	return ret;
}

static const struct vm_operations_struct ubuf_vm_ops = {
	.fault = ubuf_fault,
};

/*
 * The dma-buf core has checked that the mapping lies within the buffer.
 * No page is mapped here: faults insert PFNs, so a revoke only has to zap.
 */
static int ubuf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct p2pbench_ubuf *ub = dmabuf->priv;
	int ret = 0;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	/* A private copy-on-write mapping of MMIO makes no sense. */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	down_read(&ub->sem);
	if (ub->revoked) {
		ret = -ENODEV;
	} else {
		vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND |
			     VM_DONTDUMP);
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		vma->vm_ops = &ubuf_vm_ops;
		vma->vm_private_data = ub;
	}
	up_read(&ub->sem);
	return ret;
}

static const struct dma_buf_ops p2pbench_ubuf_ops = {
	.attach = ubuf_attach,
	.map_dma_buf = ubuf_map,
	.unmap_dma_buf = ubuf_unmap,
	.release = ubuf_release,
	.mmap = ubuf_mmap,
};

/**
 * p2pbench_export_buf() - a dma-buf of @nr ranges that userspace can mmap
 * @exporter: the device owning the BAR, bound to p2pbench
 * @vec: the ranges, inside the BAR; owned by the dma-buf on success
 * @nr: number of ranges
 * @size: sum of their lengths
 *
 * Return: the dma-buf, with the reference of its file, or an ERR_PTR()
 * (then @vec is still the caller's)
 */
struct dma_buf *p2pbench_export_buf(struct pci_dev *exporter,
				    struct phys_vec *vec, u32 nr, size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct p2pbench_ubuf *ub;
	struct dma_buf *dmabuf;

	ub = kzalloc_obj(*ub);
	if (!ub)
		return ERR_PTR(-ENOMEM);
	ub->exporter = exporter;
	ub->vec = vec;
	ub->nr = nr;
	init_rwsem(&ub->sem);

	exp_info.ops = &p2pbench_ubuf_ops;
	exp_info.size = size;
	exp_info.flags = O_RDWR | O_CLOEXEC;
	exp_info.priv = ub;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		kfree(ub);
		return dmabuf;
	}
	ub->dmabuf = dmabuf;
	mutex_lock(&ubuf_lock);
	list_add(&ub->node, &ubufs);
	mutex_unlock(&ubuf_lock);
	return dmabuf;
}

/**
 * p2pbench_export_put() - drop a dma-buf p2pbench_export_buf() made
 * @dmabuf: the dma-buf, not installed in a file descriptor
 */
void p2pbench_export_put(struct dma_buf *dmabuf)
{
	dma_buf_put(dmabuf);
}

/**
 * p2pbench_export_revoke() - @exporter leaves the driver: revoke its buffers
 * @exporter: the device
 *
 * Every CPU mapping of them is zapped; later faults get SIGBUS, mmap()
 * ENODEV. The file descriptors stay valid until closed.
 */
void p2pbench_export_revoke(struct pci_dev *exporter)
{
	struct p2pbench_ubuf *ub;

	mutex_lock(&ubuf_lock);
	list_for_each_entry(ub, &ubufs, node) {
		if (ub->exporter != exporter)
			continue;
		down_write(&ub->sem);
		ub->revoked = true;
		up_write(&ub->sem);
		unmap_mapping_range(ub->dmabuf->file->f_mapping, 0, 0, 1);
	}
	mutex_unlock(&ubuf_lock);
}

#else

struct dma_buf *p2pbench_export_buf(struct pci_dev *exporter,
				    struct phys_vec *vec, u32 nr, size_t size)
{
	return ERR_PTR(-EOPNOTSUPP);
}

void p2pbench_export_put(struct dma_buf *dmabuf)
{
}

void p2pbench_export_revoke(struct pci_dev *exporter)
{
}

#endif
