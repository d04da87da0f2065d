/*
 * The backtest of the weekly risk (docs/validation.md): for each ISO week
 * W, the report's risk model (risk.h: the same factors, history term,
 * method and levels) is fitted on the sessions dated before W's Monday
 * only, and every session of W is scored with the risk that the report of
 * week W-1 gives its athlete; beside it two baselines on the same
 * sessions, the squad's base rate before W and the history term alone.
 * Then the metrics that say whether the risk meant anything: the AUC with
 * DeLong's interval and paired test, the Brier score, calibration in the
 * large and slope as rms::val.prob computes them, observed against
 * expected, and the sessions and cramps of each level.
 *
 * Nothing dated W or later enters W's predictions: deleting later sessions
 * changes no earlier prediction (tests/core/test_backtest.c).
 */
#ifndef CRAMPLOG_BACKTEST_H
#define CRAMPLOG_BACKTEST_H

#include "diag.h"
#include "exposure.h"
#include "risk.h"

#include <stddef.h>
#include <stdint.h>

/* Fewer cramps than this among the scored sessions: too few to tell. */
#define BACKTEST_MIN_CRAMPS 10

struct backtest_options {
	int factor_on[FACTOR_COUNT];
	enum stats_method method;
	int32_t from_day, to_day;    /* the sessions scored (inclusive) */
	int64_t athlete_id;          /* only this athlete's sessions; 0 */
	int by_athlete_week;         /* one prediction for each athlete's
				      * sessions of a week (they share it),
				      * not one for each session */
};

/* All six factors, Firth, every day, every athlete (as the report). */
void backtest_options_init(struct backtest_options *opt);

/* One scored session, or with by_athlete_week an athlete's scored
 * sessions of a week. */
struct backtest_prediction {
	size_t row;                  /* into the exposure table: the (first)
				      * session; SIZE_MAX when summed by
				      * flags (backtest_walk_new) */
	int32_t monday;              /* of the session's ISO week */
	double risk;                 /* the model's, as the report of W-1 */
	double risk_history;         /* history alone */
	double risk_base;            /* the squad's rate before W */
	enum risk_level level;       /* the model's level */
	unsigned code;               /* the flags it is made at, as one
				      * number (backtest.c) */
	uint32_t sessions, cramps;   /* 1 and 0 or 1 for one session */
};

struct backtest {
	struct backtest_prediction *v;   /* by week, then table order */
	size_t count;                    /* predictions */
	size_t weeks;                    /* weeks with a scored session */
	size_t unscored;                 /* selected sessions not scored:
					  * no model before their week, or
					  * their athlete's first week */
	unsigned char *cramps;           /* BACKTEST_WALK_CRAMPS: bit i of
					  * byte i / 8; a cell's cramps from
					  * bit `row` on; NULL */
};

/*
 * Backtests over t: every athlete's sessions ordered by athlete and day,
 * as exposure_compute gives them (the squad's, from the first day: the
 * fits use every athlete). The sessions of a week are scored when the
 * model can be fitted on the sessions before it and their athlete trained
 * before it: the factors at the athlete's latest week with a session
 * (each as at its latest session there where it was known; else the
 * squad's share), the history term over the 90 days to W's Monday.
 */
void backtest_run(const struct exposure_table *t,
		 const struct backtest_options *opt, struct backtest *out);
/* The same on the sessions' flags (exposure.h; name_ids needed for
 * opt->athlete_id): `report`'s backtest, without the full rows. */
void backtest_run_flags(const struct flags_table *t,
			const struct backtest_options *opt,
			struct backtest *out);
/* backtest_run_flags a session at a time, the flags as they come by
 * athlete and day (row: its index in that order), without holding them:
 * held are the current athlete's state, each week's counts and the
 * predictions to make; athlete_id is e's athlete's (read for
 * opt->athlete_id only: 0 when that is 0). how: 0, or
 *   BACKTEST_WALK_CELLS: the predictions of a week summed by the flags
 *     they are made at (row SIZE_MAX): what backtest_summarize needs, in
 *     memory that grows with the weeks, not the sessions (backtest_curves
 *     and a session's prediction need them made without);
 *   BACKTEST_WALK_CRAMPS (with cells): each scored session's cramp
 *     kept as a bit, a cell's in row order (out->cramps, from the cell's
 *     row on), which backtest_curves reads instead of a flags table: one
 *     bit a session.
 * finish fills out and frees w. */
#define BACKTEST_WALK_CELLS 1u
#define BACKTEST_WALK_CRAMPS 2u
struct backtest_walk;
struct backtest_walk *backtest_walk_new(const struct backtest_options *opt,
					unsigned how);
void backtest_walk_add(struct backtest_walk *w, const struct session_flags *e,
		       size_t row, int64_t athlete_id);
void backtest_walk_finish(struct backtest_walk *w, struct backtest *out);
/* Frees a walk not finished (NULL: nothing). */
void backtest_walk_free(struct backtest_walk *w);
/* Each session's prediction in b (made with BACKTEST_WALK_CELLS and opt
 * by the walk), the sessions walked again, in the same order: the
 * prediction of session e (athlete_id as for backtest_walk_add), or NULL
 * when it is not scored (not selected, its athlete's first week, no
 * model before its week). A session's own outcome is its cramp. */
