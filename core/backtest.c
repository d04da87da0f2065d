/*
 * The backtest (see backtest.h). The weeks are walked in order; what is
 * known before a week's Monday is kept as counts of sessions by pattern of
 * flags (the model's terms are six factors and history, all 0 or 1: at
 * most 128 patterns) and outcome, so that each week's fit is a weighted
 * fit of a few hundred rows, started from the last week's estimate,
 * whatever the size of the squad's past. The fit on the counts is the fit
 * on the sessions (stats_logit_weighted), the report's fit.
 */
#include "backtest.h"
#include "calendar.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PATTERNS (1u << RISK_TERMS)

void backtest_options_init(struct backtest_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	for (int f = 0; f < FACTOR_COUNT; f++)
		opt->factor_on[f] = 1;
	opt->method = STATS_FIRTH;
	opt->from_day = INT32_MIN;
	opt->to_day = INT32_MAX;
}

/* Sessions before the week, by pattern (bit k: term k on) and outcome. */
struct counts {
	uint64_t n[PATTERNS][2];
};

/* One model as fitted on the counts before a week. */
struct week_fit {
	int fitted;
	size_t nterms;
	int term[RISK_TERMS];
	double prevalence[RISK_TERMS];
	double base_rate;
	struct stats_fit fit;            /* while fitted */
};

static int32_t monday_of(int32_t day)
{
	return day - (calendar_weekday(day) - 1);
}

/*
 * Fits the terms in mask on c as risk.c's fit_model does on the sessions:
 * a term on in none or all of them is left out; too few cramps, every
 * session a cramp, repeated factors, no convergence or separation: not
 * fitted. The last fit's estimate is the start when its terms are the
 * same.
 */
static void fit_counts(const struct counts *c, unsigned mask,
		       enum stats_method method, struct week_fit *w)
{
	uint64_t n = 0, cramps = 0, ones[RISK_TERMS] = { 0 };
	double x[PATTERNS * 2 * (RISK_TERMS + 1)], y[PATTERNS * 2];
	double wt[PATTERNS * 2], start[RISK_TERMS + 1];
	struct week_fit next;
	struct diag local = DIAG_INIT;
	size_t rows = 0, p;
	int warm, rc;

	memset(&next, 0, sizeof(next));
	for (unsigned q = 0; q < PATTERNS; q++) {
		uint64_t m = c->n[q][0] + c->n[q][1];

		n += m;
		cramps += c->n[q][1];
		for (int k = 0; k < RISK_TERMS; k++)
			ones[k] += (q >> k & 1u) ? m : 0;
	}
	for (int k = 0; k < RISK_TERMS; k++) {
		if (!(mask >> k & 1u) || ones[k] == 0 || ones[k] == n)
			continue;
		next.prevalence[next.nterms] = (double)ones[k] / (double)n;
		next.term[next.nterms++] = k;
	}
	next.base_rate = n ? (double)cramps / (double)n : NAN;
	warm = w->fitted && w->nterms == next.nterms &&
	       memcmp(w->term, next.term, next.nterms * sizeof(int)) == 0;
	p = next.nterms + 1;
	if (warm)
		memcpy(start, w->fit.beta, p * sizeof(double));
	if (w->fitted)
		stats_fit_release(&w->fit);
	*w = next;
	if (n == 0 || cramps < RISK_MIN_EPISODES || cramps == n)
		return;
	for (unsigned q = 0; q < PATTERNS; q++)
		for (int out = 0; out < 2; out++) {
			if (!c->n[q][out])
				continue;
			x[rows * p] = 1;
			for (size_t k = 0; k < next.nterms; k++)
				x[rows * p + 1 + k] = q >> next.term[k] & 1u;
			y[rows] = out;
			wt[rows++] = (double)c->n[q][out];
		}
	rc = stats_logit_weighted(x, y, wt, rows, p, method, warm ? start : NULL,
				  &w->fit, &local);
	diag_release(&local);
	if (rc < 0)
		return;   /* the terms repeat one another: no model */
	if (!w->fit.converged || w->fit.separation) {
		stats_fit_release(&w->fit);
		return;
	}
	w->fitted = 1;
}

/* The risk of a week_fit at flags f (term k's flag, FLAG_UNKNOWN: the
 * share of the fit's sessions), as risk.c's predict. */
static double predict(const struct week_fit *w, const signed char *f)
{
	double x[RISK_TERMS + 1];

	x[0] = 1;
	for (size_t k = 0; k < w->nterms; k++) {
		signed char v = f[w->term[k]];

		x[k + 1] = v == FLAG_UNKNOWN ? w->prevalence[k] : v == FLAG_TRUE;
	}
	return stats_logit_prob(&w->fit, x);
}

/* The pattern of row i: factor f's bit when chosen and true, history's. */
static unsigned pattern(const struct session_flags *e, signed char hist,
			const int *factor_on)
{
	unsigned q = hist == FLAG_TRUE ? 1u << RISK_TERM_HISTORY : 0;

	for (int f = 0; f < FACTOR_COUNT; f++)
		if (factor_on[f] && e->flag[f] == FLAG_TRUE)
			q |= 1u << f;
	return q;
}

static int complete_case(const struct session_flags *e, const int *factor_on)
{
	for (int f = 0; f < FACTOR_COUNT; f++)
		if (factor_on[f] && e->flag[f] == FLAG_UNKNOWN)
			return 0;
	return 1;
}

/* The flags a prediction is made at, as one code: factor f's
 * FLAG_FALSE, FLAG_TRUE or FLAG_UNKNOWN as the digit 0, 1 or 2 of weight
 * 3^f, then history (0 or 1) of weight 3^FACTOR_COUNT. */
