// SPDX-License-Identifier: GPL-2.0-only
/* Results directories: atomic files, point files, loading, collecting. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bind.h"
#include "errmsg.h"
#include "io.h"
#include "names.h"
#include "results.h"
#include "sweep.h"

/* ---------------- atomic files ---------------- */

static void split_path(const char *path, char *dir, size_t dirlen, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		snprintf(dir, dirlen, ".");
		*base = path;
	} else if (slash == path) {
		snprintf(dir, dirlen, "/");
		*base = slash + 1;
	} else {
		snprintf(dir, dirlen, "%.*s", (int)(slash - path), path);
		*base = slash + 1;
	}
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	/* Some filesystems cannot sync a directory; the rename still holds. */
	if (ret && (errno == EINVAL || errno == ENOTSUP))
		ret = 0;
	close(fd);
	return ret;
}

int atomic_write(const char *path, int (*fill)(FILE *f, void *arg), void *arg,
		 char *err, size_t errlen)
{
	char dir[4096], tmp[4352];
	const char *base;
	FILE *f;
	int fd, e;

	split_path(path, dir, sizeof(dir), &base);
	/* A dot file: directory readers skip it if a crash leaves it behind. */
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.tmp.%ld", dir, base, (long)getpid()) >= sizeof(tmp))
		return errf(err, errlen, "%s: path too long", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return errf(err, errlen, "%s: %s", tmp, strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		e = errno;
		close(fd);
		unlink(tmp);
		return errf(err, errlen, "%s: %s", tmp, strerror(e));
	}
	if (fill(f, arg) || fflush(f) || ferror(f)) {
		e = errno ? errno : EIO;
		fclose(f);
		unlink(tmp);
		return errf(err, errlen, "%s: write failed: %s", tmp, strerror(e));
	}
	if (fsync(fileno(f))) {
		e = errno;
		fclose(f);
		unlink(tmp);
		return errf(err, errlen, "%s: fsync: %s", tmp, strerror(e));
	}
	if (fclose(f)) {
		e = errno;
		unlink(tmp);
		return errf(err, errlen, "%s: close: %s", tmp, strerror(e));
	}
	if (rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		return errf(err, errlen, "%s: rename from %s: %s", path, tmp, strerror(e));
	}
	if (fsync_dir(dir))
		return errf(err, errlen, "%s: fsync: %s", dir, strerror(errno));
	return 0;
}

static int fill_json(FILE *f, void *arg)
{
	if (json_dumpf(arg, f, JSON_INDENT(1) | JSON_SORT_KEYS))
		return -1;
	return fputc('\n', f) == EOF ? -1 : 0;
}

int atomic_write_json(const char *path, const json_t *j, char *err, size_t errlen)
{
	return atomic_write(path, fill_json, (void *)j, err, errlen);
}

int mkdir_p(const char *path, char *err, size_t errlen)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return errf(err, errlen, "'%s': bad directory name", path);
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || !*p) {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, 0755) && errno != EEXIST)
				return errf(err, errlen, "%s: %s", buf, strerror(errno));
			*p = c;
			if (!c)
				break;
		}
	}
	struct stat st;
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return errf(err, errlen, "%s: not a directory", path);
	return 0;
}

/* ---------------- points ---------------- */

bool point_failed(const struct point *p)
{
	return p->refused_errno || p->result.status ||
	       p->result.verdict == P2PBENCH_VERDICT_FAIL ||
	       p->result.verdict == P2PBENCH_VERDICT_MAP_ERROR;
}

static const char *errno_name(int e)
{
	const char *n = e > 0 ? strerrorname_np(e) : NULL;

	return n ? n : "E?";
}

void point_failure(const struct point *p, char *buf, size_t len)
{
	const struct p2pbench_result *r = &p->result;
	char checks[128];
	int m = (int)strnlen(r->msg, sizeof(r->msg));

	if (p->refused_errno)
		snprintf(buf, len, "refused %s%s%.*s", errno_name(p->refused_errno), m ? ": " : "",
			 m, r->msg);
	else if (r->verdict == P2PBENCH_VERDICT_FAIL)
		snprintf(buf, len, "fail (%s)%s%.*s",
			 checks_format(r->checks_failed, checks, sizeof(checks)), m ? ": " : "", m, r->msg);
	else if (r->status || r->verdict == P2PBENCH_VERDICT_MAP_ERROR)
		snprintf(buf, len, "map-error %s%s%.*s", errno_name(-r->status), m ? ": " : "", m, r->msg);
	else if (len)
		buf[0] = '\0';
}

