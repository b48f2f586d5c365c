// SPDX-License-Identifier: GPL-2.0-only
/* Sweep dimensions (the table), sweep-file parsing and expansion. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "names.h"
#include "runopts.h"
#include "sweep.h"
#include "sweepfile.h"
#include "units.h"

#define CTX(f) offsetof(struct point, f), sizeof(((struct point *)0)->f)
#define RUN_FIELD(f) offsetof(struct p2pbench_run, f)

static const char *const iommu_modes[] = { "off", "identity", "DMA", "DMA-FQ", NULL };

/* Rows that are not run parameters; the run_opts[] rows follow them. The
 * order is the nesting order of a sweep (context outermost) and the order of
 * key fields and CSV columns. */
static const struct dim head[] = {
	{ "cpu", DIM_CONTEXT, NULL, CTX(cpu),
	  .help = "CPU setting the lab guest was booted with (intel, amd), or 'host'" },
	{ "topology", DIM_CONTEXT, NULL, CTX(topology),
	  .help = "exporter/importer pair, an orchestrator label (switch, hostbridge)" },
	{ "iommu_mode", DIM_CONTEXT, NULL, CTX(iommu_mode), .allowed = iommu_modes,
	  .help = "IOMMU mode of the importer: off (no IOMMU), identity, DMA (strict), DMA-FQ (lazy)" },
	{ "repeats", DIM_COUNT, .max = 1000,
	  .help = "run every point this many times (repeat index 0..N-1; default 1)" },
};

#define NHEAD (sizeof(head) / sizeof(head[0]))
#define MAX_DIMS 64

const struct dim *dims_table(void)
{
	static struct dim table[MAX_DIMS + 1];
	static char helps[MAX_DIMS][512];
	const struct opt *o;
	size_t n = 0;

	if (table[0].name)
		return table;
	for (; n < NHEAD; n++)
		table[n] = head[n];
	for_each_opt(o, run_opts) {
		if (n >= MAX_DIMS)
			break;
		table[n++] = (struct dim){
			.name = o->name, .type = DIM_RUN, .opt = o,
			.help = opt_help_text(o, helps[n], sizeof(helps[n])),
			/* what a point is, even at the defaults */
			.key_always = o->off == RUN_FIELD(method) || o->off == RUN_FIELD(nr_ranges) ||
				      o->off == RUN_FIELD(range_len),
		};
	}
	return table;
}

