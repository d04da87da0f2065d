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

/* What the number parsers return for a number a double cannot hold:
 * too large (1e400, -1.8e308), or too near 0 (1e-400, 2.5e-330). */
#define VALUE_TOO_LARGE (-2)
#define VALUE_TOO_SMALL (-3)

/* A decimal number: optional sign, digits, optional fraction, optional
 * exponent, of any length. No hex, no "nan" or "inf", no thousands
 * separators (-1 for those); a number beyond a double's range is
 * VALUE_TOO_LARGE or VALUE_TOO_SMALL. With decimal_comma, "1,5" is 1.5
 * (and "1.5" is still accepted). */
int value_parse_number(const char *s, size_t len, int decimal_comma,
		       double *out);
/* "H:MM", "HH:MM", "H:MM:SS" or "HH:MM:SS", 00:00:00 to 23:59:59; written
 * to out as "HH:MM:SS". */
int value_parse_time(const char *s, size_t len, model_time out);
/* A number as apps write it inside a quoted field of a ','-separated
 * file: "1,337" and "12,345.6" have thousands separators; "7,00" and
 * "0,2" (a comma not followed by exactly three digits, once) a decimal
 * comma; anything else as value_parse_number with a decimal point. */
int value_parse_app_number(const char *s, size_t len, double *out);
/* The decimal mark a number shows when it can be read only one way: ','
 * for "3,40", "2,9" or "0,736675", '.' for "6.71" or "0.0" (a mark not
 * followed by exactly three digits); 0 for "1,200", "850" or anything
 * that is not a plain number. */
char value_decimal_mark(const char *s, size_t len);
/* Whether a number reads one way with a decimal point and another with a
 * decimal comma: one to three digits (not a lone 0), one mark, three
 * digits ("3.000": 3 or 3000; "1,337"). */
int value_mark_ambiguous(const char *s, size_t len);
/* A number in a file whose decimal mark is known (',' or '.'): the other
 * mark separates thousands ("1.200" is 1200 with ',', "1,200" is 1200
 * with '.'); a number that shows its own mark is read by it ("6,50" is
 * 6.5 whatever the file's). mark 0: as value_parse_app_number. */
int value_parse_marked_number(const char *s, size_t len, char mark,
			      double *out);
/* A duration on a clock: "H:MM:SS", "HH:MM:SS", "M:SS" or "MM:SS", the
 * seconds perhaps with a fraction ("00:09:25.5", "4:47.8"); in minutes. */
int value_parse_clock(const char *s, size_t len, double *minutes);
/* A date with perhaps a time of day, as apps export them:
 * "2026-04-23 08:04:14", "2026-04-23T08:04:14" (a fraction of a second
 * and a 'Z' are allowed and dropped), "2026-04-23 08:04", "2026-04-23",
 * "Oct 6, 2022, 11:19:20 PM" (English month, 12-hour clock) and
 * "20.09.2026, 14:12:12" (day first, as German exports write it). time is
 * "" when none is given. */
int value_parse_datetime(const char *s, size_t len, model_date date,
			 model_time time);
/* Converts a UTC date and time (as value_parse_datetime gives them, time
 * not "") to the local time of the TZ environment variable; *year is the
 * local year. -1, date and time unchanged, when that year is outside
 * 1900-2199. */
int value_utc_to_local(model_date date, model_time time, int *year);
/* A time of day as value_parse_time takes it, or on a 12-hour clock:
 * "9:51 AM", "12:05 PM", "10:00:30 pm". */
int value_parse_app_time(const char *s, size_t len, model_time out);
/* yes/no/y/n/true/false/1/0 in any case. */
int value_parse_bool(const char *s, size_t len, int *out);
/* left/right/both in any case. */
int value_parse_side(const char *s, size_t len, enum cramp_side *out);

#endif
