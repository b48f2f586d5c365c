// SPDX-License-Identifier: GPL-2.0-only
/* The declarative option parser (opt.c) and the run-parameter table
 * (runopts.c), including its agreement with the sweep dimension table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "opt.h"
#include "runopts.h"
#include "sweep.h"
#include "unit.h"

static char err[512];

/* Parse a NULL-terminated argument list ("run" is argv[0]) into RUN. */
static int parse(struct p2pbench_run *run, const struct optset *extra, ...)
{
	char *argv[64] = { "run" };
	int argc = 1;
	va_list ap;

	va_start(ap, extra);
	while (argc < 63 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	err[0] = '\0';
	return runopts_parse(argc, argv, run, extra, err, sizeof(err));
}

static void defaults(void)
{
	struct p2pbench_run r;

	CHECK(parse(&r, NULL, "--method", "helper", NULL) == 0);
	CHECK(r.version == P2PBENCH_UAPI_VERSION);
	CHECK(r.method == P2PBENCH_METHOD_HELPER);
	CHECK(r.nr_ranges == 1 && r.range_len == 4096);
	CHECK(r.layout == P2PBENCH_LAYOUT_CONTIG && r.direction == P2PBENCH_DIR_BIDIRECTIONAL);
	CHECK(r.iterations == 1000 && r.duration_ms == 0 && r.warmup == 10);
	CHECK(r.threads == 1 && r.seed == 1);
	CHECK(r.gap == 0 && r.align == 0 && r.bar_offset == 0 && r.dma_bits == 0 && r.batch == 0);
	CHECK(r.flags == 0 && r.ranges_ptr == 0);
	for (size_t i = 0; i < sizeof(r.reserved) / sizeof(r.reserved[0]); i++)
		CHECK(r.reserved[i] == 0);
}

static void every_option(void)
{
	struct p2pbench_run r;

	CHECK(parse(&r, NULL, "--method", "iova", "--ranges", "64", "--size=2M",
		    "--layout", "random", "--gap", "64K", "--align", "0x200000",
		    "--offset", "1G", "--seed", "42", "--direction", "from-device",
		    "--iterations", "5", "--warmup", "0", "--threads", "2", "--dma-bits", "48",
		    "--batch", "8", "--verify-all", "--e2e", NULL) == 0);
	CHECK(r.method == P2PBENCH_METHOD_IOVA && r.nr_ranges == 64 && r.range_len == 2 << 20);
	CHECK(r.layout == P2PBENCH_LAYOUT_RANDOM && r.gap == 64 << 10 && r.align == 2 << 20);
	CHECK(r.bar_offset == 1ULL << 30 && r.seed == 42);
	CHECK(r.direction == P2PBENCH_DIR_FROM_DEVICE);
	CHECK(r.iterations == 5 && r.warmup == 0 && r.threads == 2 && r.dma_bits == 48);
	CHECK(r.batch == 8 && r.flags == (P2PBENCH_RUN_VERIFY_ALL | P2PBENCH_RUN_E2E));
}

static void sizes_in_all_spellings(void)
{
	static const char *const spell[] = { "8G", "8589934592", "0x200000000", "8GiB" };
	struct p2pbench_run r;

	for (size_t i = 0; i < 4; i++) {
		CHECK(parse(&r, NULL, "--method", "helper", "--size", spell[i], NULL) == 0);
		CHECK(r.range_len == 8ULL << 30);
	}
}

static void duration_replaces_iterations(void)
{
	struct p2pbench_run r;

	CHECK(parse(&r, NULL, "--method", "null", "--duration", "100", NULL) == 0);
	CHECK(r.iterations == 0 && r.duration_ms == 100);
	CHECK(parse(&r, NULL, "--method", "null", "--iterations", "7", "--duration", "100",
		    NULL) == -1);
	CHECK(strstr(err, "--iterations and --duration exclude each other") != NULL);
	CHECK(parse(&r, NULL, "--method", "null", "--duration", "100", "--iterations", "7",
		    NULL) == -1);
}

static int refused(const char *want, ...)
{
	struct p2pbench_run r;
	char *argv[16] = { "run" };
	int argc = 1;
	va_list ap;

	va_start(ap, want);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	err[0] = '\0';
	if (runopts_parse(argc, argv, &r, NULL, err, sizeof(err)) != -1)
		return 0;
	if (!strstr(err, want)) {
		fprintf(stderr, "#   message '%s' lacks '%s'\n", err, want);
		return 0;
	}
	return 1;
}

static void bad_input(void)
{
	CHECK(refused("--method is required", "--ranges", "2", NULL));
	char unknown[256] = "--method foo: unknown; one of ";

	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++)
		snprintf(unknown + strlen(unknown), sizeof(unknown) - strlen(unknown), "%s%s",
			 m ? "|" : "", method_name(m));
	CHECK(refused(unknown, "--method", "foo", NULL));
	CHECK(refused("--ranges 0: outside 1..65536", "--method", "null", "--ranges", "0", NULL));
	CHECK(refused("--ranges 65537: outside", "--method", "null", "--ranges", "65537", NULL));
	CHECK(refused("--ranges 4K: not a number", "--method", "null", "--ranges", "4K", NULL));
	CHECK(refused("--size 4Q: not a size", "--method", "null", "--size", "4Q", NULL));
	CHECK(refused("--size 99999999999T: too large", "--method", "null", "--size",
		      "99999999999T", NULL));
	CHECK(refused("--layout user: unknown; one of contig|gapped|random",
		      "--method", "null", "--layout", "user", NULL));
	CHECK(refused("--threads 65: outside 1..64", "--method", "null", "--threads", "65", NULL));
	CHECK(refused("--size needs an argument (SIZE)", "--method", "null", "--size", NULL));
	CHECK(refused("--e2e takes no argument", "--method", "null", "--e2e=1", NULL));
	CHECK(refused("unknown option '--bogus'", "--method", "null", "--bogus", "1", NULL));
	CHECK(refused("unexpected argument 'extra'", "--method", "null", "extra", NULL));
	CHECK(refused("--ranges given twice", "--method", "null", "--ranges", "1", "--ranges", "2",
		      NULL));
	CHECK(refused("--dma-bits 65: outside 0..64", "--method", "null", "--dma-bits", "65", NULL));
}

