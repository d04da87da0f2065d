/*
 * Calendar arithmetic (see calendar.h). The day-number conversions are
 * Howard Hinnant's "chrono-compatible low-level date algorithms".
 */
#include "calendar.h"

#include <stdio.h>
#include <string.h>

int calendar_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int calendar_days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	return days[month - 1] + (month == 2 && calendar_is_leap(year));
}

int32_t calendar_days_from_civil(int year, int month, int day)
{
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

void calendar_civil_from_days(int32_t days, int *year, int *month, int *day)
{
	int32_t z = days + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;
	int32_t d = doy - (153 * mp + 2) / 5 + 1;
	int32_t m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

int calendar_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	int32_t w = (days + 3) % 7;

	if (w < 0)
		w += 7;
	return (int)w + 1;
}

void calendar_iso_week(int32_t days, int *iso_year, int *week)
{
	/* The week belongs to the year of its Thursday. */
	int32_t thursday = days - calendar_weekday(days) + 4;
	int y, m, d;

	calendar_civil_from_days(thursday, &y, &m, &d);
	*iso_year = y;
	*week = (int)((thursday - calendar_days_from_civil(y, 1, 1)) / 7) + 1;
}

int calendar_iso_week_start(int iso_year, int week, int32_t *monday)
{
	int32_t jan4 = calendar_days_from_civil(iso_year, 1, 4);
	int32_t week1 = jan4 - calendar_weekday(jan4) + 1;
	int32_t start;
	int y, w;

	if (week < 1 || week > 53)
		return -1;
	start = week1 + (int32_t)(week - 1) * 7;
	calendar_iso_week(start, &y, &w);
	if (y != iso_year || w != week)
		return -1;
	*monday = start;
	return 0;
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int calendar_parse_date(const char *s, size_t len, int32_t *days)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > calendar_days_in_month(y, m))
		return -1;
	*days = calendar_days_from_civil(y, m, d);
	return 0;
}

void calendar_format_date(int32_t days, model_date out)
{
	int y, m, d;

	calendar_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		out[0] = '\0';
		return;
	}
	snprintf(out, sizeof(model_date), "%04d-%02d-%02d", y, m, d);
}

int calendar_parse_iso_week(const char *s, int32_t *monday)
{
	int year, week;

	if (strlen(s) != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w'))
		return -1;
	if (digits(s, 4, &year) || digits(s + 6, 2, &week))
		return -1;
	if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR)
		return -1;
	return calendar_iso_week_start(year, week, monday);
}

void calendar_format_iso_week(int32_t day, char out[CALENDAR_WEEK_NAME_SIZE])
{
	int y, w;

	calendar_iso_week(day, &y, &w);
	snprintf(out, CALENDAR_WEEK_NAME_SIZE, "%04d-W%02d", y, w);
}

int calendar_period(int32_t monday, int32_t from, int32_t to, int32_t latest,
		    int32_t *first, int32_t *last)
{
	if (monday == CALENDAR_NO_DAY && from == CALENDAR_NO_DAY &&
	    to == CALENDAR_NO_DAY)
		monday = latest - calendar_weekday(latest) + 1;
	if (monday != CALENDAR_NO_DAY) {
		*first = monday;
		*last = monday + 6;
		return 1;
	}
	if (to == CALENDAR_NO_DAY)
		to = latest >= from ? latest : from + 6;
	else if (from == CALENDAR_NO_DAY)
		from = to - 6;
	*first = from;
	*last = to;
	return 0;
}
