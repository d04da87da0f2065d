/*
 * Exposures (see exposure.h). Three queries read the store in key order
 * (athlete, then date): sessions, hydration (drinks and readings) and
 * diet. They are merged one athlete at a time into a calendar of that
 * athlete's days, from which each session's window, load and flags are
 * computed. Diet is read beside the rest, by a second thread on a
 * connection of its own (on a machine with one processor, or with
 * CRAMPLOG_THREADS=1, before the rest), and handed over as daily totals.
 * Memory grows with the sessions selected, the diet's days and one
 * athlete's calendar, not with the intake rows.
 */
#include "exposure.h"
#include "config.h"
#include "patterns.h"
#include "risk.h"
#include "calendar.h"
#include "hashmap.h"
#include "strbuf.h"
#include "xalloc.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const factor_names[FACTOR_ALL] = {
	"dehydration", "low_sodium", "low_potassium", "low_carbohydrate",
	"tightness", "high_load", "sodium_deficit"
};

const char *exposure_factor_name(enum factor f)
{
	return (unsigned)f < FACTOR_ALL ? factor_names[f] : NULL;
}

enum factor exposure_factor_from_name(const char *name, size_t len)
{
	for (int f = 0; f < FACTOR_ALL; f++)
		if (strlen(factor_names[f]) == len &&
		    memcmp(factor_names[f], name, len) == 0)
			return (enum factor)f;
	return FACTOR_ALL;
}

static const struct {
	const char *name;
	double unit;
	const char *unit_text;
	size_t offset;               /* in struct session_exposure */
	size_t threshold;            /* in struct thresholds */
} value_defs[VALUE_COUNT] = {
	[VALUE_BODY_MASS_LOSS_PCT] = { "body_mass_loss_pct", 1, "1 %",
		offsetof(struct session_exposure, body_mass_loss_pct),
		offsetof(struct thresholds, body_mass_loss_pct) },
	[VALUE_USG] = { "usg", 0.005, "0.005",
		offsetof(struct session_exposure, usg),
		offsetof(struct thresholds, usg) },
	[VALUE_URINE_COLOR] = { "urine_color", 1, "1 step",
		offsetof(struct session_exposure, urine_color),
		offsetof(struct thresholds, urine_color) },
	[VALUE_SODIUM_MG] = { "sodium_mg", 500, "500 mg",
		offsetof(struct session_exposure, sodium_mg),
		offsetof(struct thresholds, sodium_mg) },
	[VALUE_POTASSIUM_MG] = { "potassium_mg", 500, "500 mg",
		offsetof(struct session_exposure, potassium_mg),
		offsetof(struct thresholds, potassium_mg) },
	[VALUE_CARBS_G_PER_KG] = { "carbs_g_per_kg", 1, "1 g/kg",
		offsetof(struct session_exposure, carbs_g_per_kg),
		offsetof(struct thresholds, carbs_g_per_kg) },
	[VALUE_PRE_TIGHTNESS] = { "pre_tightness", 1, "1 point",
		offsetof(struct session_exposure, tightness),
		offsetof(struct thresholds, tightness) },
	[VALUE_ACWR] = { "acwr", 0.1, "0.1",
		offsetof(struct session_exposure, acwr),
		offsetof(struct thresholds, acwr) },
	[VALUE_SODIUM_BALANCE_MG] = { "sodium_balance_mg", 500, "500 mg",
		offsetof(struct session_exposure, sodium_balance_mg),
		offsetof(struct thresholds, sodium_deficit_mg) },
};

const char *exposure_value_name(enum exposure_value v)
{
	return (unsigned)v < VALUE_COUNT ? value_defs[v].name : NULL;
}

enum exposure_value exposure_value_from_name(const char *name, size_t len)
{
	for (int v = 0; v < VALUE_COUNT; v++)
		if (strlen(value_defs[v].name) == len &&
		    memcmp(value_defs[v].name, name, len) == 0)
			return (enum exposure_value)v;
	return VALUE_COUNT;
}

double exposure_value_unit(enum exposure_value v)
{
	return (unsigned)v < VALUE_COUNT ? value_defs[v].unit : NAN;
}

const char *exposure_value_unit_text(enum exposure_value v)
{
	return (unsigned)v < VALUE_COUNT ? value_defs[v].unit_text : NULL;
}

double exposure_value_threshold(const struct thresholds *th,
				enum exposure_value v)
{
	if ((unsigned)v >= VALUE_COUNT)
		return NAN;
	return *(const double *)(const void *)((const char *)th +
					       value_defs[v].threshold);
}

double exposure_value_of(const struct session_exposure *e,
			 enum exposure_value v)
{
	if ((unsigned)v >= VALUE_COUNT)
		return NAN;
	return *(const double *)(const void *)((const char *)e +
					       value_defs[v].offset);
}

/* Each threshold: its configuration name, where it lives, what it means,
 * and the values that make sense. */
static const struct {
	const char *name;
	size_t offset;
	const char *meaning;
	double min, max;
} threshold_defs[] = {
	{ "dehydration_body_mass_loss_pct", offsetof(struct thresholds, body_mass_loss_pct),
	  "dehydration: session body-mass loss above this % of pre-session mass", 0, 100 },
	{ "dehydration_usg", offsetof(struct thresholds, usg),
	  "dehydration: that morning's first urine specific gravity above this", 1, 1.05 },
	{ "dehydration_urine_color", offsetof(struct thresholds, urine_color),
	  "dehydration: that morning's urine colour (1-8) at or above this", 1, 8 },
	{ "low_sodium_mg", offsetof(struct thresholds, sodium_mg),
	  "low_sodium: sodium intake below this many mg a day", 0, 20000 },
	{ "low_potassium_mg", offsetof(struct thresholds, potassium_mg),
	  "low_potassium: potassium intake below this many mg a day", 0, 20000 },
	{ "low_carbohydrate_g_per_kg", offsetof(struct thresholds, carbs_g_per_kg),
	  "low_carbohydrate: carbohydrate below this many g per kg a day", 0, 30 },
	{ "tightness", offsetof(struct thresholds, tightness),
	  "tightness: pre-session hamstring tightness (0-10) at or above this", 0, 10 },
	{ "high_load_acwr", offsetof(struct thresholds, acwr),
	  "high_load: acute:chronic workload ratio at or above this", 0, 100 },
	{ "sodium_deficit_mg", offsetof(struct thresholds, sodium_deficit_mg),
	  "sodium_deficit: sodium intake minus sweat sodium below this many mg "
	  "a day", -20000, 20000 },
	{ "sweat_sodium_mg_l", offsetof(struct thresholds, sweat_sodium_mg_l),
	  "sweat sodium (mg per litre) of athletes whose own is not measured",
	  100, 5000 },
};

#define NTHRESHOLDS (sizeof(threshold_defs) / sizeof(threshold_defs[0]))

void exposure_options_init(struct exposure_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->thresholds.body_mass_loss_pct = 2.0;
	opt->thresholds.usg = 1.020;
	opt->thresholds.urine_color = 5;
	opt->thresholds.sodium_mg = 1500;
	opt->thresholds.potassium_mg = 2600;
	opt->thresholds.carbs_g_per_kg = 5;
	opt->thresholds.tightness = 7;
	opt->thresholds.acwr = 1.5;
	/* Baker et al. 2016: whole-body sweat sodium 35.9 mmol/L x 22.99. */
	opt->thresholds.sodium_deficit_mg = 0;
	opt->thresholds.sweat_sodium_mg_l = 825;
	opt->window_days = 1;
	opt->acwr = ACWR_COUPLED;
	opt->from_day = calendar_days_from_civil(CALENDAR_MIN_YEAR, 1, 1);
	opt->to_day = calendar_days_from_civil(CALENDAR_MAX_YEAR, 12, 31);
}

int exposure_set_threshold(struct thresholds *t, const char *name,
			   double value, struct diag *d)
{
	for (size_t i = 0; i < NTHRESHOLDS; i++) {
		if (strcmp(threshold_defs[i].name, name) != 0)
			continue;
		if (!(value >= threshold_defs[i].min &&
		      value <= threshold_defs[i].max))
			return diag_error(d, "threshold %s must be %g to %g, not %g",
					  name, threshold_defs[i].min,
					  threshold_defs[i].max, value);
		*(double *)(void *)((char *)t + threshold_defs[i].offset) = value;
		return 0;
	}
	return diag_error(d, "unknown threshold '%s'", name);
}

void exposure_each_threshold(const struct thresholds *t,
			     void (*fn)(const char *name, double value,
					const char *meaning, void *arg),
			     void *arg)
{
	for (size_t i = 0; i < NTHRESHOLDS; i++)
		fn(threshold_defs[i].name,
		   *(const double *)(const void *)((const char *)t +
						   threshold_defs[i].offset),
		   threshold_defs[i].meaning, arg);
}

/* One day of one athlete. Sums of the values seen, with a count so that a
 * day with no row carrying a value stays unknown. */
struct day {
	double fluid, sodium, potassium, carbs;
	unsigned char has_fluid, has_sodium, has_potassium, has_carbs;
	unsigned char has_session, load_unknown;
	double load;
	/* The morning readings: the first timed one, else the first untimed. */
	double color, usg, mass;
	int color_rank, usg_rank, mass_rank;   /* 0 none, 1 untimed, 2 timed */
	double session_mass;                   /* the first session's pre mass */
	double body_mass;                      /* latest known on or before */
	double sweat_sodium;                   /* the day's sessions' sweat, mg */
	unsigned char sweat_unknown;           /* a session's sweat unknown */
	double balance;                        /* sodium - sweat_sodium */
	unsigned char has_balance;
};

/* A session of the current athlete, as read. */
struct session {
	int32_t day;
	model_date date;
	model_time start_time;
	double duration, rpe, pre, post, tightness, severity, fluid;
	double app_load;              /* an app's own load (TSS); NAN */
	double sweat_measured;        /* sweat sodium measured that day, mg/L;
				       * NAN */
	double sweat_na;              /* the sweat sodium that holds, mg/L: the
				       * latest measured up to its day, else
				       * the configured default */
	int cramp;
	const char *muscle;
	enum cramp_side side;
	int app;                      /* source is an app's, not "native" */
	char source[41];              /* "native", "garmin", ... */
	int merged;                   /* a native row merged into an app's */
};

/* A native row within this many minutes of an app's activity of the same
 * athlete and day completes it (docs/formats.md). */
