// SPDX-License-Identifier: GPL-2.0-only
/* The document model (out/doc.c) and the table model (out/table.c): each
 * block in each format's back end, byte for byte. */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "table.h"
#include "unit.h"

/* D printed as FMT (malloc'ed), or NULL when doc_print() failed. */
static char *render(const struct doc *d, enum out_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int r;

	if (!f)
		return NULL;
	r = doc_print(f, d, fmt);
	fclose(f);
	if (r) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* D as FMT is exactly WANT. */
static int prints(const struct doc *d, enum out_format fmt, const char *want)
{
	char *got = render(d, fmt);
	int ok = got && !strcmp(got, want);

	if (!ok)
		fprintf(stderr, "#   %s: got\n%s#   want\n%s", out_format_name(fmt), got ? got : "(null)\n",
			want);
	free(got);
	return ok;
}

static void headings(void)
{
	struct doc d = { 0 };

	doc_title(&d, "Title %d", 1);
	doc_section(&d, "Section");
	doc_part(&d, "Part");
	doc_subsection(&d, "Sub");
	CHECK(prints(&d, OUT_TEXT, "Title 1\n\n\nSection\n\nPart\n====\n\nSub\n"));
	CHECK(prints(&d, OUT_EMAIL, "Title 1\n\n\nSection\n\nPart\n====\n\nSub\n"));
	CHECK(prints(&d, OUT_MARKDOWN, "# Title 1\n\n\n## Section\n\n\n## Part\n\n\n### Sub\n\n"));
	doc_free(&d);
	/* a section opening the document has no blank line before it */
	doc_section(&d, "First");
	doc_section(&d, "Second");
	CHECK(prints(&d, OUT_TEXT, "First\n\nSecond\n"));
	CHECK(prints(&d, OUT_MARKDOWN, "## First\n\n\n## Second\n\n"));
	doc_free(&d);
}

static const char long_text[] = "one two three four five six seven eight nine ten eleven twelve "
				"thirteen fourteen";

static void paragraphs(void)
{
	struct doc d = { 0 };

	doc_para(&d, "%s", long_text);
	doc_line(&d, "> ", "%s", long_text);
	/* text and markdown never wrap; email at 72, at the last blank */
	CHECK(prints(&d, OUT_TEXT, "one two three four five six seven eight nine ten eleven twelve "
		     "thirteen fourteen\n> one two three four five six seven eight nine ten eleven "
		     "twelve thirteen fourteen\n"));
	CHECK(prints(&d, OUT_EMAIL, "one two three four five six seven eight nine ten eleven twelve "
		     "thirteen\n  fourteen\n> one two three four five six seven eight nine ten eleven "
		     "twelve thirteen fourteen\n"));
	CHECK(prints(&d, OUT_MARKDOWN, "one two three four five six seven eight nine ten eleven twelve "
		     "thirteen fourteen\none two three four five six seven eight nine ten eleven "
		     "twelve thirteen fourteen\n"));
	doc_free(&d);
	/* a document made narrow wraps in text too; keys break after a comma
	 * in a document of keys, else a long word is split */
	d.width = DOC_WIDTH;
	doc_para(&d, "key a=1,b=22222222222222222222,c=33333333333333333333,d=44444444444444444444");
	CHECK(prints(&d, OUT_TEXT, "key\n  a=1,b=22222222222222222222,c=33333333333333333333,"
		     "d=444444444444444444\n  44\n"));
	d.commas = 1;
	CHECK(prints(&d, OUT_TEXT, "key a=1,b=22222222222222222222,c=33333333333333333333,\n"
		     "  d=44444444444444444444\n"));
	CHECK(prints(&d, OUT_MARKDOWN, "key a=1,b=22222222222222222222,c=33333333333333333333,"
		     "d=44444444444444444444\n"));
	doc_free(&d);
}

static void lists(void)
{
	struct doc d = { 0 };

	doc_item(&d, "  ", 4, "item %s", long_text);
	doc_entry(&d, DOC_CODE "key" DOC_CODE, "the reason");
	doc_term(&d, "ctx");
	doc_code(&d, "p2pbench run --method helper");
	CHECK(prints(&d, OUT_TEXT, "  item one two three four five six seven eight nine ten eleven twelve "
		     "thirteen fourteen\n- key\n    the reason\nctx:\n  $ p2pbench run --method helper\n"));
	CHECK(prints(&d, OUT_EMAIL, "  item one two three four five six seven eight nine ten eleven "
		     "twelve\n    thirteen fourteen\n- key\n    the reason\nctx:\n"
		     "  $ p2pbench run --method helper\n"));
	CHECK(prints(&d, OUT_MARKDOWN, "- item one two three four five six seven eight nine ten eleven "
		     "twelve thirteen fourteen\n- `key`: the reason\n**ctx**\n\n"
		     "```\np2pbench run --method helper\n```\n"));
	doc_free(&d);
}

static void spacing_markup_only(void)
{
	struct doc d = { 0 };

	doc_para(&d, "a " DOC_BOLD "b" DOC_BOLD " " DOC_CODE "c" DOC_CODE);
	doc_brk(&d);
	doc_para(&d, "d");
	doc_blank(&d);
	doc_only(&d, OUT_NARROW);
	doc_para(&d, "narrow");
	doc_only(&d, OUT_PLAIN | OUT_WIDE);
	doc_para(&d, "plain wide");
	doc_only(&d, OUT_MARKUP);
	doc_para(&d, "markup");
	doc_only(&d, 0);
	doc_para(&d, "all");
	CHECK(prints(&d, OUT_TEXT, "a b c\nd\n\nplain wide\nall\n"));
	CHECK(prints(&d, OUT_EMAIL, "a b c\nd\n\nnarrow\nall\n"));
	CHECK(prints(&d, OUT_MARKDOWN, "a **b** `c`\n\nd\n\nmarkup\nall\n"));
	/* json has no document back end */
	CHECK(render(&d, OUT_JSON) == NULL);
	doc_free(&d);
}

/* A two-column table: a point and a number. */
static void fill(struct table *t, const char *const *keys, size_t n)
{
	t->head[0] = "point";
	t->head[1] = "ns";
	t->right[1] = 1;
	t->ncols = 2;
	for (size_t i = 0; i < n; i++) {
		CHECK(!table_row(t));
		CHECK(!table_setf(t, 0, DOC_CODE "%s" DOC_CODE, keys[i]));
		snprintf(table_cell(t, 1), TABLE_CELL, "%zu", 10 * (i + 1));
	}
}

static void tables(void)
{
	static const char *const keys[] = { "a=1", "b=22" };
	struct doc d = { 0 };
	struct table t = { 0 };

	fill(&t, keys, 2);
	doc_table(&d, &t);
	CHECK(t.cells == NULL);		/* moved into the document */
	CHECK(prints(&d, OUT_TEXT, "point  ns\na=1    10\nb=22   20\n"));
	CHECK(prints(&d, OUT_EMAIL, "point ns\na=1   10\nb=22  20\n"));
	CHECK(prints(&d, OUT_MARKDOWN, "| point | ns |\n|---|---:|\n| `a=1` | 10 |\n| `b=22` | 20 |\n"));
	doc_free(&d);
}

static void table_layouts(void)
{
	static const char *const wide[] = {
		"cpu=amd,topology=hostbridge,iommu_mode=DMA-FQ,method=helper,nr_ranges=4096",
	};
	struct doc d = { 0 };
	struct table t = { .email_split = 1 };
	json_t *j;

	/* narrow and too wide for a mail: the point on a line of its own */
	fill(&t, wide, 1);
	t.head_narrow[1] = "n";
	j = table_json(&t);
	CHECK(j && !strcmp(json_string_value(json_object_get(json_array_get(j, 0), "point")), wide[0]));
	json_decref(j);
	doc_table(&d, &t);
	CHECK(prints(&d, OUT_EMAIL, "point\n   n\ncpu=amd,topology=hostbridge,iommu_mode=DMA-FQ,method=helper,"
		     "nr_ranges=4096\n  10\n"));
	CHECK(prints(&d, OUT_TEXT, "point                                                                "
		     "       ns\ncpu=amd,topology=hostbridge,iommu_mode=DMA-FQ,method=helper,"
		     "nr_ranges=4096  10\n"));
	doc_free(&d);
	/* fixed: printf widths and pads; no heading line; a column only wide */
	memset(&t, 0, sizeof(t));
	fill(&t, wide, 1);
	t.fixed = t.no_head = 1;
	t.width[0] = 4;
	t.width[1] = 6;
	t.pad[1] = 1;
	t.head[2] = "wide";
	t.only[2] = OUT_WIDE;
	t.ncols = 3;
	table_setf(&t, 2, "w");
	doc_table(&d, &t);
	CHECK(prints(&d, OUT_TEXT, "cpu=amd,topology=hostbridge,iommu_mode=DMA-FQ,method=helper,"
		     "nr_ranges=4096     10w\n"));
	CHECK(prints(&d, OUT_EMAIL, "cpu=amd,topology=hostbridge,iommu_mode=DMA-FQ,method=helper,"
		     "nr_ranges=4096     10\n"));
	CHECK(prints(&d, OUT_MARKDOWN, "| point | ns | wide |\n|---|---:|---|\n| `cpu=amd,topology="
		     "hostbridge,iommu_mode=DMA-FQ,method=helper,nr_ranges=4096` | 10 | w |\n"));
	doc_free(&d);
}

int main(void)
{
	RUN(headings);
	RUN(paragraphs);
	RUN(lists);
	RUN(spacing_markup_only);
	RUN(tables);
	RUN(table_layouts);
	return UNIT_DONE();
}
