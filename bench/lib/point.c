// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct point <-> key, JSON, CSV and text. The parameter part walks the
 * dimension table (sweep.h); the result part has its own small tables.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "names.h"
#include "point.h"
#include "sweep.h"

#define POINT_FORMAT 1	/* version of the JSON layout below */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------- key ---------------- */

static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n;
}

/*
 * "helper,ranges=4,size=4K,layout=gapped,gap=64K,cpu=amd,iommu_mode=DMA": the
 * method, ranges and size always, other run parameters only when they
 * differ from the table's default, then the context. Repeat and variant are
 * not part of the key: they are what compare puts side by side.
 */
void point_key(const struct point *p, char *buf, size_t len)
{
	const struct dim *d;
	struct point def;
	size_t used = 0;
	char v[64];

	if (len)
		buf[0] = '\0';
	point_defaults(&def);
	for_each_dim(d) {
		if (d->type != DIM_RUN)
			continue;
		if (!d->key_always && dim_get(d, p) == dim_get(d, &def))
			continue;
		dim_format(d, p, v, sizeof(v));
		if (d->opt->off == offsetof(struct p2pbench_run, method))
			append(buf, len, &used, "%s%s", used ? "," : "", v);
		else
			append(buf, len, &used, "%s%s=%s", used ? "," : "", d->name, v);
	}
	for_each_dim(d) {
		if (d->type != DIM_CONTEXT || !dim_cstr(d, p)[0])
			continue;
		append(buf, len, &used, ",%s=%s", d->name, dim_cstr(d, p));
	}
}

/* ---------------- result fields ---------------- */

enum rtype { R_S32, R_U32, R_U64, R_VERDICT, R_PATH, R_MAPTYPE, R_STR };

struct rfield {
	const char *name;
	enum rtype type;
	size_t offset;		/* into struct p2pbench_result */
	size_t size;
};

#define RF(n, t) { #n, t, offsetof(struct p2pbench_result, n), sizeof(((struct p2pbench_result *)0)->n) }

/* Scalars of the result, in CSV column order (latencies come separately). */
static const struct rfield rfields[] = {
	RF(status, R_S32),
	RF(verdict, R_VERDICT),
	RF(path, R_PATH),
	RF(map_type, R_MAPTYPE),
	RF(checks_failed, R_U32),
	RF(fail_iteration, R_U32),
	RF(iterations, R_U64),
	RF(elapsed_ns, R_U64),
	RF(sg_nents, R_U64),
	RF(dma_len, R_U64),
	RF(iova_bytes, R_U64),
	RF(iommu_map_calls, R_U64),
	RF(iommu_unmap_calls, R_U64),
	RF(iotlb_syncs, R_U64),
	RF(counts_varied, R_U32),
	RF(importer_group_type, R_STR),
	RF(msg, R_STR),
};

#define LF(n) { #n, offsetof(struct p2pbench_lat, n) }
static const struct { const char *name; size_t offset; } lfields[] = {
	LF(samples), LF(batch), LF(min), LF(p50), LF(p90), LF(p99), LF(p999),
	LF(max), LF(mean), LF(stddev),
};

static const char *(*const rnames[])(unsigned int) = {
	[R_VERDICT] = verdict_name, [R_PATH] = path_name, [R_MAPTYPE] = map_type_name,
};
static int (*const rparse[])(const char *) = {
	[R_VERDICT] = verdict_parse, [R_PATH] = path_parse, [R_MAPTYPE] = map_type_parse,
};

static uint64_t rget(const struct rfield *f, const struct p2pbench_result *r)
{
	const unsigned char *m = (const unsigned char *)r + f->offset;
	uint64_t v64;
	uint32_t v32;
	int32_t s32;

	switch (f->type) {
	case R_S32:
		memcpy(&s32, m, sizeof(s32));
		return (uint64_t)(int64_t)s32;
	case R_U64:
		memcpy(&v64, m, sizeof(v64));
		return v64;
	case R_STR:
		return 0;
	default:
		memcpy(&v32, m, sizeof(v32));
		return v32;
	}
}

static uint64_t lget(const struct p2pbench_lat *l, size_t offset)
{
	uint64_t v;

	memcpy(&v, (const unsigned char *)l + offset, sizeof(v));
	return v;
}

/* ---------------- to JSON ---------------- */

/* jansson integers are signed 64-bit: larger values are kept as strings. */
static json_t *json_u64(uint64_t v)
{
	char buf[32];

	if (v <= INT64_MAX)
		return json_integer((json_int_t)v);
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return json_string(buf);
}

