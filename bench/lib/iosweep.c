// SPDX-License-Identifier: GPL-2.0-only
/* Sweeps of the I/O tools' parameter tables (iosweep.h). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "iosweep.h"
#include "sweepfile.h"
#include "units.h"

static int param_index(const struct io_sweep *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->params[i].name, name))
			return (int)i;
	return -1;
}

static int numeric(const struct opt *o)
{
	return o->kind == OPT_SIZE || o->kind == OPT_U32 || o->kind == OPT_U64;
}

/* One value of a list: what the row takes, and no separator of a list. */
static int check_value(const struct opt *o, const char *v, char *err, size_t errlen)
{
	if (!*v && !(o->def && !*o->def))
		return errf(err, errlen, "%s: needs a value", o->name);
	if (o->kind == OPT_STR && !o->allowed && (strlen(v) >= 128 || strpbrk(v, ", \t\n")))
		return errf(err, errlen, "%s %s: too long or holds a comma or blank", o->name, v);
	return opt_check(o, v, err, errlen);
}

void io_sweep_init(struct io_sweep *s, const struct opt *params)
{
	memset(s, 0, sizeof(*s));
	s->params = params;
	while (params[s->n].kind != OPT_END && s->n < IO_MAX_PARAMS)
		s->n++;
	s->repeats = 1;
	snprintf(s->src, sizeof(s->src), "command line");
}

static void clear_dim(struct io_sweep *s, size_t i)
{
	for (size_t k = 0; k < s->nvals[i]; k++)
		free(s->vals[i][k]);
	s->nvals[i] = 0;
}

void io_sweep_free(struct io_sweep *s)
{
	for (size_t i = 0; i < s->n; i++)
		clear_dim(s, i);
}

struct io_add {
	struct io_sweep *s;
	size_t i;		/* parameter */
};

static int io_add_value(void *arg, const char *v, char *err, size_t errlen)
{
	struct io_add *a = arg;
	struct io_sweep *s = a->s;
	const struct opt *d = &s->params[a->i];
	size_t n = s->nvals[a->i];

	if (check_value(d, v, err, errlen))
		return -1;
	for (size_t k = 0; k < n; k++)
		if (numeric(d) ? opt_text_num(s->vals[a->i][k]) == opt_text_num(v) :
				 !strcmp(s->vals[a->i][k], v))
			return errf(err, errlen, "%s: value '%s' given twice (as '%s')", d->name, v,
				    s->vals[a->i][k]);
	if (n == IO_MAX_VALUES)
		return errf(err, errlen, "%s: more than %d values", d->name, IO_MAX_VALUES);
	if (!(s->vals[a->i][n] = strdup(v)))
		return errf(err, errlen, "out of memory");
	s->nvals[a->i] = n + 1;
	return 0;
}

/* VALUES in the sweep-file syntax (sweepfile.h), ranges included. */
static int set_values(struct io_sweep *s, size_t i, const char *values, char *err, size_t errlen)
{
	const struct opt *d = &s->params[i];
	struct io_add a = { s, i };
	char *buf;
	int ret;

	clear_dim(s, i);
	/* An empty value is meaningful for a dimension whose default is "". */
	if (!*values)
		return io_add_value(&a, "", err, errlen);
	buf = strdup(values);
	if (!buf)
		return errf(err, errlen, "out of memory");
	ret = sweepfile_values(d->name, buf, d->kind == OPT_SIZE ? SWEEPFILE_SIZES :
			       numeric(d) ? SWEEPFILE_NUMBERS : SWEEPFILE_WORDS,
			       io_add_value, &a, err, errlen);
	free(buf);
	return ret;
}

int io_sweep_set(struct io_sweep *s, const char *name, const char *values, char *err, size_t errlen)
{
	int i = param_index(s, name);

	if (i < 0)
		return errf(err, errlen, "unknown parameter '%s'", name);
	return set_values(s, (size_t)i, values, err, errlen);
}

struct io_parse {
	struct io_sweep *s;
	unsigned int given[IO_MAX_PARAMS], given_repeats;	/* lines, 0: not given */
};

/* One "name = values" line of an I/O sweep (sweepfile_lines()). */
static int io_line(void *arg, unsigned int line, char *key, char *val, char *err, size_t errlen)
{
	struct io_parse *p = arg;
	struct io_sweep *s = p->s;
	int i;

	if (!strcmp(key, "description")) {
		snprintf(s->description, sizeof(s->description), "%s", val);
		return 0;
	}
	if (!strcmp(key, "repeats")) {
		uint64_t r;

		if (p->given_repeats)
			return errf(err, errlen, "'repeats' given twice (first on line %u)",
				    p->given_repeats);
		p->given_repeats = line;
		if (parse_u64(val, &r) || r < 1 || r > 1000)
			return errf(err, errlen, "repeats: '%s' is not a count in 1..1000", val);
		s->repeats = (unsigned int)r;
		return 0;
	}
	i = param_index(s, key);
	if (i < 0) {
		size_t u = (size_t)snprintf(err, errlen, "unknown name '%s' (parameters:", key);

		for (size_t k = 0; k < s->n && u < errlen; k++)
			u += (size_t)snprintf(err + u, errlen - u, " %s", s->params[k].name);
		if (u < errlen)
			snprintf(err + u, errlen - u, "; settings: description repeats)");
		return -1;
	}
	if (p->given[i])
		return errf(err, errlen, "'%s' given twice (first on line %u)", key, p->given[i]);
	p->given[i] = line;
	return set_values(s, (size_t)i, val, err, errlen);
}

int io_sweep_parse_string(struct io_sweep *s, const char *name, const char *text,
			  char *err, size_t errlen)
{
	struct io_parse p = { .s = s };

	snprintf(s->src, sizeof(s->src), "%s", name);
	return sweepfile_lines(name, text, io_line, &p, err, errlen);
}

int io_sweep_parse_file(struct io_sweep *s, const char *path, char *err, size_t errlen)
{
	char *text;
	int ret;

	if (sweepfile_read(path, &text, err, errlen))
		return -1;
	ret = io_sweep_parse_string(s, path, text, err, errlen);
	free(text);
	return ret;
}

int io_sweep_finish(struct io_sweep *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct opt *d = &s->params[i];

		if (s->nvals[i])
			continue;
		if (d->flags & OPT_REQUIRED)
			return errf(err, errlen, "--%s is required", d->name);
		if (!(s->vals[i][0] = strdup(d->def ? d->def : "")))
			return errf(err, errlen, "out of memory");
		s->nvals[i] = 1;
	}
	return 0;
}

size_t io_sweep_count(const struct io_sweep *s)
{
	size_t n = 1;

	for (size_t i = 0; i < s->n; i++)
		n *= s->nvals[i] ? s->nvals[i] : 1;
	return n;
}

void io_sweep_point(const struct io_sweep *s, size_t idx, void *values)
{
	for (size_t i = s->n; i-- > 0;) {
		size_t n = s->nvals[i] ? s->nvals[i] : 1;
		const char *v = s->nvals[i] ? s->vals[i][idx % n] : "";

		memcpy((char *)values + s->params[i].off, &v, sizeof(v));
		idx /= n;
	}
}

size_t io_values_size(const struct opt *params)
{
	size_t size = 0;

	for (const struct opt *o = params; o->kind != OPT_END; o++)
		if (o->off + sizeof(const char *) > size)
			size = o->off + sizeof(const char *);
	return size;
}
