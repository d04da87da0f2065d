/*
 * Tests of reports/outfile.c: which file a path leads to, link by link,
 * and files replaced whole, never written through what was there.
 */
#define _XOPEN_SOURCE 700       /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "outfile.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
	char dir[64];    /* a new directory, resolved */
	char path[256];  /* scratch */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char *real;

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/cramplog-outfile-XXXXXX");
	if (!mkdtemp(f->dir) || !(real = realpath(f->dir, NULL)))
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s", real);
	free(real);
	*state = f;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type,
		      struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc = nftw(f->dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);

	free(f);
	return rc;
}

/* f->path = dir/name */
static const char *at(struct fixture *f, const char *name)
{
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	return f->path;
}

/* Resolves path; asserts it gives dir/want. */
static void assert_resolves(struct fixture *f, const char *path,
			    const char *want)
{
	struct diag d = DIAG_INIT;
	char *got = outfile_resolve(path, &d), expected[256];

	snprintf(expected, sizeof(expected), "%s%s%s", f->dir, *want ? "/" : "",
		 want);
	assert_non_null(got);
	assert_string_equal(got, expected);
	free(got);
	diag_release(&d);
}

static void test_links_dots_and_names_to_make(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(mkdir(at(f, "sub"), 0700), 0);
	assert_int_equal(symlink("sub", at(f, "to-sub")), 0);
	assert_int_equal(symlink("../made.txt", at(f, "sub/dangling")), 0);
	assert_int_equal(symlink("to-sub/dangling", at(f, "chain")), 0);
	assert_resolves(f, at(f, "new.png"), "new.png");
	assert_resolves(f, at(f, "to-sub/../to-sub/./x.gp"), "sub/x.gp");
	assert_resolves(f, at(f, "to-sub//x"), "sub/x");
	/* A link that names nothing yet: the file it names, links and all. */
	assert_resolves(f, at(f, "chain"), "made.txt");
	assert_resolves(f, at(f, "sub/.."), "");
	/* Relative to the working directory. */
	assert_int_equal(chdir(f->dir), 0);
	assert_resolves(f, "to-sub/y", "sub/y");
	assert_int_equal(chdir("/"), 0);
}

static void test_refused_paths(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;

	assert_int_equal(symlink("loop", at(f, "loop")), 0);
	assert_null(outfile_resolve(at(f, "loop"), &d));
	assert_non_null(strstr(d.entries[0].message, "Too many levels"));
	assert_null(outfile_resolve(at(f, "no/such.png"), &d));
	assert_non_null(strstr(d.entries[1].message, "No such file"));
	assert_null(outfile_resolve("", &d));
	assert_int_equal(d.count, 3);
	diag_release(&d);
}

/* Another user's link in a sticky, world-writable directory is not
 * followed; the directory owner's is (only root can make them). */
static void test_links_in_a_shared_directory(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	char *got;

	if (geteuid() != 0)
		skip();
	assert_int_equal(mkdir(at(f, "shared"), 0777), 0);
	assert_int_equal(chmod(f->path, 01777), 0);
	assert_int_equal(symlink("../x", at(f, "shared/planted")), 0);
	assert_int_equal(lchown(f->path, 65534, (gid_t)-1), 0);
	assert_null(outfile_resolve(f->path, &d));
	assert_non_null(strstr(d.entries[0].message, "belongs to another user"));
	assert_int_equal(outfile_write(f->path, "x", 1, &d), -1);
	assert_int_equal(access(at(f, "x"), F_OK), -1);
	/* Owned by the directory's owner: followed. */
	assert_int_equal(chown(at(f, "shared"), 65534, (gid_t)-1), 0);
	got = outfile_resolve(at(f, "shared/planted"), &d);
	assert_non_null(got);
	free(got);
	diag_release(&d);
}

