/*
 * Tests of the backtest (core/backtest.c): each week's prediction is the
 * risk `cramplog report` of the week before gives (risk_compute on the
 * same table), nothing dated later changes it, the baselines; and the
 * metrics against R (tests/stats/backtest_reference.R, on data both files
 * make with the same integer formulas), relative error 1e-6.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "backtest.h"
#include "calendar.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ATHLETES 8
#define DAYS 280

static char *names[ATHLETES] = { "Ann", "Bea", "Cy", "Dee", "Eli", "Fay",
				 "Gus", "Hal" };
static int64_t ids[ATHLETES] = { 11, 12, 13, 14, 15, 16, 17, 18 };

/* docs/science.md's default thresholds (the report's evidence needs them). */
static const struct thresholds defaults = {
	.body_mass_loss_pct = 2, .usg = 1.020, .urine_color = 5,
	.sodium_mg = 1500, .potassium_mg = 2600, .carbs_g_per_kg = 5,
	.tightness = 7, .acwr = 1.5
};

static void close_to(double got, double want, double tol, const char *what,
		     int line)
{
	if (isnan(want) && isnan(got))
		return;
	if (!(fabs(got - want) <= tol * fabs(want)))
		fail_msg("line %d: %s is %.17g, want %.17g (relative error %.3g)",
			 line, what, got, want, fabs(got - want) / fabs(want));
}

#define R6(got, want) close_to((got), (want), 1e-6, #got, __LINE__)

static void table_init(struct exposure_table *t, struct session_exposure *rows,
		       size_t count)
{
	*t = (struct exposure_table){ .rows = rows, .count = count,
				      .names = names, .name_ids = ids,
				      .names_count = ATHLETES,
				      .window_days = 1 };
}

/* A deterministic pseudo-random number in 0..1 (a 64-bit LCG). */
static double next(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (double)(*s >> 11) / 9007199254740992.0;
}

/*
 * A squad of ATHLETES over DAYS days from a Monday, by athlete and day:
 * most days a session; tightness and low sodium known on most and raising
 * the risk; dehydration unknown on some; each athlete's own propensity;
 * Gus only from day 100, Hal away from day 151 to 169 (idle weeks).
 */
static size_t make_squad(struct session_exposure *rows, int32_t day0)
{
	uint64_t s = 42;
	size_t n = 0;

	for (size_t a = 0; a < ATHLETES; a++)
		for (int i = 0; i < DAYS; i++) {
			struct session_exposure *e;
			double lp;

			if (next(&s) < 0.2 || (a == 6 && i < 100) ||
			    (a == 7 && i > 150 && i < 170))
				continue;
			e = &rows[n++];
			memset(e, 0, sizeof(*e));
			e->athlete = a;
			e->athlete_id = ids[a];
			e->day = day0 + i;
			calendar_format_date(e->day, e->date);
			e->cramp_severity = NAN;
			for (int f = 0; f < FACTOR_COUNT; f++)
				e->flag[f] = FLAG_UNKNOWN;
			e->flag[FACTOR_TIGHTNESS] = next(&s) < 0.9 ?
						    (signed char)(next(&s) < 0.3) :
						    FLAG_UNKNOWN;
			e->flag[FACTOR_LOW_SODIUM] = (signed char)(next(&s) < 0.35);
			e->flag[FACTOR_DEHYDRATION] = next(&s) < 0.8 ?
						      (signed char)(next(&s) < 0.25) :
						      FLAG_UNKNOWN;
			lp = -3.2 + 0.15 * (double)a +
			     1.2 * (e->flag[FACTOR_TIGHTNESS] == FLAG_TRUE) +
			     0.8 * (e->flag[FACTOR_LOW_SODIUM] == FLAG_TRUE);
			e->cramp = next(&s) < 1 / (1 + exp(-lp));
		}
	return n;
}

static int32_t day0(void)
{
	return calendar_days_from_civil(2026, 1, 5);   /* a Monday */
}

/* The factors the squad logs (the others are unknown throughout, so that
 * no session would be a complete case). */
static void logged_factors(int *factor_on)
{
	memset(factor_on, 0, FACTOR_COUNT * sizeof(int));
	factor_on[FACTOR_DEHYDRATION] = 1;
	factor_on[FACTOR_LOW_SODIUM] = 1;
	factor_on[FACTOR_TIGHTNESS] = 1;
}

static void options_init(struct backtest_options *opt)
{
	backtest_options_init(opt);
	logged_factors(opt->factor_on);
}

static void run(const struct exposure_table *t, struct backtest *b)
{
	struct backtest_options opt;

	options_init(&opt);
	backtest_run(t, &opt, b);
}

/* The fit on counts (frequency weights) is the fit on the rows repeated,
 * Firth's and ML, from 0 or from a start near the optimum. */
