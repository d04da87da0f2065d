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

/* Whether d keeps one more entry of level (counting it when it does). */
static int keeps(struct diag *d, enum diag_level level)
{
	if (d->max && d->kept[level] >= d->max) {
		d->dropped++;
		return 0;
	}
	d->kept[level]++;
	if (d->count == d->alloc) {
		size_t alloc = d->alloc ? d->alloc * 2 : 8;

		d->entries = xreallocarray(d->entries, alloc,
					   sizeof(*d->entries));
		d->alloc = alloc;
	}
	return 1;
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
	if (!keeps(d, level))
		return ret;
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

		if (!keeps(dst, e->level)) {
			free(e->file);
			free(e->message);
			continue;
		}
		dst->entries[dst->count++] = *e;
	}
	free(src->entries);
	src->entries = NULL;
	src->count = src->alloc = 0;
	src->errors = src->warnings = src->dropped = 0;
	src->kept[DIAG_ERROR] = src->kept[DIAG_WARNING] = 0;
}
