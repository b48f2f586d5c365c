/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * p2pbench: internal interfaces between the parts of the module.
 *
 * p2pbench_main.c	module, PCI driver, debugfs, ioctls, SETUP and INFO
 * p2pbench_params.c	RUN validation and range layouts
 * p2pbench_topo.c	map type, IOMMU domain and group of the pair
 * p2pbench_run.c	threads, timing, iommu:map/unmap counting
 * p2pbench_methods.c	the ops table, one entry per method
 * p2pbench_dmabuf.c	the module's own MMIO dma-buf exporter and importer
 * p2pbench_hold.c	live mappings of a vfio-pci dma-buf, and its revoke
 * p2pbench_export.c	the ranges as a dma-buf for userspace to mmap
 * p2pbench_verify.c	correctness of one sg table
 * p2pbench_hist.c	log-linear latency histogram
 * p2pbench_e2e.c	QEMU edu end-to-end check
 */

#ifndef _P2PBENCH_H
#define _P2PBENCH_H

#include <linux/align.h>
#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/completion.h>
#include <linux/dma-direction.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include <linux/p2pbench.h>

/*
 * Largest sg entry the module builds, as dma-buf-mapping.c's MAX_SG_ENT_SZ:
 * sg_dma_len() is 32 bits and every entry must stay page aligned.
 */
#define P2PBENCH_MAX_SG_ENT	ALIGN_DOWN(UINT_MAX, PAGE_SIZE)

/* Operations timed together per sample, and a cap on what they pin. */
#define P2PBENCH_MAX_BATCH	256U
#define P2PBENCH_MAX_BATCH_ENTS	BIT(20)

/*
 * Histogram: 64 exact 1 ns buckets, then 64 buckets per power of two up to
 * 2^P2PBENCH_HIST_MAX_SHIFT ns (about 4.9 hours; larger values land in the
 * last bucket, min and max stay exact).
 */
#define P2PBENCH_HIST_SUB_SHIFT	6
#define P2PBENCH_HIST_SUB	BIT(P2PBENCH_HIST_SUB_SHIFT)
#define P2PBENCH_HIST_MAX_SHIFT	44
#define P2PBENCH_HIST_BUCKETS	\
	(P2PBENCH_HIST_SUB * (P2PBENCH_HIST_MAX_SHIFT - P2PBENCH_HIST_SUB_SHIFT + 1))

/**
 * struct p2pbench_hist - latency distribution of one operation, one thread
 * @samples: number of samples
 * @sum_ns: sum of the raw sample times (each covers a whole batch)
 * @ops: number of operations the samples cover
 * @min: smallest per-operation value
 * @max: largest per-operation value
 * @bucket: sample counts of per-operation values
 */
struct p2pbench_hist {
	u64 samples;
	u64 sum_ns;
	u64 ops;
	u64 min;
	u64 max;
	u64 bucket[P2PBENCH_HIST_BUCKETS];
};

void p2pbench_hist_reset(struct p2pbench_hist *h);
void p2pbench_hist_add(struct p2pbench_hist *h, u64 sample_ns, u32 batch);
void p2pbench_hist_merge(struct p2pbench_hist *dst,
			 const struct p2pbench_hist *src);
void p2pbench_hist_report(const struct p2pbench_hist *h, u32 batch,
			  struct p2pbench_lat *lat);

/**
 * struct p2pbench_pair - the exporter BAR and the importer of SETUP
 * @done: SETUP succeeded and both devices are still bound
 * @exporter: device owning the BAR
 * @importer: device the ranges are mapped for
 * @bar: BAR index
 * @bar_start: CPU physical start of the BAR
 * @bar_len: length of the BAR
 * @bus_offset: PCI bus address minus CPU physical address of the BAR
 * @provider: p2pdma provider of the BAR, NULL without CONFIG_PCI_P2PDMA
 * @distance: pci_p2pdma_distance(), -1 when not supported
 * @map_type: &enum p2pbench_map_type derived by p2pbench_map_type()
 * @vfio: the exporter is bound to vfio-pci (P2PBENCH_SETUP_EXPORTER_VFIO);
 *	the pair holds a reference to it and has no @provider
 */
struct p2pbench_pair {
	bool done;
	bool vfio;
	struct pci_dev *exporter;
	struct pci_dev *importer;
	unsigned int bar;
	phys_addr_t bar_start;
	u64 bar_len;
	s64 bus_offset;
	struct p2pdma_provider *provider;
	int distance;
	u32 map_type;
};

/* Topology and IOMMU facts (p2pbench_topo.c). */
u32 p2pbench_map_type(struct pci_dev *exporter, struct pci_dev *importer,
		      int distance);
struct iommu_domain *p2pbench_domain(struct device *dev);
bool p2pbench_domain_translates(struct iommu_domain *domain);
const char *p2pbench_domain_name(struct iommu_domain *domain);
int p2pbench_group_id(struct device *dev);

struct p2pbench_ctx;
struct p2pbench_thread;

