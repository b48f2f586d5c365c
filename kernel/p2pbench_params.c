// SPDX-License-Identifier: GPL-2.0-only
/*
 * Validation of a RUN request and the ranges it describes.
 *
 * Everything userspace gives is checked before the module allocates or
 * maps anything; every refusal says why in result.msg (and once in the
 * kernel log) and returns -EINVAL, -EOPNOTSUPP or -ERANGE.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "p2pbench.h"

/**
 * p2pbench_refuse() - refuse a request, saying why
 * @res: result whose msg is set
 * @err: negative errno to return
 * @fmt: reason
 *
 * Return: @err
 */
int p2pbench_refuse(struct p2pbench_result *res, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, args);
	va_end(args);
	pr_err_ratelimited("refused: %s\n", res->msg);
	return err;
}

/**
 * p2pbench_errname() - symbolic name of an errno for messages
 * @err: negative (or positive) errno
 *
 * The lab kernel has no CONFIG_SYMBOLIC_ERRNAME, so %pe would print a
 * number; messages are read by people comparing runs.
 *
 * Return: "EADDRINUSE" and so on, or "?" for an unknown value
 */
const char *p2pbench_errname(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" }, { EINTR, "EINTR" }, { EIO, "EIO" },
		{ ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { EADDRINUSE, "EADDRINUSE" },
		{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { ETIMEDOUT, "ETIMEDOUT" },
	};
	unsigned int i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].err == err)
			return names[i].name;
	return "?";
}

/**
 * p2pbench_dir() - DMA direction of a P2PBENCH_DIR_* value
 * @direction: validated P2PBENCH_DIR_* value
 *
 * Return: the &enum dma_data_direction
 */
enum dma_data_direction p2pbench_dir(u32 direction)
{
	switch (direction) {
	case P2PBENCH_DIR_TO_DEVICE:
		return DMA_TO_DEVICE;
	case P2PBENCH_DIR_FROM_DEVICE:
		return DMA_FROM_DEVICE;
	default:
		return DMA_BIDIRECTIONAL;
	}
}

/**
 * p2pbench_range_nents() - sg entries a range of @len bytes needs
 * @len: range length
 *
 * Return: number of P2PBENCH_MAX_SG_ENT pieces, as the dma-buf helper cuts
 */
unsigned int p2pbench_range_nents(size_t len)
{
	return DIV_ROUND_UP_ULL(len, P2PBENCH_MAX_SG_ENT);
}

static u64 run_align(const struct p2pbench_run *run)
{
	return run->align ? run->align : PAGE_SIZE;
}

/* Distance between range starts for CONTIG, GAPPED and RANDOM slots. */
static int run_stride(const struct p2pbench_run *run, u64 *stride)
{
	u64 align = run_align(run), span = run->range_len;

	if (run->layout == P2PBENCH_LAYOUT_GAPPED &&
	    check_add_overflow(span, run->gap, &span))
		return -EOVERFLOW;
	if (check_add_overflow(span, align - 1, &span))
		return -EOVERFLOW;
	*stride = span & ~(align - 1);
	return 0;
}

/**
 * p2pbench_check_run() - validate what needs no setup
 * @run: parameters from userspace
 * @res: result, msg set on refusal
 *
 * Return: 0, or -EINVAL / -EOPNOTSUPP with @res->msg saying why
 */
int p2pbench_check_run(const struct p2pbench_run *run,
		       struct p2pbench_result *res)
{
	u64 align = run_align(run);
	u64 stride, end;
	unsigned int i;

