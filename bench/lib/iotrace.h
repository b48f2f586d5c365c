/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the kernel did during an end-to-end I/O run, seen from userspace:
 * the iommu:map / iommu:unmap tracepoints (one event per iommu_map() /
 * iommu_unmap() call, include/trace/events/iommu.h) counted through
 * tracefs, and the kernel log lines that name a device (the reason a P2P
 * I/O was refused is printed there, once per device pair).
 */
#ifndef P2PBENCH_IOTRACE_H
#define P2PBENCH_IOTRACE_H
#include <stddef.h>
#include <stdint.h>

struct iommu_count {
	uint64_t map, unmap;		/* events */
	uint64_t map_bytes;		/* sum of map sizes */
	uint64_t lost;			/* overrun entries: counts incomplete */
};

/* tracefs mount point ("/sys/kernel/tracing", else the debugfs one), or
 * NULL when neither has the iommu events. $P2PBENCH_TRACEFS overrides. */
const char *tracefs_dir(void);

/*
 * Enable iommu:map and iommu:unmap system-wide into an emptied trace
 * buffer of BUFFER_KB per CPU (0: leave the size). The previous size is
 * kept for iommu_trace_stop(). 0 or -1 with a message.
 */
int iommu_trace_start(unsigned long buffer_kb, char *err, size_t errlen);
/* Disable the events, count them into C, restore the buffer size. */
int iommu_trace_stop(struct iommu_count *c, char *err, size_t errlen);

/* Count map/unmap event lines of a trace file's text (unit tests). */
void iommu_count_text(const char *text, struct iommu_count *c);

/*
 * Kernel log lines (from /dev/kmsg, the whole buffer) that contain every
 * one of NEEDLES (NULL-terminated), newest last, joined with "; " into BUF
 * (the message part only). Returns the number of matching lines.
 */
int kmsg_grep(const char *const *needles, char *buf, size_t len);

/* Sequence number of the newest kernel log record (0 if unknown): lines
 * after it are "new" for kmsg_grep_since(). */
uint64_t kmsg_last_seq(void);
int kmsg_grep_since(uint64_t seq, const char *const *needles, char *buf, size_t len);

#endif
