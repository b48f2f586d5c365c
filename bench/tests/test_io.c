// SPDX-License-Identifier: GPL-2.0-only
/* End-to-end I/O records, sweeps, fio/perftest command lines and parsers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fio.h"
#include "io.h"
#include "io_report.h"
#include "iosweep.h"
#include "opt.h"
#include "iotrace.h"
#include "perftest.h"
#include "unit.h"

static const char fio_json[] =
	"note: both iodepth >= 1 and synchronous I/O engine are selected\n"
	"{\n \"fio version\" : \"fio-3.33\",\n \"jobs\" : [ {\n  \"jobname\" : \"p2pbench\",\n"
	"  \"error\" : 0,\n"
	"  \"read\" : { \"io_bytes\" : 4194304, \"bw_bytes\" : 2097152, \"iops\" : 512.5,"
	" \"runtime\" : 2000, \"total_ios\" : 1024,\n"
	"    \"clat_ns\" : { \"min\" : 1000, \"max\" : 90000, \"mean\" : 1900.5,"
	" \"percentile\" : { \"50.000000\" : 1800, \"90.000000\" : 2500, \"99.000000\" : 8000,"
	" \"99.900000\" : 60000 } } },\n"
	"  \"write\" : { \"io_bytes\" : 4194304, \"bw_bytes\" : 1048576, \"iops\" : 256,"
	" \"runtime\" : 4000, \"total_ios\" : 1024,\n"
	"    \"clat_ns\" : { \"min\" : 2000, \"max\" : 99000, \"mean\" : 3900,"
	" \"percentile\" : { \"50.000000\" : 3800, \"99.000000\" : 9000 } } }\n"
	" } ]\n}\n";

static double metric(json_t *rec, const char *name)
{
	json_t *v = json_object_get(json_object_get(rec, "metrics"), name);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static void fio_json_parsed(void)
{
	json_t *rec = io_record_new("fio");
	char version[32], err[256];
	int job_error = -1;

	CHECK(!fio_parse(fio_json, "randwrite", rec, version, sizeof(version), &job_error, err, sizeof(err)));
	CHECK(!strcmp(version, "fio-3.33"));
	CHECK(job_error == 0);
	/* A write workload's own numbers are the write direction's. */
	CHECK(metric(rec, "iops") == 256);
	CHECK(metric(rec, "clat_p50_ns") == 3800);
	CHECK(metric(rec, "read_iops") == 512.5);
	CHECK(metric(rec, "read_clat_p999_ns") == 60000);
	CHECK(metric(rec, "write_ios") == 1024);
	CHECK(isnan(metric(rec, "clat_p90_ns")));
	CHECK(json_is_array(json_object_get(rec, "fio")));
	json_decref(rec);

	rec = io_record_new("fio");
	CHECK(!fio_parse(fio_json, "randread", rec, version, sizeof(version), &job_error, err, sizeof(err)));
	CHECK(metric(rec, "iops") == 512.5);
	json_decref(rec);

	rec = io_record_new("fio");
	CHECK(fio_parse("fio: engine libaio not loadable\n", "read", rec, version, sizeof(version),
			&job_error, err, sizeof(err)) == -1);
	CHECK(strstr(err, "no JSON") != NULL);
	CHECK(fio_parse("{ \"jobs\": [ ", "read", rec, version, sizeof(version), &job_error, err,
			sizeof(err)) == -1);
	json_decref(rec);
}

static int has_arg(char **argv, const char *a)
{
	for (; *argv; argv++)
		if (!strcmp(*argv, a))
			return 1;
	return 0;
}

