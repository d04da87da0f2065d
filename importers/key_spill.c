/*
 * The per-file key counter (see key_spill.h): a hash map of the keys in
 * memory, then one table of (key, last seq) in an anonymous SQLite
 * database, with a small page cache of its own.
 */
#include "key_spill.h"
#include "xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void key_counter_init(struct key_counter *k, int forget, uint64_t memory,
		      uint64_t spill_after)
{
	memset(k, 0, sizeof(*k));
	u64map_init(&k->seen);
	k->forget = forget;
	k->memory = memory ? memory : KEY_COUNTER_MEMORY;
	k->spill_after = spill_after ? spill_after : KEY_COUNTER_SPILL_AFTER;
}

void key_counter_release(struct key_counter *k)
{
	u64map_release(&k->seen);
	key_spill_free(k->spill);
	k->spill = NULL;
}

/* Drops the keys of days before the latest, once there are many. */
static int keep_recent(uint64_t key, uint64_t value, void *arg)
{
	int32_t horizon = *(int32_t *)arg;

	(void)value;
	return (int32_t)((key >> 17) & 0x1ffff) >= horizon;
}

/* The keys in memory go to disk, and every key after them. */
static int to_disk(struct key_counter *k, char *err, size_t errlen)
{
	if (!(k->spill = key_spill_new(&k->seen, err, errlen)))
		return -1;
	u64map_release(&k->seen);
	u64map_init(&k->seen);
	return 0;
}

int key_counter_next(struct key_counter *k, uint64_t athlete, int32_t day,
		     unsigned slot, unsigned *seq, char *err, size_t errlen)
{
	uint64_t key, *count;

	if (k->have_horizon && day < k->horizon)
		return KEY_COUNTER_BEHIND;
	if (day > k->max_day)
		k->max_day = day;
	key = (athlete << 34) | ((uint64_t)day << 17) | slot;
	if (k->spill)
		return key_spill_next(k->spill, key, seq, err, errlen);
	count = u64map_slot(&k->seen, key);
	*seq = (unsigned)(*count)++;
	if (!k->forget)
		/* Every key is kept, and past spill_after: to disk. */
		return k->seen.count > k->spill_after ? to_disk(k, err, errlen) : 0;
	if (k->seen.count <= k->memory)
		return 0;
	k->horizon = k->max_day;
	k->have_horizon = 1;
	u64map_filter(&k->seen, keep_recent, &k->horizon);
	/* A day with more keys than the memory: make room, so that filtering
	 * stays rare, once or so (to 32,768 keys); past that, the keys go to
	 * disk as a file out of date order's do, and memory stays bounded
	 * whatever one day holds. */
	if (k->seen.count * 2 > k->memory && k->memory * 8 <= k->spill_after)
		k->memory *= 2;
	else if (k->seen.count * 2 > k->memory)
		return to_disk(k, err, errlen);
	return 0;
}