#define FACTOR_CODES 729u
_Static_assert(FACTOR_COUNT == 6, "FACTOR_CODES is 3^FACTOR_COUNT");
#define CODES (2 * FACTOR_CODES)

static unsigned code_of(const signed char *f)
{
	unsigned c = f[RISK_TERM_HISTORY] == FLAG_TRUE ? FACTOR_CODES : 0;

	for (unsigned f3 = 1, k = 0; k < FACTOR_COUNT; k++, f3 *= 3)
		c += f3 * (f[k] == FLAG_UNKNOWN ? 2u : (unsigned)f[k]);
	return c;
}

static void flags_of_code(unsigned c, signed char *f)
{
	for (int k = 0; k < FACTOR_COUNT; k++, c /= 3)
		f[k] = c % 3 == 2 ? FLAG_UNKNOWN : (signed char)(c % 3);
	f[RISK_TERM_HISTORY] = c ? FLAG_TRUE : FLAG_FALSE;
}

/* A growing row of bits. */
struct bits {
	unsigned char *b;
	size_t n, alloc;                 /* bits, bytes */
};

static void bits_add(struct bits *v, int bit)
{
	if (v->n / 8 == v->alloc) {
		v->alloc = v->alloc ? 2 * v->alloc : 8;
		v->b = xrealloc(v->b, v->alloc);
	}
	if (v->n % 8 == 0)
		v->b[v->n / 8] = 0;
	if (bit)
		v->b[v->n / 8] |= (unsigned char)(1u << (v->n % 8));
	v->n++;
}

static int bit_at(const unsigned char *b, size_t i)
{
	return b[i / 8] >> (i % 8) & 1u;
}

/* What one week adds to the walk's knowledge once it is past, and what
 * is scored in it: with cells, sessions and cramps by code. */
struct walk_week {
	struct counts *model;            /* complete cases by pattern; NULL:
					  * none (a week without a session
					  * takes a pointer, not 2 KiB) */
	uint64_t history[2][2];          /* by history, outcome */
	uint64_t sessions, cramps;
	uint32_t (*cell)[2];             /* [CODES]; NULL: none scored */
	struct bits *cramp;              /* [CODES] with BACKTEST_WALK_CRAMPS:
					  * a cell's cramps in row order */
};

/* A prediction to make (without cells): an athlete's week, or a
 * session. */
struct unit {
	size_t row;
	int32_t monday;
	uint32_t code, sessions, cramps;
};

/* The current athlete's state, as the sessions come by athlete and day:
 * its latest week before the current one (each factor as at its latest
 * session there where known) and its last cramp; and the current week's
 * prediction: scorable (not the athlete's first week) and at which
 * flags. */
struct athlete_walk {
	int started;
	uint32_t athlete;
	int32_t monday, last_cramp;
	signed char flag[FACTOR_COUNT];
	int32_t week_monday;
	int scorable;
	unsigned code;
};

/* Before session e, of the week of monday: 1 when it starts a week of
 * its athlete's (the week's prediction then settled), else 0. */
static int athlete_week(struct athlete_walk *a, const struct session_flags *e,
			int32_t monday)
{
	signed char f[RISK_TERMS];

	if (!a->started || a->athlete != e->athlete) {
		a->started = 1;
		a->athlete = e->athlete;
		a->monday = a->last_cramp = a->week_monday = INT32_MIN;
	}
	if (a->week_monday == monday)
		return 0;
	/* As the report of the week before: the athlete's latest week, a
	 * cramp in the 90 days to its end. */
	a->week_monday = monday;
	a->scorable = a->monday != INT32_MIN;
	memcpy(f, a->flag, FACTOR_COUNT);
	f[RISK_TERM_HISTORY] = a->last_cramp != INT32_MIN &&
			       a->last_cramp > monday - 1 - RISK_HISTORY_DAYS;
	a->code = code_of(f);
	return 1;
}

/* After session e, of the week of monday: what the athlete's later weeks
 * know of it. */
static void athlete_learn(struct athlete_walk *a, const struct session_flags *e,
			  int32_t monday)
{
	if (a->monday != monday) {
		a->monday = monday;
		memset(a->flag, FLAG_UNKNOWN, sizeof(a->flag));
	}
	for (int k = 0; k < FACTOR_COUNT; k++)
		if (e->flag[k] != FLAG_UNKNOWN)
			a->flag[k] = e->flag[k];
	if (e->cramp && e->day > a->last_cramp)
		a->last_cramp = e->day;
}

/*
 * The walk goes through the sessions by athlete and day, holding the
 * current athlete's state only: its latest week before the current one
 * (each factor as at its latest session there where known) and its last
 * cramp. Each week adds its counts to weeks[] (week k's Monday is first
 * + 7 k); the fits, which need every athlete's past, come at the end,
 * week by week, as the predictions.
 */
struct backtest_walk {
	struct backtest_options opt;
	int cells, keep_cramps;
	struct bits packed;                  /* the cells' cramps, in order */
	struct walk_week *week;
	size_t nweeks;
	int32_t first;
	struct unit *unit;
	size_t units, units_alloc, open;     /* open: the athlete-week's unit */
	struct risk_history hist;
	uint64_t unscored;
	struct athlete_walk a;
};

struct backtest_walk *backtest_walk_new(const struct backtest_options *opt,
					unsigned how)
{
	struct backtest_walk *w = xcalloc(1, sizeof(*w));

	w->opt = *opt;
	w->cells = (how & BACKTEST_WALK_CELLS) != 0;
	w->keep_cramps = w->cells && (how & BACKTEST_WALK_CRAMPS);
	return w;
}

/* The week of monday, the weeks between it and the others made. */
static struct walk_week *week_at(struct backtest_walk *w, int32_t monday)
{
	size_t k, more;

