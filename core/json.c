/*
 * The JSON writer (see json.h): separators from a stack of open values,
 * strings escaped to valid UTF-8.
 */
#include "json.h"
#include "text.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checked in every build, not with assert (NDEBUG drops it from the
 * release build): nesting past the bound would write past the stack. */
#define JSON_CHECK(cond) ((cond) ? (void)0 : misuse(#cond))

static _Noreturn void misuse(const char *what)
{
	fflush(stdout);
	fprintf(stderr, "cramplog: BUG: JSON writer misused: %s\n", what);
	abort();
}

/* s as a string literal, quotes included (json.h, json_string). */
static void add_string(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s);

	strbuf_addch(sb, '"');
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp;

		/* A run of printable ASCII but '"' and '\\': as it is. */
		for (n = 0; i + n < len && s[i + n] >= 0x20 && s[i + n] < 0x7f &&
			    s[i + n] != '"' && s[i + n] != '\\'; n++)
			;
		if (n) {
			strbuf_add(sb, s + i, n);
			continue;
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		if (!n) {
			/* Not UTF-8: the replacement character. */
			strbuf_add(sb, "\\ufffd", 6);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			strbuf_addch(sb, '\\');
			strbuf_addch(sb, (char)cp);
		} else if (cp == '\n') {
			strbuf_add(sb, "\\n", 2);
		} else if (cp == '\r') {
			strbuf_add(sb, "\\r", 2);
		} else if (cp == '\t') {
			strbuf_add(sb, "\\t", 2);
		} else if (text_is_control(cp) && cp > 0xffff) {
			/* A noncharacter past U+FFFF: a surrogate pair. */
			strbuf_addf(sb, "\\u%04x\\u%04x",
				    0xd800u + ((cp - 0x10000) >> 10),
				    0xdc00u + ((cp - 0x10000) & 0x3ff));
		} else if (text_is_control(cp)) {
			strbuf_addf(sb, "\\u%04x", (unsigned)cp);
		} else {
			strbuf_add(sb, s + i, n);
		}
	}
	strbuf_addch(sb, '"');
}

void json_init(struct json *j, struct strbuf *out, unsigned flags)
{
	j->out = out;
	j->flags = flags;
	j->depth = 0;
	j->done = 0;
}

/* Before a value: the comma after the previous one, and the key. */
static void start(struct json *j, const char *key)
{
	int compact = j->flags & JSON_COMPACT;

	JSON_CHECK(!j->done);
	if (j->depth == 0) {
		JSON_CHECK(key == NULL);
		return;
	}
	JSON_CHECK((key != NULL) == (j->open[j->depth - 1].close == '}'));
	if (!j->open[j->depth - 1].empty)
		strbuf_addstr(j->out, j->depth == 1 && j->flags & JSON_ROWS ?
			      ",\n " : compact ? "," : ", ");
	j->open[j->depth - 1].empty = 0;
	if (key) {
		add_string(j->out, key);
		strbuf_addstr(j->out, compact ? ":" : ": ");
	}
}

/* After a value: the newline once the outermost one is complete. */
static void finish(struct json *j)
{
	if (j->depth == 0) {
		strbuf_addch(j->out, '\n');
		j->done = 1;
	}
}

static void open_value(struct json *j, const char *key, char open, char close)
{
	start(j, key);
	JSON_CHECK(j->depth < JSON_MAX_DEPTH);
	strbuf_addch(j->out, open);
	j->open[j->depth].close = close;
	j->open[j->depth].empty = 1;
	j->depth++;
}

void json_object(struct json *j, const char *key)
{
	open_value(j, key, '{', '}');
}

void json_array(struct json *j, const char *key)
{
	open_value(j, key, '[', ']');
}

void json_end(struct json *j)
{
	JSON_CHECK(j->depth > 0);
	j->depth--;
	strbuf_addch(j->out, j->open[j->depth].close);
	finish(j);
}

void json_string(struct json *j, const char *key, const char *s)
{
	if (!s) {
		json_null(j, key);
		return;
	}
	start(j, key);
	add_string(j->out, s);
	finish(j);
}

void json_number(struct json *j, const char *key, double x)
{
	start(j, key);
	if (!isfinite(x))
		strbuf_addstr(j->out, "null");
	else if (x == floor(x) && fabs(x) < 1e15)
		strbuf_addf(j->out, "%.0f", x);
	else
		strbuf_addf(j->out, "%.17g", x);
	finish(j);
}

void json_int(struct json *j, const char *key, intmax_t x)
{
	start(j, key);
	strbuf_addf(j->out, "%" PRIdMAX, x);
	finish(j);
}

void json_uint(struct json *j, const char *key, uintmax_t x)
{
	start(j, key);
	strbuf_addf(j->out, "%" PRIuMAX, x);
	finish(j);
}

static void literal(struct json *j, const char *key, const char *word)
{
	start(j, key);
	strbuf_addstr(j->out, word);
	finish(j);
}

void json_bool(struct json *j, const char *key, int b)
{
	literal(j, key, b ? "true" : "false");
}

void json_null(struct json *j, const char *key)
{
	literal(j, key, "null");
}