int point_key_cmp(const struct point *a, const struct point *b)
{
	const struct dim *d;
	int c;

	for_each_dim(d) {
		if (d->type == DIM_CONTEXT) {
			c = strcmp(dim_cstr(d, a), dim_cstr(d, b));
			if (c)
				return c;
		} else if (d->type == DIM_RUN) {
			uint64_t x = dim_get(d, a), y = dim_get(d, b);

			if (x != y)
				return x < y ? -1 : 1;
		}
	}
	return 0;
}

int point_cmp(const struct point *a, const struct point *b)
{
	int c = point_key_cmp(a, b);

	if (c)
		return c;
	if (a->boot != b->boot)
		return a->boot < b->boot ? -1 : 1;
	if (a->repeat != b->repeat)
		return a->repeat < b->repeat ? -1 : 1;
	return strcmp(a->variant, b->variant);
}

static int cmp_points(const void *a, const void *b)
{
	return point_cmp(a, b);
}

void points_sort(struct point *pts, size_t n)
{
	if (n)
		qsort(pts, n, sizeof(*pts), cmp_points);
}

#define FILE_KEY_MAX 160	/* leaves room for ",boot=B,repeat=N.json" and temp names */

void point_file_name(const struct point *p, char *buf, size_t len)
{
	char key[1024], rep[48];

	/* Boot 0 keeps the name older tools gave, so their directories resume. */
	if (p->boot)
		snprintf(rep, sizeof(rep), "boot=%u,repeat=%u", p->boot, p->repeat);
	else
		snprintf(rep, sizeof(rep), "repeat=%u", p->repeat);

	point_key(p, key, sizeof(key));
	if (strlen(key) > FILE_KEY_MAX) {
		uint64_t h = 0xcbf29ce484222325ULL;

		for (const char *s = key; *s; s++)
			h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
		snprintf(buf, len, "%.*s~%016" PRIx64 ",%s.json", FILE_KEY_MAX - 17, key, h, rep);
		return;
	}
	snprintf(buf, len, "%s,%s.json", key, rep);
}

int point_save(const char *dir, const struct point *p, char *path, size_t pathlen,
	       char *err, size_t errlen)
{
	char name[256], buf[4352];
	json_t *j;
	int ret;

	point_file_name(p, name, sizeof(name));
	if ((size_t)snprintf(buf, sizeof(buf), "%s/points/%s", dir, name) >= sizeof(buf))
		return errf(err, errlen, "%s: path too long", dir);
	j = point_to_json(p);
	if (!j)
		return errf(err, errlen, "%s: out of memory", buf);
	ret = atomic_write_json(buf, j, err, errlen);
	json_decref(j);
	if (!ret && path)
		snprintf(path, pathlen, "%s", buf);
	return ret;
}

int json_load_path(const char *path, json_t **j, char *err, size_t errlen)
{
	json_error_t e;

	*j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (*j)
		return 0;
	if (e.line < 0)	/* could not open or read */
		return errf(err, errlen, "%s: %s", path, e.text);
	return errf(err, errlen, "%s:%d:%d: %s", path, e.line, e.column, e.text);
}

int point_load(const char *path, struct point *p, char *err, size_t errlen)
{
	char why[256];
	json_t *j;
	int ret;

	if (json_load_path(path, &j, err, errlen))
		return -1;
	ret = point_from_json(j, p, why, sizeof(why));
	json_decref(j);
	if (ret)
		return errf(err, errlen, "%s: %s", path, why);
	return 0;
}

/* ---------------- directories ---------------- */

/* Points being loaded, each with where it came from (for messages). */
struct entry {
	struct point p;
	char *file;
};

struct plist {
	struct entry *e;
	size_t n, cap;
};

