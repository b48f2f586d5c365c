// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errmsg.h"
#include "sysfs.h"

static const char *sysfs_root = "/sys";

void sysfs_set_root(const char *root)
{
	sysfs_root = root;
}

char *sysfs_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s", sysfs_root);
	if (n < 0 || (size_t)n >= len)
		goto toolong;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - (size_t)n)
		goto toolong;
	return buf;
toolong:
	if (len)
		buf[0] = '\0';
	return buf;
}

int sysfs_read(const char *path, char *buf, size_t len, char *err, size_t errlen)
{
	ssize_t n;
	int fd;

	if (!len)
		return errno = EINVAL, errf(err, errlen, "%s: no buffer", path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	n = read(fd, buf, len - 1);
	if (n < 0) {
		errf(err, errlen, "read %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

int sysfs_write(const char *path, const char *val, char *err, size_t errlen)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	n = write(fd, val, len);
	if (n < 0 || (size_t)n != len) {
		if (n >= 0)
			errno = EIO;
		errf(err, errlen, "write '%s' to %s: %s", val, path, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd))
		return errf(err, errlen, "write '%s' to %s: %s", val, path, strerror(errno));
	return 0;
}

int sysfs_link_name(const char *path, char *buf, size_t len)
{
	char target[4096];
	ssize_t n;

	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	const char *base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len)
		return errno = ENAMETOOLONG, -1;
	memcpy(buf, base, strlen(base) + 1);
	return 0;
}

int sysfs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}
