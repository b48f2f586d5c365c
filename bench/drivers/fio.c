// SPDX-License-Identifier: GPL-2.0-only
/* fio job command lines and JSON output (fio.h). */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "fio.h"
#include "io.h"
#include "spawn.h"

static const char *const mems[] = { "host", "p2pmem", NULL };
static const char *const rws[] = { "read", "write", "randread", "randwrite", NULL };
static const char *const engines[] = { "psync", "libaio", NULL };
static const char *const verifies[] = { "crc32c", "none", NULL };
static const char *const modes[] = { "", "identity", "DMA", "DMA-FQ", NULL };

#define V(f) .off = offsetof(struct fio_values, f)

/* iommu_mode first: it turns slowest in a sweep (a switch rebinds the disk). */
const struct opt fio_params[] = {
	{ .name = "iommu_mode", V(iommu_mode), .kind = OPT_STR, .allowed = modes, .def = "",
	  .flags = OPT_TEXT | OPT_NOKEY,
	  .help = "switch the disk's IOMMU group to this type first (empty: as it is)" },
	{ .name = "disk", V(disk), .kind = OPT_STR, .flags = OPT_TEXT | OPT_REQUIRED,
	  .help = "NVMe doing the I/O: its PCI BDF (0000:07:00.0) or a block device" },
	{ .name = "mem", V(mem), .kind = OPT_STR, .allowed = mems, .def = "p2pmem", .flags = OPT_TEXT,
	  .help = "I/O buffer: the p2pmem of --p2pmem's device, or host memory (malloc)" },
	{ .name = "p2pmem", V(p2pmem), .kind = OPT_STR, .def = "", .flags = OPT_TEXT,
	  .help = "BDF of the device whose published p2pmem is the buffer (mem=p2pmem)" },
	{ .name = "rw", V(rw), .kind = OPT_STR, .allowed = rws, .def = "randwrite", .flags = OPT_TEXT,
	  .help = "workload; writes are read back into the buffer and checked (verify)" },
	{ .name = "bs", V(bs), .kind = OPT_SIZE, .min = 512, .max = 64ULL << 20, .def = "4K",
	  .flags = OPT_TEXT, .help = "block size" },
	{ .name = "iodepth", V(iodepth), .kind = OPT_U32, .min = 1, .max = 1024, .def = "1",
	  .flags = OPT_TEXT, .help = "queue depth (libaio; psync runs depth 1)" },
	{ .name = "engine", V(engine), .kind = OPT_STR, .allowed = engines, .def = "psync",
	  .flags = OPT_TEXT, .help = "fio ioengine" },
	{ .name = "size", V(size), .kind = OPT_SIZE, .min = 4096, .max = 1ULL << 40, .def = "4M",
	  .flags = OPT_TEXT, .help = "bytes of the device the job covers" },
	{ .name = "verify", V(verify), .kind = OPT_STR, .allowed = verifies, .def = "crc32c",
	  .flags = OPT_TEXT,
	  .help = "data check: written blocks are read back and checked; reads check a fill" },
	{ .kind = OPT_END },
};

uint64_t fio_buffer_bytes(uint64_t bs, unsigned int iodepth)
{
	uint64_t b = bs * (iodepth ? iodepth : 1);

	return (b + 4095) & ~4095ULL;
}

int fio_rw_reads(const char *rw)
{
	return !strcmp(rw, "read") || !strcmp(rw, "randread");
}

/* The write pattern that lays down what a verified read of RW checks. */
static const char *write_of(const char *rw)
{
	return !strcmp(rw, "read") ? "write" : !strcmp(rw, "randread") ? "randwrite" : rw;
}

int fio_argv(const struct fio_job *job, char **argv, size_t max, char *store, size_t storelen,
	     char *err, size_t errlen)
{
	struct argv_build b;
	int reads = fio_rw_reads(job->rw);

	argv_init(&b, argv, max, store, storelen);
	argv_add(&b, "%s", job->fio);
	argv_add(&b, "--name=p2pbench");
	argv_add(&b, "--filename=%s", job->filename);
	argv_add(&b, "--direct=1");
	/*
	 * A verified read is fio's verify_only pass of the matching write
	 * workload: it reads (only) what the untimed fill wrote, in the same
	 * order and with the same seeds, and checks every block's crc32c.
	 */
	argv_add(&b, "--rw=%s", job->prefill || (reads && job->verify) ? write_of(job->rw) : job->rw);
	argv_add(&b, "--bs=%" PRIu64, job->bs);
	argv_add(&b, "--size=%" PRIu64, job->size);
	argv_add(&b, "--ioengine=%s", job->engine);
	argv_add(&b, "--iodepth=%u", job->prefill || !strcmp(job->engine, "psync") ? 1U : job->iodepth);
	/* The fill goes through host memory: only the timed run touches the
	 * buffer under test. */
	argv_add(&b, "--iomem=%s", job->prefill ? "malloc" : job->iomem);
	if (job->verify) {
		argv_add(&b, "--verify=crc32c");
		argv_add(&b, "--verify_fatal=1");
		argv_add(&b, "--verify_state_save=0");
		if (job->prefill)
			argv_add(&b, "--do_verify=0");
		else if (reads)
			argv_add(&b, "--verify_only=1");
		else
			argv_add(&b, "--do_verify=1");
	}
	argv_add(&b, "--output-format=json");
	argv_add(&b, "--output=%s", job->output);
	return b.full ? errf(err, errlen, "fio command line too long") : 0;
}

