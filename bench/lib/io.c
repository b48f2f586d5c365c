// SPDX-License-Identifier: GPL-2.0-only
/* End-to-end I/O records: build, key, store, load, collect (io.h). */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "errmsg.h"
#include "io.h"
#include "opt.h"
#include "point.h"
#include "results.h"
#include "units.h"
#include "version.h"

static const char *const statuses[IO_STATUS_NR] = {
	[IO_PASS] = "pass", [IO_FAIL] = "fail", [IO_UNSUPPORTED] = "unsupported",
};

/* Context members, in key order. */
static const char *const ctx_names[] = { "cpu", "topology", "iommu_mode", NULL };

const char *io_status_name(enum io_status s)
{
	return s < IO_STATUS_NR ? statuses[s] : "?";
}

int io_status_parse(const char *s)
{
	for (int i = 0; i < IO_STATUS_NR; i++)
		if (!strcmp(s, statuses[i]))
			return i;
	return -1;
}

json_t *io_record_new(const char *tool)
{
	json_t *r = json_object();
	char date[32];

	if (!r)
		return NULL;
	utc_now(date, sizeof(date));
	if (json_object_set_new(r, "format", json_integer(IO_FORMAT)) ||
	    json_object_set_new(r, "kind", json_string("io")) ||
	    json_object_set_new(r, "tool", json_string(tool)) ||
	    json_object_set_new(r, "variant", json_string("base")) ||
	    json_object_set_new(r, "repeat", json_integer(0)) ||
	    json_object_set_new(r, "params", json_object()) ||
	    json_object_set_new(r, "param_order", json_array()) ||
	    json_object_set_new(r, "context", json_object()) ||
	    json_object_set_new(r, "metrics", json_object()) ||
	    json_object_set_new(r, "date", json_string(date)) ||
	    json_object_set_new(r, "p2pbench_version", json_string(P2PBENCH_VERSION))) {
		json_decref(r);
		return NULL;
	}
	io_set_status(r, IO_PASS, 0, "");
	return r;
}

int io_set_param(json_t *rec, const char *name, const char *value)
{
	json_t *params = json_object_get(rec, "params"), *order = json_object_get(rec, "param_order");

	if (!json_object_get(params, name) && json_array_append_new(order, json_string(name)))
		return -1;
	return json_object_set_new(params, name, json_string(value));
}

int io_set_params(json_t *rec, const struct opt *params, const void *values)
{
	const struct opt *o;
	char v[256];

	for_each_opt(o, params)
		if (!(o->flags & OPT_NOKEY) && *opt_format(o, values, v, sizeof(v)) &&
		    io_set_param(rec, o->name, v))
			return -1;
	return 0;
}

int io_set_context(json_t *rec, const char *name, const char *value)
{
	return json_object_set_new(json_object_get(rec, "context"), name, json_string(value));
}

int io_set_metric(json_t *rec, const char *name, double v)
{
	json_t *m = json_object_get(rec, "metrics");

	if (isnan(v) || isinf(v)) {
		json_object_del(m, name);
		return 0;
	}
	if (v == floor(v) && fabs(v) < 9e15)
		return json_object_set_new(m, name, json_integer((json_int_t)v));
	return json_object_set_new(m, name, json_real(v));
}

void io_set_status(json_t *rec, enum io_status s, int e, const char *msg)
{
	json_object_set_new(rec, "status", json_string(io_status_name(s)));
	json_object_set_new(rec, "errno", json_integer(e));
	json_object_set_new(rec, "error", json_string(e ? strerrorname_np(e) ? strerrorname_np(e) : "?" : ""));
	json_object_set_new(rec, "msg", json_string(msg ? msg : ""));
}

static const char *jstr(const json_t *o, const char *name, const char *def)
{
	const json_t *v = json_object_get(o, name);

	return json_is_string(v) ? json_string_value(v) : def;
}

