/*
 * The week's risk: for each athlete who trained in a period, the risk of a
 * cramp in a coming session, from a pooled logistic model of cramp on the
 * factors and on the athlete's own recent history of cramping (docs/science.md:
 * the strongest predictor), applied to their latest exposures; with the
 * evidence of the period behind each factor, and the squad at a glance.
 * The reports (reports/report.c) turn this into words.
 */
#ifndef CRAMPLOG_RISK_H
#define CRAMPLOG_RISK_H

#include "diag.h"
#include "exposure.h"
#include "stats.h"

#include <stdint.h>

/* History: a cramp episode in the 90 days before a session. */
#define RISK_HISTORY_DAYS 90
/* Fewer cramp episodes than this among the model's sessions: no model,
 * description only (Bahr & Holme 2003). */
#define RISK_MIN_EPISODES 5
/* The levels, as multiples of the squad's base rate. */
#define RISK_MODERATE_RATIO 1.5
#define RISK_HIGH_RATIO 3.0
/* A severe episode: treat it like a hamstring strain. */
#define RISK_SEVERE 7.0

/* The model's terms: the six factors, then history. */
#define RISK_TERM_HISTORY FACTOR_COUNT
#define RISK_TERMS (FACTOR_COUNT + 1)

enum risk_level { RISK_UNKNOWN, RISK_LOW, RISK_MODERATE, RISK_HIGH };

/* "unknown", "low", "moderate", "high". */
const char *risk_level_name(enum risk_level level);
/* "dehydration", ... as exposure_factor_name, and "history". */
const char *risk_term_name(int term);

/* The level of a risk ratio (risk / base rate); RISK_UNKNOWN for NAN. */
enum risk_level risk_level_of(double ratio);
/* hist[i] (t->count of them): did row i's athlete have a cramp in the
 * RISK_HISTORY_DAYS days before row i's day? Rows as exposure_compute
 * gives them, by athlete and day. */
void risk_history_flags(const struct flags_table *t, signed char *hist);

/* The same flag of sessions as they come, by athlete and day: the current
 * athlete's cramp days of the last RISK_HISTORY_DAYS days held, no more.
 * Zeroed (or RISK_HISTORY_INIT) to start; risk_history_release after. */
struct risk_history {
	int32_t *day;                    /* cramp days, oldest first */
	size_t head, count, alloc;       /* day[head..count) held */
	uint32_t athlete;
	int started;
};

#define RISK_HISTORY_INIT { NULL, 0, 0, 0, 0, 0 }

/* FLAG_TRUE or FLAG_FALSE for session e, the next by athlete and day. */
signed char risk_history_next(struct risk_history *h,
			      const struct session_flags *e);
void risk_history_release(struct risk_history *h);

struct risk_options {
	int factor_on[FACTOR_COUNT];
	enum stats_method method;
	int32_t from_day, to_day;        /* the period reported */
};

/* All six factors, Firth. The caller sets the period. */
void risk_options_init(struct risk_options *opt);

struct risk_model {
	int fitted;                      /* 0: reason says why */
	const char *reason;
	enum stats_method method;
	uint64_t sessions, cramps;       /* complete cases up to the period's end */
	double base_rate;                /* cramps / sessions */
	size_t nterms;
	int term[RISK_TERMS];            /* factor, or RISK_TERM_HISTORY */
	double odds_ratio[RISK_TERMS], ci_low[RISK_TERMS], ci_high[RISK_TERMS];
	double p[RISK_TERMS];
	double prevalence[RISK_TERMS];   /* share of the sessions with it on */
	int dropped[RISK_TERMS];         /* chosen but constant: left out */
	size_t ndropped;
};

/* How often something was on in the period: `on` of `known` (days or
 * sessions), the mean of the values that were on, and the worst value. */
struct risk_count {
	unsigned known, on;
	double mean_on, worst;
};

struct risk_evidence {
	struct risk_count mass_loss;     /* sessions: body-mass loss % */
	struct risk_count usg;           /* mornings */
	struct risk_count urine_color;   /* mornings */
	struct risk_count sodium;        /* days: mg */
	struct risk_count potassium;     /* days: mg */
	struct risk_count carbs;         /* days: g/kg */
	struct risk_count tightness;     /* sessions */
	struct risk_count acwr;          /* days */
	double mass_loss_kg_worst;       /* kg lost in the worst session */
	/* The day of the period with the most sodium lost in sweat, of the
	 * days whose every session's sweat is known (both masses): the
	 * sodium (mg) and sweat (L) of its sessions, its intake of sodium
	 * (mg; NAN when not logged) and the balance, intake - sweat sodium
	 * (NAN). sweat_sodium_mg is NAN when no day had a loss. */
	double sweat_sodium_mg, sweat_volume_l;
	int32_t sweat_day;
	double sweat_intake_mg, sweat_balance_mg;
	double body_mass_kg;             /* latest known; NAN */
	double latest_acwr;              /* on the period's last logged day */
};

