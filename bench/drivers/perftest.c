// SPDX-License-Identifier: GPL-2.0-only
/* perftest command lines and --out_json reports (perftest.h). */
#include <ctype.h>
#include <math.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "io.h"
#include "perftest.h"
#include "spawn.h"

static const char *const tests[] = { "write_bw", "read_bw", "write_lat", NULL };
static const char *const mems[] = { "host", "p2pmem", "mmap", "cuda-dmabuf", "rocm-dmabuf",
				    "neuron-dmabuf", NULL };

#define V(f) .off = offsetof(struct perftest_values, f)

const struct opt perftest_params[] = {
	{ .name = "test", V(test), .kind = OPT_STR, .allowed = tests, .def = "write_bw",
	  .flags = OPT_TEXT, .help = "perftest program: ib_<test>" },
	{ .name = "device", V(device), .kind = OPT_STR, .def = "rxe_lo", .flags = OPT_TEXT,
	  .help = "RDMA device (-d)" },
	{ .name = "gid_index", V(gid_index), .kind = OPT_U32, .min = 0, .max = 255, .def = "1",
	  .flags = OPT_TEXT | OPT_NOKEY,
	  .help = "GID index (-x; 1 is the RoCE v2 GID of 127.0.0.1 on rxe over lo)" },
	{ .name = "mem", V(mem), .kind = OPT_STR, .allowed = mems, .def = "host", .flags = OPT_TEXT,
	  .help = "buffer: host memory, p2pmem of --mem-dev (a BDF), an mmap'd file, or a dma-buf" },
	{ .name = "mem_dev", V(mem_dev), .kind = OPT_STR, .def = "", .flags = OPT_TEXT,
	  .help = "p2pmem: BDF; mmap: file; *-dmabuf: accelerator id" },
	{ .name = "size", V(size), .kind = OPT_SIZE, .min = 1, .max = 1ULL << 30, .def = "64K",
	  .flags = OPT_TEXT, .help = "message size (-s)" },
	{ .name = "iters", V(iters), .kind = OPT_U32, .min = 5, .max = 100000000, .def = "1000",
	  .flags = OPT_TEXT, .help = "iterations (-n)" },
	{ .name = "qps", V(qps), .kind = OPT_U32, .min = 1, .max = 64, .def = "1", .flags = OPT_TEXT,
	  .help = "queue pairs (-q, bandwidth tests)" },
	{ .name = "port", V(port), .kind = OPT_U32, .min = 1024, .max = 65535, .def = "18515",
	  .flags = OPT_TEXT | OPT_NOKEY, .help = "TCP port of the out-of-band exchange (-p)" },
	{ .kind = OPT_END },
};

const char *perftest_program(const char *test)
{
	static const char *const progs[] = { "ib_write_bw", "ib_read_bw", "ib_write_lat" };

	for (int i = 0; tests[i]; i++)
		if (!strcmp(test, tests[i]))
			return progs[i];
	return NULL;
}

int perftest_is_lat(const char *test)
{
	return strstr(test, "_lat") != NULL;
}

const char *perftest_dmabuf_flag(const char *mem)
{
	if (!strcmp(mem, "cuda-dmabuf"))
		return "cuda";
	if (!strcmp(mem, "rocm-dmabuf"))
		return "rocm";
	if (!strcmp(mem, "neuron-dmabuf"))
		return "neuron";
	return NULL;
}

int perftest_argv(const struct perftest_job *job, char **argv, size_t max, char *store,
		  size_t storelen, char *err, size_t errlen)
{
	struct argv_build b;
	const char *dmabuf = perftest_dmabuf_flag(job->mem);

	argv_init(&b, argv, max, store, storelen);
	argv_add(&b, "%s", job->prog);
	argv_add(&b, "-d");
	argv_add(&b, "%s", job->device);
	argv_add(&b, "-x");
	argv_add(&b, "%u", job->gid_index);
	argv_add(&b, "-p");
	argv_add(&b, "%u", job->port);
	argv_add(&b, "-s");
	argv_add(&b, "%" PRIu64, job->size);
	argv_add(&b, "-n");
	argv_add(&b, "%" PRIu64, job->iters);
	if (!strstr(job->prog, "_lat")) {
		argv_add(&b, "-q");
		argv_add(&b, "%u", job->qps);
	}
	/* No warning about the CPU frequency governor: TCG has none. */
	argv_add(&b, "-F");
	if (job->mmap_file)
		argv_add(&b, "--mmap=%s", job->mmap_file);
	if (dmabuf) {
		argv_add(&b, "--use_%s=%s", dmabuf, job->dmabuf_dev);
		argv_add(&b, "--use_%s_dmabuf", dmabuf);
	}
	argv_add(&b, "--out_json");
	argv_add(&b, "--out_json_file=%s", job->json_file);
	if (job->server)
		argv_add(&b, "%s", job->server);
	return b.full ? errf(err, errlen, "perftest command line too long") : 0;
}

