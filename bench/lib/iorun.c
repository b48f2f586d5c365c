// SPDX-License-Identifier: GPL-2.0-only
/* Shared machinery of the end-to-end I/O drivers (iorun.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bind.h"
#include "errmsg.h"
#include "iorun.h"
#include "sysfs.h"
#include "units.h"

/* ---------------- programs ---------------- */

int find_program(const char *name, char *buf, size_t len, char *err, size_t errlen)
{
	const char *path = getenv("PATH");
	char dir[PATH_MAX];

	if (strchr(name, '/')) {
		if (access(name, X_OK))
			return errf(err, errlen, "%s: not found or not executable (%s; in the lab: "
				    "scripts/lab run --with io)", name, strerror(errno));
		snprintf(buf, len, "%s", name);
		return 0;
	}
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");

		snprintf(dir, sizeof(dir), "%.*s/%s", (int)n, p, name);
		if (n && !access(dir, X_OK)) {
			snprintf(buf, len, "%s", dir);
			return 0;
		}
		p += n + (p[n] == ':');
	}
	return errf(err, errlen, "%s: not found in PATH (in the lab: scripts/lab run --with io)", name);
}

static int redirect(int fd, const char *path)
{
	int f = open(path ? path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (f < 0)
		return -1;
	if (dup2(f, fd) < 0) {
		close(f);
		return -1;
	}
	close(f);
	return 0;
}

int spawn_program(char *const *argv, const char *out_path, const char *err_path,
		  char *err, size_t errlen)
{
	int pipefd[2], e = 0;
	pid_t pid;
	ssize_t n;

	/* A close-on-exec pipe tells the parent whether exec worked. */
	if (pipe2(pipefd, O_CLOEXEC))
		return errf(err, errlen, "pipe: %s", strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return errf(err, errlen, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd >= 0 && fd != 0) {
			dup2(fd, 0);
			close(fd);
		}
		/* One file for both: one open, or the two offsets overwrite each other. */
		if (redirect(1, out_path) ||
		    (out_path && err_path && !strcmp(out_path, err_path) ? dup2(1, 2) < 0 :
		     redirect(2, err_path)))
			e = errno;
		else
			execv(argv[0], argv);
		e = e ? e : errno;
		n = write(pipefd[1], &e, sizeof(e));
		(void)n;
		_exit(127);
	}
	close(pipefd[1]);
	n = read(pipefd[0], &e, sizeof(e));
	close(pipefd[0]);
	if (n == (ssize_t)sizeof(e)) {
		waitpid(pid, NULL, 0);
		return errf(err, errlen, "%s: cannot run: %s", argv[0], strerror(e));
	}
	return (int)pid;
}

int wait_program(int pid, unsigned int timeout_s)
{
	struct timespec t0, now, ms = { 0, 20 * 1000 * 1000 };
	int st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		pid_t r = waitpid(pid, &st, timeout_s ? WNOHANG : 0);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (timeout_s && now.tv_sec - t0.tv_sec >= (time_t)timeout_s) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			break;
		}
		nanosleep(&ms, NULL);
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int run_program(char *const *argv, const char *out_path, const char *err_path,
		unsigned int timeout_s, char *err, size_t errlen)
{
	int pid = spawn_program(argv, out_path, err_path, err, errlen);

	if (pid < 0)
		return -1;
	return wait_program(pid, timeout_s);
}

void argv_init(struct argv_build *b, char **argv, size_t max, char *store, size_t len)
{
	*b = (struct argv_build){ .argv = argv, .max = max, .store = store, .len = len };
	if (max)
		argv[0] = NULL;
	else
		b->full = true;
}

void argv_add(struct argv_build *b, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (b->full || b->n + 2 > b->max) {
		b->full = true;
		return;
	}
	va_start(ap, fmt);
	w = vsnprintf(b->store + b->used, b->len - b->used, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= b->len - b->used) {
		b->full = true;
		return;
	}
	b->argv[b->n++] = b->store + b->used;
	b->argv[b->n] = NULL;
	b->used += (size_t)w + 1;
}

char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return strdup("");
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

void grep_lines(const char *text, const char *needle, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");

		if (memmem(p, n, needle, strlen(needle)) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%.*s", used ? "; " : "",
						 (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* ---------------- PCI ---------------- */

int pci_canon(const char *s, char *bdf, size_t len, char *err, size_t errlen)
{
	struct p2pbench_bdf b;
	char path[256];

	if (bdf_parse(s, &b, NULL, err, errlen))
		return -1;
	bdf_format(&b, bdf, len);
	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s", bdf);
	if (!sysfs_exists(path))
		return errf(err, errlen, "PCI device %s does not exist", bdf);
	return 0;
}

static void put_attr(json_t *o, const char *bdf, const char *attr, const char *name)
{
	char path[256], buf[256];

	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/%s", bdf, attr);
	if (!sysfs_read(path, buf, sizeof(buf), NULL, 0))
		json_object_set_new(o, name, json_string(buf));
}

json_t *pci_meta(const char *bdf)
{
	json_t *o = json_object();
	char path[256], buf[64];
	struct p2pbench_bdf b;
	int group;

	if (!o)
		return NULL;
	json_object_set_new(o, "bdf", json_string(bdf));
	put_attr(o, bdf, "vendor", "vendor");
	put_attr(o, bdf, "device", "device");
	put_attr(o, bdf, "class", "class");
	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s/driver", bdf);
	json_object_set_new(o, "driver", json_string(sysfs_link_name(path, buf, sizeof(buf)) ? "" : buf));
	if (!bdf_parse(bdf, &b, NULL, NULL, 0) && (group = iommu_group_of(&b, NULL, 0)) >= 0) {
		json_object_set_new(o, "iommu_group", json_integer(group));
		if (!iommu_group_type(group, buf, sizeof(buf), NULL, 0))
			json_object_set_new(o, "iommu_group_type", json_string(buf));
	}
	put_attr(o, bdf, "p2pmem/size", "p2pmem_size");
	put_attr(o, bdf, "p2pmem/available", "p2pmem_available");
	put_attr(o, bdf, "p2pmem/published", "p2pmem_published");
	return o;
}

/* Real sysfs path of a device: ".../pci0000:00/0000:00:12.0/0000:06:00.0". */
static int dev_path(const char *bdf, char *buf, size_t len)
{
	char path[256], real[PATH_MAX];

	sysfs_path(path, sizeof(path), "/bus/pci/devices/%s", bdf);
	if (!realpath(path, real))
		return -1;
	snprintf(buf, len, "%s", real);
	return 0;
}

const char *pci_path_kind(const char *a, const char *b)
{
	char pa[PATH_MAX], pb[PATH_MAX];
	const char *ra, *rb;
	size_t common = 0, comps = 0;

	if (!strcmp(a, b))
		return "self";
	if (dev_path(a, pa, sizeof(pa)) || dev_path(b, pb, sizeof(pb)))
		return "unknown";
	/* Components after "pciDDDD:BB/" shared by both: the first is the root
	 * port; a second one is a switch port both sit below. */
	ra = strstr(pa, "/pci");
	rb = strstr(pb, "/pci");
	if (!ra || !rb)
		return "unknown";
	for (size_t i = 0; ra[i] && ra[i] == rb[i]; i++)
		if (ra[i] == '/' && i)
			common = i;
	for (size_t i = 1; i < common; i++)
		comps += ra[i] == '/';
	return comps >= 2 ? "switch" : "hostbridge";
}

void pci_iommu_mode(const char *bdf, char *buf, size_t len)
{
	struct p2pbench_bdf b;
	int group;

	snprintf(buf, len, "off");
	if (bdf_parse(bdf, &b, NULL, NULL, 0))
		return;
	group = iommu_group_of(&b, NULL, 0);
	if (group >= 0 && iommu_group_type(group, buf, len, NULL, 0))
		snprintf(buf, len, "?");
}

int pci_set_iommu_mode(const char *bdf, const char *mode, char *err, size_t errlen)
{
	struct p2pbench_bdf b;
	char cur[32];
	int group;

	pci_iommu_mode(bdf, cur, sizeof(cur));
	if (!strcmp(cur, mode))
		return 0;
	if (!strcmp(cur, "off"))
		return errf(err, errlen, "%s has no IOMMU group: cannot switch to %s", bdf, mode);
	if (bdf_parse(bdf, &b, NULL, err, errlen))
		return -1;
	group = iommu_group_of(&b, err, errlen);
	if (group < 0)
		return -1;
	return iommu_group_set_type(group, mode, err, errlen);
}