const struct dim *dim_find(const char *name)
{
	const struct dim *d;

	for_each_dim(d)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

int dim_is_numeric(const struct dim *d)
{
	return d->type == DIM_RUN &&
	       (d->opt->kind == OPT_U32 || d->opt->kind == OPT_U64 || d->opt->kind == OPT_SIZE);
}

int dim_is_size(const struct dim *d)
{
	return d->type == DIM_RUN && d->opt->kind == OPT_SIZE;
}

int dim_is_bool(const struct dim *d)
{
	return d->type == DIM_RUN && d->opt->kind == OPT_BIT;
}

uint64_t dim_get(const struct dim *d, const struct point *p)
{
	const unsigned char *m;
	uint32_t v32;
	uint64_t v64;

	if (d->type == DIM_COUNT)
		return p->repeat;
	if (d->type != DIM_RUN)
		return 0;
	m = (const unsigned char *)&p->run + d->opt->off;
	switch (d->opt->kind) {
	case OPT_U64:
	case OPT_SIZE:
		memcpy(&v64, m, sizeof(v64));
		return v64;
	case OPT_BIT:
		memcpy(&v32, m, sizeof(v32));
		return !!(v32 & d->opt->bit);
	default:
		memcpy(&v32, m, sizeof(v32));
		return v32;
	}
}

void dim_set(const struct dim *d, struct point *p, uint64_t v)
{
	unsigned char *m;
	uint32_t v32;

	if (d->type == DIM_COUNT)
		p->repeat = (unsigned int)v;
	if (d->type != DIM_RUN)
		return;
	m = (unsigned char *)&p->run + d->opt->off;
	switch (d->opt->kind) {
	case OPT_U64:
	case OPT_SIZE:
		memcpy(m, &v, sizeof(v));
		break;
	case OPT_BIT:
		memcpy(&v32, m, sizeof(v32));
		v32 = v ? v32 | d->opt->bit : v32 & ~d->opt->bit;
		memcpy(m, &v32, sizeof(v32));
		break;
	default:
		v32 = (uint32_t)v;
		memcpy(m, &v32, sizeof(v32));
		break;
	}
}

char *dim_str(const struct dim *d, struct point *p)
{
	return (char *)p + d->offset;
}

const char *dim_cstr(const struct dim *d, const struct point *p)
{
	return (const char *)p + d->offset;
}

void dim_format(const struct dim *d, const struct point *p, char *buf, size_t len)
{
	switch (d->type) {
	case DIM_RUN:
		opt_format(d->opt, &p->run, buf, len);
		break;
	case DIM_CONTEXT:
		snprintf(buf, len, "%s", dim_cstr(d, p));
		break;
	case DIM_COUNT:
		snprintf(buf, len, "%u", p->repeat);
		break;
	}
}

static int context_char_ok(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.' || c == '+';
}

static int parse_context(const struct dim *d, const char *s, struct point *p, char *err, size_t errlen)
{
	size_t n = strlen(s);

	if (n == 0 || n >= d->size)
		return errf(err, errlen, "'%s' must be 1 to %zu characters", s, d->size - 1);
	for (size_t i = 0; i < n; i++)
		if (!context_char_ok(s[i]))
			return errf(err, errlen, "'%s': only letters, digits, '-', '.' and '+' are allowed", s);
	if (d->allowed) {
		const char *const *a;
		char list[128];
		size_t used = 0;

		for (a = d->allowed; *a; a++)
			if (!strcmp(*a, s))
				break;
		if (!*a) {
			list[0] = '\0';
			for (a = d->allowed; *a && used < sizeof(list); a++)
				used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
							 used ? " " : "", *a);
			return errf(err, errlen, "unknown value '%s' (one of: %s)", s, list);
		}
	}
	memcpy(dim_str(d, p), s, n + 1);
	return 0;
}

int dim_parse(const struct dim *d, const char *s, struct point *p, char *err, size_t errlen)
{
	const struct opt *o = d->opt, *other;
	char why[256], canon[32];
	uint64_t v;

	if (d->type == DIM_CONTEXT)
		return parse_context(d, s, p, err, errlen);
	if (d->type != DIM_RUN)
		return errf(err, errlen, "'%s' is not a run parameter", d->name);
	/* Sums ("4G-4K") are a sweep-file convenience: hand the row the total. */
	if (o->kind == OPT_SIZE && strpbrk(s + 1, "+-")) {
		if (size_parse(s, &v))
			return errf(err, errlen, "'%s' is not a size (e.g. 4096, 4K, 2M, 4G-4K)", s);
		snprintf(canon, sizeof(canon), "%" PRIu64, v);
		s = canon;
	}
	/* The row's messages are worded for the command line ("--ranges 0:"). */
	if (opt_set(o, &p->run, s, why, sizeof(why)))
		return errf(err, errlen, "%s", strncmp(why, "--", 2) ? why : why + 2);
	/* As on the command line: "duration" means "not iterations". */
	if (o->clears && (other = opt_find(run_opts, o->clears)))
		opt_clear(other, &p->run);
	v = dim_get(d, p);
	if (o->kind == OPT_SIZE && (v & 4095))
		return errf(err, errlen, "%s is not a multiple of 4K", s);
	if (o->off == RUN_FIELD(align) && v & (v - 1))
		return errf(err, errlen, "%s is not a power of two", s);
	if (o->off == RUN_FIELD(dma_bits) && v && v < 32)
		return errf(err, errlen, "%s: DMA mask bits must be 0 or 32..64", s);
	return 0;
}

