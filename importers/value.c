/*
 * Parsing of single values (see value.h). Numbers take a fast exact path
 * (Clinger's: a mantissa below 2^53 divided or multiplied by an exact power
 * of ten is correctly rounded) and fall back to strtod for the rest.
 */
#include "value.h"
#include "calendar.h"
#include "text.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>
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
	int neg = 0, frac_digits = 0, has_exp = 0, rc;
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
	copy = len < sizeof(buf) ? buf : xmalloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	if (dot != (size_t)-1)
		copy[dot] = '.';
	errno = 0;
	v = strtod(copy, &end);
	/* ERANGE: too large, or too small to be held (1e-400): a number, but
	 * not a value a log can mean. */
	rc = end != copy + len ? -1 : !isfinite(v) ? VALUE_TOO_LARGE :
	     errno == ERANGE ? VALUE_TOO_SMALL : 0;
	if (copy != buf)
		free(copy);
	if (rc == 0)
		*out = v;
	return rc;
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

int value_parse_app_number(const char *s, size_t len, double *out)
{
	char buf[64];
	size_t i = 0, n = 0, groups = 0, run = 0;
	const char *comma = memchr(s, ',', len);

	if (!comma)
		return value_parse_number(s, len, 0, out);
	if (len >= sizeof(buf))
		return -1;
	/* "1,337", "12,345.6": digit groups of three after the first. */
	if (i < len && (s[i] == '-' || s[i] == '+'))
		buf[n++] = s[i++];
	for (; i < len && s[i] != '.'; i++) {
		if (s[i] == ',') {
			if (run == 0 || (groups ? run != 3 : run > 3))
				break;
			groups++;
			run = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			break;
		buf[n++] = s[i];
		run++;
	}
	if (groups && run == 3 && (i == len || s[i] == '.')) {
		memcpy(buf + n, s + i, len - i);
		return value_parse_number(buf, n + len - i, 0, out);
	}
	/* Else a decimal comma: "7,00", "0,2". */
	return value_parse_number(s, len, 1, out);
}

char value_decimal_mark(const char *s, size_t len)
{
	size_t i = 0, mark = len, after;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	if (i == len)
		return 0;
	for (size_t j = i; j < len; j++) {
		if (s[j] == '.' || s[j] == ',') {
			if (mark != len || j == i)
				return 0;   /* two marks, or none before */
			mark = j;
		} else if (s[j] < '0' || s[j] > '9') {
			return 0;
		}
	}
	after = len - mark - 1;
	return mark == len || after == 0 || after == 3 ? 0 : s[mark];
}

int value_mark_ambiguous(const char *s, size_t len)
{
	size_t i = 0, mark = len;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (size_t j = i; j < len; j++) {
		if (s[j] == '.' || s[j] == ',') {
			if (mark != len)
				return 0;
			mark = j;
		} else if (s[j] < '0' || s[j] > '9') {
			return 0;
		}
	}
	return mark != len && mark > i && mark - i <= 3 && s[i] != '0' &&
	       len - mark - 1 == 3;
}

int value_parse_marked_number(const char *s, size_t len, char mark,
			      double *out)
{
	char buf[64], own = value_decimal_mark(s, len), group;
	size_t i = 0, n = 0, run = 0, groups = 0;

	/* A number that can be read one way only is read that way. */
	if (own)
		mark = own;
	if (mark != ',' && mark != '.')
		return value_parse_app_number(s, len, out);
	group = mark == ',' ? '.' : ',';
	if (len >= sizeof(buf))
		return -1;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		buf[n++] = s[i++];
	/* The whole part: digit groups of three after the first. */
	for (; i < len && s[i] != mark; i++) {
		if (s[i] == group) {
			if (run == 0 || (groups ? run != 3 : run > 3))
				return -1;
			groups++;
			run = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		buf[n++] = s[i];
		run++;
	}
	if (groups && run != 3)
		return -1;
	for (; i < len; i++)
		buf[n++] = s[i] == mark ? '.' : s[i];
	return value_parse_number(buf, n, 0, out);
}

int value_parse_clock(const char *s, size_t len, double *minutes)
{
	double part[3] = { 0, 0, 0 }, sec;
	size_t nparts = 0, i = 0;

	while (i < len && nparts < 3) {
		size_t start = i, digits = 0;

		while (i < len && s[i] >= '0' && s[i] <= '9') {
			part[nparts] = part[nparts] * 10 + (s[i] - '0');
			i++;
			digits++;
		}
		/* The first part up to 6 digits: a watch left running for
		 * weeks (1000:00:00) is a duration, which the column's range
		 * then says is not a session's. */
		if (!digits || digits > 6 || (nparts && digits != 2))
			return -1;
		nparts++;
		if (i < len && s[i] == ':') {
			/* Another part must follow, and there are three at most. */
			if (++i == len || nparts == 3)
				return -1;
			continue;
		}
		if (i < len && s[i] == '.' && nparts >= 2) {
			/* A fraction of the seconds. */
			double f = 0.1;

			for (i++, start = i; i < len && s[i] >= '0' && s[i] <= '9';
			     i++, f /= 10)
				part[nparts - 1] += (s[i] - '0') * f;
			if (i == start)
				return -1;
		}
		break;
	}
	if (i != len || nparts < 2)
		return -1;
	sec = part[nparts - 1];
	if (sec >= 60 || (nparts == 3 && part[1] >= 60))
		return -1;
	*minutes = nparts == 3 ? part[0] * 60 + part[1] + sec / 60 :
				 part[0] + sec / 60;
	return 0;
}

static const char *const month_abbr[12] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

/* Exactly "Mmm D, YYYY, H:MM:SS AM" (or DD, HH, no seconds): letters,
 * digits and separators where they belong, nothing else (sscanf alone
 * would take signs and missing spaces). */
static int english_shape(const char *s, size_t len)
{
	/* a: letter, 9: digit, d: an optional digit, s: seconds ":99" or
	 * nothing, m: 'M' or 'm'. */
	static const char shape[] = "aaa 9d, 9999, 9d:99s am";
	size_t i = 0;

	for (const char *q = shape; *q; q++) {
		switch (*q) {
		case 'a':
			if (i >= len || !((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z'))
				return 0;
			i++;
			break;
		case '9':
			if (i >= len || s[i] < '0' || s[i] > '9')
				return 0;
			i++;
			break;
		case 'd':
			if (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
			break;
		case 's':
			if (i + 2 < len && s[i] == ':' && s[i + 1] >= '0' &&
			    s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9')
				i += 3;
			break;
		case 'm':
			if (i >= len || (s[i] | 32) != 'm')
				return 0;
			i++;
			break;
		default:
			if (i >= len || s[i] != *q)
				return 0;
			i++;
		}
	}
	return i == len;
}

/* "Oct 6, 2022, 11:19:20 PM" */
static int parse_english_datetime(const char *s, size_t len, model_date date,
				  model_time time)
{
	char buf[40], mon[4], ampm[3];
	unsigned day, year, h, m, sec = 0;
	int month = -1, pos = 0, y, dm;
	int32_t days;

	if (len >= sizeof(buf) || !english_shape(s, len))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (sscanf(buf, "%3[A-Za-z] %2u, %4u, %2u:%2u:%2u %2[APMapm]%n", mon, &day,
		   &year, &h, &m, &sec, ampm, &pos) != 7 || (size_t)pos != len) {
		pos = 0;
		sec = 0;
		if (sscanf(buf, "%3[A-Za-z] %2u, %4u, %2u:%2u %2[APMapm]%n", mon,
			   &day, &year, &h, &m, ampm, &pos) != 6 || (size_t)pos != len)
			return -1;
	}
	for (int k = 0; k < 12; k++)
		if (text_eq_ascii_nocase(mon, strlen(mon), month_abbr[k]))
			month = k + 1;
	if (month < 0 || h < 1 || h > 12 || m > 59 || sec > 59)
		return -1;
	if (text_eq_ascii_nocase(ampm, 2, "pm"))
		h = h % 12 + 12;
	else if (text_eq_ascii_nocase(ampm, 2, "am"))
		h %= 12;
	else
		return -1;
	y = (int)year;
	dm = (int)day;
	if (y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR || dm < 1 ||
	    dm > calendar_days_in_month(y, month))
		return -1;
	days = calendar_days_from_civil(y, month, dm);
	calendar_format_date(days, date);
	snprintf(time, sizeof(model_time), "%02u:%02u:%02u", h, m, sec);
	return 0;
}

/* "20.09.2026, 14:12:12" (German exports: day first, 24-hour clock; the
 * comma may be left out), or "20.09.2026". */
static int parse_dotted_datetime(const char *s, size_t len, model_date date,
				 model_time time)
{
	int d, m, y1, y2;
	size_t t = 10;

	if (len < 10 || s[2] != '.' || s[5] != '.' || two_digits(s, &d) ||
	    two_digits(s + 3, &m) || two_digits(s + 6, &y1) ||
	    two_digits(s + 8, &y2))
		return -1;
	if (m < 1 || m > 12 || y1 * 100 + y2 < CALENDAR_MIN_YEAR ||
	    y1 * 100 + y2 > CALENDAR_MAX_YEAR || d < 1 ||
	    d > calendar_days_in_month(y1 * 100 + y2, m))
		return -1;
	calendar_format_date(calendar_days_from_civil(y1 * 100 + y2, m, d), date);
	time[0] = '\0';
	if (len == 10)
		return 0;
	if (t < len && s[t] == ',')
		t++;
	if (t >= len || s[t] != ' ')
		return -1;
	return value_parse_time(s + t + 1, len - t - 1, time);
}

int value_parse_datetime(const char *s, size_t len, model_date date,
			 model_time time)
{
	int32_t day;
	size_t t;

	if (len && (s[0] < '0' || s[0] > '9'))
		return parse_english_datetime(s, len, date, time);
	if (len >= 10 && s[2] == '.')
		return parse_dotted_datetime(s, len, date, time);
	if (len < 10 || calendar_parse_date(s, 10, &day) < 0)
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	time[0] = '\0';
	if (len == 10)
		return 0;
	if (s[10] != ' ' && s[10] != 'T')
		return -1;
	/* The time, without a fraction of a second or a 'Z'. */
	t = len;
	if (t > 11 && s[t - 1] == 'Z')
		t--;
	for (size_t k = 11; k < t; k++)
		if (s[k] == '.') {
			if (k + 1 == t)
				return -1;   /* a point without digits */
			for (size_t j = k + 1; j < t; j++)
				if (s[j] < '0' || s[j] > '9')
					return -1;
			t = k;
			break;
		}
	if (t - 11 < 4 || t - 11 > 8)
		return -1;
	return value_parse_time(s + 11, t - 11, time);
}

int value_utc_to_local(model_date date, model_time time, int *year)
{
	int y, mo, d;
	int32_t days;
	time_t when;
	struct tm tm;

	*year = 0;
	if (calendar_parse_date(date, 10, &days) < 0 || strlen(time) != 8)
		return -1;
	when = (time_t)days * 86400 + ((time[0] - '0') * 10 + (time[1] - '0')) * 3600 +
	       ((time[3] - '0') * 10 + (time[4] - '0')) * 60 +
	       (time[6] - '0') * 10 + (time[7] - '0');
	if (!localtime_r(&when, &tm))
		return -1;
	*year = y = tm.tm_year + 1900;
	mo = tm.tm_mon + 1;
	d = tm.tm_mday;
	if (y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR)
		return -1;
	calendar_format_date(calendar_days_from_civil(y, mo, d), date);
	snprintf(time, sizeof(model_time), "%02u:%02u:%02u",
		 (unsigned)tm.tm_hour % 24u, (unsigned)tm.tm_min % 60u,
		 (unsigned)tm.tm_sec % 60u);
	return 0;
}

int value_parse_app_time(const char *s, size_t len, model_time out)
{
	int h, pm;

	if (len < 7 || s[len - 3] != ' ')
		return value_parse_time(s, len, out);
	if (text_eq_ascii_nocase(s + len - 2, 2, "pm"))
		pm = 1;
	else if (text_eq_ascii_nocase(s + len - 2, 2, "am"))
		pm = 0;
	else
		return -1;
	if (value_parse_time(s, len - 3, out) < 0)
		return -1;
	h = (out[0] - '0') * 10 + (out[1] - '0');
	if (h < 1 || h > 12)
		return -1;
	h = pm ? h % 12 + 12 : h % 12;
	out[0] = (char)('0' + h / 10);
	out[1] = (char)('0' + h % 10);
	return 0;
}
