// SPDX-License-Identifier: GPL-2.0-only
/*
 * kselftest of the p2pbench module: does every mapping method produce what
 * it must for the pair that is set up, does the module refuse bad input
 * with a reason, and are the per-mapping counts deterministic?
 *
 * The pair comes from the caller: either already bound and set up
 * (`p2pbench bind --exporter BDF[:BAR] --importer BDF`), or named by
 * P2PBENCH_EXPORTER=BDF[:BAR] and P2PBENCH_IMPORTER=BDF (devices bound to
 * the p2pbench driver), in which case this test does the SETUP itself.
 *
 * Expectations are derived from the kernel code each method runs
 * (7.2: drivers/dma-buf/dma-buf-mapping.c, drivers/iommu/dma-iommu.c), the
 * pair's map type and the importer's IOMMU domain, never from what the
 * module happened to return once:
 *   - one iommu:map event per iommu_map() call: per range for
 *     dma_map_phys()/dma_map_resource() and for each dma_iova_link();
 *     one iommu:unmap per range, or one for a whole dma_iova_destroy();
 *   - sg entries are at most MAX_SG_ENT_SZ = ALIGN_DOWN(UINT_MAX,
 *     PAGE_SIZE) long: per range when each range is mapped on its own,
 *     for the whole buffer when it sits in one IOVA range;
 *   - the dma-buf helper maps bus addresses for a BUS_ADDR pair, an IOVA
 *     through the host bridge in a DMA domain, dma_map_phys() through the
 *     host bridge otherwise, and refuses a NOT_SUPPORTED pair.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glob.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <linux/p2pbench.h>
#include <linux/types.h>

#include "kselftest_harness.h"
#include "p2pbench_utils.h"

#define DRIVER_DIR	"/sys/bus/pci/drivers/p2pbench"
#define MAP_ANY		(-1)	/* a variant valid for every map type */

static const char *const map_names[] = {
	"unknown", "not-supported", "bus-addr", "thru-host-bridge",
};

static const char *const path_names[] = {
	"none", "bus-addr", "direct", "iova", "iommu",
};

static const char *name_of(const char *const *table, size_t n, size_t v)
{
	return v < n ? table[v] : "?";
}

/* sizeof() does not evaluate table: NAME() evaluates each argument once */
#define NAME(table, v) name_of(table, sizeof(table) / sizeof((table)[0]), v)

/* ---------------- the module and the pair ---------------- */

struct ctx {
	int fd;
	struct p2pbench_info info;
	__u64 page;
	bool translated;	/* importer in a DMA or DMA-FQ domain */
};

/*
 * SETUP the pair named by P2PBENCH_EXPORTER/P2PBENCH_IMPORTER. 1 when the
 * variables are not set, 0 when set up, -1 with WHY on failure.
 */
static int setup_from_env(int fd, char *why, size_t len)
{
	const char *e = getenv("P2PBENCH_EXPORTER"), *i = getenv("P2PBENCH_IMPORTER");
	struct p2pbench_setup s;
	int r = pair_from_env(&s);

	if (r < 0)
		snprintf(why, len, "P2PBENCH_EXPORTER='%s' / P2PBENCH_IMPORTER='%s': not BDF",
			 e, i);
	if (r)
		return r;
	if (ioctl(fd, P2PBENCH_IOC_SETUP, &s)) {
		snprintf(why, len, "SETUP %s BAR %u -> %s: %s (p2pbench bind binds and sets up)",
			 e, s.bar, i, strerror(errno));
		return -1;
	}
	return 0;
}

static int get_info(int fd, struct p2pbench_info *info)
{
	memset(info, 0, sizeof(*info));
	return ioctl(fd, P2PBENCH_IOC_INFO, info) ? -errno : 0;
}

/*
 * Open the module and make sure a pair is set up. Returns 0, KSFT_SKIP
 * when this machine cannot run the test (WHY says why), or KSFT_FAIL.
 */
static int ctx_open(struct ctx *c, bool need_setup, char *why, size_t len)
{
	int r;

	memset(c, 0, sizeof(*c));
	c->page = (__u64)sysconf(_SC_PAGESIZE);
	c->fd = open(ctl_path(), O_RDWR | O_CLOEXEC);
	if (c->fd < 0) {
		snprintf(why, len, "%s: %s (p2pbench module not loaded, or debugfs not mounted)",
			 ctl_path(), strerror(errno));
		return KSFT_SKIP;
	}
	r = setup_from_env(c->fd, why, len);
	if (r < 0)
		return KSFT_FAIL;
	if (get_info(c->fd, &c->info)) {
		snprintf(why, len, "P2PBENCH_IOC_INFO: %s", strerror(errno));
		return KSFT_FAIL;
	}
	if (c->info.version != P2PBENCH_UAPI_VERSION) {
		snprintf(why, len, "module uapi version %u, test built for %u",
			 c->info.version, P2PBENCH_UAPI_VERSION);
		return KSFT_FAIL;
	}
	if (need_setup && !c->info.setup_done) {
		snprintf(why, len,
			 "no pair set up: p2pbench bind, or P2PBENCH_EXPORTER/IMPORTER");
		return KSFT_SKIP;
	}
	c->translated = !strncmp(c->info.importer_group_type, "DMA",
				 sizeof(c->info.importer_group_type));
	c->translated |= !strncmp(c->info.importer_group_type, "DMA-FQ",
				  sizeof(c->info.importer_group_type));
	return 0;
}

/* ---------------- one point ---------------- */

/*
 * nr ranges of len bytes; several ranges get a page between them so no
 * two are physically adjacent and nothing can merge them silently.
 */
static void point_init(struct p2pbench_point *pt, const struct ctx *c, unsigned int method,
		       unsigned int nr, __u64 len, unsigned int iterations)
{
	memset(pt, 0, sizeof(*pt));
	pt->run.version = P2PBENCH_UAPI_VERSION;
	pt->run.method = method;
	pt->run.nr_ranges = nr;
	pt->run.range_len = len;
	pt->run.layout = nr > 1 ? P2PBENCH_LAYOUT_GAPPED : P2PBENCH_LAYOUT_CONTIG;
	pt->run.gap = nr > 1 ? c->page : 0;
	pt->run.direction = P2PBENCH_DIR_BIDIRECTIONAL;
	pt->run.threads = 1;
	pt->run.iterations = iterations;
	pt->run.warmup = 1;
	/*
	 * One op per sample: the module then has no reason to time more
	 * iterations than asked, and result.iterations must match.
	 */
	pt->run.batch = 1;
}

/* 0, or the errno of a refused RUN (result.msg says why). */
static int run(const struct ctx *c, struct p2pbench_point *pt)
{
	memset(&pt->result, 0, sizeof(pt->result));
	return ioctl(c->fd, P2PBENCH_IOC_RUN, pt) ? errno : 0;
}

/* ---------------- what a method must produce ---------------- */

enum outcome {
	MUST_PASS,	/* verdict pass, counts as below */
	MUST_BE_NONE,	/* null: verdict none, nothing mapped */
	MUST_REFUSE,	/* RUN fails with .err and a reason */
	MUST_NOT_MAP,	/* refused (EOPNOTSUPP/EINVAL) or a map error: no pass */
};

struct expect {
	enum outcome outcome;
	int err;
	__u32 path;
	__u64 sg_nents, dma_len, iova_bytes, maps, unmaps;
	__s64 iotlb_syncs;	/* -1: not defined for this method */
	const char *rule;	/* the reasoning, for the log */
};

