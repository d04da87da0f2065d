/*
 * The import of a file into the store, in one pass over it (a second when
 * a large file turns out not to be in date order, then sorted whole by
 * the writer): the header mapped to
 * the columns of its format (formats.c), each row's fields parsed
 * (fields.c), numbered under its natural key and handed to the writer
 * (batch.c), in one transaction per file.
 */
#include "pass.h"
#include "calendar.h"
#include "local_zone.h"
#include "text.h"
#include "value.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void init_row(enum log_kind kind, union any_row *row)
{
	switch (kind) {
	case KIND_TRAINING: model_training_init(&row->training); break;
	case KIND_HYDRATION: model_hydration_init(&row->hydration); break;
	default: model_diet_init(&row->diet); break;
	}
}

/* Whether a hydration or diet row holds any value besides its key (and a
 * meal's name). */
static int row_has_values(enum log_kind kind, const union any_row *row)
{
	const struct hydration_row *h = &row->hydration;
	const struct diet_row *d = &row->diet;

	if (kind == KIND_HYDRATION)
		return !isnan(h->fluid_ml) || !isnan(h->sodium_mg) ||
		       !isnan(h->potassium_mg) || !isnan(h->urine_color) ||
		       !isnan(h->usg) || !isnan(h->body_mass_kg) ||
		       !isnan(h->soreness) || !isnan(h->sleep_h);
	if (kind == KIND_DIET)
		return !isnan(d->energy_kcal) || !isnan(d->carbs_g) ||
		       !isnan(d->protein_g) || !isnan(d->fat_g) ||
		       !isnan(d->sodium_mg) || !isnan(d->potassium_mg) ||
		       !isnan(d->fluid_ml);
	return 1;
}

/* The column of an app's date and time: p->nmap when it has none. */
static size_t datetime_column(const struct pass *p)
{
	size_t f = 0;

	while (f < p->nmap && !(p->map[f] && p->map[f]->type == COL_DATETIME))
		f++;
	return f;
}

/* An app's UTC times are put in TZ's zone: a TZ the C library does not
 * know would leave them in UTC without a word. -1 after a message at the
 * date column. */
static int zone_unknown(struct pass *p, const struct csv_row *row)
{
	const char *tz = getenv("TZ");
	struct strbuf sb = STRBUF_INIT;
	size_t f = datetime_column(p);

	if (local_zone_known(tz, getenv("TZDIR")))
		return 0;
	text_add_printable(&sb, tz, strlen(tz), SHOWN_VALUE);
	diag_add(p->d, DIAG_ERROR, p->name, row->line, f < p->nmap ? f + 1 : 0,
		 "%s: a %s gives UTC times, to be put in the TZ time zone, but "
		 "TZ '%s' is no zone this system knows: set TZ to one such as "
		 "Europe/Oslo, or unset it for the system's", f < p->nmap ?
		 p->map[f]->name : "date", p->desc->title, sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* An app export does not say its units: without --units, those last
 * given for this athlete's exports of the app hold. -1 when the store
 * failed. */
static int remembered_units(struct pass *p)
{
	int imperial, rc;

	p->imperial = p->opt->imperial;
	if (p->opt->units_given)
		return 0;
	rc = store_app_units(p->st, p->opt->athlete, p->desc->name, &imperial,
			     p->d);
	if (rc == 1 && imperial) {
		p->imperial = 1;
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "read in imperial "
			 "units (miles, pounds), as last given for %s's %s: "
			 "--units metric if this one is not", p->opt->athlete,
			 p->desc->title);
	}
	return rc < 0 ? -1 : 0;
}

/* After an app export's rows: its units remembered when --units gave
 * them, and its body masses checked against what the database knows of
 * the athlete (a file in pounds read as kg is about 2.2 times too heavy).
 * -1 when the store failed. */
static int check_units(struct pass *p)
{
	const double lb = 2.2046226;
	double known, ratio;
	int rc;

	if (p->opt->units_given && !p->opt->dry_run &&
	    store_set_app_units(p->st, p->opt->athlete, p->desc->name,
				p->imperial, p->d) < 0)
		return -1;
	if (!p->mass_n)
		return 0;
	rc = store_usual_body_mass(p->st, p->opt->athlete, p->import_id,
				   &known, p->d);
	if (rc <= 0)
		return rc;
	ratio = p->mass_sum / (double)p->mass_n / known;
	if (!p->imperial && ratio > lb * 0.85 && ratio < lb * 1.15)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "body mass: read "
			 "as kg, this file's weights average %.1f kg, %.1f "
			 "times the %.1f kg the database knows of %s: if the "
			 "file is in pounds, import it again with --units "
			 "imperial", p->mass_sum / (double)p->mass_n, ratio,
			 known, p->opt->athlete);
	else if (p->imperial && ratio > 0.85 / lb && ratio < 1.15 / lb)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "body mass: read "
			 "as pounds, this file's weights average %.1f kg, "
			 "%.2f times the %.1f kg the database knows of %s: if "
			 "the file is in kg, import it again with --units "
			 "metric", p->mass_sum / (double)p->mass_n, ratio,
			 known, p->opt->athlete);
	return 0;
}