#define MERGE_MINUTES 30

/*
 * Each table is read once, in its primary key's order (no sort), by the
 * store's named queries (store.h gives their columns), and summed here:
 * faster than SQL's GROUP BY, and hydration's readings come in the same
 * pass. In the intake queries an unknown amount is -1, which spares a
 * call for each value's type.
 */
enum query { Q_SESSIONS, Q_HYDRATION, Q_COUNT };

static const enum store_query query_of[Q_COUNT] = {
	[Q_SESSIONS] = STORE_Q_SESSIONS,
	[Q_HYDRATION] = STORE_Q_HYDRATION,
};

/* A day's diet totals, as the diet reader hands them over. */
struct diet_day {
	int64_t athlete;
	int32_t day;
	double fluid, sodium, potassium, carbs;
	unsigned char has_fluid, has_sodium, has_potassium, has_carbs;
	/* A food entry of 100 kcal or more gave no such value: the day's
	 * total is not known (docs/formats.md, "Zero or missing"). */
	unsigned char lacks_sodium, lacks_potassium, lacks_carbs;
};

/* The diet reader: its days, produced in key order and taken by the
 * builder, under a lock when a thread produces them. */
struct diet_feed {
	store *db;                    /* its own connection, when threaded */
	struct store_rows *q;
	struct diag d;                /* the reader's errors */
	pthread_t thread;
	int threaded;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct diet_day *v;
	size_t n, alloc, pos;         /* produced, allocated, taken */
	int done, failed;
	atomic_int stop;              /* the builder gave up: stop reading */
	char err[160];
};

/* Where the sessions go: into the table, or (exposure_each) to each. */
struct sink {
	exposure_each_fn each;
	void *arg;
};

struct builder {
	const struct sink *sink;      /* NULL: into out's rows */
	struct diet_feed diet;
	const struct exposure_options *opt;
	struct exposure_table *out;
	struct diag *d;
	store *db;
	struct store_rows *q[Q_COUNT];
	int live[Q_COUNT];            /* the query has a current row */
	/* The current athlete. */
	struct day *days;
	size_t days_alloc;
	int32_t first_day;            /* days[0] */
	int32_t last_day;
	struct session *sessions;
	size_t nsessions, sessions_alloc;
	size_t rows_alloc;
	size_t days_out_alloc;
	struct strmap muscles;        /* interned cramp muscle -> index */
	struct strmap names;          /* athlete id (as text) -> index */
	/* Recomputing the kept exposures (exposure_keep): one athlete's
	 * rows from since on (NULL: all), on the store's own connection
	 * (inside the import's transaction), and what the days before
	 * since leave in force. */
	const char *since;
	int32_t seed_start;           /* first session day; INT32_MAX */
	double seed_mass, seed_sweat; /* NAN when none */
	/* The current athlete's EWMA loads as last computed (workload), so
	 * that the next day's steps on from them instead of starting again:
	 * valid for start; the last day of unknown load up to scan
	 * (INT32_MIN: none); the averages started at from, through day
	 * (INT32_MIN: none yet). */
	struct {
		int valid;
		int32_t start, scan, unknown, from, day;
		double a, c;
	} ewma;
};

static double column_real(const struct store_rows *s, int i)
{
	return store_rows_real(s, i);
}

static int step(struct builder *b, enum query q)
{
	int rc = store_rows_next(b->q[q], b->d);

	b->live[q] = rc == 1;
	return rc < 0 ? -1 : 0;
}

static int32_t row_day(const struct store_rows *s)
{
	const char *t = store_rows_text(s, 1);
	int32_t day = 0;

	if (!t || calendar_parse_date(t, strlen(t), &day) < 0)
		return INT32_MIN;
	return day;
}

/* Makes days cover day (clearing new days). */
static void cover(struct builder *b, int32_t day)
{
	size_t need, shift = 0;

	if (b->last_day < b->first_day) {
		b->first_day = b->last_day = day;
		if (!b->days_alloc) {
			b->days = xmalloc(64 * sizeof(*b->days));
			b->days_alloc = 64;
		}
		memset(&b->days[0], 0, sizeof(b->days[0]));
		return;
	}
	if (day >= b->first_day && day <= b->last_day)
		return;
	if (day < b->first_day)
		shift = (size_t)(b->first_day - day);
	need = (size_t)(b->last_day - b->first_day) + 1 + shift;
	if (day > b->last_day)
		need = (size_t)(day - b->first_day) + 1;
	if (need > b->days_alloc) {
		size_t alloc = b->days_alloc;

		while (alloc < need)
			alloc *= 2;
		b->days = xreallocarray(b->days, alloc, sizeof(*b->days));
		b->days_alloc = alloc;
	}
	if (shift) {
		memmove(b->days + shift, b->days,
			(size_t)(b->last_day - b->first_day + 1) * sizeof(*b->days));
		memset(b->days, 0, shift * sizeof(*b->days));
		b->first_day = day;
	} else {
		memset(b->days + (b->last_day - b->first_day + 1), 0,
		       (size_t)(day - b->last_day) * sizeof(*b->days));
		b->last_day = day;
	}
}

static struct day *day_at(struct builder *b, int32_t day)
{
	return &b->days[day - b->first_day];
}

static size_t intern(struct strmap *m, char ***list, size_t *count,
		     const char *s)
{
	int64_t v;

	if (strmap_get(m, s, strlen(s), &v))
		return (size_t)v;
	*list = xreallocarray(*list, *count + 1, sizeof(**list));
	(*list)[*count] = xstrdup(s);
	strmap_put(m, s, strlen(s), (int64_t)*count);
	return (*count)++;
}

/* Foster's session RPE x minutes; else the app's own load (TSS), for a
 * session an app recorded without RPE; else unknown. */
static double session_load(const struct session *x)
{
	if (!isnan(x->rpe) && !isnan(x->duration))
		return x->rpe * x->duration;
	return x->app_load;
}

/* The session's sweat volume in litres: (pre - post) kg x 1 L/kg + the
 * fluid drunk in it (none when not logged); NAN without both masses; 0
 * when drinking outweighed the loss (urine is not logged). */
static double sweat_volume(const struct session *x)
{
	double v;

	if (isnan(x->pre) || isnan(x->post) || !(x->pre > 0))
		return NAN;
	v = x->pre - x->post + (isnan(x->fluid) ? 0 : x->fluid / 1000);
	return v > 0 ? v : 0;
}

static int clock_minutes(const model_time t)
{
	return ((t[0] - '0') * 10 + (t[1] - '0')) * 60 +
	       (t[3] - '0') * 10 + (t[4] - '0');
}

/* Keeps x's value where it has one, else takes y's. */
static void fill(double *x, double y)
{
	if (isnan(*x))
		*x = y;
}

/*
 * The same session from two sources is one session: a native row (which
 * carries the cramp, tightness, RPE and masses) within MERGE_MINUTES of an
 * app's activity of the same day completes the nearest such activity not
 * completed yet, and is then not a session of its own. The activity keeps
 * its start, duration and name; the native row's values win elsewhere.
 */
static void merge_sessions(struct builder *b)
{
	/* First, the same activity from two apps (Garmin synced to Strava):
	 * the earlier row stays, filled with what only the other has. */
	for (size_t i = 0; i < b->nsessions; i++) {
		struct session *a = &b->sessions[i];

		if (!a->app || a->merged || !a->start_time[0])
			continue;
		for (size_t j = i + 1; j < b->nsessions; j++) {
			struct session *o = &b->sessions[j];

			if (o->day != a->day)
				break;
			if (!o->app || o->merged || !o->start_time[0] ||
			    strcmp(o->source, a->source) == 0 ||
			    abs(clock_minutes(o->start_time) -
				clock_minutes(a->start_time)) > MERGE_MINUTES)
				continue;
			o->merged = 1;
			fill(&a->duration, o->duration);
			fill(&a->rpe, o->rpe);
			fill(&a->app_load, o->app_load);
			fill(&a->fluid, o->fluid);
		}
	}
	for (size_t i = 0; i < b->nsessions; i++) {
		struct session *n = &b->sessions[i], *best = NULL;
		int best_gap = MERGE_MINUTES + 1;
		size_t j0 = i;

		if (n->app || !n->start_time[0] || n->merged)
			continue;
		/* The sessions come by day: look at this day's only. */
		while (j0 > 0 && b->sessions[j0 - 1].day == n->day)
			j0--;
		for (size_t j = j0; j < b->nsessions && b->sessions[j].day == n->day;
		     j++) {
			struct session *a = &b->sessions[j];
			int gap;

			if (!a->app || !a->start_time[0] || a->merged)
				continue;
			gap = abs(clock_minutes(a->start_time) -
				  clock_minutes(n->start_time));
			if (gap < best_gap) {
				best = a;
				best_gap = gap;
			}
		}
		if (!best)
			continue;
		/* merged on the app's row marks it taken; on the native row,
		 * gone. */
		best->merged = 2;
		n->merged = 1;
		if (!isnan(n->rpe))
			best->rpe = n->rpe;
		best->pre = n->pre;
		best->post = n->post;
		best->tightness = n->tightness;
		if (!isnan(n->fluid))
			best->fluid = n->fluid;
		best->cramp = n->cramp;
		best->muscle = n->muscle;
		best->side = n->side;
		best->severity = n->severity;
		fill(&best->duration, n->duration);
	}
	/* An app's row taken by a native one is a session again. */
	for (size_t j = 0; j < b->nsessions; j++)
		if (b->sessions[j].merged == 2)
			b->sessions[j].merged = 0;
}

/* Each session's sweat sodium concentration: the athlete's own, measured
 * by a sweat patch test on a session's row, holds from that day until the
 * next measurement (the last of a day if several); before the first, the
 * configured default (docs/science.md). Sessions come in date order. */
static void sweat_sodium_held(struct builder *b)
{
	double held = b->seed_sweat;

	for (size_t i = 0, j; i < b->nsessions; i = j) {
		for (j = i; j < b->nsessions &&
			    b->sessions[j].day == b->sessions[i].day; j++)
			if (!isnan(b->sessions[j].sweat_measured))
				held = b->sessions[j].sweat_measured;
		for (size_t k = i; k < j; k++)
			b->sessions[k].sweat_na = isnan(held) ?
				b->opt->thresholds.sweat_sodium_mg_l : held;
	}
}