static int plist_add(struct plist *l, const struct point *p, const char *file)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct entry *ne = realloc(l->e, cap * sizeof(*ne));

		if (!ne)
			return -1;
		l->e = ne;
		l->cap = cap;
	}
	l->e[l->n].file = strdup(file);
	if (!l->e[l->n].file)
		return -1;
	l->e[l->n++].p = *p;
	return 0;
}

static void plist_free(struct plist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->e[i].file);
	free(l->e);
	memset(l, 0, sizeof(*l));
}

static int load_points_dir(const char *pdir, struct plist *l, char *err, size_t errlen)
{
	DIR *d = opendir(pdir);
	struct dirent *de;
	char path[4352];
	struct point p;

	if (!d)
		return errf(err, errlen, "%s: %s", pdir, strerror(errno));
	while ((errno = 0, de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.' || n < 6 || strcmp(de->d_name + n - 5, ".json"))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", pdir, de->d_name) >= sizeof(path)) {
			closedir(d);
			return errf(err, errlen, "%s: path too long", pdir);
		}
		if (point_load(path, &p, err, errlen)) {
			closedir(d);
			return -1;
		}
		if (plist_add(l, &p, path)) {
			closedir(d);
			return errf(err, errlen, "%s: out of memory", pdir);
		}
	}
	if (errno) {
		int e = errno;

		closedir(d);
		return errf(err, errlen, "%s: %s", pdir, strerror(e));
	}
	closedir(d);
	return 0;
}

static int load_points_json(const char *path, struct plist *l, char *err, size_t errlen)
{
	const json_t *arr;
	json_t *j;
	char why[256], where[64];
	size_t i;
	json_t *v;

	if (json_load_path(path, &j, err, errlen))
		return -1;
	arr = json_object_get(j, "points");
	if (!json_is_array(arr)) {
		json_decref(j);
		return errf(err, errlen, "%s: points: missing or not an array", path);
	}
	json_array_foreach(arr, i, v) {
		struct point p;

		if (point_from_json(v, &p, why, sizeof(why))) {
			json_decref(j);
			return errf(err, errlen, "%s: points[%zu]: %s", path, i, why);
		}
		snprintf(where, sizeof(where), "points[%zu]", i);
		if (plist_add(l, &p, where)) {
			json_decref(j);
			return errf(err, errlen, "%s: out of memory", path);
		}
	}
	json_decref(j);
	return 0;
}

static int cmp_entries(const void *a, const void *b)
{
	return point_cmp(&((const struct entry *)a)->p, &((const struct entry *)b)->p);
}

/* Sort L and refuse two files holding the same point. */
static int sort_unique(struct plist *l, char *err, size_t errlen)
{
	if (l->n)
		qsort(l->e, l->n, sizeof(*l->e), cmp_entries);
	for (size_t i = 1; i < l->n; i++)
		if (!point_cmp(&l->e[i - 1].p, &l->e[i].p))
			return errf(err, errlen, "%s and %s hold the same point (variant %s, boot %u, "
				    "repeat %u)", l->e[i - 1].file, l->e[i].file, l->e[i].p.variant,
				    l->e[i].p.boot, l->e[i].p.repeat);
	return 0;
}

int results_load(const char *dir, struct results *r, char *err, size_t errlen)
{
	char path[4352];
	struct plist l = { 0 };
	struct stat st;

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return errf(err, errlen, "%s: not a results directory (%s)", dir,
			    errno ? strerror(errno) : "not a directory");
	snprintf(path, sizeof(path), "%s/points", dir);
	if (!stat(path, &st)) {
		if (load_points_dir(path, &l, err, errlen))
			goto fail;
	} else {
		snprintf(path, sizeof(path), "%s/points.json", dir);
		if (stat(path, &st) && !io_present(dir)) {
			errf(err, errlen, "%s: no results (neither points/ nor points.json)", dir);
			goto fail;
		}
		/* Only end-to-end I/O points (io.h): no mapping points. */
		if (!stat(path, &st) && load_points_json(path, &l, err, errlen))
			goto fail;
	}
	if (sort_unique(&l, err, errlen))
		goto fail;
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	if (!stat(path, &st) && json_load_path(path, &r->meta, err, errlen))
		goto fail;
	r->pts = malloc((l.n ? l.n : 1) * sizeof(*r->pts));
	if (!r->pts) {
		errf(err, errlen, "%s: out of memory", dir);
		goto fail;
	}
	for (size_t i = 0; i < l.n; i++)
		r->pts[i] = l.e[i].p;
	r->n = l.n;
	plist_free(&l);
	return 0;
fail:
	plist_free(&l);
	json_decref(r->meta);
	r->meta = NULL;
	return -1;
}

