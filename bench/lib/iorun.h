/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the end-to-end I/O drivers (fio, perftest): running a child
 * process with its output captured, finding programs, and PCI device facts
 * for the metadata. Their command and record store are iotool.h's,
 * their run loop runner.h's.
 */
#ifndef P2PBENCH_IORUN_H
#define P2PBENCH_IORUN_H
#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

/* PATH-resolved executable NAME into BUF; -1 with a message when absent. */
int find_program(const char *name, char *buf, size_t len, char *err, size_t errlen);

/*
 * Run ARGV, stdout into OUT_PATH (NULL: /dev/null), stderr into
 * ERR_PATH (NULL: /dev/null). Returns the exit status (128 + signal when
 * killed), or -1 with a message when it could not start. TIMEOUT_S > 0
 * kills it (SIGKILL) after that many seconds.
 */
int run_program(char *const *argv, const char *out_path, const char *err_path,
		unsigned int timeout_s, char *err, size_t errlen);
/* Start ARGV in the background the same way; its pid, or -1. */
int spawn_program(char *const *argv, const char *out_path, const char *err_path,
		  char *err, size_t errlen);
/* Wait for PID (killing it after TIMEOUT_S); exit status as above. */
int wait_program(int pid, unsigned int timeout_s);

/* A command line built into fixed buffers: ARGV (MAX entries, kept
 * NULL-terminated) pointing into STORE (LEN bytes). argv_add() appends one
 * argument, printf-style; one that does not fit sets FULL, for the caller
 * to check once at the end. */
struct argv_build {
	char **argv;
	size_t max, n;
	char *store;
	size_t len, used;
	bool full;
};

void argv_init(struct argv_build *b, char **argv, size_t max, char *store, size_t len);
void argv_add(struct argv_build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Whole file into a malloc'ed string ("" when absent); NULL on ENOMEM. */
char *read_text(const char *path);
/* The lines of TEXT that contain NEEDLE, joined with "; " into BUF. */
void grep_lines(const char *text, const char *needle, char *buf, size_t len);

/* Canonical "0000:07:00.0" of a BDF the user typed; -1 if none such. */
int pci_canon(const char *s, char *bdf, size_t len, char *err, size_t errlen);
/* Facts about a PCI function for the metadata: ids, driver, IOMMU group
 * and type, and its p2pmem pool (size, available, published). */
json_t *pci_meta(const char *bdf);
/* "switch" (a bridge below the root port in common), "hostbridge", or
 * "self" (the same function): the P2P path between two functions. */
const char *pci_path_kind(const char *a, const char *b);
/* Current default-domain type of BDF's IOMMU group, "off" without one. */
void pci_iommu_mode(const char *bdf, char *buf, size_t len);
/* Switch BDF's group to MODE (identity, DMA, DMA-FQ) unless it is there. */
int pci_set_iommu_mode(const char *bdf, const char *mode, char *err, size_t errlen);

#endif
