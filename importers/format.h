/*
 * The formats importers/ reads, each a table: its columns (the header
 * names a file may give, the value each holds, its unit and its range in
 * the store's unit) and, for an app's export, the names that tell it from
 * a header. One file per source defines its formats: native.c cramplog's
 * own three logs, then garmin.c, strava.c, trainingpeaks.c, intervals.c,
 * cronometer.c and myfitnesspal.c (docs/formats.md describes each);
 * formats.c lists them and tells a file's format from its header.
 * Internal to importers/.
 */
#ifndef CRAMPLOG_FORMAT_H
#define CRAMPLOG_FORMAT_H

#include "model.h"
#include "ranges.h"
#include "units.h"

#include <stddef.h>

enum col_type {
	COL_ATHLETE,   /* a name (an athlete's, a team's): no control
			* characters */
	COL_DATE,
	COL_TIME,
	COL_TEXT,      /* one line of text */
	COL_NOTES,     /* free text, newlines allowed */
	COL_NUMBER,
	COL_INTEGER,
	COL_BOOL,
	COL_SIDE,
	COL_DATETIME,  /* a date, perhaps with a time: both fields */
	COL_CLOCK,     /* a duration "H:MM:SS", in minutes */
	COL_APPTIME,   /* a time of day, perhaps "9:51 AM" */
	COL_METRIC_ROW,/* a metric's name: only the format's metric is kept */
	COL_MASS_UNIT  /* the row's unit of mass: kg, lb or lbs */
};

#define COL_REQUIRED 1u
#define COL_IMPERIAL_MI 2u  /* in the account's units: miles with --units imperial */
#define COL_IMPERIAL_LB 4u  /* in the account's units: pounds with --units imperial */
#define COL_SKIP_EMPTY 8u   /* empty: the row is no day's data (a planned workout) */
#define COL_ZERO_UNKNOWN 16u /* 0 means not tracked, not none */
#define COL_ALSO 32u        /* a value of the format's second kind of row */
#define COL_ROW_UNIT 64u    /* in the unit a COL_MASS_UNIT column gives */
/* One of the session's durations an app gives (timer, moving, elapsed
 * time), listed in order of preference: the first plausible one is the
 * session's duration; one outside its range is a warning, never an error,
 * and 0 is not recorded. */
#define COL_DURATION 128u
#define COL_SPORT 256u      /* the activity type: a swim or not (COL_SWIM_M) */
#define COL_SWIM_M 512u     /* in metres when the row's activity is a swim */
#define COL_GROUP 1024u     /* a meal's name; "Total": the day's total beside them */
/* A nutrient apps write 0 for when a food entry lacks it: 0 beside
 * MEAL_KCAL or more of food is not recorded (docs/formats.md, "Zero or
 * missing"); beside less (water, black coffee) it is 0. */
#define COL_ZERO_IN_MEAL 2048u
#define MEAL_KCAL 100.0
/* A sensor's reading (a mean heart rate): one outside the column's range
 * is no body's (a strap that lost contact writes 13 or 16 beats/min) and
 * is said as a warning and not stored, never an error that sinks the
 * file. */
#define COL_SENSOR 4096u
/* The one measurement kept of a file of several columns of them (a
 * weight beside a body fat): a row without it but with another is a row
 * of another measurement, skipped and counted; without any, a day not
 * logged. */
#define COL_SKIP_OTHER 8192u

struct column {
	const char *name;       /* as the file writes it; matched as
				 * import_header_key makes it */
	enum col_type type;
	size_t offset;          /* of the value in the row struct */
	enum unit unit;         /* the unit the file gives it in */
	double min, max;        /* allowed range, in the store's unit */
	const char *store_unit; /* for messages */
	unsigned flags;
	unsigned nth;           /* the nth column of that name (0: the first) */
};

/* A column called name, of type, that gives field of row struct st in
 * unit u (UNIT_NONE: the store's), within the field's RANGE_<field>
 * (core/ranges.h: written once, the store's CHECKs come from it too); the
 * nth column of that name in a header (0: the first). */
