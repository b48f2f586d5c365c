// SPDX-License-Identifier: GPL-2.0-only
/*
 * Results directories: atomic writes, point files, loading corrupt and
 * truncated files, collect, meta.json, and the module's point store
 * (module_ops) under the run loop: resume and interruption, with a fake
 * run in place of the module's.
 */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "module_driver.h"
#include "results.h"
#include "synth.h"
#include "unit.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Files in DIR whose name starts with '.' (temporaries). */
static int dot_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static int fill_text(FILE *f, void *arg)
{
	return fputs(arg, f) < 0 ? -1 : 0;
}

static int fill_fails(FILE *f, void *arg)
{
	(void)arg;
	fputs("half", f);
	return -1;
}

static void test_atomic_write(void)
{
	char dir[256], path[512], err[512];
	char *s;

	synth_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	CHECK(atomic_write(path, fill_text, "one\n", err, sizeof(err)) == 0);
	CHECK((s = slurp(path)) && !strcmp(s, "one\n"));
	free(s);
	CHECK(atomic_write(path, fill_text, "two\n", err, sizeof(err)) == 0);
	CHECK((s = slurp(path)) && !strcmp(s, "two\n"));
	free(s);
	/* a failing writer leaves the old file and no temporary */
	CHECK(atomic_write(path, fill_fails, NULL, err, sizeof(err)) == -1);
	CHECK((s = slurp(path)) && !strcmp(s, "two\n"));
	free(s);
	CHECK(dot_files(dir) == 0);
	snprintf(path, sizeof(path), "%s/missing/a.txt", dir);
	CHECK(atomic_write(path, fill_text, "x", err, sizeof(err)) == -1 && strstr(err, "/missing/"));
	snprintf(path, sizeof(path), "%s/x/y/z", dir);
	CHECK(mkdir_p(path, err, sizeof(err)) == 0 && mkdir_p(path, err, sizeof(err)) == 0);
	synth_rmrf(dir);
}

static void make_dir(char *dir, size_t len, struct point *pts, size_t n)
{
	char err[512], pdir[512];

	synth_tmpdir(dir, len);
	snprintf(pdir, sizeof(pdir), "%s/points", dir);
	mkdir_p(pdir, err, sizeof(err));
	for (size_t i = 0; i < n; i++)
		if (point_save(dir, &pts[i], NULL, 0, err, sizeof(err)))
			fprintf(stderr, "# %s\n", err);
}

static void four_points(struct point *p)
{
	synth_point(&p[0], P2PBENCH_METHOD_PHYS, 16, 4096, "DMA", 0, 1);
	synth_point(&p[1], P2PBENCH_METHOD_PHYS, 4, 4096, "DMA", 0, 1);
	synth_point(&p[2], P2PBENCH_METHOD_PHYS, 4, 4096, "DMA", 1, 1);
	synth_point(&p[3], P2PBENCH_METHOD_HELPER, 2, 4096, "DMA", 0, 1);
	synth_map_error(&p[3], EADDRINUSE, "dma_iova_link: offset 0 twice");
}