/**
 * struct p2pbench_ops - one way of mapping the ranges (p2pbench_methods.c)
 * @name: method name, as the tool spells it
 * @unavailable: why this kernel cannot run the method, NULL if it can
 * @check: may the method run for this pair and IOMMU state? Returns
 *	-EOPNOTSUPP with @msg set if not. Optional.
 * @prepare: per-thread state, before timing; on failure *@call names the
 *	call that failed
 * @release: undo @prepare
 * @lock: taken around a batch of @map or @unmap calls, outside the timed
 *	region. Optional.
 * @unlock: undo @lock
 * @map: map the ranges into mapping @slot; on failure return -errno with
 *	*@call naming the call that failed, and leave nothing mapped
 * @unmap: unmap mapping @slot
 * @sgt: the sg table of mapping @slot, NULL when the method builds none
 * @path: the path its mappings are expected to take for this pair and
 *	domain (the dma-buf methods refine it from the sg table)
 * @dmabuf: the sg table comes from dma_buf_phys_vec_to_sgt(), which
 *	promises no CPU list and MAX_SG_ENT_SZ entries
 * @acquire: take what the point needs from the caller (file descriptors),
 *	in the ioctl's context before the threads start; -errno with
 *	&p2pbench_result.msg set if it cannot. Optional.
 * @drop: undo @acquire, also when it failed half way
 * @iotlb_syncs: dma_iova_sync() calls per mapping
 */
struct p2pbench_ops {
	const char *name;
	const char *unavailable;
	int (*check)(struct p2pbench_ctx *ctx, char *msg, size_t len);
	int (*prepare)(struct p2pbench_thread *t, const char **call);
	void (*release)(struct p2pbench_thread *t);
	void (*lock)(struct p2pbench_thread *t);
	void (*unlock)(struct p2pbench_thread *t);
	int (*map)(struct p2pbench_thread *t, unsigned int slot,
		   const char **call);
	void (*unmap)(struct p2pbench_thread *t, unsigned int slot);
	struct sg_table *(*sgt)(struct p2pbench_thread *t, unsigned int slot);
	u32 (*path)(struct p2pbench_ctx *ctx);
	int (*acquire)(struct p2pbench_ctx *ctx);
	void (*drop)(struct p2pbench_ctx *ctx);
	bool dmabuf;
	u32 iotlb_syncs;
};

static_assert(P2PBENCH_METHOD_COUNT <= P2PBENCH_MAX_METHODS);
extern const struct p2pbench_ops *const p2pbench_methods[P2PBENCH_METHOD_COUNT];

int p2pbench_method_usable(const struct p2pbench_ops *m,
			   struct p2pbench_ctx *ctx, char *msg, size_t len);

/**
 * struct p2pbench_ctx - one benchmark point in flight
 * @run: the validated parameters
 * @res: the result being built
 * @pair: exporter and importer
 * @method: the method
 * @dev: the importer's struct device
 * @domain: the importer's IOMMU domain, NULL without one
 * @translates: @domain is a DMA API (DMA or DMA-FQ) domain
 * @dir: DMA direction
 * @dmabuf: the dma-buf of &p2pbench_run.dmabuf_fd (method vfio), or NULL
 * @vec: the ranges, CPU physical addresses
 * @nr: number of ranges
 * @size: sum of the range lengths
 * @nents: sg entries of a per-range mapping (ranges split at
 *	P2PBENCH_MAX_SG_ENT)
 * @max_seg: largest sg entry the importer accepts
 * @batch: operations per sample (0 until calibrated)
 * @clock_ns: cost of one clock read, the timing resolution
 * @threads: per-thread state, @run->threads entries
 * @start: released when every thread may start
 * @calibrated: released by thread 0 once @batch is known
 * @done: released when the last thread finishes
 * @running: threads not finished yet
 * @stop: ask every thread to stop (failure, signal, device removal)
 * @abort: non-zero while a device of the pair is being unbound
 * @counting: iommu:map/unmap probes are registered
 * @lock: protects the first-failure fields of @res
 */
struct p2pbench_ctx {
	const struct p2pbench_run *run;
	struct p2pbench_result *res;
	const struct p2pbench_pair *pair;
	const struct p2pbench_ops *method;
	struct device *dev;
	struct iommu_domain *domain;
	bool translates;
	enum dma_data_direction dir;
	struct dma_buf *dmabuf;
	struct phys_vec *vec;
	u32 nr;
	size_t size;
	unsigned int nents;
	u64 max_seg;
	u32 batch;
	u64 clock_ns;
	struct p2pbench_thread *threads;
	struct completion start;
	struct completion calibrated;
	struct completion done;
	atomic_t running;
	bool stop;
	const atomic_t *abort;
	bool counting;
	spinlock_t lock; /* first failure in @res */
};

enum p2pbench_window {
	P2PBENCH_WIN_NONE,
	P2PBENCH_WIN_MAP,
	P2PBENCH_WIN_UNMAP,
};

