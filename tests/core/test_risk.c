/*
 * Tests of the week's risk (core/risk.c) on hand-made exposure tables: the
 * history window's edges, the model and its prediction at the latest
 * exposures (re-derived here from the statistics, which test_stats.c checks
 * against R), a factor unknown all week at the squad's share, the levels,
 * the evidence counts, and what happens with too few episodes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "risk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ATHLETES 3
#define DAYS 120

static char *names[ATHLETES] = { "Ann", "Bea", "Cy" };
static int64_t ids[ATHLETES] = { 11, 12, 13 };

/* docs/science.md's default thresholds. */
static const struct thresholds defaults = {
	.body_mass_loss_pct = 2, .usg = 1.020, .urine_color = 5,
	.sodium_mg = 1500, .potassium_mg = 2600, .carbs_g_per_kg = 5,
	.tightness = 7, .acwr = 1.5
};

static void row_init(struct session_exposure *e, size_t athlete, int32_t day)
{
	memset(e, 0, sizeof(*e));
	e->athlete = athlete;
	e->athlete_id = ids[athlete];
	e->day = day;
	calendar_format_date(day, e->date);
	e->cramp_severity = NAN;
	e->body_mass_loss_pct = e->body_mass_loss_kg = NAN;
	e->tightness = NAN;
	e->sweat_volume_l = e->sweat_sodium_mg = NAN;
	for (int f = 0; f < FACTOR_COUNT; f++)
		e->flag[f] = FLAG_UNKNOWN;
}

static void table_init(struct exposure_table *t, struct session_exposure *rows,
		       size_t count)
{
	memset(t, 0, sizeof(*t));
	t->rows = rows;
	t->count = count;
	t->names = names;
	t->name_ids = ids;
	t->names_count = ATHLETES;
	t->window_days = 1;
}

/* A squad of three over DAYS days, one session a day each; tightness and
 * low sodium on by formulas, cramps more likely with them. The last day
 * is day0 + DAYS - 1. */
static size_t make_squad(struct session_exposure *rows, int32_t day0)
{
	size_t n = 0;

	for (size_t a = 0; a < ATHLETES; a++)
		for (int i = 0; i < DAYS; i++) {
			struct session_exposure *e = &rows[n++];
			int tight = (i * 7 + (int)a * 3) % 11 < 3;
			int salt = (i * 5 + (int)a) % 13 < 4;

			row_init(e, a, day0 + i);
			e->flag[FACTOR_TIGHTNESS] = (signed char)tight;
			e->tightness = tight ? 8 : 3;
			e->flag[FACTOR_LOW_SODIUM] = (signed char)salt;
			e->cramp = (i * 17 + (int)a * 5) % 23 < 1 + 3 * tight + 2 * salt;
			e->cramp_severity = e->cramp ? 4 : NAN;
		}
	return n;
}

static void options(struct risk_options *opt, int32_t from, int32_t to)
{
	risk_options_init(opt);
	for (int f = 0; f < FACTOR_COUNT; f++)
		opt->factor_on[f] = f == FACTOR_TIGHTNESS || f == FACTOR_LOW_SODIUM;
	opt->from_day = from;
	opt->to_day = to;
}

static const struct risk_athlete *find(const struct risk_report *r,
				       const char *name)
{
	for (size_t i = 0; i < r->nathletes; i++)
		if (strcmp(r->athletes[i].name, name) == 0)
			return &r->athletes[i];
	fail_msg("%s not in the report", name);
	return NULL;
}

/* A cramp 90 days before the period's end counts as recent, 91 days
 * before does not; a session's own history looks at the 90 days before
 * its day, not at the day itself. */
static void test_history_window_edges(void **state)
{
	struct session_exposure rows[4];
	struct exposure_table t;
	struct risk_options opt;
	struct risk_report r;
	int32_t end = calendar_days_from_civil(2026, 11, 1);

	(void)state;
	row_init(&rows[0], 0, end - 90);     /* 91 days counting the end */
	rows[0].cramp = 1;
	row_init(&rows[1], 1, end - 89);     /* the 90th day */
	rows[1].cramp = 1;
	row_init(&rows[2], 0, end);
	row_init(&rows[3], 1, end);
	table_init(&t, rows, 4);
	options(&opt, end - 6, end);
	risk_compute(&t, &(struct thresholds){ 0 }, &opt, &r);
	assert_int_equal(r.nathletes, 2);
	assert_int_equal(find(&r, "Ann")->recent_cramps, 0);
	assert_int_equal(find(&r, "Ann")->flag[RISK_TERM_HISTORY], FLAG_FALSE);
	assert_int_equal(find(&r, "Bea")->recent_cramps, 1);
	assert_int_equal(find(&r, "Bea")->flag[RISK_TERM_HISTORY], FLAG_TRUE);
	assert_int_equal(find(&r, "Ann")->sessions_before, 1);
	assert_int_equal(find(&r, "Ann")->cramps_before, 1);
	/* Too few episodes for a model: no risk, and it says why. */
	assert_false(r.model.fitted);
	assert_non_null(r.model.reason);
	assert_true(isnan(find(&r, "Bea")->risk));
	assert_int_equal(find(&r, "Bea")->level, RISK_UNKNOWN);
	/* Without a model, the more recent cramps rank first. */
	assert_string_equal(r.athletes[0].name, "Bea");
	risk_report_release(&r);
}

