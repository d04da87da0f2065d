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

#include "analysis.h"
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
	stats_bh_adjust(p, 7, got);
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
			/* The probability alone: the same, to the bit. */
			assert_true(stats_logit_prob(&fit, rows[r]) == prob);
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

/* A source of rows for stats_logit_rows and stats_clogit_rows: n rows
 * of x (stride values each) and y, in chunks of `chunk`, failing at the
 * pass `fail_at` (0: never). */
struct chunks {
	double *x;
	const double *y;
	size_t n, stride, at, chunk;
	unsigned passes, fail_at;
};

static int chunks_rewind(void *ctx)
{
	struct chunks *c = ctx;

	c->at = 0;
	c->passes++;
	return 0;
}

static int chunks_next(void *ctx, const double **x, const double **y,
		       size_t *count)
{
	struct chunks *c = ctx;

	if (c->fail_at && c->passes >= c->fail_at)
		return -1;
	if (c->at >= c->n)
		return 0;
	*count = c->n - c->at < c->chunk ? c->n - c->at : c->chunk;
	*x = c->x + c->at * c->stride;
	*y = c->y + c->at;
	c->at += *count;
	return 1;
}

/* chunks_rewind, whose second pass finds the rows in other strata than
 * the first did. */
static int chunks_rewind_changing(void *ctx)
{
	struct chunks *c = ctx;

	if (c->passes == 1)
		for (size_t i = 0; i < c->n; i++)
			c->x[i * c->stride + c->stride - 1] += 0.5;
	return chunks_rewind(ctx);
}

/* chunks' rows at any place (stats_rows' read_at), from any thread. */
static int chunks_read_at(void *ctx, size_t first, size_t count, double *x,
			  double *y)
{
	const struct chunks *c = ctx;

	if ((c->fail_at && c->passes >= c->fail_at) || first + count > c->n)
		return -1;
	memcpy(x, c->x + first * c->stride, count * c->stride * sizeof(double));
	memcpy(y, c->y + first, count * sizeof(double));
	return 0;
}

static const char *chunks_why(void *ctx)
{
	(void)ctx;
	return "the rows went away";
}

/* The fit from rows read in chunks, a pass at a time, is stats_logit's to
 * the bit (MLE and Firth, the design's first 4 of 5 columns), however
 * the chunks fall; under separation too; a source that fails is an
 * error that says why. */
static void test_logistic_from_chunks_is_the_same(void **state)
{
	static double cx[600], cy[120];
	static struct chunks c = { .x = cx, .y = cy, .stride = 5 };
	double x[480], y[120];
	struct stats_rows src = { &c, 5, chunks_rewind, chunks_next, chunks_why,
				  0, 0, NULL, 0 };
	struct diag d = DIAG_INIT;

	(void)state;
	make_l1(x, y);
	for (int i = 0; i < 120; i++) {
		memcpy(cx + i * 5, x + i * 4, 4 * sizeof(double));
		cx[i * 5 + 4] = 1e300;   /* never read */
		cy[i] = y[i];
	}
	c.n = 120;
	for (int m = 0; m < 2; m++)
		for (size_t chunk = 1; chunk <= 128; chunk *= 7) {
			enum stats_method method = m ? STATS_FIRTH : STATS_MLE;
			struct stats_fit want, got;

			c.chunk = chunk;
			c.passes = 0;
			assert_int_equal(stats_logit(x, y, 120, 4, method, &want, &d), 0);
			assert_int_equal(stats_logit_rows(&src, 120, want.events, 4,
							  method, &got, &d), 0);
			assert_true(c.passes > 2);
			assert_memory_equal(got.beta, want.beta, 4 * sizeof(double));
			assert_memory_equal(got.cov, want.cov, 16 * sizeof(double));
			assert_memory_equal(&got.loglik, &want.loglik, sizeof(double));
			assert_int_equal(got.iterations, want.iterations);
			assert_int_equal(got.n, 120);
			stats_fit_release(&want);
			stats_fit_release(&got);
		}
	/* Separation, seen in the chunks as in memory. */
	{
		double x2[120], y2[40];
		struct stats_fit got;

		make_l2(x2, y2);
		memset(cx, 0, sizeof(cx));
		memset(cy, 0, sizeof(cy));
		for (int i = 0; i < 40; i++) {
			memcpy(cx + i * 5, x2 + i * 3, 3 * sizeof(double));
			cy[i] = y2[i];
		}
		c.n = 40;
		c.chunk = 9;
		assert_int_equal(stats_logit_rows(&src, 40, 0, 3, STATS_MLE, &got,
						  &d), 0);
		assert_true(got.separation);
		stats_fit_release(&got);
	}
	c.fail_at = 3;
	c.passes = 0;
	{
		struct stats_fit got;

		assert_int_equal(stats_logit_rows(&src, 40, 0, 3, STATS_MLE, &got,
						  &d), -1);
		/* Released: nothing for the caller to free. */
		assert_null(got.beta);
	}
	assert_true(d.errors > 0);
	assert_non_null(strstr(d.entries[d.count - 1].message,
			       "the rows went away"));
	diag_release(&d);
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

/* Two fits the same to rounding: estimates and standard errors to 1e-9,
 * the log-likelihood to 1e-12. */
static void close_fit(const struct stats_fit *got, const struct stats_fit *want)
{
	for (size_t a = 0; a < want->p; a++) {
		close_to(got->beta[a], want->beta[a], 1e-9, "beta", (int)a);
		close_to(got->se[a], want->se[a], 1e-9, "se", (int)a);
	}
	close_to(got->loglik, want->loglik, 1e-12, "loglik", 0);
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
		close_fit(&many, &one);
		stats_fit_release(&one);
		stats_fit_release(&many);
	}
	unsetenv("CRAMPLOG_THREADS");
	diag_release(&d);
	free(x);
	free(y);
	free(s);
}

