/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * p2pbench: benchmark and verify DMA mapping of PCI peer-to-peer memory.
 *
 * The module exposes /sys/kernel/debug/p2pbench/ctl. Userspace binds an
 * exporter (a PCI BAR with a p2pdma provider) and an importer device to the
 * "p2pbench" PCI driver through driver_override, selects them with
 * P2PBENCH_IOC_SETUP, and runs one benchmark point per P2PBENCH_IOC_RUN.
 *
 * Every structure here is ABI: fixed-size fields, explicit padding, and a
 * version field. Reserved fields and padding must be zero on input.
 *
 * Versions: 1 had no way to name a dma-buf and sized INFO's @unavailable by
 * the number of methods. 2 adds &p2pbench_setup.flags
 * (P2PBENCH_SETUP_EXPORTER_VFIO), &p2pbench_run.dmabuf_fd (method VFIO),
 * the P2PBENCH_RUN_RANGES_ONLY flag, and sizes @unavailable by
 * P2PBENCH_MAX_METHODS, so that a new method never changes the ABI again.
 * The module answers SETUP and RUN of version 1 as before (version 1 has
 * none of the new fields: they are its reserved zeros) and INFO of version 1
 * through P2PBENCH_IOC_INFO_V1, the old request number. Later additions
 * that leave every structure above as it is (P2PBENCH_IOC_HOLD,
 * P2PBENCH_IOC_EXPORT) are
 * announced in &p2pbench_info.features, formerly reserved zeros, and keep
 * version 2.
 */

#ifndef _UAPI_LINUX_P2PBENCH_H
#define _UAPI_LINUX_P2PBENCH_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define P2PBENCH_UAPI_VERSION	2

#define P2PBENCH_MAX_RANGES	65536
#define P2PBENCH_MAX_THREADS	64
#define P2PBENCH_MAX_ITERS	10000000
#define P2PBENCH_MAX_DURATION_MS	600000
#define P2PBENCH_MSG_LEN	128
#define P2PBENCH_MAX_METHODS	32

/**
 * enum p2pbench_method - how a phys_vec array is mapped for the importer
 * @P2PBENCH_METHOD_NULL: no mapping at all: the timing overhead baseline
 * @P2PBENCH_METHOD_RESOURCE: one dma_map_resource() per range (legacy drivers)
 * @P2PBENCH_METHOD_PHYS: one dma_map_phys(..., DMA_ATTR_MMIO) per range
 * @P2PBENCH_METHOD_IOVA: dma_iova_try_alloc() once, dma_iova_link() per
 *	range at increasing offsets, one dma_iova_sync()
 * @P2PBENCH_METHOD_BUSADDR: pci_p2pdma_bus_addr_map() per range (no IOMMU)
 * @P2PBENCH_METHOD_HELPER: dma_buf_phys_vec_to_sgt() / dma_buf_free_sgt() on
 *	a dma-buf attachment the module creates, reservation lock held
 * @P2PBENCH_METHOD_ATTACH: dma_buf_map_attachment() /
 *	dma_buf_unmap_attachment() through the dma-buf core
 * @P2PBENCH_METHOD_VFIO: as ATTACH, on a dma-buf exported by vfio-pci
 *	(&p2pbench_run.dmabuf_fd); the exporter is set up with
 *	P2PBENCH_SETUP_EXPORTER_VFIO
 * @P2PBENCH_METHOD_IOMMUFD: IOMMU_IOAS_MAP_FILE of a vfio-pci dma-buf into
 *	an iommufd IOAS of an importer bound to vfio-pci (the VMM path);
 *	timed by userspace, which stores it as a point like the others. The
 *	module maps nothing for it and refuses it with EOPNOTSUPP.
 * @P2PBENCH_METHOD_COUNT: number of methods, at most P2PBENCH_MAX_METHODS
 */
