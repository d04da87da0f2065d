/*
 * The store: cramplog's SQLite database. It owns the schema and its
 * migrations, the athletes, the imports and the three kinds of log rows,
 * written by natural key so that importing the same file twice changes
 * nothing. Importers write through it; the analyzer and reports read it.
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
#define STORE_SCHEMA_VERSION 5

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
	STORE_ERR_EMPTY = -4     /* read-only, and nothing in it yet */
};

enum store_open_flags {
	STORE_CREATE = 1,    /* create the file (mode 0600) when missing */
	STORE_READONLY = 2,  /* read only; the file must exist */
	STORE_SCRATCH = 4    /* when missing, a database in memory instead
			      * (a dry run: nothing written anywhere) */
};

/* Opens the database at path; with STORE_CREATE makes it when missing.
 * The directory must exist.
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

/* The SQLite handle, for core's read-only analysis modules; the store
 * keeps owning it. */
struct sqlite3 *store_sqlite(store *st);
/* Another read-only connection to the store's database, opened as the
 * store opened its own (for a reader thread: without locks when the store
 * reads without them), or NULL (a database in memory, or an error). The
 * caller closes it with sqlite3_close. */
struct sqlite3 *store_open_reader(store *st);

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
};

/* Calls fn for every athlete, by name. */
int store_each_athlete(store *st,
		       int (*fn)(const struct store_athlete_info *, void *),
		       void *arg, struct diag *d);

#endif
