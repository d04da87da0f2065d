/*
 * A file's athlete numbers (see athlete_numbers.h): two hash maps, then a
 * table (folded name, number) in an anonymous SQLite database with a small
 * page cache of its own.
 */
#include "athlete_numbers.h"
#include "key_spill.h"
#include "text.h"
#include "xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

struct name_spill {
	sqlite3 *db;
	sqlite3_stmt *get, *add;
};

/* Its own page cache, in KiB: the names are looked up at random. */
#define NAME_SPILL_CACHE_KIB 4096

static int fail(struct name_spill *s, char *err, size_t errlen)
{
	/* SQLite's own allocations fail as SQLite errors, not as ours. */
	snprintf(err, errlen, "%s", sqlite3_errmsg(s->db));
	return -1;
}

static void spill_free(struct name_spill *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->get);
	sqlite3_finalize(s->add);
	sqlite3_close(s->db);
	free(s);
}

static int spill_add(struct name_spill *s, const char *name, size_t len,
		     int64_t number)
{
	int rc;

	sqlite3_bind_blob(s->add, 1, name, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(s->add, 2, number);
	rc = sqlite3_step(s->add);
	sqlite3_reset(s->add);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The names of map on disk, or NULL with the reason in err. */
static struct name_spill *spill_new(const struct strmap *map, char *err,
				    size_t errlen)
{
	struct name_spill *s = xcalloc(1, sizeof(*s));
	int ok;

	ok = spill_db_open(&s->db, NAME_SPILL_CACHE_KIB, "CREATE TABLE n(name "
			   "BLOB PRIMARY KEY, number INTEGER NOT NULL) "
			   "WITHOUT ROWID") == 0 &&
	     sqlite3_prepare_v3(s->db, "SELECT number FROM n WHERE name = ?1",
				-1, SQLITE_PREPARE_PERSISTENT, &s->get,
				NULL) == SQLITE_OK &&
	     sqlite3_prepare_v3(s->db, "INSERT INTO n(name, number) VALUES "
				"(?1, ?2)", -1, SQLITE_PREPARE_PERSISTENT,
				&s->add, NULL) == SQLITE_OK;
	for (size_t i = 0; ok && i < map->cap; i++)
		if (map->slots[i].key)
			ok = spill_add(s, map->slots[i].key, map->slots[i].len,
				       map->slots[i].value) == 0;
	if (!ok) {
		fail(s, err, errlen);
		spill_free(s);
		return NULL;
	}
	return s;
}

/* The number of a folded name on disk; a new one (a->count) if absent. */
static int spill_number(struct athlete_numbers *a, const char *name,
			size_t len, int64_t *number)
{
	struct name_spill *s = a->spill;
	int rc;

	sqlite3_bind_blob(s->get, 1, name, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(s->get);
	if (rc == SQLITE_ROW)
		*number = sqlite3_column_int64(s->get, 0);
	sqlite3_reset(s->get);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return -1;
	*number = (int64_t)a->count;
	if (spill_add(s, name, len, *number) < 0)
		return -1;
	a->count++;
	return 0;
}

void athlete_numbers_init(struct athlete_numbers *a, size_t memory)
{
	strmap_init(&a->written);
	strmap_init(&a->folded);
	strbuf_init(&a->fold);
	a->spill = NULL;
	a->count = 0;
	a->memory = memory ? memory : ATHLETE_NUMBERS_MEMORY;
}

void athlete_numbers_release(struct athlete_numbers *a)
{
	strmap_release(&a->written);
	strmap_release(&a->folded);
	strbuf_release(&a->fold);
	spill_free(a->spill);
	a->spill = NULL;
}

/* The number of a folded name: in memory, or on disk once there are
 * more names than memory holds. */
static int folded_number(struct athlete_numbers *a, int64_t *number,
			 char *err, size_t errlen)
{
	const char *key = a->fold.buf;
	size_t len = a->fold.len;

	if (a->spill)
		return spill_number(a, key, len, number) < 0 ?
		       fail(a->spill, err, errlen) : 0;
	if (strmap_get(&a->folded, key, len, number))
		return 0;
	*number = (int64_t)a->count;
	strmap_put(&a->folded, key, len, *number);
	a->count++;
	if (a->folded.count > a->memory) {
		if (!(a->spill = spill_new(&a->folded, err, errlen)))
			return -1;
		strmap_release(&a->folded);
	}
	return 0;
}

int athlete_numbers_get(struct athlete_numbers *a, const char *name,
			size_t len, int64_t *number, char *err, size_t errlen)
{
	if (strmap_get(&a->written, name, len, number))
		return 0;
	strbuf_reset(&a->fold);
	text_casefold(name, len, &a->fold);
	if (folded_number(a, number, err, errlen) < 0)
		return -1;
	/* Only a cache: emptied when full, it fills again with the names
	 * of the rows that follow. */
	if (a->written.count >= a->memory)
		strmap_clear(&a->written);
	strmap_put(&a->written, name, len, *number);
	return 0;
}
