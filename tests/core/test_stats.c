/*
 * Tests of the statistics against R: every figure below was printed by
 * tests/stats/reference.R (its output is tests/stats/reference.txt) on the
 * same data, which both files make with the same integer formulas. Relative
 * error 1e-6, 1e-5 for Firth and the conditional model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void close_to(double got, double want, double tol, const char *what,
		     int line)
{
	if (isnan(want) && isnan(got))
		return;
	if (!(fabs(got - want) <= tol * fabs(want)))
		fail_msg("line %d: %s is %.17g, R says %.17g (relative error %.3g)",
			 line, what, got, want, fabs(got - want) / fabs(want));
}

#define R6(got, want) close_to((got), (want), 1e-6, #got, __LINE__)

struct table_case {
	uint64_t a, b, c, d;
	double or, lo, hi, rr, p;
	int corrected;
};

static void test_tables_match_r(void **state)
{
	static const struct table_case cases[] = {
		/* Fisher's tea-tasting experiment. */
		{ 3, 1, 1, 3, 9, 0.36663693192554586, 220.92700692915736, 3, 0.48571428571428582, 0 },
		{ 0, 10, 5, 20, 0.1774891774891775, 0.0089336806728264571, 3.5262518640951095, 0, 0.29150545848838078, 1 },
		{ 39, 413, 120, 3000, 2.360774818401937, 1.6215240454542139, 3.4370490889880965, 2.2433628318584069, 2.4582250014396867e-05, 0 },
		{ 7, 2, 3, 12, 14, 1.8619125488215174, 105.26810194391602, 3.8888888888888888, 0.010372434807082798, 0 },
		{ 2, 3, 3, 2, 0.44444444444444442, 0.03539329654251594, 5.5810247559237194, 0.66666666666666674, 0.99999999999999989, 0 },
		{ 1, 0, 0, 1, 9, 0.097381564837025564, 831.77960978095609, NAN, 1, 1 },
		{ 12, 0, 30, 200, 164.34426229508196, 9.4849950627955835, 2847.5540968130076, 7.666666666666667, 1.7322065545391207e-10, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct table_case *c = &cases[i];
		struct stats_2x2 t;

		stats_table(c->a, c->b, c->c, c->d, &t);
		R6(t.odds_ratio, c->or);
		R6(t.ci_low, c->lo);
		R6(t.ci_high, c->hi);
		if (c->rr == 0)
			assert_true(t.relative_risk == 0);
		else
			R6(t.relative_risk, c->rr);
		R6(t.p_fisher, c->p);
		assert_int_equal(t.corrected, c->corrected);
	}
}

static void test_empty_margin_gives_no_estimate(void **state)
{
	struct stats_2x2 t;

	(void)state;
	stats_table(0, 0, 3, 40, &t);
	assert_true(isnan(t.odds_ratio));
	assert_true(isnan(t.relative_risk));
	assert_true(t.p_fisher == 1);
	/* Every session a cramp: no odds ratio, but the risks are 5/5 and
	 * 3/3, a ratio of 1 (R: fisher.test gives p = 1). */
	stats_table(5, 0, 3, 0, &t);
	assert_true(isnan(t.odds_ratio));
	assert_true(t.relative_risk == 1);
	assert_true(t.p_fisher == 1);
	/* No cramp at all: 0/5 over 0/3, no ratio. */
	stats_table(0, 5, 0, 3, &t);
	assert_true(isnan(t.relative_risk));
}

static void test_benjamini_hochberg_matches_p_adjust(void **state)
{
	const double p[] = { 0.01, 0.04, 0.03, 0.005, NAN, 0.2, 0.04 };
	const double want[] = { 0.029999999999999999, 0.048000000000000001,
				0.048000000000000001, 0.029999999999999999, NAN,
				0.20000000000000001, 0.048000000000000001 };
	double got[7];

	(void)state;
	assert_int_equal(stats_bh_adjust(p, 7, got), 0);
	for (int i = 0; i < 7; i++)
		R6(got[i], want[i]);
}

/* Data set L1: 120 rows, intercept and three binary factors. */
static void make_l1(double *x, double *y)
{
	for (int i = 1; i <= 120; i++) {
		double *r = x + (i - 1) * 4;
		int x1 = (i * 7) % 10 < 4, x2 = (i * 11) % 13 < 5, x3 = (i * 5) % 9 < 3;

		r[0] = 1;
		r[1] = x1;
		r[2] = x2;
		r[3] = x3;
		y[i - 1] = (i * 17) % 23 < 4 + 5 * x1 + 3 * x2;
	}
}

