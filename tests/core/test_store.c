/*
 * Tests of the store as its users rely on it: what opening makes (a private
 * file, the schema version, foreign keys, WAL) and refuses (a missing or
 * unwritable directory, a file that is not a database, a newer schema), the
 * constraints that keep out-of-range values out, and how athletes are found.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	char db[96];
};

/* The names a test may leave in the directory, removed by teardown. */
static const char *const leftovers[] = {
	"t.db", "t.db-wal", "t.db-shm", "t.db-journal", "junk", "file",
	"ro/t.db", "file/t.db", "missing/t.db",
};
static const char *const leftover_dirs[] = { "ro", "missing", "t.dir" };

static void path_in(const struct fixture *f, const char *name, char *out,
		    size_t size)
{
	int n = snprintf(out, size, "%s/%s", f->dir, name);

	assert_true(n > 0 && (size_t)n < size);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->dir, "/tmp/cramplog-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	path_in(f, "t.db", f->db, sizeof(f->db));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[128];

	for (size_t i = 0; i < sizeof(leftover_dirs) / sizeof(leftover_dirs[0]); i++) {
		path_in(f, leftover_dirs[i], path, sizeof(path));
		chmod(path, 0700);
	}
	for (size_t i = 0; i < sizeof(leftovers) / sizeof(leftovers[0]); i++) {
		path_in(f, leftovers[i], path, sizeof(path));
		unlink(path);
	}
	for (size_t i = 0; i < sizeof(leftover_dirs) / sizeof(leftover_dirs[0]); i++) {
		path_in(f, leftover_dirs[i], path, sizeof(path));
		rmdir(path);
	}
	assert_int_equal(rmdir(f->dir), 0);    /* nothing else was left */
	free(f);
	return 0;
}

static store *open_new(struct fixture *f)
{
	struct diag d = DIAG_INIT;
	store *st = NULL;

	if (store_open(&st, f->db, STORE_CREATE, &d) != 0)
		fail_msg("store_open: %s", d.count ? d.entries[0].message : "?");
	assert_int_equal(d.errors, 0);
	diag_release(&d);
	assert_non_null(st);
	return st;
}

/* The single integer a query returns. */
static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static long file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* The whole content of a file (NUL-terminated; the caller frees it). */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	assert_true((n = ftell(fp)) >= 0);
	rewind(fp);
	assert_non_null(buf = malloc((size_t)n + 1));
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = 0;
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Runs sql and returns SQLite's extended result code. */
static int exec_code(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return SQLITE_OK;
	return sqlite3_extended_errcode(db);
}

/* Checks that d holds exactly one error, about path, whose message has
 * each of the given parts. */
static void assert_one_error(const struct diag *d, const char *path,
			     const char *part1, const char *part2)
{
	assert_int_equal(d->errors, 1);
	assert_int_equal(d->warnings, 0);
	assert_int_equal(d->count, 1);
	assert_int_equal(d->entries[0].level, DIAG_ERROR);
	assert_non_null(d->entries[0].file);
	assert_string_equal(d->entries[0].file, path);
	if (!strstr(d->entries[0].message, part1))
		fail_msg("\"%s\" does not say \"%s\"", d->entries[0].message,
			 part1);
	if (part2 && !strstr(d->entries[0].message, part2))
		fail_msg("\"%s\" does not say \"%s\"", d->entries[0].message,
			 part2);
}

/* Makes f->db with sql run in it by SQLite alone (another application's
 * database, or one of an older cramplog). */
