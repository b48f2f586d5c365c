// SPDX-License-Identifier: GPL-2.0-only
/* Sweep files: values, ranges, sizes, errors naming file:line, expansion. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"

#include "sweep.h"
#include "unit.h"

static long expand(const char *text, struct point **pts, char *err, size_t len)
{
	struct sweep s;
	long n;

	if (sweep_parse_string("t.sweep", text, &s, err, len))
		return -2;
	n = sweep_expand(&s, pts, err, len);
	sweep_free(&s);
	return n;
}

/* Parsing TEXT fails with an error containing WANT. */
static int bad(const char *text, const char *want)
{
	char err[512] = "";
	struct sweep s;

	if (!sweep_parse_string("t.sweep", text, &s, err, sizeof(err))) {
		sweep_free(&s);
		fprintf(stderr, "#   parsed, expected '%s'\n", want);
		return 0;
	}
	if (!strstr(err, want)) {
		fprintf(stderr, "#   want '%s', got '%s'\n", want, err);
		return 0;
	}
	return 1;
}

static void test_sizes(void)
{
	uint64_t v;
	CHECK(!size_parse("4K", &v) && v == 4096);
	CHECK(!size_parse("4G-4K", &v) && v == (4ULL << 30) - 4096);
	CHECK(!size_parse("4G+4K", &v) && v == (4ULL << 30) + 4096);
	CHECK(!size_parse("0x1000", &v) && v == 4096);
	CHECK(size_parse("4X", &v) == -1);
	CHECK(size_parse("4K-8K", &v) == -1);
	CHECK(size_parse("", &v) == -1);
	CHECK(size_parse("17179869184T", &v) == -1);
}

static void test_values_and_ranges(void)
{
	struct point *p;
	char err[256];
	long n;

	n = expand("# comment\n"
		   "method = phys, iova   # trailing comment\n"
		   "ranges = 1..64 *4\n"
		   "size = 4K..16K +4K 1G\n", &p, err, sizeof(err));
	CHECK(n == 2 * 4 * 5);
	if (n == 40) {
		/* last dimension turns fastest; method is outermost here */
		CHECK(p[0].run.method == P2PBENCH_METHOD_PHYS && p[0].run.nr_ranges == 1 &&
		      p[0].run.range_len == 4096);
		CHECK(p[1].run.range_len == 8192 && p[4].run.range_len == 1ULL << 30);
		CHECK(p[5].run.nr_ranges == 4 && p[19].run.nr_ranges == 64);
		CHECK(p[20].run.method == P2PBENCH_METHOD_IOVA);
		CHECK(p[0].run.version == P2PBENCH_UAPI_VERSION && p[0].run.iterations == 1000);
	}
	free(p);

	/* attached geometric step, continuation lines */
	n = expand("method = null\nranges = 1..65536*4\nsize = 4K \\\n  8K\n", &p, err, sizeof(err));
	CHECK(n == 9 * 2);
	if (n == 18)
		CHECK(p[17].run.nr_ranges == 65536 && p[17].run.range_len == 8192);
	free(p);

	/* end not reached exactly */
	n = expand("method = null\nranges = 1..100 *4\n", &p, err, sizeof(err));
	CHECK(n == 4);
	if (n == 4)
		CHECK(p[3].run.nr_ranges == 64);
	free(p);
}

static void test_context_and_repeats(void)
{
	struct point *p;
	char err[256];
	long n;

	n = expand("iommu_mode = DMA identity\nrepeats = 3\nmethod = null phys\n", &p, err, sizeof(err));
	CHECK(n == 12);
	if (n == 12) {
		/* context outermost, then repeat, then parameters */
		CHECK(!strcmp(p[0].iommu_mode, "DMA") && p[0].repeat == 0);
		CHECK(p[1].run.method == P2PBENCH_METHOD_PHYS && p[1].repeat == 0);
		CHECK(p[2].repeat == 1 && p[5].repeat == 2);
		CHECK(!strcmp(p[6].iommu_mode, "identity") && p[6].repeat == 0);
		CHECK(p[0].cpu[0] == '\0');
	}
	free(p);
}