static void test_load_and_collect(void)
{
	struct point pts[4];
	struct results r, r2;
	char dir[256], path[600], err[512];
	char *csv;

	four_points(pts);
	make_dir(dir, sizeof(dir), pts, 4);
	CHECK(results_load(dir, &r, err, sizeof(err)) == 0);
	CHECK(r.n == 4 && r.meta == NULL);
	if (r.n == 4) {
		/* numeric order: ranges 4 before 16; repeat after parameters */
		CHECK(r.pts[0].run.nr_ranges == 4 && r.pts[0].repeat == 0);
		CHECK(r.pts[1].run.nr_ranges == 4 && r.pts[1].repeat == 1);
		CHECK(r.pts[2].run.nr_ranges == 16);
		CHECK(r.pts[3].run.method == P2PBENCH_METHOD_HELPER && point_failed(&r.pts[3]));
		char why[256];
		point_failure(&r.pts[3], why, sizeof(why));
		CHECK(!strcmp(why, "map-error EADDRINUSE: dma_iova_link: offset 0 twice"));
	}
	CHECK(results_collect(dir, err, sizeof(err)) == 0);
	snprintf(path, sizeof(path), "%s/points.csv", dir);
	csv = slurp(path);
	CHECK(csv && !strncmp(csv, "key,variant,repeat,", 19));
	int lines = 0;
	for (char *s = csv; s && *s; s++)
		lines += *s == '\n';
	CHECK(lines == 5);
	free(csv);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	CHECK(access(path, F_OK) == 0);
	/* points.json alone is a results directory too */
	snprintf(path, sizeof(path), "rm -rf '%s/points'", dir);
	CHECK(system(path) == 0);
	CHECK(results_load(dir, &r2, err, sizeof(err)) == 0);
	CHECK(r2.n == 4 && r2.meta != NULL);
	for (size_t i = 0; i < r.n && i < r2.n; i++)
		CHECK(!point_cmp(&r.pts[i], &r2.pts[i]) &&
		      !memcmp(&r.pts[i].result, &r2.pts[i].result, sizeof(r.pts[i].result)));
	CHECK(json_integer_value(json_object_get(json_object_get(r2.meta, "collected"), "failed")) == 1);
	results_free(&r);
	results_free(&r2);
	synth_rmrf(dir);
}

/* Boots: their own files, sorted by boot then repeat, not mistaken for a
 * duplicate; boot 0 keeps the old file name. */
static void test_boots(void)
{
	struct point pts[4];
	struct results r;
	char dir[256], name[300], err[512];

	four_points(pts);
	point_file_name(&pts[0], name, sizeof(name));
	CHECK(!strstr(name, "boot="));
	pts[1] = pts[0];
	pts[1].boot = 2;
	pts[2] = pts[0];
	pts[2].boot = 1;
	pts[2].repeat = 1;
	point_file_name(&pts[1], name, sizeof(name));
	CHECK(strstr(name, ",boot=2,repeat=0.json") != NULL);
	make_dir(dir, sizeof(dir), pts, 3);
	CHECK(results_load(dir, &r, err, sizeof(err)) == 0 && r.n == 3);
	if (r.n == 3)
		CHECK(r.pts[0].boot == 0 && r.pts[1].boot == 1 && r.pts[2].boot == 2);
	CHECK(r.n == 3 && !point_key_cmp(&r.pts[0], &r.pts[2]));
	results_free(&r);
	synth_rmrf(dir);
}

/* Load DIR after replacing (or adding) FILE with TEXT; want WANT in error. */
static int corrupt(const char *file, const char *text, const char *want)
{
	struct point pts[4];
	struct results r;
	char dir[256], path[700], err[1024] = "";
	int ok;

	four_points(pts);
	make_dir(dir, sizeof(dir), pts, 4);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	spit(path, text);
	ok = results_load(dir, &r, err, sizeof(err)) == -1 && strstr(err, path) && strstr(err, want);
	if (!ok)
		fprintf(stderr, "#   want '%s' naming %s, got '%s'\n", want, path, err);
	synth_rmrf(dir);
	return ok;
}