/* c's rows: x's (stride - 1 values each) with the stratum s after them. */
static void strata_rows_of(struct chunks *c, const double *x,
			   const int64_t *s)
{
	size_t p = c->stride - 1;

	c->x = malloc(c->n * c->stride * sizeof(double));
	assert_non_null(c->x);
	for (size_t i = 0; i < c->n; i++) {
		memcpy(c->x + i * c->stride, x + i * p, p * sizeof(double));
		c->x[i * c->stride + p] = (double)s[i];
	}
}

static void same_fit(const struct stats_fit *a, const struct stats_fit *b)
{
	size_t p = a->p;

	assert_memory_equal(a->beta, b->beta, p * sizeof(double));
	assert_memory_equal(a->cov, b->cov, p * p * sizeof(double));
	assert_memory_equal(&a->loglik, &b->loglik, sizeof(double));
	assert_int_equal(a->iterations, b->iterations);
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->events, b->events);
	assert_int_equal(a->strata, b->strata);
	assert_int_equal(a->strata_skipped, b->strata_skipped);
}

/* The conditional fit from rows read in chunks, a block of whole strata
 * held at a time: stats_clogit's to the bit when one block holds them
 * all (on one thread or three, MLE and Firth, however the chunks fall),
 * to rounding in blocks down to one stratum each; survival's figures
 * with strata skipped; strata out of order and a failing source are
 * errors that say so. */
