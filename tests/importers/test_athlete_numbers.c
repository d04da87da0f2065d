/*
 * Tests of a file's athlete numbers: the same numbers whether the names
 * are held in memory or on disk, names matched whatever their case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "athlete_numbers.h"

#include <stdio.h>
#include <string.h>

/* Names in the order a file gives them: case variants of earlier names
 * come back long after, when the first ones are on disk. */
static const char *const names[] = {
	"Ana", "Ben", "ANA", "Zoë Müller", "Cy", "ZOË MÜLLER", "ben", "Dee",
	"Eve", "  ana", "Fay", "cy", "Ana",
};
/* Their numbers: by first appearance, matched as the store matches
 * names (case folded, spaces around them dropped). */
static const int64_t numbers[] = { 0, 1, 0, 2, 3, 2, 1, 4, 5, 0, 6, 3, 0 };

static void check_numbers(size_t memory, int on_disk)
{
	struct athlete_numbers a;
	char err[128];

	athlete_numbers_init(&a, memory);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int64_t n = -1;

		assert_int_equal(athlete_numbers_get(&a, names[i], strlen(names[i]),
						     &n, err, sizeof(err)), 0);
		assert_int_equal(n, numbers[i]);
		assert_true(a.written.count <= a.memory);
		assert_true(a.folded.count <= a.memory);
	}
	assert_int_equal(a.count, 7);
	assert_int_equal(a.spill != NULL, on_disk);
	athlete_numbers_release(&a);
}

static void test_numbers_in_memory(void **state)
{
	(void)state;
	check_numbers(0, 0);
}

/* Past two names the folded names go to disk, and the cache of names as
 * written is emptied whenever it holds two: the same numbers. */
static void test_numbers_on_disk_are_the_same(void **state)
{
	(void)state;
	check_numbers(2, 1);
	check_numbers(1, 1);
}

/* A million names would have kept a million in memory: past the bound
 * none is added there. */
static void test_memory_is_bounded_by_the_bound(void **state)
{
	struct athlete_numbers a;
	char name[32], err[128];
	int64_t n;

	(void)state;
	athlete_numbers_init(&a, 64);
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "Athlete %d", i);
		assert_int_equal(athlete_numbers_get(&a, name, strlen(name), &n,
						     err, sizeof(err)), 0);
		assert_int_equal(n, i);
	}
	assert_true(a.written.cap <= 256 && a.folded.cap <= 256);
	assert_int_equal(athlete_numbers_get(&a, "athlete 17", 10, &n, err,
					     sizeof(err)), 0);
	assert_int_equal(n, 17);
	athlete_numbers_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_in_memory),
		cmocka_unit_test(test_numbers_on_disk_are_the_same),
		cmocka_unit_test(test_memory_is_bounded_by_the_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