static void test_weighted_fit_is_the_fit_on_rows(void **state)
{
	/* Two flags and an outcome: 8 patterns with these counts. */
	static const double count[8] = { 40, 7, 25, 9, 18, 3, 6, 4 };
	double xw[8 * 3], yw[8], w[8], *x, *y, start[3] = { -1, 0.5, 0.3 };
	size_t n = 0;

	(void)state;
	for (int q = 0; q < 8; q++)
		n += (size_t)count[q];
	x = malloc(n * 3 * sizeof(*x));
	y = malloc(n * sizeof(*y));
	n = 0;
	for (int q = 0; q < 8; q++) {
		xw[3 * q] = 1;
		xw[3 * q + 1] = q & 1;
		xw[3 * q + 2] = q >> 1 & 1;
		yw[q] = q >> 2 & 1;
		w[q] = count[q];
		for (int k = 0; k < (int)count[q]; k++, n++) {
			memcpy(x + 3 * n, xw + 3 * q, 3 * sizeof(*x));
			y[n] = yw[q];
		}
	}
	for (int m = 0; m < 2; m++)
		for (int warm = 0; warm < 2; warm++) {
			enum stats_method method = m ? STATS_FIRTH : STATS_MLE;
			struct stats_fit rows, counts;
			struct diag d = DIAG_INIT;

			assert_int_equal(stats_logit(x, y, n, 3, method, &rows, &d), 0);
			assert_int_equal(stats_logit_weighted(xw, yw, w, 8, 3, method,
							      warm ? start : NULL,
							      &counts, &d), 0);
			assert_true(counts.converged);
			assert_int_equal(counts.n, n);
			assert_int_equal(counts.events, rows.events);
			for (int j = 0; j < 3; j++) {
				close_to(counts.beta[j], rows.beta[j], 1e-8, "beta",
					 __LINE__);
				close_to(counts.se[j], rows.se[j], 1e-8, "se", __LINE__);
			}
			close_to(counts.loglik, rows.loglik, 1e-10, "loglik", __LINE__);
			stats_fit_release(&rows);
			stats_fit_release(&counts);
		}
	free(x);
	free(y);
}

/* Every week's predictions are what the report of the week before says
 * of the athlete (risk_compute over the same table up to that Sunday):
 * the same risk and level; history alone is the report's model with no
 * factor; the base rate is the squad's before the week. */
static void test_predictions_are_the_reports(void **state)
{
	struct session_exposure *rows = calloc(ATHLETES * DAYS, sizeof(*rows));
	struct exposure_table t;
	struct backtest b;
	size_t checked = 0, idle = 0;

	(void)state;
	table_init(&t, rows, make_squad(rows, day0()));
	run(&t, &b);
	assert_true(b.count > 1000);
	assert_true(b.weeks > 30);
	for (size_t k = 0; k < b.count;) {
		int32_t monday = b.v[k].monday;
		struct risk_options ropt, hopt;
		struct risk_report rr, hr;
		uint64_t sessions = 0, cramps = 0;

		risk_options_init(&ropt);
		logged_factors(ropt.factor_on);
		ropt.from_day = monday - 7;
		ropt.to_day = monday - 1;
		hopt = ropt;
		memset(hopt.factor_on, 0, sizeof(hopt.factor_on));
		risk_compute(&t, &defaults, &ropt, &rr);
		risk_compute(&t, &defaults, &hopt, &hr);
		assert_true(rr.model.fitted);
		for (size_t i = 0; i < t.count; i++)
			if (t.rows[i].day < monday) {
				sessions++;
				cramps += t.rows[i].cramp != 0;
			}
		for (; k < b.count && b.v[k].monday == monday; k++) {
			const struct backtest_prediction *p = &b.v[k];
			size_t a = t.rows[p->row].athlete, found = 0;

			assert_true(t.rows[p->row].day >= monday &&
				    t.rows[p->row].day < monday + 7);
			R6(p->risk_base, (double)cramps / (double)sessions);
			for (size_t j = 0; j < rr.nathletes; j++)
				if (rr.athletes[j].athlete == a) {
					close_to(p->risk, rr.athletes[j].risk, 1e-7,
						 "risk", __LINE__);
					assert_int_equal(p->level, rr.athletes[j].level);
					found = 1;
				}
			for (size_t j = 0; j < hr.nathletes; j++)
				if (hr.athletes[j].athlete == a)
					close_to(p->risk_history,
						 hr.athletes[j].risk, 1e-7,
						 "history", __LINE__);
			checked += found;
			idle += !found;
		}
		risk_report_release(&rr);
		risk_report_release(&hr);
	}
	assert_true(checked > 1000);
	/* Athletes idle the week before are scored too (their last week). */
	assert_true(idle > 0);
	backtest_release(&b);
	free(rows);
}

/* Deleting every session from a day on changes no prediction of a
 * session before it, to the last bit. */