static __u64 div_up(__u64 a, __u64 b)
{
	return a / b + !!(a % b);
}

static struct expect expected(const struct ctx *c, unsigned int method, unsigned int nr,
			      __u64 len)
{
	__u64 maxseg = (__u64)UINT_MAX & ~(c->page - 1), size = nr * len;
	__u64 per_range = nr * div_up(len, maxseg), one_iova = div_up(size, maxseg);
	__u32 mt = c->info.map_type;
	struct expect x = { .outcome = MUST_PASS, .dma_len = size, .iotlb_syncs = -1 };

	/* Shapes shared by several methods. */
	const struct expect bus = {
		MUST_PASS, 0, P2PBENCH_PATH_BUS_ADDR, per_range, size, 0, 0, 0, -1,
		"bus addresses: no IOMMU work, entries per range" };
	const struct expect direct = {
		MUST_PASS, 0, P2PBENCH_PATH_DIRECT, per_range, size, 0, 0, 0, -1,
		"no translation: DMA address = phys, entries per range" };
	const struct expect per_range_iommu = {
		MUST_PASS, 0, P2PBENCH_PATH_IOMMU, per_range, size, size, nr, nr, -1,
		"DMA domain: one IOVA and one iommu_map() per range" };
	const struct expect iova = {
		MUST_PASS, 0, P2PBENCH_PATH_IOVA, one_iova, size, size, nr, 1, -1,
		"DMA domain: one IOVA range, a link and an iommu_map() per range, one unmap" };

	switch (method) {
	case P2PBENCH_METHOD_NULL:
		x = (struct expect){ MUST_BE_NONE, 0, P2PBENCH_PATH_NONE, 0, 0, 0, 0, 0, -1,
				     "null maps nothing" };
		break;
	case P2PBENCH_METHOD_RESOURCE:
	case P2PBENCH_METHOD_PHYS:
		/* dma_map_phys(DMA_ATTR_MMIO) does not look at P2P routing. */
		x = c->translated ? per_range_iommu : direct;
		break;
	case P2PBENCH_METHOD_IOVA:
		if (c->translated) {
			x = iova;
			x.iotlb_syncs = 1;
		} else {
			x = (struct expect){ .outcome = MUST_REFUSE, .err = EOPNOTSUPP,
				.rule = "dma_iova_try_alloc() needs a DMA domain" };
		}
		break;
	case P2PBENCH_METHOD_BUSADDR:
		if (mt == P2PBENCH_MAP_BUS_ADDR)
			x = bus;
		else
			x = (struct expect){ .outcome = MUST_REFUSE, .err = EOPNOTSUPP,
				.rule = "bus addresses only for a BUS_ADDR pair" };
		break;
	case P2PBENCH_METHOD_HELPER:
	case P2PBENCH_METHOD_ATTACH:
	case P2PBENCH_METHOD_VFIO:
		if (mt == P2PBENCH_MAP_BUS_ADDR)
			x = bus;
		else if (mt == P2PBENCH_MAP_THRU_HOST_BRIDGE)
			x = c->translated ? iova : direct;
		else
			x = (struct expect){ .outcome = MUST_NOT_MAP,
				.rule = "pci_p2pdma_map_type() NOT_SUPPORTED: the helper fails" };
		break;
	}
	return x;
}

static bool refused_ok(int err)
{
	return err == EINVAL || err == ENODEV || err == EOPNOTSUPP || err == ERANGE ||
	       err == ENXIO;
}

static void log_point(struct __test_metadata *_metadata, const struct p2pbench_point *pt,
		      int err)
{
	const struct p2pbench_result *r = &pt->result;

	TH_LOG("%s n=%u len=0x%llx: %s%s verdict %u status %d path %s checks 0x%x",
	       NAME(method_names, pt->run.method), pt->run.nr_ranges,
	       (unsigned long long)pt->run.range_len, err ? "refused " : "",
	       err ? strerror(err) : "ran,", r->verdict, r->status, NAME(path_names, r->path),
	       r->checks_failed);
	TH_LOG("  sg %llu dma_len 0x%llx iova 0x%llx maps %llu unmaps %llu syncs %llu msg '%.*s'",
	       (unsigned long long)r->sg_nents,
	       (unsigned long long)r->dma_len, (unsigned long long)r->iova_bytes,
	       (unsigned long long)r->iommu_map_calls, (unsigned long long)r->iommu_unmap_calls,
	       (unsigned long long)r->iotlb_syncs, P2PBENCH_MSG_LEN, r->msg);
}

static void check_point(struct __test_metadata *_metadata, const struct ctx *c,
			const struct expect *x, const struct p2pbench_point *pt, int err)
{
	const struct p2pbench_result *r = &pt->result;
	const __u64 iters = (__u64)pt->run.iterations * pt->run.threads;

	log_point(_metadata, pt, err);
	TH_LOG("expected: %s", x->rule);
	if (!err && r->status == -EADDRINUSE && pt->run.nr_ranges > 1 &&
	    (pt->run.method == P2PBENCH_METHOD_HELPER || pt->run.method == P2PBENCH_METHOD_ATTACH ||
	     pt->run.method == P2PBENCH_METHOD_VFIO)) {
		TH_LOG("known kernel bug iova-offset: dma_buf_phys_vec_to_sgt()");
		TH_LOG("links every range at IOVA offset 0: the second collides with the first");
		/*
		 * Expected only where the caller declares that the kernel under
		 * test has this bug; anywhere else it is a failure.
		 */
		if (known_bug("iova-offset") && _metadata->exit_code != KSFT_FAIL) {
			snprintf(_metadata->results->reason, sizeof(_metadata->results->reason),
				 "known kernel bug iova-offset: EADDRINUSE at %u ranges",
				 pt->run.nr_ranges);
			_exit(KSFT_XFAIL);
		}
	}
	if (err) {
		EXPECT_TRUE(refused_ok(err)) {
			TH_LOG("errno %d is none the uapi allows for a refusal", err);
		}
		EXPECT_NE(0, r->msg[0]) {
			TH_LOG("a refusal must say why in result.msg");
		}
	}
	switch (x->outcome) {
	case MUST_REFUSE:
		EXPECT_EQ(x->err, err);
		return;
	case MUST_NOT_MAP:
		if (!err) {
			EXPECT_EQ(P2PBENCH_VERDICT_MAP_ERROR, r->verdict);
			EXPECT_GT(0, r->status);
		} else {
			EXPECT_TRUE(err == EOPNOTSUPP || err == EINVAL);
		}
		return;
	case MUST_BE_NONE:
	case MUST_PASS:
		break;
	}
	ASSERT_EQ(0, err) {
		TH_LOG("refused: %s: %.*s", strerror(err), P2PBENCH_MSG_LEN, r->msg);
	}
	EXPECT_EQ(0, r->status);
	EXPECT_EQ(x->outcome == MUST_PASS ? P2PBENCH_VERDICT_PASS : P2PBENCH_VERDICT_NONE,
		  r->verdict);
	/* Page alignment, the max segment, overlap, the addresses: all here. */
	EXPECT_EQ(0, r->checks_failed);
	EXPECT_EQ(x->path, r->path) {
		TH_LOG("path %s, expected %s", NAME(path_names, r->path),
		       NAME(path_names, x->path));
	}
	EXPECT_EQ(x->sg_nents, r->sg_nents);
	EXPECT_EQ(x->dma_len, r->dma_len);
	EXPECT_EQ(x->iova_bytes, r->iova_bytes);
	EXPECT_EQ(x->maps, r->iommu_map_calls);
	EXPECT_EQ(x->unmaps, r->iommu_unmap_calls);
	/* iotlb_syncs < 0: the method's syncs cannot be counted */
	EXPECT_TRUE(x->iotlb_syncs < 0 || (__u64)x->iotlb_syncs == r->iotlb_syncs);
	EXPECT_EQ(0, r->counts_varied);
	EXPECT_EQ(iters, r->iterations);
	EXPECT_EQ(c->info.map_type, r->map_type);
}

