/*
 * Tests of the rows that may outgrow memory (core/spill.c): read back
 * whole and in order, as often as asked, from memory or from their
 * temporary file, or any of them by their place; kept in memory where no file can be made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "spill.h"

#include <stdlib.h>
#include <string.h>

/* Adds n rows of 3 (i, 2i, -i) with a memory of memory bytes, then reads
 * them back three times: every row, in order. Returns whether a file was
 * used. */
static int check_rows(size_t n, size_t memory)
{
	struct row_spill s;
	int used_file;

	row_spill_init(&s, 3, memory);
	for (size_t i = 0; i < n; i++) {
		double r[3] = { (double)i, 2.0 * (double)i, -(double)i };

		assert_int_equal(row_spill_add(&s, r), 0);
	}
	for (int pass = 0; pass < 3; pass++) {
		const double *rows;
		size_t count, seen = 0;
		int more;

		assert_int_equal(row_spill_rewind(&s), 0);
		while ((more = row_spill_next(&s, &rows, &count)) > 0)
			for (size_t i = 0; i < count; i++, seen++) {
				assert_true(rows[3 * i] == (double)seen);
				assert_true(rows[3 * i + 1] == 2.0 * (double)seen);
				assert_true(rows[3 * i + 2] == -(double)seen);
			}
		assert_int_equal(more, 0);
		assert_int_equal(seen, n);
	}
	/* Any rows at any place, from memory or from the file; none past
	 * the last. */
	for (size_t first = 0; first < n; first += n / 7 + 1) {
		size_t count = n - first < 1000 ? n - first : 1000;
		double *got = malloc((count ? count : 1) * 3 * sizeof(double));

		assert_non_null(got);
		assert_int_equal(row_spill_read_at(&s, first, count, got), 0);
		for (size_t i = 0; i < count; i++)
			assert_true(got[3 * i] == (double)(first + i) &&
				    got[3 * i + 2] == -(double)(first + i));
		free(got);
	}
	{
		double row[3];

		assert_int_equal(row_spill_read_at(&s, n, 1, row), -1);
		assert_non_null(strstr(row_spill_why(&s), "ends early"));
	}
	/* Nothing is added once read. */
	assert_int_equal(row_spill_add(&s, (double[3]){ 0, 0, 0 }), -1);
	used_file = s.fd >= 0;
	row_spill_release(&s);
	return used_file;
}

static void test_rows_come_back_in_order(void **state)
{
	(void)state;
	/* In memory: no file. */
	assert_false(check_rows(0, 1 << 20));
	assert_false(check_rows(1000, 1 << 20));
	/* Past a memory of 24 bytes (one row), in a file, in chunks. */
	assert_true(check_rows(70000, 24));
	assert_true(check_rows(130, 1000));
}

/* Without a directory for the file the rows stay in memory, whole. */
static void test_no_directory_keeps_them_in_memory(void **state)
{
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

	(void)state;
	setenv("TMPDIR", "/nonexistent/cramplog", 1);
	assert_false(check_rows(5000, 24));
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

/* A temporary file's message names its directory and purpose. */
static void test_temp_file_says_where(void **state)
{
	char why[320];
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

	(void)state;
	setenv("TMPDIR", "/nonexistent/cramplog", 1);
	assert_int_equal(temp_file_open("test it", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "cannot make a temporary file in "
			       "/nonexistent/cramplog to test it"));
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_come_back_in_order),
		cmocka_unit_test(test_no_directory_keeps_them_in_memory),
		cmocka_unit_test(test_temp_file_says_where),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