static void test_later_sessions_change_nothing(void **state)
{
	struct session_exposure *rows = calloc(ATHLETES * DAYS, sizeof(*rows));
	struct session_exposure *cut = calloc(ATHLETES * DAYS, sizeof(*cut));
	static const int offsets[] = { 120, 200, 203 };
	struct exposure_table t, tc;
	struct backtest full;

	(void)state;
	table_init(&t, rows, make_squad(rows, day0()));
	run(&t, &full);
	for (size_t o = 0; o < sizeof(offsets) / sizeof(offsets[0]); o++) {
		int32_t end = day0() + offsets[o];
		struct backtest b;
		size_t n = 0, k = 0;

		for (size_t i = 0; i < t.count; i++)
			if (t.rows[i].day < end)
				cut[n++] = t.rows[i];
		table_init(&tc, cut, n);
		run(&tc, &b);
		for (size_t i = 0; i < full.count; i++) {
			const struct backtest_prediction *p = &full.v[i];

			if (t.rows[p->row].day >= end)
				continue;
			assert_true(k < b.count);
			assert_memory_equal(t.rows[p->row].date,
					    tc.rows[b.v[k].row].date,
					    sizeof(model_date));
			assert_true(p->risk == b.v[k].risk);
			assert_true(p->risk_history == b.v[k].risk_history);
			assert_true(p->risk_base == b.v[k].risk_base);
			assert_int_equal(p->level, b.v[k].level);
			k++;
		}
		assert_int_equal(k, b.count);
		assert_true(k > 300);
		backtest_release(&b);
	}
	backtest_release(&full);
	free(cut);
	free(rows);
}

/* --from, --to and --athlete choose the sessions scored, not the fits. */
static void test_span_and_athlete(void **state)
{
	struct session_exposure *rows = calloc(ATHLETES * DAYS, sizeof(*rows));
	struct backtest_options opt;
	struct exposure_table t;
	struct backtest full, b;
	size_t want = 0, k = 0;

	(void)state;
	table_init(&t, rows, make_squad(rows, day0()));
	run(&t, &full);
	options_init(&opt);
	opt.from_day = day0() + 150;
	opt.to_day = day0() + 180;
	opt.athlete_id = 13;
	backtest_run(&t, &opt, &b);
	for (size_t i = 0; i < full.count; i++) {
		const struct session_exposure *e = &t.rows[full.v[i].row];

		if (e->day < opt.from_day || e->day > opt.to_day ||
		    e->athlete_id != 13)
			continue;
		want++;
		assert_true(k < b.count);
		assert_int_equal(b.v[k].row, full.v[i].row);
		assert_true(b.v[k].risk == full.v[i].risk);
		k++;
	}
	assert_true(want > 10);
	assert_int_equal(b.count, want);
	backtest_release(&b);
	backtest_release(&full);
	free(rows);
}

/* report's backtest, one prediction for each athlete's week, is the same
 * backtest: the weeks' sessions share their athlete's prediction, and the
 * summary (AUCs, DeLong's test, calibration, levels) is the sessions'
 * one by one to the last bit. A grouping that mixed athletes or weeks, or
 * weights dropped from a metric, fails it. */
/* The squad's backtest into t (on rows) one prediction a session and
 * one an athlete's week. */
static void both_ways(struct exposure_table *t, struct session_exposure *rows,
		      struct backtest *one, struct backtest *grouped)
{
	struct backtest_options opt;

	table_init(t, rows, make_squad(rows, day0()));
	options_init(&opt);
	backtest_run(t, &opt, one);
	opt.by_athlete_week = 1;
	backtest_run(t, &opt, grouped);
}

static int by_row(const void *pa, const void *pb)
{
	const struct backtest_prediction *a = pa, *b = pb;

	return (a->row > b->row) - (a->row < b->row);
}

/* Summaries the same to the last bit: every figure, every level. */
static void same_summary(const struct backtest_summary *gs,
			 const struct backtest_summary *ss)
{
	assert_true(ss->enough && gs->enough);
	assert_int_equal(gs->sessions, ss->sessions);
	assert_int_equal(gs->cramps, ss->cramps);
	assert_int_equal(gs->weeks, ss->weeks);
	for (int m = 0; m < BACKTEST_MODELS; m++) {
		close_to(gs->auc[m].auc, ss->auc[m].auc, 0, "auc", __LINE__);
		close_to(gs->auc[m].low, ss->auc[m].low, 0, "low", __LINE__);
		close_to(gs->auc[m].high, ss->auc[m].high, 0, "high", __LINE__);
		close_to(gs->cal[m].brier, ss->cal[m].brier, 0, "brier",
			 __LINE__);
		close_to(gs->cal[m].scaled_brier, ss->cal[m].scaled_brier, 0,
			 "scaled", __LINE__);
		close_to(gs->cal[m].intercept, ss->cal[m].intercept, 0,
			 "intercept", __LINE__);
		close_to(gs->cal[m].slope, ss->cal[m].slope, 0, "slope",
			 __LINE__);
		close_to(gs->cal[m].observed, ss->cal[m].observed, 0,
			 "observed", __LINE__);
		close_to(gs->cal[m].expected, ss->cal[m].expected, 0,
			 "expected", __LINE__);
	}
	close_to(gs->auc_difference, ss->auc_difference, 0, "diff", __LINE__);
	close_to(gs->auc_p, ss->auc_p, 0, "p", __LINE__);
	for (int l = 0; l < 3; l++) {
		assert_int_equal(gs->levels[l].sessions, ss->levels[l].sessions);
		assert_int_equal(gs->levels[l].cramps, ss->levels[l].cramps);
	}
}

