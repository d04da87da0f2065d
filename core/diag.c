/*
 * Diagnostic lists (see diag.h).
 */
#include "diag.h"
#include "strbuf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

static void entries_free(struct diag *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->entries[i].file);
		free(d->entries[i].message);
	}
	free(d->entries);
	d->entries = NULL;
	d->count = d->alloc = 0;
}

void diag_release(struct diag *d)
{
	entries_free(d);
	diag_init(d);
}

void diag_clear(struct diag *d)
{
	size_t max = d->max;

	diag_release(d);
	d->max = max;
}

static void grow(struct diag *d)
{
	size_t alloc = d->alloc ? d->alloc * 2 : 8;

	d->entries = xreallocarray(d->entries, alloc, sizeof(*d->entries));
	d->alloc = alloc;
}

static int vadd(struct diag *d, enum diag_level level, const char *file,
		unsigned long line, unsigned long column, const char *fmt,
		va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag_entry *e;
	int ret = level == DIAG_ERROR ? -1 : 0;

	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->max && d->count >= d->max) {
		d->dropped++;
		return ret;
	}
	if (d->count == d->alloc)
		grow(d);
	strbuf_vaddf(&sb, fmt, ap);
	e = &d->entries[d->count++];
	e->level = level;
	e->file = file ? xstrdup(file) : NULL;
	e->line = line;
	e->column = column;
	e->message = strbuf_detach(&sb);
	return ret;
}

int diag_add(struct diag *d, enum diag_level level, const char *file,
	     unsigned long line, unsigned long column, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vadd(d, level, file, line, column, fmt, ap);
	va_end(ap);
	return r;
}

int diag_error(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vadd(d, DIAG_ERROR, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return r;
}

char *diag_format(const struct diag_entry *e)
{
	struct strbuf sb = STRBUF_INIT;

	if (e->file) {
		strbuf_addstr(&sb, e->file);
		if (e->line) {
			strbuf_addf(&sb, ":%lu", e->line);
			if (e->column)
				strbuf_addf(&sb, ":%lu", e->column);
		}
		strbuf_addstr(&sb, ": ");
	}
	if (e->level == DIAG_WARNING)
		strbuf_addstr(&sb, "warning: ");
	strbuf_addstr(&sb, e->message);
	return strbuf_detach(&sb);
}

void diag_move(struct diag *dst, struct diag *src)
{
	dst->errors += src->errors;
	dst->warnings += src->warnings;
	dst->dropped += src->dropped;
	for (size_t i = 0; i < src->count; i++) {
		struct diag_entry *e = &src->entries[i];

		if (dst->max && dst->count >= dst->max) {
			dst->dropped++;
			free(e->file);
			free(e->message);
			continue;
		}
		if (dst->count == dst->alloc)
			grow(dst);
		dst->entries[dst->count++] = *e;
	}
	free(src->entries);
	src->entries = NULL;
	src->count = src->alloc = 0;
	src->errors = src->warnings = src->dropped = 0;
}
