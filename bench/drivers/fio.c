// SPDX-License-Identifier: GPL-2.0-only
/* fio job command lines and JSON output (fio.h). */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "fio.h"
#include "io.h"

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
	size_t n = 0, used = 0;
	int reads = fio_rw_reads(job->rw);

#define ARG(...)                                                                        \
	do {                                                                            \
		int w_;                                                                 \
		if (n + 2 > max)                                                        \
			return errf(err, errlen, "fio command line too long");          \
		w_ = snprintf(store + used, storelen - used, __VA_ARGS__);              \
		if (w_ < 0 || (size_t)w_ >= storelen - used)                            \
			return errf(err, errlen, "fio command line too long");          \
		argv[n++] = store + used;                                               \
		used += (size_t)w_ + 1;                                                 \
	} while (0)

	ARG("%s", job->fio);
	ARG("--name=p2pbench");
	ARG("--filename=%s", job->filename);
	ARG("--direct=1");
	/*
	 * A verified read is fio's verify_only pass of the matching write
	 * workload: it reads (only) what the untimed fill wrote, in the same
	 * order and with the same seeds, and checks every block's crc32c.
	 */
	ARG("--rw=%s", job->prefill || (reads && job->verify) ? write_of(job->rw) : job->rw);
	ARG("--bs=%" PRIu64, job->bs);
	ARG("--size=%" PRIu64, job->size);
	ARG("--ioengine=%s", job->engine);
	ARG("--iodepth=%u", job->prefill || !strcmp(job->engine, "psync") ? 1U : job->iodepth);
	/* The fill goes through host memory: only the timed run touches the
	 * buffer under test. */
	ARG("--iomem=%s", job->prefill ? "malloc" : job->iomem);
	if (job->verify) {
		ARG("--verify=crc32c");
		ARG("--verify_fatal=1");
		ARG("--verify_state_save=0");
		if (job->prefill)
			ARG("--do_verify=0");
		else if (reads)
			ARG("--verify_only=1");
		else
			ARG("--do_verify=1");
	}
	ARG("--output-format=json");
	ARG("--output=%s", job->output);
	argv[n] = NULL;
#undef ARG
	return 0;
}

/* ---------------- JSON ---------------- */

static double num(const json_t *o, const char *name)
{
	const json_t *v = json_object_get(o, name);

	return json_is_number(v) ? json_number_value(v) : 0;
}

static void clat(json_t *rec, const char *prefix, const json_t *ddir)
{
	static const struct {
		const char *pct, *name;
	} pcts[] = {
		{ "50.000000", "p50" }, { "90.000000", "p90" }, { "99.000000", "p99" },
		{ "99.900000", "p999" },
	};
	const json_t *c = json_object_get(ddir, "clat_ns"), *p = json_object_get(c, "percentile");
	char name[64];

	if (!json_is_object(c))
		return;
	snprintf(name, sizeof(name), "%sclat_min_ns", prefix);
	io_set_metric(rec, name, num(c, "min"));
	snprintf(name, sizeof(name), "%sclat_mean_ns", prefix);
	io_set_metric(rec, name, num(c, "mean"));
	snprintf(name, sizeof(name), "%sclat_max_ns", prefix);
	io_set_metric(rec, name, num(c, "max"));
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		const json_t *v = json_object_get(p, pcts[i].pct);

		if (!json_is_number(v))
			continue;
		snprintf(name, sizeof(name), "%sclat_%s_ns", prefix, pcts[i].name);
		io_set_metric(rec, name, json_number_value(v));
	}
}

static void ddir_metrics(json_t *rec, const char *prefix, const json_t *d)
{
	char name[64];

	snprintf(name, sizeof(name), "%siops", prefix);
	io_set_metric(rec, name, num(d, "iops"));
	snprintf(name, sizeof(name), "%sbw_bytes", prefix);
	io_set_metric(rec, name, num(d, "bw_bytes"));
	snprintf(name, sizeof(name), "%sios", prefix);
	io_set_metric(rec, name, num(d, "total_ios"));
	snprintf(name, sizeof(name), "%sio_bytes", prefix);
	io_set_metric(rec, name, num(d, "io_bytes"));
	snprintf(name, sizeof(name), "%sruntime_ms", prefix);
	io_set_metric(rec, name, num(d, "runtime"));
	clat(rec, prefix, d);
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
