/*
 * Tests of the exposures: every value of a hand-made squad's sessions is
 * checked against a figure worked out by hand from docs/science.md's rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "exposure.h"
#include "patterns.h"
#include "risk.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	char db[96];
	store *st;
	int64_t import_id;
};

static void close_db(struct fixture *f)
{
	char path[128];

	store_close(f->st);
	unlink(f->db);
	snprintf(path, sizeof(path), "%s-wal", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", f->db);
	unlink(path);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	close_db(f);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t athlete(struct fixture *f, const char *name)
{
	struct diag d = DIAG_INIT;
	int64_t id;

	assert_int_equal(store_athlete(f->st, name, strlen(name), &id, &d), 0);
	return id;
}

static void put_hydration(struct fixture *f, const char *who, const char *date,
			  const char *time, unsigned seq, double fluid,
			  double sodium, double color, double usg, double mass)
{
	struct hydration_row r;
	struct diag d = DIAG_INIT;
	enum store_outcome o;

	model_hydration_init(&r);
	r.athlete = who;
	strcpy(r.date, date);
	strcpy(r.time, time);
	r.fluid_ml = fluid;
	r.sodium_mg = sodium;
	r.urine_color = color;
	r.usg = usg;
	r.body_mass_kg = mass;
	assert_int_equal(store_put_hydration(f->st, f->import_id, athlete(f, who),
					     &r, seq, &o, &d), 0);
}

/* A food entry of kcal (NAN: not logged) with its carbohydrate, sodium
 * and potassium. */
static void put_meal(struct fixture *f, const char *who, const char *date,
		     const char *time, double kcal, double carbs, double sodium,
		     double potassium)
{
	struct diet_row r;
	struct diag d = DIAG_INIT;
	enum store_outcome o;

	model_diet_init(&r);
	r.energy_kcal = kcal;
	r.athlete = who;
	strcpy(r.date, date);
	strcpy(r.time, time);
	r.carbs_g = carbs;
	r.sodium_mg = sodium;
	r.potassium_mg = potassium;
	assert_int_equal(store_put_diet(f->st, f->import_id, athlete(f, who), &r, 0,
					&o, &d), 0);
}

static void put_diet(struct fixture *f, const char *who, const char *date,
		     const char *time, double carbs, double sodium,
		     double potassium)
{
	put_meal(f, who, date, time, NAN, carbs, sodium, potassium);
}

static void put_session(struct fixture *f, const char *who, const char *date,
			const char *time, double minutes, double rpe, double pre,
			double post, double tightness, int cramp)
{
	struct training_row r;
	struct diag d = DIAG_INIT;
	enum store_outcome o;

	model_training_init(&r);
	r.athlete = who;
	strcpy(r.date, date);
	strcpy(r.start_time, time);
	r.duration_min = minutes;
	r.rpe = rpe;
	r.pre_mass_kg = pre;
	r.post_mass_kg = post;
	r.tightness = tightness;
	r.cramp = cramp;
	if (cramp) {
		r.cramp_muscle = "hamstring";
		r.cramp_side = SIDE_LEFT;
		r.cramp_severity = 6;
	}
	assert_int_equal(store_put_training(f->st, f->import_id, athlete(f, who),
					    &r, 0, &o, &d), 0);
}

static void date_of(int32_t day, char *out)
{
	calendar_format_date(day, out);
}

/* A new database in a directory of its own, an import begun. */
static struct fixture *open_fixture(void)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct diag d = DIAG_INIT;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/cramplog-exposure-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	assert_int_equal(store_open(&f->st, f->db, STORE_CREATE, &d), 0);
	assert_int_equal(store_begin(f->st, &d), 0);
	assert_int_equal(store_import_start(f->st, "test", KIND_TRAINING,
					    &f->import_id, &d), 0);
	return f;
}

/* Ends open_fixture's import, and hands f to the test. */
static int commit_fixture(struct fixture *f, void **state)
{
	struct diag d = DIAG_INIT;

	assert_int_equal(store_commit(f->st, &d), 0);
	diag_release(&d);
	*state = f;
	return 0;
}

/*
 * Ana, 1-3 March 2026: intakes on the 1st, sessions on the 2nd and 3rd.
 * Ben: a session every day for 35 days from 1 January (load 300, then 600
 * in the last week), a rest day on 11 January. Cal: the same days, but a
 * session without RPE on 31 January.
 */
static int setup(void **state)
{
	struct fixture *f = open_fixture();
	int32_t jan1 = calendar_days_from_civil(2026, 1, 1);

	/* The 1st: a timed morning reading (and an untimed one to ignore),
	 * a drink, two meals. */
	put_hydration(f, "Ana", "2026-03-01", "07:00:00", 0, NAN, NAN, 6, 1.025, 70);
	put_hydration(f, "Ana", "2026-03-01", "", 0, NAN, NAN, 2, 1.005, 90);
	put_hydration(f, "Ana", "2026-03-01", "10:00:00", 0, 500, 300, NAN, NAN, NAN);
	put_diet(f, "Ana", "2026-03-01", "12:00:00", 200, 900, 1200);
	put_diet(f, "Ana", "2026-03-01", "19:00:00", 150, 500, NAN);
	/* The 2nd: only an untimed reading; a session with a cramp. */
	put_hydration(f, "Ana", "2026-03-02", "", 0, NAN, NAN, 3, NAN, NAN);
	put_session(f, "Ana", "2026-03-02", "17:00:00", 60, 5, 70, 68.5, 8, 1);
	/* The 3rd: a session without RPE, after a day with no intake row. */
	put_session(f, "Ana", "2026-03-03", "", 45, NAN, NAN, NAN, NAN, 0);
	for (int k = 0; k < 35; k++) {
		char date[11];

		date_of(jan1 + k, date);
		if (k != 10)
			put_session(f, "Ben", date, "09:00:00", 60, k >= 28 ? 10 : 5,
				    NAN, NAN, NAN, 0);
		put_session(f, "Cal", date, "09:00:00", 60, k == 30 ? NAN : 5,
			    NAN, NAN, NAN, 0);
	}
	return commit_fixture(f, state);
}