/*
 * perftest 4.5's --out_json is JSON-like, not JSON: bare keys and string
 * values, trailing commas, inf and -nan. Read it leniently: a bare value is
 * a number when all of it parses as a finite one, else a string ("inf" and
 * "nan" stay strings, so no metric is made of them).
 */
static void skip_ws(const char **p)
{
	while (**p && isspace((unsigned char)**p))
		(*p)++;
}

static json_t *lenient_token(const char **p, const char *stops)
{
	char buf[256];
	size_t n = 0;

	skip_ws(p);
	if (**p == '"') {
		(*p)++;
		while (**p && **p != '"' && n + 1 < sizeof(buf))
			buf[n++] = *(*p)++;
		if (**p == '"')
			(*p)++;
	} else {
		while (**p && !strchr(stops, **p) && n + 1 < sizeof(buf))
			buf[n++] = *(*p)++;
		while (n && isspace((unsigned char)buf[n - 1]))
			n--;
	}
	buf[n] = '\0';
	return json_string(buf);
}

static json_t *lenient_object(const char **p, int depth)
{
	json_t *o;

	skip_ws(p);
	if (**p != '{' || depth > 4)
		return NULL;
	(*p)++;
	o = json_object();
	for (;;) {
		json_t *k, *v;

		while (skip_ws(p), **p == ',')
			(*p)++;
		if (**p == '}') {
			(*p)++;
			return o;
		}
		k = lenient_token(p, ":,}\n");
		skip_ws(p);
		if (!k || **p != ':' || !*json_string_value(k)) {
			json_decref(k);
			json_decref(o);
			return NULL;
		}
		(*p)++;
		skip_ws(p);
		if (**p == '{') {
			v = lenient_object(p, depth + 1);
		} else {
			char *end;
			double d;

			v = lenient_token(p, ",}\n");
			d = v ? strtod(json_string_value(v), &end) : 0;
			if (v && *json_string_value(v) && !*end && isfinite(d)) {
				json_decref(v);
				v = json_real(d);
			}
		}
		if (!v) {
			json_decref(k);
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, json_string_value(k), v);
		json_decref(k);
	}
}

/* "BW_average" -> "bw_average", "t_99.9" -> "t_99_9". */
static void metric_name(const char *prefix, const char *key, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%s", prefix);

	for (const char *k = key; *k && n + 1 < len; k++)
		buf[n++] = isalnum((unsigned char)*k) ? (char)tolower((unsigned char)*k) : '_';
	buf[n < len ? n : len - 1] = '\0';
}

static void flatten(json_t *rec, const char *prefix, const json_t *o, int depth)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)o, key, v) {
		char name[96];

		metric_name(prefix, key, name, sizeof(name));
		if (json_is_number(v)) {
			io_set_metric(rec, name, json_number_value(v));
		} else if (json_is_string(v)) {
			/* perftest prints some numbers as strings. */
			char *end;
			double d = strtod(json_string_value(v), &end);

			if (end != json_string_value(v) && !*end)
				io_set_metric(rec, name, d);
		} else if (json_is_object(v) && depth < 2) {
			char sub[128];

			snprintf(sub, sizeof(sub), "%s_", name);
			flatten(rec, strcmp(key, "results") ? sub : prefix, v, depth + 1);
		}
	}
}

static double metric(const json_t *rec, const char *const *names)
{
	const json_t *m = json_object_get(rec, "metrics");

	for (; *names; names++) {
		const json_t *v = json_object_get(m, *names);

		if (json_is_number(v))
			return json_number_value(v);
	}
	return -1;
}

int perftest_parse(const char *text, const char *test, json_t *rec, char *err, size_t errlen)
{
	const char *start = strchr(text, '{'), *p;
	json_t *root;
	double v;

	if (!start)
		return errf(err, errlen, "perftest wrote no JSON report");
	p = start;
	root = lenient_object(&p, 0);
	if (!root)
		return errf(err, errlen, "perftest report: not an object at offset %ld: '%.40s'",
			    (long)(p - text), p);
	flatten(rec, "", root, 0);
	json_object_set_new(rec, "perftest", root);
	if (perftest_is_lat(test)) {
		if ((v = metric(rec, (const char *const[]){ "t_typical", "t_typical__usec_", NULL })) >= 0)
			io_set_metric(rec, "lat_typical_us", v);
		if ((v = metric(rec, (const char *const[]){ "t_avg", "t_avg__usec_", NULL })) >= 0)
			io_set_metric(rec, "lat_avg_us", v);
		if ((v = metric(rec, (const char *const[]){ "percentile_99", "t_99", NULL })) >= 0)
			io_set_metric(rec, "lat_p99_us", v);
	} else {
		if ((v = metric(rec, (const char *const[]){ "bw_average", "bw_avg", NULL })) >= 0)
			io_set_metric(rec, "bw_avg_mib", v);
		if ((v = metric(rec, (const char *const[]){ "msgrate", "msg_rate", NULL })) >= 0)
			io_set_metric(rec, "msg_rate_mpps", v);
	}
	return 0;
}
