// SPDX-License-Identifier: GPL-2.0-only
/* Whole text files and the lines in them (readtext.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readtext.h"

char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return strdup("");
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

void grep_lines(const char *text, const char *needle, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");

		if (memmem(p, n, needle, strlen(needle)) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%.*s", used ? "; " : "",
						 (int)n, p);
		p += n + (p[n] == '\n');
	}
}
