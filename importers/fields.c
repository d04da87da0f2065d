/*
 * The parsing of one field of a row: a value of its column's type, in the
 * file's decimal mark and the account's units, converted to the store's
 * unit and checked against the column's range; each problem said at its
 * place, FILE:LINE:COLUMN.
 */
#include "pass.h"
#include "app_dates.h"
#include "calendar.h"
#include "text.h"
#include "units.h"
#include "value.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#define MAX_TEXT 2000          /* bytes in a text value */
#define MAX_ATHLETE 200        /* bytes in an athlete's name */

int field_value_error(struct pass *p, const struct csv_row *row, size_t f,
		      const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	text_add_printable(&sb, row->fields[f].s, row->fields[f].len,
			   SHOWN_VALUE);
	field_error(p, row, f, "'%s' is not %s", sb.buf, what);
	strbuf_release(&sb);
	return -1;
}

int field_diag(struct pass *p, const struct csv_row *row, size_t f,
	       enum diag_level level, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_add(p->d, level, p->name, row->fields[f].line, f + 1,
		 "%s: %s", p->map[f] ? p->map[f]->name : "?", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* A candidate for the session's duration (COL_DURATION), x in minutes:
 * kept when plausible and preferred to the one kept so far; 0 is not
 * recorded; one outside the column's range (a watch left running for
 * days) is said and left. */
static int take_duration(struct pass *p, const struct csv_row *row, size_t f,
			 const struct column *c, double x)
{
	p->dur_given++;
	if (x == 0)
		return 0;
	if (!(x >= c->min && x <= c->max)) {
		if (p->dur_warned++)
			return 0;   /* once a row */
		/* row->fields[f] is a number or a clock here: safe to print. */
		field_diag(p, row, f, DIAG_WARNING, "%s is %.1f h, not a plausible duration "
			   "of one session (%g to %g h): not used",
			   row->fields[f].s, x / 60, c->min / 60, c->max / 60);
		return 0;
	}
	if (!p->dur_col || c < p->dur_col) {
		p->dur_col = c;
		p->dur = x;
	}
	return 0;
}

/* An app's date as a spreadsheet writes it ("1/27/2026", "7/4/2020
 * 15:36"): the file was saved again after the app exported it. Says so
 * (1), or 0 when the value is not such a date. */
static int resaved_date(struct pass *p, const struct csv_row *row, size_t f)
{
	const struct csv_field *v = &row->fields[f];
	size_t digits = 0, slashes = 0, i = 0;

	if (!(p->desc->flags & FMT_APP))
		return 0;
	for (; i < v->len && v->s[i] != ' '; i++) {
		if (v->s[i] == '/')
			slashes++;
		else if (v->s[i] >= '0' && v->s[i] <= '9')
			digits++;
		else
			return 0;
	}
	if (slashes != 2 || digits < 3)
		return 0;
	field_value_error(p, row, f, "a date as the app exports it: this file looks "
		    "saved again by a spreadsheet; export it again from the "
		    "app");
	return 1;
}

/* Reports a number x (raw as the file gives it, in unit) outside column c's
 * range; for a value in the account's units, which the file does not say,
 * names the --units that would make it one (262 read as kg is 118.8 kg
 * read as pounds). */
static int out_of_range(struct pass *p, const struct csv_row *row, size_t f,
			const struct column *c, enum unit unit, double raw,
			double x)
{
	/* row->fields[f] is a number here: safe to print. */
	const char *v = row->fields[f].s;
	enum unit other = UNIT_NONE;
	double alt;

	if (!p->imperial && (c->flags & COL_IMPERIAL_LB) && unit == UNIT_NONE)
		other = UNIT_LB;
	else if (!p->imperial && (c->flags & COL_IMPERIAL_MI) &&
		 unit == UNIT_NONE)
		other = UNIT_MILE;
	alt = units_to_store(other, raw);
	if (other != UNIT_NONE && alt >= c->min && alt <= c->max)
		return field_error(p, row, f, "%s is outside %g to %g %s; read "
				   "as %s (--units imperial) it would be %.4g %s",
				   v, c->min, c->max, c->store_unit,
				   units_name(other), alt, c->store_unit);
	if (unit != UNIT_NONE && !isfinite(x))
		return field_error(p, row, f, "%s %s is too large in %s, outside "
				   "%g to %g %s", v, units_name(unit),
				   c->store_unit, c->min, c->max, c->store_unit);
	if (unit != UNIT_NONE)
		return field_error(p, row, f, "%s %s is %.4g %s, outside %g to %g "
				   "%s", v, units_name(unit), x, c->store_unit,
				   c->min, c->max, c->store_unit);
	return field_error(p, row, f, "%s is outside %g to %g%s%s", v, c->min,
			   c->max, *c->store_unit ? " " : "", c->store_unit);
}

/* Reports a number no double holds (value_parse_number's rc): one too
 * large is outside column c's range; one too near 0 would be stored as
 * 0, which it does not say. -1. */
static int beyond_double(struct pass *p, const struct csv_row *row, size_t f,
			 const struct column *c, int rc)
{
	struct strbuf sb = STRBUF_INIT;

	text_add_printable(&sb, row->fields[f].s, row->fields[f].len,
			   SHOWN_VALUE);
	if (rc == VALUE_TOO_LARGE)
		field_error(p, row, f, "%s is a number too large for any "
			    "value, outside %g to %g%s%s", sb.buf, c->min,
			    c->max, *c->store_unit ? " " : "", c->store_unit);
	else
		field_error(p, row, f, "%s is a number too near 0 to be held: "
			    "write 0 if it means none", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* Notes that field f, a number that reads two ways, was read with mark
 * (0: as value_parse_app_number does, a point) before its column's own
 * mark was known. */
static void note_guess(struct pass *p, const struct csv_row *row, size_t f,
		       char mark)
{
	size_t slot = f < PASS_MARKS ? f : PASS_MARKS;
	int k = mark == ',';

	if (!(p->guessed[slot] & (1 << k))) {
		p->guessed[slot] |= (unsigned char)(1 << k);
		p->guess_line[slot][k] = row->line;
		p->guess_field[slot][k] = f;
	}
}

/* A number or a whole number, in the column's unit or the one the
 * account, the activity or the row gives, into the store's unit at dst
 * (a COL_DURATION candidate to take_duration); -1 after a message. */
static int parse_number(struct pass *p, const struct csv_row *row, size_t f,
			const struct column *c, char *dst)
{
	const struct csv_field *v = &row->fields[f];
	enum unit unit = c->unit;
	double x, raw;
	int rc;

	/* Apps write "1,337" inside quotes in ','-separated files,
	 * "1.337" when their decimal mark is a comma. */
	if ((p->desc->flags & FMT_APP) && p->delimiter == ',') {
		char own = f < PASS_MARKS ? p->col_mark[f] : 0;

		if (!own && value_mark_ambiguous(v->s, v->len))
			note_guess(p, row, f, p->mark);
		rc = value_parse_marked_number(v->s, v->len,
					       own ? own : p->mark, &x);
	} else
		rc = value_parse_number(v->s, v->len, p->delimiter != ',',
					&x);
	if (rc == VALUE_TOO_LARGE || rc == VALUE_TOO_SMALL)
		return beyond_double(p, row, f, c, rc);
	if (rc < 0)
		return field_value_error(p, row, f, p->delimiter == ',' ?
				   "a number" : "a number (decimal point "
				   "or comma)");
	if (c->type == COL_INTEGER && x != floor(x))
		return field_value_error(p, row, f, "a whole number");
	if ((c->flags & COL_IMPERIAL_MI) && p->imperial)
		unit = UNIT_MILE;
	if ((c->flags & COL_IMPERIAL_LB) && p->imperial)
		unit = UNIT_LB;
	if ((c->flags & COL_SWIM_M) && p->row_swim)
		unit = UNIT_METRE;
	if ((c->flags & COL_ZERO_UNKNOWN) && x == 0)
		return 0;   /* stays unknown */
	if (c->flags & COL_ROW_UNIT)
		unit = p->row_unit;
	raw = x;
	x = units_to_store(unit, x);
	if (c->flags & COL_DURATION)
		return take_duration(p, row, f, c, x);
	if (!(x >= c->min && x <= c->max) && (c->flags & COL_SENSOR)) {
		/* row->fields[f] is a number here: safe to print. */
		field_diag(p, row, f, DIAG_WARNING, "%s is outside %g to %g "
			   "%s, not a plausible reading: not stored",
			   row->fields[f].s, c->min, c->max, c->store_unit);
		return 0;
	}
	if (!(x >= c->min && x <= c->max))
		return out_of_range(p, row, f, c, unit, raw, x);
	if (c->flags & COL_IMPERIAL_LB) {
		p->mass_sum += x;
		p->mass_n++;
	}
	*(double *)(void *)dst = x;
	return 0;
}

/* Whether format k writes dates that name the month in the account's
 * language ("13 juil. 2026, 08:52:18", app_dates.h): Strava's only. */
static int names_months(const struct format *k)
{
	return k == &format_strava || k == &format_strava_2019;
}

int field_parse(struct pass *p, const struct csv_row *row, size_t f,
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
		if (!v->plain && text_find_control(v->s, v->len) != v->len)
			return field_error(p, row, f, "a control character "
					   "(such as a line break) in a name");
		*(const char **)(void *)dst = v->s;
		return 0;
	case COL_TEXT:
	case COL_NOTES:
		if (v->len > MAX_TEXT)
			return field_error(p, row, f, "text longer than %d bytes",
					   MAX_TEXT);
		if (c->type == COL_TEXT && !v->plain &&
		    text_find_control(v->s, v->len) != v->len)
			return field_error(p, row, f, "a control character "
					   "(such as a line break)");
		*(const char **)(void *)dst = v->s;
		return 0;
	case COL_DATETIME:
		if (value_parse_datetime(v->s, v->len, dst,
					 (char *)out + p->desc->time_offset) == 0 ||
		    (names_months(p->desc) &&
		     app_parse_named_month_datetime(v->s, v->len, dst,
				(char *)out + p->desc->time_offset) == 0))
			return 0;
		if (resaved_date(p, row, f))
			return -1;
		return field_value_error(p, row, f, names_months(p->desc) ?
				   "a date and time (such as 2026-04-23 "
				   "08:04:14, Oct 6, 2022, 11:19:20 PM, "
				   "20.09.2026, 14:12:12 or 13 juil. 2026, "
				   "08:52:18) between 1900 and 2199" :
				   "a date and time (such as 2026-04-23 "
				   "08:04:14, Oct 6, 2022, 11:19:20 PM or "
				   "20.09.2026, 14:12:12) between 1900 and 2199");
	case COL_METRIC_ROW:
	case COL_MASS_UNIT:
		return 0;   /* read before the row's values (on_data) */
	case COL_APPTIME:
		if (value_parse_app_time(v->s, v->len, dst) < 0)
			return field_value_error(p, row, f, "a time of day HH:MM, "
					   "HH:MM:SS or H:MM AM/PM");
		return 0;
	case COL_CLOCK:
		if (value_parse_clock(v->s, v->len, &x) < 0)
			return field_value_error(p, row, f, "a duration H:MM:SS or "
					   "M:SS");
		if (c->flags & COL_DURATION)
			return take_duration(p, row, f, c, x);
		if (!(x >= c->min && x <= c->max))
			return field_error(p, row, f, "%s is %.4g min, outside "
					   "%g to %g min", v->s, x, c->min, c->max);
		*(double *)(void *)dst = x;
		return 0;
	case COL_DATE:
		if (calendar_parse_date(v->s, v->len, &day) < 0) {
			if (resaved_date(p, row, f))
				return -1;
			return field_value_error(p, row, f, "a date YYYY-MM-DD "
					   "between 1900-01-01 and 2199-12-31");
		}
		memcpy(dst, v->s, 10);
		dst[10] = '\0';
		return 0;
	case COL_TIME:
		if (value_parse_time(v->s, v->len, dst) < 0)
			return field_value_error(p, row, f, "a time of day HH:MM "
					   "or HH:MM:SS");
		return 0;
	case COL_BOOL:
		if (value_parse_bool(v->s, v->len, (int *)(void *)dst) < 0)
			return field_value_error(p, row, f, "yes or no");
		return 0;
	case COL_SIDE:
		if (value_parse_side(v->s, v->len,
				     (enum cramp_side *)(void *)dst) < 0)
			return field_value_error(p, row, f, "left, right or both");
		return 0;
	case COL_NUMBER:
	case COL_INTEGER:
		return parse_number(p, row, f, c, dst);
	}
	return -1;
}


/* Stems of swimming in the activity types apps write, case folded:
 * English names and keys ("Pool Swim", "lap_swimming"), and da (no too:
 * "svøm"), de, es, fr, pt, it, nl, pl, hu, sv, cs, ru, zh, ja. Not "nata"
 * alone: "caminata" is a walk. */
static const char *const swim_stems[] = {
	"swim", "svøm", "schwimm", "natación", "natation", "natação", "nuoto",
	"zwem", "pływ", "úszás", "simning", "plavání", "плаван", "游泳",
	"スイム", "水泳",
};

/* Whether an activity type is a swim: it holds a stem of swim_stems
 * anywhere (compounds: "Bassängsimning", "Freiwasserschwimmen"). */
static int is_swim(struct pass *p, const struct csv_field *v)
{
	strbuf_reset(&p->fold);
	text_casefold(v->s, v->len, &p->fold);
	for (size_t i = 0; i < sizeof(swim_stems) / sizeof(swim_stems[0]); i++)
		if (strstr(p->fold.buf, swim_stems[i]))
			return 1;
	return 0;
}

void field_row_context(struct pass *p, const struct csv_row *row)
{
	p->row_swim = 0;
	for (size_t f = 0; f < p->nmap && f < row->count; f++)
		if (p->map[f] && (p->map[f]->flags & COL_SPORT))
			p->row_swim = is_swim(p, &row->fields[f]);
	for (size_t f = 0; f < row->count; f++) {
		const struct csv_field *v = &row->fields[f];

		if (f < PASS_MARKS && !p->col_mark[f])
			p->col_mark[f] = value_decimal_mark(v->s, v->len);
		if (!p->mark)
			p->mark = value_decimal_mark(v->s, v->len);
	}
}

int field_marks_misread(const struct pass *p, unsigned long *line,
			size_t *field)
{
	int found = 0;

	for (size_t slot = 0; slot <= PASS_MARKS; slot++) {
		char mark = slot < PASS_MARKS && p->col_mark[slot] ?
			    p->col_mark[slot] : p->mark;
		/* Read with the mark the column did not show. */
		int k = mark != ',';

		if (!(p->guessed[slot] & (1 << k)) ||
		    (found && p->guess_line[slot][k] >= *line))
			continue;
		*line = p->guess_line[slot][k];
		*field = p->guess_field[slot][k];
		found = 1;
	}
	return found;
}

int field_duration(struct pass *p, const struct csv_row *row,
		   union any_row *r)
{
	size_t first = p->nmap;

	for (size_t f = 0; f < p->nmap && first == p->nmap; f++)
		if (p->map[f] && (p->map[f]->flags & COL_DURATION))
			first = f;
	if (first == p->nmap)
		return 0;
	if (p->dur_col) {
		r->training.duration_min = p->dur;
		return 0;
	}
	if (p->dur_given) {
		diag_add(p->d, DIAG_WARNING, p->name, row->line, 0, "no "
			 "plausible duration in the row: skipped");
		return 1;
	}
	if (first < row->count)
		return field_error(p, row, first, "a value is required");
	return diag_add(p->d, DIAG_ERROR, p->name, row->line, first + 1,
			"%s: a value is required, but the row ends before it",
			p->map[first]->name);
}

