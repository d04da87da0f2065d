/*
 * The analysis (see analysis.h): 2x2 tables per factor over the sessions
 * where the factor is known, Benjamini-Hochberg across them, and the
 * multivariable model over the complete cases: of the flags, or of the
 * continuous exposures per their steps, one of them as a restricted cubic
 * spline.
 */
#include "analysis.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void analysis_options_init(struct analysis_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	for (int f = 0; f < FACTOR_COUNT; f++)
		opt->factor_on[f] = 1;
	for (int v = 0; v < VALUE_COUNT; v++)
		opt->value_on[v] = 1;
	opt->design = DESIGN_POOLED;
	opt->method = STATS_FIRTH;
	opt->terms = TERMS_FLAGS;
	opt->spline = VALUE_COUNT;
	opt->knots = 4;
}

/* The names a list may hold, for the message about one that is none. */
static void name_list(struct diag *d, const char *p, size_t len, int continuous)
{
	char names[256] = "";
	size_t used = 0;
	int count = continuous ? VALUE_COUNT : FACTOR_ALL;

	for (int i = 0; i < count && used < sizeof(names); i++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
					 i ? ", " : "",
					 continuous ? exposure_value_name((enum exposure_value)i) :
					 exposure_factor_name((enum factor)i));
	diag_error(d, "unknown %s '%.*s' (the %s: %s)",
		   continuous ? "continuous exposure" : "factor", (int)len, p,
		   continuous ? "continuous exposures" : "factors", names);
}

int analysis_set_factors(struct analysis_options *opt, const char *list,
			 struct diag *d)
{
	int on[ANALYSIS_MAX_TERMS] = { 0 };
	int any = 0, continuous = opt->terms == TERMS_CONTINUOUS;
	const char *p = list;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int k;

		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		if (continuous) {
			k = (int)exposure_value_from_name(p, len);
			if (k == VALUE_COUNT)
				k = -1;
		} else {
			k = (int)exposure_factor_from_name(p, len);
			if (k == FACTOR_ALL)
				k = -1;
		}
		if (k < 0) {
			name_list(d, p, len, continuous);
			return -1;
		}
		on[k] = 1;
		any = 1;
		if (!end)
			break;
		p = end + 1;
	}
	if (!any)
		return diag_error(d, "no factor given");
	if (continuous)
		memcpy(opt->value_on, on, sizeof(opt->value_on));
	else
		memcpy(opt->factor_on, on, sizeof(opt->factor_on));
	return 0;
}

static void factor_tables(const struct exposure_table *t,
			  const struct analysis_options *opt,
			  struct analysis_result *out)
{
	for (int f = 0; f < FACTOR_ALL; f++) {
		struct factor_result *r;

		if (!opt->factor_on[f])
			continue;
		r = &out->factors[out->nfactors++];
		memset(r, 0, sizeof(*r));
		r->factor = (enum factor)f;
		for (size_t i = 0; i < t->count; i++) {
			const struct session_exposure *e = &t->rows[i];

			if (e->flag[f] == FLAG_TRUE) {
				r->exposed_sessions++;
				r->exposed_cramps += e->cramp != 0;
			} else if (e->flag[f] == FLAG_FALSE) {
				r->unexposed_sessions++;
				r->unexposed_cramps += e->cramp != 0;
			} else {
				r->unknown_sessions++;
			}
		}
		stats_table(r->exposed_cramps, r->exposed_sessions - r->exposed_cramps,
			    r->unexposed_cramps,
			    r->unexposed_sessions - r->unexposed_cramps, &r->stats);
	}
}

/* A column of the model: a flag (1 or 0) or a continuous exposure divided
 * by its step. */
struct column {
	enum terms kind;
	int index;                     /* enum factor or enum exposure_value */
};

static double column_value(const struct session_exposure *e,
			   const struct column *c)
{
	if (c->kind == TERMS_FLAGS)
		return e->flag[c->index] == FLAG_UNKNOWN ? NAN :
		       e->flag[c->index] == FLAG_TRUE;
	return exposure_value_of(e, (enum exposure_value)c->index) /
	       exposure_value_unit((enum exposure_value)c->index);
}