static int on_header(struct pass *p, const struct csv_row *row)
{
	char key[64];
	int bad = 0, app;

	if (!(p->desc = format_detect(p, row)))
		return -1;
	p->kind = p->desc->kind;
	app = (p->desc->flags & FMT_APP) != 0;
	if (app && !p->opt->athlete)
		return diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
				"this is a %s, which names no athlete: give "
				"--athlete NAME", p->desc->title);
	if (!app && (p->opt->athlete || p->opt->team))
		return diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
				"--%s is for app exports; this %s names "
				"its athletes in its athlete column%s",
				p->opt->athlete ? "athlete" : "team",
				p->desc->title, p->opt->athlete ? "" :
				" (and their teams in a team column)");
	if (app && remembered_units(p) < 0)
		return PASS_FATAL;
	p->map = xcalloc(row->count ? row->count : 1, sizeof(*p->map));
	p->nmap = row->count;
	for (size_t f = 0; f < row->count; f++) {
		const struct csv_field *h = &row->fields[f];
		const struct column *c;
		unsigned nth = 0;

		if (h->len == 0) {
			if (f + 1 < row->count && !app)
				diag_add(p->d, DIAG_WARNING, p->name, h->line,
					 f + 1, "a column without a name is "
					 "ignored");
			continue;
		}
		if (import_header_key(h->s, h->len, key, sizeof(key)) >= sizeof(key))
			key[0] = '\0';
		/* Apps repeat some names (Strava: "Distance" in the account's
		 * units, then in metres): which one this is. */
		for (size_t g = 0; app && *key && g < f; g++) {
			char other[64];

			if (import_header_key(row->fields[g].s, row->fields[g].len,
					      other, sizeof(other)) < sizeof(other) &&
			    strcmp(other, key) == 0)
				nth++;
		}
		if (!*key || !(c = format_find_column(p->desc, key, nth))) {
			struct strbuf sb = STRBUF_INIT;

			/* An app's other columns are expected, unless no
			 * export of it was seen with them: a value may hide
			 * there under a name cramplog does not know. */
			if (!app || !format_known_column(p->desc, key)) {
				text_add_printable(&sb, h->s, h->len, SHOWN_VALUE);
				if (app)
					diag_add(p->d, DIAG_WARNING, p->name,
						 h->line, f + 1, "column '%s' is "
						 "not one cramplog knows in a %s: "
						 "not stored", sb.buf,
						 p->desc->title);
				else
					diag_add(p->d, DIAG_WARNING, p->name,
						 h->line, f + 1, "unknown column "
						 "'%s' is ignored", sb.buf);
			}
			strbuf_release(&sb);
			continue;
		}
		for (size_t g = 0; g < f; g++) {
			if (!p->map[g] || p->map[g]->offset != c->offset ||
			    (p->map[g]->flags & COL_ALSO) != (c->flags & COL_ALSO) ||
			    format_stores_nothing(c) || format_stores_nothing(p->map[g]))
				continue;
			if (app && (c->flags & COL_DURATION))
				continue;   /* each a candidate */
			if (app) {
				/* The first name in the format's list wins. */
				if (p->map[g] < c)
					c = NULL;
				else
					p->map[g] = NULL;
				break;
			}
			bad = diag_add(p->d, DIAG_ERROR, p->name, h->line, f + 1,
				       "%s repeats %s (column %zu): keep one of "
				       "them", c->name, p->map[g]->name, g + 1);
			c = NULL;
			break;
		}
		p->map[f] = c;
	}
	p->required = xcalloc(p->nmap ? p->nmap : 1, 1);
	for (size_t i = 0; i < p->desc->ncolumns; i++) {
		const struct column *c = &p->desc->columns[i];
		int found = 0;

		if (!(c->flags & COL_REQUIRED))
			continue;
		/* Any of the names of the value will do, and is then required
		 * in every row. */
		for (size_t f = 0; f < p->nmap; f++) {
			if (format_same_value(p->map[f], c)) {
				found = 1;
				/* Of several durations, one will do (on_data). */
				p->required[f] = !(c->flags & COL_DURATION);
			}
		}
		if (!found)
			bad = diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
				       "missing required column '%s' for a %s",
				       c->name, p->desc->title);
	}
	if (!bad && (p->desc->flags & FMT_UTC))
		bad = zone_unknown(p, row);
	return bad;
}

