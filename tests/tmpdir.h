/*
 * For the unit tests of a temporary file that cannot be made: TMPDIR
 * pointed at a directory that does not exist, and its value put back.
 */
#ifndef CRAMPLOG_TESTS_TMPDIR_H
#define CRAMPLOG_TESTS_TMPDIR_H

#include <stdlib.h>
#include <string.h>

#define TMPDIR_MISSING "/nonexistent/cramplog"

/* Points TMPDIR at TMPDIR_MISSING; returns its value before (or NULL),
 * for tmpdir_restore. */
static inline char *tmpdir_missing(void)
{
	const char *now = getenv("TMPDIR");
	char *old = now ? strdup(now) : NULL;

	setenv("TMPDIR", TMPDIR_MISSING, 1);
	return old;
}

/* Puts back TMPDIR's value before tmpdir_missing, and frees it. */
static inline void tmpdir_restore(char *old)
{
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

#endif
