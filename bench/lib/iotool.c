// SPDX-License-Identifier: GPL-2.0-only
/* What the I/O tools share: their command and record store (iotool.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "io.h"
#include "iotool.h"
#include "results.h"

/* ---------------- options ---------------- */

#define CLI(f) offsetof(struct io_cli, f)
static const struct opt common[] = {
	{ .name = "output", .kind = OPT_STR, .off = CLI(out), .arg = "DIR", .short_name = 'o',
	  .help = "results directory (also -o DIR); created if needed" },
	{ .name = "sweep", .kind = OPT_STR, .off = CLI(sweep), .arg = "FILE",
	  .help = "I/O sweep file (configs/sweeps/)" },
	{ .name = "cpu", .kind = OPT_STR, .off = CLI(cpu), .arg = "C",
	  .help = "context: CPU setting of the boot (intel, amd, host)" },
	{ .name = "topology", .kind = OPT_STR, .off = CLI(topology), .arg = "T",
	  .help = "context: label of the device pair (default: from the PCI path)" },
	{ .name = "variant", .kind = OPT_STR, .off = CLI(variant), .arg = "V", .def = "base",
	  .help = "kernel variant label" },
	{ .name = "on-point", .kind = OPT_STR, .off = CLI(on_point), .arg = "CMD",
	  .help = "run 'CMD FILE' after each stored point" },
	{ .name = "repeats", .kind = OPT_U32, .off = CLI(repeats), .arg = "N", .min = 1, .max = 1000,
	  .help = "run every point N times [the sweep's, 1]" },
	{ .name = "dry-run", .kind = OPT_FLAG, .off = CLI(dry_run),
	  .help = "print the command lines, run nothing" },
	{ .kind = OPT_END },
};

/* The command line: one option per parameter, taking a value list. */
struct io_args {
	struct io_cli cli;
	const char *lists[IO_MAX_PARAMS];	/* as typed; NULL: not given */
	struct opt opts[IO_MAX_PARAMS + 1];
};

/* The common options, then the tool's own (if any), then EXTRA's. */
static void io_sets(struct optset *sets, const struct driver_ops *ops, struct io_cli *cli,
		    const struct optset *extra)
{
	size_t n = 0;

	sets[n++] = (struct optset){ common, cli };
	if (ops->opts)
		sets[n++] = (struct optset){ ops->opts, cli };
	if (extra)
		sets[n++] = *extra;
	sets[n] = (struct optset){ NULL, NULL };
}

static void io_usage(const struct driver_ops *ops, FILE *f)
{
	const struct optset params[] = { { ops->params, NULL }, { NULL, NULL } };
	struct optset opts[4];

	io_sets(opts, ops, NULL, NULL);
	ops->usage(f);
	opt_help_rows(f, params);
	fprintf(f, "\noptions:\n");
	opt_help(f, opts);
}

/* Returns 0, OPT_HELP, or -1 with a message. */
static int io_cli_parse(const struct driver_ops *ops, int argc, char **argv, struct io_cli *cli,
			struct io_sweep *s, char *err, size_t errlen)
{
	struct io_args *x = calloc(1, sizeof(*x));
	struct optset sets[4];
	int r;

	if (!x)
		return errf(err, errlen, "out of memory");
	for (size_t i = 0; i < s->n; i++)
		x->opts[i] = (struct opt){ .name = ops->params[i].name, .kind = OPT_STR,
					   .off = offsetof(struct io_args, lists) + i * sizeof(x->lists[0]),
					   .arg = "VALUES" };
	io_sets(sets, ops, &x->cli, &(const struct optset){ x->opts, x });
	r = opt_parse(sets, argc, argv, err, errlen);
	*cli = x->cli;
	if (r)
		goto out;
	/* The sweep file first: the command line overrides it. */
	r = -1;
	if (cli->sweep && io_sweep_parse_file(s, cli->sweep, err, errlen))
		goto out;
	for (size_t i = 0; i < s->n; i++) {
		char msg[512];

		if (x->lists[i] && io_sweep_set(s, ops->params[i].name, x->lists[i], msg, sizeof(msg))) {
			errf(err, errlen, "--%s", msg);
			goto out;
		}
	}
	if (cli->repeats)
		s->repeats = cli->repeats;
	if (!cli->out && !cli->dry_run) {
		errf(err, errlen, "-o DIR is required (the results directory)");
		goto out;
	}
	r = io_sweep_finish(s, err, errlen);
out:
	free(x);
	return r;
}

/* ---------------- the run loop's members ---------------- */