/* Says that the row's UTC date and time fall in year, outside the
 * calendar's years, in the local time zone (Strava's 2199-12-31 23:30
 * is in 2200 in Oslo); -1. */
static int zone_outside(struct pass *p, const struct csv_row *row,
			const char *date, const char *time, int year)
{
	const char *tz = getenv("TZ");
	struct strbuf sb = STRBUF_INIT;
	size_t f = datetime_column(p);

	if (tz && *tz) {
		strbuf_addstr(&sb, "TZ '");
		text_add_printable(&sb, tz, strlen(tz), SHOWN_VALUE);
		strbuf_addch(&sb, '\'');
	} else {
		strbuf_addstr(&sb, "the system's");
	}
	if (f < p->nmap && f < row->count)
		field_error(p, row, f, "%s %s UTC is in the year %d in the local "
			    "time zone (%s), outside %d to %d", date, time, year,
			    sb.buf, CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR);
	else
		diag_add(p->d, DIAG_ERROR, p->name, row->line, 0, "%s %s UTC is "
			 "in the year %d in the local time zone (%s), outside "
			 "%d to %d", date, time, year, sb.buf,
			 CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR);
	strbuf_release(&sb);
	return -1;
}

/* Counts a row found invalid (its problems already said): with
 * --skip-invalid it is left out, else nothing of the file is written. */
static int reject_row(struct pass *p)
{
	p->counts.rejected++;
	if (!p->opt->skip_invalid)
		p->failed = 1;
	return 0;
}

/* An app's way of writing that a value is missing. */
static int app_missing(const struct csv_field *v)
{
	return (v->len == 2 && memcmp(v->s, "--", 2) == 0) ||
	       (v->len == 8 && memcmp(v->s, "--:--:--", 8) == 0);
}

/* A summary row some exports end with ("Total", "Totals", "Summary"). */
static int summary_row(const struct csv_row *row)
{
	const struct csv_field *v = row->count ? &row->fields[0] : NULL;

	return v && (text_eq_ascii_nocase(v->s, v->len, "total") ||
		     text_eq_ascii_nocase(v->s, v->len, "totals") ||
		     text_eq_ascii_nocase(v->s, v->len, "summary"));
}

/* The file's number for the athlete called name, matched as the store
 * matches names (case-insensitively); -1 after a message. */
static int64_t file_athlete(struct pass *p, const char *name)
{
	int64_t id;
	char err[256];

	if (athlete_numbers_get(&p->athletes, name, strlen(name), &id, err,
				sizeof(err)) < 0) {
		diag_error(p->d, "%s: cannot number the file's athletes: %s",
			   p->name, err);
		return -1;
	}
	return id;
}

/* The seq of a row: how many rows of this file came before it with the
 * same athlete, date and time. */