/* The session of who on date (at time, unless NULL). */
static const struct session_exposure *find_session(const struct exposure_table *t,
						   const char *who, const char *date,
						   const char *time)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->names[t->rows[i].athlete], who) == 0 &&
		    strcmp(t->rows[i].date, date) == 0 &&
		    (!time || strcmp(t->rows[i].start_time, time) == 0))
			return &t->rows[i];
	fail_msg("no session of %s on %s", who, date);
	return NULL;
}

static const struct session_exposure *find(const struct exposure_table *t,
					   const char *who, const char *date)
{
	return find_session(t, who, date, NULL);
}

static void compute(struct fixture *f, const struct exposure_options *opt,
		    struct exposure_table *t)
{
	struct diag d = DIAG_INIT;

	assert_int_equal(exposure_compute(f->st, opt, t, &d), 0);
	diag_release(&d);
}

static void near(double x, double y, int line)
{
	if (!(fabs(x - y) <= 1e-9 * fmax(1, fabs(y))))
		fail_msg("line %d: %.17g is not %.17g", line, x, y);
}

#define assert_near(x, y) near((x), (y), __LINE__)

static void test_session_values_and_the_day_before(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	const struct session_exposure *e;

	exposure_options_init(&opt);
	compute(f, &opt, &t);
	assert_int_equal(t.count, 2 + 34 + 35);
	e = find(&t, "Ana", "2026-03-02");
	assert_int_equal(e->cramp, 1);
	assert_string_equal(e->cramp_muscle, "hamstring");
	assert_near(e->load, 300);
	assert_near(e->body_mass_loss_pct, 1.5 / 70 * 100);
	assert_near(e->tightness, 8);
	/* No timed reading on the 2nd: the untimed one. */
	assert_near(e->urine_color, 3);
	assert_true(isnan(e->usg));
	/* The 1st's totals. */
	assert_near(e->fluid_ml, 500);
	assert_near(e->sodium_mg, 300 + 900 + 500);
	assert_near(e->potassium_mg, 1200);
	assert_near(e->carbs_g, 350);
	assert_near(e->carbs_g_per_kg, 350.0 / 70);   /* the timed mass, not 90 */
	assert_int_equal(e->window_known_days, 1);
	assert_int_equal(e->flag[FACTOR_DEHYDRATION], FLAG_TRUE);   /* 2.14 % */
	assert_int_equal(e->flag[FACTOR_LOW_SODIUM], FLAG_FALSE);   /* 1700 */
	assert_int_equal(e->flag[FACTOR_LOW_POTASSIUM], FLAG_TRUE); /* 1200 */
	assert_int_equal(e->flag[FACTOR_LOW_CARBOHYDRATE], FLAG_FALSE); /* 5.0 */
	assert_int_equal(e->flag[FACTOR_TIGHTNESS], FLAG_TRUE);
	assert_int_equal(e->flag[FACTOR_HIGH_LOAD], FLAG_UNKNOWN);
	exposure_table_release(&t);
}

static void test_unknown_is_never_zero(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	const struct session_exposure *e;

	exposure_options_init(&opt);
	compute(f, &opt, &t);
	e = find(&t, "Ana", "2026-03-03");
	/* The 2nd had a reading but no intake: every total unknown. */
	assert_true(isnan(e->sodium_mg));
	assert_true(isnan(e->fluid_ml));
	assert_true(isnan(e->carbs_g_per_kg));
	assert_int_equal(e->window_known_days, 0);
	assert_true(isnan(e->load));
	assert_true(isnan(e->body_mass_loss_pct));
	assert_int_equal(e->flag[FACTOR_LOW_SODIUM], FLAG_UNKNOWN);
	assert_int_equal(e->flag[FACTOR_TIGHTNESS], FLAG_UNKNOWN);
	assert_int_equal(e->flag[FACTOR_DEHYDRATION], FLAG_UNKNOWN);
	assert_string_equal(e->start_time, "");
	exposure_table_release(&t);
}

static void test_window_mean_leaves_unknown_days_out(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	const struct session_exposure *e;

	exposure_options_init(&opt);
	opt.window_days = 2;
	compute(f, &opt, &t);
	e = find(&t, "Ana", "2026-03-03");
	assert_near(e->sodium_mg, 1700);            /* the 1st only */
	assert_int_equal(e->window_known_days, 1);
	assert_int_equal(e->flag[FACTOR_LOW_SODIUM], FLAG_FALSE);
	exposure_table_release(&t);
}

static void test_thresholds_move_the_flags(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	struct diag d = DIAG_INIT;
	const struct session_exposure *e;

	exposure_options_init(&opt);
	assert_int_equal(exposure_set_threshold(&opt.thresholds, "low_sodium_mg", 2000, &d), 0);
	assert_int_equal(exposure_set_threshold(&opt.thresholds, "dehydration_body_mass_loss_pct", 3, &d), 0);
	assert_int_equal(exposure_set_threshold(&opt.thresholds, "nonsense", 3, &d), -1);
	assert_int_equal(exposure_set_threshold(&opt.thresholds, "tightness", 11, &d), -1);
	compute(f, &opt, &t);
	e = find(&t, "Ana", "2026-03-02");
	assert_int_equal(e->flag[FACTOR_LOW_SODIUM], FLAG_TRUE);
	/* Loss 2.14 % is under 3 %, but that morning's colour 3 is known and
	 * normal: known false. */
	assert_int_equal(e->flag[FACTOR_DEHYDRATION], FLAG_FALSE);
	exposure_table_release(&t);
	diag_release(&d);
}

