/*
 * Statistics (see stats.h). Each function names the formula's source. The
 * fits are Newton-Raphson on small dense p x p systems (p is the number of
 * terms, under twenty), solved by Cholesky factorisation: one solver
 * (nr_solve) for every fit, each model giving it its log-likelihood, score
 * and information at beta (struct nr_model).
 */
#include "stats.h"
#include "config.h"
#include "xalloc.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

double stats_pnorm(double z)
{
	return 0.5 * erfc(-z / M_SQRT2);
}

/* Neumaier's compensated sum, one term at a time. */
struct ksum {
	double sum, c;
};

static void ksum_add(struct ksum *k, double x)
{
	double t = k->sum + x;

	if (fabs(k->sum) >= fabs(x))
		k->c += (k->sum - t) + x;
	else
		k->c += (x - t) + k->sum;
	k->sum = t;
}

static double ksum_value(const struct ksum *k)
{
	return k->sum + k->c;
}

static double lchoose(double n, double k)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/*
 * R's fisher.test for a 2x2 table: with m = a + c, n = b + d, k = a + b,
 * the hypergeometric probabilities of every a' in max(0, k - n)..min(k, m)
 * (in logs, scaled by the largest), and the p value is the sum of those
 * not above the observed one's times 1 + 1e-7.
 */
double stats_fisher_exact(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	double m = (double)(a + c), n = (double)(b + d), k = (double)(a + b);
	double lo = k - n > 0 ? k - n : 0, hi = k < m ? k : m;
	double lmax = -INFINITY, lobs, total, obs;
	struct ksum all = { 0, 0 }, tail = { 0, 0 };

	if (hi - lo > 1e8)
		return NAN;
	for (double x = lo; x <= hi; x++) {
		double l = lchoose(m, x) + lchoose(n, k - x);

		if (l > lmax)
			lmax = l;
	}
	lobs = lchoose(m, (double)a) + lchoose(n, k - (double)a);
	obs = exp(lobs - lmax);
	for (double x = lo; x <= hi; x++) {
		double p = exp(lchoose(m, x) + lchoose(n, k - x) - lmax);

		ksum_add(&all, p);
		if (p <= obs * (1 + 1e-7))
			ksum_add(&tail, p);
	}
	total = ksum_value(&all);
	return total > 0 ? fmin(1, ksum_value(&tail) / total) : NAN;
}

/*
 * Odds ratio ad/bc with Woolf's 95 % interval exp(ln OR +- z sqrt(1/a + 1/b
 * + 1/c + 1/d)), 0.5 added to every cell when one is 0 (Haldane 1956,
 * Anscombe 1956); relative risk (a/(a+b)) / (c/(c+d)) on the table as it is.
 */
void stats_table(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
		 struct stats_2x2 *out)
{
	double A = (double)a, B = (double)b, C = (double)c, D = (double)d;
	double se;

	memset(out, 0, sizeof(*out));
	out->odds_ratio = out->ci_low = out->ci_high = NAN;
	out->relative_risk = NAN;
	out->p_fisher = NAN;
	/* The risk ratio needs only both rows, and a case among the
	 * unexposed (every session a cramp: 1). */
	if (a + b > 0 && c > 0)
		out->relative_risk = ((double)a / (double)(a + b)) /
				     ((double)c / (double)(c + d));
	if ((a + b) == 0 || (c + d) == 0 || (a + c) == 0 || (b + d) == 0) {
		/* A whole margin empty: nothing to compare. */
		if (a + b + c + d)
			out->p_fisher = 1;
		return;
	}
	if (a == 0 || b == 0 || c == 0 || d == 0) {
		A += 0.5;
		B += 0.5;
		C += 0.5;
		D += 0.5;
		out->corrected = 1;
	}
	out->odds_ratio = (A * D) / (B * C);
	se = sqrt(1 / A + 1 / B + 1 / C + 1 / D);
	out->ci_low = exp(log(out->odds_ratio) - STATS_Z975 * se);
	out->ci_high = exp(log(out->odds_ratio) + STATS_Z975 * se);
	out->p_fisher = stats_fisher_exact(a, b, c, d);
}