	if (!w->nweeks) {
		w->first = monday;
		w->week = xcalloc(1, sizeof(*w->week));
		w->nweeks = 1;
	}
	if (monday < w->first) {
		more = (size_t)(w->first - monday) / 7;
		w->week = xreallocarray(w->week, w->nweeks + more,
					sizeof(*w->week));
		memmove(w->week + more, w->week, w->nweeks * sizeof(*w->week));
		memset(w->week, 0, more * sizeof(*w->week));
		w->nweeks += more;
		w->first = monday;
	}
	k = (size_t)(monday - w->first) / 7;
	if (k >= w->nweeks) {
		w->week = xreallocarray(w->week, k + 1, sizeof(*w->week));
		memset(w->week + w->nweeks, 0,
		       (k + 1 - w->nweeks) * sizeof(*w->week));
		w->nweeks = k + 1;
	}
	return &w->week[k];
}

static int selected(const struct backtest_options *opt,
		    const struct session_flags *e, int64_t athlete_id)
{
	return e->day >= opt->from_day && e->day <= opt->to_day &&
	       (!opt->athlete_id || athlete_id == opt->athlete_id);
}

/* Session e of the current athlete's current week to be scored. */
static void score_later(struct backtest_walk *w, struct walk_week *wk,
			const struct session_flags *e, size_t row)
{
	struct unit *u;

	if (!w->a.scorable) {
		w->unscored++;
		return;
	}
	if (w->cells) {
		if (!wk->cell)
			wk->cell = xcalloc(CODES, sizeof(*wk->cell));
		wk->cell[w->a.code][0]++;
		wk->cell[w->a.code][1] += e->cramp;
		if (w->keep_cramps) {
			if (!wk->cramp)
				wk->cramp = xcalloc(CODES, sizeof(*wk->cramp));
			bits_add(&wk->cramp[w->a.code], e->cramp);
		}
		return;
	}
	if (w->open == SIZE_MAX || !w->opt.by_athlete_week) {
		if (w->units == w->units_alloc) {
			w->units_alloc = w->units_alloc ? 2 * w->units_alloc :
							  1024;
			w->unit = xreallocarray(w->unit, w->units_alloc,
						sizeof(*w->unit));
		}
		w->open = w->units++;
		w->unit[w->open] = (struct unit){ row, w->a.week_monday,
						  w->a.code, 0, 0 };
	}
	u = &w->unit[w->open];
	u->sessions++;
	u->cramps += e->cramp;
}

void backtest_walk_add(struct backtest_walk *w, const struct session_flags *e,
		       size_t row, int64_t athlete_id)
{
	signed char hist = risk_history_next(&w->hist, e);
	int32_t monday = monday_of(e->day);
	struct walk_week *wk = week_at(w, monday);
	int y = e->cramp;

	if (athlete_week(&w->a, e, monday))
		w->open = SIZE_MAX;
	if (selected(&w->opt, e, athlete_id))
		score_later(w, wk, e, row);
	/* What the week adds once past. */
	if (complete_case(e, w->opt.factor_on)) {
		if (!wk->model)
			wk->model = xcalloc(1, sizeof(*wk->model));
		wk->model->n[pattern(e, hist, w->opt.factor_on)][y]++;
	}
	wk->history[hist == FLAG_TRUE][y]++;
	wk->sessions++;
	wk->cramps += (uint64_t)y;
	athlete_learn(&w->a, e, monday);
}

/* The fits as of a week's Monday, from the weeks before. */
struct week_model {
	struct counts model, history;
	struct week_fit fit_model, fit_history;
	uint64_t sessions, cramps;
	unsigned model_mask, history_mask;
};

/* A prediction at code of the week's fits (both fitted). */
static void predict_code(const struct week_model *m, unsigned code,
			 int32_t monday, struct backtest_prediction *out)
{
	signed char f[RISK_TERMS];

	flags_of_code(code, f);
	out->monday = monday;
	out->code = code;
	out->risk = predict(&m->fit_model, f);
	out->risk_history = predict(&m->fit_history, f);
	out->risk_base = (double)m->cramps / (double)m->sessions;
	out->level = risk_level_of(out->risk / m->fit_model.base_rate);
}

static int by_week_row(const void *pa, const void *pb)
{
	const struct unit *a = pa, *b = pb;

	if (a->monday != b->monday)
		return a->monday < b->monday ? -1 : 1;
	return (a->row > b->row) - (a->row < b->row);
}

/* Week k's predictions (units from *next on, by week), or its unscored
 * sessions when the fits failed. */
static void predict_week(struct backtest_walk *w, const struct week_model *m,
			 size_t k, size_t *next, size_t *alloc,
			 struct backtest *out)
{
	const struct walk_week *wk = &w->week[k];
	int32_t monday = w->first + (int32_t)(7 * k);
	int fitted = m->fit_model.fitted && m->fit_history.fitted;
	size_t before = out->count;

	for (unsigned c = 0; w->cells && wk->cell && c < CODES; c++) {
		if (!wk->cell[c][0])
			continue;
		if (!fitted) {
			w->unscored += wk->cell[c][0];
			continue;
		}
		if (out->count == *alloc) {
			*alloc = *alloc ? 2 * *alloc : 1024;
			out->v = xreallocarray(out->v, *alloc, sizeof(*out->v));
		}
		predict_code(m, c, monday, &out->v[out->count]);
		out->v[out->count].row = SIZE_MAX;
		if (wk->cramp) {
			/* The cell's first bit among the packed. */
			const struct bits *v = &wk->cramp[c];

			out->v[out->count].row = w->packed.n;
			for (size_t i = 0; i < v->n; i++)
				bits_add(&w->packed, bit_at(v->b, i));
		}
		out->v[out->count].sessions = wk->cell[c][0];
		out->v[out->count++].cramps = wk->cell[c][1];
	}
	for (; *next < w->units && w->unit[*next].monday == monday; ++*next) {
		const struct unit *u = &w->unit[*next];

		if (!fitted) {
			w->unscored += u->sessions;
			continue;
		}
		predict_code(m, u->code, monday, &out->v[out->count]);
		out->v[out->count].row = u->row;
		out->v[out->count].sessions = u->sessions;
		out->v[out->count++].cramps = u->cramps;
	}
	out->weeks += out->count > before;
}

