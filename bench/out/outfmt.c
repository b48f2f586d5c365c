// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "outfmt.h"

static const char *const formats[] = { [OUT_TEXT] = "text", [OUT_JSON] = "json" };

int out_format_parse(const char *s)
{
	for (unsigned int i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(s, formats[i]))
			return (int)i;
	return -1;
}

const char *out_format_name(unsigned int v)
{
	return v < sizeof(formats) / sizeof(formats[0]) ? formats[v] : "?";
}

int out_json(FILE *f, json_t *j)
{
	int r;

	if (!j)
		return -1;
	r = json_dumpf(j, f, JSON_INDENT(2));
	json_decref(j);
	if (r || fputc('\n', f) == EOF)
		return -1;
	return 0;
}