void point_defaults(struct point *p)
{
	memset(p, 0, sizeof(*p));
	runopts_init(&p->run);
	snprintf(p->variant, sizeof(p->variant), "base");
	snprintf(p->clock, sizeof(p->clock), POINT_CLOCK_WALL);
}

/* ---------------- sweep files ---------------- */

static int add_value(void *arg, const char *v, char *err, size_t errlen)
{
	struct sweep_dim *sd = arg;
	struct point scratch;
	char why[200];

	point_defaults(&scratch);
	if (sd->dim->type != DIM_COUNT && dim_parse(sd->dim, v, &scratch, why, sizeof(why)))
		return errf(err, errlen, "%s: %s", sd->dim->name, why);
	if (strlen(v) >= sizeof(sd->values[0]))
		return errf(err, errlen, "%s: value '%s' is too long", sd->dim->name, v);
	for (unsigned int i = 0; i < sd->nvalues; i++) {
		struct point a, b;

		if (sd->dim->type == DIM_CONTEXT || sd->dim->type == DIM_COUNT) {
			if (!strcmp(sd->values[i], v))
				return errf(err, errlen, "%s: value '%s' given twice", sd->dim->name, v);
			continue;
		}
		point_defaults(&a);
		point_defaults(&b);
		dim_parse(sd->dim, sd->values[i], &a, why, sizeof(why));
		dim_parse(sd->dim, v, &b, why, sizeof(why));
		if (dim_get(sd->dim, &a) == dim_get(sd->dim, &b))
			return errf(err, errlen, "%s: value '%s' given twice (as '%s')", sd->dim->name, v,
				    sd->values[i]);
	}
	if (sd->nvalues >= SWEEP_MAX_VALUES)
		return errf(err, errlen, "%s: more than %d values", sd->dim->name, SWEEP_MAX_VALUES);
	snprintf(sd->values[sd->nvalues++], sizeof(sd->values[0]), "%s", v);
	return 0;
}

/* Sweep-wide settings: not dimensions, but rules of the expansion. */
static int set_description(struct sweep *s, char *v, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	snprintf(s->description, sizeof(s->description), "%s", v);
	return 0;
}

static int set_max_bytes(struct sweep *s, char *v, char *err, size_t errlen)
{
	if (size_parse(v, &s->max_bytes))
		return errf(err, errlen, "max_bytes: '%s' is not a size", v);
	return 0;
}

static const struct setting {
	const char *name;
	int (*set)(struct sweep *s, char *value, char *err, size_t errlen);
	const char *help;
} settings[] = {
	{ "description", set_description, "one line saying what the sweep is for" },
	{ "max_bytes", set_max_bytes,
	  "prune points whose ranges span more of the BAR than this (bar_offset + nr_ranges * stride)" },
	{ NULL, NULL, NULL },
};