/* Frees what a week scored. */
static void week_free(struct walk_week *wk)
{
	for (unsigned c = 0; wk->cramp && c < CODES; c++)
		free(wk->cramp[c].b);
	free(wk->cramp);
	free(wk->cell);
	free(wk->model);
	wk->cramp = NULL;
	wk->cell = NULL;
	wk->model = NULL;
}

/* Adds week k to what the fits of the weeks after know. */
static void learn_week(struct week_model *m, const struct walk_week *wk)
{
	for (unsigned q = 0; wk->model && q < PATTERNS; q++)
		for (int y = 0; y < 2; y++)
			m->model.n[q][y] += wk->model->n[q][y];
	for (int y = 0; y < 2; y++) {
		m->history.n[0][y] += wk->history[0][y];
		m->history.n[1u << RISK_TERM_HISTORY][y] += wk->history[1][y];
	}
	m->sessions += wk->sessions;
	m->cramps += wk->cramps;
}

void backtest_walk_finish(struct backtest_walk *w, struct backtest *out)
{
	struct week_model m;
	size_t next = 0, alloc = 0;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	for (int f = 0; f < FACTOR_COUNT; f++)
		m.model_mask |= w->opt.factor_on[f] ? 1u << f : 0;
	m.model_mask |= 1u << RISK_TERM_HISTORY;
	m.history_mask = 1u << RISK_TERM_HISTORY;
	if (w->units) {
		qsort(w->unit, w->units, sizeof(*w->unit), by_week_row);
		alloc = w->units;
		out->v = xreallocarray(NULL, alloc, sizeof(*out->v));
	}
	for (size_t k = 0; k < w->nweeks; k++) {
		if (k > 0) {
			fit_counts(&m.model, m.model_mask, w->opt.method,
				   &m.fit_model);
			fit_counts(&m.history, m.history_mask, w->opt.method,
				   &m.fit_history);
		}
		predict_week(w, &m, k, &next, &alloc, out);
		learn_week(&m, &w->week[k]);
		week_free(&w->week[k]);
	}
	out->unscored = w->unscored;
	out->cramps = w->packed.b;
	w->packed.b = NULL;
	if (out->count < alloc)
		out->v = xreallocarray(out->v, out->count ? out->count : 1,
				       sizeof(*out->v));
	if (m.fit_model.fitted)
		stats_fit_release(&m.fit_model.fit);
	if (m.fit_history.fitted)
		stats_fit_release(&m.fit_history.fit);
	backtest_walk_free(w);
}

void backtest_walk_free(struct backtest_walk *w)
{
	if (!w)
		return;
	for (size_t k = 0; k < w->nweeks; k++)
		week_free(&w->week[k]);
	free(w->packed.b);
	risk_history_release(&w->hist);
	free(w->week);
	free(w->unit);
	free(w);
}

/* A backtest made with cells, and the sessions walked again. */
struct backtest_replay {
	struct backtest_options opt;
	const struct backtest *b;
	struct athlete_walk a;
	const struct backtest_prediction *week;   /* the current week's */
};

struct backtest_replay *backtest_replay_new(const struct backtest *b,
					    const struct backtest_options *opt)
{
	struct backtest_replay *r = xcalloc(1, sizeof(*r));

	r->opt = *opt;
	r->b = b;
	return r;
}

/* The cell of (monday, code) among b's (by week, then code); NULL: the
 * week was not scored (no model before it). */
static const struct backtest_prediction *
cell_of(const struct backtest *b, int32_t monday, unsigned code)
{
	size_t lo = 0, hi = b->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct backtest_prediction *p = &b->v[mid];

		if (p->monday < monday ||
		    (p->monday == monday && p->code < code))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < b->count && b->v[lo].monday == monday &&
	    b->v[lo].code == code)
		return &b->v[lo];
	return NULL;
}

const struct backtest_prediction *
backtest_replay_next(struct backtest_replay *r, const struct session_flags *e,
		     int64_t athlete_id)
{
	int32_t monday = monday_of(e->day);
	const struct backtest_prediction *p = NULL;

	if (athlete_week(&r->a, e, monday))
		r->week = r->a.scorable ? cell_of(r->b, monday, r->a.code) :
					  NULL;
	if (selected(&r->opt, e, athlete_id))
		p = r->week;
	athlete_learn(&r->a, e, monday);
	return p;
}

void backtest_replay_free(struct backtest_replay *r)
{
	free(r);
}

void backtest_run_flags(const struct flags_table *t,
			const struct backtest_options *opt,
			struct backtest *out)
{
	struct backtest_walk *w = backtest_walk_new(opt, 0);

	for (size_t i = 0; i < t->count; i++)
		backtest_walk_add(w, &t->rows[i], i,
				  t->name_ids ? t->name_ids[t->rows[i].athlete] :
						0);
	backtest_walk_finish(w, out);
}

void backtest_run(const struct exposure_table *t,
		 const struct backtest_options *opt, struct backtest *out)
{
	struct flags_table f;

	flags_of_table(t, &f);
	backtest_run_flags(&f, opt, out);
	flags_table_release(&f);
}

void backtest_release(struct backtest *b)
{
	free(b->v);
	free(b->cramps);
	memset(b, 0, sizeof(*b));
}

/* ---- Metrics ---- */

