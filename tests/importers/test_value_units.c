/*
 * Tests of the single-value parsers (numbers, times, yes/no, sides) and of
 * the unit conversions into the store's units, against the exact
 * definitions of the units.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "units.h"
#include "value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Parses a NUL-terminated s as a number; the result is the status. */
static int number(const char *s, int decimal_comma, double *out)
{
	return value_parse_number(s, strlen(s), decimal_comma, out);
}

static void assert_number(const char *s, int decimal_comma, double want)
{
	double v = -12345.0;

	if (number(s, decimal_comma, &v) != 0)
		fail_msg("\"%s\" was refused", s);
	if (v != want || signbit(v) != signbit(want))
		fail_msg("\"%s\" gave %.17g, not %.17g", s, v, want);
}

static void assert_not_number(const char *s, int decimal_comma)
{
	double v = -12345.0;

	if (number(s, decimal_comma, &v) == 0)
		fail_msg("\"%s\" was taken as %.17g", s, v);
}

/* Relative difference within 1e-12 (absolute near zero). */
static void assert_close(double got, double want)
{
	double tol = 1e-12 * fmax(fabs(want), 1.0);

	if (!(fabs(got - want) <= tol))
		fail_msg("%.17g is not %.17g", got, want);
}

static void test_number_plain_and_signed(void **state)
{
	(void)state;
	assert_number("0", 0, 0.0);
	assert_number("42", 0, 42.0);
	assert_number("1.5", 0, 1.5);
	assert_number("-1.5", 0, -1.5);
	assert_number("+1.5", 0, 1.5);
	assert_number("-0", 0, -0.0);
	assert_number(".5", 0, 0.5);
	assert_number("1.", 0, 1.0);
	assert_number("007", 0, 7.0);
	assert_number("68.25", 0, 68.25);
}