/* ---------------- methods x topologies ---------------- */

FIXTURE(method) {
	struct ctx c;
	bool unavailable;
	char reason[80];
};

FIXTURE_VARIANT(method) {
	unsigned int method;
	int map_type;		/* the pair this variant is about, or MAP_ANY */
};

/* Methods that do not look at P2P routing: one variant each. */
FIXTURE_VARIANT_ADD(method, null) { P2PBENCH_METHOD_NULL, MAP_ANY };
FIXTURE_VARIANT_ADD(method, resource) { P2PBENCH_METHOD_RESOURCE, MAP_ANY };
FIXTURE_VARIANT_ADD(method, phys) { P2PBENCH_METHOD_PHYS, MAP_ANY };
FIXTURE_VARIANT_ADD(method, iova) { P2PBENCH_METHOD_IOVA, MAP_ANY };

/* P2P-aware methods, once per map type of the pair. */
FIXTURE_VARIANT_ADD(method, busaddr_bus_addr) { P2PBENCH_METHOD_BUSADDR, P2PBENCH_MAP_BUS_ADDR };
FIXTURE_VARIANT_ADD(method, busaddr_host_bridge) {
	P2PBENCH_METHOD_BUSADDR, P2PBENCH_MAP_THRU_HOST_BRIDGE
};

FIXTURE_VARIANT_ADD(method, busaddr_not_supported) {
	P2PBENCH_METHOD_BUSADDR, P2PBENCH_MAP_NOT_SUPPORTED
};

FIXTURE_VARIANT_ADD(method, helper_bus_addr) { P2PBENCH_METHOD_HELPER, P2PBENCH_MAP_BUS_ADDR };
FIXTURE_VARIANT_ADD(method, helper_host_bridge) {
	P2PBENCH_METHOD_HELPER, P2PBENCH_MAP_THRU_HOST_BRIDGE
};

FIXTURE_VARIANT_ADD(method, helper_not_supported) {
	P2PBENCH_METHOD_HELPER, P2PBENCH_MAP_NOT_SUPPORTED
};

FIXTURE_VARIANT_ADD(method, attach_bus_addr) { P2PBENCH_METHOD_ATTACH, P2PBENCH_MAP_BUS_ADDR };
FIXTURE_VARIANT_ADD(method, attach_host_bridge) {
	P2PBENCH_METHOD_ATTACH, P2PBENCH_MAP_THRU_HOST_BRIDGE
};

FIXTURE_VARIANT_ADD(method, attach_not_supported) {
	P2PBENCH_METHOD_ATTACH, P2PBENCH_MAP_NOT_SUPPORTED
};

FIXTURE_VARIANT_ADD(method, vfio_bus_addr) { P2PBENCH_METHOD_VFIO, P2PBENCH_MAP_BUS_ADDR };
FIXTURE_VARIANT_ADD(method, vfio_host_bridge) {
	P2PBENCH_METHOD_VFIO, P2PBENCH_MAP_THRU_HOST_BRIDGE
};

FIXTURE_VARIANT_ADD(method, vfio_not_supported) {
	P2PBENCH_METHOD_VFIO, P2PBENCH_MAP_NOT_SUPPORTED
};

FIXTURE_SETUP(method)
{
	char why[256];
	int r = ctx_open(&self->c, true, why, sizeof(why));

	if (r == KSFT_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, r) {
		TH_LOG("%s", why);
	}
	if (variant->map_type != MAP_ANY && (int)self->c.info.map_type != variant->map_type)
		SKIP(return, "the pair set up is %s; this variant needs a %s pair",
		     NAME(map_names, self->c.info.map_type), NAME(map_names, variant->map_type));
	if (!(self->c.info.methods_available & (1U << variant->method))) {
		self->unavailable = true;
		snprintf(self->reason, sizeof(self->reason), "%.*s",
			 (int)sizeof(self->c.info.unavailable[0]),
			 self->c.info.unavailable[variant->method]);
	}
	TH_LOG("pair %s, importer group %d (%.*s)", NAME(map_names, self->c.info.map_type),
	       self->c.info.importer_group, (int)sizeof(self->c.info.importer_group_type),
	       self->c.info.importer_group_type);
}

FIXTURE_TEARDOWN(method)
{
	if (self->c.fd > 0)
		close(self->c.fd);
}

/*
 * A method INFO calls unavailable must be refused with EOPNOTSUPP and a
 * reason (that much is checked here); the test is then a SKIP, not a pass.
 * vfio with an exporter that is not bound to vfio-pci is not applicable
 * rather than missing: ENXIO. (Testing vfio needs the exporter bound to
 * vfio-pci and a dma-buf exported by it, which p2pbench's own tool does.)
 */
static bool refused_as_unavailable(struct __test_metadata *_metadata, const struct ctx *c,
				   unsigned int method)
{
	struct p2pbench_point pt;
	int err, want = EOPNOTSUPP;

	if (method == P2PBENCH_METHOD_VFIO &&
	    !(c->info.setup_flags & P2PBENCH_SETUP_EXPORTER_VFIO))
		want = ENXIO;
	point_init(&pt, c, method, 1, c->page, 1);
	err = run(c, &pt);
	ASSERT_EQ(want, err) {
		TH_LOG("INFO: %s unavailable, yet RUN gave '%s'", method_names[method],
		       strerror(err));
	}
	ASSERT_NE(0, pt.result.msg[0]);
	return true;
}

static void correct_at(struct __test_metadata *_metadata, const struct ctx *c,
		       unsigned int method, unsigned int nr, __u64 len, unsigned int iters)
{
	struct p2pbench_point pt;
	struct expect x = expected(c, method, nr, len);
	int err;

	point_init(&pt, c, method, nr, len, iters);
	pt.run.flags = P2PBENCH_RUN_VERIFY_ALL;
	err = run(c, &pt);
	check_point(_metadata, c, &x, &pt, err);
}

TEST_F(method, one_range)
{
	if (self->unavailable && refused_as_unavailable(_metadata, &self->c, variant->method))
		SKIP(return, "%s unavailable: %s", method_names[variant->method],
		     self->reason[0] ? self->reason : "(no reason given)");
	correct_at(_metadata, &self->c, variant->method, 1, self->c.page, 8);
}

TEST_F(method, two_ranges)
{
	if (self->unavailable && refused_as_unavailable(_metadata, &self->c, variant->method))
		SKIP(return, "%s unavailable: %s", method_names[variant->method],
		     self->reason[0] ? self->reason : "(no reason given)");
	correct_at(_metadata, &self->c, variant->method, 2, self->c.page, 8);
}

