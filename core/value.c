/*
 * Parsing of single values (see value.h). Numbers take a fast exact path
 * (Clinger's: a mantissa below 2^53 divided or multiplied by an exact power
 * of ten is correctly rounded) and fall back to strtod for the rest.
 */
#include "value.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

int value_parse_number(const char *s, size_t len, int decimal_comma,
		       double *out)
{
	char buf[64], *copy;
	size_t i = 0, digits = 0, sig = 0;
	uint64_t mant = 0;
	int neg = 0, frac_digits = 0, has_exp = 0, ok;
	size_t dot = (size_t)-1;
	char *end;
	double v;

	if (len && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	for (; i < len; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			digits++;
			if (mant || c != '0')
				sig++;
			if (sig <= 19)
				mant = mant * 10 + (uint64_t)(c - '0');
			if (dot != (size_t)-1)
				frac_digits++;
		} else if ((c == '.' || (c == ',' && decimal_comma)) &&
			   dot == (size_t)-1) {
			dot = i;
		} else {
			break;
		}
	}
	if (!digits)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		size_t edigits = 0;

		if (j < len && (s[j] == '-' || s[j] == '+'))
			j++;
		for (; j < len && s[j] >= '0' && s[j] <= '9'; j++)
			edigits++;
		if (!edigits)
			return -1;
		has_exp = 1;   /* strtod below does the rest */
		i = j;
	}
	if (i != len)
		return -1;
	if (sig <= 15 && !has_exp && frac_digits <= 22) {
		v = (double)mant / pow10_exact[frac_digits];
		*out = neg ? -v : v;
		return 0;
	}
	/* The slow path: strtod on a NUL-terminated copy with a point (on the
	 * heap for a long one: many leading zeros are still a number). */
	copy = len < sizeof(buf) ? buf : malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	if (dot != (size_t)-1)
		copy[dot] = '.';
	errno = 0;
	v = strtod(copy, &end);
	/* ERANGE: too large, or too small to be held (1e-400): not a value a
	 * log can mean. */
	ok = end == copy + len && isfinite(v) && errno != ERANGE;
	if (copy != buf)
		free(copy);
	if (!ok)
		return -1;
	*out = v;
	return 0;
}

static int two_digits(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

int value_parse_time(const char *s, size_t len, model_time out)
{
	int h, m, sec = 0;

	if (len == 4 || len == 7) {    /* "H:MM" or "H:MM:SS" */
		if (s[0] < '0' || s[0] > '9')
			return -1;
		h = s[0] - '0';
		s++;
		len--;
	} else if (len == 5 || len == 8) {
		if (two_digits(s, &h))
			return -1;
		s += 2;
		len -= 2;
	} else {
		return -1;
	}
	if (s[0] != ':' || two_digits(s + 1, &m))
		return -1;
	if (len == 6 && (s[3] != ':' || two_digits(s + 4, &sec)))
		return -1;
	if (h > 23 || m > 59 || sec > 59)
		return -1;
	out[0] = (char)('0' + h / 10);
	out[1] = (char)('0' + h % 10);
	out[2] = ':';
	out[3] = (char)('0' + m / 10);
	out[4] = (char)('0' + m % 10);
	out[5] = ':';
	out[6] = (char)('0' + sec / 10);
	out[7] = (char)('0' + sec % 10);
	out[8] = '\0';
	return 0;
}

int value_parse_bool(const char *s, size_t len, int *out)
{
	static const char *const yes[] = { "yes", "y", "true", "1" };
	static const char *const no[] = { "no", "n", "false", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (text_eq_ascii_nocase(s, len, yes[i])) {
			*out = 1;
			return 0;
		}
		if (text_eq_ascii_nocase(s, len, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int value_parse_side(const char *s, size_t len, enum cramp_side *out)
{
	if (text_eq_ascii_nocase(s, len, "left"))
		*out = SIDE_LEFT;
	else if (text_eq_ascii_nocase(s, len, "right"))
		*out = SIDE_RIGHT;
	else if (text_eq_ascii_nocase(s, len, "both"))
		*out = SIDE_BOTH;
	else
		return -1;
	return 0;
}
