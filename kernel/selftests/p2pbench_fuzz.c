// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench_fuzz: a bounded, reproducible ioctl fuzzer for the p2pbench
 * module.
 *
 * Every case is derived from (seed, case number) alone, so one case
 * replays on its own: p2pbench_fuzz --seed S --first N --cases 1 -v.
 * Cases start from a valid SETUP or RUN and break one to four fields with
 * values chosen to hit edges (zero, one, maximum, maximum + 1, the BAR
 * size, page size +- 1, overflowing sums), or build USER range lists that
 * are out of the BAR, overlapping, zero-length, unaligned, overflowing or
 * behind bad pointers, or pass bad pointers and ioctl numbers outright.
 *
 * What is checked, per case:
 *   - a refused ioctl fails with an errno of the documented set; refusals
 *     with EINVAL, ENODEV, EOPNOTSUPP or ERANGE copy result.msg out
 *     (uapi: "Copied out also when the ioctl fails with ...");
 *   - an accepted point has a sane result: verdict/path/map type in range,
 *     NUL-terminated strings, zero pad and reserved, and a PASS carries
 *     status 0 and dma_len equal to the bytes asked for;
 *   - the kernel did not taint (/proc/sys/kernel/tainted: a WARN, oops or
 *     KASAN report sets a bit), checked after every case, stopping at the
 *     first one with the case's replay line. One WARN is a known kernel
 *     bug, not p2pbench's (configs/kernel/known-bugs "dma-debug-mmio":
 *     DMA-API debugging counts DMA_ATTR_MMIO mappings as CPU cachelines
 *     and warns, once per boot, at the 8th overlapping mapping of one
 *     range). With "dma-debug-mmio" in P2PBENCH_KNOWN_BUGS, a case whose
 *     only new taint is that WARN (read back from /dev/kmsg) is an XFAIL,
 *     not a failure, and the fuzz goes on.
 * Accepted points are kept small (iterations, threads and ranges are
 * scaled down around the fields a case mutates), so a run is bounded: the
 * default 10000 cases take a few minutes under QEMU TCG on a debug kernel.
 * Before and after, a known-good point runs; both must agree (the module
 * stays usable).
 *
 * The pair comes from P2PBENCH_EXPORTER=BDF[:BAR] and P2PBENCH_IMPORTER=BDF
 * (bound to the p2pbench driver), as for p2pbench_test.
 *
 * Output is TAP (a handful of lines) with '#' statistics.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/types.h>
#include <linux/p2pbench.h>

#include "p2pbench_utils.h"

#define PAGE		4096ULL
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/*
 * The kernel's __printf(), as tools/include defines it; split over two
 * lines because checkpatch asks for __printf() even in its own definition.
 */
#define __printf(a, b)	__attribute__((	\
		format(printf, a, b)))

/*
 * Upper bound on the work of an accepted point, in "range maps": threads x
 * (iterations + warmup) x ranges, plus one per 2 MiB mapped. A range map
 * through the IOMMU costs about 0.7 ms on the debug lab kernel under TCG:
 * a few seconds at the top.
 */
#define COST_MAX	4096ULL
/* Longest duration_ms an accepted case may run for (iterations == 0). */
#define DURATION_MAX	30

/* ---------------- random numbers ---------------- */

