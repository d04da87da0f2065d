/*
 * Tests of the per-file key counter without forgetting (a file out of
 * date order): every row's seq, the rows counted before it under its key,
 * is the same whether the keys are held in the in-memory set (grown part
 * by part, a key's 63rd row and on counted beside it) or on disk, before,
 * after or across the move to disk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "key_spill.h"

#include <stdlib.h>

#define KEYS 20000
#define ROWS 50000

/* Row i's key, out of order: KEYS keys at random, key 0 (athlete 0, day
 * 0, no time) and one busy key among them again and again, so that they
 * pass 62 rows. */
static void row_key(unsigned i, uint64_t *athlete, int32_t *day,
		    unsigned *slot)
{
	uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15u;
	unsigned k = (unsigned)((x >> 33) % KEYS);

	if (i % 50 == 0)
		k = 0;
	else if (i % 70 == 1)
		k = 7;
	*athlete = k % 600;
	*day = (int32_t)(k / 600);
	*slot = k % 3 ? 0 : 1 + k % 86400;
}

/* The seqs of every row, with the keys on disk past spill_after. */
static unsigned *seqs(uint64_t spill_after)
{
	struct key_counter k;
	unsigned *out = calloc(ROWS, sizeof(*out));
	char err[128];

	assert_non_null(out);
	key_counter_init(&k, 0, 0, spill_after);
	for (unsigned i = 0; i < ROWS; i++) {
		uint64_t athlete;
		int32_t day;
		unsigned slot;

		row_key(i, &athlete, &day, &slot);
		assert_int_equal(key_counter_next(&k, athlete, day, slot,
						  &out[i], err, sizeof(err)),
				 0);
	}
	assert_int_equal(k.spill != NULL, spill_after && spill_after < KEYS);
	if (!spill_after)   /* the parts grew past their first 256 words */
		assert_true(k.all.part[0].cap > 256 && k.all.part[63].cap > 256);
	key_counter_release(&k);
	return out;
}

/* In memory, each row's seq counts the rows of its key before it. */
static void test_every_key_in_memory(void **state)
{
	unsigned *got = seqs(0);
	unsigned *count = calloc(KEYS, sizeof(*count));

	(void)state;
	assert_non_null(count);
	for (unsigned i = 0; i < ROWS; i++) {
		uint64_t athlete;
		int32_t day;
		unsigned slot;

		row_key(i, &athlete, &day, &slot);
		assert_int_equal(got[i], count[(unsigned)day * 600 + athlete]++);
	}
	assert_true(count[0] > 900 && count[7] > 600);
	free(count);
	free(got);
}

/* On disk from the second key, or from the middle of the file (busy keys
 * past 62 rows by then): the same seqs. */
static void test_keys_on_disk_are_the_same(void **state)
{
	unsigned *mem = seqs(0);
	const uint64_t bounds[] = { 1, 10000 };

	(void)state;
	for (size_t b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++) {
		unsigned *disk = seqs(bounds[b]);

		for (unsigned i = 0; i < ROWS; i++)
			assert_int_equal(disk[i], mem[i]);
		free(disk);
	}
	free(mem);
}

/* A key too long for the set (an athlete numbered 2^24) goes to disk,
 * with the keys before it. */
static void test_a_long_key_goes_to_disk(void **state)
{
	struct key_counter k;
	unsigned seq;
	char err[128];

	(void)state;
	key_counter_init(&k, 0, 0, 0);
	assert_int_equal(key_counter_next(&k, 3, 9, 0, &seq, err, sizeof(err)),
			 0);
	assert_int_equal(key_counter_next(&k, 1u << 24, 9, 0, &seq, err,
					  sizeof(err)), 0);
	assert_int_equal(seq, 0);
	assert_non_null(k.spill);
	assert_int_equal(key_counter_next(&k, 3, 9, 0, &seq, err, sizeof(err)),
			 0);
	assert_int_equal(seq, 1);
	assert_int_equal(key_counter_next(&k, 1u << 24, 9, 0, &seq, err,
					  sizeof(err)), 0);
	assert_int_equal(seq, 1);
	key_counter_release(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key_in_memory),
		cmocka_unit_test(test_keys_on_disk_are_the_same),
		cmocka_unit_test(test_a_long_key_goes_to_disk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
