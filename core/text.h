/*
 * UTF-8 text helpers: validation, trimming and the case folding that makes
 * athlete names match whatever their case ("ZOË" = "zoë").
 */
#ifndef CRAMPLOG_TEXT_H
#define CRAMPLOG_TEXT_H

#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* The length (1 to 4) of the well-formed UTF-8 sequence that s begins
 * with, its code point in *cp; 0 when the first byte begins none (len must
 * be at least 1). */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* The offset of the first byte that is not part of well-formed UTF-8 (no
 * overlongs, no surrogates, nothing past U+10FFFF), or len when all is. */
size_t text_utf8_check(const char *s, size_t len);
/* 1 when code point cp must not reach a terminal raw, nor be part of a
 * name: a C0 control, DEL, a C1 control (U+0080 to U+009F), a
 * bidirectional override or isolate (U+202A to U+202E, U+2066 to U+2069),
 * which reorder the text after them, an invisible character that would
 * make two names of one (U+034F, U+200B, U+FEFF) or a line of two (U+2028,
 * U+2029), or a noncharacter (U+FDD0 to U+FDEF, U+FFFE, U+FFFF, U+1FFFE,
 * ...); else 0. */
int text_is_control(uint32_t cp);
/* The offset of the first control character (text_is_control) in s, or
 * len. Bytes that are not UTF-8 are passed over. */
size_t text_find_control(const char *s, size_t len);
/* Narrows [*s, *s + *len) to drop leading and trailing spaces and tabs. */
void text_trim(const char **s, size_t *len);
/* Appends a case-folded copy of valid UTF-8 s to out: ASCII, Latin-1,
 * Latin Extended-A, Greek and Cyrillic capitals become small letters, and
 * runs of white space become one space. */
void text_casefold(const char *s, size_t len, struct strbuf *out);
/* Appends s for a message to a terminal, so that a value cannot move the
 * cursor, change colours or reorder the line: control characters
 * (text_is_control) written as \n, \t, \r, \xNN (C0 and DEL), \uNNNN
 * (the others) or \UNNNNNNNN (past U+FFFF), each byte that is not UTF-8
 * as \xNN; at most max bytes of s, then "..." when it is cut. Text already
 * made printable comes back the same. */
void text_add_printable(struct strbuf *out, const char *s, size_t len,
		       size_t max);
/* 1 when s equals the NUL-terminated lower-case ASCII word, ignoring
 * ASCII case. */
int text_eq_ascii_nocase(const char *s, size_t len, const char *word);

/* The columns a UTF-8 string takes on a terminal (one per code point). */
size_t text_width(const char *s, size_t len);

/* Appends s folded into lines of at most width columns at its spaces (a
 * word longer than a line stands alone), each line but the first begun
 * with indent, each ended with a newline. */
void text_wrap(struct strbuf *out, const char *s, const char *indent,
	      size_t width);

#endif