void results_free(struct results *r)
{
	json_decref(r->meta);
	free(r->pts);
	memset(r, 0, sizeof(*r));
}

static int fill_csv(FILE *f, void *arg)
{
	const struct results *r = arg;

	point_csv_header(f);
	for (size_t i = 0; i < r->n; i++)
		point_csv_row(f, &r->pts[i]);
	return 0;
}

int results_collect(const char *dir, char *err, size_t errlen)
{
	char path[4352], now[32];
	struct results r;
	json_t *j, *arr, *top, *extra = NULL;
	size_t failed = 0;
	struct stat st;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/points", dir);
	if (stat(path, &st))
		return errf(err, errlen, "%s: no points/ directory to collect", dir);
	if (results_load(dir, &r, err, errlen))
		return -1;
	arr = json_array();
	j = json_object();
	top = json_object();
	if (!arr || !j || !top)
		goto oom;
	for (size_t i = 0; i < r.n; i++) {
		json_t *p = point_to_json(&r.pts[i]);

		if (!p || json_array_append_new(arr, p))
			goto oom;
		failed += point_failed(&r.pts[i]);
	}
	if (json_object_set_new(j, "format", json_integer(RESULTS_FORMAT)) ||
	    json_object_set(j, "points", arr))
		goto oom;
	snprintf(path, sizeof(path), "%s/points.json", dir);
	if (atomic_write_json(path, j, err, errlen))
		goto out;
	snprintf(path, sizeof(path), "%s/points.csv", dir);
	if (atomic_write(path, fill_csv, &r, err, errlen))
		goto out;
	/* The orchestrator's host-side notes (key=value), if it left any. */
	snprintf(path, sizeof(path), "%s/host-meta.txt", dir);
	if (!stat(path, &st)) {
		if (meta_read_extra(path, &extra, err, errlen))
			goto out;
		if (json_object_set_new(top, "host", extra))
			goto oom;
	}
	utc_now(now, sizeof(now));
	json_t *c = json_pack("{s:s, s:I, s:I}", "date", now, "points", (json_int_t)r.n,
			      "failed", (json_int_t)failed);
	if (!c || json_object_set_new(top, "collected", c))
		goto oom;
	ret = meta_update(dir, top, NULL, NULL, err, errlen);
	goto out;
oom:
	errf(err, errlen, "%s: out of memory", dir);
out:
	json_decref(arr);
	json_decref(j);
	json_decref(top);
	results_free(&r);
	return ret;
}

/* ---------------- meta.json ---------------- */

void utc_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void command_line(int argc, char **argv, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (int i = 0; i < argc && used < len; i++) {
		const char *a = argv[i];
		int plain = *a != '\0';

		for (const char *s = a; *s; s++)
			if (!isalnum((unsigned char)*s) && !strchr("-_./=:,+@%", *s))
				plain = 0;
		if (i)
			used += (size_t)snprintf(buf + used, len - used, " ");
		if (plain) {
			used += (size_t)snprintf(buf + used, len - used, "%s", a);
			continue;
		}
		used += (size_t)snprintf(buf + used, len - used, "'");
		for (const char *s = a; *s && used < len; s++)
			used += (size_t)snprintf(buf + used, len - used, *s == '\'' ? "'\\''" : "%c", *s);
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "'");
	}
}

/* First line of FILE, or the value of "KEY<sep>" in it; "" when absent. */
static void read_line(const char *file, const char *key, char *buf, size_t len)
{
	FILE *f = fopen(file, "r");
	char line[1024];

	buf[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!key) {
			snprintf(buf, len, "%s", line);
			break;
		}
		if (!strncmp(line, key, strlen(key))) {
			char *colon = strchr(line, ':');

			if (colon) {
				colon++;
				while (*colon == ' ' || *colon == '\t')
					colon++;
				snprintf(buf, len, "%s", colon);
				break;
			}
		}
	}
	fclose(f);
}

