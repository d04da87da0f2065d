/*
 * The analysis: from the exposure table, how strongly each factor goes with
 * the cramp episodes, alone (2x2 tables) and together (a logistic model,
 * pooled over the squad or within each athlete). The results are plain
 * data for `cramplog analyze` and the reports.
 */
#ifndef CRAMPLOG_ANALYSIS_H
#define CRAMPLOG_ANALYSIS_H

#include "exposure.h"
#include "stats.h"

enum design { DESIGN_POOLED, DESIGN_WITHIN };

struct analysis_options {
	int factor_on[FACTOR_COUNT];   /* the factors to study */
	enum design design;
	enum stats_method method;
};

/* All six factors, pooled, Firth. */
void analysis_options_init(struct analysis_options *opt);
/* Sets the factors from a comma-separated list of names. Returns 0, or
 * -1 with d naming the unknown one. */
int analysis_set_factors(struct analysis_options *opt, const char *list,
			 struct diag *d);

struct factor_result {
	enum factor factor;
	uint64_t exposed_sessions, exposed_cramps;
	uint64_t unexposed_sessions, unexposed_cramps;
	uint64_t unknown_sessions;
	struct stats_2x2 stats;
	double p_adjusted;             /* Benjamini-Hochberg over the factors */
};

struct term_result {
	enum factor factor;
	double odds_ratio, ci_low, ci_high, p;   /* NAN when not estimable */
};

struct model_result {
	int fitted;                    /* 0: see reason */
	const char *reason;            /* why not fitted, or NULL */
	enum design design;
	enum stats_method method;
	uint64_t sessions, cramps;     /* complete cases used */
	uint64_t athletes;             /* within: athletes that carry weight */
	uint64_t athletes_skipped;     /* within: all or no sessions cramped */
	int converged, separation;
	struct term_result terms[FACTOR_COUNT];
	size_t nterms;
	enum factor dropped[FACTOR_COUNT];   /* constant among complete cases */
	size_t ndropped;
};

struct analysis_result {
	uint64_t sessions, cramps, athletes;
	int window_days;
	struct factor_result factors[FACTOR_COUNT];
	size_t nfactors;
	struct model_result model;
};

/* Analyses the table. Returns 0, or -1 with d filled (no memory). A model
 * that cannot be fitted is not an error: model.fitted says so, with the
 * reason. */
int analysis_run(const struct exposure_table *t,
		 const struct analysis_options *opt,
		 struct analysis_result *out, struct diag *d);

#endif
