/*
 * The analysis (see analysis.h): 2x2 tables per factor over the sessions
 * where the factor is known, Benjamini-Hochberg across them, and the
 * multivariable model over the complete cases: of the flags, or of the
 * continuous exposures per their steps, one of them as a restricted cubic
 * spline.
 */
#include "analysis.h"
#include "patterns.h"
#include "config.h"
#include "spill.h"
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

/* The 2x2 table of each chosen factor, summed over the patterns. */
static void factor_tables(const struct pattern_table *pt,
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
		for (size_t i = 0; i < pt->count; i++) {
			const struct pattern *e = &pt->rows[i];

			if (e->flag[f] == FLAG_TRUE) {
				r->exposed_sessions += e->sessions;
				r->exposed_cramps += e->cramps;
			} else if (e->flag[f] == FLAG_FALSE) {
				r->unexposed_sessions += e->sessions;
				r->unexposed_cramps += e->cramps;
			} else {
				r->unknown_sessions += e->sessions;
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
	int spline;                    /* the last nb columns are the */
	size_t nb;                     /* spline's basis (nknots - 1) */
	struct value_sort sx;          /* the spline's values over its step,
					* sorted (released once read) */
	double unit;                   /* the spline exposure's step */
	double from, median, to;       /* their 1 %, 50 % and 99 % quantiles */
	double knots[STATS_RCS_MAX_KNOTS];   /* over the step */
	double scale[ANALYSIS_MAX_TERMS + 1];   /* each column's divisor */
	size_t n, p;
	size_t events;                 /* the complete cases' cramps */
	int intercept;
};

/* Bytes of a model's rows held in memory before the rest go to a
 * temporary file (spill.h), read back at each pass of the fit; a
 * conditional fit also holds as many of them at a time. */
#define ANALYSIS_ROWS_MEMORY (4u << 20)

static int complete_case(const struct session_exposure *e,
			 const struct design_data *dd,
			 const struct analysis_options *opt)
{
	for (size_t k = 0; k < dd->nchosen; k++)
		if (isnan(column_value(e, &dd->chosen[k])))
			return 0;
	return !dd->spline || !isnan(exposure_value_of(e, opt->spline));
}

/*
 * The continuous columns (and the spline's) are standardized: centred on
 * their means and divided by their standard deviations (design_rows), so
 * that every coefficient is per SD while fitting. A coefficient beyond 15
 * (an odds ratio of 3 million) then means separation whatever the units,
 * as it does for a flag; a spline's coefficients per unit can be 20
 * without anything wrong, and per SD too (its columns overlap): its basis
 * is not judged so (stats_rows' unjudged). fit_unscale puts the fit back
 * per unit (z and p values do not change).
 */
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
 * Within athletes, which chosen columns vary inside an athlete who has
 * sessions with and without a cramp (the only ones the conditional
 * likelihood weighs): one that varies in none is no more estimable than
 * a constant one (R's clogit gives it NA), and is left out as such.
 * Complete cases come athlete by athlete.
 */
struct within_var {
	size_t n;                            /* chosen columns */
	int started;
	uint64_t athlete;
	int with, without;                   /* the athlete's outcomes */
	double lo[ANALYSIS_MAX_TERMS], hi[ANALYSIS_MAX_TERMS];
	unsigned char varies[ANALYSIS_MAX_TERMS];
};

static void within_var_end(struct within_var *wv)
{
	if (wv->started && wv->with && wv->without)
		for (size_t k = 0; k < wv->n; k++)
			wv->varies[k] |= wv->hi[k] > wv->lo[k];
}

/* Complete cases of an athlete: some with a cramp (with), some without,
 * each column's value v[k]. */
static void within_var_add(struct within_var *wv, uint64_t athlete, int with,
			   int without, const double *v)
{
	if (!wv->started || athlete != wv->athlete) {
		within_var_end(wv);
		wv->started = 1;
		wv->athlete = athlete;
		wv->with = wv->without = 0;
		for (size_t k = 0; k < wv->n; k++) {
			wv->lo[k] = INFINITY;
			wv->hi[k] = -INFINITY;
		}
	}
	wv->with |= with;
	wv->without |= without;
	for (size_t k = 0; k < wv->n; k++) {
		wv->lo[k] = fmin(wv->lo[k], v[k]);
		wv->hi[k] = fmax(wv->hi[k], v[k]);
	}
}

/* The complete cases counted (n, m->cramps, lo and hi each chosen
 * column's range among them): the columns used, those dropped as
 * constant (within athletes, wv: or as varying in no athlete that
 * carries weight), and whether anything is left to fit (-1: m->reason
 * says why not). */
static int settle_columns(struct design_data *dd, const double *lo,
			  const double *hi, size_t n, struct within_var *wv,
			  struct model_result *m)
{
	m->sessions = n;
	if (wv)
		within_var_end(wv);
	for (size_t k = 0; k < dd->nchosen; k++) {
		if (lo[k] == hi[k] || (wv && !wv->varies[k])) {
			if (dd->chosen[k].kind == TERMS_FLAGS)
				m->dropped[m->ndropped] = (enum factor)dd->chosen[k].index;
			m->dropped_within[m->ndropped] = lo[k] != hi[k];
			m->dropped_names[m->ndropped++] = column_name(&dd->chosen[k]);
		} else {
			dd->used[dd->nused++] = dd->chosen[k];
		}
	}
	if (n == 0) {
		m->reason = "no session has every chosen factor known";
		return -1;
	}
	if (m->cramps == 0 || m->cramps == n) {
		m->reason = m->cramps ? "every session used had a cramp" :
				       "no session used had a cramp";
		return -1;
	}
	if (!dd->spline && dd->nused == 0) {
		m->reason = wv ? "no chosen factor varies within an athlete who "
				 "has sessions with and without a cramp" :
				 "no chosen factor varies among the sessions used";
		return -1;
	}
	return 0;
}

/* The chosen columns: the flags, or the continuous exposures but the
 * spline's. */
static void choose_columns(const struct analysis_options *opt,
			   struct design_data *dd)
{
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
}

/* The model's data, collected session by session (analysis_stream_add):
 * each complete case's row as it comes (the intercept, every chosen
 * column, the spline's exposure over its step), its outcome and, within
 * athletes, its athlete; the design's rows are made of those once all
 * are in (design_finish). No session is held, only the rows the model
 * needs, and those past ANALYSIS_ROWS_MEMORY in a temporary file. */
struct analysis_stream {
	struct analysis_options opt;
	struct design_data dd;
	/* The collected rows (each with its outcome after it, and within
	 * athletes its athlete's id, the stratum), then the design's rows
	 * (the same after them), which may go to a temporary file: the
	 * fit's passes read them back. Exposures come by athlete
	 * (exposure.h), each athlete's together, as the conditional fit
	 * reads its strata. */
	struct row_spill raw, design;
	double lo[ANALYSIS_MAX_TERMS], hi[ANALYSIS_MAX_TERMS];
	struct within_var wv;         /* within athletes: what varies there */
	size_t width;                 /* of a collected row's values */
	size_t tail;                  /* values after them: 1, 2 within */
	uint64_t cramps;              /* of the complete cases */
	uint64_t sessions, all_cramps, athletes;
	unsigned char *seen;          /* athletes met, by index */
	size_t seen_alloc;
	char why[320];                /* the first temporary file that failed */
};

struct analysis_stream *analysis_stream_new(const struct analysis_options *opt)
{
	struct analysis_stream *s = xcalloc(1, sizeof(*s));

	s->opt = *opt;
	choose_columns(opt, &s->dd);
	s->wv.n = s->dd.nchosen;
	for (size_t k = 0; k < s->dd.nchosen; k++) {
		s->lo[k] = INFINITY;
		s->hi[k] = -INFINITY;
	}
	if (s->dd.spline)
		s->dd.unit = exposure_value_unit(opt->spline);
	s->width = (size_t)s->dd.intercept + s->dd.nchosen +
		   (size_t)s->dd.spline;
	s->tail = 1 + (opt->design == DESIGN_WITHIN);
	row_spill_init(&s->raw, s->width + s->tail,
		       config_rows_memory(ANALYSIS_ROWS_MEMORY));
	s->design.fd = -1;
	value_sort_init(&s->dd.sx, config_rows_memory(ANALYSIS_ROWS_MEMORY));
	return s;
}

/* A complete case's row as collected: the intercept, every chosen
 * column (their ranges counted), the spline's exposure over its step. */
static void collect_row(struct analysis_stream *s,
			const struct session_exposure *e, double *row)
{
	struct design_data *dd = &s->dd;
	size_t col = 0;

	if (dd->intercept)
		row[col++] = 1;
	for (size_t k = 0; k < dd->nchosen; k++) {
		double v = column_value(e, &dd->chosen[k]);

		s->lo[k] = fmin(s->lo[k], v);
		s->hi[k] = fmax(s->hi[k], v);
		row[col++] = v;
	}
	if (dd->spline)
		row[col] = exposure_value_of(e, s->opt.spline) / dd->unit;
}

int analysis_stream_add(void *arg, const struct exposure_table *t,
			const struct session_exposure *e)
{
	struct analysis_stream *s = arg;
	struct design_data *dd = &s->dd;
	double r[ANALYSIS_MAX_TERMS + 4];

	s->sessions++;
	s->all_cramps += e->cramp != 0;
	if (e->athlete >= s->seen_alloc) {
		size_t alloc = t->names_count > e->athlete ? t->names_count :
			       e->athlete + 1;

		s->seen = xreallocarray(s->seen, alloc, 1);
		memset(s->seen + s->seen_alloc, 0, alloc - s->seen_alloc);
		s->seen_alloc = alloc;
	}
	s->athletes += !s->seen[e->athlete];
	s->seen[e->athlete] = 1;
	if (!complete_case(e, dd, &s->opt))
		return 0;
	collect_row(s, e, r);
	if (s->opt.design == DESIGN_WITHIN)
		within_var_add(&s->wv, (uint64_t)e->athlete_id, e->cramp != 0,
			       e->cramp == 0, r + dd->intercept);
	r[s->width] = e->cramp != 0;
	/* Exact: ids are SQLite's row ids, far below 2^53. */
	r[s->width + 1] = (double)e->athlete_id;
	s->cramps += e->cramp != 0;
	dd->n++;
	/* A failure is told when the model is fitted. */
	row_spill_add(&s->raw, r);
	return 0;
}

/* A collected row r (s->width values) as the design's row out (dd->p). */
static void design_row(const struct analysis_stream *s, const double *r,
		       const struct spline_result *sp, double *out)
{
	const struct design_data *dd = &s->dd;
	size_t col = 0;

	if (dd->intercept)
		out[col++] = 1;
	for (size_t k = 0, u = 0; k < dd->nchosen && u < dd->nused; k++)
		if (dd->chosen[k].kind == dd->used[u].kind &&
		    dd->chosen[k].index == dd->used[u].index) {
			out[col++] = r[(size_t)dd->intercept + k];
			u++;
		}
	if (dd->spline)
		stats_rcs_basis(r[s->width - 1], dd->knots, sp->nknots,
				out + col);
}

static const char spill_failed[] =
	"the model's rows could not be kept in a temporary file (TMPDIR)";

/* What failed of the model's temporary files, or NULL. */
static const char *spill_why(const struct analysis_stream *s)
{
	if (s->raw.failed)
		return row_spill_why(&s->raw);
	if (s->design.failed)
		return row_spill_why(&s->design);
	if (s->dd.sx.failed)
		return s->dd.sx.why;
	return NULL;
}

/* The model not fitted for a temporary file that failed; what failed is
 * kept for the command (analysis_result.spill_error). */
/* Keeps what failed of the model's temporary files, the first time. */
static void keep_why(struct analysis_stream *s)
{
	const char *why = spill_why(s);

	if (why && !s->why[0])
		snprintf(s->why, sizeof(s->why), "%s", why);
}

static void spill_failure(struct analysis_stream *s, struct model_result *m)
{
	m->reason = spill_failed;
	keep_why(s);
}

/* Each collected row (s->raw) handed to fn with its outcome (and
 * stratum) after it; -1 when the rows could not be read back. */
static int each_raw(struct analysis_stream *s,
		    void (*fn)(void *arg, const double *r), void *arg)
{
	const double *rows;
	size_t count;
	int more;

	if (row_spill_rewind(&s->raw) < 0)
		return -1;
	while ((more = row_spill_next(&s->raw, &rows, &count)) > 0)
		for (size_t i = 0; i < count; i++)
			fn(arg, rows + i * s->raw.width);
	return more;
}

/* The design's passes over the collected rows: the spline's values, the
 * columns' sums, their squared deviations, and the rows standardized. */
struct design_pass {
	struct analysis_stream *s;
	const struct spline_result *sp;
	double sum[ANALYSIS_MAX_TERMS + 2], mean[ANALYSIS_MAX_TERMS + 2];
	double ss[ANALYSIS_MAX_TERMS + 2];
	int scaled[ANALYSIS_MAX_TERMS + 2];
	size_t i;
	int failed;
};

static void pass_spline(void *arg, const double *r)
{
	struct design_pass *dp = arg;

	if (value_sort_add(&dp->s->dd.sx, r[dp->s->width - 1]) < 0)
		dp->failed = 1;
}

static void pass_sum(void *arg, const double *r)
{
	struct design_pass *dp = arg;
	const struct design_data *dd = &dp->s->dd;
	double tmp[ANALYSIS_MAX_TERMS + STATS_RCS_MAX_KNOTS + 2];

	design_row(dp->s, r, dp->sp, tmp);
	for (size_t col = (size_t)dd->intercept; col < dd->p; col++)
		dp->sum[col] += tmp[col];
}

static void pass_squares(void *arg, const double *r)
{
	struct design_pass *dp = arg;
	const struct design_data *dd = &dp->s->dd;
	double tmp[ANALYSIS_MAX_TERMS + STATS_RCS_MAX_KNOTS + 2];

	design_row(dp->s, r, dp->sp, tmp);
	for (size_t col = (size_t)dd->intercept; col < dd->p; col++) {
		double v = tmp[col] - dp->mean[col];

		dp->ss[col] += v * v;
	}
}

static void pass_design(void *arg, const double *r)
{
	struct design_pass *dp = arg;
	struct design_data *dd = &dp->s->dd;
	double tmp[ANALYSIS_MAX_TERMS + STATS_RCS_MAX_KNOTS + 4];

	design_row(dp->s, r, dp->sp, tmp);
	for (size_t col = (size_t)dd->intercept; col < dd->p; col++) {
		if (!dp->scaled[col])
			continue;
		tmp[col] -= dp->mean[col];
		if (dp->ss[col] > 0)
			tmp[col] /= dd->scale[col];
	}
	memcpy(tmp + dd->p, r + dp->s->width, dp->s->tail * sizeof(*tmp));
	if (row_spill_add(&dp->s->design, tmp) < 0)
		dp->failed = 1;
}

/* The design, standardized, into s->design (the rows collected in s->raw
 * freed once read): each column's mean, then the squares of its
 * deviations, summed row by row in their order, then the rows. -1 when
 * the rows could not be kept. */
static int design_rows(struct analysis_stream *s,
		       const struct spline_result *sp)
{
	struct design_data *dd = &s->dd;
	struct design_pass dp = { .s = s, .sp = sp };

	/* The intercept, when there is one, is as built. */
	dd->scale[0] = 1;
	if (each_raw(s, pass_sum, &dp) < 0)
		return -1;
	for (size_t col = (size_t)dd->intercept; col < dd->p; col++) {
		size_t k = col - (size_t)dd->intercept;

		dd->scale[col] = 1;
		dp.scaled[col] = !(k < dd->nused &&
				   dd->used[k].kind == TERMS_FLAGS);
		dp.mean[col] = dp.sum[col] / (double)dd->n;
	}
	if (each_raw(s, pass_squares, &dp) < 0)
		return -1;
	for (size_t col = (size_t)dd->intercept; col < dd->p; col++)
		if (dp.scaled[col] && dp.ss[col] > 0)
			dd->scale[col] = sqrt(dp.ss[col] / (double)dd->n);
	row_spill_init(&s->design, dd->p + s->tail,
		       config_rows_memory(ANALYSIS_ROWS_MEMORY));
	if (each_raw(s, pass_design, &dp) < 0 || dp.failed)
		return -1;
	row_spill_release(&s->raw);
	return 0;
}

/*
 * The complete cases' columns that vary among them (the others are
 * listed in m as dropped), the spline's knots, and the design's rows,
 * made of the collected rows into s->design. Sets m->reason when there
 * is nothing to fit.
 */
static void design_finish(struct analysis_stream *s, struct model_result *m,
			  struct spline_result *sp)
{
	struct design_data *dd = &s->dd;
	size_t n = dd->n, nb = 0;

	m->cramps += s->cramps;
	dd->events = (size_t)s->cramps;
	if (settle_columns(dd, s->lo, s->hi, n,
			   s->opt.design == DESIGN_WITHIN ? &s->wv : NULL, m) < 0)
		return;
	if (s->raw.failed) {
		spill_failure(s, m);
		return;
	}
	if (dd->spline) {
		struct diag local = DIAG_INIT;

		/* On the exposure over its step, so that the basis is of a
		 * size the fit handles whatever the units (USG moves by
		 * thousandths); sorted past memory in a file. */
		struct design_pass dp = { .s = s };
		struct stats_sorted sorted = { n, value_sort_at, &dd->sx };
		int rc, failed;

		if (each_raw(s, pass_spline, &dp) < 0 || dp.failed ||
		    value_sort_finish(&dd->sx) < 0) {
			spill_failure(s, m);
			return;
		}
		rc = stats_rcs_knots_of(&sorted, s->opt.knots, dd->knots,
					&sp->nknots, &local);
		dd->from = stats_quantile_of(&sorted, 0.01);
		dd->median = stats_quantile_of(&sorted, 0.5);
		dd->to = stats_quantile_of(&sorted, 0.99);
		failed = dd->sx.failed;
		if (failed)
			spill_failure(s, m);
		/* Not needed past here: its memory to the fit. */
		value_sort_release(&dd->sx);
		diag_release(&local);
		if (failed)
			return;
		if (rc < 0) {
			m->reason = "the exposure has too few distinct values for "
				    "the spline's knots";
			return;
		}
		sp->median = dd->median * dd->unit;
		for (int k = 0; k < sp->nknots; k++)
			sp->knots[k] = dd->knots[k] * dd->unit;
		nb = (size_t)sp->nknots - 1;
	}
	dd->nb = nb;
	dd->p = dd->nused + nb + (size_t)dd->intercept;
	if (design_rows(s, sp) < 0)
		spill_failure(s, m);
}

/* The design's rows for a fit (stats_rows over s->design): the outcomes
 * copied out of each chunk. */
struct design_source {
	struct row_spill *rows;
	size_t p;                    /* the design's columns */
	double *y;
	size_t ycap;
};

static int source_rewind(void *ctx)
{
	struct design_source *src = ctx;

	return row_spill_rewind(src->rows);
}

static int source_next(void *ctx, const double **x, const double **y,
		       size_t *count)
{
	struct design_source *src = ctx;
	int more = row_spill_next(src->rows, x, count);

	if (more <= 0)
		return more;
	if (*count > src->ycap) {
		src->ycap = *count;
		src->y = xreallocarray(src->y, src->ycap, sizeof(*src->y));
	}
	for (size_t i = 0; i < *count; i++)
		src->y[i] = (*x)[i * src->rows->width + src->p];
	*y = src->y;
	return 1;
}

/* The rows first.. into x, their outcomes into y: from any thread. */
static int source_read_at(void *ctx, size_t first, size_t count, double *x,
			  double *y)
{
	const struct design_source *src = ctx;
	size_t width = src->rows->width;

	if (row_spill_read_at(src->rows, first, count, x) < 0)
		return -1;
	for (size_t i = 0; i < count; i++)
		y[i] = x[i * width + src->p];
	return 0;
}

static const char *source_why(void *ctx)
{
	const struct design_source *src = ctx;

	return row_spill_why(src->rows);
}

/* Fits the design's first p columns, its rows read from rows (within
 * athletes, as many held at a time as the rows' memory bound allows). */
static int fit_design(const struct design_data *dd, struct row_spill *rows,
		      size_t p, const struct analysis_options *opt,
		      enum stats_method method, struct stats_fit *fit)
{
	struct diag local = DIAG_INIT;
	struct design_source src = { rows, dd->p, NULL, 0 };
	struct stats_rows sr = {
		&src, rows->width, source_rewind, source_next, source_why,
		.column = dd->p + 1,
		.block = config_rows_memory(ANALYSIS_ROWS_MEMORY) /
			 ((p + 1) * sizeof(double)),
		.read_at = source_read_at,
		/* The whole spline's fit: its basis judged by the curve. */
		.unjudged = dd->spline && p == dd->p ? dd->nb : 0
	};
	int rc;

	if (opt->design == DESIGN_POOLED)
		rc = stats_logit_rows(&sr, dd->n, dd->events, p, method, fit,
				      &local);
	else
		rc = stats_clogit_rows(&sr, p, method, fit, &local);
	free(src.y);
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
static void spline_curve(const struct design_data *dd, struct row_spill *rows,
			 const struct analysis_options *opt,
			 const struct stats_fit *fit, struct spline_result *sp)
{
	size_t nb = (size_t)sp->nknots - 1, s0 = dd->p - nb, pl = s0 + 1;
	double bm[STATS_RCS_MAX_KNOTS], bg[STATS_RCS_MAX_KNOTS];
	double from = dd->from, to = dd->to, median = dd->median;
	struct stats_fit lin, full;

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
	/* The linear model's columns are the first pl of each row read
	 * back. The test compares maximum likelihoods, as glm's anova:
	 * Firth's penalty differs between models of different sizes. */
	if (fit_design(dd, rows, dd->p, opt, STATS_MLE, &full) == 0) {
		if (full.converged && !full.separation &&
		    fit_design(dd, rows, pl, opt, STATS_MLE, &lin) == 0) {
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
	sp->fitted = 1;
}

/* Not fittable is a result, not a failure. */
static const char *unfittable(const struct analysis_options *opt)
{
	return opt->design == DESIGN_WITHIN ?
	       "no athlete has both sessions with and without a cramp among "
	       "the sessions used, or a factor does not vary within athletes" :
	       "the factors repeat one another among the sessions used";
}

/* The model's result from its fit (fit left for the caller to release). */
static void model_from_fit(const struct design_data *dd,
			   const struct analysis_options *opt,
			   const struct stats_fit *fit, struct model_result *m)
{
	int usable = fit->converged && !fit->separation;

	m->fitted = 1;
	m->converged = fit->converged;
	m->separation = fit->separation;
	if (opt->design == DESIGN_WITHIN) {
		m->athletes = fit->strata;
		m->athletes_skipped = fit->strata_skipped;
		m->sessions = fit->n;
		m->cramps = fit->events;
	}
	m->coefficients = dd->p - (size_t)dd->intercept;
	m->events_per_coefficient = (double)m->cramps / (double)m->coefficients;
	for (size_t k = 0; k < dd->nused; k++) {
		struct term_result *term = &m->terms[m->nterms++];
		size_t j = k + (size_t)dd->intercept;

		term->name = column_name(&dd->used[k]);
		term->factor = dd->used[k].kind == TERMS_FLAGS ?
			       (enum factor)dd->used[k].index : FACTOR_ALL;
		term->value = dd->used[k].kind == TERMS_CONTINUOUS ?
			      (enum exposure_value)dd->used[k].index : VALUE_COUNT;
		term->unit = dd->used[k].kind == TERMS_CONTINUOUS ?
			     exposure_value_unit(term->value) : NAN;
		term->odds_ratio = usable ? exp(fit->beta[j]) : NAN;
		term->ci_low = usable ? exp(fit->ci_low[j]) : NAN;
		term->ci_high = usable ? exp(fit->ci_high[j]) : NAN;
		term->p = usable ? fit->pvalue[j] : NAN;
	}
	if (fit->separation)
		m->reason = "separation: some estimates run off to infinity "
			    "(or past an odds ratio of 3 million per standard "
			    "deviation, taken as doing so); use the Firth "
			    "model (--model firth)";
	else if (!fit->converged && opt->method == STATS_MLE)
		m->reason = "the fit did not converge, as when estimates run "
			    "off to infinity (separation); use the Firth model "
			    "(--model firth)";
	else if (!fit->converged)
		m->reason = "the fit did not converge";
}

/* The model over the complete cases: sessions where every chosen factor
 * (or exposure) is known. Those constant among them are left out (and
 * listed). */
static void fit_model(struct analysis_stream *s, struct model_result *m,
		      struct spline_result *sp)
{
	const struct analysis_options *opt = &s->opt;
	struct design_data *dd = &s->dd;
	struct stats_fit fit;

	m->design = opt->design;
	m->method = opt->method;
	sp->value = opt->spline;
	design_finish(s, m, sp);
	if (m->reason)
		return;
	if (fit_design(dd, &s->design, dd->p, opt, opt->method, &fit) < 0) {
		if (s->design.failed)
			spill_failure(s, m);
		else
			m->reason = unfittable(opt);
		return;
	}
	model_from_fit(dd, opt, &fit, m);
	if (dd->spline && fit.converged && !fit.separation)
		spline_curve(dd, &s->design, opt, &fit, sp);
	stats_fit_release(&fit);
}

/* A pattern's cell among the used flags: bit k set when used[k] is on;
 * -1 when a chosen flag is unknown (not a complete case). */
static int pattern_cell(const struct pattern *e, const struct design_data *dd)
{
	int cell = 0;

	for (size_t k = 0; k < dd->nchosen; k++)
		if (e->flag[dd->chosen[k].index] == FLAG_UNKNOWN)
			return -1;
	for (size_t k = 0; k < dd->nused; k++)
		cell |= (e->flag[dd->used[k].index] == FLAG_TRUE) << k;
	return cell;
}

/*
 * The counted fit's rows: the complete cases' sessions and cramps by
 * cell of the used flags, over the squad (pooled) or each athlete's
 * (within, the athlete the stratum); x the cells' design rows.
 */
struct cells {
	double *x;
	uint64_t *sessions, *cramps;
	int64_t *stratum;
	size_t n;
};

/* Appends to c the cells of one athlete's (or the squad's) counts. */
static void cells_flush(struct cells *c, const struct design_data *dd,
			uint64_t *sessions, uint64_t *cramps, int64_t stratum)
{
	size_t ncells = (size_t)1 << dd->nused;

	for (size_t cell = 0; cell < ncells; cell++) {
		double *row = c->x + c->n * dd->p;
		size_t col = 0;

		if (!sessions[cell])
			continue;
		if (dd->intercept)
			row[col++] = 1;
		for (size_t k = 0; k < dd->nused; k++)
			row[col++] = (double)((cell >> k) & 1);
		c->sessions[c->n] = sessions[cell];
		c->cramps[c->n] = cramps[cell];
		c->stratum[c->n++] = stratum;
		sessions[cell] = cramps[cell] = 0;
	}
}

static void cells_build(const struct pattern_table *pt,
			const struct design_data *dd, struct cells *c)
{
	size_t ncells = (size_t)1 << dd->nused, most = pt->count + ncells;
	uint64_t *sessions = xcalloc(2 * ncells, sizeof(*sessions));
	uint64_t *cramps = sessions + ncells;
	int within = !dd->intercept;

	c->n = 0;
	c->x = xmalloc(most * dd->p * sizeof(*c->x));
	c->sessions = xmalloc(2 * most * sizeof(*c->sessions));
	c->cramps = c->sessions + most;
	c->stratum = xmalloc(most * sizeof(*c->stratum));
	for (size_t i = 0; i < pt->count; i++) {
		const struct pattern *e = &pt->rows[i];
		int cell = pattern_cell(e, dd);

		if (cell >= 0) {
			sessions[cell] += e->sessions;
			cramps[cell] += e->cramps;
		}
		if (within && (i + 1 == pt->count ||
			       pt->rows[i + 1].athlete != e->athlete))
			cells_flush(c, dd, sessions, cramps, (int64_t)e->athlete);
	}
	if (!within)
		cells_flush(c, dd, sessions, cramps, 0);
	free(sessions);
}

static void cells_release(struct cells *c)
{
	free(c->x);
	free(c->sessions);
	free(c->stratum);
}

/* The pooled fit of the cells: each cell twice, its cramps with y = 1
 * and the others with y = 0, as frequency weights. */
static int fit_cells_pooled(const struct cells *c, const struct design_data *dd,
			    enum stats_method method, struct stats_fit *fit,
			    struct diag *d)
{
	double *x = xmalloc(2 * (c->n ? c->n : 1) * dd->p * sizeof(*x));
	double *y = xmalloc(4 * (c->n ? c->n : 1) * sizeof(*y)), *wt = y + 2 * c->n;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < c->n; i++)
		for (int event = 1; event >= 0; event--) {
			uint64_t k = event ? c->cramps[i] : c->sessions[i] - c->cramps[i];

			if (!k)
				continue;
			memcpy(x + n * dd->p, c->x + i * dd->p, dd->p * sizeof(*x));
			y[n] = event;
			wt[n++] = (double)k;
		}
	rc = stats_logit_weighted(x, y, wt, n, dd->p, method, NULL, fit, d);
	free(x);
	free(y);
	return rc;
}

/* fit_model on the pattern counts: the same model of the flags. */
static void fit_model_patterns(const struct pattern_table *pt,
			       const struct analysis_options *opt,
			       struct model_result *m)
{
	struct design_data dd;
	struct stats_fit fit;
	struct diag local = DIAG_INIT;
	double lo[ANALYSIS_MAX_TERMS], hi[ANALYSIS_MAX_TERMS];
	double v[ANALYSIS_MAX_TERMS];
	struct within_var wv;
	struct cells c;
	size_t n = 0;
	int rc;

	memset(&dd, 0, sizeof(dd));
	m->design = opt->design;
	m->method = opt->method;
	choose_columns(opt, &dd);
	memset(&wv, 0, sizeof(wv));
	wv.n = dd.nchosen;
	for (size_t k = 0; k < dd.nchosen; k++) {
		lo[k] = INFINITY;
		hi[k] = -INFINITY;
	}
	for (size_t i = 0; i < pt->count; i++) {
		const struct pattern *e = &pt->rows[i];

		if (pattern_cell(e, &dd) < 0)
			continue;
		n += e->sessions;
		m->cramps += e->cramps;
		for (size_t k = 0; k < dd.nchosen; k++) {
			v[k] = e->flag[dd.chosen[k].index] == FLAG_TRUE;
			lo[k] = fmin(lo[k], v[k]);
			hi[k] = fmax(hi[k], v[k]);
		}
		within_var_add(&wv, e->athlete, e->cramps > 0,
			       e->sessions > e->cramps, v);
	}
	if (settle_columns(&dd, lo, hi, n,
			   opt->design == DESIGN_WITHIN ? &wv : NULL, m) < 0)
		return;
	dd.p = dd.nused + (size_t)dd.intercept;
	cells_build(pt, &dd, &c);
	if (opt->design == DESIGN_POOLED)
		rc = fit_cells_pooled(&c, &dd, opt->method, &fit, &local);
	else
		rc = stats_clogit_counts(c.x, c.sessions, c.cramps, c.stratum,
					 c.n, dd.p, opt->method, &fit, &local);
	diag_release(&local);
	cells_release(&c);
	if (rc < 0) {
		m->reason = unfittable(opt);
		return;
	}
	model_from_fit(&dd, opt, &fit, m);
	stats_fit_release(&fit);
}

/* The 2x2 tables' adjusted p values, over the tables that compare
 * something: one whose exposed or unexposed sessions are none (Fisher's
 * p is 1, "cannot be compared") is no test, and counting it would raise
 * the others' (p.adjust with it NA). */
static void adjust_tables(struct analysis_result *out)
{
	double p[FACTOR_ALL], q[FACTOR_ALL];

	for (size_t i = 0; i < out->nfactors; i++)
		p[i] = isnan(out->factors[i].stats.odds_ratio) ? NAN :
		       out->factors[i].stats.p_fisher;
	stats_bh_adjust(p, out->nfactors, q);
	for (size_t i = 0; i < out->nfactors; i++)
		out->factors[i].p_adjusted = q[i];
}

static int counted(const struct analysis_options *opt)
{
	return opt->terms == TERMS_FLAGS && opt->spline == VALUE_COUNT;
}

void analysis_run_patterns(const struct pattern_table *pt, int window_days,
			   const struct analysis_options *opt,
			   struct analysis_result *out)
{
	size_t last = SIZE_MAX;

	memset(out, 0, sizeof(*out));
	out->window_days = window_days;
	for (size_t i = 0; i < pt->count; i++) {
		out->sessions += pt->rows[i].sessions;
		out->cramps += pt->rows[i].cramps;
		out->athletes += pt->rows[i].athlete != last;
		last = pt->rows[i].athlete;
	}
	out->model.design = opt->design;
	out->model.method = opt->method;
	out->spline.value = opt->spline;
	if (!counted(opt)) {
		out->model.reason = "continuous terms and splines need the "
				    "sessions, not their counts";
		return;
	}
	factor_tables(pt, opt, out);
	adjust_tables(out);
	fit_model_patterns(pt, opt, &out->model);
}

void analysis_stream_finish(struct analysis_stream *s,
			    const struct exposure_table *t,
			    struct analysis_result *out)
{
	memset(out, 0, sizeof(*out));
	out->window_days = t->window_days;
	out->sessions = s->sessions;
	out->cramps = s->all_cramps;
	out->athletes = s->athletes;
	if (counted(&s->opt)) {
		/* Every session its own pattern: the tables from the rows. */
		struct pattern_table pt = { .count = t->count,
					    .names_count = t->names_count };

		pt.rows = xcalloc(t->count ? t->count : 1, sizeof(*pt.rows));
		for (size_t i = 0; i < t->count; i++) {
			pt.rows[i].athlete = t->rows[i].athlete;
			memcpy(pt.rows[i].flag, t->rows[i].flag, FACTOR_ALL);
			pt.rows[i].flag[PATTERN_HISTORY] = FLAG_UNKNOWN;
			pt.rows[i].sessions = 1;
			pt.rows[i].cramps = t->rows[i].cramp != 0;
		}
		factor_tables(&pt, &s->opt, out);
		pattern_table_release(&pt);
	}
	adjust_tables(out);
	fit_model(s, &out->model, &out->spline);
	/* A file that failed after the fit (the spline's test refits)
	 * counts as well. */
	keep_why(s);
	memcpy(out->spill_error, s->why, sizeof(out->spill_error));
	analysis_stream_free(s);
}

void analysis_stream_free(struct analysis_stream *s)
{
	if (!s)
		return;
	value_sort_release(&s->dd.sx);
	row_spill_release(&s->raw);
	row_spill_release(&s->design);
	free(s->seen);
	free(s);
}

void analysis_run_rows(const struct exposure_table *t,
		       const struct analysis_options *opt,
		       struct analysis_result *out)
{
	struct analysis_stream *s = analysis_stream_new(opt);

	for (size_t i = 0; i < t->count; i++)
		analysis_stream_add(s, t, &t->rows[i]);
	analysis_stream_finish(s, t, out);
}

void analysis_run(const struct exposure_table *t,
		 const struct analysis_options *opt,
		 struct analysis_result *out)
{
	struct pattern_table pt;

	if (!counted(opt)) {
		analysis_run_rows(t, opt, out);
		return;
	}
	pattern_count(t, NULL, &pt);
	analysis_run_patterns(&pt, t->window_days, opt, out);
	pattern_table_release(&pt);
}
