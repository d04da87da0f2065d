/*
 * Dates that name their month in the account's language, as Strava's bulk
 * export writes its "Activity Date" in every language but English and
 * German (docs/formats.md, "Languages", names a real export for each):
 *
 *   "13 juil. 2026, 08:52:18"        French
 *   "27 jun 2026, 1:00:07"           Spanish
 *   "20 jun 2017, 15:10:32"          Dutch
 *   "5 de ago. de 2026, 20:45:59"    Portuguese (Brazil)
 *
 * Day first, the month's abbreviation, a 24-hour clock. The time is UTC
 * like every Strava date; the caller makes it local.
 */
#ifndef CRAMPLOG_APP_DATES_H
#define CRAMPLOG_APP_DATES_H

#include <stddef.h>

#include "model.h"

/* Reads s[0..len) as "D MON YYYY, H:MM:SS" or "D de MON de YYYY,
 * H:MM:SS" (also "D MON YYYY à H:MM:SS"), where MON is a month's
 * abbreviation in French, Spanish, Dutch or Portuguese, with or without
 * its point, in any case. Fills date (YYYY-MM-DD) and time (HH:MM:SS) and
 * returns 0; returns -1 for anything else (a date that is not in the
 * calendar, a year outside 1900-2199, a month name of no language read),
 * leaving both unspecified. */
int app_parse_named_month_datetime(const char *s, size_t len, model_date date,
				   model_time time);

#endif
