// SPDX-License-Identifier: GPL-2.0-only
/*
 * gnuplot figures of end-to-end I/O points, beside the mapping figures of
 * `p2pbench plot`: fio IOPS and iommu map events per I/O against the block
 * size, perftest bandwidth (or latency) against the message size. One line
 * per series (the key without the x parameter); B dashed over A.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "gnuplot.h"
#include "io.h"
#include "io_report.h"
#include "results.h"
#include "stats.h"
#include "units.h"

struct figure {
	const char *name, *tool, *x, *metric, *ylabel;
	double scale;
};

static const struct figure figures[] = {
	{ "io-fio-iops", "fio", "bs", "iops", "IOPS (higher is better)", 1 },
	{ "io-fio-iommu", "fio", "bs", "iommu_map_per_io", "iommu:map events per I/O", 1 },
	{ "io-perftest-bw", "perftest", "size", "bw_avg_mib", "MiB/s (higher is better)", 1 },
	{ "io-perftest-lat", "perftest", "size", "lat_typical_us", "typical latency, us (lower is better)", 1 },
};

/* The key without "tool," and without the X field: the series name. */
static void series_of(const char *key, const char *x, char *buf, size_t len)
{
	size_t used = 0, xl = strlen(x);

	buf[0] = '\0';
	for (const char *p = strchr(key, ',') ? strchr(key, ',') + 1 : ""; *p;) {
		size_t n = strcspn(p, ",");

		if (!(n > xl && !strncmp(p, x, xl) && p[xl] == '=') && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%.*s", used ? "," : "",
						 (int)n, p);
		p += n + (p[n] == ',');
	}
}

struct series {
	char name[512];
	char file[600];
	size_t points;
};

/* Write one .dat per series of R for FIG; *S and *NS grow. */
static int write_side(const struct io_results *r, const struct figure *fig, const char *outdir,
		      const char *side, struct series **s, size_t *ns, size_t first, char *err, size_t errlen)
{
	for (size_t i = 0; i < r->n;) {
		const struct iopoint *p = &r->pts[i];
		const char *xv = io_param(p, fig->x);
		char name[512], path[4800];
		double v[256];
		size_t e = i + 1, n = 0, k;
		uint64_t x;
		FILE *f;

		while (e < r->n && !strcmp(r->pts[e].key, p->key))
			e++;
		for (k = i; k < e && n < 256; k++)
			if (r->pts[k].status == IO_PASS && !isnan(io_metric(&r->pts[k], fig->metric)))
				v[n++] = io_metric(&r->pts[k], fig->metric);
		if (strcmp(p->tool, fig->tool) || !xv || parse_size(xv, &x) || !n) {
			i = e;
			continue;
		}
		series_of(p->key, fig->x, name, sizeof(name));
		for (k = first; k < *ns; k++)
			if (!strcmp((*s)[k].name, name))
				break;
		if (k == *ns) {
			struct series *ss = realloc(*s, (*ns + 1) * sizeof(**s));

			if (!ss)
				return errf(err, errlen, "out of memory");
			*s = ss;
			memset(&ss[k], 0, sizeof(ss[k]));
			snprintf(ss[k].name, sizeof(ss[k].name), "%s", name);
			snprintf(ss[k].file, sizeof(ss[k].file), "data/%s-%s-%zu.dat", fig->name, side, k - first);
			(*ns)++;
		}
		snprintf(path, sizeof(path), "%s/%s", outdir, (*s)[k].file);
		f = fopen(path, (*s)[k].points ? "a" : "w");
		if (!f)
			return errf(err, errlen, "%s: %s", path, strerror(errno));
		fprintf(f, "%llu %.17g\n", (unsigned long long)x, stats_median(v, n) / fig->scale);
		fclose(f);
		(*s)[k].points++;
		i = e;
	}
	return 0;
}

/* Is FIELD ("a=1") one of the comma-separated fields of NAME? */
static int has_field(const char *name, const char *field, size_t n)
{
	for (const char *p = name; *p;) {
		size_t m = strcspn(p, ",");

		if (m == n && !strncmp(p, field, n))
			return 1;
		p += m + (p[m] == ',');
	}
	return 0;
}

/* Title of series K: its name without the fields every series shares
 * (those go in COMMON, once). */