enum p2pbench_method {
	P2PBENCH_METHOD_NULL = 0,
	P2PBENCH_METHOD_RESOURCE = 1,
	P2PBENCH_METHOD_PHYS = 2,
	P2PBENCH_METHOD_IOVA = 3,
	P2PBENCH_METHOD_BUSADDR = 4,
	P2PBENCH_METHOD_HELPER = 5,
	P2PBENCH_METHOD_ATTACH = 6,
	P2PBENCH_METHOD_VFIO = 7,
	P2PBENCH_METHOD_IOMMUFD = 8,
	P2PBENCH_METHOD_COUNT = 9,
};

/**
 * enum p2pbench_layout - where the ranges lie inside the exporter BAR
 * @P2PBENCH_LAYOUT_CONTIG: back to back from @bar_offset
 * @P2PBENCH_LAYOUT_GAPPED: @gap bytes between consecutive ranges
 * @P2PBENCH_LAYOUT_RANDOM: distinct aligned slots in an order and at places
 *	drawn from @seed (reproducible)
 * @P2PBENCH_LAYOUT_USER: @nr_ranges &struct p2pbench_range read from
 *	@ranges_ptr; offsets are relative to the BAR start
 * @P2PBENCH_LAYOUT_COUNT: number of layouts
 */
enum p2pbench_layout {
	P2PBENCH_LAYOUT_CONTIG = 0,
	P2PBENCH_LAYOUT_GAPPED = 1,
	P2PBENCH_LAYOUT_RANDOM = 2,
	P2PBENCH_LAYOUT_USER = 3,
	P2PBENCH_LAYOUT_COUNT = 4,
};

/* Directions use the values of enum dma_data_direction. */
#define P2PBENCH_DIR_BIDIRECTIONAL	0
#define P2PBENCH_DIR_TO_DEVICE		1
#define P2PBENCH_DIR_FROM_DEVICE	2

/**
 * enum p2pbench_map_type - P2P map type between exporter and importer
 * @P2PBENCH_MAP_UNKNOWN: not set up, or could not be derived
 * @P2PBENCH_MAP_NOT_SUPPORTED: pci_p2pdma_distance() says no
 * @P2PBENCH_MAP_BUS_ADDR: the pair meets below a switch without ACS
 *	redirection: bus addresses
 * @P2PBENCH_MAP_THRU_HOST_BRIDGE: the pair talks through an allow-listed
 *	host bridge: CPU physical addresses or IOVAs
 *
 * pci_p2pdma_map_type() is not exported; the module derives the type from
 * pci_p2pdma_distance() and the PCI topology, mirroring its rules.
 */
enum p2pbench_map_type {
	P2PBENCH_MAP_UNKNOWN = 0,
	P2PBENCH_MAP_NOT_SUPPORTED = 1,
	P2PBENCH_MAP_BUS_ADDR = 2,
	P2PBENCH_MAP_THRU_HOST_BRIDGE = 3,
};

/**
 * enum p2pbench_path - the path a mapping took, as seen in its result
 * @P2PBENCH_PATH_NONE: nothing was mapped (null method, or failure)
 * @P2PBENCH_PATH_BUS_ADDR: PCI bus addresses, no IOMMU work
 * @P2PBENCH_PATH_DIRECT: DMA address equals the CPU physical address
 * @P2PBENCH_PATH_IOVA: one contiguous IOVA range for all ranges
 * @P2PBENCH_PATH_IOMMU: translated, one IOVA allocation per range
 */
enum p2pbench_path {
	P2PBENCH_PATH_NONE = 0,
	P2PBENCH_PATH_BUS_ADDR = 1,
	P2PBENCH_PATH_DIRECT = 2,
	P2PBENCH_PATH_IOVA = 3,
	P2PBENCH_PATH_IOMMU = 4,
};

/**
 * enum p2pbench_verdict - correctness of every sg table a point produced
 * @P2PBENCH_VERDICT_NONE: nothing to judge (null method)
 * @P2PBENCH_VERDICT_PASS: every check held for every mapping
 * @P2PBENCH_VERDICT_FAIL: a check failed; see &p2pbench_result.msg
 * @P2PBENCH_VERDICT_MAP_ERROR: a map call failed; see &p2pbench_result.status
 */