void io_key(const json_t *rec, char *buf, size_t len)
{
	const json_t *params = json_object_get(rec, "params"), *order = json_object_get(rec, "param_order");
	const json_t *ctx = json_object_get(rec, "context"), *v;
	size_t used, i;

	used = (size_t)snprintf(buf, len, "%s", jstr(rec, "tool", "?"));
	json_array_foreach(order, i, v) {
		const char *name = json_string_value(v);

		if (name && used < len)
			used += (size_t)snprintf(buf + used, len - used, ",%s=%s", name,
						 jstr(params, name, ""));
	}
	for (i = 0; ctx_names[i]; i++) {
		const char *s = jstr(ctx, ctx_names[i], "");

		if (*s && used < len)
			used += (size_t)snprintf(buf + used, len - used, ",%s=%s", ctx_names[i], s);
	}
}

/* ---------------- order ---------------- */

static int value_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	char x[128], y[128];
	uint64_t u, v;

	if (na < sizeof(x) && nb < sizeof(y)) {
		memcpy(x, a, na);
		x[na] = '\0';
		memcpy(y, b, nb);
		y[nb] = '\0';
		if (!parse_size(x, &u) && !parse_size(y, &v) && u != v)
			return u < v ? -1 : 1;
	}
	int c = strncmp(a, b, na < nb ? na : nb);
	return c ? c : na < nb ? -1 : na > nb;
}

int io_key_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		size_t na = strcspn(a, ","), nb = strcspn(b, ",");
		const char *ea = memchr(a, '=', na), *eb = memchr(b, '=', nb);
		int c;

		if (ea && eb && ea - a == eb - b && !strncmp(a, b, (size_t)(ea - a)))
			c = value_cmp(ea + 1, na - (size_t)(ea - a) - 1, eb + 1, nb - (size_t)(eb - b) - 1);
		else
			c = value_cmp(a, na, b, nb);
		if (c)
			return c;
		a += na + (a[na] == ',');
		b += nb + (b[nb] == ',');
	}
	return 0;
}

static int iopoint_cmp(const void *x, const void *y)
{
	const struct iopoint *a = x, *b = y;
	int c = io_key_cmp(a->key, b->key);

	if (c)
		return c;
	if (a->repeat != b->repeat)
		return a->repeat < b->repeat ? -1 : 1;
	return strcmp(a->variant, b->variant);
}

/* ---------------- access ---------------- */

