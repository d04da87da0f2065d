/*
 * The per-file key counter (see key_spill.h): a hash map of the keys of
 * the latest days, or a compact set of every key, in memory, then one
 * table of (key, last seq) in an anonymous SQLite database, with a small
 * page cache of its own.
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
	sqlite3_stmt *put;
};

/* Its own page cache, in KiB: the counter is read at random. */
#define SPILL_CACHE_KIB 8192

static int fail(struct key_spill *s, char *err, size_t errlen)
{
	/* SQLite's own allocations fail as SQLite errors, not as ours. */
	snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
	return -1;
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

struct key_spill *key_spill_new(char *err, size_t errlen)
{
	struct key_spill *s = xcalloc(1, sizeof(*s));
	int ok;

	ok = spill_db_open(&s->db, SPILL_CACHE_KIB, "CREATE TABLE k(key "
			   "INTEGER PRIMARY KEY, n INTEGER NOT NULL)") == 0 &&
	     sqlite3_prepare_v3(s->db, "INSERT INTO k(key, n) VALUES (?1, 0) "
				"ON CONFLICT(key) DO UPDATE SET n = n + 1 "
				"RETURNING n", -1, SQLITE_PREPARE_PERSISTENT,
				&s->next, NULL) == SQLITE_OK &&
	     sqlite3_prepare_v3(s->db, "INSERT INTO k(key, n) VALUES (?1, ?2)",
				-1, SQLITE_PREPARE_PERSISTENT, &s->put,
				NULL) == SQLITE_OK;
	if (!ok) {
		fail(s, err, errlen);
		key_spill_free(s);
		return NULL;
	}
	return s;
}

/* The key's last seq on disk is one less than its rows. */
int key_spill_put(struct key_spill *s, uint64_t key, uint64_t rows,
		  char *err, size_t errlen)
{
	int rc;

	sqlite3_bind_int64(s->put, 1, (sqlite3_int64)key);
	sqlite3_bind_int64(s->put, 2, (sqlite3_int64)rows - 1);
	rc = sqlite3_step(s->put);
	sqlite3_reset(s->put);
	return rc == SQLITE_DONE ? 0 : fail(s, err, errlen);
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
	sqlite3_finalize(s->put);
	sqlite3_close(s->db);
	free(s);
}

/* Keys up to 58 bits: a word keeps 6 for the rows seen. */
#define SET_KEY_BITS 58
#define SET_MANY 63
#define SET_FIRST_CAP 256

static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/* The slot of key in its part: where it is, or the empty one to take. */
static uint64_t *set_slot(struct key_part *t, uint64_t key, uint64_t h)
{
	uint32_t i = (uint32_t)(((h & 0xffffffffu) * t->cap) >> 32);

	while (t->words[i] && t->words[i] >> 6 != key)
		if (++i == t->cap)
			i = 0;
	return &t->words[i];
}

/* A part a quarter larger, at a load of 0.8. */
static void set_grow(struct key_part *t)
{
	struct key_part old = *t;

	t->cap = old.cap ? old.cap + old.cap / 4 : SET_FIRST_CAP;
	t->words = xcalloc(t->cap, sizeof(*t->words));
	for (uint32_t i = 0; i < old.cap; i++) {
		uint64_t w = old.words[i];

		if (w)
			*set_slot(t, w >> 6, mix(w >> 6)) = w;
	}
	free(old.words);
}

/* *seq: the rows seen with key before; counts this one. */
static void set_next(struct key_set *s, uint64_t key, unsigned *seq)
{
	uint64_t h = mix(key);
	struct key_part *t = &s->part[h >> 58];
	uint64_t *w, n;

	if ((uint64_t)t->count * 5 >= (uint64_t)t->cap * 4)
		set_grow(t);
	w = set_slot(t, key, h);
	if (!*w) {
		*w = key << 6 | 1;
		t->count++;
		s->count++;
		*seq = 0;
		return;
	}
	n = *w & SET_MANY;
	if (n < SET_MANY - 1) {
		*w = *w + 1;
		*seq = (unsigned)n;
		return;
	}
	/* The 63rd row of a key and on: counted in many. */
	if (n == SET_MANY - 1) {
		*w |= SET_MANY;
		*u64map_slot(&s->many, key) = n;
	}
	*seq = (unsigned)(*u64map_slot(&s->many, key))++;
}

static void set_release(struct key_set *s)
{
	for (int i = 0; i < KEY_SET_PARTS; i++)
		free(s->part[i].words);
	u64map_release(&s->many);
	memset(s, 0, sizeof(*s));
	u64map_init(&s->many);
}

void key_counter_init(struct key_counter *k, int forget, uint64_t memory,
		      uint64_t spill_after)
{
	memset(k, 0, sizeof(*k));
	u64map_init(&k->seen);
	u64map_init(&k->all.many);
	k->forget = forget;
	k->memory = memory ? memory : KEY_COUNTER_MEMORY;
	k->spill_after = spill_after ? spill_after : KEY_COUNTER_SPILL_AFTER;
}

void key_counter_release(struct key_counter *k)
{
	u64map_release(&k->seen);
	set_release(&k->all);
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
	const struct u64map *m = &k->seen;
	const struct key_set *all = &k->all;
	int rc = 0;

	if (!(k->spill = key_spill_new(err, errlen)))
		return -1;
	if (m->has_zero)
		rc = key_spill_put(k->spill, 0, m->zero_value, err, errlen);
	for (size_t i = 0; rc == 0 && i < m->cap; i++)
		if (m->slots[i].key)
			rc = key_spill_put(k->spill, m->slots[i].key,
					   m->slots[i].value, err, errlen);
	for (int p = 0; rc == 0 && p < KEY_SET_PARTS; p++)
		for (uint32_t i = 0; rc == 0 && i < all->part[p].cap; i++) {
			uint64_t w = all->part[p].words[i], n = w & SET_MANY;

			if (w && n == SET_MANY)
				n = *u64map_slot(&k->all.many, w >> 6);
			if (w)
				rc = key_spill_put(k->spill, w >> 6, n, err,
						   errlen);
		}
	u64map_release(&k->seen);
	u64map_init(&k->seen);
	set_release(&k->all);
	return rc;
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
	if (!k->forget) {
		/* Every key is kept, and past spill_after (or a key too long
		 * for the set): on disk. */
		if (key >> SET_KEY_BITS || k->all.count >= k->spill_after)
			return to_disk(k, err, errlen) < 0 ? -1 :
			       key_spill_next(k->spill, key, seq, err, errlen);
		set_next(&k->all, key, seq);
		return 0;
	}
	count = u64map_slot(&k->seen, key);
	*seq = (unsigned)(*count)++;
	if (k->seen.count <= k->memory)
		return 0;
	k->horizon = k->max_day;
	k->have_horizon = 1;
	u64map_filter(&k->seen, keep_recent, &k->horizon);
	/* A day with more keys than the memory: make room, so that filtering
	 * stays rare, once or so (to 32,768 keys); past that, the keys go to
	 * disk as a file out of date order's do, and memory stays bounded
	 * whatever one day holds. */
	if (k->seen.count * 2 > k->memory &&
	    k->memory * 2 <= KEY_COUNTER_MEMORY_MAX &&
	    k->memory * 8 <= k->spill_after)
		k->memory *= 2;
	else if (k->seen.count * 2 > k->memory)
		return to_disk(k, err, errlen);
	return 0;
}