/* Data set L2: 40 rows, quasi-complete separation (x1 = 1 only with y = 1). */
static void make_l2(double *x, double *y)
{
	for (int j = 1; j <= 40; j++) {
		double *r = x + (j - 1) * 3;

		r[0] = 1;
		r[1] = j % 5 == 0;
		r[2] = j % 3 == 0;
		y[j - 1] = r[1] == 1 || j % 7 == 0;
	}
}

static void test_logistic_mle_matches_glm(void **state)
{
	const double beta[] = { -1.4087051941231727, 0.76472369332275847, 0.4290742123316984, -0.070989174186692386 };
	const double se[] = { 0.36758595861519222, 0.41437759605207225, 0.4203112211718833, 0.44039089572177259 };
	const double p[] = { 0.00012694303786815888, 0.064968402023336341, 0.30732607239405146, 0.87193916851981712 };
	double x[480], y[120];
	struct stats_fit fit;
	struct diag d = DIAG_INIT;

	(void)state;
	make_l1(x, y);
	assert_int_equal(stats_logit(x, y, 120, 4, STATS_MLE, &fit, &d), 0);
	assert_true(fit.converged);
	assert_false(fit.separation);
	for (int j = 0; j < 4; j++) {
		R6(fit.beta[j], beta[j]);
		R6(fit.se[j], se[j]);
		R6(fit.pvalue[j], p[j]);
		/* confint.default: beta +- qnorm(0.975) se */
		R6(fit.ci_low[j], beta[j] - 1.959963984540054 * se[j]);
		R6(fit.ci_high[j], beta[j] + 1.959963984540054 * se[j]);
	}
	R6(fit.loglik, -69.36466508715661);
	assert_int_equal(fit.n, 120);
	stats_fit_release(&fit);
}

static void test_logistic_firth_matches_r(void **state)
{
	const double beta[] = { -1.364911690303666, 0.73931203294986259, 0.41839508711776252, -0.055711038145375494 };
	const double se[] = { 0.36363089875717203, 0.41138530996222078, 0.41734914002911255, 0.43650515729712491 };
	const double p[] = { 0.00017433830145032305, 0.072315311686646927, 0.3160991890428444, 0.89844199736325048 };
	double x[480], y[120];
	struct stats_fit fit;
	struct diag d = DIAG_INIT;

	(void)state;
	make_l1(x, y);
	assert_int_equal(stats_logit(x, y, 120, 4, STATS_FIRTH, &fit, &d), 0);
	assert_true(fit.converged);
	for (int j = 0; j < 4; j++) {
		R6(fit.beta[j], beta[j]);
		R6(fit.se[j], se[j]);
		R6(fit.pvalue[j], p[j]);
	}
	R6(fit.loglik, -65.200380539468682);
	stats_fit_release(&fit);
}

/* The risk report's probabilities: R's predict.glm (MLE) and the Firth
 * covariance, at a row with a factor at a share (0.35) and a row with all
 * on. */
static void test_prediction_intervals_match_r(void **state)
{
	const double rows[2][4] = { { 1, 1, 0, 0.35 }, { 1, 1, 1, 1 } };
	const double want[2][2][3] = {
		{ { 0.33875938542161793, 0.20866087751449125, 0.49884021211267104 },
		  { 0.42900877643115687, 0.22257180937532961, 0.66350398803299604 } },
		{ { 0.34409492295746474, 0.21309048978915179, 0.50404973882547666 },
		  { 0.43464712262785482, 0.22747214189367554, 0.66747992394605482 } },
	};
	double x[480], y[120];
	struct diag d = DIAG_INIT;

	(void)state;
	make_l1(x, y);
	for (int m = 0; m < 2; m++) {
		struct stats_fit fit;

		assert_int_equal(stats_logit(x, y, 120, 4, m ? STATS_FIRTH : STATS_MLE,
					     &fit, &d), 0);
		for (int r = 0; r < 2; r++) {
			double prob, low, high;

			stats_logit_predict(&fit, rows[r], &prob, &low, &high);
			if (m) {
				R6(prob, want[m][r][0]);
				R6(low, want[m][r][1]);
				R6(high, want[m][r][2]);
			} else {
				R6(prob, want[m][r][0]);
				R6(low, want[m][r][1]);
				R6(high, want[m][r][2]);
			}
		}
		stats_fit_release(&fit);
	}
}