int stats_by_value(const void *x, const void *y)
{
	const struct stats_ranked *a = x, *b = y;

	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

int stats_by_value_desc(const void *x, const void *y)
{
	const struct stats_ranked *a = x, *b = y;

	if (a->v != b->v)
		return a->v < b->v ? 1 : -1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* R's p.adjust(p, "BH"): i = n..1 over p in decreasing order,
 * pmin(1, cummin(n / i * p)). */
void stats_bh_adjust(const double *p, size_t n, double *out)
{
	struct stats_ranked *v = xmalloc((n ? n : 1) * sizeof(*v));
	size_t m = 0;
	double run = INFINITY;

	for (size_t i = 0; i < n; i++) {
		out[i] = NAN;
		if (!isnan(p[i])) {
			v[m].v = p[i];
			v[m].i = i;
			m++;
		}
	}
	qsort(v, m, sizeof(*v), stats_by_value_desc);
	for (size_t k = 0; k < m; k++) {
		double rank = (double)(m - k);
		double q = (double)m / rank * v[k].v;

		if (q < run)
			run = q;
		out[v[k].i] = run < 1 ? run : 1;
	}
	free(v);
}

/* Cholesky factorisation of the p x p symmetric matrix a into its lower
 * triangle l; -1 when a is not positive definite to working precision. */
static int cholesky(const double *a, size_t p, double *l)
{
	double scale = 0;

	for (size_t i = 0; i < p; i++)
		scale = fmax(scale, fabs(a[i * p + i]));
	memset(l, 0, p * p * sizeof(*l));
	for (size_t j = 0; j < p; j++) {
		double s = a[j * p + j];

		for (size_t k = 0; k < j; k++)
			s -= l[j * p + k] * l[j * p + k];
		if (!(s > 1e-12 * scale) || !isfinite(s))
			return -1;
		l[j * p + j] = sqrt(s);
		for (size_t i = j + 1; i < p; i++) {
			double t = a[i * p + j];

			for (size_t k = 0; k < j; k++)
				t -= l[i * p + k] * l[j * p + k];
			l[i * p + j] = t / l[j * p + j];
		}
	}
	return 0;
}

/* Solves l l' x = b in place. */
static void chol_solve(const double *l, size_t p, double *b)
{
	for (size_t i = 0; i < p; i++) {
		double s = b[i];

		for (size_t k = 0; k < i; k++)
			s -= l[i * p + k] * b[k];
		b[i] = s / l[i * p + i];
	}
	for (size_t i = p; i-- > 0;) {
		double s = b[i];

		for (size_t k = i + 1; k < p; k++)
			s -= l[k * p + i] * b[k];
		b[i] = s / l[i * p + i];
	}
}

/* The inverse of l l', into inv (p x p), using col (p) as scratch. */
static void chol_inverse(const double *l, size_t p, double *inv, double *col)
{
	for (size_t j = 0; j < p; j++) {
		memset(col, 0, p * sizeof(*col));
		col[j] = 1;
		chol_solve(l, p, col);
		for (size_t i = 0; i < p; i++)
			inv[i * p + j] = col[i];
	}
}

static double chol_logdet(const double *l, size_t p)
{
	double s = 0;

	for (size_t i = 0; i < p; i++)
		s += 2 * log(l[i * p + i]);
	return s;
}

void stats_fit_release(struct stats_fit *fit)
{
	free(fit->beta);
	memset(fit, 0, sizeof(*fit));
}

static void fit_alloc(struct stats_fit *fit, size_t p)
{
	memset(fit, 0, sizeof(*fit));
	fit->beta = xcalloc(6 * (p ? p : 1) + p * p, sizeof(double));
	fit->se = fit->beta + p;
	fit->z = fit->se + p;
	fit->pvalue = fit->z + p;
	fit->ci_low = fit->pvalue + p;
	fit->ci_high = fit->ci_low + p;
	fit->cov = fit->ci_high + p;
	fit->p = p;
}

/* Releases a fit that failed, and says why. */
static int fit_failed(struct stats_fit *fit, struct diag *d, const char *why)
{
	stats_fit_release(fit);
	return diag_error(d, "the model cannot be fitted: %s", why);
}

/* The fit's rows could not be read from src: fit released, d says why. */
static int source_failed(const struct stats_rows *src, struct stats_fit *fit,
			 struct diag *d)
{
	stats_fit_release(fit);
	return diag_error(d, "%s", src->why ? src->why(src->ctx) :
			  "the model's rows could not be read again");
}

/* Standard errors, z, p and Wald intervals from the inverse information. */
static void fit_wald(struct stats_fit *fit, const double *inv)
{
	memcpy(fit->cov, inv, fit->p * fit->p * sizeof(double));
	for (size_t j = 0; j < fit->p; j++) {
		double se = sqrt(inv[j * fit->p + j]);

		fit->se[j] = se;
		fit->z[j] = fit->beta[j] / se;
		fit->pvalue[j] = 2 * stats_pnorm(-fabs(fit->z[j]));
		fit->ci_low[j] = fit->beta[j] - STATS_Z975 * se;
		fit->ci_high[j] = fit->beta[j] + STATS_Z975 * se;
	}
}

/* log(1 + exp(x)) without overflow. */
static double log1pexp(double x)
{
	return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
}

/* ---- Newton-Raphson ---- */

/*
 * A model the solver fits: its (penalized) log-likelihood, score and
 * information at beta, computed by its own functions on its own data.
 */
struct nr_model {
	void *ctx;
	/* At beta: the log-likelihood into *ll and the Cholesky factor of
	 * the information into l (p x p, the solver's, left alone between
	 * calls); -1 when the information is singular. With exact, the next
	 * score is that at beta (see lazy); at_beta: the last evaluation was
	 * at this very beta (l holds its factor, the model's arrays its
	 * sums). */
	int (*eval)(void *ctx, const double *beta, int exact, int at_beta,
		    double *l, double *ll);
	/* The score at the last evaluation, given inv, the inverse of the
	 * information there. */
	void (*score)(void *ctx, const double *inv, double *score);
	/* NULL, or 1 when the last evaluation's fitted probabilities show
	 * separation (they reach 0 or 1). */
	int (*separated)(void *ctx);
	int penalized;   /* Firth's: the estimates stay finite */
	/* MLE: a coefficient beyond 15 is separation, but for the last
	 * unjudged (struct stats_rows). */
	size_t unjudged;
	/* The score is exact only after an exact evaluation, the others
	 * reuse the last exact part of it (the costly one; none before the
	 * first exact evaluation): the solver starts without it, steps on
	 * it while the steps are large, and judges convergence only on an
	 * exact score. */
	int lazy;
};

#define MAX_ITERATIONS 100
#define MAX_HALVINGS 30
#define MAX_STEP 5.0          /* logistf's maxstep */

/* The solver's state: scratch arrays, each p or p x p, allocated once. */
struct nr {
	const struct nr_model *m;
	struct stats_fit *fit;
	double *l, *inv, *col, *score, *step, *beta_new;
	double ll;           /* at fit->beta */
	double last_small;   /* the last small step on a flat likelihood */
	double moved;        /* the length of the last step taken */
	int fresh;           /* the score is exact at fit->beta */
	int at_beta;         /* the last evaluation was at fit->beta */
};

enum nr_next {
	NR_MOVED,      /* fit->beta took a step */
	NR_STOP,       /* at the optimum, or no step improves */
	NR_STALE,      /* stopped on a score that is not exact */
	NR_SINGULAR    /* the information is singular at fit->beta */
};

/*
 * One Newton step from fit->beta, at most MAX_STEP long and halved until
 * the (penalized) log-likelihood does not fall.
 */
static enum nr_next nr_step(struct nr *s)
{
	const struct nr_model *m = s->m;
	struct stats_fit *fit = s->fit;
	size_t p = fit->p;
	double max_step = 0, max_score = 0, scale = 1, ll_new = 0;
	int h;

	chol_inverse(s->l, p, s->inv, s->col);
	m->score(m->ctx, s->inv, s->score);
	memcpy(s->step, s->score, p * sizeof(double));
	chol_solve(s->l, p, s->step);
	for (size_t j = 0; j < p; j++) {
		max_step = fmax(max_step, fabs(s->step[j]));
		max_score = fmax(max_score, fabs(s->score[j]));
	}
	/* At the optimum: the step and the score tiny; or a step so small
	 * that the optimum is nearer than any digit reported, whatever the
	 * score's scale (a score of 2e-8 summed over 13,000 cramps gives a
	 * step of 3e-11): another pass would move nothing that shows. */
	if (max_step < 1e-9 && (max_score < 1e-9 || max_step < 1e-10)) {
		if (!s->fresh)
			return NR_STALE;
		fit->converged = 1;
		return NR_STOP;
	}
	if (max_step > MAX_STEP)
		scale = MAX_STEP / max_step;
	s->at_beta = 0;
	for (h = 0; h < MAX_HALVINGS; h++, scale /= 2) {
		for (size_t j = 0; j < p; j++)
			s->beta_new[j] = fit->beta[j] + scale * s->step[j];
		if (m->eval(m->ctx, s->beta_new, 0, 0, s->l, &ll_new) == 0 &&
		    ll_new >= s->ll - 1e-12 * fabs(s->ll))
			break;
	}
	if (h == MAX_HALVINGS) {
		/* No step improves: at the optimum to working precision. */
		if (!s->fresh)
			return NR_STALE;
		if (m->eval(m->ctx, fit->beta, 0, 0, s->l, &s->ll) < 0)
			return NR_SINGULAR;
		s->at_beta = 1;
		fit->converged = max_step < 1e-6;
		return NR_STOP;
	}
	if (max_step < 1e-5 && ll_new <= s->ll) {
		/* The likelihood is flat to working precision: go on while
		 * Newton's steps shrink, stop once they no longer do (the
		 * score is then noise). */
		if (!s->fresh)
			return NR_STALE;
		if (max_step >= 0.5 * s->last_small) {
			fit->converged = 1;
			return NR_STOP;
		}
		s->last_small = max_step;
	}
	memcpy(fit->beta, s->beta_new, p * sizeof(double));
	s->ll = ll_new;
	s->at_beta = 1;
	s->moved = scale * max_step;
	return NR_MOVED;
}

/*
 * Newton-Raphson on the (penalized) log-likelihood of m with step halving,
 * from fit->beta. Stops when the largest step and the largest score are
 * both below 1e-9, or the step alone below 1e-10 (tighter than glm's and
 * logistf's defaults, so that the estimates are the optimum to the digits
 * the tests compare). MLE under
 * separation runs off: it stops after MAX_ITERATIONS or once the model sees
 * fitted probabilities of 0 or 1, and an estimate beyond 15 (an odds ratio
 * beyond 3e6) is reported as separation. A lazy model is evaluated exactly
 * again once a step is under 0.05, or the solver would stop on an inexact
 * score. Fills fit with the estimates, their Wald statistics and the
 * log-likelihood; -1 when the information is singular.
 */
static int nr_solve(const struct nr_model *m, struct stats_fit *fit)
{
	size_t p = fit->p;
	struct nr s = { .m = m, .fit = fit, .last_small = INFINITY,
			.fresh = !m->lazy };
	int rc = -1;

	s.l = xmalloc((2 * p * p + 4 * p) * sizeof(double));
	s.inv = s.l + p * p;
	s.col = s.inv + p * p;
	s.score = s.col + p;
	s.step = s.score + p;
	s.beta_new = s.step + p;
	/* A lazy model starts on the part of the score it keeps: the first
	 * steps are long. */
	if (m->eval(m->ctx, fit->beta, !m->lazy, 0, s.l, &s.ll) < 0)
		goto out;
	s.at_beta = 1;
	for (fit->iterations = 1; fit->iterations <= MAX_ITERATIONS;
	     fit->iterations++) {
		enum nr_next next = nr_step(&s);

		if (next == NR_SINGULAR)
			goto out;
		if (next == NR_STOP)
			break;
		if (next == NR_MOVED) {
			if (m->separated && m->separated(m->ctx)) {
				fit->separation = 1;
				break;
			}
			s.fresh = !m->lazy;
			if (s.fresh || s.moved > 0.05)
				continue;
		}
		/* A lazy model near its optimum: the exact score at beta. */
		if (m->eval(m->ctx, fit->beta, 1, s.at_beta, s.l, &s.ll) < 0)
			goto out;
		s.at_beta = 1;
		s.fresh = 1;
	}
	if (fit->iterations > MAX_ITERATIONS)
		fit->iterations = MAX_ITERATIONS;
	if (!m->penalized)
		for (size_t j = 0; j + m->unjudged < p; j++)
			if (fabs(fit->beta[j]) > 15)
				fit->separation = 1;
	if (fit->separation)
		fit->converged = 0;
	if (!s.at_beta && m->eval(m->ctx, fit->beta, 0, 0, s.l, &s.ll) < 0)
		goto out;
	chol_inverse(s.l, p, s.inv, s.col);
	fit->loglik = s.ll;
	fit_wald(fit, s.inv);
	rc = 0;
out:
	free(s.l);
	return rc;
}

/* A fitted probability this near 0 or 1 is numerically 0 or 1 (glm.fit's
 * eps, 10 DBL_EPSILON): the MLE runs off. A finite fit can come near
 * (a spline's tail at 3.5e-11, where glm converges). */
#define SEPARATED_PI (10 * DBL_EPSILON)

/* ---- Logistic regression ---- */

/* Row i's frequency weight: wt[i], or 1 without weights. */
#define WEIGHT(wt, i) ((wt) ? (wt)[i] : 1.0)

/* A logistic fit's data, in memory (x, y, wt: n rows) or from a source
 * in chunks; at the last evaluation its beta, whether it showed
 * separation, and the information. */
struct logit {
	const double *x, *y, *wt;
	size_t n, p, stride;
	const struct stats_rows *src;
	int firth;
	int failed;          /* the source failed */
	int separated;
	double *beta, *info;
	double *score;       /* ML: the score, summed in the evaluation's pass */
};

/* The rows of lg from the first (at = 0) in chunks: 1 and the next one's
 * x, y and weights (NULL: each once), count rows of them; 0 after the
 * last; -1 when the source failed. */
static int logit_chunk(struct logit *lg, size_t *at, const double **x,
		       const double **y, const double **wt, size_t *count)
{
	if (!lg->src) {
		if (*at)
			return 0;
		*at = 1;
		*x = lg->x;
		*y = lg->y;
		*wt = lg->wt;
		*count = lg->n;
		return lg->n > 0;
	}
	*wt = NULL;
	if (*at == 0 && lg->src->rewind(lg->src->ctx) < 0)
		return -1;
	*at = 1;
	return lg->src->next(lg->src->ctx, x, y, count);
}

/* The linear predictor of row xi at beta, and its fitted probability. */
static double logit_pi(const double *xi, const double *beta, size_t p,
		       double *eta)
{
	double e = 0;

	for (size_t j = 0; j < p; j++)
		e += xi[j] * beta[j];
	*eta = e;
	return 1 / (1 + exp(-e));
}

/*
 * At beta: the information X'WX and its Cholesky factor l, and the
 * log-likelihood (plus 1/2 log det I for Firth), a pass over the rows in
 * their order. Every evaluation is exact. -1 when the information is
 * singular (or the source failed: lg->failed).
 */
static int logit_eval(void *ctx, const double *beta, int exact, int at_beta,
		      double *l, double *loglik)
{
	struct logit *lg = ctx;
	size_t p = lg->p, at = 0, count;
	const double *x, *y, *wt;
	struct ksum ll = { 0, 0 };
	int more;

	(void)exact;
	(void)at_beta;
	memcpy(lg->beta, beta, p * sizeof(double));
	lg->separated = 0;
	memset(lg->info, 0, p * p * sizeof(double));
	memset(lg->score, 0, p * sizeof(double));
	while ((more = logit_chunk(lg, &at, &x, &y, &wt, &count)) > 0) {
		for (size_t i = 0; i < count; i++) {
			const double *xi = x + i * lg->stride;
			double eta, pi = logit_pi(xi, beta, p, &eta);
			double w = pi * (1 - pi);

			if (WEIGHT(wt, i) > 0 && (pi < SEPARATED_PI ||
						  pi > 1 - SEPARATED_PI))
				lg->separated = 1;
			/* log pi = -log(1 + e^-eta); log(1 - pi) = -log(1 + e^eta) */
			ksum_add(&ll, -WEIGHT(wt, i) *
				 (y[i] ? log1pexp(-eta) : log1pexp(eta)));
			for (size_t j = 0; j < p; j++)
				for (size_t k = 0; k <= j; k++)
					lg->info[j * p + k] +=
						WEIGHT(wt, i) * w * xi[j] * xi[k];
			if (!lg->firth) {
				/* logit_score's sum, in its order: no pass
				 * of its own. */
				double r = y[i] - pi;

				r *= WEIGHT(wt, i);
				for (size_t j = 0; j < p; j++)
					lg->score[j] += xi[j] * r;
			}
		}
	}
	if (more < 0) {
		lg->failed = 1;
		return -1;
	}
	for (size_t j = 0; j < p; j++)
		for (size_t k = 0; k < j; k++)
			lg->info[k * p + j] = lg->info[j * p + k];
	if (cholesky(lg->info, p, l) < 0)
		return -1;
	*loglik = ksum_value(&ll);
	if (lg->firth)
		*loglik += 0.5 * chol_logdet(l, p);
	return 0;
}

/* The score X'(y - pi) at the last evaluation's beta, plus Firth's
 * h_i (1/2 - pi_i) with h the hat values w_i x_i' I^-1 x_i, each row
 * counted wt[i] times: ML's from the evaluation's pass, Firth's (which
 * needs I^-1) in a pass of its own. */
static void logit_score(void *ctx, const double *inv, double *score)
{
	struct logit *lg = ctx;
	size_t p = lg->p, at = 0, count;
	const double *x, *y, *wt;
	int more;

	if (!lg->firth) {
		memcpy(score, lg->score, p * sizeof(double));
		return;
	}
	memset(score, 0, p * sizeof(double));
	while ((more = logit_chunk(lg, &at, &x, &y, &wt, &count)) > 0) {
		for (size_t i = 0; i < count; i++) {
			const double *xi = x + i * lg->stride;
			double eta, pi = logit_pi(xi, lg->beta, p, &eta);
			double r = y[i] - pi;

			if (lg->firth) {
				double h = 0;

				for (size_t j = 0; j < p; j++) {
					double t = 0;

					for (size_t k = 0; k < p; k++)
						t += inv[j * p + k] * xi[k];
					h += xi[j] * t;
				}
				r += h * (pi * (1 - pi)) * (0.5 - pi);
			}
			r *= WEIGHT(wt, i);
			for (size_t j = 0; j < p; j++)
				score[j] += xi[j] * r;
		}
	}
	if (more < 0)
		lg->failed = 1;
}

/* Separation: fitted probabilities numerically 0 or 1, as glm.fit tells
 * them (10 DBL_EPSILON). */
static int logit_separated(void *ctx)
{
	const struct logit *lg = ctx;

	return lg->separated;
}

/* Fits lg (its rows and events counted, fit allocated). */
static int logit_fit(struct logit *lg, enum stats_method method,
		     struct stats_fit *fit, struct diag *d)
{
	int firth = method == STATS_FIRTH;
	struct nr_model model = { .ctx = lg, .eval = logit_eval,
				  .score = logit_score, .penalized = firth,
				  .separated = firth ? NULL : logit_separated,
				  .unjudged = lg->src ? lg->src->unjudged : 0 };
	int rc;

	lg->firth = firth;
	lg->beta = xmalloc((2 * lg->p + lg->p * lg->p) * sizeof(double));
	lg->info = lg->beta + lg->p;
	lg->score = lg->info + lg->p * lg->p;
	rc = lg->n ? nr_solve(&model, fit) : -1;
	free(lg->beta);
	if (lg->failed)
		return source_failed(lg->src, fit, d);
	return rc < 0 ? fit_failed(fit, d, "a factor is constant or repeats "
				   "others among the sessions used") : 0;
}

int stats_logit(const double *x, const double *y, size_t n, size_t p,
		enum stats_method method, struct stats_fit *fit,
		struct diag *d)
{
	return stats_logit_weighted(x, y, NULL, n, p, method, NULL, fit, d);
}

int stats_logit_weighted(const double *x, const double *y, const double *wt,
			 size_t n, size_t p, enum stats_method method,
			 const double *start, struct stats_fit *fit,
			 struct diag *d)
{
	struct logit lg = { .x = x, .y = y, .wt = wt, .n = n, .p = p,
			    .stride = p };
	double rows = 0, events = 0;

	fit_alloc(fit, p);
	for (size_t i = 0; i < n; i++) {
		rows += WEIGHT(wt, i);
		events += y[i] != 0 ? WEIGHT(wt, i) : 0;
	}
	fit->n = (size_t)rows;
	fit->events = (size_t)events;
	if (start)
		memcpy(fit->beta, start, p * sizeof(double));
	return logit_fit(&lg, method, fit, d);
}

int stats_logit_rows(const struct stats_rows *src, size_t n, size_t events,
		     size_t p, enum stats_method method, struct stats_fit *fit,
		     struct diag *d)
{
	struct logit lg = { .n = n, .p = p, .stride = src->stride,
			    .src = src };

	fit_alloc(fit, p);
	fit->n = n;
	fit->events = events;
	return logit_fit(&lg, method, fit, d);
}

static double logistic(double eta)
{
	return eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta));
}

