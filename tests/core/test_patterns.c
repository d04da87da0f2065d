/*
 * Tests of the fits on pattern counts (core/patterns.h, issue 17): the
 * counts of a table, and on simulated squads of several shapes the 2x2
 * tables, the pooled and within-athlete models (MLE and Firth) and the
 * report's risk model fitted on the counts against the same fitted on the
 * rows one by one: equal to 1e-10 relative (counts exactly).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis.h"
#include "patterns.h"
#include "risk.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-10

static void close_to(double got, double want, const char *what, int line)
{
	if (isnan(want) && isnan(got))
		return;
	if (!(fabs(got - want) <= TOL * fabs(want)))
		fail_msg("line %d: %s is %.17g on counts, %.17g on rows "
			 "(relative error %.3g)", line, what, got, want,
			 fabs(got - want) / fabs(want));
}

#define SAME(got, want) close_to((got), (want), #got, __LINE__)

/* ---- The counts of a table ---- */

static void set_row(struct session_exposure *e, size_t athlete, int32_t day,
		    int cramp, const char *flags)
{
	memset(e, 0, sizeof(*e));
	e->athlete = athlete;
	e->athlete_id = (int64_t)athlete + 10;
	e->day = day;
	e->cramp = cramp;
	/* flags: one character per factor, '0', '1' or '?'. */
	for (int f = 0; f < FACTOR_ALL; f++)
		e->flag[f] = flags[f] == '?' ? FLAG_UNKNOWN : flags[f] == '1';
}

static void test_counts_by_athlete_and_flags(void **state)
{
	struct session_exposure rows[7];
	struct exposure_table t = { .rows = rows, .count = 7, .names_count = 3 };
	signed char hist[7] = { 0, 1, 0, 0, 0, 1, 0 };
	struct pattern_table pt;

	(void)state;
	/* Athlete 2 first, then 0; athlete 1 has no session. */
	set_row(&rows[0], 2, 5, 1, "1000000");
	set_row(&rows[1], 2, 6, 0, "1000000");
	set_row(&rows[2], 0, 1, 0, "?1000?1");
	set_row(&rows[3], 0, 2, 1, "?1000?1");
	set_row(&rows[4], 0, 3, 0, "?1000?1");
	set_row(&rows[5], 0, 4, 0, "01000?1");
	set_row(&rows[6], 2, 9, 0, "1000000");
	pattern_count(&t, NULL, &pt);
	assert_int_equal(pt.names_count, 3);
	assert_int_equal(pt.count, 3);
	/* By athlete, then flags with -1 < 0 < 1. */
	assert_int_equal(pt.rows[0].athlete, 0);
	assert_int_equal(pt.rows[0].flag[0], FLAG_UNKNOWN);
	assert_int_equal(pt.rows[0].flag[1], FLAG_TRUE);
	assert_int_equal(pt.rows[0].flag[5], FLAG_UNKNOWN);
	assert_int_equal(pt.rows[0].flag[6], FLAG_TRUE);
	assert_int_equal(pt.rows[0].flag[PATTERN_HISTORY], FLAG_UNKNOWN);
	assert_int_equal(pt.rows[0].sessions, 3);
	assert_int_equal(pt.rows[0].cramps, 1);
	assert_int_equal(pt.rows[1].athlete, 0);
	assert_int_equal(pt.rows[1].flag[0], FLAG_FALSE);
	assert_int_equal(pt.rows[1].sessions, 1);
	assert_int_equal(pt.rows[1].cramps, 0);
	assert_int_equal(pt.rows[2].athlete, 2);
	assert_int_equal(pt.rows[2].flag[0], FLAG_TRUE);
	assert_int_equal(pt.rows[2].sessions, 3);
	assert_int_equal(pt.rows[2].cramps, 1);
	pattern_table_release(&pt);

	/* With history: athlete 2's row 1 parts from its others. */
	pattern_count(&t, hist, &pt);
	assert_int_equal(pt.count, 4);
	assert_int_equal(pt.rows[0].flag[PATTERN_HISTORY], FLAG_FALSE);
	assert_int_equal(pt.rows[0].sessions, 3);
	assert_int_equal(pt.rows[1].flag[0], FLAG_FALSE);
	assert_int_equal(pt.rows[1].flag[PATTERN_HISTORY], FLAG_TRUE);
	assert_int_equal(pt.rows[2].athlete, 2);
	assert_int_equal(pt.rows[2].flag[PATTERN_HISTORY], FLAG_FALSE);
	assert_int_equal(pt.rows[2].sessions, 2);
	assert_int_equal(pt.rows[2].cramps, 1);
	assert_int_equal(pt.rows[3].flag[PATTERN_HISTORY], FLAG_TRUE);
	assert_int_equal(pt.rows[3].sessions, 1);
	assert_int_equal(pt.rows[3].cramps, 0);
	pattern_table_release(&pt);

	/* Up to a day: athlete 2's days 5 and 6, athlete 0's 1 to 4. */
	pattern_count_until(&t, NULL, 6, &pt);
	assert_int_equal(pt.count, 3);
	assert_int_equal(pt.rows[2].sessions, 2);
	pattern_table_release(&pt);
}

