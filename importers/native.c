/*
 * The native log formats (training, hydration, diet): their columns, the
 * checks on each value, and the import of a file into the store. Columns
 * are matched by header name, in any order; values are converted to the
 * store's units and range-checked; each row is written under its natural
 * key, in one transaction per file.
 */
#include "import.h"
#include "calendar.h"
#include "csv_reader.h"
#include "hashmap.h"
#include "text.h"
#include "units.h"
#include "value.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum col_type {
	COL_ATHLETE,   /* required text, no control characters */
	COL_DATE,
	COL_TIME,
	COL_TEXT,      /* one line of text */
	COL_NOTES,     /* free text, newlines allowed */
	COL_NUMBER,
	COL_INTEGER,
	COL_BOOL,
	COL_SIDE
};

#define COL_REQUIRED 1u

struct column {
	const char *name;       /* as import_header_key gives it */
	enum col_type type;
	size_t offset;          /* of the value in the row struct */
	enum unit unit;         /* the unit the file gives it in */
	double min, max;        /* allowed range, in the store's unit */
	const char *store_unit; /* for messages */
	unsigned flags;
};

#define MAX_TEXT 2000          /* bytes in a text value */
#define MAX_ATHLETE 200        /* bytes in an athlete's name */
#define SHOWN_VALUE 60         /* bytes of a bad value a message shows */

