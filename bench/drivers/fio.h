/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fio as p2pbench drives it: one job of O_DIRECT I/O between a block
 * device and a buffer that is host memory or a PCI device's p2pmem
 * (--iomem=mmapshared:/sys/bus/pci/devices/BDF/p2pmem/allocate), and the
 * parse of fio's --output-format=json into p2pbench metrics.
 */
#ifndef P2PBENCH_FIO_H
#define P2PBENCH_FIO_H
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "opt.h"

/* A point's parameters as typed ("4K"): the fields of fio_params[]. */
struct fio_values {
	const char *iommu_mode, *disk, *mem, *p2pmem, *rw, *bs, *iodepth, *engine, *size, *verify;
};

/* The fio parameter table (OPT_TEXT rows into struct fio_values, iosweep.h):
 * the options, sweep-file names and key order of fio points. */
extern const struct opt fio_params[];

/* The fio point source (fio_driver.c): `p2pbench fio` is io_command() of it. */
struct driver_ops;
extern const struct driver_ops fio_ops;

struct fio_job {
	const char *fio;		/* the fio binary */
	const char *filename;		/* /dev/nvme1n1 */
	const char *iomem;		/* "malloc" or "mmapshared:/sys/.../allocate" */
	const char *rw;			/* read write randread randwrite */
	uint64_t bs, size;
	unsigned int iodepth;
	const char *engine;		/* psync libaio */
	int verify;			/* crc32c: writes are read back and checked */
	int prefill;			/* the untimed fill before a verified read */
	const char *output;		/* JSON output file */
};

/* Bytes of buffer fio maps for the job: bs x iodepth (fio's
 * orig_buffer_size), rounded up to a page. */
uint64_t fio_buffer_bytes(uint64_t bs, unsigned int iodepth);

/* argv (NULL-terminated, strings in STORE of STORELEN bytes) for JOB. */
int fio_argv(const struct fio_job *job, char **argv, size_t max, char *store, size_t storelen,
	     char *err, size_t errlen);

/* Is RW a read workload (read, randread)? */
int fio_rw_reads(const char *rw);

/*
 * Parse fio's JSON output TEXT (stray lines before the '{' are skipped)
 * into metrics of REC (io.h): iops, bw_bytes, ios, clat_*_ns of the
 * workload's direction (read for read workloads, write otherwise), and
 * read_* / write_* for the directions it issued (a read workload: reads
 * only, also when fio ran it as verify_only of a write workload); fio's version and
 * the job's error (errno) into *VERSION and *JOB_ERROR. The raw "jobs"
 * array is kept as rec.fio. 0 or -1 with a message.
 */
int fio_parse(const char *text, const char *rw, json_t *rec, char *version, size_t vlen,
	      int *job_error, char *err, size_t errlen);

#endif