/* The model and the prediction, re-derived: the same design fitted with
 * stats_logit, each athlete's latest flags, a factor unknown all week at
 * the squad's share of sessions with it. */
static void test_risk_is_the_model_at_latest_exposures(void **state)
{
	static struct session_exposure rows[ATHLETES * DAYS];
	static double x[ATHLETES * DAYS * 4], y[ATHLETES * DAYS];
	int32_t day0 = calendar_days_from_civil(2026, 7, 1), end = day0 + DAYS - 1;
	size_t n = make_squad(rows, day0), used = 0;
	struct exposure_table t;
	struct risk_options opt;
	struct risk_report r;
	struct stats_fit fit;
	struct diag d = DIAG_INIT;
	double share_salt = 0;

	(void)state;
	/* Cy's sodium is unknown all of the last week. */
	for (size_t i = 0; i < n; i++)
		if (rows[i].athlete == 2 && rows[i].day > end - 7)
			rows[i].flag[FACTOR_LOW_SODIUM] = FLAG_UNKNOWN;
	table_init(&t, rows, n);
	options(&opt, end - 6, end);
	risk_compute(&t, &(struct thresholds){ 0 }, &opt, &r);
	assert_true(r.model.fitted);
	assert_int_equal(r.model.nterms, 3);
	assert_int_equal(r.model.term[0], FACTOR_LOW_SODIUM);
	assert_int_equal(r.model.term[1], FACTOR_TIGHTNESS);
	assert_int_equal(r.model.term[2], RISK_TERM_HISTORY);

	/* The same model, built here: history = a cramp in days d-90..d-1. */
	for (size_t i = 0; i < n; i++) {
		const struct session_exposure *e = &rows[i];
		double *row = x + used * 4;
		int hist = 0;

		if (e->flag[FACTOR_LOW_SODIUM] == FLAG_UNKNOWN)
			continue;
		for (size_t j = 0; j < n; j++)
			hist |= rows[j].athlete == e->athlete && rows[j].cramp &&
				rows[j].day < e->day && rows[j].day >= e->day - 90;
		row[0] = 1;
		row[1] = e->flag[FACTOR_LOW_SODIUM];
		row[2] = e->flag[FACTOR_TIGHTNESS];
		row[3] = hist;
		share_salt += row[1];
		y[used++] = e->cramp;
	}
	share_salt /= (double)used;
	assert_int_equal(r.model.sessions, used);
	assert_true(fabs(r.model.prevalence[0] - share_salt) < 1e-12);
	assert_int_equal(stats_logit(x, y, used, 4, STATS_FIRTH, &fit, &d), 0);
	for (size_t k = 0; k < 3; k++)
		assert_true(fabs(r.model.odds_ratio[k] / exp(fit.beta[k + 1]) - 1) < 1e-12);
	for (size_t a = 0; a < ATHLETES; a++) {
		const struct risk_athlete *ra = find(&r, names[a]);
		const struct session_exposure *last = NULL;
		double want[4], prob, low, high;
		int recent = 0;

		for (size_t i = 0; i < n; i++) {
			if (rows[i].athlete != a)
				continue;
			if (rows[i].day > end - 7 && rows[i].day <= end)
				last = &rows[i];
			recent |= rows[i].cramp && rows[i].day > end - 90;
		}
		want[0] = 1;
		want[1] = a == 2 ? share_salt : last->flag[FACTOR_LOW_SODIUM];
		want[2] = last->flag[FACTOR_TIGHTNESS];
		want[3] = recent;
		stats_logit_predict(&fit, want, &prob, &low, &high);
		assert_true(fabs(ra->risk / prob - 1) < 1e-12);
		assert_true(fabs(ra->risk_low / low - 1) < 1e-12);
		assert_true(fabs(ra->risk_high / high - 1) < 1e-12);
		assert_true(fabs(ra->ratio - prob / r.model.base_rate) < 1e-12);
		assert_int_equal(ra->level, ra->ratio >= 3 ? RISK_HIGH :
					    ra->ratio >= 1.5 ? RISK_MODERATE : RISK_LOW);
		assert_int_equal(ra->flag[FACTOR_LOW_SODIUM],
				 a == 2 ? FLAG_UNKNOWN : last->flag[FACTOR_LOW_SODIUM]);
		assert_int_equal(ra->sessions, 7);
	}
	/* Ranked by risk. */
	for (size_t i = 1; i < r.nathletes; i++)
		assert_true(r.athletes[i - 1].risk >= r.athletes[i].risk);
	assert_true(r.model.base_rate == (double)r.model.cramps / (double)used);
	stats_fit_release(&fit);
	risk_report_release(&r);
}