#define NUM(st, field, u, lo, hi, su) \
	{ #field, COL_NUMBER, offsetof(struct st, field), UNIT_NONE, lo, hi, su, 0 }
#define CONV(st, name, field, u, lo, hi, su) \
	{ name, COL_NUMBER, offsetof(struct st, field), u, lo, hi, su, 0 }

static const struct column training_columns[] = {
	{ "date", COL_DATE, offsetof(struct training_row, date), UNIT_NONE, 0, 0, "", COL_REQUIRED },
	{ "start_time", COL_TIME, offsetof(struct training_row, start_time), UNIT_NONE, 0, 0, "", 0 },
	{ "athlete", COL_ATHLETE, offsetof(struct training_row, athlete), UNIT_NONE, 0, 0, "", COL_REQUIRED },
	{ "session", COL_TEXT, offsetof(struct training_row, session), UNIT_NONE, 0, 0, "", 0 },
	{ "duration_min", COL_NUMBER, offsetof(struct training_row, duration_min), UNIT_NONE, 0, 1440, "min", COL_REQUIRED },
	NUM(training_row, rpe, UNIT_NONE, 0, 10, ""),
	NUM(training_row, distance_km, UNIT_NONE, 0, 1000, "km"),
	CONV(training_row, "distance_mi", distance_km, UNIT_MILE, 0, 1000, "km"),
	NUM(training_row, pre_mass_kg, UNIT_NONE, 20, 250, "kg"),
	CONV(training_row, "pre_mass_lb", pre_mass_kg, UNIT_LB, 20, 250, "kg"),
	NUM(training_row, post_mass_kg, UNIT_NONE, 20, 250, "kg"),
	CONV(training_row, "post_mass_lb", post_mass_kg, UNIT_LB, 20, 250, "kg"),
	NUM(training_row, fluid_ml, UNIT_NONE, 0, 10000, "ml"),
	CONV(training_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ, 0, 10000, "ml"),
	NUM(training_row, temp_c, UNIT_NONE, -40, 60, "°C"),
	CONV(training_row, "temp_f", temp_c, UNIT_FAHRENHEIT, -40, 60, "°C"),
	NUM(training_row, tightness, UNIT_NONE, 0, 10, ""),
	{ "cramp", COL_BOOL, offsetof(struct training_row, cramp), UNIT_NONE, 0, 0, "", 0 },
	{ "cramp_muscle", COL_TEXT, offsetof(struct training_row, cramp_muscle), UNIT_NONE, 0, 0, "", 0 },
	{ "cramp_side", COL_SIDE, offsetof(struct training_row, cramp_side), UNIT_NONE, 0, 0, "", 0 },
	NUM(training_row, cramp_severity, UNIT_NONE, 0, 10, ""),
	{ "notes", COL_NOTES, offsetof(struct training_row, notes), UNIT_NONE, 0, 0, "", 0 },
};

static const struct column hydration_columns[] = {
	{ "date", COL_DATE, offsetof(struct hydration_row, date), UNIT_NONE, 0, 0, "", COL_REQUIRED },
	{ "time", COL_TIME, offsetof(struct hydration_row, time), UNIT_NONE, 0, 0, "", 0 },
	{ "athlete", COL_ATHLETE, offsetof(struct hydration_row, athlete), UNIT_NONE, 0, 0, "", COL_REQUIRED },
	NUM(hydration_row, fluid_ml, UNIT_NONE, 0, 10000, "ml"),
	CONV(hydration_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ, 0, 10000, "ml"),
	NUM(hydration_row, sodium_mg, UNIT_NONE, 0, 20000, "mg"),
	NUM(hydration_row, potassium_mg, UNIT_NONE, 0, 20000, "mg"),
	{ "urine_color", COL_INTEGER, offsetof(struct hydration_row, urine_color), UNIT_NONE, 1, 8, "", 0 },
	NUM(hydration_row, usg, UNIT_NONE, 1.000, 1.050, ""),
	NUM(hydration_row, body_mass_kg, UNIT_NONE, 20, 250, "kg"),
	CONV(hydration_row, "body_mass_lb", body_mass_kg, UNIT_LB, 20, 250, "kg"),
};

static const struct column diet_columns[] = {
	{ "date", COL_DATE, offsetof(struct diet_row, date), UNIT_NONE, 0, 0, "", COL_REQUIRED },
	{ "time", COL_TIME, offsetof(struct diet_row, time), UNIT_NONE, 0, 0, "", 0 },
	{ "athlete", COL_ATHLETE, offsetof(struct diet_row, athlete), UNIT_NONE, 0, 0, "", COL_REQUIRED },
	{ "meal", COL_TEXT, offsetof(struct diet_row, meal), UNIT_NONE, 0, 0, "", 0 },
	NUM(diet_row, energy_kcal, UNIT_NONE, 0, 20000, "kcal"),
	NUM(diet_row, carbs_g, UNIT_NONE, 0, 2000, "g"),
	NUM(diet_row, protein_g, UNIT_NONE, 0, 2000, "g"),
	NUM(diet_row, fat_g, UNIT_NONE, 0, 2000, "g"),
	NUM(diet_row, sodium_mg, UNIT_NONE, 0, 20000, "mg"),
	NUM(diet_row, potassium_mg, UNIT_NONE, 0, 20000, "mg"),
	NUM(diet_row, fluid_ml, UNIT_NONE, 0, 10000, "ml"),
	CONV(diet_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ, 0, 10000, "ml"),
};

union any_row {
	struct training_row training;
	struct hydration_row hydration;
	struct diet_row diet;
};

struct kind_desc {
	enum log_kind kind;
	const struct column *columns;
	size_t ncolumns;
	size_t athlete_offset, date_offset, time_offset;
};

#define KIND(k, cols, st, timefield) \
	{ k, cols, sizeof(cols) / sizeof(cols[0]), offsetof(struct st, athlete), \
	  offsetof(struct st, date), offsetof(struct st, timefield) }

static const struct kind_desc kinds[] = {
	KIND(KIND_TRAINING, training_columns, training_row, start_time),
	KIND(KIND_HYDRATION, hydration_columns, hydration_row, time),
	KIND(KIND_DIET, diet_columns, diet_row, time),
};

static const struct kind_desc *kind_desc(enum log_kind kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == kind)
			return &kinds[i];
	return NULL;
}

