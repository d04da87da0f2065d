/*
 * The key counter on disk (see key_spill.h): one table of (key, last seq)
 * in an anonymous SQLite database, with a small page cache of its own.
 */
#include "key_spill.h"
#include "xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

struct key_spill {
	sqlite3 *db;
	sqlite3_stmt *next;
};

/* Its own page cache, in KiB: the counter is read at random. */
#define SPILL_CACHE_KIB 8192

static int fail(struct key_spill *s, char *err, size_t errlen)
{
	/* SQLite's own allocations fail as SQLite errors, not as ours. */
	snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
	return -1;
}

/* Copies one key of the map: its last seq is one less than its rows. */
static int copy_key(sqlite3_stmt *ins, uint64_t key, uint64_t rows)
{
	int rc;

	sqlite3_bind_int64(ins, 1, (sqlite3_int64)key);
	sqlite3_bind_int64(ins, 2, (sqlite3_int64)rows - 1);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	return rc == SQLITE_DONE ? 0 : -1;
}

int spill_db_open(sqlite3 **db, int cache_kib, const char *schema)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = OFF; PRAGMA "
		 "synchronous = OFF; PRAGMA cache_size = -%d;", cache_kib);
	/* "": a private database in a temporary file, gone when closed. */
	return sqlite3_open_v2("", db, SQLITE_OPEN_READWRITE |
			       SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			       NULL) == SQLITE_OK &&
	       sqlite3_exec(*db, sql, NULL, NULL, NULL) == SQLITE_OK &&
	       sqlite3_exec(*db, schema, NULL, NULL, NULL) == SQLITE_OK &&
	       sqlite3_exec(*db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

struct key_spill *key_spill_new(const struct u64map *map, char *err,
				size_t errlen)
{
	struct key_spill *s = xcalloc(1, sizeof(*s));
	sqlite3_stmt *ins = NULL;
	int ok;

	ok = spill_db_open(&s->db, SPILL_CACHE_KIB, "CREATE TABLE k(key "
			   "INTEGER PRIMARY KEY, n INTEGER NOT NULL)") == 0 &&
	     sqlite3_prepare_v3(s->db, "INSERT INTO k(key, n) VALUES (?1, 0) "
				"ON CONFLICT(key) DO UPDATE SET n = n + 1 "
				"RETURNING n", -1, SQLITE_PREPARE_PERSISTENT,
				&s->next, NULL) == SQLITE_OK &&
	     sqlite3_prepare_v2(s->db, "INSERT INTO k(key, n) VALUES (?1, ?2)",
				-1, &ins, NULL) == SQLITE_OK;
	if (ok && map->has_zero)
		ok = copy_key(ins, 0, map->zero_value) == 0;
	for (size_t i = 0; ok && i < map->cap; i++)
		if (map->slots[i].key)
			ok = copy_key(ins, map->slots[i].key,
				      map->slots[i].value) == 0;
	if (!ok) {
		fail(s, err, errlen);
		sqlite3_finalize(ins);
		key_spill_free(s);
		return NULL;
	}
	sqlite3_finalize(ins);
	return s;
}

int key_spill_next(struct key_spill *s, uint64_t key, unsigned *seq,
		   char *err, size_t errlen)
{
	int rc;

	sqlite3_bind_int64(s->next, 1, (sqlite3_int64)key);
	rc = sqlite3_step(s->next);
	if (rc == SQLITE_ROW)
		*seq = (unsigned)sqlite3_column_int64(s->next, 0);
	sqlite3_reset(s->next);
	if (rc != SQLITE_ROW)
		return fail(s, err, errlen);
	return 0;
}

void key_spill_free(struct key_spill *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->next);
	sqlite3_close(s->db);
	free(s);
}