static void fio_command_lines(void)
{
	struct fio_job job = { .fio = "/usr/bin/fio", .filename = "/dev/nvme1n1",
			       .iomem = "mmapshared:/sys/bus/pci/devices/0000:06:00.0/p2pmem/allocate",
			       .rw = "randread", .bs = 4096, .size = 1 << 20, .iodepth = 16,
			       .engine = "libaio", .verify = 1, .output = "/tmp/o.json" };
	char *argv[64], store[4096], err[128];

	CHECK(!fio_argv(&job, argv, 64, store, sizeof(store), err, sizeof(err)));
	CHECK(has_arg(argv, "--direct=1"));
	CHECK(has_arg(argv, "--iomem=mmapshared:/sys/bus/pci/devices/0000:06:00.0/p2pmem/allocate"));
	/* A verified read is the verify_only pass of the matching write. */
	CHECK(has_arg(argv, "--rw=randwrite"));
	CHECK(has_arg(argv, "--verify_only=1"));
	CHECK(has_arg(argv, "--iodepth=16"));
	CHECK(has_arg(argv, "--verify=crc32c"));
	job.prefill = 1;
	CHECK(!fio_argv(&job, argv, 64, store, sizeof(store), err, sizeof(err)));
	CHECK(has_arg(argv, "--iomem=malloc"));
	CHECK(has_arg(argv, "--do_verify=0"));
	CHECK(has_arg(argv, "--iodepth=1"));
	job.prefill = 0;
	job.verify = 0;
	job.engine = "psync";
	CHECK(!fio_argv(&job, argv, 64, store, sizeof(store), err, sizeof(err)));
	CHECK(has_arg(argv, "--rw=randread"));
	CHECK(has_arg(argv, "--iodepth=1"));
	CHECK(!has_arg(argv, "--verify=crc32c"));
	CHECK(fio_argv(&job, argv, 4, store, sizeof(store), err, sizeof(err)) == -1);
	CHECK(fio_argv(&job, argv, 64, store, 40, err, sizeof(err)) == -1);
	CHECK(!strcmp(err, "fio command line too long"));
	CHECK(fio_buffer_bytes(4096, 16) == 65536);
	CHECK(fio_buffer_bytes(512, 1) == 4096);
}

static void perftest_command_lines(void)
{
	struct perftest_job job = { .prog = "/usr/bin/ib_write_bw", .device = "rxe_lo", .gid_index = 1,
				    .port = 18515, .qps = 1, .size = 65536, .iters = 1000, .mem = "p2pmem",
				    .mmap_file = "/sys/bus/pci/devices/0000:06:00.0/p2pmem/allocate",
				    .json_file = "/tmp/s.json" };
	char *argv[64], store[4096], err[128];

	CHECK(!perftest_argv(&job, argv, 64, store, sizeof(store), err, sizeof(err)));
	CHECK(has_arg(argv, "--mmap=/sys/bus/pci/devices/0000:06:00.0/p2pmem/allocate"));
	CHECK(has_arg(argv, "--out_json"));
	CHECK(has_arg(argv, "--out_json_file=/tmp/s.json"));
	CHECK(has_arg(argv, "rxe_lo"));
	CHECK(!has_arg(argv, "127.0.0.1"));
	job.server = "127.0.0.1";
	job.mem = "cuda-dmabuf";
	job.mmap_file = NULL;
	job.dmabuf_dev = "0";
	CHECK(!perftest_argv(&job, argv, 64, store, sizeof(store), err, sizeof(err)));
	CHECK(has_arg(argv, "--use_cuda=0"));
	CHECK(has_arg(argv, "--use_cuda_dmabuf"));
	CHECK(has_arg(argv, "127.0.0.1"));
	CHECK(!strcmp(perftest_program("read_bw"), "ib_read_bw"));
	CHECK(perftest_program("send_bw") == NULL);
	CHECK(perftest_dmabuf_flag("host") == NULL);
}

