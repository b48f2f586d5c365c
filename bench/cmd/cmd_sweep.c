// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2pbench sweep: run a sweep file's points for the current context into a
 * results directory, resumably; collect a directory into points.json/csv.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "dev.h"
#include "module_driver.h"
#include "errmsg.h"
#include "opt.h"
#include "results.h"
#include "runner.h"
#include "sweep.h"
#include "version.h"
#include "vfio.h"

/*
 * A DMA-FQ domain frees unmapped IOVA lazily: up to a flush queue's worth
 * of mappings (256 a CPU in 7.2) stay allocated after their unmap. With
 * buffers of gigabytes that exhausts the IOVA space (the lab's vIOMMU has
 * 39 bits: 512 GiB; 4 GiB buffers ran out at iteration ~118), and whether
 * a point timed for a duration gets there depends on how fast the host
 * is. So a DMA-FQ point whose flush queue could hold more than
 * SWEEP_FQ_IOVA_BUDGET is run for a fixed count of iterations instead, the
 * same on every machine: budget / buffer size. Its key says so
 * (iterations=N), so both sides of a comparison agree.
 */
#define SWEEP_FQ_QUEUE		256ULL
#define SWEEP_FQ_IOVA_BUDGET	(128ULL << 30)

static size_t bound_flush_queue(struct point *pts, size_t n)
{
	size_t bounded = 0;

	for (size_t i = 0; i < n; i++) {
		struct point *p = &pts[i];
		uint64_t bytes = point_footprint(p) - p->run.bar_offset;

		if (strcmp(p->iommu_mode, "DMA-FQ") || p->run.iterations || !bytes ||
		    bytes <= SWEEP_FQ_IOVA_BUDGET / SWEEP_FQ_QUEUE)
			continue;
		p->run.iterations = (uint32_t)(SWEEP_FQ_IOVA_BUDGET / bytes ? SWEEP_FQ_IOVA_BUDGET / bytes : 1);
		p->run.duration_ms = 0;
		bounded++;
	}
	return bounded;
}

/* ---------------- the command ---------------- */

struct sweep_cli {
	const char *out, *iommu_mode, *cpu, *topology, *variant, *meta_file, *on_point, *collect;
	const char *boot;
	int only_context, check, list, list_contexts;
};

#define CLI(f) offsetof(struct sweep_cli, f)
static const struct opt sweep_opts[] = {
	{ .name = "output", .kind = OPT_STR, .off = CLI(out), .arg = "DIR",
	  .help = "results directory (also -o DIR)", .short_name = 'o' },
	{ .name = "iommu-mode", .kind = OPT_STR, .off = CLI(iommu_mode), .arg = "M",
	  .help = "IOMMU mode this run is in: off identity DMA DMA-FQ (checked; default: as found)" },
	{ .name = "cpu", .kind = OPT_STR, .off = CLI(cpu), .arg = "C",
	  .help = "CPU setting of this boot (lab: intel, amd)" },
	{ .name = "topology", .kind = OPT_STR, .off = CLI(topology), .arg = "T",
	  .help = "label of the bound exporter/importer pair (lab: switch, hostbridge)" },
	{ .name = "variant", .kind = OPT_STR, .off = CLI(variant), .arg = "V", .def = "base",
	  .help = "kernel variant label stored with every point" },
	{ .name = "boot", .kind = OPT_STR, .off = CLI(boot), .arg = "N|auto", .def = "0",
	  .help = "boot slot of these points: a directory can hold several boots of one kernel, "
		  "compare's samples; auto: this boot's slot, or the next free one" },
	{ .name = "meta-file", .kind = OPT_STR, .off = CLI(meta_file), .arg = "FILE",
	  .help = "extra metadata (JSON object or key=value lines) for meta.json" },
	{ .name = "on-point", .kind = OPT_STR, .off = CLI(on_point), .arg = "CMD",
	  .help = "run 'CMD FILE' after each point file is written" },
	{ .name = "only-context", .kind = OPT_FLAG, .off = CLI(only_context),
	  .help = "do not collect points.json/csv at the end (more contexts follow)" },
	{ .name = "check", .kind = OPT_FLAG, .off = CLI(check),
	  .help = "only parse and expand the file; print its size" },
	{ .name = "list", .kind = OPT_FLAG, .off = CLI(list),
	  .help = "print the points this context would run, do nothing" },
	{ .name = "list-contexts", .kind = OPT_FLAG, .off = CLI(list_contexts),
	  .help = "print the contexts the file asks for, one per line" },
	{ .name = "collect", .kind = OPT_STR, .off = CLI(collect), .arg = "DIR",
	  .help = "write DIR/points.json and DIR/points.csv from DIR/points/ and exit" },
	{ .kind = OPT_END },
};