static const char *iommu_driver_of(const char *name)
{
	if (!strncmp(name, "dmar", 4))
		return "intel-iommu";
	if (!strncmp(name, "ivhd", 4))
		return "amd-iommu";
	if (strstr(name, "smmu"))
		return "arm-smmu";
	return "?";
}

/* P's context dimensions that have a value, NAME EQ VALUE, SEP apart;
 * NONE when there are none. */
static void context_join(const struct point *p, const char *eq, const char *sep, const char *none,
			 char *buf, size_t len)
{
	const struct dim *d;
	size_t used = 0;

	buf[0] = '\0';
	for_each_dim(d)
		if (d->type == DIM_CONTEXT && dim_cstr(d, p)[0] && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s%s%s", used ? sep : "",
						 d->name, eq, dim_cstr(d, p));
	if (!used)
		snprintf(buf, len, "%s", none);
}

void point_context_key(const struct point *p, char *buf, size_t len)
{
	context_join(p, "=", ",", "any", buf, len);
}

void point_context_title(const struct point *p, const char *none, char *buf, size_t len)
{
	context_join(p, " ", ", ", none, buf, len);
}

bool point_same_context(const struct point *a, const struct point *b)
{
	const struct dim *d;

	for_each_dim(d)
		if (d->type == DIM_CONTEXT && strcmp(dim_cstr(d, a), dim_cstr(d, b)))
			return false;
	return true;
}

bool point_same_key(const struct point *a, const struct point *b)
{
	const struct dim *d;

	for_each_dim(d)
		if (d->type == DIM_RUN && dim_get(d, a) != dim_get(d, b))
			return false;
	return point_same_context(a, b);
}

const char *meta_context_iommu_driver(json_t *meta, const char *ctx)
{
	json_t *ctxs = json_object_get(meta, "contexts"), *c;
	size_t n = strlen(ctx);
	const char *k;

	json_object_foreach(ctxs, k, c) {
		json_t *drv = json_object_get(json_object_get(c, "machine"), "iommu_driver");

		if (!strncmp(k, ctx, n) && (!k[n] || !strncmp(k + n, ",boot=", 6)) &&
		    json_is_string(drv) && json_string_length(drv))
			return json_string_value(drv);
	}
	return NULL;
}

json_t *meta_machine(void)
{
	json_t *m = json_object(), *iommus = json_array();
	char buf[4096];
	struct utsname u;
	DIR *d;

	if (!m || !iommus) {
		json_decref(m);
		json_decref(iommus);
		return NULL;
	}
	if (!uname(&u)) {
		json_object_set_new(m, "kernel_release", json_string(u.release));
		json_object_set_new(m, "kernel_version", json_string(u.version));
		json_object_set_new(m, "machine", json_string(u.machine));
		json_object_set_new(m, "hostname", json_string(u.nodename));
	}
	read_line("/proc/cmdline", NULL, buf, sizeof(buf));
	json_object_set_new(m, "cmdline", json_string(buf));
	read_line("/proc/cpuinfo", "model name", buf, sizeof(buf));
	json_object_set_new(m, "cpu_model", json_string(buf));
	read_line("/proc/cpuinfo", "vendor_id", buf, sizeof(buf));
	json_object_set_new(m, "cpu_vendor", json_string(buf));
	read_line("/proc/cpuinfo", "cpu family", buf, sizeof(buf));
	json_object_set_new(m, "cpu_family", json_string(buf));
	json_object_set_new(m, "cpus", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
	/* /sys/class/iommu/<unit>: dmar0 (intel), ivhd0 (amd), ... */
	d = opendir("/sys/class/iommu");
	const char *driver = "none";
	if (d) {
		struct dirent *de;

		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			json_array_append_new(iommus, json_string(de->d_name));
			driver = iommu_driver_of(de->d_name);
		}
		closedir(d);
	}
	json_object_set_new(m, "iommu_driver", json_string(driver));
	json_object_set_new(m, "iommu_units", iommus);
	return m;
}

