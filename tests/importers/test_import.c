/*
 * Tests of import_file on the native formats: natural keys, the counts of
 * added, updated and unchanged rows, atomic rejection, and the memory of
 * per-file keys, which gives the same result however small it is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "import.h"
#include "strbuf.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	char db[96];
	char csv[96];
	store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct diag d = DIAG_INIT;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/cramplog-import-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->csv, sizeof(f->csv), "%s/in.csv", f->dir);
	assert_int_equal(store_open(&f->st, f->db, STORE_CREATE, &d), 0);
	diag_release(&d);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[128];

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

static void write_csv(struct fixture *f, const char *text)
{
	FILE *fp = fopen(f->csv, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static enum import_status import(struct fixture *f,
				 const struct import_options *opt,
				 struct import_result *res, struct diag *d)
{
	static const struct import_options defaults;

	return import_file(f->st, f->csv, opt ? opt : &defaults, res, d);
}

/* The rows of a query on the database at path, "|" between values. */
static char *dump_db(const char *path, const char *query)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3 *db;
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, query, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			const unsigned char *t = sqlite3_column_text(s, i);

			strbuf_addf(&sb, "%s%s", i ? "|" : "", t ? (const char *)t : "NULL");
		}
		strbuf_addch(&sb, '\n');
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return strbuf_detach(&sb);
}

/* The rows of a table, one "key=values" line each, in key order. */
static char *dump(struct fixture *f, const char *query)
{
	return dump_db(f->db, query);
}

static const char hydration_unsorted[] =
	"date,time,athlete,fluid_ml,urine_color\n"
	"2026-03-02,08:00,Ana,100,\n"
	"2026-03-02,08:00,Ana,200,\n"          /* same key: seq 1 */
	"2026-03-03,,Ben,300,\n"
	"2026-03-04,,Ben,350,\n"
	"2026-03-01,,Ana,400,4\n"              /* back in time */
	"2026-03-02,08:00,ANA,500,\n"          /* same key again: seq 2 */
	"2026-03-03,,Ben,600,\n"               /* seq 1 of Ben's day */
	"2026-03-01,,Ana,700,\n";

static const char dump_hydration[] =
	"SELECT a.name, h.date, h.time, h.seq, h.fluid_ml, h.urine_color "
	"FROM hydration h JOIN athletes a ON a.id = h.athlete_id "
	"ORDER BY a.id, h.date, h.time, h.seq";

/* What hydration_unsorted stores, in key order. */
static const char hydration_sorted[] =
	"Ana|2026-03-01||0|400.0|4\n"
	"Ana|2026-03-01||1|700.0|NULL\n"
	"Ana|2026-03-02|08:00:00|0|100.0|NULL\n"
	"Ana|2026-03-02|08:00:00|1|200.0|NULL\n"
	"Ana|2026-03-02|08:00:00|2|500.0|NULL\n"
	"Ben|2026-03-03||0|300.0|NULL\n"
	"Ben|2026-03-03||1|600.0|NULL\n"
	"Ben|2026-03-04||0|350.0|NULL\n";

static void test_rows_sharing_a_key_are_told_apart_by_order(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	struct diag d = DIAG_INIT;
	char *rows;

	write_csv(f, hydration_unsorted);
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_OK);
	assert_int_equal(res.kind, KIND_HYDRATION);
	assert_int_equal(res.counts.rows, 8);
	assert_int_equal(res.counts.added, 8);
	rows = dump(f, dump_hydration);
	assert_string_equal(rows, hydration_sorted);
	free(rows);
	diag_release(&d);
}

/* Imports hydration_unsorted with opt: its rows in key order, then the
 * same file again changes nothing. */
