// SPDX-License-Identifier: GPL-2.0-only
/* report: email under 80 columns with the legend, kernel, commands and
 * failed points; markdown tables; errors. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "results.h"
#include "synth.h"
#include "unit.h"

static char dir[256];

/* Run `p2pbench report DIR [FORMAT]`; stdout into *OUT (malloc'ed). */
static int report(const char *d, const char *format, char **out)
{
	char *argv[4] = { "report", (char *)d, (char *)format, NULL };
	char path[] = "/tmp/p2pbench-report.XXXXXX";
	int fd = mkstemp(path), saved = dup(1), ret;
	FILE *f;
	long n;

	fflush(stdout);
	dup2(fd, 1);
	ret = cmd_report(format ? 3 : 2, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	f = fdopen(fd, "r");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*out = calloc(1, (size_t)n + 1);
	if (fread(*out, 1, (size_t)n, f) != (size_t)n)
		(*out)[0] = '\0';
	fclose(f);
	unlink(path);
	return ret;
}

static void setup(void)
{
	char err[512], p[600];
	struct point pt;

	synth_tmpdir(dir, sizeof(dir));
	snprintf(p, sizeof(p), "%s/points", dir);
	mkdir_p(p, err, sizeof(err));
	for (unsigned int nr = 1; nr <= 64; nr *= 4)
		for (unsigned int r = 0; r < 3; r++) {
			synth_point(&pt, P2PBENCH_METHOD_PHYS, nr, 4096, "DMA", r, 1);
			point_save(dir, &pt, NULL, 0, err, sizeof(err));
			synth_point(&pt, P2PBENCH_METHOD_HELPER, nr, 4096, "DMA", r, 1);
			if (nr > 1)
				synth_map_error(&pt, EADDRINUSE, "dma_iova_link: IOVA offset 0 for every range");
			point_save(dir, &pt, NULL, 0, err, sizeof(err));
			synth_point(&pt, P2PBENCH_METHOD_VFIO, nr, 4096, "DMA", r, 1);
			synth_refuse(&pt, EOPNOTSUPP, "vfio-pci dma-buf export is not in this kernel");
			point_save(dir, &pt, NULL, 0, err, sizeof(err));
		}
	json_t *top = json_pack("{s:s, s:{s:s}, s:{s:s}}", "variant", "base", "sweep", "name", "quick",
				"host", "kernel_source", "linux-source-7.2 7.2.12-1~bpo13+1");
	json_t *c = json_pack("{s:s, s:{s:s, s:s, s:s}}",
		"command", "p2pbench sweep /lab/configs/sweeps/quick -o /results --iommu-mode DMA "
			   "--cpu intel --topology switch --variant base --on-point lab-put",
		"machine", "kernel_release", "7.2.12", "cpu_model", "QEMU TCG CPU", "iommu_driver",
		"intel-iommu");
	meta_update(dir, top, "cpu=intel,topology=switch,iommu_mode=DMA", c, err, sizeof(err));
	json_decref(top);
	json_decref(c);
}

static void test_email(void)
{
	char *out, *line, *save = NULL;
	size_t widest = 0;

	CHECK(report(dir, "--format=email", &out) == 0);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strlen(line) > widest)
			widest = strlen(line);
		line[strlen(line)] = '\n';	/* keep the text for strstr below */
	}
	CHECK(widest <= 72);
	/* the summary first, then the details */
	CHECK(!strncmp(out, "Summary: quick sweep, 36 points, kernel 7.2.12 base\n", 52));
	CHECK(strstr(out, "Known bug iova-offset") == NULL);	/* switch pair: not its signature */
	CHECK(strstr(out, "FAIL switch DMA helper") || strstr(out, "FAIL bus DMA helper"));
	CHECK(strstr(out, "\nLegend: map/unmap latency, ns, lower is better"));
	CHECK(strstr(out, "kernel 7.2.12, QEMU TCG CPU, IOMMU intel-iommu"));
	CHECK(strstr(out, "kernel_source: linux-source-7.2 7.2.12-1~bpo13+1"));
	CHECK(strstr(out, "$ p2pbench sweep /lab/configs/sweeps/quick -o /results"));
	CHECK(strstr(out, "map-error EADDRINUSE: dma_iova_link: IOVA offset 0 for every range"));
	CHECK(strstr(out, "refused EOPNOTSUPP: vfio-pci dma-buf export"));
	CHECK(strstr(out, "MAP-ERROR") && strstr(out, "REFUSED"));
	free(out);
}

