// SPDX-License-Identifier: GPL-2.0-only
/* plot: scripts, data, PNG and SVG for one and two directories; a clear
 * error without gnuplot. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "results.h"
#include "synth.h"
#include "unit.h"

static char a[256], b[256], c[256], out[256];

static void fill(const char *dir, double scale, int broken)
{
	char err[512], p[600];
	struct point pt;

	snprintf(p, sizeof(p), "%s/points", dir);
	mkdir_p(p, err, sizeof(err));
	for (unsigned int m = 0; m < 3; m++)
		for (unsigned int nr = 1; nr <= 64; nr *= 4)
			for (unsigned long long len = 4096; len <= (8ULL << 30); len *= 64) {
				synth_point(&pt, m, nr, len, "DMA", 0, scale);
				if (broken && m == 2 && nr == 16)
					synth_map_error(&pt, EADDRINUSE, "x");
				point_save(dir, &pt, NULL, 0, err, sizeof(err));
			}
}

static int plot(int argc, char **argv)
{
	int saved = dup(1), null = open("/dev/null", O_WRONLY), ret;

	fflush(stdout);
	dup2(null, 1);
	ret = cmd_plot(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(null);
	return ret;
}

/* OUT/NAME exists and starts with MAGIC. */
static int has(const char *name, const char *magic)
{
	char path[600], buf[16] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out, name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, strlen(magic), f);
	fclose(f);
	return n == strlen(magic) && !memcmp(buf, magic, n);
}

static void test_one_dir(void)
{
	char *argv[] = { "plot", a, "-o", out, NULL };

	CHECK(plot(4, argv) == 0);
	CHECK(has("ranges-map.png", "\x89PNG") && has("ranges-map.svg", "<?xml"));
	CHECK(has("size-unmap.png", "\x89PNG") && has("size-map.gp", "# p2pbench plot"));
	CHECK(has("data/ranges-map-A.dat", "# panel 0"));
	CHECK(!has("ratio-ranges-map.png", "\x89PNG"));
	CHECK(has("speedup-ranges.png", "\x89PNG") && has("speedup-size.svg", "<?xml"));
}

static void test_two_dirs(void)
{
	char *argv[] = { "plot", a, b, "-o", out, NULL };

	CHECK(plot(5, argv) == 0);
	CHECK(has("ratio-ranges-map.png", "\x89PNG") && has("ratio-size-map.svg", "<?xml"));
	CHECK(has("data/ranges-map-B.dat", "# panel 0"));
}