/* The fast path must round as strtod does (correctly). */
static void test_number_is_correctly_rounded(void **state)
{
	static const char *const cases[] = {
		"0.1", "0.3", "123.456", "-7.3", "2.675", "1.005",
		"999999999999999", "0.000001", "3.14159265358979",
		"12345678901234567890",          /* slow path: 20 digits */
		"9007199254740993",              /* 2^53 + 1 */
		"0.1234567890123456789",
		/* 17 digits: a mantissa above 2^53 rounded, then divided,
		 * would be off by one ulp. */
		"47.464805721131034", "9994.5605744394203",
		"468625505905.18939",
		/* More fraction digits than exact powers of ten. */
		"0.00000000000000000000000125", "-1.0000000000000000000000001",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_number(cases[i], 0, strtod(cases[i], NULL));
}

static void test_number_exponent(void **state)
{
	(void)state;
	assert_number("1e3", 0, 1000.0);
	assert_number("1E3", 0, 1000.0);
	assert_number("1.5e-3", 0, 1.5e-3);
	assert_number("-2e+2", 0, -200.0);
	assert_number("2.5E2", 0, 250.0);
	assert_not_number("1e", 0);
	assert_not_number("1e+", 0);
	assert_not_number("1e-", 0);
	assert_not_number("e5", 0);
	assert_not_number("1e5.0", 0);
	/* Numbers a double cannot hold: said as such, not as no number. */
	assert_int_equal(number("1e400", 0, &(double){ 0 }), VALUE_TOO_LARGE);
	assert_int_equal(number("-1e400", 0, &(double){ 0 }), VALUE_TOO_LARGE);
	assert_int_equal(number("1.8e308", 0, &(double){ 0 }), VALUE_TOO_LARGE);
	assert_int_equal(number("1e-400", 0, &(double){ 0 }), VALUE_TOO_SMALL);
	assert_int_equal(number("-2.5e-330", 0, &(double){ 0 }), VALUE_TOO_SMALL);
	assert_int_equal(number("1e4OO", 0, &(double){ 0 }), -1);
	assert_number("1e308", 0, 1e308);
	assert_int_equal(value_parse_app_number("1e400", 5, &(double){ 0 }),
			 VALUE_TOO_LARGE);
}

/* A number longer than any buffer (a spreadsheet's 0.000...) is still a
 * number; a long non-number is still refused. */
static void test_number_of_any_length(void **state)
{
	char s[200];

	(void)state;
	memset(s, '0', sizeof(s));
	s[1] = '.';
	s[150] = '5';
	s[151] = '\0';
	assert_number(s, 0, 5e-149);
	s[1] = ',';
	assert_number(s, 1, 5e-149);
	memset(s, '0', 120);
	memcpy(s + 120, "70.25", 6);
	assert_number(s, 0, 70.25);
	s[60] = 'x';
	assert_not_number(s, 0);
}

static void test_number_decimal_comma(void **state)
{
	(void)state;
	assert_number("1,5", 1, 1.5);
	assert_number("-1,25", 1, -1.25);
	assert_number("1.5", 1, 1.5);          /* a point is still taken */
	assert_number("1,234", 1, 1.234);      /* a comma is never thousands */
	assert_number("1,5e2", 1, 150.0);      /* slow path, comma made a point */
	assert_number("0,1", 1, 0.1);
	assert_not_number("1,2,3", 1);
	assert_not_number("1.2,3", 1);
	assert_not_number("1,2.3", 1);
	assert_not_number(",", 1);

	assert_not_number("1,5", 0);
	assert_not_number("1,234", 0);
	assert_not_number("1,5e2", 0);
}

static void test_number_rejects_what_is_not_a_decimal(void **state)
{
	static const char *const bad[] = {
		"", "-", "+", ".", "-.", "nan", "NaN", "-nan", "inf", "-inf",
		"Infinity", "0x10", "0X1p3", "1.2.3", "12abc", "12 ", " 12",
		"1-2", "--1", "+-1", "1_000", "12kg", "1/2", "abc",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_not_number(bad[i], 0);
		assert_not_number(bad[i], 1);
	}
}

/* Only len bytes are read: the text need not end with a NUL. */
static void test_number_reads_only_len_bytes(void **state)
{
	char buf[8];
	double v = 0;

	(void)state;
	memcpy(buf, "12.5xyzw", 8);            /* no NUL anywhere */
	assert_int_equal(value_parse_number(buf, 4, 0, &v), 0);
	assert_true(v == 12.5);
	assert_int_equal(value_parse_number(buf, 2, 0, &v), 0);
	assert_true(v == 12.0);
	assert_int_equal(value_parse_number(buf, 5, 0, &v), -1);
	assert_int_equal(value_parse_number(buf, 0, 0, &v), -1);

	memcpy(buf, "1e3999xx", 8);            /* slow path: exponent cut */
	assert_int_equal(value_parse_number(buf, 3, 0, &v), 0);
	assert_true(v == 1000.0);
	memcpy(buf, "2,5,5,5,", 8);
	assert_int_equal(value_parse_number(buf, 3, 1, &v), 0);
	assert_true(v == 2.5);
}

static void assert_time(const char *s, const char *want)
{
	model_time t;

	memset(t, 'x', sizeof(t));
	if (value_parse_time(s, strlen(s), t) != 0)
		fail_msg("\"%s\" was refused", s);
	assert_string_equal(t, want);
}

static void assert_not_time(const char *s)
{
	model_time t;

	if (value_parse_time(s, strlen(s), t) == 0)
		fail_msg("\"%s\" was taken as a time", s);
}

static void test_time_forms(void **state)
{
	(void)state;
	assert_time("9:05", "09:05:00");
	assert_time("0:00", "00:00:00");
	assert_time("09:05", "09:05:00");
	assert_time("18:30", "18:30:00");
	assert_time("00:00:00", "00:00:00");
	assert_time("23:59:59", "23:59:59");
	assert_time("07:08:09", "07:08:09");
	assert_time("7:08:09", "07:08:09");    /* H:MM:SS, taken by the code */
}

static void test_time_rejects_out_of_range_and_other_forms(void **state)
{
	static const char *const bad[] = {
		"24:00", "24:00:00", "12:60", "12:30:60", "99:99", "12",
		"1230", "123000", "", ":", "12:3", "1:2", "12:30:5", "12-30",
		"12.30", "ab:cd", "1a:30", "12:3a", "12:30:5a", "12:30-00",
		" 9:05", "9:05 ", "-1:30", "123:00", "12:30:00:00", "12:30:",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_not_time(bad[i]);
}

static void test_time_reads_only_len_bytes(void **state)
{
	char buf[8];
	model_time t;

	(void)state;
	memcpy(buf, "12:30:45", 8);            /* no NUL */
	assert_int_equal(value_parse_time(buf, 5, t), 0);
	assert_string_equal(t, "12:30:00");
	assert_int_equal(value_parse_time(buf, 8, t), 0);
	assert_string_equal(t, "12:30:45");
	assert_int_equal(value_parse_time(buf, 6, t), -1);
	assert_int_equal(value_parse_time(buf, 0, t), -1);
}

static void assert_bool(const char *s, int want)
{
	int v = -1;

	if (value_parse_bool(s, strlen(s), &v) != 0)
		fail_msg("\"%s\" was refused", s);
	if (v != want)
		fail_msg("\"%s\" gave %d, not %d", s, v, want);
}

static void test_bool_words_in_any_case(void **state)
{
	static const char *const yes[] = {
		"yes", "YES", "Yes", "yEs", "y", "Y", "true", "TRUE", "True",
		"tRuE", "1",
	};
	static const char *const no[] = {
		"no", "NO", "No", "nO", "n", "N", "false", "FALSE", "False",
		"fAlSe", "0",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_bool(yes[i], 1);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_bool(no[i], 0);
}

static void test_bool_rejects_other_words(void **state)
{
	static const char *const bad[] = {
		"", "maybe", "ye", "yess", "yes ", " yes", "tru", "truee",
		"fals", "2", "10", "00", "01", "on", "off", "t", "f", "x",
		"oui", "nein", "-1",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int v = 7;

		if (value_parse_bool(bad[i], strlen(bad[i]), &v) == 0)
			fail_msg("\"%s\" was taken as %d", bad[i], v);
		assert_int_equal(v, 7);        /* out untouched */
	}
}

static void test_bool_reads_only_len_bytes(void **state)
{
	int v = -1;

	(void)state;
	assert_int_equal(value_parse_bool("yesterday", 3, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(value_parse_bool("now", 2, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(value_parse_bool("nowhere", 1, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(value_parse_bool("yesterday", 4, &v), -1);
	assert_int_equal(value_parse_bool("yes", 0, &v), -1);
}

static void test_side_words_in_any_case(void **state)
{
	static const struct {
		const char *s;
		enum cramp_side want;
	} good[] = {
		{ "left", SIDE_LEFT }, { "LEFT", SIDE_LEFT }, { "Left", SIDE_LEFT },
		{ "right", SIDE_RIGHT }, { "RIGHT", SIDE_RIGHT },
		{ "rIgHt", SIDE_RIGHT }, { "both", SIDE_BOTH },
		{ "BOTH", SIDE_BOTH }, { "Both", SIDE_BOTH },
	};
	static const char *const bad[] = {
		"", "l", "r", "b", "lef", "lefty", "left ", " left", "centre",
		"unknown", "both sides", "L", "R",
	};
	enum cramp_side side;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		side = SIDE_UNKNOWN;
		assert_int_equal(value_parse_side(good[i].s, strlen(good[i].s),
						  &side), 0);
		assert_int_equal(side, good[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		side = SIDE_UNKNOWN;
		if (value_parse_side(bad[i], strlen(bad[i]), &side) == 0)
			fail_msg("\"%s\" was taken as side %d", bad[i],
				 (int)side);
		assert_int_equal(side, SIDE_UNKNOWN);
	}
	side = SIDE_UNKNOWN;
	assert_int_equal(value_parse_side("leftover", 4, &side), 0);
	assert_int_equal(side, SIDE_LEFT);
	assert_int_equal(value_parse_side("rightward", 6, &side), -1);
}

static void test_units_exact_factors(void **state)
{
	(void)state;
	assert_close(UNITS_KG_PER_LB, 0.45359237);
	assert_close(UNITS_ML_PER_US_FL_OZ, 29.5735295625);
	assert_close(UNITS_KM_PER_MILE, 1.609344);

	assert_close(units_to_store(UNIT_LB, 1.0), 0.45359237);
	assert_close(units_to_store(UNIT_LB, 150.0), 68.0388555);
	assert_close(units_to_store(UNIT_LB, 2.20462262184878), 1.0);
	assert_close(units_to_store(UNIT_US_FL_OZ, 1.0), 29.5735295625);
	assert_close(units_to_store(UNIT_US_FL_OZ, 16.9), 499.79264960625);
	assert_close(units_to_store(UNIT_US_FL_OZ, 128.0), 3785.411784);
	assert_close(units_to_store(UNIT_MILE, 1.0), 1.609344);
	assert_close(units_to_store(UNIT_MILE, 26.21875), 42.194988);
	assert_close(units_to_store(UNIT_MILE, 3.0), 4.828032);
}

static void test_units_fahrenheit(void **state)
{
	(void)state;
	assert_close(units_to_store(UNIT_FAHRENHEIT, 212.0), 100.0);
	assert_close(units_to_store(UNIT_FAHRENHEIT, 32.0), 0.0);
	assert_close(units_to_store(UNIT_FAHRENHEIT, -40.0), -40.0);
	assert_close(units_to_store(UNIT_FAHRENHEIT, 98.6), 37.0);
	assert_close(units_to_store(UNIT_FAHRENHEIT, 0.0), -160.0 / 9.0);
	assert_close(units_to_store(UNIT_FAHRENHEIT, 86.0), 30.0);
}

static void test_units_time(void **state)
{
	(void)state;
	assert_close(units_to_store(UNIT_SECOND, 3631.0), 60.516666666666667);
	assert_close(units_to_store(UNIT_HOUR, 1.25), 75.0);
	/* intervals.icu's sleepSecs: 26,124 s is 7 h 15 min 24 s. */
	assert_close(units_to_store(UNIT_SECOND_H, 26124.0), 7.2566666666666667);
	assert_string_equal(units_name(UNIT_SECOND_H), "s");
}

static void test_units_none_and_unknown(void **state)
{
	(void)state;
	assert_true(units_to_store(UNIT_NONE, 68.25) == 68.25);
	assert_true(units_to_store(UNIT_NONE, -3.5) == -3.5);
	/* Unknown stays unknown whatever the unit. */
	assert_true(isnan(units_to_store(UNIT_NONE, NAN)));
	assert_true(isnan(units_to_store(UNIT_LB, NAN)));
	assert_true(isnan(units_to_store(UNIT_US_FL_OZ, NAN)));
	assert_true(isnan(units_to_store(UNIT_MILE, NAN)));
	assert_true(isnan(units_to_store(UNIT_FAHRENHEIT, NAN)));
	assert_true(units_to_store(UNIT_LB, 0.0) == 0.0);
}

static void test_units_names(void **state)
{
	(void)state;
	assert_string_equal(units_name(UNIT_NONE), "");
	assert_string_equal(units_name(UNIT_LB), "lb");
	assert_string_equal(units_name(UNIT_US_FL_OZ), "US fl oz");
	assert_string_equal(units_name(UNIT_MILE), "mi");
	assert_string_equal(units_name(UNIT_FAHRENHEIT), "\xc2\xb0" "F");
}

/* Numbers inside quoted fields of app exports: thousands separators
 * (Garmin's "1,337" calories, "6,060" steps), a decimal comma ("7,00"). */
static void test_app_numbers(void **state)
{
	static const struct { const char *s; double want; } ok[] = {
		{ "1,337", 1337 }, { "6,060", 6060 }, { "12,345.5", 12345.5 },
		{ "1,234,567", 1234567 }, { "-2,336", -2336 }, { "7,00", 7.0 },
		{ "0,2", 0.2 }, { "20,0", 20.0 }, { "42.02", 42.02 },
		{ "513", 513 }, { "2432.77001953125", 2432.77001953125 },
	};
	static const char *const bad[] = { "1,33", "1,3377", "12,34,567", ",",
		"1,,337", "1,337,", "--", "", "1.2.3", "1,337x" };
	double v;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (value_parse_app_number(ok[i].s, strlen(ok[i].s), &v) != 0)
			fail_msg("\"%s\" was refused", ok[i].s);
		assert_close(v, ok[i].want);
	}
	/* "1,33" and "1,3377" are decimal commas, not thousands. */
	assert_int_equal(value_parse_app_number("1,33", 4, &v), 0);
	assert_close(v, 1.33);
	for (size_t i = 2; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (value_parse_app_number(bad[i], strlen(bad[i]), &v) == 0)
			fail_msg("\"%s\" was taken as %.17g", bad[i], v);
}

/* A file's decimal mark, learned from a number that can be read one way
 * only, then thousands told from decimals by it (an English Garmin export
 * with decimal commas writes "3,40" km and "2.932" steps). */
static void test_marked_numbers(void **state)
{
	static const struct { const char *s; char mark; } marks[] = {
		{ "3,40", ',' }, { "2,9", ',' }, { "0,736675", ',' },
		{ "6.71", '.' }, { "0.0", '.' }, { "-4.5", '.' },
		{ "1,200", 0 }, { "2.932", 0 }, { "850", 0 }, { "1,2,3", 0 },
		{ "3,", 0 }, { ",5", 0 }, { "00:01:39,6", 0 }, { "x,25", 0 },
		{ "", 0 }, { "-", 0 },
	};
	static const struct { const char *s; char mark; double want; } ok[] = {
		{ "1.200", ',', 1200 }, { "3,40", ',', 3.4 }, { "2.932", ',', 2932 },
		{ "1.234.567,5", ',', 1234567.5 }, { "1,200", '.', 1200 },
		{ "850", '.', 850 }, { "6.71", '.', 6.71 }, { "-1,337", '.', -1337 },
		{ "1,337", 0, 1337 }, { "7,00", 0, 7 }, { "6,50", '.', 6.5 },
		{ "0.0", ',', 0 },
	};
	static const struct { const char *s; char mark; } bad[] = {
		{ "1.20.5", ',' }, { "12.34.567", ',' }, { "1,2,3", '.' }, { "1.2.3", '.' },
		{ "--", ',' }, { "", '.' },
	};
	double v;

	(void)state;
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (value_decimal_mark(marks[i].s, strlen(marks[i].s)) != marks[i].mark)
			fail_msg("\"%s\": wrong mark", marks[i].s);
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (value_parse_marked_number(ok[i].s, strlen(ok[i].s), ok[i].mark,
					      &v) != 0)
			fail_msg("\"%s\" was refused", ok[i].s);
		assert_close(v, ok[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (value_parse_marked_number(bad[i].s, strlen(bad[i].s), bad[i].mark,
					      &v) == 0)
			fail_msg("\"%s\" was taken as %.17g", bad[i].s, v);
}

/* The numbers that read one way with a point and another with a comma:
 * those read before a file shows its mark are checked against it. */
static void test_mark_ambiguous(void **state)
{
	static const char *const two[] = {
		"3.000", "1,020", "999.125", "-1.480", "+12,345",
	};
	static const char *const one[] = {
		"3", "3,40", "6.71", "0.500", "0,125", "1234.567", "1.234.567",
		"1,234.5", ".500", "3.", "3.0000", "3.00", "-", "", "1e3.000",
		"3.000 ",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++)
		if (!value_mark_ambiguous(two[i], strlen(two[i])))
			fail_msg("\"%s\" reads two ways", two[i]);
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if (value_mark_ambiguous(one[i], strlen(one[i])))
			fail_msg("\"%s\" taken as reading two ways", one[i]);
	/* Only len bytes: "3.0001" cut at 5 reads two ways. */
	assert_true(value_mark_ambiguous("3.0001", 5));
}

/* Durations as Garmin writes them, in minutes. */
static void test_clock_durations(void **state)
{
	static const struct { const char *s; double want; } ok[] = {
		{ "00:38:13", 38 + 13 / 60.0 }, { "01:30:02", 90 + 2 / 60.0 },
		{ "00:09:25.5", 9 + 25.5 / 60 }, { "41:06", 41.1 },
		{ "1:23:03", 83.05 }, { "4:47.8", 4 + 47.8 / 60 },
		{ "100:00:00", 6000 }, { "0:00", 0 },
		{ "1000:00:00", 60000 }, { "999999:00:00", 59999940 },
	};
	static const char *const bad[] = { "--:--:--", "38", "1:2", "1:60",
		"1:61:00", "1:00:60", "::", "1:00:00:00", "1:00.", "a:bc", "",
		"1:00:", "1:00:00:", ":10", "1::00", "1000000:00:00", "1:000:00" };
	double v;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (value_parse_clock(ok[i].s, strlen(ok[i].s), &v) != 0)
			fail_msg("\"%s\" was refused", ok[i].s);
		assert_close(v, ok[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (value_parse_clock(bad[i], strlen(bad[i]), &v) == 0)
			fail_msg("\"%s\" was taken as %.17g", bad[i], v);
}

/* Dates and times as the apps export them. */
/* UTC date and time d t fall in year, outside 1900-2199, in zone tz:
 * refused, left as they were. */
static void assert_local_year_outside(const char *tz, const char *d,
				      const char *t, int year)
{
	model_date date;
	model_time time;
	int got;

	setenv("TZ", tz, 1);
	tzset();
	strcpy(date, d);
	strcpy(time, t);
	assert_int_equal(value_utc_to_local(date, time, &got), -1);
	assert_int_equal(got, year);
	assert_string_equal(date, d);
	assert_string_equal(time, t);
}

static void test_app_datetimes(void **state)
{
	static const struct { const char *s, *date, *time; } ok[] = {
		{ "2026-04-23 08:04:14", "2026-04-23", "08:04:14" },
		{ "2020-04-04T08:30:34", "2020-04-04", "08:30:34" },
		{ "2019-11-01T08:31:40.751Z", "2019-11-01", "08:31:40" },
		{ "2026-01-05", "2026-01-05", "" },
		{ "2026-01-05 7:05", "2026-01-05", "07:05:00" },
		{ "Oct 6, 2022, 11:19:20 PM", "2022-10-06", "23:19:20" },
		{ "May 13, 2026, 9:54:42 AM", "2026-05-13", "09:54:42" },
		{ "Jan 1, 2026, 12:00:01 AM", "2026-01-01", "00:00:01" },
		{ "Jul 14, 2025, 12:12:10 PM", "2025-07-14", "12:12:10" },
		{ "Nov 3, 2023, 6:32:10 PM", "2023-11-03", "18:32:10" },
		{ "20.09.2026, 14:12:12", "2026-09-20", "14:12:12" },
		{ "21.07.2026 15:09", "2026-07-21", "15:09:00" },
		{ "29.02.2024", "2024-02-29", "" },
	};
	static const char *const bad[] = { "2026-02-30 10:00:00", "Foo 6, 2022, 1:00:00 PM",
		"Feb 30, 2022, 1:00:00 PM", "Oct 6, 2022, 13:19:20 PM", "Oct 6, 2022",
		"2026-04-23 25:00:00", "2026-04-23X08:04:14", "6/10/2022 10:00", "",
		"Oct +6, 2022, +1:+9 PM", "Oct6,2022,11:19:20PM", "Oct 6,  2022, 1:00 PM",
		"2026-04-23 08:04:14.", "2026-04-23 08:04:14.Z", "Oct 6, 2022, 11:19:20 PMX",
		"29.02.2026, 10:00:00", "20.13.2026, 10:00:00", "20.09.2026,14:12:12",
		"20.09.2026, 2:12:12 PM", "2.09.2026, 14:12:12", "20.09.2026, " };
	model_date date;
	model_time time;
	int year;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (value_parse_datetime(ok[i].s, strlen(ok[i].s), date, time) != 0)
			fail_msg("\"%s\" was refused", ok[i].s);
		assert_string_equal(date, ok[i].date);
		assert_string_equal(time, ok[i].time);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (value_parse_datetime(bad[i], strlen(bad[i]), date, time) == 0)
			fail_msg("\"%s\" was taken as %s %s", bad[i], date, time);
	/* 12-hour times (Cronometer, MyFitnessPal). */
	assert_int_equal(value_parse_app_time("9:51 AM", 7, time), 0);
	assert_string_equal(time, "09:51:00");
	assert_int_equal(value_parse_app_time("12:05 PM", 8, time), 0);
	assert_string_equal(time, "12:05:00");
	assert_int_equal(value_parse_app_time("12:05 am", 8, time), 0);
	assert_string_equal(time, "00:05:00");
	assert_int_equal(value_parse_app_time("10:00:30 PM", 11, time), 0);
	assert_string_equal(time, "22:00:30");
	assert_int_equal(value_parse_app_time("18:30", 5, time), 0);
	assert_string_equal(time, "18:30:00");
	assert_int_equal(value_parse_app_time("13:00 PM", 8, time), -1);
	assert_int_equal(value_parse_app_time("0:30 AM", 7, time), -1);
	assert_int_equal(value_parse_app_time("9:51 XM", 7, time), -1);
	/* Strava's UTC times, in the TZ of the user. */
	setenv("TZ", "America/Chicago", 1);
	tzset();
	strcpy(date, "2022-10-07");
	strcpy(time, "04:19:20");
	assert_int_equal(value_utc_to_local(date, time, &year), 0);
	assert_string_equal(date, "2022-10-06");
	assert_string_equal(time, "23:19:20");
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(value_utc_to_local(date, time, &year), 0);
	assert_string_equal(date, "2022-10-06");
	/* A local date outside 1900-2199: refused, unchanged, its year said. */
	assert_local_year_outside("Europe/Oslo", "2199-12-31", "23:30:00", 2200);
	assert_local_year_outside("America/New_York", "1900-01-01", "01:00:00",
				  1899);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_plain_and_signed),
		cmocka_unit_test(test_number_is_correctly_rounded),
		cmocka_unit_test(test_number_exponent),
		cmocka_unit_test(test_number_decimal_comma),
		cmocka_unit_test(test_number_of_any_length),
		cmocka_unit_test(test_app_numbers),
		cmocka_unit_test(test_marked_numbers),
		cmocka_unit_test(test_mark_ambiguous),
		cmocka_unit_test(test_clock_durations),
		cmocka_unit_test(test_app_datetimes),
		cmocka_unit_test(test_number_rejects_what_is_not_a_decimal),
		cmocka_unit_test(test_number_reads_only_len_bytes),
		cmocka_unit_test(test_time_forms),
		cmocka_unit_test(test_time_rejects_out_of_range_and_other_forms),
		cmocka_unit_test(test_time_reads_only_len_bytes),
		cmocka_unit_test(test_bool_words_in_any_case),
		cmocka_unit_test(test_bool_rejects_other_words),
		cmocka_unit_test(test_bool_reads_only_len_bytes),
		cmocka_unit_test(test_side_words_in_any_case),
		cmocka_unit_test(test_units_exact_factors),
		cmocka_unit_test(test_units_fahrenheit),
		cmocka_unit_test(test_units_time),
		cmocka_unit_test(test_units_none_and_unknown),
		cmocka_unit_test(test_units_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
