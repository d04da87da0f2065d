/*
 * Talking to gnuplot safely: user text only in single-quoted gnuplot
 * strings (where backquotes and backslashes are literal), its quotes as
 * "\047", files written private, and gnuplot started with posix_spawnp
 * and an argument vector (never a shell), under a time limit.
 */
#ifndef CRAMPLOG_GNUPLOT_H
#define CRAMPLOG_GNUPLOT_H

#include "diag.h"
#include "strbuf.h"

#include <stdio.h>

/* Appends s as a gnuplot string expression: single-quoted strings (no
 * substitution of backquotes, no escapes) with each control character (a
 * newline would end the command) written as a space; a run of quotes as a
 * double-quoted string of octal escapes alone, joined by '.' ("it's"
 * becomes 'it'."\047".'s'): gnuplot 5.4 misreads '' at the start of a
 * string, and its scan for @macros counts every ' in a line, so none may
 * stand between double quotes.
 * Returns 0, or -1 when memory runs out. */
int gp_add_string(struct strbuf *sb, const char *s);

/* Opens path for writing with mode 0600 (an existing file is truncated
 * and made 0600). NULL with d filled when it cannot. */
FILE *gp_create(const char *path, struct diag *d);

/* Writes sb to path (mode 0600) in full; -1 with d filled when not. */
int gp_write_file(const char *path, const struct strbuf *sb, struct diag *d);

enum gp_result {
	GP_DONE = 0,
	GP_MISSING,     /* no gnuplot on PATH */
	GP_FAILED,      /* gnuplot exited with an error */
	GP_TIMEOUT      /* killed after the time limit */
};

/* Runs "gnuplot SCRIPT" (found on PATH; $CRAMPLOG_GNUPLOT names another
 * program) in a process group of its own, and waits at most timeout_s
 * seconds: then the whole group is ended (SIGTERM, SIGKILL two seconds
 * later), whatever gnuplot started with it. On anything but GP_DONE, d
 * says what happened. */
enum gp_result gp_run(const char *script, double timeout_s, struct diag *d);

#endif