/* OUT/NAME holds TEXT somewhere. */
static int contains(const char *name, const char *text)
{
	char path[600], *buf;
	FILE *f;
	long n;
	int found;

	snprintf(path, sizeof(path), "%s/%s", out, name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	found = buf && fread(buf, 1, (size_t)n, f) == (size_t)n && strstr(buf, text);
	free(buf);
	fclose(f);
	return found;
}

/* Speedup over resource: a method that passes is a line, a known bug is
 * crosses named by the bug, a method that cannot apply is left out. */
static void test_speedup(void)
{
	char *argv[] = { "plot", c, "-o", out, NULL };
	char err[512], p[600];
	struct point pt;
	static const unsigned int ms[] = { P2PBENCH_METHOD_RESOURCE, P2PBENCH_METHOD_HELPER,
					   P2PBENCH_METHOD_ATTACH, P2PBENCH_METHOD_VFIO };

	snprintf(p, sizeof(p), "%s/points", c);
	mkdir_p(p, err, sizeof(err));
	for (unsigned int k = 0; k < 4; k++)
		for (unsigned int nr = 1; nr <= 64; nr *= 4) {
			synth_point(&pt, ms[k], nr, 4096, "DMA", 0, 1.0);
			pt.result.map_type = P2PBENCH_MAP_THRU_HOST_BRIDGE;
			snprintf(pt.cpu, sizeof(pt.cpu), "amd");
			snprintf(pt.topology, sizeof(pt.topology), "hostbridge");
			/* the biggest points timed by count (as DMA-FQ sweeps do):
			 * still on the same lines */
			if (nr == 64) {
				pt.run.iterations = 64;
				pt.run.duration_ms = 0;
			}
			if (ms[k] == P2PBENCH_METHOD_RESOURCE) {
				pt.result.map.p50 = 3000;
				pt.result.unmap.p50 = 1000;
			} else if (ms[k] == P2PBENCH_METHOD_HELPER) {
				pt.result.map.p50 = 1000;
				pt.result.unmap.p50 = 1000;
			} else if (ms[k] == P2PBENCH_METHOD_ATTACH && nr > 1) {
				synth_map_error(&pt, EADDRINUSE, "dma_buf_map_attachment() failed: -98");
			} else if (ms[k] == P2PBENCH_METHOD_VFIO) {
				synth_refuse(&pt, EOPNOTSUPP, "method vfio: not implemented");
			}
			point_save(c, &pt, NULL, 0, err, sizeof(err));
		}
	CHECK(plot(4, argv) == 0);
	CHECK(has("speedup-ranges.png", "\x89PNG") && has("speedup-ranges.svg", "<?xml"));
	CHECK(has("speedup-size.png", "\x89PNG") && has("speedup-size.svg", "<?xml"));
	CHECK(contains("speedup-ranges.gp", "title 'helper'"));
	CHECK(contains("speedup-ranges.gp", "title 'attach'"));	/* 1 range passes */
	CHECK(contains("speedup-ranges.gp", "title 'attach: iova-offset'"));
	CHECK(!contains("speedup-ranges.gp", "vfio"));
	CHECK(contains("speedup-ranges.gp", "size 800,"));
	/* helper: resource's 4000 ns over its 2000 ns at every range count */
	CHECK(contains("data/speedup-ranges-A.dat", "1 2\n4 2\n16 2\n64 2\n"));

	/* no resource points at all (a sweep of the helper alone): empty
	 * panels that say so, not a gnuplot error */
	char d[256];
	char *argv2[] = { "plot", d, "-o", out, NULL };

	synth_tmpdir(d, sizeof(d));
	snprintf(p, sizeof(p), "%s/points", d);
	mkdir_p(p, err, sizeof(err));
	for (unsigned int nr = 1; nr <= 16; nr *= 4) {
		synth_point(&pt, P2PBENCH_METHOD_HELPER, nr, 4096, "DMA", 0, 1.0);
		point_save(d, &pt, NULL, 0, err, sizeof(err));
	}
	CHECK(plot(4, argv2) == 0);
	CHECK(contains("speedup-ranges.gp", "no speedup over resource to draw"));
	synth_rmrf(d);
}

static void test_errors(void)
{
	char *missing[] = { "plot", "/nonexistent", "-o", out, NULL };
	char *noout[] = { "plot", a, NULL };
	char *argv[] = { "plot", a, "-o", out, NULL };
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;

	CHECK(plot(4, missing) == 2);
	CHECK(plot(2, noout) == 2);
	setenv("PATH", "/nonexistent", 1);
	CHECK(plot(4, argv) == 2);
	if (path)
		setenv("PATH", path, 1);
	free(path);
}

int main(void)
{
	synth_tmpdir(a, sizeof(a));
	synth_tmpdir(b, sizeof(b));
	synth_tmpdir(c, sizeof(c));
	synth_tmpdir(out, sizeof(out));
	fill(a, 1.0, 0);
	fill(b, 1.2, 1);
	RUN(test_one_dir);
	RUN(test_two_dirs);
	RUN(test_speedup);
	RUN(test_errors);
	synth_rmrf(a);
	synth_rmrf(b);
	synth_rmrf(c);
	synth_rmrf(out);
	return UNIT_DONE();
}