static void test_written_whole_never_through(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	char other[256], buf[64];
	struct stat st;
	FILE *fp;

	snprintf(other, sizeof(other), "%s", at(f, "other"));
	fp = fopen(other, "w");
	assert_non_null(fp);
	fputs("kept", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(link(other, at(f, "chart.dat")), 0);
	assert_int_equal(outfile_write(f->path, "new", 3, &d), 0);
	/* A new file at the name; the other name keeps what it had. */
	fp = fopen(other, "r");
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "kept");
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 3);
	/* An SQLite database is never replaced. */
	fp = fopen(other, "w");
	fwrite("SQLite format 3\0rest", 1, 20, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(symlink("other", at(f, "db-link")), 0);
	assert_int_equal(outfile_write(f->path, "new", 3, &d), -1);
	assert_non_null(strstr(d.entries[0].message, "is an SQLite database"));
	assert_int_equal(stat(other, &st), 0);
	assert_int_equal(st.st_size, 20);
	diag_release(&d);
}

/* A user's --out (outfile_write): a directory refused, a file that is not
 * a regular one (/dev/null) written through, a regular one made whole and
 * private. */
static void test_write_out(void **state)
{
	struct fixture *f = *state;
	struct diag d = DIAG_INIT;
	char *text = NULL;
	size_t len = 0;
	struct stat st;

	assert_int_equal(outfile_write(f->dir, "x", 1, &d), -1);
	assert_non_null(strstr(d.entries[0].message, "Is a directory"));
	diag_clear(&d);
	assert_int_equal(outfile_write("/dev/null", "x", 1, &d), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(outfile_write(at(f, "report.md"), "# week\n", 7, &d),
			 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(outfile_read_all(f->path, 100, &text, &len), 0);
	assert_int_equal(len, 7);
	assert_string_equal(text, "# week\n");
	free(text);
	/* A write that fails is said, and stops the writing: appended in
	 * pieces to a file that takes none (/dev/full), the first failure's
	 * reason; a new file in pieces whole. */
	{
		struct outfile o;

		assert_int_equal(outfile_write("/dev/full", "x", 1, &d), -1);
		assert_non_null(strstr(d.entries[d.count - 1].message,
				       "/dev/full: No space left on device"));
		assert_int_equal(outfile_open(&o, "/dev/full", &d), 0);
		outfile_append(&o, "ab", 2);
		assert_int_equal(o.err, ENOSPC);
		outfile_append(&o, "cd", 2);
		assert_int_equal(outfile_finish(&o, "/dev/full", &d), -1);
		assert_non_null(strstr(d.entries[d.count - 1].message,
				       "No space left on device"));
		assert_int_equal(outfile_open(&o, f->path, &d), 0);
		outfile_append(&o, "# a", 3);
		outfile_append(&o, "nother\n", 7);
		assert_int_equal(outfile_finish(&o, f->path, &d), 0);
		assert_int_equal(outfile_read_all(f->path, 100, &text, &len), 0);
		assert_string_equal(text, "# another\n");
		free(text);
	}
	diag_release(&d);
}

/* Read back whole, up to a bound: past it EFBIG, a missing file ENOENT. */
static void test_read_all_bounded(void **state)
{
	struct fixture *f = *state;
	char big[10000], *text = NULL;
	size_t len = 0;
	FILE *fp = fopen(at(f, "big"), "w");

	memset(big, 'a', sizeof(big));
	assert_non_null(fp);
	assert_int_equal(fwrite(big, 1, sizeof(big), fp), sizeof(big));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(outfile_read_all(f->path, 20000, &text, &len), 0);
	assert_int_equal(len, sizeof(big));
	assert_int_equal(strlen(text), sizeof(big));
	free(text);
	errno = 0;
	assert_int_equal(outfile_read_all(f->path, 5000, &text, &len), -1);
	assert_int_equal(errno, EFBIG);
	errno = 0;
	assert_int_equal(outfile_read_all(at(f, "none"), 5000, &text, &len), -1);
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_links_dots_and_names_to_make,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_in_a_shared_directory,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_written_whole_never_through,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_all_bounded, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