static void test_separation_reported_and_firth_finite(void **state)
{
	const double beta[] = { -1.6647926040257208, 4.4950337565472136, -0.31095804431503893 };
	const double se[] = { 0.58736628475634056, 1.5670520993079098, 1.0396369333876598 };
	double x[120], y[40];
	struct stats_fit fit;
	struct diag d = DIAG_INIT;

	(void)state;
	make_l2(x, y);
	assert_int_equal(stats_logit(x, y, 40, 3, STATS_MLE, &fit, &d), 0);
	assert_true(fit.separation);
	assert_false(fit.converged);
	stats_fit_release(&fit);
	assert_int_equal(stats_logit(x, y, 40, 3, STATS_FIRTH, &fit, &d), 0);
	assert_true(fit.converged);
	assert_false(fit.separation);
	for (int j = 0; j < 3; j++) {
		R6(fit.beta[j], beta[j]);
		R6(fit.se[j], se[j]);
	}
	stats_fit_release(&fit);
}

/* On one 2x2 table Firth's estimate is the log odds ratio with 0.5 added
 * to each cell (and R agrees). */
static void test_firth_on_a_table_is_haldane(void **state)
{
	double x[70], y[35];
	struct stats_fit fit;
	struct diag d = DIAG_INIT;

	(void)state;
	for (int i = 0; i < 35; i++) {
		x[2 * i] = 1;
		x[2 * i + 1] = i < 10;
		y[i] = i >= 10 && i < 15;
	}
	assert_int_equal(stats_logit(x, y, 35, 2, STATS_FIRTH, &fit, &d), 0);
	R6(fit.beta[0], -1.3156767939059373);
	R6(fit.beta[1], -1.7288456438174857);
	R6(fit.beta[1], log((0.5 * 20.5) / (10.5 * 5.5)));
	stats_fit_release(&fit);
}