double stats_logit_prob(const struct stats_fit *fit, const double *x)
{
	double eta = 0;

	for (size_t j = 0; j < fit->p; j++)
		eta += fit->beta[j] * x[j];
	return logistic(eta);
}

void stats_logit_predict(const struct stats_fit *fit, const double *x,
			 double *prob, double *low, double *high)
{
	double eta = 0, var = 0, se;

	for (size_t j = 0; j < fit->p; j++) {
		eta += fit->beta[j] * x[j];
		for (size_t k = 0; k < fit->p; k++)
			var += x[j] * fit->cov[j * fit->p + k] * x[k];
	}
	se = sqrt(var > 0 ? var : 0);
	*prob = logistic(eta);
	*low = logistic(eta - STATS_Z975 * se);
	*high = logistic(eta + STATS_Z975 * se);
}

/* ---- Conditional logistic regression ---- */

/* A stratum carries information when some of its sessions have the
 * event and some do not. */
static int informative(size_t sessions, size_t m)
{
	return m > 0 && m < sessions;
}

/* Counts a stratum of sessions sessions, m of them with the event, into
 * fit (strata used and skipped, sessions, events) and *maxm: whether it
 * carries information. */
static int stratum_counted(struct stats_fit *fit, size_t sessions, size_t m,
			   size_t *maxm)
{
	if (!informative(sessions, m)) {
		fit->strata_skipped++;
		return 0;
	}
	fit->strata++;
	fit->n += sessions;
	fit->events += m;
	if (m > *maxm)
		*maxm = m;
	return 1;
}

struct stratum {
	size_t start, n, m;   /* rows order[start..start+n), m events */
	size_t sessions;      /* the rows' counts summed (n without counts) */
};

/* One thread's share of an evaluation: strata [from, to), its own
 * recursion arrays and sums. */
struct cpart {
	struct cwork *w;
	size_t from, to;
	const double *beta;
	int firth, failed;
	/* The rows its strata index: w's, or from a source read by the
	 * share itself (struct cwork's stream), its own block. */
	const double *xc, *yc;
	const struct stratum *strata;
	/* A streamed share: the plan's strata plan_from..plan_to - 1, the
	 * next to read at; its block of at most bcap rows (bxc, byc,
	 * bstrata), and stage_rows rows at a time as the source gives them
	 * (stage, ystage). */
	size_t plan_from, plan_to, at, bcap, stage_rows;
	double *bxc, *byc, *stage, *ystage;
	struct stratum *bstrata;
	/* The recursion's arrays, (maxm + 1) x (1, pw, np2w), for Firth also
	 * (maxm + 1) x (1, pw) for Q = s'As and Q s_c (A = w->a); one row's
	 * products x_a x_b, and A x. */
	double *b0, *b1, *b2, *bq, *bqc, *xx, *ax;
	double *cf;          /* a counted row's weights, 4 (maxm + 1) */
	double *g1, *g2;     /* moments_add_copies' sums: 5 pw, np2w */
	/* For Firth, a counted row's (Ax)'s s' of each size before it is
	 * added (sum_a (Ax)_a B2_ad), (maxm + 1) x pw. */
	double *y2;
	/* One stratum's moments: mean, second, E[Q] and E[Q s_c]. */
	double *mu, *e2, eq, *eqc;
	/* Sums over the share's strata. */
	struct ksum ll;
	double *score, *info, *g;
};

#define CLOGIT_MAX_THREADS 8

struct cwork {
	size_t p, maxm;
	int firth;
	double *xc;           /* rows, centred within their stratum */
	double *yc;           /* each row's events: 0 or 1, or of its count */
	double *cnt;          /* each row's sessions; NULL: one each */
	struct stratum *strata;
	size_t nstrata;
	/* The second moments are symmetric, so the recursion keeps each
	 * once: pairs a <= b (np2 of them), numbered by the tables below. */
	size_t np2;
	size_t *pair_a, *pair_b, *pair_of;        /* pair_of[a * p + b] */
	/* The rows of the recursion's arrays are p and np2 values wide,
	 * each padded with zeros to pw and np2w, multiples of CONV_BLOCK
	 * (conv_rows adds a block at a time). */
	size_t pw, np2w;
	/* The strata are shared out among threads by their cost. */
	struct cpart part[CLOGIT_MAX_THREADS];
	size_t nparts;
	/* Per evaluation: score and information summed over strata; for
	 * Firth, g_c = sum_ab a_ab k3_abc, the third cumulants contracted
	 * with a, the inverse information at the same beta. */
	double *score, *info, *g, *a, *col;
	/* From a source (stats_clogit_rows): every stratum's rows and
	 * events, in the source's order, and the block of whole strata
	 * that xc holds at a time (strata lists the block's), at most cap
	 * rows. NULL src: every row is in xc. */
	const struct stats_rows *src;
	struct cplan { size_t first, n, m; double stratum; } *plan;
	size_t nplan, cap;
	/* With the source's read_at and more than one share: each share is
	 * a part of the plan that its thread reads and sums itself, a block
	 * at a time, meeting the others once a pass, not once a block; the
	 * shares' buffers, in sbuf and sstrata. */
	int stream;
	double *sbuf;
	struct stratum *sstrata;
	/* Where a pass reads: the plan's next stratum, the source's chunk
	 * and its next row. */
	size_t at_plan, at_row, chunk_rows;
	const double *chunk_x, *chunk_y;
	int failed;          /* the source failed or changed */
};

