/*
 * Tests of the rows that may outgrow memory (core/spill.c): read back
 * whole and in order, as often as asked, from memory or from their
 * temporary file, or any of them by their place; kept in memory where
 * no file can be made. And of the values sorted past memory: each
 * rank's value is the one of a sort in memory, and a spline's knots and
 * quantiles read from the file are the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "spill.h"
#include "stats.h"
#include "tmpdir.h"

#include <math.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

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
	char *old = tmpdir_missing();

	(void)state;
	assert_false(check_rows(5000, 24));
	tmpdir_restore(old);
}

/* A temporary file's message names its directory and purpose. */
static void test_temp_file_says_where(void **state)
{
	char why[320];
	char *old = tmpdir_missing();

	(void)state;
	assert_int_equal(temp_file_open("test it", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "cannot make a temporary file in "
			       TMPDIR_MISSING " to test it"));
	tmpdir_restore(old);
}

/* n values of a fixed pseudo-random sequence (many ties when few is
 * set: values of 0 to 99). */
static double *some_values(size_t n, int few)
{
	double *x = malloc(n * sizeof(*x));
	uint64_t r = 0x9e3779b97f4a7c15u;

	assert_non_null(x);
	for (size_t i = 0; i < n; i++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		x[i] = few ? (double)(r % 100) : (double)(r >> 11) * 0x1p-53 * 5000;
	}
	return x;
}

/* Sorts n values with a memory of memory bytes, and checks every rank
 * read forward, a stretch read backward and ranks far apart against a
 * sort in memory. Returns whether a file was used. */
static int check_sorted(size_t n, size_t memory, int few)
{
	struct value_sort v;
	double *x = some_values(n, few);
	int used_file;

	value_sort_init(&v, memory);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(value_sort_add(&v, x[i]), 0);
	assert_int_equal(value_sort_finish(&v), 0);
	assert_int_equal(value_sort_add(&v, 1), -1);
	qsort(x, n, sizeof(*x), stats_by_double);
	assert_int_equal(v.n, n);
	for (size_t i = 0; i < n; i++)
		assert_true(value_sort_at(&v, i) == x[i]);
	for (size_t i = n; i-- > n / 2;)
		assert_true(value_sort_at(&v, i) == x[i]);
	for (size_t i = 0; i < n; i += 7919)
		assert_true(value_sort_at(&v, n - 1 - i) == x[n - 1 - i] &&
			    value_sort_at(&v, i) == x[i]);
	assert_false(v.failed);
	used_file = v.fd >= 0;
	value_sort_release(&v);
	free(x);
	return used_file;
}

static void test_values_come_back_sorted(void **state)
{
	(void)state;
	/* In memory. */
	assert_false(check_sorted(0, 1 << 20, 0));
	assert_false(check_sorted(5000, 1 << 20, 0));
	/* Two runs in a file (the bound is at least 4,096 values), the
	 * last short. */
	assert_true(check_sorted(4097, 1, 0));
	assert_true(check_sorted(8192, 1, 1));
	/* 100 runs, merged 7 at a time in three passes, with and without
	 * ties. */
	assert_true(check_sorted(409600, 1, 0));
	assert_true(check_sorted(409599, 1, 1));
	/* Runs fewer than the merge's buffers: one pass. */
	assert_true(check_sorted(300001, 1 << 17, 0));
}

/* Without a directory for the file the values stay in memory, sorted. */
static void test_values_without_a_directory(void **state)
{
	char *old = tmpdir_missing();

	(void)state;
	assert_false(check_sorted(20000, 1, 0));
	tmpdir_restore(old);
}

/* A file size limit stands for a full disk: a write past it fails
 * (EFBIG, SIGXFSZ ignored). Rows and values that cannot be written say
 * so, and take no more. */
static void test_a_full_disk_is_said(void **state)
{
	struct rlimit old, small;
	struct row_spill s;
	struct value_sort v;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	int rows_rc = 0, values_rc = 0;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 100000;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	row_spill_init(&s, 3, 1);
	value_sort_init(&v, 1);
	for (size_t i = 0; i < 100000 && rows_rc == 0; i++)
		rows_rc = row_spill_add(&s, (double[3]){ 1, 2, 3 });
	for (size_t i = 0; i < 100000 && values_rc == 0; i++)
		values_rc = value_sort_add(&v, (double)(i % 977));
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_int_equal(rows_rc, -1);
	assert_string_equal(row_spill_why(&s), "cannot write the temporary "
			    "file of the model's rows: File too large");
	assert_int_equal(row_spill_add(&s, (double[3]){ 1, 2, 3 }), -1);
	assert_int_equal(row_spill_rewind(&s), -1);
	assert_int_equal(values_rc, -1);
	assert_string_equal(v.why, "cannot write the temporary file of the "
			    "spline's values: File too large");
	assert_int_equal(value_sort_add(&v, 1), -1);
	assert_int_equal(value_sort_finish(&v), -1);
	row_spill_release(&s);
	value_sort_release(&v);
}

