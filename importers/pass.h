/*
 * One pass of an import over one file (import.c), shared with the parsing
 * of its fields (fields.c) and the telling of its format (formats.c).
 * Internal to importers/.
 */
#ifndef CRAMPLOG_PASS_H
#define CRAMPLOG_PASS_H

#include "athlete_numbers.h"
#include "batch.h"
#include "csv_reader.h"
#include "diag.h"
#include "format.h"
#include "hashmap.h"
#include "import.h"
#include "key_spill.h"
#include "strbuf.h"

#include <stdint.h>

#define PASS_MARKS 256

/* The state of one pass over one file. */
struct pass {
	store *st;
	const struct import_options *opt;
	const char *name;
	struct diag *d;
	enum log_kind kind;
	const struct format *desc;
	const struct column **map;    /* per header field; NULL = ignored */
	char *required;               /* per header field: a value is needed */
	size_t nmap;
	char delimiter;
	int64_t import_id;
	struct import_counts counts;
	int failed;                   /* an invalid row: stop writing */
	uint64_t skipped;             /* rows that are no data: planned workouts */
	uint64_t other_metrics;       /* rows of metrics not kept */
	uint64_t day_totals;          /* rows of a day's total beside its meals */
	char meal_day[32];            /* the date of the last meal row (a */
	size_t meal_day_len;          /* group's), as the file writes it */
	uint64_t empty_rows;          /* app rows without any value: days not logged */
	/* Rows that end before the header's last named column (their
	 * missing cells unknown), and the first one's place and fields. */
	uint64_t short_rows;
	unsigned long short_line;
	size_t short_fields, short_of;
	enum unit row_unit;           /* the row's unit of mass (COL_MASS_UNIT) */
	int row_swim;                 /* the row's activity is a swim */
	char mark;                    /* the file's decimal mark; 0 not yet known */
	/* Each of the first PASS_MARKS columns' own decimal mark, learned
	 * as the file's (0 not yet known): Strava in French, Spanish and
	 * Dutch writes its display distance with a comma, its raw columns
	 * with a point. */
	char col_mark[PASS_MARKS];
	/* The numbers that could be read two ways ("3.000", "1,337") read
	 * before their column's mark was known, per column (the first
	 * PASS_MARKS; the rest share the last slot): the marks they were
	 * read with (1 '.', 2 ','), and the first one's line and field for
	 * each. At the file's end they must agree with the marks it showed,
	 * or the file is read again with those (pass_marks). */
	unsigned char guessed[PASS_MARKS + 1];
	unsigned long guess_line[PASS_MARKS + 1][2];
	size_t guess_field[PASS_MARKS + 1][2];
	int rereadable;               /* the file can be read again */
	/* The row's duration among the app's candidates (COL_DURATION): the
	 * preferred plausible one, and whether any was given. */
	const struct column *dur_col;
	double dur;
	int dur_given;
	int dur_warned;
	int fatal;                    /* the store failed */
	int restart;                  /* PASS_AGAIN_KEYS or PASS_AGAIN_MARKS */
	int by_key;                   /* the writer numbers the keys */
	struct batch_writer *writer;
	/* The file's athletes, numbered in order of appearance. */
	struct athlete_numbers athletes;
	struct strbuf fold;           /* scratch for case folding */
	int imperial;                 /* the app's units: --units, else those
				       * remembered for the athlete's app */
	double mass_sum;              /* body masses read in an app's units, */
	uint64_t mass_n;              /* in kg, for a plausibility check */
	/* Rows counted per (athlete, date, time), for the key's seq. */
	struct key_counter keys;
};

#define PASS_RESTART (-2)
#define PASS_FATAL (-3)

/* Why a pass is read again: keys were forgotten too early (the file is
 * not in date order); numbers were read before the file showed its
 * decimal mark, with another. */
#define PASS_AGAIN_KEYS 1
#define PASS_AGAIN_MARKS 2

#define SHOWN_VALUE 60         /* bytes of a bad value a message shows */

/* The format of the file: --format-hint, else an app export whose names
 * the header has, else the native kind its names tell (--kind forces
 * one). NULL after a message. */
const struct format *format_detect(struct pass *p, const struct csv_row *row);

/* Says what is wrong with field f, as "FILE:LINE:COLUMN: column: ...";
 * -1. */
int field_diag(struct pass *p, const struct csv_row *row, size_t f,
	       enum diag_level level, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
#define field_error(p, row, f, ...) \
	field_diag(p, row, f, DIAG_ERROR, __VA_ARGS__)
/* Reports that field f holds no value of the column's kind: "'VALUE' is
 * not WHAT", with the value made safe to print; -1. */
int field_value_error(struct pass *p, const struct csv_row *row, size_t f,
		      const char *what);
/* Parses field f of the row, of column c, into out; -1 after reporting
 * what is wrong. */
int field_parse(struct pass *p, const struct csv_row *row, size_t f,
		const struct column *c, union any_row *out);
/* Before a row's values: whether its activity is a swim, and, until they
 * are known, the file's decimal mark and each column's from a number that
 * can be read only one way ("6.71", "3,40"). */
void field_row_context(struct pass *p, const struct csv_row *row);
/* Whether a number that reads two ways was read with another decimal
 * mark than its column showed later in the file (or, showing none, than
 * the file's; a point when the file shows none): 1 and the first such
 * number's line and field. */
int field_marks_misread(const struct pass *p, unsigned long *line,
			size_t *field);
/* The session's duration from the app's candidates (COL_DURATION): 0 when
 * set or when the format has none; 1 when the row is skipped (every one
 * given is implausible, said); -1 when none is given at all. */
int field_duration(struct pass *p, const struct csv_row *row,
		   union any_row *r);

#endif