#define COLUMN(name, type, st, field, u, flags, nth) \
	{ name, type, offsetof(struct st, field), u, RANGE_##field, flags, nth }

/* App exports. Names are as import_header_key gives them; the first of
 * several names for one value that a file has wins. */
#define APP(name, type, st, field, u, flags) \
	COLUMN(name, type, st, field, u, flags, 0)
#define APP2(name, type, st, field, u, flags) \
	COLUMN(name, type, st, field, u, flags, 1)

/* Training columns Garmin Connect and Strava share (Strava's activity
 * types are never read as a swim's unit: it gives its distances in
 * metres). */
#define TR_DATE(n) APP(n, COL_DATETIME, training_row, date, UNIT_NONE, 0)
#define TR_TYPE(n) APP(n, COL_TEXT, training_row, session, UNIT_NONE, COL_SPORT)
#define TR_NOTES(n) APP(n, COL_NOTES, training_row, notes, UNIT_NONE, 0)
#define TR_KCAL(n) APP(n, COL_NUMBER, training_row, energy_kcal, UNIT_NONE, COL_ZERO_UNKNOWN)
#define TR_HR(n) APP(n, COL_NUMBER, training_row, avg_hr, UNIT_NONE, COL_ZERO_UNKNOWN | COL_SENSOR)

#define FMT_APP 1u          /* an app's export: one person's, no athlete column */
#define FMT_UTC 2u          /* its times are UTC */

#define MAX_SIGNATURES 14

struct format {
	const char *name;       /* "garmin", ... as --format-hint takes it */
	const char *title;      /* for messages */
	enum log_kind kind;
	const struct column *columns;
	size_t ncolumns;
	size_t athlete_offset, date_offset, time_offset;
	unsigned flags;
	/* App exports: the header names that tell the format, each list
	 * whole (one per language or version). */
	const char *const *signatures[MAX_SIGNATURES];
	/* A second kind of row some exports also give (COL_ALSO columns):
	 * a diet row beside intervals.icu's wellness. KIND_NONE: none. */
	enum log_kind also;
	/* Exports of one metric a row (a COL_METRIC_ROW column): the one
	 * kept, as the export names it, in lower case. */
	const char *metric;
	/* App exports: every column seen in real exports (stored or not),
	 * NULL-terminated, so that a column new to cramplog can be said
	 * (it may hold a value cramplog stores under another name, as
	 * Garmin's German "Ø Herzfrequenz" did). Names as the exports write
	 * them, copied from the headers. */
	const char *const *seen;
};


/* A format's columns, and where its rows keep their key (row struct st,
 * its time of day in timefield). */
#define COLUMNS(cols) \
	.columns = cols, .ncolumns = sizeof(cols) / sizeof(cols[0])
#define ROW_KEYS(st, timefield) \
	.athlete_offset = offsetof(struct st, athlete), \
	.date_offset = offsetof(struct st, date), \
	.time_offset = offsetof(struct st, timefield)

/* native.c */
extern const struct format format_training, format_hydration, format_diet;
/* garmin.c */
extern const struct format format_garmin;
/* strava.c */
extern const struct format format_strava, format_strava_2019;
/* trainingpeaks.c */
extern const struct format format_trainingpeaks, format_trainingpeaks_metrics;
/* intervals.c */
extern const struct format format_intervals, format_intervals_wellness;
/* cronometer.c */
extern const struct format format_cronometer, format_cronometer_biometrics;
/* myfitnesspal.c */
extern const struct format format_myfitnesspal,
	format_myfitnesspal_measurements;

/* The column of format k called key (as import_header_key makes it), as
 * the nth of that name (0: the first); NULL when it has none. */
const struct column *format_find_column(const struct format *k,
					const char *key, unsigned nth);
/* A column read for the row's sake, whose value is not stored. */
int format_stores_nothing(const struct column *c);
/* Whether mapped column m gives the value of column c (under any of its
 * names). */
int format_same_value(const struct column *m, const struct column *c);
/* Whether key names a column seen in real exports of app format k. */
int format_known_column(const struct format *k, const char *key);

#endif
