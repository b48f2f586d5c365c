// SPDX-License-Identifier: GPL-2.0-only
/* fio and perftest as drivers of the run loop (iodriver.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "io.h"
#include "iodriver.h"
#include "opt.h"
#include "results.h"
#include "runner.h"

/* ---------------- options ---------------- */

static const struct {
	const char *name;
	size_t off;
	const char *arg, *help;
} common[] = {
	{ "output", offsetof(struct io_cli, out), "DIR", "results directory (-o); created if needed" },
	{ "sweep", offsetof(struct io_cli, sweep), "FILE", "I/O sweep file (configs/sweeps/)" },
	{ "cpu", offsetof(struct io_cli, cpu), "C", "context: CPU setting of the boot (intel, amd, host)" },
	{ "topology", offsetof(struct io_cli, topology), "T",
	  "context: label of the device pair (default: from the PCI path)" },
	{ "variant", offsetof(struct io_cli, variant), "V", "kernel variant label [base]" },
	{ "on-point", offsetof(struct io_cli, on_point), "CMD", "run 'CMD FILE' after each stored point" },
};

#define NCOMMON (sizeof(common) / sizeof(common[0]))

static void io_cli_help(FILE *f, const char *tool_opt, const char *tool_help)
{
	fprintf(f, "  -o, --%-7s %-22s %s\n", common[0].name, common[0].arg, common[0].help);
	for (size_t i = 1; i < NCOMMON; i++)
		fprintf(f, "  --%-10s %-22s %s\n", common[i].name, common[i].arg, common[i].help);
	fprintf(f, "  --%-10s %-22s %s\n", "repeats", "N", "run every point N times [the sweep's, 1]");
	fprintf(f, "  --%-10s %-22s %s\n", tool_opt, "PATH", tool_help);
	fprintf(f, "  --%-10s %-22s %s\n", "dry-run", "", "print the command lines, run nothing");
}

/* The command line as opt.c parses it: the common options, the tool's,
 * and one per parameter (its name with hyphens) taking a value list. */
struct io_args {
	struct io_cli cli;
	const char *vals[IO_MAX_DIMS];		/* as typed; NULL: not given */
	char names[IO_MAX_DIMS][64];
	struct opt opts[NCOMMON + IO_MAX_DIMS + 4];
};

#define ARG(f) offsetof(struct io_args, f)

static void io_args_table(struct io_args *x, const struct io_dim *dims, const char *tool_opt)
{
	size_t n = 0;

	for (size_t k = 0; k < NCOMMON; k++)
		x->opts[n++] = (struct opt){ .name = common[k].name, .kind = OPT_STR,
					     .off = ARG(cli) + common[k].off, .arg = common[k].arg,
					     .help = common[k].help,
					     .short_name = k ? 0 : 'o' };
	x->opts[n++] = (struct opt){ .name = "repeats", .kind = OPT_U32, .off = ARG(cli.repeats),
				     .arg = "N", .min = 1, .max = 1000 };
	x->opts[n++] = (struct opt){ .name = tool_opt, .kind = OPT_STR, .off = ARG(cli.tool),
				     .arg = "PATH" };
	x->opts[n++] = (struct opt){ .name = "dry-run", .kind = OPT_FLAG, .off = ARG(cli.dry_run) };
	for (size_t i = 0; dims[i].name && i < IO_MAX_DIMS; i++) {
		snprintf(x->names[i], sizeof(x->names[i]), "%s", dims[i].name);
		for (char *c = x->names[i]; *c; c++)
			if (*c == '_')
				*c = '-';
		x->opts[n++] = (struct opt){ .name = x->names[i], .kind = OPT_STR,
					     .off = ARG(vals) + i * sizeof(x->vals[0]), .arg = "VALUES" };
	}
	x->opts[n] = (struct opt){ .kind = OPT_END };
}

static int io_cli_parse(int argc, char **argv, struct io_cli *cli, struct io_sweep *s,
			const char *tool_opt, char *err, size_t errlen)
{
	struct io_args *x = calloc(1, sizeof(*x));
	int r;

	if (!x)
		return errf(err, errlen, "out of memory");
	io_args_table(x, s->dims, tool_opt);
	r = opt_parse(&(const struct optset[]){ { x->opts, x }, { NULL, NULL } }[0], argc, argv,
		      err, errlen);
	*cli = x->cli;
	if (r == OPT_HELP) {
		cli->help = 1;
		r = 0;
		goto out;
	}
	if (r)
		goto out;
	/* The sweep file first: the command line overrides it. */
	r = -1;
	if (cli->sweep && io_sweep_parse_file(s, cli->sweep, err, errlen))
		goto out;
	for (size_t i = 0; i < s->ndims; i++) {
		char msg[512];

		if (x->vals[i] && io_sweep_set(s, s->dims[i].name, x->vals[i], msg, sizeof(msg))) {
			errf(err, errlen, "--%s", msg);
			goto out;
		}
	}
	if (cli->repeats)
		s->repeats = cli->repeats;
	if (!cli->variant)
		cli->variant = "base";
	if (!cli->out && !cli->dry_run) {
		errf(err, errlen, "-o DIR is required (the results directory)");
		goto out;
	}
	r = io_sweep_finish(s, err, errlen);
out:
	free(x);
	return r;
}

/* ---------------- the run loop ---------------- */

struct io_item {
	unsigned int rep;
	size_t idx;		/* point of the sweep */
};

struct io_run {
	const struct io_driver *drv;
	const struct io_cli *cli;
	const struct io_sweep *s;
	struct io_item *items;
	void *pt;		/* the prepared point of item CUR */
	json_t *rec;		/* its record */
	size_t cur;
	char err[2048];		/* why item CUR cannot run */
};

