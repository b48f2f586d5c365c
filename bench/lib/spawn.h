/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Child processes (the I/O drivers' fio and perftest): building a command
 * line, finding a program, running it with its output in files, with a
 * timeout. The drivers' command and record store are iotool.h's, their run
 * loop runner.h's.
 */
#ifndef P2PBENCH_SPAWN_H
#define P2PBENCH_SPAWN_H
#include <stdbool.h>
#include <stddef.h>

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

#endif
