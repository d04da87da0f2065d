/*
 * The analysis (see analysis.h): 2x2 tables per factor over the sessions
 * where the factor is known, Benjamini-Hochberg across them, and the
 * multivariable model over the complete cases.
 */
#include "analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void analysis_options_init(struct analysis_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	for (int f = 0; f < FACTOR_COUNT; f++)
		opt->factor_on[f] = 1;
	opt->design = DESIGN_POOLED;
	opt->method = STATS_FIRTH;
}

int analysis_set_factors(struct analysis_options *opt, const char *list,
			 struct diag *d)
{
	int on[FACTOR_COUNT] = { 0 }, any = 0;
	const char *p = list;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		enum factor f;

		while (len && *p == ' ') {
			p++;
			len--;
		}
		while (len && p[len - 1] == ' ')
			len--;
		f = exposure_factor_from_name(p, len);
		if (f == FACTOR_COUNT)
			return diag_error(d, "unknown factor '%.*s' (the factors: "
					  "dehydration, low_sodium, low_potassium, "
					  "low_carbohydrate, tightness, high_load)",
					  (int)len, p);
		on[f] = 1;
		any = 1;
		if (!end)
			break;
		p = end + 1;
	}
	if (!any)
		return diag_error(d, "no factor given");
	memcpy(opt->factor_on, on, sizeof(on));
	return 0;
}

static void factor_tables(const struct exposure_table *t,
			  const struct analysis_options *opt,
			  struct analysis_result *out)
{
	for (int f = 0; f < FACTOR_COUNT; f++) {
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

/* The model over the complete cases: sessions where every chosen factor
 * is known. Factors constant among them are left out (and listed). */
static int fit_model(const struct exposure_table *t,
		     const struct analysis_options *opt,
		     struct model_result *m, struct diag *d)
{
	enum factor used[FACTOR_COUNT];
	size_t nused = 0, n = 0, p, col;
	uint64_t ones[FACTOR_COUNT] = { 0 };
	double *x = NULL, *y = NULL;
	int64_t *stratum = NULL;
	struct stats_fit fit;
	struct diag local = DIAG_INIT;
	int intercept = opt->design == DESIGN_POOLED, rc;

	m->design = opt->design;
	m->method = opt->method;
	/* Complete cases, and which factors vary among them. */
	for (size_t i = 0; i < t->count; i++) {
		const struct session_exposure *e = &t->rows[i];
		int complete = 1;

		for (int f = 0; f < FACTOR_COUNT && complete; f++)
			complete = !opt->factor_on[f] || e->flag[f] != FLAG_UNKNOWN;
		if (!complete)
			continue;
		n++;
		m->cramps += e->cramp != 0;
		for (int f = 0; f < FACTOR_COUNT; f++)
			ones[f] += e->flag[f] == FLAG_TRUE;
	}
	m->sessions = n;
	for (int f = 0; f < FACTOR_COUNT; f++) {
		if (!opt->factor_on[f])
			continue;
		if (ones[f] == 0 || ones[f] == n)
			m->dropped[m->ndropped++] = (enum factor)f;
		else
			used[nused++] = (enum factor)f;
	}
	if (n == 0) {
		m->reason = "no session has every chosen factor known";
		return 0;
	}
	if (m->cramps == 0 || m->cramps == n) {
		m->reason = m->cramps ? "every session used had a cramp" :
				       "no session used had a cramp";
		return 0;
	}
	if (nused == 0) {
		m->reason = "no chosen factor varies among the sessions used";
		return 0;
	}
	p = nused + (size_t)intercept;
	x = malloc(n * p * sizeof(*x));
	y = malloc(n * sizeof(*y));
	stratum = malloc(n * sizeof(*stratum));
	if (!x || !y || !stratum) {
		free(x);
		free(y);
		free(stratum);
		return diag_error(d, "out of memory");
	}
	for (size_t i = 0, r = 0; i < t->count; i++) {
		const struct session_exposure *e = &t->rows[i];
		int complete = 1;

		for (int f = 0; f < FACTOR_COUNT && complete; f++)
			complete = !opt->factor_on[f] || e->flag[f] != FLAG_UNKNOWN;
		if (!complete)
			continue;
		col = 0;
		if (intercept)
			x[r * p + col++] = 1;
		for (size_t k = 0; k < nused; k++)
			x[r * p + col++] = e->flag[used[k]] == FLAG_TRUE;
		y[r] = e->cramp != 0;
		stratum[r] = e->athlete_id;
		r++;
	}
	if (opt->design == DESIGN_POOLED)
		rc = stats_logit(x, y, n, p, opt->method, &fit, &local);
	else
		rc = stats_clogit(x, y, stratum, n, p, opt->method, &fit, &local);
	free(x);
	free(y);
	free(stratum);
	if (rc < 0) {
		/* Not fittable is a result, not a failure. */
		m->reason = opt->design == DESIGN_WITHIN ?
			    "no athlete has both sessions with and without a "
			    "cramp among the sessions used, or a factor does not "
			    "vary within athletes" :
			    "the factors repeat one another among the sessions used";
		diag_release(&local);
		return 0;
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
	for (size_t k = 0; k < nused; k++) {
		struct term_result *term = &m->terms[m->nterms++];
		size_t j = k + (size_t)intercept;
		int usable = fit.converged && !fit.separation;

		term->factor = used[k];
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
	stats_fit_release(&fit);
	return 0;
}

int analysis_run(const struct exposure_table *t,
		 const struct analysis_options *opt,
		 struct analysis_result *out, struct diag *d)
{
	double p[FACTOR_COUNT], q[FACTOR_COUNT];
	uint64_t *seen;

	memset(out, 0, sizeof(*out));
	out->window_days = t->window_days;
	out->sessions = t->count;
	for (size_t i = 0; i < t->count; i++)
		out->cramps += t->rows[i].cramp != 0;
	/* Athletes with a selected session. */
	if (!(seen = calloc(t->names_count ? t->names_count : 1, sizeof(*seen))))
		return diag_error(d, "out of memory");
	for (size_t i = 0; i < t->count; i++)
		if (!seen[t->rows[i].athlete]++)
			out->athletes++;
	free(seen);
	factor_tables(t, opt, out);
	for (size_t i = 0; i < out->nfactors; i++)
		p[i] = out->factors[i].stats.p_fisher;
	if (stats_bh_adjust(p, out->nfactors, q) < 0)
		return diag_error(d, "out of memory");
	for (size_t i = 0; i < out->nfactors; i++)
		out->factors[i].p_adjusted = q[i];
	return fit_model(t, opt, &out->model, d);
}
