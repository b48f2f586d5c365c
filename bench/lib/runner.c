// SPDX-License-Identifier: GPL-2.0-only
/* The run loop of every point source (runner.h). */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errmsg.h"
#include "results.h"
#include "runner.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

int run_stopping(void)
{
	return stop_signal;
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void fmt_duration(double s, char *buf, size_t len)
{
	long t = (long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, len, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else if (t >= 60)
		snprintf(buf, len, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(buf, len, "%lds", t);
}

int progress_wanted(void)
{
	const char *tty, *term = getenv("TERM");

	if (!isatty(STDERR_FILENO) || (term && !strcmp(term, "dumb")))
		return 0;
	tty = ttyname(STDERR_FILENO);
	return !tty || (strcmp(tty, "/dev/console") && strncmp(tty, "/dev/ttyS", 9));
}

static void progress(const struct run_ctl *x, size_t i, double t0, const char *key)
{
	char eta[32] = "?";
	double el = now_s() - t0;

	if (x->ran)
		fmt_duration(el / (double)x->ran * (double)(x->n - i), eta, sizeof(eta));
	fprintf(stderr, "\r\033[K[%zu/%zu] %3.0f%%  ETA %s  failed %zu  %.60s",
		i, x->n, x->n ? 100.0 * (double)i / (double)x->n : 100.0, eta, x->failed, key);
	fflush(stderr);
}

int run_on_point(const char *cmd, const char *file)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "eval \"$0 \\\"\\$1\\\"\"", cmd, file, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	return 0;
}

/* Leftover temporary files of a writer that was killed (atomic_write). */
static void remove_stale_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4864];

	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] == '.' && strstr(de->d_name, ".json.tmp.")) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	closedir(d);
}

int run_points(const struct driver_ops *ops, void *ctx, struct run_ctl *x, char *err, size_t errlen)
{
	struct sigaction sa, old_int, old_term;
	char sdir[4352], path[4864], key[1024];
	double t0 = now_s();
	int ret = 0;

	/* No directory: a dry run, which stores nothing. */
	if (x->dir) {
		snprintf(sdir, sizeof(sdir), "%s/%s", x->dir, ops->store);
		if (mkdir_p(sdir, err, errlen))
			return -1;
		remove_stale_tmp(sdir);
	}
	x->skipped = x->ran = x->failed = 0;
	x->signal = 0;
	stop_signal = 0;
	/* No SA_RESTART: a long ioctl may return EINTR so we stop promptly. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	for (size_t i = 0; i < x->n && !stop_signal; i++) {
		enum run_result r;
		int have = ops->stored(ctx, i), failed;

		if (have) {
			x->skipped++;
			x->failed += have == 2;
			continue;
		}
		if (x->progress) {
			ops->key(ctx, i, key, sizeof(key));
			progress(x, i, t0, key);
		}
		r = ops->run(ctx, i, err, errlen);
		if (r == RUN_FATAL) {
			ret = -1;
			break;
		}
		if (r == RUN_DROP)
			break;
		if (r == RUN_NOTHING)
			continue;
		failed = ops->save(ctx, i, path, sizeof(path), err, errlen);
		if (failed < 0) {
			ret = -1;
			break;
		}
		x->ran++;
		x->failed += failed;
		if (x->on_point && run_on_point(x->on_point, path))
			fprintf(stderr, "p2pbench: --on-point '%s' failed for %s\n",
				x->on_point, path);
	}
	if (x->progress) {
		progress(x, x->skipped + x->ran, t0, "");
		fputc('\n', stderr);
	}
	x->signal = stop_signal;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return ret;
}