static int by_stratum(const void *a, const void *b, void *s)
{
	const int64_t *st = s;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (st[i] != st[j])
		return st[i] < st[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* A merge sort of indices by stratum, stable (qsort has no context). */
static void sort_indices(size_t *v, size_t *tmp, size_t n, const int64_t *s)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	sort_indices(v, tmp, h, s);
	sort_indices(v + h, tmp, n - h, s);
	while (i < h && j < n)
		tmp[k++] = by_stratum(&v[j], &v[i], (void *)s) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

/* Multiplies the sums over subsets of size j by f. */
static void moments_scale_one(struct cpart *c, size_t j, double f, int third)
{
	const struct cwork *w = c->w;
	size_t p = w->pw, np2 = w->np2w;

	c->b0[j] *= f;
	for (size_t a = 0; a < p; a++)
		c->b1[j * p + a] *= f;
	for (size_t k = 0; k < np2; k++)
		c->b2[j * np2 + k] *= f;
	if (third) {
		c->bq[j] *= f;
		for (size_t a = 0; a < p; a++)
			c->bqc[j * p + a] *= f;
	}
}

/* Multiplies every sum of sizes 0..m by f (a rescaling). */
static void moments_scale(struct cpart *c, size_t m, double f, int third)
{
	for (size_t j = 0; j <= m; j++)
		moments_scale_one(c, j, f, third);
}

/*
 * Adds to the sums over subsets of size j those of the subsets of size
 * j - 1 with the row x added, each weighted r: with s the subset's sum,
 * s + x, (s + x)(s + x)', and for Firth Q(s + x) = Q(s) + 2 (Ax)'s + x'Ax
 * and Q(s + x) (s + x). Returns b0[j].
 */
static double moments_add(struct cpart *c, size_t j, double r,
			  const double *x, double q, int third)
{
	const struct cwork *w = c->w;
	size_t p = w->p, np2 = w->np2;
	const size_t *pa = w->pair_a, *pb = w->pair_b, *pof = w->pair_of;
	const double *xx = c->xx, *ax = c->ax;
	const double B = c->b0[j - 1];
	const double *B1 = c->b1 + (j - 1) * w->pw;
	const double *B2 = c->b2 + (j - 1) * w->np2w;
	double *N1 = c->b1 + j * w->pw, *N2 = c->b2 + j * w->np2w;

	if (third) {
		const double BQ = c->bq[j - 1];
		const double *BQC = c->bqc + (j - 1) * w->pw;
		double *NQC = c->bqc + j * w->pw, ys = 0;

		/* (Ax)'s over the subsets: sum_a (Ax)_a B1_a. */
		for (size_t a = 0; a < p; a++)
			ys += ax[a] * B1[a];
		for (size_t d = 0; d < p; d++) {
			double yss = 0;

			for (size_t a = 0; a < p; a++)
				yss += ax[a] * B2[pof[a * p + d]];
			NQC[d] += r * (BQC[d] + x[d] * BQ + 2 * yss +
				       2 * x[d] * ys + q * B1[d] +
				       q * x[d] * B);
		}
		c->bq[j] += r * (BQ + 2 * ys + q * B);
	}
	for (size_t k = 0; k < np2; k++)
		N2[k] += r * (B2[k] + x[pa[k]] * B1[pb[k]] +
			      B1[pa[k]] * x[pb[k]] + xx[k] * B);
	for (size_t a = 0; a < p; a++)
		N1[a] += r * (B1[a] + x[a] * B);
	c->b0[j] += r * B;
	return c->b0[j];
}

#define CONV_BLOCK 8

/* n rounded up to a multiple of CONV_BLOCK. */
static size_t conv_width(size_t n)
{
	return (n + CONV_BLOCK - 1) / CONV_BLOCK * CONV_BLOCK;
}

/*
 * out[k] = sum over i = from..to of wt[i] rows[(j - i) width + k], k <
 * width (a multiple of CONV_BLOCK): sums over the rows of sizes j - i,
 * each in a register (a block of columns at a time), in the order of i.
 */
static void conv_rows(double *out, const double *rows, size_t width,
		      const double *wt, size_t j, size_t from, size_t to)
{
	for (size_t k = 0; k < width; k += CONV_BLOCK) {
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		double s4 = 0, s5 = 0, s6 = 0, s7 = 0;

		for (size_t i = from; i <= to; i++) {
			const double *r = rows + (j - i) * width + k;

			s0 += wt[i] * r[0];
			s1 += wt[i] * r[1];
			s2 += wt[i] * r[2];
			s3 += wt[i] * r[3];
			s4 += wt[i] * r[4];
			s5 += wt[i] * r[5];
			s6 += wt[i] * r[6];
			s7 += wt[i] * r[7];
		}
		out[k] = s0;
		out[k + 1] = s1;
		out[k + 2] = s2;
		out[k + 3] = s3;
		out[k + 4] = s4;
		out[k + 5] = s5;
		out[k + 6] = s6;
		out[k + 7] = s7;
	}
}

/* The same for one value a size (b: b0 or bq) under nw (1 to 4)
 * weightings at once, weighting e at wt[e * wstride + i], into out[e]. */
static void conv_values(double *out, const double *b, const double *wt,
			size_t wstride, size_t nw, size_t j, size_t from,
			size_t to)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;

	for (size_t i = from; i <= to; i++) {
		double v = b[j - i];

		s0 += wt[i] * v;
		if (nw > 1)
			s1 += wt[wstride + i] * v;
		if (nw > 2)
			s2 += wt[2 * wstride + i] * v;
		if (nw > 3)
			s3 += wt[3 * wstride + i] * v;
	}
	out[0] = s0;
	out[1] = s1;
	if (nw > 2)
		out[2] = s2;
	if (nw > 3)
		out[3] = s3;
}

/*
 * The same for i = from..to copies of the row x at once, the subsets of
 * size j - i each weighted cf[i]: with i copies, s + i x, and
 * Q(s + i x) = Q(s) + 2 i (Ax)'s + i^2 x'Ax. The sums over i of cf[i] i^e
 * times each sum of size j - i are gathered first (struct cpart's g*;
 * cf[(maxm + 1) e + i] = cf[i] i^e, e = 0..3), then the row's terms added
 * once. Returns b0[j].
 */
static double moments_add_copies(struct cpart *c, size_t j, size_t from,
				 size_t to, const double *cf, const double *x,
				 double q, int third)
{
	const struct cwork *w = c->w;
	size_t p = w->p, np2 = w->np2, pw = w->pw, np2w = w->np2w;
	size_t stride = w->maxm + 1;
	const size_t *pa = w->pair_a, *pb = w->pair_b;
	const double *xx = c->xx, *ax = c->ax;
	const double *cf1 = cf + stride, *cf2 = cf1 + stride;
	double g0[4], gq[2];
	double *g1 = c->g1, *g11 = g1 + pw, *g12 = g11 + pw, *gqc = g12 + pw;
	double *yss = gqc + pw, *g2 = c->g2;
	double *N1 = c->b1 + j * pw, *N2 = c->b2 + j * np2w;

	conv_values(g0, c->b0, cf, stride, 4, j, from, to);
	conv_rows(g1, c->b1, pw, cf, j, from, to);
	conv_rows(g11, c->b1, pw, cf1, j, from, to);
	conv_rows(g12, c->b1, pw, cf2, j, from, to);
	conv_rows(g2, c->b2, np2w, cf, j, from, to);
	if (third) {
		double *NQC = c->bqc + j * pw, ys1 = 0, ys2 = 0;

		conv_rows(yss, c->y2, pw, cf1, j, from, to);
		conv_rows(gqc, c->bqc, pw, cf, j, from, to);
		conv_values(gq, c->bq, cf, stride, 2, j, from, to);
		for (size_t a = 0; a < p; a++) {
			ys1 += ax[a] * g11[a];
			ys2 += ax[a] * g12[a];
		}
		for (size_t d = 0; d < p; d++)
			NQC[d] += gqc[d] + x[d] * gq[1] + 2 * yss[d] +
				  2 * x[d] * ys2 + q * g12[d] + q * x[d] * g0[3];
		c->bq[j] += gq[0] + 2 * ys1 + q * g0[2];
	}
	for (size_t k = 0; k < np2; k++)
		N2[k] += g2[k] + x[pa[k]] * g11[pb[k]] + g11[pa[k]] * x[pb[k]] +
			 xx[k] * g0[2];
	for (size_t a = 0; a < p; a++)
		N1[a] += g1[a] + x[a] * g0[1];
	c->b0[j] += g0[0];
	return c->b0[j];
}

/* (Ax)'s s' summed over the subsets of each size below top (c->y2), for
 * moments_add_copies: the sizes from top down read them before any is
 * changed. */
static void moments_ax(struct cpart *c, size_t top)
{
	const struct cwork *w = c->w;
	size_t p = w->p;

	for (size_t j = 0; j < top; j++)
		for (size_t d = 0; d < p; d++) {
			const double *B2 = c->b2 + j * w->np2w;
			double t = 0;

			for (size_t a = 0; a < p; a++)
				t += c->ax[a] * B2[w->pair_of[a * p + d]];
			c->y2[j * w->pw + d] = t;
		}
}

/*
 * One stratum's log denominator log sum over subsets S of size m of
 * exp(sum_S x beta), and the conditional moments of s = sum_S x: the mean
 * (mu), the second moment (e2) and, for Firth (third), E[Q] and E[Q s_c]
 * with Q = s'As, A = w->a, which give the third cumulants contracted with
 * A without the p^3 third moments. By the recursion of Gail, Lubin and
 * Rubinstein (1981), extended to the moments, with weights scaled by the
 * stratum's mean linear predictor and rescaled whenever they grow large.
 * A row counted n times (pattern counts, patterns.h) adds its copies at
 * once: i of its n sessions in a subset, C(n, i) ways, each of weight r^i
 * (the binomial expansion of (1 + r t)^n, cut at m), so that the work
 * grows with the patterns, not with their sessions.
 */
static double stratum_moments(struct cpart *c, const struct stratum *s,
			      const double *beta, int third)
{
	const struct cwork *w = c->w;
	size_t p = w->p, np2 = w->np2, pw = w->pw, np2w = w->np2w;
	size_t m = s->m, m1 = w->maxm + 1, done = 0;
	const size_t *pa = w->pair_a, *pb = w->pair_b;
	double *xx = c->xx, *ax = c->ax;
	double shift = 0, logscale = 0;

	for (size_t i = 0; i < s->n; i++) {
		const double *x = c->xc + (s->start + i) * p;
		double eta = 0, k = w->cnt ? w->cnt[s->start + i] : 1;

		for (size_t a = 0; a < p; a++)
			eta += x[a] * beta[a];
		shift += k * eta / (double)s->sessions;
	}
	memset(c->b0, 0, (m + 1) * sizeof(double));
	memset(c->b1, 0, (m + 1) * pw * sizeof(double));
	memset(c->b2, 0, (m + 1) * np2w * sizeof(double));
	if (third) {
		memset(c->bq, 0, (m + 1) * sizeof(double));
		memset(c->bqc, 0, (m + 1) * pw * sizeof(double));
	}
	c->b0[0] = 1;
	for (size_t i = 0; i < s->n; i++) {
		const double *x = c->xc + (s->start + i) * p;
		size_t n = w->cnt ? (size_t)w->cnt[s->start + i] : 1;
		double eta = 0, big = 0, q = 0;
		size_t top = done + n < m ? done + n : m;
		/* Sessions past these can add at most rest events. */
		size_t rest = s->sessions - done - n;
		size_t low = m > rest ? m - rest : 1;

		for (size_t a = 0; a < p; a++)
			eta += x[a] * beta[a];
		for (size_t k = 0; k < np2; k++)
			xx[k] = x[pa[k]] * x[pb[k]];
		if (third)
			for (size_t a = 0; a < p; a++) {
				double t = 0;

				for (size_t b = 0; b < p; b++)
					t += w->a[a * p + b] * x[b];
				ax[a] = t;
				q += x[a] * t;
			}
		if (n == 1) {
			double r = exp(eta - shift);

			for (size_t j = top; j >= low; j--)
				big = fmax(big, moments_add(c, j, r, x, q, third));
		} else {
			/* log C(n, i) r^i for i = 0..min(n, m), scaled by the
			 * largest: the sums of each size j by that of i = 0
			 * before those of j - i (smaller, still unscaled) are
			 * added to them. */
			size_t imax = n < m ? n : m;
			double lr = eta - shift, lc = 0, lmax = 0, *cf = c->cf;

			cf[0] = 0;
			for (size_t k = 1; k <= imax; k++) {
				lc += lr + log((double)(n - k + 1) / (double)k);
				cf[k] = lc;
				lmax = fmax(lmax, lc);
			}
			for (size_t k = 0; k <= imax; k++) {
				double *e = cf + k;

				e[0] = exp(cf[k] - lmax);
				e[m1] = e[0] * (double)k;
				e[2 * m1] = e[m1] * (double)k;
				e[3 * m1] = e[2 * m1] * (double)k;
			}
			logscale += lmax;
			if (third)
				moments_ax(c, top);
			for (size_t j = top; j >= low; j--) {
				size_t from = j > done ? j - done : 1;
				size_t to = j < n ? j : n;

				moments_scale_one(c, j, cf[0], third);
				big = fmax(big, moments_add_copies(c, j, from, to, cf, x,
								   q, third));
			}
			/* Of size 0 last: the sizes above read it unscaled. */
			if (m <= rest)
				moments_scale_one(c, 0, cf[0], third);
		}
		done += n;
		if (big > 1e150) {
			/* Rescale everything by the same factor. */
			moments_scale(c, m, 1e-150, third);
			logscale += 150 * M_LN10;
		} else if (big > 0 && big < 1e-150) {
			/* A pattern's scaling (above) left them small. */
			moments_scale(c, m, 1e150, third);
			logscale -= 150 * M_LN10;
		}
	}
	for (size_t a = 0; a < p; a++)
		c->mu[a] = c->b1[m * pw + a] / c->b0[m];
	for (size_t a = 0; a < p; a++)
		for (size_t b = 0; b < p; b++)
			c->e2[a * p + b] = c->b2[m * np2w + w->pair_of[a * p + b]] / c->b0[m];
	if (third) {
		c->eq = c->bq[m] / c->b0[m];
		for (size_t a = 0; a < p; a++)
			c->eqc[a] = c->bqc[m * pw + a] / c->b0[m];
	}
	return log(c->b0[m]) + logscale + (double)m * shift;
}

/* The sums of one share of the strata. */
static void *clogit_part(void *arg)
{
	struct cpart *c = arg;
	const struct cwork *w = c->w;
	size_t p = w->p;
	const double *beta = c->beta;

	for (size_t k = c->from; k < c->to; k++) {
		const struct stratum *s = &c->strata[k];
		double logden = stratum_moments(c, s, beta, c->firth), num = 0;

		for (size_t i = 0; i < s->n; i++) {
			const double *x = c->xc + (s->start + i) * p;
			double ev = c->yc[s->start + i];

			if (!ev)
				continue;
			for (size_t a = 0; a < p; a++) {
				num += ev * (x[a] * beta[a]);
				c->score[a] += ev * x[a];
			}
		}
		ksum_add(&c->ll, num - logden);
		for (size_t a = 0; a < p; a++) {
			c->score[a] -= c->mu[a];
			for (size_t b = 0; b < p; b++)
				c->info[a * p + b] += c->e2[a * p + b] - c->mu[a] * c->mu[b];
		}
		if (c->firth) {
			/* sum_ab A_ab k3_abd = E[Q s_d] - E[Q] mu_d
			 * - 2 sum_a (A mu)_a e2_ad + 2 (mu'A mu) mu_d. */
			const double *mu = c->mu, *e2 = c->e2, *A = w->a;
			double mam = 0;

			for (size_t a = 0; a < p; a++) {
				double t = 0;

				for (size_t b = 0; b < p; b++)
					t += A[a * p + b] * mu[b];
				c->ax[a] = t;
				mam += mu[a] * t;
			}
			for (size_t d = 0; d < p; d++) {
				double t = c->eqc[d] - c->eq * mu[d] + 2 * mam * mu[d];

				for (size_t a = 0; a < p; a++)
					t -= 2 * c->ax[a] * e2[a * p + d];
				c->g[d] += t;
			}
		}
	}
	return NULL;
}

/* Centres each of the nstrata strata's rows in xc (p values each, cnt
 * sessions each; NULL: one) on their mean over its sessions. */
static void centre_strata(double *xc, const double *cnt,
			  const struct stratum *strata, size_t nstrata,
			  size_t p)
{
	for (size_t k = 0; k < nstrata; k++) {
		const struct stratum *s = &strata[k];

		for (size_t a = 0; a < p; a++) {
			double mean = 0;

			for (size_t i = 0; i < s->n; i++)
				mean += (cnt ? cnt[s->start + i] : 1) *
					xc[(s->start + i) * p + a];
			mean /= (double)s->sessions;
			for (size_t i = 0; i < s->n; i++)
				xc[(s->start + i) * p + a] -= mean;
		}
	}
}

static void clogit_centre(struct cwork *w)
{
	centre_strata(w->xc, w->cnt, w->strata, w->nstrata, w->p);
}

/* The shares of w's strata (those of the block, from a source; or, when
 * streamed, the plan's) computed in parallel by fn, each adding to its
 * sums. */
static void clogit_parts(struct cwork *w, void *(*fn)(void *))
{
	pthread_t thread[CLOGIT_MAX_THREADS];
	int started[CLOGIT_MAX_THREADS] = { 0 };

	/* Threads for all shares but the first; a thread that cannot start
	 * leaves its share to this one. */
	for (size_t t = 1; t < w->nparts; t++) {
		const struct cpart *c = &w->part[t];

		started[t] = (w->stream ? c->plan_from < c->plan_to :
			      c->from < c->to) &&
			     pthread_create(&thread[t], NULL, fn, &w->part[t]) == 0;
	}
	fn(&w->part[0]);
	for (size_t t = 1; t < w->nparts; t++) {
		if (started[t])
			pthread_join(thread[t], NULL);
		else
			fn(&w->part[t]);
	}
}

/* The work of w's strata: their rows times their events, summed. */
static double strata_work(const struct cwork *w)
{
	double work = 0;

	for (size_t i = 0; i < w->nstrata; i++)
		work += (double)w->strata[i].n * (double)w->strata[i].m;
	return work;
}

/* Shares of w's strata of about equal work, in stratum order. */
static void split_parts(struct cwork *w)
{
	double work = strata_work(w), done = 0;

	for (size_t t = 0, from = 0; t < w->nparts; t++) {
		struct cpart *c = &w->part[t];
		size_t to = from;

		while (to < w->nstrata && (t + 1 == w->nparts ||
		       done < work * (double)(t + 1) / (double)w->nparts)) {
			done += (double)w->strata[to].n * (double)w->strata[to].m;
			to++;
		}
		c->from = from;
		c->to = to;
		from = to;
	}
}

/* The next row of w's source: x (its first p values the design's, the
 * stratum at src->column) and y; NULL at the end or on an error. */
static const double *source_row(struct cwork *w, double *y)
{
	const struct stats_rows *src = w->src;
	const double *x;

	while (w->at_row == w->chunk_rows) {
		if (src->next(src->ctx, &w->chunk_x, &w->chunk_y,
			      &w->chunk_rows) <= 0)
			return NULL;
		w->at_row = 0;
	}
	x = w->chunk_x + w->at_row * src->stride;
	*y = w->chunk_y[w->at_row++];
	return x;
}

/* The source's next block of whole strata that carry information into
 * xc (centred), yc and strata, those without skipped: 1, 0 after the
 * last, -1 when the source failed or gave other rows than the plan's. */
static int block_next(struct cwork *w)
{
	size_t p = w->p, r = 0;

	w->nstrata = 0;
	for (; w->at_plan < w->nplan; w->at_plan++) {
		const struct cplan *pl = &w->plan[w->at_plan];
		int used = informative(pl->n, pl->m);
		double stratum = 0, y;

		if (used && r + pl->n > w->cap)
			break;
		for (size_t i = 0; i < pl->n; i++) {
			const double *x = source_row(w, &y);

			if (!x || (i > 0 && x[w->src->column] != stratum))
				return -1;
			stratum = x[w->src->column];
			if (used) {
				memcpy(w->xc + (r + i) * p, x, p * sizeof(double));
				w->yc[r + i] = y != 0;
			}
		}
		if (used) {
			w->strata[w->nstrata++] = (struct stratum){
				.start = r, .n = pl->n, .m = pl->m,
				.sessions = pl->n };
			r += pl->n;
		}
	}
	/* A stratum larger than a block (none, by stats_clogit_rows). */
	if (w->nstrata == 0 && w->at_plan < w->nplan)
		return -1;
	clogit_centre(w);
	return w->nstrata > 0;
}

/* Shares of the plan's strata that carry information of about equal
 * work, in the plan's order: split_parts' shares of the same strata
 * (the same sums, in the same order, to the bit), the others between
 * them read by none. */
static void split_plan(struct cwork *w)
{
	double work = 0, done = 0;
	size_t to = 0;

	for (size_t k = 0; k < w->nplan; k++)
		if (informative(w->plan[k].n, w->plan[k].m))
			work += (double)w->plan[k].n * (double)w->plan[k].m;
	for (size_t t = 0; t < w->nparts; t++) {
		struct cpart *c = &w->part[t];

		c->plan_from = to;
		while (to < w->nplan && (t + 1 == w->nparts ||
		       done < work * (double)(t + 1) / (double)w->nparts)) {
			if (informative(w->plan[to].n, w->plan[to].m))
				done += (double)w->plan[to].n *
					(double)w->plan[to].m;
			to++;
		}
		c->plan_to = to;
	}
}

/* A stratum's rows (pl) read into c's block from its row r on, through
 * the stage: 0, or -1 when the source failed or gave other rows than
 * the plan's (another stratum, other events). */
static int stream_stratum(struct cpart *c, const struct cplan *pl, size_t r)
{
	const struct cwork *w = c->w;
	const struct stats_rows *src = w->src;
	size_t p = w->p, m = 0;

	for (size_t done = 0, k; done < pl->n; done += k) {
		k = pl->n - done < c->stage_rows ? pl->n - done : c->stage_rows;
		if (src->read_at(src->ctx, pl->first + done, k, c->stage,
				 c->ystage) < 0)
			return -1;
		for (size_t i = 0; i < k; i++) {
			const double *x = c->stage + i * src->stride;

			if (x[src->column] != pl->stratum)
				return -1;
			memcpy(c->bxc + (r + done + i) * p, x, p * sizeof(double));
			c->byc[r + done + i] = c->ystage[i] != 0;
			m += c->ystage[i] != 0;
		}
	}
	return m == pl->m ? 0 : -1;
}

/* A streamed share's next block of whole strata that carry information
 * (centred): its count of strata, 0 after the last, -1 as
 * stream_stratum. */
static long stream_block(struct cpart *c)
{
	const struct cwork *w = c->w;
	size_t r = 0, n = 0;

	for (; c->at < c->plan_to; c->at++) {
		const struct cplan *pl = &w->plan[c->at];

		if (!informative(pl->n, pl->m))
			continue;
		/* bcap holds the largest stratum: a block has one at least. */
		if (r + pl->n > c->bcap)
			break;
		if (stream_stratum(c, pl, r) < 0)
			return -1;
		c->bstrata[n++] = (struct stratum){ .start = r, .n = pl->n,
						    .m = pl->m,
						    .sessions = pl->n };
		r += pl->n;
	}
	centre_strata(c->bxc, NULL, c->bstrata, n, w->p);
	return (long)n;
}

/* A streamed share's sums, a block at a time (a failure sets
 * c->failed). */
static void *clogit_stream(void *arg)
{
	struct cpart *c = arg;
	long n;

	c->at = c->plan_from;
	while ((n = stream_block(c)) > 0) {
		c->from = 0;
		c->to = (size_t)n;
		clogit_part(c);
	}
	c->failed = n < 0;
	return NULL;
}

/* The sums over strata at beta (with third, also g with w->a), the
 * shares computed in parallel; from a source, a block at a time, or
 * streamed (a failure sets w->failed). */
static void clogit_pass(struct cwork *w, const double *beta, int third,
			struct ksum *ll)
{
	size_t p = w->p, p2 = p * p;
	int more;

	for (size_t t = 0; t < w->nparts; t++) {
		struct cpart *c = &w->part[t];

		c->beta = beta;
		c->firth = third;
		if (!w->stream) {
			c->xc = w->xc;
			c->yc = w->yc;
			c->strata = w->strata;
		}
		c->ll.sum = c->ll.c = 0;
		memset(c->score, 0, p * sizeof(double));
		memset(c->info, 0, p2 * sizeof(double));
		if (third)
			memset(c->g, 0, p * sizeof(double));
	}
	if (!w->src) {
		clogit_parts(w, clogit_part);
	} else if (w->src->rewind(w->src->ctx) < 0) {
		w->failed = 1;
	} else if (w->stream) {
		clogit_parts(w, clogit_stream);
		for (size_t t = 0; t < w->nparts; t++)
			w->failed |= w->part[t].failed;
	} else {
		w->at_plan = w->at_row = w->chunk_rows = 0;
		while ((more = block_next(w)) > 0) {
			split_parts(w);
			clogit_parts(w, clogit_part);
		}
		if (more < 0)
			w->failed = 1;
	}
	ll->sum = ll->c = 0;
	memset(w->score, 0, p * sizeof(double));
	memset(w->info, 0, p2 * sizeof(double));
	if (third)
		memset(w->g, 0, p * sizeof(double));
	for (size_t t = 0; t < w->nparts; t++) {
		const struct cpart *c = &w->part[t];

		ksum_add(ll, c->ll.sum);
		ksum_add(ll, c->ll.c);
		for (size_t a = 0; a < p; a++)
			w->score[a] += c->score[a];
		for (size_t a = 0; a < p2; a++)
			w->info[a] += c->info[a];
		if (third)
			for (size_t a = 0; a < p; a++)
				w->g[a] += c->g[a];
	}
}

/* The solver's eval (struct nr_model): the (with Firth, penalized)
 * conditional log-likelihood at beta, with the score and the information
 * (the conditional covariance of s) summed over strata and the factor of
 * the information in l. For Firth with exact, also g, the third cumulants
 * contracted with the inverse information at beta (a first pass finds the
 * information, a second the contraction; else g is left as it was). With
 * at_beta, the information and its factor l are those of an evaluation at
 * this very beta already (the passes are deterministic: the same numbers
 * to the bit), and the first pass is spared. -1 when the information is
 * singular. */
static int clogit_eval(void *ctx, const double *beta, int exact, int at_beta,
		       double *l, double *loglik)
{
	struct cwork *w = ctx;
	int third = w->firth && exact;
	struct ksum ll;

	if (third && !at_beta) {
		clogit_pass(w, beta, 0, &ll);
		if (w->failed || cholesky(w->info, w->p, l) < 0)
			return -1;
	}
	if (third)
		chol_inverse(l, w->p, w->a, w->col);
	clogit_pass(w, beta, third, &ll);
	if (w->failed || cholesky(w->info, w->p, l) < 0)
		return -1;
	*loglik = ksum_value(&ll);
	if (w->firth)
		*loglik += 0.5 * chol_logdet(l, w->p);
	return 0;
}

/* The score summed by the last evaluation; for Firth, Heinze and Puhr's
 * U* = U + 1/2 tr(I^-1 dI/dbeta_c), the trace contracted in the last
 * exact evaluation. */
static void clogit_score(void *ctx, const double *inv, double *score)
{
	const struct cwork *w = ctx;

	(void)inv;
	for (size_t c = 0; c < w->p; c++)
		score[c] = w->firth ? w->score[c] + 0.5 * w->g[c] : w->score[c];
}

/* The number of threads: $CRAMPLOG_THREADS when set, else one per
 * processor, at most CLOGIT_MAX_THREADS, and one for small problems. */
static size_t clogit_threads(double work)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = config_threads();

	/* Set by the user: 1 to CLOGIT_MAX_THREADS, whatever the work. */
	if (n)
		return n > CLOGIT_MAX_THREADS ? CLOGIT_MAX_THREADS : (size_t)n;
	if (work < 1e6 || cpus < 2)
		return 1;
	return cpus > CLOGIT_MAX_THREADS ? CLOGIT_MAX_THREADS : (size_t)cpus;
}