TEST_F(method, ranges_64)
{
	if (self->unavailable && refused_as_unavailable(_metadata, &self->c, variant->method))
		SKIP(return, "%s unavailable: %s", method_names[variant->method],
		     self->reason[0] ? self->reason : "(no reason given)");
	correct_at(_metadata, &self->c, variant->method, 64, 4 * self->c.page, 8);
}

/*
 * One range longer than UINT_MAX: sg_dma_len() is 32 bits, so it must be
 * cut into MAX_SG_ENT_SZ pieces that stay page aligned: earlier versions
 * of the helper cut UINT_MAX-byte chunks (entries off a page boundary) at
 * addresses computed in 32 bits. 8 GiB needs exactly 3 entries.
 */
TEST_F_TIMEOUT(method, range_over_uint_max, 600)
{
	const struct ctx *c = &self->c;
	__u64 len = 8 * GIB;

	if (self->unavailable && refused_as_unavailable(_metadata, &self->c, variant->method))
		SKIP(return, "%s unavailable: %s", method_names[variant->method],
		     self->reason[0] ? self->reason : "(no reason given)");
	if (c->info.bar_len < len) {
		len = c->info.bar_len & ~(c->page - 1);
		if (len <= UINT_MAX)
			SKIP(return, "BAR of 0x%llx bytes: no room for a range over UINT_MAX",
			     (unsigned long long)c->info.bar_len);
	}
	if (len == 8 * GIB && c->page == 4096 && variant->method != P2PBENCH_METHOD_NULL) {
		struct expect x = expected(c, variant->method, 1, len);

		/* the rule itself: 8 GiB in ALIGN_DOWN(UINT_MAX, PAGE_SIZE) pieces */
		EXPECT_TRUE(x.outcome != MUST_PASS || x.sg_nents == 3);
	}
	correct_at(_metadata, c, variant->method, 1, len, 2);
}

/*
 * The same point twice: the counts per mapping are properties of the
 * method and the pair, so they must not change between iterations or
 * runs.
 */
TEST_F(method, repeatable_counts)
{
	struct p2pbench_point a, b;
	int ea, eb;

	if (self->unavailable && refused_as_unavailable(_metadata, &self->c, variant->method))
		SKIP(return, "%s unavailable: %s", method_names[variant->method],
		     self->reason[0] ? self->reason : "(no reason given)");
	point_init(&a, &self->c, variant->method, 4, self->c.page, 32);
	a.run.flags = P2PBENCH_RUN_VERIFY_ALL;
	b = a;
	ea = run(&self->c, &a);
	eb = run(&self->c, &b);
	log_point(_metadata, &a, ea);
	log_point(_metadata, &b, eb);
	ASSERT_EQ(ea, eb);
	if (ea)
		SKIP(return, "refused here (%s), as it must be: nothing to repeat", strerror(ea));
	EXPECT_EQ(a.result.verdict, b.result.verdict);
	EXPECT_EQ(a.result.status, b.result.status);
	EXPECT_EQ(a.result.path, b.result.path);
	EXPECT_EQ(a.result.sg_nents, b.result.sg_nents);
	EXPECT_EQ(a.result.dma_len, b.result.dma_len);
	EXPECT_EQ(a.result.iova_bytes, b.result.iova_bytes);
	EXPECT_EQ(a.result.iommu_map_calls, b.result.iommu_map_calls);
	EXPECT_EQ(a.result.iommu_unmap_calls, b.result.iommu_unmap_calls);
	EXPECT_EQ(a.result.iotlb_syncs, b.result.iotlb_syncs);
	EXPECT_EQ(0, a.result.counts_varied);
	EXPECT_EQ(0, b.result.counts_varied);
}

/* ---------------- bad input ---------------- */

FIXTURE(bad) {
	struct ctx c;
	struct p2pbench_point pt;
};

FIXTURE_SETUP(bad)
{
	char why[256];
	int r = ctx_open(&self->c, false, why, sizeof(why));

	if (r == KSFT_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, r) {
		TH_LOG("%s", why);
	}
	/* A point the module would run: each test breaks one thing. */
	point_init(&self->pt, &self->c, P2PBENCH_METHOD_NULL, 1, self->c.page, 1);
}

FIXTURE_TEARDOWN(bad)
{
	if (self->c.fd > 0)
		close(self->c.fd);
}

/* RUN must fail with one of WANT (0-terminated) and say why. */
static void expect_refusal(struct __test_metadata *_metadata, const struct ctx *c,
			   struct p2pbench_point *pt, const int *want)
{
	int err = run(c, pt);
	bool match = false;

	for (const int *w = want; *w; w++)
		match |= err == *w;
	EXPECT_TRUE(match) {
		log_point(_metadata, pt, err);
		TH_LOG("expected a refusal with %s%s", strerror(want[0]),
		       want[1] ? " (or another listed errno)" : "");
	}
	EXPECT_NE(0, pt->result.msg[0]) {
		TH_LOG("refused without a reason in result.msg");
	}
	if (err)
		TH_LOG("refused (%s): %.*s", strerror(err), P2PBENCH_MSG_LEN, pt->result.msg);
}

static const int einval[] = { EINVAL, 0 };
static const int outside[] = { EINVAL, ERANGE, 0 };

#define NEED_SETUP_WHY "needs a pair set up (p2pbench bind, or P2PBENCH_EXPORTER/P2PBENCH_IMPORTER)"

TEST_F(bad, range_outside_bar)
{
	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	self->pt.run.bar_offset = self->c.info.bar_len;
	expect_refusal(_metadata, &self->c, &self->pt, outside);
}

TEST_F(bad, last_range_outside_bar)
{
	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	self->pt.run.nr_ranges = 2;
	self->pt.run.bar_offset = self->c.info.bar_len - self->c.page;
	expect_refusal(_metadata, &self->c, &self->pt, outside);
}

TEST_F(bad, range_longer_than_bar)
{
	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	self->pt.run.range_len = self->c.info.bar_len + self->c.page;
	expect_refusal(_metadata, &self->c, &self->pt, outside);
}

TEST_F(bad, offset_plus_len_overflows)
{
	self->pt.run.bar_offset = UINT64_MAX & ~(self->c.page - 1);
	self->pt.run.range_len = 2 * self->c.page;
	expect_refusal(_metadata, &self->c, &self->pt, outside);
}

TEST_F(bad, nr_ranges_0)
{
	self->pt.run.nr_ranges = 0;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, nr_ranges_65537)
{
	self->pt.run.nr_ranges = P2PBENCH_MAX_RANGES + 1;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, unknown_method_99)
{
	self->pt.run.method = 99;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, method_count)
{
	self->pt.run.method = P2PBENCH_METHOD_COUNT;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, version_0)
{
	self->pt.run.version = 0;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, version_next)
{
	self->pt.run.version = P2PBENCH_UAPI_VERSION + 1;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, reserved_nonzero)
{
	for (unsigned int i = 0; i < sizeof(self->pt.run.reserved) / sizeof(__u64); i++) {
		struct p2pbench_point pt = self->pt;

		pt.run.reserved[i] = 1ULL << (i * 8);
		expect_refusal(_metadata, &self->c, &pt, einval);
	}
}

