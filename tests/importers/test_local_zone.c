/*
 * Tests of local_zone_known: glibc takes an unknown TZ as UTC without a
 * word, so the importers must tell a zone the system knows from a typo.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "local_zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_unknown_names_are_refused(void **state)
{
	(void)state;
	assert_false(local_zone_known("Nowhere/Land", NULL));
	assert_false(local_zone_known(":Nowhere/Land", NULL));
	assert_false(local_zone_known("Foo", NULL));
	assert_false(local_zone_known("Europe/Olso", NULL));
	assert_false(local_zone_known("/etc/passwd", NULL));
	assert_false(local_zone_known("CET-1CEST,M13.5.0,M10.5.0", NULL));
	assert_false(local_zone_known("CET-1CEST,M3.5.0", NULL));
	assert_false(local_zone_known("AB1", NULL));
}

static void test_utc_and_posix_strings_are_known(void **state)
{
	(void)state;
	assert_true(local_zone_known(NULL, NULL));
	assert_true(local_zone_known("", NULL));
	assert_true(local_zone_known("UTC", "/nonexistent"));
	assert_true(local_zone_known("UTC0", "/nonexistent"));
	assert_true(local_zone_known("EST5EDT", "/nonexistent"));
	assert_true(local_zone_known("CET-1CEST,M3.5.0,M10.5.0/3", "/nonexistent"));
	assert_true(local_zone_known("<+0530>-5:30", "/nonexistent"));
	assert_true(local_zone_known("NZST-12NZDT-13,J60/2:00,300", "/nonexistent"));
}

/* Zone files are found where glibc looks: TZDIR, else the default. */
/* The smallest whole zone file (RFC 8536, version 1): no transition, one
 * local time type (UTC, offset 0), its designation "UTC". */
static const unsigned char utc_zone[54] = {
	'T', 'Z', 'i', 'f', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 1,
	0, 0, 0, 4,
	0, 0, 0, 0, 0, 0,  'U', 'T', 'C', 0
};

/* A file that only starts like a zone file, or is cut short, is no zone:
 * glibc would read it as UTC without a word. */
static void test_broken_zone_files_are_refused(void **state)
{
	char dir[] = "/tmp/cramplog-tz-XXXXXX", path[64];
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Bad", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("TZif2 and the rest", fp);
	assert_int_equal(fclose(fp), 0);
	assert_false(local_zone_known("Bad", dir));
	/* the whole file but its last byte */
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(utc_zone, 1, sizeof(utc_zone) - 1, fp),
			 sizeof(utc_zone) - 1);
	assert_int_equal(fclose(fp), 0);
	assert_false(local_zone_known("Bad", dir));
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(utc_zone, 1, sizeof(utc_zone), fp),
			 sizeof(utc_zone));
	assert_int_equal(fclose(fp), 0);
	assert_true(local_zone_known("Bad", dir));
	unlink(path);
	rmdir(dir);
	if (access("/usr/share/zoneinfo/Europe/Paris", R_OK) == 0) {
		unsigned char head[40];

		assert_true(local_zone_known("Europe/Paris", NULL));
		assert_non_null(fp = fopen("/usr/share/zoneinfo/Europe/Paris", "rb"));
		assert_int_equal(fread(head, 1, sizeof(head), fp), sizeof(head));
		fclose(fp);
		strcpy(dir, "/tmp/cramplog-tz-XXXXXX");
		assert_non_null(mkdtemp(dir));
		snprintf(path, sizeof(path), "%s/Cut", dir);
		assert_non_null(fp = fopen(path, "w"));
		assert_int_equal(fwrite(head, 1, sizeof(head), fp), sizeof(head));
		assert_int_equal(fclose(fp), 0);
		assert_false(local_zone_known("Cut", dir));
		unlink(path);
		rmdir(dir);
	}
}

static void test_zone_files_under_tzdir(void **state)
{
	char dir[] = "/tmp/cramplog-tz-XXXXXX", path[64], bad[64];
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Home", dir);
	snprintf(bad, sizeof(bad), "%s/Text", dir);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(utc_zone, 1, sizeof(utc_zone), fp),
			 sizeof(utc_zone));
	assert_int_equal(fclose(fp), 0);
	assert_non_null(fp = fopen(bad, "w"));
	fputs("not a zone", fp);
	assert_int_equal(fclose(fp), 0);
	assert_true(local_zone_known("Home", dir));
	assert_true(local_zone_known(":Home", dir));
	assert_true(local_zone_known(path, NULL));
	assert_false(local_zone_known("Text", dir));
	assert_false(local_zone_known("Home", NULL));
	unlink(path);
	unlink(bad);
	rmdir(dir);
	if (access("/usr/share/zoneinfo/Europe/Oslo", R_OK) == 0)
		assert_true(local_zone_known("Europe/Oslo", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown_names_are_refused),
		cmocka_unit_test(test_utc_and_posix_strings_are_known),
		cmocka_unit_test(test_zone_files_under_tzdir),
		cmocka_unit_test(test_broken_zone_files_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
