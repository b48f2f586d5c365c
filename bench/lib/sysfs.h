/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small sysfs accessors. Paths are given relative to the sysfs mount
 * ("/bus/pci/devices/..."), so unit tests can point the root at a fake tree.
 * Errors come back as -1, errno, and a message naming the file.
 */
#ifndef P2PBENCH_SYSFS_H
#define P2PBENCH_SYSFS_H
#include <stddef.h>

/* Default "/sys"; the string must outlive its use. */
void sysfs_set_root(const char *root);

/* ROOT + formatted path into BUF; returns BUF ("" if it does not fit). */
char *sysfs_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Whole attribute into BUF, trailing newline removed. */
int sysfs_read(const char *path, char *buf, size_t len, char *err, size_t errlen);

/* VAL in one write(2), as sysfs stores expect. */
int sysfs_write(const char *path, const char *val, char *err, size_t errlen);

/* Last component of the symlink PATH's target into BUF ("driver" ->
 * "nvme"); -1 with errno ENOENT when there is no such link. */
int sysfs_link_name(const char *path, char *buf, size_t len);

/* 1 if PATH exists, 0 if not. */
int sysfs_exists(const char *path);

#endif