static void test_counts_of_nothing(void **state)
{
	struct exposure_table t = { 0 };
	struct pattern_table pt;

	(void)state;
	pattern_count(&t, NULL, &pt);
	assert_int_equal(pt.count, 0);
	pattern_table_release(&pt);
}

/* ---- Simulated squads ---- */

/* A squad's shape: athletes, sessions each (a range), each factor's
 * prevalence, the share of unknown flags, the cramps' log-odds. */
struct shape {
	const char *name;
	size_t athletes, min_sessions, max_sessions;
	double prevalence[FACTOR_ALL];
	double unknown;               /* of each flag */
	double base, effect[FACTOR_ALL];
	int separation;               /* every session with factor 0 cramps */
	int constant;                 /* factor 3 never on */
	int extreme_athletes;         /* athlete 0 never cramps, 1 always */
};

static uint64_t rng_state;

static double uniform(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* A squad of the shape: rows by athlete and day, as exposure_compute
 * gives them. The caller frees t->rows. */
static void simulate(const struct shape *s, uint64_t seed,
		     struct exposure_table *t)
{
	size_t most = s->athletes * s->max_sessions, n = 0;

	rng_state = seed;
	memset(t, 0, sizeof(*t));
	t->rows = calloc(most, sizeof(*t->rows));
	assert_non_null(t->rows);
	for (size_t a = 0; a < s->athletes; a++) {
		size_t k = s->min_sessions +
			   (size_t)(uniform() * (double)(s->max_sessions -
							 s->min_sessions + 1));

		for (size_t i = 0; i < k && i < s->max_sessions; i++) {
			struct session_exposure *e = &t->rows[n++];
			double eta = s->base;

			memset(e, 0, sizeof(*e));
			e->athlete = a;
			e->athlete_id = 1000 - (int64_t)a;
			e->day = (int32_t)(i * 2 + (uniform() < 0.5));
			for (int f = 0; f < FACTOR_ALL; f++) {
				int on = uniform() < s->prevalence[f];

				if (f == 3 && s->constant)
					on = 0;
				e->flag[f] = uniform() < s->unknown ? FLAG_UNKNOWN :
					     on ? FLAG_TRUE : FLAG_FALSE;
				eta += on ? s->effect[f] : 0;
			}
			e->cramp = uniform() < 1 / (1 + exp(-eta));
			if (s->separation && e->flag[0] == FLAG_TRUE)
				e->cramp = 1;
			if (s->extreme_athletes && a < 2)
				e->cramp = (int)a;
		}
	}
	t->count = n;
	t->names_count = s->athletes;
	t->window_days = 3;
}

static const struct shape shapes[] = {
	{ "squad", 30, 20, 100,
	  { 0.3, 0.2, 0.25, 0.15, 0.4, 0.1, 0.3 }, 0.05,
	  -2.5, { 0.8, 0.4, 0, 0.3, 0.6, 0.2, 0.1 }, 0, 0, 0 },
	{ "many sessions each", 4, 250, 500,
	  { 0.2, 0.3, 0.1, 0.2, 0.3, 0.15, 0.2 }, 0.02,
	  -2.0, { 0.7, 0.3, 0.2, 0, 0.5, 0.4, 0 }, 0, 0, 0 },
	{ "constant factor, extreme athletes, many unknown", 30, 5, 60,
	  { 0.35, 0.3, 0.2, 0.3, 0.3, 0.2, 0.25 }, 0.2,
	  -1.5, { 0.5, 0.5, 0.5, 0, 0.2, 0.3, 0.2 }, 0, 1, 1 },
	{ "separation", 20, 10, 50,
	  { 0.1, 0.3, 0.2, 0.3, 0.3, 0.2, 0.25 }, 0.03,
	  -2.0, { 0, 0.5, 0.3, 0, 0.2, 0.3, 0.2 }, 1, 0, 0 },
	{ "frequent cramps", 12, 40, 200,
	  { 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3 }, 0.05,
	  0.2, { 0.5, -0.3, 0.4, 0.2, 0.1, 0.3, -0.2 }, 0, 0, 0 },
};

static void same_table(const struct factor_result *c, const struct factor_result *r)
{
	assert_int_equal(c->factor, r->factor);
	assert_int_equal(c->exposed_sessions, r->exposed_sessions);
	assert_int_equal(c->exposed_cramps, r->exposed_cramps);
	assert_int_equal(c->unexposed_sessions, r->unexposed_sessions);
	assert_int_equal(c->unexposed_cramps, r->unexposed_cramps);
	assert_int_equal(c->unknown_sessions, r->unknown_sessions);
	SAME(c->stats.odds_ratio, r->stats.odds_ratio);
	SAME(c->stats.ci_low, r->stats.ci_low);
	SAME(c->stats.ci_high, r->stats.ci_high);
	SAME(c->stats.relative_risk, r->stats.relative_risk);
	SAME(c->stats.p_fisher, r->stats.p_fisher);
	SAME(c->p_adjusted, r->p_adjusted);
	assert_int_equal(c->stats.corrected, r->stats.corrected);
}

static void same_model(const struct model_result *c, const struct model_result *r)
{
	assert_int_equal(c->fitted, r->fitted);
	if (r->reason)
		assert_string_equal(c->reason, r->reason);
	else
		assert_null(c->reason);
	assert_int_equal(c->sessions, r->sessions);
	assert_int_equal(c->cramps, r->cramps);
	assert_int_equal(c->athletes, r->athletes);
	assert_int_equal(c->athletes_skipped, r->athletes_skipped);
	assert_int_equal(c->converged, r->converged);
	assert_int_equal(c->separation, r->separation);
	assert_int_equal(c->ndropped, r->ndropped);
	for (size_t k = 0; k < r->ndropped; k++) {
		assert_int_equal(c->dropped[k], r->dropped[k]);
		assert_string_equal(c->dropped_names[k], r->dropped_names[k]);
	}
	assert_int_equal(c->coefficients, r->coefficients);
	SAME(c->events_per_coefficient, r->events_per_coefficient);
	assert_int_equal(c->nterms, r->nterms);
	for (size_t k = 0; k < r->nterms; k++) {
		assert_string_equal(c->terms[k].name, r->terms[k].name);
		assert_int_equal(c->terms[k].factor, r->terms[k].factor);
		SAME(c->terms[k].odds_ratio, r->terms[k].odds_ratio);
		SAME(c->terms[k].ci_low, r->terms[k].ci_low);
		SAME(c->terms[k].ci_high, r->terms[k].ci_high);
		SAME(c->terms[k].p, r->terms[k].p);
	}
}

/* The factor lists each shape is analysed with (NULL: the default). */
static const char *const factor_lists[] = {
	NULL, "dehydration,low_sodium,sodium_deficit", "low_carbohydrate,tightness",
	"dehydration,low_sodium,low_potassium,low_carbohydrate,tightness,"
	"high_load,sodium_deficit",
};

static void test_analysis_on_counts_is_on_rows(void **state)
{
	size_t models = 0, fitted = 0;

	(void)state;
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		struct exposure_table t;
		struct pattern_table pt;

		simulate(&shapes[s], 17 + s, &t);
		pattern_count(&t, NULL, &pt);
		/* Fewer patterns than sessions: the shapes do test counts. */
		assert_true(pt.count < t.count);
		for (size_t l = 0; l < sizeof(factor_lists) / sizeof(factor_lists[0]); l++)
			for (int design = 0; design < 2; design++)
				for (int method = 0; method < 2; method++) {
					struct analysis_options opt;
					struct analysis_result rows, counts, run;
					struct diag d = DIAG_INIT;

					analysis_options_init(&opt);
					opt.design = (enum design)design;
					opt.method = (enum stats_method)method;
					if (factor_lists[l])
						assert_int_equal(analysis_set_factors(
							&opt, factor_lists[l], &d), 0);
					print_message("%s, list %zu, %s, %s\n", shapes[s].name,
						      l, design ? "within" : "pooled",
						      method ? "firth" : "mle");
					analysis_run_rows(&t, &opt, &rows);
					analysis_run_patterns(&pt, t.window_days, &opt, &counts);
					analysis_run(&t, &opt, &run);
					assert_int_equal(counts.sessions, rows.sessions);
					assert_int_equal(counts.cramps, rows.cramps);
					assert_int_equal(counts.athletes, rows.athletes);
					assert_int_equal(counts.window_days, rows.window_days);
					assert_int_equal(counts.nfactors, rows.nfactors);
					for (size_t f = 0; f < rows.nfactors; f++)
						same_table(&counts.factors[f], &rows.factors[f]);
					same_model(&counts.model, &rows.model);
					/* analysis_run fits on the counts. */
					assert_memory_equal(&run.model, &counts.model,
							    sizeof(run.model));
					models++;
					fitted += rows.model.fitted && !rows.model.reason;
				}
		pattern_table_release(&pt);
		free(t.rows);
	}
	/* Most models are fitted and usable, not skipped. */
	assert_true(fitted > models / 2);
}

