/* SPDX-License-Identifier: GPL-2.0-only */
/* p2pbench subcommands: one file each, listed in main.c's table. */
#ifndef P2PBENCH_COMMANDS_H
#define P2PBENCH_COMMANDS_H

/* Every command returns the process exit status: 0 ok, 1 "result says no"
 * (a failed verdict, a regression), 2 usage or runtime error. */
int cmd_doctor(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_bind(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_revoke(int argc, char **argv);
int cmd_fio(int argc, char **argv);
int cmd_perftest(int argc, char **argv);

#endif