static void test_markdown_text(void)
{
	char *out;

	CHECK(report(dir, "--format=markdown", &out) == 0);
	CHECK(strstr(out, "| method | ranges | n | map p50 |") != NULL);
	CHECK(strstr(out, "## Failed points (errno and reason)") != NULL);
	CHECK(strstr(out, "- `helper,ranges=4,") != NULL);
	free(out);
	CHECK(report(dir, NULL, &out) == 0);
	CHECK(strstr(out, "map p99") != NULL);
	free(out);
}

/* JSON for scripts: the summary, each point's outcome, and meta.json
 * without the paths of the machine that ran it. */
static void test_json(void)
{
	char *out, err[512];
	json_t *j, *top = json_pack("{s:{s:s, s:s, s:s}}", "host", "kernel_source",
				    "/home/u/.cache/p2pbench/src/7.2.12-1~bpo13+1/linux-source-7.2",
				    "variant_dir", "/home/u/p2pbench/kernel/variants/null",
				    "command", "scripts/bench-lab --variant null --out "
				    "/home/u/p2pbench/results/lab-null --boot 0");

	CHECK(!meta_update(dir, top, NULL, NULL, err, sizeof(err)));
	json_decref(top);
	CHECK(report(dir, "--format=json", &out) == 0);
	j = json_loads(out, 0, NULL);
	CHECK(j != NULL);
	CHECK(json_integer_value(json_object_get(json_object_get(j, "outcomes"), "n/a")) == 12);
	CHECK(json_array_size(json_object_get(j, "point_outcomes")) == 36);
	CHECK(!strcmp(json_string_value(json_object_get(json_object_get(json_object_get(j, "meta"),
		"host"), "kernel_source")) ?: "", "linux-source-7.2 7.2.12-1~bpo13+1"));
	CHECK(!strcmp(json_string_value(json_object_get(json_object_get(json_object_get(j, "meta"),
		"host"), "variant_dir")) ?: "", "kernel/variants/null"));
	CHECK(!strstr(out, "/home/u"));
	json_decref(j);
	free(out);
	/* the same in the text report */
	CHECK(report(dir, "--format=email", &out) == 0);
	CHECK(strstr(out, "kernel_source: linux-source-7.2 7.2.12-1~bpo13+1\n"));
	CHECK(strstr(out, "$ scripts/bench-lab --variant null --out results/lab-null --boot 0\n"));
	CHECK(!strstr(out, "/home/u"));
	free(out);
}

/* A sweep that runs some points by iteration count (big DMA-FQ points):
 * the email keeps 72 columns and says what it leaves out. */
static void test_email_timing_columns(void)
{
	char d[256], p[600], err[512], *out, *line, *save = NULL;
	struct point pt;
	size_t widest = 0;

	synth_tmpdir(d, sizeof(d));
	snprintf(p, sizeof(p), "%s/points", d);
	mkdir_p(p, err, sizeof(err));
	for (unsigned int m = P2PBENCH_METHOD_RESOURCE; m <= P2PBENCH_METHOD_ATTACH; m++)
		for (unsigned int nr = 1; nr <= 4096; nr *= 16) {
			synth_point(&pt, m, nr, 4096, "DMA-FQ", 0, 1);
			pt.run.warmup = 2;
			pt.run.duration_ms = nr >= 256 ? 0 : 10;
			pt.run.iterations = nr >= 256 ? 64 : 0;
			point_save(d, &pt, NULL, 0, err, sizeof(err));
		}
	CHECK(report(d, "--format=email", &out) == 0);
	CHECK(strstr(out, "Varying per point, not shown here: iterations, duration") != NULL);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		widest = strlen(line) > widest ? strlen(line) : widest;
	CHECK(widest <= 72);
	free(out);
	CHECK(report(d, "--format=markdown", &out) == 0);
	CHECK(strstr(out, "| iterations |") != NULL);
	free(out);
	synth_rmrf(d);
}

static void test_errors(void)
{
	char *out;

	CHECK(report("/nonexistent", NULL, &out) == 2);
	free(out);
	CHECK(report(dir, "--format=pdf", &out) == 2);
	free(out);
}

int main(void)
{
	setup();
	RUN(test_email);
	RUN(test_markdown_text);
	RUN(test_json);
	RUN(test_email_timing_columns);
	RUN(test_errors);
	synth_rmrf(dir);
	return UNIT_DONE();
}
