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

#include "names.h"
#include "sweep.h"

#define RUN(f) offsetof(struct point, run.f), sizeof(((struct p2pbench_run *)0)->f)
#define CTX(f) offsetof(struct point, f), sizeof(((struct point *)0)->f)

static const char *const iommu_modes[] = { "off", "identity", "DMA", "DMA-FQ", NULL };

/*
 * The order of rows is the nesting order of a sweep's expansion (context
 * first) and the order of CSV columns and key fields.
 */
const struct dim dims[] = {
	{ "cpu", DIM_CONTEXT, CTX(cpu), "", .tag = "cpu",
	  .help = "lab CPU setting the guest was booted with (intel, amd) or 'host'" },
	{ "topology", DIM_CONTEXT, CTX(topology), "", .tag = "topo",
	  .help = "exporter/importer pair, a label of the orchestrator (same-switch, host-bridge)" },
	{ "iommu_mode", DIM_CONTEXT, CTX(iommu_mode), "", .allowed = iommu_modes, .tag = "iommu",
	  .help = "IOMMU mode of the importer: off (no IOMMU), identity, DMA (strict), DMA-FQ (lazy)" },
	{ "repeats", DIM_COUNT, 0, 0, "1", 1, 1000, .help = "run every point this many times (repeat index 0..N-1)" },
	{ "method", DIM_ENUM, RUN(method), "helper", 0, P2PBENCH_METHOD_COUNT - 1,
	  method_name, method_parse, .tag = "", .key_always = 1,
	  .help = "mapping method: null resource phys iova busaddr helper attach vfio" },
	{ "nr_ranges", DIM_U32, RUN(nr_ranges), "1", 1, P2PBENCH_MAX_RANGES, .tag = "n", .key_always = 1,
	  .help = "ranges (phys_vec entries) per buffer" },
	{ "range_len", DIM_SIZE, RUN(range_len), "4K", 4096, UINT64_MAX / 2, .tag = "len", .key_always = 1,
	  .help = "bytes per range, a multiple of 4K" },
	{ "layout", DIM_ENUM, RUN(layout), "contig", 0, P2PBENCH_LAYOUT_RANDOM,
	  layout_name, layout_parse, .tag = "layout",
	  .help = "where ranges lie in the BAR: contig gapped random" },
	{ "align", DIM_SIZE, RUN(align), "0", 0, 1ULL << 40, .tag = "align",
	  .help = "alignment of every range start, a power of two >= 4K (0: page)" },
	{ "gap", DIM_SIZE, RUN(gap), "0", 0, UINT64_MAX / 2, .tag = "gap",
	  .help = "bytes between ranges (gapped layout), a multiple of 4K" },
	{ "bar_offset", DIM_SIZE, RUN(bar_offset), "0", 0, UINT64_MAX / 2, .tag = "off",
	  .help = "offset of the first range (or of the random area) in the BAR" },
	{ "seed", DIM_U64, RUN(seed), "1", 0, UINT64_MAX, .tag = "seed",
	  .help = "seed of the random layout" },
	{ "direction", DIM_ENUM, RUN(direction), "bidir", 0, P2PBENCH_DIR_FROM_DEVICE,
	  direction_name, direction_parse, .tag = "dir",
	  .help = "DMA direction: bidir to-device from-device" },
	{ "threads", DIM_U32, RUN(threads), "1", 1, P2PBENCH_MAX_THREADS, .tag = "thr",
	  .help = "threads mapping concurrently" },
	{ "iterations", DIM_U32, RUN(iterations), "1000", 0, P2PBENCH_MAX_ITERS, .tag = "it",
	  .help = "timed map+unmap pairs per thread (0: run for duration_ms)" },
	{ "duration_ms", DIM_U32, RUN(duration_ms), "0", 0, P2PBENCH_MAX_DURATION_MS, .tag = "ms",
	  .help = "run time per thread when iterations is 0" },
	{ "warmup", DIM_U32, RUN(warmup), "10", 0, P2PBENCH_MAX_ITERS, .tag = "warm",
	  .help = "untimed map+unmap pairs before timing" },
	{ "dma_bits", DIM_U32, RUN(dma_bits), "0", 0, 64, .tag = "bits",
	  .help = "importer DMA mask bits for the run, 32..64 (0: 64)" },
	{ "batch", DIM_U32, RUN(batch), "0", 0, P2PBENCH_MAX_ITERS, .tag = "batch",
	  .help = "operations timed together per sample (0: from clock resolution)" },
	{ "verify_all", DIM_FLAG, RUN(flags), "0", 0, 1, .bit = P2PBENCH_RUN_VERIFY_ALL, .tag = "vall",
	  .help = "1: verify every mapping, not only the first" },
	{ "e2e", DIM_FLAG, RUN(flags), "0", 0, 1, .bit = P2PBENCH_RUN_E2E, .tag = "e2e",
	  .help = "1: the importer DMA-reads the BAR through the mapping and checks the bytes" },
	{ NULL },
};