TEST_F(bad, unknown_flags)
{
	self->pt.run.flags = 1U << 31;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, unknown_layout)
{
	self->pt.run.layout = P2PBENCH_LAYOUT_COUNT;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, unknown_direction)
{
	self->pt.run.direction = 3;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, threads_0_and_65)
{
	struct p2pbench_point pt = self->pt;

	pt.run.threads = 0;
	expect_refusal(_metadata, &self->c, &pt, einval);
	pt = self->pt;
	pt.run.threads = P2PBENCH_MAX_THREADS + 1;
	expect_refusal(_metadata, &self->c, &pt, einval);
}

TEST_F(bad, no_iterations_no_duration)
{
	self->pt.run.iterations = 0;
	self->pt.run.duration_ms = 0;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, range_len_not_page_multiple)
{
	self->pt.run.range_len = self->c.page + 1;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, align_not_power_of_two)
{
	self->pt.run.align = 3 * self->c.page;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, setup_reserved_nonzero)
{
	struct p2pbench_setup s;

	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	memset(&s, 0, sizeof(s));
	s.version = P2PBENCH_UAPI_VERSION;
	s.bar = self->c.info.bar;
	s.exporter = self->c.info.exporter;
	s.importer = self->c.info.importer;
	s.reserved[2] = 1;
	EXPECT_EQ(-1, ioctl(self->c.fd, P2PBENCH_IOC_SETUP, &s));
	EXPECT_EQ(EINVAL, errno);
	/* The refused SETUP must leave the pair as it was. */
	ASSERT_EQ(0, get_info(self->c.fd, &self->c.info));
	EXPECT_EQ(1, self->c.info.setup_done);
}

/* ---------------- uapi version 2 ---------------- */

TEST_F(bad, run_pad_nonzero)
{
	self->pt.run.pad = 1;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, dmabuf_fd_without_vfio)
{
	self->pt.run.dmabuf_fd = 1;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, vfio_in_version_1)
{
	self->pt.run.version = 1;
	self->pt.run.method = P2PBENCH_METHOD_VFIO;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

/* vfio is not applicable while the exporter is p2pbench's: ENXIO. */
TEST_F(bad, vfio_without_vfio_exporter)
{
	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	if (self->c.info.setup_flags & P2PBENCH_SETUP_EXPORTER_VFIO)
		SKIP(return, "the exporter is set up through vfio-pci");
	EXPECT_FALSE(self->c.info.methods_available & (1U << P2PBENCH_METHOD_VFIO));
	EXPECT_NE(0, self->c.info.unavailable[P2PBENCH_METHOD_VFIO][0]);
	self->pt.run.method = P2PBENCH_METHOD_VFIO;
	self->pt.run.dmabuf_fd = self->c.fd;
	expect_refusal(_metadata, &self->c, &self->pt, (const int[]){ ENXIO, 0 });
}

TEST_F(bad, ranges_only_user_layout)
{
	struct p2pbench_range r = { 0, self->c.page };

	self->pt.run.layout = P2PBENCH_LAYOUT_USER;
	self->pt.run.ranges_ptr = (__u64)(uintptr_t)&r;
	self->pt.run.flags = P2PBENCH_RUN_RANGES_ONLY;
	expect_refusal(_metadata, &self->c, &self->pt, einval);
}

TEST_F(bad, ranges_only_bad_pointer)
{
	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	self->pt.run.flags = P2PBENCH_RUN_RANGES_ONLY;
	self->pt.run.ranges_ptr = 8;
	EXPECT_EQ(EFAULT, run(&self->c, &self->pt));
}

TEST_F(bad, setup_flags_and_pad)
{
	struct p2pbench_setup s;

	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	memset(&s, 0, sizeof(s));
	s.version = P2PBENCH_UAPI_VERSION;
	s.bar = self->c.info.bar;
	s.exporter = self->c.info.exporter;
	s.importer = self->c.info.importer;
	s.flags = 1U << 31;
	EXPECT_EQ(-1, ioctl(self->c.fd, P2PBENCH_IOC_SETUP, &s));
	EXPECT_EQ(EINVAL, errno);
	s.flags = 0;
	s.pad = 1;
	EXPECT_EQ(-1, ioctl(self->c.fd, P2PBENCH_IOC_SETUP, &s));
	EXPECT_EQ(EINVAL, errno);
	/* EXPORTER_VFIO with an exporter bound to p2pbench. */
	if (!(self->c.info.setup_flags & P2PBENCH_SETUP_EXPORTER_VFIO)) {
		s.pad = 0;
		s.flags = P2PBENCH_SETUP_EXPORTER_VFIO;
		EXPECT_EQ(-1, ioctl(self->c.fd, P2PBENCH_IOC_SETUP, &s));
		EXPECT_EQ(EINVAL, errno);
	}
	ASSERT_EQ(0, get_info(self->c.fd, &self->c.info));
	EXPECT_EQ(1, self->c.info.setup_done);
}

FIXTURE(uapi) {
	struct ctx c;
};

FIXTURE_SETUP(uapi)
{
	char why[256];
	int r = ctx_open(&self->c, false, why, sizeof(why));

	if (r == KSFT_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, r) {
		TH_LOG("%s", why);
	}
}

FIXTURE_TEARDOWN(uapi)
{
	if (self->c.fd > 0)
		close(self->c.fd);
}

/* INFO is sized by P2PBENCH_MAX_METHODS; entries past the methods stay empty. */
TEST_F(uapi, info_methods)
{
	const struct p2pbench_info *in = &self->c.info;

	EXPECT_EQ(P2PBENCH_METHOD_COUNT, in->nr_methods);
	EXPECT_LE(in->nr_methods, P2PBENCH_MAX_METHODS);
	EXPECT_EQ(0, in->methods_available >> in->nr_methods);
	for (unsigned int m = in->nr_methods; m < P2PBENCH_MAX_METHODS; m++)
		EXPECT_EQ(0, in->unavailable[m][0]);
	for (unsigned int m = 0; m < in->nr_methods; m++) {
		EXPECT_EQ(!(in->methods_available & (1U << m)), in->unavailable[m][0] != 0) {
			TH_LOG("method %u: available bit and reason disagree", m);
		}
	}
}

/* A tool of version 1: INFO by the old request number, then SETUP and RUN. */
TEST_F(uapi, version_1_tool)
{
	unsigned char old[P2PBENCH_INFO_V1_SIZE];
	const size_t head = offsetof(struct p2pbench_info, setup_flags);
	struct p2pbench_info v1;
	struct p2pbench_point pt;

	memset(old, 0xa5, sizeof(old));
	ASSERT_EQ(0, ioctl(self->c.fd, P2PBENCH_IOC_INFO_V1, old));
	memcpy(&v1, old, head);
	EXPECT_EQ(1, v1.version);
	EXPECT_EQ(self->c.info.methods_available, v1.methods_available);
	EXPECT_EQ(self->c.info.setup_done, v1.setup_done);
	EXPECT_EQ(0, memcmp((char *)&v1 + 4, (char *)&self->c.info + 4, head - 4));
	for (unsigned int m = 0; m < 8; m++)
		EXPECT_EQ(0, strncmp((char *)old + head + m * 64, self->c.info.unavailable[m], 64));
	for (size_t i = head + 8 * 64; i < sizeof(old); i++)
		EXPECT_EQ(0, old[i]);
	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	point_init(&pt, &self->c, P2PBENCH_METHOD_NULL, 1, self->c.page, 4);
	pt.run.version = 1;
	EXPECT_EQ(0, run(&self->c, &pt));
	EXPECT_EQ(4, pt.result.iterations);
}

/* RANGES_ONLY gives the layout's ranges and maps nothing. */
TEST_F(uapi, ranges_only)
{
	const __u64 pg = self->c.page;
	struct p2pbench_range r[8];
	struct p2pbench_point pt;

	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	point_init(&pt, &self->c, P2PBENCH_METHOD_RESOURCE, 8, pg, 4);
	pt.run.gap = 3 * pg;
	pt.run.bar_offset = 16 * pg;
	pt.run.flags = P2PBENCH_RUN_RANGES_ONLY;
	pt.run.ranges_ptr = (__u64)(uintptr_t)r;
	memset(r, 0xff, sizeof(r));
	ASSERT_EQ(0, run(&self->c, &pt));
	EXPECT_EQ(0, pt.result.iterations);
	EXPECT_EQ(P2PBENCH_VERDICT_NONE, pt.result.verdict);
	for (unsigned int i = 0; i < 8; i++) {
		EXPECT_EQ(16 * pg + i * 4 * pg, r[i].offset);
		EXPECT_EQ(pg, r[i].len);
	}
	/* random: distinct aligned slots inside the BAR */
	pt.run.layout = P2PBENCH_LAYOUT_RANDOM;
	pt.run.align = 16 * pg;
	pt.run.seed = 7;
	ASSERT_EQ(0, run(&self->c, &pt));
	for (unsigned int i = 0; i < 8; i++) {
		EXPECT_EQ(0, r[i].offset % (16 * pg));
		EXPECT_LE(r[i].offset + r[i].len, self->c.info.bar_len);
		for (unsigned int j = 0; j < i; j++)
			EXPECT_NE(r[j].offset, r[i].offset);
	}
}

/* ---------------- HOLD (live mappings of a vfio-pci dma-buf) ---------------- */

/* HOLD @op of @h; 0 or the errno. A refusal must say why in @h->msg. */
static int hold(const struct ctx *c, struct p2pbench_hold *h, __u32 op)
{
	h->op = op;
	return ioctl(c->fd, P2PBENCH_IOC_HOLD, h) ? errno : 0;
}

static void hold_init(struct p2pbench_hold *h, const struct ctx *c)
{
	memset(h, 0, sizeof(*h));
	h->run.version = P2PBENCH_UAPI_VERSION;
	h->run.method = P2PBENCH_METHOD_VFIO;
	h->run.nr_ranges = 1;
	h->run.range_len = c->page;
	h->run.threads = 1;
	h->run.iterations = 1;
	h->run.direction = P2PBENCH_DIR_TO_DEVICE;
	h->count = 1;
	h->importer = c->info.importer;
}

/* The module says it has HOLD; INFO's features has no unknown bit. */
TEST_F(uapi, hold_feature)
{
	EXPECT_EQ(0, self->c.info.features & ~(P2PBENCH_FEATURE_HOLD | P2PBENCH_FEATURE_EXPORT));
	EXPECT_EQ(0, self->c.info.pad);
	if (!(self->c.info.features & P2PBENCH_FEATURE_HOLD))
		SKIP(return, "module without P2PBENCH_IOC_HOLD");
}

/* Every malformed HOLD is refused with EINVAL and a reason; RELEASE of nothing is fine. */
TEST_F(uapi, hold_bad_input)
{
	struct p2pbench_hold h;

	if (!(self->c.info.features & P2PBENCH_FEATURE_HOLD))
		SKIP(return, "module without P2PBENCH_IOC_HOLD");
	hold_init(&h, &self->c);
	h.run.version = 1;
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_STATUS));
	hold_init(&h, &self->c);
	EXPECT_EQ(EINVAL, hold(&self->c, &h, 0));
	EXPECT_NE(0, h.msg[0]);
	hold_init(&h, &self->c);
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_RELEASE + 1));
	hold_init(&h, &self->c);
	h.flags = 1U << 31;
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_MAP));
	EXPECT_NE(0, h.msg[0]);
	hold_init(&h, &self->c);
	h.pad = 1;
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_MAP));
	hold_init(&h, &self->c);
	h.reserved[3] = 1;
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_MAP));
	hold_init(&h, &self->c);
	h.importer.pad = 1;
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_MAP));
	hold_init(&h, &self->c);
	h.importer.bus = 0xff;
	h.importer.devfn = 0xff;
	EXPECT_EQ(ENODEV, hold(&self->c, &h, P2PBENCH_HOLD_STATUS));
	EXPECT_NE(0, h.msg[0]);
	hold_init(&h, &self->c);
	memset(h.msg, 'x', sizeof(h.msg));
	h.status = -1;
	EXPECT_EQ(0, hold(&self->c, &h, P2PBENCH_HOLD_RELEASE));
	/* Outputs are cleared, whatever the caller left in them. */
	EXPECT_EQ(0, h.status);
	EXPECT_EQ(0, h.msg[0]);
}