static void make_db(struct fixture *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(exec_code(db, sql), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static void test_open_creates_a_file_private_to_its_owner(void **state)
{
	struct fixture *f = *state;
	char wal[128];
	struct stat sb;
	mode_t old = umask(022);
	store *st = open_new(f);

	umask(old);
	assert_string_equal(store_path(st), f->db);
	assert_int_equal(stat(f->db, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_true(sb.st_size > 0);           /* the schema was written */
	/* SQLite gives its side files the database's mode. */
	snprintf(wal, sizeof(wal), "%s-wal", f->db);
	if (stat(wal, &sb) == 0)
		assert_int_equal(sb.st_mode & 07777, 0600);
	store_close(st);
}

static void test_open_sets_schema_version_foreign_keys_and_wal(void **state)
{
	struct fixture *f = *state;
	store *st = open_new(f);
	sqlite3 *db = store_sqlite(st);
	sqlite3 *other;
	sqlite3_stmt *s;

	assert_non_null(db);
	assert_int_equal(query_int(db, "PRAGMA user_version"),
			 STORE_SCHEMA_VERSION);
	assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema "
				       "WHERE type = 'table' AND name IN "
				       "('athletes', 'imports', 'training', "
				       "'hydration', 'diet')"), 5);
	assert_int_equal(query_int(db, "SELECT count(*) FROM pragma_table_list "
				       "WHERE schema = 'main' AND strict = 1 "
				       "AND name NOT LIKE 'sqlite_%'"), 9);
	assert_int_equal(query_int(db, "SELECT count(*) FROM pragma_table_list "
				       "WHERE schema = 'main' AND strict = 0 "
				       "AND name NOT LIKE 'sqlite_%'"), 0);

	/* WAL mode is a property of the file: another connection sees it. */
	assert_int_equal(sqlite3_open_v2(f->db, &other, SQLITE_OPEN_READONLY,
					 NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(other, "PRAGMA journal_mode", -1,
					    &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	assert_int_equal(query_int(other, "PRAGMA user_version"),
			 STORE_SCHEMA_VERSION);
	sqlite3_close(other);
	store_close(st);
}

static void test_reopening_keeps_the_data(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	store *st = open_new(f);
	int64_t id, found;

	assert_int_equal(store_athlete(st, "Ana", 3, &id, &d), 0);
	assert_true(id > 0);
	store_close(st);

	/* Without STORE_CREATE an existing file opens as it is. */
	assert_int_equal(store_open(&st, f->db, 0, &d), 0);
	assert_int_equal(store_find_athlete(st, "ana", 3, &found, &d), 0);
	assert_int_equal(found, id);
	assert_int_equal(query_int(store_sqlite(st), "PRAGMA user_version"),
			 STORE_SCHEMA_VERSION);
	store_close(st);

	assert_int_equal(store_open(&st, f->db, STORE_READONLY, &d), 0);
	assert_int_equal(store_find_athlete(st, "ANA", 3, &found, &d), 0);
	assert_int_equal(found, id);
	/* Read only means read only. */
	assert_int_equal(exec_code(store_sqlite(st), "DELETE FROM athletes") &
			 0xff, SQLITE_READONLY);
	store_close(st);
	assert_int_equal(d.errors, 0);
	diag_release(&d);
}

static void test_open_of_a_missing_file_without_create_fails(void **state)
{
	struct fixture *f = *state;
	static const unsigned flags[] = {
		0, STORE_READONLY, STORE_READONLY | STORE_CREATE
	};
	struct stat sb;

	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		struct diag d = DIAG_INIT;
		store *st = (store *)&d;   /* any non-NULL value */

		assert_int_equal(store_open(&st, f->db, flags[i], &d), -1);
		assert_null(st);
		assert_one_error(&d, f->db, "cannot open the database",
				 strerror(ENOENT));
		diag_release(&d);
		assert_int_equal(stat(f->db, &sb), -1);   /* nothing made */
		assert_int_equal(errno, ENOENT);
	}
}

/* The directory must exist: store_open does not make it. */
static void test_open_in_a_missing_directory_fails(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	char path[128], dir[128];
	struct stat sb;
	store *st = NULL;

	path_in(f, "missing/t.db", path, sizeof(path));
	path_in(f, "missing", dir, sizeof(dir));
	assert_int_equal(store_open(&st, path, STORE_CREATE, &d), -1);
	assert_null(st);
	assert_one_error(&d, path, "cannot create the database",
			 strerror(ENOENT));
	diag_release(&d);
	assert_int_equal(stat(dir, &sb), -1);
}

static void test_open_under_a_file_fails(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	char file[128], path[128];
	FILE *fp;
	store *st = NULL;

	path_in(f, "file", file, sizeof(file));
	path_in(f, "file/t.db", path, sizeof(path));
	assert_non_null(fp = fopen(file, "w"));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(store_open(&st, path, STORE_CREATE, &d), -1);
	assert_null(st);
	assert_one_error(&d, path, "cannot open the database",
			 strerror(ENOTDIR));
	diag_release(&d);
}

static void test_open_in_a_read_only_directory_fails(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	char dir[128], path[128];
	struct stat sb;
	store *st = NULL;

	if (geteuid() == 0)
		skip();        /* root writes anywhere */
	path_in(f, "ro", dir, sizeof(dir));
	path_in(f, "ro/t.db", path, sizeof(path));
	assert_int_equal(mkdir(dir, 0500), 0);
	assert_int_equal(store_open(&st, path, STORE_CREATE, &d), -1);
	assert_null(st);
	assert_one_error(&d, path, "cannot create the database",
			 strerror(EACCES));
	diag_release(&d);
	assert_int_equal(stat(path, &sb), -1);
}

static void test_open_refuses_what_is_not_a_database(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	char junk[128], sub[128];
	FILE *fp;
	store *st = NULL;

	path_in(f, "t.dir", sub, sizeof(sub));
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(store_open(&st, sub, STORE_CREATE, &d), -1);
	assert_null(st);
	assert_one_error(&d, sub, "not a regular file", NULL);
	diag_release(&d);

	path_in(f, "junk", junk, sizeof(junk));
	assert_non_null(fp = fopen(junk, "w"));
	for (int i = 0; i < 64; i++)
		assert_true(fputs("date,time,athlete,fluid_ml\n", fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(store_open(&st, junk, STORE_CREATE, &d),
			 STORE_ERR_FOREIGN);
	assert_null(st);
	assert_one_error(&d, junk, "not a database", "left untouched");
	diag_release(&d);
	assert_int_equal(file_size(junk), 64 * 27);
}

static void test_open_refuses_a_newer_schema(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	store *st = open_new(f);

	assert_int_equal(exec_code(store_sqlite(st), "PRAGMA user_version = 99"),
			 SQLITE_OK);
	store_close(st);
	assert_int_equal(store_open(&st, f->db, STORE_CREATE, &d),
			 STORE_ERR_VERSION);
	assert_null(st);
	assert_one_error(&d, f->db, "schema version 99", "newer cramplog");
	diag_release(&d);
}

/* Another application's database is refused by every kind of open, and
 * left as it was to the byte: no table, no version, no WAL. */
static void test_open_leaves_another_applications_database_untouched(void **state)
{
	static const char *const apps[] = {
		"CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);"
		"INSERT INTO users(name) VALUES ('x');",
		/* the application id of Fossil, with our table names */
		"PRAGMA application_id = 252006674;"
		"CREATE TABLE athletes(x); CREATE TABLE imports(x);",
		/* a schema version of ours, but not our tables */
		"PRAGMA user_version = 2; CREATE TABLE notes(x);",
	};
	static const unsigned flags[] = { STORE_CREATE, 0, STORE_READONLY };
	struct fixture *f = *state;
	char wal[128];

	path_in(f, "t.db-wal", wal, sizeof(wal));
	for (size_t a = 0; a < sizeof(apps) / sizeof(apps[0]); a++) {
		size_t before_len, after_len;
		char *before, *after;

		unlink(f->db);
		make_db(f, apps[a]);
		before = slurp(f->db, &before_len);
		for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
			struct diag d = DIAG_INIT;
			store *st = NULL;

			assert_int_equal(store_open(&st, f->db, flags[i], &d),
					 STORE_ERR_FOREIGN);
			assert_null(st);
			assert_one_error(&d, f->db, "not a cramplog database",
					 "left untouched");
			diag_release(&d);
		}
		after = slurp(f->db, &after_len);
		assert_int_equal(before_len, after_len);
		assert_memory_equal(before, after, before_len);
		assert_int_equal(file_size(wal), -1);
		free(before);
		free(after);
	}
}

/* A new database carries cramplog's application id; a zero-length file is
 * set up by a writer, and is "empty" to a reader, which makes nothing. */
static void test_open_marks_new_and_empty_databases(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	store *st = open_new(f);
	FILE *fp;

	assert_int_equal(query_int(store_sqlite(st), "PRAGMA application_id"),
			 STORE_APPLICATION_ID);
	/* built whole before it was linked into place */
	assert_int_equal(store_found_version(st), STORE_SCHEMA_VERSION);
	store_close(st);

	unlink(f->db);
	assert_non_null(fp = fopen(f->db, "w"));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(store_open(&st, f->db, STORE_READONLY, &d),
			 STORE_ERR_EMPTY);
	assert_one_error(&d, f->db, "the database is empty", "import");
	diag_release(&d);
	assert_int_equal(file_size(f->db), 0);
	assert_int_equal(store_open(&st, f->db, 0, &d), 0);
	assert_int_equal(store_found_version(st), 0);
	assert_int_equal(query_int(store_sqlite(st), "PRAGMA application_id"),
			 STORE_APPLICATION_ID);
	assert_int_equal(query_int(store_sqlite(st), "PRAGMA user_version"),
			 STORE_SCHEMA_VERSION);
	store_close(st);
	assert_int_equal(d.errors, 0);
}

/* A database of an older schema (tests/data/schema-1.db) is read by no
 * command that only reads, and left as it was; a writer upgrades it and
 * marks it, keeping every row. */
static void test_only_a_writer_upgrades_an_old_schema(void **state)
{
	struct fixture *f = *state;
	const char *data = getenv("CRAMPLOG_TEST_DATA");
	char old[512];
	size_t len, before_len, after_len;
	char *bytes, *before, *after;
	struct diag d = DIAG_INIT;
	store *st = NULL;
	FILE *fp;

	assert_non_null(data);
	assert_true(snprintf(old, sizeof(old), "%s/schema-1.db", data) <
		    (int)sizeof(old));
	bytes = slurp(old, &len);
	assert_non_null(fp = fopen(f->db, "wb"));
	assert_int_equal(fwrite(bytes, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	free(bytes);

	before = slurp(f->db, &before_len);
	assert_int_equal(store_open(&st, f->db, STORE_READONLY, &d),
			 STORE_ERR_VERSION);
	assert_one_error(&d, f->db, "schema version 1", "cramplog upgrade");
	diag_release(&d);
	after = slurp(f->db, &after_len);
	assert_int_equal(before_len, after_len);
	assert_memory_equal(before, after, before_len);
	free(before);
	free(after);

	assert_int_equal(store_open(&st, f->db, 0, &d), 0);
	assert_int_equal(store_found_version(st), 1);
	assert_int_equal(query_int(store_sqlite(st), "PRAGMA user_version"),
			 STORE_SCHEMA_VERSION);
	assert_int_equal(query_int(store_sqlite(st), "PRAGMA application_id"),
			 STORE_APPLICATION_ID);
	assert_int_equal(query_int(store_sqlite(st),
				   "SELECT count(*) FROM training"), 6);
	store_close(st);
	assert_int_equal(store_open(&st, f->db, STORE_READONLY, &d), 0);
	assert_int_equal(store_found_version(st), STORE_SCHEMA_VERSION);
	store_close(st);
	assert_int_equal(d.errors, 0);
}

/* Processes that make the same new database at once all open the one
 * that landed first, and every row each of them writes is there after. */
static void test_concurrent_first_opens_share_one_database(void **state)
{
	enum { PROCS = 6, ROUNDS = 20 };
	struct fixture *f = *state;

	for (int round = 0; round < ROUNDS; round++) {
		pid_t pid[PROCS];
		store *st;

		unlink(f->db);
		for (int p = 0; p < PROCS; p++) {
			assert_true((pid[p] = fork()) >= 0);
			if (pid[p] == 0) {
				struct diag d = DIAG_INIT;
				char name[16];
				int64_t id;
				int ok;

				snprintf(name, sizeof(name), "A%d", p);
				ok = store_open(&st, f->db, STORE_CREATE, &d) == 0 &&
				     store_begin(st, &d) == 0 &&
				     store_athlete(st, name, strlen(name), &id, &d) == 0 &&
				     store_commit(st, &d) == 0;
				if (!ok && d.count)
					fprintf(stderr, "%s\n", d.entries[0].message);
				store_close(st);
				_exit(ok ? 0 : 1);
			}
		}
		for (int p = 0; p < PROCS; p++) {
			int status;

			assert_int_equal(waitpid(pid[p], &status, 0), pid[p]);
			assert_true(WIFEXITED(status));
			assert_int_equal(WEXITSTATUS(status), 0);
		}
		st = open_new(f);
		assert_int_equal(query_int(store_sqlite(st),
					   "SELECT count(*) FROM athletes"), PROCS);
		store_close(st);
	}
}

static void test_strict_tables_refuse_values_of_the_wrong_type(void **state)
{
	struct fixture *f = *state;
	store *st = open_new(f);
	sqlite3 *db = store_sqlite(st);

	assert_int_equal(exec_code(db, "INSERT INTO athletes(name, name_key, "
				       "created_at) VALUES ('Ana', 'ana', 'x')"),
			 SQLITE_OK);
	assert_int_equal(exec_code(db, "INSERT INTO imports(file, kind, "
				       "imported_at, rows) VALUES ('f', "
				       "'training', 'x', 'many')"),
			 SQLITE_CONSTRAINT_DATATYPE);
	assert_int_equal(exec_code(db, "INSERT INTO training(athlete_id, date, "
				       "start_time, seq, duration_min, cramp, "
				       "import_id, first_import_id) VALUES (1, "
				       "'2026-03-01', '', 0, 'long', 0, 1, 1)"),
			 SQLITE_CONSTRAINT_DATATYPE);
	assert_int_equal(exec_code(db, "INSERT INTO hydration(athlete_id, date, "
				       "time, seq, usg, import_id, "
				       "first_import_id) VALUES (1, '2026-03-01', "
				       "'', 0, x'01', 1, 1)"),
			 SQLITE_CONSTRAINT_DATATYPE);
	assert_int_equal(query_int(db, "SELECT count(*) FROM imports"), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM training"), 0);
	store_close(st);
}

static void test_checks_refuse_out_of_range_values(void **state)
{
	static const char *const bad[] = {
		"INSERT INTO athletes(name, name_key, created_at) "
		"VALUES ('', 'e', 'x')",
		"INSERT INTO imports(file, kind, imported_at) "
		"VALUES ('f', 'sleep', 'x')",
		"INSERT INTO imports(file, kind, imported_at, rejected) "
		"VALUES ('f', 'diet', 'x', -1)",
		"INSERT INTO training(athlete_id, date, start_time, seq, "
		"duration_min, cramp, import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, 1441, 0, 1, 1)",
		"INSERT INTO training(athlete_id, date, start_time, seq, "
		"duration_min, rpe, cramp, import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, 60, 11, 0, 1, 1)",
		"INSERT INTO training(athlete_id, date, start_time, seq, "
		"duration_min, cramp, import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, 60, 2, 1, 1)",
		"INSERT INTO training(athlete_id, date, start_time, seq, "
		"duration_min, cramp, cramp_side, import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, 60, 1, 'up', 1, 1)",
		"INSERT INTO training(athlete_id, date, start_time, seq, "
		"duration_min, cramp, import_id, first_import_id) "
		"VALUES (1, '2026-3-1', '', 0, 60, 0, 1, 1)",
		"INSERT INTO training(athlete_id, date, start_time, seq, "
		"duration_min, cramp, import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '9:00', 0, 60, 0, 1, 1)",
		"INSERT INTO training(athlete_id, date, start_time, seq, "
		"duration_min, temp_c, cramp, import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, 60, 61, 0, 1, 1)",
		"INSERT INTO hydration(athlete_id, date, time, seq, urine_color, "
		"import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, 9, 1, 1)",
		"INSERT INTO hydration(athlete_id, date, time, seq, usg, "
		"import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, 1.2, 1, 1)",
		"INSERT INTO hydration(athlete_id, date, time, seq, body_mass_kg, "
		"import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, 19.9, 1, 1)",
		"INSERT INTO diet(athlete_id, date, time, seq, carbs_g, "
		"import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', 0, -1, 1, 1)",
		"INSERT INTO diet(athlete_id, date, time, seq, energy_kcal, "
		"import_id, first_import_id) "
		"VALUES (1, '2026-03-01', '', -1, 2000, 1, 1)",
	};
	struct fixture *f = *state;
	store *st = open_new(f);
	sqlite3 *db = store_sqlite(st);

	assert_int_equal(exec_code(db, "INSERT INTO athletes(id, name, name_key, "
				       "created_at) VALUES (1, 'Ana', 'ana', 'x')"),
			 SQLITE_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = exec_code(db, bad[i]);

		if (rc != SQLITE_CONSTRAINT_CHECK)
			fail_msg("%s: got %d (%s), not a CHECK failure", bad[i],
				 rc, sqlite3_errmsg(db));
	}
	/* The edges of the ranges are in. */
	assert_int_equal(exec_code(db, "INSERT INTO training(athlete_id, date, "
				       "start_time, seq, duration_min, rpe, temp_c, "
				       "cramp, cramp_side, import_id, "
				       "first_import_id) VALUES (1, '2026-03-01', "
				       "'09:00:00', 0, 1440, 10, -40, 1, 'both', "
				       "1, 1)"), SQLITE_OK);
	assert_int_equal(exec_code(db, "INSERT INTO hydration(athlete_id, date, "
				       "time, seq, urine_color, usg, import_id, "
				       "first_import_id) VALUES (1, '2026-03-01', "
				       "'', 0, 8, 1.05, 1, 1)"), SQLITE_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM athletes"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM imports"), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM training"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM hydration"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM diet"), 0);
	store_close(st);
}

static void test_foreign_keys_refuse_an_unknown_athlete(void **state)
{
	struct fixture *f = *state;
	store *st = open_new(f);
	sqlite3 *db = store_sqlite(st);

	assert_int_equal(exec_code(db, "INSERT INTO hydration(athlete_id, date, "
				       "time, seq, import_id, first_import_id) "
				       "VALUES (999, '2026-03-01', '', 0, 1, 1)"),
			 SQLITE_CONSTRAINT_FOREIGNKEY);
	assert_int_equal(exec_code(db, "INSERT INTO athletes(id, name, name_key, "
				       "created_at) VALUES (7, 'Ana', 'ana', 'x')"),
			 SQLITE_OK);
	assert_int_equal(exec_code(db, "INSERT INTO hydration(athlete_id, date, "
				       "time, seq, import_id, first_import_id) "
				       "VALUES (7, '2026-03-01', '', 0, 1, 1)"),
			 SQLITE_OK);
	/* An athlete with rows cannot go. */
	assert_int_equal(exec_code(db, "DELETE FROM athletes WHERE id = 7"),
			 SQLITE_CONSTRAINT_FOREIGNKEY);
	assert_int_equal(query_int(db, "SELECT count(*) FROM athletes"), 1);
	store_close(st);
}

/* Through the API: an out-of-range row is refused with a message, nothing
 * is written, and a good row is added, then unchanged, then updated. */
static void test_put_refuses_an_out_of_range_row(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	struct training_row r;
	enum store_outcome o;
	store *st = open_new(f);
	int64_t imp, ana;

	assert_int_equal(store_begin(st, &d), 0);
	assert_int_equal(store_import_start(st, "t.csv", KIND_TRAINING, &imp,
					    &d), 0);
	assert_int_equal(store_athlete(st, "Ana", 3, &ana, &d), 0);
	model_training_init(&r);
	r.athlete = "Ana";
	strcpy(r.date, "2026-03-01");
	strcpy(r.start_time, "09:00:00");
	r.duration_min = 60;
	r.rpe = 11;
	assert_int_equal(d.errors, 0);
	assert_int_equal(store_put_training(st, imp, ana, &r, 0, &o, &d), -1);
	assert_one_error(&d, f->db, "cannot write a row", "CHECK constraint");
	diag_clear(&d);

	r.rpe = 7;
	assert_int_equal(store_put_training(st, imp, ana, &r, 0, &o, &d), 0);
	assert_int_equal(o, STORE_ADDED);
	assert_int_equal(store_put_training(st, imp, ana, &r, 0, &o, &d), 0);
	assert_int_equal(o, STORE_UNCHANGED);
	r.rpe = NAN;       /* unknown is a change too */
	assert_int_equal(store_put_training(st, imp, ana, &r, 0, &o, &d), 0);
	assert_int_equal(o, STORE_UPDATED);
	assert_int_equal(store_commit(st, &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(query_int(store_sqlite(st), "SELECT count(*) FROM "
				   "training WHERE rpe IS NULL"), 1);
	diag_release(&d);
	store_close(st);
}

static void test_find_athlete_ignores_case_and_outer_space(void **state)
{
	static const char *const same[] = {
		"Ana Lopez", "ana lopez", "ANA LOPEZ", "  Ana Lopez", "Ana Lopez  ",
		"\tana lopez\t", "Ana   Lopez", "Ana \t Lopez", "aNa LoPeZ",
	};
	static const char *const other[] = {
		"Ana", "AnaLopez", "Ana Lopes", "Ana Lopez Jr", "", "   ",
	};
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	struct store_status status;
	store *st = open_new(f);
	int64_t ana, eloi, id;

	/* Nothing there yet: found nothing, and that is not an error. */
	id = -5;
	assert_int_equal(store_find_athlete(st, "Ana Lopez", 9, &id, &d), 0);
	assert_int_equal(id, 0);

	assert_int_equal(store_athlete(st, "Ana Lopez", 9, &ana, &d), 0);
	assert_int_equal(store_athlete(st, "\xc3\x89loi", 5, &eloi, &d), 0);
	assert_true(ana > 0 && eloi > 0 && ana != eloi);
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		id = -5;
		assert_int_equal(store_find_athlete(st, same[i], strlen(same[i]),
						    &id, &d), 0);
		if (id != ana)
			fail_msg("\"%s\" found %lld, not %lld", same[i],
				 (long long)id, (long long)ana);
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		id = -5;
		assert_int_equal(store_find_athlete(st, other[i],
						    strlen(other[i]), &id, &d), 0);
		if (id != 0)
			fail_msg("\"%s\" found %lld", other[i], (long long)id);
	}
	/* Beyond ASCII: "ÉLOI" and "éloi" are "Éloi". */
	assert_int_equal(store_find_athlete(st, "\xc3\x89LOI", 5, &id, &d), 0);
	assert_int_equal(id, eloi);
	assert_int_equal(store_find_athlete(st, "\xc3\xa9loi", 5, &id, &d), 0);
	assert_int_equal(id, eloi);
	/* Only len bytes count. */
	assert_int_equal(store_find_athlete(st, "ana lopez, again", 9, &id,
					    &d), 0);
	assert_int_equal(id, ana);

	/* store_athlete matches the same way and adds nothing new. */
	assert_int_equal(store_athlete(st, " ANA  LOPEZ ", 12, &id, &d), 0);
	assert_int_equal(id, ana);
	assert_int_equal(store_get_status(st, &status, &d), 0);
	assert_int_equal(status.athletes, 2);
	assert_int_equal(d.errors, 0);
	diag_release(&d);
	store_close(st);
}

/* A PostgreSQL URI is told from a file's name by its scheme only. */
static void test_is_server_knows_postgresql_uris_only(void **state)
{
	(void)state;
	assert_int_equal(store_is_server("postgresql://coach@db/club"), 1);
	assert_int_equal(store_is_server("postgres:///club?host=/run"), 1);
	assert_int_equal(store_is_server("postgresql:///c"), 1);
	assert_int_equal(store_is_server("postgresql.db"), 0);
	assert_int_equal(store_is_server("postgresql:club"), 0);
	assert_int_equal(store_is_server("./postgresql://x"), 0);
	assert_int_equal(store_is_server("POSTGRESQL://db/club"), 0);
	assert_int_equal(store_is_server(""), 0);
}

/* The named queries read every athlete's rows or one's, in key order,
 * with NULL told from a value; a second reader sees the same rows. */
/* Ben, then Ana (ids in that order): Ana a session on first (RPE rpe)
 * and one on second, Ben one on second; committed. */
static void put_ana_and_ben(store *st, const char *first, double rpe,
			    const char *second, int64_t *ana, int64_t *ben)
{
	struct diag d = DIAG_INIT;
	struct training_row r;
	enum store_outcome o;
	int64_t imp;

	assert_int_equal(store_begin(st, &d), 0);
	assert_int_equal(store_import_start(st, "t.csv", KIND_TRAINING, &imp,
					    &d), 0);
	assert_int_equal(store_athlete(st, "Ben", 3, ben, &d), 0);
	assert_int_equal(store_athlete(st, "Ana", 3, ana, &d), 0);
	model_training_init(&r);
	strcpy(r.start_time, "09:00:00");
	r.duration_min = 60;
	r.athlete = "Ana";
	strcpy(r.date, first);
	r.rpe = rpe;
	assert_int_equal(store_put_training(st, imp, *ana, &r, 0, &o, &d), 0);
	strcpy(r.date, second);
	r.rpe = NAN;
	assert_int_equal(store_put_training(st, imp, *ana, &r, 0, &o, &d), 0);
	r.athlete = "Ben";
	assert_int_equal(store_put_training(st, imp, *ben, &r, 0, &o, &d), 0);
	assert_int_equal(store_commit(st, &d), 0);
	assert_int_equal(d.errors, 0);
	diag_release(&d);
}

static void test_rows_read_every_athlete_or_one(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	struct store_rows *q;
	store *st = open_new(f), *reader;
	int64_t ana, ben;

	put_ana_and_ben(st, "2026-03-02", 7, "2026-03-01", &ana, &ben);

	assert_int_equal(store_rows_open(st, STORE_Q_SESSIONS, 0, &q, &d), 0);
	assert_int_equal(store_rows_next(q, &d), 1);
	assert_int_equal(store_rows_int(q, 0), ben);
	assert_int_equal(store_rows_next(q, &d), 1);
	assert_int_equal(store_rows_int(q, 0), ana);
	assert_string_equal(store_rows_text(q, 1), "2026-03-01");
	assert_true(isnan(store_rows_real(q, 4)));
	assert_int_equal(store_rows_next(q, &d), 1);
	assert_string_equal(store_rows_text(q, 1), "2026-03-02");
	assert_true(store_rows_real(q, 4) == 7.0);
	assert_int_equal(store_rows_next(q, &d), 0);
	store_rows_close(q);

	assert_non_null(reader = store_open_reader(st));
	assert_int_equal(store_rows_open(reader, STORE_Q_SESSIONS, ben, &q, &d), 0);
	assert_int_equal(store_rows_next(q, &d), 1);
	assert_int_equal(store_rows_int(q, 0), ben);
	assert_int_equal(store_rows_next(q, &d), 0);
	store_rows_close(q);
	store_close(reader);

	assert_int_equal(store_rows_open(st, STORE_Q_ATHLETE, ana, &q, &d), 0);
	assert_int_equal(store_rows_next(q, &d), 1);
	assert_string_equal(store_rows_text(q, 0), "Ana");
	store_rows_close(q);
	assert_int_equal(d.errors, 0);
	diag_release(&d);
	store_close(st);
}

/* store_rows_since's statements are prepared once and used again (the
 * kept exposures run them for each athlete): one opened while the same is
 * still open reads its own rows, and each reads with its own parameters
 * after the last one closed. */
static void test_rows_since_reused_and_open_twice(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	struct store_rows *q, *q2;
	store *st = open_new(f);
	int64_t ana, ben;

	put_ana_and_ben(st, "2026-03-02", NAN, "2026-03-01", &ana, &ben);

	for (int round = 0; round < 2; round++) {
		assert_int_equal(store_rows_since(st, STORE_Q_SESSIONS, ana,
						  "2026-03-02", &q, &d), 0);
		assert_int_equal(store_rows_since(st, STORE_Q_SESSIONS, ben,
						  "2026-03-01", &q2, &d), 0);
		assert_int_equal(store_rows_next(q2, &d), 1);
		assert_int_equal(store_rows_int(q2, 0), ben);
		assert_string_equal(store_rows_text(q2, 1), "2026-03-01");
		assert_int_equal(store_rows_next(q2, &d), 0);
		store_rows_close(q2);
		assert_int_equal(store_rows_next(q, &d), 1);
		assert_int_equal(store_rows_int(q, 0), ana);
		assert_string_equal(store_rows_text(q, 1), "2026-03-02");
		assert_int_equal(store_rows_next(q, &d), 0);
		store_rows_close(q);
	}
	assert_int_equal(store_rows_since(st, STORE_Q_SESSIONS, ana,
					  "2026-03-01", &q, &d), 0);
	assert_int_equal(store_rows_next(q, &d), 1);
	assert_string_equal(store_rows_text(q, 1), "2026-03-01");
	assert_int_equal(store_rows_next(q, &d), 1);
	assert_string_equal(store_rows_text(q, 1), "2026-03-02");
	assert_int_equal(store_rows_next(q, &d), 0);
	store_rows_close(q);
	assert_int_equal(d.errors, 0);
	diag_release(&d);
	store_close(st);
}

/* The sessions st sees, read from start to end. */
static int count_sessions(store *st)
{
	struct diag d = DIAG_INIT;
	struct store_rows *q;
	int n = 0, rc;

	assert_int_equal(store_rows_open(st, STORE_Q_SESSIONS, 0, &q, &d), 0);
	while ((rc = store_rows_next(q, &d)) == 1)
		n++;
	assert_int_equal(rc, 0);
	store_rows_close(q);
	diag_release(&d);
	return n;
}

/*
 * A reader thread's connection (store_open_reader) sees what its store
 * sees, whatever lands meanwhile (issue 16: the diet reader of a command
 * that recomputes the exposures could see an import its store did not).
 * The store at path (SQLite or PostgreSQL) is made here.
 */
static void reader_shares_the_snapshot(const char *path, int sqlite)
{
	struct diag d = DIAG_INIT;
	struct store_rows *q;
	store *w, *st, *r;
	int64_t ana, ben, imp;
	int n;

	assert_int_equal(store_open(&w, path, STORE_CREATE, &d), 0);
	put_ana_and_ben(w, "2026-03-02", 7, "2026-03-01", &ana, &ben);

	/* The reader starts reading; an import lands; the store reads. */
	assert_int_equal(store_open(&st, path, STORE_READONLY, &d), 0);
	assert_non_null(r = store_open_reader(st));
	assert_int_equal(store_rows_open(r, STORE_Q_SESSIONS, 0, &q, &d), 0);
	assert_int_equal(store_rows_next(q, &d), 1);
	put_ana_and_ben(w, "2026-03-04", 6, "2026-03-03", &ana, &ben);
	assert_int_equal(count_sessions(st), 3);
	for (n = 1; store_rows_next(q, &d) == 1; n++)
		;
	assert_int_equal(n, 3);
	store_rows_close(q);
	store_close(r);
	/* The reader closed, a SQLite store reads what is there now (its
	 * read transaction ended); PostgreSQL's reader keeps its one. */
	assert_int_equal(count_sessions(st), sqlite ? 6 : 3);
	store_close(st);

	/* An import lands between the store's start and the reader's: no
	 * reader, or one that sees what the store sees. */
	assert_int_equal(store_open(&st, path, STORE_READONLY, &d), 0);
	assert_int_equal(store_copy_snapshot(st, 1, &d), 0);
	assert_int_equal(count_sessions(st), 6);
	put_ana_and_ben(w, "2026-03-06", 5, "2026-03-05", &ana, &ben);
	if ((r = store_open_reader(st)))
		assert_int_equal(count_sessions(r), 6);
	else
		assert_true(sqlite);
	assert_int_equal(count_sessions(st), 6);
	store_close(r);
	assert_int_equal(store_copy_snapshot(st, 0, &d), 0);
	store_close(st);

	/* A writer's reader would not see what it writes: none. */
	assert_int_equal(store_begin(w, &d), 0);
	assert_int_equal(store_import_start(w, "t.csv", KIND_TRAINING, &imp,
					    &d), 0);
	assert_null(store_open_reader(w));
	store_rollback(w);
	assert_int_equal(d.errors, 0);
	diag_release(&d);
	store_close(w);
}

static void test_reader_shares_the_snapshot(void **state)
{
	struct fixture *f = *state;

	reader_shares_the_snapshot(f->db, 1);
}

/* The same on PostgreSQL: CRAMPLOG_TEST_PG_URI names an empty database
 * (tests/core/with_pg.bash starts a cluster and sets it). */
static void test_reader_shares_the_snapshot_on_postgresql(void **state)
{
	const char *uri = getenv("CRAMPLOG_TEST_PG_URI");

	(void)state;
	if (!uri || !*uri)
		skip();
	reader_shares_the_snapshot(uri, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_creates_a_file_private_to_its_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_sets_schema_version_foreign_keys_and_wal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopening_keeps_the_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_of_a_missing_file_without_create_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_in_a_missing_directory_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_under_a_file_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_in_a_read_only_directory_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses_what_is_not_a_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses_a_newer_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_leaves_another_applications_database_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_marks_new_and_empty_databases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_a_writer_upgrades_an_old_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_first_opens_share_one_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strict_tables_refuse_values_of_the_wrong_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checks_refuse_out_of_range_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_keys_refuse_an_unknown_athlete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_refuses_an_out_of_range_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_athlete_ignores_case_and_outer_space, setup, teardown),
		cmocka_unit_test(test_is_server_knows_postgresql_uris_only),
		cmocka_unit_test_setup_teardown(test_rows_read_every_athlete_or_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_since_reused_and_open_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_shares_the_snapshot, setup, teardown),
		cmocka_unit_test(test_reader_shares_the_snapshot_on_postgresql),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
