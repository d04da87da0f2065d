/*
 * The store's PostgreSQL side, for core/store.c only: store.c keeps the
 * interface (store.h) and what both backends share (the SQL both run, the
 * athletes' cache, the rows' values), and hands each call on a PostgreSQL
 * store to the functions below. Everything here speaks libpq; SQL comes
 * from store.c with SQLite's ?N parameters, which pg_* turn into $N, and
 * runs with the search path set to the schema "cramplog".
 */
#ifndef CRAMPLOG_STORE_PG_H
#define CRAMPLOG_STORE_PG_H

#include "diag.h"
#include "store.h"
#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* A bound parameter, as both backends take it. */
/* P_BLOB: len bytes at s (SQLite BLOB, PostgreSQL bytea). */
enum param_type { P_INT, P_REAL, P_TEXT, P_BLOB };

struct store_param {
	enum param_type type;
	int null;                 /* SQL NULL (of the type above) */
	int64_t i;
	double r;
	const char *s;            /* len bytes, not necessarily ended by NUL */
	size_t len;
};

struct pgstore;
struct pgrows;

/* Connects to the database of uri (store_is_server), as store_open
 * describes: checks, and with STORE_CREATE (not STORE_READONLY) makes, the
 * schema. Returns 0 with *out, 1 when the database holds no schema and
 * flags ask for a dry run (STORE_SCRATCH: the caller uses a database in
 * memory), or a store_error with d saying why. *version: the schema
 * version found (0 for none). */
int pg_open(struct pgstore **out, const char *uri, unsigned flags,
	    int *version, struct diag *d);
void pg_close(struct pgstore *pg);
/* A second connection, read-only, to the same database, reading in pg's
 * snapshot (pg must be a reader); NULL when it cannot be had. */
struct pgstore *pg_open_reader(struct pgstore *pg);
/* What the store shows for its address: the URI as given (it holds no
 * password: pg_open refuses those). */
const char *pg_uri(const struct pgstore *pg);

/* Transactions: pg_begin waits for any other writer's transaction to end
 * (writers take turns, as on SQLite). */
int pg_begin(struct pgstore *pg, struct diag *d);
int pg_commit(struct pgstore *pg, struct diag *d);
void pg_rollback(struct pgstore *pg);

/* Runs sql with the n parameters p: 0 and *out, whose rows pg_rows_next
 * steps through (all at once for a statement that returns none), or -1. */
int pg_rows_open(struct pgstore *pg, const char *sql,
		 const struct store_param *p, int n, struct pgrows **out,
		 struct diag *d);
int pg_rows_next(struct pgrows *r, struct diag *d);
/* The current row's column col as text, NULL for NULL. */
const char *pg_rows_value(const struct pgrows *r, int col);
/* The bytes of v, a bytea in its text form (\x and hex digits, the
 * server's default bytea_output), into out: 0, or -1 when v is not that. */
int pg_bytea_decode(const char *v, struct strbuf *out);
void pg_rows_close(struct pgrows *r);

/* Writes a row of log table table (0 training, 1 hydration, 2 diet) as
 * store.c's SQLite statements do: the INSERT insert_sql that does nothing
 * on a conflict, else the UPDATE update_sql that changes it only where a
 * value differs. *changed: 2 added, 1 updated, 0 unchanged. */
int pg_put(struct pgstore *pg, int table, const char *insert_sql,
	   const char *update_sql, const struct store_param *p, int n,
	   int *changed, struct diag *d);

/* The keys of an athlete's rows in a batch: from (first_date,
 * first_time) to (last_date, last_time). */
struct pg_key_span {
	int64_t athlete_id;
	const char *first_date, *first_time, *last_date, *last_time;
};

/* 1 when log_table (its time column time_column) holds no row in any of
 * the n spans (so none with the key of a row of theirs), 0 when it holds
 * some, -1 on an error. */
int pg_keys_free(struct pgstore *pg, const char *log_table,
		 const char *time_column, const struct pg_key_span *spans,
		 size_t n, struct diag *d);