double io_metric(const struct iopoint *p, const char *name)
{
	const json_t *v = json_object_get(json_object_get(p->j, "metrics"), name);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *io_param(const struct iopoint *p, const char *name)
{
	return jstr(json_object_get(p->j, "params"), name, NULL);
}

const char *io_ctx(const struct iopoint *p, const char *name)
{
	return jstr(json_object_get(p->j, "context"), name, "");
}

const char *io_msg(const struct iopoint *p)
{
	return jstr(p->j, "msg", "");
}

/* ---------------- files ---------------- */

static void file_name(const json_t *rec, char *buf, size_t len)
{
	char key[1024];
	uint64_t h = 0xcbf29ce484222325ULL;
	json_int_t repeat = json_integer_value(json_object_get(rec, "repeat"));

	io_key(rec, key, sizeof(key));
	for (char *s = key; *s; s++) {
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
		if (*s == '/' || *s == ' ')
			*s = '_';
	}
	if (strlen(key) > 160)
		snprintf(buf, len, "%.150s~%016llx,repeat=%lld.json", key, (unsigned long long)h,
			 (long long)repeat);
	else
		snprintf(buf, len, "%s,repeat=%lld.json", key, (long long)repeat);
}

int io_save(const char *dir, json_t *rec, char *path, size_t pathlen, char *err, size_t errlen)
{
	char sub[4200], file[512], full[4800], key[1024];

	io_key(rec, key, sizeof(key));
	if (json_object_set_new(rec, "key", json_string(key)))
		return errf(err, errlen, "out of memory");
	snprintf(sub, sizeof(sub), "%s/io", dir);
	if (mkdir_p(sub, err, errlen))
		return -1;
	file_name(rec, file, sizeof(file));
	snprintf(full, sizeof(full), "%s/%s", sub, file);
	if (atomic_write_json(full, rec, err, errlen))
		return -1;
	if (path)
		snprintf(path, pathlen, "%s", full);
	return io_collect(dir, err, errlen);
}

bool io_stored(const char *dir, const json_t *rec)
{
	char file[512], full[4800];
	struct stat st;

	file_name(rec, file, sizeof(file));
	snprintf(full, sizeof(full), "%s/io/%s", dir, file);
	return !stat(full, &st);
}

bool io_present(const char *dir)
{
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/io", dir);
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return true;
	snprintf(path, sizeof(path), "%s/io.json", dir);
	return !stat(path, &st);
}

static int add_point(struct io_results *r, json_t *j, const char *where, char *err, size_t errlen)
{
	struct iopoint *p, *n;
	const char *st;
	int s;

	if (!json_is_object(j) || json_integer_value(json_object_get(j, "format")) != IO_FORMAT ||
	    !json_is_string(json_object_get(j, "tool")) || !json_is_string(json_object_get(j, "key")) ||
	    !json_is_object(json_object_get(j, "params")) ||
	    !json_is_object(json_object_get(j, "metrics")))
		return errf(err, errlen, "%s: not a p2pbench I/O record (format %d)", where, IO_FORMAT);
	st = jstr(j, "status", "");
	s = io_status_parse(st);
	if (s < 0)
		return errf(err, errlen, "%s: status: '%s' is not pass, fail or unsupported", where, st);
	n = realloc(r->pts, (r->n + 1) * sizeof(*r->pts));
	if (!n)
		return errf(err, errlen, "out of memory");
	r->pts = n;
	p = &r->pts[r->n++];
	p->j = json_incref(j);
	p->tool = jstr(j, "tool", "?");
	p->key = jstr(j, "key", "?");
	p->variant = jstr(j, "variant", "base");
	p->repeat = (unsigned int)json_integer_value(json_object_get(j, "repeat"));
	p->status = (enum io_status)s;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(const char *sub, struct io_results *r, char *err, size_t errlen)
{
	DIR *d = opendir(sub);
	struct dirent *de;
	char **names = NULL, path[4600];
	size_t n = 0;
	int ret = 0;

	if (!d)
		return errf(err, errlen, "%s: %s", sub, strerror(errno));
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char **nn;

		if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".json"))
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn || !(nn[n] = strdup(de->d_name))) {
			names = nn ? nn : names;
			ret = errf(err, errlen, "out of memory");
			break;
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n && !ret; i++) {
		json_t *j;

		snprintf(path, sizeof(path), "%s/%s", sub, names[i]);
		if (json_load_path(path, &j, err, errlen)) {
			ret = -1;
			break;
		}
		ret = add_point(r, j, path, err, errlen);
		json_decref(j);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

int io_load(const char *dir, struct io_results *r, char *err, size_t errlen)
{
	char path[4200];
	struct stat st;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "%s/io", dir);
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		ret = load_dir(path, r, err, errlen);
	} else {
		json_t *j, *arr, *v;
		size_t i;

		snprintf(path, sizeof(path), "%s/io.json", dir);
		if (stat(path, &st))
			return 0;
		if (json_load_path(path, &j, err, errlen))
			return -1;
		arr = json_object_get(j, "io");
		if (!json_is_array(arr))
			ret = errf(err, errlen, "%s: io: missing or not an array", path);
		json_array_foreach(arr, i, v) {
			char where[4300];

			snprintf(where, sizeof(where), "%s: io[%zu]", path, i);
			if ((ret = add_point(r, v, where, err, errlen)))
				break;
		}
		json_decref(j);
	}
	if (ret) {
		io_results_free(r);
		return -1;
	}
	if (r->n)
		qsort(r->pts, r->n, sizeof(*r->pts), iopoint_cmp);
	for (size_t i = 1; i < r->n; i++)
		if (!iopoint_cmp(&r->pts[i - 1], &r->pts[i])) {
			errf(err, errlen, "%s: two I/O records hold %s, repeat %u", dir, r->pts[i].key,
			     r->pts[i].repeat);
			io_results_free(r);
			return -1;
		}
	return 0;
}

void io_results_free(struct io_results *r)
{
	for (size_t i = 0; i < r->n; i++)
		json_decref(r->pts[i].j);
	free(r->pts);
	memset(r, 0, sizeof(*r));
}