enum p2pbench_verdict {
	P2PBENCH_VERDICT_NONE = 0,
	P2PBENCH_VERDICT_PASS = 1,
	P2PBENCH_VERDICT_FAIL = 2,
	P2PBENCH_VERDICT_MAP_ERROR = 3,
};

/* Bits of &p2pbench_result.checks_failed: which correctness checks failed. */
#define P2PBENCH_CHECK_TOTAL_LEN	(1U << 0) /* sum of DMA lengths != size */
#define P2PBENCH_CHECK_SEG_MAX		(1U << 1) /* entry above max segment */
#define P2PBENCH_CHECK_ALIGN		(1U << 2) /* entry not page aligned */
#define P2PBENCH_CHECK_CPU_LIST		(1U << 3) /* orig_nents or pages set */
#define P2PBENCH_CHECK_ADDR		(1U << 4) /* DMA address != expected */
#define P2PBENCH_CHECK_IOVA_PHYS	(1U << 5) /* iova_to_phys mismatch */
#define P2PBENCH_CHECK_OVERLAP		(1U << 6) /* DMA ranges overlap */
#define P2PBENCH_CHECK_E2E		(1U << 7) /* device read wrong bytes */

/* Flags of &p2pbench_run.flags. */
#define P2PBENCH_RUN_VERIFY_ALL	(1U << 0) /* verify every map, not the first */
#define P2PBENCH_RUN_E2E		(1U << 1) /* importer DMA-reads the BAR */
/*
 * Map nothing: write the @nr_ranges ranges the layout gives to @ranges_ptr
 * (&struct p2pbench_range, offsets from the BAR start) and return. This is
 * how userspace asks vfio-pci for a dma-buf of exactly a point's ranges.
 * Not with P2PBENCH_LAYOUT_USER, whose ranges userspace already has.
 */
#define P2PBENCH_RUN_RANGES_ONLY	(1U << 2)
#define P2PBENCH_RUN_FLAGS_ALL	(P2PBENCH_RUN_VERIFY_ALL | P2PBENCH_RUN_E2E | \
				 P2PBENCH_RUN_RANGES_ONLY)

/*
 * Flags of &p2pbench_setup.flags. EXPORTER_VFIO: the exporter is bound to
 * vfio-pci, not to p2pbench; the module maps its BAR only through dma-bufs
 * vfio-pci exports (method VFIO), and the methods that need the module's
 * own p2pdma provider (busaddr, helper, attach) are unavailable.
 */
#define P2PBENCH_SETUP_EXPORTER_VFIO	(1U << 0)
#define P2PBENCH_SETUP_FLAGS_ALL	P2PBENCH_SETUP_EXPORTER_VFIO

/**
 * struct p2pbench_bdf - a PCI function
 * @domain: PCI segment
 * @bus: bus number
 * @devfn: device and function, as PCI_DEVFN()
 * @pad: zero
 */
struct p2pbench_bdf {
	__u32 domain;
	__u8 bus;
	__u8 devfn;
	__u16 pad;
};

/**
 * struct p2pbench_setup - select exporter BAR and importer (P2PBENCH_IOC_SETUP)
 * @version: P2PBENCH_UAPI_VERSION (1 is accepted; @flags must be 0 then)
 * @bar: BAR of @exporter to map from
 * @exporter: device that owns the BAR: bound to the p2pbench driver, or to
 *	vfio-pci with P2PBENCH_SETUP_EXPORTER_VFIO
 * @importer: device bound to the p2pbench driver that maps it
 * @flags: P2PBENCH_SETUP_*
 * @pad: zero
 * @reserved: zero
 */
struct p2pbench_setup {
	__u32 version;
	__u32 bar;
	struct p2pbench_bdf exporter;
	struct p2pbench_bdf importer;
	__u32 flags;
	__u32 pad;
	__u64 reserved[3];
};