	if (run->version < 1 || run->version > P2PBENCH_UAPI_VERSION)
		return p2pbench_refuse(res, -EINVAL,
				       "uapi version %u, module speaks 1..%u",
				       run->version, P2PBENCH_UAPI_VERSION);
	if (run->pad)
		return p2pbench_refuse(res, -EINVAL, "pad is not zero");
	for (i = 0; i < ARRAY_SIZE(run->reserved); i++)
		if (run->reserved[i])
			return p2pbench_refuse(res, -EINVAL,
					       "reserved[%u] is not zero", i);
	if (run->method >= P2PBENCH_METHOD_COUNT)
		return p2pbench_refuse(res, -EINVAL, "unknown method %u",
				       run->method);
	if (run->layout >= P2PBENCH_LAYOUT_COUNT)
		return p2pbench_refuse(res, -EINVAL, "unknown layout %u",
				       run->layout);
	/* Version 1 had no dmabuf_fd: its reserved zero would be fd 0. */
	if (run->method == P2PBENCH_METHOD_VFIO && run->version < 2)
		return p2pbench_refuse(res, -EINVAL,
				       "method vfio needs uapi version 2 (dmabuf_fd)");
	if (run->method != P2PBENCH_METHOD_VFIO && run->dmabuf_fd)
		return p2pbench_refuse(res, -EINVAL,
				       "dmabuf_fd %d is for method vfio only",
				       run->dmabuf_fd);
	if (run->nr_ranges < 1 || run->nr_ranges > P2PBENCH_MAX_RANGES)
		return p2pbench_refuse(res, -EINVAL,
				       "nr_ranges %u out of range 1..%u",
				       run->nr_ranges, P2PBENCH_MAX_RANGES);
	if (run->direction > P2PBENCH_DIR_FROM_DEVICE)
		return p2pbench_refuse(res, -EINVAL, "unknown direction %u",
				       run->direction);
	if (run->flags & ~P2PBENCH_RUN_FLAGS_ALL)
		return p2pbench_refuse(res, -EINVAL, "unknown flags 0x%x",
				       run->flags & ~P2PBENCH_RUN_FLAGS_ALL);
	if ((run->flags & P2PBENCH_RUN_RANGES_ONLY) &&
	    run->layout == P2PBENCH_LAYOUT_USER)
		return p2pbench_refuse(res, -EINVAL,
				       "RANGES_ONLY with layout USER: the ranges are the caller's");
	if (run->threads < 1 || run->threads > P2PBENCH_MAX_THREADS)
		return p2pbench_refuse(res, -EINVAL,
				       "threads %u out of range 1..%u",
				       run->threads, P2PBENCH_MAX_THREADS);
	if (run->iterations > P2PBENCH_MAX_ITERS)
		return p2pbench_refuse(res, -EINVAL,
				       "iterations %u above %u",
				       run->iterations, P2PBENCH_MAX_ITERS);
	if (run->duration_ms > P2PBENCH_MAX_DURATION_MS)
		return p2pbench_refuse(res, -EINVAL,
				       "duration_ms %u above %u",
				       run->duration_ms,
				       P2PBENCH_MAX_DURATION_MS);
	if (!run->iterations && !run->duration_ms)
		return p2pbench_refuse(res, -EINVAL,
				       "iterations and duration_ms are both 0");
	if (run->warmup > P2PBENCH_MAX_ITERS)
		return p2pbench_refuse(res, -EINVAL, "warmup %u above %u",
				       run->warmup, P2PBENCH_MAX_ITERS);
	if (run->dma_bits > 64)
		return p2pbench_refuse(res, -EINVAL, "dma_bits %u above 64",
				       run->dma_bits);
	if (run->batch > P2PBENCH_MAX_BATCH)
		return p2pbench_refuse(res, -EINVAL, "batch %u above %u",
				       run->batch, P2PBENCH_MAX_BATCH);
	if (align < PAGE_SIZE || !is_power_of_2(align))
		return p2pbench_refuse(res, -EINVAL,
				       "align 0x%llx is not a power of two >= PAGE_SIZE",
				       run->align);

	if (run->layout == P2PBENCH_LAYOUT_USER)
		return 0;

	if (!run->range_len || !PAGE_ALIGNED(run->range_len))
		return p2pbench_refuse(res, -EINVAL,
				       "range_len 0x%llx is not a non-zero multiple of PAGE_SIZE",
				       run->range_len);
	if (run->layout == P2PBENCH_LAYOUT_GAPPED && !PAGE_ALIGNED(run->gap))
		return p2pbench_refuse(res, -EINVAL,
				       "gap 0x%llx is not a multiple of PAGE_SIZE",
				       run->gap);
	if (run->bar_offset & (align - 1))
		return p2pbench_refuse(res, -EINVAL,
				       "bar_offset 0x%llx is not aligned to 0x%llx",
				       run->bar_offset, align);
	if (run_stride(run, &stride))
		return p2pbench_refuse(res, -EINVAL,
				       "range_len 0x%llx + gap 0x%llx aligned to 0x%llx overflows",
				       run->range_len, run->gap, align);
	if (run->layout == P2PBENCH_LAYOUT_RANDOM)
		return 0;

	/* CONTIG and GAPPED: the last range must end without overflow. */
	if (check_mul_overflow(stride, (u64)run->nr_ranges - 1, &end) ||
	    check_add_overflow(end, run->bar_offset, &end) ||
	    check_add_overflow(end, run->range_len, &end))
		return p2pbench_refuse(res, -EINVAL,
				       "%u ranges of 0x%llx every 0x%llx from 0x%llx overflow",
				       run->nr_ranges, run->range_len, stride,
				       run->bar_offset);
	return 0;
}