/* The shapes' risk models (six factors and history, up to a day). */
static void test_risk_model_on_counts_is_on_rows(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++)
		for (int method = 0; method < 2; method++) {
			struct exposure_table t;
			struct pattern_table pt;
			struct risk_options opt;
			struct risk_model rm, cm;
			struct stats_fit rf, cf;
			signed char *hist;

			simulate(&shapes[s], 99 + s, &t);
			hist = malloc(t.count);
			assert_non_null(hist);
			{
				struct flags_table ft;

				flags_of_table(&t, &ft);
				risk_history_flags(&ft, hist);
				flags_table_release(&ft);
			}
			risk_options_init(&opt);
			opt.method = (enum stats_method)method;
			opt.to_day = 60;
			print_message("risk: %s, %s\n", shapes[s].name,
				      method ? "firth" : "mle");
			risk_model_rows(&t, hist, &opt, &rm, &rf);
			pattern_count_until(&t, hist, opt.to_day, &pt);
			risk_model_patterns(&pt, &opt, &cm, &cf);
			assert_int_equal(cm.fitted, rm.fitted);
			if (rm.reason)
				assert_string_equal(cm.reason, rm.reason);
			assert_int_equal(cm.sessions, rm.sessions);
			assert_int_equal(cm.cramps, rm.cramps);
			SAME(cm.base_rate, rm.base_rate);
			assert_int_equal(cm.nterms, rm.nterms);
			assert_int_equal(cm.ndropped, rm.ndropped);
			for (size_t k = 0; k < rm.ndropped; k++)
				assert_int_equal(cm.dropped[k], rm.dropped[k]);
			for (size_t k = 0; k < rm.nterms; k++) {
				assert_int_equal(cm.term[k], rm.term[k]);
				SAME(cm.prevalence[k], rm.prevalence[k]);
				SAME(cm.odds_ratio[k], rm.odds_ratio[k]);
				SAME(cm.ci_low[k], rm.ci_low[k]);
				SAME(cm.ci_high[k], rm.ci_high[k]);
				SAME(cm.p[k], rm.p[k]);
			}
			if (rm.fitted) {
				SAME(cf.loglik, rf.loglik);
				for (size_t j = 0; j < rf.p; j++) {
					SAME(cf.beta[j], rf.beta[j]);
					SAME(cf.se[j], rf.se[j]);
					for (size_t k = 0; k < rf.p; k++)
						SAME(cf.cov[j * rf.p + k], rf.cov[j * rf.p + k]);
				}
			}
			stats_fit_release(&rf);
			stats_fit_release(&cf);
			pattern_table_release(&pt);
			free(hist);
			free(t.rows);
		}
}

