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

/* "--iommu-mode" for the row "iommu_mode": its command-line spelling. */
static const char *flag(const struct opt *o, char *buf, size_t len)
{
	snprintf(buf, len, "--%s", o->name);
	for (char *c = buf; *c; c++)
		if (*c == '_')
			*c = '-';
	return buf;
}

/* Is NAME (NAMELEN bytes, as typed) the command-line spelling of O? */
static bool spelled(const struct opt *o, const char *name, size_t namelen)
{
	if (strlen(o->name) != namelen)
		return false;
	for (size_t k = 0; k < namelen; k++)
		if ((o->name[k] == '_' ? '-' : o->name[k]) != name[k])
			return false;
	return true;
}

void opt_clear(const struct opt *o, void *base)
{
	if (o->flags & OPT_TEXT) {
		*(const char **)field(o, base) = NULL;
		return;
	}
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

/* VAL as a number of O into *V; messages start with LABEL ("--bs", "bs"). */
static int check_number(const struct opt *o, const char *label, const char *val, uint64_t *v,
			char *err, size_t errlen)
{
	int r = o->kind == OPT_SIZE ? parse_size(val, v) : parse_u64(val, v);

	if (r && errno == ERANGE)
		return errf(err, errlen, "%s %s: too large", label, val);
	if (r && o->kind == OPT_SIZE)
		return errf(err, errlen, "%s %s: not a size (e.g. 4096, 0x1000, 4K, 2M, 8G)",
			    label, val);
	if (r)
		return errf(err, errlen, "%s %s: not a number", label, val);
	if (*v < o->min || *v > kind_max(o))
		return errf(err, errlen, "%s %s: outside %" PRIu64 "..%" PRIu64,
			    label, val, o->min, kind_max(o));
	return 0;
}

/* "a SEP b SEP c" of the words O allows. */
static const char *words(const struct opt *o, const char *sep, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const char *const *a = o->allowed; *a && used < len; a++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 a == o->allowed ? "" : sep, *a);
	return buf;
}