static __u64 splitmix64(__u64 *s)
{
	__u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct rng {
	__u64 s;
};

static __u64 rnd(struct rng *r)
{
	return splitmix64(&r->s);
}

/* Uniform in [0, n); n > 0. Bias is irrelevant here. */
static __u64 below(struct rng *r, __u64 n)
{
	return rnd(r) % n;
}

static bool chance(struct rng *r, unsigned int percent)
{
	return below(r, 100) < percent;
}

/* A random element of @arr, evaluated once (sizeof does not evaluate it). */
#define PICK(r, arr) ((arr)[below((r), sizeof(arr) / sizeof((arr)[0]))])

/* ---------------- state ---------------- */

enum kind {
	K_RUN,		/* a RUN with mutated fields */
	K_USER,		/* a RUN with a USER range list */
	K_SETUP,	/* a SETUP with mutated fields, then the good one again */
	K_INFO,		/* INFO through good and bad pointers */
	K_RAW,		/* bad ioctl numbers, sizes, argument pointers */
	K_NR,
};

static const char *const kind_names[K_NR] = { "run", "user", "setup", "info", "raw" };

/* Errnos a refused ioctl may return, per ioctl. */
static const int run_errnos[] = {
	EINVAL, ENODEV, EOPNOTSUPP, ERANGE, ENXIO, EFAULT, ENOMEM, EINTR,
};

static const int setup_errnos[] = { EINVAL, ENODEV, EFAULT, ENOMEM, EINTR };
static const int info_errnos[] = { EFAULT };
static const int export_errnos[] = {
	EINVAL, ENODEV, ENXIO, ERANGE, EOPNOTSUPP, EFAULT, ENOMEM, EINTR, EMFILE,
};

/* HOLD with an exporter that is not vfio-pci's can only be refused. */
static const int hold_errnos[] = { EINVAL, ENODEV, ENOENT, ENXIO, EBUSY, EFAULT, ENOMEM, EINTR };
/* Errnos that promise result.msg (uapi, struct p2pbench_point). */
static const int msg_errnos[] = { EINVAL, ENODEV, EOPNOTSUPP, ERANGE, ENXIO };

struct stats {
	__u64 cases[K_NR];
	__u64 accepted[K_NR];
	__u64 refused[K_NR];
	__u64 errnos[200];
	__u64 verdicts[5];
	__u64 method_ok[P2PBENCH_METHOD_COUNT];
	__u64 bad;		/* checks that failed */
	__u64 known_warns;	/* WARNs of a known kernel bug (XFAIL) */
	double secs[K_NR];
	char fails[8][P2PBENCH_MSG_LEN + 64];	/* distinct failure messages */
	unsigned int nfails;
};

struct fuzz {
	int fd;
	__u64 seed;
	bool verbose;
	struct p2pbench_setup setup;	/* the good one */
	struct p2pbench_info info;	/* after the good SETUP */
	__u32 avail;			/* methods_available */
	__u64 bar_len;
	unsigned char *guard;		/* 2 pages: RW then PROT_NONE */
	unsigned char *ro;		/* 1 page, read-only: one range */
	unsigned char *ro_point;	/* 1 page, read-only: a point */
	struct p2pbench_range *ranges;	/* P2PBENCH_MAX_RANGES + 1 */
	__u64 tainted;	/* taint mask the checks compare with */
	int kmsg;		/* /dev/kmsg, read from where it was */
	bool known_dma_debug;	/* "dma-debug-mmio" is a known bug */
	struct stats st;
	char desc[512];			/* what the current case does */
};

/* ---------------- helpers ---------------- */

static __u64 read_tainted(void)
{
	static int fd = -1;
	char buf[32];
	ssize_t n;

	if (fd < 0)
		fd = open("/proc/sys/kernel/tainted", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtoull(buf, NULL, 10);
}

/*
 * Kernel log records written since the last call: true when they hold a
 * WARN and every WARN, BUG or oops among them is dma-debug's warning about
 * overlapping mappings of one cacheline (the known bug "dma-debug-mmio").
 */
static bool only_dma_debug_warns(struct fuzz *f)
{
	bool overlap = false, known = false, other = false;
	char rec[8192], *msg;
	ssize_t n;

	if (f->kmsg < 0)
		return false;
	for (;;) {
		n = read(f->kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		if (strstr(msg, "DMA-API: exceeded ") && strstr(msg, "overlapping mappings"))
			overlap = true;
		else if (!strncmp(msg, "WARNING: kernel/dma/debug.c", 27) && overlap)
			known = true;
		else if (strstr(msg, "WARNING:") || strstr(msg, "BUG:") || strstr(msg, "Oops") ||
			 strstr(msg, "general protection"))
			other = true;
	}
	return known && !other;
}

/*
 * taint_check() - did the last case taint the kernel? Returns true when
 * it did and that is a failure; a WARN of a known kernel bug is reported
 * as an XFAIL and folded into the mask later checks compare with.
 */
static bool taint_check(struct fuzz *f, const char *what)
{
	__u64 t = read_tainted();
	__u64 warn = 1ULL << 9;	/* TAINT_WARN */

	if (t == f->tainted)
		return false;
	if ((t ^ f->tainted) == warn && f->known_dma_debug && only_dma_debug_warns(f)) {
		fprintf(stdout,
			"# XFAIL: %s raised dma-debug's \"exceeded 7 overlapping mappings\" WARN (known kernel bug dma-debug-mmio)\n",
			what);
		f->st.known_warns++;
		f->tainted = t;
		return false;
	}
	printf("# kernel tainted 0x%llx -> 0x%llx by %s\n", (unsigned long long)f->tainted,
	       (unsigned long long)t, what);
	f->tainted = t;
	return true;
}

static bool in_set(int e, const int *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == e)
			return true;
	return false;
}

static bool str_terminated(const char *s, size_t n)
{
	return memchr(s, '\0', n);
}

static void addf(char *buf, size_t len, const char *fmt, ...)
	__printf(3, 4);

static void addf(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* ---------------- interesting values ---------------- */

static __u32 fuzz_u32(struct rng *r)
{
	static const __u32 v[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 128,
		255, 256, 257, 4095, 4096, 4097, 65535, 65536, 65537,
		P2PBENCH_MAX_ITERS, P2PBENCH_MAX_ITERS + 1,
		P2PBENCH_MAX_DURATION_MS, P2PBENCH_MAX_DURATION_MS + 1,
		0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	};

	if (chance(r, 15))
		return (__u32)rnd(r);
	return PICK(r, v);
}

static __u64 fuzz_u64(struct rng *r, __u64 bar_len)
{
	static const __u64 v[] = {
		0, 1, 2, 511, 512, 4095, 4096, 4097, 8191, 8192, 12288, 65535,
		65536, 65537, 2 * MIB - PAGE, 2 * MIB, 2 * MIB + PAGE, GIB,
		2 * GIB, 4 * GIB - PAGE, 4 * GIB - 1, 4 * GIB, 4 * GIB + PAGE,
		8 * GIB - PAGE, 8 * GIB, 8 * GIB + PAGE, 16 * GIB,
		1ULL << 40, 1ULL << 52, 1ULL << 62, 1ULL << 63,
		(1ULL << 63) - PAGE, ~0ULL - PAGE + 1, ~0ULL - 1, ~0ULL,
	};

	switch (below(r, 8)) {
	case 0:
		return rnd(r);
	case 1:
		return rnd(r) & ~(PAGE - 1);
	case 2:
		return bar_len + (__u64)(__s64)(below(r, 5) - 2) * PAGE;
	case 3:
		return bar_len / (1 + below(r, 4));
	default:
		return PICK(r, v);
	}
}

static __u64 fuzz_align(struct rng *r)
{
	static const __u64 v[] = {
		0, 1, 2048, 4095, 4096, 4097, 8192, 12288, 65536, 2 * MIB,
		1 * GIB, 2 * GIB, 4 * GIB, 8 * GIB, 16 * GIB, 1ULL << 40,
		1ULL << 62, 1ULL << 63, ~0ULL,
	};

	return PICK(r, v);
}

/* ---------------- valid requests ---------------- */

static __u32 pick_method(struct fuzz *f, struct rng *r)
{
	__u32 m;
	int tries;

	/* Mostly methods that can run here; sometimes any. */
	if (f->avail && chance(r, 85)) {
		for (tries = 0; tries < 64; tries++) {
			m = (__u32)below(r, P2PBENCH_METHOD_COUNT);
			if (f->avail & (1U << m))
				return m;
		}
	}
	return (__u32)below(r, P2PBENCH_METHOD_COUNT);
}

static void base_run(struct fuzz *f, struct rng *r, struct p2pbench_run *run)
{
	static const __u64 lens[] = { PAGE, 2 * PAGE, 16 * KIB, 64 * KIB, 2 * MIB };
	static const __u64 aligns[] = { 0, PAGE, 64 * KIB, 2 * MIB };

	memset(run, 0, sizeof(*run));
	run->version = P2PBENCH_UAPI_VERSION;
	run->method = pick_method(f, r);
	run->nr_ranges = 1 + (__u32)below(r, 8);
	run->layout = (__u32)below(r, P2PBENCH_LAYOUT_USER);
	run->range_len = PICK(r, lens);
	run->align = PICK(r, aligns);
	run->gap = run->layout == P2PBENCH_LAYOUT_GAPPED ? PAGE * below(r, 4) : 0;
	run->bar_offset = 0;
	if (chance(r, 30))
		run->bar_offset = (f->bar_len / 2) & ~(2 * MIB - 1);
	run->seed = rnd(r);
	run->direction = (__u32)below(r, 3);
	run->threads = 1 + (__u32)below(r, 3);
	run->iterations = 1 + (__u32)below(r, 4);
	run->warmup = (__u32)below(r, 2);
	run->dma_bits = chance(r, 80) ? 0 : 64;
	run->flags = (__u32)below(r, 4) & P2PBENCH_RUN_FLAGS_ALL;
	run->batch = (__u32)below(r, 3);
	/* Sometimes only the layout's ranges, into a buffer that holds them. */
	if (chance(r, 5) && run->layout != P2PBENCH_LAYOUT_USER) {
		run->flags |= P2PBENCH_RUN_RANGES_ONLY;
		run->ranges_ptr = (uintptr_t)f->ranges;
	}
}

/* ---------------- bounding the work of a point ---------------- */

enum field {
	F_VERSION, F_METHOD, F_NR, F_LAYOUT, F_LEN, F_ALIGN, F_GAP, F_OFFSET,
	F_SEED, F_PTR, F_DIR, F_THREADS, F_ITER, F_DURATION, F_WARMUP,
	F_DMABITS, F_FLAGS, F_BATCH, F_DMABUF_FD, F_PAD, F_RESERVED, F_NR_FIELDS,
};

static const char *const field_names[F_NR_FIELDS] = {
	"version", "method", "nr_ranges", "layout", "range_len", "align", "gap",
	"bar_offset", "seed", "ranges_ptr", "direction", "threads", "iterations",
	"duration_ms", "warmup", "dma_bits", "flags", "batch", "dmabuf_fd", "pad",
	"reserved",
};

/*
 * Bytes a CONTIG/GAPPED/RANDOM point maps (saturating); USER lists are
 * built small by this program.
 */
static __u64 run_bytes(const struct p2pbench_run *run)
{
	if (run->layout == P2PBENCH_LAYOUT_USER)
		return 0;
	if (run->nr_ranges && run->range_len > ~0ULL / run->nr_ranges)
		return ~0ULL;
	return run->range_len * run->nr_ranges;
}

/*
 * Saturating cost in range maps of a point, were it accepted. A point that
 * runs for duration_ms is bounded in time: count one pair of it.
 */
static __u64 run_cost(const struct p2pbench_run *run)
{
	__u64 threads = run->threads ? run->threads : 1;
	__u64 batch = run->batch ? run->batch : 256;
	__u64 iters = 1, per, c;

	if (run->iterations)
		iters = (run->iterations + batch - 1) / batch * batch;
	iters += run->warmup;
	per = (__u64)(run->nr_ranges ? run->nr_ranges : 1) + run_bytes(run) / (2 * MIB);
	if (per && iters > ~0ULL / per)
		return ~0ULL;
	c = iters * per;
	if (c > ~0ULL / threads)
		return ~0ULL;
	return c * threads;
}

/*
 * Scale an accepted point down to COST_MAX without touching the fields this
 * case mutated (bit set in @mut), unless nothing else is left.
 * (A point costs about 0.15 s of fixed overhead on the debug lab kernel
 * under TCG; a refusal about 1.5 ms.)
 */
static void bound_run(struct p2pbench_run *run, __u32 mut)
{
	int guard;

	if (!run->iterations && run->duration_ms > DURATION_MAX &&
	    run->duration_ms <= P2PBENCH_MAX_DURATION_MS) {
		if (!(mut & (1U << F_DURATION)))
			run->duration_ms = 1 + run->duration_ms % DURATION_MAX;
		else if (!(mut & (1U << F_ITER)))
			run->iterations = 1;
		else
			run->duration_ms = DURATION_MAX;
	}
	for (guard = 0; guard < 16 && run_cost(run) > COST_MAX; guard++) {
		if (!(mut & (1U << F_ITER)) && run->iterations > 1)
			run->iterations = 1;
		else if (!(mut & (1U << F_BATCH)) && run->batch != 1)
			run->batch = 1;
		else if (!(mut & (1U << F_WARMUP)) && run->warmup)
			run->warmup = 0;
		else if (!(mut & (1U << F_THREADS)) && run->threads > 1)
			run->threads = 1;
		else if (!(mut & (1U << F_NR)) && run->nr_ranges > 1 &&
			 run->layout != P2PBENCH_LAYOUT_USER)
			run->nr_ranges = 1;
		else if (!(mut & (1U << F_LEN)) && run->range_len > 2 * MIB)
			run->range_len = 2 * MIB;
		else
			break;
	}
	/* Everything heavy was mutated: give up the mutation of a count. */
	if (run_cost(run) > COST_MAX && run->iterations > 1 &&
	    run->iterations <= P2PBENCH_MAX_ITERS)
		run->iterations = 1;
	if (run_cost(run) > COST_MAX && run->warmup && run->warmup <= P2PBENCH_MAX_ITERS)
		run->warmup = 0;
	if (run_cost(run) > COST_MAX && run->threads > 1 && run->threads <= P2PBENCH_MAX_THREADS)
		run->threads = 1;
	if (run_cost(run) > COST_MAX && run->nr_ranges > 1024 &&
	    run->nr_ranges <= P2PBENCH_MAX_RANGES && run->layout != P2PBENCH_LAYOUT_USER)
		run->nr_ranges = 1024;
	/*
	 * Runnable but long counts are kept for the explicit extremes in
	 * edge_cases(); here a mutated count that would run stays small.
	 */
	if (run->iterations > 256 && run->iterations <= P2PBENCH_MAX_ITERS)
		run->iterations = 257;
	if (run->warmup > 16 && run->warmup <= P2PBENCH_MAX_ITERS)
		run->warmup = 16;
	if (run->threads > 8 && run->threads <= P2PBENCH_MAX_THREADS &&
	    run_cost(run) > COST_MAX)
		run->threads = 8;
}

/* ---------------- checking one RUN ---------------- */

static void bad(struct fuzz *f, const char *fmt, ...)
	__printf(2, 3);

static void bad(struct fuzz *f, const char *fmt, ...)
{
	va_list ap;

	f->st.bad++;
	printf("# BAD: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n#   case: %s\n", f->desc);
}

static void count_errno(struct fuzz *f, int e)
{
	f->st.errnos[e >= 0 && (size_t)e < ARRAY_SIZE(f->st.errnos) ? e : 0]++;
}

static void check_result(struct fuzz *f, const struct p2pbench_point *pt, __u64 want_bytes)
{
	const struct p2pbench_result *res = &pt->result;
	size_t i;

	if (res->verdict > P2PBENCH_VERDICT_MAP_ERROR)
		bad(f, "verdict %u out of range", res->verdict);
	else
		f->st.verdicts[res->verdict]++;
	if (res->path > P2PBENCH_PATH_IOMMU)
		bad(f, "path %u out of range", res->path);
	if (res->map_type > P2PBENCH_MAP_THRU_HOST_BRIDGE)
		bad(f, "map_type %u out of range", res->map_type);
	if (!str_terminated(res->msg, sizeof(res->msg)) ||
	    !str_terminated(res->importer_group_type, sizeof(res->importer_group_type)))
		bad(f, "result strings not NUL-terminated");
	if (res->pad)
		bad(f, "result pad %u not zero", res->pad);
	for (i = 0; i < ARRAY_SIZE(res->reserved); i++)
		if (res->reserved[i])
			bad(f, "result reserved[%zu] not zero", i);
	if (res->verdict == P2PBENCH_VERDICT_MAP_ERROR && res->status >= 0)
		bad(f, "map error with status %d", res->status);
	if (res->verdict == P2PBENCH_VERDICT_MAP_ERROR && !res->msg[0])
		bad(f, "map error without a message");
	if (res->verdict == P2PBENCH_VERDICT_FAIL && !res->msg[0])
		bad(f, "failed check without a message");
	if (res->verdict == P2PBENCH_VERDICT_PASS) {
		if (res->status)
			bad(f, "PASS with status %d", res->status);
		if (want_bytes && res->dma_len != want_bytes)
			bad(f, "PASS with dma_len %llu, asked for %llu bytes",
			    (unsigned long long)res->dma_len, (unsigned long long)want_bytes);
		if (!res->iterations)
			bad(f, "PASS after 0 iterations");
	}
	if (res->verdict == P2PBENCH_VERDICT_PASS || res->verdict == P2PBENCH_VERDICT_NONE) {
		if (res->map.min > res->map.max || res->unmap.min > res->unmap.max)
			bad(f, "latency min above max");
		if (res->map.p50 > res->map.max || res->map.p999 > res->map.max)
			bad(f, "map percentile above max");
	}
	if (pt->run.method < P2PBENCH_METHOD_COUNT && res->verdict == P2PBENCH_VERDICT_PASS)
		f->st.method_ok[pt->run.method]++;
	if ((res->verdict == P2PBENCH_VERDICT_FAIL || res->verdict == P2PBENCH_VERDICT_MAP_ERROR) &&
	    str_terminated(res->msg, sizeof(res->msg))) {
		char m[sizeof(f->st.fails[0])];
		unsigned int i;

		snprintf(m, sizeof(m), "%s %s: %s",
			 pt->run.method < P2PBENCH_METHOD_COUNT ?
			 method_names[pt->run.method] : "?",
			 res->verdict == P2PBENCH_VERDICT_FAIL ? "check failed" : "map error",
			 res->msg);
		/* Iteration and thread numbers differ; compare the first words. */
		for (i = 0; i < f->st.nfails; i++)
			if (!strncmp(f->st.fails[i], m, 48))
				break;
		if (i == f->st.nfails && i < ARRAY_SIZE(f->st.fails)) {
			memcpy(f->st.fails[i], m, strlen(m) + 1);
			f->st.nfails++;
			printf("# first of its kind: %s\n#   case: %s\n", m, f->desc);
		}
	}
}

/* Run one point; returns the ioctl's errno (0 when accepted). */
static int do_run(struct fuzz *f, enum kind k, struct p2pbench_point *pt, __u64 want_bytes)
{
	int ret, e;

	memset(&pt->result, 0, sizeof(pt->result));
	/* A marker: a refusal that promises msg must overwrite it. */
	memset(pt->result.msg, 0x5a, sizeof(pt->result.msg) - 1);
	ret = ioctl(f->fd, P2PBENCH_IOC_RUN, pt);
	e = ret ? errno : 0;
	if (!ret) {
		f->st.accepted[k]++;
		check_result(f, pt, want_bytes);
		return 0;
	}
	f->st.refused[k]++;
	count_errno(f, e);
	if (!in_set(e, run_errnos, ARRAY_SIZE(run_errnos)))
		bad(f, "RUN failed with errno %d (%s), not in the documented set", e, strerror(e));
	if (in_set(e, msg_errnos, ARRAY_SIZE(msg_errnos))) {
		if (!str_terminated(pt->result.msg, sizeof(pt->result.msg)) ||
		    (unsigned char)pt->result.msg[0] == 0x5a || !pt->result.msg[0])
			bad(f, "RUN refused with %s but result.msg says nothing", strerror(e));
	}
	if (f->verbose)
		printf("#   -> %s: %.*s\n", strerror(e), (int)sizeof(pt->result.msg),
		       str_terminated(pt->result.msg, sizeof(pt->result.msg)) ?
		       pt->result.msg : "");
	return e;
}

static void describe_run(struct fuzz *f, const struct p2pbench_run *run)
{
	addf(f->desc, sizeof(f->desc),
	     " v=%u m=%u nr=%u lay=%u len=0x%llx al=0x%llx gap=0x%llx off=0x%llx seed=0x%llx ptr=0x%llx dir=%u thr=%u it=%u dur=%u warm=%u bits=%u fl=0x%x batch=%u fd=%d pad=%u res=%llx,%llx,%llx",
	     run->version, run->method, run->nr_ranges, run->layout,
	     (unsigned long long)run->range_len, (unsigned long long)run->align,
	     (unsigned long long)run->gap, (unsigned long long)run->bar_offset,
	     (unsigned long long)run->seed, (unsigned long long)run->ranges_ptr,
	     run->direction, run->threads, run->iterations, run->duration_ms,
	     run->warmup, run->dma_bits, run->flags, run->batch, run->dmabuf_fd, run->pad,
	     (unsigned long long)run->reserved[0], (unsigned long long)run->reserved[1],
	     (unsigned long long)run->reserved[2]);
}

/* ---------------- case kinds ---------------- */

static void mutate_field(struct fuzz *f, struct rng *r, struct p2pbench_run *run, enum field fl)
{
	switch (fl) {
	case F_VERSION:
		run->version = chance(r, 50) ? (__u32)below(r, 4) : fuzz_u32(r);
		break;
	case F_METHOD:
		run->method = chance(r, 60) ? (__u32)below(r, P2PBENCH_METHOD_COUNT + 2) :
			      fuzz_u32(r);
		break;
	case F_NR: {
		static const __u32 v[] = {
			0, 1, 2, 3, 255, 256, 257, 4096, P2PBENCH_MAX_RANGES - 1,
			P2PBENCH_MAX_RANGES, P2PBENCH_MAX_RANGES + 1, 0x7fffffff, 0xffffffff,
		};
		run->nr_ranges = chance(r, 80) ? PICK(r, v) : fuzz_u32(r);
		break;
	}
	case F_LAYOUT:
		run->layout = chance(r, 60) ? (__u32)below(r, P2PBENCH_LAYOUT_COUNT + 2) :
			      fuzz_u32(r);
		if (run->layout == P2PBENCH_LAYOUT_USER)
			run->ranges_ptr = (uintptr_t)f->ranges;	/* whatever is in there */
		break;
	case F_LEN:
		run->range_len = fuzz_u64(r, f->bar_len);
		break;
	case F_ALIGN:
		run->align = fuzz_align(r);
		break;
	case F_GAP:
		run->gap = fuzz_u64(r, f->bar_len);
		break;
	case F_OFFSET:
		run->bar_offset = fuzz_u64(r, f->bar_len);
		break;
	case F_SEED:
		run->seed = chance(r, 50) ? 0 : rnd(r);
		break;
	case F_PTR:
		run->ranges_ptr = fuzz_u64(r, 0);
		break;
	case F_DIR:
		run->direction = chance(r, 60) ? (__u32)below(r, 6) : fuzz_u32(r);
		break;
	case F_THREADS: {
		static const __u32 v[] = {
			0, 1, 2, 4, 8, P2PBENCH_MAX_THREADS - 1, P2PBENCH_MAX_THREADS,
			P2PBENCH_MAX_THREADS + 1, 1024, 0x80000000, 0xffffffff,
		};
		run->threads = PICK(r, v);
		break;
	}
	case F_ITER: {
		static const __u32 v[] = {
			0, 1, 2, 3, 7, 255, 256, 257, P2PBENCH_MAX_ITERS,
			P2PBENCH_MAX_ITERS + 1, 0x80000000, 0xffffffff,
		};
		run->iterations = PICK(r, v);
		if (!run->iterations && !run->duration_ms && chance(r, 70))
			run->duration_ms = 1 + (__u32)below(r, 20);
		break;
	}
	case F_DURATION: {
		static const __u32 v[] = {
			0, 1, 5, 20, P2PBENCH_MAX_DURATION_MS + 1, 0x80000000, 0xffffffff,
		};
		run->duration_ms = PICK(r, v);
		if (chance(r, 50))
			run->iterations = 0;
		break;
	}
	case F_WARMUP: {
		static const __u32 v[] = {
			0, 1, 2, 100, P2PBENCH_MAX_ITERS, P2PBENCH_MAX_ITERS + 1, 0xffffffff,
		};
		run->warmup = PICK(r, v);
		break;
	}
	case F_DMABITS: {
		static const __u32 v[] = {
			0, 1, 8, 12, 16, 24, 31, 32, 33, 36, 39, 40, 48, 63, 64, 65, 128,
			0xffffffff,
		};
		run->dma_bits = PICK(r, v);
		break;
	}
	case F_FLAGS:
		run->flags = chance(r, 50) ? (__u32)below(r, 16) : 1U << below(r, 32);
		break;
	case F_BATCH: {
		static const __u32 v[] = { 0, 1, 2, 255, 256, 257, 4096, 0xffffffff };

		run->batch = PICK(r, v);
		break;
	}
	case F_DMABUF_FD: {
		const __s32 v[] = { -1, 0, 1, 2, f->fd, f->fd + 1, 1023, 0x7fffffff };

		run->dmabuf_fd = PICK(r, v);
		if (chance(r, 50))
			run->method = P2PBENCH_METHOD_VFIO;
		break;
	}
	case F_PAD:
		run->pad = chance(r, 50) ? 0 : fuzz_u32(r);
		break;
	case F_RESERVED:
		run->reserved[below(r, ARRAY_SIZE(run->reserved))] = chance(r, 50) ? 1 : rnd(r);
		break;
	default:
		break;
	}
}

/*
 * One field set to a value its rule forbids (uapi comments): a refusal is
 * certain unless another mutation undoes it. F_SEED has no invalid value.
 */
static void break_field(struct fuzz *f, struct rng *r, struct p2pbench_run *run, enum field fl)
{
	switch (fl) {
	case F_VERSION:
		run->version = chance(r, 50) ? (__u32)below(r, 1) : 2 + (__u32)below(r, 0xfffffffe);
		break;
	case F_METHOD:
		run->method = P2PBENCH_METHOD_COUNT +
			      (__u32)(chance(r, 50) ? below(r, 4) : rnd(r) % 0xfffffff0);
		break;
	case F_NR:
		run->nr_ranges = chance(r, 50) ? 0 :
				 P2PBENCH_MAX_RANGES + 1 + (__u32)below(r, 1000);
		break;
	case F_LAYOUT:
		run->layout = P2PBENCH_LAYOUT_COUNT + (__u32)below(r, 1000);
		break;
	case F_LEN:
		run->layout = (__u32)below(r, P2PBENCH_LAYOUT_USER);
		run->range_len = chance(r, 30) ? 0 : chance(r, 50) ? 1 + below(r, PAGE - 1) +
			PAGE * below(r, 16) : f->bar_len + PAGE * (1 + below(r, 4));
		break;
	case F_ALIGN:
		run->align = chance(r, 50) ? 1 + below(r, PAGE - 1) :
			     PAGE * (3 + 2 * below(r, 100));
		break;
	case F_GAP:
		run->layout = P2PBENCH_LAYOUT_GAPPED;
		run->gap = PAGE * below(r, 4) + 1 + below(r, PAGE - 1);
		break;
	case F_OFFSET:
		run->layout = (__u32)below(r, P2PBENCH_LAYOUT_USER);
		run->bar_offset = chance(r, 50) ? f->bar_len + PAGE * below(r, 4) :
				  1 + below(r, PAGE - 1);
		break;
	case F_PTR:
		run->layout = P2PBENCH_LAYOUT_USER;
		run->ranges_ptr = chance(r, 50) ? 0 : (uintptr_t)(f->guard + PAGE);
		break;
	case F_DIR:
		run->direction = 3 + (__u32)below(r, 1000);
		break;
	case F_THREADS:
		run->threads = chance(r, 50) ? 0 : P2PBENCH_MAX_THREADS + 1 + (__u32)below(r, 1000);
		break;
	case F_ITER:
		if (chance(r, 50)) {
			run->iterations = 0;
			run->duration_ms = 0;
		} else {
			run->iterations = P2PBENCH_MAX_ITERS + 1 + (__u32)below(r, 1000);
		}
		break;
	case F_DURATION:
		run->iterations = 0;
		run->duration_ms = P2PBENCH_MAX_DURATION_MS + 1 + (__u32)below(r, 1000);
		break;
	case F_WARMUP:
		run->warmup = P2PBENCH_MAX_ITERS + 1 + (__u32)below(r, 1000);
		break;
	case F_DMABITS:
		run->dma_bits = 65 + (__u32)below(r, 1000);
		break;
	case F_FLAGS:
		run->flags |= 1U << (3 + below(r, 29));
		break;
	case F_BATCH:
		run->batch = 257 + (__u32)below(r, 100000);
		break;
	case F_DMABUF_FD:
		/* Only method vfio takes a dma-buf. */
		if (run->method == P2PBENCH_METHOD_VFIO)
			run->method = P2PBENCH_METHOD_NULL;
		run->dmabuf_fd = chance(r, 50) ? f->fd : -1 - (__s32)below(r, 100);
		break;
	case F_PAD:
		run->pad = 1 + (__u32)below(r, 0xfffffffe);
		break;
	case F_RESERVED:
	default:
		run->reserved[below(r, ARRAY_SIZE(run->reserved))] = 1 + below(r, ~0ULL - 1);
		break;
	}
}

/*
 * Three runs in four break one field for sure and mutate up to three
 * more (validation, where a refusal is cheap); one in four only mutates,
 * and a quarter of those run (mapping with odd but valid parameters, at
 * the price of a whole point each).
 */
static void case_run(struct fuzz *f, struct rng *r)
{
	struct p2pbench_point pt;
	__u32 mut = 0;
	unsigned int n = 1 + (unsigned int)below(r, 4), i;
	int broken = -1;

	base_run(f, r, &pt.run);
	if (chance(r, 88)) {
		do
			broken = (int)below(r, F_NR_FIELDS);
		while (broken == F_SEED);
		mut |= 1U << broken;
		break_field(f, r, &pt.run, (enum field)broken);
		n--;
	}
	for (i = 0; i < n; i++) {
		enum field fl = (enum field)below(r, F_NR_FIELDS);

		mut |= 1U << fl;
		mutate_field(f, r, &pt.run, fl);
	}
	bound_run(&pt.run, mut);
	if (broken >= 0)
		addf(f->desc, sizeof(f->desc), " broken: %s;", field_names[broken]);
	addf(f->desc, sizeof(f->desc), " mutated:");
	for (i = 0; i < F_NR_FIELDS; i++)
		if (mut & (1U << i))
			addf(f->desc, sizeof(f->desc), " %s", field_names[i]);
	describe_run(f, &pt.run);
	do_run(f, K_RUN, &pt, pt.run.layout == P2PBENCH_LAYOUT_USER ? 0 :
	       run_bytes(&pt.run));
}

enum user_flavour {
	U_VALID, U_OUTSIDE, U_OVERLAP, U_ZERO, U_UNALIGNED_OFF, U_UNALIGNED_LEN,
	U_OVERFLOW, U_DUP, U_HUGE_VALID, U_HUGE_BAD_LAST, U_PTR_NULL,
	U_PTR_KERNEL, U_PTR_NONE, U_PTR_STRADDLE, U_PTR_RO, U_PTR_WRAP,
	U_PTR_UNALIGNED, U_RANDOM, U_NR,
};

static const char *const user_names[U_NR] = {
	"valid", "outside-bar", "overlap", "zero-len", "unaligned-offset",
	"unaligned-len", "overflow", "duplicate", "huge-valid", "huge-bad-last",
	"ptr-null", "ptr-kernel", "ptr-prot-none", "ptr-straddles-guard",
	"ptr-read-only", "ptr-wraps", "ptr-unaligned", "random-fields",
};

/* n valid, disjoint, page-aligned ranges in the BAR, in shuffled order. */
static __u64 fill_valid(struct fuzz *f, struct rng *r, __u32 n, __u64 len,
			__u64 align)
{
	__u64 stride, slots, base, bytes = 0;
	__u32 i;

	if (align < PAGE)
		align = PAGE;
	stride = (len + align - 1) / align * align;
	if (chance(r, 50))
		stride += align;	/* gaps */
	slots = f->bar_len / stride;
	if (slots < n) {
		stride = (len + align - 1) / align * align;
		slots = f->bar_len / stride;
	}
	base = slots > n ? below(r, slots - n + 1) : 0;
	for (i = 0; i < n; i++) {
		f->ranges[i].offset = (base + i) * stride;
		f->ranges[i].len = len;
		bytes += len;
	}
	/* Shuffle: user order is arbitrary, the module must not assume it. */
	for (i = n; i > 1; i--) {
		__u32 j = (__u32)below(r, i);
		struct p2pbench_range t = f->ranges[i - 1];

		f->ranges[i - 1] = f->ranges[j];
		f->ranges[j] = t;
	}
	return bytes;
}

static void case_user(struct fuzz *f, struct rng *r)
{
	static const __u64 lens[] = { PAGE, 2 * PAGE, 64 * KIB, 2 * MIB };
	enum user_flavour u = (enum user_flavour)below(r, U_NR);
	/* Valid lists run a whole point: one in five draws of them stays. */
	while ((u == U_VALID || u == U_HUGE_VALID || u == U_PTR_RO || u == U_PTR_UNALIGNED) &&
	       !chance(r, 20))
		u = (enum user_flavour)below(r, U_NR);
	struct p2pbench_point pt;
	__u32 n = 1 + (__u32)below(r, 16), i, j;
	__u64 len = PICK(r, lens), want = 0;
	__u32 mut = 1U << F_NR;

	base_run(f, r, &pt.run);
	pt.run.layout = P2PBENCH_LAYOUT_USER;
	pt.run.range_len = chance(r, 80) ? 0 : fuzz_u64(r, f->bar_len);	/* ignored for USER */
	pt.run.ranges_ptr = (uintptr_t)f->ranges;
	if (u == U_HUGE_VALID || u == U_HUGE_BAD_LAST) {
		/*
		 * 65536 valid ranges take seconds on a debug kernel: that
		 * runs once among the extremes; here a refused 65536 or a
		 * valid list of up to 2048.
		 */
		n = u == U_HUGE_BAD_LAST && chance(r, 50) ? P2PBENCH_MAX_RANGES :
		    1024 + (__u32)below(r, 1025);
		pt.run.align = 0;
	}
	if (n > 1 && n * len > f->bar_len / 2)
		len = PAGE;
	want = fill_valid(f, r, n, len, pt.run.align);
	i = (__u32)below(r, n);
	j = (__u32)below(r, n);

	switch (u) {
	case U_VALID:
	case U_HUGE_VALID:
		break;
	case U_OUTSIDE:
		f->ranges[i].offset = f->bar_len - (chance(r, 50) ? 0 : PAGE) + PAGE * below(r, 3);
		f->ranges[i].len = chance(r, 50) ? PAGE : 2 * PAGE;
		if (chance(r, 30))
			f->ranges[i].offset = fuzz_u64(r, f->bar_len) & ~(PAGE - 1);
		break;
	case U_OVERLAP:
		if (n < 2) {
			n = 2;
			want = fill_valid(f, r, n, len, pt.run.align);
			i = 0;
			j = 1;
		}
		if (i == j)
			j = (i + 1) % n;
		/* j starts inside i, possibly at the same offset. */
		f->ranges[j].offset = f->ranges[i].offset +
				      (f->ranges[i].len > PAGE && chance(r, 50) ? PAGE : 0);
		break;
	case U_ZERO:
		f->ranges[i].len = 0;
		break;
	case U_UNALIGNED_OFF:
		f->ranges[i].offset += 1 + below(r, PAGE - 1);
		break;
	case U_UNALIGNED_LEN:
		f->ranges[i].len += 1 + below(r, PAGE - 1);
		break;
	case U_OVERFLOW:
		f->ranges[i].offset = ~0ULL - PAGE * below(r, 4) + 1 - PAGE;
		f->ranges[i].len = chance(r, 50) ? 2 * PAGE : ~0ULL & ~(PAGE - 1);
		break;
	case U_DUP:
		if (n < 2) {
			n = 2;
			want = fill_valid(f, r, n, len, pt.run.align);
			i = 0;
			j = 1;
		}
		if (i == j)
			j = (i + 1) % n;
		f->ranges[j] = f->ranges[i];
		break;
	case U_HUGE_BAD_LAST:
		f->ranges[n - 1].offset = f->bar_len;
		break;
	case U_PTR_NULL:
		pt.run.ranges_ptr = 0;
		break;
	case U_PTR_KERNEL:
		pt.run.ranges_ptr = chance(r, 50) ? 0xffff888000000000ULL : 0xffffffff81000000ULL;
		break;
	case U_PTR_NONE:
		pt.run.ranges_ptr = (uintptr_t)(f->guard + PAGE);
		break;
	case U_PTR_STRADDLE:
		/* The first ranges are readable, the rest sit in the guard page. */
		n = 2 + (__u32)below(r, 8);
		pt.run.ranges_ptr = (uintptr_t)(f->guard + PAGE - sizeof(struct p2pbench_range));
		memset(f->guard, 0, PAGE);
		((struct p2pbench_range *)(uintptr_t)pt.run.ranges_ptr)->len = PAGE;
		want = 0;
		break;
	case U_PTR_RO:
		/* Reading is all the module may do: a read-only list is fine. */
		n = 1;
		pt.run.ranges_ptr = (uintptr_t)f->ro;
		want = PAGE;	/* f->ro holds { 0, PAGE } */
		break;
	case U_PTR_WRAP:
		pt.run.ranges_ptr = ~0ULL - sizeof(struct p2pbench_range) * below(r, 4);
		break;
	case U_PTR_UNALIGNED:
		/* Misaligned user pointers are legal; copy the list there. */
		{
			unsigned char *p = f->guard + 1 + below(r, 7);

			if (n * sizeof(struct p2pbench_range) + 8 > PAGE)
				n = 8;
			want = fill_valid(f, r, n, len, pt.run.align);
			memcpy(p, f->ranges, n * sizeof(struct p2pbench_range));
			pt.run.ranges_ptr = (uintptr_t)p;
		}
		break;
	case U_RANDOM:
		for (i = 0; i < n; i++) {
			f->ranges[i].offset = chance(r, 50) ? fuzz_u64(r, f->bar_len) :
					      f->ranges[i].offset;
			f->ranges[i].len = chance(r, 50) ? fuzz_u64(r, f->bar_len) :
					   f->ranges[i].len;
		}
		want = 0;
		break;
	default:
		break;
	}
	pt.run.nr_ranges = n;
	if (pt.run.ranges_ptr == (uintptr_t)f->ranges) {
		/* What an accepted list maps, whatever the flavour did to it. */
		want = 0;
		for (i = 0; i < n; i++)
			want = f->ranges[i].len > ~0ULL - want ? ~0ULL : want + f->ranges[i].len;
	}
	if (n > 64) {
		/* Big lists: page aligned, one thread, one pair, batch 1. */
		pt.run.align = 0;
		pt.run.threads = 1;
		pt.run.iterations = 1;
		pt.run.warmup = 0;
		pt.run.batch = 1;
		pt.run.flags &= ~P2PBENCH_RUN_VERIFY_ALL;
	}
	if (chance(r, 10)) {
		enum field fl = (enum field)below(r, F_NR_FIELDS);

		if (fl != F_PTR && fl != F_LAYOUT && fl != F_NR) {
			mut |= 1U << fl;
			mutate_field(f, r, &pt.run, fl);
			want = 0;
		}
	}
	bound_run(&pt.run, mut);
	addf(f->desc, sizeof(f->desc), " user=%s", user_names[u]);
	describe_run(f, &pt.run);
	if (n <= 4 && pt.run.ranges_ptr == (uintptr_t)f->ranges)
		for (i = 0; i < n; i++)
			addf(f->desc, sizeof(f->desc), " [0x%llx+0x%llx]",
			     (unsigned long long)f->ranges[i].offset,
			     (unsigned long long)f->ranges[i].len);
	do_run(f, K_USER, &pt, want);
}

static int do_setup(struct fuzz *f, const struct p2pbench_setup *s)
{
	int ret = ioctl(f->fd, P2PBENCH_IOC_SETUP, s);

	return ret ? errno : 0;
}

static int restore_setup(struct fuzz *f)
{
	struct p2pbench_info info;
	int e = do_setup(f, &f->setup);

	if (e) {
		bad(f, "the good SETUP fails after a fuzzed one: %s", strerror(e));
		return -1;
	}
	memset(&info, 0, sizeof(info));
	if (ioctl(f->fd, P2PBENCH_IOC_INFO, &info)) {
		bad(f, "INFO fails after SETUP: %s", strerror(errno));
		return -1;
	}
	if (!info.setup_done || info.bar_len != f->bar_len ||
	    info.methods_available != f->avail)
		bad(f,
		    "INFO after the good SETUP differs: setup_done %u bar_len 0x%llx methods 0x%x",
		    info.setup_done, (unsigned long long)info.bar_len, info.methods_available);
	return 0;
}

static void case_setup(struct fuzz *f, struct rng *r)
{
	struct p2pbench_setup s = f->setup;
	unsigned int n = 1 + (unsigned int)below(r, 3), i;
	int e;

	for (i = 0; i < n; i++) {
		switch (below(r, 11)) {
		case 0:
			s.version = chance(r, 50) ? (__u32)below(r, 4) : fuzz_u32(r);
			break;
		case 9:	/* EXPORTER_VFIO with an exporter bound to p2pbench, others */
			if (chance(r, 50))
				s.flags = chance(r, 50) ? P2PBENCH_SETUP_EXPORTER_VFIO :
					  fuzz_u32(r);
			else
				s.pad = fuzz_u32(r);
			break;
		case 1:
			s.bar = chance(r, 70) ? (__u32)below(r, 8) : fuzz_u32(r);
			break;
		case 2:	/* exporter and importer swapped, or the same device */
			if (chance(r, 50)) {
				struct p2pbench_bdf t = s.exporter;

				s.exporter = s.importer;
				s.importer = t;
			} else if (chance(r, 50)) {
				s.importer = s.exporter;
			} else {
				s.exporter = s.importer;
			}
			break;
		case 3:
			s.exporter.bus = (__u8)rnd(r);
			s.exporter.devfn = (__u8)rnd(r);
			break;
		case 4:
			s.importer.bus = (__u8)rnd(r);
			s.importer.devfn = (__u8)rnd(r);
			break;
		case 5:
			if (chance(r, 50))
				s.exporter.domain = fuzz_u32(r);
			else
				s.importer.domain = fuzz_u32(r);
			break;
		case 6:
			if (chance(r, 50))
				s.exporter.pad = (__u16)(1 + below(r, 0xffff));
			else
				s.importer.pad = (__u16)(1 + below(r, 0xffff));
			break;
		case 7:
			s.reserved[below(r, ARRAY_SIZE(s.reserved))] = chance(r, 50) ? 1 : rnd(r);
			break;
		case 8: /* the 00:00.0 host bridge: present, not bound to us */
			memset(chance(r, 50) ? &s.exporter : &s.importer, 0,
			       sizeof(struct p2pbench_bdf));
			break;
		default: /* unchanged: the good setup again */
			break;
		}
	}
	addf(f->desc, sizeof(f->desc),
	     " v=%u bar=%u exp=%x:%02x:%02x.%x/pad%x imp=%x:%02x:%02x.%x/pad%x fl=0x%x pad=%x res=%llx,%llx,%llx",
	     s.version, s.bar, s.exporter.domain, s.exporter.bus, s.exporter.devfn >> 3,
	     s.exporter.devfn & 7, s.exporter.pad, s.importer.domain, s.importer.bus,
	     s.importer.devfn >> 3, s.importer.devfn & 7, s.importer.pad, s.flags, s.pad,
	     (unsigned long long)s.reserved[0], (unsigned long long)s.reserved[1],
	     (unsigned long long)s.reserved[2]);
	e = do_setup(f, &s);
	if (e) {
		f->st.refused[K_SETUP]++;
		count_errno(f, e);
		if (!in_set(e, setup_errnos, ARRAY_SIZE(setup_errnos)))
			bad(f, "SETUP failed with errno %d (%s), not in the documented set",
			    e, strerror(e));
		if (f->verbose)
			printf("#   -> %s\n", strerror(e));
	} else {
		f->st.accepted[K_SETUP]++;
		/* Whatever it set up, a point on it must not crash. */
		if (chance(r, 30)) {
			struct p2pbench_point pt;

			base_run(f, r, &pt.run);
			pt.run.threads = 1;
			pt.run.nr_ranges = 1;
			pt.run.layout = P2PBENCH_LAYOUT_CONTIG;
			do_run(f, K_SETUP, &pt, 0);
		}
	}
	restore_setup(f);
}

static void case_info(struct fuzz *f, struct rng *r)
{
	struct p2pbench_info info;
	void *arg;
	int ret, e;
	bool good = false;

	switch (below(r, 7)) {
	case 0:
		arg = NULL;
		break;
	case 5:	/* a tool of uapi version 1: the old request number */
		addf(f->desc, sizeof(f->desc), " INFO_V1");
		memset(&info, 0xa5, sizeof(info));
		if (ioctl(f->fd, P2PBENCH_IOC_INFO_V1, &info)) {
			bad(f, "INFO_V1 failed: %s", strerror(errno));
			return;
		}
		f->st.accepted[K_INFO]++;
		if (info.version != 1 || info.bar_len != f->bar_len ||
		    info.methods_available != f->avail)
			bad(f, "INFO_V1: version %u bar_len 0x%llx methods 0x%x",
			    info.version, (unsigned long long)info.bar_len,
			    info.methods_available);
		/* Not a byte past the old size may be written. */
		if (((unsigned char *)&info)[P2PBENCH_INFO_V1_SIZE] != 0xa5)
			bad(f, "INFO_V1 wrote past %d bytes", P2PBENCH_INFO_V1_SIZE);
		return;
	case 1:
		arg = f->guard + PAGE;
		break;
	case 2:	/* straddles into the guard page */
		arg = f->guard + PAGE - sizeof(info) / 2;
		break;
	case 3:
		arg = f->ro;
		break;
	case 4:
		arg = (void *)(uintptr_t)0xffff888000000000ULL;
		break;
	default:
		arg = &info;
		good = true;
		break;
	}
	addf(f->desc, sizeof(f->desc), " arg=%p%s", arg, good ? " (good)" : "");
	memset(&info, 0xa5, sizeof(info));
	ret = ioctl(f->fd, P2PBENCH_IOC_INFO, arg);
	e = ret ? errno : 0;
	if (good) {
		if (ret) {
			bad(f, "INFO failed: %s", strerror(e));
			return;
		}
		f->st.accepted[K_INFO]++;
		if (info.version != P2PBENCH_UAPI_VERSION || !info.setup_done ||
		    info.bar_len != f->bar_len)
			bad(f, "INFO: version %u setup_done %u bar_len 0x%llx",
			    info.version, info.setup_done, (unsigned long long)info.bar_len);
		if (!str_terminated(info.importer_group_type, sizeof(info.importer_group_type)))
			bad(f, "INFO importer_group_type not NUL-terminated");
		if (info.nr_methods != P2PBENCH_METHOD_COUNT)
			bad(f, "INFO nr_methods %u", info.nr_methods);
		for (int m = 0; m < P2PBENCH_MAX_METHODS; m++) {
			if (!str_terminated(info.unavailable[m], sizeof(info.unavailable[m])))
				bad(f, "INFO unavailable[%d] not NUL-terminated", m);
			else if (m >= P2PBENCH_METHOD_COUNT && info.unavailable[m][0])
				bad(f, "INFO unavailable[%d] set past the methods", m);
		}
		for (size_t i = 0; i < ARRAY_SIZE(info.reserved); i++)
			if (info.reserved[i])
				bad(f, "INFO reserved[%zu] not zero", i);
		if (info.pad ||
		    (info.features & ~(P2PBENCH_FEATURE_HOLD | P2PBENCH_FEATURE_EXPORT)))
			bad(f, "INFO pad 0x%x, features 0x%x: unknown bits",
			    info.pad, info.features);
		if (info.exporter.pad || info.importer.pad)
			bad(f, "INFO bdf pad not zero");
		return;
	}
	if (!ret) {
		bad(f, "INFO through a bad pointer succeeded");
		return;
	}
	f->st.refused[K_INFO]++;
	count_errno(f, e);
	if (!in_set(e, info_errnos, ARRAY_SIZE(info_errnos)))
		bad(f, "INFO failed with errno %d (%s), expected EFAULT", e, strerror(e));
}

static void case_raw(struct fuzz *f, struct rng *r)
{
	static unsigned char junk[sizeof(struct p2pbench_point) + PAGE];
	unsigned long cmd;
	void *arg = junk;
	int ret, e, want = 0;
	size_t i;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rnd(r);
	switch (below(r, 11)) {
	case 0:	/* unknown command numbers of our magic */
		cmd = _IOC(below(r, 4), P2PBENCH_IOC_MAGIC, 6 + below(r, 250), below(r, 1024));
		want = ENOTTY;
		break;
	case 1:	/* our numbers with the wrong size */
		cmd = _IOC(_IOC_READ | _IOC_WRITE, P2PBENCH_IOC_MAGIC, 1 + below(r, 5),
			   sizeof(struct p2pbench_point) + 8 * (1 + below(r, 8)));
		want = ENOTTY;
		break;
	case 2:	/* our numbers with the wrong direction */
		cmd = _IOC(_IOC_NONE, P2PBENCH_IOC_MAGIC, 1 + below(r, 5), 0);
		want = ENOTTY;
		break;
	case 3:	/* another driver's magic */
		cmd = _IOWR('T', below(r, 256), int);
		want = ENOTTY;
		break;
	case 4:	/* RUN through bad pointers */
		cmd = P2PBENCH_IOC_RUN;
		arg = PICK(r, ((void *[]){
			NULL, f->guard + PAGE, f->ro,
			f->guard + PAGE - sizeof(struct p2pbench_run) / 2,
			(void *)(uintptr_t)0xffff888000000000ULL }));
		want = EFAULT;
		break;
	case 5:	/* a valid RUN on a read-only page: it runs, and copying
		 * the result out must fail cleanly with EFAULT; or a RUN
		 * whose result lies in the guard page (copy-in fails)
		 */
		{
			struct p2pbench_point *pt;

			if (chance(r, 30)) {
				mprotect(f->ro_point, PAGE, PROT_READ | PROT_WRITE);
				pt = (void *)f->ro_point;
			} else {
				pt = (void *)(f->guard + PAGE -
					      offsetof(struct p2pbench_point, result) -
					      8 * below(r, 4));
			}
			base_run(f, r, &pt->run);
			pt->run.threads = 1 + (__u32)below(r, 2);
			pt->run.iterations = 1;
			pt->run.nr_ranges = 1;
			pt->run.layout = P2PBENCH_LAYOUT_CONTIG;
			describe_run(f, &pt->run);
			if ((void *)pt == f->ro_point)
				mprotect(f->ro_point, PAGE, PROT_READ);
			arg = pt;
			cmd = P2PBENCH_IOC_RUN;
			want = EFAULT;
		}
		break;
	case 6:	/* SETUP through bad pointers */
		cmd = P2PBENCH_IOC_SETUP;
		arg = PICK(r, ((void *[]){
			NULL, f->guard + PAGE,
			f->guard + PAGE - sizeof(struct p2pbench_setup) / 2 }));
		want = EFAULT;
		break;
	case 7:	/* a RUN of random bytes with a valid version */
		((struct p2pbench_run *)junk)->version = P2PBENCH_UAPI_VERSION;
		if (chance(r, 50))
			memset(((struct p2pbench_run *)junk)->reserved, 0,
			       sizeof(((struct p2pbench_run *)junk)->reserved));
		/* Keep it bounded if it happens to be accepted. */
		bound_run((struct p2pbench_run *)junk, 0);
		cmd = P2PBENCH_IOC_RUN;
		want = -1;
		break;
	case 8:	/* a HOLD of random bytes with a valid version: the fuzz
		 * pair's exporter is p2pbench's, so nothing can be held
		 */
		{
			struct p2pbench_hold *h = (struct p2pbench_hold *)junk;

			h->run.version = P2PBENCH_UAPI_VERSION;
			if (chance(r, 50))
				h->op = 1 + (__u32)below(r, 4);
			if (chance(r, 50)) {
				h->flags = 0;
				h->pad = 0;
				h->importer.pad = 0;
				memset(h->reserved, 0, sizeof(h->reserved));
			}
			if (chance(r, 50))
				h->run.method = P2PBENCH_METHOD_VFIO;
			cmd = P2PBENCH_IOC_HOLD;
			want = -3;
		}
		break;
	case 9:	/* an EXPORT of random bytes with a valid version */
		{
			struct p2pbench_export *ex = (struct p2pbench_export *)junk;

			ex->run.version = P2PBENCH_UAPI_VERSION;
			if (chance(r, 50)) {
				ex->flags = 0;
				memset(ex->reserved, 0, sizeof(ex->reserved));
				bound_run(&ex->run, 0);
			}
			cmd = P2PBENCH_IOC_EXPORT;
			want = -4;
		}
		break;
	default:	/* a SETUP of random bytes with a valid version */
		((struct p2pbench_setup *)junk)->version = P2PBENCH_UAPI_VERSION;
		cmd = P2PBENCH_IOC_SETUP;
		want = -2;
		break;
	}
	addf(f->desc, sizeof(f->desc), " cmd=0x%lx arg=%p", cmd, arg);
	if (cmd == P2PBENCH_IOC_RUN && arg == junk)
		describe_run(f, (struct p2pbench_run *)junk);
	ret = ioctl(f->fd, cmd, arg);
	e = ret ? errno : 0;
	if (!ret) {
		f->st.accepted[K_RAW]++;
		if (want > 0)
			bad(f, "raw ioctl succeeded, expected %s", strerror(want));
		if (want == -4) {
			int xfd = ((struct p2pbench_export *)junk)->fd;

			if (xfd < 0 || close(xfd))
				bad(f, "EXPORT succeeded without a valid fd (%d)", xfd);
		}
		if (want == -2)
			restore_setup(f);
		return;
	}
	f->st.refused[K_RAW]++;
	count_errno(f, e);
	if (want > 0 && e != want)
		bad(f, "raw ioctl failed with %s, expected %s", strerror(e), strerror(want));
	if (want == -1 && !in_set(e, run_errnos, ARRAY_SIZE(run_errnos)))
		bad(f, "random RUN failed with errno %d (%s)", e, strerror(e));
	if (want == -4 && !in_set(e, export_errnos, ARRAY_SIZE(export_errnos)))
		bad(f, "random EXPORT failed with errno %d (%s)", e, strerror(e));
	if (want == -3) {
		if (!in_set(e, hold_errnos, ARRAY_SIZE(hold_errnos)))
			bad(f, "random HOLD failed with errno %d (%s)", e, strerror(e));
		else if (e != EFAULT && e != EINTR && e != ENOMEM &&
			 !str_terminated(((struct p2pbench_hold *)junk)->msg, P2PBENCH_MSG_LEN))
			bad(f, "random HOLD refused without a terminated msg");
	}
	if (want == -2) {
		if (!in_set(e, setup_errnos, ARRAY_SIZE(setup_errnos)))
			bad(f, "random SETUP failed with errno %d (%s)", e, strerror(e));
		restore_setup(f);
	}
}

/* ---------------- the known-good point ---------------- */

static __u32 good_method(const struct fuzz *f)
{
	static const __u32 prefer[] = {
		P2PBENCH_METHOD_PHYS, P2PBENCH_METHOD_RESOURCE, P2PBENCH_METHOD_IOVA,
		P2PBENCH_METHOD_BUSADDR, P2PBENCH_METHOD_HELPER, P2PBENCH_METHOD_ATTACH,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(prefer); i++)
		if (f->avail & (1U << prefer[i]))
			return prefer[i];
	return P2PBENCH_METHOD_NULL;
}

static int good_point(struct fuzz *f, struct p2pbench_result *out)
{
	struct p2pbench_point pt;

	memset(&pt, 0, sizeof(pt));
	pt.run.version = P2PBENCH_UAPI_VERSION;
	pt.run.method = good_method(f);
	pt.run.nr_ranges = 4;
	pt.run.layout = P2PBENCH_LAYOUT_GAPPED;
	pt.run.range_len = 64 * KIB;
	pt.run.gap = PAGE;
	pt.run.threads = 2;
	pt.run.iterations = 16;
	pt.run.warmup = 1;
	pt.run.flags = P2PBENCH_RUN_VERIFY_ALL;
	if (ioctl(f->fd, P2PBENCH_IOC_RUN, &pt))
		return -errno;
	*out = pt.result;
	return 0;
}

/* ---------------- explicit extremes ---------------- */

/*
 * The largest runnable values, once each: random cases keep accepted
 * points small, so these are the only long ones. Every one must be
 * accepted and give a sane result.
 */
static unsigned int edge_cases(struct fuzz *f, __u32 good, bool full)
{
	/*
	 * 65536 ranges through the IOMMU take about 50 s each on the debug lab
	 * kernel under TCG: by default they are validated, laid out and
	 * verified with methods that map without the IOMMU (busaddr, or null
	 * where busaddr cannot run); --full maps them with @good as well.
	 */
	__u32 big = f->avail & (1U << P2PBENCH_METHOD_BUSADDR) ? P2PBENCH_METHOD_BUSADDR :
		       P2PBENCH_METHOD_NULL;

	struct {
		const char *what;
		__u32 method, nr, layout, threads, iterations, warmup, batch, duration_ms;
		__u64 len;
	} e[] = {
		{ "null, 100000 iterations", P2PBENCH_METHOD_NULL, 1,
		  P2PBENCH_LAYOUT_CONTIG, 1, 100000, 0, 0, 0, PAGE },
		{ "null, 100000 warm-up pairs", P2PBENCH_METHOD_NULL, 1,
		  P2PBENCH_LAYOUT_CONTIG, 1, 1, 100000, 0, 0, PAGE },
		{ "null, P2PBENCH_MAX_ITERS + 1 iterations (refused)", P2PBENCH_METHOD_NULL, 1,
		  P2PBENCH_LAYOUT_CONTIG, 1, P2PBENCH_MAX_ITERS + 1, 0, 0, 0, PAGE },
		{ "P2PBENCH_MAX_THREADS + 1 threads (refused)", good, 1, P2PBENCH_LAYOUT_CONTIG,
		  P2PBENCH_MAX_THREADS + 1, 1, 0, 1, 0, PAGE },
		{ "P2PBENCH_MAX_RANGES + 1 ranges (refused)", good, P2PBENCH_MAX_RANGES + 1,
		  P2PBENCH_LAYOUT_CONTIG, 1, 1, 0, 1, 0, PAGE },
		{ "P2PBENCH_MAX_THREADS threads", good, 1, P2PBENCH_LAYOUT_CONTIG,
		  P2PBENCH_MAX_THREADS, 2, 0, 1, 0, PAGE },
		{ "P2PBENCH_MAX_RANGES contiguous 4 KiB ranges", P2PBENCH_METHOD_NULL,
		  P2PBENCH_MAX_RANGES, P2PBENCH_LAYOUT_CONTIG, 1, 1, 0, 1, 0, PAGE },
		{ "P2PBENCH_MAX_RANGES random 4 KiB ranges", big, P2PBENCH_MAX_RANGES,
		  P2PBENCH_LAYOUT_RANDOM, 1, 1, 0, 1, 0, PAGE },
		{ "P2PBENCH_MAX_RANGES USER 4 KiB ranges, shuffled", big, P2PBENCH_MAX_RANGES,
		  P2PBENCH_LAYOUT_USER, 1, 1, 0, 1, 0, PAGE },
		{ "P2PBENCH_MAX_RANGES random 4 KiB ranges (--full)", good, P2PBENCH_MAX_RANGES,
		  P2PBENCH_LAYOUT_RANDOM, 1, 1, 0, 1, 0, PAGE },
		{ "P2PBENCH_MAX_RANGES USER 4 KiB ranges, shuffled (--full)", good,
		  P2PBENCH_MAX_RANGES, P2PBENCH_LAYOUT_USER, 1, 1, 0, 1, 0, PAGE },
		{ "one range of the whole BAR", good, 1, P2PBENCH_LAYOUT_CONTIG, 1, 2, 0, 1, 0, 0 },
		{ "batch 256", good, 1, P2PBENCH_LAYOUT_CONTIG, 1, 256, 0,
		  256, 0, PAGE },
		{ "duration_ms 50, iterations 0", good, 2, P2PBENCH_LAYOUT_GAPPED, 2, 0, 0, 0,
		  50, PAGE },
	};
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(e); i++) {
		struct p2pbench_point pt;
		struct timespec t0, t1;
		int err;

		if (!full && strstr(e[i].what, "(--full)"))
			continue;
		memset(&pt, 0, sizeof(pt));
		pt.run.version = P2PBENCH_UAPI_VERSION;
		pt.run.method = e[i].method;
		pt.run.nr_ranges = e[i].nr;
		pt.run.layout = e[i].layout;
		pt.run.range_len = e[i].len ? e[i].len : f->bar_len;
		pt.run.gap = e[i].layout == P2PBENCH_LAYOUT_GAPPED ? PAGE : 0;
		pt.run.seed = 1;
		pt.run.threads = e[i].threads;
		pt.run.iterations = e[i].iterations;
		pt.run.warmup = e[i].warmup;
		pt.run.batch = e[i].batch;
		pt.run.duration_ms = e[i].duration_ms;
		if (e[i].layout == P2PBENCH_LAYOUT_USER) {
			struct rng r = { 1 };

			fill_valid(f, &r, e[i].nr, e[i].len, PAGE);
			pt.run.ranges_ptr = (uintptr_t)f->ranges;
		}
		snprintf(f->desc, sizeof(f->desc), "edge case %u (%s, method %s):", i,
			 e[i].what, method_names[e[i].method]);
		describe_run(f, &pt.run);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		err = do_run(f, K_RUN, &pt, pt.run.range_len * pt.run.nr_ranges);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		f->st.cases[K_RUN]++;
		n++;
		printf("# edge: %-46s %s verdict %u status %d iterations %llu, %.2f s%s%s\n",
		       e[i].what, err ? strerror(err) : "ran", pt.result.verdict, pt.result.status,
		       (unsigned long long)pt.result.iterations,
		       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		       pt.result.msg[0] && str_terminated(pt.result.msg, sizeof(pt.result.msg)) ?
		       ": " : "",
		       str_terminated(pt.result.msg, sizeof(pt.result.msg)) ? pt.result.msg : "");
		if (strstr(e[i].what, "(refused)")) {
			if (err != EINVAL)
				bad(f, "edge case not refused with EINVAL: %s",
				    err ? strerror(err) : "ran");
		} else if (err) {
			bad(f, "edge case refused: %s", strerror(err));
		}
		if (taint_check(f, e[i].what))
			bad(f, "kernel tainted 0x%llx by the edge case",
			    (unsigned long long)f->tainted);
	}
	return n;
}

/* ---------------- one point, for scripts ---------------- */

/* Lock-free, so a signal handler may update it (C11 7.14.1.1). */
static atomic_int got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

static __u32 method_by_name(const char *n)
{
	__u32 m;

	for (m = 0; m < P2PBENCH_METHOD_COUNT; m++)
		if (!strcmp(n, method_names[m]))
			return m;
	return (__u32)strtoul(n, NULL, 0);
}

/*
 * --point: run one point on the pair already set up and print one line a
 * script can parse. With --fail-nth N the Nth fault-injection site of this
 * task's ioctl (failslab, fail_page_alloc, usercopy) fails; "injected=1"
 * says whether it was reached. Exit: 0 pass (or none), 1 the point failed
 * (map error or check), 2 the ioctl failed, 3 usage or open error.
 */
static int point_main(int argc, char **argv)
{
	static const char *const verdicts[] = { "none", "pass", "fail", "map-error" };
	struct p2pbench_point pt;
	unsigned int fail_nth = 0;
	int fd, nth_fd = -1, ret, e, ai, injected = 0;
	char buf[32];

	/* A shell's background job ignores SIGINT; a user's Ctrl-C does not. */
	signal(SIGINT, SIG_DFL);
	memset(&pt, 0, sizeof(pt));
	pt.run.version = P2PBENCH_UAPI_VERSION;
	pt.run.method = P2PBENCH_METHOD_PHYS;
	pt.run.nr_ranges = 1;
	pt.run.range_len = 64 * KIB;
	pt.run.threads = 1;
	pt.run.iterations = 16;
	pt.run.warmup = 1;
	for (ai = 2; ai < argc; ai++) {
		const char *o = argv[ai], *v = ai + 1 < argc ? argv[ai + 1] : NULL;

		if (!strcmp(o, "--usr1-handler")) {
			signal(SIGUSR1, on_usr1);
			continue;
		}
		if (!v) {
			fprintf(stderr, "p2pbench_fuzz --point: %s needs a value\n", o);
			return 3;
		}
		ai++;
		if (!strcmp(o, "--method")) {
			pt.run.method = method_by_name(v);
		} else if (!strcmp(o, "--nr")) {
			pt.run.nr_ranges = (__u32)strtoul(v, NULL, 0);
		} else if (!strcmp(o, "--len")) {
			pt.run.range_len = strtoull(v, NULL, 0);
		} else if (!strcmp(o, "--gap")) {
			pt.run.gap = strtoull(v, NULL, 0);
			pt.run.layout = P2PBENCH_LAYOUT_GAPPED;
		} else if (!strcmp(o, "--offset")) {
			pt.run.bar_offset = strtoull(v, NULL, 0);
		} else if (!strcmp(o, "--threads")) {
			pt.run.threads = (__u32)strtoul(v, NULL, 0);
		} else if (!strcmp(o, "--iterations")) {
			pt.run.iterations = (__u32)strtoul(v, NULL, 0);
		} else if (!strcmp(o, "--warmup")) {
			pt.run.warmup = (__u32)strtoul(v, NULL, 0);
		} else if (!strcmp(o, "--duration")) {
			pt.run.duration_ms = (__u32)strtoul(v, NULL, 0);
			pt.run.iterations = 0;
		} else if (!strcmp(o, "--batch")) {
			pt.run.batch = (__u32)strtoul(v, NULL, 0);
		} else if (!strcmp(o, "--dma-bits")) {
			pt.run.dma_bits = (__u32)strtoul(v, NULL, 0);
		} else if (!strcmp(o, "--flags")) {
			pt.run.flags = (__u32)strtoul(v, NULL, 0);
		} else if (!strcmp(o, "--fail-nth")) {
			fail_nth = (unsigned int)strtoul(v, NULL, 0);
		} else {
			fprintf(stderr, "p2pbench_fuzz --point: unknown option %s\n", o);
			return 3;
		}
	}

	fd = open(ctl_path(), O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("POINT errno=%s verdict=- status=0 msg=\"open %s\"\n",
		       strerrorname_np(errno), ctl_path());
		return 3;
	}
	if (fail_nth) {
		/* Opened first: opening it later could itself be the Nth site. */
		nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
		if (nth_fd < 0 || dprintf(nth_fd, "%u", fail_nth) < 0) {
			printf("POINT errno=%s verdict=- status=0 msg=\"fail-nth\"\n",
			       strerrorname_np(errno));
			return 3;
		}
	}
	ret = ioctl(fd, P2PBENCH_IOC_RUN, &pt);
	e = ret ? errno : 0;
	if (nth_fd >= 0) {
		ssize_t n = pread(nth_fd, buf, sizeof(buf) - 1, 0);

		/*
		 * "0": the Nth site was reached and failed. A failed read is
		 * the usercopy site of the read itself: not reached before.
		 */
		injected = n > 0 && buf[0] == '0';
		if (write(nth_fd, "0", 1) < 0)
			injected = -1;
		close(nth_fd);
	}
	fprintf(stdout,
		"POINT errno=%s verdict=%s status=%d iterations=%llu map_calls=%llu unmap_calls=%llu sg_nents=%llu injected=%d usr1=%d msg=\"%.*s\"\n",
		e ? strerrorname_np(e) : "0",
		e && !pt.result.msg[0] ? "-" : verdicts[pt.result.verdict & 3],
		pt.result.status, (unsigned long long)pt.result.iterations,
		(unsigned long long)pt.result.iommu_map_calls,
		(unsigned long long)pt.result.iommu_unmap_calls,
		(unsigned long long)pt.result.sg_nents, injected, (int)got_usr1,
		(int)sizeof(pt.result.msg), pt.result.msg);
	fflush(stdout);
	if (e)
		return 2;
	return pt.result.verdict == P2PBENCH_VERDICT_PASS ||
	       pt.result.verdict == P2PBENCH_VERDICT_NONE ? 0 : 1;
}

/* ---------------- main ---------------- */

static void print_usage(FILE *o)
{
	fprintf(o,
		"usage: p2pbench_fuzz [--seed N] [--cases N] [--first N] [--no-edges] [--full] [-v]\n"
		"       p2pbench_fuzz --point [--method M] [--nr N] [--len B] [--gap B] [--offset B]\n"
		"                     [--threads N] [--iterations N] [--warmup N] [--duration MS]\n"
		"                     [--batch N] [--dma-bits N] [--flags N] [--fail-nth N] [--usr1-handler]\n"
		"  The pair: P2PBENCH_EXPORTER=BDF[:BAR] P2PBENCH_IMPORTER=BDF, bound to\n"
		"  the p2pbench driver. --first N --cases 1 -v replays case N. --full also maps\n"
		"  65536 ranges through the IOMMU (minutes on a debug kernel).\n"
		"  Defaults: --seed 0x5eed --cases 10000 --first 0\n");
}

int main(int argc, char **argv)
{
	static struct fuzz fz;
	struct fuzz *f = &fz;
	__u64 cases = 10000, first = 0, c, taint0, ran = 0;
	bool edges = true, full = false;
	struct p2pbench_result before, after;
	int before_err, after_err, ai, ret;
	const char *e, *i;
	__u32 bar;
	struct timespec t0, t1, c0, c1;
	unsigned int tap = 0;

	/* Progress shows as it happens, also through a pipe (tee). */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--point"))
		return point_main(argc, argv);
	if (argc > 2 && !strcmp(argv[1], "--time-ioctls")) {
		/* Cost of a refused RUN (the module logs each) and of INFO. */
		struct p2pbench_point pt;
		struct p2pbench_info info;
		int fd = open(ctl_path(), O_RDWR | O_CLOEXEC), n = atoi(argv[2]), i;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < n; i++) {
			memset(&pt, 0, sizeof(pt));
			(void)!ioctl(fd, P2PBENCH_IOC_RUN, &pt);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("refused RUN: %.3f ms each\n",
		       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e6 / n);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < n; i++)
			(void)!ioctl(fd, P2PBENCH_IOC_INFO, &info);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("INFO: %.3f ms each\n",
		       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e6 / n);
		for (int th = 1; th <= 4; th *= 4) {
			clock_gettime(CLOCK_MONOTONIC, &t0);
			for (i = 0; i < 20; i++) {
				memset(&pt, 0, sizeof(pt));
				pt.run.version = 1;
				pt.run.nr_ranges = 1;
				pt.run.range_len = PAGE;
				pt.run.threads = th;
				pt.run.iterations = 1;
				pt.run.batch = 1;
				(void)!ioctl(fd, P2PBENCH_IOC_RUN, &pt);
			}
			clock_gettime(CLOCK_MONOTONIC, &t1);
			printf("null RUN, %d threads: %.3f ms each\n", th,
			       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
			       1e6 / 20);
		}
		return 0;
	}
	f->seed = 0x5eed;
	for (ai = 1; ai < argc; ai++) {
		if (!strcmp(argv[ai], "--seed") && ai + 1 < argc) {
			f->seed = strtoull(argv[++ai], NULL, 0);
		} else if (!strcmp(argv[ai], "--cases") && ai + 1 < argc) {
			cases = strtoull(argv[++ai], NULL, 0);
		} else if (!strcmp(argv[ai], "--first") && ai + 1 < argc) {
			first = strtoull(argv[++ai], NULL, 0);
		} else if (!strcmp(argv[ai], "--no-edges")) {
			edges = false;
		} else if (!strcmp(argv[ai], "--full")) {
			full = true;
		} else if (!strcmp(argv[ai], "-v")) {
			f->verbose = true;
		} else {
			/* -h or --help: usage on stdout, exit 0; else an error */
			bool help = !strcmp(argv[ai], "-h") || !strcmp(argv[ai], "--help");

			print_usage(help ? stdout : stderr);
			return help ? 0 : 2;
		}
	}

	printf("TAP version 13\n1..4\n");
	e = getenv("P2PBENCH_EXPORTER");
	i = getenv("P2PBENCH_IMPORTER");
	if (pair_from_env(&f->setup)) {
		printf("not ok 1 - pair from P2PBENCH_EXPORTER=BDF[:BAR] P2PBENCH_IMPORTER=BDF\n");
		return 1;
	}
	bar = f->setup.bar;
	f->fd = open(ctl_path(), O_RDWR | O_CLOEXEC);
	if (f->fd < 0) {
		printf("not ok 1 - open %s: %s\n", ctl_path(), strerror(errno));
		return 1;
	}
	if (do_setup(f, &f->setup) || ioctl(f->fd, P2PBENCH_IOC_INFO, &f->info)) {
		printf("not ok 1 - SETUP %s:%u -> %s and INFO: %s\n", e, bar, i, strerror(errno));
		return 1;
	}
	f->avail = f->info.methods_available;
	f->bar_len = f->info.bar_len;
	fprintf(stdout,
		"ok %u - setup %s BAR %u -> %s: BAR 0x%llx bytes, methods 0x%x, group %s, map type %u\n",
		++tap, e, bar, i, (unsigned long long)f->bar_len, f->avail,
		f->info.importer_group_type, f->info.map_type);

	f->guard = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f->ro = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f->ro_point = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f->ranges = calloc(P2PBENCH_MAX_RANGES + 1, sizeof(*f->ranges));
	if (f->guard == MAP_FAILED || f->ro == MAP_FAILED || f->ro_point == MAP_FAILED ||
	    !f->ranges ||
	    mprotect(f->guard + PAGE, PAGE, PROT_NONE)) {
		printf("not ok 2 - buffers: %s\n", strerror(errno));
		return 1;
	}
	((struct p2pbench_range *)f->ro)->offset = 0;
	((struct p2pbench_range *)f->ro)->len = PAGE;
	mprotect(f->ro, PAGE, PROT_READ);

	before_err = good_point(f, &before);
	fprintf(stdout,
		"# known-good point (%s, 4 x 64 KiB gapped, 2 threads): %s verdict %u status %d %s\n",
		method_names[good_method(f)], before_err ? strerror(-before_err) : "ran",
		before.verdict, before.status, before.msg);

	f->tainted = read_tainted();
	taint0 = f->tainted;
	f->known_dma_debug = known_bug("dma-debug-mmio");
	f->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (f->kmsg >= 0)
		lseek(f->kmsg, 0, SEEK_END);
	if (f->tainted)
		fprintf(stdout,
			"# kernel tainted 0x%llx before the fuzz (an out-of-tree module sets 0x1000): only changes count\n",
			(unsigned long long)f->tainted);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (edges && !first)
		ran += edge_cases(f, good_method(f), full);
	for (c = first; c < first + cases; c++) {
		struct rng r = { f->seed ^ (c * 0xd1342543de82ef95ULL) };
		enum kind k;
		__u64 roll;
		double dt;

		splitmix64(&r.s);
		roll = below(&r, 100);
		k = roll < 55 ? K_RUN : roll < 80 ? K_USER : roll < 87 ? K_SETUP :
		    roll < 92 ? K_INFO : K_RAW;
		f->st.cases[k]++;
		snprintf(f->desc, sizeof(f->desc), "--seed 0x%llx --first %llu: %s",
			 (unsigned long long)f->seed, (unsigned long long)c, kind_names[k]);
		clock_gettime(CLOCK_MONOTONIC, &c0);
		switch (k) {
		case K_RUN:
			case_run(f, &r);
			break;
		case K_USER:
			case_user(f, &r);
			break;
		case K_SETUP:
			case_setup(f, &r);
			break;
		case K_INFO:
			case_info(f, &r);
			break;
		default:
			case_raw(f, &r);
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &c1);
		dt = (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
		f->st.secs[k] += dt;
		if (dt > 2.0)
			printf("# slow case (%.1f s): %s\n", dt, f->desc);
		if (f->verbose)
			printf("# %s\n", f->desc);
		ran++;
		if (taint_check(f, f->desc)) {
			f->st.bad++;
			break;	/* stop here: the kernel is suspect */
		}
		if (c % 250 == 249) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			printf("# %llu cases, %.1f s\n", (unsigned long long)(c + 1 - first),
			       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
			fflush(stdout);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("# %llu cases in %.1f s, seed 0x%llx, first %llu\n", (unsigned long long)ran,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       (unsigned long long)f->seed, (unsigned long long)first);
	for (int k = 0; k < K_NR; k++)
		printf("#   %-6s %6llu cases, %6llu accepted, %6llu refused, %.1f s\n",
		       kind_names[k], (unsigned long long)f->st.cases[k],
		       (unsigned long long)f->st.accepted[k],
		       (unsigned long long)f->st.refused[k], f->st.secs[k]);
	printf("#   errnos:");
	for (size_t x = 0; x < ARRAY_SIZE(f->st.errnos); x++)
		if (f->st.errnos[x])
			printf(" %s=%llu", x ? strerrorname_np((int)x) : "other",
			       (unsigned long long)f->st.errnos[x]);
	printf("\n#   verdicts: none=%llu pass=%llu fail=%llu map-error=%llu\n",
	       (unsigned long long)f->st.verdicts[0], (unsigned long long)f->st.verdicts[1],
	       (unsigned long long)f->st.verdicts[2], (unsigned long long)f->st.verdicts[3]);
	printf("#   passes per method:");
	for (int m = 0; m < P2PBENCH_METHOD_COUNT; m++)
		printf(" %s=%llu", method_names[m], (unsigned long long)f->st.method_ok[m]);
	printf("\n");
	printf("FUZZ-CASES %llu\n", (unsigned long long)ran);
	fprintf(stdout,
		"%s %u - %llu fuzz cases: every refusal with a documented errno and a reason, every result sane (%llu bad)\n",
		f->st.bad ? "not ok" : "ok", ++tap, (unsigned long long)ran,
		(unsigned long long)f->st.bad);
	printf("FUZZ-KNOWN-WARNS %llu\n", (unsigned long long)f->st.known_warns);
	printf("%s %u - kernel not tainted by the fuzz (0x%llx before, 0x%llx after)%s\n",
	       read_tainted() == f->tainted ? "ok" : "not ok", ++tap,
	       (unsigned long long)taint0, (unsigned long long)read_tainted(),
	       f->st.known_warns ? " # XFAIL dma-debug-mmio WARN (known kernel bug)" : "");

	restore_setup(f);
	after_err = good_point(f, &after);
	printf("# known-good point after: %s verdict %u status %d %s\n",
	       after_err ? strerror(-after_err) : "ran", after.verdict, after.status, after.msg);
	if (after_err == before_err && (after_err || (after.verdict == before.verdict &&
						      after.status == before.status &&
						      after.verdict != P2PBENCH_VERDICT_FAIL)))
		fprintf(stdout,
			"ok %u - module usable after the fuzz: the known-good point gives what it gave before\n",
			++tap);
	else
		fprintf(stdout,
			"not ok %u - module usable after the fuzz: known-good point %s -> %s, verdict %u -> %u\n",
			++tap, before_err ? strerror(-before_err) : "ran",
			after_err ? strerror(-after_err) : "ran", before.verdict, after.verdict);
	ret = f->st.bad || read_tainted() != f->tainted ? 1 : 0;
	printf("FUZZ-RC %d\n", ret);
	return ret;
}
