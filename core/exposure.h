/*
 * Exposures: for every training session, what the athlete was exposed to
 * before and during it (the intake of the days before, the morning urine,
 * body-mass loss, tightness, training load) and the six factor flags that
 * docs/science.md's thresholds make of them. The analyzer's statistics and the
 * reports start from this table; `cramplog exposures` prints it.
 */
#ifndef CRAMPLOG_EXPOSURE_H
#define CRAMPLOG_EXPOSURE_H

#include "diag.h"
#include "model.h"
#include "store.h"

#include <stddef.h>
#include <stdint.h>

enum factor {
	FACTOR_DEHYDRATION,
	FACTOR_LOW_SODIUM,
	FACTOR_LOW_POTASSIUM,
	FACTOR_LOW_CARBOHYDRATE,
	FACTOR_TIGHTNESS,
	FACTOR_HIGH_LOAD,
	/* The six above are those of the report and the risk model. */
	FACTOR_COUNT,
	/* The day's sodium intake short of its sweat losses (docs/science.md):
	 * for `analyze --factors` and `exposures` only, off by default, until
	 * the report and the risk model take it too. */
	FACTOR_SODIUM_DEFICIT = FACTOR_COUNT,
	FACTOR_ALL
};

/* "dehydration", "low_sodium", ..., "sodium_deficit"; NULL past the end. */
const char *exposure_factor_name(enum factor f);
/* FACTOR_ALL when name is none of them. */
enum factor exposure_factor_from_name(const char *name, size_t len);

/* A flag: known false, known true, or unknown. */
enum flag { FLAG_UNKNOWN = -1, FLAG_FALSE = 0, FLAG_TRUE = 1 };

/* How the acute:chronic workload ratio is computed (docs/science.md). */
enum acwr_method { ACWR_COUPLED, ACWR_UNCOUPLED, ACWR_EWMA };

struct thresholds {
	double body_mass_loss_pct;   /* dehydration: loss > this (2) */
	double usg;                  /* dehydration: morning USG > this (1.020) */
	double urine_color;          /* dehydration: colour >= this (5) */
	double sodium_mg;            /* low_sodium: < this a day (1500) */
	double potassium_mg;         /* low_potassium: < this a day (2600) */
	double carbs_g_per_kg;       /* low_carbohydrate: < this a day (5) */
	double tightness;            /* tightness: >= this (7) */
	double acwr;                 /* high_load: ratio >= this (1.5) */
	double sodium_deficit_mg;    /* sodium_deficit: balance < this a day (0) */
	double sweat_sodium_mg_l;    /* sweat sodium of an athlete whose own is
				      * not measured (825 mg/L) */
};

struct exposure_options {
	struct thresholds thresholds;
	int window_days;             /* intake: mean of the N days before (1) */
	enum acwr_method acwr;
	int64_t athlete_id;          /* only this athlete; 0 for all */
	int32_t from_day, to_day;    /* sessions on these days (inclusive) */
	int with_days;               /* also the daily series (for charts) */
	int from_rows;               /* from the log rows, never from the
				      * kept exposures (tests compare them) */
};

/* The defaults of docs/science.md: window 1 day, coupled ACWR, all athletes and
 * days. */
void exposure_options_init(struct exposure_options *opt);

/* Sets one threshold by its configuration name ("low_sodium_mg", ...).
 * Returns 0, or -1 when the name is unknown or the value out of its sense
 * (a negative amount, say), with d saying which. */
int exposure_set_threshold(struct thresholds *t, const char *name,
			   double value, struct diag *d);

/* A value against a threshold: over (x > t), at least (x >= t) and under
 * (x < t), forgiving the last bits of rounding (a loss from 60 kg to
 * 58.8 kg is 2 % exactly, but 2.000000000000005 in floating point): within
 * 1e-9 of t, relative, x is t. */
int exposure_over(double x, double t);
int exposure_at_least(double x, double t);
int exposure_under(double x, double t);
/* Calls fn with each threshold's configuration name and value, in a fixed
 * order (for --help texts and the README). */
void exposure_each_threshold(const struct thresholds *t,
			     void (*fn)(const char *name, double value,
					const char *meaning, void *arg),
			     void *arg);