static void test_collinear_design_is_an_error(void **state)
{
	double x[40], y[20];
	struct stats_fit fit;
	struct diag d = DIAG_INIT;

	(void)state;
	for (int i = 0; i < 20; i++) {
		x[2 * i] = 1;
		x[2 * i + 1] = 1;      /* the same as the intercept */
		y[i] = i % 3 == 0;
	}
	assert_int_equal(stats_logit(x, y, 20, 2, STATS_MLE, &fit, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_non_null(strstr(d.entries[0].message, "cannot be fitted"));
	assert_null(fit.beta);
	diag_release(&d);
}

/* Data set C1: 120 rows in 8 strata; stratum 1 one event, 7 none, 8 all. */
static void make_c1(double *x, double *y, int64_t *s)
{
	static const int sizes[] = { 5, 12, 20, 30, 8, 25, 10, 10 };
	int i = 1;

	for (int k = 0; k < 8; k++) {
		for (int r = 0; r < sizes[k]; r++, i++) {
			int x1 = (i * 7) % 10 < 4, x2 = (i * 11) % 13 < 5;

			/* Strata numbered out of order, rows shuffled below. */
			s[i - 1] = 100 - k;
			x[(i - 1) * 2] = x1;
			x[(i - 1) * 2 + 1] = x2;
			y[i - 1] = (i * 17) % 23 < 3 + 6 * x1 + 4 * x2;
			if (k == 0)
				y[i - 1] = r == 0;
			if (k == 6)
				y[i - 1] = 0;
			if (k == 7)
				y[i - 1] = 1;
		}
	}
}

/* The order of rows does not matter: reverse them. */
static void reverse_rows(double *x, double *y, int64_t *s, int n, int p)
{
	for (int i = 0, j = n - 1; i < j; i++, j--) {
		double t;
		int64_t u;

		for (int a = 0; a < p; a++) {
			t = x[i * p + a];
			x[i * p + a] = x[j * p + a];
			x[j * p + a] = t;
		}
		t = y[i];
		y[i] = y[j];
		y[j] = t;
		u = s[i];
		s[i] = s[j];
		s[j] = u;
	}
}

static void test_clogit_matches_survival(void **state)
{
	const double beta[] = { 0.78315547225495974, 0.56640144173073981 };
	const double se[] = { 0.4551271281201863, 0.45954071519228812 };
	const double p[] = { 0.085298007328089259, 0.21774814205009177 };
	double x[240], y[120];
	int64_t s[120];
	struct stats_fit fit;
	struct diag d = DIAG_INIT;

	(void)state;
	make_c1(x, y, s);
	reverse_rows(x, y, s, 120, 2);
	assert_int_equal(stats_clogit(x, y, s, 120, 2, STATS_MLE, &fit, &d), 0);
	assert_true(fit.converged);
	assert_int_equal(fit.strata, 6);
	assert_int_equal(fit.strata_skipped, 2);
	assert_int_equal(fit.n, 100);
	for (int j = 0; j < 2; j++) {
		R6(fit.beta[j], beta[j]);
		R6(fit.se[j], se[j]);
		R6(fit.pvalue[j], p[j]);
	}
	R6(fit.loglik, -47.254945306463263);
	stats_fit_release(&fit);
}

static void test_clogit_firth_matches_penalized_survival(void **state)
{
	const double beta[] = { 0.7669414642835215, 0.55903973128189566 };
	const double se[] = { 0.45474350358740528, 0.45916474892754211 };
	double x[240], y[120];
	int64_t s[120];
	struct stats_fit fit;
	struct diag d = DIAG_INIT;

	(void)state;
	make_c1(x, y, s);
	assert_int_equal(stats_clogit(x, y, s, 120, 2, STATS_FIRTH, &fit, &d), 0);
	assert_true(fit.converged);
	for (int j = 0; j < 2; j++) {
		R6(fit.beta[j], beta[j]);
		R6(fit.se[j], se[j]);
	}
	R6(fit.loglik, -45.679656522970419);
	stats_fit_release(&fit);
}

static void test_clogit_without_informative_strata_is_an_error(void **state)
{
	double x[4] = { 1, 0, 1, 0 }, y[4] = { 1, 1, 0, 0 };
	int64_t s[4] = { 1, 1, 2, 2 };
	struct stats_fit fit;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_int_equal(stats_clogit(x, y, s, 4, 1, STATS_MLE, &fit, &d), -1);
	assert_non_null(strstr(d.entries[0].message, "cannot be fitted"));
	diag_release(&d);
}

/* The conditional fit is shared out among threads; whatever their number,
 * the estimates are the same (to rounding). 40 athletes of 150 sessions,
 * three flags, with a deterministic generator. */
static void test_clogit_same_with_any_number_of_threads(void **state)
{
	enum { N = 6000, P = 3 };
	double *x = malloc(N * P * sizeof(double)), *y = malloc(N * sizeof(double));
	int64_t *s = malloc(N * sizeof(int64_t));
	uint64_t seed = 12345;
	struct stats_fit one, many;
	struct diag d = DIAG_INIT;

	(void)state;
	assert_non_null(x);
	assert_non_null(y);
	assert_non_null(s);
	for (int i = 0; i < N; i++) {
		double eta = -2.5 + 0.02 * (i / 150);

		for (int a = 0; a < P; a++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			x[i * P + a] = (double)((seed >> 33) % 100) < 30 + 10 * a;
			eta += x[i * P + a] * (0.3 + 0.2 * a);
		}
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		y[i] = (double)(seed >> 11) / 9007199254740992.0 < 1 / (1 + exp(-eta));
		s[i] = i / 150;
	}
	for (int method = 0; method < 2; method++) {
		enum stats_method m = method ? STATS_FIRTH : STATS_MLE;

		setenv("CRAMPLOG_THREADS", "1", 1);
		assert_int_equal(stats_clogit(x, y, s, N, P, m, &one, &d), 0);
		setenv("CRAMPLOG_THREADS", "3", 1);
		assert_int_equal(stats_clogit(x, y, s, N, P, m, &many, &d), 0);
		assert_true(one.converged && many.converged);
		assert_int_equal(one.strata, 40);
		for (int a = 0; a < P; a++) {
			close_to(many.beta[a], one.beta[a], 1e-9, "beta", a);
			close_to(many.se[a], one.se[a], 1e-9, "se", a);
		}
		close_to(many.loglik, one.loglik, 1e-12, "loglik", 0);
		stats_fit_release(&one);
		stats_fit_release(&many);
	}
	unsetenv("CRAMPLOG_THREADS");
	diag_release(&d);
	free(x);
	free(y);
	free(s);
}

static void test_pnorm(void **state)
{
	(void)state;
	R6(stats_pnorm(-1.959963984540054), 0.025);
	R6(stats_pnorm(0), 0.5);
	R6(stats_pnorm(-5), 2.866515718791939e-07);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_match_r),
		cmocka_unit_test(test_empty_margin_gives_no_estimate),
		cmocka_unit_test(test_benjamini_hochberg_matches_p_adjust),
		cmocka_unit_test(test_logistic_mle_matches_glm),
		cmocka_unit_test(test_logistic_firth_matches_r),
		cmocka_unit_test(test_prediction_intervals_match_r),
		cmocka_unit_test(test_separation_reported_and_firth_finite),
		cmocka_unit_test(test_firth_on_a_table_is_haldane),
		cmocka_unit_test(test_collinear_design_is_an_error),
		cmocka_unit_test(test_clogit_matches_survival),
		cmocka_unit_test(test_clogit_firth_matches_penalized_survival),
		cmocka_unit_test(test_clogit_without_informative_strata_is_an_error),
		cmocka_unit_test(test_clogit_same_with_any_number_of_threads),
		cmocka_unit_test(test_pnorm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