static int next_seq(struct pass *p, int64_t athlete_id, const char *date,
		    const char *time, unsigned *seq)
{
	int32_t day;
	unsigned slot = 0;
	char err[256];
	int rc;

	if (calendar_parse_date(date, 10, &day) < 0)
		return -1;
	day -= calendar_days_from_civil(CALENDAR_MIN_YEAR, 1, 1);
	if (time[0])
		slot = 1 + (unsigned)((time[0] - '0') * 36000 +
				      (time[1] - '0') * 3600 +
				      (time[3] - '0') * 600 + (time[4] - '0') * 60 +
				      (time[6] - '0') * 10 + (time[7] - '0'));
	rc = key_counter_next(&p->keys, (uint64_t)athlete_id, day, slot, seq,
			      err, sizeof(err));
	if (rc == KEY_COUNTER_BEHIND) {
		p->restart = PASS_AGAIN_KEYS;
		return PASS_RESTART;
	}
	if (rc < 0) {
		diag_error(p->d, "%s: cannot count the file's keys in a "
			   "temporary file: %s", p->name, err);
		return PASS_FATAL;
	}
	return 0;
}

/* Whether v names metric: "Weight", or "Weight (Garmin)" as synced from
 * elsewhere, in any case. */
static int is_metric(const struct csv_field *v, const char *metric)
{
	size_t m = strlen(metric);

	return v->len >= m && text_eq_ascii_nocase(v->s, m, metric) &&
	       (v->len == m || (v->len > m + 2 && v->s[m] == ' ' &&
				v->s[m + 1] == '(' && v->s[v->len - 1] == ')'));
}

/* A nutrient of 0 beside a meal of MEAL_KCAL or more (COL_ZERO_IN_MEAL)
 * is not recorded: unknown. */
static void unrecorded_zeros(const struct pass *p, struct diet_row *r)
{
	if (!(r->energy_kcal >= MEAL_KCAL))
		return;
	for (size_t f = 0; f < p->nmap; f++) {
		const struct column *c = p->map[f];
		double *v;

		if (!c || !(c->flags & COL_ZERO_IN_MEAL))
			continue;
		v = (double *)(void *)((char *)r + c->offset);
		if (*v == 0)
			*v = NAN;
	}
}

/* Whether the row is no data to parse (1): a blank line, a summary, a
 * metric not kept, a day's total, a workout planned but not done, each
 * counted; or a row of a unit cramplog cannot read, rejected. */
/* The row's date as the file writes it, "" without one. */
static void row_date(const struct pass *p, const struct csv_row *row,
		     const char **s, size_t *len)
{
	*s = "";
	*len = 0;
	for (size_t f = 0; f < p->nmap && f < row->count; f++)
		if (p->map[f] && p->map[f]->type == COL_DATE) {
			*s = row->fields[f].s;
			*len = row->fields[f].len;
			return;
		}
}

/* With diary group rows (group field f), whether the row is a day's Total
 * beside its meals (a row a meal, then the total: Cronometer), counted
 * and skipped; a day of a Total alone is kept, its intake. The date of
 * the last meal row is kept in p->meal_day. */
static int day_total(struct pass *p, const struct csv_row *row, size_t f)
{
	const char *date;
	size_t len;

	row_date(p, row, &date, &len);
	if (!text_eq_ascii_nocase(row->fields[f].s, row->fields[f].len,
				  "total")) {
		p->meal_day_len = len < sizeof(p->meal_day) ? len : 0;
		memcpy(p->meal_day, date, p->meal_day_len);
		return 0;
	}
	if (!len || len != p->meal_day_len || memcmp(date, p->meal_day, len))
		return 0;
	p->day_totals++;
	return 1;
}

