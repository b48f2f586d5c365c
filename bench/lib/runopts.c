// SPDX-License-Identifier: GPL-2.0-only
#include <stddef.h>
#include <string.h>

#include "errmsg.h"
#include "names.h"
#include "runopts.h"

#define RUN_FIELD(f) offsetof(struct p2pbench_run, f)

/* LAYOUT_USER needs a ranges array, which no command line or sweep row
 * carries: the table offers only the generated layouts. */
static int run_layout_parse(const char *s)
{
	int v = layout_parse(s);

	return v == P2PBENCH_LAYOUT_USER ? -1 : v;
}

static const char *run_layout_name(unsigned int v)
{
	return v == P2PBENCH_LAYOUT_USER ? "?" : layout_name(v);
}

const struct opt run_opts[] = {
	{ .name = "method", .kind = OPT_ENUM, .off = RUN_FIELD(method), .arg = "M",
	  .parse = method_parse, .name_of = method_name, .flags = OPT_REQUIRED | OPT_VALUES,
	  .help = "mapping method" },
	{ .name = "ranges", .kind = OPT_U32, .off = RUN_FIELD(nr_ranges), .arg = "N",
	  .def = "1", .min = 1, .max = P2PBENCH_MAX_RANGES,
	  .help = "number of phys_vec ranges" },
	{ .name = "size", .kind = OPT_SIZE, .off = RUN_FIELD(range_len), .arg = "SIZE",
	  .def = "4K", .min = 1, .help = "length of every range, a page multiple" },
	{ .name = "layout", .kind = OPT_ENUM, .off = RUN_FIELD(layout), .arg = "L",
	  .def = "contig", .parse = run_layout_parse, .name_of = run_layout_name,
	  .help = "contig, gapped or random placement in the BAR" },
	{ .name = "gap", .kind = OPT_SIZE, .off = RUN_FIELD(gap), .arg = "SIZE",
	  .def = "0", .help = "bytes between ranges of the gapped layout" },
	{ .name = "align", .kind = OPT_SIZE, .off = RUN_FIELD(align), .arg = "SIZE",
	  .def = "0", .help = "alignment of range starts, a power of two; 0: page size" },
	{ .name = "offset", .kind = OPT_SIZE, .off = RUN_FIELD(bar_offset), .arg = "SIZE",
	  .def = "0", .help = "first range (or random area) from the BAR start" },
	{ .name = "seed", .kind = OPT_U64, .off = RUN_FIELD(seed), .arg = "N",
	  .def = "1", .help = "seed of the random layout" },
	{ .name = "direction", .kind = OPT_ENUM, .off = RUN_FIELD(direction), .arg = "D",
	  .def = "bidir", .parse = direction_parse, .name_of = direction_name,
	  .help = "bidir, to-device or from-device" },
	{ .name = "iterations", .kind = OPT_U32, .off = RUN_FIELD(iterations), .arg = "N",
	  .def = "1000", .max = P2PBENCH_MAX_ITERS, .clears = "duration",
	  .help = "timed map+unmap pairs per thread" },
	{ .name = "duration", .kind = OPT_U32, .off = RUN_FIELD(duration_ms), .arg = "MS",
	  .min = 1, .max = P2PBENCH_MAX_DURATION_MS, .clears = "iterations",
	  .help = "run for MS milliseconds per thread instead" },
	{ .name = "warmup", .kind = OPT_U32, .off = RUN_FIELD(warmup), .arg = "N",
	  .def = "10", .help = "untimed map+unmap pairs first" },
	{ .name = "threads", .kind = OPT_U32, .off = RUN_FIELD(threads), .arg = "N",
	  .def = "1", .min = 1, .max = P2PBENCH_MAX_THREADS,
	  .help = "threads mapping concurrently" },
	{ .name = "dma-bits", .kind = OPT_U32, .off = RUN_FIELD(dma_bits), .arg = "N",
	  .def = "0", .max = 64, .help = "importer DMA mask width for the run; 0: 64" },
	{ .name = "batch", .kind = OPT_U32, .off = RUN_FIELD(batch), .arg = "N",
	  .def = "0", .help = "operations timed per sample; 0: chosen from the clock resolution" },
	{ .name = "verify-all", .kind = OPT_BIT, .off = RUN_FIELD(flags),
	  .bit = P2PBENCH_RUN_VERIFY_ALL, .help = "verify every mapping, not only the first" },
	{ .name = "e2e", .kind = OPT_BIT, .off = RUN_FIELD(flags), .bit = P2PBENCH_RUN_E2E,
	  .help = "importer DMA-reads the BAR through the mapping and compares" },
	{ .kind = OPT_END },
};

void runopts_init(struct p2pbench_run *run)
{
	const struct optset sets[] = { { run_opts, run }, { NULL, NULL } };

	memset(run, 0, sizeof(*run));
	run->version = P2PBENCH_UAPI_VERSION;
	/* The table's defaults are valid by construction (tests/test_runopts.c). */
	opt_defaults(sets, NULL, 0);
}

int runopts_set(struct p2pbench_run *run, const char *name, const char *val,
		char *err, size_t errlen)
{
	const struct opt *o = opt_find(run_opts, name), *other;

	if (!o)
		return errf(err, errlen, "unknown run parameter '%s'", name);
	if (opt_set(o, run, val, err, errlen))
		return -1;
	if (o->clears && (other = opt_find(run_opts, o->clears)))
		opt_clear(other, run);
	return 0;
}

#define MAX_SETS 8

/* The run table first, then EXTRA's sets, into SETS[MAX_SETS]. */
static int join(struct optset *sets, struct p2pbench_run *run, const struct optset *extra)
{
	size_t n = 0;

	sets[n++] = (struct optset){ run_opts, run };
	for (; extra && extra->opts; extra++) {
		if (n + 1 >= MAX_SETS)
			return -1;
		sets[n++] = *extra;
	}
	sets[n] = (struct optset){ NULL, NULL };
	return 0;
}

int runopts_parse(int argc, char **argv, struct p2pbench_run *run,
		  const struct optset *extra, char *err, size_t errlen)
{
	struct optset sets[MAX_SETS];

	if (join(sets, run, extra))
		return errf(err, errlen, "too many option tables");
	memset(run, 0, sizeof(*run));
	run->version = P2PBENCH_UAPI_VERSION;
	return opt_parse(sets, argc, argv, err, errlen);
}

void runopts_help(FILE *f, const struct optset *extra)
{
	struct optset sets[MAX_SETS];

	if (!join(sets, NULL, extra))
		opt_help(f, sets);
}
