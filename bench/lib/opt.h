/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Declarative command-line options, after fio's options.c: one table row
 * per option (name, argument kind, offset of the target field, default,
 * help) drives parsing, defaults, --help text and printing values back.
 * A command parses one or more tables, each filling its own struct.
 *
 * The same rows describe the parameters of the I/O tools (drivers/fio.c,
 * drivers/perftest.c): there a row is OPT_TEXT (the value is kept as the
 * text typed, "4K", checked as .kind says), its name is also the sweep-file
 * name and the key field, and OPT_NOKEY leaves it out of the key.
 *
 * On the command line a row's name is spelled with hyphens for its
 * underscores ("iommu_mode": --iommu-mode); the underscore spelling still
 * works, with a deprecation warning.
 */
#ifndef P2PBENCH_OPT_H
#define P2PBENCH_OPT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum opt_kind {
	OPT_END = 0,	/* table sentinel */
	OPT_FLAG,	/* int := 1; no argument */
	OPT_BIT,	/* uint32_t |= .bit; no argument */
	OPT_U32,	/* uint32_t, decimal or 0x-hex, in [.min, .max] */
	OPT_U64,	/* uint64_t, likewise */
	OPT_SIZE,	/* uint64_t bytes: 4096, 0x1000, 4K, 2M, 8G */
	OPT_ENUM,	/* uint32_t := .parse(arg), which returns -1 if unknown */
	OPT_STR,	/* const char * := arg (points into argv); one of .allowed */
};

#define OPT_REQUIRED	(1U << 0)	/* must be given */
#define OPT_VALUES	(1U << 1)	/* OPT_ENUM: the help lists its values,
					 * from .name_of (the one list of names) */
#define OPT_TEXT	(1U << 2)	/* the field is a const char * keeping the
					 * value as typed; .kind (U32, U64, SIZE,
					 * STR) says how it is checked */
#define OPT_NOKEY	(1U << 3)	/* a parameter that is not part of a
					 * point's key (a port, a GID index) */

struct opt {
	const char *name;	/* long name, without "--" */
	enum opt_kind kind;
	size_t off;		/* offset of the target field in the base struct */
	const char *arg;	/* argument name in help: "N", "SIZE", "contig|gapped";
				 * NULL: from .allowed or the kind */
	const char *def;	/* default, as typed on the command line; NULL: none */
	const char *help;
	uint64_t min, max;	/* numeric range; max 0 means the field's maximum */
	int (*parse)(const char *s);		/* OPT_ENUM */
	const char *(*name_of)(unsigned int v);	/* OPT_ENUM, for printing */
	uint32_t bit;		/* OPT_BIT */
	const char *const *allowed;	/* OPT_STR: the words it takes, NULL-
					 * terminated ("" for an empty value);
					 * NULL: any text */
	const char *clears;	/* setting this zeroes that option, and the two
				 * are exclusive on one command line */
	unsigned int flags;	/* OPT_REQUIRED, OPT_VALUES, OPT_TEXT, OPT_NOKEY */
	char short_name;	/* 'o': "-o VALUE" is "--NAME VALUE" */
};

/* One table and the struct it fills. Arrays of sets end with .opts NULL. */
struct optset {
	const struct opt *opts;
	void *base;
};

#define OPT_HELP	1	/* opt_parse() saw -h or --help */

#define for_each_opt(o, table) for (o = (table); o->kind != OPT_END; o++)

/* Store every default of SETS into their bases. */
int opt_defaults(const struct optset *sets, char *err, size_t errlen);

/* Set option O of BASE from the text VAL. FLAG and BIT take VAL NULL
 * (on, as on the command line) or a boolean "1", "0", "yes", "no". */
int opt_set(const struct opt *o, void *base, const char *val, char *err, size_t errlen);

/* Check VAL as a value of O without storing it: 0, or -1 with a message
 * that starts with O's name ("bs 1: outside 512..67108864"). */
int opt_check(const struct opt *o, const char *val, char *err, size_t errlen);

/* The number an OPT_TEXT value of kind U32, U64 or SIZE stands for (0 if
 * it is none: check it first). */
uint64_t opt_text_num(const char *val);

/* Zero option O of BASE (clear its bit for OPT_BIT). */
void opt_clear(const struct opt *o, void *base);

/* Find NAME in TABLE; NULL if absent. */
const struct opt *opt_find(const struct opt *table, const char *name);

/* Positional arguments (those not starting with '-'), anywhere among the
 * options: up to MAX of them into ARGS, N says how many came. */
struct opt_pos {
	const char **args;
	int max;
	int n;
};

/*
 * Apply defaults, then parse ARGV[1..ARGC-1] ("--name value", "--name=value",
 * "--flag", "-o value" for a short name) into SETS, and the positional
 * arguments into POS (NULL: none accepted; one too many is an error).
 * Returns 0, OPT_HELP, or -1 with a message.
 */
int opt_parse_pos(const struct optset *sets, struct opt_pos *pos, int argc, char **argv,
		  char *err, size_t errlen);
/* The same without positional arguments. */
int opt_parse(const struct optset *sets, int argc, char **argv, char *err, size_t errlen);

/* Value of option O in BASE as it would be typed ("4K", "helper"). */
const char *opt_format(const struct opt *o, const void *base, char *buf, size_t len);

/* The help of O: .help, and with OPT_VALUES ": a, b, c" from .name_of. */
const char *opt_help_text(const struct opt *o, char *buf, size_t len);

/* The argument name of O in help: .arg, else .allowed as "a|b|c", else
 * the kind's ("N", "SIZE", "S"). */
const char *opt_arg(const struct opt *o, char *buf, size_t len);

/* "  --name ARG   help (default X)" lines for every option of SETS. */
void opt_help_rows(FILE *f, const struct optset *sets);
/* The same, then the line of -h, --help. */
void opt_help(FILE *f, const struct optset *sets);

#endif