/* Values whose sorted file cannot be read back (here cut short): NaN,
 * said, and the knots' scans end (a value never equal to itself once
 * moved on from). */
static void test_values_that_cannot_be_read(void **state)
{
	size_t n = 20000;
	double *x = some_values(n, 1);
	double knots[STATS_RCS_MAX_KNOTS];
	int nk = 0;
	struct value_sort v;
	struct stats_sorted s = { n, value_sort_at, &v };
	struct diag d = DIAG_INIT;

	(void)state;
	value_sort_init(&v, 1);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(value_sort_add(&v, x[i]), 0);
	assert_int_equal(value_sort_finish(&v), 0);
	assert_int_equal(ftruncate(v.fd, 8), 0);
	(void)stats_rcs_knots_of(&s, 4, knots, &nk, &d);
	assert_true(v.failed);
	assert_string_equal(v.why, "cannot read the temporary file of the "
			    "spline's values: it ends early");
	assert_true(isnan(value_sort_at(&v, 0)));
	assert_true(isnan(stats_quantile_of(&s, 0.5)));
	value_sort_release(&v);
	diag_release(&d);
	free(x);
}

/* The merge's file cannot be made (TMPDIR gone since the runs'): the sort
 * fails, and says where. */
static void test_values_without_room_to_merge(void **state)
{
	struct value_sort v;
	char *old;

	(void)state;
	value_sort_init(&v, 1);
	for (size_t i = 0; i < 10000; i++)
		assert_int_equal(value_sort_add(&v, (double)(i % 13)), 0);
	old = tmpdir_missing();
	assert_int_equal(value_sort_finish(&v), -1);
	tmpdir_restore(old);
	assert_true(v.failed);
	assert_non_null(strstr(v.why, "cannot make a temporary file in "
			       TMPDIR_MISSING " to sort the spline's values"));
	value_sort_release(&v);
}

/* A spline's knots and quantiles from values sorted in a file are those
 * of the same values sorted in memory. */
static void test_knots_from_a_file(void **state)
{
	static const size_t sizes[] = { 9000, 100000 };

	(void)state;
	for (size_t z = 0; z < 2; z++)
		for (int few = 0; few < 2; few++)
			for (int asked = 3; asked <= 5; asked++) {
				size_t n = sizes[z];
				double *x = some_values(n, few);
				double ka[STATS_RCS_MAX_KNOTS], kf[STATS_RCS_MAX_KNOTS];
				int na = 0, nf = 0;
				struct value_sort v;
				struct stats_sorted s = { n, value_sort_at, &v };
				struct diag d = DIAG_INIT;

				value_sort_init(&v, 1);
				for (size_t i = 0; i < n; i++)
					assert_int_equal(value_sort_add(&v, x[i]), 0);
				assert_int_equal(value_sort_finish(&v), 0);
				assert_true(v.fd >= 0);
				qsort(x, n, sizeof(*x), stats_by_double);
				assert_int_equal(stats_rcs_knots(x, n, asked, ka, &na, &d), 0);
				assert_int_equal(stats_rcs_knots_of(&s, asked, kf, &nf, &d), 0);
				assert_int_equal(na, nf);
				for (int k = 0; k < na; k++)
					assert_true(ka[k] == kf[k]);
				for (double p = 0; p <= 1; p += 0.01)
					assert_true(stats_quantile(x, n, p) ==
						    stats_quantile_of(&s, p));
				assert_false(v.failed);
				value_sort_release(&v);
				diag_release(&d);
				free(x);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_come_back_in_order),
		cmocka_unit_test(test_no_directory_keeps_them_in_memory),
		cmocka_unit_test(test_temp_file_says_where),
		cmocka_unit_test(test_values_come_back_sorted),
		cmocka_unit_test(test_values_without_a_directory),
		cmocka_unit_test(test_knots_from_a_file),
		cmocka_unit_test(test_a_full_disk_is_said),
		cmocka_unit_test(test_values_that_cannot_be_read),
		cmocka_unit_test(test_values_without_room_to_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