static int outside_bar(struct p2pbench_result *res, u32 i, u64 off, u64 len,
		       u64 bar_len)
{
	return p2pbench_refuse(res, -EINVAL,
			       "range %u [0x%llx, 0x%llx) outside BAR of size 0x%llx",
			       i, off, off + len, bar_len);
}

static int layout_linear(const struct p2pbench_run *run, u64 bar_len,
			 struct p2pbench_result *res, u64 *offs)
{
	u64 stride, i, first_out;

	run_stride(run, &stride);
	/* check_run() made sure none of these sums overflow. */
	if (run->bar_offset + run->range_len > bar_len)
		return outside_bar(res, 0, run->bar_offset, run->range_len,
				   bar_len);
	first_out = div64_u64(bar_len - run->bar_offset - run->range_len,
			      stride) + 1;
	if (first_out < run->nr_ranges)
		return outside_bar(res, first_out,
				   run->bar_offset + first_out * stride,
				   run->range_len, bar_len);

	for (i = 0; i < run->nr_ranges; i++)
		offs[i] = run->bar_offset + i * stride;
	return 0;
}

/*
 * A bijection on [0, 2^bits) keyed by the seed: a balanced Feistel network
 * of four rounds. Walking the cycle until the value is below the number of
 * slots turns it into a permutation of the slots, so distinct inputs give
 * distinct slots without a bitmap of the BAR, in O(1) memory.
 */
struct feistel {
	unsigned int half;
	u64 mask;
	u64 key[4];
};

static void feistel_init(struct feistel *f, u64 nslots, u64 seed)
{
	unsigned int bits = nslots > 1 ? ilog2(nslots - 1) + 1 : 1;
	unsigned int r;

	f->half = DIV_ROUND_UP(bits, 2);
	f->mask = BIT_ULL(f->half) - 1;
	for (r = 0; r < ARRAY_SIZE(f->key); r++)
		f->key[r] = hash_64(seed + r * 0x9e3779b97f4a7c15ULL, 64);
}

static u64 feistel_perm(const struct feistel *f, u64 x)
{
	u64 l = x >> f->half, r = x & f->mask, t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f->key); i++) {
		t = r;
		/* hash_64() keeps the top bits of a product: the mixed ones. */
		r = l ^ hash_64(r ^ f->key[i], f->half);
		l = t;
	}
	return (l << f->half) | r;
}

static u64 feistel_slot(const struct feistel *f, u64 i, u64 nslots)
{
	do {
		i = feistel_perm(f, i);
	} while (i >= nslots);
	return i;
}

static int layout_random(const struct p2pbench_run *run, u64 bar_len,
			 struct p2pbench_result *res, u64 *offs)
{
	struct feistel f;
	u64 stride, area, nslots;
	u32 i;

	run_stride(run, &stride);
	if (run->bar_offset >= bar_len ||
	    bar_len - run->bar_offset < run->range_len)
		return outside_bar(res, 0, run->bar_offset, run->range_len,
				   bar_len);
	area = bar_len - run->bar_offset;
	nslots = div64_u64(area - run->range_len, stride) + 1;
	if (nslots < run->nr_ranges)
		return p2pbench_refuse(res, -EINVAL,
				       "RANDOM: %u ranges need as many slots of 0x%llx; the BAR from 0x%llx holds %llu",
				       run->nr_ranges, stride, run->bar_offset,
				       nslots);

	feistel_init(&f, nslots, run->seed);
	for (i = 0; i < run->nr_ranges; i++)
		offs[i] = run->bar_offset +
			  feistel_slot(&f, i, nslots) * stride;
	return 0;
}

struct user_sorted {
	u64 offset;
	u64 len;
	u32 index;
};

static int cmp_user_sorted(const void *a, const void *b)
{
	const struct user_sorted *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return 0;
}

static int layout_user(const struct p2pbench_run *run, u64 bar_len,
		       struct p2pbench_result *res, u64 *offs, u64 *lens)
{
	u64 align = run_align(run), end;
	struct p2pbench_range *r;
	struct user_sorted *s;
	u32 i, n = run->nr_ranges;
	int ret = 0;

	r = vmemdup_array_user(u64_to_user_ptr(run->ranges_ptr), n,
			       sizeof(*r));
	if (IS_ERR(r))
		return p2pbench_refuse(res, PTR_ERR(r),
				       "cannot read %u ranges at ranges_ptr: %d",
				       n, (int)PTR_ERR(r));