/* The shares of a fit of p terms whose strata's rows times their events
 * sum to work: as many as the work (each costs about p^2) is worth. */
static size_t clogit_nparts(size_t p, double work)
{
	return clogit_threads(work * (double)(p * (p + 1) / 2 + p * p));
}

/* w's arrays for n rows at a time in xc of p columns, strata of at most
 * maxm events, and its shares (clogit_nparts); with every row in xc, its
 * strata shared out among them. */
static void cwork_alloc(struct cwork *w, size_t n, size_t p, size_t maxm,
			double work)
{
	size_t p2 = p * p, np2 = p * (p + 1) / 2;
	size_t pw = conv_width(p), np2w = conv_width(np2);
	size_t per_part = (maxm + 1) * (1 + pw + np2w) + (maxm + 1) * (1 + pw) +
			  np2 + p + p + p2 + p + p + p2 + p + 4 * (maxm + 1) +
			  5 * pw + np2w + (maxm + 1) * pw;
	size_t total, itotal = 2 * np2 + p2, k = 0;
	double *m;
	size_t *ix;

	w->nparts = clogit_nparts(p, work);
	if (!w->src && w->nparts > w->nstrata)
		w->nparts = w->nstrata ? w->nstrata : 1;
	total = n * p + n + w->nparts * per_part + 2 * p2 + 3 * p;
	m = xmalloc(total * sizeof(double));
	ix = xmalloc(itotal * sizeof(size_t));
	w->np2 = np2;
	w->pw = pw;
	w->np2w = np2w;
	w->maxm = maxm;
	w->xc = m;
	w->yc = w->xc + n * p;
	m = w->yc + n;
	for (size_t t2 = 0; t2 < w->nparts; t2++) {
		struct cpart *c = &w->part[t2];

		c->w = w;
		c->b0 = m;
		c->b1 = c->b0 + (maxm + 1);
		c->b2 = c->b1 + (maxm + 1) * pw;
		c->bq = c->b2 + (maxm + 1) * np2w;
		c->bqc = c->bq + (maxm + 1);
		c->xx = c->bqc + (maxm + 1) * pw;
		c->ax = c->xx + np2;
		c->mu = c->ax + p;
		c->e2 = c->mu + p;
		c->eqc = c->e2 + p2;
		c->score = c->eqc + p;
		c->info = c->score + p;
		c->g = c->info + p2;
		c->cf = c->g + p;
		c->g1 = c->cf + 4 * (maxm + 1);
		c->g2 = c->g1 + 5 * pw;
		c->y2 = c->g2 + np2w;
		m = c->y2 + (maxm + 1) * pw;
		/* Its padding, never written. */
		memset(c->y2, 0, (maxm + 1) * pw * sizeof(double));
	}
	if (!w->src)
		split_parts(w);
	w->score = m;
	w->info = w->score + p;
	w->g = w->info + p2;
	w->a = w->g + p;
	/* No third cumulants before the first exact evaluation. */
	memset(w->g, 0, p * sizeof(double));
	w->col = w->a + p2;
	w->pair_a = ix;
	w->pair_b = w->pair_a + np2;
	w->pair_of = w->pair_b + np2;
	for (size_t a = 0; a < p; a++)
		for (size_t b = a; b < p; b++, k++) {
			w->pair_a[k] = a;
			w->pair_b[k] = b;
			w->pair_of[a * p + b] = w->pair_of[b * p + a] = k;
		}
}

