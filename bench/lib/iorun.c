// SPDX-License-Identifier: GPL-2.0-only
/* Shared machinery of the end-to-end I/O drivers (iorun.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
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

/* ---------------- options ---------------- */

static const struct {
	const char *name;
	size_t off;
	const char *arg, *help;
} common[] = {
	{ "output", offsetof(struct io_cli, out), "DIR", "results directory (-o); created if needed" },
	{ "sweep", offsetof(struct io_cli, sweep), "FILE", "I/O sweep file (configs/sweeps/)" },
	{ "cpu", offsetof(struct io_cli, cpu), "C", "context: CPU setting of the boot (intel, amd, host)" },
	{ "topology", offsetof(struct io_cli, topology), "T",
	  "context: label of the device pair (default: from the PCI path)" },
	{ "variant", offsetof(struct io_cli, variant), "V", "kernel variant label [base]" },
	{ "on-point", offsetof(struct io_cli, on_point), "CMD", "run 'CMD FILE' after each stored point" },
};

#define NCOMMON (sizeof(common) / sizeof(common[0]))

void io_cli_help(FILE *f, const char *tool_opt, const char *tool_help)
{
	fprintf(f, "  -o, --%-7s %-22s %s\n", common[0].name, common[0].arg, common[0].help);
	for (size_t i = 1; i < NCOMMON; i++)
		fprintf(f, "  --%-10s %-22s %s\n", common[i].name, common[i].arg, common[i].help);
	fprintf(f, "  --%-10s %-22s %s\n", "repeats", "N", "run every point N times [the sweep's, 1]");
	fprintf(f, "  --%-10s %-22s %s\n", tool_opt, "PATH", tool_help);
	fprintf(f, "  --%-10s %-22s %s\n", "dry-run", "", "print the command lines, run nothing");
}

int io_cli_parse(int argc, char **argv, struct io_cli *cli, struct io_sweep *s,
		 const char *tool_opt, char *err, size_t errlen)
{
	struct {
		const char *name, *val;
	} dimargs[64];
	size_t ndim = 0;

	for (int i = 1; i < argc; i++) {
		char name[64];
		const char *a = argv[i], *val = NULL, *eq;
		size_t k;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cli->help = 1;
			return 0;
		}
		if (!strcmp(a, "-o"))
			a = "--output";
		if (strncmp(a, "--", 2))
			return errf(err, errlen, "unexpected argument '%s'", a);
		a += 2;
		eq = strchr(a, '=');
		snprintf(name, sizeof(name), "%.*s", (int)(eq ? (size_t)(eq - a) : strlen(a)), a);
		if (!strcmp(name, "dry-run")) {
			cli->dry_run = 1;
			continue;
		}
		if (eq) {
			val = eq + 1;
		} else if (i + 1 < argc) {
			val = argv[++i];
		} else {
			return errf(err, errlen, "--%s needs a value", name);
		}
		for (k = 0; k < NCOMMON; k++)
			if (!strcmp(name, common[k].name)) {
				*(const char **)((char *)cli + common[k].off) = val;
				break;
			}
		if (k < NCOMMON)
			continue;
		if (!strcmp(name, tool_opt)) {
			cli->tool = val;
			continue;
		}
		if (!strcmp(name, "repeats")) {
			uint64_t r;

			if (parse_u64(val, &r) || r < 1 || r > 1000)
				return errf(err, errlen, "--repeats %s: outside 1..1000", val);
			cli->repeats = (unsigned int)r;
			continue;
		}
		if (io_dim_index(s->dims, name) < 0)
			return errf(err, errlen, "unknown option --%s (see --help)", name);
		if (ndim == sizeof(dimargs) / sizeof(dimargs[0]))
			return errf(err, errlen, "too many options");
		dimargs[ndim].name = s->dims[io_dim_index(s->dims, name)].name;
		dimargs[ndim++].val = val;
	}
	/* The sweep file first: the command line overrides it. */
	if (cli->sweep && io_sweep_parse_file(s, cli->sweep, err, errlen))
		return -1;
	for (size_t k = 0; k < ndim; k++) {
		char msg[512];

		if (io_sweep_set(s, dimargs[k].name, dimargs[k].val, msg, sizeof(msg)))
			return errf(err, errlen, "--%s", msg);
	}
	if (cli->repeats)
		s->repeats = cli->repeats;
	if (!cli->variant)
		cli->variant = "base";
	if (!cli->out && !cli->dry_run)
		return errf(err, errlen, "-o DIR is required (the results directory)");
	return io_sweep_finish(s, err, errlen);
}

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

void io_on_point(const char *cmd, const char *file)
{
	char *argv[] = { "/bin/sh", "-c", "exec $0 \"$1\"", (char *)cmd, (char *)file, NULL };
	char err[256];
	int rc;

	if (!cmd)
		return;
	rc = run_program(argv, NULL, NULL, 600, err, sizeof(err));
	if (rc)
		fprintf(stderr, "p2pbench: --on-point '%s %s' failed (%d)\n", cmd, file, rc);
}