static int set_new(json_t *obj, const char *key, json_t *v)
{
	return v ? json_object_set_new(obj, key, v) : -1;
}

static json_t *lat_to_json(const struct p2pbench_lat *l)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(lfields); i++)
		if (set_new(o, lfields[i].name, json_u64(lget(l, lfields[i].offset)))) {
			json_decref(o);
			return NULL;
		}
	return o;
}

static json_t *result_to_json(const struct p2pbench_result *r)
{
	json_t *o = json_object();
	char checks[128];
	int bad = !o;

	for (size_t i = 0; !bad && i < ARRAY_SIZE(rfields); i++) {
		const struct rfield *f = &rfields[i];
		json_t *v;

		switch (f->type) {
		case R_S32:
			v = json_integer((json_int_t)(int64_t)rget(f, r));
			break;
		case R_STR:
			v = json_stringn((const char *)r + f->offset,
					 strnlen((const char *)r + f->offset, f->size));
			break;
		case R_VERDICT: case R_PATH: case R_MAPTYPE:
			v = json_string(rnames[f->type]((unsigned int)rget(f, r)));
			break;
		default:
			v = json_u64(rget(f, r));
			break;
		}
		bad |= set_new(o, f->name, v);
	}
	if (!bad) {
		/* For readers; point_from_json uses checks_failed. */
		checks_format(r->checks_failed, checks, sizeof(checks));
		bad |= set_new(o, "checks", json_string(checks));
		bad |= set_new(o, "map", lat_to_json(&r->map));
		bad |= set_new(o, "unmap", lat_to_json(&r->unmap));
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *point_to_json(const struct point *p)
{
	json_t *o = json_object(), *run = json_object(), *ctx = json_object();
	const struct dim *d;
	char key[512];
	int bad = !o || !run || !ctx;

	for_each_dim(d) {
		char v[64];

		if (bad)
			break;
		if (d->type == DIM_CONTEXT) {
			bad |= set_new(ctx, d->name, json_string(dim_cstr(d, p)));
		} else if (d->type != DIM_RUN) {
			continue;
		} else if (d->opt->kind == OPT_ENUM) {
			dim_format(d, p, v, sizeof(v));
			bad |= set_new(run, d->name, json_string(v));
		} else if (d->opt->kind == OPT_BIT) {
			bad |= set_new(run, d->name, json_boolean(dim_get(d, p)));
		} else {
			bad |= set_new(run, d->name, json_u64(dim_get(d, p)));
		}
	}
	point_key(p, key, sizeof(key));
	if (!bad) {
		bad |= set_new(o, "format", json_integer(POINT_FORMAT));
		bad |= set_new(o, "key", json_string(key));
		bad |= set_new(o, "repeat", json_integer(p->repeat));
		bad |= set_new(o, "variant", json_string(p->variant));
		bad |= set_new(o, "boot", json_integer(p->boot));
		bad |= set_new(o, "boot_id", json_string(p->boot_id));
		bad |= set_new(o, "clock", json_string(p->clock));
		bad |= json_object_set(o, "context", ctx);
		bad |= set_new(run, "uapi_version", json_integer(p->run.version));
		bad |= json_object_set(o, "run", run);
		bad |= set_new(o, "refused_errno", json_integer(p->refused_errno));
		if (p->refused_errno) {
			const char *n = strerrorname_np(p->refused_errno);

			bad |= set_new(o, "refused", json_string(n ? n : "?"));
		}
		bad |= set_new(o, "result", result_to_json(&p->result));
	}
	json_decref(run);
	json_decref(ctx);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---------------- from JSON ---------------- */

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "?";
}

/* Unsigned integer (or decimal string, for values above INT64_MAX). */
static int get_u64(const json_t *v, const char *where, uint64_t max, uint64_t *out,
		   char *err, size_t errlen)
{
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);

		if (n < 0 || (uint64_t)n > max)
			return fail(err, errlen, "%s: %lld is out of range 0..%" PRIu64,
				    where, (long long)n, max);
		*out = (uint64_t)n;
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *e;

		errno = 0;
		unsigned long long n = strtoull(s, &e, 10);
		if (*s >= '0' && *s <= '9' && !*e && !errno && n <= max) {
			*out = n;
			return 0;
		}
		return fail(err, errlen, "%s: '%s' is not an integer in 0..%" PRIu64, where, s, max);
	}
	return fail(err, errlen, "%s: expected an integer, got %s", where, json_kind(v));
}