/*
 * With a pair set up: MAP needs the right count and method, and an
 * exporter bound to vfio-pci (ENXIO otherwise: not applicable); an
 * importer that holds nothing has no STATUS or REMAP (ENOENT).
 */
TEST_F(uapi, hold_needs_vfio)
{
	struct p2pbench_hold h;

	if (!(self->c.info.features & P2PBENCH_FEATURE_HOLD))
		SKIP(return, "module without P2PBENCH_IOC_HOLD");
	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	hold_init(&h, &self->c);
	h.count = 0;
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_MAP));
	hold_init(&h, &self->c);
	h.count = P2PBENCH_MAX_HOLD + 1;
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_MAP));
	hold_init(&h, &self->c);
	h.run.method = P2PBENCH_METHOD_ATTACH;
	EXPECT_EQ(EINVAL, hold(&self->c, &h, P2PBENCH_HOLD_MAP));
	hold_init(&h, &self->c);
	EXPECT_EQ(ENOENT, hold(&self->c, &h, P2PBENCH_HOLD_STATUS));
	EXPECT_NE(0, h.msg[0]);
	hold_init(&h, &self->c);
	EXPECT_EQ(ENOENT, hold(&self->c, &h, P2PBENCH_HOLD_REMAP));
	if (self->c.info.setup_flags & P2PBENCH_SETUP_EXPORTER_VFIO)
		SKIP(return, "exporter on vfio-pci: MAP needs its dma-buf (revoke)");
	hold_init(&h, &self->c);
	h.run.dmabuf_fd = self->c.fd;
	EXPECT_EQ(ENXIO, hold(&self->c, &h, P2PBENCH_HOLD_MAP)) {
		TH_LOG("%.*s", P2PBENCH_MSG_LEN, h.msg);
	}
	EXPECT_NE(0, h.msg[0]);
	EXPECT_EQ(0, h.held);
}

/* ---------------- EXPORT: the dma-buf mmap rule ---------------- */

