// SPDX-License-Identifier: GPL-2.0-only
/* iommu:map/unmap event counts through tracefs; kernel log lines (iotrace.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errmsg.h"
#include "iotrace.h"

static char saved_kb[32];

const char *tracefs_dir(void)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing", NULL };
	const char *env = getenv("P2PBENCH_TRACEFS");
	char path[512];
	struct stat st;

	if (env && *env)
		return env;
	for (int i = 0; dirs[i]; i++) {
		snprintf(path, sizeof(path), "%s/events/iommu/map/enable", dirs[i]);
		if (!stat(path, &st))
			return dirs[i];
	}
	return NULL;
}

static int put(const char *dir, const char *file, const char *val, char *err, size_t errlen)
{
	char path[512];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	/* O_TRUNC empties "trace"; other files ignore it. */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	n = write(fd, val, strlen(val));
	if (n != (ssize_t)strlen(val)) {
		int e = n < 0 ? errno : EIO;

		close(fd);
		return errf(err, errlen, "%s: write '%s': %s", path, val, strerror(e));
	}
	close(fd);
	return 0;
}

static void get(const char *dir, const char *file, char *buf, size_t len)
{
	char path[512];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

int iommu_trace_start(unsigned long buffer_kb, char *err, size_t errlen)
{
	const char *t = tracefs_dir();
	char kb[32];

	if (!t)
		return errf(err, errlen, "no tracefs with iommu events (mount tracefs on "
			    "/sys/kernel/tracing; the kernel needs CONFIG_FTRACE and an IOMMU driver)");
	saved_kb[0] = '\0';
	if (put(t, "tracing_on", "0", err, errlen))
		return -1;
	if (buffer_kb) {
		get(t, "buffer_size_kb", saved_kb, sizeof(saved_kb));
		/* "7 (expanded: 1408)": keep the number only. */
		saved_kb[strspn(saved_kb, "0123456789")] = '\0';
		snprintf(kb, sizeof(kb), "%lu", buffer_kb);
		if (put(t, "buffer_size_kb", kb, err, errlen))
			return -1;
	}
	if (put(t, "trace", "", err, errlen) ||
	    put(t, "events/iommu/map/enable", "1", err, errlen) ||
	    put(t, "events/iommu/unmap/enable", "1", err, errlen) ||
	    put(t, "tracing_on", "1", err, errlen))
		return -1;
	return 0;
}

void iommu_count_text(const char *text, struct iommu_count *c)
{
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n'), *m;
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		if (line[0] != '#') {
			if ((m = strstr(line, " map: "))) {
				const char *s = strstr(m, "size=");

				c->map++;
				if (s)
					c->map_bytes += strtoull(s + 5, NULL, 0);
			} else if (strstr(line, " unmap: ")) {
				c->unmap++;
			}
		}
		p = nl ? nl + 1 : NULL;
	}
}

/* Sum of "overrun:" over every per_cpu/cpuN/stats. */
static uint64_t overruns(const char *t)
{
	char path[512], line[128];
	uint64_t sum = 0;
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/per_cpu", t);
	d = opendir(path);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		FILE *f;

		if (strncmp(de->d_name, "cpu", 3))
			continue;
		snprintf(path, sizeof(path), "%s/per_cpu/%s/stats", t, de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "overrun:", 8))
				sum += strtoull(line + 8, NULL, 10);
		fclose(f);
	}
	closedir(d);
	return sum;
}

int iommu_trace_stop(struct iommu_count *c, char *err, size_t errlen)
{
	const char *t = tracefs_dir();
	char path[512], buf[65536];
	char carry[512] = "";
	size_t nc = 0;
	FILE *f;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	if (!t)
		return errf(err, errlen, "no tracefs with iommu events");
	put(t, "tracing_on", "0", NULL, 0);
	put(t, "events/iommu/map/enable", "0", NULL, 0);
	put(t, "events/iommu/unmap/enable", "0", NULL, 0);
	c->lost = overruns(t);
	snprintf(path, sizeof(path), "%s/trace", t);
	f = fopen(path, "r");
	if (!f) {
		ret = errf(err, errlen, "%s: %s", path, strerror(errno));
	} else {
		/* Count whole lines: a line cut by the buffer is carried over. */
		while (fgets(buf, sizeof(buf), f)) {
			size_t n = strlen(buf);

			if (n && buf[n - 1] != '\n') {
				if (nc + n < sizeof(carry)) {
					memcpy(carry + nc, buf, n + 1);
					nc += n;
				}
				continue;
			}
			if (nc) {
				if (nc + n < sizeof(carry)) {
					memcpy(carry + nc, buf, n + 1);
					iommu_count_text(carry, c);
				}
				nc = 0;
				carry[0] = '\0';
				continue;
			}
			iommu_count_text(buf, c);
		}
		fclose(f);
	}
	put(t, "trace", "", NULL, 0);
	if (saved_kb[0])
		put(t, "buffer_size_kb", saved_kb, NULL, 0);
	put(t, "tracing_on", "1", NULL, 0);
	return ret;
}

/* ---------------- kernel log ---------------- */

/* Call FN for each record of /dev/kmsg: sequence number and message. */
static void kmsg_each(void (*fn)(uint64_t seq, const char *msg, void *arg), void *arg)
{
	char rec[8192];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		uint64_t seq;
		char *semi;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten while reading: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		semi = strchr(rec, ';');
		if (!semi)
			continue;
		/* "prio,seq,usec,flags;message\n continuation lines" */
		seq = strtoull(strchr(rec, ',') ? strchr(rec, ',') + 1 : rec, NULL, 10);
		semi[strcspn(semi, "\n")] = '\0';
		fn(seq, semi + 1, arg);
	}
	close(fd);
}

static void last_seq(uint64_t seq, const char *msg, void *arg)
{
	(void)msg;
	*(uint64_t *)arg = seq;
}

uint64_t kmsg_last_seq(void)
{
	uint64_t seq = 0;

	kmsg_each(last_seq, &seq);
	return seq;
}

struct grep {
	uint64_t since;
	const char *const *needles;
	char *buf;
	size_t len, used;
	int n;
};

static void grep_one(uint64_t seq, const char *msg, void *arg)
{
	struct grep *g = arg;

	if (g->since && seq <= g->since)
		return;
	for (const char *const *n = g->needles; *n; n++)
		if (!strstr(msg, *n))
			return;
	/* The same reason printed again adds nothing. */
	if (g->used && strstr(g->buf, msg))
		return;
	g->n++;
	if (g->used < g->len)
		g->used += (size_t)snprintf(g->buf + g->used, g->len - g->used, "%s%s",
					    g->used ? "; " : "", msg);
}

int kmsg_grep_since(uint64_t seq, const char *const *needles, char *buf, size_t len)
{
	struct grep g = { .since = seq, .needles = needles, .buf = buf, .len = len };

	if (len)
		buf[0] = '\0';
	kmsg_each(grep_one, &g);
	return g.n;
}

int kmsg_grep(const char *const *needles, char *buf, size_t len)
{
	return kmsg_grep_since(0, needles, buf, len);
}