static void test_acwr_coupled_uncoupled_ewma(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	const struct session_exposure *e;
	int32_t jan1 = calendar_days_from_civil(2026, 1, 1);
	double load[35], a, c;
	char date[11];

	for (int k = 0; k < 35; k++)
		load[k] = k == 10 ? 0 : k >= 28 ? 600 : 300;
	exposure_options_init(&opt);
	compute(f, &opt, &t);
	date_of(jan1 + 26, date);
	assert_true(isnan(find(&t, "Ben", date)->acwr));   /* 27 days */
	date_of(jan1 + 27, date);
	e = find(&t, "Ben", date);
	/* 7 x 300 / 7 over (27 x 300 + 0) / 28 */
	assert_near(e->acwr, 300 / (27.0 * 300 / 28));
	date_of(jan1 + 34, date);
	e = find(&t, "Ben", date);
	assert_near(e->acute_load, 600);
	assert_near(e->chronic_load, (20 * 300.0 + 7 * 600) / 28);
	assert_near(e->acwr, 600 / ((20 * 300.0 + 7 * 600) / 28));
	assert_int_equal(e->flag[FACTOR_HIGH_LOAD], FLAG_TRUE);
	exposure_table_release(&t);

	opt.acwr = ACWR_UNCOUPLED;
	compute(f, &opt, &t);
	e = find(&t, "Ben", date);
	/* mean of days 28-34 over mean of days 7-27 (the rest day in it) */
	assert_near(e->acwr, 600 / ((20 * 300.0) / 21));
	exposure_table_release(&t);

	opt.acwr = ACWR_EWMA;
	compute(f, &opt, &t);
	e = find(&t, "Ben", date);
	a = c = load[0];
	for (int k = 1; k <= 34; k++) {
		a = 2.0 / 8 * load[k] + (1 - 2.0 / 8) * a;
		c = 2.0 / 29 * load[k] + (1 - 2.0 / 29) * c;
	}
	assert_near(e->acwr, a / c);
	exposure_table_release(&t);
}

static void test_unknown_load_makes_acwr_unknown(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	int32_t jan1 = calendar_days_from_civil(2026, 1, 1);
	char date[11];

	exposure_options_init(&opt);
	compute(f, &opt, &t);
	date_of(jan1 + 29, date);
	assert_false(isnan(find(&t, "Cal", date)->acwr));
	date_of(jan1 + 30, date);
	assert_true(isnan(find(&t, "Cal", date)->acwr));
	date_of(jan1 + 34, date);
	assert_int_equal(find(&t, "Cal", date)->flag[FACTOR_HIGH_LOAD], FLAG_UNKNOWN);
	exposure_table_release(&t);
}

/* EWMA: a day of unknown load long ago is not a rest day. Dee's first 14
 * sessions lack RPE, then 300 a day, then 600 in the last week; Eve has
 * 300 a day from the start, then the same week. The EWMA starts again
 * after the unknown days: at 300, where Eve's stays, so the ratios are
 * the same (a rest day for each unknown one gave Dee 1.50 against 1.36). */
static void test_ewma_restarts_after_unknown_load(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	struct diag d = DIAG_INIT;
	int32_t may1 = calendar_days_from_civil(2026, 5, 1);
	double a = 300, c = 300;
	char date[11];

	assert_int_equal(store_begin(f->st, &d), 0);
	for (int k = 0; k < 70; k++) {
		date_of(may1 + k, date);
		put_session(f, "Dee", date, "09:00:00", 60,
			    k < 14 ? NAN : k >= 63 ? 10 : 5, NAN, NAN, NAN, 0);
		put_session(f, "Eve", date, "09:00:00", 60, k >= 63 ? 10 : 5,
			    NAN, NAN, NAN, 0);
	}
	assert_int_equal(store_commit(f->st, &d), 0);
	for (int k = 63; k < 70; k++) {
		a = 2.0 / 8 * 600 + (1 - 2.0 / 8) * a;
		c = 2.0 / 29 * 600 + (1 - 2.0 / 29) * c;
	}
	exposure_options_init(&opt);
	opt.acwr = ACWR_EWMA;
	compute(f, &opt, &t);
	date_of(may1 + 69, date);
	assert_near(find(&t, "Eve", date)->acwr, a / c);
	assert_near(find(&t, "Dee", date)->acwr, a / c);
	assert_near(find(&t, "Dee", date)->chronic_load, c);
	/* 28 known days after the last unknown one, not before. */
	date_of(may1 + 40, date);
	assert_true(isnan(find(&t, "Dee", date)->acwr));
	date_of(may1 + 41, date);
	assert_near(find(&t, "Dee", date)->acwr, 1);
	exposure_table_release(&t);
	diag_release(&d);
}

/* A value exactly at a threshold, which floating point puts a hair to
 * the wrong side: 60 kg to 58.8 kg is a 2 % loss, not over 2 %; 1,200 in
 * the last 7 days against 3,200 in 28 is an ACWR of 1.5, at least 1.5. */