struct risk_episode {
	size_t athlete;                  /* index into the table's names */
	model_date date;
	model_time start_time;
	const char *muscle;              /* NULL when not given */
	enum cramp_side side;
	double severity;                 /* NAN when not given */
};

struct risk_athlete {
	size_t athlete;                  /* index into the table's names */
	const char *name;
	size_t rank;                     /* 1: the most at risk of the squad */
	uint64_t sessions, cramps;       /* in the period */
	uint64_t recent_cramps;          /* in the 90 days to the period's end */
	uint64_t sessions_before, cramps_before;   /* before the period */
	double worst_severity;           /* in the period; NAN */
	/* The exposures the risk is computed at: each term as at their
	 * latest session where it was known; FLAG_UNKNOWN: the squad's
	 * share was used. */
	signed char flag[RISK_TERMS];
	double risk, risk_low, risk_high;    /* NAN without a model */
	double ratio;                        /* risk / base rate */
	enum risk_level level;
	struct risk_evidence ev;
};

struct risk_report {
	int32_t from_day, to_day;
	struct risk_model model;
	uint64_t sessions, cramps;           /* the squad in the period */
	uint64_t sessions_before, cramps_before;
	/* Sessions with each factor on, of those where it was known. */
	uint64_t factor_on[FACTOR_COUNT], factor_known[FACTOR_COUNT];
	uint64_t usual_on[FACTOR_COUNT], usual_known[FACTOR_COUNT];
	struct risk_episode *episodes;       /* the period's, by date */
	size_t nepisodes;
	struct risk_athlete *athletes;       /* who trained, most at risk first */
	size_t nathletes;
	size_t *idle;                        /* athletes with no session in it */
	size_t nidle;
};

/* Computes the report from t: every athlete's sessions up to opt->to_day,
 * computed with with_days and ordered by athlete and day (as
 * exposure_compute gives them). Too few episodes is not an error:
 * model.fitted says so. */
void risk_compute(const struct exposure_table *t, const struct thresholds *th,
		 const struct risk_options *opt, struct risk_report *out);
/* The same from the flags of every session up to the period's end (ft)
 * and the full rows and days of the period (t; it may hold more, the rows
 * outside the period are not read: each day carries the body mass in
 * force), both numbering the athletes alike (one store read, or ft made
 * of t): `report` loads only its period's rows. */
void risk_compute_flags(const struct flags_table *ft,
			const struct exposure_table *t,
			const struct thresholds *th,
			const struct risk_options *opt, struct risk_report *out);

/* risk_compute_flags a session at a time, its flags as they come by
 * athlete and day (the store's kept exposures streamed): held are the
 * athletes' tallies and the model's pattern counts, not the sessions.
 * finish takes the period's full rows t (numbering the athletes as the
 * sessions did, names_count of them), fills out as risk_compute_flags
 * does and frees w. */
struct risk_walk;
struct risk_walk *risk_walk_new(const struct risk_options *opt);
void risk_walk_add(struct risk_walk *w, const struct session_flags *e);
void risk_walk_finish(struct risk_walk *w, size_t names_count,
		      const struct exposure_table *t,
		      const struct thresholds *th, struct risk_report *out);
/* Frees a walk not finished (NULL: nothing). */
void risk_walk_free(struct risk_walk *w);

/* The risk of each athlete in each of n weeks from first_monday, as a
 * risk_walk of that week alone (opt's period ignored) would give it: a
 * session at a time, by athlete and day, holding for each athlete-week
 * its latest flags, whether they trained and whether they cramped in the
 * RISK_HISTORY_DAYS days to its end (2 bytes), and each week's pattern
 * counts (11 KiB), where a walk a week held every athlete's tallies.
 * finish fills risk[a * to_n + j] (athletes x to_n) with athlete a's risk
 * in the week of to_monday + 7 j, NAN when they did not train in it, the
 * week has no model or is not one of the walk's, and frees w. */
struct risk_weeks;
struct risk_weeks *risk_weeks_new(const struct risk_options *opt,
				  int32_t first_monday, size_t n);
void risk_weeks_add(struct risk_weeks *w, const struct session_flags *e);
void risk_weeks_finish(struct risk_weeks *w, size_t athletes,
		       int32_t to_monday, size_t to_n, double *risk);
/* Frees a walk not finished (NULL: nothing). */
void risk_weeks_free(struct risk_weeks *w);

struct pattern_table;

/* The report's model from pattern counts (patterns.h) of the sessions up
 * to opt->to_day, with history as risk_history_flags gives it:
 * risk_compute counts and calls this. fit holds the fit for predictions
 * when m->fitted (the caller releases it; released otherwise). */
void risk_model_patterns(const struct pattern_table *pt,
			 const struct risk_options *opt, struct risk_model *m,
			 struct stats_fit *fit);
/* The same model fitted on t's rows up to opt->to_day, one by one: the
 * reference the counts are tested against (tests/core/test_patterns.c). */
void risk_model_rows(const struct exposure_table *t, const signed char *hist,
		     const struct risk_options *opt, struct risk_model *m,
		     struct stats_fit *fit);
void risk_report_release(struct risk_report *r);

#endif
