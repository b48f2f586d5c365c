// SPDX-License-Identifier: GPL-2.0-only
/* I/O driver parameter tables and I/O sweep files (iosweep.h). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "iosweep.h"
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

static int set_values(struct io_sweep *s, size_t i, const char *values, char *err, size_t errlen)
{
	const struct io_dim *d = &s->dims[i];
	char buf[4096], *tok, *save = NULL;
	size_t n = 0;

	clear_dim(s, i);
	if (strlen(values) >= sizeof(buf))
		return errf(err, errlen, "%s: value list too long", d->name);
	snprintf(buf, sizeof(buf), "%s", values);
	/* An empty value is meaningful for a dimension whose default is "". */
	if (!strspn(buf, " \t,") && !*buf) {
		if (io_dim_check(d, "", err, errlen))
			return -1;
		s->vals[i][0] = strdup("");
		s->nvals[i] = s->vals[i][0] ? 1 : 0;
		return s->nvals[i] ? 0 : errf(err, errlen, "out of memory");
	}
	for (tok = strtok_r(buf, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save)) {
		if (n == IO_MAX_VALUES)
			return errf(err, errlen, "%s: more than %d values", d->name, IO_MAX_VALUES);
		if (io_dim_check(d, tok, err, errlen))
			return -1;
		if (!(s->vals[i][n] = strdup(tok)))
			return errf(err, errlen, "out of memory");
		s->nvals[i] = ++n;
	}
	if (!n)
		return errf(err, errlen, "%s: no value", d->name);
	return 0;
}

int io_sweep_set(struct io_sweep *s, const char *name, const char *values, char *err, size_t errlen)
{
	int i = io_dim_index(s->dims, name);

	if (i < 0)
		return errf(err, errlen, "unknown parameter '%s'", name);
	return set_values(s, (size_t)i, values, err, errlen);
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int io_sweep_parse_string(struct io_sweep *s, const char *name, const char *text,
			  char *err, size_t errlen)
{
	char line[4096], msg[512];
	unsigned int lineno = 0, start = 0;
	size_t used = 0;
	const char *p = text;

	snprintf(s->src, sizeof(s->src), "%s", name);
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *l, *eq, *key, *val;

		lineno++;
		if (!used)
			start = lineno;
		if (used + n + 1 >= sizeof(line))
			return errf(err, errlen, "%s:%u: line too long", name, lineno);
		memcpy(line + used, p, n);
		line[used + n] = '\0';
		p += n + (p[n] == '\n');
		if ((l = strchr(line + used, '#')))
			*l = '\0';
		l = line + strlen(line);
		while (l > line && isspace((unsigned char)l[-1]))
			*--l = '\0';
		if (l > line && l[-1] == '\\') {
			l[-1] = ' ';
			used = strlen(line);
			continue;
		}
		used = 0;
		l = trim(line);
		if (!*l)
			continue;
		eq = strchr(l, '=');
		if (!eq)
			return errf(err, errlen, "%s:%u: expected 'name = values'", name, start);
		*eq = '\0';
		key = trim(l);
		val = trim(eq + 1);
		if (!strcmp(key, "description")) {
			snprintf(s->description, sizeof(s->description), "%s", val);
			continue;
		}
		if (!strcmp(key, "repeats")) {
			uint64_t r;

			if (parse_u64(val, &r) || r < 1 || r > 1000)
				return errf(err, errlen, "%s:%u: repeats %s: outside 1..1000", name, start, val);
			s->repeats = (unsigned int)r;
			continue;
		}
		if (io_dim_index(s->dims, key) < 0) {
			char list[512] = "";
			size_t u = 0;

			for (size_t i = 0; i < s->ndims && u < sizeof(list); i++)
				u += (size_t)snprintf(list + u, sizeof(list) - u, " %s", s->dims[i].name);
			return errf(err, errlen, "%s:%u: unknown name '%s' (parameters:%s)", name, start,
				    key, list);
		}
		if (io_sweep_set(s, key, val, msg, sizeof(msg)))
			return errf(err, errlen, "%s:%u: %s", name, start, msg);
	}
	return 0;
}

int io_sweep_parse_file(struct io_sweep *s, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;
	int ret;

	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || n > (1L << 20) || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return errf(err, errlen, "%s: cannot read (or larger than 1 MiB)", path);
	}
	text = malloc((size_t)n + 1);
	if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		fclose(f);
		return errf(err, errlen, "%s: read failed", path);
	}
	text[n] = '\0';
	fclose(f);
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
		fprintf(f, "  --%-10s %-22s %s", d->name, arg, d->help);
		if (d->def && *d->def)
			fprintf(f, " [%s]", d->def);
		else if (!d->def)
			fprintf(f, " (required)");
		fputc('\n', f);
	}
}
