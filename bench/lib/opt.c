// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "opt.h"
#include "units.h"

#define for_each_set(s, sets) for (s = (sets); s->opts; s++)

static bool takes_arg(const struct opt *o)
{
	return o->kind != OPT_FLAG && o->kind != OPT_BIT;
}

static uint64_t kind_max(const struct opt *o)
{
	if (o->max)
		return o->max;
	return o->kind == OPT_U32 ? UINT32_MAX : UINT64_MAX;
}

static void *field(const struct opt *o, void *base)
{
	return (char *)base + o->off;
}

static const void *cfield(const struct opt *o, const void *base)
{
	return (const char *)base + o->off;
}

void opt_clear(const struct opt *o, void *base)
{
	switch (o->kind) {
	case OPT_FLAG:
		*(int *)field(o, base) = 0;
		break;
	case OPT_BIT:
		*(uint32_t *)field(o, base) &= ~o->bit;
		break;
	case OPT_U32:
	case OPT_ENUM:
		*(uint32_t *)field(o, base) = 0;
		break;
	case OPT_U64:
	case OPT_SIZE:
		*(uint64_t *)field(o, base) = 0;
		break;
	case OPT_STR:
		*(const char **)field(o, base) = NULL;
		break;
	case OPT_END:
		break;
	}
}

static int set_number(const struct opt *o, void *base, const char *val, char *err, size_t errlen)
{
	uint64_t v;
	int r;

	r = o->kind == OPT_SIZE ? parse_size(val, &v) : parse_u64(val, &v);
	if (r && errno == ERANGE)
		return errf(err, errlen, "--%s %s: too large", o->name, val);
	if (r && o->kind == OPT_SIZE)
		return errf(err, errlen, "--%s %s: not a size (e.g. 4096, 0x1000, 4K, 2M, 8G)",
			    o->name, val);
	if (r)
		return errf(err, errlen, "--%s %s: not a number", o->name, val);
	if (v < o->min || v > kind_max(o))
		return errf(err, errlen, "--%s %s: outside %" PRIu64 "..%" PRIu64,
			    o->name, val, o->min, kind_max(o));
	if (o->kind == OPT_U32)
		*(uint32_t *)field(o, base) = (uint32_t)v;
	else
		*(uint64_t *)field(o, base) = v;
	return 0;
}

/* A switch given on the command line has no value and means "on"; sweep
 * files spell it out. */
static int parse_bool(const char *val)
{
	static const char *const on[] = { "1", "yes", "true", "on" };
	static const char *const off[] = { "0", "no", "false", "off" };

	if (!val)
		return 1;
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (!strcmp(val, on[i]))
			return 1;
		if (!strcmp(val, off[i]))
			return 0;
	}
	return -1;
}