static void check_unsorted_import(struct fixture *f,
				  const struct import_options *opt)
{
	struct import_result res;
	struct diag d = DIAG_INIT;
	char *rows;

	write_csv(f, hydration_unsorted);
	assert_int_equal(import(f, opt, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.rows, 8);
	assert_int_equal(res.counts.added, 8);
	assert_int_equal(d.count, 0);
	rows = dump(f, dump_hydration);
	assert_string_equal(rows, hydration_sorted);
	free(rows);
	assert_int_equal(import(f, opt, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.unchanged, 8);
	assert_int_equal(res.counts.added + res.counts.updated, 0);
	diag_release(&d);
}

/* With room for only two keys, the importer forgets past days and, when
 * the file goes back in time, reads it again: the result is the same. */
static void test_a_small_key_memory_gives_the_same_rows(void **state)
{
	struct import_options opt = { .key_memory_rows = 2 };

	check_unsorted_import(*state, &opt);
}

/* A file out of date order with more keys than memory holds counts them
 * in a temporary file: the same rows again, twice. */
static void test_keys_counted_on_disk_give_the_same_rows(void **state)
{
	struct import_options opt = { .key_memory_rows = 2,
				      .spill_after_keys = 1 };

	check_unsorted_import(*state, &opt);
}

/* What the writing callback was told: its calls, and the last. */
struct writing_seen {
	unsigned calls;
	uint64_t done, total;
	int backwards;
};

static void on_writing(const char *name, uint64_t done, uint64_t total,
		       void *arg)
{
	struct writing_seen *w = arg;

	(void)name;
	/* Rising within an import; the next one starts again. */
	w->backwards |= (done < w->done && w->done != w->total) || done > total;
	w->calls++;
	w->done = done;
	w->total = total;
}

/* A file read with every key is sorted whole: each batch (here a row
 * or two) a run in a temporary file, the runs merged at the end, the keys
 * numbered as they come out. The same rows as above; the writing is
 * reported as it goes, to all 8 rows. */
static void test_rows_sorted_in_runs_give_the_same_rows(void **state)
{
	struct writing_seen seen = { 0 };
	struct import_options opt = { .key_memory_rows = 2, .batch_bytes = 1,
				      .writing = on_writing,
				      .progress_arg = &seen };

	check_unsorted_import(*state, &opt);
	/* Each of the two imports: a call a merged batch, one at the end. */
	assert_true(seen.calls > 2);
	assert_false(seen.backwards);
	assert_int_equal(seen.done, 8);
	assert_int_equal(seen.total, 8);
}

/* More runs than are merged at once are merged in passes (eight runs, two
 * at a time: three passes). */
static void test_runs_merged_in_passes_give_the_same_rows(void **state)
{
	struct import_options opt = { .key_memory_rows = 2, .batch_bytes = 1,
				      .merge_ways = 2 };

	check_unsorted_import(*state, &opt);
}

static const char dump_training[] =
	"SELECT a.name, a.team, t.date, t.start_time, t.seq, t.session, "
	"t.duration_min, t.cramp, t.cramp_muscle, t.notes, t.source "
	"FROM training t JOIN athletes a ON a.id = t.athlete_id "
	"ORDER BY a.id, t.date, t.start_time, t.seq";

/* Sessions out of date order, whose strings (teams, sessions, muscles,
 * notes, one of the longest allowed, 2,000 bytes; missing ones) go
 * through the runs: the same table as when the file is written in one
 * batch, and the same athletes. */
static void test_runs_keep_every_string(void **state)
{
	struct fixture *f = *state;
	struct import_options opt = { .key_memory_rows = 2, .batch_bytes = 1,
				      .merge_ways = 3 };
	struct import_result res;
	struct diag d = DIAG_INIT;
	struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
	char *want, *got, *want_a, *got_a;
	store *st;

	strbuf_addstr(&text, "date,start_time,athlete,team,session,duration_min,"
		      "cramp,cramp_muscle,notes\n");
	for (int i = 0; i < 12; i++)
		strbuf_addf(&text, "2026-06-%02d,%s,%s,%s,%s,%d,%s,%s,%s\n",
			    12 - i % 6, i % 3 ? "07:30" : "", i % 4 ? "Zo\xc3\xab" :
			    "\"O'Brien, Liam\"", i % 4 ? "U21" : "", i % 2 ?
			    "run" : "", 30 + i, i % 5 ? "no" : "yes",
			    i % 5 ? "" : "hamstring", i == 7 ? "" : "\"a, b\"");
	strbuf_addstr(&text, "2026-05-30,,Ben,,gym,40,no,,");
	for (int i = 0; i < 2000; i++)
		strbuf_addch(&text, (char)('a' + i % 26));
	strbuf_addstr(&text, "\n");
	write_csv(f, text.buf);
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.added, 13);
	want = dump(f, dump_training);
	want_a = dump(f, "SELECT id, name, team FROM athletes ORDER BY id");
	strbuf_addf(&path, "%s/runs.db", f->dir);
	assert_int_equal(store_open(&st, path.buf, STORE_CREATE, &d), 0);
	assert_int_equal(import_file(st, f->csv, &opt, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.added, 13);
	got = dump_db(path.buf, dump_training);
	got_a = dump_db(path.buf, "SELECT id, name, team FROM athletes ORDER BY id");
	assert_string_equal(got, want);
	assert_string_equal(got_a, want_a);
	assert_non_null(strstr(got, "|0|"));
	assert_non_null(strstr(got, "|1|"));
	store_close(st);
	free(want);
	free(got);
	free(want_a);
	free(got_a);
	for (const char *ext = ""; ext; ext = *ext ? NULL : "-wal") {
		struct strbuf aux = STRBUF_INIT;

		strbuf_addf(&aux, "%s%s", path.buf, ext);
		unlink(aux.buf);
		strbuf_release(&aux);
	}
	strbuf_addstr(&path, "-shm");
	unlink(path.buf);
	strbuf_release(&path);
	strbuf_release(&text);
	diag_release(&d);
}

/* The sort's temporary file cannot be made: the import says where, at
 * the file, writes nothing of it, and fails as a write error of the file
 * (the next files go on), not of the database. */
static void test_runs_without_a_temporary_directory(void **state)
{
	struct fixture *f = *state;
	struct import_options opt = { .key_memory_rows = 2, .batch_bytes = 1 };
	struct import_result res;
	struct diag d = DIAG_INIT;
	char *old, *rows;

	write_csv(f, hydration_unsorted);
	old = tmpdir_missing();
	assert_int_equal(import(f, &opt, &res, &d), IMPORT_IO_ERROR);
	tmpdir_restore(old);
	assert_true(d.errors > 0);
	assert_non_null(strstr(d.entries[0].message, "cannot make a temporary file "
			       "in /nonexistent/cramplog to sort the rows"));
	assert_non_null(strstr(d.entries[0].message, "nothing of the file was "
			       "written"));
	assert_string_equal(d.entries[0].file, f->csv);
	rows = dump(f, "SELECT count(*) FROM hydration");
	assert_string_equal(rows, "0\n");
	free(rows);
	diag_release(&d);
}

/* intervals.icu's wellness, newest day first, gives a line two rows (a
 * drink and a meal): such a file is not sorted whole but written batch by
 * batch, its keys counted in memory or, past spill_after_keys, on disk. */
static void test_a_file_of_two_kinds_counts_its_keys(void **state)
{
	struct fixture *f = *state;
	const char *data = getenv("CRAMPLOG_TEST_DATA");
	struct strbuf path = STRBUF_INIT;
	struct import_options small = { .athlete = "Ana", .key_memory_rows = 1,
					.spill_after_keys = 1 };
	struct import_options plain = { .athlete = "Ana" };
	struct import_result res;
	struct diag d = DIAG_INIT;
	char *want, *got;
	const char *q = "SELECT 'h', date, time, seq, fluid_ml FROM hydration "
			"UNION ALL SELECT 'd', date, time, seq, carbs_g FROM diet "
			"ORDER BY 1, 2, 3, 4";

	assert_non_null(data);
	strbuf_addf(&path, "%s/apps/intervals-wellness.csv", data);
	assert_int_equal(import_file(f->st, path.buf, &plain, &res, &d), IMPORT_OK);
	want = dump(f, q);
	assert_int_equal(import_file(f->st, path.buf, &small, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.added + res.counts.updated, 0);
	got = dump(f, q);
	assert_string_equal(got, want);
	assert_true(strlen(got) > 0);
	free(want);
	free(got);
	strbuf_release(&path);
	diag_release(&d);
}

/* With room for one athlete's name, the file's athletes are numbered on
 * disk (case variants included): the same rows again, keys in memory or
 * on disk. */
static void test_athletes_numbered_on_disk_give_the_same_rows(void **state)
{
	struct import_options opt = { .athletes_in_memory = 1 };

	check_unsorted_import(*state, &opt);
}

/* And with the keys on disk too. */
static void test_athletes_and_keys_on_disk_give_the_same_rows(void **state)
{
	struct import_options opt = { .athletes_in_memory = 1,
				      .key_memory_rows = 2,
				      .spill_after_keys = 1 };

	check_unsorted_import(*state, &opt);
}

static void test_sorted_file_with_small_key_memory(void **state)
{
	struct fixture *f = *state;
	struct import_options opt = { .key_memory_rows = 3 };
	struct import_result res;
	struct diag d = DIAG_INIT;
	struct strbuf text = STRBUF_INIT;
	char *rows;

	strbuf_addstr(&text, "date,time,athlete,fluid_ml,urine_color\n");
	for (int day = 1; day <= 20; day++)
		for (int a = 0; a < 5; a++)
			strbuf_addf(&text, "2026-04-%02d,,A%d,%d,\n"
				    "2026-04-%02d,,A%d,%d,\n", day, a, day * 10 + a,
				    day, a, day * 10 + a + 1000);
	write_csv(f, text.buf);
	assert_int_equal(import(f, &opt, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.added, 200);
	rows = dump(f, "SELECT count(*), sum(seq), count(DISTINCT date) FROM hydration");
	assert_string_equal(rows, "200|100|20\n");
	free(rows);
	strbuf_release(&text);
	diag_release(&d);
}

static void test_counts_added_updated_unchanged(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	struct diag d = DIAG_INIT;

	write_csv(f, "date,time,athlete,meal,carbs_g\n"
		     "2026-05-01,08:00,Ana,breakfast,90\n"
		     "2026-05-01,12:00,Ana,lunch,110\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_OK);
	assert_int_equal(res.kind, KIND_DIET);
	assert_int_equal(res.counts.added, 2);
	write_csv(f, "date,time,athlete,meal,carbs_g\n"
		     "2026-05-01,08:00,Ana,breakfast,95\n"
		     "2026-05-01,12:00,Ana,lunch,110\n"
		     "2026-05-01,19:00,Ana,dinner,\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.added, 1);
	assert_int_equal(res.counts.updated, 1);
	assert_int_equal(res.counts.unchanged, 1);
	/* A value that becomes unknown is an update too. */
	write_csv(f, "date,time,athlete,meal,carbs_g\n"
		     "2026-05-01,08:00,Ana,breakfast,\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.updated, 1);
	diag_release(&d);
}

static void test_an_invalid_row_leaves_the_store_as_it_was(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	struct diag d = DIAG_INIT;
	char *rows;

	write_csv(f, "date,start_time,athlete,duration_min\n"
		     "2026-05-01,08:00,Ana,60\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_OK);
	write_csv(f, "date,start_time,athlete,duration_min\n"
		     "2026-05-01,08:00,Ana,65\n"
		     "2026-05-02,08:00,New Athlete,60\n"
		     "2026-05-03,08:00,Ana,-1\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_REJECTED);
	assert_int_equal(res.counts.rejected, 1);
	assert_int_equal(res.counts.added + res.counts.updated, 0);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.entries[0].line, 4);
	assert_int_equal(d.entries[0].column, 4);
	rows = dump(f, "SELECT (SELECT group_concat(duration_min) FROM training),"
		       " (SELECT count(*) FROM athletes), (SELECT count(*) FROM imports)");
	assert_string_equal(rows, "60.0|1|1\n");
	free(rows);
	diag_release(&d);
}

static void test_skip_invalid_keeps_the_valid_rows(void **state)
{
	struct fixture *f = *state;
	struct import_options opt = { .skip_invalid = 1 };
	struct import_result res;
	struct diag d = DIAG_INIT;
	char *rows;

	write_csv(f, "date,start_time,athlete,duration_min,rpe\n"
		     "2026-05-01,08:00,Ana,60,5\n"
		     "2026-05-02,08:00,Ana,60,eleven\n"
		     "2026-05-03,08:00,Ana,60,\n");
	assert_int_equal(import(f, &opt, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.added, 2);
	assert_int_equal(res.counts.rejected, 1);
	rows = dump(f, "SELECT rejected, added FROM imports");
	assert_string_equal(rows, "1|2\n");
	free(rows);
	diag_release(&d);
}

static void test_dry_run_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct import_options opt = { .dry_run = 1 };
	struct import_result res;
	struct diag d = DIAG_INIT;
	char *rows;

	write_csv(f, "date,start_time,athlete,duration_min\n"
		     "2026-05-01,08:00,Ana,60\n");
	assert_int_equal(import(f, &opt, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.added, 1);
	rows = dump(f, "SELECT (SELECT count(*) FROM training), (SELECT count(*) FROM athletes), (SELECT count(*) FROM imports)");
	assert_string_equal(rows, "0|0|0\n");
	free(rows);
	diag_release(&d);
}

static void test_header_names_match_loosely(void **state)
{
	char key[32];

	(void)state;
	assert_int_equal(import_header_key("  Start Time ", 13, key, sizeof(key)), 10);
	assert_string_equal(key, "start_time");
	import_header_key("Body-Mass-KG", 12, key, sizeof(key));
	assert_string_equal(key, "body_mass_kg");
	assert_int_equal(import_header_key("a_very_long_header_name_indeed", 30, key, 8), 8);
}

static void test_rows_of_empty_cells_are_blank_lines(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	struct diag d = DIAG_INIT;

	write_csv(f, "date,start_time,athlete,duration_min\n"
		     "2026-05-01,08:00,Ana,60\n"
		     ",,,\n"
		     " , ,\"\",\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_OK);
	assert_int_equal(res.counts.rows, 1);
	assert_int_equal(res.counts.added, 1);
	assert_int_equal(d.count, 0);
	diag_release(&d);
}

static void test_kind_option_overrides_the_header(void **state)
{
	struct fixture *f = *state;
	struct import_options opt = { .kind = KIND_DIET };
	struct import_result res;
	struct diag d = DIAG_INIT;

	write_csv(f, "date,time,athlete,fluid_ml\n2026-05-01,08:00,Ana,250\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_REJECTED);
	assert_non_null(strstr(d.entries[0].message, "use --kind"));
	diag_clear(&d);
	assert_int_equal(import(f, &opt, &res, &d), IMPORT_OK);
	assert_int_equal(res.kind, KIND_DIET);
	assert_int_equal(res.counts.added, 1);
	diag_release(&d);
}

/* --kind diet on a training log stored diet rows of only the sessions'
 * fluid: a --kind the header contradicts is an error, nothing written. */
static void test_kind_the_header_contradicts_is_refused(void **state)
{
	struct fixture *f = *state;
	struct import_options opt = { .kind = KIND_DIET };
	struct import_result res;
	struct diag d = DIAG_INIT;
	char *rows;

	write_csv(f, "date,start_time,athlete,session,duration_min,fluid_ml\n"
		     "2026-05-01,08:00,Ana,run,60,500\n");
	assert_int_equal(import(f, &opt, &res, &d), IMPORT_REJECTED);
	assert_int_equal(d.errors, 1);
	assert_int_equal(d.entries[0].line, 1);
	assert_string_equal(d.entries[0].message, "--kind diet does not fit this "
			    "header, which looks like a training log "
			    "(start_time, session, duration_min) and has no "
			    "column only a diet log has (such as meal or "
			    "carbs_g)");
	rows = dump(f, "SELECT (SELECT count(*) FROM diet), (SELECT count(*) FROM athletes), (SELECT count(*) FROM imports)");
	assert_string_equal(rows, "0|0|0\n");
	free(rows);
	diag_release(&d);
}

static void test_unknown_column_is_a_warning(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	struct diag d = DIAG_INIT;

	write_csv(f, "date,start_time,athlete,duration_min,heart_rate\n"
		     "2026-05-01,08:00,Ana,60,150\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_OK);
	assert_int_equal(d.errors, 0);
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.entries[0].column, 5);
	assert_non_null(strstr(d.entries[0].message, "unknown column 'heart_rate'"));
	diag_release(&d);
}

static void test_control_characters_in_names_are_refused(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	struct diag d = DIAG_INIT;

	write_csv(f, "date,start_time,athlete,duration_min\n"
		     "2026-05-01,08:00,\"Ana\x1b[31m\",60\n");
	assert_int_equal(import(f, NULL, &res, &d), IMPORT_REJECTED);
	assert_non_null(strstr(d.entries[0].message, "control character"));
	diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_sharing_a_key_are_told_apart_by_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_small_key_memory_gives_the_same_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_counted_on_disk_give_the_same_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_sorted_in_runs_give_the_same_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs_merged_in_passes_give_the_same_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs_keep_every_string, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs_without_a_temporary_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_file_of_two_kinds_counts_its_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_athletes_numbered_on_disk_give_the_same_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_athletes_and_keys_on_disk_give_the_same_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorted_file_with_small_key_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_added_updated_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_invalid_row_leaves_the_store_as_it_was, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skip_invalid_keeps_the_valid_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_writes_nothing, setup, teardown),
		cmocka_unit_test(test_header_names_match_loosely),
		cmocka_unit_test_setup_teardown(test_rows_of_empty_cells_are_blank_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind_option_overrides_the_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kind_the_header_contradicts_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_column_is_a_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_characters_in_names_are_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