/* The worst session's kilograms are those of the session of the worst
 * percentage: 60.0 to 58.2 kg (3.0 %, 1.8 kg), not 90.0 to 87.9 kg (2.3 %,
 * 2.1 kg). */
static void test_worst_loss_is_one_session(void **state)
{
	struct session_exposure rows[2];
	struct exposure_table t;
	struct risk_options opt;
	struct risk_report r;
	int32_t end = calendar_days_from_civil(2026, 11, 1);
	const struct risk_athlete *ann;

	(void)state;
	for (int i = 0; i < 2; i++) {
		row_init(&rows[i], 0, end - 2 + i);
		rows[i].flag[FACTOR_DEHYDRATION] = FLAG_TRUE;
	}
	rows[0].body_mass_loss_pct = 3.0;
	rows[0].body_mass_loss_kg = 1.8;
	rows[1].body_mass_loss_pct = 2.1 / 90 * 100;
	rows[1].body_mass_loss_kg = 2.1;
	table_init(&t, rows, 2);
	options(&opt, end - 6, end);
	risk_compute(&t, &defaults, &opt, &r);
	ann = find(&r, "Ann");
	assert_int_equal(ann->ev.mass_loss.on, 2);
	assert_true(fabs(ann->ev.mass_loss.worst - 3.0) < 1e-12);
	assert_true(fabs(ann->ev.mass_loss_kg_worst - 1.8) < 1e-12);
	risk_report_release(&r);
}

/* The period's evidence from the daily series and the sessions: counts of
 * known and low days, the mean of the low ones, the worst; the squad's
 * shares this week and before; the episodes by date; who did not train. */