/* Fits w's strata (rows copied and centred) and releases w. */
static int clogit_solve(struct cwork *w, struct stats_fit *fit,
			struct diag *d)
{
	int firth = w->firth;
	/* For Firth, the third cumulants (most of an evaluation's cost) are
	 * computed afresh only once the steps are small: far from the
	 * optimum a step from the last ones still climbs, and the penalized
	 * likelihood that decides each step is always exact. */
	struct nr_model model = { .ctx = w, .eval = clogit_eval,
				  .score = clogit_score, .penalized = firth,
				  .lazy = firth,
				  .unjudged = w->src ? w->src->unjudged : 0 };
	int rc;

	if (!w->src)
		clogit_centre(w);
	rc = !w->failed && (w->nstrata || w->src) ? nr_solve(&model, fit) :
	     -1;
	free(w->xc);
	free(w->cnt);
	free(w->pair_a);
	free(w->strata);
	free(w->plan);
	free(w->sbuf);
	free(w->sstrata);
	if (w->failed)
		return source_failed(w->src, fit, d);
	return rc < 0 ? fit_failed(fit, d, "no athlete has both sessions with "
				   "and without a cramp, or a factor does not "
				   "vary within athletes") : 0;
}

int stats_clogit(const double *x, const double *y, const int64_t *stratum,
		 size_t n, size_t p, enum stats_method method,
		 struct stats_fit *fit, struct diag *d)
{
	size_t *order, *tmp, maxm = 0;
	struct cwork w = { .p = p, .firth = method == STATS_FIRTH };