	for (i = 0; i < n; i++) {
		if (!r[i].len || !PAGE_ALIGNED(r[i].len)) {
			ret = p2pbench_refuse(res, -EINVAL,
					      "range %u length 0x%llx is not a non-zero multiple of PAGE_SIZE",
					      i, r[i].len);
			goto out;
		}
		if (r[i].offset & (align - 1)) {
			ret = p2pbench_refuse(res, -EINVAL,
					      "range %u offset 0x%llx is not aligned to 0x%llx",
					      i, r[i].offset, align);
			goto out;
		}
		if (check_add_overflow(r[i].offset, r[i].len, &end)) {
			ret = p2pbench_refuse(res, -EINVAL,
					      "range %u offset 0x%llx + length 0x%llx overflows",
					      i, r[i].offset, r[i].len);
			goto out;
		}
		if (end > bar_len) {
			ret = outside_bar(res, i, r[i].offset, r[i].len,
					  bar_len);
			goto out;
		}
		offs[i] = r[i].offset;
		lens[i] = r[i].len;
	}

	/* Overlapping ranges would make overlapping DMA entries. */
	s = kvmalloc_objs(*s, n);
	if (!s) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		s[i] = (struct user_sorted){ r[i].offset, r[i].len, i };
	sort(s, n, sizeof(*s), cmp_user_sorted, NULL);
	for (i = 1; i < n; i++) {
		if (s[i - 1].offset + s[i - 1].len > s[i].offset) {
			ret = p2pbench_refuse(res, -EINVAL,
					      "ranges %u and %u overlap",
					      min(s[i - 1].index, s[i].index),
					      max(s[i - 1].index, s[i].index));
			break;
		}
	}
	kvfree(s);
out:
	kvfree(r);
	return ret;
}

/**
 * p2pbench_build_ranges() - the phys_vec array of a RUN
 * @run: parameters checked by p2pbench_check_run()
 * @pair: the exporter BAR
 * @res: result, msg set on refusal
 * @vecp: set to the kvmalloc()ed ranges (CPU physical addresses)
 * @sizep: set to the sum of their lengths
 * @nentsp: set to the sg entries a per-range mapping needs
 *
 * Return: 0, -EINVAL with @res->msg set, -EFAULT or -ENOMEM
 */
int p2pbench_build_ranges(const struct p2pbench_run *run,
			  const struct p2pbench_pair *pair,
			  struct p2pbench_result *res,
			  struct phys_vec **vecp, size_t *sizep,
			  unsigned int *nentsp)
{
	u32 i, n = run->nr_ranges;
	struct phys_vec *vec;
	unsigned int nents = 0;
	size_t size = 0;
	u64 *offs, *lens;
	int ret;

	offs = kvmalloc_objs(*offs, n);
	lens = kvmalloc_objs(*lens, n);
	vec = kvmalloc_objs(*vec, n);
	if (!offs || !lens || !vec) {
		ret = -ENOMEM;
		goto err;
	}

	switch (run->layout) {
	case P2PBENCH_LAYOUT_CONTIG:
	case P2PBENCH_LAYOUT_GAPPED:
		ret = layout_linear(run, pair->bar_len, res, offs);
		break;
	case P2PBENCH_LAYOUT_RANDOM:
		ret = layout_random(run, pair->bar_len, res, offs);
		break;
	default:
		ret = layout_user(run, pair->bar_len, res, offs, lens);
		break;
	}
	if (ret)
		goto err;

	for (i = 0; i < n; i++) {
		u64 len = run->layout == P2PBENCH_LAYOUT_USER ?
			  lens[i] : run->range_len;

		/* The ranges are disjoint inside the BAR: no sum overflows. */
		vec[i].paddr = pair->bar_start + offs[i];
		vec[i].len = len;
		if (check_add_overflow(size, (size_t)len, &size) ||
		    check_add_overflow(nents, p2pbench_range_nents(len),
				       &nents)) {
			ret = p2pbench_refuse(res, -EINVAL,
					      "ranges add up to more than this kernel can map");
			goto err;
		}
	}

	kvfree(offs);
	kvfree(lens);
	*vecp = vec;
	*sizep = size;
	*nentsp = nents;
	return 0;

err:
	kvfree(offs);
	kvfree(lens);
	kvfree(vec);
	return ret;
}

/**
 * p2pbench_check_batch() - refuse a batch that pins too many sg entries
 * @run: parameters
 * @nents: sg entries of one mapping
 * @res: result, msg set on refusal
 *
 * Return: 0 or -EINVAL
 */
int p2pbench_check_batch(const struct p2pbench_run *run, unsigned int nents,
			 struct p2pbench_result *res)
{
	if ((u64)run->batch * nents > P2PBENCH_MAX_BATCH_ENTS)
		return p2pbench_refuse(res, -EINVAL,
				       "batch %u of mappings with %u sg entries each holds more than %lu entries",
				       run->batch, nents,
				       P2PBENCH_MAX_BATCH_ENTS);
	return 0;
}
