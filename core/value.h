/*
 * Parsing of single values as they stand in log files: numbers (with a
 * decimal point or, where the file allows it, a decimal comma), times of
 * day, yes/no answers and sides. Each takes a string that need not be
 * NUL-terminated and returns 0, or -1 when the text is not such a value.
 */
#ifndef CRAMPLOG_VALUE_H
#define CRAMPLOG_VALUE_H

#include "model.h"

#include <stddef.h>

/* A decimal number: optional sign, digits, optional fraction, optional
 * exponent, of any length. No hex, no "nan" or "inf", no thousands
 * separators, nothing beyond a double's range (1e400, 1e-400). With
 * decimal_comma, "1,5" is 1.5 (and "1.5" is still accepted). */
int value_parse_number(const char *s, size_t len, int decimal_comma,
		       double *out);
/* "H:MM", "HH:MM", "H:MM:SS" or "HH:MM:SS", 00:00:00 to 23:59:59; written
 * to out as "HH:MM:SS". */
int value_parse_time(const char *s, size_t len, model_time out);
/* yes/no/y/n/true/false/1/0 in any case. */
int value_parse_bool(const char *s, size_t len, int *out);
/* left/right/both in any case. */
int value_parse_side(const char *s, size_t len, enum cramp_side *out);

#endif
