/*
 * Value parsing (numbers, times, yes/no, sides) and unit conversion, as the
 * importers rely on them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "units.h"
#include "value.h"

#include <math.h>
#include <string.h>

static int number(const char *s, int comma, double *out)
{
	return value_parse_number(s, strlen(s), comma, out);
}

static void test_numbers(void **state)
{
	double x;

	(void)state;
	assert_int_equal(number("42", 0, &x), 0);
	assert_true(x == 42);
	assert_int_equal(number("-1.25", 0, &x), 0);
	assert_true(x == -1.25);
	assert_int_equal(number("+3.5", 0, &x), 0);
	assert_true(x == 3.5);
	assert_int_equal(number("1e3", 0, &x), 0);
	assert_true(x == 1000);
	assert_int_equal(number("1,5", 1, &x), 0);
	assert_true(x == 1.5);
	assert_int_equal(number("1.5", 1, &x), 0);   /* a point still works */
	assert_true(x == 1.5);
	/* Only the first len bytes count. */
	assert_int_equal(value_parse_number("12.5junk", 4, 0, &x), 0);
	assert_true(x == 12.5);
	assert_int_equal(number("1,5", 0, &x), -1);
	assert_int_equal(number("1,234", 0, &x), -1);
	assert_int_equal(number("nan", 0, &x), -1);
	assert_int_equal(number("inf", 0, &x), -1);
	assert_int_equal(number("0x10", 0, &x), -1);
	assert_int_equal(number("1.2.3", 0, &x), -1);
	assert_int_equal(number("12kg", 0, &x), -1);
	assert_int_equal(number("", 0, &x), -1);
	assert_int_equal(number("-", 0, &x), -1);
}

static void test_times(void **state)
{
	model_time t;

	(void)state;
	assert_int_equal(value_parse_time("7:05", 4, t), 0);
	assert_string_equal(t, "07:05:00");
	assert_int_equal(value_parse_time("17:30", 5, t), 0);
	assert_string_equal(t, "17:30:00");
	assert_int_equal(value_parse_time("23:59:59", 8, t), 0);
	assert_string_equal(t, "23:59:59");
	assert_int_equal(value_parse_time("24:00", 5, t), -1);
	assert_int_equal(value_parse_time("12:60", 5, t), -1);
	assert_int_equal(value_parse_time("12:30:60", 8, t), -1);
	assert_int_equal(value_parse_time("12", 2, t), -1);
	assert_int_equal(value_parse_time("1230", 4, t), -1);
	assert_int_equal(value_parse_time("", 0, t), -1);
}

static void test_yes_no_and_sides(void **state)
{
	static const char *const yes[] = { "yes", "Y", "TRUE", "1", "True" };
	static const char *const no[] = { "no", "N", "false", "0", "FALSE" };
	enum cramp_side side;
	int b;

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(value_parse_bool(yes[i], strlen(yes[i]), &b), 0);
		assert_int_equal(b, 1);
		assert_int_equal(value_parse_bool(no[i], strlen(no[i]), &b), 0);
		assert_int_equal(b, 0);
	}
	assert_int_equal(value_parse_bool("maybe", 5, &b), -1);
	assert_int_equal(value_parse_bool("2", 1, &b), -1);
	assert_int_equal(value_parse_side("Left", 4, &side), 0);
	assert_int_equal(side, SIDE_LEFT);
	assert_int_equal(value_parse_side("RIGHT", 5, &side), 0);
	assert_int_equal(side, SIDE_RIGHT);
	assert_int_equal(value_parse_side("both", 4, &side), 0);
	assert_int_equal(side, SIDE_BOTH);
	assert_int_equal(value_parse_side("middle", 6, &side), -1);
}

static void close_to(double got, double want)
{
	if (!(fabs(got - want) <= 1e-12 * fmax(1, fabs(want))))
		fail_msg("got %.17g, expected %.17g", got, want);
}

static void test_units(void **state)
{
	(void)state;
	close_to(units_to_store(UNIT_NONE, 61.2), 61.2);
	close_to(units_to_store(UNIT_LB, 1), 0.45359237);
	close_to(units_to_store(UNIT_LB, 150), 68.0388555);
	close_to(units_to_store(UNIT_US_FL_OZ, 1), 29.5735295625);
	close_to(units_to_store(UNIT_US_FL_OZ, 16.9), 499.792649606);
	close_to(units_to_store(UNIT_MILE, 1), 1.609344);
	close_to(units_to_store(UNIT_MILE, 26.2), 42.1648128);
	close_to(units_to_store(UNIT_FAHRENHEIT, 212), 100);
	close_to(units_to_store(UNIT_FAHRENHEIT, 32), 0);
	close_to(units_to_store(UNIT_FAHRENHEIT, -40), -40);
	close_to(units_to_store(UNIT_FAHRENHEIT, 98.6), 37);
	assert_string_equal(units_name(UNIT_LB), "lb");
	assert_string_equal(units_name(UNIT_NONE), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_yes_no_and_sides),
		cmocka_unit_test(test_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