static void test_clogit_from_blocks_is_the_same(void **state)
{
	enum { N = 6000, P = 3 };
	double *x = malloc(N * P * sizeof(double)), *y = malloc(N * sizeof(double));
	int64_t *s = malloc(N * sizeof(int64_t));
	uint64_t seed = 777;
	struct chunks c = { .n = N, .stride = P + 1 };
	struct stats_rows src = { &c, P + 1, chunks_rewind, chunks_next,
				  chunks_why, P, 0, NULL, 0 };
	struct diag d = DIAG_INIT;

	(void)state;
	assert_non_null(x);
	assert_non_null(y);
	assert_non_null(s);
	/* 40 athletes of 60 to 240 sessions, two flags and a measure. */
	for (int i = 0, k = 0, left = 60; i < N; i++, left--) {
		double eta = -2.2 + 0.01 * k;

		if (left == 0) {
			k++;
			left = 60 + (k * 37) % 181;
		}
		for (int a = 0; a < P; a++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			x[i * P + a] = a == 2 ? (double)((seed >> 33) % 1000) / 250 :
				       (double)((seed >> 33) % 100) < 30 + 20 * a;
			eta += x[i * P + a] * (0.4 - 0.15 * a);
		}
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		y[i] = (double)(seed >> 11) / 9007199254740992.0 < 1 / (1 + exp(-eta));
		s[i] = 10 + 3 * k;
	}
	c.y = y;
	strata_rows_of(&c, x, s);
	for (int method = 0; method < 2; method++) {
		enum stats_method m = method ? STATS_FIRTH : STATS_MLE;
		static const char *const threads[] = { "1", "3" };

		for (int t = 0; t < 2; t++) {
			struct stats_fit want, got;

			setenv("CRAMPLOG_THREADS", threads[t], 1);
			assert_int_equal(stats_clogit(x, y, s, N, P, m, &want, &d), 0);
			assert_true(want.converged);
			for (size_t chunk = 1; chunk <= 10000; chunk *= 13) {
				c.chunk = chunk;
				c.passes = 0;
				src.block = N;
				assert_int_equal(stats_clogit_rows(&src, P, m, &got,
								   &d), 0);
				assert_true(c.passes > 2);
				same_fit(&got, &want);
				stats_fit_release(&got);
			}
			/* Blocks of one stratum (the largest holds 240), of a
			 * few. */
			for (size_t block = 1; block <= 1000; block += 333) {
				c.chunk = 97;
				src.block = block;
				assert_int_equal(stats_clogit_rows(&src, P, m, &got,
								   &d), 0);
				assert_true(got.converged);
				assert_int_equal(got.strata, want.strata);
				assert_int_equal(got.n, want.n);
				close_fit(&got, &want);
				stats_fit_release(&got);
			}
			/* Read by place (read_at), each thread its share, a
			 * block at a time (on three threads, the block's 720
			 * rows hold 240 each, the largest stratum): to the
			 * bit, however many blocks. */
			src.read_at = chunks_read_at;
			for (size_t block = 720; block <= N; block *= 2) {
				c.passes = 0;
				src.block = block;
				assert_int_equal(stats_clogit_rows(&src, P, m, &got,
								   &d), 0);
				assert_true(c.passes > 2);
				same_fit(&got, &want);
				stats_fit_release(&got);
			}
			src.read_at = NULL;
			stats_fit_release(&want);
		}
	}
	unsetenv("CRAMPLOG_THREADS");
	free(c.x);
	/* survival's figures, two strata skipped, in blocks of 30 rows. */
	{
		double x1[240], y1[120];
		int64_t s1[120];
		struct chunks c1 = { .y = y1, .n = 120, .stride = 3, .chunk = 7 };
		struct stats_rows src1 = { &c1, 3, chunks_rewind, chunks_next,
					   chunks_why, 2, 30, NULL, 0 };
		struct stats_fit fit;

		make_c1(x1, y1, s1);
		reverse_rows(x1, y1, s1, 120, 2);
		strata_rows_of(&c1, x1, s1);
		assert_int_equal(stats_clogit_rows(&src1, 2, STATS_MLE, &fit, &d), 0);
		assert_int_equal(fit.strata, 6);
		assert_int_equal(fit.strata_skipped, 2);
		assert_int_equal(fit.n, 100);
		R6(fit.beta[0], 0.78315547225495974);
		R6(fit.beta[1], 0.56640144173073981);
		R6(fit.se[0], 0.4551271281201863);
		R6(fit.loglik, -47.254945306463263);
		stats_fit_release(&fit);
		/* Strata in decreasing order, as make_c1 gives them: the
		 * same figures. */
		make_c1(x1, y1, s1);
		free(c1.x);
		strata_rows_of(&c1, x1, s1);
		assert_int_equal(stats_clogit_rows(&src1, 2, STATS_MLE, &fit, &d), 0);
		R6(fit.beta[0], 0.78315547225495974);
		R6(fit.loglik, -47.254945306463263);
		stats_fit_release(&fit);
		/* A stratum's rows apart: the last row of the first stratum
		 * swapped with the first of the second. */
		for (int k = 0; k < 3; k++) {
			double t = c1.x[4 * 3 + k];

			c1.x[4 * 3 + k] = c1.x[5 * 3 + k];
			c1.x[5 * 3 + k] = t;
		}
		assert_int_equal(stats_clogit_rows(&src1, 2, STATS_MLE, &fit, &d), -1);
		assert_null(fit.beta);
		assert_non_null(strstr(d.entries[d.count - 1].message,
				       "stratum are not together"));
		free(c1.x);
	}
	/* A source that fails halfway through the fit. */
	c.x = NULL;
	c.y = y;
	strata_rows_of(&c, x, s);
	c.fail_at = 3;
	c.passes = 0;
	src.block = 500;
	{
		struct stats_fit got;
		size_t errors = d.errors;

		assert_int_equal(stats_clogit_rows(&src, P, STATS_MLE, &got, &d), -1);
		assert_null(got.beta);
		assert_true(d.errors > errors);
		assert_non_null(strstr(d.entries[d.count - 1].message,
				       "the rows went away"));
		/* The same read by place, on three threads (a block of 1000
		 * rows, 333 each); or giving other strata's rows than the
		 * first pass did. */
		src.read_at = chunks_read_at;
		src.block = 1000;
		setenv("CRAMPLOG_THREADS", "3", 1);
		c.passes = 0;
		assert_int_equal(stats_clogit_rows(&src, P, STATS_MLE, &got, &d), -1);
		assert_null(got.beta);
		assert_non_null(strstr(d.entries[d.count - 1].message,
				       "the rows went away"));
		c.fail_at = 0;
		c.passes = 0;
		src.rewind = chunks_rewind_changing;
		assert_int_equal(stats_clogit_rows(&src, P, STATS_MLE, &got, &d), -1);
		assert_null(got.beta);
		unsetenv("CRAMPLOG_THREADS");
	}
	free(c.x);
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

/* ---- Continuous terms and splines (analyze --terms continuous, --spline) ---- */

#define K1_ROWS 200

/* Data set K1 as an exposure table: 200 sessions of 10 athletes, a
 * body-mass loss (0 to 5 %), a morning USG (1.000 to 1.030) and the
 * window's sodium (0 to 2300 mg); nothing else known. */
static void make_k1(struct exposure_table *t, struct session_exposure *rows)
{
	memset(t, 0, sizeof(*t));
	for (int i = 1; i <= K1_ROWS; i++) {
		struct session_exposure *e = &rows[i - 1];
		int a = (i * 37) % 101, b = (i * 13) % 31, c = (i * 29) % 47;

		memset(e, 0, sizeof(*e));
		for (int f = 0; f < FACTOR_COUNT; f++)
			e->flag[f] = FLAG_UNKNOWN;
		e->potassium_mg = e->carbs_g_per_kg = e->tightness = e->acwr = NAN;
		e->urine_color = NAN;
		e->athlete = (size_t)((i - 1) / 20);
		e->athlete_id = (int64_t)e->athlete + 1;
		e->body_mass_loss_pct = a / 20.0;
		e->usg = 1 + b / 1000.0;
		e->sodium_mg = c * 50;
		e->cramp = (i * 17) % 23 < 3 + a / 20 + (c < 15 ? 3 : 0);
	}
	t->rows = rows;
	t->count = K1_ROWS;
	t->names_count = 10;
	t->window_days = 1;
}

static void k1_options(struct analysis_options *opt, enum design design,
		       enum stats_method method)
{
	struct diag d = DIAG_INIT;

	analysis_options_init(opt);
	opt->terms = TERMS_CONTINUOUS;
	opt->design = design;
	opt->method = method;
	assert_int_equal(analysis_set_factors(opt, "body_mass_loss_pct, usg,sodium_mg",
					      &d), 0);
}

/* K1 with what an analysis of it needs. */
struct k1 {
	struct session_exposure rows[K1_ROWS];
	struct exposure_table t;
	struct analysis_options opt;
	struct analysis_result r;
	struct diag d;
};

/* The analysis of K1 on its three exposures. */
static void run_k1(enum design design, enum stats_method method,
		   struct analysis_result *r)
{
	struct k1 k;

	make_k1(&k.t, k.rows);
	k1_options(&k.opt, design, method);
	k.d = (struct diag)DIAG_INIT;
	analysis_run(&k.t, &k.opt, r);
}

/* The model's odds ratios, intervals and p values are glm's (or clogit's)
 * coefficients on the exposures divided by their steps. */
static void check_terms(const struct model_result *m, const double *beta,
			const double *se, const double *p, int line)
{
	static const double units[3] = { 1, 0.005, 500 };
	static const char *const names[3] = { "body_mass_loss_pct", "usg", "sodium_mg" };

	if (!m->fitted || m->nterms != 3)
		fail_msg("line %d: %zu terms fitted (%s)", line, m->nterms,
			 m->reason ? m->reason : "");
	for (int j = 0; j < 3; j++) {
		const struct term_result *t = &m->terms[j];

		assert_string_equal(t->name, names[j]);
		assert_true(t->unit == units[j]);
		close_to(t->odds_ratio, exp(beta[j]), 1e-6, "odds ratio", line);
		close_to(t->ci_low, exp(beta[j] - STATS_Z975 * se[j]), 1e-6, "ci_low", line);
		close_to(t->ci_high, exp(beta[j] + STATS_Z975 * se[j]), 1e-6, "ci_high", line);
		if (p)
			close_to(t->p, p[j], 1e-6, "p", line);
	}
}

static void test_continuous_terms_match_glm(void **state)
{
	const double beta[] = { -21.690397756683801, 0.28311446157824072, 0.099717967988925654, -0.1729002327169831 };
	const double se[] = { 18.91669718179892, 0.11750197620740235, 0.093116210606462399, 0.1232467585730274 };
	const double p[] = { 0.2515357685053029, 0.015976836582241111, 0.28421527457028734, 0.16065306124598736 };
	const double fbeta[] = { -21.092773141088337, 0.27547898449608504, 0.096949016218121076, -0.16794275041845921 };
	const double fse[] = { 18.78657707732847, 0.11653090032352209, 0.092479661911337177, 0.1223963328725572 };
	struct analysis_result r;

	(void)state;
	run_k1(DESIGN_POOLED, STATS_MLE, &r);
	assert_int_equal(r.nfactors, 0);
	assert_int_equal(r.model.sessions, K1_ROWS);
	check_terms(&r.model, beta + 1, se + 1, p + 1, __LINE__);
	assert_int_equal(r.model.coefficients, 3);
	R6(r.model.events_per_coefficient, (double)r.model.cramps / 3);
	run_k1(DESIGN_POOLED, STATS_FIRTH, &r);
	check_terms(&r.model, fbeta + 1, fse + 1, NULL, __LINE__);
}

static void test_continuous_terms_within_match_clogit(void **state)
{
	const double beta[] = { 0.26840411413869225, 0.097191052908943865, -0.17312318550487593 };
	const double se[] = { 0.115179984573687, 0.09137154643544719, 0.12140415881005234 };
	const double p[] = { 0.019790210851830546, 0.28746889477345416, 0.15386630910083984 };
	const double fbeta[] = { 0.26229218636370255, 0.094826646438966614, -0.16898877048994101 };
	const double fse[] = { 0.11493451142349491, 0.091265587070502349, 0.12123808243508009 };
	struct analysis_result r;

	(void)state;
	run_k1(DESIGN_WITHIN, STATS_MLE, &r);
	check_terms(&r.model, beta, se, p, __LINE__);
	run_k1(DESIGN_WITHIN, STATS_FIRTH, &r);
	check_terms(&r.model, fbeta, fse, NULL, __LINE__);
}

/* An unknown value leaves the session out (complete cases), and a
 * continuous exposure's name is refused among the flags and back. */
static void test_continuous_complete_cases_and_names(void **state)
{
	struct k1 k;

	(void)state;
	k.d = (struct diag)DIAG_INIT;
	make_k1(&k.t, k.rows);
	k.rows[3].usg = NAN;
	k.rows[7].sodium_mg = NAN;
	k1_options(&k.opt, DESIGN_POOLED, STATS_MLE);
	analysis_run(&k.t, &k.opt, &k.r);
	assert_int_equal(k.r.model.sessions, K1_ROWS - 2);
	analysis_options_init(&k.opt);
	assert_int_equal(analysis_set_factors(&k.opt, "usg", &k.d), -1);
	assert_non_null(strstr(k.d.entries[0].message, "unknown factor 'usg'"));
	diag_release(&k.d);
	k.opt.terms = TERMS_CONTINUOUS;
	assert_int_equal(analysis_set_factors(&k.opt, "dehydration", &k.d), -1);
	assert_non_null(strstr(k.d.entries[0].message,
			       "unknown continuous exposure 'dehydration'"));
	diag_release(&k.d);
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void check_knots(const double *x, size_t n, int asked, const double *want,
			int nwant, int line)
{
	double *s = malloc(n * sizeof(*s)), knots[STATS_RCS_MAX_KNOTS];
	struct diag d = DIAG_INIT;
	int nk;

	assert_non_null(s);
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), by_double);
	assert_int_equal(stats_rcs_knots(s, n, asked, knots, &nk, &d), 0);
	if (nk != nwant)
		fail_msg("line %d: %d knots, rms has %d", line, nk, nwant);
	for (int k = 0; k < nk; k++)
		close_to(knots[k], want[k], 1e-12, "knot", line);
	free(s);
}