static void test_evidence_and_squad_counts(void **state)
{
	struct session_exposure rows[5];
	struct day_exposure days[4];
	struct exposure_table t;
	struct risk_options opt;
	struct risk_report r;
	const double sodium[4] = { 1000, 1200, NAN, 2000 };
	int32_t end = calendar_days_from_civil(2026, 11, 1);
	const struct risk_athlete *ann;

	(void)state;
	row_init(&rows[0], 2, end - 20);          /* Cy: before the week only */
	rows[0].flag[FACTOR_TIGHTNESS] = FLAG_TRUE;
	row_init(&rows[1], 0, end - 3);
	rows[1].body_mass_loss_pct = 2.5;
	rows[1].body_mass_loss_kg = 1.9;
	rows[1].flag[FACTOR_DEHYDRATION] = FLAG_TRUE;
	rows[1].cramp = 1;
	rows[1].cramp_severity = 8;
	rows[1].cramp_muscle = "hamstring";
	row_init(&rows[2], 0, end - 1);
	rows[2].body_mass_loss_pct = 1.0;
	rows[2].body_mass_loss_kg = 0.8;
	rows[2].flag[FACTOR_DEHYDRATION] = FLAG_FALSE;
	row_init(&rows[3], 1, end - 5);
	rows[3].cramp = 1;
	strcpy(rows[3].start_time, "07:30:00");
	row_init(&rows[4], 1, end);
	for (int i = 0; i < 4; i++) {
		memset(&days[i], 0, sizeof(days[i]));
		days[i].athlete = 0;
		days[i].day = end - 3 + i;
		days[i].sodium_mg = sodium[i];
		days[i].potassium_mg = days[i].carbs_g_per_kg = NAN;
		days[i].usg = days[i].urine_color = NAN;
		days[i].acwr = i == 3 ? NAN : 1.1 + 0.3 * i;
		days[i].body_mass_kg = 70 + i;
	}
	table_init(&t, rows, 5);
	t.days = days;
	t.days_count = 4;
	options(&opt, end - 6, end);
	risk_compute(&t, &defaults, &opt, &r);
	ann = find(&r, "Ann");
	assert_int_equal(ann->ev.sodium.known, 3);
	assert_int_equal(ann->ev.sodium.on, 2);
	assert_true(fabs(ann->ev.sodium.mean_on - 1100) < 1e-9);
	assert_true(fabs(ann->ev.sodium.worst - 1000) < 1e-9);
	assert_int_equal(ann->ev.mass_loss.known, 2);
	assert_int_equal(ann->ev.mass_loss.on, 1);
	assert_true(fabs(ann->ev.mass_loss_kg_worst - 1.9) < 1e-9);
	assert_int_equal(ann->ev.acwr.known, 3);
	assert_int_equal(ann->ev.acwr.on, 1);           /* 1.7 only */
	assert_true(fabs(ann->ev.latest_acwr - 1.7) < 1e-9);
	assert_true(fabs(ann->ev.body_mass_kg - 73) < 1e-9);
	assert_int_equal(ann->ev.potassium.known, 0);
	assert_true(fabs(ann->worst_severity - 8) < 1e-9);
	/* The squad. */
	assert_int_equal(r.sessions, 4);
	assert_int_equal(r.cramps, 2);
	assert_int_equal(r.sessions_before, 1);
	assert_int_equal(r.factor_known[FACTOR_DEHYDRATION], 2);
	assert_int_equal(r.factor_on[FACTOR_DEHYDRATION], 1);
	assert_int_equal(r.usual_on[FACTOR_TIGHTNESS], 1);
	assert_int_equal(r.nepisodes, 2);
	/* Episodes by date; Cy trained only before the week. */
	assert_int_equal(r.episodes[0].athlete, 1);
	assert_string_equal(r.episodes[0].start_time, "07:30:00");
	assert_int_equal(r.episodes[1].athlete, 0);
	assert_string_equal(r.episodes[1].muscle, "hamstring");
	assert_int_equal(r.nathletes, 2);
	assert_int_equal(r.nidle, 1);
	assert_int_equal(r.idle[0], 2);
	risk_report_release(&r);
}

static void sweat(struct session_exposure *e, double litres)
{
	e->sweat_volume_l = litres;
	e->sweat_sodium_mg = litres * 825;
}

/* The day of the period with the most sweat sodium: a day's sessions
 * summed; a day with a session of unknown sweat, and the days before the
 * period, left out; that day's intake and balance from the daily series;
 * nothing for an athlete never weighed. */
static void test_sweat_day_of_the_period(void **state)
{
	struct session_exposure rows[7];
	struct day_exposure days[3];
	struct exposure_table t;
	struct risk_options opt;
	struct risk_report r;
	int32_t end = calendar_days_from_civil(2026, 11, 1);
	const struct risk_athlete *ann, *bea;

	(void)state;
	row_init(&rows[0], 0, end - 10);         /* before the period */
	sweat(&rows[0], 4.0);
	row_init(&rows[1], 0, end - 5);          /* 1.2 + 0.8 L: 1650 mg */
	sweat(&rows[1], 1.2);
	row_init(&rows[2], 0, end - 5);
	sweat(&rows[2], 0.8);
	row_init(&rows[3], 0, end - 3);          /* 1.5 L alone: less */
	sweat(&rows[3], 1.5);
	row_init(&rows[4], 0, end - 1);          /* 2.5 L, but one unknown */
	sweat(&rows[4], 2.5);
	row_init(&rows[5], 0, end - 1);
	row_init(&rows[6], 1, end - 1);          /* Bea: never weighed */
	for (int i = 0; i < 3; i++) {
		memset(&days[i], 0, sizeof(days[i]));
		days[i].day = end - 5 + 2 * i;
		days[i].sodium_mg = 1000 + 500 * i;
		days[i].potassium_mg = days[i].carbs_g_per_kg = NAN;
		days[i].usg = days[i].urine_color = NAN;
		days[i].acwr = days[i].body_mass_kg = NAN;
	}
	table_init(&t, rows, 7);
	t.days = days;
	t.days_count = 3;
	options(&opt, end - 6, end);
	risk_compute(&t, &defaults, &opt, &r);
	ann = find(&r, "Ann");
	assert_int_equal(ann->ev.sweat_day, end - 5);
	assert_true(fabs(ann->ev.sweat_sodium_mg - 1650) < 1e-9);
	assert_true(fabs(ann->ev.sweat_volume_l - 2.0) < 1e-12);
	assert_true(fabs(ann->ev.sweat_intake_mg - 1000) < 1e-9);
	assert_true(fabs(ann->ev.sweat_balance_mg + 650) < 1e-9);
	bea = find(&r, "Bea");
	assert_true(isnan(bea->ev.sweat_sodium_mg));
	assert_true(isnan(bea->ev.sweat_balance_mg));
	risk_report_release(&r);
}

