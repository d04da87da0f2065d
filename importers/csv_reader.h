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
/* The most fields in a row, the header's included. Apps' exports have at
 * most about a hundred columns; a file of commas has millions, and each
 * field kept costs memory: past this the row is refused, at the first
 * field too many, without keeping the rest. */
#define CSV_READER_MAX_COLUMNS 1024u
/* The most bytes a row may hold, its fields' together (a field of a
 * column the importer ignores is kept too): the longest row of the apps'
 * exports is under 1 KiB, but 1,024 fields of 1 MiB would be 1 GiB. Past
 * this the row is refused, at the field that crosses it. */
#define CSV_READER_MAX_ROW (4u << 20)

struct csv_field {
	const char *s;          /* NUL-terminated, spaces around it trimmed */
	size_t len;
	unsigned long line;     /* physical line where the field starts */
	/* Every byte printable ASCII (0x20 to 0x7e): valid UTF-8 without a
	 * control character, so that no check of them need read it again. */
	int plain;
};

struct csv_row {
	const struct csv_field *fields;
	size_t count;
	unsigned long line;     /* physical line where the row starts */
	uint64_t index;         /* 0 for the header, then 1, 2, ... */
	/* The header's fields up to its last named one (a trailing empty
	 * name, as some apps write, is none): a data row of fewer fields
	 * ends early, its missing cells empty. 0 in the header itself. */
	size_t header_named;
	/* A field was invalid and has been reported: not UTF-8, a NUL byte,
	 * a value past the header's columns, a field past
	 * CSV_READER_MAX_COLUMNS, or one that makes the row longer than
	 * CSV_READER_MAX_ROW (the row ends before it). Fields past the
	 * header's are never handed over: count is at most the header's. */
	int bad;
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

/* Reads all of fd. Returns 0 when every row was handed over (invalid
 * rows included: they are reported in d and marked bad); -1 after
 * malformed CSV, a header of more than CSV_READER_MAX_COLUMNS fields or
 * CSV_READER_MAX_ROW bytes, a file cut short (its last row ends early,
 * without a line break after it: that row is not handed over), or
 * CSV_READER_IO_ERROR after a read error, all reported in d; or
 * the negative value a callback returned. *delimiter is set to the delimiter found in the header line,
 * before the header row is handed over. */
int csv_reader_run(int fd, const struct csv_reader_options *opt,
		   char *delimiter, struct diag *d);

/* The delimiter of a header line: the most frequent of ',' ';' and tab
 * outside quotes; ',' when there is none. */
char csv_reader_detect_delimiter(const char *line, size_t len);

#endif