struct session_exposure {
	int64_t athlete_id;
	size_t athlete;              /* index into exposure_table.names */
	int32_t day;
	model_date date;
	model_time start_time;       /* "" when not given */
	int cramp;
	double cramp_severity;
	const char *cramp_muscle;    /* into exposure_table's strings; NULL */
	enum cramp_side cramp_side;
	/* The session's own values. */
	double duration_min, rpe;
	double load;                 /* RPE x minutes (Foster 2001); else an
				      * app's own load (TSS) */
	double body_mass_loss_pct;   /* (pre - post) / pre x 100 */
	double body_mass_loss_kg;    /* pre - post */
	double tightness;
	/* That morning's first urine reading. */
	double urine_color, usg;
	/* The window before the session: daily means over known days. */
	double fluid_ml, sodium_mg, potassium_mg, carbs_g, carbs_g_per_kg;
	int window_known_days;       /* days of the window with any intake */
	/* Training load up to and including the session's day. */
	double acute_load, chronic_load, acwr;
	/* Sweat (docs/science.md): the session's volume, (pre - post) kg x
	 * 1 L/kg + the fluid drunk in it (none when not logged), unknown
	 * without both masses, never below 0; its rate per hour of the
	 * session; the sodium in it at sweat_sodium_mg_l; and the window's
	 * daily sodium balance, intake - sweat sodium of the day's sessions,
	 * the mean over days with both known. */
	double sweat_volume_l, sweat_rate_l_h, sweat_sodium_mg_l, sweat_sodium_mg;
	double sodium_balance_mg;
	signed char flag[FACTOR_ALL];
};

/* One calendar day of an athlete who trained, from their first logged day
 * to their last (within from_day..to_day): the day's own totals (unknown
 * when no row of the day carries the value), that morning's urine, the
 * body mass in force, and the training load. */
struct day_exposure {
	size_t athlete;              /* index into exposure_table.names */
	int32_t day;
	model_date date;
	double fluid_ml, sodium_mg, potassium_mg, carbs_g, carbs_g_per_kg;
	double body_mass_kg;         /* latest known on or before the day */
	double urine_color, usg;
	int sessions;                /* sessions that day (0 or more) */
	double load;                 /* the day's load; 0 on a rest day */
	double acute_load, chronic_load, acwr;
	double sodium_balance_mg;    /* sodium - the sessions' sweat sodium */
	double sweat_sodium_held_mg_l;  /* the latest measured on or before
					 * the day; NAN */
};

struct exposure_table {
	struct session_exposure *rows;
	size_t count;
	char **names;                /* athletes' names, by index */
	int64_t *name_ids;
	size_t names_count;
	char **strings;              /* cramp muscles, interned */
	size_t strings_count;
	int window_days;
	struct day_exposure *days;   /* with opt.with_days, by athlete, day */
	size_t days_count;
};

/*
 * The continuous exposures the analyzer can model as they are, not as
 * flags: each named as its column of `cramplog exposures`, with the step
 * its odds ratio is given per (the model's column is the value divided by
 * the step).
 */
enum exposure_value {
	VALUE_BODY_MASS_LOSS_PCT,    /* per 1 % of pre-session mass */
	VALUE_USG,                   /* per 0.005 of specific gravity */
	VALUE_URINE_COLOR,           /* per step of the 1-8 chart */
	VALUE_SODIUM_MG,             /* the window's daily intake, per 500 mg */
	VALUE_POTASSIUM_MG,          /* the same, per 500 mg */
	VALUE_CARBS_G_PER_KG,        /* per 1 g/kg a day */
	VALUE_PRE_TIGHTNESS,         /* per point of 0-10 */
	VALUE_ACWR,                  /* per 0.1 */
	VALUE_SODIUM_BALANCE_MG,     /* the window's daily balance, per 500 mg */
	VALUE_COUNT
};

/* "body_mass_loss_pct", ...; NULL past the end. */
const char *exposure_value_name(enum exposure_value v);
/* VALUE_COUNT when name is none of them. */
enum exposure_value exposure_value_from_name(const char *name, size_t len);
/* The step of v's odds ratio (0.005 for usg); NAN past the end. */
double exposure_value_unit(enum exposure_value v);
/* The step as the text says it ("500 mg"); NULL past the end. */
const char *exposure_value_unit_text(enum exposure_value v);
/* The threshold of the factor made of v (th's body_mass_loss_pct for
 * body_mass_loss_pct, sodium_deficit_mg for sodium_balance_mg, ...). */
double exposure_value_threshold(const struct thresholds *th,
				enum exposure_value v);
/* The session's value of v, NAN when unknown. */
double exposure_value_of(const struct session_exposure *e,
			 enum exposure_value v);

/* Computes the exposures of every selected session. The table's memory is
 * the caller's: exposure_table_release frees it.
 *
 * It starts from the store's kept exposures (store.h) when the options
 * are those they were kept with (a one-day window, coupled ACWR, the
 * default sweat sodium: the flags' thresholds may be any), else from the
 * log rows; the table is the same either way. CRAMPLOG_KEPT=0 in the
 * environment, or opt->from_rows, makes it read the log rows. */
int exposure_compute(store *st, const struct exposure_options *opt,
		     struct exposure_table *out, struct diag *d);

/* Called with each session as it is made, in the table's order; t holds
 * the names (e->athlete indexes them) and the interned strings so far,
 * and no rows. Returns 0 to go on, or a positive value to stop. */
typedef int (*exposure_each_fn)(void *arg, const struct exposure_table *t,
				const struct session_exposure *e);