/**
 * struct p2pbench_info - state of the module (P2PBENCH_IOC_INFO)
 * @version: P2PBENCH_UAPI_VERSION (output)
 * @methods_available: bit N set when method N can run on this kernel
 *	and setup
 * @setup_done: 1 once P2PBENCH_IOC_SETUP succeeded
 * @bar: selected BAR
 * @exporter: selected exporter
 * @importer: selected importer
 * @bar_start: CPU physical start of the BAR
 * @bar_len: length of the BAR in bytes
 * @bus_offset: PCI bus address minus CPU physical address for the BAR
 * @importer_group: IOMMU group id of the importer, -1 without one
 * @p2p_distance: pci_p2pdma_distance() result, -1 when not supported
 * @map_type: &enum p2pbench_map_type
 * @max_seg_size: dma_get_max_seg_size() of the importer
 * @importer_group_type: IOMMU default domain type of the importer's group
 *	("identity", "DMA", "DMA-FQ", "blocked", "none")
 * @setup_flags: P2PBENCH_SETUP_* flags of the current setup
 * @nr_methods: P2PBENCH_METHOD_COUNT of the module (entries of
 *	@unavailable that are used)
 * @unavailable: for each method, why it cannot run ("" when it can)
 * @features: P2PBENCH_FEATURE_* the module has (0 in modules before them)
 * @pad: zero
 * @reserved: zero
 */
struct p2pbench_info {
	__u32 version;
	__u32 methods_available;
	__u32 setup_done;
	__u32 bar;
	struct p2pbench_bdf exporter;
	struct p2pbench_bdf importer;
	__u64 bar_start;
	__u64 bar_len;
	__s64 bus_offset;
	__s32 importer_group;
	__s32 p2p_distance;
	__u32 map_type;
	__u32 max_seg_size;
	char importer_group_type[16];
	__u32 setup_flags;
	__u32 nr_methods;
	char unavailable[P2PBENCH_MAX_METHODS][64];
	__u32 features;
	__u32 pad;
	__u64 reserved[7];
};

/*
 * Bits of &p2pbench_info.features: additions to version 2 that need no new
 * version (new requests; older modules answer them ENOTTY and report 0).
 * HOLD: P2PBENCH_IOC_HOLD. EXPORT: P2PBENCH_IOC_EXPORT.
 */
#define P2PBENCH_FEATURE_HOLD	(1U << 0)
#define P2PBENCH_FEATURE_EXPORT	(1U << 1)

/**
 * struct p2pbench_range - one user-given range (P2PBENCH_LAYOUT_USER)
 * @offset: byte offset from the start of the BAR
 * @len: length in bytes
 */
struct p2pbench_range {
	__u64 offset;
	__u64 len;
};

/**
 * struct p2pbench_run - parameters of one benchmark point
 * @version: P2PBENCH_UAPI_VERSION
 * @method: &enum p2pbench_method
 * @nr_ranges: 1 .. P2PBENCH_MAX_RANGES
 * @layout: &enum p2pbench_layout
 * @range_len: length of every range, bytes (page multiple; not for USER)
 * @align: alignment of every range start, a power of two >= PAGE_SIZE
 *	(0: PAGE_SIZE)
 * @gap: bytes between ranges for GAPPED (page multiple)
 * @bar_offset: where the first range (CONTIG, GAPPED) or the area used by
 *	RANDOM starts, bytes from the BAR start
 * @seed: seed for RANDOM
 * @ranges_ptr: user pointer to @nr_ranges &struct p2pbench_range (USER)
 * @direction: P2PBENCH_DIR_*
 * @threads: 1 .. P2PBENCH_MAX_THREADS threads mapping concurrently
 * @iterations: timed map+unmap pairs per thread (0: run for @duration_ms)
 * @duration_ms: run time per thread when @iterations is 0
 * @warmup: untimed map+unmap pairs before timing
 * @dma_bits: importer DMA mask for the run (0: 64), restored afterwards
 * @flags: P2PBENCH_RUN_*
 * @batch: ops timed together per sample (0: chosen from clock resolution)
 * @dmabuf_fd: for method VFIO, a dma-buf that vfio-pci exported for
 *	exactly the ranges of this point (same order); 0 for the others
 * @pad: zero
 * @reserved: zero
 */
