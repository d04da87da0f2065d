/*
 * The CSV reader every importer shares: it streams a file through libcsv
 * and hands over one row at a time, with the physical line of each field.
 * It deals with what spreadsheets and apps write: a UTF-8 byte order mark,
 * CRLF, ',' ';' or tab delimiters (detected from the header line), quoted
 * fields holding delimiters, quotes and newlines, spaces around values.
 */
#ifndef CRAMPLOG_CSV_READER_H
#define CRAMPLOG_CSV_READER_H

#include "diag.h"

#include <stddef.h>
#include <stdint.h>

/* The longest field accepted: a longer one is most likely an unclosed quote
 * that swallowed the rest of the file. */
#define CSV_READER_MAX_FIELD (1u << 20)

struct csv_field {
	const char *s;          /* NUL-terminated, spaces around it trimmed */
	size_t len;
	unsigned long line;     /* physical line where the field starts */
};

struct csv_row {
	const struct csv_field *fields;
	size_t count;
	unsigned long line;     /* physical line where the row starts */
	uint64_t index;         /* 0 for the header, then 1, 2, ... */
	int bad_utf8;           /* a field was not valid UTF-8 (reported) */
};

struct csv_reader_options {
	const char *name;       /* for messages: the path, or "<stdin>" */
	/* Called for each row, header first; a negative return stops the
	 * reading, which then returns that value. */
	int (*row)(const struct csv_row *row, void *arg);
	/* Called now and then, at most every 64 KiB; may be NULL. total is
	 * 0 when the size is not known. */
	void (*progress)(uint64_t done, uint64_t total, void *arg);
	void *arg;
	uint64_t total_bytes;
};

/* What csv_reader_run returns after a read error; a row callback must not
 * return it. */
#define CSV_READER_IO_ERROR (-100)

/* Reads all of fd. Returns 0 when every row was handed over (bad UTF-8
 * rows included: they are reported in d and marked); -1 after malformed
 * CSV and CSV_READER_IO_ERROR after a read error, both reported in d; or
 * the negative value a callback returned. *delimiter is set to the delimiter found in the header line,
 * before the header row is handed over. */
int csv_reader_run(int fd, const struct csv_reader_options *opt,
		   char *delimiter, struct diag *d);

/* The delimiter of a header line: the most frequent of ',' ';' and tab
 * outside quotes; ',' when there is none. */
char csv_reader_detect_delimiter(const char *line, size_t len);

#endif