static void help_wins(void)
{
	struct p2pbench_run r;

	CHECK(parse(&r, NULL, "--bogus", "--help", NULL) == OPT_HELP);
	CHECK(parse(&r, NULL, "-h", NULL) == OPT_HELP);
}

struct extra { uint32_t format; const char *label; };

static int fmt_parse(const char *s)
{
	return !strcmp(s, "text") ? 0 : !strcmp(s, "json") ? 1 : -1;
}

static const struct opt extra_opts[] = {
	{ .name = "format", .kind = OPT_ENUM, .off = offsetof(struct extra, format), .arg = "F",
	  .def = "text", .parse = fmt_parse, .help = "text or json" },
	{ .name = "label", .kind = OPT_STR, .off = offsetof(struct extra, label), .arg = "S",
	  .help = "a label" },
	{ .kind = OPT_END },
};

static void extra_tables(void)
{
	struct extra x = { 9, NULL };
	const struct optset sets[] = { { extra_opts, &x }, { NULL, NULL } };
	struct p2pbench_run r;

	CHECK(parse(&r, sets, "--method", "phys", "--label", "a b", NULL) == 0);
	CHECK(x.format == 0 && x.label && !strcmp(x.label, "a b"));
	CHECK(parse(&r, sets, "--format=json", "--method", "phys", NULL) == 0);
	CHECK(x.format == 1);
	CHECK(parse(&r, sets, "--method", "phys", "--format", "xml", NULL) == -1);
	CHECK(strstr(err, "--format xml: unknown; one of F") != NULL);
}

static void help_text_from_table(void)
{
	char buf[8192] = "";
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

	CHECK(f != NULL);
	if (!f)
		return;
	runopts_help(f, NULL);
	fclose(f);
	for (const struct opt *o = run_opts; o->kind != OPT_END; o++) {
		char want[64];

		snprintf(want, sizeof(want), "\n  --%s", o->name);
		CHECK(strstr(buf, want) != NULL || !strncmp(buf, want + 1, strlen(want + 1)));
		CHECK(strstr(buf, o->help) != NULL);
	}
	CHECK(strstr(buf, "--size SIZE") && strstr(buf, "(default 4K)"));
	CHECK(strstr(buf, "--method M") && strstr(buf, "(required)"));
	CHECK(strstr(buf, "-h, --help") != NULL);
}

/* A sweep file's dimensions are the rows of this table, by the same names:
 * "ranges = 64" in a sweep is `--ranges 64` here. */
static void sweep_dims_are_run_opts(void)
{
	for (const struct opt *o = run_opts; o->kind != OPT_END; o++) {
		const struct dim *d = dim_find(o->name);

		CHECK(d != NULL);
		if (!d)
			continue;
		CHECK(d->type == DIM_RUN && d->opt == o);
	}
}