static const json_t *member(const json_t *obj, const char *name, const char *where,
			    char *err, size_t errlen)
{
	const json_t *v = json_object_get(obj, name);

	if (!v)
		fail(err, errlen, "%s%s%s: missing", where, *where ? "." : "", name);
	return v;
}

static int lat_from_json(const json_t *o, const char *where, struct p2pbench_lat *l,
			 char *err, size_t errlen)
{
	char w[64];

	if (!json_is_object(o))
		return fail(err, errlen, "%s: expected an object, got %s", where, json_kind(o));
	for (size_t i = 0; i < ARRAY_SIZE(lfields); i++) {
		const json_t *v;
		uint64_t n;

		snprintf(w, sizeof(w), "%s.%s", where, lfields[i].name);
		if (!(v = member(o, lfields[i].name, where, err, errlen)) ||
		    get_u64(v, w, UINT64_MAX, &n, err, errlen))
			return -1;
		memcpy((unsigned char *)l + lfields[i].offset, &n, sizeof(n));
	}
	return 0;
}

static int result_from_json(const json_t *o, struct p2pbench_result *r, char *err, size_t errlen)
{
	char w[64];

	if (!json_is_object(o))
		return fail(err, errlen, "result: expected an object, got %s", json_kind(o));
	for (size_t i = 0; i < ARRAY_SIZE(rfields); i++) {
		const struct rfield *f = &rfields[i];
		unsigned char *m = (unsigned char *)r + f->offset;
		const json_t *v = member(o, f->name, "result", err, errlen);
		uint64_t n;

		if (!v)
			return -1;
		snprintf(w, sizeof(w), "result.%s", f->name);
		switch (f->type) {
		case R_S32: {
			if (!json_is_integer(v))
				return fail(err, errlen, "%s: expected an integer, got %s", w, json_kind(v));
			json_int_t s = json_integer_value(v);
			if (s < INT32_MIN || s > INT32_MAX)
				return fail(err, errlen, "%s: %lld is out of range", w, (long long)s);
			int32_t s32 = (int32_t)s;
			memcpy(m, &s32, sizeof(s32));
			break;
		}
		case R_STR: {
			if (!json_is_string(v))
				return fail(err, errlen, "%s: expected a string, got %s", w, json_kind(v));
			size_t n2 = json_string_length(v);
			if (n2 >= f->size)
				return fail(err, errlen, "%s: longer than %zu characters", w, f->size - 1);
			memcpy(m, json_string_value(v), n2 + 1);
			break;
		}
		case R_VERDICT: case R_PATH: case R_MAPTYPE: {
			if (!json_is_string(v))
				return fail(err, errlen, "%s: expected a string, got %s", w, json_kind(v));
			int e = rparse[f->type](json_string_value(v));
			if (e < 0)
				return fail(err, errlen, "%s: unknown value '%s'", w, json_string_value(v));
			uint32_t v32 = (uint32_t)e;
			memcpy(m, &v32, sizeof(v32));
			break;
		}
		case R_U32:
			if (get_u64(v, w, UINT32_MAX, &n, err, errlen))
				return -1;
			uint32_t v32 = (uint32_t)n;
			memcpy(m, &v32, sizeof(v32));
			break;
		case R_U64:
			if (get_u64(v, w, UINT64_MAX, &n, err, errlen))
				return -1;
			memcpy(m, &n, sizeof(n));
			break;
		}
	}
	const json_t *v;
	if (!(v = member(o, "map", "result", err, errlen)) ||
	    lat_from_json(v, "result.map", &r->map, err, errlen) ||
	    !(v = member(o, "unmap", "result", err, errlen)) ||
	    lat_from_json(v, "result.unmap", &r->unmap, err, errlen))
		return -1;
	return 0;
}