/* Reads the current athlete's session rows. */
static int read_sessions(struct builder *b, int64_t id)
{
	struct store_rows *s = b->q[Q_SESSIONS];

	while (b->live[Q_SESSIONS] && store_rows_int(s, 0) == id) {
		struct session *x;
		const char *t, *muscle, *side;
		int32_t day = row_day(s);

		if (day == INT32_MIN)
			return diag_error(b->d, "a session with a bad date in the "
					  "database");
		if (b->nsessions == b->sessions_alloc) {
			size_t alloc = b->sessions_alloc ? 2 * b->sessions_alloc : 64;

			b->sessions = xreallocarray(b->sessions, alloc,
						    sizeof(*b->sessions));
			b->sessions_alloc = alloc;
		}
		x = &b->sessions[b->nsessions++];
		memset(x, 0, sizeof(*x));
		x->day = day;
		calendar_format_date(day, x->date);
		t = store_rows_text(s, 2);
		if (t && strlen(t) == 8)
			memcpy(x->start_time, t, 9);
		x->duration = column_real(s, 3);
		x->rpe = column_real(s, 4);
		x->pre = column_real(s, 5);
		x->post = column_real(s, 6);
		x->tightness = column_real(s, 7);
		x->cramp = store_rows_int(s, 8) != 0;
		muscle = store_rows_text(s, 9);
		if (muscle) {
			size_t index = intern(&b->muscles, &b->out->strings,
					      &b->out->strings_count, muscle);

			x->muscle = b->out->strings[index];
		}
		side = store_rows_text(s, 10);
		x->side = !side ? SIDE_UNKNOWN : strcmp(side, "left") == 0 ? SIDE_LEFT :
			  strcmp(side, "right") == 0 ? SIDE_RIGHT : SIDE_BOTH;
		x->severity = column_real(s, 11);
		x->fluid = column_real(s, 12);
		x->app_load = column_real(s, 13);
		t = store_rows_text(s, 14);
		snprintf(x->source, sizeof(x->source), "%s", t ? t : "native");
		x->app = strcmp(x->source, "native") != 0;
		x->sweat_measured = column_real(s, 15);
		if (step(b, Q_SESSIONS) < 0)
			return -1;
	}
	merge_sessions(b);
	sweat_sodium_held(b);
	for (size_t i = 0; i < b->nsessions; i++) {
		const struct session *x = &b->sessions[i];
		struct day *dy;
		double load;

		if (x->merged)
			continue;
		cover(b, x->day);
		dy = day_at(b, x->day);
		if (dy->has_session < UCHAR_MAX)
			dy->has_session++;
		load = session_load(x);
		if (isnan(load))
			dy->load_unknown = 1;
		else
			dy->load += load;
		if (!isnan(x->fluid)) {
			dy->fluid += x->fluid;
			dy->has_fluid = 1;
		}
		if (isnan(dy->session_mass) || dy->session_mass == 0)
			dy->session_mass = x->pre;
		if (isnan(sweat_volume(x)))
			dy->sweat_unknown = 1;
		else
			dy->sweat_sodium += sweat_volume(x) * x->sweat_na;
	}
	return 0;
}

static void take_reading(double *value, int *rank, double x, int r)
{
	if (!isnan(x) && r > *rank) {
		*value = x;
		*rank = r;
	}
}

/* An intake column: NAN for the -1 of an unknown value. */
static double column_amount(const struct store_rows *s, int i)
{
	double v = store_rows_double(s, i);

	return v < 0 ? NAN : v;
}

/* Adds an intake amount v to *sum when it is known (not -1). */
static void add_amount(double *sum, unsigned char *known, double v)
{
	if (v >= 0) {
		*sum += v;
		*known = 1;
	}
}

/*
 * Reads the current athlete's hydration rows: the daily totals, and each
 * day's first urine and body-mass readings (rows come in time order,
 * untimed ones first; a timed reading wins over an untimed one).
 */
static int read_hydration(struct builder *b, int64_t id)
{
	const enum query q = Q_HYDRATION;
	struct store_rows *s = b->q[q];
	char date[11] = "";
	int32_t day = INT32_MIN;

	while (b->live[q] && store_rows_int(s, 0) == id) {
		const char *t = store_rows_text(s, 1);
		struct day *dy;
		int rank;

		/* Rows of one day come together: parse each date once. */
		if (!t || strlen(t) != 10 || memcmp(t, date, 10) != 0) {
			if (!t || calendar_parse_date(t, strlen(t), &day) < 0)
				return diag_error(b->d, "a row with a bad date in "
						  "the database");
			memcpy(date, t, 10);
			cover(b, day);
		}
		dy = day_at(b, day);
		add_amount(&dy->fluid, &dy->has_fluid, store_rows_double(s, 3));
		add_amount(&dy->sodium, &dy->has_sodium, store_rows_double(s, 4));
		add_amount(&dy->potassium, &dy->has_potassium,
			   store_rows_double(s, 5));
		t = store_rows_text(s, 2);
		rank = t && *t ? 2 : 1;
		take_reading(&dy->color, &dy->color_rank, column_amount(s, 6), rank);
		take_reading(&dy->usg, &dy->usg_rank, column_amount(s, 7), rank);
		take_reading(&dy->mass, &dy->mass_rank, column_amount(s, 8), rank);
		if (step(b, q) < 0)
			return -1;
	}
	return 0;
}

/* ---- The diet reader ---- */