static void test_exactly_at_the_threshold(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	struct diag d = DIAG_INIT;
	int32_t jun1 = calendar_days_from_civil(2026, 6, 1);
	const int day[6] = { 0, 7, 14, 20, 21, 27 };
	const struct session_exposure *e;
	char date[11];

	assert_int_equal(store_begin(f->st, &d), 0);
	for (int k = 0; k < 6; k++) {
		date_of(jun1 + day[k], date);
		put_session(f, "Fay", date, "09:00:00", k < 4 ? 50 : 60, 10,
			    k == 5 ? 60.0 : NAN, k == 5 ? 58.8 : NAN, NAN, 0);
	}
	assert_int_equal(store_commit(f->st, &d), 0);
	exposure_options_init(&opt);
	compute(f, &opt, &t);
	date_of(jun1 + 27, date);
	e = find(&t, "Fay", date);
	assert_near(e->body_mass_loss_pct, 2);
	assert_int_equal(e->flag[FACTOR_DEHYDRATION], FLAG_FALSE);
	assert_near(e->acwr, 1.5);
	assert_int_equal(e->flag[FACTOR_HIGH_LOAD], FLAG_TRUE);
	assert_true(exposure_over(2.000000000000005, 2) == 0);
	assert_true(exposure_over(2.00001, 2));
	assert_true(exposure_at_least(1.4999999999999998, 1.5));
	assert_true(exposure_at_least(1.49999, 1.5) == 0);
	assert_true(exposure_under(4.999999999999999, 5) == 0);
	assert_true(exposure_under(4.9999, 5));
	exposure_table_release(&t);
	diag_release(&d);
}

static void test_selection_by_athlete_and_dates(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	struct diag d = DIAG_INIT;
	int64_t ben;

	exposure_options_init(&opt);
	assert_int_equal(store_find_athlete(f->st, "  BEN ", 5, &ben, &d), 0);
	assert_true(ben > 0);
	opt.athlete_id = ben;
	opt.from_day = calendar_days_from_civil(2026, 1, 30);
	compute(f, &opt, &t);
	assert_int_equal(t.count, 6);      /* the 30th to 4 February */
	/* History before --from still counts: the ACWR is known. */
	assert_false(isnan(t.rows[0].acwr));
	exposure_table_release(&t);
	assert_int_equal(store_find_athlete(f->st, "Nobody", 6, &ben, &d), 0);
	assert_int_equal(ben, 0);
	diag_release(&d);
}

static void test_factor_names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < FACTOR_COUNT; i++) {
		const char *name = exposure_factor_name((enum factor)i);

		assert_int_equal(exposure_factor_from_name(name, strlen(name)), i);
	}
	assert_int_equal(exposure_factor_from_name("salt", 4), FACTOR_ALL);
	assert_int_equal(exposure_factor_from_name("sodium_deficit", 14),
			 FACTOR_SODIUM_DEFICIT);
	assert_null(exposure_factor_name(FACTOR_ALL));
	for (int v = 0; v < VALUE_COUNT; v++) {
		const char *name = exposure_value_name((enum exposure_value)v);

		assert_int_equal(exposure_value_from_name(name, strlen(name)), v);
	}
	assert_int_equal(exposure_value_from_name("sodium", 6), VALUE_COUNT);
}

/* A session with its masses, the fluid drunk in it and the athlete's
 * sweat sodium measured that day (NAN: not logged). */
static void put_sweat_measured(struct fixture *f, const char *date,
			       const char *time, double minutes, double pre,
			       double post, double fluid, double sweat_na)
{
	struct training_row r;
	struct diag d = DIAG_INIT;
	enum store_outcome o;

	model_training_init(&r);
	r.sweat_sodium_mg_l = sweat_na;
	r.athlete = "Dee";
	strcpy(r.date, date);
	strcpy(r.start_time, time);
	r.duration_min = minutes;
	r.pre_mass_kg = pre;
	r.post_mass_kg = post;
	r.fluid_ml = fluid;
	assert_int_equal(store_put_training(f->st, f->import_id, athlete(f, "Dee"),
					    &r, 0, &o, &d), 0);
}

static void put_sweat_session(struct fixture *f, const char *date,
			      const char *time, double minutes, double pre,
			      double post, double fluid)
{
	put_sweat_measured(f, date, time, minutes, pre, post, fluid, NAN);
}

/*
 * Dee, 1-4 April 2026. The 1st: 3000 mg of sodium (a 400 mg drink, 2600 mg
 * of food); 90 min from 80.0 to 78.5 kg drinking 1 L (2.5 L of sweat), then
 * 30 min from 78.5 to 78.2 kg, nothing logged drunk (0.3 L). The 2nd: 1000
 * mg; 60 min from 80 to 78 kg drinking 0.5 L (2.5 L). The 3rd: 2000 mg; a
 * session without masses (sweat unknown). The 4th: 70 to 70.6 kg drinking
 * 0.2 L (a gain: no sweat counted).
 */
static int setup_sweat(void **state)
{
	struct fixture *f = open_fixture();

	put_hydration(f, "Dee", "2026-04-01", "10:00:00", 0, 500, 400, NAN, NAN, NAN);
	put_diet(f, "Dee", "2026-04-01", "12:00:00", NAN, 2600, NAN);
	put_sweat_session(f, "2026-04-01", "09:00:00", 90, 80.0, 78.5, 1000);
	put_sweat_session(f, "2026-04-01", "18:00:00", 30, 78.5, 78.2, NAN);
	put_diet(f, "Dee", "2026-04-02", "12:00:00", NAN, 1000, NAN);
	put_sweat_session(f, "2026-04-02", "09:00:00", 60, 80, 78, 500);
	put_diet(f, "Dee", "2026-04-03", "12:00:00", NAN, 2000, NAN);
	put_sweat_session(f, "2026-04-03", "09:00:00", 60, NAN, NAN, NAN);
	put_sweat_session(f, "2026-04-04", "09:00:00", 60, 70, 70.6, 200);
	return commit_fixture(f, state);
}

static const struct session_exposure *find_at(const struct exposure_table *t,
					      const char *date, const char *time)
{
	return find_session(t, "Dee", date, time);
}

