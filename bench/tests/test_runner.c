// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run loop every point source shares (runner.h), driven through the
 * I/O command (iotool.h) by a point source of this file, filled in as a
 * new one would be (one struct driver_ops): resume, stale temporary files,
 * --on-point, and SIGINT dropping the point in flight and stopping with
 * 128 + signal.
 */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "iotool.h"
#include "unit.h"

struct fake_values {
	const char *n;
};

static const struct opt fake_params[] = {
	{ .name = "n", .kind = OPT_U32, .off = offsetof(struct fake_values, n), .def = "1",
	  .min = 1, .max = 100, .flags = OPT_TEXT, .help = "a number" },
	{ .kind = OPT_END },
};

struct fake_point {
	struct fake_values v;
	unsigned int n;
};

static unsigned int runs, interrupt_at;

static void fake_usage(FILE *f)
{
	fprintf(f, "fake\n");
}

static int fake_prepare(const void *values, const struct io_cli *cli, void *pt, char *err,
			size_t errlen)
{
	struct fake_point *fp = pt;

	(void)cli;
	(void)err;
	(void)errlen;
	fp->v = *(const struct fake_values *)values;
	fp->n = (unsigned int)opt_text_num(fp->v.n);
	return 0;
}

static json_t *fake_record(const void *pt, const struct io_cli *cli)
{
	const struct fake_point *fp = pt;
	json_t *rec = io_record_new("fake");

	(void)cli;
	io_set_params(rec, fake_params, &fp->v);
	return rec;
}

static enum run_result fake_run(void *ctx, size_t i, char *err, size_t errlen)
{
	struct io_run *r = ctx;
	const struct fake_point *fp = r->pt;

	if (io_point_prepare(r, i, err, errlen))
		return RUN_FATAL;
	runs++;
	if (fp->n == interrupt_at)
		raise(SIGINT);
	io_set_metric(r->rec, "iops", fp->n * 100.0);
	if (fp->n == 3)
		io_set_status(r->rec, IO_FAIL, 5, "three fails");
	return io_point_ran(r);
}

static void fake_summary(const json_t *rec)
{
	(void)rec;
}

static const struct driver_ops fake_ops = {
	.name = "fake", .store = "io", .params = fake_params, .usage = fake_usage,
	.point_size = sizeof(struct fake_point), .prepare = fake_prepare, .record = fake_record,
	.summary = fake_summary,
	.stored = io_point_stored, .key = io_point_key, .run = fake_run, .save = io_point_save,
};

static int run_fake(const char *dir, const char *values, const char *on_point)
{
	char *argv[] = { "fake", "-o", (char *)dir, "--n", (char *)values,
			 on_point ? "--on-point" : NULL, (char *)on_point, NULL };

	return io_command(&fake_ops, on_point ? 7 : 5, argv);
}

static int exists(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

static unsigned int lines_of(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned int n = 0;
	int c;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static void resume_and_on_point(void)
{
	char dir[] = "/tmp/p2pbench-test-runner.XXXXXX", tmp[600], log[600], cmd[700];
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(tmp, sizeof(tmp), "%s/io", dir);
	CHECK(mkdir(tmp, 0755) == 0);
	/* A killed writer's temporary file is removed; other dot files stay. */
	snprintf(tmp, sizeof(tmp), "%s/io/.fake,n=9,repeat=0.json.tmp.4242", dir);
	f = fopen(tmp, "w");
	CHECK(f && fclose(f) == 0);
	snprintf(log, sizeof(log), "%s/hook.log", dir);
	snprintf(cmd, sizeof(cmd), "echo >>'%s'", log);
	runs = 0;
	interrupt_at = 0;
	/* n=3 fails: exit 1, and every point is stored with a hook call. */
	CHECK(run_fake(dir, "1,2,3", cmd) == 1);
	CHECK(runs == 3);
	CHECK(access(tmp, F_OK) == -1);
	CHECK(exists(dir, "io/fake,n=1,repeat=0.json"));
	CHECK(exists(dir, "io/fake,n=3,repeat=0.json"));
	CHECK(exists(dir, "io.json"));
	CHECK(lines_of(log) == 3);
	/* Again with one more value: only the new point runs. */
	CHECK(run_fake(dir, "1,2,3,4", cmd) == 0);
	CHECK(runs == 4);
	CHECK(lines_of(log) == 4);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

static void sigint_drops_the_point_in_flight(void)
{
	char dir[] = "/tmp/p2pbench-test-runner.XXXXXX", cmd[600];

	CHECK(mkdtemp(dir) != NULL);
	runs = 0;
	interrupt_at = 2;
	CHECK(run_fake(dir, "1,2,4", NULL) == 128 + SIGINT);
	CHECK(runs == 2);
	CHECK(exists(dir, "io/fake,n=1,repeat=0.json"));
	CHECK(!exists(dir, "io/fake,n=2,repeat=0.json"));
	CHECK(!exists(dir, "io/fake,n=4,repeat=0.json"));
	/* The handler is gone afterwards, and the run resumes. */
	interrupt_at = 0;
	CHECK(run_fake(dir, "1,2,4", NULL) == 0);
	CHECK(runs == 4);
	CHECK(exists(dir, "io/fake,n=4,repeat=0.json"));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

int main(void)
{
	RUN(resume_and_on_point);
	RUN(sigint_drops_the_point_in_flight);
	return UNIT_DONE();
}