/* store_athletes on PostgreSQL: the ids of the n athletes names[i]
 * (folded as keys[i]), matched in team team_key when not NULL, those the
 * database does not have added (created at now), in one statement. 0 and
 * ids[i], or -1 with d saying why (nothing added then: the caller rolls
 * back). */
int pg_athletes(struct pgstore *pg, const char *const *names,
		const char *const *keys, size_t n, const char *team_key,
		const char *now, int64_t *ids, struct diag *d);
/* put_teams on PostgreSQL: cramplog.set_team(ids[i], teams[i], keys[i])
 * for each i in turn, in one statement (a round trip each made a file of
 * many athletes' teams take seconds more). 0, or -1 with d saying why
 * (the first one refused: the caller rolls back). */
int pg_set_teams(struct pgstore *pg, const int64_t *ids,
		 const char *const *teams, const char *const *keys, size_t n,
		 struct diag *d);
/* Bulk writes of log table log_table: pg_copy_begin starts a COPY (text
 * format) of the columns columns (a comma-separated list of identifiers)
 * into a temporary table made from the log table (a column n, the row's
 * index, added), pg_copy_row sends a row (its n parameters, then the
 * index), and pg_copy_merge ends the COPY and runs merge_sql, which gives
 * (index, 1 when added else 0) for each row it wrote: changed[index] is
 * then 2 added, 1 updated, else 0 unchanged. With direct (when
 * pg_keys_free said none of the rows' keys is stored) the rows are copied
 * into the log table itself, all added, and merge_sql is not run; where
 * row-level security forbids COPY into it, the temporary table is used
 * all the same. pg_copy_merge returns 0, -1 on an error, or 1, having
 * written nothing, when two rows share a key (write them one by one
 * then). */
int pg_copy_begin(struct pgstore *pg, const char *log_table,
		  const char *columns, int direct, struct diag *d);
int pg_copy_row(struct pgstore *pg, const struct store_param *p, int n,
		size_t index, struct diag *d);
int pg_copy_merge(struct pgstore *pg, const char *merge_sql, int *changed,
		  size_t rows, struct diag *d);

void pg_interrupt(struct pgstore *pg);

/* store_grant on PostgreSQL, the team folded (key). */
int pg_grant(struct pgstore *pg, const char *role, const char *key,
	     enum store_access access, struct diag *d);

/*
 * ---- Copying a whole database (store.c's block for core/store_copy.c) ----
 */

/* The type of column col of r's rows: P_INT, P_REAL, else P_TEXT. */
enum param_type pg_rows_type(const struct pgrows *r, int col);
/* A COPY of the columns columns (quoted, comma-separated) into table as
 * it is (no temporary table, no merge): begun, each row's n values sent
 * (pg_copy_values; buffered, sent COPY_CHUNK bytes at a time), then ended
 * (ok 0: given up, the server dropping what it had). 0, or -1 with d
 * saying why (the transaction is then aborted). */
int pg_copy_table_begin(struct pgstore *pg, const char *table,
			const char *columns, struct diag *d);
int pg_copy_values(struct pgstore *pg, const struct store_param *p, int n,
		   struct diag *d);
int pg_copy_table_end(struct pgstore *pg, int ok, struct diag *d);
/* 1 when a and b are connections to one database of one server, 0 when
 * not, -1 on an error; a must be in a transaction (a reader's), which
 * keeps a lock until it ends. */
int pg_same_database(struct pgstore *a, struct pgstore *b, struct diag *d);
/* Drops the schema's foreign keys inside the current transaction, and
 * gives in restore the statements that add them back (pg_run), checking
 * every row in one pass instead of each as it comes. 0, or -1. */
int pg_drop_foreign_keys(struct pgstore *pg, struct strbuf *restore,
			 struct diag *d);
/* Runs sql (statements, no parameters; "" runs nothing): 0, or -1. */
int pg_run(struct pgstore *pg, const char *sql, struct diag *d);

#endif