static void init_row(enum log_kind kind, union any_row *row)
{
	switch (kind) {
	case KIND_TRAINING: model_training_init(&row->training); break;
	case KIND_HYDRATION: model_hydration_init(&row->hydration); break;
	default: model_diet_init(&row->diet); break;
	}
}

static int put_row(store *st, enum log_kind kind, int64_t import_id,
		   int64_t athlete_id, const union any_row *row, unsigned seq,
		   enum store_outcome *outcome, struct diag *d)
{
	switch (kind) {
	case KIND_TRAINING:
		return store_put_training(st, import_id, athlete_id,
					  &row->training, seq, outcome, d);
	case KIND_HYDRATION:
		return store_put_hydration(st, import_id, athlete_id,
					   &row->hydration, seq, outcome, d);
	default:
		return store_put_diet(st, import_id, athlete_id, &row->diet,
				      seq, outcome, d);
	}
}

size_t import_header_key(const char *name, size_t len, char *out,
			 size_t size)
{
	size_t n = 0;

	text_trim(&name, &len);
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (c == ' ' || c == '-')
			c = '_';
		if (n + 1 >= size)
			return size;
		out[n++] = c;
	}
	if (size)
		out[n] = '\0';
	return n;
}

static const struct column *find_column(const struct kind_desc *k,
					const char *key)
{
	for (size_t i = 0; i < k->ncolumns; i++)
		if (strcmp(k->columns[i].name, key) == 0)
			return &k->columns[i];
	return NULL;
}

/* 1 when the column name belongs to kind k and to no other kind. */
static int distinctive(const struct kind_desc *k, const char *key)
{
	if (!find_column(k, key))
		return 0;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (&kinds[i] != k && find_column(&kinds[i], key))
			return 0;
	return 1;
}

/* The state of one pass over one file. */
struct pass {
	store *st;
	const struct import_options *opt;
	const char *name;
	struct diag *d;
	enum log_kind kind;
	const struct kind_desc *desc;
	const struct column **map;    /* per header field; NULL = ignored */
	size_t nmap;
	char delimiter;
	int64_t import_id;
	struct import_counts counts;
	int failed;                   /* an invalid row: stop writing */
	int fatal;                    /* the store failed */
	int restart;                  /* keys were forgotten too early */
	int allow_forget;
	/* Rows seen per (athlete, date, time), for the key's seq. */
	struct u64map seen;
	uint64_t key_memory;
	int32_t max_day;
	int32_t horizon;              /* keys of days before it were dropped */
	int have_horizon;
};

/* Keys of one file kept before those of past days are dropped: small
 * enough to stay in the processor's cache. */
#define IMPORT_KEY_MEMORY 16384

#define PASS_RESTART (-2)
#define PASS_FATAL (-3)

static enum log_kind detect_kind(struct pass *p, const struct csv_row *row)
{
	size_t score[sizeof(kinds) / sizeof(kinds[0])] = { 0 };
	size_t best = 0, nbest = 0, ibest = 0;
	char key[64];

	for (size_t f = 0; f < row->count; f++) {
		if (import_header_key(row->fields[f].s, row->fields[f].len, key,
				      sizeof(key)) >= sizeof(key))
			continue;
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			score[i] += (size_t)distinctive(&kinds[i], key);
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (score[i] > best) {
			best = score[i];
			nbest = 1;
			ibest = i;
		} else if (score[i] == best && best) {
			nbest++;
		}
	}
	if (nbest != 1) {
		diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
			 "cannot tell from the header whether this is a "
			 "training, hydration or diet log; use --kind");
		return KIND_NONE;
	}
	return kinds[ibest].kind;
}

