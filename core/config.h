/*
 * The configuration file: INI-style sections of "name = value" lines, '#'
 * or ';' comments (on their own line, or after a value and a space). Parsing only; what the names mean is the caller's.
 * And the one setting read from the environment: CRAMPLOG_THREADS.
 */
#ifndef CRAMPLOG_CONFIG_H
#define CRAMPLOG_CONFIG_H

#include "diag.h"

#include <stddef.h>

/* Calls fn for every "name = value" in text (len bytes), with its section
 * ("" before the first) and line. Names and values are trimmed and
 * NUL-terminated. A line that is neither a section, a setting, a comment
 * nor blank is an error at FILE:LINE, as is fn returning -1 (fn fills d),
 * and a NUL byte at FILE:LINE:COLUMN (its byte in the line, from 1).
 * Returns 0 or -1 (after every line was seen). */
int config_parse(const char *file, const char *text, size_t len,
		 int (*fn)(const char *section, const char *name,
			   const char *value, unsigned long line, void *arg),
		 void *arg, struct diag *d);

/* $CRAMPLOG_THREADS: the threads the user allows (1 = work on one), or 0
 * when it is unset or not a whole number of at least 1. */
int config_threads(void);
/* Whether work may go to a second thread: with two processors or more,
 * unless CRAMPLOG_THREADS=1. */
int config_second_thread(void);
/* Bytes of a model's rows held in memory before the rest go to a
 * temporary file: CRAMPLOG_ROWS_MEMORY when it is a number of at least 1,
 * else dflt. */
size_t config_rows_memory(size_t dflt);

#endif