static void usage(FILE *f)
{
	const struct optset sets[] = { { sweep_opts, NULL }, { NULL, NULL } };
	const struct dim *d;

	fprintf(f, "usage: p2pbench sweep CONFIG -o DIR [--iommu-mode M] [--cpu C] [--topology T]\n"
		"                      [--variant V] [--boot N|auto] [--only-context] [--meta-file FILE]\n"
		"                      [--on-point CMD]\n"
		"       p2pbench sweep CONFIG --check | --list | --list-contexts\n"
		"       p2pbench sweep --collect DIR\n\n"
		"Runs every point of the sweep file CONFIG whose context (cpu, topology,\n"
		"iommu_mode) is this run's, one JSON file per point under DIR/points/, and\n"
		"skips points already there (resume). Ctrl-C stops after the point in flight.\n"
		"Exit status: 0 all points passed, 1 some points failed (stored as results),\n"
		"2 error, 130/143 interrupted. Format: bench/README-results.md.\n\noptions:\n");
	opt_help(f, sets);
	fprintf(f, "\nsweep-file dimensions ('name = values'):\n");
	for_each_dim(d)
		fprintf(f, "  %-14s %s\n", d->name, d->help);
	fprintf(f, "  %-14s %s\n", "max_bytes", "prune points whose ranges span more of the BAR");
}

/* Move PTS[FROM] to PTS[TO] (TO <= FROM), shifting the ones between: stable. */
static void rotate_to(struct point *pts, long to, long from)
{
	struct point t;

	if (to == from)
		return;
	t = pts[from];
	memmove(&pts[to + 1], &pts[to], (size_t)(from - to) * sizeof(*pts));
	pts[to] = t;
}

/* Progress only for a person at a terminal: a serial console (the lab
 * guest's stderr) is a log, where redrawn lines are noise. */
/* The IOMMU mode the module sees, as the context names it. */
static const char *mode_of_group(const char *type)
{
	if (!type[0] || !strcmp(type, "none"))
		return "off";
	return type;
}

/* Set context dimension NAME of every point to VALUE; check it. */
static int set_context(struct point *pts, size_t n, const char *name, const char *value,
		       char *err, size_t errlen)
{
	const struct dim *d = dim_find(name);
	char why[256];

	for (size_t i = 0; i < n; i++)
		if (dim_parse(d, value, &pts[i], why, sizeof(why)))
			return errf(err, errlen, "%s: %s", name, why);
	return 0;
}

static int do_collect(const char *dir)
{
	char err[1024];

	if (results_collect(dir, err, sizeof(err))) {
		fprintf(stderr, "p2pbench sweep: %s\n", err);
		return 2;
	}
	return 0;
}

/*
 * A directory holds one sweep measured on one clock, and each context in
 * it one IOMMU driver across its boots and resumes (its points of another
 * driver would compare as one context): CTX is this run's context, MACHINE
 * this machine's. *BOOTS gets a copy of the directory's boot_id -> slot map
 * (an empty object for a new directory).
 */