static int on_header(struct pass *p, const struct csv_row *row)
{
	char key[64];
	int bad = 0;

	if (p->kind == KIND_NONE && (p->kind = detect_kind(p, row)) == KIND_NONE)
		return -1;
	p->desc = kind_desc(p->kind);
	if (!(p->map = calloc(row->count ? row->count : 1, sizeof(*p->map)))) {
		diag_error(p->d, "out of memory");
		return PASS_FATAL;
	}
	p->nmap = row->count;
	for (size_t f = 0; f < row->count; f++) {
		const struct csv_field *h = &row->fields[f];
		const struct column *c;

		if (h->len == 0) {
			if (f + 1 < row->count)
				diag_add(p->d, DIAG_WARNING, p->name, h->line,
					 f + 1, "a column without a name is "
					 "ignored");
			continue;
		}
		if (import_header_key(h->s, h->len, key, sizeof(key)) >=
		    sizeof(key) || !(c = find_column(p->desc, key))) {
			struct strbuf sb = STRBUF_INIT;

			if (text_add_printable(&sb, h->s, h->len, SHOWN_VALUE) == 0)
				diag_add(p->d, DIAG_WARNING, p->name, h->line,
					 f + 1, "unknown column '%s' is ignored",
					 sb.buf);
			strbuf_release(&sb);
			continue;
		}
		for (size_t g = 0; g < f; g++) {
			if (p->map[g] && p->map[g]->offset == c->offset) {
				bad = diag_add(p->d, DIAG_ERROR, p->name,
					       h->line, f + 1, "%s repeats %s "
					       "(column %zu): keep one of them",
					       c->name, p->map[g]->name, g + 1);
				c = NULL;
				break;
			}
		}
		p->map[f] = c;
	}
	for (size_t i = 0; i < p->desc->ncolumns; i++) {
		const struct column *c = &p->desc->columns[i];
		int found = 0;

		if (!(c->flags & COL_REQUIRED))
			continue;
		for (size_t f = 0; f < p->nmap; f++)
			found |= p->map[f] == c;
		if (!found)
			bad = diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
				       "missing required column '%s' for a %s "
				       "log", c->name, model_kind_name(p->kind));
	}
	return bad;
}