/* Loads and stores the compiler must do: the memory is a device's. */
static __u32 mmio_read(const __u32 *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void mmio_write(__u32 *p, __u32 v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/* EXPORT of @nr ranges of one page, a page apart, from @off: the fd or -errno. */
static int export_ranges(const struct ctx *c, __u64 off, __u32 nr, struct p2pbench_export *ex)
{
	memset(ex, 0, sizeof(*ex));
	ex->run.version = P2PBENCH_UAPI_VERSION;
	ex->run.method = P2PBENCH_METHOD_NULL;
	ex->run.nr_ranges = nr;
	ex->run.layout = P2PBENCH_LAYOUT_GAPPED;
	ex->run.range_len = c->page;
	ex->run.gap = c->page;
	ex->run.bar_offset = off;
	ex->run.threads = 1;
	ex->run.iterations = 1;
	return ioctl(c->fd, P2PBENCH_IOC_EXPORT, ex) ? -errno : ex->fd;
}

/* The VmFlags of the mapping that contains @addr, from /proc/self/smaps. */
static int vm_flags(const void *addr, char *flags, size_t len)
{
	unsigned long a = (unsigned long)addr, lo, hi;
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	int in = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			in = a >= lo && a < hi;
		} else if (in && !strncmp(line, "VmFlags:", 8)) {
			snprintf(flags, len, "%s", line + 8);
			fclose(f);
			return 0;
		}
	}
	fclose(f);
	return -ENOENT;
}

static bool has_flag(const char *flags, const char *flag)
{
	char want[16], padded[520], *nl;

	snprintf(want, sizeof(want), " %s ", flag);
	snprintf(padded, sizeof(padded), " %s", flags);
	nl = strchr(padded, '\n');
	if (nl)
		*nl = ' ';
	return strstr(padded, want);
}

/*
 * A block device to read with O_DIRECT, and a p2pmem allocate file: the
 * namespace of the NVMe controller that publishes p2pmem (its own CMB: P2P
 * at distance 0, whatever the CPU), else any NVMe namespace and no p2pmem.
 */
static void find_direct(char *blk, size_t blen, char *p2pmem, size_t plen)
{
	glob_t g, n;

	blk[0] = 0;
	p2pmem[0] = 0;
	if (!glob("/sys/bus/pci/devices/*/p2pmem/allocate", 0, NULL, &g) && g.gl_pathc) {
		char pat[PATH_MAX];

		snprintf(p2pmem, plen, "%s", g.gl_pathv[0]);
		snprintf(pat, sizeof(pat), "%.*s/nvme/nvme*/nvme*n1",
			 (int)(strstr(g.gl_pathv[0], "/p2pmem/") - g.gl_pathv[0]), g.gl_pathv[0]);
		if (!glob(pat, 0, NULL, &n) && n.gl_pathc)
			snprintf(blk, blen, "/dev/%s", strrchr(n.gl_pathv[0], '/') + 1);
		else
			p2pmem[0] = 0;
		globfree(&n);
	}
	globfree(&g);
	if (blk[0])
		return;
	if (!glob("/sys/block/nvme*n1", 0, NULL, &g) && g.gl_pathc)
		snprintf(blk, blen, "/dev/%s", strrchr(g.gl_pathv[0], '/') + 1);
	globfree(&g);
}

/* O_DIRECT read of one page of @blk into @buf: bytes read or -errno. */
static ssize_t direct_read(const char *blk, void *buf, size_t len)
{
	int fd = open(blk, O_RDONLY | O_DIRECT | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, 0);
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

/*
 * The module's dma-buf of BAR ranges maps as PFNs (VmFlags io and pf): the
 * CPU sees the BAR at the ranges' places, MAP_PRIVATE is refused, and an
 * O_DIRECT read into it fails with EFAULT, where the same read into NVMe
 * p2pmem (ZONE_DEVICE pages) works. Importers cannot attach to it.
 */
TEST_F(uapi, export_mmap_pfnmap)
{
	const size_t pg = self->c.page;
	struct p2pbench_export ex;
	char flags[512], blk[PATH_MAX], p2pmem[PATH_MAX], res[PATH_MAX], name[32];
	__u32 *map;
	__u32 *bar = MAP_FAILED;
	ssize_t into_map, into_p2pmem = 0;
	int fd, rfd;

	if (!(self->c.info.features & P2PBENCH_FEATURE_EXPORT))
		SKIP(return, "module without P2PBENCH_IOC_EXPORT");
	if (!self->c.info.setup_done)
		SKIP(return, NEED_SETUP_WHY);
	if (self->c.info.setup_flags & P2PBENCH_SETUP_EXPORTER_VFIO) {
		EXPECT_EQ(-ENXIO, export_ranges(&self->c, 0, 1, &ex));
		SKIP(return, "the exporter is vfio-pci's");
	}
	/* Two pages: BAR offsets 64 pages and 66 pages. */
	fd = export_ranges(&self->c, 64 * pg, 2, &ex);
	ASSERT_LE(0, fd) {
		TH_LOG("EXPORT: %s: %.*s", strerror(-fd), P2PBENCH_MSG_LEN, ex.msg);
	}
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
	map = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, map) {
		TH_LOG("mmap of the exported dma-buf: %s", strerror(errno));
	}
	/* The CPU reaches the BAR where the ranges are (sysfs resource file). */
	snprintf(res, sizeof(res), "/sys/bus/pci/devices/%s/resource%u",
		 bdf_str(&self->c.info.exporter, name, sizeof(name)), self->c.info.bar);
	rfd = open(res, O_RDWR | O_CLOEXEC);
	if (rfd >= 0) {
		bar = mmap(NULL, 68 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, rfd, 0);
		close(rfd);
	}
	if (bar != MAP_FAILED) {
		__u32 s0 = mmio_read(&bar[64 * pg / 4]), s1 = mmio_read(&bar[66 * pg / 4]);

		mmio_write(&map[0], 0x5eed0001);
		mmio_write(&map[pg / 4], 0x5eed0002);
		EXPECT_EQ(0x5eed0001, mmio_read(&bar[64 * pg / 4]));
		EXPECT_EQ(0x5eed0002, mmio_read(&bar[66 * pg / 4]));
		mmio_write(&bar[64 * pg / 4], s0);
		mmio_write(&bar[66 * pg / 4], s1);
		munmap(bar, 68 * pg);
	} else {
		TH_LOG("%s: cannot map it (%s): the BAR places are not compared", res,
		       strerror(errno));
		mmio_read(map);
	}
	ASSERT_EQ(0, vm_flags(map, flags, sizeof(flags)));
	EXPECT_TRUE(has_flag(flags, "io") && has_flag(flags, "pf")) {
		TH_LOG("VmFlags of the mapping:%s", flags);
	}
	/* Only CAP_SYS_ADMIN maps it, even with the fd in hand. */
	pid_t pid = fork();

	if (!pid) {
		void *p;

		if (setuid(65534))
			_exit(2);
		p = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
		_exit(p == MAP_FAILED && errno == EPERM ? 0 : 1);
	}
	int status = -1;

	ASSERT_LT(0, pid);
	waitpid(pid, &status, 0);
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status)) {
		TH_LOG("an unprivileged mmap of the fd was not refused with EPERM (status 0x%x)",
		       status);
	}

	find_direct(blk, sizeof(blk), p2pmem, sizeof(p2pmem));
	if (!blk[0]) {
		munmap(map, 2 * pg);
		close(fd);
		SKIP(return, "no NVMe namespace for the O_DIRECT read");
	}
	into_map = direct_read(blk, map, pg);
	EXPECT_EQ(-EFAULT, into_map);
	if (p2pmem[0]) {
		int pfd = open(p2pmem, O_RDWR | O_CLOEXEC);
		void *p = pfd < 0 ? MAP_FAILED :
			  mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, pfd, 0);

		ASSERT_NE(MAP_FAILED, p) {
			TH_LOG("%s: %s", p2pmem, strerror(errno));
		}
		into_p2pmem = direct_read(blk, p, pg);
		EXPECT_EQ((ssize_t)pg, into_p2pmem);
		munmap(p, pg);
		close(pfd);
	}
	TH_LOG("O_DIRECT read of %s into the p2pbench dma-buf mmap (io pf): %s", blk,
	       into_map < 0 ? strerror((int)-into_map) : "read (wrong)");
	TH_LOG("O_DIRECT read of %s into %s (ZONE_DEVICE pages): %s", blk,
	       p2pmem[0] ? p2pmem : "no p2pmem",
	       !p2pmem[0] ? "not tried" : into_p2pmem < 0 ? strerror((int)-into_p2pmem) : "read");
	munmap(map, 2 * pg);
	close(fd);
}