/* Knots of values 'from' on, counts[i] of from + i (a score of ties),
 * against rms's (Hmisc::rcspline.eval, R 4.2: its "alternate algorithm"
 * when the quantiles tie, 2 nke quantiles, then with fewer than 100
 * values R's knots[1] and knots[nke] of those replaced). */
static void check_tied_knots(int from, const int *counts, int nvalues,
			     int asked, const double *want, int nwant, int line)
{
	double x[200];
	size_t n = 0;

	for (int i = 0; i < nvalues; i++)
		for (int c = 0; c < counts[i]; c++)
			x[n++] = from + i;
	check_knots(x, n, asked, want, nwant, line);
}

static void test_rcs_knots_where_quantiles_tie_match_rms(void **state)
{
	/* rcspline.eval(rep(3:9, c(6, 62, 22, 6, 6, 6, 62)), nk = 4, ...) */
	const int a[] = { 6, 62, 22, 6, 6, 6, 62 };
	const double ka[] = { 4, 5, 6.3642857142857139, 9 };
	const int b[] = { 3, 31, 11, 3, 3, 3, 31 };
	const double kb[] = { 4, 6.3999999999999986, 9 };
	const int c[] = { 40, 2, 2, 2, 2, 2, 2, 2, 40 };
	const double kc[] = { 2, 3, 5, 7, 8 };
	const int dd[] = { 2, 50, 3, 3, 3, 3, 3, 3, 3, 50, 2 };
	const double kd[] = { 1, 5, 9 };
	const int e[] = { 1, 45, 1, 1, 1, 1, 45, 1 };
	const double ke[] = { 2, 4.4999999999999929, 7 };
	/* Two knots apart by R's rounding alone (review 11a: R's quantile
	 * arithmetic, (1 - h) x[lo] + h x[hi], and seq's, or one knot less). */
	const int f[] = { 5, 1, 5, 10, 2, 2, 4, 6, 0, 36 };
	const double kf[] = { 0, 3, 8.9999999999999858, 9 };

	(void)state;
	check_tied_knots(3, a, 7, 4, ka, 4, __LINE__);
	check_tied_knots(3, b, 7, 4, kb, 3, __LINE__);
	check_tied_knots(1, c, 9, 5, kc, 5, __LINE__);
	check_tied_knots(0, dd, 11, 3, kd, 3, __LINE__);
	check_tied_knots(1, e, 8, 5, ke, 3, __LINE__);
	check_tied_knots(0, f, 10, 5, kf, 4, __LINE__);
}