/*
 * The conditional fit on counted rows against the rows repeated, with
 * its log-likelihood, standard errors and covariance: strata of many
 * sessions of few patterns (the binomial expansion of each and its
 * scaling), strata with every or no row an event (skipped), and an event
 * count near half the stratum.
 */
static void test_clogit_counts_is_clogit_of_rows(void **state)
{
	enum { K = 12, P = 2 };
	static const double px[K * P] = {
		0, 0, 1, 0, 0, 1, 1, 1,
		0, 0, 1, 0, 1, 1,
		0, 0, 1, 1,
		0, 0, 1, 0, 0, 1,
	};
	static const uint64_t sessions[K] = { 400, 150, 230, 90, 3, 1, 2, 5, 5, 700, 650, 12 };
	static const uint64_t events[K] = { 20, 15, 30, 20, 1, 1, 0, 0, 0, 300, 420, 9 };
	static const int64_t stratum[K] = { 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4 };
	size_t n = 0;
	double *x, *y;
	int64_t *s;

	(void)state;
	for (size_t k = 0; k < K; k++)
		n += sessions[k];
	x = malloc(n * P * sizeof(*x));
	y = malloc(n * sizeof(*y));
	s = malloc(n * sizeof(*s));
	assert_true(x && y && s);
	for (size_t k = 0, r = 0; k < K; k++)
		for (uint64_t i = 0; i < sessions[k]; i++, r++) {
			memcpy(x + r * P, px + k * P, P * sizeof(*x));
			y[r] = i < events[k];
			s[r] = stratum[k];
		}
	for (int method = 0; method < 2; method++) {
		struct stats_fit rf, cf;
		struct diag d = DIAG_INIT;

		assert_int_equal(stats_clogit(x, y, s, n, P, (enum stats_method)method,
					      &rf, &d), 0);
		assert_int_equal(stats_clogit_counts(px, sessions, events, stratum, K, P,
						     (enum stats_method)method, &cf, &d), 0);
		assert_true(rf.converged);
		assert_int_equal(cf.converged, rf.converged);
		assert_int_equal(cf.n, rf.n);
		assert_int_equal(cf.events, rf.events);
		assert_int_equal(cf.strata, 3);
		assert_int_equal(cf.strata, rf.strata);
		assert_int_equal(cf.strata_skipped, rf.strata_skipped);
		SAME(cf.loglik, rf.loglik);
		for (size_t j = 0; j < P; j++) {
			SAME(cf.beta[j], rf.beta[j]);
			SAME(cf.se[j], rf.se[j]);
			SAME(cf.pvalue[j], rf.pvalue[j]);
			SAME(cf.ci_low[j], rf.ci_low[j]);
			SAME(cf.ci_high[j], rf.ci_high[j]);
		}
		stats_fit_release(&rf);
		stats_fit_release(&cf);
	}
	free(x);
	free(y);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_by_athlete_and_flags),
		cmocka_unit_test(test_counts_of_nothing),
		cmocka_unit_test(test_clogit_counts_is_clogit_of_rows),
		cmocka_unit_test(test_analysis_on_counts_is_on_rows),
		cmocka_unit_test(test_risk_model_on_counts_is_on_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
