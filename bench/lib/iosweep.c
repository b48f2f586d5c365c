// SPDX-License-Identifier: GPL-2.0-only
/* I/O driver parameter tables and I/O sweep files (iosweep.h). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "iosweep.h"
#include "sweepfile.h"
#include "units.h"

int io_dim_index(const struct io_dim *dims, const char *name)
{
	for (int i = 0; dims[i].name; i++)
		if (!strcmp(dims[i].name, name))
			return i;
	return -1;
}

uint64_t io_dim_num(const char *v)
{
	uint64_t n = 0;

	if (parse_size(v, &n))
		return 0;
	return n;
}

int io_dim_check(const struct io_dim *d, const char *v, char *err, size_t errlen)
{
	uint64_t n;

	switch (d->kind) {
	case IOD_STR:
		if (!*v && !(d->def && !*d->def))
			return errf(err, errlen, "%s: needs a value", d->name);
		if (strlen(v) >= 128 || strpbrk(v, ", \t\n"))
			return errf(err, errlen, "%s %s: too long or holds a comma or blank", d->name, v);
		return 0;
	case IOD_ENUM:
		for (const char *const *a = d->allowed; *a; a++)
			if (!strcmp(*a, v))
				return 0;
		{
			char list[256] = "";
			size_t used = 0;

			for (const char *const *a = d->allowed; *a && used < sizeof(list); a++)
				used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
							 a == d->allowed ? "" : " ", *a);
			return errf(err, errlen, "%s %s: not one of: %s", d->name, v, list);
		}
	case IOD_SIZE:
	case IOD_U32:
		if (d->kind == IOD_SIZE ? parse_size(v, &n) : parse_u64(v, &n))
			return errf(err, errlen, "%s %s: not a %s", d->name, v,
				    d->kind == IOD_SIZE ? "size (4096, 4K, 1M)" : "number");
		if (n < d->min || (d->max && n > d->max))
			return errf(err, errlen, "%s %s: outside %" PRIu64 "..%" PRIu64, d->name, v,
				    d->min, d->max);
		return 0;
	}
	return errf(err, errlen, "%s: bad table row", d->name);
}

void io_sweep_init(struct io_sweep *s, const struct io_dim *dims)
{
	memset(s, 0, sizeof(*s));
	s->dims = dims;
	while (dims[s->ndims].name)
		s->ndims++;
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
	for (size_t i = 0; i < s->ndims; i++)
		clear_dim(s, i);
}

struct io_add {
	struct io_sweep *s;
	size_t i;		/* dimension */
};

static int io_add_value(void *arg, const char *v, char *err, size_t errlen)
{
	struct io_add *a = arg;
	struct io_sweep *s = a->s;
	const struct io_dim *d = &s->dims[a->i];
	size_t n = s->nvals[a->i];
	int numeric = d->kind == IOD_SIZE || d->kind == IOD_U32;

	if (io_dim_check(d, v, err, errlen))
		return -1;
	for (size_t k = 0; k < n; k++)
		if (numeric ? io_dim_num(s->vals[a->i][k]) == io_dim_num(v) : !strcmp(s->vals[a->i][k], v))
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
	const struct io_dim *d = &s->dims[i];
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
	ret = sweepfile_values(d->name, buf, d->kind == IOD_SIZE ? SWEEPFILE_SIZES :
			       d->kind == IOD_U32 ? SWEEPFILE_NUMBERS : SWEEPFILE_WORDS,
			       io_add_value, &a, err, errlen);
	free(buf);
	return ret;
}

int io_sweep_set(struct io_sweep *s, const char *name, const char *values, char *err, size_t errlen)
{
	int i = io_dim_index(s->dims, name);

	if (i < 0)
		return errf(err, errlen, "unknown parameter '%s'", name);
	return set_values(s, (size_t)i, values, err, errlen);
}

struct io_parse {
	struct io_sweep *s;
	unsigned int given[IO_MAX_DIMS], given_repeats;	/* lines, 0: not given */
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
	i = io_dim_index(s->dims, key);
	if (i < 0) {
		size_t u = (size_t)snprintf(err, errlen, "unknown name '%s' (parameters:", key);

		for (size_t k = 0; k < s->ndims && u < errlen; k++)
			u += (size_t)snprintf(err + u, errlen - u, " %s", s->dims[k].name);
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
	for (size_t i = 0; i < s->ndims; i++) {
		const struct io_dim *d = &s->dims[i];

		if (s->nvals[i])
			continue;
		if (!d->def)
			return errf(err, errlen, "--%s is required", d->name);
		if (!(s->vals[i][0] = strdup(d->def)))
			return errf(err, errlen, "out of memory");
		s->nvals[i] = 1;
	}
	return 0;
}

size_t io_sweep_count(const struct io_sweep *s)
{
	size_t n = 1;

	for (size_t i = 0; i < s->ndims; i++)
		n *= s->nvals[i] ? s->nvals[i] : 1;
	return n;
}

void io_sweep_point(const struct io_sweep *s, size_t idx, const char **vals)
{
	for (size_t i = s->ndims; i-- > 0;) {
		size_t n = s->nvals[i] ? s->nvals[i] : 1;

		vals[i] = s->nvals[i] ? s->vals[i][idx % n] : "";
		idx /= n;
	}
}

void io_dims_help(FILE *f, const struct io_dim *dims)
{
	const struct io_dim *d;

	for_each_io_dim(d, dims) {
		char arg[128] = "";

		if (d->kind == IOD_ENUM) {
			size_t u = 0;

			for (const char *const *a = d->allowed; *a && u < sizeof(arg); a++)
				u += (size_t)snprintf(arg + u, sizeof(arg) - u, "%s%s",
						      a == d->allowed ? "" : "|", *a);
		} else {
			snprintf(arg, sizeof(arg), "%s", d->kind == IOD_STR ? "S" :
				 d->kind == IOD_SIZE ? "SIZE" : "N");
		}
		char name[64];

		/* On the command line the name is spelled with hyphens. */
		snprintf(name, sizeof(name), "%s", d->name);
		for (char *c = name; *c; c++)
			if (*c == '_')
				*c = '-';
		fprintf(f, "  --%-10s %-22s %s", name, arg, d->help);
		if (d->def && *d->def)
			fprintf(f, " [%s]", d->def);
		else if (!d->def)
			fprintf(f, " (required)");
		fputc('\n', f);
	}
}
