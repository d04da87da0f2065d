/*
 * The store: cramplog's database, an SQLite file or a PostgreSQL database
 * (docs/database.md). It owns the schema and its migrations, the athletes,
 * the imports and the three kinds of log rows, written by natural key so
 * that importing the same file twice changes nothing. Importers write
 * through it; the analyzer and reports read it, through the named queries
 * below. No code outside the store knows which of the two it has: all SQL,
 * and all that differs between them, is in core/store.c (SQLite, and what
 * both share) and core/store_pg.c (PostgreSQL).
 */
#ifndef CRAMPLOG_STORE_H
#define CRAMPLOG_STORE_H

#include "diag.h"
#include "model.h"

#include <stddef.h>
#include <stdint.h>

typedef struct store store;

/* How long a connection waits for a writer to finish (two imports started
 * at once; a reader beside an import). */
#define STORE_BUSY_TIMEOUT_MS 120000

/* The schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 10
/* The oldest SQLite schema a command that only reads takes as it is:
 * version 10 changed PostgreSQL's functions and policies only, so a file
 * of version 9 holds the same tables (the next write upgrades it). */
#define STORE_SQLITE_READS_FROM 9

/* What marks a database as cramplog's (PRAGMA application_id): "CRMP".
 * Databases of schemas 1 to 4 made before the mark are known by their
 * tables, and marked by the first command that writes them (schema 5 came
 * with the mark). */
#define STORE_APPLICATION_ID 0x43524d50u

/* Why store_open failed: its return value. */
enum store_error {
	STORE_ERR_IO = -1,       /* cannot make, open, read or write it */
	STORE_ERR_FOREIGN = -2,  /* not a cramplog database (another
				  * application's, or not SQLite): left
				  * untouched */
	STORE_ERR_VERSION = -3,  /* a schema this command cannot use: newer
				  * than this build, or older in a command
				  * that only reads */
	STORE_ERR_EMPTY = -4,    /* read-only, and nothing in it yet */
	STORE_ERR_USAGE = -5,    /* a database address refused as given (a
				  * password in a PostgreSQL URI, a URI libpq
				  * cannot read): nothing was tried */
	STORE_ERR_UNAVAILABLE = -6  /* the database server cannot be reached
				     * or refused the connection */
};

/* 1 when db names a PostgreSQL database (a postgresql:// or postgres://
 * URI) rather than an SQLite file, else 0. */
int store_is_server(const char *db);

enum store_open_flags {
	STORE_CREATE = 1,    /* create the file (mode 0600) when missing */
	STORE_READONLY = 2,  /* read only; the file must exist */
	STORE_SCRATCH = 4    /* when missing, a database in memory instead
			      * (a dry run: nothing written anywhere) */
};

/* Opens the database at path; with STORE_CREATE makes it when missing.
 * The directory must exist.
 *
 * A PostgreSQL URI (store_is_server) is handed to libpq whole, so that all
 * it supports works (~/.pgpass, PG* variables, TLS options in the query),
 * but a password in it is refused before connecting (STORE_ERR_USAGE: it
 * would show in ps and in shell history). The tables live in the schema
 * "cramplog", made by the first command that writes; a "cramplog" schema
 * of another shape is refused untouched (STORE_ERR_FOREIGN). Writers take
 * turns, as on SQLite: store_begin waits for the one before.
 *
 * A new database is built whole in a temporary file beside path and then
 * linked into place, so any number of processes may make it at once: each
 * opens the one that landed first. A file that is not a cramplog database
 * is never changed (STORE_ERR_FOREIGN). A writer migrates an older schema,
 * waiting for other writers as every write does; a reader (STORE_READONLY)
 * never writes, and refuses an older schema (STORE_ERR_VERSION).
 *
 * Returns 0, or a store_error with *out NULL and d saying why. The caller
 * closes the store with store_close. */
int store_open(store **out, const char *path, unsigned flags,
	       struct diag *d);
