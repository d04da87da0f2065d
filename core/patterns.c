/*
 * Pattern counts (see patterns.h): each session's athlete, flags and
 * cramp packed into one integer key, the keys sorted by a radix sort, and
 * the runs of equal keys counted.
 */
#include "patterns.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The flags' codes: base 3, flag[0] the most significant digit, each
 * digit flag + 1 so that -1 < 0 < 1. */
#define PATTERN_CODES 6561u   /* 3^PATTERN_FLAGS */

static uint64_t pattern_code(const signed char *flag, signed char hist)
{
	uint64_t code = 0;

	for (int f = 0; f < FACTOR_ALL; f++)
		code = code * 3 + (uint64_t)(flag[f] + 1);
	return code * 3 + (uint64_t)(hist + 1);
}

static void pattern_decode(uint64_t code, struct pattern *p)
{
	for (int f = PATTERN_FLAGS; f-- > 0; code /= 3)
		p->flag[f] = (signed char)((int)(code % 3) - 1);
}

/* Sorts n keys below max + 1 by 11-bit digits, least significant first;
 * tmp holds n keys. */
static void radix_sort(uint64_t *a, uint64_t *tmp, size_t n, uint64_t max)
{
	uint64_t *from = a, *to = tmp;

	for (unsigned shift = 0; shift < 64 && (max >> shift); shift += 11) {
		size_t count[2048] = { 0 }, at = 0;

		for (size_t i = 0; i < n; i++)
			count[(from[i] >> shift) & 2047]++;
		for (size_t d = 0; d < 2048; d++) {
			size_t c = count[d];

			count[d] = at;
			at += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[(from[i] >> shift) & 2047]++] = from[i];
		from = to;
		to = from == a ? tmp : a;
	}
	if (from != a)
		memcpy(a, from, n * sizeof(*a));
}

/* Counts rows that come by athlete through cells: no sort, no memory by
 * session (a million sessions of `report`). */
static void count_in_order(const struct flags_table *t, const signed char *hist,
			   int32_t to_day, struct pattern_table *out)
{
	struct pattern_cells *cells = pattern_cells_new(out);

	for (size_t i = 0; i < t->count; i++) {
		const struct session_flags *e = &t->rows[i];

		if (e->day <= to_day)
			pattern_cells_add(cells, e->athlete, e->flag,
					  hist ? hist[i] : FLAG_UNKNOWN, e->cramp);
	}
	pattern_cells_end(cells);
}

void pattern_count_flags(const struct flags_table *t,
			 const signed char *hist, int32_t to_day,
			 struct pattern_table *out)
{
	uint64_t *key, *tmp, max = 0;
	size_t n = 0, in_order = 1;

	memset(out, 0, sizeof(*out));
	out->names_count = t->names_count;
	for (size_t i = 1; i < t->count && in_order; i++)
		in_order = t->rows[i].athlete >= t->rows[i - 1].athlete;
	if (in_order) {
		count_in_order(t, hist, to_day, out);
		return;
	}
	key = xmalloc((t->count ? t->count : 1) * sizeof(*key));
	tmp = xmalloc((t->count ? t->count : 1) * sizeof(*tmp));
	/* athlete, code, cramp: the cramp bit last. */
	for (size_t i = 0; i < t->count; i++) {
		const struct session_flags *e = &t->rows[i];

		if (e->day > to_day)
			continue;
		key[n] = (((uint64_t)e->athlete * PATTERN_CODES +
			   pattern_code(e->flag, hist ? hist[i] : FLAG_UNKNOWN)) << 1) |
			 (e->cramp != 0);
		if (key[n] > max)
			max = key[n];
		n++;
	}
	radix_sort(key, tmp, n, max);
	free(tmp);
	out->rows = xmalloc((n ? n : 1) * sizeof(*out->rows));
	for (size_t i = 0; i < n;) {
		struct pattern *p = &out->rows[out->count++];
		uint64_t k = key[i] >> 1;

		memset(p, 0, sizeof(*p));
		p->athlete = (size_t)(k / PATTERN_CODES);
		pattern_decode(k % PATTERN_CODES, p);
		for (; i < n && key[i] >> 1 == k; i++) {
			p->sessions++;
			p->cramps += key[i] & 1;
		}
	}
	free(key);
	if (out->count)
		out->rows = xreallocarray(out->rows, out->count, sizeof(*out->rows));
}

void pattern_count_until(const struct exposure_table *t,
			 const signed char *hist, int32_t to_day,
			 struct pattern_table *out)
{
	struct flags_table f;

	flags_of_table(t, &f);
	pattern_count_flags(&f, hist, to_day, out);
	flags_table_release(&f);
}

void pattern_count(const struct exposure_table *t, const signed char *hist,
		   struct pattern_table *out)
{
	pattern_count_until(t, hist, INT32_MAX, out);
}

struct pattern_cells {
	uint64_t sessions[PATTERN_CODES], cramps[PATTERN_CODES];
	struct pattern_table *out;
	size_t alloc;                     /* of the table's rows */
	size_t athlete;                   /* counted now; SIZE_MAX: none */
};

struct pattern_cells *pattern_cells_new(struct pattern_table *out)
{
	struct pattern_cells *c = xcalloc(1, sizeof(*c));

	c->out = out;
	c->alloc = out->count;
	c->athlete = SIZE_MAX;
	return c;
}

/* Appends the current athlete's patterns to the table and empties the
 * cells. */
static void flush(struct pattern_cells *c)
{
	struct pattern_table *out = c->out;

	for (uint64_t code = 0; code < PATTERN_CODES; code++) {
		struct pattern *p;

		if (!c->sessions[code])
			continue;
		if (out->count == c->alloc) {
			c->alloc = c->alloc ? 2 * c->alloc : 64;
			out->rows = xreallocarray(out->rows, c->alloc,
						  sizeof(*out->rows));
		}
		p = &out->rows[out->count++];
		p->athlete = c->athlete;
		pattern_decode(code, p);
		p->sessions = c->sessions[code];
		p->cramps = c->cramps[code];
		c->sessions[code] = c->cramps[code] = 0;
	}
}

void pattern_cells_add(struct pattern_cells *c, size_t athlete,
		       const signed char *flag, signed char hist, int cramp)
{
	uint64_t code = pattern_code(flag, hist);

	if (athlete != c->athlete) {
		flush(c);
		c->athlete = athlete;
	}
	c->sessions[code]++;
	c->cramps[code] += cramp != 0;
}

void pattern_cells_end(struct pattern_cells *c)
{
	flush(c);
	free(c);
}

void pattern_table_release(struct pattern_table *p)
{
	free(p->rows);
	memset(p, 0, sizeof(*p));
}
