/*
 * Copying a whole database between the store's backends (store.h,
 * store_copy; cramplog copy): an SQLite file to a PostgreSQL database and
 * back, or between two of a kind, the way a club moves from its file to a
 * server. Every table the source's schema holds is copied as stored (ids,
 * times and counts of the imports included), so that every command gives
 * the same output on both; the copy lands whole or not at all, and only
 * when each table's count of rows is the same on both sides.
 */
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* PostgreSQL's record of which roles may see which teams (store_pg.c):
 * roles are the server's, and a role of the same name on another server
 * may be someone else, so it is never copied: run cramplog grant there. */
#define ACCESS_TABLE "team_access"

/* PostgreSQL's record of which transaction added each athlete (schema 10:
 * a role may give a team to an athlete it added in the same transaction
 * only): of no use once that transaction is over, so never copied. */
#define ADDED_TABLE "athletes_added"

/* The athletes first: every table of athletes' rows refers to them. */
#define FIRST_TABLE "athletes"

/* 1 when name is one of the n NUL-separated names. */
static int has_name(const char *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++, names += strlen(names) + 1)
		if (strcmp(names, name) == 0)
			return 1;
	return 0;
}

/* The tables of from to copy, the athletes first, then in name order, in
 * out->tables (destination -1 for those to lacks); out->grants counts
 * the rows of from's access table. */
static int list_tables(store *from, store *to, struct store_copy_result *out,
		       struct diag *d)
{
	struct strbuf mine = STRBUF_INIT, theirs = STRBUF_INIT;
	size_t n, m, k = 0;
	int rc = -1;

	if (store_copy_names(from, NULL, &mine, &n, d) < 0 ||
	    store_copy_names(to, NULL, &theirs, &m, d) < 0)
		goto done;
	out->tables = xcalloc(n ? n : 1, sizeof(*out->tables));
	for (int pass = 0; pass < 2; pass++) {
		const char *name = mine.buf;

		for (size_t i = 0; i < n; i++, name += strlen(name) + 1) {
			if ((strcmp(name, FIRST_TABLE) == 0) != (pass == 0))
				continue;
			if (strcmp(name, ADDED_TABLE) == 0)
				continue;
			if (strcmp(name, ACCESS_TABLE) == 0) {
				if (store_copy_count(from, name, &out->grants,
						     d) < 0)
					goto done;
				continue;
			}
			out->tables[k].name = xstrdup(name);
			out->tables[k++].destination =
				has_name(theirs.buf, m, name) ? 0 : -1;
		}
	}
	out->ntables = k;
	rc = 0;
done:
	strbuf_release(&mine);
	strbuf_release(&theirs);
	return rc;
}

/* Refuses a destination that holds a row in a table to be copied. */
static int check_empty(store *to, const struct store_copy_result *r,
		       struct diag *d)
{
	struct strbuf held = STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < r->ntables; i++) {
		int64_t n;

		if (r->tables[i].destination < 0)
			continue;
		if (store_copy_count(to, r->tables[i].name, &n, d) < 0) {
			strbuf_release(&held);
			return STORE_COPY_FAILED;
		}
		if (n > 0)
			strbuf_addf(&held, "%s%s %lld", held.len ? ", " : "",
				    r->tables[i].name, (long long)n);
	}
	if (held.len) {
		diag_add(d, DIAG_ERROR, store_path(to), 0, 0, "the destination "
			 "already holds rows (%s): copy writes only into a "
			 "database without any (a new file, an empty "
			 "PostgreSQL database, or one whose schema alone was "
			 "made); nothing was written", held.buf);
		rc = STORE_COPY_NOT_EMPTY;
	}
	strbuf_release(&held);
	return rc;
}

/* Streams every row of table t from from into to: 0, or -1. */
static int copy_table(store *from, store *to, struct store_copy_table *t,
		      struct diag *d)
{
	struct strbuf columns = STRBUF_INIT;
	struct store_rows *rows = NULL;
	struct store_writer *w = NULL;
	size_t n;
	int rc = -1;

	if (store_copy_names(from, t->name, &columns, &n, d) < 0 ||
	    store_copy_read(from, t->name, columns.buf, n, &rows, d) < 0 ||
	    store_writer_open(to, t->name, columns.buf, n, &w, d) < 0)
		goto done;
	while ((rc = store_rows_next(rows, d)) == 1)
		if (store_writer_row(w, rows, d) < 0) {
			rc = -1;
			break;
		}
	if (store_writer_close(w, rc == 0, d) < 0)
		rc = -1;
	w = NULL;
done:
	store_writer_close(w, 0, d);
	store_rows_close(rows);
	strbuf_release(&columns);
	return rc;
}

/* Counts each copied table's rows on both sides: 0 when every count
 * matches, STORE_COPY_MISMATCH (said) when one does not, or -1. */
static int check_counts(store *from, store *to, struct store_copy_result *r,
			struct diag *d)
{
	int rc = 0;

	for (size_t i = 0; i < r->ntables; i++) {
		struct store_copy_table *t = &r->tables[i];

		if (store_copy_count(from, t->name, &t->source, d) < 0)
			return STORE_COPY_FAILED;
		if (t->destination < 0)
			continue;
		if (store_copy_count(to, t->name, &t->destination, d) < 0)
			return STORE_COPY_FAILED;
		if (t->source != t->destination) {
			diag_add(d, DIAG_ERROR, store_path(to), 0, 0, "%s: %lld "
				 "rows copied but %lld in the source: the copy "
				 "was rolled back, nothing written", t->name,
				 (long long)t->destination,
				 (long long)t->source);
			rc = STORE_COPY_MISMATCH;
		}
	}
	return rc;
}

int store_copy(store *from, store *to, struct store_copy_result *out,
	       struct diag *d)
{
	struct strbuf keys = STRBUF_INIT;
	int rc, snapshot = 0, begun = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = store_same_database(from, to, d)) != 0) {
		if (rc < 0)
			return STORE_COPY_FAILED;
		diag_add(d, DIAG_ERROR, store_path(to), 0, 0, "is the database "
			 "copied from (%s): nothing to copy", store_path(from));
		return STORE_COPY_SAME;
	}
	rc = STORE_COPY_FAILED;
	if (store_copy_snapshot(from, 1, d) < 0)
		return rc;
	snapshot = 1;
	if (list_tables(from, to, out, d) < 0 || store_begin(to, d) < 0)
		goto done;
	begun = 1;
	if ((rc = check_empty(to, out, d)) != 0)
		goto done;
	rc = STORE_COPY_FAILED;
	if (store_copy_keys(to, 0, &keys, d) < 0)
		goto done;
	for (size_t i = 0; i < out->ntables; i++)
		if (out->tables[i].destination >= 0 &&
		    copy_table(from, to, &out->tables[i], d) < 0)
			goto done;
	if (store_copy_keys(to, 1, &keys, d) < 0)
		goto done;
	if ((rc = check_counts(from, to, out, d)) != 0)
		goto done;
	begun = 0;
	if (store_commit(to, d) < 0)
		rc = STORE_COPY_FAILED;
done:
	if (begun)
		store_rollback(to);
	if (snapshot && store_copy_snapshot(from, 0, d) < 0 && rc == 0)
		rc = STORE_COPY_FAILED;
	strbuf_release(&keys);
	return rc;
}

void store_copy_result_release(struct store_copy_result *r)
{
	for (size_t i = 0; i < r->ntables; i++)
		free(r->tables[i].name);
	free(r->tables);
	memset(r, 0, sizeof(*r));
}