struct p2pbench_run {
	__u32 version;
	__u32 method;
	__u32 nr_ranges;
	__u32 layout;
	__u64 range_len;
	__u64 align;
	__u64 gap;
	__u64 bar_offset;
	__u64 seed;
	__u64 ranges_ptr;
	__u32 direction;
	__u32 threads;
	__u32 iterations;
	__u32 duration_ms;
	__u32 warmup;
	__u32 dma_bits;
	__u32 flags;
	__u32 batch;
	__s32 dmabuf_fd;
	__u32 pad;
	__u64 reserved[3];
};

/**
 * struct p2pbench_lat - latency distribution of one operation, ns
 * @samples: number of samples (each covers @batch ops)
 * @batch: operations per sample; values below are per operation
 * @min: minimum
 * @p50: median
 * @p90: 90th percentile
 * @p99: 99th percentile
 * @p999: 99.9th percentile
 * @max: maximum
 * @mean: arithmetic mean
 * @stddev: standard deviation
 *
 * Percentiles come from a log-linear histogram: exact below 64 ns, within
 * 1/64 (1.6 %) relative error above.
 */
struct p2pbench_lat {
	__u64 samples;
	__u64 batch;
	__u64 min;
	__u64 p50;
	__u64 p90;
	__u64 p99;
	__u64 p999;
	__u64 max;
	__u64 mean;
	__u64 stddev;
};

/**
 * struct p2pbench_result - what one point produced
 * @status: 0, or the negative errno of the first failed map
 * @verdict: &enum p2pbench_verdict
 * @path: &enum p2pbench_path
 * @map_type: &enum p2pbench_map_type
 * @checks_failed: P2PBENCH_CHECK_* bits
 * @fail_iteration: iteration of the first failure
 * @iterations: map+unmap pairs timed, all threads
 * @pad: zero
 * @elapsed_ns: wall time of the timed phase
 * @map: map latency
 * @unmap: unmap latency
 * @sg_nents: DMA sg entries of one mapping
 * @dma_len: sum of DMA lengths of one mapping
 * @iova_bytes: IOVA space one mapping used (0 without translation)
 * @iommu_map_calls: iommu:map events per mapping
 * @iommu_unmap_calls: iommu:unmap events per unmapping
 * @iotlb_syncs: dma_iova_sync() calls per mapping (IOVA method)
 * @counts_varied: 1 when the per-mapping counts above were not the same
 *	for every iteration
 * @importer_group_type: IOMMU group type during the run
 * @msg: why a point failed or was refused, "" otherwise
 * @reserved: zero
 */
struct p2pbench_result {
	__s32 status;
	__u32 verdict;
	__u32 path;
	__u32 map_type;
	__u32 checks_failed;
	__u32 fail_iteration;
	__u64 iterations;
	__u64 elapsed_ns;
	struct p2pbench_lat map;
	struct p2pbench_lat unmap;
	__u64 sg_nents;
	__u64 dma_len;
	__u64 iova_bytes;
	__u64 iommu_map_calls;
	__u64 iommu_unmap_calls;
	__u64 iotlb_syncs;
	__u32 counts_varied;
	__u32 pad;
	char importer_group_type[16];
	char msg[P2PBENCH_MSG_LEN];
	__u64 reserved[8];
};

