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

static char a[256], b[256], out[256];

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
}

static void test_two_dirs(void)
{
	char *argv[] = { "plot", a, b, "-o", out, NULL };

	CHECK(plot(5, argv) == 0);
	CHECK(has("ratio-ranges-map.png", "\x89PNG") && has("ratio-size-map.svg", "<?xml"));
	CHECK(has("data/ranges-map-B.dat", "# panel 0"));
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
	synth_tmpdir(out, sizeof(out));
	fill(a, 1.0, 0);
	fill(b, 1.2, 1);
	RUN(test_one_dir);
	RUN(test_two_dirs);
	RUN(test_errors);
	synth_rmrf(a);
	synth_rmrf(b);
	synth_rmrf(out);
	return UNIT_DONE();
}