/* Hands a batch of days over. */
static void feed_push(struct diet_feed *f, const struct diet_day *days,
		      size_t n)
{
	pthread_mutex_lock(&f->mu);
	if (f->n + n > f->alloc) {
		size_t alloc = f->alloc ? f->alloc : 4096;

		while (alloc < f->n + n)
			alloc *= 2;
		f->v = xreallocarray(f->v, alloc, sizeof(*f->v));
		f->alloc = alloc;
	}
	memcpy(f->v + f->n, days, n * sizeof(*days));
	f->n += n;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

/* Reads every diet row into daily totals, then marks the feed done (or
 * failed, with err). */
static void *feed_run(void *arg)
{
	struct diet_feed *f = arg;
	struct diet_day batch[512], cur;
	size_t nb = 0;
	char date[11] = "";
	const char *err = NULL;
	int have = 0, rc = 0;

	while (!atomic_load(&f->stop) && (rc = store_rows_next(f->q, &f->d)) == 1) {
		int64_t athlete = store_rows_int(f->q, 0);
		const char *t = store_rows_text(f->q, 1);

		if (!have || athlete != cur.athlete || !t || strlen(t) != 10 ||
		    memcmp(t, date, 10) != 0) {
			if (have)
				batch[nb++] = cur;
			if (nb == sizeof(batch) / sizeof(batch[0])) {
				feed_push(f, batch, nb);
				nb = 0;
			}
			memset(&cur, 0, sizeof(cur));
			cur.athlete = athlete;
			if (!t || calendar_parse_date(t, strlen(t), &cur.day) < 0) {
				err = "a row with a bad date in the database";
				break;
			}
			memcpy(date, t, 10);
			have = 1;
		}
		add_amount(&cur.fluid, &cur.has_fluid, store_rows_double(f->q, 2));
		add_amount(&cur.sodium, &cur.has_sodium, store_rows_double(f->q, 3));
		add_amount(&cur.potassium, &cur.has_potassium,
			   store_rows_double(f->q, 4));
		add_amount(&cur.carbs, &cur.has_carbs, store_rows_double(f->q, 5));
		if (store_rows_int(f->q, 6)) {
			cur.lacks_sodium |= store_rows_double(f->q, 3) < 0;
			cur.lacks_potassium |= store_rows_double(f->q, 4) < 0;
			cur.lacks_carbs |= store_rows_double(f->q, 5) < 0;
		}
	}
	if (!err && !atomic_load(&f->stop) && rc < 0)
		err = f->d.count ? f->d.entries[0].message : "a database error";
	if (!err && have)
		batch[nb++] = cur;
	if (!err && nb)
		feed_push(f, batch, nb);
	pthread_mutex_lock(&f->mu);
	if (err) {
		f->failed = 1;
		snprintf(f->err, sizeof(f->err), "%s", err);
	}
	f->done = 1;
	pthread_cond_signal(&f->cv);
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

/*
 * Starts reading diet: on a thread with its own connection to the same
 * file when that helps and works, else here and now on db. The thread pays
 * a little (issue 14 point 8, tests/bench/analyze_bench.sh's squad, 1.31
 * million diet rows, 2 cores, the least of 6 runs each, interleaved with
 * runs that read diet first on one thread as CRAMPLOG_THREADS=1 does, load
 * average about 7): `exposures` 4.30 s against 4.73 s, `analyze` (pooled,
 * Firth) 3.01 s against 3.11 s, `report` 3.68 s against 3.58 s (noise),
 * the CPU time the same (2.84 s against 2.83 s for `exposures`). Reading
 * diet costs about 0.35 s of CPU: what the thread can take off the rest on
 * an idle machine. See docs/performance.md.
 */
static int feed_start(struct diet_feed *f, store *st, int64_t athlete,
		      const char *since, struct diag *d)
{
	int rc;

	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	diag_init(&f->d);
	if (!since && config_second_thread() &&
	    (f->db = store_open_reader(st)) &&
	    store_rows_open(f->db, STORE_Q_DIET, athlete, &f->q, &f->d) == 0) {
		if (pthread_create(&f->thread, NULL, feed_run, f) == 0) {
			f->threaded = 1;
			return 0;
		}
	}
	store_rows_close(f->q);
	store_close(f->db);
	f->q = NULL;
	f->db = NULL;
	diag_clear(&f->d);
	rc = since ? store_rows_since(st, STORE_Q_DIET, athlete, since, &f->q, d) :
	     store_rows_open(st, STORE_Q_DIET, athlete, &f->q, d);
	if (rc < 0)
		return -1;
	f->db = st;
	feed_run(f);
	store_rows_close(f->q);
	f->q = NULL;
	f->db = NULL;
	return 0;
}

/* The athlete of the next day handed over: 1, 0 when all are taken, -1
 * (with d filled) when the reader failed. Waits for the reader. */
static int feed_head(struct diet_feed *f, int64_t *athlete, struct diag *d)
{
	int rc;

	pthread_mutex_lock(&f->mu);
	while (f->pos == f->n && !f->done)
		pthread_cond_wait(&f->cv, &f->mu);
	if (f->failed)
		rc = -1;
	else if (f->pos < f->n)
		rc = 1, *athlete = f->v[f->pos].athlete;
	else
		rc = 0;
	pthread_mutex_unlock(&f->mu);
	if (rc < 0)
		diag_error(d, "cannot read the logs: %s", f->err);
	return rc;
}

/* Stops the reader (when it still runs) and frees what it made. */
static void feed_end(struct diet_feed *f)
{
	if (f->threaded) {
		atomic_store(&f->stop, 1);
		store_interrupt(f->db);
		pthread_join(f->thread, NULL);
		store_rows_close(f->q);
		store_close(f->db);
	}
	diag_release(&f->d);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* Adds the current athlete's diet days to their calendar. */
static int read_diet(struct builder *b, int64_t id)
{
	struct diet_feed *f = &b->diet;
	int64_t athlete;
	int rc;

	while ((rc = feed_head(f, &athlete, b->d)) == 1 && athlete == id) {
		struct diet_day x;
		struct day *dy;

		pthread_mutex_lock(&f->mu);
		x = f->v[f->pos++];
		pthread_mutex_unlock(&f->mu);
		cover(b, x.day);
		dy = day_at(b, x.day);
		add_amount(&dy->fluid, &dy->has_fluid, x.has_fluid ? x.fluid : -1);
		add_amount(&dy->sodium, &dy->has_sodium,
			   x.has_sodium ? x.sodium : -1);
		add_amount(&dy->potassium, &dy->has_potassium,
			   x.has_potassium ? x.potassium : -1);
		add_amount(&dy->carbs, &dy->has_carbs, x.has_carbs ? x.carbs : -1);
		/* A meal without the value: the day's total, drinks and all,
		 * would be too low, and could make a factor; it is unknown. */
		if (x.lacks_sodium) {
			dy->has_sodium = 0;
			dy->sodium = 0;
		}
		if (x.lacks_potassium) {
			dy->has_potassium = 0;
			dy->potassium = 0;
		}
		if (x.lacks_carbs) {
			dy->has_carbs = 0;
			dy->carbs = 0;
		}
	}
	return rc < 0 ? -1 : 0;
}

/* The mean over the known days of [from, to] of one daily value; NAN when
 * none is known. */
static double window_mean(const struct builder *b, int32_t from, int32_t to,
			  size_t value, size_t known, int *nknown)
{
	double sum = 0;
	int n = 0;

	for (int32_t day = from; day <= to; day++) {
		const struct day *dy;

		if (day < b->first_day || day > b->last_day)
			continue;
		dy = &b->days[day - b->first_day];
		if (*((const unsigned char *)dy + known)) {
			sum += *(const double *)(const void *)((const char *)dy + value);
			n++;
		}
	}
	if (nknown)
		*nknown = n;
	return n ? sum / n : NAN;
}

/* The load of a day since the athlete's first session (0 on a rest day);
 * NAN when a session of that day lacks RPE or minutes, or before it. */
static double day_load(const struct builder *b, int32_t day, int32_t start)
{
	const struct day *dy;

	if (day < start)
		return NAN;
	if (day < b->first_day || day > b->last_day)
		return 0;
	dy = &b->days[day - b->first_day];
	return dy->load_unknown ? NAN : dy->load;
}

/* Acute and chronic load and their ratio on day t (docs/science.md): rolling
 * coupled sum(7) / (sum(28) / 4), uncoupled mean(t-6..t) / mean(t-27..t-7),
 * or the ratio of EWMAs with lambda = 2 / (N + 1), N = 7 and 28 (Williams
 * et al. 2017), started at the load of the first session day, or of the
 * day after the last one of unknown load. Unknown before 28 days of
 * history or with a day of unknown load in the 28. */
/* The first day of the EWMAs of day t: the day after the last one of
 * unknown load up to t - 28, or start; found by scanning each day once
 * while t grows (b->ewma). */
static int32_t ewma_from(struct builder *b, int32_t t, int32_t start)
{
	int32_t upto = t - 28;

	if (!b->ewma.valid || b->ewma.start != start || upto < b->ewma.scan) {
		b->ewma.valid = 1;
		b->ewma.start = start;
		b->ewma.scan = start - 1;
		b->ewma.unknown = INT32_MIN;
		b->ewma.day = INT32_MIN;
	}
	for (int32_t day = b->ewma.scan + 1; day <= upto; day++)
		if (isnan(day_load(b, day, start)))
			b->ewma.unknown = day;
	if (upto > b->ewma.scan)
		b->ewma.scan = upto;
	return b->ewma.unknown != INT32_MIN ? b->ewma.unknown + 1 : start;
}

static void workload(struct builder *b, int32_t t, int32_t start,
		     enum acwr_method method, double *acute, double *chronic,
		     double *ratio)
{
	double a = 0, c = 0;

	*acute = *chronic = *ratio = NAN;
	if (t - start < 27)
		return;
	for (int32_t k = 0; k < 28; k++)
		if (isnan(day_load(b, t - k, start)))
			return;
	switch (method) {
	case ACWR_COUPLED:
		for (int32_t k = 0; k < 28; k++) {
			double l = day_load(b, t - k, start);

			c += l;
			if (k < 7)
				a += l;
		}
		a /= 7;
		c /= 28;
		break;
	case ACWR_UNCOUPLED:
		for (int32_t k = 0; k < 28; k++) {
			double l = day_load(b, t - k, start);

			if (k < 7)
				a += l;
			else
				c += l;
		}
		a /= 7;
		c /= 21;
		break;
	case ACWR_EWMA: {
		const double la = 2.0 / 8, lc = 2.0 / 29;
		/* A day of unknown load is no rest day: the averages start
		 * again after the last one (before the 28 days known). */
		int32_t from = ewma_from(b, t, start), day = from + 1;

		/* The same steps from from to t as ever, those up to the
		 * last day computed taken as they were. */
		if (b->ewma.day != INT32_MIN && b->ewma.from == from &&
		    b->ewma.day <= t) {
			a = b->ewma.a;
			c = b->ewma.c;
			day = b->ewma.day + 1;
		} else {
			a = c = day_load(b, from, start);
		}
		for (; day <= t; day++) {
			double l = day_load(b, day, start);

			a = la * l + (1 - la) * a;
			c = lc * l + (1 - lc) * c;
		}
		b->ewma.from = from;
		b->ewma.day = t;
		b->ewma.a = a;
		b->ewma.c = c;
		break;
	}
	}
	*acute = a;
	*chronic = c;
	if (c > 0)
		*ratio = a / c;
}

static double slack(double t)
{
	return 1e-9 * fmax(1, fabs(t));
}

int exposure_over(double x, double t)
{
	return x > t + slack(t);
}

int exposure_at_least(double x, double t)
{
	return x >= t - slack(t);
}

int exposure_under(double x, double t)
{
	return x < t - slack(t);
}

/* A threshold flag of x: unknown when x is. */
static signed char flag_of(double x, int is_true)
{
	return isnan(x) ? FLAG_UNKNOWN : is_true ? FLAG_TRUE : FLAG_FALSE;
}

/* Dehydration: true when any known sign is over its threshold; false when
 * at least one is known and none is; unknown when none is known. */
static signed char dehydration_flag(const struct thresholds *th,
				    const struct session_exposure *e)
{
	int known = 0, any = 0;

	if (!isnan(e->body_mass_loss_pct)) {
		known = 1;
		any |= exposure_over(e->body_mass_loss_pct,
				     th->body_mass_loss_pct);
	}
	if (!isnan(e->usg)) {
		known = 1;
		any |= exposure_over(e->usg, th->usg);
	}
	if (!isnan(e->urine_color)) {
		known = 1;
		any |= exposure_at_least(e->urine_color, th->urine_color);
	}
	return !known ? FLAG_UNKNOWN : any ? FLAG_TRUE : FLAG_FALSE;
}

/* The factor flags of e's values. */
static void set_flags(const struct thresholds *th, struct session_exposure *e)
{
	e->flag[FACTOR_SODIUM_DEFICIT] = flag_of(e->sodium_balance_mg,
		exposure_under(e->sodium_balance_mg, th->sodium_deficit_mg));
	e->flag[FACTOR_DEHYDRATION] = dehydration_flag(th, e);
	e->flag[FACTOR_LOW_SODIUM] = flag_of(e->sodium_mg,
		exposure_under(e->sodium_mg, th->sodium_mg));
	e->flag[FACTOR_LOW_POTASSIUM] = flag_of(e->potassium_mg,
		exposure_under(e->potassium_mg, th->potassium_mg));
	e->flag[FACTOR_LOW_CARBOHYDRATE] = flag_of(e->carbs_g_per_kg,
		exposure_under(e->carbs_g_per_kg, th->carbs_g_per_kg));
	e->flag[FACTOR_TIGHTNESS] = flag_of(e->tightness,
		exposure_at_least(e->tightness, th->tightness));
	e->flag[FACTOR_HIGH_LOAD] = flag_of(e->acwr,
		exposure_at_least(e->acwr, th->acwr));
}

/* Appends a session to the table, or hands it to the sink: 0, or what
 * the sink stopped with. */
static int add_row(struct builder *b, const struct session_exposure *e)
{
	struct exposure_table *t = b->out;

	if (b->sink)
		return b->sink->each(b->sink->arg, t, e);
	if (t->count == b->rows_alloc) {
		size_t alloc = b->rows_alloc ? 2 * b->rows_alloc : 256;

		t->rows = xreallocarray(t->rows, alloc, sizeof(*t->rows));
		b->rows_alloc = alloc;
	}
	t->rows[t->count++] = *e;
	return 0;
}

/* Appends the current athlete's daily series. */
static int add_days(struct builder *b, size_t name, int32_t start)
{
	const struct exposure_options *opt = b->opt;
	struct exposure_table *t = b->out;
	int32_t from = b->first_day > opt->from_day ? b->first_day : opt->from_day;
	int32_t to = b->last_day < opt->to_day ? b->last_day : opt->to_day;
	double held = b->seed_sweat;
	size_t j = 0;

	for (int32_t day = from; day <= to; day++) {
		const struct day *dy = day_at(b, day);
		struct day_exposure *e;

		/* The sweat sodium measured in force (sweat_sodium_held). */
		for (; j < b->nsessions && b->sessions[j].day <= day; j++)
			if (!isnan(b->sessions[j].sweat_measured))
				held = b->sessions[j].sweat_measured;

		if (t->days_count == b->days_out_alloc) {
			size_t alloc = b->days_out_alloc ? 2 * b->days_out_alloc : 256;

			t->days = xreallocarray(t->days, alloc, sizeof(*t->days));
			b->days_out_alloc = alloc;
		}
		e = &t->days[t->days_count++];
		memset(e, 0, sizeof(*e));
		e->athlete = name;
		e->day = day;
		calendar_format_date(day, e->date);
		e->fluid_ml = dy->has_fluid ? dy->fluid : NAN;
		e->sodium_mg = dy->has_sodium ? dy->sodium : NAN;
		e->potassium_mg = dy->has_potassium ? dy->potassium : NAN;
		e->carbs_g = dy->has_carbs ? dy->carbs : NAN;
		e->body_mass_kg = dy->body_mass;
		e->carbs_g_per_kg = dy->has_carbs && !isnan(dy->body_mass) ?
				    dy->carbs / dy->body_mass : NAN;
		e->urine_color = dy->color_rank ? dy->color : NAN;
		e->usg = dy->usg_rank ? dy->usg : NAN;
		e->sessions = dy->has_session;
		e->sodium_balance_mg = dy->has_balance ? dy->balance : NAN;
		e->sweat_sodium_held_mg_l = held;
		e->load = day_load(b, day, start);
		workload(b, day, start, opt->acwr, &e->acute_load,
			 &e->chronic_load, &e->acwr);
	}
	return 0;
}

/* Computes the exposures of the current athlete's selected sessions:
 * 0, -1, or what the sink stopped with. */
static int finish_athlete(struct builder *b, int64_t id, size_t name)
{
	const struct exposure_options *opt = b->opt;
	const struct thresholds *th = &opt->thresholds;
	int32_t start = b->seed_start;
	double mass = b->seed_mass;
	int rc;

	if (b->nsessions == 0 && start == INT32_MAX)
		return 0;
	b->ewma.valid = 0;   /* another athlete's days */
	/* Body mass: the day's morning reading, else its first session's
	 * pre-session mass, carried forward to the days after. */
	for (int32_t day = b->first_day; day <= b->last_day; day++) {
		struct day *dy = day_at(b, day);
		double m = dy->mass_rank ? dy->mass : dy->session_mass;

		if (!isnan(m) && m > 0)
			mass = m;
		dy->body_mass = mass;
		dy->has_balance = dy->has_sodium && !dy->sweat_unknown;
		dy->balance = dy->sodium - dy->sweat_sodium;
	}
	if (b->nsessions && b->sessions[0].day < start)
		start = b->sessions[0].day;
	if (opt->with_days && add_days(b, name, start) < 0)
		return -1;
	for (size_t i = 0; i < b->nsessions; i++) {
		const struct session *x = &b->sessions[i];
		const struct day *dy = day_at(b, x->day);
		struct session_exposure e;
		int32_t from = x->day - opt->window_days, to = x->day - 1;
		double gkg_sum = 0;
		int gkg_n = 0;

		if (x->merged || x->day < opt->from_day || x->day > opt->to_day)
			continue;
		memset(&e, 0, sizeof(e));
		e.athlete_id = id;
		e.athlete = name;
		e.day = x->day;
		memcpy(e.date, x->date, sizeof(e.date));
		memcpy(e.start_time, x->start_time, sizeof(e.start_time));
		e.cramp = x->cramp;
		e.cramp_severity = x->severity;
		e.cramp_muscle = x->muscle;
		e.cramp_side = x->side;
		e.duration_min = x->duration;
		e.rpe = x->rpe;
		e.load = session_load(x);
		e.body_mass_loss_pct = !isnan(x->pre) && !isnan(x->post) && x->pre > 0 ?
				       (x->pre - x->post) / x->pre * 100 : NAN;
		e.body_mass_loss_kg = isnan(e.body_mass_loss_pct) ? NAN :
				      x->pre - x->post;
		e.tightness = x->tightness;
		e.urine_color = dy->color_rank ? dy->color : NAN;
		e.usg = dy->usg_rank ? dy->usg : NAN;
		e.fluid_ml = window_mean(b, from, to, offsetof(struct day, fluid),
					 offsetof(struct day, has_fluid), NULL);
		e.sodium_mg = window_mean(b, from, to, offsetof(struct day, sodium),
					  offsetof(struct day, has_sodium), NULL);
		e.potassium_mg = window_mean(b, from, to,
					     offsetof(struct day, potassium),
					     offsetof(struct day, has_potassium),
					     NULL);
		e.carbs_g = window_mean(b, from, to, offsetof(struct day, carbs),
					offsetof(struct day, has_carbs), NULL);
		/* g/kg: each known day's carbohydrate over that day's mass. */
		for (int32_t day = from; day <= to; day++) {
			const struct day *w;

			if (day < b->first_day || day > b->last_day)
				continue;
			w = &b->days[day - b->first_day];
			if (w->has_carbs && !isnan(w->body_mass)) {
				gkg_sum += w->carbs / w->body_mass;
				gkg_n++;
			}
		}
		e.carbs_g_per_kg = gkg_n ? gkg_sum / gkg_n : NAN;
		e.window_known_days = 0;
		for (int32_t day = from; day <= to; day++) {
			const struct day *w;

			if (day < b->first_day || day > b->last_day)
				continue;
			w = &b->days[day - b->first_day];
			e.window_known_days += w->has_fluid || w->has_sodium ||
					       w->has_potassium || w->has_carbs;
		}
		workload(b, x->day, start, opt->acwr, &e.acute_load,
			 &e.chronic_load, &e.acwr);
		e.sweat_volume_l = sweat_volume(x);
		e.sweat_rate_l_h = x->duration > 0 ?
				   e.sweat_volume_l / (x->duration / 60) : NAN;
		e.sweat_sodium_mg_l = x->sweat_na;
		e.sweat_sodium_mg = e.sweat_volume_l * e.sweat_sodium_mg_l;
		e.sodium_balance_mg = window_mean(b, from, to,
						  offsetof(struct day, balance),
						  offsetof(struct day, has_balance),
						  NULL);
		set_flags(th, &e);
		if ((rc = add_row(b, &e)) != 0)
			return rc;
	}
	return 0;
}

/* The name index of athlete id, read from the store once. */
static int athlete_name(struct builder *b, int64_t id, size_t *index)
{
	struct exposure_table *t = b->out;
	char key[32];
	int64_t v;
	struct store_rows *s;
	const char *name;

	snprintf(key, sizeof(key), "%lld", (long long)id);
	if (strmap_get(&b->names, key, strlen(key), &v)) {
		*index = (size_t)v;
		return 0;
	}
	if (store_rows_open(b->db, STORE_Q_ATHLETE, id, &s, b->d) < 0)
		return -1;
	name = store_rows_next(s, b->d) == 1 ? store_rows_text(s, 0) : "?";
	t->names = xreallocarray(t->names, t->names_count + 1, sizeof(*t->names));
	t->name_ids = xreallocarray(t->name_ids, t->names_count + 1,
				    sizeof(*t->name_ids));
	t->names[t->names_count] = xstrdup(name ? name : "?");
	store_rows_close(s);
	t->name_ids[t->names_count] = id;
	strmap_put(&b->names, key, strlen(key), (int64_t)t->names_count);
	*index = t->names_count++;
	return 0;
}

/* Computes out from the log rows (from since on, with the seeds, when
 * since is not NULL: exposure_keep). */
static int compute_rows(store *st, const struct exposure_options *opt,
			struct exposure_table *out, const struct sink *sink,
			const char *since, int32_t seed_start,
			double seed_mass, double seed_sweat, struct diag *d)
{
	struct builder b;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->window_days = opt->window_days;
	memset(&b, 0, sizeof(b));
	b.sink = sink;
	b.opt = opt;
	b.out = out;
	b.d = d;
	b.db = st;
	b.since = since;
	b.seed_start = seed_start;
	b.seed_mass = seed_mass;
	b.seed_sweat = seed_sweat;
	strmap_init(&b.muscles);
	strmap_init(&b.names);
	if (feed_start(&b.diet, st, opt->athlete_id, since, d) < 0)
		goto out;
	for (int q = 0; q < Q_COUNT; q++) {
		int rc = since ? store_rows_since(b.db, query_of[q],
						  opt->athlete_id, since,
						  &b.q[q], d) :
			 store_rows_open(b.db, query_of[q], opt->athlete_id,
					 &b.q[q], d);

		if (rc < 0)
			goto out;
		if (step(&b, (enum query)q) < 0)
			goto out;
	}
	for (;;) {
		int64_t id = 0, x;
		size_t name = 0;
		int any = 0, rc;

		/* The next athlete: the smallest id at the head of a query. */
		for (int q = 0; q < Q_COUNT; q++) {
			if (!b.live[q])
				continue;
			x = store_rows_int(b.q[q], 0);
			if (!any || x < id)
				id = x;
			any = 1;
		}
		if ((rc = feed_head(&b.diet, &x, d)) < 0)
			goto out;
		if (rc == 1 && (!any || x < id)) {
			id = x;
			any = 1;
		}
		if (!any)
			break;
		b.nsessions = 0;
		b.first_day = 1;
		b.last_day = 0;          /* no day yet */
		if (read_sessions(&b, id) < 0 || read_hydration(&b, id) < 0 ||
		    read_diet(&b, id) < 0)
			goto out;
		if (b.nsessions && athlete_name(&b, id, &name) < 0)
			goto out;
		if ((rc = finish_athlete(&b, id, name)) != 0) {
			ret = rc;
			goto out;
		}
	}
	ret = 0;
out:
	for (int q = 0; q < Q_COUNT; q++)
		store_rows_close(b.q[q]);
	feed_end(&b.diet);     /* after: it ends st's read transaction */
	free(b.days);
	free(b.sessions);
	strmap_release(&b.muscles);
	strmap_release(&b.names);
	if (ret < 0)
		exposure_table_release(out);
	return ret;
}

void exposure_table_release(struct exposure_table *t)
{
	for (size_t i = 0; i < t->names_count; i++)
		free(t->names[i]);
	for (size_t i = 0; i < t->strings_count; i++)
		free(t->strings[i]);
	free(t->names);
	free(t->name_ids);
	free(t->strings);
	free(t->rows);
	free(t->days);
	memset(t, 0, sizeof(*t));
}

/* ---- The kept exposures (store.h, docs/database.md) ---- */

_Static_assert(EXPOSURE_KEEP_REACH_DAYS >= 27,
	       "the reach covers the ACWR's 28 days and the window");

/* The options the kept exposures are made with. */
static void keep_options(struct exposure_options *opt, int64_t athlete)
{
	exposure_options_init(opt);
	opt->athlete_id = athlete;
	opt->with_days = 1;
}

/* 1 when the kept exposures hold what opt asks, apart from the flags'
 * thresholds and, unless window, the intake window (made from the kept
 * days then). */
static int keep_fits(const struct exposure_options *opt, int window)
{
	struct exposure_options k;

	keep_options(&k, 0);
	return (!window || opt->window_days == k.window_days) &&
	       opt->acwr == k.acwr &&
	       opt->thresholds.sweat_sodium_mg_l == k.thresholds.sweat_sodium_mg_l;
}

static struct store_value real_value(double x)
{
	return (struct store_value){ .x = x };
}

static int put_day(store *st, const struct day_exposure *e, int64_t id,
		   struct diag *d)
{
	struct store_value v[STORE_KEPT_DAY_VALUES] = {
		real_value(e->fluid_ml), real_value(e->sodium_mg),
		real_value(e->potassium_mg), real_value(e->carbs_g),
		real_value(e->body_mass_kg), real_value(e->urine_color),
		real_value(e->usg), real_value(e->sessions),
		real_value(e->load), real_value(e->acute_load),
		real_value(e->chronic_load), real_value(e->acwr),
		real_value(e->sodium_balance_mg),
		real_value(e->sweat_sodium_held_mg_l),
	};

	return store_kept_put(st, STORE_KEPT_DAYS, id, e->date, v, d);
}

static int put_session(store *st, const struct session_exposure *e,
		       int ord, int history, struct diag *d)
{
	struct store_value v[STORE_KEPT_SESSION_VALUES] = {
		real_value(ord), { .text = e->start_time },
		real_value(e->cramp), real_value(e->cramp_severity),
		{ .text = e->cramp_muscle }, real_value(e->cramp_side),
		real_value(e->duration_min), real_value(e->rpe),
		real_value(e->load), real_value(e->body_mass_loss_pct),
		real_value(e->body_mass_loss_kg), real_value(e->tightness),
		real_value(e->urine_color), real_value(e->usg),
		real_value(e->fluid_ml), real_value(e->sodium_mg),
		real_value(e->potassium_mg), real_value(e->carbs_g),
		real_value(e->carbs_g_per_kg), real_value(e->window_known_days),
		real_value(e->acute_load), real_value(e->chronic_load),
		real_value(e->acwr), real_value(e->sweat_volume_l),
		real_value(e->sweat_rate_l_h), real_value(e->sweat_sodium_mg_l),
		real_value(e->sweat_sodium_mg), real_value(e->sodium_balance_mg),
		real_value(history),
	};

	return store_kept_put(st, STORE_KEPT_SESSIONS, e->athlete_id, e->date,
			      v, d);
}

/* The athlete's kept cramp days from RISK_HISTORY_DAYS before lo up to
 * before since (the log rows read begin there): *n of them. */
static int32_t *kept_cramps(store *st, int64_t athlete_id, int32_t lo,
			    const char *since, size_t *n, struct diag *d)
{
	struct store_rows *r;
	model_date from;
	int32_t *v = NULL;
	size_t alloc = 0;
	int rc;

	*n = 0;
	calendar_format_date(lo - RISK_HISTORY_DAYS, from);
	if (store_kept_cramps(st, athlete_id, from, since, &r, d) < 0)
		return NULL;
	while ((rc = store_rows_next(r, d)) == 1) {
		const char *t = store_rows_text(r, 0);

		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			v = xreallocarray(v, alloc, sizeof(*v));
		}
		if (!t || calendar_parse_date(t, strlen(t), &v[*n]) < 0) {
			rc = diag_error(d, "a kept session with a bad date in "
					"the database");
			break;
		}
		(*n)++;
	}
	store_rows_close(r);
	if (rc < 0) {
		free(v);
		return NULL;
	}
	return v ? v : xmalloc(sizeof(*v));
}

/* The history term of t's rows (as risk_history_flags gives it): a cramp
 * in the RISK_HISTORY_DAYS before the row's day, among t's rows and the
 * cramp days before (the n days of before, all before t's). */
static void keep_history(const struct exposure_table *t,
			 const int32_t *before, size_t n, signed char *hist)
{
	int32_t *cramps = xmalloc((n + t->count + 1) * sizeof(*cramps));
	size_t m = n, lo = 0, hi = 0;

	if (n)
		memcpy(cramps, before, n * sizeof(*cramps));
	for (size_t i = 0; i < t->count; i++)
		if (t->rows[i].cramp)
			cramps[m++] = t->rows[i].day;
	for (size_t i = 0; i < t->count; i++) {
		int32_t day = t->rows[i].day;

		while (hi < m && cramps[hi] < day)
			hi++;
		while (lo < hi && cramps[lo] < day - RISK_HISTORY_DAYS)
			lo++;
		hist[i] = hi > lo;
	}
	free(cramps);
}

int exposure_keep(store *st, int64_t athlete_id, const char *date,
		  struct diag *d)
{
	int32_t *cramps = NULL;
	size_t ncramps = 0;
	struct exposure_options opt;
	struct exposure_table t;
	model_date start = "", since = "";
	double mass = NAN, sweat = NAN;
	int32_t lo = INT32_MIN, start_day = INT32_MAX;
	signed char *hist;
	int rc = 0, ord = 0;

	keep_options(&opt, athlete_id);
	/* The days after the last kept one and before date (no rows: they
	 * were not written) are made too. */
	if (*date && calendar_parse_date(date, strlen(date), &lo) == 0 &&
	    (rc = store_kept_last(st, athlete_id, start, d)) != 0) {
		int32_t last;

		if (rc < 0 || calendar_parse_date(start, strlen(start), &last) < 0)
			return rc < 0 ? -1 : diag_error(d, "a kept day with a bad "
							"date in the database");
		if (last + 1 < lo)
			lo = last + 1;
		start[0] = '\0';
	}
	if (lo != INT32_MIN) {
		calendar_format_date(lo - EXPOSURE_KEEP_REACH_DAYS, since);
		rc = store_kept_seed(st, athlete_id, since, start, &mass,
				     &sweat, d);
	}
	if (rc < 0)
		return -1;
	/* An athlete without kept days yet: all of them, from the first
	 * logged day. */
	if (rc == 0)
		lo = INT32_MIN;
	if (start[0] && calendar_parse_date(start, strlen(start), &start_day) < 0)
		return diag_error(d, "a kept day with a bad date in the database");
	if (rc && !(cramps = kept_cramps(st, athlete_id, lo, since, &ncramps, d)))
		return -1;
	if (compute_rows(st, &opt, &t, NULL, rc ? since : "", start_day, mass, sweat,
			 d) < 0) {
		free(cramps);
		return -1;
	}
	hist = xmalloc(t.count ? t.count : 1);
	keep_history(&t, cramps, ncramps, hist);
	free(cramps);
	if (lo == INT32_MIN)
		since[0] = '\0';
	else
		calendar_format_date(lo, since);
	rc = store_kept_clear(st, athlete_id, since, d);
	for (size_t i = 0; rc == 0 && i < t.days_count; i++)
		if (t.days[i].day >= lo)
			rc = put_day(st, &t.days[i], athlete_id, d);
	for (size_t i = 0; rc == 0 && i < t.count; i++) {
		const struct session_exposure *e = &t.rows[i];

		ord = i && t.rows[i - 1].day == e->day ? ord + 1 : 0;
		if (e->day >= lo)
			rc = put_session(st, e, ord, hist[i], d);
	}
	free(hist);
	exposure_table_release(&t);
	return rc;
}

/* The range of opt's days as dates. */
static void date_range(const struct exposure_options *opt, model_date from,
		       model_date to)
{
	calendar_format_date(opt->from_day, from);
	calendar_format_date(opt->to_day, to);
}

/* The athletes with kept exposures (of the team, or opt's one) into the
 * table's names, and *ids mapping each id to its index. */
static int kept_names(store *st, const struct exposure_options *opt,
		      struct exposure_table *t, struct u64map *ids,
		      struct diag *d)
{
	struct store_rows *r;
	int rc;

	if (store_kept_athletes(st, opt->athlete_id, &r, d) < 0)
		return -1;
	while ((rc = store_rows_next(r, d)) == 1) {
		const char *name = store_rows_text(r, 1);

		t->names = xreallocarray(t->names, t->names_count + 1,
					 sizeof(*t->names));
		t->name_ids = xreallocarray(t->name_ids, t->names_count + 1,
					    sizeof(*t->name_ids));
		t->names[t->names_count] = xstrdup(name ? name : "?");
		t->name_ids[t->names_count] = store_rows_int(r, 0);
		*u64map_slot(ids, (uint64_t)store_rows_int(r, 0)) =
			++t->names_count;
	}
	store_rows_close(r);
	return rc;
}

/* A kept row's athlete index and day: 0, or -1 for a row that is not
 * one of the kept athletes' (it cannot be: the reads share a snapshot) or
 * has a bad date. */
static int kept_key(const struct store_rows *r, struct u64map *ids,
		    size_t *athlete, int32_t *day, struct diag *d)
{
	const char *t = store_rows_text(r, 1);
	uint64_t index = *u64map_slot(ids, (uint64_t)store_rows_int(r, 0));

	if (!index || !t || calendar_parse_date(t, strlen(t), day) < 0)
		return diag_error(d, "a kept exposure with a bad key in the "
				  "database");
	*athlete = (size_t)index - 1;
	return 0;
}

/* A kept day's intake, for a window other than the kept one (NAN
 * unknown). */
struct kept_day {
	int32_t day;
	double fluid, sodium, potassium, carbs, carbs_per_kg, balance;
};

/* The kept days read beside the sessions, for another window: the
 * latest 28 days of the current athlete before the session's day. */
struct day_window {
	struct store_rows *r;
	int live;                     /* r has a current row */
	int64_t athlete;              /* whose days days holds */
	struct kept_day days[28];     /* a ring: day d at d mod 28 */
	int32_t first, last;          /* the days held; none when last < first */
};

static int window_step(struct day_window *w, struct diag *d)
{
	int rc = store_rows_next(w->r, d);

	w->live = rc == 1;
	return rc < 0 ? -1 : 0;
}

/* Takes the kept days of athlete before day into the ring. */
static int window_advance(struct day_window *w, int64_t athlete, int32_t day,
			  struct diag *d)
{
	if (w->athlete != athlete) {
		w->athlete = athlete;
		w->first = 1;
		w->last = 0;
	}
	while (w->live) {
		int64_t a = store_rows_int(w->r, 0);
		const char *t = store_rows_text(w->r, 1);
		struct kept_day *k;
		int32_t x;

		if (a > athlete)
			break;
		if (!t || calendar_parse_date(t, strlen(t), &x) < 0)
			return diag_error(d, "a kept day with a bad date in the "
					  "database");
		if (a == athlete && x >= day)
			break;
		if (a == athlete) {
			k = &w->days[((x % 28) + 28) % 28];
			k->day = x;
			k->fluid = store_rows_real(w->r, 2);
			k->sodium = store_rows_real(w->r, 3);
			k->potassium = store_rows_real(w->r, 4);
			k->carbs = store_rows_real(w->r, 5);
			k->carbs_per_kg = !isnan(k->carbs) &&
					  !isnan(store_rows_real(w->r, 6)) ?
					  k->carbs / store_rows_real(w->r, 6) : NAN;
			k->balance = store_rows_real(w->r, 14);
			if (w->last < w->first || x - 28 >= w->first)
				w->first = w->last < w->first ? x : x - 27;
			w->last = x;
		}
		if (window_step(w, d) < 0)
			return -1;
	}
	return 0;
}

/* The mean over the known days of the window of one kept value (as
 * window_mean does on the calendar). */
static double ring_mean(const struct day_window *w, int32_t from, int32_t to,
			size_t value, int *nknown)
{
	double sum = 0;
	int n = 0;

	for (int32_t day = from; day <= to; day++) {
		const struct kept_day *k = &w->days[((day % 28) + 28) % 28];
		double x;

		if (day < w->first || day > w->last || k->day != day)
			continue;
		x = *(const double *)(const void *)((const char *)k + value);
		if (!isnan(x)) {
			sum += x;
			n++;
		}
	}
	if (nknown)
		*nknown = n;
	return n ? sum / n : NAN;
}

/* e's intake of the opt->window_days before it, from the kept days. */
static int window_from_days(struct day_window *w,
			    const struct exposure_options *opt,
			    struct session_exposure *e, struct diag *d)
{
	int32_t from = e->day - opt->window_days, to = e->day - 1;

	if (window_advance(w, e->athlete_id, e->day, d) < 0)
		return -1;
	e->fluid_ml = ring_mean(w, from, to, offsetof(struct kept_day, fluid), NULL);
	e->sodium_mg = ring_mean(w, from, to, offsetof(struct kept_day, sodium), NULL);
	e->potassium_mg = ring_mean(w, from, to,
				    offsetof(struct kept_day, potassium), NULL);
	e->carbs_g = ring_mean(w, from, to, offsetof(struct kept_day, carbs), NULL);
	e->carbs_g_per_kg = ring_mean(w, from, to,
				      offsetof(struct kept_day, carbs_per_kg), NULL);
	e->sodium_balance_mg = ring_mean(w, from, to,
					 offsetof(struct kept_day, balance), NULL);
	e->window_known_days = 0;
	for (int32_t day = from; day <= to; day++) {
		const struct kept_day *k = &w->days[((day % 28) + 28) % 28];

		if (day >= w->first && day <= w->last && k->day == day)
			e->window_known_days += !isnan(k->fluid) ||
				!isnan(k->sodium) || !isnan(k->potassium) ||
				!isnan(k->carbs);
	}
	return 0;
}

static int read_kept_sessions(store *st, const struct exposure_options *opt,
			      struct exposure_table *t, const struct sink *sink,
			      struct u64map *ids, struct diag *d)
{
	struct session_exposure one;
	struct strmap muscles;
	struct store_rows *r;
	struct day_window w;
	model_date from, to, before;     /* bound to the queries: they live
					  * as long as the queries */
	size_t alloc = 0;
	int rc;

	memset(&w, 0, sizeof(w));
	date_range(opt, from, to);
	if (opt->window_days != 1) {
		calendar_format_date(opt->from_day - opt->window_days, before);
		if (store_kept_rows(st, STORE_KEPT_DAYS, opt->athlete_id, before,
				    to, &w.r, d) < 0 || window_step(&w, d) < 0) {
			store_rows_close(w.r);
			return -1;
		}
	}
	if (store_kept_rows(st, STORE_KEPT_SESSIONS, opt->athlete_id, from, to,
			    &r, d) < 0) {
		store_rows_close(w.r);
		return -1;
	}
	strmap_init(&muscles);
	while ((rc = store_rows_next(r, d)) == 1) {
		struct session_exposure *e;
		const char *s;
		int c = 2;

		if (!sink && t->count == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			t->rows = xreallocarray(t->rows, alloc, sizeof(*t->rows));
		}
		e = sink ? &one : &t->rows[t->count];
		memset(e, 0, sizeof(*e));
		if ((rc = kept_key(r, ids, &e->athlete, &e->day, d)) < 0)
			break;
		t->count += !sink;
		e->athlete_id = store_rows_int(r, 0);
		calendar_format_date(e->day, e->date);
		c++;                                  /* ord */
		s = store_rows_text(r, c++);
		if (s && strlen(s) == 8)
			memcpy(e->start_time, s, 9);
		e->cramp = store_rows_int(r, c++) != 0;
		e->cramp_severity = store_rows_real(r, c++);
		if ((s = store_rows_text(r, c++))) {
			size_t m = intern(&muscles, &t->strings,
					  &t->strings_count, s);

			e->cramp_muscle = t->strings[m];
		}
		e->cramp_side = (enum cramp_side)store_rows_int(r, c++);
		e->duration_min = store_rows_real(r, c++);
		e->rpe = store_rows_real(r, c++);
		e->load = store_rows_real(r, c++);
		e->body_mass_loss_pct = store_rows_real(r, c++);
		e->body_mass_loss_kg = store_rows_real(r, c++);
		e->tightness = store_rows_real(r, c++);
		e->urine_color = store_rows_real(r, c++);
		e->usg = store_rows_real(r, c++);
		e->fluid_ml = store_rows_real(r, c++);
		e->sodium_mg = store_rows_real(r, c++);
		e->potassium_mg = store_rows_real(r, c++);
		e->carbs_g = store_rows_real(r, c++);
		e->carbs_g_per_kg = store_rows_real(r, c++);
		e->window_known_days = (int)store_rows_int(r, c++);
		e->acute_load = store_rows_real(r, c++);
		e->chronic_load = store_rows_real(r, c++);
		e->acwr = store_rows_real(r, c++);
		e->sweat_volume_l = store_rows_real(r, c++);
		e->sweat_rate_l_h = store_rows_real(r, c++);
		e->sweat_sodium_mg_l = store_rows_real(r, c++);
		e->sweat_sodium_mg = store_rows_real(r, c++);
		e->sodium_balance_mg = store_rows_real(r, c++);
		if (w.r && (rc = window_from_days(&w, opt, e, d)) < 0)
			break;
		set_flags(&opt->thresholds, e);
		if (sink && (rc = sink->each(sink->arg, t, e)) != 0)
			break;
	}
	strmap_release(&muscles);
	store_rows_close(r);
	store_rows_close(w.r);
	return rc;
}

static int read_kept_days(store *st, const struct exposure_options *opt,
			  struct exposure_table *t, struct u64map *ids,
			  struct diag *d)
{
	struct store_rows *r;
	model_date from, to;
	size_t alloc = 0;
	int rc;

	date_range(opt, from, to);
	if (store_kept_rows(st, STORE_KEPT_DAYS, opt->athlete_id, from, to, &r,
			    d) < 0)
		return -1;
	while ((rc = store_rows_next(r, d)) == 1) {
		struct day_exposure *e;
		int c = 2;

		if (t->days_count == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			t->days = xreallocarray(t->days, alloc, sizeof(*t->days));
		}
		e = &t->days[t->days_count];
		memset(e, 0, sizeof(*e));
		if ((rc = kept_key(r, ids, &e->athlete, &e->day, d)) < 0)
			break;
		t->days_count++;
		calendar_format_date(e->day, e->date);
		e->fluid_ml = store_rows_real(r, c++);
		e->sodium_mg = store_rows_real(r, c++);
		e->potassium_mg = store_rows_real(r, c++);
		e->carbs_g = store_rows_real(r, c++);
		e->body_mass_kg = store_rows_real(r, c++);
		e->carbs_g_per_kg = !isnan(e->carbs_g) && !isnan(e->body_mass_kg) ?
				    e->carbs_g / e->body_mass_kg : NAN;
		e->urine_color = store_rows_real(r, c++);
		e->usg = store_rows_real(r, c++);
		e->sessions = (int)store_rows_int(r, c++);
		e->load = store_rows_real(r, c++);
		e->acute_load = store_rows_real(r, c++);
		e->chronic_load = store_rows_real(r, c++);
		e->acwr = store_rows_real(r, c++);
		e->sodium_balance_mg = store_rows_real(r, c++);
		e->sweat_sodium_held_mg_l = store_rows_real(r, c++);
	}
	store_rows_close(r);
	return rc;
}

/* 1 when exposure_compute may read the kept exposures for opt, 0 when
 * not, -1 on an error. */
/* 1 when opt or the environment (CRAMPLOG_KEPT=0) asks for the log rows,
 * never the kept exposures. */
static int rows_asked(const struct exposure_options *opt)
{
	const char *env = getenv("CRAMPLOG_KEPT");

	return opt->from_rows || (env && strcmp(env, "0") == 0);
}

static int use_kept(store *st, const struct exposure_options *opt,
		    struct diag *d)
{
	if (rows_asked(opt) || !keep_fits(opt, 0))
		return 0;
	return store_kept_ready(st, d);
}

/* exposure_compute, the sessions into out or to the sink. */
static int compute(store *st, const struct exposure_options *opt,
		   struct exposure_table *out, const struct sink *sink,
		   struct diag *d)
{
	struct u64map ids;
	int rc;

	memset(out, 0, sizeof(*out));
	out->window_days = opt->window_days;
	if (opt->window_days < 1 || opt->window_days > 28)
		return diag_error(d, "the intake window must be 1 to 28 days");
	if ((rc = use_kept(st, opt, d)) <= 0)
		return rc < 0 ? -1 : compute_rows(st, opt, out, sink, NULL,
						  INT32_MAX, NAN, NAN, d);
	u64map_init(&ids);
	rc = kept_names(st, opt, out, &ids, d);
	if (rc == 0)
		rc = read_kept_sessions(st, opt, out, sink, &ids, d);
	if (rc == 0 && opt->with_days)
		rc = read_kept_days(st, opt, out, &ids, d);
	u64map_release(&ids);
	if (rc < 0)
		exposure_table_release(out);
	return rc;
}

int exposure_compute(store *st, const struct exposure_options *opt,
		     struct exposure_table *out, struct diag *d)
{
	return compute(st, opt, out, NULL, d);
}

int exposure_each(store *st, const struct exposure_options *opt,
		  exposure_each_fn each, void *arg, struct exposure_table *out,
		  struct diag *d)
{
	const struct sink sink = { each, arg };

	if (opt->with_days)
		return diag_error(d, "exposure_each: no daily series");
	return compute(st, opt, out, &sink, d);
}

/* The flags of a row of store_kept_pattern_rows into e->flag, made by
 * set_flags as exposure_compute makes them: 0, or -1 with d filled. */
static int kept_flags(const struct store_rows *r, const struct thresholds *th,
		      struct session_exposure *e, struct diag *d)
{
	double v[PV_COUNT];

	if (store_kept_pattern_values(r, v, d) < 0)
		return -1;
	e->body_mass_loss_pct = v[PV_BODY_MASS_LOSS_PCT];
	e->usg = v[PV_USG];
	e->urine_color = v[PV_URINE_COLOR];
	e->sodium_mg = v[PV_SODIUM_MG];
	e->potassium_mg = v[PV_POTASSIUM_MG];
	e->carbs_g_per_kg = v[PV_CARBS_G_PER_KG];
	e->tightness = v[PV_TIGHTNESS];
	e->acwr = v[PV_ACWR];
	e->sodium_balance_mg = v[PV_SODIUM_BALANCE_MG];
	set_flags(th, e);
	return 0;
}

/* The index of a kept row's athlete, the last one's when the id is the
 * same: 0, or -1 for an athlete not among the kept names. */
static int kept_athlete(const struct store_rows *r, struct u64map *ids,
			int64_t *last, size_t *athlete, struct diag *d)
{
	int64_t id = store_rows_int(r, 0);
	uint64_t index;

	if (*athlete != SIZE_MAX && id == *last)
		return 0;
	if (!(index = *u64map_slot(ids, (uint64_t)id)))
		return diag_error(d, "a kept exposure with a bad key in the "
				  "database");
	*athlete = (size_t)index - 1;
	*last = id;
	return 0;
}

/* Counts the rows of store_kept_pattern_rows into out. */
static int count_kept(struct store_rows *r, const struct thresholds *th,
		      struct u64map *ids, struct pattern_table *out,
		      struct diag *d)
{
	struct pattern_cells *cells = pattern_cells_new(out);
	size_t athlete = SIZE_MAX;
	int64_t last = 0;
	int rc;

	while ((rc = store_rows_next(r, d)) == 1) {
		struct session_exposure e;

		if ((rc = kept_athlete(r, ids, &last, &athlete, d)) < 0 ||
		    (rc = kept_flags(r, th, &e, d)) < 0)
			break;
		pattern_cells_add(cells, athlete, e.flag, store_rows_int(r, 2) ?
				  FLAG_TRUE : FLAG_FALSE, (int)store_rows_int(r, 1));
	}
	pattern_cells_end(cells);
	return rc < 0 ? -1 : 0;
}

/* Each kept row of r as flags made with th, handed to fn in turn. */
static int read_flags(struct store_rows *r, const struct thresholds *th,
		      struct u64map *ids, exposure_flags_fn fn, void *arg,
		      struct diag *d)
{
	size_t athlete = SIZE_MAX;
	int64_t last = 0;
	int rc;

	while ((rc = store_rows_next(r, d)) == 1) {
		struct session_flags f;
		struct session_exposure e;
		const char *date = store_rows_text(r, STORE_PATTERN_DATE);
		int32_t day;

		if ((rc = kept_athlete(r, ids, &last, &athlete, d)) < 0)
			break;
		if (!date || calendar_parse_date(date, strlen(date), &day) < 0) {
			rc = diag_error(d, "a kept exposure with a bad key in the "
					"database");
			break;
		}
		if ((rc = kept_flags(r, th, &e, d)) < 0)
			break;
		f.athlete = (uint32_t)athlete;
		f.day = day;
		memcpy(f.flag, e.flag, sizeof(f.flag));
		f.cramp = store_rows_int(r, 1) != 0;
		fn(arg, &f, store_rows_int(r, 0));
	}
	return rc < 0 ? -1 : 0;
}

/* What exposure_patterns and exposure_flags_each read: the kept names (and
 * each id's index) and the rows; from and to are bound to the query. */
struct kept_read {
	struct exposure_table names;
	struct u64map ids;
	struct store_rows *r;
	model_date from, to;
};

/* Opens k (kept_read_close it whatever the outcome): 0; 1 when the kept
 * exposures are not to be read for opt (CRAMPLOG_KEPT=0, options they
 * are not made with) or not made yet; -1 with d saying why. */
static int kept_read_open(store *st, const struct exposure_options *opt,
			  int with_date, struct kept_read *k, struct diag *d)
{
	int rc;

	memset(k, 0, sizeof(*k));
	u64map_init(&k->ids);
	if (rows_asked(opt) || !keep_fits(opt, 1))
		return 1;
	if ((rc = store_kept_ready(st, d)) <= 0)
		return rc < 0 ? -1 : 1;
	date_range(opt, k->from, k->to);
	if (kept_names(st, opt, &k->names, &k->ids, d) < 0)
		return -1;
	return store_kept_pattern_rows(st, opt->athlete_id, k->from, k->to,
				       with_date, &k->r, d);
}

static void kept_read_close(struct kept_read *k)
{
	store_rows_close(k->r);
	exposure_table_release(&k->names);
	u64map_release(&k->ids);
}

int exposure_patterns(store *st, const struct exposure_options *opt,
		      struct pattern_table *out, struct diag *d)
{
	struct kept_read k;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = kept_read_open(st, opt, 0, &k, d);
	out->names_count = k.names.names_count;
	if (rc == 0)
		rc = count_kept(k.r, &opt->thresholds, &k.ids, out, d);
	kept_read_close(&k);
	if (rc != 0) {
		free(out->rows);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

/* Moves names' names and ids into the flags table: they outlive the
 * read. */
static void take_names(struct flags_table *out, struct exposure_table *names)
{
	out->names_count = names->names_count;
	out->owned_names = names->names;
	out->names = names->names;
	out->owned_ids = names->name_ids;
	out->name_ids = names->name_ids;
	names->names = NULL;
	names->name_ids = NULL;
	names->names_count = 0;
}

void session_flags_of(const struct session_exposure *e,
		      struct session_flags *f)
{
	f->athlete = (uint32_t)e->athlete;
	f->day = e->day;
	memcpy(f->flag, e->flag, sizeof(f->flag));
	f->cramp = e->cramp != 0;
}

/* The kept flags of opt's sessions to fn, the names and ids into
 * names: 0, 1 when the kept exposures are not to be read (as
 * kept_read_open), -1 with d filled. */
static int kept_flags_each(store *st, const struct exposure_options *opt,
			   exposure_flags_fn fn, void *arg,
			   struct flags_table *names, struct diag *d)
{
	struct kept_read k;
	int rc;

	rc = kept_read_open(st, opt, 1, &k, d);
	take_names(names, &k.names);
	if (rc == 0)
		rc = read_flags(k.r, &opt->thresholds, &k.ids, fn, arg, d);
	kept_read_close(&k);
	return rc;
}

/* exposure_each's sessions as flags, to fn. */
struct flags_to {
	exposure_flags_fn fn;
	void *arg;
};

static int flags_of_each(void *arg, const struct exposure_table *t,
			 const struct session_exposure *e)
{
	struct flags_to *to = arg;
	struct session_flags f;

	(void)t;
	session_flags_of(e, &f);
	to->fn(to->arg, &f, e->athlete_id);
	return 0;
}

/* The flags of opt's sessions made from the log rows, to fn; the names
 * and ids into names. */
static int made_flags(store *st, const struct exposure_options *opt,
		      exposure_flags_fn fn, void *arg, struct flags_table *names,
		      struct diag *d)
{
	struct exposure_options each = *opt;
	struct exposure_table t;
	struct flags_to to = { fn, arg };
	int rc;

	each.with_days = 0;
	rc = exposure_each(st, &each, flags_of_each, &to, &t, d);
	take_names(names, &t);
	exposure_table_release(&t);
	return rc;
}

int exposure_flags_each(store *st, const struct exposure_options *opt,
			int made, exposure_flags_fn fn, void *arg,
			struct flags_table *names, struct diag *d)
{
	int rc = 1;

	memset(names, 0, sizeof(*names));
	if (!made)
		rc = kept_flags_each(st, opt, fn, arg, names, d);
	if (rc == 1) {
		flags_table_release(names);
		rc = made_flags(st, opt, fn, arg, names, d);
	}
	if (rc != 0)
		flags_table_release(names);
	return rc;
}

int exposure_latest_day(store *st, const struct exposure_options *opt,
			int32_t *day, struct diag *d)
{
	model_date to, latest;
	int rc;

	calendar_format_date(opt->to_day, to);
	rc = store_latest_session(st, opt->athlete_id, to, latest, d);
	if (rc == 1 && calendar_parse_date(latest, 10, day) < 0)
		return diag_error(d, "training: a session with a bad date in "
				  "the database");
	return rc;
}

void flags_of_table(const struct exposure_table *t, struct flags_table *out)
{
	memset(out, 0, sizeof(*out));
	out->rows = xreallocarray(NULL, t->count ? t->count : 1,
				  sizeof(*out->rows));
	out->count = t->count;
	out->name_ids = t->name_ids;
	out->names = t->names;
	out->names_count = t->names_count;
	for (size_t i = 0; i < t->count; i++)
		session_flags_of(&t->rows[i], &out->rows[i]);
}

void flags_table_release(struct flags_table *f)
{
	if (f->owned_names)
		for (size_t i = 0; i < f->names_count; i++)
			free(f->owned_names[i]);
	free(f->owned_names);
	free(f->rows);
	free(f->owned_ids);
	memset(f, 0, sizeof(*f));
}