static void test_by_athlete_week_is_by_session(void **state)
{
	struct session_exposure *rows = calloc(ATHLETES * DAYS, sizeof(*rows));
	struct backtest_summary ss, gs;
	struct exposure_table t;
	struct backtest one, grouped;
	size_t k = 0;

	(void)state;
	both_ways(&t, rows, &one, &grouped);
	/* Fewer predictions, each its athlete's sessions of a week. */
	assert_true(grouped.count * 3 < one.count);
	assert_int_equal(grouped.weeks, one.weeks);
	assert_int_equal(grouped.unscored, one.unscored);
	for (size_t g = 0; g < grouped.count; g++) {
		const struct backtest_prediction *p = &grouped.v[g];
		uint32_t cramps = 0;

		assert_true(p->sessions >= 1);
		for (uint32_t i = 0; i < p->sessions; i++, k++) {
			const struct backtest_prediction *q = &one.v[k];

			assert_true(k < one.count);
			assert_int_equal(t.rows[q->row].athlete,
					 t.rows[p->row].athlete);
			assert_int_equal(q->monday, p->monday);
			assert_true(q->risk == p->risk);
			assert_true(q->risk_history == p->risk_history);
			assert_true(q->risk_base == p->risk_base);
			assert_int_equal(q->sessions, 1);
			cramps += q->cramps;
		}
		assert_int_equal(p->cramps, cramps);
	}
	assert_int_equal(k, one.count);
	backtest_summarize(&one, &ss);
	backtest_summarize(&grouped, &gs);
	same_summary(&gs, &ss);
	backtest_release(&grouped);
	backtest_release(&one);
	free(rows);
}

/* The squad's rows into t and their flags into ft; the rows to free. */
static struct session_exposure *squad_flags(struct exposure_table *t,
					    struct flags_table *ft)
{
	struct session_exposure *rows = calloc(ATHLETES * DAYS, sizeof(*rows));

	table_init(t, rows, make_squad(rows, day0()));
	flags_of_table(t, ft);
	return rows;
}

/* The options of variant v of the squad in ft: 0 every week, 1 a span
 * (from a Thursday), 2 one athlete. */
static void variant_options(int v, const struct flags_table *ft,
			    struct backtest_options *opt)
{
	options_init(opt);
	if (v == 1) {
		opt->from_day = day0() + 7 * 5 + 3;
		opt->to_day = day0() + 7 * 9 + 1;
	}
	if (v == 2)
		opt->athlete_id = ft->name_ids[2];
}

/* ft's backtest by athlete's week streamed through the walk (how). */
static void walk_flags(const struct flags_table *ft,
		       const struct backtest_options *opt, unsigned how,
		       struct backtest *out)
{
	struct backtest_options o = *opt;
	struct backtest_walk *w;

	o.by_athlete_week = 1;
	w = backtest_walk_new(&o, how);
	for (size_t i = 0; i < ft->count; i++)
		backtest_walk_add(w, &ft->rows[i], i,
				  ft->name_ids[ft->rows[i].athlete]);
	backtest_walk_finish(w, out);
}

/* The report's backtest streams the sessions and sums a week's
 * predictions by the flags they are made at (backtest_walk_new's cells):
 * fewer predictions, each of one week, and the summary of the
 * athletes' weeks to the last bit; over every week, over a span and for
 * one athlete, for the sessions scored then differ from the weeks
 * learned (the athlete told by the id handed with each session). A cell
 * that mixed weeks or flags, a session counted twice or dropped, fails
 * it. */
static void test_cells_are_the_athletes_weeks(void **state)
{
	struct exposure_table t;
	struct flags_table ft;
	struct session_exposure *rows = squad_flags(&t, &ft);

	(void)state;
	for (int span = 0; span < 3; span++) {
		struct backtest_options opt;
		struct backtest grouped, cells;
		struct backtest_summary gs, cs;
		uint64_t sessions = 0, scored = 0;

		variant_options(span, &ft, &opt);
		opt.by_athlete_week = 1;
		backtest_run_flags(&ft, &opt, &grouped);
		walk_flags(&ft, &opt, BACKTEST_WALK_CELLS, &cells);
		/* One athlete: one prediction a week either way. */
		assert_true(cells.count > 0 && (span == 2 ?
						cells.count == grouped.count :
						cells.count < grouped.count));
		assert_int_equal(cells.weeks, grouped.weeks);
		assert_int_equal(cells.unscored, grouped.unscored);
		for (size_t i = 0; i < cells.count; i++) {
			assert_true(cells.v[i].row == SIZE_MAX);
			assert_true(i == 0 || cells.v[i].monday >=
					      cells.v[i - 1].monday);
			sessions += cells.v[i].sessions;
		}
		for (size_t i = 0; i < grouped.count; i++)
			scored += grouped.v[i].sessions;
		assert_int_equal(sessions, scored);
		backtest_summarize(&grouped, &gs);
		backtest_summarize(&cells, &cs);
		same_summary(&cs, &gs);
		backtest_release(&cells);
		backtest_release(&grouped);
	}
	flags_table_release(&ft);
	free(rows);
}

