// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench run: one benchmark point, printed as text or JSON. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "dev.h"
#include "outfmt.h"
#include "point.h"
#include "runopts.h"
#include "sweep.h"

struct run_cli {
	uint32_t format;
};

static const struct opt run_cli_opts[] = {
	{ .name = "format", .kind = OPT_ENUM, .off = offsetof(struct run_cli, format),
	  .arg = "F", .def = "text", .parse = out_format_parse, .name_of = out_format_name,
	  .help = "text or json" },
	{ .kind = OPT_END },
};

static void usage(FILE *f)
{
	const struct optset extra[] = { { run_cli_opts, NULL }, { NULL, NULL } };

	fprintf(f, "usage: p2pbench run --method M [OPTIONS]\n\n"
		"Map and unmap one phys_vec buffer of the bound exporter BAR for the importer\n"
		"(set up by 'p2pbench bind') and print the latencies, counts and verdict.\n"
		"Sizes take 4096, 0x1000, 4K, 2M, 8G. Exit status: 0 the verdict is pass (or\n"
		"none, for null), 1 the point failed (map error or failed check), 2 usage error\n"
		"or the module refused the point.\n\noptions:\n");
	runopts_help(f, extra);
}

static void print_point(const struct point *p, enum out_format fmt)
{
	if (fmt == OUT_JSON) {
		if (out_json(stdout, point_to_json(p)))
			fprintf(stderr, "p2pbench run: writing JSON failed\n");
	} else {
		point_print_text(stdout, p);
	}
}

int cmd_run(int argc, char **argv)
{
	struct run_cli cli = { 0 };
	const struct optset extra[] = { { run_cli_opts, &cli }, { NULL, NULL } };
	struct point p;
	char err[512];
	int fd, ret;

	point_defaults(&p);
	ret = runopts_parse(argc, argv, &p.run, extra, err, sizeof(err));
	if (ret == OPT_HELP) {
		usage(stdout);
		return 0;
	}
	if (ret) {
		fprintf(stderr, "p2pbench run: %s\n", err);
		return 2;
	}
	const char *clock = point_clock_here(err, sizeof(err));

	if (!clock) {
		fprintf(stderr, "p2pbench run: %s\n", err);
		return 2;
	}
	snprintf(p.clock, sizeof(p.clock), "%s", clock);
	point_boot_id_here(p.boot_id, sizeof(p.boot_id));
	fd = dev_open(err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "p2pbench run: %s\n", err);
		return 2;
	}
	ret = run_point(fd, &p);
	close(fd);
	if (ret) {
		if (cli.format == OUT_JSON)
			print_point(&p, OUT_JSON);
		fprintf(stderr, "p2pbench: run refused: %s%s%s\n", strerror(p.refused_errno),
			p.result.msg[0] ? ": " : "", p.result.msg);
		return 2;
	}
	print_point(&p, (enum out_format)cli.format);
	if (p.result.status || (p.result.verdict != P2PBENCH_VERDICT_PASS &&
				p.result.verdict != P2PBENCH_VERDICT_NONE))
		return 1;
	return 0;
}
