/*
 * Strava's dates in the languages that name the month (app_dates.h). The
 * month names are those the real exports write (docs/formats.md names
 * each): a table, one row a language, read as one, since no abbreviation
 * means two months in two of these languages.
 */
#include "app_dates.h"

#include <string.h>

#include "calendar.h"
#include "strbuf.h"
#include "text.h"
#include "value.h"

/* January to December, lower case, without the point. French and Spanish:
 * superpoupette/data-tab and Ariel-2006/Formativa-FCDIA (2026, every
 * month); Dutch: jordenric96/Sport-Dashboard (2017-2026, every month);
 * Portuguese: only seen in an importer's code (docs/formats.md). */
static const char *const months[][12] = {
	{ "janv", "févr", "mars", "avr", "mai", "juin",
	  "juil", "août", "sept", "oct", "nov", "déc" },
	{ "ene", "feb", "mar", "abr", "may", "jun",
	  "jul", "ago", "sept", "oct", "nov", "dic" },
	{ "jan", "feb", "mrt", "apr", "mei", "jun",
	  "jul", "aug", "sep", "okt", "nov", "dec" },
	{ "jan", "fev", "mar", "abr", "mai", "jun",
	  "jul", "ago", "set", "out", "nov", "dez" },
};

/* The month (1-12) that s[0..len) abbreviates, in any case ("DÉC" as
 * "déc": the exports write lower case, a sheet saved again may not), or
 * 0. */
static int month_number(const char *s, size_t len)
{
	struct strbuf fold = STRBUF_INIT;
	int month = 0;

	text_casefold(s, len, &fold);
	for (size_t l = 0; !month && l < sizeof(months) / sizeof(months[0]); l++)
		for (int m = 0; !month && m < 12; m++)
			if (strcmp(fold.buf, months[l][m]) == 0)
				month = m + 1;
	strbuf_release(&fold);
	return month;
}

/* Reads 1 to max decimal digits at *i into *out. */
static int digits(const char *s, size_t len, size_t *i, size_t max, int *out)
{
	size_t start = *i;

	*out = 0;
	while (*i < len && *i - start < max && s[*i] >= '0' && s[*i] <= '9')
		*out = *out * 10 + (s[(*i)++] - '0');
	return *i > start ? 0 : -1;
}

/* Skips the word w (followed by a space) at *i. */
static int word(const char *s, size_t len, size_t *i, const char *w)
{
	size_t n = strlen(w);

	if (len - *i < n + 1 || memcmp(s + *i, w, n) != 0 || s[*i + n] != ' ')
		return -1;
	*i += n + 1;
	return 0;
}

int app_parse_named_month_datetime(const char *s, size_t len, model_date date,
				   model_time time)
{
	size_t i = 0, start;
	int day, month, year, portuguese;

	if (digits(s, len, &i, 2, &day) < 0 || i == len || s[i++] != ' ')
		return -1;
	/* Portuguese: "5 de ago. de 2026". */
	portuguese = word(s, len, &i, "de") == 0;
	/* The month: letters (any byte past ASCII is part of one), then
	 * perhaps a point. */
	for (start = i; i < len && (((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') ||
				    (unsigned char)s[i] >= 0x80); i++)
		;
	month = month_number(s + start, i - start);
	if (!month)
		return -1;
	if (i < len && s[i] == '.')
		i++;
	if (i == len || s[i++] != ' ' ||
	    (portuguese && word(s, len, &i, "de") < 0))
		return -1;
	start = i;
	if (digits(s, len, &i, 4, &year) < 0 || i - start != 4)
		return -1;
	if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR || day < 1 ||
	    day > calendar_days_in_month(year, month))
		return -1;
	/* ", 08:52:18", or " à 08:52:18" (French, seen only in code). */
	if (len - i >= 2 && s[i] == ',' && s[i + 1] == ' ')
		i += 2;
	else if (i == len || s[i++] != ' ' || word(s, len, &i, "à") < 0)
		return -1;
	/* H:MM:SS or HH:MM:SS: the exports always give the seconds. */
	if ((len - i != 7 && len - i != 8) ||
	    value_parse_time(s + i, len - i, time) < 0)
		return -1;
	calendar_format_date(calendar_days_from_civil(year, month, day), date);
	return 0;
}
