// SPDX-License-Identifier: GPL-2.0-only
/* The sweep-file syntax (sweepfile.h). */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "sweepfile.h"
#include "units.h"

int sweepfile_read(const char *path, char **out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	for (;;) {
		if (cap - len < 4096) {
			char *grown = realloc(text, cap + 65536);

			if (!grown) {
				free(text);
				fclose(f);
				return errf(err, errlen, "%s: out of memory", path);
			}
			text = grown;
			cap += 65536;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		errf(err, errlen, "%s: read error: %s", path, strerror(errno));
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	text[len] = '\0';
	if (strlen(text) != len) {
		free(text);
		return errf(err, errlen, "%s: not a text file (NUL byte)", path);
	}
	*out = text;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* "FILE:LINE: " in front of the reason a callback wrote into ERR. */
static int prefix(const char *file, unsigned int line, char *err, size_t errlen)
{
	char why[2048];

	snprintf(why, sizeof(why), "%s", err);
	return errf(err, errlen, "%s:%u: %s", file, line, why);
}

int sweepfile_lines(const char *file, const char *text,
		    int (*fn)(void *arg, unsigned int lineno, char *name, char *value,
			      char *err, size_t errlen),
		    void *arg, char *err, size_t errlen)
{
	char *copy = strdup(text), *line, *next, *logical = NULL;
	unsigned int lineno = 0, start = 0;
	size_t loglen = 0;
	int ret = -1;

	if (!copy)
		return errf(err, errlen, "%s: out of memory", file);
	for (line = copy; line; line = next) {
		char *hash, *grown, *l, *eq;
		size_t n;
		int cont;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		line = trim(line);
		n = strlen(line);
		cont = n && line[n - 1] == '\\';
		if (cont)
			line[--n] = '\0';
		if (!logical && !n && !cont)
			continue;
		grown = realloc(logical, loglen + n + 2);
		if (!grown) {
			errf(err, errlen, "%s: out of memory", file);
			goto out;
		}
		if (!logical)
			start = lineno;
		logical = grown;
		memcpy(logical + loglen, line, n);
		loglen += n;
		logical[loglen++] = ' ';
		logical[loglen] = '\0';
		if (cont && next)
			continue;
		l = trim(logical);
		eq = strchr(l, '=');
		if (!eq) {
			errf(err, errlen, "%s:%u: expected 'name = value ...', got '%s'", file, start, l);
			goto out;
		}
		*eq = '\0';
		if (fn(arg, start, trim(l), trim(eq + 1), err, errlen)) {
			prefix(file, start, err, errlen);
			goto out;
		}
		free(logical);
		logical = NULL;
		loglen = 0;
	}
	ret = 0;
out:
	free(logical);
	free(copy);
	return ret;
}

static int parse_number(enum sweepfile_kind kind, const char *s, uint64_t *v)
{
	return kind == SWEEPFILE_SIZES ? size_parse(s, v) : parse_u64(s, v);
}

/*
 * RANGE is "A..B" or "A..B*F"; STEP (the next token, or NULL) is "*F"
 * (geometric) or "+S" (arithmetic). An attached '+' would be read as a sum
 * ("4G+4K"), so additive steps stand apart.
 */
static int add_range(const char *name, const char *range, const char *step,
		     enum sweepfile_kind kind,
		     int (*add)(void *arg, const char *value, char *err, size_t errlen),
		     void *arg, char *err, size_t errlen)
{
	char lo_s[64], hi_s[64], buf[64];
	const char *dots = strstr(range, ".."), *att = strchr(dots, '*');
	uint64_t lo, hi, by;

	if (kind == SWEEPFILE_WORDS)
		return errf(err, errlen, "%s: ranges are for numbers and sizes, not '%s'", name, range);
	if (att)
		step = att;
	if (!step)
		return errf(err, errlen, "%s: range '%s' needs a step after it: '*4' (multiply) "
			    "or '+4K' (add)", name, range);
	snprintf(lo_s, sizeof(lo_s), "%.*s", (int)(dots - range), range);
	snprintf(hi_s, sizeof(hi_s), "%.*s", (int)(att ? att - dots - 2 : (long)strlen(dots + 2)), dots + 2);
	if (parse_number(kind, lo_s, &lo) || parse_number(kind, hi_s, &hi))
		return errf(err, errlen, "%s: '%s' is not a range of %s", name, range,
			    kind == SWEEPFILE_SIZES ? "sizes" : "numbers");
	if (parse_number(kind, step + 1, &by) || (*step == '*' ? by < 2 : by < 1))
		return errf(err, errlen, "%s: bad step '%s' (want *N with N >= 2, or +N with N >= 1)",
			    name, step);
	if (lo > hi)
		return errf(err, errlen, "%s: range '%s' is empty (start above end)", name, range);
	for (uint64_t v = lo;;) {
		if (kind == SWEEPFILE_SIZES)
			format_size(v, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%" PRIu64, v);
		if (add(arg, buf, err, errlen))
			return -1;
		if (*step == '*' ? v > hi / by : by > hi - v)
			break;
		v = *step == '*' ? v * by : v + by;
	}
	return 0;
}

static int is_step(const char *t)
{
	return (t[0] == '*' || t[0] == '+') && t[1];
}

int sweepfile_values(const char *name, char *text, enum sweepfile_kind kind,
		     int (*add)(void *arg, const char *value, char *err, size_t errlen),
		     void *arg, char *err, size_t errlen)
{
	char **tok = malloc(SWEEPFILE_MAX_TOKENS * sizeof(*tok)), *save = NULL;
	unsigned int n = 0;
	int ret = -1;

	if (!tok)
		return errf(err, errlen, "%s: out of memory", name);
	for (char *t = strtok_r(text, " \t,", &save); t; t = strtok_r(NULL, " \t,", &save)) {
		if (n >= SWEEPFILE_MAX_TOKENS) {
			errf(err, errlen, "%s: too many values", name);
			goto out;
		}
		tok[n++] = t;
	}
	if (!n) {
		errf(err, errlen, "%s: no value", name);
		goto out;
	}
	for (unsigned int i = 0; i < n; i++) {
		if (is_step(tok[i])) {
			errf(err, errlen, "%s: step '%s' without a range before it", name, tok[i]);
			goto out;
		}
		if (strstr(tok[i], "..")) {
			const char *step = i + 1 < n && is_step(tok[i + 1]) ? tok[i + 1] : NULL;

			if (step && strchr(tok[i], '*')) {
				errf(err, errlen, "%s: range '%s' has two steps", name, tok[i]);
				goto out;
			}
			if (add_range(name, tok[i], step, kind, add, arg, err, errlen))
				goto out;
			i += step != NULL;
			continue;
		}
		if (add(arg, tok[i], err, errlen))
			goto out;
	}
	ret = 0;
out:
	free(tok);
	return ret;
}