static int skipped_row(struct pass *p, const struct csv_row *row)
{
	const struct format *k = p->desc;
	size_t filled = 0;

	/* A row of empty cells (",,,," as spreadsheets leave) is a blank
	 * line, not a row. */
	for (size_t f = 0; f < row->count; f++)
		filled += row->fields[f].len != 0;
	if (!filled && !row->bad)
		return 1;
	if ((k->flags & FMT_APP) && summary_row(row)) {
		diag_add(p->d, DIAG_WARNING, p->name, row->line, 1,
			 "a summary row is not a day's data: skipped");
		return 1;
	}
	/* Rows of one metric each: only the format's metric (a weight, in
	 * its own unit; hours of sleep). */
	p->row_unit = UNIT_NONE;
	for (size_t f = 0; f < p->nmap && f < row->count; f++) {
		const struct column *c = p->map[f];

		if (c && c->type == COL_METRIC_ROW &&
		    !is_metric(&row->fields[f], k->metric)) {
			p->other_metrics++;
			return 1;
		}
	}
	/* Columns of measurements: a row without the one kept (empty, or a
	 * 0 that means none). */
	for (size_t f = 0; f < p->nmap; f++) {
		const struct column *c = p->map[f];
		size_t others = 0;
		double x;

		if (!c || !(c->flags & COL_SKIP_OTHER) ||
		    (f < row->count && row->fields[f].len &&
		     !app_missing(&row->fields[f]) &&
		     !((c->flags & COL_ZERO_UNKNOWN) &&
		       value_parse_app_number(row->fields[f].s,
					      row->fields[f].len, &x) == 0 &&
		       x == 0)))
			continue;
		for (size_t g = 0; g < row->count; g++)
			others += g != f && row->fields[g].len &&
				  !app_missing(&row->fields[g]) &&
				  !(g < p->nmap && p->map[g] &&
				    (p->map[g]->type == COL_DATE ||
				     p->map[g]->type == COL_DATETIME));
		if (others)
			p->other_metrics++;
		else
			p->empty_rows++;
		return 1;
	}
	/* Then, of a weight, its unit (whatever the order of the columns). */
	for (size_t f = 0; f < p->nmap && f < row->count; f++) {
		const struct column *c = p->map[f];
		const struct csv_field *v = &row->fields[f];

		if (c && c->type == COL_MASS_UNIT) {
			if (text_eq_ascii_nocase(v->s, v->len, "lbs") ||
			    text_eq_ascii_nocase(v->s, v->len, "lb"))
				p->row_unit = UNIT_LB;
			else if (!text_eq_ascii_nocase(v->s, v->len, "kg")) {
				p->counts.rows++;
				field_value_error(p, row, f, "a unit of body "
						  "mass (kg, lb or lbs)");
				reject_row(p);
				return 1;
			}
		}
	}
	/* A workout planned but not done is no session; a day's total beside
	 * its meals is none of them (a day of a total alone is its intake). */
	for (size_t f = 0; f < p->nmap; f++) {
		const struct column *c = p->map[f];

		if (c && (c->flags & COL_GROUP) && f < row->count &&
		    day_total(p, row, f))
			return 1;

		if (c && (c->flags & COL_SKIP_EMPTY) &&
		    (f >= row->count || row->fields[f].len == 0 ||
		     app_missing(&row->fields[f]))) {
			p->skipped++;
			return 1;
		}
	}
	return 0;
}

/* Parses the row's fields into r (and also, a format's second kind of
 * row): 0; 1 when it is skipped (said); -1 when it is invalid (said). */
static int parse_row(struct pass *p, const struct csv_row *row,
		     union any_row *r, union any_row *also)
{
	const struct format *k = p->desc;
	int bad = row->bad;
	int rc;

	if ((k->flags & FMT_APP) && p->delimiter == ',')
		field_row_context(p, row);
	init_row(p->kind, r);
	if (k->also != KIND_NONE)
		init_row(k->also, also);
	/* The reader hands over no field past the header's. */
	p->dur_col = NULL;
	p->dur_given = p->dur_warned = 0;
	for (size_t f = 0; f < row->count; f++) {
		const struct column *c = p->map[f];

		if (!c || row->bad)
			continue;
		if (row->fields[f].len == 0 ||
		    ((k->flags & FMT_APP) && app_missing(&row->fields[f]))) {
			if (p->required[f])
				bad = field_error(p, row, f, "a value is "
						  "required");
			continue;
		}
		if (field_parse(p, row, f, c, (c->flags & COL_ALSO) ? also : r) < 0)
			bad = 1;
	}
	/* A short row: required values past its end. */
	for (size_t f = row->count; f < p->nmap && !bad; f++)
		if (p->required[f])
			bad = diag_add(p->d, DIAG_ERROR, p->name, row->line,
				       f + 1, "%s: a value is required, but the "
				       "row ends before it", p->map[f]->name);
	if (!bad && (rc = field_duration(p, row, r)) != 0) {
		if (rc > 0) {
			p->counts.rows--;
			return 1;
		}
		bad = 1;
	}
	return bad ? -1 : 0;
}