static void test_rcs_knots_and_basis_match_rms(void **state)
{
	const double k3[] = { 0.5, 2.5, 4.5049999999999999 };
	const double k4[] = { 0.25, 1.75, 3.2674999999999996, 4.7524999999999995 };
	const double k5[] = { 0.25, 1.3862499999999995, 2.5, 3.6499999999999999, 4.7524999999999995 };
	const double k60[] = { 0.45000000000000001, 1.8325, 3.3174999999999999, 4.7000000000000002 };
	const double tied[] = { 0.10000000000000001, 1.04, 8.5999999999999979, 16.16 };
	const double few[] = { 2, 3, 4, 5 };
	const double basis[] = { 0.29999999999999999, 1.7, 2.8999999999999999, 4.7999999999999998, 6.1659865069717246e-06, 0.15038224491853353, 0.91797357319843009, 4.1082232093281519, 0, 0, 0.07502155783032502, 1.0406034558504578 };
	const double at[] = { 0.3, 1.7, 2.9, 4.8 };
	double x[K1_ROWS], v[200], b[3];

	(void)state;
	for (int i = 1; i <= K1_ROWS; i++)
		x[i - 1] = ((i * 37) % 101) / 20.0;
	check_knots(x, K1_ROWS, 3, k3, 3, __LINE__);
	check_knots(x, K1_ROWS, 4, k4, 4, __LINE__);
	check_knots(x, K1_ROWS, 5, k5, 5, __LINE__);
	check_knots(x, 60, 4, k60, 4, __LINE__);
	for (int i = 0; i < 200; i++)
		v[i] = (i < 30 ? 0 : i - 29) / 10.0;
	check_knots(v, 200, 4, tied, 4, __LINE__);
	for (int i = 0; i < 120; i++)
		v[i] = i % 6 + 1;
	check_knots(v, 120, 5, few, 4, __LINE__);
	for (int i = 0; i < 4; i++) {
		stats_rcs_basis(at[i], k4, 4, b);
		for (int j = 0; j < 3; j++)
			if (basis[j * 4 + i] == 0)
				assert_true(b[j] == 0);
			else
				close_to(b[j], basis[j * 4 + i], 1e-12, "basis", __LINE__);
	}
}