/* Walked again, each session finds its prediction among the cells: the
 * same risks and level as one prediction a session gives it, and none
 * for the sessions that has not scored; over every week, a span and one
 * athlete. A replay that lost the athlete's state or the week fails. */
static void test_replay_is_by_session(void **state)
{
	struct exposure_table t;
	struct flags_table ft;
	struct session_exposure *rows = squad_flags(&t, &ft);

	(void)state;
	for (int span = 0; span < 3; span++) {
		struct backtest_options opt;
		struct backtest one, cells;
		struct backtest_replay *r;
		size_t k = 0, scored = 0;

		variant_options(span, &ft, &opt);
		backtest_run_flags(&ft, &opt, &one);
		opt.by_athlete_week = 1;
		walk_flags(&ft, &opt, BACKTEST_WALK_CELLS, &cells);
		/* one's predictions by row. */
		qsort(one.v, one.count, sizeof(*one.v), by_row);
		r = backtest_replay_new(&cells, &opt);
		for (size_t i = 0; i < ft.count; i++) {
			const struct backtest_prediction *p =
				backtest_replay_next(r, &ft.rows[i],
						     ft.name_ids[ft.rows[i].athlete]);
			const struct backtest_prediction *q =
				k < one.count && one.v[k].row == i ? &one.v[k++] :
								     NULL;

			assert_true((p == NULL) == (q == NULL));
			if (!p)
				continue;
			scored++;
			assert_int_equal(p->monday, q->monday);
			assert_true(p->risk == q->risk);
			assert_true(p->risk_history == q->risk_history);
			assert_true(p->risk_base == q->risk_base);
			assert_int_equal(p->level, q->level);
		}
		assert_int_equal(k, one.count);
		assert_true(scored > 0);
		backtest_replay_free(r);
		backtest_release(&cells);
		backtest_release(&one);
	}
	flags_table_release(&ft);
	free(rows);
}

/* 1 when a group of the per-session curves ends inside an athlete's
 * week of grouped: where the cramps' order within the week matters. */
static int a_group_splits_a_week(const struct backtest *grouped,
				 size_t groups)
{
	size_t n = 0, end = 0, *size;
	struct stats_ranked *r = calloc(grouped->count, sizeof(*r));
	int split = 0;

	size = calloc(grouped->count, sizeof(*size));
	for (size_t i = 0; i < grouped->count; i++) {
		r[i] = (struct stats_ranked){ grouped->v[i].risk, i };
		size[i] = grouped->v[i].sessions;
		n += size[i];
	}
	qsort(r, grouped->count, sizeof(*r), stats_by_value);
	for (size_t j = 0; j < grouped->count; j++) {
		size_t from = end;

		end += size[r[j].i];
		for (size_t g = 1; g < groups; g++)
			split |= g * n / groups > from && g * n / groups < end &&
				 size[r[j].i] > 1;
	}
	free(size);
	free(r);
	return split;
}

/* The curves of ft's backtest by athlete's week streamed, its
 * predictions summed by week and flags with each session's cramp as a
 * bit (the html report's); with one_factor, dehydration alone chosen. */
static void cells_curves(const struct flags_table *ft, int one_factor,
			 struct backtest_curves *out)
{
	struct backtest_options opt;
	struct backtest b;

	options_init(&opt);
	if (one_factor) {
		memset(opt.factor_on, 0, sizeof(opt.factor_on));
		opt.factor_on[FACTOR_DEHYDRATION] = 1;
	}
	walk_flags(ft, &opt, BACKTEST_WALK_CELLS | BACKTEST_WALK_CRAMPS, &b);
	backtest_curves(&b, NULL, BACKTEST_CURVE_GROUPS, out);
	backtest_release(&b);
}

/* Groups the same to the bit. */
static void same_group(const struct backtest_group *b,
		       const struct backtest_group *a)
{
	assert_int_equal(b->sessions, a->sessions);
	assert_int_equal(b->cramps, a->cramps);
	assert_true(b->predicted == a->predicted);
	assert_true(b->observed == a->observed);
	assert_true(b->low == a->low && b->high == a->high);
}

/* The calibration chart's groups and ROC curves are the same, to the bit,
 * from one prediction a session and from one an athlete's week (the
 * outcomes of its sessions read from the flags), and are those of
 * backtest_groups and backtest_roc on the sessions: the report draws
 * them from its grouped backtest. */