static int on_data(struct pass *p, const struct csv_row *row)
{
	const struct format *k = p->desc;
	union any_row r, also;
	int put_main = 1, put_also = 0;
	int64_t athlete_id;
	const char *athlete;
	unsigned seq;
	int rc, year;

	if (skipped_row(p, row))
		return 0;
	p->counts.rows++;
	if (row->count < row->header_named && !p->short_rows++) {
		p->short_line = row->count ? row->fields[row->count - 1].line :
				row->line;
		p->short_fields = row->count;
		p->short_of = row->header_named;
	}
	rc = parse_row(p, row, &r, &also);
	if (rc > 0)
		return 0;
	if (rc < 0)
		return reject_row(p);
	if (p->failed)
		return 0;
	if ((k->flags & FMT_APP) && p->kind == KIND_DIET)
		unrecorded_zeros(p, &r.diet);
	if ((k->flags & FMT_APP) && k->also == KIND_NONE &&
	    p->kind != KIND_TRAINING && !row_has_values(p->kind, &r)) {
		/* A day listed but not logged (Cronometer: "Completed" false,
		 * every value empty). */
		p->counts.rows--;
		p->empty_rows++;
		return 0;
	}
	if (k->flags & FMT_APP) {
		*(const char **)(void *)((char *)&r + k->athlete_offset) =
			p->opt->athlete;
		if (p->kind == KIND_TRAINING) {
			r.training.source = k->name;
			r.training.team = p->opt->team;
		} else if (p->kind == KIND_HYDRATION) {
			r.hydration.source = k->name;
			r.hydration.team = p->opt->team;
		} else {
			r.diet.source = k->name;
			r.diet.team = p->opt->team;
		}
	}
	/* Dated in UTC (Strava, whose sessions are training rows): the
	 * UTC start stays the activity's identity. */
	if ((k->flags & FMT_UTC) && p->kind == KIND_TRAINING &&
	    strlen(r.training.start_time) == 8) {
		memcpy(r.training.utc_start, r.training.date, 10);
		r.training.utc_start[10] = ' ';
		memcpy(r.training.utc_start + 11, r.training.start_time, 9);
	}
	if ((k->flags & FMT_UTC) &&
	    *((const char *)&r + k->time_offset) &&
	    value_utc_to_local((char *)&r + k->date_offset,
			       (char *)&r + k->time_offset, &year) < 0) {
		zone_outside(p, row, (const char *)&r + k->date_offset,
			     (const char *)&r + k->time_offset, year);
		return reject_row(p);
	}
	athlete = *(const char *const *)(const void *)((const char *)&r +
							k->athlete_offset);
	if ((athlete_id = file_athlete(p, athlete)) < 0)
		return PASS_FATAL;
	if ((uint64_t)athlete_id >= (1u << 30)) {
		diag_error(p->d, "too many athletes in one file");
		return PASS_FATAL;
	}
	seq = 0;
	rc = p->by_key ? 0 :
	     next_seq(p, athlete_id, (const char *)&r + k->date_offset,
		      (const char *)&r + k->time_offset, &seq);
	if (rc == -1) {
		/* Required columns make this impossible; say so if not. */
		diag_error(p->d, "%s:%lu: a row without a date", p->name,
			   row->line);
		return PASS_FATAL;
	}
	if (rc < 0)
		return rc;
	if (k->also != KIND_NONE) {
		/* Each kind of row only when the line gives it a value. */
		put_main = row_has_values(p->kind, &r);
		put_also = row_has_values(k->also, &also);
		if (!put_main && !put_also) {
			/* A day the export lists with nothing cramplog keeps. */
			p->counts.rows--;
			return 0;
		}
		memcpy(also.diet.date, (const char *)&r + k->date_offset,
		       sizeof(model_date));
		also.diet.athlete = athlete;
		also.diet.team = p->opt->team;
		also.diet.source = k->name;
	}
	if ((put_main && batch_writer_add(p->writer, p->kind, &r, athlete_id,
					  seq, 0) < 0) ||
	    (put_also && batch_writer_add(p->writer, k->also, &also,
					  athlete_id, seq, put_main) < 0))
		return PASS_FATAL;   /* a row refused: finish_writer says why */
	return 0;
}

