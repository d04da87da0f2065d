/*
 * Tests of the configuration file parser: what a setting is, and that a
 * NUL byte is an error at its place instead of the end of a value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "strbuf.h"

#include <string.h>

/* Each setting seen, as "section.name=value@line;". */
static int collect(const char *section, const char *name, const char *value,
		   unsigned long line, void *arg)
{
	strbuf_addf(arg, "%s.%s=%s@%lu;", section, name, value, line);
	return 0;
}

static void test_settings_and_comments(void **state)
{
	static const char text[] = "# top\n[thresholds]\nlow_sodium_mg = 2000 "
				   "# squad\r\n\n; other\n[analysis]\nwindow=3\n";
	struct strbuf seen = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(config_parse("c", text, sizeof(text) - 1, collect,
				      &seen, &d), 0);
	assert_string_equal(seen.buf, "thresholds.low_sodium_mg=2000@3;"
			    "analysis.window=3@7;");
	strbuf_release(&seen);
	diag_release(&d);
}

/* "low_sodium_mg = 20\0 00" was read as 20. */
static void test_nul_byte_is_an_error_at_its_place(void **state)
{
	static const char text[] = "[thresholds]\nlow_sodium_mg = 20\0 00\n"
				   "low_potassium_mg = 3400\n";
	struct strbuf seen = STRBUF_INIT;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(config_parse("c", text, sizeof(text) - 1, collect,
				      &seen, &d), -1);
	assert_string_equal(seen.buf, "thresholds.low_potassium_mg=3400@3;");
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.entries[0].line, 2);
	assert_int_equal(d.entries[0].column, 19);
	assert_non_null(strstr(d.entries[0].message, "a NUL byte"));
	strbuf_release(&seen);
	diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings_and_comments),
		cmocka_unit_test(test_nul_byte_is_an_error_at_its_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