int io_point_prepare(struct io_run *r, size_t i, char *err, size_t errlen)
{
	if (r->rec && r->cur == i)
		return 0;
	json_decref(r->rec);
	r->rec = NULL;
	r->cur = i;
	io_sweep_point(r->s, r->items[i].idx, r->values);
	/* Checked before the run; failing now means the machine changed under us. */
	if (r->ops->prepare(r->values, r->cli, r->pt, err, errlen))
		return -1;
	r->rec = r->ops->record(r->pt, r->cli);
	if (!r->rec)
		return errf(err, errlen, "out of memory");
	/* What every source's record holds: the labels of this run. */
	json_object_set_new(r->rec, "variant", json_string(r->cli->variant));
	json_object_set_new(r->rec, "repeat", json_integer(r->items[i].rep));
	if (r->cli->cpu)
		io_set_context(r->rec, "cpu", r->cli->cpu);
	if (r->cli->topology)
		io_set_context(r->rec, "topology", r->cli->topology);
	return 0;
}

enum run_result io_point_ran(const struct io_run *r)
{
	if (run_stopping())
		return RUN_DROP;
	return r->cli->dry_run ? RUN_NOTHING : RUN_RECORD;
}

int io_point_stored(void *ctx, size_t i)
{
	struct io_run *r = ctx;
	char err[1024];

	if (r->cli->dry_run || io_point_prepare(r, i, err, sizeof(err)))
		return 0;
	return io_stored(r->cli->out, r->rec) ? 1 : 0;
}

void io_point_key(void *ctx, size_t i, char *buf, size_t len)
{
	struct io_run *r = ctx;
	char err[1024];

	if (io_point_prepare(r, i, err, sizeof(err)))
		snprintf(buf, len, "?");
	else
		io_key(r->rec, buf, len);
}

int io_point_save(void *ctx, size_t i, char *path, size_t pathlen, char *err, size_t errlen)
{
	struct io_run *r = ctx;
	int failed;

	if (io_point_prepare(r, i, err, errlen) ||
	    io_save(r->cli->out, r->rec, path, pathlen, err, errlen))
		return -1;
	r->ops->summary(r->rec);
	failed = strcmp(json_string_value(json_object_get(r->rec, "status")), "pass") != 0;
	json_decref(r->rec);
	r->rec = NULL;
	return failed;
}

/* ---------------- the command ---------------- */

int io_command(const struct driver_ops *ops, int argc, char **argv)
{
	struct io_cli cli = { 0 };
	struct io_sweep s;
	struct io_run r = { .ops = ops, .cli = &cli, .s = &s };
	struct run_ctl x = { 0 };
	char err[2048];
	size_t n, items = 0;
	int ret = 2, pr;

	io_sweep_init(&s, ops->params);
	r.values = calloc(1, io_values_size(ops->params));
	r.pt = calloc(1, ops->point_size);
	if (!r.values || !r.pt) {
		fprintf(stderr, "p2pbench %s: out of memory\n", ops->name);
		goto out;
	}
	pr = io_cli_parse(ops, argc, argv, &cli, &s, err, sizeof(err));
	if (pr == OPT_HELP) {
		io_usage(ops, stdout);
		ret = 0;
		goto out;
	}
	if (pr) {
		fprintf(stderr, "p2pbench %s: %s\n", ops->name, err);
		goto out;
	}
	n = io_sweep_count(&s);
	r.items = calloc(n * s.repeats + 1, sizeof(*r.items));
	if (!r.items) {
		fprintf(stderr, "p2pbench %s: out of memory\n", ops->name);
		goto out;
	}
	/* Every point is checked before the first one runs: bad input stores nothing. */
	for (size_t i = 0; i < n; i++) {
		io_sweep_point(&s, i, r.values);
		if (ops->skip && ops->skip(r.values))
			continue;
		if (ops->prepare(r.values, &cli, r.pt, err, sizeof(err))) {
			fprintf(stderr, "p2pbench %s: %s\n", ops->name, err);
			goto out;
		}
	}
	for (unsigned int rep = 0; rep < s.repeats; rep++)
		for (size_t i = 0; i < n; i++) {
			io_sweep_point(&s, i, r.values);
			if (!(ops->skip && ops->skip(r.values)))
				r.items[items++] = (struct io_item){ .rep = rep, .idx = i };
		}
	x = (struct run_ctl){ .dir = cli.dry_run ? NULL : cli.out, .n = items,
			      .on_point = cli.on_point };
	if (run_points(ops, &r, &x, err, sizeof(err))) {
		fprintf(stderr, "p2pbench %s: %s\n", ops->name, err);
		goto out;
	}
	if (!cli.dry_run)
		printf("# %zu points stored in %s/io, %zu not passed, %zu already there%s\n", x.ran,
		       cli.out, x.failed, x.skipped, x.signal ? " (interrupted)" : "");
	ret = x.signal ? 128 + x.signal : x.failed ? 1 : 0;
out:
	json_decref(r.rec);
	free(r.items);
	free(r.pt);
	free(r.values);
	io_sweep_free(&s);
	return ret;
}
