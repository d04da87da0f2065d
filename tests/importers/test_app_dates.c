/*
 * Tests of app_parse_named_month_datetime: Strava's "Activity Date" in
 * the languages that name the month, each shape as a real export (or,
 * for Portuguese, an importer's code) writes it (docs/formats.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app_dates.h"

/* Parses s; returns "YYYY-MM-DD HH:MM:SS", or "-" when it is refused. */
static const char *parse(const char *s)
{
	static char out[32];
	model_date date;
	model_time time;

	if (app_parse_named_month_datetime(s, strlen(s), date, time) < 0)
		return "-";
	memcpy(out, date, 10);
	out[10] = ' ';
	memcpy(out + 11, time, 9);
	return out;
}

static void test_french(void **state)
{
	(void)state;
	/* superpoupette/data-tab (2026): every month of the year. */
	assert_string_equal(parse("13 juil. 2026, 08:52:18"), "2026-07-13 08:52:18");
	assert_string_equal(parse("7 juin 2026, 08:24:20"), "2026-06-07 08:24:20");
	assert_string_equal(parse("1 mai 2026, 09:28:21"), "2026-05-01 09:28:21");
	assert_string_equal(parse("24 avr. 2021, 13:59:32"), "2021-04-24 13:59:32");
	assert_string_equal(parse("6 sept. 2025, 15:29:59"), "2025-09-06 15:29:59");
	assert_string_equal(parse("3 août 2026, 06:30:00"), "2026-08-03 06:30:00");
	assert_string_equal(parse("29 févr. 2024, 18:00:00"), "2024-02-29 18:00:00");
	assert_string_equal(parse("31 déc. 2025, 23:59:59"), "2025-12-31 23:59:59");
	assert_string_equal(parse("2 janv. 2026, 07:00:00"), "2026-01-02 07:00:00");
	assert_string_equal(parse("12 mars 2026, 07:00:00"), "2026-03-12 07:00:00");
	/* In capitals, accents too, as a sheet saved again may write them. */
	assert_string_equal(parse("31 DÉC. 2025, 23:59:59"), "2025-12-31 23:59:59");
	assert_string_equal(parse("3 AOÛT 2026, 06:30:00"), "2026-08-03 06:30:00");
	assert_string_equal(parse("29 Févr. 2024, 18:00:00"), "2024-02-29 18:00:00");
	assert_string_equal(parse("13 JUIL. 2026, 08:52:18"), "2026-07-13 08:52:18");
	/* The older shape an importer's code reads. */
	assert_string_equal(parse("4 janv. 2021 à 10:00:00"), "2021-01-04 10:00:00");
}

static void test_spanish_and_dutch(void **state)
{
	(void)state;
	/* Ariel-2006/Formativa-FCDIA (2026): an hour of one digit. */
	assert_string_equal(parse("27 jun 2026, 13:17:16"), "2026-06-27 13:17:16");
	assert_string_equal(parse("22 jun 2026, 1:00:07"), "2026-06-22 01:00:07");
	assert_string_equal(parse("5 ene 2026, 07:00:00"), "2026-01-05 07:00:00");
	assert_string_equal(parse("9 sept 2025, 18:30:00"), "2025-09-09 18:30:00");
	assert_string_equal(parse("27 ago 2024, 22:13:42"), "2024-08-27 22:13:42");
	assert_string_equal(parse("1 dic 2020, 06:00:00"), "2020-12-01 06:00:00");
	/* jordenric96/Sport-Dashboard (2017-2026). */
	assert_string_equal(parse("20 jun 2017, 15:10:32"), "2017-06-20 15:10:32");
	assert_string_equal(parse("6 mrt 2026, 14:23:15"), "2026-03-06 14:23:15");
	assert_string_equal(parse("8 okt 2025, 07:00:00"), "2025-10-08 07:00:00");
	assert_string_equal(parse("19 mei 2025, 07:00:00"), "2025-05-19 07:00:00");
}

static void test_portuguese(void **state)
{
	(void)state;
	assert_string_equal(parse("5 de ago. de 2026, 20:45:59"), "2026-08-05 20:45:59");
	assert_string_equal(parse("1 de mai. de 2018, 07:03:00"), "2018-05-01 07:03:00");
	/* A second importer's example. */
	assert_string_equal(parse("8 de set. de 2026, 06:47:55"), "2026-09-08 06:47:55");
	assert_string_equal(parse("15 de out. de 2025, 06:00:00"), "2025-10-15 06:00:00");
	assert_string_equal(parse("2 de dez. de 2025, 06:00:00"), "2025-12-02 06:00:00");
	/* "de" goes with "de" only. */
	assert_string_equal(parse("5 de ago. 2026, 20:45:59"), "-");
	assert_string_equal(parse("5 ago. de 2026, 20:45:59"), "-");
}

static void test_refused(void **state)
{
	(void)state;
	/* English and German are read elsewhere (value_parse_datetime). */
	assert_string_equal(parse("Oct 6, 2022, 11:19:20 PM"), "-");
	assert_string_equal(parse("20.09.2026, 14:12:12"), "-");
	/* Not a month of any language read, or not a day of the calendar. */
	assert_string_equal(parse("13 juli 2026, 08:52:18"), "-");
	assert_string_equal(parse("13 xyz 2026, 08:52:18"), "-");
	assert_string_equal(parse("31 juin 2026, 08:52:18"), "-");
	assert_string_equal(parse("29 févr. 2025, 08:52:18"), "-");
	assert_string_equal(parse("0 juin 2026, 08:52:18"), "-");
	assert_string_equal(parse("13 juin 1899, 08:52:18"), "-");
	assert_string_equal(parse("13 juin 2200, 08:52:18"), "-");
	/* The shape, part by part. */
	assert_string_equal(parse("13 juin 2026"), "-");
	assert_string_equal(parse("13 juin 2026, 08:52"), "-");
	assert_string_equal(parse("13 juin 2026, 24:00:00"), "-");
	assert_string_equal(parse("13 juin 2026 08:52:18"), "-");
	assert_string_equal(parse("13 juin 2026,08:52:18"), "-");
	assert_string_equal(parse("13 juin 26, 08:52:18"), "-");
	assert_string_equal(parse("13 juin 20266, 08:52:18"), "-");
	assert_string_equal(parse("113 juin 2026, 08:52:18"), "-");
	assert_string_equal(parse("13  juin 2026, 08:52:18"), "-");
	assert_string_equal(parse("13 juin. 2026, 08:52:18 "), "-");
	assert_string_equal(parse("13 juin.. 2026, 08:52:18"), "-");
	assert_string_equal(parse("-3 juin 2026, 08:52:18"), "-");
	assert_string_equal(parse(""), "-");
	assert_string_equal(parse("13"), "-");
	assert_string_equal(parse("13 "), "-");
	assert_string_equal(parse("13 de"), "-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_french),
		cmocka_unit_test(test_spanish_and_dutch),
		cmocka_unit_test(test_portuguese),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