static void test_spline_matches_rms_and_glm(void **state)
{
	const double median = 2.5;
	const double beta[] = { -21.373257463710541, 0.69703720534140134, -1.4430125363846575, 4.2259112615158347, 0.096709170455372612, -0.1758698660149535 };
	const double se[] = { 18.959253845389632, 0.66095397655083987, 1.8899938833648653, 5.2904996448945028, 0.093343421574074215, 0.12385418511831416 };
	const double grid[] = { 0.050000000000000003, 0.30792105263157893, 0.56584210526315792, 0.82376315789473686, 1.0816842105263158, 1.3396052631578947, 1.5975263157894737, 1.8554473684210526, 2.1133684210526313, 2.3712894736842101, 2.6292105263157892, 2.8871315789473684, 3.1450526315789471, 3.4029736842105258, 3.660894736842105, 3.9188157894736841, 4.1767368421052629, 4.4346578947368416, 4.6925789473684203, 4.9504999999999999 };
	const double or[] = { 0.37348037825606484, 0.44703290574298227, 0.53388683649176383, 0.63191960758635657, 0.73585952974278468, 0.83688550771786097, 0.92276856009917674, 0.97948741937468731, 1.0028290116172343, 1.0036756378095137, 0.99594593295786149, 0.9937827400683682, 1.0113415847193321, 1.0640703985507807, 1.1611143046711856, 1.3053245637652913, 1.5012181265617788, 1.7538549583757999, 2.0668595636863278, 2.4410070333712754 };
	const double low[] = { 0.078957348668871163, 0.12720838046627814, 0.19909707447129585, 0.29294969838738016, 0.39333649534056775, 0.48068370417510875, 0.55541113253828245, 0.63900867310586762, 0.75316701666828445, 0.90725573195712994, 0.8991168092447076, 0.74045928282717366, 0.64752802959210964, 0.62433883120138833, 0.66007344307738158, 0.7289092664597987, 0.79533410101616009, 0.82600832645257327, 0.81461995856382607, 0.77602239733256295 };
	const double high[] = { 1.7666195141287213, 1.5709532507568522, 1.4316390882994983, 1.3631090683836564, 1.3766565114798905, 1.4570440956181046, 1.5331018152554174, 1.5013811941709543, 1.3352496913498297, 1.1103427076280348, 1.1032029333413818, 1.3337723725833888, 1.5795637474209399, 1.8135117607426168, 2.0424794280869145, 2.3375642143287547, 2.8335964227338795, 3.7239421401837314, 5.2440508130110217, 7.6782775309699272 };
	const double lr[] = { 0.66225501533662623, 0.71811359821221088 };
	const double fbeta[] = { -20.598737604307161, 0.62219301186453857, -1.2839353668780147, 3.8252142367540372, 0.093480368425017654, -0.16934028809064894 };
	const double f_or[] = { 0.41372055666735402, 0.48573107726369358, 0.56915263098623359, 0.66159789912116385, 0.75798463350912049, 0.85034664199129317, 0.92804560444128081, 0.97914009671306357, 1.0005397674073184, 1.0024251299632909, 0.99747531990683558, 0.99859536502686463, 1.0188697246358465, 1.0727275624435682, 1.1687194236678902, 1.3093784636550292, 1.498605164955142, 1.7406415558967443, 2.0382833272249559, 2.391674141676722 };
	const double f_low[] = { 0.091829373584317614, 0.14378497313081334, 0.21871823662976256, 0.31311670825611376, 0.41022618379949372, 0.49182754106503479, 0.5611747313399148, 0.64114664653097653, 0.75342545705475328, 0.90702989301931281, 0.90146991111571184, 0.74649311529304851, 0.65575619067807522, 0.63346027508418024, 0.66882216114199855, 0.73556924177801386, 0.79778919708202423, 0.82298372282522136, 0.80634181422935258, 0.76352175019630364 };
	const double f_high[] = { 1.8639427922480827, 1.6408855131551094, 1.4810594779387118, 1.3979189502832645, 1.4005461555734677, 1.4702092729090457, 1.5347602018115363, 1.4953136449805136, 1.3287045410926963, 1.1078533893044744, 1.1037051836725498, 1.3358364365646858, 1.5830510341139106, 1.8166007695955324, 2.042254534338924, 2.3308097507440526, 2.8150512048100924, 3.6815224190747329, 5.1524041649928849, 7.4917383800715962 };
	struct k1 k;
	const struct analysis_result *r = &k.r;

	(void)state;
	k.d = (struct diag)DIAG_INIT;
	make_k1(&k.t, k.rows);
	for (int m = 0; m < 2; m++) {
		const struct spline_result *s = &k.r.spline;

		analysis_options_init(&k.opt);
		k.opt.terms = TERMS_CONTINUOUS;
		k.opt.method = m ? STATS_FIRTH : STATS_MLE;
		assert_int_equal(analysis_set_factors(&k.opt, "usg,sodium_mg", &k.d), 0);
		k.opt.spline = VALUE_BODY_MASS_LOSS_PCT;
		k.opt.knots = 4;
		analysis_run(&k.t, &k.opt, &k.r);
		assert_true(s->fitted);
		assert_int_equal(s->nknots, 4);
		R6(s->median, median);
		for (int j = 0; j < 3; j++)
			R6(s->beta[j], m ? fbeta[j + 1] : beta[j + 1]);
		assert_int_equal(r->model.nterms, 2);
		R6(log(r->model.terms[0].odds_ratio), m ? fbeta[4] : beta[4]);
		R6(log(r->model.terms[1].odds_ratio), m ? fbeta[5] : beta[5]);
		if (!m)
			for (int j = 0; j < 3; j++)
				R6(s->se[j], se[j + 1]);
		for (int g = 0; g < SPLINE_GRID; g++) {
			R6(s->grid[g].value, grid[g]);
			R6(s->grid[g].odds_ratio, m ? f_or[g] : or[g]);
			R6(s->grid[g].ci_low, m ? f_low[g] : low[g]);
			R6(s->grid[g].ci_high, m ? f_high[g] : high[g]);
		}
		/* The test of non-linearity is glm's, whatever the method. */
		assert_int_equal(s->df, 2);
		R6(s->lr_chisq, lr[0]);
		R6(s->nonlinearity_p, lr[1]);
		/* 5 coefficients: 3 for the spline, 2 adjustments. */
		assert_int_equal(r->model.coefficients, 5);
	}
}

