// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "outfmt.h"

static const char *const formats[OUT_FORMAT_NR] = {
	[OUT_TEXT] = "text", [OUT_JSON] = "json", [OUT_MARKDOWN] = "markdown", [OUT_EMAIL] = "email",
};

int out_format_parse_in(const char *s, unsigned int mask)
{
	for (unsigned int i = 0; i < OUT_FORMAT_NR; i++)
		if ((mask & OUT_MASK(i)) && !strcmp(s, formats[i]))
			return (int)i;
	return -1;
}

int out_format_parse(const char *s)
{
	return out_format_parse_in(s, OUT_MASK(OUT_TEXT) | OUT_MASK(OUT_JSON));
}

int out_format_parse_tmj(const char *s)
{
	return out_format_parse_in(s, OUT_MASK(OUT_TEXT) | OUT_MASK(OUT_MARKDOWN) | OUT_MASK(OUT_JSON));
}

int out_format_parse_all(const char *s)
{
	return out_format_parse_in(s, ~0U);
}

const char *out_format_name(unsigned int v)
{
	return v < OUT_FORMAT_NR ? formats[v] : "?";
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