static void perftest_json_parsed(void)
{
	json_t *rec = io_record_new("perftest");
	char err[256];

	CHECK(!perftest_parse("{ \"results\": { \"MsgSize\": 65536, \"n_iterations\": 1000,"
			      " \"BW_peak\": 100.5, \"BW_average\": 98.25, \"MsgRate\": 0.0015 } }",
			      "write_bw", rec, err, sizeof(err)));
	CHECK(metric(rec, "bw_avg_mib") == 98.25);
	CHECK(metric(rec, "msg_rate_mpps") == 0.0015);
	CHECK(metric(rec, "msgsize") == 65536);
	json_decref(rec);
	rec = io_record_new("perftest");
	CHECK(!perftest_parse("{ \"results\": { \"t_typical\": \"12.5\", \"t_avg\": 13 } }", "write_lat",
			      rec, err, sizeof(err)));
	CHECK(metric(rec, "lat_typical_us") == 12.5);
	CHECK(metric(rec, "lat_avg_us") == 13);
	CHECK(perftest_parse("Couldn't allocate MR\n", "write_bw", rec, err, sizeof(err)) == -1);
	json_decref(rec);
	/* What perftest 4.5 really writes: bare words, trailing commas, inf. */
	rec = io_record_new("perftest");
	CHECK(!perftest_parse("{\ntest_info: {\ntest: RDMA_Write_Latency_Test,\nDevice: \"rxe_lo\",\n"
			      "TX_depth : 1,\n},\nresults: {\nMsgSize: 65536,\nt_typical: 4984.49,\n"
			      "t_avg: 9109.97,\nt_stdev: -nan,\npercentile_99: 129096.36,\n"
			      "percentile_99.9: inf,\n},\n}\nCorrelation coefficient r^2: 0.86 < 0.9\n",
			      "write_lat", rec, err, sizeof(err)));
	CHECK(metric(rec, "lat_typical_us") == 4984.49);
	CHECK(metric(rec, "lat_p99_us") == 129096.36);
	CHECK(metric(rec, "test_info_tx_depth") == 1);
	CHECK(isnan(metric(rec, "percentile_99_9")));
	CHECK(isnan(metric(rec, "t_stdev")));
	CHECK(!strcmp(json_string_value(json_object_get(json_object_get(json_object_get(rec, "perftest"),
		"test_info"), "test")), "RDMA_Write_Latency_Test"));
	CHECK(perftest_parse("{ results: { a: 1, ", "write_bw", rec, err, sizeof(err)) == -1);
	json_decref(rec);
}

