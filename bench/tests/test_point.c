// SPDX-License-Identifier: GPL-2.0-only
/* Point keys, JSON round trip, JSON errors naming the field, CSV shape. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "point.h"
#include "sweep.h"
#include "unit.h"

static void sample(struct point *p)
{
	point_defaults(p);
	p->run.method = P2PBENCH_METHOD_HELPER;
	p->run.nr_ranges = 4;
	p->run.range_len = 2ULL << 20;
	p->run.layout = P2PBENCH_LAYOUT_GAPPED;
	p->run.gap = 64 << 10;
	p->run.seed = UINT64_MAX;	/* beyond jansson's integers */
	p->run.flags = P2PBENCH_RUN_E2E;
	strcpy(p->iommu_mode, "DMA-FQ");
	strcpy(p->cpu, "amd");
	strcpy(p->topology, "host-bridge");
	strcpy(p->variant, "v8");
	p->repeat = 2;
	p->result.status = -98;
	p->result.verdict = P2PBENCH_VERDICT_MAP_ERROR;
	p->result.path = P2PBENCH_PATH_IOVA;
	p->result.map_type = P2PBENCH_MAP_THRU_HOST_BRIDGE;
	p->result.checks_failed = P2PBENCH_CHECK_ADDR | P2PBENCH_CHECK_ALIGN;
	p->result.map.p50 = 1234;
	p->result.map.max = 1ULL << 40;
	p->result.unmap.stddev = 7;
	p->result.dma_len = 8ULL << 20;
	strcpy(p->result.importer_group_type, "DMA-FQ");
	strcpy(p->result.msg, "dma_iova_link: -EADDRINUSE, \"offset 0\"");
}

static void test_key(void)
{
	struct point p, q;
	char a[512], b[512];

	point_defaults(&p);
	point_key(&p, a, sizeof(a));
	CHECK(!strcmp(a, "null,ranges=1,size=4K"));
	sample(&p);
	point_key(&p, a, sizeof(a));
	CHECK(!strcmp(a, "helper,ranges=4,size=2M,layout=gapped,gap=64K,seed=18446744073709551615,"
		      "e2e=1,cpu=amd,topology=host-bridge,iommu_mode=DMA-FQ"));
	/* repeat, variant and results are not identity */
	q = p;
	q.repeat = 0;
	strcpy(q.variant, "base");
	q.result.map.p50 = 1;
	point_key(&q, b, sizeof(b));
	CHECK(!strcmp(a, b));
	q.run.nr_ranges = 5;
	point_key(&q, b, sizeof(b));
	CHECK(strcmp(a, b));
	/* 4G-4K has no exact G suffix */
	q.run.range_len = (4ULL << 30) - 4096;
	point_key(&q, b, sizeof(b));
	CHECK(strstr(b, "size=4194300K") != NULL);
}

static void test_roundtrip(void)
{
	struct point p, q;
	char err[256];
	json_t *j;

	sample(&p);
	j = point_to_json(&p);
	CHECK(j != NULL);
	char *s = json_dumps(j, JSON_SORT_KEYS);
	json_decref(j);
	json_error_t je;
	j = json_loads(s, 0, &je);
	free(s);
	CHECK(j != NULL);
	memset(&q, 0x5a, sizeof(q));
	CHECK(point_from_json(j, &q, err, sizeof(err)) == 0);
	json_decref(j);
	CHECK(!memcmp(&p.run, &q.run, sizeof(p.run)));
	CHECK(!memcmp(&p.result, &q.result, sizeof(p.result)));
	CHECK(!strcmp(p.iommu_mode, q.iommu_mode) && !strcmp(p.cpu, q.cpu));
	CHECK(!strcmp(p.topology, q.topology) && !strcmp(p.variant, q.variant));
	CHECK(p.repeat == q.repeat && q.refused_errno == 0);

	p.refused_errno = EINVAL;
	j = point_to_json(&p);
	CHECK(point_from_json(j, &q, err, sizeof(err)) == 0);
	CHECK(q.refused_errno == EINVAL);
	CHECK(!strcmp(json_string_value(json_object_get(j, "refused")), "EINVAL"));
	json_decref(j);
}

/* Boot slot, boot_id and clock: kept, and absent in files of older tools. */
static void test_boot_clock(void)
{
	struct point p, q;
	char err[256];
	json_t *j;

	sample(&p);
	p.boot = 3;
	strcpy(p.boot_id, "6c5e4f0a-1b2c-4d3e-8f90-0a1b2c3d4e5f");
	strcpy(p.clock, POINT_CLOCK_ICOUNT);
	j = point_to_json(&p);
	CHECK(point_from_json(j, &q, err, sizeof(err)) == 0);
	CHECK(q.boot == 3 && !strcmp(q.boot_id, p.boot_id) && !strcmp(q.clock, "icount"));
	json_object_del(j, "boot");
	json_object_del(j, "boot_id");
	json_object_del(j, "clock");
	CHECK(point_from_json(j, &q, err, sizeof(err)) == 0);
	CHECK(q.boot == 0 && q.boot_id[0] == '\0' && !strcmp(q.clock, POINT_CLOCK_WALL));
	json_object_set_new(j, "clock", json_string("tsc"));
	CHECK(point_from_json(j, &q, err, sizeof(err)) == -1 && strstr(err, "clock"));
	json_object_set_new(j, "clock", json_string("wall"));
	json_object_set_new(j, "boot", json_integer(POINT_MAX_BOOTS));
	CHECK(point_from_json(j, &q, err, sizeof(err)) == -1 && strstr(err, "boot"));
	json_decref(j);

	/* the clock of this process */
	setenv("P2PBENCH_CLOCK", "icount", 1);
	CHECK(!strcmp(point_clock_here(err, sizeof(err)), "icount"));
	setenv("P2PBENCH_CLOCK", "cycles", 1);
	CHECK(point_clock_here(err, sizeof(err)) == NULL && strstr(err, "cycles"));
	unsetenv("P2PBENCH_CLOCK");
	CHECK(!strcmp(point_clock_here(err, sizeof(err)), "wall"));
}

