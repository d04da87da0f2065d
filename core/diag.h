/*
 * Diagnostics: what went wrong, and where, as a compiler says it
 * ("FILE:LINE:COLUMN: message"). Library code fills a diag list and returns a
 * status; only cmd/ prints them. Line and column are 1-based; 0 means "not
 * known", and the place is shortened to match.
 */
#ifndef CRAMPLOG_DIAG_H
#define CRAMPLOG_DIAG_H

#include <stddef.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING };

struct diag_entry {
	enum diag_level level;
	char *file;     /* NULL when no file is concerned */
	unsigned long line;
	unsigned long column;
	char *message;
};

struct diag {
	struct diag_entry *entries;
	size_t count;      /* entries kept */
	size_t alloc;
	size_t errors;     /* counted, kept or not */
	size_t warnings;
	size_t dropped;    /* entries not kept because of max */
	size_t max;        /* most entries of each level kept, so that warnings
			    * never crowd out the error that refused a file;
			    * 0 means no limit */
	size_t kept[2];    /* entries kept, by level */
};

#define DIAG_INIT { NULL, 0, 0, 0, 0, 0, 0, { 0, 0 } }

void diag_init(struct diag *d);
void diag_release(struct diag *d);
/* Forgets the entries and counts, keeps max. */
void diag_clear(struct diag *d);

/* Adds an entry (running out of memory is fatal, xalloc.h). Returns -1
 * for DIAG_ERROR, so that a caller can say "return diag_error(...)"; 0
 * for a warning. */
int diag_add(struct diag *d, enum diag_level level, const char *file,
	     unsigned long line, unsigned long column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
int diag_error(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Moves every entry and count of src to the end of dst (as far as dst's
 * max allows) and leaves src empty. */
void diag_move(struct diag *dst, struct diag *src);

/* Formats an entry as "FILE:LINE:COLUMN: message" (warnings say
 * "warning: " before the message). The caller frees the result (never
 * NULL: running out of memory is fatal). */
char *diag_format(const struct diag_entry *e);

#endif
