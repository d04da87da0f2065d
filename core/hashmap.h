/*
 * Two small open-addressing hash maps: u64map (64-bit key to 64-bit value)
 * and strmap (byte-string key, owned by the map, to 64-bit value). Used for
 * the store's athlete cache and the importers' per-file key counters.
 */
#ifndef CRAMPLOG_HASHMAP_H
#define CRAMPLOG_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map_entry {
	uint64_t key;      /* 0 marks an empty slot */
	uint64_t value;
};

struct u64map {
	struct u64map_entry *slots;
	size_t count;      /* keys held, key 0 included */
	size_t cap;        /* a power of two, or 0 */
	int has_zero;      /* key 0 lives outside the table */
	uint64_t zero_value;
};

void u64map_init(struct u64map *m);
void u64map_release(struct u64map *m);
/* A pointer to the value of key, inserted as 0 when absent (never NULL:
 * running out of memory is fatal, xalloc.h). The pointer is valid until
 * the next insertion. */
uint64_t *u64map_slot(struct u64map *m, uint64_t key);
/* Removes every entry for which keep(key, value, arg) returns 0. */
void u64map_filter(struct u64map *m,
		  int (*keep)(uint64_t key, uint64_t value, void *arg), void *arg);

struct strmap_entry {
	char *key;     /* NUL-terminated copy; NULL for an empty slot */
	size_t len;
	uint64_t hash;
	int64_t value;
};

struct strmap {
	struct strmap_entry *slots;
	size_t count;
	size_t cap;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
void strmap_clear(struct strmap *m);
/* 1 and *value when key is there, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t len,
	       int64_t *value);
/* Sets key to value. */
void strmap_put(struct strmap *m, const char *key, size_t len, int64_t value);

uint64_t hash_bytes(const void *data, size_t len);

#endif