/**
 * struct p2pbench_thread - one mapping thread
 * @ctx: the point
 * @id: thread index
 * @task: the kthread
 * @priv: method state from &p2pbench_ops.prepare
 * @map_hist: map latency
 * @unmap_hist: unmap latency
 * @pairs: timed map+unmap pairs done
 * @t_start: clock at the start of the timed phase
 * @t_end: clock at its end
 * @t_untimed: time spent verifying and checking E2E in the timed phase
 * @window: which operation the iommu event probes attribute events to
 * @map_events: iommu:map events in the current window
 * @unmap_events: iommu:unmap events in the current window
 * @counted: the first timed sample's counts are recorded
 * @map_calls: iommu:map events per mapping, first sample
 * @unmap_calls: iommu:unmap events per unmapping, first sample
 * @varied: a later sample's counts differed
 */
struct p2pbench_thread {
	struct p2pbench_ctx *ctx;
	unsigned int id;
	struct task_struct *task;
	void *priv;
	struct p2pbench_hist *map_hist;
	struct p2pbench_hist *unmap_hist;
	u64 pairs;
	u64 t_start;
	u64 t_end;
	u64 t_untimed;
	enum p2pbench_window window;
	u64 map_events;
	u64 unmap_events;
	bool counted;
	u64 map_calls;
	u64 unmap_calls;
	bool varied;
};

/* RUN parameters (p2pbench_params.c). */
int p2pbench_refuse(struct p2pbench_result *res, int err, const char *fmt, ...)
	__printf(3, 4);
const char *p2pbench_errname(int err);
int p2pbench_check_run(const struct p2pbench_run *run,
		       struct p2pbench_result *res);
int p2pbench_build_ranges(const struct p2pbench_run *run,
			  const struct p2pbench_pair *pair,
			  struct p2pbench_result *res,
			  struct phys_vec **vecp, size_t *sizep,
			  unsigned int *nentsp);
int p2pbench_check_batch(const struct p2pbench_run *run, unsigned int nents,
			 struct p2pbench_result *res);
unsigned int p2pbench_range_nents(size_t len);
enum dma_data_direction p2pbench_dir(u32 direction);

/* Running a point (p2pbench_run.c). */
int p2pbench_run_point(struct p2pbench_ctx *ctx);
void p2pbench_fail(struct p2pbench_ctx *ctx, int status, u32 verdict,
		   u32 checks, u64 iteration, const char *fmt, ...)
	__printf(6, 7);

/* Verification (p2pbench_verify.c). */
u32 p2pbench_sgt_path(struct p2pbench_ctx *ctx, struct sg_table *sgt);
u32 p2pbench_verify(struct p2pbench_ctx *ctx, struct sg_table *sgt, u32 path,
		    char *msg, size_t len);

/* The module's dma-buf exporter and importer (p2pbench_dmabuf.c). */
struct p2pbench_dmabuf;
struct p2pbench_dmabuf *p2pbench_dmabuf_create(struct p2pbench_ctx *ctx,
					       const char **call);
void p2pbench_dmabuf_destroy(struct p2pbench_dmabuf *buf);
struct dma_buf_attachment *p2pbench_dmabuf_attach(struct p2pbench_dmabuf *buf);
struct dma_buf *p2pbench_dmabuf_buf(struct p2pbench_dmabuf *buf);
struct dma_buf_attachment *p2pbench_dmabuf_import(struct dma_buf *dmabuf,
						  struct device *dev);

/* The ranges as a dma-buf for userspace to mmap (p2pbench_export.c). */
struct dma_buf;
struct dma_buf *p2pbench_export_buf(struct pci_dev *exporter,
				    struct phys_vec *vec, u32 nr, size_t size);
void p2pbench_export_put(struct dma_buf *dmabuf);
void p2pbench_export_revoke(struct pci_dev *exporter);

/* Live mappings of a vfio-pci dma-buf (p2pbench_hold.c). */
int p2pbench_hold_op(struct p2pbench_hold *h, const struct p2pbench_pair *pair,
		     struct pci_dev *importer);
void p2pbench_hold_release(void);
bool p2pbench_hold_holds(struct pci_dev *pdev);
bool p2pbench_hold_available(void);

/**
 * struct p2pbench_info_v1 - P2PBENCH_IOC_INFO of uapi version 1
 * @head: the fields both versions share, up to importer_group_type
 * @unavailable: for each of the 8 methods of version 1, why it cannot run
 * @reserved: zero
 */
struct p2pbench_info_v1 {
	u8 head[offsetof(struct p2pbench_info, setup_flags)];
	char unavailable[8][64];
	u64 reserved[8];
};

static_assert(sizeof(struct p2pbench_info_v1) == P2PBENCH_INFO_V1_SIZE);

/* End-to-end check with QEMU's edu (p2pbench_e2e.c). */
bool p2pbench_e2e_capable(struct pci_dev *importer);
int p2pbench_e2e(struct p2pbench_ctx *ctx, struct sg_table *sgt, u32 path,
		 char *msg, size_t len);

#endif /* _P2PBENCH_H */
