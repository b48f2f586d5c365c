// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench run: one benchmark point, printed as text or JSON. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "commands.h"
#include "dev.h"
#include "outfmt.h"
#include "point.h"
#include "runopts.h"
#include "sweep.h"
#include "vfio.h"

struct run_cli {
	uint32_t format;
	const char *also;
};

static const struct opt run_cli_opts[] = {
	{ .name = "format", .kind = OPT_ENUM, .off = offsetof(struct run_cli, format),
	  .arg = "F", .def = "text", .parse = out_format_parse, .name_of = out_format_name,
	  .help = "text or json" },
	{ .name = "also-importer", .kind = OPT_STR, .off = offsetof(struct run_cli, also),
	  .arg = "BDF", .help = "method vfio: map the same dma-buf for this importer too "
	  "(bound to p2pbench), after the first; prints both points" },
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

/*
 * One vfio-pci dma-buf, two importers: the point on the importer set up,
 * then on ALSO with the same dma-buf fd, then the pair is set up as before.
 * 0, or -errno with *P (or *Q) refused.
 */
static int run_two(int fd, struct vfio_exp *v, struct point *p, struct point *q,
		   const struct p2pbench_bdf *also, char *err, size_t errlen)
{
	int buf, r;

	buf = vfio_export(fd, v, p);
	if (buf < 0)
		return buf;
	p->run.dmabuf_fd = buf;
	*q = *p;
	r = run_point(fd, p);
	if (!r) {
		if (dev_setup(fd, v->bar, &v->exporter, also, P2PBENCH_SETUP_EXPORTER_VFIO,
			      err, errlen)) {
			q->refused_errno = ENODEV;
			snprintf(q->result.msg, sizeof(q->result.msg), "%.120s", err);
			r = -ENODEV;
		} else {
			r = run_point(fd, q);
		}
		if (dev_setup(fd, v->bar, &v->exporter, &v->importer, P2PBENCH_SETUP_EXPORTER_VFIO,
			      err, errlen) && !r)
			r = -ENODEV;
	}
	p->run.dmabuf_fd = q->run.dmabuf_fd = 0;
	close(buf);
	return r;
}

int cmd_run(int argc, char **argv)
{
	struct run_cli cli = { 0 };
	const struct optset extra[] = { { run_cli_opts, &cli }, { NULL, NULL } };
	struct vfio_exp v = { 0 };
	struct p2pbench_bdf also;
	struct point p, q;
	char err[512];
	int fd, ret, first_bad = 0;

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
	if (cli.also && (p.run.method != P2PBENCH_METHOD_VFIO ||
			 bdf_parse(cli.also, &also, NULL, err, sizeof(err)))) {
		fprintf(stderr, "p2pbench run: --also-importer: %s\n",
			p.run.method != P2PBENCH_METHOD_VFIO ? "for method vfio only" : err);
		return 2;
	}
	fd = dev_open(err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "p2pbench run: %s\n", err);
		return 2;
	}
	/* Method vfio borrows the exporter for vfio-pci for this one point. */
	ret = vfio_point(fd, &v, &p, err, sizeof(err));
	if (ret == -2) {
		fprintf(stderr, "p2pbench run: %s\n", err);
		close(fd);
		return 2;
	}
	if (!ret && cli.also && v.exp_vfio) {
		ret = run_two(fd, &v, &p, &q, &also, err, sizeof(err));
		/* The first importer's point, then the second's as the answer. */
		if (!p.refused_errno) {
			print_point(&p, (enum out_format)cli.format);
			first_bad = p.result.status || p.result.verdict != P2PBENCH_VERDICT_PASS;
			p = q;
		}
	} else if (!ret) {
		ret = vfio_run_point(fd, &v, &p);
	}
	if (vfio_leave(fd, &v, err, sizeof(err))) {
		fprintf(stderr, "p2pbench run: giving the exporter back to p2pbench: %s\n", err);
		close(fd);
		return 2;
	}
	close(fd);
	if (ret) {
		if (cli.format == OUT_JSON)
			print_point(&p, OUT_JSON);
		fprintf(stderr, "p2pbench: run refused: %s%s%s\n", strerror(p.refused_errno),
			p.result.msg[0] ? ": " : "", p.result.msg);
		return 2;
	}
	print_point(&p, (enum out_format)cli.format);
	if (first_bad || p.result.status || (p.result.verdict != P2PBENCH_VERDICT_PASS &&
					     p.result.verdict != P2PBENCH_VERDICT_NONE))
		return 1;
	return 0;
}
