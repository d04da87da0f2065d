/*
 * Calendar arithmetic on proleptic Gregorian dates, as day numbers (days
 * since 1970-01-01), and ISO 8601 weeks. Used by the importers to check
 * dates, by the simulator and by the analyzer's windows.
 */
#ifndef CRAMPLOG_CALENDAR_H
#define CRAMPLOG_CALENDAR_H

#include "model.h"

#include <stddef.h>
#include <stdint.h>

/* The range of years cramplog accepts in any date. */
#define CALENDAR_MIN_YEAR 1900
#define CALENDAR_MAX_YEAR 2199

int32_t calendar_days_from_civil(int year, int month, int day);
void calendar_civil_from_days(int32_t days, int *year, int *month, int *day);
int calendar_is_leap(int year);
int calendar_days_in_month(int year, int month);
/* 1 = Monday ... 7 = Sunday. */
int calendar_weekday(int32_t days);
/* The ISO 8601 week-numbering year and week (1-53) of a day. */
void calendar_iso_week(int32_t days, int *iso_year, int *week);
/* The Monday of ISO week `week` of `iso_year`; -1 when the week does not
 * exist in that year. */
int calendar_iso_week_start(int iso_year, int week, int32_t *monday);

/* Parses exactly "YYYY-MM-DD" (s need not be NUL-terminated) into a day
 * number. Returns 0, or -1 for a malformed or impossible date, or one
 * outside CALENDAR_MIN_YEAR..CALENDAR_MAX_YEAR. */
int calendar_parse_date(const char *s, size_t len, int32_t *days);
void calendar_format_date(int32_t days, model_date out);

/* An ISO week's name, "2026-W03": 8 characters and a NUL. */
#define CALENDAR_WEEK_NAME_SIZE 16
/* Parses exactly "YYYY-Www" ("2026-W44", also "2026-w44") into the week's
 * Monday. 0, or -1 when malformed, outside CALENDAR_MIN_YEAR..
 * CALENDAR_MAX_YEAR, or a week the year does not have ("2025-W53"). */
int calendar_parse_iso_week(const char *s, int32_t *monday);
/* The name of the ISO week of a day, "2026-W03" (the week of 2027-01-01
 * is "2026-W53": the week-numbering year). */
void calendar_format_iso_week(int32_t day, char out[CALENDAR_WEEK_NAME_SIZE]);

/* A day not given (an option left out). */
#define CALENDAR_NO_DAY INT32_MIN

/*
 * The days a period covers, from a week's Monday, a first and a last day,
 * each CALENDAR_NO_DAY when not given (a week and days are not given
 * together), and latest, the latest day with data:
 *   a week: its seven days, Monday to Sunday;
 *   nothing: the ISO week of latest;
 *   from alone: from to latest, or the 7 days from it when latest is
 *     before it;
 *   to alone: the 7 days ending on to;
 *   both: from to to.
 * Sets *first and *last; returns 1 when the period is an ISO week (a week
 * given, or nothing), else 0.
 */
int calendar_period(int32_t monday, int32_t from, int32_t to, int32_t latest,
		    int32_t *first, int32_t *last);

#endif