	fit_alloc(fit, p);
	order = xmalloc((n ? n : 1) * sizeof(*order));
	tmp = xmalloc((n ? n : 1) * sizeof(*tmp));
	w.strata = xmalloc((n ? n : 1) * sizeof(*w.strata));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_indices(order, tmp, n, stratum);
	/* The strata that carry information: some rows with the event, some
	 * without. */
	for (size_t i = 0; i < n;) {
		size_t j = i, m = 0;

		while (j < n && stratum[order[j]] == stratum[order[i]])
			m += y[order[j++]] != 0;
		if (stratum_counted(fit, j - i, m, &maxm)) {
			w.strata[w.nstrata].start = i;   /* in order; fixed below */
			w.strata[w.nstrata].n = j - i;
			w.strata[w.nstrata].sessions = j - i;
			w.strata[w.nstrata].m = m;
			w.nstrata++;
		}
		i = j;
	}
	cwork_alloc(&w, fit->n, p, maxm, strata_work(&w));
	/* Copy the used rows. */
	for (size_t k = 0, r = 0; k < w.nstrata; k++) {
		struct stratum *s = &w.strata[k];
		size_t from = s->start;

		s->start = r;
		for (size_t i = 0; i < s->n; i++, r++) {
			memcpy(w.xc + r * p, x + order[from + i] * p, p * sizeof(double));
			w.yc[r] = y[order[from + i]] != 0;
		}
	}
	free(order);
	free(tmp);
	return clogit_solve(&w, fit, d);
}