static void test_curves_by_athlete_week(void **state)
{
	struct session_exposure *rows = calloc(ATHLETES * DAYS, sizeof(*rows));
	struct backtest_curves sc, gc, cc;
	struct backtest_group g[BACKTEST_CURVE_GROUPS];
	struct exposure_table t;
	struct flags_table ft;
	struct backtest one, grouped;
	double *p, *h, *fpr, *tpr;
	int *y;
	size_t made, points;

	(void)state;
	both_ways(&t, rows, &one, &grouped);
	flags_of_table(&t, &ft);
	backtest_curves(&one, NULL, BACKTEST_CURVE_GROUPS, &sc);
	backtest_curves(&grouped, &ft, BACKTEST_CURVE_GROUPS, &gc);
	cells_curves(&ft, 0, &cc);
	/* The case that needs the flags: a group ending inside a week. */
	assert_true(a_group_splits_a_week(&grouped, BACKTEST_CURVE_GROUPS));
	assert_int_equal(sc.groups, BACKTEST_CURVE_GROUPS);
	assert_int_equal(gc.groups, sc.groups);
	p = calloc(one.count, sizeof(*p));
	h = calloc(one.count, sizeof(*h));
	y = calloc(one.count, sizeof(*y));
	fpr = calloc(one.count + 1, sizeof(*fpr));
	tpr = calloc(one.count + 1, sizeof(*tpr));
	for (size_t i = 0; i < one.count; i++) {
		p[i] = one.v[i].risk;
		h[i] = one.v[i].risk_history;
		y[i] = (int)one.v[i].cramps;
	}
	backtest_groups(p, y, one.count, BACKTEST_CURVE_GROUPS, g, &made);
	assert_int_equal(made, sc.groups);
	for (size_t k = 0; k < made; k++) {
		const struct backtest_group *a = &g[k], *b = &sc.group[k],
					    *c = &gc.group[k];

		same_group(&cc.group[k], a);
		assert_int_equal(b->sessions, a->sessions);
		assert_int_equal(c->sessions, a->sessions);
		assert_int_equal(b->cramps, a->cramps);
		assert_int_equal(c->cramps, a->cramps);
		assert_true(b->predicted == a->predicted &&
			    c->predicted == a->predicted);
		assert_true(b->observed == a->observed &&
			    c->observed == a->observed);
		assert_true(b->low == a->low && c->low == a->low);
		assert_true(b->high == a->high && c->high == a->high);
	}
	for (int m = 0; m < 2; m++) {
		backtest_roc(m ? h : p, y, one.count, fpr, tpr, &points);
		assert_true(points > 2);
		assert_int_equal(sc.points[m], points);
		assert_int_equal(gc.points[m], points);
		assert_int_equal(cc.points[m], points);
		for (size_t k = 0; k < points; k++) {
			assert_true(cc.fpr[m][k] == fpr[k] &&
				    cc.tpr[m][k] == tpr[k]);
			assert_true(sc.fpr[m][k] == fpr[k] &&
				    gc.fpr[m][k] == fpr[k]);
			assert_true(sc.tpr[m][k] == tpr[k] &&
				    gc.tpr[m][k] == tpr[k]);
		}
	}
	free(p);
	free(h);
	free(y);
	free(fpr);
	free(tpr);
	backtest_curves_release(&sc);
	backtest_curves_release(&gc);
	backtest_curves_release(&cc);
	flags_table_release(&ft);
	backtest_release(&grouped);
	backtest_release(&one);
	free(rows);
}

/* With one factor chosen, sessions whose other flags differ share their
 * risk: ties across the flags' codes within a week. The curves keep
 * them in one order (week, code, row), so the held backtest (one
 * prediction an athlete's week, outcomes from the flags) and the
 * streamed one (summed by week and flags, outcomes as bits) still draw
 * the same groups and ROC curves to the bit. */
static void test_curves_with_ties_across_flags(void **state)
{
	struct session_exposure *rows = calloc(ATHLETES * DAYS, sizeof(*rows));
	struct backtest_options opt;
	struct backtest_curves gc, cc;
	struct exposure_table t;
	struct flags_table ft;
	struct backtest grouped;
	size_t ties = 0;

	(void)state;
	table_init(&t, rows, make_squad(rows, day0()));
	flags_of_table(&t, &ft);
	options_init(&opt);
	memset(opt.factor_on, 0, sizeof(opt.factor_on));
	opt.factor_on[FACTOR_DEHYDRATION] = 1;
	opt.by_athlete_week = 1;
	backtest_run_flags(&ft, &opt, &grouped);
	for (size_t i = 0; i < grouped.count; i++)
		for (size_t j = i + 1; j < grouped.count &&
				       grouped.v[j].monday == grouped.v[i].monday;
		     j++)
			ties += grouped.v[j].risk == grouped.v[i].risk &&
				grouped.v[j].code != grouped.v[i].code;
	assert_true(ties > 0);
	backtest_curves(&grouped, &ft, BACKTEST_CURVE_GROUPS, &gc);
	cells_curves(&ft, 1, &cc);
	assert_int_equal(cc.groups, gc.groups);
	for (size_t k = 0; k < gc.groups; k++)
		same_group(&cc.group[k], &gc.group[k]);
	for (int m = 0; m < 2; m++) {
		assert_int_equal(cc.points[m], gc.points[m]);
		for (size_t k = 0; k < gc.points[m]; k++)
			assert_true(cc.fpr[m][k] == gc.fpr[m][k] &&
				    cc.tpr[m][k] == gc.tpr[m][k]);
	}
	backtest_curves_release(&gc);
	backtest_curves_release(&cc);
	backtest_release(&grouped);
	flags_table_release(&ft);
	free(rows);
}

