/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One benchmark point as p2pbench stores it: the uapi request and answer,
 * plus the context the kernel does not know (IOMMU mode, CPU setting,
 * topology label, variant). This is the record every result file holds.
 */
#ifndef P2PBENCH_POINT_H
#define P2PBENCH_POINT_H
#include <stdio.h>
#include <jansson.h>
#include <linux/p2pbench.h>

struct point {
	struct p2pbench_run run;	/* parameters as sent (ranges_ptr 0) */
	struct p2pbench_result result;	/* as returned by the module */
	int refused_errno;		/* errno when the ioctl refused the point */
	char iommu_mode[16];		/* "off", "identity", "DMA", "DMA-FQ" */
	char topology[32];		/* e.g. "same-switch", "host-bridge" */
	char cpu[16];			/* lab CPU setting or "host" */
	char variant[64];		/* kernel variant label, "base" */
	unsigned int repeat;		/* repeat index of this point, 0.. */
	/*
	 * Boots are the unit of replication: a results directory can hold the
	 * same point from several boots of the same kernel. BOOT is the slot
	 * (0.., chosen by the sweep), BOOT_ID the kernel's boot_id of the boot
	 * that measured it ("" when unknown).
	 */
	unsigned int boot;
	char boot_id[40];
	char clock[8];			/* POINT_CLOCK_*: what the latencies count */
};

/* The kernel's clock as the guest saw it: real time, or QEMU's icount
 * virtual time (one ns per guest instruction; deterministic). */
/* Boot slots a results directory can hold. */
#define POINT_MAX_BOOTS 1000

#define POINT_CLOCK_WALL "wall"
#define POINT_CLOCK_ICOUNT "icount"

/* This process's clock (P2PBENCH_CLOCK, "wall" when unset); NULL and a
 * reason in ERR for a value that is neither. */
const char *point_clock_here(char *err, size_t errlen);
/* /proc/sys/kernel/random/boot_id into BUF ("" when unreadable). */
void point_boot_id_here(char *buf, size_t len);

/* Stable identity of a point's parameters (not its results): points of two
 * runs match when their keys are equal. */
void point_key(const struct point *p, char *buf, size_t len);

/* JSON object with every field; NULL on allocation failure. */
json_t *point_to_json(const struct point *p);
/* Fill P from JSON; on error returns -1 and writes a reason to ERR. */
int point_from_json(const json_t *obj, struct point *p, char *err, size_t errlen);

/* CSV with stable column names for gnuplot: header line, then one row. */
void point_csv_header(FILE *f);
void point_csv_row(FILE *f, const struct point *p);
/* S as one CSV field: RFC 4180 quoting when needed, line breaks as blanks
 * (points.csv, io.csv). */
void csv_str(FILE *f, const char *s);

/* Human-readable multi-line text of one point (p2pbench run). */
void point_print_text(FILE *f, const struct point *p);

#endif