/* The sessions sorted by p (ties by index); the caller frees them. */
static struct stats_ranked *sorted(const double *p, size_t n)
{
	struct stats_ranked *r = xmalloc((n ? n : 1) * sizeof(*r));

	for (size_t i = 0; i < n; i++) {
		r[i].v = p[i];
		r[i].i = i;
	}
	qsort(r, n, sizeof(*r), stats_by_value);
	return r;
}

/* n predictions p and their outcomes: pos[i] sessions with a cramp and
 * neg[i] without at p[i] (1 and 0, or 0 and 1, for one session). */
struct outcomes {
	const double *p, *pos, *neg;
	size_t n;
};

/* One session each: pos and neg of y, into w (2 n). */
static struct outcomes of_sessions(const double *p, const int *y, size_t n,
				   double *w)
{
	for (size_t i = 0; i < n; i++) {
		w[i] = y[i] != 0;
		w[n + i] = y[i] == 0;
	}
	return (struct outcomes){ p, w, w + n, n };
}

/*
 * DeLong's placements (DeLong, DeLong & Clarke-Pearson 1988): pl1[i] for
 * the sessions with y = 1 at p[i] is the share of the y = 0 sessions they
 * outrank (ties half), pl0[i] for those with y = 0 the share of the y = 1
 * sessions that outrank them. Sorting once makes it n log n. *auc is the
 * mean placement of the cases. Counts are exact in doubles (below 2^53),
 * so that sessions one by one and grouped give the same sums.
 */
static void placements(const struct outcomes *o, double *pl1, double *pl0,
		       double *cases, double *controls, double *auc)
{
	struct stats_ranked *r = sorted(o->p, o->n);
	double m1 = 0, m0 = 0, below1 = 0, below0 = 0, sum = 0;

	for (size_t i = 0; i < o->n; i++) {
		m1 += o->pos[i];
		m0 += o->neg[i];
	}
	for (size_t a = 0; a < o->n;) {
		size_t b = a;
		double tie1 = 0, tie0 = 0;

		for (; b < o->n && r[b].v == r[a].v; b++) {
			tie1 += o->pos[r[b].i];
			tie0 += o->neg[r[b].i];
		}
		for (size_t k = a; k < b; k++) {
			size_t i = r[k].i;

			pl1[i] = (below0 + 0.5 * tie0) / m0;
			pl0[i] = (m1 - below1 - tie1 + 0.5 * tie1) / m1;
			sum += o->pos[i] * pl1[i];
		}
		below1 += tie1;
		below0 += tie0;
		a = b;
	}
	free(r);
	*cases = m1;
	*controls = m0;
	*auc = m1 > 0 && m0 > 0 ? sum / m1 : NAN;
}

/* The covariance of two AUCs from their placements (pROC's
 * delong.paired.calculations: S10 / m + S01 / n). */
static double delong_cov(const struct outcomes *o, const double *pa1,
			 const double *pa0, double auca, const double *pb1,
			 const double *pb0, double aucb, double m1, double m0)
{
	double s10 = 0, s01 = 0;

	for (size_t i = 0; i < o->n; i++) {
		s10 += o->pos[i] * ((pa1[i] - auca) * (pb1[i] - aucb));
		s01 += o->neg[i] * ((pa0[i] - auca) * (pb0[i] - aucb));
	}
	return s10 / (m1 - 1) / m1 + s01 / (m0 - 1) / m0;
}

/* An AUC and its placements (placements' pl1, pl0, cases, controls). */
struct placed {
	double *pl1, *pl0, m1, m0, auc;
};

/* o's AUC with its DeLong 95% interval, from its placements. */
static void auc_from(const struct outcomes *o, const struct placed *pl,
		     struct backtest_auc *out)
{
	double se;

	out->auc = pl->auc;
	out->low = out->high = NAN;
	if (pl->m1 >= 2 && pl->m0 >= 2) {
		se = sqrt(delong_cov(o, pl->pl1, pl->pl0, pl->auc, pl->pl1,
				     pl->pl0, pl->auc, pl->m1, pl->m0));
		out->low = fmax(0, out->auc - STATS_Z975 * se);
		out->high = fmin(1, out->auc + STATS_Z975 * se);
	}
}

/* The difference of two AUCs of the same outcomes (o: either's), and
 * DeLong's p-value for it, from their placements. */
static void compare_from(const struct outcomes *o, const struct placed *a,
			 const struct placed *b, double *diff, double *pvalue)
{
	double var;

	*diff = *pvalue = NAN;
	if (a->m1 >= 2 && a->m0 >= 2) {
		var = delong_cov(o, a->pl1, a->pl0, a->auc, a->pl1, a->pl0,
				 a->auc, a->m1, a->m0) +
		      delong_cov(o, b->pl1, b->pl0, b->auc, b->pl1, b->pl0,
				 b->auc, a->m1, a->m0) -
		      2 * delong_cov(o, a->pl1, a->pl0, a->auc, b->pl1,
				     b->pl0, b->auc, a->m1, a->m0);
		*diff = a->auc - b->auc;
		if (var > 0)
			*pvalue = 2 * stats_pnorm(-fabs(*diff / sqrt(var)));
		else if (*diff == 0)
			*pvalue = 1;
	}
}

/* Places o in room (2 o->n doubles) and says where: *out. */
static void place(const struct outcomes *o, double *room, struct placed *out)
{
	out->pl1 = room;
	out->pl0 = room + (o->n ? o->n : 1);
	placements(o, out->pl1, out->pl0, &out->m1, &out->m0, &out->auc);
}

static void auc_of(const struct outcomes *o, struct backtest_auc *out)
{
	size_t n = o->n ? o->n : 1;
	double *room = xreallocarray(NULL, 2 * n, sizeof(*room));
	struct placed pl;

	place(o, room, &pl);
	auc_from(o, &pl, out);
	free(room);
}