/* The units (*imperial 1, else 0) last given with --units for the exports
 * of app format by the athlete called athlete: 1, 0 when none were given
 * (or there is no such athlete), -1 on a database error. */
int store_app_units(store *st, const char *athlete, const char *format,
		    int *imperial, struct diag *d);
/* Remembers them (inside the current transaction): 0, or -1. */
int store_set_app_units(store *st, const char *athlete, const char *format,
			int imperial, struct diag *d);
/* The mean body mass (kg) of the athlete called athlete in the rows that
 * import import_id did not write (hydration readings and pre-session
 * masses): 1, 0 when there is none, -1 on a database error. */
int store_usual_body_mass(store *st, const char *athlete, int64_t import_id,
			  double *kg, struct diag *d);

/* The schema version the database had when it was opened, before any
 * migration (0 for a zero-length file). */
int store_found_version(const store *st);
void store_close(store *st);
const char *store_path(const store *st);

/* Transactions. store_begin takes the write lock at once (waiting up to the
 * busy timeout for another writer). A rollback also forgets what the store
 * cached of rows written since store_begin. */
int store_begin(store *st, struct diag *d);
int store_commit(store *st, struct diag *d);
void store_rollback(store *st);

/* What an import did; also what the imports table records. */
struct import_counts {
	uint64_t rows;
	uint64_t added;
	uint64_t updated;
	uint64_t unchanged;
	uint64_t rejected;
};

/* Records the start of an import of file inside the current transaction,
 * giving the id that rows written by it carry. */
int store_import_start(store *st, const char *file, enum log_kind kind,
		       int64_t *import_id, struct diag *d);
int store_import_finish(store *st, int64_t import_id,
			const struct import_counts *c, struct diag *d);

/* The id of the athlete called name (trimmed, valid UTF-8), matched
 * case-insensitively; a new athlete is added, named as first seen. */
int store_athlete(store *st, const char *name, size_t len, int64_t *id,
		  struct diag *d);

/* store_athlete for the n names[i] (NUL-terminated): ids[i]. On
 * PostgreSQL in one statement; on an error some may have been added (the
 * caller rolls back). */
int store_athletes(store *st, const char *const *names, size_t n,
		   int64_t *ids, struct diag *d);

enum store_outcome { STORE_ADDED, STORE_UPDATED, STORE_UNCHANGED };

/* Writes a row under its natural key (athlete, date, time, seq), where seq
 * tells apart rows of one file that share the rest of the key. */
int store_put_training(store *st, int64_t import_id, int64_t athlete_id,
		       const struct training_row *row, unsigned seq,
		       enum store_outcome *outcome, struct diag *d);
int store_put_hydration(store *st, int64_t import_id, int64_t athlete_id,
			const struct hydration_row *row, unsigned seq,
			enum store_outcome *outcome, struct diag *d);
int store_put_diet(store *st, int64_t import_id, int64_t athlete_id,
		   const struct diet_row *row, unsigned seq,
		   enum store_outcome *outcome, struct diag *d);

/* A row for store_put_rows: its athlete, the seq of its key, and the row
 * itself (a struct training_row, hydration_row or diet_row). */
struct store_row {
	int64_t athlete_id;
	unsigned seq;
	const void *row;
};

/* Writes n rows of kind, as store_put_training (or _hydration, _diet) on
 * each in turn would, and gives each one's outcome in outcomes[i]. On
 * PostgreSQL the rows are streamed with COPY into a temporary table and
 * merged into the log table in one statement. On an error nothing of
 * them is written (the caller rolls back its transaction). */
int store_put_rows(store *st, int64_t import_id, enum log_kind kind,
		   const struct store_row *rows, size_t n,
		   enum store_outcome *outcomes, struct diag *d);

/* What the database holds. Dates are "" when there is no row. */
struct store_status {
	int64_t athletes;
	int64_t training;
	int64_t hydration;
	int64_t diet;
	int64_t cramps;
	int64_t imports;
	model_date first_date;
	model_date last_date;
};