/* Every default of the table is valid (runopts_init ignores errors). */
static void defaults_parse(void)
{
	struct p2pbench_run r;
	char buf[64];

	runopts_init(&r);
	for (const struct opt *o = run_opts; o->kind != OPT_END; o++) {
		if (!o->def)
			continue;
		err[0] = '\0';
		CHECK(opt_set(o, &r, o->kind == OPT_BIT || o->kind == OPT_FLAG ? NULL : o->def,
			      err, sizeof(err)) == 0);
		if (o->kind != OPT_BIT && o->kind != OPT_FLAG)
			CHECK(!strcmp(opt_format(o, &r, buf, sizeof(buf)), o->def));
	}
}

static void set_by_name(void)
{
	struct p2pbench_run r;

	runopts_init(&r);
	CHECK(runopts_set(&r, "duration", "50", err, sizeof(err)) == 0);
	CHECK(r.duration_ms == 50 && r.iterations == 0);
	CHECK(runopts_set(&r, "iterations", "9", err, sizeof(err)) == 0);
	CHECK(r.iterations == 9 && r.duration_ms == 0);
	CHECK(runopts_set(&r, "e2e", "1", err, sizeof(err)) == 0 && r.flags == P2PBENCH_RUN_E2E);
	CHECK(runopts_set(&r, "e2e", "no", err, sizeof(err)) == 0 && r.flags == 0);
	CHECK(runopts_set(&r, "e2e", "maybe", err, sizeof(err)) == -1);
	CHECK(runopts_set(&r, "size", "8G", err, sizeof(err)) == 0 && r.range_len == 8ULL << 30);
	CHECK(runopts_set(&r, "nope", "1", err, sizeof(err)) == -1);
	CHECK(strstr(err, "unknown run parameter 'nope'") != NULL);
}

/* Positional arguments anywhere among options (what compare, report, plot
 * and sweep take), a short name, and the deprecated underscore spelling. */
struct pos_cli {
	const char *out, *format;
	uint32_t depth;
};

static const struct opt pos_opts[] = {
	{ .name = "output", .kind = OPT_STR, .off = offsetof(struct pos_cli, out), .arg = "DIR",
	  .short_name = 'o' },
	{ .name = "format", .kind = OPT_STR, .off = offsetof(struct pos_cli, format), .arg = "F",
	  .def = "text" },
	{ .name = "queue-depth", .kind = OPT_U32, .off = offsetof(struct pos_cli, depth), .arg = "N" },
	{ .kind = OPT_END },
};

static void positional_and_short(void)
{
	struct pos_cli c = { 0 };
	const struct optset sets[] = { { pos_opts, &c }, { NULL, NULL } };
	const char *args[2] = { NULL, NULL };
	struct opt_pos pos = { args, 2, 0 };
	char *a1[] = { "x", "A", "--format", "json", "-o", "out", "B", NULL };
	char *a2[] = { "x", "--format", "A", "B", NULL };
	char *a3[] = { "x", "A", "B", "C", NULL };
	char *a4[] = { "x", "--queue_depth", "4", "A", NULL };
	char *a5[] = { "x", "-q", "1", NULL };

	CHECK(opt_parse_pos(sets, &pos, 7, a1, err, sizeof(err)) == 0);
	CHECK(pos.n == 2 && !strcmp(args[0], "A") && !strcmp(args[1], "B"));
	CHECK(!strcmp(c.format, "json") && !strcmp(c.out, "out"));
	/* An option's value is never taken for a positional argument. */
	CHECK(opt_parse_pos(sets, &pos, 4, a2, err, sizeof(err)) == 0);
	CHECK(pos.n == 1 && !strcmp(args[0], "B") && !strcmp(c.format, "A"));
	CHECK(opt_parse_pos(sets, &pos, 4, a3, err, sizeof(err)) == -1);
	CHECK(strstr(err, "unexpected argument 'C'") != NULL);
	CHECK(opt_parse(sets, 4, a3, err, sizeof(err)) == -1);
	CHECK(strstr(err, "unexpected argument 'A'") != NULL);
	/* The old underscore spelling still parses (with a warning). */
	CHECK(opt_parse_pos(sets, &pos, 4, a4, err, sizeof(err)) == 0);
	CHECK(c.depth == 4 && pos.n == 1);
	CHECK(opt_parse(sets, 3, a5, err, sizeof(err)) == -1);
	CHECK(strstr(err, "unknown option '-q'") != NULL);
}