void backtest_auc(const double *p, const int *y, size_t n,
		  struct backtest_auc *out)
{
	double *w = xreallocarray(NULL, 2 * (n ? n : 1), sizeof(*w));
	struct outcomes o = of_sessions(p, y, n, w);

	auc_of(&o, out);
	free(w);
}

/* Two predictions of the same outcomes: a->p and b->p. */
static void auc_compare(const struct outcomes *a, const struct outcomes *b,
			double *diff, double *pvalue)
{
	size_t n = a->n ? a->n : 1;
	double *room = xreallocarray(NULL, 4 * n, sizeof(*room));
	struct placed pa, pb;

	place(a, room, &pa);
	place(b, room + 2 * n, &pb);
	compare_from(a, &pa, &pb, diff, pvalue);
	free(room);
}

void backtest_auc_compare(const double *a, const double *b, const int *y,
			  size_t n, double *diff, double *pvalue)
{
	double *w = xreallocarray(NULL, 2 * (n ? n : 1), sizeof(*w));
	struct outcomes oa = of_sessions(a, y, n, w), ob = oa;

	ob.p = b;
	auc_compare(&oa, &ob, diff, pvalue);
	free(w);
}

/* Predictions in units: unit u's p[u] is shared by its sessions
 * [start[u], start[u + 1]), consecutive in the order the predictions were
 * made; y[k] is session k's outcome (0 or 1). One session a unit, or an
 * athlete's week: sorted by (p, unit), the units give the sessions in the
 * order sorted by (p, session), so the figures below are the same either
 * way, to the bit. */
struct units {
	const double *p;
	size_t *start;
	struct bits y;
	size_t n;
};

/* The units sorted by (p, unit), from the lowest p. */
static struct stats_ranked *sorted_units(const struct units *u)
{
	return sorted(u->p, u->n);
}

/* Group o's figures from its sessions' sum of p (its sessions and cramps
 * counted). */
static void group_figures(struct backtest_group *o, double sum)
{
	const double z2 = STATS_Z975 * STATS_Z975;
	double m = (double)o->sessions, x = (double)o->cramps, centre, half;

	o->predicted = sum / m;
	o->observed = x / m;
	centre = (x + z2 / 2) / (m + z2);
	half = STATS_Z975 / (m + z2) * sqrt(x * (m - x) / m + z2 / 4);
	o->low = fmax(0, centre - half);
	o->high = fmin(1, centre + half);
}

static void groups_of(const struct units *u, size_t groups,
		      struct backtest_group *out, size_t *made)
{
	struct stats_ranked *r = sorted_units(u);
	size_t n = u->start[u->n], g = 0, k = 0;
	double sum = 0;

	if (groups > n)
		groups = n;
	memset(out, 0, groups * sizeof(*out));
	/* The sessions in order: group g ends before session (g + 1) n /
	 * groups. */
	for (size_t j = 0; j < u->n && groups; j++) {
		size_t a = r[j].i;

		for (size_t s = u->start[a]; s < u->start[a + 1]; s++) {
			sum += r[j].v;
			out[g].sessions++;
			out[g].cramps += bit_at(u->y.b, s);
			if (++k == (g + 1) * n / groups) {
				group_figures(&out[g++], sum);
				sum = 0;
			}
		}
	}
	*made = groups;
	free(r);
}

static void roc_of(const struct units *u, double *fpr, double *tpr,
		   size_t *count)
{
	struct stats_ranked *r = sorted_units(u);
	size_t n = u->start[u->n], m1 = 0, tp = 0, fp = 0, k = 0;

	*count = 0;
	for (size_t s = 0; s < n; s++)
		m1 += bit_at(u->y.b, s);
	if (m1 == 0 || m1 == n) {
		free(r);
		return;
	}
	fpr[k] = tpr[k] = 0;
	k++;
	/* From the highest risk down: each distinct value a threshold. */
	for (size_t a = u->n; a > 0;) {
		size_t b = a;

		for (; b > 0 && r[b - 1].v == r[a - 1].v; b--) {
			size_t i = r[b - 1].i;

			for (size_t s = u->start[i]; s < u->start[i + 1]; s++) {
				tp += bit_at(u->y.b, s);
				fp += !bit_at(u->y.b, s);
			}
		}
		fpr[k] = (double)fp / (double)(n - m1);
		tpr[k] = (double)tp / (double)m1;
		k++;
		a = b;
	}
	*count = k;
	free(r);
}

/* n sessions as units of one; units_release after. */
static struct units one_a_unit(const double *p, const int *y, size_t n)
{
	struct units u = { p, xreallocarray(NULL, n + 1, sizeof(size_t)),
			   { NULL, 0, 0 }, n };

	for (size_t i = 0; i <= n; i++)
		u.start[i] = i;
	for (size_t i = 0; i < n; i++)
		bits_add(&u.y, y[i] != 0);
	return u;
}

static void units_release(struct units *u)
{
	free(u->start);
	free(u->y.b);
}

void backtest_groups(const double *p, const int *y, size_t n, size_t groups,
		    struct backtest_group *out, size_t *made)
{
	struct units u = one_a_unit(p, y, n);

	groups_of(&u, groups, out, made);
	units_release(&u);
}

void backtest_roc(const double *p, const int *y, size_t n, double *fpr,
		 double *tpr, size_t *count)
{
	struct units u = one_a_unit(p, y, n);

	roc_of(&u, fpr, tpr, count);
	units_release(&u);
}

/* By week, then the flags' code, then row: the order of a backtest's
 * predictions that ties of risk keep, the same whether they were made
 * session by session, by athlete's week or summed by week and flags. */