static void sweeps(void)
{
	struct io_sweep s;
	struct fio_values v;
	char err[256];

	io_sweep_init(&s, fio_params);
	CHECK(!io_sweep_parse_string(&s, "t", "# comment\ndescription = a test\nrepeats = 2\n"
				     "disk = 0000:07:00.0\nbs = 4K, 64K \\\n 1M\nmem = host p2pmem\n",
				     err, sizeof(err)));
	CHECK(!io_sweep_finish(&s, err, sizeof(err)));
	CHECK(s.repeats == 2);
	CHECK(!strcmp(s.description, "a test"));
	CHECK(io_sweep_count(&s) == 6);
	io_sweep_point(&s, 0, &v);
	CHECK(!strcmp(v.mem, "host"));
	CHECK(!strcmp(v.bs, "4K"));
	io_sweep_point(&s, 5, &v);
	CHECK(!strcmp(v.mem, "p2pmem"));
	CHECK(!strcmp(v.bs, "1M"));
	CHECK(!strcmp(v.engine, "psync"));
	io_sweep_free(&s);

	io_sweep_init(&s, fio_params);
	CHECK(io_sweep_parse_string(&s, "t", "bs = 4K\nblocksize = 8K\n", err, sizeof(err)) == -1);
	CHECK(strstr(err, "t:2: unknown name 'blocksize'") != NULL);
	CHECK(io_sweep_parse_string(&s, "t", "engine = io_uring\n", err, sizeof(err)) == -1);
	CHECK(strstr(err, "not one of: psync libaio") != NULL);
	CHECK(io_sweep_parse_string(&s, "t", "bs = 1\n", err, sizeof(err)) == -1);
	CHECK(io_sweep_parse_string(&s, "t", "nonsense\n", err, sizeof(err)) == -1);
	io_sweep_free(&s);
	io_sweep_init(&s, fio_params);
	CHECK(io_sweep_finish(&s, err, sizeof(err)) == -1);
	CHECK(strstr(err, "--disk is required") != NULL);
	io_sweep_free(&s);

	/* The one sweep-file syntax: ranges, a name once, a value once. */
	io_sweep_init(&s, fio_params);
	CHECK(!io_sweep_parse_string(&s, "t", "disk = /dev/x\nbs = 4K..64K *4\niodepth = 1..16*4\n",
				     err, sizeof(err)));
	CHECK(!io_sweep_finish(&s, err, sizeof(err)));
	CHECK(io_sweep_count(&s) == 3 * 3);
	io_sweep_point(&s, 8, &v);
	CHECK(!strcmp(v.bs, "64K"));
	CHECK(!strcmp(v.iodepth, "16"));
	io_sweep_free(&s);
	io_sweep_init(&s, fio_params);
	CHECK(io_sweep_parse_string(&s, "t", "bs = 4K\n\nbs = 8K\n", err, sizeof(err)) == -1);
	CHECK(strstr(err, "t:3: 'bs' given twice (first on line 1)") != NULL);
	CHECK(io_sweep_parse_string(&s, "u", "bs = 4K 4096\n", err, sizeof(err)) == -1);
	CHECK(strstr(err, "u:1: bs: value '4096' given twice (as '4K')") != NULL);
	CHECK(io_sweep_parse_string(&s, "v", "engine = psync..libaio *2\n", err, sizeof(err)) == -1);
	CHECK(strstr(err, "v:1: engine: ranges are for numbers and sizes") != NULL);
	CHECK(io_sweep_parse_string(&s, "w", "repeats = 0\n", err, sizeof(err)) == -1);
	CHECK(strstr(err, "w:1: repeats: '0' is not a count in 1..1000") != NULL);
	/* The command line replaces the file's values, in the same syntax. */
	CHECK(!io_sweep_parse_string(&s, "x", "disk = /dev/x\nbs = 4K\n", err, sizeof(err)));
	CHECK(!io_sweep_set(&s, "bs", "8K,16K", err, sizeof(err)));
	CHECK(!io_sweep_finish(&s, err, sizeof(err)));
	CHECK(io_sweep_count(&s) == 2);
	io_sweep_free(&s);
}

/* The shipped I/O sweeps parse and expand to what their comments say. */
static void shipped_sweeps(void)
{
	static const struct {
		const char *path;
		const struct opt *params;
		size_t points;
	} files[] = {
		{ "../configs/sweeps/fio-quick", fio_params, 8 },
		{ "../configs/sweeps/fio-default", fio_params, 2 * 2 * 2 * 2 * 2 * 2 * 2 },
		{ "../configs/sweeps/perftest-quick", perftest_params, 6 },
		{ "../configs/sweeps/perftest-p2p", perftest_params, 2 },
	};
	char err[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct io_sweep s;
		int r;

		io_sweep_init(&s, files[i].params);
		r = io_sweep_parse_file(&s, files[i].path, err, sizeof(err));
		if (r)
			fprintf(stderr, "#   %s\n", err);
		CHECK(r == 0);
		CHECK(!io_sweep_finish(&s, err, sizeof(err)));
		CHECK(io_sweep_count(&s) == files[i].points);
		CHECK(s.description[0] != '\0');
		io_sweep_free(&s);
	}
}

static void keys_and_order(void)
{
	json_t *rec = io_record_new("fio");
	char key[512];

	io_set_param(rec, "rw", "randread");
	io_set_param(rec, "bs", "64K");
	io_set_context(rec, "iommu_mode", "DMA");
	io_set_context(rec, "cpu", "amd");
	io_key(rec, key, sizeof(key));
	CHECK(!strcmp(key, "fio,rw=randread,bs=64K,cpu=amd,iommu_mode=DMA"));
	json_decref(rec);
	CHECK(io_key_cmp("fio,bs=4K", "fio,bs=64K") < 0);
	CHECK(io_key_cmp("fio,bs=64K", "fio,bs=4K") > 0);
	CHECK(io_key_cmp("fio,bs=4096", "fio,bs=4096") == 0);
	CHECK(io_key_cmp("fio,mem=host", "fio,mem=p2pmem") < 0);
	CHECK(io_key_cmp("fio", "fio,bs=4K") < 0);
}