int store_get_status(store *st, struct store_status *out, struct diag *d);

struct store_import_info {
	int64_t id;
	const char *file;
	const char *kind;
	const char *imported_at;   /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	struct import_counts counts;
};

/* The id of the athlete called name (matched as store_athlete does), or
 * 0 when there is none; -1 on a database error. Adds nothing. */
int store_find_athlete(store *st, const char *name, size_t len, int64_t *id,
		       struct diag *d);

/* Makes every read of st (store_rows_open, store_get_status,
 * store_each_athlete, store_find_athlete) see only the athletes of team
 * (matched as athlete names are) and their rows; NULL: every athlete.
 * Imports are no athlete's: store_each_import lists them all. Returns 1
 * when the team has athletes, 0 when none, -1 on a database error. */
int store_set_team(store *st, const char *team, struct diag *d);

/* What store_grant gives a role. */
enum store_access { STORE_REVOKE, STORE_READ, STORE_WRITE };

/* PostgreSQL only: gives role (made, without login, when missing) the
 * athletes of team and their rows to read, or to read and write
 * (STORE_WRITE: import), or takes the team from it (STORE_REVOKE), in
 * one transaction; the role's table privileges follow what it is given
 * (none without a team; no INSERT or UPDATE without a team to write).
 * Row-level security (the schema's) does the rest. Returns 0, 1 when
 * there was nothing to revoke, -1 with d saying why (on SQLite too). */
int store_grant(store *st, const char *role, const char *team,
		enum store_access access, struct diag *d);

/* The SQLite handle, for the store's own unit tests only (NULL on
 * PostgreSQL); the store keeps owning it. */
struct sqlite3 *store_sqlite(store *st);
/* Another read-only connection to the store's database, opened as the
 * store opened its own (for a reader thread: without locks when the store
 * reads without them), that sees what st sees: the rows of one moment,
 * whatever imports land while both read. NULL when that cannot be had (a
 * database in memory, st writing, an import landed as they opened, an
 * error): read on st instead. On SQLite, st stays in a read transaction
 * until the reader is closed (store_close): close st's statements before
 * that. */
store *store_open_reader(store *st);

/*
 * The log rows, read in key order (athlete, date, time, source, seq) by
 * named queries, for every athlete or one. Columns (an unknown amount is
 * -1 where it says so: the store's CHECKs keep them all >= 0):
 *   STORE_Q_SESSIONS  training: 0 athlete, 1 date, 2 start time ("" when
 *     none), 3 duration, 4 RPE, 5 pre-session mass, 6 post-session mass,
 *     7 tightness, 8 cramp (0 or 1), 9 cramp muscle, 10 cramp side,
 *     11 cramp severity, 12 fluid, 13 the app's load, 14 source, 15 sweat
 *     sodium (NULL when unknown)
 *   STORE_Q_HYDRATION 0 athlete, 1 date, 2 time, 3 fluid, 4 sodium,
 *     5 potassium, 6 urine colour, 7 USG, 8 body mass (-1 when unknown)
 *   STORE_Q_DIET      0 athlete, 1 date, 2 fluid, 3 sodium, 4 potassium,
 *     5 carbohydrate (-1 when unknown), 6 1 when the entry holds 100 kcal
 *     or more (an unknown energy counts as less), else 0
 *   STORE_Q_ATHLETE   0 the name of the athlete athlete_id (no other)
 */
enum store_query {
	STORE_Q_SESSIONS,
	STORE_Q_HYDRATION,
	STORE_Q_DIET,
	STORE_Q_ATHLETE,
	STORE_Q_COUNT
};

struct store_rows;

/* Starts query q for the athlete athlete_id, or for every athlete when
 * athlete_id is 0: 0 and *out (closed with store_rows_close), or -1 with d
 * saying why. Any number of queries may be open at once on one store; on
 * a store of a command that only reads they all see the database as it
 * was when the first one started. Memory stays bounded whatever the rows'
 * count. */