static int by_week_code_row(const void *pa, const void *pb)
{
	const struct backtest_prediction *a = *(const struct backtest_prediction
						    *const *)pa;
	const struct backtest_prediction *b = *(const struct backtest_prediction
						    *const *)pb;

	if (a->monday != b->monday)
		return a->monday < b->monday ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	return (a->row > b->row) - (a->row < b->row);
}

void backtest_curves(const struct backtest *b, const struct flags_table *t,
		     size_t groups, struct backtest_curves *out)
{
	size_t n = 0, nu = b->count;
	size_t *start = xreallocarray(NULL, nu + 1, sizeof(*start));
	double *p = xreallocarray(NULL, 2 * (nu ? nu : 1), sizeof(*p));
	const struct backtest_prediction **order;
	struct units u = { 0 };

	memset(out, 0, sizeof(*out));
	order = xreallocarray(NULL, nu ? nu : 1, sizeof(*order));
	for (size_t i = 0; i < nu; i++)
		order[i] = &b->v[i];
	qsort(order, nu, sizeof(*order), by_week_code_row);
	for (size_t i = 0; i < nu; i++) {
		start[i] = n;
		n += order[i]->sessions;
		p[i] = order[i]->risk;
		p[nu + i] = order[i]->risk_history;
	}
	start[nu] = n;
	for (size_t i = 0; i < nu; i++) {
		const struct backtest_prediction *v = order[i];

		/* A unit's sessions are consecutive rows of t (or bits of
		 * b->cramps). */
		for (uint32_t k = 0; k < v->sessions; k++) {
			size_t r = v->row + k;

			bits_add(&u.y, t ? t->rows[r].cramp != 0 :
				       b->cramps ? bit_at(b->cramps, r) :
						   v->cramps != 0);
		}
	}
	free(order);
	u.p = p;
	u.start = start;
	u.n = nu;
	groups_of(&u, groups, out->group, &out->groups);
	for (int m = 0; m < 2; m++) {
		u.p = p + (size_t)m * nu;
		out->fpr[m] = xreallocarray(NULL, nu + 1, sizeof(double));
		out->tpr[m] = xreallocarray(NULL, nu + 1, sizeof(double));
		roc_of(&u, out->fpr[m], out->tpr[m], &out->points[m]);
	}
	free(u.y.b);
	free(p);
	free(start);
}

void backtest_curves_release(struct backtest_curves *c)
{
	for (int m = 0; m < 2; m++) {
		free(c->fpr[m]);
		free(c->tpr[m]);
	}
	memset(c, 0, sizeof(*c));
}

/* -log likelihood of the outcomes on a + b lp, and its gradient and
 * Hessian. */
static double recal_eval(const struct outcomes *o, const double *lp, double a,
			 double b, double g[2], double h[3])
{
	double nll = 0;

	g[0] = g[1] = h[0] = h[1] = h[2] = 0;
	for (size_t i = 0; i < o->n; i++) {
		/* One exponential a unit: e = e^-|eta|, q = 1 / (1 + e^-eta),
		 * and log(1 + e^eta) - y eta without overflow. */
		double eta = a + b * lp[i], e = exp(-fabs(eta));
		double q = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
		double m = o->pos[i] + o->neg[i];
		double r = o->pos[i] - m * q, w = m * (q * (1 - q));

		nll += m * (fmax(eta, 0) + log1p(e)) - o->pos[i] * eta;
		g[0] -= r;
		g[1] -= r * lp[i];
		h[0] += w;
		h[1] += w * lp[i];
		h[2] += w * lp[i] * lp[i];
	}
	return nll;
}

/*
 * The recalibration fit logit P(y) = a + b lp by maximum likelihood, as
 * rms::lrm.fit (Newton-Raphson with step halving, to a step under 1e-10).
 * 0, or -1 when it does not converge (separation, lp constant).
 */
static int recalibrate(const struct outcomes *o, const double *lp, double *a,
		       double *b)
{
	double g[2], h[3], nll = recal_eval(o, lp, 0, 1, g, h);

	*a = 0;
	*b = 1;
	for (int it = 0; it < 100; it++) {
		double det = h[0] * h[2] - h[1] * h[1], da, db, scale = 1;
		double g2[2], h2[3], nll2 = INFINITY;
		int k;

		if (!(det > 1e-300 * h[0] * h[2]))
			return -1;
		da = (h[2] * g[0] - h[1] * g[1]) / det;
		db = (h[0] * g[1] - h[1] * g[0]) / det;
		for (k = 0; k < 40; k++, scale /= 2) {
			nll2 = recal_eval(o, lp, *a - scale * da,
					  *b - scale * db, g2, h2);
			if (nll2 <= nll + 1e-12 * fabs(nll))
				break;
		}
		if (k == 40)
			return fabs(da) < 1e-6 && fabs(db) < 1e-6 ? 0 : -1;
		*a -= scale * da;
		*b -= scale * db;
		nll = nll2;
		memcpy(g, g2, sizeof(g));
		memcpy(h, h2, sizeof(h));
		if (fabs(da) < 1e-10 * (1 + fabs(*a)) &&
		    fabs(db) < 1e-10 * (1 + fabs(*b)))
			return 0;
	}
	return -1;
}

static void calibration_of(const struct outcomes *o,
			   struct backtest_calibration *out)
{
	double *lp = xreallocarray(NULL, o->n ? o->n : 1, sizeof(*lp)), obs;
	double sessions = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < o->n; i++) {
		double p = o->p[i];

		out->brier += o->pos[i] * ((p - 1) * (p - 1)) +
			      o->neg[i] * (p * p);
		out->observed += o->pos[i];
		out->expected += (o->pos[i] + o->neg[i]) * p;
		sessions += o->pos[i] + o->neg[i];
		lp[i] = log(p / (1 - p));
	}
	out->brier = sessions > 0 ? out->brier / sessions : NAN;
	obs = sessions > 0 ? out->observed / sessions : NAN;
	out->scaled_brier = obs > 0 && obs < 1 ?
			    1 - out->brier / (obs * (1 - obs)) : NAN;
	if (!(obs > 0 && obs < 1) ||
	    recalibrate(o, lp, &out->intercept, &out->slope) < 0)
		out->intercept = out->slope = NAN;
	free(lp);
}

