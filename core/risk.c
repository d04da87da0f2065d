/*
 * The week's risk (see risk.h): the history flag of every session, the
 * pooled model over the complete cases, each athlete's latest exposures
 * and the period's evidence, and the ranking.
 */
#include "risk.h"
#include "patterns.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *risk_level_name(enum risk_level level)
{
	switch (level) {
	case RISK_LOW:
		return "low";
	case RISK_MODERATE:
		return "moderate";
	case RISK_HIGH:
		return "high";
	case RISK_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *risk_term_name(int term)
{
	return term == RISK_TERM_HISTORY ? "history" :
	       exposure_factor_name((enum factor)term);
}

void risk_options_init(struct risk_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	for (int f = 0; f < FACTOR_COUNT; f++)
		opt->factor_on[f] = 1;
	opt->method = STATS_FIRTH;
}

signed char risk_history_next(struct risk_history *h,
			      const struct session_flags *e)
{
	signed char on;

	if (!h->started || h->athlete != e->athlete) {
		h->started = 1;
		h->athlete = e->athlete;
		h->head = h->count = 0;
	}
	while (h->head < h->count &&
	       h->day[h->head] < e->day - RISK_HISTORY_DAYS)
		h->head++;
	/* Held days are on or after e's window's first; the oldest is
	 * before e's day unless every one is e's own (a cramp earlier that
	 * day does not count). */
	on = h->head < h->count && h->day[h->head] < e->day ? FLAG_TRUE :
							      FLAG_FALSE;
	if (e->cramp) {
		if (h->count == h->alloc) {
			if (h->head > 0) {
				memmove(h->day, h->day + h->head,
					(h->count - h->head) * sizeof(*h->day));
				h->count -= h->head;
				h->head = 0;
			}
			if (h->count == h->alloc) {
				h->alloc = h->alloc ? 2 * h->alloc : 16;
				h->day = xreallocarray(h->day, h->alloc,
						       sizeof(*h->day));
			}
		}
		h->day[h->count++] = e->day;
	}
	return on;
}

void risk_history_release(struct risk_history *h)
{
	free(h->day);
	memset(h, 0, sizeof(*h));
}

void risk_history_flags(const struct flags_table *t, signed char *hist)
{
	struct risk_history h = RISK_HISTORY_INIT;

	for (size_t i = 0; i < t->count; i++)
		hist[i] = risk_history_next(&h, &t->rows[i]);
	risk_history_release(&h);
}

/* A pattern's term (risk.h's numbering: the factors, then history). */
static signed char term_flag(const struct pattern *e, int term)
{
	return e->flag[term == RISK_TERM_HISTORY ? PATTERN_HISTORY : term];
}

static int complete_case(const struct risk_options *opt,
			 const struct pattern *e)
{
	for (int f = 0; f < FACTOR_COUNT; f++)
		if (opt->factor_on[f] && e->flag[f] == FLAG_UNKNOWN)
			return 0;
	return 1;
}

/* The weighted rows of the model's fit: each complete pattern's cramps
 * (y = 1) and other sessions (y = 0) with its terms; with merge, the
 * patterns with the same terms summed first (one row per cell of the
 * terms and outcome). */
static size_t model_rows(const struct pattern_table *pt,
			 const struct risk_options *opt,
			 const struct risk_model *m, int merge, double *x,
			 double *y, double *wt)
{
	size_t p = m->nterms + 1, n = 0, ncells = (size_t)1 << m->nterms;
	uint64_t *count = merge ? xcalloc(2 * ncells, sizeof(*count)) : NULL;

	for (size_t i = 0; i < pt->count; i++) {
		const struct pattern *e = &pt->rows[i];
		size_t cell = 0;

		if (!complete_case(opt, e))
			continue;
		for (size_t k = 0; k < m->nterms; k++)
			cell |= (size_t)(term_flag(e, m->term[k]) == FLAG_TRUE) << k;
		for (int event = 1; event >= 0; event--) {
			uint64_t c = event ? e->cramps : e->sessions - e->cramps;

			if (merge) {
				count[2 * cell + (size_t)event] += c;
				continue;
			}
			if (!c)
				continue;
			x[n * p] = 1;
			for (size_t k = 0; k < m->nterms; k++)
				x[n * p + 1 + k] = (double)((cell >> k) & 1);
			y[n] = event;
			wt[n++] = (double)c;
		}
	}
	for (size_t r = 0; merge && r < 2 * ncells; r++) {
		if (!count[r])
			continue;
		x[n * p] = 1;
		for (size_t k = 0; k < m->nterms; k++)
			x[n * p + 1 + k] = (double)((r / 2 >> k) & 1);
		y[n] = (double)(r & 1);
		wt[n++] = (double)count[r];
	}
	free(count);
	return n;
}

/* Fits the model over the complete cases of pt (the sessions up to the
 * period's end); fit is left for predictions when m->fitted. merge: see
 * model_rows. */
static void fit_model(const struct pattern_table *pt,
		      const struct risk_options *opt, int merge,
		      struct risk_model *m, struct stats_fit *fit)
{
	uint64_t ones[RISK_TERMS] = { 0 };
	size_t n = 0, p, rows = 0;
	double *x, *y, *wt;
	struct diag local = DIAG_INIT;
	int rc;

	memset(m, 0, sizeof(*m));
	memset(fit, 0, sizeof(*fit));
	m->method = opt->method;
	for (size_t i = 0; i < pt->count; i++) {
		const struct pattern *e = &pt->rows[i];

		if (!complete_case(opt, e))
			continue;
		n += e->sessions;
		rows += 2;
		m->cramps += e->cramps;
		for (int k = 0; k < RISK_TERMS; k++)
			ones[k] += term_flag(e, k) == FLAG_TRUE ? e->sessions : 0;
	}
	m->sessions = n;
	m->base_rate = n ? (double)m->cramps / (double)n : NAN;
	for (int k = 0; k < RISK_TERMS; k++) {
		if (k < FACTOR_COUNT && !opt->factor_on[k])
			continue;
		if (ones[k] == 0 || ones[k] == n) {
			m->dropped[m->ndropped++] = k;
			continue;
		}
		m->prevalence[m->nterms] = (double)ones[k] / (double)n;
		m->term[m->nterms++] = k;
	}
	if (n == 0) {
		m->reason = "no session up to the period's end has every chosen "
			    "factor known (are hydration and diet logged?)";
		return;
	}
	if (m->cramps < RISK_MIN_EPISODES) {
		m->reason = "too few cramp episodes among the sessions with every "
			    "factor known for a model";
		return;
	}
	if (m->cramps == n) {
		m->reason = "every session had a cramp";
		return;
	}
	p = m->nterms + 1;
	if (merge)
		rows = (size_t)2 << m->nterms;
	x = xmalloc(rows * p * sizeof(*x));
	y = xmalloc(2 * rows * sizeof(*y));
	wt = y + rows;
	rows = model_rows(pt, opt, m, merge, x, y, wt);
	rc = stats_logit_weighted(x, y, wt, rows, p, opt->method, NULL, fit,
				  &local);
	free(x);
	free(y);
	if (rc < 0) {
		m->reason = "the factors repeat one another among the sessions used";
		diag_release(&local);
		return;
	}
	if (!fit->converged || fit->separation) {
		m->reason = fit->separation ?
			    "separation: some estimates run off to infinity; "
			    "use the Firth model" :
			    "the fit did not converge";
		stats_fit_release(fit);
		return;
	}
	for (size_t k = 0; k < m->nterms; k++) {
		m->odds_ratio[k] = exp(fit->beta[k + 1]);
		m->ci_low[k] = exp(fit->ci_low[k + 1]);
		m->ci_high[k] = exp(fit->ci_high[k + 1]);
		m->p[k] = fit->pvalue[k + 1];
	}
	m->fitted = 1;
}

void risk_model_patterns(const struct pattern_table *pt,
			 const struct risk_options *opt, struct risk_model *m,
			 struct stats_fit *fit)
{
	fit_model(pt, opt, 1, m, fit);
}

void risk_model_rows(const struct exposure_table *t, const signed char *hist,
		     const struct risk_options *opt, struct risk_model *m,
		     struct stats_fit *fit)
{
	struct pattern_table pt = { .names_count = t->names_count };

	/* Every session up to the period's end its own pattern. */
	pt.rows = xcalloc(t->count ? t->count : 1, sizeof(*pt.rows));
	for (size_t i = 0; i < t->count; i++) {
		struct pattern *e = &pt.rows[pt.count];

		if (t->rows[i].day > opt->to_day)
			continue;
		e->athlete = t->rows[i].athlete;
		memcpy(e->flag, t->rows[i].flag, FACTOR_ALL);
		e->flag[PATTERN_HISTORY] = hist[i];
		e->sessions = 1;
		e->cramps = t->rows[i].cramp != 0;
		pt.count++;
	}
	fit_model(&pt, opt, 0, m, fit);
	pattern_table_release(&pt);
}

static void count_init(struct risk_count *c)
{
	memset(c, 0, sizeof(*c));
	c->mean_on = NAN;
	c->worst = NAN;
}

/* Counts v (NAN: unknown); on says whether it passes the threshold, low
 * whether the worst value is the smallest. */
static void count_add(struct risk_count *c, double v, int on, int low)
{
	if (isnan(v))
		return;
	c->known++;
	if (!on)
		return;
	c->on++;
	c->mean_on = c->on == 1 ? v : c->mean_on + (v - c->mean_on) / c->on;
	if (c->on == 1 || (low ? v < c->worst : v > c->worst))
		c->worst = v;
}

static void evidence_init(struct risk_evidence *ev)
{
	count_init(&ev->mass_loss);
	count_init(&ev->usg);
	count_init(&ev->urine_color);
	count_init(&ev->sodium);
	count_init(&ev->potassium);
	count_init(&ev->carbs);
	count_init(&ev->tightness);
	count_init(&ev->acwr);
	ev->mass_loss_kg_worst = NAN;
	ev->sweat_sodium_mg = ev->sweat_volume_l = NAN;
	ev->sweat_intake_mg = ev->sweat_balance_mg = NAN;
	ev->body_mass_kg = NAN;
	ev->latest_acwr = NAN;
}

static void session_evidence(struct risk_evidence *ev,
			     const struct session_exposure *e,
			     const struct thresholds *th)
{
	int loss = exposure_over(e->body_mass_loss_pct, th->body_mass_loss_pct);
	/* The kilograms of the session of the worst percentage, not the
	 * most kilograms of any session. */
	int worst = loss && (ev->mass_loss.on == 0 ||
			     e->body_mass_loss_pct > ev->mass_loss.worst);

	count_add(&ev->mass_loss, e->body_mass_loss_pct, loss, 0);
	if (worst)
		ev->mass_loss_kg_worst = e->body_mass_loss_kg;
	count_add(&ev->tightness, e->tightness,
		  exposure_at_least(e->tightness, th->tightness), 0);
}

static void day_evidence(struct risk_evidence *ev, const struct day_exposure *e,
			 const struct thresholds *th)
{
	count_add(&ev->usg, e->usg, exposure_over(e->usg, th->usg), 0);
	count_add(&ev->urine_color, e->urine_color,
		  exposure_at_least(e->urine_color, th->urine_color), 0);
	count_add(&ev->sodium, e->sodium_mg,
		  exposure_under(e->sodium_mg, th->sodium_mg), 1);
	count_add(&ev->potassium, e->potassium_mg,
		  exposure_under(e->potassium_mg, th->potassium_mg), 1);
	count_add(&ev->carbs, e->carbs_g_per_kg,
		  exposure_under(e->carbs_g_per_kg, th->carbs_g_per_kg), 1);
	count_add(&ev->acwr, e->acwr, exposure_at_least(e->acwr, th->acwr), 0);
	if (!isnan(e->acwr))
		ev->latest_acwr = e->acwr;
}

enum risk_level risk_level_of(double ratio)
{
	if (isnan(ratio))
		return RISK_UNKNOWN;
	if (ratio >= RISK_HIGH_RATIO)
		return RISK_HIGH;
	return ratio >= RISK_MODERATE_RATIO ? RISK_MODERATE : RISK_LOW;
}

static void predict(const struct risk_model *m, const struct stats_fit *fit,
		    struct risk_athlete *a)
{
	double x[RISK_TERMS + 1];

	x[0] = 1;
	for (size_t k = 0; k < m->nterms; k++) {
		signed char f = a->flag[m->term[k]];

		x[k + 1] = f == FLAG_UNKNOWN ? m->prevalence[k] : f == FLAG_TRUE;
	}
	stats_logit_predict(fit, x, &a->risk, &a->risk_low, &a->risk_high);
	a->ratio = a->risk / m->base_rate;
	a->level = risk_level_of(a->ratio);
}

/* Most at risk first; without a model, most recent cramps first. */
static int by_risk(const void *pa, const void *pb)
{
	const struct risk_athlete *a = pa, *b = pb;

	if (!isnan(a->risk) && !isnan(b->risk) && a->risk != b->risk)
		return a->risk > b->risk ? -1 : 1;
	if (isnan(a->risk) != isnan(b->risk))
		return isnan(a->risk) ? 1 : -1;
	if (a->recent_cramps != b->recent_cramps)
		return a->recent_cramps > b->recent_cramps ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* What the walk holds: the report as tallied so far (its athletes in
 * the order of their first session, slot[i] athlete i's entry or
 * SIZE_MAX), the history of the current athlete and the model's pattern
 * counts. */
struct risk_walk {
	struct risk_options opt;
	struct risk_report r;
	size_t *slot, slots, alloc;
	struct risk_history hist;
	struct pattern_table pt;
	struct pattern_cells *cells;
};

struct risk_walk *risk_walk_new(const struct risk_options *opt)
{
	struct risk_walk *w = xcalloc(1, sizeof(*w));

	w->opt = *opt;
	w->r.from_day = opt->from_day;
	w->r.to_day = opt->to_day;
	w->cells = pattern_cells_new(&w->pt);
	return w;
}

/* Athlete i's entry, made on their first session. */
static struct risk_athlete *athlete_of(struct risk_walk *w, size_t i)
{
	struct risk_athlete *a;

	if (i >= w->slots) {
		size_t n = i + 1 > 2 * w->slots ? i + 1 : 2 * w->slots;

		w->slot = xreallocarray(w->slot, n, sizeof(*w->slot));
		for (size_t k = w->slots; k < n; k++)
			w->slot[k] = SIZE_MAX;
		w->slots = n;
	}
	if (w->slot[i] != SIZE_MAX)
		return &w->r.athletes[w->slot[i]];
	if (w->r.nathletes == w->alloc) {
		w->alloc = w->alloc ? 2 * w->alloc : 64;
		w->r.athletes = xreallocarray(w->r.athletes, w->alloc,
					      sizeof(*w->r.athletes));
	}
	a = &w->r.athletes[w->r.nathletes];
	memset(a, 0, sizeof(*a));
	a->athlete = i;
	a->worst_severity = NAN;
	a->risk = a->risk_low = a->risk_high = a->ratio = NAN;
	for (int k = 0; k < RISK_TERMS; k++)
		a->flag[k] = FLAG_UNKNOWN;
	evidence_init(&a->ev);
	w->slot[i] = w->r.nathletes++;
	return a;
}

/* The squad's counts and the athlete's, of a session up to the period's
 * end; its pattern counted for the model. */
void risk_walk_add(struct risk_walk *w, const struct session_flags *e)
{
	struct risk_report *out = &w->r;
	signed char hist = risk_history_next(&w->hist, e);
	struct risk_athlete *a;

	if (e->day > out->to_day)
		return;
	/* The pooled model needs the squad's counts, not each athlete's:
	 * one athlete's cells for all (as many rows as patterns). */
	pattern_cells_add(w->cells, 0, e->flag, hist, e->cramp);
	a = athlete_of(w, e->athlete);
	if (e->cramp && e->day > out->to_day - RISK_HISTORY_DAYS)
		a->recent_cramps++;
	if (e->day < out->from_day) {
		a->sessions_before++;
		a->cramps_before += e->cramp;
		out->sessions_before++;
		out->cramps_before += e->cramp;
		for (int f = 0; f < FACTOR_COUNT; f++) {
			out->usual_known[f] += e->flag[f] != FLAG_UNKNOWN;
			out->usual_on[f] += e->flag[f] == FLAG_TRUE;
		}
		return;
	}
	a->sessions++;
	out->sessions++;
	a->cramps += e->cramp;
	out->cramps += e->cramp;
	for (int f = 0; f < FACTOR_COUNT; f++) {
		out->factor_known[f] += e->flag[f] != FLAG_UNKNOWN;
		out->factor_on[f] += e->flag[f] == FLAG_TRUE;
		if (e->flag[f] != FLAG_UNKNOWN)
			a->flag[f] = e->flag[f];
	}
}

/* The evidence and the episodes of the period, from its full rows. */
static void period_sessions(const struct exposure_table *t,
			    const struct thresholds *th,
			    struct risk_report *out, const size_t *slot)
{
	for (size_t i = 0; i < t->count; i++) {
		const struct session_exposure *e = &t->rows[i];
		struct risk_athlete *a;
		struct risk_episode *ep;

		if (e->day < out->from_day || e->day > out->to_day ||
		    slot[e->athlete] == SIZE_MAX)
			continue;
		a = &out->athletes[slot[e->athlete]];
		session_evidence(&a->ev, e, th);
		if (!e->cramp)
			continue;
		if (!isnan(e->cramp_severity) &&
		    !(e->cramp_severity <= a->worst_severity))
			a->worst_severity = e->cramp_severity;
		ep = &out->episodes[out->nepisodes++];
		ep->athlete = e->athlete;
		memcpy(ep->date, e->date, sizeof(ep->date));
		memcpy(ep->start_time, e->start_time, sizeof(ep->start_time));
		ep->muscle = e->cramp_muscle;
		ep->side = e->cramp_side;
		ep->severity = e->cramp_severity;
	}
}

/* Each athlete's day of the period with the most sweat sodium: rows come
 * by athlete and day, so a day's sessions are consecutive. A day with a
 * session of unknown sweat has no known total, as its balance in
 * exposure.c. */
static void sweat_evidence(const struct exposure_table *t,
			   const struct risk_report *out, const size_t *slot)
{
	for (size_t i = 0, j; i < t->count; i = j) {
		const struct session_exposure *e = &t->rows[i];
		double mg = 0, litres = 0;
		int known = 1;
		struct risk_evidence *ev;

		for (j = i; j < t->count && t->rows[j].athlete == e->athlete &&
			    t->rows[j].day == e->day; j++) {
			known &= !isnan(t->rows[j].sweat_sodium_mg);
			mg += t->rows[j].sweat_sodium_mg;
			litres += t->rows[j].sweat_volume_l;
		}
		if (e->day < out->from_day || e->day > out->to_day || !known ||
		    slot[e->athlete] == SIZE_MAX || !(mg > 0))
			continue;
		ev = &out->athletes[slot[e->athlete]].ev;
		if (isnan(ev->sweat_sodium_mg) || mg > ev->sweat_sodium_mg) {
			ev->sweat_sodium_mg = mg;
			ev->sweat_volume_l = litres;
			ev->sweat_day = e->day;
		}
	}
}

static int by_date(const void *pa, const void *pb)
{
	const struct risk_episode *a = pa, *b = pb;
	int c = strcmp(a->date, b->date);

	return c ? c : strcmp(a->start_time, b->start_time);
}

void risk_walk_finish(struct risk_walk *w, size_t names_count,
		      const struct exposure_table *t,
		      const struct thresholds *th, struct risk_report *out)
{
	size_t kept = 0, *slot = w->slot;
	struct stats_fit fit;

	pattern_cells_end(w->cells);
	w->pt.names_count = names_count;
	risk_model_patterns(&w->pt, &w->opt, &w->r.model, &fit);
	pattern_table_release(&w->pt);
	risk_history_release(&w->hist);
	*out = w->r;
	/* Every athlete of t has a slot (SIZE_MAX: no session up to the
	 * period's end). */
	if (w->slots < t->names_count || !slot) {
		size_t n = t->names_count ? t->names_count : 1;

		slot = xreallocarray(slot, n, sizeof(*slot));
		for (size_t k = w->slots; k < n; k++)
			slot[k] = SIZE_MAX;
	}
	free(w);
	if (!out->athletes)
		out->athletes = xcalloc(1, sizeof(*out->athletes));
	for (size_t i = 0; i < out->nathletes; i++)
		out->athletes[i].name = t->names[out->athletes[i].athlete];
	out->episodes = xcalloc(t->count ? t->count : 1, sizeof(*out->episodes));
	out->idle = xcalloc(out->nathletes ? out->nathletes : 1,
			    sizeof(*out->idle));
	period_sessions(t, th, out, slot);
	sweat_evidence(t, out, slot);
	for (size_t i = 0; i < t->days_count; i++) {
		const struct day_exposure *e = &t->days[i];
		struct risk_athlete *a;

		if (slot[e->athlete] == SIZE_MAX || e->day > out->to_day)
			continue;
		a = &out->athletes[slot[e->athlete]];
		if (!isnan(e->body_mass_kg))
			a->ev.body_mass_kg = e->body_mass_kg;
		if (!isnan(a->ev.sweat_sodium_mg) && e->day == a->ev.sweat_day) {
			a->ev.sweat_intake_mg = e->sodium_mg;
			a->ev.sweat_balance_mg = e->sodium_mg - a->ev.sweat_sodium_mg;
		}
		if (e->day >= out->from_day)
			day_evidence(&a->ev, e, th);
	}
	/* Who trained in the period; the others are idle. */
	for (size_t i = 0; i < out->nathletes; i++) {
		struct risk_athlete *a = &out->athletes[i];

		if (a->sessions == 0) {
			out->idle[out->nidle++] = a->athlete;
			continue;
		}
		a->flag[RISK_TERM_HISTORY] = a->recent_cramps > 0;
		if (out->model.fitted)
			predict(&out->model, &fit, a);
		out->athletes[kept++] = *a;
	}
	out->nathletes = kept;
	qsort(out->athletes, out->nathletes, sizeof(*out->athletes), by_risk);
	for (size_t i = 0; i < out->nathletes; i++)
		out->athletes[i].rank = i + 1;
	qsort(out->episodes, out->nepisodes, sizeof(*out->episodes), by_date);
	stats_fit_release(&fit);
	free(slot);
}

void risk_walk_free(struct risk_walk *w)
{
	if (!w)
		return;
	pattern_cells_end(w->cells);
	pattern_table_release(&w->pt);
	risk_history_release(&w->hist);
	risk_report_release(&w->r);
	free(w->slot);
	free(w);
}

/* A week's session counts by the flags the model sees: the six factors
 * (each unknown, false or true) and history (false or true). */
#define WEEK_CODES (729 * 2)
/* 3^6 codes of the factors and two bits of each in an athlete-week's
 * 16 (with WEEK_TRAINED and WEEK_RECENT): a seventh factor in the model
 * needs both made wider. */
_Static_assert(FACTOR_COUNT == 6, "risk_weeks packs six factors");

/* An athlete-week: bit 15 trained in it, bit 14 a cramp in the
 * RISK_HISTORY_DAYS days to its end, two bits a factor (0 unknown, 1
 * false, 2 true) as at its latest session where known. */
#define WEEK_TRAINED 0x8000u
#define WEEK_RECENT 0x4000u

struct risk_weeks {
	struct risk_options opt;
	int32_t first_monday;
	size_t n;
	uint32_t (*counts)[WEEK_CODES][2];   /* n + 1: [0] before the weeks */
	uint16_t *state;                     /* athletes x n */
	size_t athletes;
	struct risk_history hist;
	int have;                            /* an athlete-week is open */
	uint32_t athlete;
	size_t week;
	uint16_t open;
};

struct risk_weeks *risk_weeks_new(const struct risk_options *opt,
				  int32_t first_monday, size_t n)
{
	struct risk_weeks *w = xcalloc(1, sizeof(*w));

	w->opt = *opt;
	w->first_monday = first_monday;
	w->n = n;
	w->counts = xcalloc(n + 1, sizeof(*w->counts));
	return w;
}

/* Closes the open athlete-week: its recent cramps are the current
 * athlete's cramp days held (all on or before its end) from its end's
 * window on. */
static void weeks_close(struct risk_weeks *w)
{
	const struct risk_history *h = &w->hist;
	int32_t end = w->first_monday + 7 * (int32_t)w->week + 6;

	if (!w->have)
		return;
	w->have = 0;
	if (h->count > h->head &&
	    h->day[h->count - 1] > end - RISK_HISTORY_DAYS)
		w->open |= WEEK_RECENT;
	if (w->athlete >= w->athletes) {
		size_t more = (size_t)w->athlete + 1 > 2 * w->athletes ?
			      (size_t)w->athlete + 1 : 2 * w->athletes;

		w->state = xreallocarray(w->state, more * w->n,
					 sizeof(*w->state));
		memset(w->state + w->athletes * w->n, 0,
		       (more - w->athletes) * w->n * sizeof(*w->state));
		w->athletes = more;
	}
	w->state[(size_t)w->athlete * w->n + w->week] = w->open;
}

void risk_weeks_add(struct risk_weeks *w, const struct session_flags *e)
{
	int64_t k = e->day < w->first_monday ? -1 :
		    (e->day - w->first_monday) / 7;
	unsigned code = 0;
	signed char hist;

	if (w->have && (e->athlete != w->athlete || k != (int64_t)w->week))
		weeks_close(w);
	if (k >= (int64_t)w->n)
		return;      /* after the last week: nothing it scores */
	hist = risk_history_next(&w->hist, e);
	for (int f = FACTOR_COUNT - 1; f >= 0; f--)
		code = 3 * code + (unsigned)(e->flag[f] + 1);
	code = 2 * code + (hist == FLAG_TRUE);
	w->counts[k + 1][code][0]++;
	w->counts[k + 1][code][1] += e->cramp != 0;
	if (k < 0)
		return;
	if (!w->have) {
		w->have = 1;
		w->athlete = e->athlete;
		w->week = (size_t)k;
		w->open = WEEK_TRAINED;
	}
	for (int f = 0; f < FACTOR_COUNT; f++)
		if (e->flag[f] != FLAG_UNKNOWN)
			w->open = (uint16_t)((w->open & ~(3u << (2 * f))) |
					     (unsigned)(e->flag[f] + 1) << (2 * f));
}

void risk_weeks_finish(struct risk_weeks *w, size_t athletes,
		       int32_t to_monday, size_t to_n, double *risk)
{
	uint64_t (*sum)[2] = xcalloc(WEEK_CODES, sizeof(*sum));
	struct pattern_table pt = { .names_count = 1 };

	weeks_close(w);
	pt.rows = xcalloc(WEEK_CODES, sizeof(*pt.rows));
	for (size_t i = 0; i < athletes * to_n; i++)
		risk[i] = NAN;
	for (unsigned c = 0; c < WEEK_CODES; c++) {
		sum[c][0] = w->counts[0][c][0];
		sum[c][1] = w->counts[0][c][1];
	}
	for (size_t k = 0; k < w->n; k++) {
		struct risk_model m;
		struct stats_fit fit;
		int32_t monday = w->first_monday + 7 * (int32_t)k;
		size_t j = (size_t)((monday - to_monday) / 7);

		/* The sessions up to the week's end, by pattern. */
		pt.count = 0;
		for (unsigned c = 0; c < WEEK_CODES; c++) {
			struct pattern *e = &pt.rows[pt.count];
			unsigned rest = c / 2;

			sum[c][0] += w->counts[k + 1][c][0];
			sum[c][1] += w->counts[k + 1][c][1];
			if (!sum[c][0])
				continue;
			memset(e, 0, sizeof(*e));
			for (int f = 0; f < FACTOR_COUNT; f++, rest /= 3)
				e->flag[f] = (signed char)(rest % 3) - 1;
			for (int f = FACTOR_COUNT; f < FACTOR_ALL; f++)
				e->flag[f] = FLAG_UNKNOWN;
			e->flag[PATTERN_HISTORY] = c % 2 ? FLAG_TRUE : FLAG_FALSE;
			e->sessions = sum[c][0];
			e->cramps = sum[c][1];
			pt.count++;
		}
		if (monday < to_monday || j >= to_n)
			continue;
		fit_model(&pt, &w->opt, 1, &m, &fit);
		if (!m.fitted)
			continue;
		for (size_t a = 0; a < athletes && a < w->athletes; a++) {
			uint16_t st = w->state[a * w->n + k];
			struct risk_athlete ra;

			if (!(st & WEEK_TRAINED))
				continue;
			for (int f = 0; f < FACTOR_COUNT; f++)
				ra.flag[f] = (signed char)((st >> (2 * f)) & 3) - 1;
			ra.flag[RISK_TERM_HISTORY] = (st & WEEK_RECENT) != 0;
			predict(&m, &fit, &ra);
			risk[a * to_n + j] = ra.risk;
		}
		stats_fit_release(&fit);
	}
	free(sum);
	pattern_table_release(&pt);
	risk_weeks_free(w);
}

void risk_weeks_free(struct risk_weeks *w)
{
	if (!w)
		return;
	risk_history_release(&w->hist);
	free(w->counts);
	free(w->state);
	free(w);
}

void risk_compute_flags(const struct flags_table *ft,
			const struct exposure_table *t,
			const struct thresholds *th,
			const struct risk_options *opt, struct risk_report *out)
{
	struct risk_walk *w = risk_walk_new(opt);

	for (size_t i = 0; i < ft->count; i++)
		risk_walk_add(w, &ft->rows[i]);
	risk_walk_finish(w, ft->names_count, t, th, out);
}

void risk_compute(const struct exposure_table *t, const struct thresholds *th,
		 const struct risk_options *opt, struct risk_report *out)
{
	struct flags_table ft;

	flags_of_table(t, &ft);
	risk_compute_flags(&ft, t, th, opt, out);
	flags_table_release(&ft);
}

void risk_report_release(struct risk_report *r)
{
	free(r->athletes);
	free(r->episodes);
	free(r->idle);
	memset(r, 0, sizeof(*r));
}