static void test_corrupt(void)
{
	struct point p;
	char name[256], good[8192];
	json_t *j;

	synth_point(&p, P2PBENCH_METHOD_PHYS, 4, 4096, "DMA", 0, 1);
	point_file_name(&p, name, sizeof(name));
	j = point_to_json(&p);
	char *s = json_dumps(j, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(j);
	snprintf(good, sizeof(good), "%s", s);
	free(s);
	char trunc[8192], path[300];

	/* truncated in the middle: jansson's line and column */
	snprintf(trunc, sizeof(trunc), "%.*s", (int)(strlen(good) / 2), good);
	snprintf(path, sizeof(path), "points/%s", name);
	CHECK(corrupt(path, trunc, ":"));
	CHECK(corrupt(path, "", ":1:0: '[' or '{' expected near end of file"));
	CHECK(corrupt(path, "{\"format\": 1,\n \"key\": }", ":2:9: unexpected token near '}'"));
	CHECK(corrupt("points/new.json", "[1, 2]", "point: expected an object, got an array"));
	CHECK(corrupt("meta.json", "{\"format\": 1,", "meta.json:1:"));
	/* two files with one point */
	CHECK(corrupt("points/copy.json", good, "hold the same point"));
	/* a field with the wrong type */
	j = json_loads(good, 0, NULL);
	json_object_set_new(json_object_get(json_object_get(j, "result"), "map"), "p50", json_string("fast"));
	s = json_dumps(j, JSON_INDENT(1));
	json_decref(j);
	CHECK(corrupt(path, s, "result.map.p50: 'fast' is not an integer"));
	free(s);
}

static void test_missing(void)
{
	struct results r;
	char err[512], dir[256];

	CHECK(results_load("/nonexistent/p2pbench", &r, err, sizeof(err)) == -1 &&
	      strstr(err, "/nonexistent/p2pbench: not a results directory"));
	synth_tmpdir(dir, sizeof(dir));
	CHECK(results_load(dir, &r, err, sizeof(err)) == -1 && strstr(err, "no results"));
	synth_rmrf(dir);
}

static void test_meta(void)
{
	char dir[256], path[512], err[512];
	json_t *extra, *top, *meta;

	synth_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/extra.txt", dir);
	spit(path, "# host notes\nkernel_base=7.2.12\npatches=0001-fix.patch:abc123\n");
	CHECK(meta_read_extra(path, &extra, err, sizeof(err)) == 0);
	CHECK(!strcmp(json_string_value(json_object_get(extra, "kernel_base")), "7.2.12"));
	spit(path, "no equals sign\n");
	CHECK(meta_read_extra(path, &top, err, sizeof(err)) == -1 && strstr(err, "extra.txt:1: expected key=value"));
	spit(path, "{\"a\": [1, }");
	CHECK(meta_read_extra(path, &top, err, sizeof(err)) == -1 && strstr(err, "extra.txt:1:"));

	json_t *c1 = json_pack("{s:i}", "points", 3), *c2 = json_pack("{s:i}", "points", 4);
	top = json_pack("{s:s}", "variant", "v8");
	CHECK(meta_update(dir, top, "cpu=amd", c1, err, sizeof(err)) == 0);
	CHECK(meta_update(dir, extra, "cpu=intel", c2, err, sizeof(err)) == 0);
	json_decref(top);
	json_decref(extra);
	json_decref(c1);
	json_decref(c2);
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	CHECK(json_load_path(path, &meta, err, sizeof(err)) == 0);
	CHECK(!strcmp(json_string_value(json_object_get(meta, "variant")), "v8"));
	CHECK(!strcmp(json_string_value(json_object_get(meta, "kernel_base")), "7.2.12"));
	CHECK(json_object_size(json_object_get(meta, "contexts")) == 2);
	json_decref(meta);

	json_t *m = meta_machine();
	CHECK(m && json_is_string(json_object_get(m, "kernel_release")) &&
	      json_is_string(json_object_get(m, "cmdline")));
	json_decref(m);
	char now[32];
	utc_now(now, sizeof(now));
	CHECK(strlen(now) == 20 && now[10] == 'T' && now[19] == 'Z');
	char *argv[] = { "p2pbench", "sweep", "a b", "it's", "--x=1" };
	command_line(5, argv, path, sizeof(path));
	CHECK(!strcmp(path, "p2pbench sweep 'a b' 'it'\\''s' --x=1"));
	synth_rmrf(dir);
}

/* ---- the module's point store with a fake run ---- */

struct fake {
	int calls;
	int interrupt_at;	/* raise SIGINT during this call (1-based), 0: never */
	int drop;		/* ... and say the point was interrupted */
	int refuse_at;		/* refuse this call with ERANGE */
};

static struct fake fk;

static enum run_result fake_run(void *ctx, size_t i, char *err, size_t errlen)
{
	struct point *p = &((struct module_run *)ctx)->pts[i], q = *p;

	(void)err;
	(void)errlen;
	fk.calls++;
	/* As the module's run: only the result goes into the planned point. */
	synth_point(&q, p->run.method, p->run.nr_ranges, p->run.range_len, p->iommu_mode, p->repeat, 1);
	if (fk.calls == fk.refuse_at)
		synth_refuse(&q, ERANGE, "ranges do not fit in the BAR");
	p->result = q.result;
	p->refused_errno = q.refused_errno;
	if (fk.calls == fk.interrupt_at) {
		raise(SIGINT);
		if (fk.drop)
			return RUN_DROP;
	}
	return RUN_RECORD;
}

/* The module's ops, but the fake run. */
static struct driver_ops fake_ops(void)
{
	struct driver_ops ops = module_ops;

	ops.run = fake_run;
	return ops;
}

static long plan(struct point **pts)
{
	struct sweep s;
	char err[256];
	long n;

	if (sweep_parse_string("t", "method = phys iova\nranges = 1 4 16\niommu_mode = DMA\n",
			       &s, err, sizeof(err)))
		return -1;
	n = sweep_expand(&s, pts, err, sizeof(err));
	sweep_free(&s);
	return n;
}

static int count_points(const char *dir)
{
	char pdir[512];
	DIR *d;
	struct dirent *de;
	int n = 0;

	snprintf(pdir, sizeof(pdir), "%s/points", dir);
	d = opendir(pdir);
	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* A context's IOMMU driver, from any of its boots, never from a context
 * whose key only starts the same. */
static void test_context_iommu_driver(void)
{
	json_t *meta = json_pack("{s:{s:{s:{s:s}}, s:{s:{s:s}}, s:{s:{s:s}}}}", "contexts",
				 "cpu=amd,iommu_mode=DMA-FQ", "machine", "iommu_driver", "intel-iommu",
				 "cpu=amd,iommu_mode=DMA,boot=1", "machine", "iommu_driver", "amd-iommu",
				 "cpu=intel", "machine", "kernel_release", "7.2.12");
	struct point p;

	CHECK(!strcmp(meta_context_iommu_driver(meta, "cpu=amd,iommu_mode=DMA"), "amd-iommu"));
	CHECK(!strcmp(meta_context_iommu_driver(meta, "cpu=amd,iommu_mode=DMA-FQ"), "intel-iommu"));
	CHECK(!meta_context_iommu_driver(meta, "cpu=intel"));
	CHECK(!meta_context_iommu_driver(meta, "cpu=amd"));
	CHECK(!meta_context_iommu_driver(NULL, "cpu=amd"));
	json_decref(meta);

	char key[160];
	point_defaults(&p);
	point_context_key(&p, key, sizeof(key));
	CHECK(!strcmp(key, "any"));
	snprintf(p.cpu, sizeof(p.cpu), "amd");
	snprintf(p.topology, sizeof(p.topology), "hostbridge");
	snprintf(p.iommu_mode, sizeof(p.iommu_mode), "DMA");
	point_context_key(&p, key, sizeof(key));
	CHECK(!strcmp(key, "cpu=amd,topology=hostbridge,iommu_mode=DMA"));
}

static void test_exec_resume(void)
{
	struct point *pts;
	char dir[256], err[512], path[800], name[256];
	long n = plan(&pts);
	const struct driver_ops ops = fake_ops();

	CHECK(n == 6);
	synth_tmpdir(dir, sizeof(dir));
	struct module_run mr = { .dir = dir, .pts = pts };
	struct run_ctl x = { .dir = dir, .n = (size_t)n };

	fk = (struct fake){ 0 };

	/* interrupted during the 3rd point, which finished: it is kept */
	fk.interrupt_at = 3;
	CHECK(run_points(&ops, &mr, &x, err, sizeof(err)) == 0);
	CHECK(x.signal == SIGINT && x.ran == 3 && fk.calls == 3);
	CHECK(count_points(dir) == 3);
	/* interrupted again, the point in flight dropped */
	fk = (struct fake){ .interrupt_at = 1, .drop = 1 };
	CHECK(run_points(&ops, &mr, &x, err, sizeof(err)) == 0);
	CHECK(x.signal == SIGINT && x.ran == 0 && x.skipped == 3 && count_points(dir) == 3);
	/* a corrupt file is run again; a refusal is stored as a failed point */
	point_file_name(&pts[0], name, sizeof(name));
	snprintf(path, sizeof(path), "%s/points/%s", dir, name);
	spit(path, "{\"format\": 1, \"ke");
	fk = (struct fake){ .refuse_at = 2 };
	CHECK(run_points(&ops, &mr, &x, err, sizeof(err)) == 0);
	CHECK(x.signal == 0 && x.ran == 4 && x.skipped == 2 && x.failed == 1 && fk.calls == 4);
	CHECK(count_points(dir) == 6);
	/* everything there: nothing runs */
	fk = (struct fake){ 0 };
	CHECK(run_points(&ops, &mr, &x, err, sizeof(err)) == 0);
	CHECK(x.ran == 0 && x.skipped == 6 && x.failed == 1 && fk.calls == 0);
	/* a crash's leftover temporary is removed */
	snprintf(path, sizeof(path), "%s/points/.x.json.tmp.123", dir);
	spit(path, "{");
	CHECK(run_points(&ops, &mr, &x, err, sizeof(err)) == 0 && access(path, F_OK) == -1);

	struct results r;
	CHECK(results_load(dir, &r, err, sizeof(err)) == 0 && r.n == 6);
	size_t refused = 0;
	for (size_t i = 0; i < r.n; i++)
		refused += r.pts[i].refused_errno == ERANGE &&
			   !strcmp(r.pts[i].result.msg, "ranges do not fit in the BAR");
	CHECK(refused == 1);
	results_free(&r);
	synth_rmrf(dir);
	free(pts);
}

static void test_exec_hook(void)
{
	struct point *pts;
	char dir[256], err[512], cmd[700], log[600];
	long n = plan(&pts);
	const struct driver_ops ops = fake_ops();
	char *text;

	synth_tmpdir(dir, sizeof(dir));
	snprintf(log, sizeof(log), "%s/hook.log", dir);
	snprintf(cmd, sizeof(cmd), "echo >>'%s'", log);
	struct module_run mr = { .dir = dir, .pts = pts };
	struct run_ctl x = { .dir = dir, .n = (size_t)n, .on_point = cmd };

	fk = (struct fake){ 0 };
	CHECK(run_points(&ops, &mr, &x, err, sizeof(err)) == 0);
	text = slurp(log);
	int lines = 0;
	for (char *s = text; s && *s; s++)
		lines += *s == '\n';
	CHECK(lines == 6 && text && strstr(text, "/points/phys,ranges=1,size=4K,iommu_mode=DMA,repeat=0.json\n"));
	free(text);
	synth_rmrf(dir);
	free(pts);
}

int main(void)
{
	RUN(test_atomic_write);
	RUN(test_load_and_collect);
	RUN(test_boots);
	RUN(test_corrupt);
	RUN(test_missing);
	RUN(test_meta);
	RUN(test_context_iommu_driver);
	RUN(test_exec_resume);
	RUN(test_exec_hook);
	return UNIT_DONE();
}
