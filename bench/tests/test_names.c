// SPDX-License-Identifier: GPL-2.0-only
/*
 * The method names: the list generated from the uapi enum names every
 * method, each name parses back, and the documents that list the methods
 * (README-results.md's sweep keys, docs/design.md's table) list exactly
 * these, in this order. Run from bench/ (make test).
 */
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "readtext.h"
#include "unit.h"

static void every_method_named(void)
{
	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT; m++) {
		const char *n = method_name(m);

		CHECK(strcmp(n, "?") && n[0]);
		CHECK(strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(n));
		CHECK(method_parse(n) == (int)m);
	}
	CHECK(!strcmp(method_name(P2PBENCH_METHOD_COUNT), "?"));
	CHECK(method_parse("HELPER") == -1 && method_parse("") == -1);
	CHECK(method_parse("helper") == P2PBENCH_METHOD_HELPER);
	CHECK(!strcmp(method_name(P2PBENCH_METHOD_IOMMUFD), "iommufd"));
}

/* The methods, each as PRE name POST, one after the other, into BUF. */
static void method_list(const char *pre, const char *post, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int m = 0; m < P2PBENCH_METHOD_COUNT && used < len; m++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s%s", pre, method_name(m), post);
}

static void results_doc_lists_them(void)
{
	char *doc = read_text("README-results.md"), want[512], row[600];

	CHECK(doc && doc[0]);
	method_list("", " ", want, sizeof(want));
	want[strlen(want) - 1] = '\0';
	snprintf(row, sizeof(row), "\n| `method` | `%s` (required) |", want);
	if (doc && !strstr(doc, row))
		fprintf(stderr, "#   README-results.md has no row '%s'\n", row + 1);
	CHECK(doc && strstr(doc, row));
	free(doc);
}

static void design_doc_lists_them(void)
{
	char *doc = read_text("../docs/design.md"), want[512];
	const char *table = doc ? strstr(doc, "\n| method | maps with |\n|---|---|\n") : NULL;

	CHECK(table);
	if (!table) {
		free(doc);
		return;
	}
	table = strstr(table, "|---|---|\n") + strlen("|---|---|\n");
	/* The rows' first cells, up to the blank line that ends the table. */
	char got[512] = "";
	size_t used = 0;

	for (const char *l = table; *l == '|' && used < sizeof(got); l = strchr(l, '\n') + 1) {
		const char *end = strchr(l + 1, '|');

		if (!end)
			break;
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%.*s|",
					 (int)(end - l - 1), l + 1);
		if (!strchr(l, '\n'))
			break;
	}
	method_list(" `", "` |", want, sizeof(want));
	if (strcmp(got, want))
		fprintf(stderr, "#   docs/design.md's methods '%s', the uapi's '%s'\n", got, want);
	CHECK(!strcmp(got, want));
	free(doc);
}

int main(void)
{
	RUN(every_method_named);
	RUN(results_doc_lists_them);
	RUN(design_doc_lists_them);
	return UNIT_DONE();
}
