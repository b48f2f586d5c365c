// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "outfmt.h"

static const struct {
	const char *name;
	unsigned int traits;
} formats[OUT_FORMAT_NR] = {
	[OUT_TEXT] = { "text", OUT_PLAIN },
	[OUT_MARKDOWN] = { "markdown", OUT_MARKUP },
	[OUT_EMAIL] = { "email", OUT_PLAIN | OUT_NARROW },
	[OUT_JSON] = { "json", OUT_DATA },
};

unsigned int out_traits(enum out_format fmt, unsigned int width)
{
	unsigned int t = (unsigned int)fmt < OUT_FORMAT_NR ? formats[fmt].traits : 0;

	if ((t & OUT_PLAIN) && width)
		t |= OUT_NARROW;
	return t & (OUT_NARROW | OUT_DATA) ? t : t | OUT_WIDE;
}

int out_format_parse_in(const char *s, unsigned int mask)
{
	for (unsigned int i = 0; i < OUT_FORMAT_NR; i++)
		if ((mask & OUT_MASK(i)) && !strcmp(s, formats[i].name))
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
	return v < OUT_FORMAT_NR ? formats[v].name : "?";
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