/* "a|b|c" from .name_of, or .arg if the option has no name function. */
static const char *enum_names(const struct opt *o, char *buf, size_t len)
{
	size_t used = 0;

	if (!o->name_of)
		return o->arg;
	buf[0] = '\0';
	for (unsigned int v = 0; v < 64; v++) {
		const char *n = o->name_of(v);
		int w;

		if (!strcmp(n, "?"))
			break;
		/* A table may take only some of the names (output formats). */
		if (o->parse && o->parse(n) != (int)v)
			continue;
		w = snprintf(buf + used, len - used, "%s%s", used ? "|" : "", n);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	return buf;
}

int opt_set(const struct opt *o, void *base, const char *val, char *err, size_t errlen)
{
	int v;

	if (takes_arg(o) && !val)
		return errf(err, errlen, "--%s needs an argument (%s)", o->name, o->arg);
	switch (o->kind) {
	case OPT_FLAG:
	case OPT_BIT:
		v = parse_bool(val);
		if (v < 0)
			return errf(err, errlen, "--%s %s: not a boolean (1, 0, yes, no)", o->name, val);
		if (!v)
			opt_clear(o, base);
		else if (o->kind == OPT_FLAG)
			*(int *)field(o, base) = 1;
		else
			*(uint32_t *)field(o, base) |= o->bit;
		return 0;
	case OPT_U32:
	case OPT_U64:
	case OPT_SIZE:
		return set_number(o, base, val, err, errlen);
	case OPT_ENUM:
		v = o->parse(val);
		if (v < 0) {
			char names[256];
			return errf(err, errlen, "--%s %s: unknown; one of %s", o->name, val,
				    enum_names(o, names, sizeof(names)));
		}
		*(uint32_t *)field(o, base) = (uint32_t)v;
		return 0;
	case OPT_STR:
		*(const char **)field(o, base) = val;
		return 0;
	case OPT_END:
		break;
	}
	return errf(err, errlen, "--%s: bad option table entry", o->name);
}

const struct opt *opt_find(const struct opt *table, const char *name)
{
	const struct opt *o;

	for_each_opt(o, table)
		if (!strcmp(o->name, name))
			return o;
	return NULL;
}

int opt_defaults(const struct optset *sets, char *err, size_t errlen)
{
	const struct optset *s;
	const struct opt *o;

	for_each_set(s, sets)
		for_each_opt(o, s->opts)
			if (o->def && opt_set(o, s->base, takes_arg(o) ? o->def : NULL, err, errlen))
				return -1;
	return 0;
}

/* Index of an option across all SETS, for the "seen" array. */
static int lookup(const struct optset *sets, const char *name, size_t namelen,
		  const struct optset **set, const struct opt **opt)
{
	const struct optset *s;
	const struct opt *o;
	int i = 0;

	for_each_set(s, sets)
		for_each_opt(o, s->opts) {
			if (strlen(o->name) == namelen && !strncmp(o->name, name, namelen)) {
				*set = s;
				*opt = o;
				return i;
			}
			i++;
		}
	return -1;
}

static int count(const struct optset *sets)
{
	const struct optset *s;
	const struct opt *o;
	int n = 0;

	for_each_set(s, sets)
		for_each_opt(o, s->opts)
			n++;
	return n;
}

static int parse_one(const struct optset *sets, bool *seen, int argc, char **argv, int *i,
		     char *err, size_t errlen)
{
	const char *a = argv[*i], *name, *eq, *val = NULL;
	const struct optset *s, *cs;
	const struct opt *o, *co;
	size_t namelen;
	int idx, cidx;

	if (a[0] == '-' && a[1] && a[1] != '-' && !a[2]) {
		/* "-o": the option of that short name, by its long name. */
		name = NULL;
		idx = 0;
		for_each_set(s, sets) {
			for_each_opt(o, s->opts) {
				if (o->short_name == a[1]) {
					name = o->name;
					break;
				}
				idx++;
			}
			if (name)
				break;
		}
		if (!name)
			return errf(err, errlen, "unknown option '%s' (see --help)", a);
		eq = NULL;
	} else {
		if (strncmp(a, "--", 2) || !a[2])
			return errf(err, errlen, "unexpected argument '%s' (see --help)", a);
		name = a + 2;
		eq = strchr(name, '=');
		namelen = eq ? (size_t)(eq - name) : strlen(name);
		idx = lookup(sets, name, namelen, &s, &o);
		if (idx < 0 && memchr(name, '_', namelen) && namelen < 64) {
			char hyphen[64];

			/* Options are spelled with hyphens; the underscore
			 * spellings fio and perftest took before still work
			 * for one release, with a warning (the one thing this
			 * library prints: it is for the user, not an error). */
			for (size_t k = 0; k < namelen; k++)
				hyphen[k] = name[k] == '_' ? '-' : name[k];
			idx = lookup(sets, hyphen, namelen, &s, &o);
			if (idx >= 0)
				fprintf(stderr, "p2pbench: warning: --%.*s is deprecated, spell it --%s\n",
					(int)namelen, name, o->name);
		}
		if (idx < 0)
			return errf(err, errlen, "unknown option '%.*s' (see --help)", (int)namelen + 2, a);
	}
	if (takes_arg(o)) {
		if (eq)
			val = eq + 1;
		else if (*i + 1 < argc)
			val = argv[++*i];
		else
			return errf(err, errlen, "--%s needs an argument (%s)", o->name, o->arg);
	} else if (eq) {
		return errf(err, errlen, "--%s takes no argument", o->name);
	}
	if (seen[idx])
		return errf(err, errlen, "--%s given twice", o->name);
	if (o->clears) {
		cidx = lookup(sets, o->clears, strlen(o->clears), &cs, &co);
		if (cidx >= 0) {
			if (seen[cidx])
				return errf(err, errlen, "--%s and --%s exclude each other",
					    co->name, o->name);
			opt_clear(co, cs->base);
		}
	}
	seen[idx] = true;
	return opt_set(o, s->base, val, err, errlen);
}

int opt_parse(const struct optset *sets, int argc, char **argv, char *err, size_t errlen)
{
	return opt_parse_pos(sets, NULL, argc, argv, err, errlen);
}

int opt_parse_pos(const struct optset *sets, struct opt_pos *pos, int argc, char **argv,
		  char *err, size_t errlen)
{
	const struct optset *s;
	const struct opt *o;
	bool *seen;
	int i, n, ret = 0;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return OPT_HELP;
	if (opt_defaults(sets, err, errlen))
		return -1;
	n = count(sets);
	seen = calloc((size_t)n + 1, sizeof(*seen));
	if (!seen)
		return errf(err, errlen, "out of memory");
	if (pos)
		pos->n = 0;
	for (i = 1; i < argc && !ret; i++) {
		if (pos && argv[i][0] != '-' && pos->n < pos->max) {
			pos->args[pos->n++] = argv[i];
			continue;
		}
		ret = parse_one(sets, seen, argc, argv, &i, err, errlen);
	}
	i = 0;
	for_each_set(s, sets)
		for_each_opt(o, s->opts) {
			if (!ret && (o->flags & OPT_REQUIRED) && !seen[i])
				ret = errf(err, errlen, "--%s is required (see --help)", o->name);
			i++;
		}
	free(seen);
	return ret ? -1 : 0;
}

const char *opt_format(const struct opt *o, const void *base, char *buf, size_t len)
{
	const char *str;
	uint32_t v32;

	switch (o->kind) {
	case OPT_FLAG:
		snprintf(buf, len, "%d", *(const int *)cfield(o, base));
		break;
	case OPT_BIT:
		snprintf(buf, len, "%d", !!(*(const uint32_t *)cfield(o, base) & o->bit));
		break;
	case OPT_U32:
		snprintf(buf, len, "%" PRIu32, *(const uint32_t *)cfield(o, base));
		break;
	case OPT_U64:
		snprintf(buf, len, "%" PRIu64, *(const uint64_t *)cfield(o, base));
		break;
	case OPT_SIZE:
		format_size(*(const uint64_t *)cfield(o, base), buf, len);
		break;
	case OPT_ENUM:
		v32 = *(const uint32_t *)cfield(o, base);
		if (o->name_of)
			snprintf(buf, len, "%s", o->name_of(v32));
		else
			snprintf(buf, len, "%" PRIu32, v32);
		break;
	case OPT_STR:
		str = *(const char *const *)cfield(o, base);
		snprintf(buf, len, "%s", str ? str : "");
		break;
	case OPT_END:
		if (len)
			buf[0] = '\0';
		break;
	}
	return buf;
}

const char *opt_help_text(const struct opt *o, char *buf, size_t len)
{
	size_t used;

	if (!(o->flags & OPT_VALUES) || !o->name_of || !len)
		return o->help;
	used = (size_t)snprintf(buf, len, "%s:", o->help);
	for (unsigned int v = 0; v < 64 && used < len; v++) {
		const char *n = o->name_of(v);

		if (!strcmp(n, "?"))
			break;
		if (o->parse && o->parse(n) != (int)v)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s %s", v ? "," : "", n);
	}
	return buf;
}

void opt_help(FILE *f, const struct optset *sets)
{
	const struct optset *s;
	const struct opt *o;
	char left[64], help[512];

	for_each_set(s, sets)
		for_each_opt(o, s->opts) {
			if (takes_arg(o))
				snprintf(left, sizeof(left), "--%s %s", o->name, o->arg);
			else
				snprintf(left, sizeof(left), "--%s", o->name);
			fprintf(f, "  %-24s %s", left, opt_help_text(o, help, sizeof(help)));
			if (o->flags & OPT_REQUIRED)
				fprintf(f, " (required)");
			else if (o->def && takes_arg(o))
				fprintf(f, " (default %s)", o->def);
			fputc('\n', f);
		}
	fprintf(f, "  %-24s %s\n", "-h, --help", "show this help");
}
