/*
 * Growable string buffers (see strbuf.h).
 */
#include "strbuf.h"
#include "text.h"
#include "xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb);
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s;

	if (!sb->alloc)
		strbuf_grow(sb, 1);
	s = sb->buf;
	strbuf_init(sb);
	return s;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->buf[0] = '\0';
}

int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need, alloc;
	char *p;

	if (extra > SIZE_MAX - sb->len - 1)
		die("out of memory (a string of more than %zu bytes)", sb->len);
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return 0;
	alloc = sb->alloc ? sb->alloc : 64;
	while (alloc < need)
		alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
	p = xrealloc(sb->alloc ? sb->buf : NULL, alloc);
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = alloc;
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0,
		      fmt, cp);
	va_end(cp);
	if (n < 0)
		return -1;
	if ((size_t)n >= (sb->alloc ? sb->alloc - sb->len : 0)) {
		strbuf_grow(sb, (size_t)n);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
		if (n < 0)
			return -1;
	}
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return r;
}

int strbuf_add_json_string(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s);

	if (strbuf_addch(sb, '"') < 0)
		return -1;
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t cp;
		int r;

		n = text_utf8_decode(s + i, len - i, &cp);
		if (!n) {
			/* Not UTF-8: the replacement character. */
			r = strbuf_add(sb, "\\ufffd", 6);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			r = strbuf_addch(sb, '\\') | strbuf_addch(sb, (char)cp);
		} else if (cp == '\n') {
			r = strbuf_add(sb, "\\n", 2);
		} else if (cp == '\r') {
			r = strbuf_add(sb, "\\r", 2);
		} else if (cp == '\t') {
			r = strbuf_add(sb, "\\t", 2);
		} else if (text_is_control(cp) && cp > 0xffff) {
			/* A noncharacter past U+FFFF: a surrogate pair. */
			r = strbuf_addf(sb, "\\u%04x\\u%04x",
					0xd800u + ((cp - 0x10000) >> 10),
					0xdc00u + ((cp - 0x10000) & 0x3ff));
		} else if (text_is_control(cp)) {
			r = strbuf_addf(sb, "\\u%04x", (unsigned)cp);
		} else {
			r = strbuf_add(sb, s + i, n);
		}
		if (r < 0)
			return -1;
	}
	return strbuf_addch(sb, '"');
}

int strbuf_add_json_number(struct strbuf *sb, double x)
{
	if (!isfinite(x))
		return strbuf_addstr(sb, "null");
	if (x == floor(x) && fabs(x) < 1e15)
		return strbuf_addf(sb, "%.0f", x);
	return strbuf_addf(sb, "%.17g", x);
}