/* A point's parameters go into its record, so its key, in the order of
 * the tool's table, leaving out empty values and the rows not part of the
 * key: the keys of points stored before (results/.../io/) stay the same. */
static void io_key_order_from_table(void)
{
	struct fio_values fv = { 0 };
	struct perftest_values pv = { 0 };
	const struct optset fs[] = { { fio_params, &fv }, { NULL, NULL } };
	const struct optset ps[] = { { perftest_params, &pv }, { NULL, NULL } };
	json_t *rec = io_record_new("fio");
	char key[512], err[256];

	CHECK(opt_defaults(fs, err, sizeof(err)) == 0);
	fv.disk = "0000:07:00.0";
	fv.p2pmem = "0000:06:00.0";
	fv.iommu_mode = "DMA";		/* context, not a key field */
	fv.bs = "64K";
	CHECK(io_set_params(rec, fio_params, &fv) == 0);
	io_key(rec, key, sizeof(key));
	CHECK(!strcmp(key, "fio,disk=0000:07:00.0,mem=p2pmem,p2pmem=0000:06:00.0,rw=randwrite,"
			   "bs=64K,iodepth=1,engine=psync,size=4M,verify=crc32c"));
	json_decref(rec);
	rec = io_record_new("perftest");
	CHECK(opt_defaults(ps, err, sizeof(err)) == 0);
	pv.qps = "";			/* a latency test has none */
	CHECK(io_set_params(rec, perftest_params, &pv) == 0);
	io_key(rec, key, sizeof(key));
	CHECK(!strcmp(key, "perftest,test=write_bw,device=rxe_lo,mem=host,size=64K,iters=1000"));
	json_decref(rec);
}

static void iommu_events_counted(void)
{
	struct iommu_count c = { 0 };

	iommu_count_text("# tracer: nop\n"
			 " fio-12 [001] ..... 5.1: map: IOMMU: iova=0x00000000fffff000 - 0x0000000100000000 "
			 "paddr=0x0000000140000000 size=4096\n"
			 " fio-12 [001] ..... 5.2: unmap: IOMMU: iova=0x00000000fffff000 - 0x0000000100000000 "
			 "size=4096 unmapped_size=4096\n"
			 " fio-12 [001] ..... 5.3: map: IOMMU: iova=0x0 - 0x2000 paddr=0x0 size=8192\n", &c);
	CHECK(c.map == 2);
	CHECK(c.unmap == 1);
	CHECK(c.map_bytes == 12288);
}