/* ---------------- JSON ---------------- */

static double num(const json_t *o, const char *name)
{
	const json_t *v = json_object_get(o, name);

	return json_is_number(v) ? json_number_value(v) : 0;
}

struct field {
	const char *from, *to;	/* fio's name, the metric's */
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))

/* PREFIX + TO := the number FROM of SRC for each of the N FIELDS; one SRC
 * lacks is 0 when ALL, else left out. */
static void copy_numbers(json_t *rec, const char *prefix, const json_t *src,
			 const struct field *fields, size_t n, int all)
{
	char name[64];

	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(src, fields[i].from);

		if (!all && !json_is_number(v))
			continue;
		snprintf(name, sizeof(name), "%s%s", prefix, fields[i].to);
		io_set_metric(rec, name, json_is_number(v) ? json_number_value(v) : 0);
	}
}

static void ddir_metrics(json_t *rec, const char *prefix, const json_t *d)
{
	static const struct field totals[] = {
		{ "iops", "iops" }, { "bw_bytes", "bw_bytes" }, { "total_ios", "ios" },
		{ "io_bytes", "io_bytes" }, { "runtime", "runtime_ms" },
	}, clat[] = {
		{ "min", "clat_min_ns" }, { "mean", "clat_mean_ns" }, { "max", "clat_max_ns" },
	}, pcts[] = {
		{ "50.000000", "clat_p50_ns" }, { "90.000000", "clat_p90_ns" },
		{ "99.000000", "clat_p99_ns" }, { "99.900000", "clat_p999_ns" },
	};
	const json_t *c = json_object_get(d, "clat_ns");

	copy_numbers(rec, prefix, d, totals, NFIELDS(totals), 1);
	if (!json_is_object(c))
		return;
	copy_numbers(rec, prefix, c, clat, NFIELDS(clat), 1);
	copy_numbers(rec, prefix, json_object_get(c, "percentile"), pcts, NFIELDS(pcts), 0);
}

int fio_parse(const char *text, const char *rw, json_t *rec, char *version, size_t vlen,
	      int *job_error, char *err, size_t errlen)
{
	const char *start = strchr(text, '{');
	json_t *root, *jobs, *job, *v;
	json_error_t je;
	const char *main_dir = fio_rw_reads(rw) ? "read" : "write";

	if (!start)
		return errf(err, errlen, "fio wrote no JSON");
	/* fio may print notes before the JSON (e.g. "note: both iodepth ..."). */
	root = json_loads(start, JSON_DISABLE_EOF_CHECK, &je);
	if (!root)
		return errf(err, errlen, "fio JSON:%d:%d: %s", je.line, je.column, je.text);
	v = json_object_get(root, "fio version");
	snprintf(version, vlen, "%s", json_is_string(v) ? json_string_value(v) : "?");
	jobs = json_object_get(root, "jobs");
	job = json_array_get(jobs, 0);
	if (!json_is_object(job)) {
		json_decref(root);
		return errf(err, errlen, "fio JSON: no jobs[0]");
	}
	*job_error = (int)num(job, "error");
	for (const char *const *d = (const char *const[]){ "read", "write", NULL }; *d; d++) {
		const json_t *dd = json_object_get(job, *d);
		char prefix[16];

		/* A verified read runs as verify_only of a write workload: fio
		 * counts the writes it skipped; only the reads were issued. */
		if (!json_is_object(dd) || num(dd, "total_ios") == 0 ||
		    (fio_rw_reads(rw) && strcmp(*d, "read")))
			continue;
		snprintf(prefix, sizeof(prefix), "%s_", *d);
		ddir_metrics(rec, prefix, dd);
		if (!strcmp(*d, main_dir))
			ddir_metrics(rec, "", dd);
	}
	json_object_set(rec, "fio", jobs);
	json_decref(root);
	return 0;
}