static void test_sodium_balance_by_hand(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	struct diag d = DIAG_INIT;
	const struct session_exposure *e;

	exposure_options_init(&opt);
	assert_near(opt.thresholds.sweat_sodium_mg_l, 825);
	assert_near(opt.thresholds.sodium_deficit_mg, 0);
	compute(f, &opt, &t);
	e = find_at(&t, "2026-04-01", "09:00:00");
	assert_near(e->sweat_volume_l, 1.5 + 1.0);
	assert_near(e->sweat_rate_l_h, 2.5 / 1.5);
	assert_near(e->sweat_sodium_mg_l, 825);
	assert_near(e->sweat_sodium_mg, 2.5 * 825);
	assert_true(isnan(e->sodium_balance_mg));   /* nothing the day before */
	assert_int_equal(e->flag[FACTOR_SODIUM_DEFICIT], FLAG_UNKNOWN);
	e = find_at(&t, "2026-04-01", "18:00:00");
	assert_near(e->sweat_volume_l, 0.3);          /* fluid not logged: none */
	assert_near(e->sweat_sodium_mg, 0.3 * 825);
	/* The 1st: 3000 - (2.5 + 0.3) x 825 = 690 mg. */
	e = find_at(&t, "2026-04-02", "09:00:00");
	assert_near(e->sweat_volume_l, 2.5);
	assert_near(e->sodium_balance_mg, 3000 - 2.8 * 825);
	assert_int_equal(e->flag[FACTOR_SODIUM_DEFICIT], FLAG_FALSE);
	assert_near(exposure_value_of(e, VALUE_SODIUM_BALANCE_MG), 690);
	/* The 2nd: 1000 - 2062.5 = -1062.5 mg, a deficit. */
	e = find_at(&t, "2026-04-03", "09:00:00");
	assert_true(isnan(e->sweat_volume_l));
	assert_true(isnan(e->sweat_sodium_mg));
	assert_near(e->sodium_balance_mg, -1062.5);
	assert_int_equal(e->flag[FACTOR_SODIUM_DEFICIT], FLAG_TRUE);
	/* The 3rd: a session's sweat unknown, so is the day's balance. */
	e = find_at(&t, "2026-04-04", "09:00:00");
	assert_true(isnan(e->sodium_balance_mg));
	assert_int_equal(e->flag[FACTOR_SODIUM_DEFICIT], FLAG_UNKNOWN);
	assert_near(e->sweat_volume_l, 0);            /* 0.6 kg gained, 0.2 L drunk */
	exposure_table_release(&t);

	/* Two days' window: the mean of the known days' balances. */
	opt.window_days = 2;
	compute(f, &opt, &t);
	assert_near(find_at(&t, "2026-04-03", "09:00:00")->sodium_balance_mg,
		    (690 - 1062.5) / 2);
	exposure_table_release(&t);

	/* The thresholds by their configuration names. */
	opt.window_days = 1;
	assert_int_equal(exposure_set_threshold(&opt.thresholds, "sodium_deficit_mg",
						800, &d), 0);
	assert_int_equal(exposure_set_threshold(&opt.thresholds, "sweat_sodium_mg_l",
						1000, &d), 0);
	assert_int_equal(exposure_set_threshold(&opt.thresholds, "sweat_sodium_mg_l",
						50, &d), -1);
	diag_release(&d);
	compute(f, &opt, &t);
	e = find_at(&t, "2026-04-02", "09:00:00");
	assert_near(e->sodium_balance_mg, 3000 - 2.8 * 1000);   /* 200 mg */
	assert_int_equal(e->flag[FACTOR_SODIUM_DEFICIT], FLAG_TRUE);
	assert_near(e->sweat_sodium_mg, 2500);
	exposure_table_release(&t);
}

/*
 * Dee's own sweat sodium, from sweat patch tests: none before the 2nd (the
 * default, 825 mg/L, holds); 1,200 mg/L measured at the 2nd's evening
 * session holds for both sessions of that day and on; 600 mg/L from the
 * 4th. Sweat: 2.5 L on the 1st; 2.5 + 0.3 L on the 2nd; 1.0 L on the 3rd
 * and 4th. The 2nd's diet: 3,000 mg of sodium.
 */
static int setup_own_sweat(void **state)
{
	struct fixture *f = open_fixture();

	put_sweat_session(f, "2026-04-01", "09:00:00", 90, 80.0, 78.5, 1000);
	put_sweat_session(f, "2026-04-02", "09:00:00", 60, 80, 78, 500);
	put_sweat_measured(f, "2026-04-02", "18:00:00", 30, 78.5, 78.2, NAN, 1200);
	put_diet(f, "Dee", "2026-04-02", "12:00:00", NAN, 3000, NAN);
	put_sweat_session(f, "2026-04-03", "09:00:00", 60, 80, 79, 0);
	put_sweat_measured(f, "2026-04-04", "09:00:00", 60, 80, 79, 0, 600);
	return commit_fixture(f, state);
}