static void short_titles(struct series *s, size_t ns, char *common, size_t clen)
{
	size_t cu = 0;

	common[0] = '\0';
	if (!ns)
		return;
	char first[512];

	snprintf(first, sizeof(first), "%s", s[0].name);
	for (const char *p = first; *p;) {
		size_t n = strcspn(p, ","), k;

		for (k = 1; k < ns && has_field(s[k].name, p, n); k++)
			;
		if (k == ns && ns > 1 && cu < clen)
			cu += (size_t)snprintf(common + cu, clen - cu, "%s%.*s", cu ? "," : "", (int)n, p);
		p += n + (p[n] == ',');
	}
	for (size_t k = 0; k < ns; k++) {
		char t[512];
		size_t u = 0;

		t[0] = '\0';
		for (const char *p = s[k].name; *p;) {
			size_t n = strcspn(p, ",");

			if (!has_field(common, p, n) && u < sizeof(t))
				u += (size_t)snprintf(t + u, sizeof(t) - u, "%s%.*s", u ? "," : "", (int)n, p);
			p += n + (p[n] == ',');
		}
		/* "0000:07:00.0" -> "07:00.0": titles must fit the key. */
		for (char *d; (d = strstr(t, "=0000:"));)
			memmove(d + 1, d + 6, strlen(d + 6) + 1);
		snprintf(s[k].name, sizeof(s[k].name), "%s", u ? t : "all");
	}
}

static int plot_figure(const struct figure *fig, const struct io_results *a, const struct io_results *b,
		       const char *outdir, const char *term, char *err, size_t errlen)
{
	struct series *s = NULL;
	size_t ns = 0, na, total = 0;
	char path[4800], script[300];
	FILE *g;
	int ret = -1;

	if (write_side(a, fig, outdir, "A", &s, &ns, 0, err, errlen))
		goto out;
	na = ns;
	if (b && write_side(b, fig, outdir, "B", &s, &ns, na, err, errlen))
		goto out;
	for (size_t k = 0; k < ns; k++)
		total += s[k].points;
	if (!total) {
		ret = 0;	/* nothing of this kind to draw */
		goto out;
	}
	char common[1024];

	short_titles(s, ns, common, sizeof(common));
	snprintf(script, sizeof(script), "%s.gp", fig->name);
	snprintf(path, sizeof(path), "%s/%s", outdir, script);
	g = fopen(path, "w");
	if (!g) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	fprintf(g, "# p2pbench plot: %s (%s); render again with: gnuplot %s\n", fig->name, fig->tool, script);
	fprintf(g, "set title \"%s: %s vs %s%s\\n%s\" noenhanced\nset xlabel '%s (bytes)'\n"
		"set ylabel '%s'\nset logscale x 2\nset grid\n"
		"set key below left Left reverse noenhanced font ',8' maxcols 1\n",
		fig->tool, fig->metric, fig->x, b ? " (B dashed)" : "", common, fig->x, fig->ylabel);
	if (!strcmp(fig->metric, "iommu_map_per_io"))
		fprintf(g, "set yrange [0:*]\n");
	fprintf(g, "body = \"plot ");
	for (size_t k = 0; k < ns; k++)
		fprintf(g, "%s'%s' using 1:2 with linespoints lc %zu dt %d title '%s%s'", k ? ", " : "",
			s[k].file, (k < na ? k : k - na) + 1, k < na ? 1 : 2, k < na ? "" : "B: ", s[k].name);
	fprintf(g, "\"\n");
	fprintf(g, "set terminal %s size 900,%zu noenhanced font ',10'\nset output '%s.png'\neval body\n",
		term, 480 + 14 * ns, fig->name);
	fprintf(g, "set terminal svg size 900,%zu noenhanced dynamic\nset output '%s.svg'\neval body\nset output\n",
		480 + 14 * ns, fig->name);
	if (fclose(g)) {
		errf(err, errlen, "%s: write failed", path);
		goto out;
	}
	if (gnuplot_run(outdir, script, err, errlen))
		goto out;
	printf("%s/%s.png %s/%s.svg\n", outdir, fig->name, outdir, fig->name);
	ret = 0;
out:
	free(s);
	return ret;
}

int io_plot(const char *dir_a, const char *dir_b, const char *outdir, const char *term,
	    char *err, size_t errlen)
{
	struct io_results a = { 0 }, b = { 0 };
	char path[4200];
	int ret = -1;

	if (io_load(dir_a, &a, err, errlen) || (dir_b && io_load(dir_b, &b, err, errlen)))
		goto out;
	if (!a.n && !b.n) {
		ret = 0;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/data", outdir);
	if (mkdir_p(path, err, errlen))
		goto out;
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
		if (plot_figure(&figures[i], &a, dir_b ? &b : NULL, outdir, term ? term : "png", err, errlen))
			goto out;
	ret = 0;
out:
	io_results_free(&a);
	io_results_free(&b);
	return ret;
}