/* Prepare item I and its record (once: stored() and run() both need it). */
static int io_item_prepare(struct io_run *r, size_t i)
{
	const char *vals[IO_MAX_DIMS];

	if (r->rec && r->cur == i)
		return 0;
	json_decref(r->rec);
	r->rec = NULL;
	r->cur = i;
	io_sweep_point(r->s, r->items[i].idx, vals);
	/* Checked before the run; failing now means the machine changed under us. */
	if (r->drv->prepare(vals, r->cli, r->pt, r->err, sizeof(r->err)))
		return -1;
	r->rec = r->drv->record(r->pt, r->cli, r->items[i].rep);
	if (!r->rec)
		return errf(r->err, sizeof(r->err), "out of memory");
	/* What every source's record holds: the labels of this run. */
	json_object_set_new(r->rec, "variant", json_string(r->cli->variant));
	json_object_set_new(r->rec, "repeat", json_integer(r->items[i].rep));
	if (r->cli->cpu)
		io_set_context(r->rec, "cpu", r->cli->cpu);
	if (r->cli->topology)
		io_set_context(r->rec, "topology", r->cli->topology);
	return 0;
}

static int io_stored_op(void *ctx, size_t i)
{
	struct io_run *r = ctx;

	if (io_item_prepare(r, i) || r->cli->dry_run)
		return 0;
	return io_stored(r->cli->out, r->rec) ? 1 : 0;
}

static void io_key_op(void *ctx, size_t i, char *buf, size_t len)
{
	struct io_run *r = ctx;

	if (io_item_prepare(r, i))
		snprintf(buf, len, "?");
	else
		io_key(r->rec, buf, len);
}

static enum run_result io_run_op(void *ctx, size_t i, char *err, size_t errlen)
{
	struct io_run *r = ctx;

	if (io_item_prepare(r, i)) {
		snprintf(err, errlen, "%s", r->err);
		return RUN_FATAL;
	}
	if (r->drv->run(r->pt, r->cli, r->rec, err, errlen))
		return RUN_FATAL;
	/* The tool got the signal too: what it measured is not a result. */
	if (run_stopping())
		return RUN_DROP;
	return r->cli->dry_run ? RUN_NOTHING : RUN_RECORD;
}

static int io_save_op(void *ctx, size_t i, char *path, size_t pathlen, char *err, size_t errlen)
{
	struct io_run *r = ctx;
	int failed;

	if (io_item_prepare(r, i))
		return errf(err, errlen, "%s", r->err);
	if (io_save(r->cli->out, r->rec, path, pathlen, err, errlen))
		return -1;
	r->drv->summary(r->rec);
	failed = strcmp(json_string_value(json_object_get(r->rec, "status")), "pass") != 0;
	json_decref(r->rec);
	r->rec = NULL;
	return failed;
}

static const struct driver_ops io_ops = {
	.name = "io", .store = "io", .stored = io_stored_op, .key = io_key_op,
	.run = io_run_op, .save = io_save_op,
};

static void io_usage(const struct io_driver *drv, FILE *f)
{
	drv->usage(f);
	io_dims_help(f, drv->dims);
	fprintf(f, "\noptions:\n");
	io_cli_help(f, drv->tool_opt, drv->tool_help);
}

int io_driver_main(const struct io_driver *drv, int argc, char **argv)
{
	struct io_cli cli = { 0 };
	struct io_sweep s;
	struct io_run r = { .drv = drv, .cli = &cli, .s = &s };
	struct run_ctl x = { 0 };
	const char *vals[IO_MAX_DIMS];
	char err[2048];
	size_t n, items = 0;
	int ret = 2;

	io_sweep_init(&s, drv->dims);
	r.pt = calloc(1, drv->point_size);
	if (!r.pt) {
		fprintf(stderr, "p2pbench %s: out of memory\n", drv->name);
		goto out;
	}
	if (io_cli_parse(argc, argv, &cli, &s, drv->tool_opt, err, sizeof(err))) {
		fprintf(stderr, "p2pbench %s: %s\n", drv->name, err);
		goto out;
	}
	if (cli.help) {
		io_usage(drv, stdout);
		ret = 0;
		goto out;
	}
	n = io_sweep_count(&s);
	r.items = calloc(n * s.repeats + 1, sizeof(*r.items));
	if (!r.items) {
		fprintf(stderr, "p2pbench %s: out of memory\n", drv->name);
		goto out;
	}
	/* Every point is checked before the first one runs: bad input stores nothing. */
	for (size_t i = 0; i < n; i++) {
		io_sweep_point(&s, i, vals);
		if (drv->skip && drv->skip(vals))
			continue;
		if (drv->prepare(vals, &cli, r.pt, err, sizeof(err))) {
			fprintf(stderr, "p2pbench %s: %s\n", drv->name, err);
			goto out;
		}
	}
	for (unsigned int rep = 0; rep < s.repeats; rep++)
		for (size_t i = 0; i < n; i++) {
			io_sweep_point(&s, i, vals);
			if (!(drv->skip && drv->skip(vals)))
				r.items[items++] = (struct io_item){ .rep = rep, .idx = i };
		}
	x = (struct run_ctl){ .dir = cli.dry_run ? NULL : cli.out, .n = items,
			      .on_point = cli.on_point };
	if (run_points(&io_ops, &r, &x, err, sizeof(err))) {
		fprintf(stderr, "p2pbench %s: %s\n", drv->name, err);
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
	io_sweep_free(&s);
	return ret;
}