int stats_by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The streamed shares (struct cwork's stream): the plan split among
 * them, and each one's block of w->cap / nparts rows and its stage of
 * 64 KiB of the source's rows. */
static void stream_alloc(struct cwork *w)
{
	size_t p = w->p, bcap = w->cap / w->nparts, stride = w->src->stride;
	size_t stage = 65536 / (stride * sizeof(double));
	size_t each;
	double *m;

	stage = stage ? stage : 1;
	each = bcap * p + bcap + stage * stride + stage;
	w->sbuf = m = xmalloc(w->nparts * each * sizeof(double));
	w->sstrata = xmalloc(w->nparts * (bcap / 2 + 1) * sizeof(*w->sstrata));
	split_plan(w);
	for (size_t t = 0; t < w->nparts; t++) {
		struct cpart *c = &w->part[t];

		c->bcap = bcap;
		c->stage_rows = stage;
		c->bxc = m;
		c->byc = c->bxc + bcap * p;
		c->stage = c->byc + bcap;
		c->ystage = c->stage + stage * stride;
		m = c->ystage + stage;
		c->bstrata = w->sstrata + t * (bcap / 2 + 1);
		c->xc = c->bxc;
		c->yc = c->byc;
		c->strata = c->bstrata;
	}
}

int stats_clogit_rows(const struct stats_rows *src, size_t p,
		      enum stats_method method, struct stats_fit *fit,
		      struct diag *d)
{
	struct cwork w = { .p = p, .firth = method == STATS_FIRTH, .src = src };
	size_t maxm = 0, maxn = 0, alloc = 0, count, rows = 0, nparts;
	double work = 0, *seen;
	const double *x, *y;
	int more;

	fit_alloc(fit, p);
	/* The plan: each stratum's rows and events, in the source's order. */
	if (src->rewind(src->ctx) < 0) {
		w.failed = 1;
		return clogit_solve(&w, fit, d);
	}
	while ((more = src->next(src->ctx, &x, &y, &count)) > 0) {
		for (size_t i = 0; i < count; i++) {
			double s = x[i * src->stride + src->column];

			if (w.nplan == 0 || s != w.plan[w.nplan - 1].stratum) {
				if (w.nplan == alloc) {
					alloc = alloc ? 2 * alloc : 256;
					w.plan = xreallocarray(w.plan, alloc,
							       sizeof(*w.plan));
				}
				w.plan[w.nplan++] = (struct cplan){
					.first = rows, .stratum = s };
			}
			w.plan[w.nplan - 1].n++;
			w.plan[w.nplan - 1].m += y[i] != 0;
			rows++;
		}
	}
	if (more < 0) {
		w.failed = 1;
		return clogit_solve(&w, fit, d);
	}
	/* Each stratum's rows together: no stratum twice in the plan. */
	seen = xmalloc((w.nplan ? w.nplan : 1) * sizeof(*seen));
	for (size_t k = 0; k < w.nplan; k++)
		seen[k] = w.plan[k].stratum;
	qsort(seen, w.nplan, sizeof(*seen), stats_by_double);
	for (size_t k = 1; k < w.nplan; k++)
		if (seen[k] == seen[k - 1]) {
			free(seen);
			free(w.plan);
			stats_fit_release(fit);
			return diag_error(d, "the rows of a conditional fit's "
					  "stratum are not together");
		}
	free(seen);
	for (size_t k = 0; k < w.nplan; k++) {
		const struct cplan *pl = &w.plan[k];

		if (!stratum_counted(fit, pl->n, pl->m, &maxm))
			continue;
		work += (double)pl->n * (double)pl->m;
		maxn = pl->n > maxn ? pl->n : maxn;
	}
	if (!fit->strata) {
		free(w.plan);
		return fit_failed(fit, d, "no athlete has both sessions with "
				  "and without a cramp, or a factor does not "
				  "vary within athletes");
	}
	/* A block of src->block rows, or the largest stratum's, or all. */
	w.cap = src->block > maxn ? src->block : maxn;
	w.cap = w.cap < fit->n ? w.cap : fit->n;
	/* Streamed when the shares can each hold the largest stratum within
	 * the block's rows between them: then no block of the shared reader
	 * is held, nor its strata. */
	nparts = clogit_nparts(p, work);
	w.stream = src->read_at && nparts > 1 && w.cap / nparts >= maxn;
	/* At most one stratum in two rows: each has rows with and without
	 * the event. */
	w.strata = xmalloc((w.stream ? 1 : w.cap / 2 + 1) * sizeof(*w.strata));
	cwork_alloc(&w, w.stream ? 0 : w.cap, p, maxm, work);
	if (w.stream)
		stream_alloc(&w);
	return clogit_solve(&w, fit, d);
}

static int by_count_desc(const void *a, const void *b, void *ctx)
{
	const uint64_t *count = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (count[i] != count[j])
		return count[i] > count[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/*
 * The order a stratum's n counted rows are added in (stratum_moments):
 * the largest first, where its copies cost one term per size, the
 * second largest last, where only the subsets of size m are wanted, the
 * others between them (an insertion sort: a stratum has few patterns).
 */
static void count_order(const uint64_t *count, size_t n, size_t *order)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = i;

		for (; k > 0 && by_count_desc(&i, &order[k - 1], (void *)count) < 0; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	if (n > 2) {
		size_t second = order[1];

		memmove(order + 1, order + 2, (n - 2) * sizeof(*order));
		order[n - 1] = second;
	}
}

int stats_clogit_counts(const double *x, const uint64_t *sessions,
			const uint64_t *events, const int64_t *stratum,
			size_t n, size_t p, enum stats_method method,
			struct stats_fit *fit, struct diag *d)
{
	size_t maxm = 0, rows = 0, *order;
	struct cwork w = { .p = p, .firth = method == STATS_FIRTH };

	fit_alloc(fit, p);
	w.strata = xmalloc((n ? n : 1) * sizeof(*w.strata));
	for (size_t i = 0; i < n;) {
		size_t j = i;
		uint64_t all = 0, m = 0;

		for (; j < n && stratum[j] == stratum[i]; j++) {
			all += sessions[j];
			m += events[j];
		}
		if (stratum_counted(fit, (size_t)all, (size_t)m, &maxm)) {
			w.strata[w.nstrata].start = i;
			w.strata[w.nstrata].n = j - i;
			w.strata[w.nstrata].sessions = (size_t)all;
			w.strata[w.nstrata].m = (size_t)m;
			w.nstrata++;
			rows += j - i;
		}
		i = j;
	}
	cwork_alloc(&w, rows, p, maxm, strata_work(&w));
	w.cnt = xmalloc((rows ? rows : 1) * sizeof(*w.cnt));
	order = xmalloc((n ? n : 1) * sizeof(*order));
	for (size_t k = 0, r = 0; k < w.nstrata; k++) {
		struct stratum *s = &w.strata[k];
		size_t from = s->start;

		s->start = r;
		count_order(sessions + from, s->n, order);
		for (size_t i = 0; i < s->n; i++, r++) {
			size_t o = from + order[i];

			memcpy(w.xc + r * p, x + o * p, p * sizeof(double));
			w.yc[r] = (double)events[o];
			w.cnt[r] = (double)sessions[o];
		}
	}
	free(order);
	return clogit_solve(&w, fit, d);
}

/*
 * Q(df) by the recurrence Q(k + 2) = Q(k) + e^(-x/2) (x/2)^(k/2) /
 * Gamma(k/2 + 1), from Q(1) = erfc(sqrt(x/2)) and Q(2) = e^(-x/2)
 * (Abramowitz and Stegun 26.4.4 and 26.4.5).
 */
double stats_pchisq_upper(double x, int df)
{
	double q, term;
	int k;

	if (isnan(x) || df < 1)
		return NAN;
	if (x <= 0)
		return 1;
	if (df % 2) {
		q = erfc(sqrt(x / 2));
		term = exp(-x / 2) * sqrt(2 * x / M_PI);
		k = 1;
	} else {
		q = exp(-x / 2);
		term = q * (x / 2);
		k = 2;
	}
	for (; k < df; k += 2) {
		q += term;
		term *= (x / 2) / ((double)k / 2 + 1);
	}
	return q;
}

/* The values of an array in order (struct stats_sorted's at). */
static double array_at(void *ctx, size_t i)
{
	return ((const double *)ctx)[i];
}

/* The p-quantile of the n values of s from rank from on, R's type 7 in
 * its own arithmetic (quantile.default: index = 1 + (n - 1) p, then
 * (1 - h) x[lo] + h x[hi] where they differ), so that ties of knots
 * fall as R's do to the last bit. */
static double quantile_in(const struct stats_sorted *s, size_t from, size_t n,
			  double p)
{
	double index, lo, a, b, h;
	size_t i;

	if (n == 0)
		return NAN;
	index = 1 + (double)(n - 1) * p;
	lo = floor(index);
	i = (size_t)lo - 1;
	if (i + 1 >= n)
		return s->at(s->ctx, from + n - 1);
	a = s->at(s->ctx, from + i);
	if (!(index > lo))
		return a;
	b = s->at(s->ctx, from + i + 1);
	if (b == a)
		return a;
	h = index - lo;
	return (1 - h) * a + h * b;
}

/* R's seq(from, to, length.out = n)[j + 1]: the ends exact, the others
 * from + j (to - from) / (n - 1). */
static double r_seq(double from, double to, int n, int j)
{
	if (j == 0)
		return from;
	if (j == n - 1)
		return to;
	return from + j * ((to - from) / (n - 1));
}

double stats_quantile_of(const struct stats_sorted *s, double p)
{
	return quantile_in(s, 0, s->n, p);
}

double stats_quantile(const double *sorted, size_t n, double p)
{
	struct stats_sorted s = { n, array_at, (void *)sorted };

	return quantile_in(&s, 0, n, p);
}

/* v[0..n - 1] in increasing order (a few values: insertion). */
static void sort_small(double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* How many distinct values v[0..n - 1] holds. */
static int distinct_count(const double *v, int n)
{
	int count = 0;

	for (int i = 0; i < n; i++) {
		int seen = 0;

		for (int j = 0; j < i && !seen; j++)
			seen = v[j] == v[i];
		count += !seen;
	}
	return count;
}

/* rcspline.eval's knots between the ends (first, last: NaN when none)
 * over the nn values of s from rank from on, nke of them: quantiles
 * evenly from outer to 1 - outer; where ties leave fewer than 3 distinct
 * (or nke), Hmisc's alternate algorithm: 2 nke quantiles, failing that,
 * with a first knot, three about the middle. Their number, or -1 when
 * the ties leave too few still. */
static int inner_knots(const struct stats_sorted *s, size_t from, size_t nn,
		       int nke, double outer, double first, double last,
		       double *inner)
{
	int ninner = 2 * nke;

	for (int j = 0; j < nke; j++)
		inner[j] = quantile_in(s, from, nn, nke == 2 ?
				       r_seq(0.5, 1 - outer, nke, j) :
				       r_seq(outer, 1 - outer, nke, j));
	if (distinct_count(inner, nke) >= (nke < 3 ? nke : 3))
		return nke;
	for (int j = 0; j < ninner; j++)
		inner[j] = quantile_in(s, from, nn,
				       r_seq(outer, 1 - outer, ninner, j));
	if (!isnan(first) && distinct_count(inner, ninner) < 3) {
		/* sort(c(first, middle, last or the 1 - outer quantile)) */
		inner[0] = first;
		inner[1] = !isnan(last) ? (first + last) / 2 :
			   quantile_in(s, from, nn, 0.5);
		inner[2] = !isnan(last) ? last :
			   quantile_in(s, from, nn, 1 - outer);
		ninner = 3;
		sort_small(inner, 3);
	}
	return distinct_count(inner, ninner) < 3 ? -1 : ninner;
}

/* R's sort(unique(knots)) of the m values of k (NA, NaN here, dropped)
 * into knots; -1 after a message for fewer than 3, or more than
 * STATS_RCS_MAX_KNOTS. */
static int unique_knots(double *k, int m, double *knots, int *nknots,
			struct diag *d)
{
	int kept = 0;

	for (int i = 0; i < m; i++)
		if (!isnan(k[i]))
			k[kept++] = k[i];
	sort_small(k, kept);
	*nknots = 0;
	for (int i = 0; i < kept; i++)
		if (i == 0 || k[i] != k[i - 1]) {
			if (*nknots == STATS_RCS_MAX_KNOTS)
				return diag_error(d, "the values' ties give more "
						  "than %d knots",
						  STATS_RCS_MAX_KNOTS);
			knots[(*nknots)++] = k[i];
		}
	if (*nknots < 3)
		return diag_error(d, "too few distinct values for a spline "
				  "(%d knots)", *nknots);
	return 0;
}

/* The value of rank i in s. */
#define AT(i) (s->at(s->ctx, (i)))

int stats_rcs_knots_of(const struct stats_sorted *s, int asked,
		       double *knots, int *nknots, struct diag *d)
{
	const double fractied = 0.05;
	double outer = asked > 3 ? 0.05 : 0.1, first = NAN, last = NAN;
	/* As R's knots before sort(unique()): the alternate algorithm's 2 nke
	 * quantiles and the ends; NaN for R's NA. */
	double k[2 * STATS_RCS_MAX_KNOTS + 2];
	size_t n = s->n, nxu = 0, from = 0, to = n, max_inner = 0;
	size_t lo_count = 0, hi_count = 0;
	int nke = asked, m = 0;

	if (asked < 3 || asked > STATS_RCS_MAX_KNOTS)
		return diag_error(d, "a spline has 3 to %d knots, not %d",
				  STATS_RCS_MAX_KNOTS, asked);
	if (n < 6)
		return diag_error(d, "a spline needs at least 6 values, not %zu", n);
	/* The distinct values, and how many rows hold the first, the last
	 * and the most frequent of the others. */
	for (size_t i = 0; i < n;) {
		/* From the next: a value that could not be read (NaN, s
		 * failed) is never equal, and the scan still moves on. */
		size_t j = i + 1;
		double v = AT(i);

		while (j < n && AT(j) == v)
			j++;
		if (i == 0)
			lo_count = j - i;
		else if (j == n)
			hi_count = j - i;
		else if (j - i > max_inner)
			max_inner = j - i;
		nxu++;
		i = j;
	}
	if (nxu <= (size_t)asked + 2) {
		/* The interior distinct values (the ends read once: s may
		 * read its values from a file, in order). */
		double lowest = AT(0), highest = AT(n - 1);

		for (size_t i = 0; i < n; i++) {
			double v = AT(i);

			if (v != lowest && v != highest &&
			    (m == 0 || v != k[m - 1]) && m < STATS_RCS_MAX_KNOTS)
				k[m++] = v;
		}
	} else {
		int override_first = 0, override_last = 0;

		if ((double)max_inner / (double)n < fractied) {
			if ((double)lo_count / (double)n >= fractied) {
				/* The knot at the second distinct value, the
				 * quantiles among the values above it. */
				first = AT(lo_count);
				while (from < n && AT(from) <= first)
					from++;
				nke--;
				override_first = 1;
			}
			if ((double)hi_count / (double)n >= fractied) {
				size_t top = n - hi_count;

				last = AT(top - 1);
				while (to > from && AT(to - 1) >= last)
					to--;
				nke--;
				override_last = 1;
			}
		}
		if (!isnan(first))
			k[m++] = first;
		if (nke == 1) {
			k[m++] = quantile_in(s, from, to - from, 0.5);
		} else {
			double inner[2 * STATS_RCS_MAX_KNOTS];
			size_t nn = to - from;
			int ninner = inner_knots(s, from, nn, nke, outer, first,
						 last, inner);

			if (ninner < 0)
				return diag_error(d, "too many tied values to "
						  "place %d knots", asked);
			if (nn < 100) {
				/* R's knots[1] and knots[nke], whatever their
				 * number (NA between, past the end). */
				if (!override_first)
					inner[0] = AT(from + 4);
				if (!override_last) {
					for (int j = ninner; j < nke - 1; j++)
						inner[j] = NAN;
					if (ninner < nke)
						ninner = nke;
					inner[nke - 1] = AT(to - 5);
				}
			}
			for (int j = 0; j < ninner; j++)
				k[m++] = inner[j];
		}
		if (!isnan(last))
			k[m++] = last;
	}
	return unique_knots(k, m, knots, nknots, d);
}

#undef AT

int stats_rcs_knots(const double *sorted, size_t n, int asked,
		    double *knots, int *nknots, struct diag *d)
{
	struct stats_sorted s = { n, array_at, (void *)sorted };

	return stats_rcs_knots_of(&s, asked, knots, nknots, d);
}

static double cube_pos(double x)
{
	return x > 0 ? x * x * x : 0;
}

/* rcspline.eval's terms: with kd = (t_k - t_1)^(2/3),
 * ((x - t_j)/kd)+^3 + ((t_k-1 - t_j) ((x - t_k)/kd)+^3
 * - (t_k - t_j) ((x - t_k-1)/kd)+^3) / (t_k - t_k-1). */
void stats_rcs_basis(double x, const double *knots, int nknots, double *out)
{
	double tk = knots[nknots - 1], tk1 = knots[nknots - 2];
	double kd = pow(tk - knots[0], 2.0 / 3);

	out[0] = x;
	for (int j = 0; j < nknots - 2; j++)
		out[j + 1] = cube_pos((x - knots[j]) / kd) +
			     ((tk1 - knots[j]) * cube_pos((x - tk) / kd) -
			      (tk - knots[j]) * cube_pos((x - tk1) / kd)) /
			     (tk - tk1);
}
