/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * End-to-end I/O results (p2pbench fio, p2pbench perftest): a record kind
 * parallel to struct point, in the same results directory:
 *
 *   DIR/io/<key>,repeat=N.json   one finished I/O point each
 *   DIR/io.json, DIR/io.csv      every I/O point, sorted (rewritten after
 *                                each point is stored; io.csv's key column
 *                                separates the key's fields with ';')
 *
 * A record is one JSON object: the tool, its parameters (in the tool's
 * table order, which makes the key), the context (cpu, iommu_mode,
 * topology), a status, the metrics (IOPS, bandwidth, latency percentiles,
 * iommu map/unmap events) and the full metadata (machine, devices, exact
 * command line, the tool's own JSON). Mapping points and I/O points never
 * mix: report, compare and plot read both kinds from one directory.
 * Files are written atomically (results.h).
 */
#ifndef P2PBENCH_IO_H
#define P2PBENCH_IO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#define IO_FORMAT 1

enum io_status {
	IO_PASS,		/* ran; data verified where the point asks for it */
	IO_FAIL,		/* ran and failed: bad data, an I/O error, a tool error */
	IO_UNSUPPORTED,		/* the kernel refused the P2P I/O (its error is recorded) */
	IO_STATUS_NR,
};

const char *io_status_name(enum io_status s);
int io_status_parse(const char *s);

/* A new record for TOOL ("fio", "perftest") with empty params, context and
 * metrics, status pass, format, date and tool version; NULL on ENOMEM. */
json_t *io_record_new(const char *tool);
/* Append a parameter (order matters: it is the key order). */
int io_set_param(json_t *rec, const char *name, const char *value);
/* Append every parameter of the table PARAMS (opt.h, OPT_TEXT rows) whose
 * value in VALUES is not empty and which is part of the key (not
 * OPT_NOKEY), in table order. */
struct opt;
int io_set_params(json_t *rec, const struct opt *params, const void *values);
int io_set_context(json_t *rec, const char *name, const char *value);
int io_set_metric(json_t *rec, const char *name, double v);
/* Status with errno E (0: none) and a one-line reason. */
void io_set_status(json_t *rec, enum io_status s, int e, const char *msg);

/* "fio,rw=randread,bs=4K,...,cpu=amd,iommu_mode=DMA" from the record. */
void io_key(const json_t *rec, char *buf, size_t len);

/* One loaded record (fields point into J). */
struct iopoint {
	json_t *j;
	const char *tool, *key, *variant;
	enum io_status status;
	unsigned int repeat;
};

struct io_results {
	struct iopoint *pts;	/* sorted by key (numbers as numbers), repeat, variant */
	size_t n;
};

double io_metric(const struct iopoint *p, const char *name);	/* NAN if absent */
const char *io_param(const struct iopoint *p, const char *name);	/* NULL if absent */
const char *io_ctx(const struct iopoint *p, const char *name);	/* "" if absent */
const char *io_msg(const struct iopoint *p);

/* Write REC to DIR/io/<key>,repeat=N.json (DIR/io created) and refresh
 * DIR/io.json and DIR/io.csv. *PATH (if not NULL) gets the point's path. */
int io_save(const char *dir, json_t *rec, char *path, size_t pathlen, char *err, size_t errlen);

/* Is REC's point (key and repeat) already stored in DIR/io/ (resume)? */
bool io_stored(const char *dir, const json_t *rec);

/* Does DIR/io/ or DIR/io.json exist? */
bool io_present(const char *dir);
/* Load DIR's I/O points: DIR/io/ files, else DIR/io.json, else none (n 0).
 * A corrupt file is an error naming it. */
int io_load(const char *dir, struct io_results *r, char *err, size_t errlen);
void io_results_free(struct io_results *r);
/* Rewrite DIR/io.json and DIR/io.csv from DIR/io/. */
int io_collect(const char *dir, char *err, size_t errlen);

/* Order of keys: field by field, "name=value" values compared as sizes or
 * numbers when both sides are, else as strings. */
int io_key_cmp(const char *a, const char *b);

#endif
