/*
 * ISO weeks as the user names them ("2026-W44") and the period a report
 * covers (--week, --from, --to, or the latest week with data).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"

static int32_t day(int y, int m, int d)
{
	return calendar_days_from_civil(y, m, d);
}

static void test_parse_iso_week(void **state)
{
	static const struct {
		const char *s;
		int y, m, d;           /* its Monday; y 0: refused */
	} cases[] = {
		{ "2026-W44", 2026, 10, 26 },
		{ "2026-w44", 2026, 10, 26 },
		{ "2026-W01", 2025, 12, 29 },   /* begins in the year before */
		{ "2026-W53", 2026, 12, 28 },   /* 2026 has 53 weeks */
		{ "2025-W53", 0, 0, 0 },        /* 2025 has 52 */
		{ "2026-W00", 0, 0, 0 },
		{ "2026-W4", 0, 0, 0 },
		{ "2026-W044", 0, 0, 0 },
		{ "2026W44", 0, 0, 0 },
		{ "2026-X44", 0, 0, 0 },
		{ "2026-W4a", 0, 0, 0 },
		{ "1899-W10", 0, 0, 0 },        /* outside the years taken */
		{ "2200-W10", 0, 0, 0 },
		{ "", 0, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t monday = 12345;

		if (cases[i].y) {
			assert_int_equal(calendar_parse_iso_week(cases[i].s, &monday), 0);
			assert_int_equal(monday, day(cases[i].y, cases[i].m, cases[i].d));
		} else {
			assert_int_equal(calendar_parse_iso_week(cases[i].s, &monday), -1);
			assert_int_equal(monday, 12345);
		}
	}
}

static void test_format_iso_week(void **state)
{
	char name[CALENDAR_WEEK_NAME_SIZE];

	(void)state;
	calendar_format_iso_week(day(2026, 1, 14), name);
	assert_string_equal(name, "2026-W03");
	/* A Friday in January of the week-numbering year before. */
	calendar_format_iso_week(day(2027, 1, 1), name);
	assert_string_equal(name, "2026-W53");
	/* A Monday in December that is week 1 of the next year. */
	calendar_format_iso_week(day(2025, 12, 29), name);
	assert_string_equal(name, "2026-W01");
}

static void period(int32_t monday, int32_t from, int32_t to, int32_t latest,
		   int week, int32_t want_first, int32_t want_last)
{
	int32_t first = 0, last = 0;

	assert_int_equal(calendar_period(monday, from, to, latest, &first, &last),
			 week);
	assert_int_equal(first, want_first);
	assert_int_equal(last, want_last);
}

static void test_period(void **state)
{
	const int32_t none = CALENDAR_NO_DAY;
	const int32_t latest = day(2026, 3, 12);         /* a Thursday */

	(void)state;
	/* A week given: Monday to Sunday, whatever the data. */
	period(day(2026, 1, 5), none, none, latest, 1, day(2026, 1, 5),
	       day(2026, 1, 11));
	/* Nothing given: the week of the latest day with data. */
	period(none, none, none, latest, 1, day(2026, 3, 9), day(2026, 3, 15));
	period(none, none, none, day(2026, 3, 9), 1, day(2026, 3, 9),
	       day(2026, 3, 15));
	period(none, none, none, day(2026, 3, 15), 1, day(2026, 3, 9),
	       day(2026, 3, 15));
	/* --from alone: to the latest day, or 7 days when that is before. */
	period(none, day(2026, 2, 1), none, latest, 0, day(2026, 2, 1), latest);
	period(none, latest, none, latest, 0, latest, latest);
	period(none, day(2026, 4, 1), none, latest, 0, day(2026, 4, 1),
	       day(2026, 4, 7));
	/* --to alone: the 7 days ending then. */
	period(none, none, day(2026, 3, 1), latest, 0, day(2026, 2, 23),
	       day(2026, 3, 1));
	/* Both: as given. */
	period(none, day(2026, 2, 1), day(2026, 2, 3), latest, 0,
	       day(2026, 2, 1), day(2026, 2, 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_iso_week),
		cmocka_unit_test(test_format_iso_week),
		cmocka_unit_test(test_period),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
