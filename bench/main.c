// SPDX-License-Identifier: GPL-2.0-only
/* p2pbench: userspace driver of the p2pbench kernel module. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "version.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "doctor", cmd_doctor, "check this machine for a run and say how to fix what is wrong" },
	{ "info", cmd_info, "show the module, devices, methods and IOMMU state" },
	{ "bind", cmd_bind, "bind an exporter BAR and an importer to the module" },
	{ "run", cmd_run, "run one benchmark point and print it" },
	{ "sweep", cmd_sweep, "run every point of a sweep file into a results directory" },
	{ "compare", cmd_compare, "compare two results directories (A vs B)" },
	{ "report", cmd_report, "print a results directory as text, markdown or email" },
	{ "plot", cmd_plot, "render gnuplot PNG and SVG plots of one or two results directories" },
	{ "revoke", cmd_revoke, "time vfio-pci's revoke of a dma-buf mapped through iommufd" },
	{ "fio", cmd_fio, "O_DIRECT I/O into p2pmem or host memory with fio, stored as results" },
	{ "perftest", cmd_perftest, "RDMA perftest server and client on one machine, stored as results" },
	{ NULL, NULL, NULL },
};

#define for_each_command(c) for (c = commands; c->name; c++)

static void usage(FILE *f)
{
	const struct command *c;

	fprintf(f, "usage: p2pbench COMMAND [OPTIONS]\n\ncommands:\n");
	for_each_command(c)
		fprintf(f, "  %-8s %s\n", c->name, c->summary);
	fprintf(f, "\n'p2pbench COMMAND --help' describes a command's options.\n");
}

/*
 * What a command printed must reach its destination: a report or a
 * comparison redirected to a full disk fails at the last flush, so check
 * it (and the close) rather than exit 0 with the output cut short.
 */
static int finish_stdout(int rc)
{
	bool bad = ferror(stdout);
	int err = 0;

	if (fflush(stdout)) {
		err = errno;
		bad = true;
	}
	if (fclose(stdout) && !bad) {
		err = errno;
		bad = true;
	}
	if (!bad)
		return rc;
	fprintf(stderr, "p2pbench: write error on standard output%s%s\n",
		err ? ": " : "", err ? strerror(err) : "");
	return 2;
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("p2pbench %s\n", P2PBENCH_VERSION);
		return 0;
	}
	for_each_command(c)
		if (!strcmp(argv[1], c->name))
			return finish_stdout(c->fn(argc - 1, argv + 1));
	fprintf(stderr, "p2pbench: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
