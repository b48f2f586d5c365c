// SPDX-License-Identifier: GPL-2.0-only
/* Running gnuplot (gnuplot.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errmsg.h"
#include "gnuplot.h"

int gnuplot_run(const char *dir, const char *script, char *err, size_t errlen)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return errf(err, errlen, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (chdir(dir))
			_exit(126);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return errf(err, errlen, "waitpid: %s", strerror(errno));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		return errf(err, errlen, "gnuplot not found: install gnuplot (Debian: apt-get install gnuplot-nox)");
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return errf(err, errlen, "gnuplot %s/%s failed (exit %d)", dir, script,
			    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}

const char *gnuplot_png_terminal(void)
{
	pid_t pid;
	int st;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", 1);

		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execlp("gnuplot", "gnuplot", "-e", "set terminal pngcairo", (char *)NULL);
		_exit(127);
	}
	if (pid > 0 && waitpid(pid, &st, 0) > 0 && WIFEXITED(st) && !WEXITSTATUS(st))
		return "pngcairo";
	return "png";
}