static int check_dir(const char *dir, const struct sweep *s, const char *clock, const char *ctx,
		     json_t *machine, json_t **boots, char *err, size_t errlen)
{
	json_t *meta, *hash, *c, *b, *now = json_object_get(machine, "iommu_driver");
	const char *was;
	char path[4352];
	int ret = 0;

	*boots = NULL;
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	if (access(path, F_OK)) {
		*boots = json_object();
		return *boots ? 0 : errf(err, errlen, "out of memory");
	}
	if (json_load_path(path, &meta, err, errlen))
		return -1;
	hash = json_object_get(json_object_get(meta, "sweep"), "hash");
	c = json_object_get(meta, "clock");
	b = json_object_get(meta, "boots");
	was = meta_context_iommu_driver(meta, ctx);
	if (json_is_string(hash) && strcmp(json_string_value(hash), s->hash))
		ret = errf(err, errlen, "%s holds results of another sweep (hash %s, this one %s); "
			   "use a new directory", dir, json_string_value(hash), s->hash);
	else if (strcmp(json_is_string(c) ? json_string_value(c) : POINT_CLOCK_WALL, clock))
		ret = errf(err, errlen, "%s holds points measured on the %s clock, this run is on "
			   "the %s clock; use a new directory", dir,
			   json_is_string(c) ? json_string_value(c) : POINT_CLOCK_WALL, clock);
	else if (json_is_string(now) && was && strcmp(was, json_string_value(now)))
		ret = errf(err, errlen, "%s holds context %s measured with the %s IOMMU driver, "
			   "this machine has %s; use a new directory", dir, ctx, was,
			   json_string_value(now));
	else if (!(*boots = json_is_object(b) ? json_deep_copy(b) : json_object()))
		ret = errf(err, errlen, "out of memory");
	json_decref(meta);
	return ret;
}

/*
 * The boot slot of this run: N as given, or for "auto" the slot this boot
 * already has in BOOTS (a resumed run), else one past the highest. BOOTS
 * gets BOOT_ID -> slot.
 */
static int boot_slot(const char *arg, const char *boot_id, json_t *boots, unsigned int *slot,
		     char *err, size_t errlen)
{
	const char *k;
	json_t *v;
	char *end;

	if (strcmp(arg, "auto")) {
		unsigned long n = strtoul(arg, &end, 10);

		if (end == arg || *end || arg[0] == '-' || n >= POINT_MAX_BOOTS)
			return errf(err, errlen, "--boot %s: a slot 0..%d or auto", arg,
				    POINT_MAX_BOOTS - 1);
		*slot = (unsigned int)n;
	} else if (!boot_id[0]) {
		return errf(err, errlen, "--boot auto: this kernel has no "
			    "/proc/sys/kernel/random/boot_id; give the slot (--boot N)");
	} else if (json_is_integer(v = json_object_get(boots, boot_id))) {
		*slot = (unsigned int)json_integer_value(v);
	} else {
		json_int_t next = 0;

		json_object_foreach(boots, k, v)
			if (json_is_integer(v) && json_integer_value(v) >= next)
				next = json_integer_value(v) + 1;
		if (next >= POINT_MAX_BOOTS)
			return errf(err, errlen, "--boot auto: the directory holds %d boots already",
				    POINT_MAX_BOOTS);
		*slot = (unsigned int)next;
	}
	if (boot_id[0] && json_object_set_new(boots, boot_id, json_integer(*slot)))
		return errf(err, errlen, "out of memory");
	return 0;
}

static json_t *sweep_json(const struct sweep *s, long total)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I}", "name", s->name, "file", s->path,
			 "hash", s->hash, "description", s->description, "points", (json_int_t)total);
}

