/*
 * The statistics of the analyzer, in plain C and checked against R in
 * tests/stats/: 2x2 tables (odds ratio with Woolf's interval, relative risk,
 * Fisher's exact test), Benjamini-Hochberg adjustment, logistic regression
 * by maximum likelihood or Firth's penalized likelihood, and conditional
 * logistic regression (exact, stratified by athlete), also with Firth's
 * penalty.
 */
#ifndef CRAMPLOG_STATS_H
#define CRAMPLOG_STATS_H

#include "diag.h"

#include <stddef.h>
#include <stdint.h>

/* qnorm(0.975): the 95 % Wald multiplier. */
#define STATS_Z975 1.959963984540054

/* A 2x2 table: a = exposed with the outcome, b = exposed without,
 * c = unexposed with, d = unexposed without. */
struct stats_2x2 {
	double odds_ratio, ci_low, ci_high;   /* NAN when a margin is empty */
	int corrected;                        /* 0.5 added to every cell */
	double relative_risk;                 /* NAN when undefined */
	double p_fisher;                      /* two-sided */
};

void stats_table(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
		 struct stats_2x2 *out);
/* Fisher's exact test, two-sided, as R's fisher.test: the probability of
 * the tables with the same margins no more likely than this one (with R's
 * relative tolerance of 1e-7). */
double stats_fisher_exact(uint64_t a, uint64_t b, uint64_t c, uint64_t d);
/* Benjamini-Hochberg adjusted p values, as R's p.adjust(method = "BH").
 * NAN entries stay NAN and do not count. */
void stats_bh_adjust(const double *p, size_t n, double *out);
/* The standard normal distribution function. */
double stats_pnorm(double z);

enum stats_method { STATS_MLE, STATS_FIRTH };

struct stats_fit {
	size_t p;             /* terms */
	double *beta;         /* each of the p arrays is the fit's own */
	double *se;
	double *z;
	double *pvalue;       /* two-sided Wald */
	double *ci_low;       /* Wald 95 % on the log-odds scale */
	double *ci_high;
	double *cov;          /* p x p, row-major: the inverse information */
	double loglik;        /* penalized for Firth */
	int iterations;
	int converged;
	int separation;       /* MLE only: estimates run off to infinity */
	size_t n;             /* rows used */
	size_t events;        /* rows with y = 1 */
	size_t strata;        /* conditional: strata that carry information */
	size_t strata_skipped;/* conditional: strata with all or no events */
};

/* Logistic regression of y (0 or 1) on the n x p row-major design x (the
 * caller includes an intercept column). MLE as R's glm(family = binomial);
 * Firth as logistf (Firth 1993; Heinze & Schemper 2002), with the Wald
 * covariance of the penalized estimate (logistf's pl = FALSE). Returns 0,
 * or -1 with d filled (collinear or constant columns, no memory). The
 * caller releases fit. */
int stats_logit(const double *x, const double *y, size_t n, size_t p,
		enum stats_method method, struct stats_fit *fit,
		struct diag *d);
/* Conditional logistic regression stratified by stratum[i], the exact
 * conditional likelihood as R's survival::clogit(method = "exact"),
 * computed by the recursion of Gail, Lubin and Rubinstein (1981); with
 * STATS_FIRTH, Heinze and Puhr's (2010) penalty 1/2 log det I. No intercept
 * column. */
int stats_clogit(const double *x, const double *y, const int64_t *stratum,
		 size_t n, size_t p, enum stats_method method,
		 struct stats_fit *fit, struct diag *d);
/* The same conditional fit on counted rows (pattern counts, patterns.h):
 * row i stands for sessions[i] rows of the design row x_i (p values),
 * events[i] of them with the event, all in stratum stratum[i]; a
 * stratum's rows are consecutive. The fit is that of the rows repeated,
 * its work growing with the rows given, not with their counts. */
int stats_clogit_counts(const double *x, const uint64_t *sessions,
			const uint64_t *events, const int64_t *stratum,
			size_t n, size_t p, enum stats_method method,
			struct stats_fit *fit, struct diag *d);
/* The rows of a fit read in chunks, in the same order at every pass (a
 * fit makes a few dozen): rewind starts again; next gives the next
 * chunk's count rows (x: stride doubles a row, the design its first p;
 * y), and returns 1, 0 after the last, -1 on an error, which why (NULL:
 * none to say) tells. A conditional fit also reads each row's stratum
 * in x's column column, and holds block rows at a time (or a stratum's,
 * when more). read_at (NULL: none) copies count rows from the first'th
 * on into x (stride doubles a row) and y, once rewound, 0 or -1 as next;
 * threads may call it at once. With it a conditional fit's threads read
 * their shares of the rows themselves, block rows between them. */