struct backtest_replay;
struct backtest_replay *backtest_replay_new(const struct backtest *b,
					    const struct backtest_options *opt);
const struct backtest_prediction *
backtest_replay_next(struct backtest_replay *r, const struct session_flags *e,
		     int64_t athlete_id);
void backtest_replay_free(struct backtest_replay *r);
void backtest_release(struct backtest *b);

/* ---- The metrics: pure functions of predictions p (0 < p < 1) and
 * outcomes y (0 or 1) of n sessions. ---- */

/* The AUC (c-statistic: the probability that a session with y = 1 has a
 * higher p than one with y = 0, ties counting half) and DeLong's 95 %
 * interval, as pROC::ci.auc(roc(y, p, levels = c(0, 1), direction = "<"),
 * method = "delong"), cut to 0..1. NAN without both outcomes. */
struct backtest_auc {
	double auc, low, high;
};

void backtest_auc(const double *p, const int *y, size_t n,
		  struct backtest_auc *out);
/* DeLong's paired test of two predictions' AUCs on the same sessions, as
 * pROC::roc.test(paired = TRUE, method = "delong"): *diff = AUC(a) -
 * AUC(b), *pvalue two-sided (1 when both are the same ranking). */
void backtest_auc_compare(const double *a, const double *b, const int *y,
			  size_t n, double *diff, double *pvalue);

struct backtest_calibration {
	double brier;           /* mean (p - y)^2 */
	double scaled_brier;    /* 1 - brier / (o (1 - o)), o = mean y */
	double intercept;       /* a and b of the recalibration */
	double slope;           /* logit P(y) = a + b logit p */
	double observed;        /* sum y */
	double expected;        /* sum p */
};

/* As rms::val.prob's Brier, Intercept and Slope: the logistic regression,
 * by maximum likelihood, of y on logit p (Cox 1958); a perfect calibration
 * is a = 0, b = 1. NAN when the fit does not exist (one outcome only, or
 * one prediction for all). */
void backtest_calibration(const double *p, const int *y, size_t n,
			  struct backtest_calibration *out);

/* The calibration chart's groups: the sessions by p into `groups` groups
 * of (nearly) equal size, each with its mean p, its observed rate and the
 * rate's 95 % Wilson score interval (Wilson 1927). */
struct backtest_group {
	size_t sessions;
	uint64_t cramps;
	double predicted, observed, low, high;
};

#define BACKTEST_CURVE_GROUPS 10

/* Fills out[0..groups) (fewer groups than asked when n is smaller: *made
 * says how many). */
void backtest_groups(const double *p, const int *y, size_t n, size_t groups,
		    struct backtest_group *out, size_t *made);

/* The ROC curve: the points (false positive rate, true positive rate) of
 * each distinct p taken as the threshold, from (0, 0) to (1, 1), into fpr
 * and tpr (room for n + 1 each); *count says how many, 0 without both
 * outcomes. */
void backtest_roc(const double *p, const int *y, size_t n, double *fpr,
		 double *tpr, size_t *count);

/* The calibration chart's figures of a backtest: its scored sessions in
 * groups by the model's risk (backtest_groups) and the ROC curves of the
 * model and of history alone (backtest_roc), the same to the bit whether
 * the predictions were made session by session or by athlete's week. */
struct backtest_curves {
	struct backtest_group group[BACKTEST_CURVE_GROUPS];
	size_t groups;               /* made */
	double *fpr[2], *tpr[2];     /* [0] the model's, [1] history's */
	size_t points[2];
};

/* The curves of b in at most groups (<= BACKTEST_CURVE_GROUPS) groups;
 * t the flags b was run on (backtest_run_flags), whose rows give the
 * outcome of each session of an athlete's week, or NULL when b has them
 * (BACKTEST_WALK_CRAMPS) or was made session by session.
 * backtest_curves_release(out) after. */
void backtest_curves(const struct backtest *b, const struct flags_table *t,
		     size_t groups, struct backtest_curves *out);
void backtest_curves_release(struct backtest_curves *c);

/* ---- The summary `cramplog validate` prints ---- */

/* The predictions compared: the model, history alone, the base rate. */
enum backtest_model { BACKTEST_MODEL, BACKTEST_HISTORY, BACKTEST_BASE,
		      BACKTEST_MODELS };

/* "model", "history", "base_rate". */
const char *backtest_model_name(enum backtest_model m);

struct backtest_level {
	enum risk_level level;
	uint64_t sessions, cramps;
	double rate;                     /* cramps / sessions; NAN */
};

struct backtest_summary {
	size_t weeks, sessions;
	uint64_t cramps;
	/* 0: too little data to tell (no week scored, or fewer than
	 * BACKTEST_MIN_CRAMPS cramps); the metrics are then NAN. */
	int enough;
	struct backtest_auc auc[BACKTEST_MODELS];
	struct backtest_calibration cal[BACKTEST_MODELS];
	double auc_difference, auc_p;    /* model against history alone */
	struct backtest_level levels[3]; /* high, moderate, low */
};

/* Summarizes b. */
void backtest_summarize(const struct backtest *b, struct backtest_summary *s);

/* 1 when enough sessions were scored but all of them cramped (or none
 * did): there is no ranking to judge, and the AUCs, their comparison and
 * the calibration slope are NAN. */
int backtest_one_outcome(const struct backtest_summary *s);

#endif