/* Too few cramps for a model: nothing scored, every session unscored. */
static void test_no_model_scores_nothing(void **state)
{
	struct session_exposure *rows = calloc(ATHLETES * DAYS, sizeof(*rows));
	struct exposure_table t;
	struct backtest b;
	size_t n, cramps = 0;

	(void)state;
	n = make_squad(rows, day0());
	for (size_t i = 0; i < n; i++) {
		rows[i].cramp = rows[i].cramp && cramps < RISK_MIN_EPISODES - 1;
		cramps += rows[i].cramp != 0;
	}
	table_init(&t, rows, n);
	run(&t, &b);
	assert_int_equal(b.count, 0);
	assert_int_equal(b.weeks, 0);
	assert_int_equal(b.unscored, n);
	backtest_release(&b);
	free(rows);
}

/* The data of backtest_reference.R: i = 1..300. */
#define N_REF 300

static void reference_data(double *a, double *b, int *y)
{
	for (int i = 1; i <= N_REF; i++) {
		a[i - 1] = (double)((i * 37) % 101 + 1) / 103;
		b[i - 1] = (double)((i * 53) % 23 + 1) / 25;
		y[i - 1] = (i * 13) % 17 < 1 + 7 * a[i - 1];
	}
}

static void test_auc_matches_proc(void **state)
{
	double a[N_REF], b[N_REF], diff, p;
	int y[N_REF];
	struct backtest_auc auc;

	(void)state;
	reference_data(a, b, y);
	backtest_auc(a, y, N_REF, &auc);
	R6(auc.auc, 0.67372427101200694);
	R6(auc.low, 0.60872402735540754);
	R6(auc.high, 0.73872451466860634);
	backtest_auc(b, y, N_REF, &auc);
	R6(auc.auc, 0.49871355060034306);
	R6(auc.low, 0.42679452735472823);
	R6(auc.high, 0.57063257384595789);
	backtest_auc_compare(a, b, y, N_REF, &diff, &p);
	R6(diff, 0.17501072041166377);
	R6(p, 0.00039418931314198367);
	/* The same ranking twice: no difference, p 1. */
	backtest_auc_compare(a, a, y, N_REF, &diff, &p);
	assert_true(diff == 0);
	assert_true(p == 1);
}

static void test_calibration_matches_rms(void **state)
{
	static const double want[2][6] = {
		{ 0.25816602255946208, -0.24544071775040677, -0.95389452611243386,
		  0.40934449400016415, 88, 149.11650485436894 },
		{ 0.31267200000000001, -0.50838765008576337, -0.87937666763077005,
		  -0.00090476183768775837, 88, 143.84 },
	};
	double a[N_REF], b[N_REF];
	int y[N_REF];
	struct backtest_calibration c;

	(void)state;
	reference_data(a, b, y);
	for (int k = 0; k < 2; k++) {
		backtest_calibration(k ? b : a, y, N_REF, &c);
		R6(c.brier, want[k][0]);
		R6(c.scaled_brier, want[k][1]);
		R6(c.intercept, want[k][2]);
		R6(c.slope, want[k][3]);
		R6(c.observed, want[k][4]);
		R6(c.expected, want[k][5]);
	}
}

/* One outcome only: no AUC, no calibration fit; never a made-up figure. */
static void test_one_outcome_is_nan(void **state)
{
	double p[5] = { 0.1, 0.2, 0.2, 0.4, 0.5 }, diff, pv;
	int y[5] = { 0 };
	struct backtest_auc auc;
	struct backtest_calibration c;

	(void)state;
	backtest_auc(p, y, 5, &auc);
	assert_true(isnan(auc.auc) && isnan(auc.low) && isnan(auc.high));
	backtest_auc_compare(p, p, y, 5, &diff, &pv);
	assert_true(isnan(diff) && isnan(pv));
	backtest_calibration(p, y, 5, &c);
	assert_true(isnan(c.intercept) && isnan(c.slope) && isnan(c.scaled_brier));
	R6(c.brier, (0.01 + 0.04 + 0.04 + 0.16 + 0.25) / 5);
	backtest_auc(p, y, 0, &auc);
	assert_true(isnan(auc.auc));
}

