/*
 * Open-addressing hash maps with linear probing (see hashmap.h). Tables
 * grow at a load of 1/2 so that probes stay short.
 */
#include "hashmap.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

uint64_t hash_bytes(const void *data, size_t len)
{
	/* FNV-1a, then a final avalanche (splitmix64's) for the low bits. */
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	h ^= h >> 31;
	return h;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 31;
	return x;
}

void u64map_init(struct u64map *m)
{
	memset(m, 0, sizeof(*m));
}

void u64map_release(struct u64map *m)
{
	free(m->slots);
	u64map_init(m);
}

/* Puts key (not 0, not there yet) into a table of cap slots. */
static struct u64map_entry *place(struct u64map_entry *slots, size_t cap,
				  uint64_t key)
{
	size_t j = mix64(key) & (cap - 1);

	while (slots[j].key)
		j = (j + 1) & (cap - 1);
	slots[j].key = key;
	return &slots[j];
}

static void rehash(struct u64map *m, size_t cap,
		  int (*keep)(uint64_t, uint64_t, void *), void *arg)
{
	struct u64map_entry *slots = xcalloc(cap, sizeof(*slots));
	size_t count = m->has_zero;

	for (size_t i = 0; i < m->cap; i++) {
		struct u64map_entry *e = &m->slots[i];

		if (!e->key || (keep && !keep(e->key, e->value, arg)))
			continue;
		place(slots, cap, e->key)->value = e->value;
		count++;
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
	m->count = count;
}

uint64_t *u64map_slot(struct u64map *m, uint64_t key)
{
	struct u64map_entry *e;
	size_t j;

	if (key == 0) {
		if (!m->has_zero) {
			m->has_zero = 1;
			m->zero_value = 0;
			m->count++;
		}
		return &m->zero_value;
	}
	if ((m->count + 1) * 2 > m->cap)
		rehash(m, m->cap ? m->cap * 2 : 64, NULL, NULL);
	j = mix64(key) & (m->cap - 1);
	while (m->slots[j].key) {
		if (m->slots[j].key == key)
			return &m->slots[j].value;
		j = (j + 1) & (m->cap - 1);
	}
	e = &m->slots[j];
	e->key = key;
	e->value = 0;
	m->count++;
	return &e->value;
}

void u64map_filter(struct u64map *m,
		  int (*keep)(uint64_t key, uint64_t value, void *arg), void *arg)
{
	size_t kept = 0, cap = 64;

	if (m->has_zero && !keep(0, m->zero_value, arg)) {
		m->has_zero = 0;
		m->count--;
	}
	for (size_t i = 0; i < m->cap; i++)
		kept += m->slots[i].key && keep(m->slots[i].key,
						m->slots[i].value, arg);
	while (kept * 2 >= cap)
		cap *= 2;
	rehash(m, cap, keep, arg);
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_clear(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slots[i].key);
		m->slots[i].key = NULL;
	}
	m->count = 0;
}

void strmap_release(struct strmap *m)
{
	strmap_clear(m);
	free(m->slots);
	strmap_init(m);
}

static struct strmap_entry *strmap_find(const struct strmap *m,
					 const char *key, size_t len,
					 uint64_t h)
{
	size_t j = h & (m->cap - 1);

	while (m->slots[j].key) {
		struct strmap_entry *e = &m->slots[j];

		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			return e;
		j = (j + 1) & (m->cap - 1);
	}
	return &m->slots[j];
}

int strmap_get(const struct strmap *m, const char *key, size_t len,
	       int64_t *value)
{
	struct strmap_entry *e;

	if (!m->cap)
		return 0;
	e = strmap_find(m, key, len, hash_bytes(key, len));
	if (!e->key)
		return 0;
	*value = e->value;
	return 1;
}

void strmap_put(struct strmap *m, const char *key, size_t len, int64_t value)
{
	uint64_t h = hash_bytes(key, len);
	struct strmap_entry *e;

	if ((m->count + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct strmap_entry *slots = xcalloc(cap, sizeof(*slots));

		for (size_t i = 0; i < m->cap; i++) {
			struct strmap_entry *o = &m->slots[i];
			size_t j;

			if (!o->key)
				continue;
			j = o->hash & (cap - 1);
			while (slots[j].key)
				j = (j + 1) & (cap - 1);
			slots[j] = *o;
		}
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	e = strmap_find(m, key, len, h);
	if (!e->key) {
		e->key = xmemdupz(key, len);
		e->len = len;
		e->hash = h;
		m->count++;
	}
	e->value = value;
}