/* The merge of a file sorted whole: done of total rows written. */
static void on_merged(uint64_t done, uint64_t total, void *arg)
{
	const struct pass *p = arg;

	if (p->opt->writing)
		p->opt->writing(p->name, done, total, p->opt->progress_arg);
}

static int on_row(const struct csv_row *row, void *arg)
{
	struct pass *p = arg;
	struct batch_options bo = { 0 };
	int rc;

	if (row->index == 0) {
		if (row->bad)
			return -1;
		rc = on_header(p, row);
		if (rc < 0)
			return rc;
		if (store_import_start(p->st, p->name, p->kind, &p->import_id,
				       p->d) < 0)
			return PASS_FATAL;
		/* A file read with every key (out of date order, or standard
		 * input) is sorted whole, and its keys numbered by the
		 * writer, unless a line may give two rows. */
		p->by_key = !p->keys.forget && p->desc->also == KIND_NONE;
		bo.bytes = p->opt->batch_bytes ? p->opt->batch_bytes :
			   p->by_key ? BATCH_BYTES_BY_KEY :
			   p->keys.forget ? BATCH_BYTES_DATE_ORDER :
			   BATCH_BYTES_ANY_ORDER;
		bo.by_key = p->by_key;
		bo.name = p->name;
		bo.merge_ways = p->opt->merge_ways;
		bo.merged = on_merged;
		bo.merged_arg = p;
		p->writer = batch_writer_new(p->st, p->import_id, &bo);
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

/* Stops the writer: the rows queued are written unless discard. */
static int finish_writer(struct pass *p, int discard)
{
	int rc = 0;

	if (p->writer)
		rc = batch_writer_finish(p->writer, discard, &p->counts, p->d);
	p->writer = NULL;
	return rc;
}

/* Rows shorter than the header are read with their missing cells
 * unknown: one warning, at the first, says how many there are. */
static void short_rows_warning(const struct pass *p)
{
	char more[64] = "";

	if (p->short_rows > 1)
		snprintf(more, sizeof(more), " (the first of %llu such rows)",
			 (unsigned long long)p->short_rows);
	diag_add(p->d, DIAG_WARNING, p->name, p->short_line, p->short_fields,
		 "the row ends early (%zu of %zu fields): the cells it lacks "
		 "are unknown%s", p->short_fields, p->short_of, more);
}

/* After the whole file: a number that reads two ways ("3.000") read
 * before the file showed its decimal mark, with the other, has the file
 * read again with the marks it showed (p->restart); a file that cannot be
 * read again fails, saying where. */
static void check_marks(struct pass *p)
{
	unsigned long line = 0;
	size_t f = 0;

	if (!field_marks_misread(p, &line, &f))
		return;
	if (p->rereadable) {
		p->restart = PASS_AGAIN_MARKS;
		return;
	}
	diag_add(p->d, DIAG_ERROR, p->name, line, f + 1, "%s: this number "
		 "reads two ways (decimal point or comma) and comes before "
		 "the first that shows the file's mark; a pipe cannot be "
		 "read a second time to settle it: import the file by its "
		 "name",
		 f < p->nmap && p->map[f] ? p->map[f]->name : "a column");
	p->failed = 1;
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
	int rc, frc;

	if (store_begin(p->st, p->d) < 0)
		return IMPORT_STORE_ERROR;
	rc = csv_reader_run(fd, &ro, &p->delimiter, p->d);
	if (rc == 0 && p->desc && (p->desc->flags & FMT_APP))
		check_marks(p);
	if (p->restart == PASS_AGAIN_MARKS)
		rc = PASS_RESTART;
	/* The rest is written unless the file failed; a row the database
	 * refused is a store error whatever else happened. */
	if ((frc = finish_writer(p, rc < 0 || !p->desc || p->failed)) < 0) {
		store_rollback(p->st);
		p->counts.added = p->counts.updated = p->counts.unchanged = 0;
		/* The sort's temporary file: this file's failure, not the
		 * database's (the next files go on). */
		return frc == BATCH_TEMP_FAILED ? IMPORT_IO_ERROR :
		       IMPORT_STORE_ERROR;
	}
	if (rc == PASS_RESTART) {
		store_rollback(p->st);
		return IMPORT_OK;
	}
	if (rc == PASS_FATAL) {
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
	if (p->other_metrics)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "%llu %s of other "
			 "metrics than %s skipped",
			 (unsigned long long)p->other_metrics,
			 p->other_metrics == 1 ? "row" : "rows", p->desc->metric);
	if (p->day_totals)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "%llu %s of a day's "
			 "total beside its meals skipped (the meals are stored)",
			 (unsigned long long)p->day_totals,
			 p->day_totals == 1 ? "row" : "rows");
	if (p->empty_rows)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "%llu %s without any "
			 "value (days not logged) skipped",
			 (unsigned long long)p->empty_rows,
			 p->empty_rows == 1 ? "row" : "rows");
	if (p->skipped)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "%llu %s without an "
			 "actual time (planned, not done) skipped",
			 (unsigned long long)p->skipped,
			 p->skipped == 1 ? "workout" : "workouts");
	if (p->short_rows)
		short_rows_warning(p);
	if (p->failed) {
		/* Nothing of the file was written. */
		store_rollback(p->st);
		p->counts.added = p->counts.updated = p->counts.unchanged = 0;
		return IMPORT_REJECTED;
	}
	if ((p->desc && (p->desc->flags & FMT_APP) && check_units(p) < 0) ||
	    store_import_finish(p->st, p->import_id, &p->counts, p->d) < 0) {
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
	free(p->required);
	p->required = NULL;
	key_counter_release(&p->keys);
	athlete_numbers_release(&p->athletes);
	strbuf_release(&p->fold);
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
	int fd, allow_forget, marks_known = 0;
	off_t start = -1;
	struct { char mark, col_mark[PASS_MARKS]; } marks;

	memset(result, 0, sizeof(*result));
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_add(d, DIAG_ERROR, name, 0, 0, "cannot open: %s",
			 strerror(errno));
		return IMPORT_NO_INPUT;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		/* Standard input may start past a file's first byte (a
		 * shell's read before it): a pass starts where it does. */
		start = lseek(fd, 0, SEEK_CUR);
		size = (uint64_t)sb.st_size -
		       (start > 0 && start <= sb.st_size ? (uint64_t)start : 0);
	} else if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
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
		key_counter_init(&p.keys, allow_forget, opt->key_memory_rows,
				 opt->spill_after_keys);
		athlete_numbers_init(&p.athletes, opt->athletes_in_memory);
		strbuf_init(&p.fold);
		/* Read again once at most for the marks, knowing them. */
		p.rereadable = !marks_known && S_ISREG(sb.st_mode) &&
			       start >= 0;
		if (marks_known) {
			p.mark = marks.mark;
			memcpy(p.col_mark, marks.col_mark, sizeof(p.col_mark));
		}
		status = run_pass(&p, fd, size);
		if (p.restart == PASS_AGAIN_MARKS) {
			marks_known = 1;
			marks.mark = p.mark;
			memcpy(marks.col_mark, p.col_mark, sizeof(p.col_mark));
		}
		result->kind = p.kind;
		result->format = p.desc ? p.desc->name : NULL;
		result->counts = p.counts;
		result->delimiter = p.delimiter;
		pass_release(&p);
		if (!(status == IMPORT_OK && p.restart))
			break;
		/* Out of date order: read again, sorted whole (or, for a
		 * file whose lines give two rows, keeping every key); or
		 * with the decimal marks the file showed. */
		diag_release(&local);
		if (p.restart == PASS_AGAIN_KEYS)
			allow_forget = 0;
		if (lseek(fd, start, SEEK_SET) < 0) {
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