static int run_from_json(const json_t *run, const json_t *ctx, struct point *p,
			 char *err, size_t errlen)
{
	const struct dim *d;
	char w[64], why[200];

	if (!json_is_object(run))
		return fail(err, errlen, "run: expected an object, got %s", json_kind(run));
	if (!json_is_object(ctx))
		return fail(err, errlen, "context: expected an object, got %s", json_kind(ctx));
	for_each_dim(d) {
		const struct opt *o = d->opt;
		const json_t *v;
		uint64_t n, max;

		if (d->type == DIM_COUNT)
			continue;
		snprintf(w, sizeof(w), "%s.%s", d->type == DIM_CONTEXT ? "context" : "run", d->name);
		v = json_object_get(d->type == DIM_CONTEXT ? ctx : run, d->name);
		/* Files older than a parameter hold its default. */
		if (!v) {
			if (d->key_always)
				return fail(err, errlen, "%s: missing", w);
			continue;
		}
		if (d->type == DIM_CONTEXT) {
			if (!json_is_string(v))
				return fail(err, errlen, "%s: expected a string, got %s", w, json_kind(v));
			/* Empty means "not given": allowed in results, not in sweeps. */
			if (!json_string_length(v)) {
				dim_str(d, p)[0] = '\0';
				continue;
			}
			if (dim_parse(d, json_string_value(v), p, why, sizeof(why)))
				return fail(err, errlen, "%s: %s", w, why);
			continue;
		}
		switch (o->kind) {
		case OPT_ENUM: {
			if (!json_is_string(v))
				return fail(err, errlen, "%s: expected a string, got %s", w, json_kind(v));
			int e = o->parse(json_string_value(v));
			if (e < 0)
				return fail(err, errlen, "%s: unknown value '%s'", w, json_string_value(v));
			dim_set(d, p, (uint64_t)e);
			break;
		}
		case OPT_BIT:
			if (!json_is_boolean(v))
				return fail(err, errlen, "%s: expected a boolean, got %s", w, json_kind(v));
			dim_set(d, p, json_is_true(v));
			break;
		default:
			max = o->max ? o->max : o->kind == OPT_U32 ? UINT32_MAX : UINT64_MAX;
			if (get_u64(v, w, max, &n, err, errlen))
				return -1;
			/* Exclusive pairs (iterations, duration) store 0 for "the other". */
			if (n < o->min && !(n == 0 && o->clears))
				return fail(err, errlen, "%s: %" PRIu64 " is below the minimum %" PRIu64,
					    w, n, o->min);
			dim_set(d, p, n);
			break;
		}
	}
	return 0;
}