/* The edges of the placements and of the recalibration: every
 * prediction equal (AUC a half, DeLong's interval around it, p 1 against
 * itself); a single case (an AUC, no interval); risks of exactly 0 and 1
 * (a logit of minus and plus infinity): no figure made up, no crash. */
static void test_edges(void **state)
{
	double same[6] = { 0.3, 0.3, 0.3, 0.3, 0.3, 0.3 }, diff, pv;
	double p[6] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 };
	double sure[6] = { 0, 0.2, 0.3, 0.4, 1, 1 };
	int y[6] = { 0, 1, 0, 1, 0, 1 }, one[6] = { 0, 0, 0, 0, 0, 1 };
	struct backtest_auc auc;
	struct backtest_calibration c;

	(void)state;
	backtest_auc(same, y, 6, &auc);
	assert_true(auc.auc == 0.5);
	assert_true(auc.low == 0.5 && auc.high == 0.5);
	backtest_auc_compare(same, same, y, 6, &diff, &pv);
	assert_true(diff == 0 && pv == 1);
	backtest_auc(p, one, 6, &auc);
	assert_true(auc.auc == 1);
	assert_true(isnan(auc.low) && isnan(auc.high));
	backtest_auc_compare(p, same, one, 6, &diff, &pv);
	assert_true(isnan(diff) && isnan(pv));
	backtest_calibration(sure, y, 6, &c);
	R6(c.brier, (0 + 0.64 + 0.09 + 0.36 + 1 + 0) / 6);
	assert_true(c.observed == 3 && c.expected == 2.9);
	assert_true((isnan(c.intercept) && isnan(c.slope)) ||
		    (isfinite(c.intercept) && isfinite(c.slope)));
}

/* Groups of equal size by p, with Wilson's interval as R's
 * prop.test(x, n, correct = FALSE)$conf.int. */
static void test_groups(void **state)
{
	/* 15 sessions, p from 0.15 down to 0.01. */
	double p[15];
	int y[15] = { 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1 };
	struct backtest_group g[4];
	size_t made;

	(void)state;
	for (int i = 0; i < 15; i++)
		p[i] = (double)(15 - i) / 100;   /* decreasing: sorting matters */
	backtest_groups(p, y, 15, 3, g, &made);
	assert_int_equal(made, 3);
	/* The lowest five: p 0.01 .. 0.05, rows 14 .. 10, all cramps. */
	assert_int_equal(g[0].sessions, 5);
	assert_int_equal(g[0].cramps, 5);
	R6(g[0].predicted, 0.03);
	R6(g[0].observed, 1);
	R6(g[0].low, 1 - 0.43448246478317465);
	assert_true(g[0].high == 1);
	assert_int_equal(g[1].cramps, 0);
	R6(g[1].high, 0.43448246478317465);
	assert_true(g[1].low == 0);
	assert_int_equal(g[2].cramps, 2);
	R6(g[2].predicted, 0.13);
	/* 2 of 10. */
	backtest_groups(p, y, 10, 1, g, &made);
	R6(g[0].low, 0.056682151454375274);
	R6(g[0].high, 0.509837528463358169);
	/* More groups than sessions: one a session. */
	backtest_groups(p, y, 2, 4, g, &made);
	assert_int_equal(made, 2);
}

/* The ROC curve's points, one per distinct risk from the highest. */
static void test_roc(void **state)
{
	double p[6] = { 0.9, 0.1, 0.5, 0.5, 0.2, 0.8 };
	int y[6] = { 1, 0, 1, 0, 0, 0 };
	double fpr[7], tpr[7];
	static const double want_fpr[] = { 0, 0, 0.25, 0.5, 0.75, 1 };
	static const double want_tpr[] = { 0, 0.5, 0.5, 1, 1, 1 };
	size_t n;

	(void)state;
	backtest_roc(p, y, 6, fpr, tpr, &n);
	assert_int_equal(n, 6);
	for (size_t k = 0; k < n; k++) {
		assert_true(fpr[k] == want_fpr[k]);
		assert_true(tpr[k] == want_tpr[k]);
	}
	y[0] = y[2] = 0;
	backtest_roc(p, y, 6, fpr, tpr, &n);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weighted_fit_is_the_fit_on_rows),
		cmocka_unit_test(test_predictions_are_the_reports),
		cmocka_unit_test(test_later_sessions_change_nothing),
		cmocka_unit_test(test_span_and_athlete),
		cmocka_unit_test(test_by_athlete_week_is_by_session),
		cmocka_unit_test(test_cells_are_the_athletes_weeks),
		cmocka_unit_test(test_replay_is_by_session),
		cmocka_unit_test(test_curves_by_athlete_week),
		cmocka_unit_test(test_curves_with_ties_across_flags),
		cmocka_unit_test(test_no_model_scores_nothing),
		cmocka_unit_test(test_auc_matches_proc),
		cmocka_unit_test(test_calibration_matches_rms),
		cmocka_unit_test(test_one_outcome_is_nan),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_roc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