static void test_own_sweat_sodium_holds_until_the_next(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	const struct session_exposure *e;

	exposure_options_init(&opt);
	compute(f, &opt, &t);
	e = find_at(&t, "2026-04-01", "09:00:00");
	assert_near(e->sweat_sodium_mg_l, 825);
	assert_near(e->sweat_sodium_mg, 2.5 * 825);
	e = find_at(&t, "2026-04-02", "09:00:00");   /* measured that evening */
	assert_near(e->sweat_sodium_mg_l, 1200);
	assert_near(e->sweat_sodium_mg, 2.5 * 1200);
	assert_near(find_at(&t, "2026-04-02", "18:00:00")->sweat_sodium_mg,
		    0.3 * 1200);
	e = find_at(&t, "2026-04-03", "09:00:00");
	assert_near(e->sweat_sodium_mg_l, 1200);
	assert_near(e->sweat_sodium_mg, 1200);
	/* The 2nd's balance: 3000 - 2.8 x 1200 = -360 mg, a deficit. */
	assert_near(e->sodium_balance_mg, 3000 - 2.8 * 1200);
	assert_int_equal(e->flag[FACTOR_SODIUM_DEFICIT], FLAG_TRUE);
	e = find_at(&t, "2026-04-04", "09:00:00");
	assert_near(e->sweat_sodium_mg_l, 600);
	assert_near(e->sweat_sodium_mg, 600);
	exposure_table_release(&t);
}

/*
 * Eve, 10-12 May 2026: a 40 kcal snack without sodium leaves the 10th's
 * sodium known (a drink's 400 mg and lunch's 900 mg: 1,300, low); a 650 kcal
 * dinner without sodium or carbohydrate on the 11th makes that day's sodium
 * and carbohydrate unknown, whatever else was logged (a drink's 2,000 mg
 * would not make it low; 300 mg of lunch's would): never a factor from a
 * meal whose values are missing. Potassium, given by every big entry, stays
 * known.
 */
static int setup_missing_meal(void **state)
{
	struct fixture *f = open_fixture();

	put_hydration(f, "Eve", "2026-05-10", "08:00:00", 0, 500, 400, NAN, NAN, NAN);
	put_meal(f, "Eve", "2026-05-10", "12:00:00", 700, 90, 900, 1500);
	put_meal(f, "Eve", "2026-05-10", "16:00:00", 40, 8, NAN, NAN);
	put_hydration(f, "Eve", "2026-05-11", "08:00:00", 0, 500, 2000, NAN, NAN, NAN);
	put_meal(f, "Eve", "2026-05-11", "12:00:00", 700, 90, 300, 1500);
	put_meal(f, "Eve", "2026-05-11", "19:00:00", 650, NAN, NAN, 900);
	put_session(f, "Eve", "2026-05-11", "17:00:00", 60, 5, NAN, NAN, NAN, 0);
	put_session(f, "Eve", "2026-05-12", "17:00:00", 60, 5, NAN, NAN, NAN, 0);
	return commit_fixture(f, state);
}

static void test_a_meal_without_the_value_makes_the_day_unknown(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct exposure_table t;
	const struct session_exposure *e;

	exposure_options_init(&opt);
	compute(f, &opt, &t);
	e = find_session(&t, "Eve", "2026-05-11", "17:00:00");
	assert_near(e->sodium_mg, 1300);        /* the snack changed nothing */
	assert_near(e->carbs_g, 98);
	assert_int_equal(e->flag[FACTOR_LOW_SODIUM], FLAG_TRUE);
	e = find_session(&t, "Eve", "2026-05-12", "17:00:00");
	assert_true(isnan(e->sodium_mg));
	assert_int_equal(e->flag[FACTOR_LOW_SODIUM], FLAG_UNKNOWN);
	assert_true(isnan(e->carbs_g));
	assert_near(e->potassium_mg, 2400);
	exposure_table_release(&t);
}

/* ---- The kept exposures (issue 17) ---- */

/* x and y the same number, or both unknown. */
static void same(double x, double y, const char *what, size_t i)
{
	if (!(x == y || (isnan(x) && isnan(y))))
		fail_msg("row %zu: %s %.17g is not %.17g", i, what, x, y);
}

/* The tables a and b hold the same sessions and days, value for value. */
static void assert_same_tables(const struct exposure_table *a,
			       const struct exposure_table *b)
{
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->names_count, b->names_count);
	assert_int_equal(a->days_count, b->days_count);
	for (size_t i = 0; i < a->names_count; i++) {
		assert_string_equal(a->names[i], b->names[i]);
		assert_int_equal(a->name_ids[i], b->name_ids[i]);
	}
	for (size_t i = 0; i < a->count; i++) {
		const struct session_exposure *x = &a->rows[i], *y = &b->rows[i];

		assert_int_equal(x->athlete_id, y->athlete_id);
		assert_int_equal(x->athlete, y->athlete);
		assert_int_equal(x->day, y->day);
		assert_string_equal(x->date, y->date);
		assert_string_equal(x->start_time, y->start_time);
		assert_int_equal(x->cramp, y->cramp);
		assert_int_equal(x->cramp_side, y->cramp_side);
		assert_true((x->cramp_muscle == NULL) == (y->cramp_muscle == NULL));
		if (x->cramp_muscle)
			assert_string_equal(x->cramp_muscle, y->cramp_muscle);
		assert_int_equal(x->window_known_days, y->window_known_days);
		assert_memory_equal(x->flag, y->flag, sizeof(x->flag));
#define SAME(field) same(x->field, y->field, #field, i)
		SAME(cramp_severity); SAME(duration_min); SAME(rpe); SAME(load);
		SAME(body_mass_loss_pct); SAME(body_mass_loss_kg); SAME(tightness);
		SAME(urine_color); SAME(usg); SAME(fluid_ml); SAME(sodium_mg);
		SAME(potassium_mg); SAME(carbs_g); SAME(carbs_g_per_kg);
		SAME(acute_load); SAME(chronic_load); SAME(acwr);
		SAME(sweat_volume_l); SAME(sweat_rate_l_h); SAME(sweat_sodium_mg_l);
		SAME(sweat_sodium_mg); SAME(sodium_balance_mg);
#undef SAME
	}
	for (size_t i = 0; i < a->days_count; i++) {
		const struct day_exposure *x = &a->days[i], *y = &b->days[i];

		assert_int_equal(x->athlete, y->athlete);
		assert_int_equal(x->day, y->day);
		assert_string_equal(x->date, y->date);
		assert_int_equal(x->sessions, y->sessions);
#define SAME(field) same(x->field, y->field, #field, i)
		SAME(fluid_ml); SAME(sodium_mg); SAME(potassium_mg); SAME(carbs_g);
		SAME(carbs_g_per_kg); SAME(body_mass_kg); SAME(urine_color);
		SAME(usg); SAME(load); SAME(acute_load); SAME(chronic_load);
		SAME(acwr); SAME(sodium_balance_mg); SAME(sweat_sodium_held_mg_l);
#undef SAME
	}
}