void sweep_free(struct sweep *s)
{
	for (unsigned int i = 0; i < s->nsd; i++)
		free(s->sd[i].values);
	free(s->sd);
	s->sd = NULL;
	s->nsd = 0;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Hash of what the sweep expands to (not of comments and spacing). */
static void sweep_hash(struct sweep *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char buf[64];

	for (unsigned int i = 0; i < s->nsd; i++) {
		h = fnv1a(h, s->sd[i].dim->name);
		for (unsigned int j = 0; j < s->sd[i].nvalues; j++) {
			h = fnv1a(h, " ");
			h = fnv1a(h, s->sd[i].values[j]);
		}
		h = fnv1a(h, "\n");
	}
	snprintf(buf, sizeof(buf), "max_bytes %" PRIu64 "\n", s->max_bytes);
	h = fnv1a(h, buf);
	snprintf(s->hash, sizeof(s->hash), "%016" PRIx64, h);
}

struct parse_state {
	struct sweep *s;
	unsigned int *given;	/* line of each dimension, 0: not given */
};

/* One "name = values" line of a mapping sweep (sweepfile_lines()). */
static int parse_line(void *arg, unsigned int line, char *name, char *value, char *err, size_t errlen)
{
	struct parse_state *st = arg;
	struct sweep *s = st->s;
	const struct setting *set;

	for (set = settings; set->name; set++)
		if (!strcmp(set->name, name))
			return set->set(s, value, err, errlen);
	for (unsigned int i = 0; i < s->nsd; i++) {
		struct sweep_dim *sd = &s->sd[i];
		const struct dim *d = sd->dim;

		if (strcmp(d->name, name))
			continue;
		if (st->given[i])
			return errf(err, errlen, "'%s' given twice (first on line %u)", name, st->given[i]);
		st->given[i] = line;
		sd->line = line;
		sd->nvalues = 0;
		if (d->type == DIM_COUNT) {
			char *e;

			/* A count, not a list of values. */
			errno = 0;
			unsigned long n = strtoul(value, &e, 10);
			if (!isdigit((unsigned char)*value) || *e || errno || n < 1 || n > d->max)
				return errf(err, errlen, "%s: '%s' is not a count in 1..%u", name, value, d->max);
			s->repeats = (unsigned int)n;
			snprintf(sd->values[0], sizeof(sd->values[0]), "%lu", n);
			sd->nvalues = 1;
			return 0;
		}
		return sweepfile_values(d->name, value, !dim_is_numeric(d) ? SWEEPFILE_WORDS :
					dim_is_size(d) ? SWEEPFILE_SIZES : SWEEPFILE_NUMBERS,
					add_value, sd, err, errlen);
	}

	size_t used = (size_t)snprintf(err, errlen, "unknown name '%s' (dimensions:", name);
	const struct dim *d;

	for_each_dim(d)
		if (used < errlen)
			used += (size_t)snprintf(err + used, errlen - used, " %s", d->name);
	for (set = settings; set->name && used < errlen; set++)
		used += (size_t)snprintf(err + used, errlen - used, "%s %s",
					 set == settings ? "; settings:" : "", set->name);
	if (used < errlen)
		snprintf(err + used, errlen - used, ")");
	return -1;
}

int sweep_parse_string(const char *name, const char *text, struct sweep *s, char *err, size_t errlen)
{
	struct parse_state st = { .s = s };
	const struct dim *d;
	unsigned int ndims = 0, *given;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", name);
	const char *base = strrchr(name, '/');
	snprintf(s->name, sizeof(s->name), "%s", base ? base + 1 : name);
	s->repeats = 1;
	for_each_dim(d)
		ndims++;
	s->sd = calloc(ndims, sizeof(*s->sd));
	given = calloc(ndims, sizeof(*given));
	if (!s->sd || !given) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto out;
	}
	st.given = given;
	s->nsd = ndims;
	for (unsigned int i = 0; i < ndims; i++) {
		s->sd[i].dim = &dims_table()[i];
		s->sd[i].values = calloc(SWEEP_MAX_VALUES, sizeof(*s->sd[i].values));
		if (!s->sd[i].values) {
			snprintf(err, errlen, "%s: out of memory", name);
			goto out;
		}
		/* nvalues 0: not given, the point keeps its default. */
	}
	if (sweepfile_lines(name, text, parse_line, &st, err, errlen))
		goto out;
	for (unsigned int i = 0; i < ndims; i++) {
		const struct dim *a = s->sd[i].dim;

		if (a->type != DIM_RUN || !given[i] || !a->opt->clears)
			continue;
		for (unsigned int j = 0; j < ndims; j++)
			if (given[j] && !strcmp(s->sd[j].dim->name, a->opt->clears)) {
				unsigned int first = given[i] < given[j] ? i : j, second = i + j - first;

				snprintf(err, errlen, "%s:%u: '%s' (line %u) and '%s' (line %u) exclude "
					 "each other", name, given[second], s->sd[first].dim->name,
					 given[first], s->sd[second].dim->name, given[second]);
				goto out;
			}
	}
	for (unsigned int i = 0; i < ndims; i++)
		if (s->sd[i].dim->type == DIM_RUN && (s->sd[i].dim->opt->flags & OPT_REQUIRED) &&
		    !given[i]) {
			snprintf(err, errlen, "%s: no '%s = ...' line (%s: %s)", name,
				 s->sd[i].dim->name, s->sd[i].dim->name, s->sd[i].dim->help);
			goto out;
		}
	sweep_hash(s);
	ret = 0;
out:
	free(given);
	if (ret)
		sweep_free(s);
	return ret;
}