static void test_pchisq(void **state)
{
	const double want[] = { 0.073638270120302773, 0.20189651799465538, 0.36180502749753218, 0.039137912618971336 };

	(void)state;
	R6(stats_pchisq_upper(3.2, 1), want[0]);
	R6(stats_pchisq_upper(3.2, 2), want[1]);
	R6(stats_pchisq_upper(3.2, 3), want[2]);
	R6(stats_pchisq_upper(11.7, 5), want[3]);
	assert_true(stats_pchisq_upper(0, 2) == 1);
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
		cmocka_unit_test(test_logistic_from_chunks_is_the_same),
		cmocka_unit_test(test_firth_on_a_table_is_haldane),
		cmocka_unit_test(test_collinear_design_is_an_error),
		cmocka_unit_test(test_clogit_matches_survival),
		cmocka_unit_test(test_clogit_firth_matches_penalized_survival),
		cmocka_unit_test(test_clogit_without_informative_strata_is_an_error),
		cmocka_unit_test(test_clogit_same_with_any_number_of_threads),
		cmocka_unit_test(test_clogit_from_blocks_is_the_same),
		cmocka_unit_test(test_pnorm),
		cmocka_unit_test(test_continuous_terms_match_glm),
		cmocka_unit_test(test_continuous_terms_within_match_clogit),
		cmocka_unit_test(test_continuous_complete_cases_and_names),
		cmocka_unit_test(test_rcs_knots_and_basis_match_rms),
		cmocka_unit_test(test_rcs_knots_where_quantiles_tie_match_rms),
		cmocka_unit_test(test_spline_matches_rms_and_glm),
		cmocka_unit_test(test_pchisq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
