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