/**
 * struct p2pbench_point - one P2PBENCH_IOC_RUN request and its answer
 * @run: parameters (input)
 * @result: results (output). Copied out also when the ioctl fails with
 *	EINVAL, ENODEV, EOPNOTSUPP, ERANGE or ENXIO, with @result.msg saying
 *	why. ENXIO means that method VFIO cannot run with this setup (the
 *	exporter is not bound to vfio-pci): not applicable, not a failure.
 */
struct p2pbench_point {
	struct p2pbench_run run;
	struct p2pbench_result result;
};

/*
 * Operations of P2PBENCH_IOC_HOLD. The module keeps mappings of one
 * vfio-pci dma-buf alive for one or more importers between ioctls, so that
 * what the exporter does to them (a revoke) can be watched:
 * MAP attaches @count times to the dma-buf of @run.dmabuf_fd (method VFIO,
 * the point's ranges) for @importer and maps each attachment; REMAP maps
 * again every attachment of @importer that is not mapped (after a revoke);
 * STATUS reports @importer's mappings and what invalidate_mappings() did
 * since the last MAP, REMAP or STATUS; RELEASE unmaps and detaches every
 * mapping of every importer and drops the dma-buf.
 */
#define P2PBENCH_HOLD_MAP	1
#define P2PBENCH_HOLD_REMAP	2
#define P2PBENCH_HOLD_STATUS	3
#define P2PBENCH_HOLD_RELEASE	4

#define P2PBENCH_MAX_HOLD	4096	/* mappings per importer */
#define P2PBENCH_MAX_HOLD_IMPORTERS	4

/*
 * Flags of &p2pbench_hold.flags. E2E: edu reads the BAR through the first
 * mapping that MAP or REMAP makes.
 */
#define P2PBENCH_HOLD_E2E	(1U << 0)
#define P2PBENCH_HOLD_FLAGS_ALL	P2PBENCH_HOLD_E2E

/**
 * struct p2pbench_hold - live mappings of a vfio-pci dma-buf (P2PBENCH_IOC_HOLD)
 * @run: MAP: the point whose ranges the dma-buf holds (@run.method VFIO,
 *	@run.dmabuf_fd, layout, @run.direction, @run.dma_bits); its
 *	threads, iterations, warmup and batch are not used. Ignored by the
 *	other operations except @run.version.
 * @op: P2PBENCH_HOLD_*
 * @count: MAP: attachments to make and map, 1 .. P2PBENCH_MAX_HOLD
 * @importer: device bound to the p2pbench driver that maps (MAP, REMAP,
 *	STATUS); the exporter is the one of SETUP, which must have
 *	P2PBENCH_SETUP_EXPORTER_VFIO
 * @flags: P2PBENCH_HOLD_*
 * @pad: zero
 * @status: output: 0, or the negative errno of the first map that failed
 *	(a map error is a result: the ioctl returns 0)
 * @verdict: output: &enum p2pbench_verdict of the maps of this call
 * @path: output: &enum p2pbench_path of @importer's first mapping
 * @map_type: output: &enum p2pbench_map_type of the exporter and @importer
 * @checks_failed: output: P2PBENCH_CHECK_* bits (every mapping is
 *	verified; E2E on the first)
 * @held: output: attachments @importer holds
 * @mapped: output: of those, how many are mapped now
 * @notified: output (STATUS): invalidate_mappings() calls on @importer's
 *	attachments
 * @invalidated: output (STATUS): mappings those calls unmapped
 * @pt_cleared: output (STATUS): of those, translated mappings whose IO page
 *	table entries iommu_iova_to_phys() found empty right after the unmap
 * @pt_stale: output (STATUS): translated mappings still in the IO page
 *	table after the unmap (a bug)
 * @map_ns: output (MAP, REMAP): time to map all @count (or the remaining)
 *	mappings, verification and E2E not included
 * @sg_nents: output: DMA sg entries of one mapping
 * @dma_len: output: DMA length of one mapping
 * @iommu_map_calls: output (MAP, REMAP): iommu:map events of the maps
 * @iommu_unmap_calls: output (STATUS): iommu:unmap events inside
 *	@importer's invalidate_mappings() calls
 * @notify_first_ns: output (STATUS): ktime_get_ns() (CLOCK_MONOTONIC) when
 *	the first of those calls started, 0 if none
 * @notify_last_ns: output (STATUS): when the last of them had unmapped
 * @importer_group_type: output: IOMMU group type of @importer
 * @msg: output: why a map or check failed, or why the call was refused
 * @reserved: zero
 */