/* ---------------- io.json, io.csv ---------------- */

struct names {
	const char **v;
	size_t n;
};

static int names_add(struct names *s, const char *name)
{
	const char **n;

	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], name))
			return 0;
	n = realloc(s->v, (s->n + 1) * sizeof(*n));
	if (!n)
		return -1;
	s->v = n;
	s->v[s->n++] = name;
	return 0;
}

static int strp_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct csv_arg {
	const struct io_results *r;
	struct names params, metrics;
};

static int fill_csv(FILE *f, void *arg)
{
	struct csv_arg *a = arg;

	fputs("key,tool,variant,repeat,status,errno", f);
	for (size_t i = 0; i < a->params.n; i++)
		fprintf(f, ",%s", a->params.v[i]);
	for (size_t i = 0; ctx_names[i]; i++)
		fprintf(f, ",%s", ctx_names[i]);
	for (size_t i = 0; i < a->metrics.n; i++)
		fprintf(f, ",%s", a->metrics.v[i]);
	fputs(",msg\n", f);
	for (size_t k = 0; k < a->r->n; k++) {
		const struct iopoint *p = &a->r->pts[k];
		char key[1024];

		/* ';' between the key's fields: the column needs no quoting. */
		snprintf(key, sizeof(key), "%s", p->key);
		for (char *c = key; *c; c++)
			if (*c == ',')
				*c = ';';
		csv_str(f, key);
		fprintf(f, ",%s,", p->tool);
		csv_str(f, p->variant);
		fprintf(f, ",%u,%s,%lld", p->repeat, io_status_name(p->status),
			(long long)json_integer_value(json_object_get(p->j, "errno")));
		for (size_t i = 0; i < a->params.n; i++) {
			const char *v = io_param(p, a->params.v[i]);

			fputc(',', f);
			csv_str(f, v ? v : "");
		}
		for (size_t i = 0; ctx_names[i]; i++) {
			fputc(',', f);
			csv_str(f, io_ctx(p, ctx_names[i]));
		}
		for (size_t i = 0; i < a->metrics.n; i++) {
			double v = io_metric(p, a->metrics.v[i]);

			if (isnan(v))
				fputc(',', f);
			else
				fprintf(f, ",%.15g", v);
		}
		fputc(',', f);
		csv_str(f, io_msg(p));
		fputc('\n', f);
	}
	return 0;
}

int io_collect(const char *dir, char *err, size_t errlen)
{
	struct io_results r;
	struct csv_arg a = { .r = &r };
	char path[4200];
	json_t *j, *arr;
	int ret = -1;

	if (io_load(dir, &r, err, errlen))
		return -1;
	j = json_object();
	arr = json_array();
	if (!j || !arr || json_object_set_new(j, "format", json_integer(IO_FORMAT)) ||
	    json_object_set(j, "io", arr)) {
		errf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r.n; i++) {
		const json_t *order = json_object_get(r.pts[i].j, "param_order"), *v;
		const char *name;
		size_t k;

		json_array_append(arr, r.pts[i].j);
		json_array_foreach(order, k, v)
			if (json_is_string(v) && names_add(&a.params, json_string_value(v)))
				goto oom;
		json_object_foreach(json_object_get(r.pts[i].j, "metrics"), name, v)
			if (names_add(&a.metrics, name))
				goto oom;
	}
	if (a.metrics.n)
		qsort(a.metrics.v, a.metrics.n, sizeof(*a.metrics.v), strp_cmp);
	snprintf(path, sizeof(path), "%s/io.json", dir);
	if (atomic_write_json(path, j, err, errlen))
		goto out;
	snprintf(path, sizeof(path), "%s/io.csv", dir);
	if (atomic_write(path, fill_csv, &a, err, errlen))
		goto out;
	ret = 0;
	goto out;
oom:
	errf(err, errlen, "out of memory");
out:
	free(a.params.v);
	free(a.metrics.v);
	json_decref(arr);
	json_decref(j);
	io_results_free(&r);
	return ret;
}
