/*
 * Importing a log file into the store: the entry point of the importers
 * module (importers/, the library cramplog_importers; it includes only
 * core/). A file is read once, checked row by row and written in one
 * transaction, so that the store gets all of its rows or none of them.
 *
 * Inside the module: import.c runs the pass over a file; formats.c lists
 * the formats and tells a file's from its header; each source's file
 * (native.c, garmin.c, strava.c, trainingpeaks.c, intervals.c,
 * cronometer.c, myfitnesspal.c) holds its formats as tables (format.h);
 * fields.c parses a field with value.c and units.c; csv_reader.c reads
 * the CSV, batch.c writes the rows, key_spill.c and athlete_numbers.c
 * count keys and athletes past what memory holds.
 */
#ifndef CRAMPLOG_IMPORT_H
#define CRAMPLOG_IMPORT_H

#include "diag.h"
#include "model.h"
#include "store.h"

#include <stdint.h>

struct import_options {
	enum log_kind kind;       /* KIND_NONE: tell it from the header */
	const char *format_hint;  /* an app's format by name (see
				   * import_format_names), or NULL */
	const char *athlete;      /* whose an app's export is; NULL */
	const char *team;         /* that athlete's team; NULL: not given */
	int imperial;             /* app distances in miles, not km */
	int units_given;          /* --units said so: remember it for the
				   * athlete's exports of the app; else the
				   * units last given are used */
	int dry_run;              /* check and count, then roll back */
	int skip_invalid;         /* import the valid rows, list the others */
	/* Called now and then while a file is read; may be NULL. total is
	 * 0 when the size is not known (standard input). */
	void (*progress)(const char *name, uint64_t done, uint64_t total,
			 uint64_t rows, void *arg);
	/* Called after each batch of a file sorted whole (out of date
	 * order, or standard input) is written, once every row is read:
	 * done of total rows written. May be NULL; takes progress_arg. */
	void (*writing)(const char *name, uint64_t done, uint64_t total,
			void *arg);
	void *progress_arg;
	/* Rows a file may have under one key (athlete, date, time) before
	 * the reader stops keeping the keys of days it has passed; 0 for the
	 * default. A test hook: the result is the same at any value. */
	uint64_t key_memory_rows;
	/* Keys a file out of date order may keep in memory before they go
	 * to a temporary file; 0 for the default. A test hook too. */
	uint64_t spill_after_keys;
	/* Athletes of a file held in memory before their names go to a
	 * temporary file; 0 for the default. A test hook too. */
	size_t athletes_in_memory;
	/* Bytes of rows in a batch of the writer, and runs its sort merges
	 * at once (importers/batch.h); 0 for the defaults. Test hooks too. */
	size_t batch_bytes;
	unsigned merge_ways;
};

enum import_status {
	IMPORT_OK = 0,
	IMPORT_REJECTED,    /* invalid data: nothing written (65) */
	IMPORT_NO_INPUT,    /* the file cannot be opened (66) */
	IMPORT_IO_ERROR,    /* reading failed half-way (74) */
	IMPORT_STORE_ERROR  /* the database failed (70 or 73) */
};

struct import_result {
	enum log_kind kind;
	const char *format;       /* "training", ..., "garmin", ...; NULL */
	struct import_counts counts;
	char delimiter;
};

/* Imports path ("-" for standard input, named name in messages) into st.
 * Every problem goes to d as FILE:LINE:COLUMN: message. */
enum import_status import_file(store *st, const char *path,
			       const struct import_options *opt,
			       struct import_result *result, struct diag *d);

/* The app formats --format-hint takes, as "garmin, strava, ...". */
const char *import_format_names(void);
/* 1 when name is one of them. */
int import_format_known(const char *name);

/* Normalises a header name for matching: ASCII lower case, surrounding
 * spaces dropped, ' ' and '-' read as '_'. Writes at most size bytes with
 * the NUL; returns the length, or size when it did not fit. */
size_t import_header_key(const char *name, size_t len, char *out,
			 size_t size);

#endif