/* plot team --risk's weeks (risk_weeks): each athlete's risk in each
 * week is the one a risk walk of that week alone ranks them at, to the
 * bit; NAN in a week they did not train (Bea idle two weeks) or with no
 * model yet (the first weeks, too few cramps), and for a week asked of
 * finish that the walk did not cover. Sessions before and after the
 * weeks, factors unknown at the week's last session, and a cramp at the
 * edge of the history window included. */
static void test_weeks_are_each_weeks_walk(void **state)
{
	static struct session_exposure all[ATHLETES * DAYS], rows[ATHLETES * DAYS];
	int32_t day0 = calendar_days_from_civil(2026, 1, 5);   /* a Monday */
	int32_t first = day0 + 14;
	size_t n = make_squad(all, day0), kept = 0, weeks = 13, scored = 0, idle = 0;
	/* The week's period rows: none (names only), as plot gives. */
	struct exposure_table t, period = { .names = names,
					    .names_count = ATHLETES };
	struct flags_table ft;
	struct risk_options opt;
	struct risk_weeks *w;
	double *risk = calloc(ATHLETES * (weeks + 1), sizeof(*risk));

	(void)state;
	assert_non_null(risk);
	for (size_t i = 0; i < n; i++) {
		struct session_exposure *e = &all[i];
		int32_t i_day = e->day - day0;

		if (e->athlete == 1 && i_day >= 42 && i_day < 56)
			continue;
		/* Cy's one cramp: 89 days before the end of the twelfth
		 * week (recent then); Bea's: 90 days before the end of the
		 * thirteenth (not recent). */
		if (e->athlete == 2)
			e->cramp = e->day == first - 6;
		if (e->athlete == 1)
			e->cramp = e->day == first;
		if (i_day % 9 == 4)
			e->flag[FACTOR_LOW_SODIUM] = FLAG_UNKNOWN;
		if ((i_day + (int32_t)e->athlete) % 7 == 6)
			e->flag[FACTOR_TIGHTNESS] = FLAG_UNKNOWN;
		rows[kept++] = *e;
	}
	table_init(&t, rows, kept);
	flags_of_table(&t, &ft);
	options(&opt, 0, 0);
	w = risk_weeks_new(&opt, first, weeks);
	for (size_t i = 0; i < ft.count; i++)
		risk_weeks_add(w, &ft.rows[i]);
	/* Asked from a week before the walk's first: that column is NAN. */
	risk_weeks_finish(w, ATHLETES, first - 7, weeks + 1, risk);
	for (size_t a = 0; a < ATHLETES; a++)
		assert_true(isnan(risk[a * (weeks + 1)]));
	for (size_t k = 0; k < weeks; k++) {
		struct risk_report r;
		int32_t monday = first + 7 * (int32_t)k;

		options(&opt, monday, monday + 6);
		risk_compute_flags(&ft, &period, &(struct thresholds){ 0 }, &opt,
				   &r);
		for (size_t a = 0; a < ATHLETES; a++) {
			double got = risk[a * (weeks + 1) + k + 1], want = NAN;

			for (size_t i = 0; i < r.nathletes; i++)
				if (r.athletes[i].athlete == a)
					want = r.athletes[i].risk;
			if (isnan(want)) {
				assert_true(isnan(got));
				idle++;
			} else {
				assert_memory_equal(&got, &want, sizeof(got));
				scored++;
			}
		}
		risk_report_release(&r);
	}
	/* Both kinds of cell were seen: scored weeks and empty ones. */
	assert_true(scored > 20);
	assert_true(idle >= 2);
	flags_table_release(&ft);
	free(risk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_window_edges),
		cmocka_unit_test(test_risk_is_the_model_at_latest_exposures),
		cmocka_unit_test(test_worst_loss_is_one_session),
		cmocka_unit_test(test_evidence_and_squad_counts),
		cmocka_unit_test(test_sweat_day_of_the_period),
		cmocka_unit_test(test_weeks_are_each_weeks_walk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