/* Rows of text values (the I/O tools' parameters): kept as typed, checked
 * by their kind, a list of allowed words, the name's underscores spelled
 * as hyphens on the command line. */
struct text_cli {
	const char *mode, *bs, *disk;
};

static const char *const text_modes[] = { "", "identity", "DMA", NULL };

static const struct opt text_opts[] = {
	{ .name = "iommu_mode", .kind = OPT_STR, .off = offsetof(struct text_cli, mode), .def = "",
	  .allowed = text_modes, .flags = OPT_TEXT | OPT_NOKEY, .help = "mode" },
	{ .name = "bs", .kind = OPT_SIZE, .off = offsetof(struct text_cli, bs), .def = "4K",
	  .min = 512, .max = 1 << 20, .flags = OPT_TEXT, .help = "block size" },
	{ .name = "disk", .kind = OPT_STR, .off = offsetof(struct text_cli, disk),
	  .flags = OPT_TEXT | OPT_REQUIRED, .help = "the disk" },
	{ .kind = OPT_END },
};

static void text_rows(void)
{
	struct text_cli c = { 0 };
	const struct optset sets[] = { { text_opts, &c }, { NULL, NULL } };
	char *a1[] = { "x", "--iommu-mode", "DMA", "--bs", "64K", "--disk", "/dev/x", NULL };
	char *a2[] = { "x", "--iommu_mode", "identity", "--disk", "d", NULL };
	char *a3[] = { "x", "--iommu-mode", "DMA-FQ", "--disk", "d", NULL };
	char *a4[] = { "x", "--bs", "1", "--disk", "d", NULL };
	char buf[4096] = "", fmt[32];
	FILE *f;

	CHECK(opt_parse(sets, 7, a1, err, sizeof(err)) == 0);
	/* The text as typed, not the number. */
	CHECK(!strcmp(c.mode, "DMA") && !strcmp(c.bs, "64K") && !strcmp(c.disk, "/dev/x"));
	CHECK(opt_text_num(c.bs) == 65536);
	CHECK(!strcmp(opt_format(&text_opts[1], &c, fmt, sizeof(fmt)), "64K"));
	opt_clear(&text_opts[1], &c);
	CHECK(c.bs == NULL);
	CHECK(opt_parse(sets, 5, a2, err, sizeof(err)) == 0);
	CHECK(!strcmp(c.mode, "identity") && !strcmp(c.bs, "4K"));
	CHECK(opt_parse(sets, 5, a3, err, sizeof(err)) == -1);
	CHECK(strstr(err, "--iommu-mode DMA-FQ: not one of:  identity DMA") != NULL);
	CHECK(opt_parse(sets, 5, a4, err, sizeof(err)) == -1);
	CHECK(strstr(err, "--bs 1: outside 512..1048576") != NULL);
	CHECK(opt_parse(sets, 1, a1, err, sizeof(err)) == -1);
	CHECK(strstr(err, "--disk is required") != NULL);
	/* Checked without storing, in the file's words (no "--"). */
	CHECK(opt_check(&text_opts[0], "", err, sizeof(err)) == 0);
	CHECK(opt_check(&text_opts[0], "off", err, sizeof(err)) == -1);
	CHECK(!strcmp(err, "iommu_mode off: not one of:  identity DMA"));
	CHECK(opt_check(&text_opts[1], "8K", err, sizeof(err)) == 0);
	CHECK(opt_check(&text_opts[1], "2M", err, sizeof(err)) == -1);
	/* Help: hyphens, the allowed words, the kind's argument name. */
	f = fmemopen(buf, sizeof(buf) - 1, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	opt_help_rows(f, sets);
	fclose(f);
	CHECK(strstr(buf, "--iommu-mode |identity|DMA ") != NULL);
	CHECK(strstr(buf, "--bs SIZE") && strstr(buf, "(default 4K)"));
	CHECK(strstr(buf, "--disk S") && strstr(buf, "(required)"));
	CHECK(strstr(buf, "-h, --help") == NULL);
}

int main(void)
{
	RUN(defaults);
	RUN(every_option);
	RUN(sizes_in_all_spellings);
	RUN(duration_replaces_iterations);
	RUN(bad_input);
	RUN(help_wins);
	RUN(extra_tables);
	RUN(help_text_from_table);
	RUN(sweep_dims_are_run_opts);
	RUN(defaults_parse);
	RUN(set_by_name);
	RUN(positional_and_short);
	RUN(text_rows);
	return UNIT_DONE();
}