int cmd_sweep(int argc, char **argv)
{
	struct sweep_cli cli = { 0 };
	const struct optset sets[] = { { sweep_opts, &cli }, { NULL, NULL } };
	char err[1024], ctx[256], now[32], cmdline[4096];
	const char *config = NULL;
	struct point *all = NULL, *pts = NULL;
	struct sweep s = { 0 };
	int ret = 2, fd = -1;
	long total, n = 0;

	/* CONFIG is the one positional argument; "-o DIR" is "--output DIR". */
	struct opt_pos pos = { &config, 1, 0 };
	int r = opt_parse_pos(sets, &pos, argc, argv, err, sizeof(err));

	if (r == OPT_HELP) {
		usage(stdout);
		return 0;
	}
	if (r) {
		fprintf(stderr, "p2pbench sweep: %s\n", err);
		return 2;
	}
	if (cli.collect) {
		if (config) {
			fprintf(stderr, "p2pbench sweep: --collect DIR takes no sweep file\n");
			return 2;
		}
		return do_collect(cli.collect);
	}
	if (!config) {
		usage(stderr);
		return 2;
	}
	if (sweep_parse_file(config, &s, err, sizeof(err))) {
		fprintf(stderr, "p2pbench sweep: %s\n", err);
		return 2;
	}
	total = sweep_expand(&s, &all, err, sizeof(err));
	if (total < 0) {
		fprintf(stderr, "p2pbench sweep: %s\n", err);
		goto out;
	}
	if (total == 0) {
		fprintf(stderr, "p2pbench sweep: %s: every point is pruned (max_bytes)\n", s.path);
		goto out;
	}
	if (cli.check || cli.list_contexts) {
		char last[256] = "", key[256];
		long nctx = 0;

		/* Context dimensions are outermost: contexts come in runs. */
		for (long i = 0; i < total; i++) {
			point_context_key(&all[i], key, sizeof(key));
			if (strcmp(key, last)) {
				nctx++;
				if (cli.list_contexts)
					printf("%s\n", key);
				snprintf(last, sizeof(last), "%s", key);
			}
		}
		if (cli.check)
			printf("%s: %ld points in %ld context%s (hash %s)\n", s.path, total, nctx,
			       nctx == 1 ? "" : "s", s.hash);
		ret = 0;
		goto out;
	}

	/* The current context: what the command line says, checked against
	 * the module's view of the IOMMU mode when it can be asked. */
	struct p2pbench_info info;
	int have_info = 0;
	if (!cli.list) {
		fd = dev_open(err, sizeof(err));
		if (fd < 0 || dev_info(fd, &info, err, sizeof(err))) {
			fprintf(stderr, "p2pbench sweep: %s\n", err);
			goto out;
		}
		have_info = 1;
		if (!info.setup_done) {
			fprintf(stderr, "p2pbench sweep: no exporter and importer are set up; "
				"run 'p2pbench bind' first\n");
			goto out;
		}
		const char *seen = mode_of_group(info.importer_group_type);
		if (cli.iommu_mode && strcmp(cli.iommu_mode, seen)) {
			fprintf(stderr, "p2pbench sweep: --iommu-mode %s, but the importer's IOMMU group "
				"is %s\n", cli.iommu_mode, seen);
			goto out;
		}
		if (!cli.iommu_mode)
			cli.iommu_mode = seen;
	}
	static const char *const ctx_names[] = { "cpu", "topology", "iommu_mode" };
	const char *ctx_vals[] = { cli.cpu, cli.topology, cli.iommu_mode };
	for (size_t c = 0; c < 3; c++) {
		struct point scratch;

		point_defaults(&scratch);
		if (ctx_vals[c] && set_context(&scratch, 1, ctx_names[c], ctx_vals[c], err, sizeof(err))) {
			fprintf(stderr, "p2pbench sweep: %s\n", err);
			goto out;
		}
	}
	for (size_t c = 0; c < 3; c++)
		if (sweep_varies(&s, ctx_names[c]) && !ctx_vals[c]) {
			fprintf(stderr, "p2pbench sweep: %s lists %s values; say which one this run is "
				"(--%s)\n", s.path, ctx_names[c], c == 2 ? "iommu-mode" : ctx_names[c]);
			goto out;
		}
	/* Keep the points of this context; give the rest its labels. */
	pts = malloc((size_t)(total ? total : 1) * sizeof(*pts));
	if (!pts)
		goto out;
	for (long i = 0; i < total; i++) {
		struct point p = all[i];
		int match = 1;

		for (size_t c = 0; c < 3 && match; c++) {
			const struct dim *d = dim_find(ctx_names[c]);

			if (sweep_varies(&s, ctx_names[c]))
				match = !strcmp(dim_cstr(d, &p), ctx_vals[c]);
		}
		if (match)
			pts[n++] = p;
	}
	for (size_t c = 0; c < 3; c++)
		if (ctx_vals[c] && set_context(pts, (size_t)n, ctx_names[c], ctx_vals[c], err, sizeof(err))) {
			fprintf(stderr, "p2pbench sweep: %s\n", err);
			goto out;
		}
	for (long i = 0; i < n; i++)
		snprintf(pts[i].variant, sizeof(pts[i].variant), "%s", cli.variant);
	size_t fq_bounded = bound_flush_queue(pts, (size_t)n);
	if (cli.list) {
		char key[1024];

		for (long i = 0; i < n; i++) {
			point_key(&pts[i], key, sizeof(key));
			printf("%s repeat=%u\n", key, pts[i].repeat);
		}
		ret = 0;
		goto out;
	}
	if (!cli.out) {
		fprintf(stderr, "p2pbench sweep: -o DIR is required\n");
		goto out;
	}
	if (n == 0)
		fprintf(stderr, "p2pbench sweep: %s has no points for this context\n", s.path);
	const char *clock = point_clock_here(err, sizeof(err));
	char boot_id[40];
	unsigned int slot = 0;
	json_t *boots = NULL, *machine = meta_machine();

	point_boot_id_here(boot_id, sizeof(boot_id));
	point_context_key(n ? &pts[0] : &all[0], ctx, sizeof(ctx));
	if (!clock || mkdir_p(cli.out, err, sizeof(err)) ||
	    check_dir(cli.out, &s, clock, ctx, machine, &boots, err, sizeof(err)) ||
	    boot_slot(cli.boot, boot_id, boots, &slot, err, sizeof(err))) {
		fprintf(stderr, "p2pbench sweep: %s\n", err);
		json_decref(boots);
		json_decref(machine);
		goto out;
	}
	for (long i = 0; i < n; i++) {
		pts[i].boot = slot;
		snprintf(pts[i].boot_id, sizeof(pts[i].boot_id), "%s", boot_id);
		snprintf(pts[i].clock, sizeof(pts[i].clock), "%s", clock);
	}

	/* meta.json: the sweep at the top, this context's machine below. */
	json_t *top = json_object(), *c = json_object(), *extra = NULL, *argvj = json_array();
	const char *meta_file = cli.meta_file ? cli.meta_file : getenv("P2PBENCH_META_FILE");

	if (meta_file && meta_read_extra(meta_file, &extra, err, sizeof(err))) {
		fprintf(stderr, "p2pbench sweep: %s\n", err);
		json_decref(machine);
		json_decref(top);
		json_decref(c);
		json_decref(argvj);
		goto out;
	}
	for (int i = 0; i < argc; i++)
		json_array_append_new(argvj, json_string(i ? argv[i] : "p2pbench sweep"));
	command_line(argc - 1, argv + 1, cmdline, sizeof(cmdline));
	char full[4200];
	snprintf(full, sizeof(full), "p2pbench sweep %s", cmdline);
	utc_now(now, sizeof(now));
	json_object_set_new(top, "tool", json_string("p2pbench"));
	json_object_set_new(top, "tool_version", json_string(P2PBENCH_VERSION));
	json_object_set_new(top, "uapi_version", json_integer(P2PBENCH_UAPI_VERSION));
	json_object_set_new(top, "sweep", sweep_json(&s, total));
	json_object_set_new(top, "variant", json_string(cli.variant));
	json_object_set_new(top, "clock", json_string(clock));
	json_object_set_new(top, "boots", boots);
	if (extra)
		json_object_update(top, extra);
	json_decref(extra);
	/* Each boot's machine and devices are kept: boots may differ. */
	if (slot)
		snprintf(ctx + strlen(ctx), sizeof(ctx) - strlen(ctx), ",boot=%u", slot);
	json_object_set_new(c, "date", json_string(now));
	json_object_set_new(c, "boot", json_integer(slot));
	json_object_set_new(c, "boot_id", json_string(boot_id));
	json_object_set_new(c, "clock", json_string(clock));
	json_object_set_new(c, "command", json_string(full));
	json_object_set_new(c, "argv", argvj);
	json_object_set_new(c, "machine", machine);
	if (have_info)
		json_object_set_new(c, "devices", meta_devices(&info));
	json_object_set_new(c, "points", json_integer(n));
	if (fq_bounded) {
		json_object_set_new(c, "fq_bounded", json_pack("{s:I, s:I, s:s}", "points",
				    (json_int_t)fq_bounded, "iova_budget", (json_int_t)SWEEP_FQ_IOVA_BUDGET,
				    "why", "DMA-FQ points with large buffers run a fixed count of "
				    "iterations (budget / bytes), not a duration: IOVA held by the "
				    "flush queue must not depend on host speed"));
		fprintf(stderr, "# DMA-FQ: %zu point%s of over %llu MiB run budget/size iterations "
			"instead of a duration (IOVA flush queue)\n", fq_bounded,
			fq_bounded == 1 ? "" : "s",
			(unsigned long long)(SWEEP_FQ_IOVA_BUDGET / SWEEP_FQ_QUEUE >> 20));
	}
	r = meta_update(cli.out, top, ctx, c, err, sizeof(err));
	json_decref(top);
	if (r) {
		json_decref(c);
		fprintf(stderr, "p2pbench sweep: %s\n", err);
		goto out;
	}

	/* vfio, then iommufd points last: the devices change drivers twice, not per point. */
	for (unsigned int m = P2PBENCH_METHOD_VFIO; m <= P2PBENCH_METHOD_IOMMUFD; m++)
		for (long i = 0, k = 0; i < n; i++)
			if (pts[i].run.method < m)
				rotate_to(pts, k++, i);
	struct module_run mr = { .dir = cli.out, .pts = pts, .fd = fd };
	struct run_ctl x = { .dir = cli.out, .n = (size_t)n, .on_point = cli.on_point,
			     .progress = progress_wanted() };
	double t0 = now_s();
	char took[32], lerr[512];
	int left;

	r = run_points(&module_ops, &mr, &x, err, sizeof(err));
	left = vfio_leave(fd, &mr.vfio, lerr, sizeof(lerr));
	if (left)
		fprintf(stderr, "p2pbench sweep: giving the exporter back to p2pbench: %s\n", lerr);
	fmt_duration(now_s() - t0, took, sizeof(took));
	/* One line for logs, whatever happened. */
	fprintf(stderr, "# sweep %s [%s]: %zu run, %zu already done, %zu failed, of %ld, in %s%s\n",
		s.name, ctx, x.ran, x.skipped, x.failed, n, took,
		x.signal ? " (interrupted)" : "");
	utc_now(now, sizeof(now));
	json_object_set_new(c, "finished", json_string(now));
	json_object_set_new(c, "points_run", json_integer((json_int_t)x.ran));
	json_object_set_new(c, "points_failed", json_integer((json_int_t)x.failed));
	json_object_set_new(c, "interrupted", json_boolean(x.signal != 0));
	if (meta_update(cli.out, NULL, ctx, c, err + 512, sizeof(err) - 512))
		fprintf(stderr, "p2pbench sweep: %s\n", err + 512);
	json_decref(c);
	if (r)
		fprintf(stderr, "p2pbench sweep: %s\n", err);
	if (r || left)
		goto out;
	if (x.signal) {
		ret = 128 + x.signal;
		goto out;
	}
	if (!cli.only_context && (ret = do_collect(cli.out)))
		goto out;
	ret = x.failed ? 1 : 0;
out:
	if (fd >= 0)
		close(fd);
	free(all);
	free(pts);
	sweep_free(&s);
	return ret;
}