static void store_load_report(void)
{
	char dir[] = "/tmp/p2pbench-test-io.XXXXXX", err[512], path[4800];
	struct io_results r;
	json_t *rec;
	FILE *f;
	int regressed = -1;

	CHECK(mkdtemp(dir) != NULL);
	CHECK(!io_present(dir));
	for (int rep = 0; rep < 2; rep++) {
		rec = io_record_new("fio");
		io_set_param(rec, "mem", "p2pmem");
		io_set_param(rec, "bs", "4K");
		io_set_context(rec, "cpu", "intel");
		json_object_set_new(rec, "repeat", json_integer(rep));
		io_set_status(rec, IO_UNSUPPORTED, 22, "EINVAL (Invalid argument); kernel: nvme cannot be used");
		CHECK(!io_stored(dir, rec));
		CHECK(!io_save(dir, rec, path, sizeof(path), err, sizeof(err)));
		CHECK(io_stored(dir, rec));
		json_decref(rec);
		rec = io_record_new("fio");
		io_set_param(rec, "mem", "host");
		io_set_param(rec, "bs", "4K");
		io_set_context(rec, "cpu", "intel");
		json_object_set_new(rec, "repeat", json_integer(rep));
		io_set_metric(rec, "iops", 1000 + rep);
		io_set_metric(rec, "iommu_map_per_io", 1);
		CHECK(!io_save(dir, rec, NULL, 0, err, sizeof(err)));
		json_decref(rec);
	}
	CHECK(io_present(dir));
	CHECK(!io_load(dir, &r, err, sizeof(err)));
	CHECK(r.n == 4);
	if (r.n == 4) {
		CHECK(!strcmp(r.pts[0].key, "fio,mem=host,bs=4K,cpu=intel"));
		CHECK(r.pts[2].status == IO_UNSUPPORTED);
		CHECK(io_metric(&r.pts[1], "iops") == 1001);
	}
	io_results_free(&r);
	snprintf(path, sizeof(path), "%s/io.csv", dir);
	CHECK(access(path, R_OK) == 0);
	f = fopen("/dev/null", "w");
	CHECK(!io_report(f, dir, OUT_TEXT, NULL, err, sizeof(err)));
	CHECK(!io_report(f, dir, OUT_MARKDOWN, NULL, err, sizeof(err)));
	CHECK(!io_compare(f, dir, dir, 0.05, OUT_TEXT, NULL, &regressed, err, sizeof(err)));
	CHECK(regressed == 0);
	fclose(f);
	/* A corrupt record is an error naming the file. */
	snprintf(path, sizeof(path), "%s/io/bad.json", dir);
	f = fopen(path, "w");
	fputs("{ \"format\": 1, ", f);
	fclose(f);
	CHECK(io_load(dir, &r, err, sizeof(err)) == -1);
	CHECK(strstr(err, "bad.json") != NULL);
	unlink(path);
	/* Only this test's own directory: another run may be using its own. */
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
}

/* Write N repeats of one fio point with IOPS VALS (and a latency test of
 * perftest with the same values as lat_typical_us) into DIR. */
static void io_side(const char *dir, const double *vals, int n)
{
	char err[512];

	for (int rep = 0; rep < n; rep++) {
		json_t *rec = io_record_new("fio");

		io_set_param(rec, "bs", "4K");
		json_object_set_new(rec, "repeat", json_integer(rep));
		io_set_metric(rec, "iops", vals[rep]);
		CHECK(!io_save(dir, rec, NULL, 0, err, sizeof(err)));
		json_decref(rec);
		rec = io_record_new("perftest");
		io_set_param(rec, "test", "write_lat");
		json_object_set_new(rec, "repeat", json_integer(rep));
		io_set_metric(rec, "lat_typical_us", vals[rep]);
		CHECK(!io_save(dir, rec, NULL, 0, err, sizeof(err)));
		json_decref(rec);
	}
}