static int field_error(struct pass *p, const struct csv_row *row, size_t f,
		       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reports that field f holds no value of the column's kind: "'VALUE' is
 * not WHAT", with the value made safe to print. */
static int value_error(struct pass *p, const struct csv_row *row, size_t f,
		       const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	r = text_add_printable(&sb, row->fields[f].s, row->fields[f].len,
			       SHOWN_VALUE);
	r = r < 0 ? -1 : field_error(p, row, f, "'%s' is not %s", sb.buf, what);
	strbuf_release(&sb);
	return -1;
}

static int field_error(struct pass *p, const struct csv_row *row, size_t f,
		       const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	if (strbuf_vaddf(&sb, fmt, ap) < 0) {
		va_end(ap);
		p->d->oom = 1;
		return -1;
	}
	va_end(ap);
	diag_add(p->d, DIAG_ERROR, p->name, row->fields[f].line, f + 1,
		 "%s: %s", p->map[f] ? p->map[f]->name : "?", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* Parses one field into the row; -1 after reporting what is wrong. */
static int parse_field(struct pass *p, const struct csv_row *row, size_t f,
		       const struct column *c, union any_row *out)
{
	const struct csv_field *v = &row->fields[f];
	char *dst = (char *)out + c->offset;
	int32_t day;
	double x;

	switch (c->type) {
	case COL_ATHLETE:
		if (v->len > MAX_ATHLETE)
			return field_error(p, row, f, "a name longer than %d "
					   "bytes", MAX_ATHLETE);
		if (text_find_control(v->s, v->len) != v->len)
			return field_error(p, row, f, "a control character "
					   "(such as a line break) in a name");
		*(const char **)(void *)dst = v->s;
		return 0;
	case COL_TEXT:
	case COL_NOTES:
		if (v->len > MAX_TEXT)
			return field_error(p, row, f, "text longer than %d bytes",
					   MAX_TEXT);
		if (c->type == COL_TEXT &&
		    text_find_control(v->s, v->len) != v->len)
			return field_error(p, row, f, "a control character "
					   "(such as a line break)");
		*(const char **)(void *)dst = v->s;
		return 0;
	case COL_DATE:
		if (calendar_parse_date(v->s, v->len, &day) < 0)
			return value_error(p, row, f, "a date YYYY-MM-DD "
					   "between 1900-01-01 and 2199-12-31");
		memcpy(dst, v->s, 10);
		dst[10] = '\0';
		return 0;
	case COL_TIME:
		if (value_parse_time(v->s, v->len, dst) < 0)
			return value_error(p, row, f, "a time of day HH:MM "
					   "or HH:MM:SS");
		return 0;
	case COL_BOOL:
		if (value_parse_bool(v->s, v->len, (int *)(void *)dst) < 0)
			return value_error(p, row, f, "yes or no");
		return 0;
	case COL_SIDE:
		if (value_parse_side(v->s, v->len,
				     (enum cramp_side *)(void *)dst) < 0)
			return value_error(p, row, f, "left, right or both");
		return 0;
	case COL_NUMBER:
	case COL_INTEGER:
		if (value_parse_number(v->s, v->len, p->delimiter != ',',
				       &x) < 0)
			return value_error(p, row, f, p->delimiter == ',' ?
					   "a number" : "a number (decimal point "
					   "or comma)");
		if (c->type == COL_INTEGER && x != floor(x))
			return value_error(p, row, f, "a whole number");
		x = units_to_store(c->unit, x);
		if (!(x >= c->min && x <= c->max)) {
			/* v->s is a number here: safe to print. */
			if (c->unit != UNIT_NONE)
				return field_error(p, row, f, "%s %s is %.4g %s, "
						   "outside %g to %g %s", v->s,
						   units_name(c->unit), x,
						   c->store_unit, c->min, c->max,
						   c->store_unit);
			return field_error(p, row, f, "%s is outside %g to %g%s%s",
					   v->s, c->min, c->max,
					   *c->store_unit ? " " : "",
					   c->store_unit);
		}
		*(double *)(void *)dst = x;
		return 0;
	}
	return -1;
}

/* Drops the keys of days before the latest, once there are many. */
static int keep_recent(uint64_t key, uint64_t value, void *arg)
{
	int32_t horizon = *(int32_t *)arg;

	(void)value;
	return (int32_t)((key >> 17) & 0x1ffff) >= horizon;
}

/* The seq of a row: how many rows of this file came before it with the
 * same athlete, date and time. */
static int next_seq(struct pass *p, int64_t athlete_id, const char *date,
		    const char *time, unsigned *seq)
{
	int32_t day, rel;
	uint64_t key, *count;
	unsigned slot = 0;

	if (calendar_parse_date(date, 10, &day) < 0)
		return -1;
	rel = day - calendar_days_from_civil(CALENDAR_MIN_YEAR, 1, 1);
	if (time[0])
		slot = 1 + (unsigned)((time[0] - '0') * 36000 +
				      (time[1] - '0') * 3600 +
				      (time[3] - '0') * 600 + (time[4] - '0') * 60 +
				      (time[6] - '0') * 10 + (time[7] - '0'));
	if (p->have_horizon && rel < p->horizon) {
		p->restart = 1;
		return PASS_RESTART;
	}
	if (rel > p->max_day)
		p->max_day = rel;
	key = ((uint64_t)athlete_id << 34) | ((uint64_t)rel << 17) | slot;
	if (!(count = u64map_slot(&p->seen, key))) {
		diag_error(p->d, "out of memory");
		return PASS_FATAL;
	}
	*seq = (unsigned)(*count)++;
	if (p->allow_forget && p->seen.count > p->key_memory) {
		p->horizon = p->max_day;
		p->have_horizon = 1;
		if (u64map_filter(&p->seen, keep_recent, &p->horizon) < 0) {
			diag_error(p->d, "out of memory");
			return PASS_FATAL;
		}
		/* A day with more keys than the memory: make room, so that
		 * filtering stays rare. */
		if (p->seen.count * 2 > p->key_memory)
			p->key_memory *= 2;
	}
	return 0;
}

static int on_data(struct pass *p, const struct csv_row *row)
{
	const struct kind_desc *k = p->desc;
	union any_row r;
	enum store_outcome outcome;
	int64_t athlete_id;
	const char *athlete;
	unsigned seq;
	int bad = row->bad_utf8;
	size_t filled = 0;
	int rc;

	/* A row of empty cells (",,,," as spreadsheets leave) is a blank
	 * line, not a row. */
	for (size_t f = 0; f < row->count; f++)
		filled += row->fields[f].len != 0;
	if (!filled && !bad)
		return 0;
	p->counts.rows++;
	init_row(p->kind, &r);
	for (size_t f = 0; f < row->count; f++) {
		const struct column *c = f < p->nmap ? p->map[f] : NULL;

		if (f >= p->nmap) {
			if (row->fields[f].len) {
				diag_add(p->d, DIAG_ERROR, p->name,
					 row->fields[f].line, f + 1,
					 "a value beyond the header's %zu "
					 "columns", p->nmap);
				bad = 1;
				break;
			}
			continue;
		}
		if (!c || row->bad_utf8)
			continue;
		if (row->fields[f].len == 0) {
			if (c->flags & COL_REQUIRED)
				bad = field_error(p, row, f, "a value is "
						  "required");
			continue;
		}
		if (parse_field(p, row, f, c, &r) < 0)
			bad = 1;
	}
	/* A short row: required values past its end. */
	for (size_t f = row->count; f < p->nmap && !bad; f++)
		if (p->map[f] && (p->map[f]->flags & COL_REQUIRED))
			bad = diag_add(p->d, DIAG_ERROR, p->name, row->line,
				       f + 1, "%s: a value is required, but the "
				       "row ends before it", p->map[f]->name);
	if (bad) {
		p->counts.rejected++;
		if (!p->opt->skip_invalid)
			p->failed = 1;
		return 0;
	}
	if (p->failed)
		return 0;
	athlete = *(const char *const *)(const void *)((const char *)&r +
							k->athlete_offset);
	if (store_athlete(p->st, athlete, strlen(athlete), &athlete_id,
			  p->d) < 0)
		return PASS_FATAL;
	if ((uint64_t)athlete_id >= (1u << 30)) {
		diag_error(p->d, "too many athletes in one database");
		return PASS_FATAL;
	}
	rc = next_seq(p, athlete_id, (const char *)&r + k->date_offset,
		      (const char *)&r + k->time_offset, &seq);
	if (rc < 0)
		return rc;
	if (put_row(p->st, p->kind, p->import_id, athlete_id, &r, seq,
		    &outcome, p->d) < 0)
		return PASS_FATAL;
	switch (outcome) {
	case STORE_ADDED: p->counts.added++; break;
	case STORE_UPDATED: p->counts.updated++; break;
	default: p->counts.unchanged++; break;
	}
	return 0;
}

static int on_row(const struct csv_row *row, void *arg)
{
	struct pass *p = arg;
	int rc;

	if (row->index == 0) {
		if (row->bad_utf8)
			return -1;
		rc = on_header(p, row);
		if (rc < 0)
			return rc;
		if (store_import_start(p->st, p->name, p->kind, &p->import_id,
				       p->d) < 0)
			return PASS_FATAL;
		return 0;
	}
	return on_data(p, row);
}

static void on_progress(uint64_t done, uint64_t total, void *arg)
{
	const struct pass *p = arg;

	if (p->opt->progress)
		p->opt->progress(p->name, done, total, p->counts.rows,
				 p->opt->progress_arg);
}

/* One pass over the file, in a transaction of its own. */
static enum import_status run_pass(struct pass *p, int fd, uint64_t size)
{
	struct csv_reader_options ro = {
		.name = p->name,
		.row = on_row,
		.progress = on_progress,
		.arg = p,
		.total_bytes = size,
	};
	int rc;

	if (store_begin(p->st, p->d) < 0)
		return IMPORT_STORE_ERROR;
	rc = csv_reader_run(fd, &ro, &p->delimiter, p->d);
	if (rc == PASS_RESTART) {
		store_rollback(p->st);
		return IMPORT_OK;
	}
	if (rc == PASS_FATAL || p->d->oom) {
		store_rollback(p->st);
		return IMPORT_STORE_ERROR;
	}
	if (rc < 0 || !p->desc) {
		if (!p->desc && rc == 0)
			diag_add(p->d, DIAG_ERROR, p->name, 1, 0,
				 "the file is empty: a header line is needed");
		store_rollback(p->st);
		/* A read error is not a data error. */
		return rc == CSV_READER_IO_ERROR ? IMPORT_IO_ERROR :
		       IMPORT_REJECTED;
	}
	if (p->failed) {
		/* Nothing of the file was written. */
		store_rollback(p->st);
		p->counts.added = p->counts.updated = p->counts.unchanged = 0;
		return IMPORT_REJECTED;
	}
	if (store_import_finish(p->st, p->import_id, &p->counts, p->d) < 0) {
		store_rollback(p->st);
		return IMPORT_STORE_ERROR;
	}
	if (p->opt->dry_run) {
		store_rollback(p->st);
		return IMPORT_OK;
	}
	if (store_commit(p->st, p->d) < 0)
		return IMPORT_STORE_ERROR;
	return IMPORT_OK;
}

static void pass_release(struct pass *p)
{
	free(p->map);
	p->map = NULL;
	u64map_release(&p->seen);
}

enum import_status import_file(store *st, const char *path,
			       const struct import_options *opt,
			       struct import_result *result, struct diag *d)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	struct diag local = DIAG_INIT;
	enum import_status status;
	struct stat sb;
	uint64_t size = 0;
	int fd, allow_forget;

	memset(result, 0, sizeof(*result));
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_add(d, DIAG_ERROR, name, 0, 0, "cannot open: %s",
			 strerror(errno));
		return IMPORT_NO_INPUT;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		size = (uint64_t)sb.st_size;
	else if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		diag_add(d, DIAG_ERROR, name, 0, 0, "is a directory");
		close(fd);
		return IMPORT_NO_INPUT;
	}
	/* Forgetting the keys of past days needs a second pass when a file
	 * turns out not to be in date order, so only a seekable file may. */
	allow_forget = !is_stdin && S_ISREG(sb.st_mode);
	for (;;) {
		struct pass p;

		memset(&p, 0, sizeof(p));
		p.st = st;
		p.opt = opt;
		p.name = name;
		p.d = &local;
		local.max = d->max;
		p.kind = opt->kind;
		p.allow_forget = allow_forget;
		p.key_memory = opt->key_memory_rows ? opt->key_memory_rows :
			       IMPORT_KEY_MEMORY;
		u64map_init(&p.seen);
		status = run_pass(&p, fd, size);
		result->kind = p.kind;
		result->counts = p.counts;
		result->delimiter = p.delimiter;
		pass_release(&p);
		if (!(status == IMPORT_OK && p.restart))
			break;
		/* Out of date order: read again, keeping every key. */
		diag_release(&local);
		allow_forget = 0;
		if (lseek(fd, 0, SEEK_SET) < 0) {
			diag_add(d, DIAG_ERROR, name, 0, 0, "cannot read: %s",
				 strerror(errno));
			status = IMPORT_IO_ERROR;
			break;
		}
	}
	diag_move(d, &local);
	if (!is_stdin)
		close(fd);
	return status;
}