void backtest_calibration(const double *p, const int *y, size_t n,
			  struct backtest_calibration *out)
{
	double *w = xreallocarray(NULL, 2 * (n ? n : 1), sizeof(*w));
	struct outcomes o = of_sessions(p, y, n, w);

	calibration_of(&o, out);
	free(w);
}

const char *backtest_model_name(enum backtest_model m)
{
	static const char *const names[BACKTEST_MODELS] = {
		"model", "history", "base_rate"
	};

	return m < BACKTEST_MODELS ? names[m] : NULL;
}

static void summary_init(struct backtest_summary *s)
{
	static const enum risk_level levels[3] = {
		RISK_HIGH, RISK_MODERATE, RISK_LOW
	};

	memset(s, 0, sizeof(*s));
	for (int m = 0; m < BACKTEST_MODELS; m++) {
		s->auc[m].auc = s->auc[m].low = s->auc[m].high = NAN;
		s->cal[m].brier = s->cal[m].scaled_brier = NAN;
		s->cal[m].intercept = s->cal[m].slope = NAN;
		s->cal[m].observed = s->cal[m].expected = NAN;
	}
	s->auc_difference = s->auc_p = NAN;
	for (int k = 0; k < 3; k++) {
		s->levels[k].level = levels[k];
		s->levels[k].rate = NAN;
	}
}

int backtest_one_outcome(const struct backtest_summary *s)
{
	return s->enough && isnan(s->auc[BACKTEST_MODEL].auc);
}

/* A prediction's three risks and its sessions' outcomes. */
struct triple {
	double p[BACKTEST_MODELS];
	double pos, neg;
};

static int by_triple(const void *pa, const void *pb)
{
	const struct triple *a = pa, *b = pb;

	for (int m = 0; m < BACKTEST_MODELS; m++)
		if (a->p[m] != b->p[m])
			return a->p[m] < b->p[m] ? -1 : 1;
	return 0;
}

void backtest_summarize(const struct backtest *b, struct backtest_summary *s)
{
	size_t n, m1 = b->count ? b->count : 1;
	double *p = xreallocarray(NULL, m1 * (BACKTEST_MODELS + 2), sizeof(*p));
	struct triple *u = xreallocarray(NULL, m1, sizeof(*u));
	struct outcomes o[BACKTEST_MODELS];

	summary_init(s);
	s->weeks = b->weeks;
	for (size_t i = 0; i < b->count; i++) {
		const struct backtest_prediction *v = &b->v[i];

		u[i] = (struct triple){ { v->risk, v->risk_history,
					  v->risk_base },
					v->cramps, v->sessions - v->cramps };
		s->sessions += v->sessions;
		s->cramps += v->cramps;
		for (int k = 0; k < 3; k++)
			if (s->levels[k].level == v->level) {
				s->levels[k].sessions += v->sessions;
				s->levels[k].cramps += v->cramps;
			}
	}
	/* The predictions alike are one unit, in the order of their risks:
	 * the same units, and so the same sums to the last bit, whether the
	 * predictions were made session by session, by athlete's week or
	 * summed by week and flags (backtest_walk_new's cells). */
	qsort(u, b->count, sizeof(*u), by_triple);
	n = 0;
	for (size_t i = 0; i < b->count; i++) {
		if (n == 0 || by_triple(&u[i], &u[n - 1]) != 0)
			u[n++] = u[i];
		else {
			u[n - 1].pos += u[i].pos;
			u[n - 1].neg += u[i].neg;
		}
	}
	for (size_t i = 0; i < n; i++) {
		for (int m = 0; m < BACKTEST_MODELS; m++)
			p[(size_t)m * m1 + i] = u[i].p[m];
		p[3 * m1 + i] = u[i].pos;
		p[4 * m1 + i] = u[i].neg;
	}
	free(u);
	for (int k = 0; k < 3; k++)
		if (s->levels[k].sessions)
			s->levels[k].rate = (double)s->levels[k].cramps /
					    (double)s->levels[k].sessions;
	s->enough = s->weeks > 0 && s->cramps >= BACKTEST_MIN_CRAMPS;
	for (int m = 0; m < BACKTEST_MODELS; m++)
		o[m] = (struct outcomes){ p + m * m1, p + 3 * m1, p + 4 * m1, n };
	if (s->enough) {
		/* The model's and history's placements made once, for their
		 * AUCs and for the comparison (a sort each, not two). */
		_Static_assert(BACKTEST_MODEL == 0 && BACKTEST_HISTORY == 1,
			       "pl[m] is model m's");
		double *room = xreallocarray(NULL, 4 * (n ? n : 1),
					     sizeof(*room));
		struct placed pl[2];

		for (int m = 0; m < 2; m++) {
			place(&o[m], room + 2 * (size_t)m * (n ? n : 1), &pl[m]);
			auc_from(&o[m], &pl[m], &s->auc[m]);
		}
		compare_from(&o[BACKTEST_MODEL], &pl[BACKTEST_MODEL],
			     &pl[BACKTEST_HISTORY], &s->auc_difference,
			     &s->auc_p);
		free(room);
		auc_of(&o[BACKTEST_BASE], &s->auc[BACKTEST_BASE]);
	}
	for (int m = 0; m < BACKTEST_MODELS && s->enough; m++)
		calibration_of(&o[m], &s->cal[m]);
	free(p);
}