/* io_compare()'s text for A and B into BUF; its regressed flag returned. */
static int io_compare_text(const double *a, int na, const double *b, int nb, char *buf, size_t len)
{
	char da[] = "/tmp/p2pbench-test-io.XXXXXX", db[] = "/tmp/p2pbench-test-io.XXXXXX", err[512];
	char cmd[128];
	int regressed = -1;
	FILE *f;

	CHECK(mkdtemp(da) && mkdtemp(db));
	io_side(da, a, na);
	io_side(db, b, nb);
	memset(buf, 0, len);
	f = fmemopen(buf, len - 1, "w");
	CHECK(f && !io_compare(f, da, db, 0.05, OUT_TEXT, NULL, &regressed, err, sizeof(err)));
	if (f)
		fclose(f);
	/* Markdown: a row per point with the repeats of each side. */
	{
		char md[4096] = "", want[64];
		FILE *m = fmemopen(md, sizeof(md) - 1, "w");

		CHECK(m && !io_compare(m, da, db, 0.05, OUT_MARKDOWN, NULL, &regressed, err, sizeof(err)));
		if (m)
			fclose(m);
		snprintf(want, sizeof(want), "| `fio,bs=4K` | %d/%d |", na, nb);
		CHECK(strstr(md, want) != NULL);
		CHECK(strstr(md, "| point | n A/B | A | B | change | 95% CI | verdict | note |") != NULL);
	}
	/* The JSON back end says the same: one row per point, the totals. */
	{
		json_t *j = NULL, *rep = NULL;
		int again = -1;
		size_t slower = 0;

		CHECK(!io_compare(NULL, da, db, 0.05, OUT_JSON, &j, &again, err, sizeof(err)));
		CHECK(j && json_array_size(json_object_get(j, "rows")) == 2 && again == regressed);
		for (size_t k = 0; j && k < json_array_size(json_object_get(j, "rows")); k++)
			slower += !strcmp(json_string_value(json_object_get(json_array_get(
				json_object_get(j, "rows"), k), "verdict")), "slower");
		CHECK((size_t)json_integer_value(json_object_get(json_object_get(j, "totals"),
							       "slower")) == slower);
		CHECK(!io_report(NULL, da, OUT_JSON, &rep, err, sizeof(err)));
		CHECK(rep && json_integer_value(json_object_get(rep, "points")) == 2 * na);
		CHECK(json_array_size(json_object_get(rep, "rows")) == 2);
		json_decref(j);
		json_decref(rep);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", da, db);
	CHECK(system(cmd) == 0);
	return regressed;
}

/* The verdict of the line of BUF whose point starts with PREFIX. */
static int io_verdict_is(const char *buf, const char *prefix, const char *verdict)
{
	for (const char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *p = strstr(l, prefix), *e = strchr(l, '\n');

		if (p && (!e || p < e))
			return !strncmp(l, verdict, strlen(verdict)) && l[strlen(verdict)] == ' ';
	}
	return 0;
}

/*
 * I/O points are judged as mapping points are: repeats are the samples,
 * the interval must clear the threshold, one repeat a side is
 * inconclusive. Higher IOPS is faster; a higher latency is slower.
 */
static void io_compare_verdicts(void)
{
	static const double base[] = { 1000, 1010, 990, 1005 }, down[] = { 800, 810, 790, 805 };
	static const double same[] = { 1002, 1008, 992, 1003 }, wide[] = { 500, 1500, 900, 1300 };
	char buf[8192];

	CHECK(io_compare_text(base, 4, down, 4, buf, sizeof(buf)) == 1);
	CHECK(io_verdict_is(buf, "fio,bs=4K", "slower"));	/* IOPS -20% */
	CHECK(io_verdict_is(buf, "perftest,test=write_lat", "faster"));	/* latency -20% */
	CHECK(io_compare_text(down, 4, base, 4, buf, sizeof(buf)) == 1);
	CHECK(io_verdict_is(buf, "fio,bs=4K", "faster"));
	CHECK(io_verdict_is(buf, "perftest,test=write_lat", "slower"));
	CHECK(io_compare_text(base, 4, same, 4, buf, sizeof(buf)) == 0);
	CHECK(io_verdict_is(buf, "fio,bs=4K", "same"));
	CHECK(io_verdict_is(buf, "perftest,test=write_lat", "same"));
	CHECK(io_compare_text(base, 4, wide, 4, buf, sizeof(buf)) == 0);
	CHECK(io_verdict_is(buf, "fio,bs=4K", "inconclusive"));
	/* One repeat: -20% from one number each is no verdict. */
	CHECK(io_compare_text(base, 1, down, 1, buf, sizeof(buf)) == 0);
	CHECK(io_verdict_is(buf, "fio,bs=4K", "inconclusive"));
	CHECK(strstr(buf, "one repeat on a side") != NULL);
}

int main(void)
{
	RUN(fio_json_parsed);
	RUN(fio_command_lines);
	RUN(perftest_command_lines);
	RUN(perftest_json_parsed);
	RUN(sweeps);
	RUN(shipped_sweeps);
	RUN(keys_and_order);
	RUN(io_key_order_from_table);
	RUN(iommu_events_counted);
	RUN(store_load_report);
	RUN(io_compare_verdicts);
	return UNIT_DONE();
}
