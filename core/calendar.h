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

#endif
