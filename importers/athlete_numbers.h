/*
 * The athletes of one file, numbered 0, 1, 2, ... in order of appearance
 * and matched as the store matches names (case folded, core/text.h). The
 * numbers key the file's rows while it is read (importers/import.c).
 * Memory stays bounded however many athletes a file names: past a bound
 * the folded names go to a private temporary SQLite file (deleted when
 * closed), and the names as written are only a cache of the last ones.
 */
#ifndef CRAMPLOG_ATHLETE_NUMBERS_H
#define CRAMPLOG_ATHLETE_NUMBERS_H

#include "hashmap.h"
#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

struct name_spill;

struct athlete_numbers {
	struct strmap written;      /* name as written -> number: a cache */
	struct strmap folded;       /* folded name -> number, until on disk */
	struct strbuf fold;
	struct name_spill *spill;   /* the folded names, once on disk */
	uint64_t count;             /* athletes numbered */
	size_t memory;              /* names each map holds at most */
};

/* Names kept in memory before they go to disk: about 2 MiB for both maps. */
#define ATHLETE_NUMBERS_MEMORY 16384

/* memory: ATHLETE_NUMBERS_MEMORY, or less to test the disk. */
void athlete_numbers_init(struct athlete_numbers *a, size_t memory);
void athlete_numbers_release(struct athlete_numbers *a);

/* *number: the number of the athlete called name (len bytes), the next
 * one when the file has not named them before. 0, or -1 with the reason
 * in err (the temporary file failed). */
int athlete_numbers_get(struct athlete_numbers *a, const char *name,
			size_t len, int64_t *number, char *err, size_t errlen);

#endif