/* EXPORT refuses what it does not know and ranges outside the BAR. */
TEST_F(uapi, export_bad_input)
{
	struct p2pbench_export ex;

	if (!(self->c.info.features & P2PBENCH_FEATURE_EXPORT))
		SKIP(return, "module without P2PBENCH_IOC_EXPORT");
	export_ranges(&self->c, 0, 1, &ex);
	ex.run.version = 1;
	EXPECT_EQ(-1, ioctl(self->c.fd, P2PBENCH_IOC_EXPORT, &ex));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_NE(0, ex.msg[0]);
	EXPECT_EQ(-1, ex.fd);
	export_ranges(&self->c, 0, 1, &ex);
	ex.flags = 1;
	EXPECT_EQ(-1, ioctl(self->c.fd, P2PBENCH_IOC_EXPORT, &ex));
	EXPECT_EQ(EINVAL, errno);
	export_ranges(&self->c, 0, 1, &ex);
	ex.reserved[0] = 1;
	EXPECT_EQ(-1, ioctl(self->c.fd, P2PBENCH_IOC_EXPORT, &ex));
	EXPECT_EQ(EINVAL, errno);
	if (!self->c.info.setup_done || (self->c.info.setup_flags & P2PBENCH_SETUP_EXPORTER_VFIO))
		SKIP(return, NEED_SETUP_WHY);
	EXPECT_EQ(-EINVAL, export_ranges(&self->c, self->c.info.bar_len, 1, &ex));
	EXPECT_NE(0, ex.msg[0]);
	/* A bad pointer: no fd is left behind. */
	EXPECT_EQ(-1, ioctl(self->c.fd, P2PBENCH_IOC_EXPORT, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

/*
 * Unbinding the exporter revokes its exported dma-bufs: a mapping made
 * before faults with SIGBUS, mmap is refused with ENODEV. Then the
 * exporter is bound and the pair set up again (P2PBENCH_EXPORTER and
 * P2PBENCH_IMPORTER name it).
 */
TEST_F(bad, export_revoked_on_unbind)
{
	struct p2pbench_export ex;
	struct p2pbench_bdf e, i;
	char name[32], why[256];
	int bar;
	__u32 *map;
	int fd, r, status = -1;
	pid_t pid;

	if (!(self->c.info.features & P2PBENCH_FEATURE_EXPORT))
		SKIP(return, "module without P2PBENCH_IOC_EXPORT");
	if (!self->c.info.setup_done ||
	    (self->c.info.setup_flags & P2PBENCH_SETUP_EXPORTER_VFIO))
		SKIP(return, NEED_SETUP_WHY);
	if (!getenv("P2PBENCH_EXPORTER") || !getenv("P2PBENCH_IMPORTER") ||
	    parse_bdf(getenv("P2PBENCH_EXPORTER"), &e, &bar) ||
	    parse_bdf(getenv("P2PBENCH_IMPORTER"), &i, NULL))
		SKIP(return, "pair set up without P2PBENCH_EXPORTER/IMPORTER: cannot restore it");
	fd = export_ranges(&self->c, 0, 1, &ex);
	ASSERT_LE(0, fd) {
		TH_LOG("EXPORT: %s: %.*s", strerror(-fd), P2PBENCH_MSG_LEN, ex.msg);
	}
	map = mmap(NULL, self->c.page, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, map);
	mmio_read(map);
	bdf_str(&e, name, sizeof(name));
	r = write_str(DRIVER_DIR "/unbind", name);
	ASSERT_EQ(0, r) {
		TH_LOG("unbinding %s from p2pbench: %s", name, strerror(-r));
	}
	pid = fork();
	if (!pid) {
		mmio_read(map);
		_exit(0);
	}
	ASSERT_LT(0, pid);
	waitpid(pid, &status, 0);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS) {
		TH_LOG("a read of the revoked mapping did not raise SIGBUS (status 0x%x)",
		       status);
	}
	EXPECT_EQ(MAP_FAILED, mmap(NULL, self->c.page, PROT_READ, MAP_SHARED, fd, 0));
	EXPECT_EQ(ENODEV, errno);
	munmap(map, self->c.page);
	close(fd);

	r = write_str(DRIVER_DIR "/bind", name);
	ASSERT_EQ(0, r) {
		TH_LOG("rebinding %s to p2pbench: %s", name, strerror(-r));
	}
	ASSERT_EQ(0, setup_from_env(self->c.fd, why, sizeof(why))) {
		TH_LOG("%s", why);
	}
}

/*
 * RUN without a pair must be refused with ENODEV. On a fresh module that is
 * direct; with a pair set up, the importer is unbound from the p2pbench
 * driver (which must drop the pair), and bound and set up again after,
 * which needs P2PBENCH_EXPORTER/P2PBENCH_IMPORTER to know the pair.
 */
TEST_F(bad, run_before_setup)
{
	struct p2pbench_setup pair;
	char name[32], why[256];
	int r;

	if (!self->c.info.setup_done) {
		expect_refusal(_metadata, &self->c, &self->pt, (const int[]){ ENODEV, 0 });
		return;
	}
	if (pair_from_env(&pair))
		SKIP(return, "pair set up without P2PBENCH_EXPORTER/IMPORTER: cannot restore it");
	bdf_str(&pair.importer, name, sizeof(name));
	r = write_str(DRIVER_DIR "/unbind", name);
	ASSERT_EQ(0, r) {
		TH_LOG("unbinding %s from p2pbench: %s", name, strerror(-r));
	}
	ASSERT_EQ(0, get_info(self->c.fd, &self->c.info));
	EXPECT_EQ(0, self->c.info.setup_done) {
		TH_LOG("the importer left the driver, but INFO still says set up");
	}
	expect_refusal(_metadata, &self->c, &self->pt, (const int[]){ ENODEV, 0 });

	r = write_str(DRIVER_DIR "/bind", name);
	ASSERT_EQ(0, r) {
		TH_LOG("rebinding %s to p2pbench: %s", name, strerror(-r));
	}
	ASSERT_EQ(0, setup_from_env(self->c.fd, why, sizeof(why))) {
		TH_LOG("%s", why);
	}
	ASSERT_EQ(0, get_info(self->c.fd, &self->c.info));
	EXPECT_EQ(1, self->c.info.setup_done);
	EXPECT_EQ(0, run(&self->c, &self->pt)) {
		TH_LOG("after setting the pair up again: %.*s", P2PBENCH_MSG_LEN,
		       self->pt.result.msg);
	}
}

TEST_HARNESS_MAIN