/* exposure_compute without holding the sessions: each has each one, in
 * turn (opt->with_days not allowed). Returns 0, -1 with d filled, or the
 * positive value each stopped with; exposure_table_release(out) after,
 * whatever the outcome. */
int exposure_each(store *st, const struct exposure_options *opt,
		  exposure_each_fn each, void *arg, struct exposure_table *out,
		  struct diag *d);

/* The days an import's change reaches back from: the kept exposures of
 * a day depend on the log rows of the 27 days before it (the ACWR's 28
 * days, which cover the one-day window), on the cramps of the
 * RISK_HISTORY_DAYS (90, risk.h) before it (the history term: read from
 * the kept sessions), and on what is in force from before (body mass,
 * measured sweat sodium, the first session: from the kept days). */
#define EXPOSURE_KEEP_REACH_DAYS 27

/* Makes the kept exposures of the athlete from date on ("" for all)
 * again from the log rows, inside the caller's transaction: the store
 * calls it for every athlete a transaction changed, from the earliest
 * date changed, before it commits. The log rows are read from
 * EXPOSURE_KEEP_REACH_DAYS before date, the kept cramps from
 * RISK_HISTORY_DAYS before it. Returns 0, or -1. */
int exposure_keep(store *st, int64_t athlete_id, const char *date,
		  struct diag *d);

struct pattern_table;
/* The pattern counts (patterns.h) of the sessions opt selects (its days,
 * athlete, and the store's team), straight from the kept exposures by a
 * GROUP BY in the store, the flags made with opt's thresholds; the
 * history term is the kept one: a cramp in the RISK_HISTORY_DAYS before
 * the session among all the athlete's sessions (not only the selected
 * days'). Athletes are numbered as exposure_compute numbers them. Needs
 * the options the kept exposures were made with (exposure_compute) and
 * the kept exposures made: 0; 1 when they are not to be read for opt or
 * not made yet (compute from the log rows then); -1 with d saying why
 * when the store fails or holds a kept row not as cramplog writes it. */
int exposure_patterns(store *st, const struct exposure_options *opt,
		      struct pattern_table *out, struct diag *d);
void exposure_table_release(struct exposure_table *t);

/*
 * What the risk model and its backtest need of a session, and no more:
 * its athlete, day, flags and outcome (16 bytes, against a full row's few
 * hundred), so that `report` holds a million sessions in 16 MB and loads
 * the full rows of its period only.
 */
struct session_flags {
	uint32_t athlete;            /* index into the names */
	int32_t day;
	signed char flag[FACTOR_ALL];
	unsigned char cramp;         /* 0 or 1 */
};

/* By athlete and day, as exposure_compute orders its rows; athletes
 * numbered as exposure_compute numbers them. */
struct flags_table {
	struct session_flags *rows;
	size_t count;
	const int64_t *name_ids;     /* by index; NULL: not known */
	char *const *names;          /* by index; NULL: not known */
	size_t names_count;
	int64_t *owned_ids;          /* name_ids when the table made them */
	char **owned_names;          /* names when the table made them */
};

/* A session's flags, as the flags table holds them. */
void session_flags_of(const struct session_exposure *e,
		      struct session_flags *f);
/* t's sessions as flags (t's names and ids are borrowed: t must outlive
 * out). */
void flags_of_table(const struct exposure_table *t, struct flags_table *out);
/* The flags of the sessions opt selects handed to fn one at a time, with
 * their athlete's id, by athlete and day as exposure_compute orders its
 * rows, none held: straight from the kept exposures, made with opt's
 * thresholds by exposure_compute's code (what exposure_patterns needs);
 * or, for options the kept exposures do not serve or with made, made by
 * exposure_each one session at a time (from the kept sessions' values or
 * the log rows: the flags a later exposure_each gives the same sessions,
 * whatever a database changed by hand holds). The athletes' names and
 * ids into names, whose count stays 0: those of exposure_compute's table
 * of opt, which names every athlete with a session whatever the days
 * selected (a period's table numbers the athletes alike). 0, or -1 with
 * d filled (fn may have been given sessions: the caller discards what
 * it made of them); flags_table_release(names) after, whatever the
 * outcome. */
typedef void (*exposure_flags_fn)(void *arg, const struct session_flags *e,
				  int64_t athlete_id);
int exposure_flags_each(store *st, const struct exposure_options *opt,
			int made, exposure_flags_fn fn, void *arg,
			struct flags_table *names, struct diag *d);
/* The latest day on or before opt->to_day with a session of opt's
 * athlete (or of every athlete) into *day: 1, 0 when there is none, -1
 * with d filled. The day of the latest session exposure_flags_each
 * gives, read through an index. */
int exposure_latest_day(store *st, const struct exposure_options *opt,
			int32_t *day, struct diag *d);
void flags_table_release(struct flags_table *f);

#endif