struct p2pbench_hold {
	struct p2pbench_run run;
	__u32 op;
	__u32 count;
	struct p2pbench_bdf importer;
	__u32 flags;
	__u32 pad;
	__s32 status;
	__u32 verdict;
	__u32 path;
	__u32 map_type;
	__u32 checks_failed;
	__u32 held;
	__u32 mapped;
	__u32 notified;
	__u32 invalidated;
	__u32 pt_cleared;
	__u32 pt_stale;
	__u32 pad2;
	__u64 map_ns;
	__u64 sg_nents;
	__u64 dma_len;
	__u64 iommu_map_calls;
	__u64 iommu_unmap_calls;
	__u64 notify_first_ns;
	__u64 notify_last_ns;
	char importer_group_type[16];
	char msg[P2PBENCH_MSG_LEN];
	__u64 reserved[4];
};

/**
 * struct p2pbench_export - ranges of the exporter BAR as a dma-buf to mmap
 *	(P2PBENCH_IOC_EXPORT)
 * @run: the ranges, as a point's layout gives them (nr_ranges, layout,
 *	range_len, align, gap, bar_offset, seed, ranges_ptr); a valid point
 *	otherwise, whose method, threads, iterations and flags are not used
 * @fd: output: a dma-buf file descriptor (O_CLOEXEC) of those ranges, in
 *	order, of the exporter of SETUP (bound to p2pbench)
 * @flags: zero
 * @msg: output: why the request was refused
 * @reserved: zero
 *
 * The dma-buf can only be mmap'ed (MAP_SHARED, by CAP_SYS_ADMIN): a PFN
 * mapping (VM_PFNMAP | VM_IO, uncached, no struct pages, so O_DIRECT and
 * every other get_user_pages() user refuse it with EFAULT), populated on
 * fault inside the ranges. Importers cannot attach to it (EOPNOTSUPP).
 * When the exporter leaves the p2pbench driver its mappings are zapped;
 * later accesses get SIGBUS, mmap() ENODEV.
 */
struct p2pbench_export {
	struct p2pbench_run run;
	__s32 fd;
	__u32 flags;
	char msg[P2PBENCH_MSG_LEN];
	__u64 reserved[4];
};

#define P2PBENCH_IOC_MAGIC	0xb2
#define P2PBENCH_IOC_INFO	_IOR(P2PBENCH_IOC_MAGIC, 1, struct p2pbench_info)
#define P2PBENCH_IOC_SETUP	_IOW(P2PBENCH_IOC_MAGIC, 2, struct p2pbench_setup)
#define P2PBENCH_IOC_RUN	_IOWR(P2PBENCH_IOC_MAGIC, 3, struct p2pbench_point)
#define P2PBENCH_IOC_HOLD	_IOWR(P2PBENCH_IOC_MAGIC, 4, struct p2pbench_hold)
#define P2PBENCH_IOC_EXPORT	_IOWR(P2PBENCH_IOC_MAGIC, 5, struct p2pbench_export)

/*
 * INFO of uapi version 1, for older tools: the same fields up to
 * @importer_group_type, then unavailable[8][64] and reserved[8] (664
 * bytes). Tools of version 2 use P2PBENCH_IOC_INFO.
 */
#define P2PBENCH_INFO_V1_SIZE	664
#define P2PBENCH_IOC_INFO_V1	_IOC(_IOC_READ, P2PBENCH_IOC_MAGIC, 1, \
				     P2PBENCH_INFO_V1_SIZE)

#endif /* _UAPI_LINUX_P2PBENCH_H */
