// SPDX-License-Identifier: GPL-2.0-only
/* Child processes: command lines, finding, starting and waiting for programs (spawn.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errmsg.h"
#include "spawn.h"

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