/* The kept exposures read as exposure_compute's table equal the table
 * computed from the log rows, for opt. */
static void assert_kept_equals_rows(struct fixture *f,
				    const struct exposure_options *opt)
{
	struct exposure_options rows = *opt;
	struct exposure_table a, b;

	rows.from_rows = 1;
	compute(f, opt, &a);
	compute(f, &rows, &b);
	assert_same_tables(&a, &b);
	exposure_table_release(&a);
	exposure_table_release(&b);
}

static void assert_patterns_by_hand(struct fixture *f,
				    const struct exposure_options *opt);

/* Runs check on the default options, then with other thresholds (the
 * flags made again from the kept values, or bound in the query), then for
 * some days, then for one athlete of them. */
static void each_selection(struct fixture *f, struct exposure_options *opt,
			   void (*check)(struct fixture *,
					 const struct exposure_options *))
{
	struct diag d = DIAG_INIT;

	check(f, opt);
	assert_int_equal(exposure_set_threshold(&opt->thresholds, "low_sodium_mg",
						400, &d), 0);
	assert_int_equal(exposure_set_threshold(&opt->thresholds, "high_load_acwr",
						1.0, &d), 0);
	assert_int_equal(exposure_set_threshold(&opt->thresholds, "tightness",
						5, &d), 0);
	check(f, opt);
	opt->from_day = calendar_days_from_civil(2026, 1, 29);
	opt->to_day = calendar_days_from_civil(2026, 3, 2);
	check(f, opt);
	assert_int_equal(store_find_athlete(f->st, "Ben", 3, &opt->athlete_id,
					    &d), 0);
	check(f, opt);
	diag_release(&d);
}

static void test_kept_exposures_equal_the_rows(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct diag d = DIAG_INIT;

	exposure_options_init(&opt);
	opt.with_days = 1;
	assert_int_equal(store_kept_ready(f->st, &d), 1);
	each_selection(f, &opt, assert_kept_equals_rows);
	/* Other windows: the means of the kept days. */
	exposure_options_init(&opt);
	opt.with_days = 1;
	for (int w = 2; w <= 28; w += 13) {
		opt.window_days = w;
		assert_kept_equals_rows(f, &opt);
		opt.from_day = calendar_days_from_civil(2026, 1, 29);
		assert_kept_equals_rows(f, &opt);
		opt.from_day = calendar_days_from_civil(CALENDAR_MIN_YEAR, 1, 1);
	}
	diag_release(&d);
}

/* The setup's squad written again, a row a transaction, in another order
 * (the last day first), with corrections: every commit recomputes only
 * the athlete-days it touched, and the kept exposures still equal the
 * rows. */
static void test_kept_after_imports_in_any_order(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct diag d = DIAG_INIT;
	int32_t jan1 = calendar_days_from_civil(2026, 1, 1);

	exposure_options_init(&opt);
	opt.with_days = 1;
	for (int k = 40; k >= -100; k -= 7) {
		char date[11];

		date_of(jan1 + k, date);
		assert_int_equal(store_begin(f->st, &d), 0);
		/* A cramp, a heavier week, a body mass: each reaches days after
		 * its own. */
		put_session(f, "Ben", date, "09:00:00", 90, 7, 71, 69.4, 7, k % 2);
		put_hydration(f, "Cal", date, "07:00:00", 0, 300, 200, 4, 1.018,
			      64 + k / 10.0);
		if (k < 0)
			put_session(f, "Eve", date, "18:00:00", 30, 3, NAN, NAN, 2,
				    1);
		assert_int_equal(store_commit(f->st, &d), 0);
		assert_kept_equals_rows(f, &opt);
	}
	/* A correction of an early row changes days far after it. */
	assert_int_equal(store_begin(f->st, &d), 0);
	put_session(f, "Ben", "2026-01-02", "09:00:00", 60, 9, 70, 68, 9, 1);
	assert_int_equal(store_commit(f->st, &d), 0);
	assert_kept_equals_rows(f, &opt);
	/* A cramp 90 days before a session of a later import (every day
	 * between kept): that import reads back as far. */
	assert_int_equal(store_begin(f->st, &d), 0);
	put_session(f, "Flo", "2025-06-01", "09:00:00", 60, 6, 60, 59, 3, 1);
	for (int32_t day = calendar_days_from_civil(2025, 6, 2);
	     day < calendar_days_from_civil(2025, 8, 30); day++) {
		char date[11];

		date_of(day, date);
		put_hydration(f, "Flo", date, "07:00:00", 0, 500, NAN, 3, NAN, NAN);
	}
	assert_int_equal(store_commit(f->st, &d), 0);
	assert_int_equal(store_begin(f->st, &d), 0);
	put_session(f, "Flo", "2025-08-30", "09:00:00", 60, 6, 60, 59, 3, 0);
	assert_int_equal(store_commit(f->st, &d), 0);
	assert_kept_equals_rows(f, &opt);
	/* A rollback leaves them as they were. */
	assert_int_equal(store_begin(f->st, &d), 0);
	put_session(f, "Ben", "2026-01-03", "09:00:00", 60, 10, 70, 60, 10, 1);
	store_rollback(f->st);
	assert_kept_equals_rows(f, &opt);
	/* The history term, kept with the sessions. */
	opt.with_days = 0;
	assert_patterns_by_hand(f, &opt);
	diag_release(&d);
}