/* A string member into BUF; absent keeps BUF. */
static int opt_string(const json_t *obj, const char *name, char *buf, size_t len,
		      char *err, size_t errlen)
{
	const json_t *v = json_object_get(obj, name);

	if (!v)
		return 0;
	if (!json_is_string(v))
		return fail(err, errlen, "%s: expected a string, got %s", name, json_kind(v));
	if (json_string_length(v) >= len)
		return fail(err, errlen, "%s: longer than %zu characters", name, len - 1);
	memcpy(buf, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

/*
 * Members added after format 1 was fixed (boot, boot_id, clock): files of
 * older tools lack them and mean boot 0 on the wall clock, the only clock
 * there was.
 */
static int optional_fields(const json_t *obj, struct point *p, char *err, size_t errlen)
{
	const json_t *v = json_object_get(obj, "boot");
	uint64_t n;

	if (v) {
		if (get_u64(v, "boot", POINT_MAX_BOOTS - 1, &n, err, errlen))
			return -1;
		p->boot = (unsigned int)n;
	}
	if (opt_string(obj, "boot_id", p->boot_id, sizeof(p->boot_id), err, errlen) ||
	    opt_string(obj, "clock", p->clock, sizeof(p->clock), err, errlen))
		return -1;
	if (strcmp(p->clock, POINT_CLOCK_WALL) && strcmp(p->clock, POINT_CLOCK_ICOUNT))
		return fail(err, errlen, "clock: '%s' is neither %s nor %s", p->clock,
			    POINT_CLOCK_WALL, POINT_CLOCK_ICOUNT);
	return 0;
}

const char *point_clock_here(char *err, size_t errlen)
{
	const char *c = getenv("P2PBENCH_CLOCK");

	if (!c || !*c || !strcmp(c, POINT_CLOCK_WALL))
		return POINT_CLOCK_WALL;
	if (!strcmp(c, POINT_CLOCK_ICOUNT))
		return POINT_CLOCK_ICOUNT;
	snprintf(err, errlen, "P2PBENCH_CLOCK=%s: the clock is %s or %s", c, POINT_CLOCK_WALL,
		 POINT_CLOCK_ICOUNT);
	return NULL;
}

void point_boot_id_here(char *buf, size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

int point_from_json(const json_t *obj, struct point *p, char *err, size_t errlen)
{
	const json_t *v, *run, *ctx;
	uint64_t n;

	point_defaults(p);
	if (!json_is_object(obj))
		return fail(err, errlen, "point: expected an object, got %s", json_kind(obj));
	if (!(v = member(obj, "format", "", err, errlen)) ||
	    get_u64(v, "format", UINT32_MAX, &n, err, errlen))
		return -1;
	if (n != POINT_FORMAT)
		return fail(err, errlen, "format: %" PRIu64 " is not supported (this tool reads %d)",
			    n, POINT_FORMAT);
	if (!(run = member(obj, "run", "", err, errlen)) ||
	    !(ctx = member(obj, "context", "", err, errlen)) ||
	    run_from_json(run, ctx, p, err, errlen))
		return -1;
	if (!(v = member(run, "uapi_version", "run", err, errlen)) ||
	    get_u64(v, "run.uapi_version", UINT32_MAX, &n, err, errlen))
		return -1;
	p->run.version = (uint32_t)n;
	if (!(v = member(obj, "repeat", "", err, errlen)) ||
	    get_u64(v, "repeat", UINT32_MAX, &n, err, errlen))
		return -1;
	p->repeat = (unsigned int)n;
	if (!(v = member(obj, "variant", "", err, errlen)))
		return -1;
	if (!json_is_string(v))
		return fail(err, errlen, "variant: expected a string, got %s", json_kind(v));
	if (json_string_length(v) >= sizeof(p->variant))
		return fail(err, errlen, "variant: longer than %zu characters", sizeof(p->variant) - 1);
	memcpy(p->variant, json_string_value(v), json_string_length(v) + 1);
	if (optional_fields(obj, p, err, errlen))
		return -1;
	if (!(v = member(obj, "refused_errno", "", err, errlen)) ||
	    get_u64(v, "refused_errno", INT32_MAX, &n, err, errlen))
		return -1;
	p->refused_errno = (int)n;
	if (!(v = member(obj, "result", "", err, errlen)) ||
	    result_from_json(v, &p->result, err, errlen))
		return -1;
	return 0;
}

/* ---------------- CSV ---------------- */

/* Derived columns: per-range and per-GiB cost of the median map. */
static const char *const derived[] = { "map_p50_per_range", "map_p50_per_gib" };

void point_csv_header(FILE *f)
{
	const struct dim *d;

	fputs("key,variant,repeat", f);
	for_each_dim(d)
		if (d->type != DIM_COUNT)
			fprintf(f, ",%s", d->name);
	fputs(",refused_errno", f);
	for (size_t i = 0; i < ARRAY_SIZE(rfields); i++) {
		/* Results share names with run dimensions; keep columns unique. */
		if (!strcmp(rfields[i].name, "iterations"))
			fputs(",iterations_done", f);
		else if (!strcmp(rfields[i].name, "msg"))
			continue;	/* last: free text */
		else
			fprintf(f, ",%s", rfields[i].name);
	}
	for (const char *op = "map"; op; op = strcmp(op, "map") ? NULL : "unmap")
		for (size_t i = 0; i < ARRAY_SIZE(lfields); i++)
			fprintf(f, ",%s_%s", op, lfields[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(derived); i++)
		fprintf(f, ",%s", derived[i]);
	fputs(",boot,boot_id,clock,msg\n", f);
}

void csv_str(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
	fputc('"', f);
}

void point_csv_row(FILE *f, const struct point *p)
{
	const struct dim *d;
	char buf[512];

	point_key(p, buf, sizeof(buf));
	csv_str(f, buf);
	fputc(',', f);
	csv_str(f, p->variant);
	fprintf(f, ",%u", p->repeat);
	for_each_dim(d) {
		if (d->type == DIM_COUNT)
			continue;
		if (d->type == DIM_CONTEXT || d->opt->kind == OPT_ENUM)
			dim_format(d, p, buf, sizeof(buf));
		else	/* raw numbers for gnuplot, no suffixes */
			snprintf(buf, sizeof(buf), "%" PRIu64, dim_get(d, p));
		fputc(',', f);
		csv_str(f, buf);
	}
	fprintf(f, ",%d", p->refused_errno);
	for (size_t i = 0; i < ARRAY_SIZE(rfields); i++) {
		const struct rfield *r = &rfields[i];

		if (!strcmp(r->name, "msg"))
			continue;
		fputc(',', f);
		switch (r->type) {
		case R_S32:
			fprintf(f, "%" PRId64, (int64_t)rget(r, &p->result));
			break;
		case R_STR:
			snprintf(buf, sizeof(buf), "%.*s", (int)r->size,
				 (const char *)&p->result + r->offset);
			csv_str(f, buf);
			break;
		case R_VERDICT: case R_PATH: case R_MAPTYPE:
			fputs(rnames[r->type]((unsigned int)rget(r, &p->result)), f);
			break;
		default:
			fprintf(f, "%" PRIu64, rget(r, &p->result));
			break;
		}
	}
	for (int op = 0; op < 2; op++)
		for (size_t i = 0; i < ARRAY_SIZE(lfields); i++)
			fprintf(f, ",%" PRIu64, lget(op ? &p->result.unmap : &p->result.map,
						     lfields[i].offset));
	double bytes = (double)p->run.range_len * p->run.nr_ranges;
	fprintf(f, ",%.3f,%.3f,", (double)p->result.map.p50 / (p->run.nr_ranges ? p->run.nr_ranges : 1),
		bytes ? (double)p->result.map.p50 * (double)(1ULL << 30) / bytes : 0.0);
	fprintf(f, "%u,", p->boot);
	csv_str(f, p->boot_id);
	fprintf(f, ",%s,", p->clock);
	snprintf(buf, sizeof(buf), "%.*s", (int)sizeof(p->result.msg), p->result.msg);
	csv_str(f, buf);
	fputc('\n', f);
}

/* ---------------- text ---------------- */

/* __u64 is unsigned long long on every Linux ABI. */
#define ULL(x) ((unsigned long long)(x))

static void lat_line(FILE *f, const char *op, const struct p2pbench_lat *l)
{
	fprintf(f, "%-5s ns  min %llu  p50 %llu  p90 %llu  p99 %llu  p99.9 %llu  max %llu"
		"  mean %llu  stddev %llu  (%llu samples x %llu)\n",
		op, ULL(l->min), ULL(l->p50), ULL(l->p90), ULL(l->p99), ULL(l->p999),
		ULL(l->max), ULL(l->mean), ULL(l->stddev), ULL(l->samples), ULL(l->batch));
}

void point_print_text(FILE *f, const struct point *p)
{
	const struct p2pbench_result *r = &p->result;
	const struct dim *d;
	char buf[128];

	fputs("# point", f);
	for_each_dim(d) {
		if (d->type == DIM_COUNT || d->type == DIM_CONTEXT)
			continue;
		dim_format(d, p, buf, sizeof(buf));
		fprintf(f, " %s=%s", d->name, buf);
	}
	fputs("\n# context", f);
	for_each_dim(d)
		if (d->type == DIM_CONTEXT)
			fprintf(f, " %s=%s", d->name, dim_cstr(d, p)[0] ? dim_cstr(d, p) : "-");
	fprintf(f, " variant=%s repeat=%u\n", p->variant, p->repeat);
	if (p->refused_errno) {
		const char *n = strerrorname_np(p->refused_errno);

		fprintf(f, "refused   %s (%s): %.*s\n", n ? n : "?", strerror(p->refused_errno),
			(int)sizeof(r->msg), r->msg[0] ? r->msg : "(no reason given)");
		return;
	}
	fprintf(f, "verdict   %s", verdict_name(r->verdict));
	if (r->status) {
		const char *n = strerrorname_np(-r->status);

		fprintf(f, "  status %d (%s)", r->status, n ? n : "?");
	}
	if (r->checks_failed)
		fprintf(f, "  checks failed: %s",
			checks_format(r->checks_failed, buf, sizeof(buf)));
	if (r->verdict == P2PBENCH_VERDICT_FAIL || r->verdict == P2PBENCH_VERDICT_MAP_ERROR)
		fprintf(f, "  at iteration %u", r->fail_iteration);
	fputc('\n', f);
	if (r->msg[0])
		fprintf(f, "message   %.*s\n", (int)sizeof(r->msg), r->msg);
	fprintf(f, "path      %s  map type %s  group %.*s\n", path_name(r->path),
		map_type_name(r->map_type), (int)sizeof(r->importer_group_type),
		r->importer_group_type[0] ? r->importer_group_type : "-");
	lat_line(f, "map", &r->map);
	lat_line(f, "unmap", &r->unmap);
	fprintf(f, "per map   sg_nents %llu  dma_len %llu  iova_bytes %llu  iommu_map %llu"
		"  iommu_unmap %llu  iotlb_syncs %llu%s\n",
		ULL(r->sg_nents), ULL(r->dma_len), ULL(r->iova_bytes), ULL(r->iommu_map_calls),
		ULL(r->iommu_unmap_calls), ULL(r->iotlb_syncs),
		r->counts_varied ? "  (varied between iterations)" : "");
	fprintf(f, "timed     %llu map+unmap pairs in %.3f ms\n", ULL(r->iterations),
		(double)r->elapsed_ns / 1e6);
}
