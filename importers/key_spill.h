/*
 * The per-file key counter on disk: when a large file is out of date
 * order, every key (athlete, date, time) must be kept to number the rows
 * that share one, and past a few hundred thousand keys they go to a
 * private temporary SQLite database (deleted when closed) instead of
 * memory, so that an import's memory stays bounded whatever the file.
 */
#ifndef CRAMPLOG_KEY_SPILL_H
#define CRAMPLOG_KEY_SPILL_H

#include "hashmap.h"

#include <stddef.h>
#include <stdint.h>

struct key_spill;

/* A counter on disk holding the counts of map (a key's value: the rows
 * seen with it). NULL on failure, with the reason in err. */
struct key_spill *key_spill_new(const struct u64map *map, char *err,
				size_t errlen);

/* *seq: how many rows had key before; counts this one. 0, or -1 with
 * the reason in err. */
int key_spill_next(struct key_spill *s, uint64_t key, unsigned *seq,
		   char *err, size_t errlen);

void key_spill_free(struct key_spill *s);

struct sqlite3;

/* Opens a private database in a temporary file, gone when closed (for
 * counters like these: no journal, no sync, a page cache of cache_kib),
 * runs schema and begins a transaction. 0, or -1 with the reason in
 * sqlite3_errmsg(*db) (NULL *db: out of memory); the caller closes *db
 * either way. */
int spill_db_open(struct sqlite3 **db, int cache_kib, const char *schema);

#endif
