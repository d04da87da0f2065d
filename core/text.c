/*
 * UTF-8 text helpers (see text.h).
 */
#include "text.h"

#include <stdint.h>
#include <string.h>

size_t text_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	uint32_t v;
	size_t n;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len - 1 < n)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3f);
	}
	if ((n == 2 && v < 0x800) || (n == 3 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n + 1;
}

size_t text_utf8_check(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len && (n = text_utf8_decode(s + i, len - i, &cp)) > 0)
		i += n;
	return i;
}

/* A noncharacter: U+FDD0 to U+FDEF, and the last two code points of
 * each plane (U+FFFE, U+FFFF, U+1FFFE, ...). */
static int is_noncharacter(uint32_t cp)
{
	return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

/* Invisible, and no part of any script's spelling: the combining grapheme
 * joiner, the zero-width space, the line and paragraph separators and the
 * zero-width no-break space (a byte order mark). U+200C and U+200D
 * (Persian, Indic scripts, emoji) and U+200E, U+200F are not. */
static int is_invisible(uint32_t cp)
{
	return cp == 0x034f || cp == 0x200b || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0xfeff;
}

int text_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       is_invisible(cp) || is_noncharacter(cp);
}

size_t text_find_control(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n && text_is_control(cp))
			return i;
		i += n ? n : 1;
	}
	return len;
}

void text_trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len;

	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	*s = p;
	*len = n;
}

/* The simple lower-case mapping of the capitals in the blocks we fold. */
static uint32_t fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xc0)
		return c;
	if (c <= 0xde)
		return c == 0xd7 ? c : c + 32;       /* Latin-1; not U+00D7 */
	if (c >= 0x100 && c <= 0x137)
		return c | 1;                        /* even = capital */
	if (c >= 0x139 && c <= 0x148)
		return (c & 1) ? c + 1 : c;          /* odd = capital */
	if (c >= 0x14a && c <= 0x177)
		return c | 1;
	if (c == 0x178)
		return 0xff;                         /* Y with diaeresis */
	if (c >= 0x179 && c <= 0x17e)
		return (c & 1) ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3ab && c != 0x3a2)
		return c + 32;                       /* Greek */
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;                       /* Cyrillic */
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	return c;
}

static void add_cp(struct strbuf *out, uint32_t c)
{
	char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xc0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xe0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	strbuf_add(out, b, n);
}

void text_casefold(const char *str, size_t len, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t start = out->len;
	int space = 0;

	for (size_t i = 0; i < len;) {
		uint32_t c = s[i];
		size_t n = 1;

		if (c >= 0xf0 && i + 3 < len) {
			c = ((c & 0x07) << 18) | ((s[i + 1] & 0x3fu) << 12) |
			    ((s[i + 2] & 0x3fu) << 6) | (s[i + 3] & 0x3fu);
			n = 4;
		} else if (c >= 0xe0 && i + 2 < len) {
			c = ((c & 0x0f) << 12) | ((s[i + 1] & 0x3fu) << 6) |
			    (s[i + 2] & 0x3fu);
			n = 3;
		} else if (c >= 0xc0 && i + 1 < len) {
			c = ((c & 0x1f) << 6) | (s[i + 1] & 0x3fu);
			n = 2;
		}
		i += n;
		if (c == ' ' || c == '\t') {
			space = 1;
			continue;
		}
		if (space && out->len > start)
			strbuf_addch(out, ' ');
		space = 0;
		add_cp(out, fold_cp(c));
	}
}

int text_eq_ascii_nocase(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (word[i] == '\0' || c != word[i])
			return 0;
	}
	return word[i] == '\0';
}

void text_add_printable(struct strbuf *out, const char *s, size_t len,
		       size_t max)
{
	size_t n = len > max ? max : len;

	/* Do not cut a UTF-8 sequence (of at most 4 bytes) in two. */
	for (int back = 0; back < 3 && n < len && n &&
	     ((unsigned char)s[n] & 0xc0) == 0x80; back++)
		n--;
	for (size_t i = 0, k; i < n; i += k) {
		uint32_t cp;

		k = text_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			/* Not UTF-8: the byte, as a number. */
			strbuf_addf(out, "\\x%02x", (unsigned char)s[i]);
			k = 1;
		} else if (cp == '\n') {
			strbuf_add(out, "\\n", 2);
		} else if (cp == '\t') {
			strbuf_add(out, "\\t", 2);
		} else if (cp == '\r') {
			strbuf_add(out, "\\r", 2);
		} else if (text_is_control(cp)) {
			if (cp < 0x80)
				strbuf_addf(out, "\\x%02x", (unsigned)cp);
			else if (cp > 0xffff)
				strbuf_addf(out, "\\U%08x", (unsigned)cp);
			else
				strbuf_addf(out, "\\u%04x", (unsigned)cp);
		} else {
			strbuf_add(out, s + i, k);
		}
	}
	if (n < len)
		strbuf_add(out, "...", 3);
}

size_t text_width(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

void text_wrap(struct strbuf *out, const char *s, const char *indent,
	      size_t width)
{
	size_t indent_width = text_width(indent, strlen(indent));
	size_t lead = strspn(s, " ");
	size_t column = lead;
	int at_line_start = 1;

	strbuf_add(out, s, lead);
	s += lead;
	while (*s) {
		size_t space = strspn(s, " ");
		size_t word = strcspn(s + space, " ");
		size_t w = text_width(s + space, word);

		if (!word)
			break;
		s += space;
		if (!at_line_start && column + 1 + w > width) {
			strbuf_addch(out, '\n');
			strbuf_addstr(out, indent);
			column = indent_width;
			at_line_start = 1;
		}
		if (!at_line_start) {
			strbuf_addch(out, ' ');
			column++;
		}
		strbuf_add(out, s, word);
		column += w;
		at_line_start = 0;
		s += word;
	}
	strbuf_addch(out, '\n');
}