struct stats_rows {
	void *ctx;
	size_t stride;
	int (*rewind)(void *ctx);
	int (*next)(void *ctx, const double **x, const double **y,
		    size_t *count);
	const char *(*why)(void *ctx);
	size_t column, block;
	int (*read_at)(void *ctx, size_t first, size_t count, double *x,
		       double *y);
	/* MLE: separation is judged on the size of the coefficients but
	 * the last unjudged (a spline's basis: its columns overlap, and
	 * their coefficients run to tens per SD with nothing separated; a
	 * separated spline still shows, by fitted probabilities of 0 or 1
	 * or a fit that does not converge). */
	size_t unjudged;
};

/* stats_logit over n rows (events of them with y = 1) from src, holding
 * none of them: the same fit to the bit, the rows being summed in the
 * same order. -1 with d filled (and fit released) also when src
 * failed. */
int stats_logit_rows(const struct stats_rows *src, size_t n, size_t events,
		     size_t p, enum stats_method method, struct stats_fit *fit,
		     struct diag *d);

/* stats_clogit over the rows of src, each stratum's rows together,
 * holding src->block rows of whole strata at a time: the same fit to the
 * bit when one block holds them all and the strata come in increasing
 * order, as stats_clogit takes them; else the same to rounding. -1 with d
 * filled (and fit released) also when src failed, or when a stratum's
 * rows are not together. */
int stats_clogit_rows(const struct stats_rows *src, size_t p,
		      enum stats_method method, struct stats_fit *fit,
		      struct diag *d);

/* stats_logit's fit with row i counted wt[i] times (frequency weights: rows
 * that share x and y given once with their count; the fit, Firth's
 * included, is that of the rows repeated), started at start (p values;
 * NULL: at 0), as a fit of last week's data starts this week's. */
int stats_logit_weighted(const double *x, const double *y, const double *wt,
			 size_t n, size_t p, enum stats_method method,
			 const double *start, struct stats_fit *fit,
			 struct diag *d);
void stats_fit_release(struct stats_fit *fit);

/* The probability a logistic fit gives to a row x (p values, with the
 * intercept column), and its 95 % interval: Wald on the log-odds scale
 * from the covariance, then back through the logistic function (as R's
 * predict(type = "link", se.fit = TRUE) and plogis). */
void stats_logit_predict(const struct stats_fit *fit, const double *x,
			 double *prob, double *low, double *high);
/* A value and its index, for a sort by the value whose ties go by the
 * index (one order on every platform, as a stable sort gives). */
struct stats_ranked {
	double v;
	size_t i;
};
/* qsort's order of doubles, smallest first (no NaN). */
int stats_by_double(const void *a, const void *b);
/* qsort's comparisons of struct stats_ranked: smallest value first, or
 * largest first; ties by the index, smallest first. */
int stats_by_value(const void *a, const void *b);
int stats_by_value_desc(const void *a, const void *b);

/* The probability alone, the same to the bit (the backtest scores each
 * athlete's week with it, where the interval would cost p^2 a row). */
double stats_logit_prob(const struct stats_fit *fit, const double *x);

/* The upper tail of the chi-squared distribution with df degrees of
 * freedom (df >= 1) at x, as R's pchisq(x, df, lower.tail = FALSE). */
double stats_pchisq_upper(double x, int df);
/* The p-quantile of the n values sorted in increasing order, as R's
 * quantile(type = 7): linear between the order statistics. */
double stats_quantile(const double *sorted, size_t n, double p);

/* n values in increasing order, read by their rank: at(ctx, i) gives the
 * i-th. For values too many for memory (a struct value_sort, spill.h);
 * the functions below read them mostly in order, a few at random. */
struct stats_sorted {
	size_t n;
	double (*at)(void *ctx, size_t i);
	void *ctx;
};
/* stats_quantile of such values. */
double stats_quantile_of(const struct stats_sorted *s, double p);

/*
 * Restricted cubic splines as Harrell's Hmisc::rcspline.eval and rms::rcs
 * (Harrell, Regression Modeling Strategies, 2nd ed. 2015, sec. 2.4.5).
 * stats_rcs_knots places *nknots knots (3 to 5 asked) on the n values
 * sorted in increasing order where rcs puts them: the quantiles 0.1, 0.5,
 * 0.9 (3), 0.05, 0.35, 0.65, 0.95 (4) or 0.05, 0.275, 0.5, 0.725, 0.95
 * (5); the outer ones at the 5th smallest and 5th largest values when
 * there are under 100; a value at either end held by 5 % or more of the
 * rows (and none within) moves that knot to the next value; with at most
 * asked + 2 distinct values, the interior ones are the knots. Returns 0,
 * or -1 with d filled when fewer than 6 values or 3 distinct knots.
 */
#define STATS_RCS_MAX_KNOTS 5

int stats_rcs_knots(const double *sorted, size_t n, int asked,
		    double *knots, int *nknots, struct diag *d);
/* stats_rcs_knots of such values. */
int stats_rcs_knots_of(const struct stats_sorted *s, int asked,
		       double *knots, int *nknots, struct diag *d);
/* The nknots - 1 columns of the spline basis at x: x itself, then the
 * nknots - 2 non-linear terms (norm = 2, as rcs). */
void stats_rcs_basis(double x, const double *knots, int nknots,
		     double *out);

#endif