int store_rows_open(store *st, enum store_query q, int64_t athlete_id,
		    struct store_rows **out, struct diag *d);
/* The next row: 1, 0 at the end, -1 on an error (d says which). */
int store_rows_next(struct store_rows *r, struct diag *d);
/* The current row's column col: as an integer; as a number (NULL gives
 * 0: for the columns the query makes -1 when unknown); as a number or NAN
 * for NULL; as text, or NULL, valid until the next row. */
int64_t store_rows_int(const struct store_rows *r, int col);
double store_rows_double(const struct store_rows *r, int col);
double store_rows_real(const struct store_rows *r, int col);
const char *store_rows_text(const struct store_rows *r, int col);
void store_rows_close(struct store_rows *r);
/* Makes a query running on st in another thread stop soon with an error
 * (for a reader thread whose results are no longer wanted). */
void store_interrupt(store *st);

/* The same queries (sessions, hydration, diet) for one athlete
 * (athlete_id > 0) and the dates from since ("YYYY-MM-DD") on, read
 * through the key's index: for recomputing the kept exposures of the
 * days an import touched (exposure.h). */
int store_rows_since(store *st, enum store_query q, int64_t athlete_id,
		     const char *since, struct store_rows **out,
		     struct diag *d);

/*
 * The kept exposures (docs/database.md, issue 17): tables kept_days and
 * kept_sessions hold what exposure.c computes from the log rows with the
 * default window, ACWR and sweat sodium, and every commit of rows brings
 * them up to date for the athlete-days it touched (core/exposure.c's
 * exposure_keep). The store records which athletes a transaction
 * changed, from which date, and calls exposure_keep for each before it
 * commits; athletes whose exposures are still to be made (after the
 * migration to schema 7) wait in kept_pending.
 */

/* The columns of the kept tables, in the order store_kept_put takes them
 * (after the athlete id and the date) and the reads give them (after
 * athlete id and date, columns 0 and 1). Text columns are marked in
 * store.c; numbers are NAN for NULL. */
enum store_kept { STORE_KEPT_DAYS, STORE_KEPT_SESSIONS };
#define STORE_KEPT_DAY_VALUES 14
#define STORE_KEPT_SESSION_VALUES 29

/* A value of a kept row: text (NULL for NULL) when the column is text,
 * else x (NAN for NULL). */
struct store_value {
	double x;
	const char *text;
};

/* 1 when every athlete's kept exposures are current (none pending), 0
 * when some are still to be made, -1 on an error. */
int store_kept_ready(store *st, struct diag *d);
/* From now on a commit leaves the kept exposures of the athletes it
 * changed waiting in kept_pending (readers use the log rows meanwhile)
 * until store_keep_now makes them: for a command that commits several
 * transactions in a row (an import of several files), which then makes
 * each athlete's once rather than at each commit. */
void store_keep_later(store *st);
/* Makes the kept exposures that wait, in a transaction of its own, and
 * lets each commit make its own again: 0, or -1. */
int store_keep_now(store *st, struct diag *d);
/* What the days before date leave in force for the athlete: the first
 * day with a session (*start ""), and the body mass and measured sweat
 * sodium of the latest kept day before date (NAN when none). 1 when the
 * athlete has kept days at all, 0 when none, -1 on an error. */
int store_kept_seed(store *st, int64_t athlete_id, const char *date,
		    model_date start, double *mass, double *sweat,
		    struct diag *d);
/* The athlete's last kept day: 1 and *last, 0 when none, -1. */
int store_kept_last(store *st, int64_t athlete_id, model_date last,
		    struct diag *d);
/* The dates of the athlete's kept sessions with a cramp, from from
 * up to before to, in order: column 0. */
