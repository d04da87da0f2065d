/*
 * The JSON writer every command prints through (after git's json-writer.h
 * and jq's jv_dump): it places the commas, the colons and the quotes, so
 * that no caller writes a separator by hand.
 *
 * Each value function takes the key it is stored under: a key inside an
 * object, NULL inside an array or for the outermost value. The writer
 * keeps a stack of the open objects and arrays, at most JSON_MAX_DEPTH
 * deep. Misuse (a key in an array or none in an object, a value after the
 * outermost one is closed, nesting past the bound, json_end with nothing
 * open) is a programming error: the program says so on stderr and aborts,
 * in every build.
 *
 * The output is always valid UTF-8 JSON, whatever the strings hold (see
 * json_string). Closing the outermost value ends the text with a newline.
 * The writer appends to a strbuf and never reads it back: a caller may
 * write the buffer out and reset it between two values (a long array
 * printed a row at a time).
 */
#ifndef CRAMPLOG_JSON_H
#define CRAMPLOG_JSON_H

#include "strbuf.h"

#include <stdint.h>

#define JSON_MAX_DEPTH 8

/* How the separators look: by default ", " and ": " ({"a": 1, "b": [1, 2]}). */
enum json_flags {
	JSON_COMPACT = 1,   /* "," and ":" ({"a":1,"b":[1,2]}) */
	JSON_ROWS = 2,      /* the outermost array holds one element a line:
			       "[{...},\n {...}]", for line tools (grep, head) */
};

struct json {
	struct strbuf *out;
	unsigned flags;               /* enum json_flags */
	int depth;                    /* open objects and arrays */
	int done;                     /* the outermost value is written */
	struct {
		char close;           /* '}' or ']' */
		char empty;           /* nothing written in it yet */
	} open[JSON_MAX_DEPTH];
};

/* Starts a text appended to out. */
void json_init(struct json *j, struct strbuf *out, unsigned flags);

/* Opens an object or an array under key; json_end closes the innermost. */
void json_object(struct json *j, const char *key);
void json_array(struct json *j, const char *key);
void json_end(struct json *j);

/* s as a string literal, quotes included, or null when s is NULL. Control
 * characters (text_is_control: C0, DEL, C1, the bidirectional overrides
 * and isolates, invisible ones and noncharacters) are escaped (\n, \r,
 * \t, \uNNNN, a surrogate pair past U+FFFF), and each byte that is not
 * part of well-formed UTF-8 becomes U+FFFD, written \ufffd. */
void json_string(struct json *j, const char *key, const char *s);
/* x with 17 significant digits, so that it reads back the same (an
 * integer below 1e15 without a fraction), or null when x is NAN or
 * infinite. */
void json_number(struct json *j, const char *key, double x);
void json_int(struct json *j, const char *key, intmax_t x);
void json_uint(struct json *j, const char *key, uintmax_t x);
void json_bool(struct json *j, const char *key, int b);
void json_null(struct json *j, const char *key);

#endif