const struct dim *dim_find(const char *name)
{
	const struct dim *d;

	for_each_dim(d)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

uint64_t dim_get(const struct dim *d, const struct point *p)
{
	const unsigned char *m = (const unsigned char *)p + d->offset;
	uint32_t v32;
	uint64_t v64;

	switch (d->type) {
	case DIM_ENUM:
	case DIM_U32:
		memcpy(&v32, m, sizeof(v32));
		return v32;
	case DIM_FLAG:
		memcpy(&v32, m, sizeof(v32));
		return !!(v32 & d->bit);
	case DIM_U64:
	case DIM_SIZE:
		memcpy(&v64, m, sizeof(v64));
		return v64;
	case DIM_COUNT:
		return p->repeat;
	case DIM_CONTEXT:
		break;
	}
	return 0;
}

void dim_set(const struct dim *d, struct point *p, uint64_t v)
{
	unsigned char *m = (unsigned char *)p + d->offset;
	uint32_t v32;

	switch (d->type) {
	case DIM_ENUM:
	case DIM_U32:
		v32 = (uint32_t)v;
		memcpy(m, &v32, sizeof(v32));
		break;
	case DIM_FLAG:
		memcpy(&v32, m, sizeof(v32));
		v32 = v ? v32 | d->bit : v32 & ~d->bit;
		memcpy(m, &v32, sizeof(v32));
		break;
	case DIM_U64:
	case DIM_SIZE:
		memcpy(m, &v, sizeof(v));
		break;
	case DIM_COUNT:
		p->repeat = (unsigned int)v;
		break;
	case DIM_CONTEXT:
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

void size_format(uint64_t v, char *buf, size_t len)
{
	static const char suffix[] = "KMGT";
	int i = -1;

	while (i < 3 && v && !(v & 1023)) {
		v >>= 10;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%" PRIu64, v);
	else
		snprintf(buf, len, "%" PRIu64 "%c", v, suffix[i]);
}

void dim_format(const struct dim *d, const struct point *p, char *buf, size_t len)
{
	uint64_t v = dim_get(d, p);

	switch (d->type) {
	case DIM_ENUM:
		snprintf(buf, len, "%s", d->to_name((unsigned int)v));
		break;
	case DIM_SIZE:
		size_format(v, buf, len);
		break;
	case DIM_CONTEXT:
		snprintf(buf, len, "%s", dim_cstr(d, p));
		break;
	default:
		snprintf(buf, len, "%" PRIu64, v);
		break;
	}
}

/* One unsigned number with an optional binary suffix; *END after it. */
static int size_term(const char *s, const char **end, uint64_t *v)
{
	unsigned int shift = 0;
	char *e;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	unsigned long long n = strtoull(s, &e, 0);
	if (errno)
		return -1;
	switch (*e) {
	case 'k': case 'K': shift = 10; e++; break;
	case 'm': case 'M': shift = 20; e++; break;
	case 'g': case 'G': shift = 30; e++; break;
	case 't': case 'T': shift = 40; e++; break;
	}
	if (shift && n > (UINT64_MAX >> shift))
		return -1;
	*v = (uint64_t)n << shift;
	*end = e;
	return 0;
}

int size_parse(const char *s, uint64_t *v)
{
	uint64_t acc, t;
	const char *e;

	if (size_term(s, &e, &acc))
		return -1;
	while (*e == '+' || *e == '-') {
		char op = *e;

		if (size_term(e + 1, &e, &t))
			return -1;
		if (op == '+') {
			if (acc > UINT64_MAX - t)
				return -1;
			acc += t;
		} else {
			if (t > acc)
				return -1;
			acc -= t;
		}
	}
	if (*e)
		return -1;
	*v = acc;
	return 0;
}

static int context_char_ok(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '.' || c == '+';
}

int dim_parse(const struct dim *d, const char *s, struct point *p, char *err, size_t errlen)
{
	char buf[32];
	uint64_t v;

	switch (d->type) {
	case DIM_CONTEXT: {
		size_t n = strlen(s);

		if (n == 0 || n >= d->size) {
			snprintf(err, errlen, "'%s' must be 1 to %zu characters", s, d->size - 1);
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			if (!context_char_ok(s[i])) {
				snprintf(err, errlen, "'%s': only letters, digits, '-', '.' and '+' are allowed", s);
				return -1;
			}
		if (d->allowed) {
			const char *const *a;

			for (a = d->allowed; *a; a++)
				if (!strcmp(*a, s))
					break;
			if (!*a) {
				size_t used = 0;

				used += (size_t)snprintf(err, errlen, "unknown value '%s' (one of:", s);
				for (a = d->allowed; *a && used < errlen; a++)
					used += (size_t)snprintf(err + used, errlen - used, " %s", *a);
				if (used < errlen)
					snprintf(err + used, errlen - used, ")");
				return -1;
			}
		}
		memcpy(dim_str(d, p), s, n + 1);
		return 0;
	}
	case DIM_ENUM: {
		int e = d->from_name(s);

		if (e < 0 || (uint64_t)e < d->min || (uint64_t)e > d->max) {
			size_t used = (size_t)snprintf(err, errlen, "unknown value '%s' (one of:", s);

			for (uint64_t i = d->min; i <= d->max && used < errlen; i++)
				used += (size_t)snprintf(err + used, errlen - used, " %s",
							 d->to_name((unsigned int)i));
			if (used < errlen)
				snprintf(err + used, errlen - used, ")");
			return -1;
		}
		v = (uint64_t)e;
		break;
	}
	case DIM_SIZE:
		if (size_parse(s, &v)) {
			snprintf(err, errlen, "'%s' is not a size (bytes, K/M/G/T suffixes, sums like 4G-4K)", s);
			return -1;
		}
		break;
	default: {
		char *e;

		errno = 0;
		if (!isdigit((unsigned char)*s)) {
			snprintf(err, errlen, "'%s' is not a number", s);
			return -1;
		}
		unsigned long long n = strtoull(s, &e, 0);
		if (errno || *e) {
			snprintf(err, errlen, "'%s' is not a number", s);
			return -1;
		}
		v = n;
		break;
	}
	}
	if (v < d->min || v > d->max) {
		char lo[32];

		if (d->type == DIM_SIZE) {
			size_format(d->min, lo, sizeof(lo));
			size_format(d->max, buf, sizeof(buf));
		} else {
			snprintf(lo, sizeof(lo), "%" PRIu64, d->min);
			snprintf(buf, sizeof(buf), "%" PRIu64, d->max);
		}
		snprintf(err, errlen, "%s is out of range %s..%s", s, lo, buf);
		return -1;
	}
	if (d->type == DIM_SIZE && v & 4095) {
		snprintf(err, errlen, "%s is not a multiple of 4K", s);
		return -1;
	}
	if (d->offset == offsetof(struct point, run.align) && d->type == DIM_SIZE && v && (v & (v - 1))) {
		snprintf(err, errlen, "%s is not a power of two", s);
		return -1;
	}
	if (d->offset == offsetof(struct point, run.dma_bits) && v && v < 32) {
		snprintf(err, errlen, "%s: DMA mask bits must be 0 or 32..64", s);
		return -1;
	}
	dim_set(d, p, v);
	return 0;
}

void point_defaults(struct point *p)
{
	const struct dim *d;
	char err[256];

	memset(p, 0, sizeof(*p));
	p->run.version = P2PBENCH_UAPI_VERSION;
	snprintf(p->variant, sizeof(p->variant), "base");
	for_each_dim(d)
		if (d->type != DIM_CONTEXT && d->type != DIM_COUNT)
			dim_parse(d, d->def, p, err, sizeof(err));
}

/* ---------------- sweep files ---------------- */

struct parser {
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int perr(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int perr(struct parser *ps, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = (size_t)snprintf(ps->err, ps->errlen, "%s:%u: ", ps->file, ps->line);
	if (n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int add_value(struct parser *ps, struct sweep_dim *sd, const char *v)
{
	struct point scratch;
	char why[200];

	point_defaults(&scratch);
	if (sd->dim->type != DIM_COUNT && dim_parse(sd->dim, v, &scratch, why, sizeof(why)))
		return perr(ps, "%s: %s", sd->dim->name, why);
	if (strlen(v) >= sizeof(sd->values[0]))
		return perr(ps, "%s: value '%s' is too long", sd->dim->name, v);
	for (unsigned int i = 0; i < sd->nvalues; i++) {
		struct point a, b;

		if (sd->dim->type == DIM_CONTEXT || sd->dim->type == DIM_COUNT) {
			if (!strcmp(sd->values[i], v))
				return perr(ps, "%s: value '%s' given twice", sd->dim->name, v);
			continue;
		}
		point_defaults(&a);
		point_defaults(&b);
		dim_parse(sd->dim, sd->values[i], &a, why, sizeof(why));
		dim_parse(sd->dim, v, &b, why, sizeof(why));
		if (dim_get(sd->dim, &a) == dim_get(sd->dim, &b))
			return perr(ps, "%s: value '%s' given twice (as '%s')", sd->dim->name, v,
				    sd->values[i]);
	}
	if (sd->nvalues >= SWEEP_MAX_VALUES)
		return perr(ps, "%s: more than %d values", sd->dim->name, SWEEP_MAX_VALUES);
	snprintf(sd->values[sd->nvalues++], sizeof(sd->values[0]), "%s", v);
	return 0;
}

static int parse_number(const struct dim *d, const char *s, uint64_t *v)
{
	char *e;

	if (d->type == DIM_SIZE)
		return size_parse(s, v);
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	unsigned long long n = strtoull(s, &e, 0);
	if (errno || *e)
		return -1;
	*v = n;
	return 0;
}

/*
 * RANGE is "A..B" or "A..B*F"; STEP (the next token, or NULL) is "*F"
 * (geometric) or "+S" (arithmetic). An attached '+' would be read as a sum
 * ("4G+4K"), so additive steps stand apart.
 */
static int add_range(struct parser *ps, struct sweep_dim *sd, const char *range, const char *step)
{
	const struct dim *d = sd->dim;
	char lo_s[64], hi_s[64], buf[64];
	const char *dots = strstr(range, ".."), *att = strchr(dots, '*');
	uint64_t lo, hi, by;

	if (d->type != DIM_U32 && d->type != DIM_U64 && d->type != DIM_SIZE)
		return perr(ps, "%s: ranges are for numbers and sizes, not '%s'", d->name, range);
	if (att)
		step = att;
	if (!step)
		return perr(ps, "%s: range '%s' needs a step after it: '*4' (multiply) or '+4K' (add)",
			    d->name, range);
	snprintf(lo_s, sizeof(lo_s), "%.*s", (int)(dots - range), range);
	snprintf(hi_s, sizeof(hi_s), "%.*s", (int)(att ? att - dots - 2 : (long)strlen(dots + 2)), dots + 2);
	if (parse_number(d, lo_s, &lo) || parse_number(d, hi_s, &hi))
		return perr(ps, "%s: '%s' is not a range of %s", d->name, range,
			    d->type == DIM_SIZE ? "sizes" : "numbers");
	if (parse_number(d, step + 1, &by) || (*step == '*' ? by < 2 : by < 1))
		return perr(ps, "%s: bad step '%s' (want *N with N >= 2, or +N with N >= 1)", d->name, step);
	if (lo > hi)
		return perr(ps, "%s: range '%s' is empty (start above end)", d->name, range);
	for (uint64_t v = lo;;) {
		if (d->type == DIM_SIZE)
			size_format(v, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%" PRIu64, v);
		if (add_value(ps, sd, buf))
			return -1;
		if (*step == '*' ? v > hi / by : by > hi - v)
			break;
		v = *step == '*' ? v * by : v + by;
	}
	return 0;
}

static int is_step(const char *t)
{
	return (t[0] == '*' || t[0] == '+') && t[1];
}

static int parse_values(struct parser *ps, struct sweep_dim *sd, char *text)
{
	char *tok[SWEEP_MAX_VALUES];
	unsigned int n = 0;

	for (char *t = strtok(text, " \t,"); t; t = strtok(NULL, " \t,")) {
		if (n >= SWEEP_MAX_VALUES)
			return perr(ps, "%s: too many values", sd->dim->name);
		tok[n++] = t;
	}
	if (!n)
		return perr(ps, "%s: no value", sd->dim->name);
	for (unsigned int i = 0; i < n; i++) {
		if (is_step(tok[i]))
			return perr(ps, "%s: step '%s' without a range before it", sd->dim->name, tok[i]);
		if (strstr(tok[i], "..")) {
			const char *step = i + 1 < n && is_step(tok[i + 1]) ? tok[i + 1] : NULL;

			if (step && strchr(tok[i], '*'))
				return perr(ps, "%s: range '%s' has two steps", sd->dim->name, tok[i]);
			if (add_range(ps, sd, tok[i], step))
				return -1;
			i += step != NULL;
			continue;
		}
		if (add_value(ps, sd, tok[i]))
			return -1;
	}
	return 0;
}

/* Sweep-wide settings: not dimensions, but rules of the expansion. */
static int set_description(struct parser *ps, struct sweep *s, char *v)
{
	(void)ps;
	snprintf(s->description, sizeof(s->description), "%s", v);
	return 0;
}

static int set_max_bytes(struct parser *ps, struct sweep *s, char *v)
{
	if (size_parse(v, &s->max_bytes))
		return perr(ps, "max_bytes: '%s' is not a size", v);
	return 0;
}

static const struct setting {
	const char *name;
	int (*set)(struct parser *ps, struct sweep *s, char *value);
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

/* One logical line (continuations joined): "name = values". */
static int parse_line(struct parser *ps, struct sweep *s, char *line, unsigned int *given)
{
	char *eq = strchr(line, '='), *name, *value;
	const struct setting *st;

	if (!eq)
		return perr(ps, "expected 'name = value ...', got '%s'", line);
	*eq = '\0';
	name = trim(line);
	value = trim(eq + 1);
	for (st = settings; st->name; st++)
		if (!strcmp(st->name, name))
			return st->set(ps, s, value);
	for (unsigned int i = 0; i < s->nsd; i++) {
		struct sweep_dim *sd = &s->sd[i];

		if (strcmp(sd->dim->name, name))
			continue;
		if (given[i])
			return perr(ps, "'%s' given twice (first on line %u)", name, given[i]);
		given[i] = ps->line;
		sd->line = ps->line;
		sd->nvalues = 0;
		if (sd->dim->type == DIM_COUNT) {
			char *e;

			/* A count, not a list of values. */
			errno = 0;
			unsigned long n = strtoul(value, &e, 10);
			if (!isdigit((unsigned char)*value) || *e || errno || n < sd->dim->min ||
			    n > sd->dim->max)
				return perr(ps, "%s: '%s' is not a count in %" PRIu64 "..%" PRIu64,
					    name, value, sd->dim->min, sd->dim->max);
			s->repeats = (unsigned int)n;
			snprintf(sd->values[0], sizeof(sd->values[0]), "%lu", n);
			sd->nvalues = 1;
			return 0;
		}
		return parse_values(ps, sd, value);
	}

	size_t used = (size_t)snprintf(ps->err, ps->errlen, "%s:%u: unknown name '%s' (dimensions:",
				       ps->file, ps->line, name);
	const struct dim *d;

	for_each_dim(d)
		if (used < ps->errlen)
			used += (size_t)snprintf(ps->err + used, ps->errlen - used, " %s", d->name);
	for (st = settings; st->name && used < ps->errlen; st++)
		used += (size_t)snprintf(ps->err + used, ps->errlen - used, "%s %s",
					 st == settings ? "; settings:" : "", st->name);
	if (used < ps->errlen)
		snprintf(ps->err + used, ps->errlen - used, ")");
	return -1;
}

int sweep_parse_string(const char *name, const char *text, struct sweep *s, char *err, size_t errlen)
{
	struct parser ps = { name, 0, err, errlen };
	const struct dim *d;
	unsigned int ndims = 0, *given;
	char *copy, *line, *next, *logical = NULL;
	size_t loglen = 0;
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
	copy = strdup(text);
	if (!s->sd || !given || !copy) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto out;
	}
	s->nsd = ndims;
	for (unsigned int i = 0; i < ndims; i++) {
		s->sd[i].dim = &dims[i];
		s->sd[i].values = calloc(SWEEP_MAX_VALUES, sizeof(*s->sd[i].values));
		if (!s->sd[i].values) {
			snprintf(err, errlen, "%s: out of memory", name);
			goto out;
		}
		/* Defaults: one value; context dimensions: none (not varied). */
		if (dims[i].type != DIM_CONTEXT) {
			snprintf(s->sd[i].values[0], sizeof(s->sd[i].values[0]), "%s", dims[i].def);
			s->sd[i].nvalues = 1;
		}
	}

	unsigned int start_line = 0;
	for (line = copy; line; line = next) {
		size_t n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ps.line++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		line = trim(line);
		n = strlen(line);
		int cont = n && line[n - 1] == '\\';
		if (cont)
			line[--n] = '\0';
		if (!logical && !n && !cont)
			continue;
		char *grown = realloc(logical, loglen + n + 2);
		if (!grown) {
			snprintf(err, errlen, "%s: out of memory", name);
			goto out;
		}
		if (!logical)
			start_line = ps.line;
		logical = grown;
		memcpy(logical + loglen, line, n);
		loglen += n;
		logical[loglen++] = ' ';
		logical[loglen] = '\0';
		if (cont && next)
			continue;
		unsigned int here = ps.line;
		ps.line = start_line;
		if (parse_line(&ps, s, trim(logical), given))
			goto out;
		ps.line = here;
		free(logical);
		logical = NULL;
		loglen = 0;
	}
	sweep_hash(s);
	ret = 0;
out:
	free(logical);
	free(copy);
	free(given);
	if (ret)
		sweep_free(s);
	return ret;
}

int sweep_parse_file(const char *path, struct sweep *s, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	int ret;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (cap - len < 4096) {
			char *grown = realloc(text, cap + 65536);

			if (!grown) {
				free(text);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			text = grown;
			cap += 65536;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	text[len] = '\0';
	if (strlen(text) != len) {
		snprintf(err, errlen, "%s: not a text file (NUL byte)", path);
		free(text);
		return -1;
	}
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
			snprintf(err, errlen, "%s: iterations = 0 needs a duration_ms above 0", s->path);
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
