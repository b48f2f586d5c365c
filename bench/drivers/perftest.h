/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * perftest (ib_write_bw, ib_read_bw, ib_write_lat) as p2pbench drives it:
 * server and client command lines for a buffer in host memory, an mmap'd
 * file (--mmap, e.g. a p2pmem allocate file) or a dma-buf exporter
 * (--use_cuda_dmabuf and friends, where the perftest build has them), and
 * the parse of --out_json into p2pbench metrics.
 */
#ifndef P2PBENCH_PERFTEST_H
#define P2PBENCH_PERFTEST_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "opt.h"

/* A point's parameters as typed ("64K"): the fields of perftest_params[]. */
struct perftest_values {
	const char *test, *device, *gid_index, *mem, *mem_dev, *size, *iters, *qps, *port;
};

/* The perftest parameter table (OPT_TEXT rows into struct perftest_values,
 * iosweep.h): the options, sweep-file names and key order of its points. */
extern const struct opt perftest_params[];

/* The perftest point source (perftest_driver.c): `p2pbench perftest` is io_command() of it. */
struct driver_ops;
extern const struct driver_ops perftest_ops;

struct perftest_job {
	const char *prog;		/* full path of ib_write_bw, ... */
	const char *device;		/* rxe_lo */
	unsigned int gid_index, port, qps;
	uint64_t size, iters;
	const char *mem;		/* host, p2pmem, mmap, cuda-dmabuf, rocm-dmabuf, neuron-dmabuf */
	const char *mmap_file;		/* p2pmem, mmap */
	const char *dmabuf_dev;		/* *-dmabuf: the accelerator id */
	const char *json_file;
	const char *server;		/* NULL: the server side */
};

/* Program name of TEST ("write_bw" -> "ib_write_bw"). */
const char *perftest_program(const char *test);
int perftest_is_lat(const char *test);

/* The options a dma-buf MEM needs, e.g. {"--use_cuda", "--use_cuda_dmabuf"};
 * NULL for host, p2pmem and mmap. */
const char *perftest_dmabuf_flag(const char *mem);

int perftest_argv(const struct perftest_job *job, char **argv, size_t max, char *store,
		  size_t storelen, char *err, size_t errlen);

/* Parse --out_json TEXT into REC's metrics: every number of the report by
 * a lowercase name (bw_average, msgrate, t_avg, ...), plus bw_avg_mib and
 * msg_rate_mpps (bandwidth tests) or lat_typical_us, lat_avg_us, lat_p99_us
 * (latency tests) where the report has them. The report is kept as
 * rec.perftest. 0 or -1 with a message. */
int perftest_parse(const char *text, const char *test, json_t *rec, char *err, size_t errlen);

#endif