static int check_word(const struct opt *o, const char *label, const char *val,
		      char *err, size_t errlen)
{
	char list[256];

	if (!o->allowed)
		return 0;
	for (const char *const *a = o->allowed; *a; a++)
		if (!strcmp(*a, val))
			return 0;
	return errf(err, errlen, "%s %s: not one of: %s", label, val, words(o, " ", list, sizeof(list)));
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

/*
 * Check VAL as O's value; messages start with LABEL. A number goes into
 * *NUM, a switch's state into *ON, an enum's value into *ENUMV.
 */
static int check_value(const struct opt *o, const char *label, const char *val, uint64_t *num,
		       int *on, int *enumv, char *err, size_t errlen)
{
	if (takes_arg(o) && !val)
		return errf(err, errlen, "%s needs an argument (%s)", label, o->arg);
	switch (o->kind) {
	case OPT_FLAG:
	case OPT_BIT:
		*on = parse_bool(val);
		if (*on < 0)
			return errf(err, errlen, "%s %s: not a boolean (1, 0, yes, no)", label, val);
		return 0;
	case OPT_U32:
	case OPT_U64:
	case OPT_SIZE:
		return check_number(o, label, val, num, err, errlen);
	case OPT_ENUM:
		*enumv = o->parse(val);
		if (*enumv < 0) {
			char names[256];
			return errf(err, errlen, "%s %s: unknown; one of %s", label, val,
				    enum_names(o, names, sizeof(names)));
		}
		return 0;
	case OPT_STR:
		return check_word(o, label, val, err, errlen);
	case OPT_END:
		break;
	}
	return errf(err, errlen, "%s: bad option table entry", label);
}

int opt_check(const struct opt *o, const char *val, char *err, size_t errlen)
{
	uint64_t num;
	int on, enumv;

	return check_value(o, o->name, val, &num, &on, &enumv, err, errlen);
}

uint64_t opt_text_num(const char *val)
{
	uint64_t n;

	return parse_size(val, &n) ? 0 : n;
}

int opt_set(const struct opt *o, void *base, const char *val, char *err, size_t errlen)
{
	char label[72];
	uint64_t num = 0;
	int on = 0, enumv = 0;

	if (check_value(o, flag(o, label, sizeof(label)), val, &num, &on, &enumv, err, errlen))
		return -1;
	if (o->flags & OPT_TEXT) {
		*(const char **)field(o, base) = val;
		return 0;
	}
	switch (o->kind) {
	case OPT_FLAG:
	case OPT_BIT:
		if (!on)
			opt_clear(o, base);
		else if (o->kind == OPT_FLAG)
			*(int *)field(o, base) = 1;
		else
			*(uint32_t *)field(o, base) |= o->bit;
		break;
	case OPT_U32:
		*(uint32_t *)field(o, base) = (uint32_t)num;
		break;
	case OPT_U64:
	case OPT_SIZE:
		*(uint64_t *)field(o, base) = num;
		break;
	case OPT_ENUM:
		*(uint32_t *)field(o, base) = (uint32_t)enumv;
		break;
	case OPT_STR:
		*(const char **)field(o, base) = val;
		break;
	case OPT_END:
		break;
	}
	return 0;
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
			if (spelled(o, name, namelen)) {
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
	char fl[72], cfl[72];

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
				fprintf(stderr, "p2pbench: warning: --%.*s is deprecated, spell it %s\n",
					(int)namelen, name, flag(o, fl, sizeof(fl)));
		}
		if (idx < 0)
			return errf(err, errlen, "unknown option '%.*s' (see --help)", (int)namelen + 2, a);
	}
	flag(o, fl, sizeof(fl));
	if (takes_arg(o)) {
		if (eq)
			val = eq + 1;
		else if (*i + 1 < argc)
			val = argv[++*i];
		else
			return errf(err, errlen, "%s needs an argument (%s)", fl, o->arg);
	} else if (eq) {
		return errf(err, errlen, "%s takes no argument", fl);
	}
	if (seen[idx])
		return errf(err, errlen, "%s given twice", fl);
	if (o->clears) {
		cidx = lookup(sets, o->clears, strlen(o->clears), &cs, &co);
		if (cidx >= 0) {
			if (seen[cidx])
				return errf(err, errlen, "%s and %s exclude each other",
					    flag(co, cfl, sizeof(cfl)), fl);
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
			if (!ret && (o->flags & OPT_REQUIRED) && !seen[i]) {
				char fl[72];

				ret = errf(err, errlen, "%s is required (see --help)",
					   flag(o, fl, sizeof(fl)));
			}
			i++;
		}
	free(seen);
	return ret ? -1 : 0;
}

const char *opt_format(const struct opt *o, const void *base, char *buf, size_t len)
{
	const char *str;
	uint32_t v32;

	if (o->flags & OPT_TEXT) {
		str = *(const char *const *)cfield(o, base);
		snprintf(buf, len, "%s", str ? str : "");
		return buf;
	}
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

const char *opt_arg(const struct opt *o, char *buf, size_t len)
{
	if (o->arg)
		return o->arg;
	if (o->allowed)
		return words(o, "|", buf, len);
	return o->kind == OPT_SIZE ? "SIZE" : o->kind == OPT_STR ? "S" : "N";
}

void opt_help_rows(FILE *f, const struct optset *sets)
{
	const struct optset *s;
	const struct opt *o;
	char left[192], name[72], arg[128], help[512];

	for_each_set(s, sets)
		for_each_opt(o, s->opts) {
			flag(o, name, sizeof(name));
			if (takes_arg(o))
				snprintf(left, sizeof(left), "%s %s", name, opt_arg(o, arg, sizeof(arg)));
			else
				snprintf(left, sizeof(left), "%s", name);
			fprintf(f, "  %-24s %s", left, opt_help_text(o, help, sizeof(help)));
			if (o->flags & OPT_REQUIRED)
				fprintf(f, " (required)");
			else if (o->def && *o->def && takes_arg(o))
				fprintf(f, " (default %s)", o->def);
			fputc('\n', f);
		}
}

void opt_help(FILE *f, const struct optset *sets)
{
	opt_help_rows(f, sets);
	fprintf(f, "  %-24s %s\n", "-h, --help", "show this help");
}