static const char *column_name(const struct column *c)
{
	return c->kind == TERMS_FLAGS ? exposure_factor_name((enum factor)c->index) :
	       exposure_value_name((enum exposure_value)c->index);
}

/* The model's data: complete cases of the chosen columns (and of the
 * spline's exposure), the design matrix and what it holds. */
struct design_data {
	struct column chosen[ANALYSIS_MAX_TERMS], used[ANALYSIS_MAX_TERMS];
	size_t nchosen, nused;
	int spline;                    /* the last nknots - 1 columns are the
					* spline's basis */
	double *x, *y, *sx;            /* sx: the spline's values over its
					* step, sorted */
	double unit;                   /* the spline exposure's step */
	double knots[STATS_RCS_MAX_KNOTS];   /* over the step */
	double scale[ANALYSIS_MAX_TERMS + 1];   /* each column's divisor */
	int64_t *stratum;
	size_t n, p;
	int intercept;
};

static int complete_case(const struct session_exposure *e,
			 const struct design_data *dd,
			 const struct analysis_options *opt)
{
	for (size_t k = 0; k < dd->nchosen; k++)
		if (isnan(column_value(e, &dd->chosen[k])))
			return 0;
	return !dd->spline || !isnan(exposure_value_of(e, opt->spline));
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void design_release(struct design_data *dd)
{
	free(dd->x);
	free(dd->y);
	free(dd->sx);
	free(dd->stratum);
}

/*
 * Standardizes the continuous columns (and the spline's): centred on
 * their means and divided by their standard deviations, so that every
 * coefficient is per SD while fitting. A coefficient beyond 15 (an odds
 * ratio of 3 million) then means separation whatever the units, as it
 * does for a flag; a spline's coefficients per unit can be 20 without
 * anything wrong. fit_unscale puts the fit back per unit.
 */
static void standardize(struct design_data *dd)
{
	for (size_t col = (size_t)dd->intercept; col < dd->p; col++) {
		size_t k = col - (size_t)dd->intercept;
		double mean = 0, ss = 0;

		dd->scale[col] = 1;
		if (k < dd->nused && dd->used[k].kind == TERMS_FLAGS)
			continue;
		for (size_t i = 0; i < dd->n; i++)
			mean += dd->x[i * dd->p + col];
		mean /= (double)dd->n;
		for (size_t i = 0; i < dd->n; i++) {
			double v = dd->x[i * dd->p + col] - mean;

			dd->x[i * dd->p + col] = v;
			ss += v * v;
		}
		if (ss > 0) {
			dd->scale[col] = sqrt(ss / (double)dd->n);
			for (size_t i = 0; i < dd->n; i++)
				dd->x[i * dd->p + col] /= dd->scale[col];
		}
	}
}

/* The fit of the standardized columns, per unit of the columns as built
 * (z and p values do not change). */
static void fit_unscale(const struct design_data *dd, struct stats_fit *fit)
{
	size_t p = fit->p;

	for (size_t j = 0; j < p; j++) {
		double s = dd->scale[j];

		fit->beta[j] /= s;
		fit->se[j] /= s;
		fit->ci_low[j] /= s;
		fit->ci_high[j] /= s;
		for (size_t k = 0; k < p; k++)
			fit->cov[j * p + k] /= s * dd->scale[k];
	}
}

/*
 * The complete cases, the columns that vary among them (the others are
 * listed in m as dropped), the spline's knots, and the design matrix.
 * Sets m->reason when there is nothing to fit.
 */
static void build_design(const struct exposure_table *t,
			 const struct analysis_options *opt,
			 struct design_data *dd, struct model_result *m,
			 struct spline_result *sp)
{
	double lo[ANALYSIS_MAX_TERMS], hi[ANALYSIS_MAX_TERMS];
	size_t n = 0, nb = 0;

	dd->intercept = opt->design == DESIGN_POOLED;
	dd->spline = opt->spline < VALUE_COUNT;
	if (opt->terms == TERMS_FLAGS && !dd->spline) {
		for (int f = 0; f < FACTOR_ALL; f++)
			if (opt->factor_on[f])
				dd->chosen[dd->nchosen++] =
					(struct column){ TERMS_FLAGS, f };
	} else {
		for (int v = 0; v < VALUE_COUNT; v++)
			if (opt->value_on[v] && v != (int)opt->spline)
				dd->chosen[dd->nchosen++] =
					(struct column){ TERMS_CONTINUOUS, v };
	}
	for (size_t k = 0; k < dd->nchosen; k++) {
		lo[k] = INFINITY;
		hi[k] = -INFINITY;
	}
	for (size_t i = 0; i < t->count; i++) {
		const struct session_exposure *e = &t->rows[i];

		if (!complete_case(e, dd, opt))
			continue;
		n++;
		m->cramps += e->cramp != 0;
		for (size_t k = 0; k < dd->nchosen; k++) {
			double v = column_value(e, &dd->chosen[k]);

			lo[k] = fmin(lo[k], v);
			hi[k] = fmax(hi[k], v);
		}
	}
	m->sessions = n;
	for (size_t k = 0; k < dd->nchosen; k++) {
		if (lo[k] == hi[k]) {
			if (dd->chosen[k].kind == TERMS_FLAGS)
				m->dropped[m->ndropped] = (enum factor)dd->chosen[k].index;
			m->dropped_names[m->ndropped++] = column_name(&dd->chosen[k]);
		} else {
			dd->used[dd->nused++] = dd->chosen[k];
		}
	}
	if (n == 0) {
		m->reason = "no session has every chosen factor known";
		return;
	}
	if (m->cramps == 0 || m->cramps == n) {
		m->reason = m->cramps ? "every session used had a cramp" :
				       "no session used had a cramp";
		return;
	}
	if (dd->spline) {
		struct diag local = DIAG_INIT;
		size_t r = 0;

		dd->sx = xmalloc(n * sizeof(*dd->sx));
		/* On the exposure over its step, so that the basis is of a
		 * size the fit handles whatever the units (USG moves by
		 * thousandths). */
		dd->unit = exposure_value_unit(opt->spline);
		for (size_t i = 0; i < t->count; i++)
			if (complete_case(&t->rows[i], dd, opt))
				dd->sx[r++] = exposure_value_of(&t->rows[i], opt->spline) /
					      dd->unit;
		qsort(dd->sx, n, sizeof(*dd->sx), by_value);
		if (stats_rcs_knots(dd->sx, n, opt->knots, dd->knots, &sp->nknots,
				    &local) < 0) {
			diag_release(&local);
			m->reason = "the exposure has too few distinct values for "
				    "the spline's knots";
			return;
		}
		for (int k = 0; k < sp->nknots; k++)
			sp->knots[k] = dd->knots[k] * dd->unit;
		nb = (size_t)sp->nknots - 1;
		sp->median = stats_quantile(dd->sx, n, 0.5) * dd->unit;
	} else if (dd->nused == 0) {
		m->reason = "no chosen factor varies among the sessions used";
		return;
	}
	dd->n = n;
	dd->p = dd->nused + nb + (size_t)dd->intercept;
	dd->x = xmalloc(n * dd->p * sizeof(*dd->x));
	dd->y = xmalloc(n * sizeof(*dd->y));
	dd->stratum = xmalloc(n * sizeof(*dd->stratum));
	for (size_t i = 0, r = 0; i < t->count; i++) {
		const struct session_exposure *e = &t->rows[i];
		double *row = dd->x + r * dd->p;
		size_t col = 0;

		if (!complete_case(e, dd, opt))
			continue;
		if (dd->intercept)
			row[col++] = 1;
		for (size_t k = 0; k < dd->nused; k++)
			row[col++] = column_value(e, &dd->used[k]);
		if (dd->spline)
			stats_rcs_basis(exposure_value_of(e, opt->spline) / dd->unit,
					dd->knots, sp->nknots, row + col);
		dd->y[r] = e->cramp != 0;
		dd->stratum[r] = e->athlete_id;
		r++;
	}
	standardize(dd);
}

static int fit_design(const struct design_data *dd, const double *x, size_t p,
		      const struct analysis_options *opt,
		      enum stats_method method, struct stats_fit *fit)
{
	struct diag local = DIAG_INIT;
	int rc;

	if (opt->design == DESIGN_POOLED)
		rc = stats_logit(x, dd->y, dd->n, p, method, fit, &local);
	else
		rc = stats_clogit(x, dd->y, dd->stratum, dd->n, p, method,
				  fit, &local);
	diag_release(&local);
	if (rc == 0)
		fit_unscale(dd, fit);
	return rc;
}

/*
 * The spline's curve and its test: the odds ratio at each grid value
 * against the median, Wald from the basis' covariance, and the model
 * refitted with the exposure as a straight line (its non-linear columns
 * left out) for the likelihood ratio.
 */
static void spline_curve(const struct design_data *dd,
			 const struct analysis_options *opt,
			 const struct stats_fit *fit, struct spline_result *sp)
{
	size_t nb = (size_t)sp->nknots - 1, s0 = dd->p - nb, pl = s0 + 1;
	double bm[STATS_RCS_MAX_KNOTS], bg[STATS_RCS_MAX_KNOTS];
	double from = stats_quantile(dd->sx, dd->n, 0.01);
	double to = stats_quantile(dd->sx, dd->n, 0.99);
	double median = stats_quantile(dd->sx, dd->n, 0.5);
	struct stats_fit lin, full;
	double *xl;

	for (size_t j = 0; j < nb; j++) {
		sp->beta[j] = fit->beta[s0 + j];
		sp->se[j] = fit->se[s0 + j];
	}
	stats_rcs_basis(median, dd->knots, sp->nknots, bm);
	for (int g = 0; g < SPLINE_GRID; g++) {
		struct spline_point *pt = &sp->grid[g];
		double v = from + (to - from) * g / (SPLINE_GRID - 1);
		double eta = 0, var = 0, se;

		pt->value = v * dd->unit;
		stats_rcs_basis(v, dd->knots, sp->nknots, bg);
		for (size_t j = 0; j < nb; j++) {
			eta += (bg[j] - bm[j]) * fit->beta[s0 + j];
			for (size_t k = 0; k < nb; k++)
				var += (bg[j] - bm[j]) * (bg[k] - bm[k]) *
				       fit->cov[(s0 + j) * dd->p + s0 + k];
		}
		se = sqrt(var > 0 ? var : 0);
		pt->odds_ratio = exp(eta);
		pt->ci_low = exp(eta - STATS_Z975 * se);
		pt->ci_high = exp(eta + STATS_Z975 * se);
	}
	sp->df = sp->nknots - 2;
	sp->loglik = sp->loglik_linear = sp->lr_chisq = sp->nonlinearity_p = NAN;
	xl = xmalloc(dd->n * pl * sizeof(*xl));
	for (size_t i = 0; i < dd->n; i++)
		memcpy(xl + i * pl, dd->x + i * dd->p, pl * sizeof(*xl));
	/* The test compares maximum likelihoods, as glm's anova: Firth's
	 * penalty differs between models of different sizes. */
	if (fit_design(dd, dd->x, dd->p, opt, STATS_MLE, &full) == 0) {
		if (full.converged && !full.separation &&
		    fit_design(dd, xl, pl, opt, STATS_MLE, &lin) == 0) {
			if (lin.converged && !lin.separation) {
				sp->loglik = full.loglik;
				sp->loglik_linear = lin.loglik;
				sp->lr_chisq = fmax(0, 2 * (full.loglik - lin.loglik));
				sp->nonlinearity_p = stats_pchisq_upper(sp->lr_chisq,
									sp->df);
			}
			stats_fit_release(&lin);
		}
		stats_fit_release(&full);
	}
	free(xl);
	sp->fitted = 1;
}

/* The model over the complete cases: sessions where every chosen factor
 * (or exposure) is known. Those constant among them are left out (and
 * listed). */
static void fit_model(const struct exposure_table *t,
		      const struct analysis_options *opt,
		      struct model_result *m, struct spline_result *sp)
{
	struct design_data dd;
	struct stats_fit fit;
	int usable;

	memset(&dd, 0, sizeof(dd));
	m->design = opt->design;
	m->method = opt->method;
	sp->value = opt->spline;
	build_design(t, opt, &dd, m, sp);
	if (m->reason) {
		design_release(&dd);
		return;
	}
	if (fit_design(&dd, dd.x, dd.p, opt, opt->method, &fit) < 0) {
		/* Not fittable is a result, not a failure. */
		m->reason = opt->design == DESIGN_WITHIN ?
			    "no athlete has both sessions with and without a "
			    "cramp among the sessions used, or a factor does not "
			    "vary within athletes" :
			    "the factors repeat one another among the sessions used";
		design_release(&dd);
		return;
	}
	m->fitted = 1;
	m->converged = fit.converged;
	m->separation = fit.separation;
	if (opt->design == DESIGN_WITHIN) {
		m->athletes = fit.strata;
		m->athletes_skipped = fit.strata_skipped;
		m->sessions = fit.n;
		m->cramps = fit.events;
	}
	m->coefficients = dd.p - (size_t)dd.intercept;
	m->events_per_coefficient = (double)m->cramps / (double)m->coefficients;
	usable = fit.converged && !fit.separation;
	for (size_t k = 0; k < dd.nused; k++) {
		struct term_result *term = &m->terms[m->nterms++];
		size_t j = k + (size_t)dd.intercept;

		term->name = column_name(&dd.used[k]);
		term->factor = dd.used[k].kind == TERMS_FLAGS ?
			       (enum factor)dd.used[k].index : FACTOR_ALL;
		term->value = dd.used[k].kind == TERMS_CONTINUOUS ?
			      (enum exposure_value)dd.used[k].index : VALUE_COUNT;
		term->unit = dd.used[k].kind == TERMS_CONTINUOUS ?
			     exposure_value_unit(term->value) : NAN;
		term->odds_ratio = usable ? exp(fit.beta[j]) : NAN;
		term->ci_low = usable ? exp(fit.ci_low[j]) : NAN;
		term->ci_high = usable ? exp(fit.ci_high[j]) : NAN;
		term->p = usable ? fit.pvalue[j] : NAN;
	}
	if (fit.separation)
		m->reason = "separation: some estimates run off to infinity; "
			    "use the Firth model (--model firth)";
	else if (!fit.converged)
		m->reason = "the fit did not converge";
	if (dd.spline && usable)
		spline_curve(&dd, opt, &fit, sp);
	stats_fit_release(&fit);
	design_release(&dd);
}

void analysis_run(const struct exposure_table *t,
		 const struct analysis_options *opt,
		 struct analysis_result *out)
{
	double p[FACTOR_ALL], q[FACTOR_ALL];
	uint64_t *seen;

	memset(out, 0, sizeof(*out));
	out->window_days = t->window_days;
	out->sessions = t->count;
	for (size_t i = 0; i < t->count; i++)
		out->cramps += t->rows[i].cramp != 0;
	/* Athletes with a selected session. */
	seen = xcalloc(t->names_count ? t->names_count : 1, sizeof(*seen));
	for (size_t i = 0; i < t->count; i++)
		if (!seen[t->rows[i].athlete]++)
			out->athletes++;
	free(seen);
	if (opt->terms == TERMS_FLAGS && opt->spline == VALUE_COUNT)
		factor_tables(t, opt, out);
	for (size_t i = 0; i < out->nfactors; i++)
		p[i] = out->factors[i].stats.p_fisher;
	stats_bh_adjust(p, out->nfactors, q);
	for (size_t i = 0; i < out->nfactors; i++)
		out->factors[i].p_adjusted = q[i];
	fit_model(t, opt, &out->model, &out->spline);
}