int store_kept_cramps(store *st, int64_t athlete_id, const char *from,
		      const char *to, struct store_rows **out, struct diag *d);
/* Deletes the athlete's kept rows from date on (every one for ""). */
int store_kept_clear(store *st, int64_t athlete_id, const char *date,
		     struct diag *d);
/* Adds a kept row (written in batches: store_kept_flush, and every read
 * and commit, write what is left). */
int store_kept_put(store *st, enum store_kept table, int64_t athlete_id,
		   const char *date, const struct store_value *v,
		   struct diag *d);
int store_kept_flush(store *st, struct diag *d);
/* Reads a kept table for one athlete (athlete_id > 0) or all, the dates
 * from..to (inclusive), in key order; with the reads' team. Columns: 0
 * athlete, 1 date, then the values. */
int store_kept_rows(store *st, enum store_kept table, int64_t athlete_id,
		    const char *from, const char *to, struct store_rows **out,
		    struct diag *d);
/* The latest date on or before `to` with a training session (of the
 * reads' team, or of the one athlete athlete_id > 0) into out: 1, 0 when
 * there is none (out ""), -1 with d saying why. Through the training
 * table's date index: it does not read every session. */
int store_latest_session(store *st, int64_t athlete_id, const char *to,
			 model_date out, struct diag *d);
/* The athletes with kept days (of the reads' team, or the one athlete),
 * by id: 0 id, 1 name. */
int store_kept_athletes(store *st, int64_t athlete_id,
			struct store_rows **out, struct diag *d);
/* What the pattern counts need of the kept sessions of the dates from..to
 * (and one athlete, or all of the reads' team), by athlete in key order:
 * 0 athlete, 1 cramp, 2 history, 3 the values the flags are made of (read
 * them with store_kept_pattern_values), then with_date the date
 * (STORE_PATTERN_DATE). Narrow rows: exposure.c makes the flags and
 * counts the patterns as the rows come, which is faster than SQL's
 * GROUP BY (a sort of every session) and the same flags as
 * exposure_compute's, by the same code. */
enum store_pattern_value {
	PV_BODY_MASS_LOSS_PCT, PV_USG, PV_URINE_COLOR, PV_SODIUM_MG,
	PV_POTASSIUM_MG, PV_CARBS_G_PER_KG, PV_TIGHTNESS, PV_ACWR,
	PV_SODIUM_BALANCE_MG, PV_COUNT
};
#define STORE_PATTERN_DATE 4
int store_kept_pattern_rows(store *st, int64_t athlete_id, const char *from,
			    const char *to, int with_date,
			    struct store_rows **out, struct diag *d);
/* The values of the current row of store_kept_pattern_rows, in enum
 * store_pattern_value's order, into v (NAN: unknown): 0, or -1 with d
 * filled when the row's are not as cramplog writes them. */
int store_kept_pattern_values(const struct store_rows *r, double *v,
			      struct diag *d);

/* Calls fn for the latest `limit` imports, newest first. Strings are valid
 * during the call only. A non-zero return from fn stops and is returned. */
int store_each_import(store *st, int limit,
		      int (*fn)(const struct store_import_info *, void *),
		      void *arg, struct diag *d);

struct store_athlete_info {
	int64_t id;
	const char *name;
	int64_t training;
	int64_t hydration;
	int64_t diet;
	int64_t cramps;
	model_date first_date;     /* "" when the athlete has no rows */
	model_date last_date;
	const char *team;          /* NULL when in no team */
};

/* Calls fn for every athlete, by name. */
int store_each_athlete(store *st,
		       int (*fn)(const struct store_athlete_info *, void *),
		       void *arg, struct diag *d);

/*
 * ---- Copying a whole database (cramplog copy; core/store_copy.c) ----
 */

/* One table's rows: in the source, and in the destination after the copy
 * (-1: the destination has no such table, and it was not copied). */
struct store_copy_table {
	char *name;
	int64_t source;
	int64_t destination;
};