/* Set member PATH ("a.b.c") of a good point's JSON to V (NULL: delete it)
 * and expect point_from_json's error to contain WANT. */
static int bad(const char *path, json_t *v, const char *want)
{
	char buf[64], err[256] = "", *name = buf, *dot;
	struct point p, q;
	json_t *j, *o;
	int ok;

	sample(&p);
	o = j = point_to_json(&p);
	snprintf(buf, sizeof(buf), "%s", path);
	while ((dot = strchr(name, '.'))) {
		*dot = '\0';
		o = json_object_get(o, name);
		name = dot + 1;
	}
	if (v)
		json_object_set_new(o, name, v);
	else
		json_object_del(o, name);
	ok = point_from_json(j, &q, err, sizeof(err)) == -1 && strstr(err, want);
	if (!ok)
		fprintf(stderr, "#   %s: got '%s'\n", want, err);
	json_decref(j);
	return ok;
}

static void test_errors(void)
{
	CHECK(bad("run.ranges", json_string("x"), "run.ranges: 'x' is not an integer in 0..65536"));
	CHECK(bad("run.ranges", json_integer(0), "run.ranges: 0 is below the minimum 1"));
	CHECK(bad("run.ranges", json_integer(70000), "run.ranges: 70000 is out of range"));
	CHECK(bad("run.method", json_string("dmabuf"), "run.method: unknown value 'dmabuf'"));
	CHECK(bad("run.method", NULL, "run.method: missing"));
	CHECK(bad("run.e2e", json_integer(1), "run.e2e: expected a boolean"));
	CHECK(bad("result.map.p50", NULL, "result.map.p50: missing"));
	CHECK(bad("result.map.p50", json_integer(-1), "result.map.p50: -1 is out of range"));
	CHECK(bad("result.verdict", json_string("ok"), "result.verdict: unknown value 'ok'"));
	CHECK(bad("result.status", json_integer(1LL << 40), "result.status: 1099511627776 is out of range"));
	CHECK(bad("result.msg", json_integer(3), "result.msg: expected a string, got an integer"));
	CHECK(bad("context.iommu_mode", json_string("lazy"), "context.iommu_mode: unknown value 'lazy'"));
	CHECK(bad("format", json_integer(99), "format: 99 is not supported"));
	CHECK(bad("result", NULL, "result: missing"));
	CHECK(bad("variant", json_null(), "variant: expected a string, got null"));
}

static void test_csv(void)
{
	struct point p;
	char *hdr = NULL, *row = NULL;
	size_t hl, rl;
	FILE *f;

	sample(&p);
	f = open_memstream(&hdr, &hl);
	point_csv_header(f);
	fclose(f);
	f = open_memstream(&row, &rl);
	point_csv_row(f, &p);
	fclose(f);
	CHECK(!strncmp(hdr, "key,variant,repeat,cpu,topology,iommu_mode,method,ranges,size,", 62));
	CHECK(strstr(hdr, ",map_p50,") && strstr(hdr, ",unmap_p999,"));
	CHECK(hdr[hl - 1] == '\n' && row[rl - 1] == '\n');
	/* same number of columns, counting quoted commas out */
	int ch = 0, cr = 0, q = 0;
	for (char *s = hdr; *s; s++)
		ch += *s == ',';
	for (char *s = row; *s; s++) {
		q ^= *s == '"';
		cr += *s == ',' && !q;
	}
	CHECK(ch == cr);
	CHECK(strstr(row, "\"helper,ranges=4,") == row);
	CHECK(strstr(row, "\"dma_iova_link: -EADDRINUSE, \"\"offset 0\"\"\"\n") != NULL);
	free(hdr);
	free(row);
}

static void test_text(void)
{
	struct point p;
	char *out = NULL;
	size_t len;
	FILE *f;

	sample(&p);
	f = open_memstream(&out, &len);
	point_print_text(f, &p);
	fclose(f);
	CHECK(strstr(out, "verdict   map-error  status -98 (EADDRINUSE)") != NULL);
	CHECK(strstr(out, "# context cpu=amd topology=host-bridge iommu_mode=DMA-FQ variant=v8 repeat=2") != NULL);
	free(out);
}

int main(void)
{
	RUN(test_key);
	RUN(test_roundtrip);
	RUN(test_boot_clock);
	RUN(test_errors);
	RUN(test_csv);
	RUN(test_text);
	return UNIT_DONE();
}