int sweep_parse_file(const char *path, struct sweep *s, char *err, size_t errlen)
{
	char *text;
	int ret;

	if (sweepfile_read(path, &text, err, errlen))
		return -1;
	ret = sweep_parse_string(path, text, s, err, errlen);
	free(text);
	return ret;
}

uint64_t point_footprint(const struct point *p)
{
	uint64_t align = p->run.align > 4096 ? p->run.align : 4096;
	uint64_t stride = p->run.range_len;

	if (p->run.layout == P2PBENCH_LAYOUT_GAPPED)
		stride += p->run.gap;
	/* Round up to the alignment, saturating: only compared with a cap. */
	if (stride > UINT64_MAX - align)
		return UINT64_MAX;
	stride = (stride + align - 1) & ~(align - 1);
	if (stride && p->run.nr_ranges > (UINT64_MAX - p->run.bar_offset) / stride)
		return UINT64_MAX;
	return p->run.bar_offset + stride * p->run.nr_ranges;
}

int sweep_varies(const struct sweep *s, const char *name)
{
	for (unsigned int i = 0; i < s->nsd; i++)
		if (!strcmp(s->sd[i].dim->name, name))
			return s->sd[i].line != 0;
	return 0;
}

long sweep_expand(const struct sweep *s, struct point **pts, char *err, size_t errlen)
{
	unsigned int *idx = calloc(s->nsd, sizeof(*idx));
	struct point *out = NULL, p;
	size_t n = 0, cap = 0;
	char why[200];

	*pts = NULL;
	if (!idx) {
		snprintf(err, errlen, "%s: out of memory", s->path);
		return -1;
	}
	for (;;) {
		point_defaults(&p);
		for (unsigned int i = 0; i < s->nsd; i++) {
			const struct sweep_dim *sd = &s->sd[i];

			if (!sd->nvalues)
				continue;
			if (sd->dim->type == DIM_COUNT)
				p.repeat = idx[i];
			else
				dim_parse(sd->dim, sd->values[idx[i]], &p, why, sizeof(why));
		}
		if (!p.run.iterations && !p.run.duration_ms) {
			snprintf(err, errlen, "%s: iterations = 0 needs a duration", s->path);
			goto fail;
		}
		if (!s->max_bytes || point_footprint(&p) <= s->max_bytes) {
			if (n >= SWEEP_MAX_POINTS) {
				snprintf(err, errlen, "%s: more than %d points", s->path, SWEEP_MAX_POINTS);
				goto fail;
			}
			if (n == cap) {
				struct point *grown = realloc(out, (cap ? cap * 2 : 256) * sizeof(*out));

				if (!grown) {
					snprintf(err, errlen, "%s: out of memory", s->path);
					goto fail;
				}
				out = grown;
				cap = cap ? cap * 2 : 256;
			}
			out[n++] = p;
		}
		/* Odometer: the last dimension turns fastest. */
		unsigned int i = s->nsd;
		while (i > 0) {
			i--;
			unsigned int nv = s->sd[i].dim->type == DIM_COUNT ? s->repeats : s->sd[i].nvalues;

			if (++idx[i] < nv)
				break;
			idx[i] = 0;
			if (i == 0)
				goto done;
		}
		if (s->nsd == 0)
			break;
	}
done:
	free(idx);
	*pts = out;
	return (long)n;
fail:
	free(idx);
	free(out);
	return -1;
}