struct store_copy_result {
	struct store_copy_table *tables;   /* in the order they were copied */
	size_t ntables;
	int64_t grants;            /* PostgreSQL's team_access rows in the
				    * source, not copied (see store_copy) */
};

/* What store_copy did, when not 0. */
enum store_copy_error {
	STORE_COPY_FAILED = -1,    /* a database error (d says which):
				    * nothing written */
	STORE_COPY_SAME = -2,      /* from and to are one database */
	STORE_COPY_NOT_EMPTY = -3, /* to holds rows: nothing written */
	STORE_COPY_MISMATCH = -4   /* a table's counts differ after the
				    * copy: rolled back, nothing written */
};

/*
 * Copies every row of every table of from (opened STORE_READONLY: it is
 * never written) into to (opened to write, of the same schema version),
 * which must hold no row yet: in one transaction of to's, all or nothing.
 * from is read in one snapshot, a table at a time, its rows streamed (a
 * cursor's batches on PostgreSQL, SQLite's steps), and written as they
 * come (PostgreSQL: COPY; SQLite: one prepared INSERT), so memory stays
 * bounded whatever their count. Then each table's rows are counted in
 * both, and the copy is committed only when every count matches. Tables
 * in from that to lacks are listed, not copied; PostgreSQL's record of
 * who may see what (team_access) is of the server, not the logs, and is
 * never copied (out->grants counts its rows). Returns 0 with *out filled
 * (released with store_copy_result_release, whatever the return), or a
 * store_copy_error with d saying why.
 */
int store_copy(store *from, store *to, struct store_copy_result *out,
	       struct diag *d);
void store_copy_result_release(struct store_copy_result *r);

/* The store's own parts store_copy uses (core/store.c's last block). */
struct strbuf;
/* The tables of st's schema (table NULL), or the columns of table, in
 * order, as n names each ended by a NUL in names. 0, or -1. */
int store_copy_names(store *st, const char *table, struct strbuf *names,
		     size_t *n, struct diag *d);
/* The rows of table: 0 and *n, or -1. */
int store_copy_count(store *st, const char *table, int64_t *n,
		     struct diag *d);
/* Every row of table, the n columns of columns (as store_copy_names
 * gives them), as stored but for the imports' makers (imported_by, a
 * server's roles), read as NULL: 0 and *out (store_rows_next,
 * store_rows_close), or -1. */
int store_copy_read(store *st, const char *table, const char *columns,
		    size_t n, struct store_rows **out, struct diag *d);
/* On SQLite, begins (on 1) or ends (on 0) a read transaction, so that
 * every read between sees one snapshot; nothing on PostgreSQL, whose
 * reader is in one from its start. 0, or -1. */
int store_copy_snapshot(store *st, int on, struct diag *d);
/* Writes rows into table of st (inside st's transaction): the current
 * row of a store_copy_read of the same columns at each store_writer_row.
 * store_writer_close ends it (ok 0: given up after an error) and frees
 * it: 0, or -1. */
struct store_writer;
int store_writer_open(store *st, const char *table, const char *columns,
		      size_t n, struct store_writer **out, struct diag *d);
int store_writer_row(struct store_writer *w, const struct store_rows *from,
		     struct diag *d);
int store_writer_close(struct store_writer *w, int ok, struct diag *d);
/* Inside st's transaction, on PostgreSQL: drops the schema's foreign keys
 * (restore 0), keeping in saved what adds them back (restore 1: every
 * row checked in one pass, an error when one refers to nothing), so that
 * a bulk write does not look each row's key up as it comes. Nothing on
 * SQLite. 0, or -1. */
int store_copy_keys(store *st, int restore, struct strbuf *saved,
		    struct diag *d);
/* 1 when a and b are one database (the same file; the same database of
 * the same PostgreSQL server, a a reader), 0 when not, -1 on an error. */
int store_same_database(store *a, store *b, struct diag *d);

#endif
