/*
 * Talking to gnuplot safely: user text only in single-quoted gnuplot
 * strings (where backquotes and backslashes are literal), its quotes as
 * "\047", and gnuplot started with posix_spawnp and an argument vector
 * (never a shell), under a time limit.
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
 * stand between double quotes. */
void gp_add_string(struct strbuf *sb, const char *s);
/* The same for the label of an explicit tic (set ytics ("label" pos)),
 * which gnuplot reads as a format string for the tic's value: each '%'
 * doubled ("100% effort" would otherwise print a number, or fail). */
void gp_add_tic_label(struct strbuf *sb, const char *s);

enum gp_result {
	GP_DONE = 0,
	GP_MISSING,     /* no gnuplot on PATH */
	GP_FAILED,      /* gnuplot exited with an error */
	GP_TIMEOUT,     /* killed after the time limit */
	GP_CANTCREAT    /* the chart's file cannot be made or replaced */
};

/* Runs gnuplot on script (found on PATH; $CRAMPLOG_GNUPLOT names another
 * program) in a process group of its own, and waits at most timeout_s
 * seconds: then the whole group is ended (SIGTERM, SIGKILL two seconds
 * later), whatever gnuplot started with it. SIGINT, SIGTERM, SIGHUP or
 * SIGQUIT meanwhile (gnuplot's group does not get the terminal's Ctrl-C)
 * ends the group the same way, removes the temporary file, then is
 * raised again: the program ends as the signal says. A signal ignored
 * when gp_run is called (nohup's SIGHUP) stays ignored.
 * With out, "gnuplot -c SCRIPT TMP": the script draws into TMP (ARG1), a
 * new private file beside out (outfile.h), renamed over out once gnuplot
 * has succeeded and removed otherwise; gnuplot itself never opens out.
 * Without, "gnuplot SCRIPT". On anything but GP_DONE, d says what
 * happened. */
enum gp_result gp_run(const char *script, const char *out, double timeout_s,
		      struct diag *d);

#endif
