/*
 * The importer and the store's CHECK constraints hold the same ranges
 * (core/ranges.h): for every ranged value of CRAMPLOG_RANGES, in every
 * native log that has it (TrainingPeaks' TSS for the training load, which
 * no native log has), a file giving the range's ends is imported, one
 * giving a value just outside is refused at that cell with the range in
 * its message, and the same values written straight into the SQLite
 * table are refused by its CHECK, or kept where the store holds only the
 * floor (RANGE_FLOOR). tests/integration/ranges.sh does the same against
 * PostgreSQL's tables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format.h"
#include "import.h"
#include "ranges.h"
#include "strbuf.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct range_case {
	const char *field;
	double min, max;
	int store;             /* RANGE_BOTH or RANGE_FLOOR */
};

#define RANGE_CASE(field, store) \
	{ #field, RANGE_MIN(field), RANGE_MAX(field), store },
static const struct range_case ranges[] = { CRAMPLOG_RANGES(RANGE_CASE) };

struct fixture {
	char dir[64];
	char db[96];
	char csv[96];
	store *st;
	sqlite3 *sql;          /* a second connection, for the CHECKs */
	unsigned athletes;     /* one a case, so that cases never meet */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct diag d = DIAG_INIT;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/cramplog-ranges-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->csv, sizeof(f->csv), "%s/in.csv", f->dir);
	assert_int_equal(store_open(&f->st, f->db, STORE_CREATE, &d), 0);
	diag_release(&d);
	assert_int_equal(sqlite3_open(f->db, &f->sql), SQLITE_OK);
	sqlite3_extended_result_codes(f->sql, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[128];

	sqlite3_close(f->sql);
	store_close(f->st);
	unlink(f->csv);
	unlink(f->db);
	snprintf(path, sizeof(path), "%s-wal", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", f->db);
	unlink(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* A file of one row giving field value v (text) for athlete, in format k:
 * a native log, or TrainingPeaks' workouts for the load. Sets *column to
 * the 1-based column of the value. */
static void write_row(struct fixture *f, const struct format *k,
		      const char *field, const char *athlete, const char *v,
		      unsigned *column)
{
	FILE *fp = fopen(f->csv, "w");
	int duration = k == &format_training &&
		       strcmp(field, "duration_min") != 0;

	assert_non_null(fp);
	if (k == &format_trainingpeaks) {
		fprintf(fp, "Title,WorkoutType,WorkoutDay,TimeTotalInHours,TSS\n"
			"Run,Run,2026-01-05,1,%s\n", v);
		*column = 5;
	} else {
		fprintf(fp, "date,athlete,%s%s\n2026-01-05,%s,%s%s\n",
			duration ? "duration_min," : "", field, athlete,
			duration ? "60," : "", v);
		*column = duration ? 4 : 3;
	}
	assert_int_equal(fclose(fp), 0);
}

static enum import_status import_value(struct fixture *f,
				       const struct format *k,
				       const char *field, const char *athlete,
				       double x, struct diag *d,
				       unsigned *column)
{
	struct import_options opt = { 0 };
	struct import_result res;
	char v[64];

	snprintf(v, sizeof(v), "%.10g", x);
	write_row(f, k, field, athlete, v, column);
	if (k == &format_trainingpeaks)
		opt.athlete = athlete;
	else
		opt.kind = k->kind;     /* date,athlete,fluid_ml is any */
	return import_file(f->st, f->csv, &opt, &res, d);
}

/* Writes x into field of athlete's row of table straight, as SQL; returns
 * SQLite's extended result code. */
static int sql_update(struct fixture *f, const char *table,
		      const char *field, const char *athlete, double x)
{
	char sql[256];
	sqlite3_stmt *s;
	int rc;

	/* table and field are this file's own names, never input. */
	snprintf(sql, sizeof(sql), "UPDATE %s SET %s = ?1 WHERE athlete_id = "
		 "(SELECT id FROM athletes WHERE name = ?2)", table, field);
	assert_int_equal(sqlite3_prepare_v2(f->sql, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_double(s, 1, x);
	sqlite3_bind_text(s, 2, athlete, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE) {
		assert_int_equal(sqlite3_changes(f->sql), 1);
		return SQLITE_OK;
	}
	return sqlite3_extended_errcode(f->sql);
}

static void check_case(struct fixture *f, const struct range_case *r,
		       const struct format *k, const struct column *c)
{
	double step = c->type == COL_INTEGER ? 1 : (r->max - r->min) / 1000;
	double outside[2] = { r->min - step, r->max + step };
	const char *table = k->kind == KIND_TRAINING ? "training" :
			    k->kind == KIND_HYDRATION ? "hydration" : "diet";
	char athlete[32], range[64];
	unsigned column;
	struct diag d = DIAG_INIT;

	snprintf(athlete, sizeof(athlete), "Range %u", ++f->athletes);
	snprintf(range, sizeof(range), "outside %g to %g", r->min, r->max);
	print_message("%s in %s: %s\n", r->field, k->name, range);

	/* The range's ends are stored, by the importer and by SQL. */
	for (int i = 0; i < 2; i++) {
		double end = i ? r->min : r->max;

		if (import_value(f, k, r->field, athlete, end, &d,
				 &column) != IMPORT_OK)
			fail_msg("%s = %.10g in %s refused: %s", r->field, end,
				 k->name, d.count ? d.entries[0].message : "");
		diag_release(&d);
	}
	assert_int_equal(sql_update(f, table, r->field, athlete, r->max), SQLITE_OK);
	assert_int_equal(sql_update(f, table, r->field, athlete, r->min), SQLITE_OK);

	for (int i = 0; i < 2; i++) {
		enum import_status st = import_value(f, k, r->field, athlete,
						     outside[i], &d, &column);
		int rc;

		/* The importer refuses it at its cell, naming the range. */
		assert_int_equal(st, IMPORT_REJECTED);
		assert_true(d.count >= 1);
		assert_int_equal(d.entries[0].level, DIAG_ERROR);
		assert_int_equal(d.entries[0].line, 2);
		assert_int_equal(d.entries[0].column, column);
		if (!strstr(d.entries[0].message, range))
			fail_msg("%s: \"%s\" does not say \"%s\"", r->field,
				 d.entries[0].message, range);
		diag_release(&d);

		/* And the store's CHECK refuses it too, but above a
		 * RANGE_FLOOR value's bound, which the store keeps. */
		rc = sql_update(f, table, r->field, athlete, outside[i]);
		if (i == 1 && r->store == RANGE_FLOOR)
			assert_int_equal(rc, SQLITE_OK);
		else if (rc != SQLITE_CONSTRAINT_CHECK)
			fail_msg("%s = %.10g in %s: SQLite said %d, not its CHECK",
				 r->field, outside[i], table, rc);
	}
}

static void test_importer_and_checks_hold_the_same_ranges(void **state)
{
	static const struct format *const natives[] = {
		&format_training, &format_hydration, &format_diet
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		const struct range_case *r = &ranges[i];
		unsigned found = 0;

		for (size_t j = 0; j < 3; j++) {
			const struct column *c =
				format_find_column(natives[j], r->field, 0);

			if (c) {
				check_case(f, r, natives[j], c);
				found++;
			}
		}
		if (!found) {
			/* The training load: TrainingPeaks' TSS. */
			const struct column *c = format_find_column(
				&format_trainingpeaks, "tss", 0);

			assert_string_equal(r->field, "load");
			assert_non_null(c);
			check_case(f, r, &format_trainingpeaks, c);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_importer_and_checks_hold_the_same_ranges, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