json_t *meta_devices(const struct p2pbench_info *info)
{
	char exp[BDF_STRLEN], imp[BDF_STRLEN], hex[32];
	json_t *m, *methods;

	m = json_object();
	methods = json_object();
	if (!m || !methods) {
		json_decref(m);
		json_decref(methods);
		return NULL;
	}
	for (unsigned int i = 0; i < P2PBENCH_METHOD_COUNT; i++) {
		const char *why = info->unavailable[i];
		size_t n = strnlen(why, sizeof(info->unavailable[i]));

		json_object_set_new(methods, method_name(i),
				    info->methods_available & (1U << i) ? json_string("available") :
				    json_stringn(why, n));
	}
	json_object_set_new(m, "methods", methods);
	json_object_set_new(m, "setup_done", json_boolean(info->setup_done));
	if (!info->setup_done)
		return m;
	json_object_set_new(m, "exporter", json_string(bdf_format(&info->exporter, exp, sizeof(exp))));
	json_object_set_new(m, "importer", json_string(bdf_format(&info->importer, imp, sizeof(imp))));
	json_object_set_new(m, "bar", json_integer(info->bar));
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)info->bar_start);
	json_object_set_new(m, "bar_start", json_string(hex));
	json_object_set_new(m, "bar_len", json_integer((json_int_t)info->bar_len));
	json_object_set_new(m, "bus_offset", json_integer((json_int_t)info->bus_offset));
	json_object_set_new(m, "importer_group", json_integer(info->importer_group));
	json_object_set_new(m, "importer_group_type",
			    json_stringn(info->importer_group_type,
					 strnlen(info->importer_group_type, sizeof(info->importer_group_type))));
	json_object_set_new(m, "p2p_distance", json_integer(info->p2p_distance));
	json_object_set_new(m, "map_type", json_string(map_type_name(info->map_type)));
	json_object_set_new(m, "max_seg_size", json_integer(info->max_seg_size));
	return m;
}

int meta_read_extra(const char *path, json_t **j, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	unsigned int lineno = 0;
	int c;

	*j = NULL;
	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	while ((c = fgetc(f)) != EOF && isspace(c))
		;
	if (c == '{') {
		fclose(f);
		if (json_load_path(path, j, err, errlen))
			return -1;
		if (!json_is_object(*j)) {
			json_decref(*j);
			*j = NULL;
			return errf(err, errlen, "%s: not a JSON object", path);
		}
		return 0;
	}
	rewind(f);
	*j = json_object();
	if (!*j) {
		fclose(f);
		return errf(err, errlen, "%s: out of memory", path);
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq, *s = line;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq || eq == s) {
			fclose(f);
			json_decref(*j);
			*j = NULL;
			return errf(err, errlen, "%s:%u: expected key=value", path, lineno);
		}
		*eq = '\0';
		json_object_set_new(*j, s, json_string(eq + 1));
	}
	fclose(f);
	return 0;
}

int meta_update(const char *dir, json_t *top, const char *context_key, json_t *context,
		char *err, size_t errlen)
{
	char path[4352];
	json_t *meta = NULL, *ctxs;
	struct stat st;
	int ret;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	if (!stat(path, &st)) {
		if (json_load_path(path, &meta, err, errlen))
			return -1;
		if (!json_is_object(meta)) {
			json_decref(meta);
			return errf(err, errlen, "%s: not a JSON object", path);
		}
	} else {
		meta = json_object();
		if (!meta)
			return errf(err, errlen, "%s: out of memory", path);
	}
	json_object_set_new(meta, "format", json_integer(RESULTS_FORMAT));
	if (top && json_object_update(meta, top))
		goto oom;
	if (context_key && context) {
		ctxs = json_object_get(meta, "contexts");
		if (!json_is_object(ctxs)) {
			ctxs = json_object();
			if (!ctxs || json_object_set_new(meta, "contexts", ctxs))
				goto oom;
		}
		if (json_object_set(ctxs, context_key, context))
			goto oom;
	}
	ret = atomic_write_json(path, meta, err, errlen);
	json_decref(meta);
	return ret;
oom:
	json_decref(meta);
	return errf(err, errlen, "%s: out of memory", path);
}
