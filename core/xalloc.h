/*
 * Memory that cannot run out, as in git (wrapper.c): when malloc fails the
 * program says so on stderr and exits with 70 (EX_SOFTWARE, "internal
 * error" in cramplog(1)). A command that runs out of memory has no useful
 * way to go on, and an import that dies leaves nothing behind (the store
 * writes a file in one transaction), so callers never check for NULL.
 * Code that can recover (a size it refuses, a spill to disk) checks its
 * bound before it asks.
 */
#ifndef CRAMPLOG_XALLOC_H
#define CRAMPLOG_XALLOC_H

#include <stddef.h>

/* Prints "cramplog: fatal: MESSAGE" and exits with 70. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* xrealloc of n items of size bytes, dying when n * size overflows. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xmemdupz(const void *data, size_t len);

#endif