static void test_pruning(void)
{
	struct point *p;
	char err[256];
	long n;

	/* 8G: 1 x {4G,8G} and 2 x 4G; 2 x 8G pruned */
	n = expand("method = null\nmax_bytes = 8G\nranges = 1 2\nsize = 4G 8G\n", &p, err, sizeof(err));
	CHECK(n == 3);
	free(p);
	/* gaps and alignment count: 2 x (4K + 4K gap) rounded to 64K = 128K */
	n = expand("method = null\nmax_bytes = 127K\nranges = 2\nlayout = gapped\ngap = 4K\nalign = 64K\n",
		   &p, err, sizeof(err));
	CHECK(n == 0);
	free(p);
	n = expand("method = null\nmax_bytes = 128K\nranges = 2\nlayout = gapped\ngap = 4K\nalign = 64K\n",
		   &p, err, sizeof(err));
	CHECK(n == 1);
	free(p);
	n = expand("method = null\niterations = 0\n", &p, err, sizeof(err));
	CHECK(n == -1 && strstr(err, "t.sweep: iterations = 0 needs a duration"));
	/* duration replaces iterations, as on the command line */
	n = expand("method = null\nduration = 10\n", &p, err, sizeof(err));
	CHECK(n == 1 && p[0].run.iterations == 0 && p[0].run.duration_ms == 10);
	free(p);
}

static void test_errors(void)
{
	CHECK(bad("method = phys\nnr_ranges = 4\n", "t.sweep:2: unknown name 'nr_ranges' (dimensions: cpu"));
	CHECK(bad("\n\nmethod = dmabuf\n", "t.sweep:3: method: method dmabuf: unknown; one of null|resource"));
	CHECK(bad("ranges = 0\n", "t.sweep:1: ranges: ranges 0: outside 1..65536"));
	CHECK(bad("ranges = 1..300000 *4\n", "t.sweep:1: ranges: ranges 262144: outside 1..65536"));
	CHECK(bad("size = 6000\n", "t.sweep:1: size: 6000 is not a multiple of 4K"));
	CHECK(bad("size = 4Q\n", "t.sweep:1: size: size 4Q: not a size"));
	CHECK(bad("size = 4G-4Q\n", "t.sweep:1: size: '4G-4Q' is not a size"));
	CHECK(bad("align = 12K\n", "t.sweep:1: align: 12K is not a power of two"));
	CHECK(bad("ranges = 1..64\n", "needs a step"));
	CHECK(bad("ranges = 1..64 *1\n", "bad step '*1'"));
	CHECK(bad("ranges = 64..1 *2\n", "is empty"));
	CHECK(bad("ranges = *4\n", "step '*4' without a range"));
	CHECK(bad("method = phys..iova *2\n", "ranges are for numbers and sizes"));
	CHECK(bad("method = phys\n# x\nmethod = iova\n", "t.sweep:3: 'method' given twice (first on line 1)"));
	CHECK(bad("size = 4K 4096\n", "size: value '4096' given twice (as '4K')"));
	CHECK(bad("iommu_mode = lazy\n", "iommu_mode: unknown value 'lazy' (one of: off identity DMA DMA-FQ)"));
	CHECK(bad("topology = a_b\n", "topology: 'a_b': only letters"));
	CHECK(bad("method\n", "t.sweep:1: expected 'name = value ...'"));
	CHECK(bad("method =\n", "t.sweep:1: method: no value"));
	CHECK(bad("repeats = 0\n", "repeats: '0' is not a count in 1..1000"));
	CHECK(bad("layout = user\n", "layout: layout user: unknown"));
	CHECK(bad("dma-bits = 16\n", "DMA mask bits must be 0 or 32..64"));
	CHECK(bad("e2e = maybe\n", "e2e: e2e maybe: not a boolean"));
	CHECK(bad("max_bytes = lots\n", "max_bytes: 'lots' is not a size"));
	CHECK(bad("method = null\niterations = 5\nduration = 10\n",
		  "t.sweep:3: 'iterations' (line 2) and 'duration' (line 3) exclude each other"));
	CHECK(bad("ranges = 4\n", "t.sweep: no 'method = ...' line"));
	/* continued line reports where it starts */
	CHECK(bad("\nmethod = phys \\\n  bogus\n", "t.sweep:2: method: method bogus: unknown"));
}