/* Counts t's rows of days from..to by hand into a pattern table's rows:
 * cell [athlete][flags] as a linear scan, history from hist. */
static size_t count_by_hand(const struct exposure_table *t,
			    const signed char *hist, int32_t from, int32_t to,
			    struct pattern *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < t->count; i++) {
		const struct session_exposure *e = &t->rows[i];
		signed char flags[PATTERN_FLAGS];
		size_t j;

		if (e->day < from || e->day > to)
			continue;
		memcpy(flags, e->flag, FACTOR_ALL);
		flags[PATTERN_HISTORY] = hist[i];
		for (j = 0; j < n; j++)
			if (out[j].athlete == e->athlete &&
			    memcmp(out[j].flag, flags, PATTERN_FLAGS) == 0)
				break;
		if (j == n) {
			assert_true(n < max);
			memset(&out[n], 0, sizeof(out[n]));
			out[n].athlete = e->athlete;
			memcpy(out[n].flag, flags, PATTERN_FLAGS);
			n++;
		}
		out[j].sessions++;
		out[j].cramps += e->cramp != 0;
	}
	return n;
}

/* exposure_patterns's counts against the exposure table's rows counted by
 * hand (history over all of an athlete's sessions), for opt's days. */
static void assert_patterns_by_hand(struct fixture *f,
				    const struct exposure_options *opt)
{
	struct exposure_options all = *opt;
	struct exposure_table t;
	struct pattern_table p;
	struct pattern hand[512];
	struct diag d = DIAG_INIT;
	signed char *hist;
	size_t n;
	uint64_t sessions = 0;

	all.from_rows = 1;
	all.from_day = calendar_days_from_civil(CALENDAR_MIN_YEAR, 1, 1);
	all.to_day = calendar_days_from_civil(CALENDAR_MAX_YEAR, 12, 31);
	compute(f, &all, &t);
	hist = malloc(t.count + 1);
	assert_non_null(hist);
	{
		struct flags_table ft;

		flags_of_table(&t, &ft);
		risk_history_flags(&ft, hist);
		flags_table_release(&ft);
	}
	n = count_by_hand(&t, hist, opt->from_day, opt->to_day, hand, 512);
	assert_int_equal(exposure_patterns(f->st, opt, &p, &d), 0);
	assert_int_equal(p.names_count, t.names_count);
	assert_int_equal(p.count, n);
	for (size_t i = 0; i < p.count; i++) {
		size_t j;

		/* Sorted by athlete, then flags, -1 < 0 < 1. */
		if (i > 0) {
			const struct pattern *a = &p.rows[i - 1], *b = &p.rows[i];
			int order = a->athlete < b->athlete ? -1 :
				    a->athlete > b->athlete ? 1 : 0;

			for (int k = 0; !order && k < PATTERN_FLAGS; k++)
				order = a->flag[k] < b->flag[k] ? -1 :
					a->flag[k] > b->flag[k] ? 1 : 0;
			assert_true(order < 0);
		}
		for (j = 0; j < n; j++)
			if (hand[j].athlete == p.rows[i].athlete &&
			    memcmp(hand[j].flag, p.rows[i].flag, PATTERN_FLAGS) == 0)
				break;
		assert_true(j < n);
		assert_int_equal(p.rows[i].sessions, hand[j].sessions);
		assert_int_equal(p.rows[i].cramps, hand[j].cramps);
		sessions += p.rows[i].sessions;
	}
	assert_true(sessions > 0);
	free(p.rows);
	free(hist);
	exposure_table_release(&t);
	diag_release(&d);
}

static void test_pattern_counts_from_the_kept_table(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;
	struct diag d = DIAG_INIT;

	exposure_options_init(&opt);
	each_selection(f, &opt, assert_patterns_by_hand);
	/* A window the kept exposures do not hold: not read (1), the
	 * caller computes from the log rows. */
	opt.window_days = 3;
	assert_int_equal(exposure_patterns(f->st, &opt, &(struct pattern_table){ 0 },
					   &d), 1);
	diag_release(&d);
}

static void test_kept_sweat_and_balance(void **state)
{
	struct fixture *f = *state;
	struct exposure_options opt;

	exposure_options_init(&opt);
	opt.with_days = 1;
	assert_kept_equals_rows(f, &opt);
	opt.window_days = 3;
	assert_kept_equals_rows(f, &opt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_session_values_and_the_day_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_is_never_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window_mean_leaves_unknown_days_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thresholds_move_the_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acwr_coupled_uncoupled_ewma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_load_makes_acwr_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ewma_restarts_after_unknown_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exactly_at_the_threshold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selection_by_athlete_and_dates, setup, teardown),
		cmocka_unit_test(test_factor_names_round_trip),
		cmocka_unit_test_setup_teardown(test_sodium_balance_by_hand, setup_sweat, teardown),
		cmocka_unit_test_setup_teardown(test_own_sweat_sodium_holds_until_the_next, setup_own_sweat, teardown),
		cmocka_unit_test_setup_teardown(test_a_meal_without_the_value_makes_the_day_unknown, setup_missing_meal, teardown),
		cmocka_unit_test_setup_teardown(test_kept_exposures_equal_the_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_after_imports_in_any_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pattern_counts_from_the_kept_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_sweat_and_balance, setup_sweat, teardown),
		cmocka_unit_test_setup_teardown(test_kept_sweat_and_balance, setup_own_sweat, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
