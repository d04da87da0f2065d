/*
 * The analysis: from the exposure table, how strongly each factor goes with
 * the cramp episodes, alone (2x2 tables) and together (a logistic model,
 * pooled over the squad or within each athlete); or, with continuous terms,
 * how the odds change per step of each exposure, and with a spline the
 * dose-response curve of one (docs/science.md). The results are plain
 * data for `cramplog analyze` and the reports.
 */
#ifndef CRAMPLOG_ANALYSIS_H
#define CRAMPLOG_ANALYSIS_H

#include "exposure.h"
#include "stats.h"

enum design { DESIGN_POOLED, DESIGN_WITHIN };

/* What the model's terms are: the factor flags, or the continuous
 * exposures themselves (exposure.h's enum exposure_value), each per its
 * step. */
enum terms { TERMS_FLAGS, TERMS_CONTINUOUS };

/* The knots a spline may have (rms::rcs's 3 to 5), and the points of its
 * curve. */
#define SPLINE_MIN_KNOTS 3
#define SPLINE_MAX_KNOTS STATS_RCS_MAX_KNOTS
#define SPLINE_GRID 20

/* At most one term per flag or continuous exposure, and a spline's extra
 * ones. */
#define ANALYSIS_MAX_TERMS (FACTOR_ALL + VALUE_COUNT + SPLINE_MAX_KNOTS)

/* Fewer cramps than this per estimated coefficient make a logistic model
 * unstable (Peduzzi et al. 1996): the result says so. */
#define ANALYSIS_MIN_EVENTS_PER_COEFFICIENT 10

struct analysis_options {
	int factor_on[FACTOR_ALL];     /* the factors to study */
	enum design design;
	enum stats_method method;
	enum terms terms;
	int value_on[VALUE_COUNT];     /* TERMS_CONTINUOUS: the exposures */
	/* A dose-response curve of this exposure (VALUE_COUNT: none), fitted
	 * as a restricted cubic spline with knots knots, the other chosen
	 * exposures as linear terms. Implies TERMS_CONTINUOUS. */
	enum exposure_value spline;
	int knots;
};

/* The six factors of the report (sodium_deficit only when asked), all the
 * continuous exposures for TERMS_CONTINUOUS, pooled, Firth, no spline (4
 * knots when one is asked). */
void analysis_options_init(struct analysis_options *opt);
/* Sets the factors from a comma-separated list of names: factor names, or
 * with opt->terms TERMS_CONTINUOUS the continuous exposures' names (as
 * the columns of `cramplog exposures`). Returns 0, or -1 with d naming
 * the unknown one. */
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
	enum factor factor;            /* TERMS_FLAGS */
	enum exposure_value value;     /* TERMS_CONTINUOUS */
	const char *name;              /* the factor's or exposure's name */
	double unit;                   /* the odds ratio is per this step of
					* a continuous exposure; NAN for a
					* flag */
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
	struct term_result terms[ANALYSIS_MAX_TERMS];
	size_t nterms;
	enum factor dropped[FACTOR_ALL];     /* constant among complete cases */
	const char *dropped_names[ANALYSIS_MAX_TERMS];   /* the same, by name,
							  * flags or not */
	size_t ndropped;
	/* Each dropped one: 1 when it varies, but within no athlete that
	 * carries weight (within athletes), 0 when the same throughout. */
	unsigned char dropped_within[ANALYSIS_MAX_TERMS];
	size_t coefficients;           /* estimated, without the intercept */
	double events_per_coefficient; /* cramps (within: in athletes that
					* carry weight) per coefficient; under
					* ANALYSIS_MIN_EVENTS_PER_COEFFICIENT
					* the model is too large for the data */
};

struct spline_point {
	double value;                  /* of the exposure */
	double odds_ratio, ci_low, ci_high;   /* against the median, Wald 95 % */
};

/* A dose-response curve: the exposure as a restricted cubic spline
 * (Harrell's basis, as rms::rcs), knots where rms::rcs puts them, the
 * odds ratio of a cramp at each grid value against the median, and the
 * likelihood-ratio test of the spline against the exposure as a straight
 * line (the model without the non-linear terms). The other terms are in
 * analysis_result.model, fitted in the same model. */
struct spline_result {
	int fitted;                    /* 0: see model.reason */
	enum exposure_value value;
	int nknots;
	double knots[SPLINE_MAX_KNOTS];
	double median;                 /* of the values used */
	double beta[SPLINE_MAX_KNOTS - 1], se[SPLINE_MAX_KNOTS - 1];
				       /* the basis' coefficients, as glm's
					* on rcs(x / step): x, x', x'' ... */
	double loglik, loglik_linear;  /* maximum likelihood, whatever the
					* method (Firth's penalty differs
					* between models of different size) */
	double lr_chisq;               /* 2 (loglik - loglik_linear); NAN
					* when either has separation */
	int df;                        /* nknots - 2 */
	double nonlinearity_p;
	struct spline_point grid[SPLINE_GRID];   /* from the 1st to the 99th
						  * percentile, evenly */
};

struct analysis_result {
	uint64_t sessions, cramps, athletes;
	int window_days;
	struct factor_result factors[FACTOR_ALL];
	size_t nfactors;
	struct model_result model;
	struct spline_result spline;   /* with opt.spline */
	char spill_error[320];         /* a temporary file of the model's
					* rows that could not be written or
					* read (the model then not fitted):
					* what failed; else empty. An error
					* of the command, not of the data */
};

/* Analyses the table. A model that cannot be fitted is not an error:
 * model.fitted says so, with the reason. */
void analysis_run(const struct exposure_table *t,
		 const struct analysis_options *opt,
		 struct analysis_result *out);

struct pattern_table;

/* The same from pattern counts (patterns.h) of tables computed with
 * window_days, for the flags only (opt->terms TERMS_FLAGS, no spline;
 * else model.reason says the counts cannot carry the terms):
 * analysis_run counts t's sessions and calls this. The results are
 * analysis_run_rows' but for the rounding of sums. */
void analysis_run_patterns(const struct pattern_table *pt, int window_days,
			   const struct analysis_options *opt,
			   struct analysis_result *out);
/* analysis_run from the rows, whatever the terms: the path of continuous
 * terms and splines, and for the flags the reference the counts are
 * tested against (tests/core/test_patterns.c). */
void analysis_run_rows(const struct exposure_table *t,
		       const struct analysis_options *opt,
		       struct analysis_result *out);

/* analysis_run_rows without the table: each session handed in as it is
 * made (analysis_stream_add is an exposure_each_fn: pass the stream as
 * its argument), only the complete cases' rows of the model kept, then
 * finish with the table exposure_each filled (its names and window; its
 * rows, empty, for the 2x2 tables of flags: use the pattern counts for
 * those). The same result as analysis_run_rows of the table of the same
 * sessions, to the bit. finish frees the stream. */
struct analysis_stream;
struct analysis_stream *analysis_stream_new(const struct analysis_options *opt);
int analysis_stream_add(void *stream, const struct exposure_table *t,
			const struct session_exposure *e);
void analysis_stream_finish(struct analysis_stream *s,
			    const struct exposure_table *t,
			    struct analysis_result *out);
/* Frees a stream not finished (a read that failed). */
void analysis_stream_free(struct analysis_stream *s);

#endif