static void test_hash(void)
{
	struct sweep a, b, c;
	char err[256];

	CHECK(!sweep_parse_string("a", "method = phys # x\n", &a, err, sizeof(err)));
	CHECK(!sweep_parse_string("b", "\n  method=phys\n", &b, err, sizeof(err)));
	CHECK(!sweep_parse_string("c", "method = iova\n", &c, err, sizeof(err)));
	CHECK(!strcmp(a.hash, b.hash));
	CHECK(strcmp(a.hash, c.hash));
	CHECK(sweep_varies(&a, "method") && !sweep_varies(&a, "ranges"));
	sweep_free(&a);
	sweep_free(&b);
	sweep_free(&c);
}

/* The shipped sweep files parse and stay within their budgets. */
static void test_shipped(void)
{
	static const struct { const char *name; long min, max; } files[] = {
		{ "../configs/sweeps/quick", 4, 64 },
		{ "../configs/sweeps/uint-max", 8, 400 },
		{ "../configs/sweeps/default", 500, 4000 },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct point *p = NULL;
		struct sweep s;
		char err[512];
		long n = -1;

		if (sweep_parse_file(files[i].name, &s, err, sizeof(err)) == 0) {
			n = sweep_expand(&s, &p, err, sizeof(err));
			sweep_free(&s);
		}
		if (n < files[i].min || n > files[i].max)
			fprintf(stderr, "#   %s: %ld points (%s)\n", files[i].name, n, n < 0 ? err : "");
		CHECK(n >= files[i].min && n <= files[i].max);
		free(p);
	}
}

/* `p2pbench sweep ARGS` with stdout and stderr silenced: its exit status. */
static int sweep_cmd(int argc, char **argv)
{
	int out = dup(1), errfd = dup(2), null = open("/dev/null", O_WRONLY), ret;

	fflush(NULL);
	dup2(null, 1);
	dup2(null, 2);
	ret = cmd_sweep(argc, argv);
	fflush(NULL);
	dup2(out, 1);
	dup2(errfd, 2);
	close(out);
	close(errfd);
	close(null);
	return ret;
}

/* The parts of the command that need no module. */
static void test_command(void)
{
	char path[] = "/tmp/p2pbench-sweep.XXXXXX";
	int fd = mkstemp(path);
	const char *text = "method = null phys\niommu_mode = DMA identity\n";

	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	char *check[] = { "sweep", path, "--check", NULL };
	char *contexts[] = { "sweep", path, "--list-contexts", NULL };
	char *list[] = { "sweep", path, "--list", "--iommu-mode", "DMA", NULL };
	char *nomode[] = { "sweep", path, "--list", NULL };
	char *badmode[] = { "sweep", path, "--list", "--iommu-mode", "lazy", NULL };
	char *missing[] = { "sweep", "/nonexistent/sweep", "--check", NULL };
	char *noconfig[] = { "sweep", "-o", "/tmp/x", NULL };
	char *help[] = { "sweep", "--help", NULL };

	CHECK(sweep_cmd(3, check) == 0);
	CHECK(sweep_cmd(3, contexts) == 0);
	CHECK(sweep_cmd(5, list) == 0);
	CHECK(sweep_cmd(3, nomode) == 2);
	CHECK(sweep_cmd(5, badmode) == 2);
	CHECK(sweep_cmd(3, missing) == 2);
	CHECK(sweep_cmd(3, noconfig) == 2);
	CHECK(sweep_cmd(2, help) == 0);
	unlink(path);
}

int main(void)
{
	RUN(test_sizes);
	RUN(test_values_and_ranges);
	RUN(test_context_and_repeats);
	RUN(test_pruning);
	RUN(test_errors);
	RUN(test_hash);
	RUN(test_shipped);
	RUN(test_command);
	return UNIT_DONE();
}
