/*
 * Tests of the squad simulator: the same seed gives the same rows, every
 * value is one the importers accept, rows come in date order, and the odds
 * ratio put in shows in the rows that come out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"
#include "hashmap.h"
#include "simulate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct tally {
	uint64_t hash;
	uint64_t training, hydration, diet, cramps;
	char last_date[11];
	int out_of_order;
	int out_of_range;
	/* For the odds ratio: sessions after a low-sodium day. */
	struct strmap sodium;         /* "athlete|date" -> mg */
	uint64_t low_sessions, low_cramps, other_sessions, other_cramps;
};

static void mix(struct tally *t, const void *p, size_t n)
{
	t->hash = hash_bytes(p, n) ^ (t->hash * 0x100000001b3u);
}

static void mix_num(struct tally *t, double x)
{
	mix(t, &x, sizeof(x));
}

static void check_order(struct tally *t, const char *date)
{
	if (strcmp(date, t->last_date) < 0)
		t->out_of_order = 1;
	memcpy(t->last_date, date, 11);
}

static void in_range(struct tally *t, double x, double lo, double hi)
{
	if (!isnan(x) && !(x >= lo && x <= hi))
		t->out_of_range = 1;
}

static void add_sodium(struct tally *t, const char *athlete, const char *date,
		       double mg)
{
	char key[160];
	int64_t v = 0;

	if (isnan(mg))
		return;
	snprintf(key, sizeof(key), "%s|%s", athlete, date);
	strmap_get(&t->sodium, key, strlen(key), &v);
	strmap_put(&t->sodium, key, strlen(key), v + (int64_t)mg);
}

static int on_training(void *ctx, const struct training_row *r)
{
	struct tally *t = ctx;
	char key[160], prev[11];
	int32_t day;
	int64_t na;

	t->training++;
	t->cramps += r->cramp;
	check_order(t, r->date);
	mix(t, r->athlete, strlen(r->athlete));
	mix(t, r->date, 10);
	mix(t, r->start_time, 8);
	mix_num(t, r->duration_min);
	mix_num(t, r->rpe);
	mix_num(t, r->post_mass_kg);
	mix(t, &r->cramp, sizeof(r->cramp));
	in_range(t, r->duration_min, 0, 1440);
	in_range(t, r->rpe, 0, 10);
	in_range(t, r->tightness, 0, 10);
	in_range(t, r->cramp_severity, 0, 10);
	in_range(t, r->pre_mass_kg, 20, 250);
	in_range(t, r->post_mass_kg, 20, 250);
	in_range(t, r->fluid_ml, 0, 10000);
	in_range(t, r->temp_c, -40, 60);
	in_range(t, r->distance_km, 0, 1000);
	if (isnan(r->duration_min))
		t->out_of_range = 1;
	/* The day before's sodium (hydration and diet rows come first). */
	assert_int_equal(calendar_parse_date(r->date, 10, &day), 0);
	calendar_format_date(day - 1, prev);
	snprintf(key, sizeof(key), "%s|%s", r->athlete, prev);
	if (strmap_get(&t->sodium, key, strlen(key), &na)) {
		if (na < 1500) {
			t->low_sessions++;
			t->low_cramps += r->cramp;
		} else {
			t->other_sessions++;
			t->other_cramps += r->cramp;
		}
	}
	return 0;
}

static int on_hydration(void *ctx, const struct hydration_row *r)
{
	struct tally *t = ctx;

	t->hydration++;
	check_order(t, r->date);
	mix(t, r->athlete, strlen(r->athlete));
	mix(t, r->time, 8);
	mix_num(t, r->fluid_ml);
	mix_num(t, r->usg);
	in_range(t, r->fluid_ml, 0, 10000);
	in_range(t, r->sodium_mg, 0, 20000);
	in_range(t, r->potassium_mg, 0, 20000);
	in_range(t, r->urine_color, 1, 8);
	in_range(t, r->usg, 1.0, 1.05);
	in_range(t, r->body_mass_kg, 20, 250);
	if (!isnan(r->urine_color) && r->urine_color != floor(r->urine_color))
		t->out_of_range = 1;
	add_sodium(t, r->athlete, r->date, r->sodium_mg);
	return 0;
}

static int on_diet(void *ctx, const struct diet_row *r)
{
	struct tally *t = ctx;

	t->diet++;
	check_order(t, r->date);
	mix(t, r->athlete, strlen(r->athlete));
	mix_num(t, r->carbs_g);
	mix_num(t, r->sodium_mg);
	in_range(t, r->energy_kcal, 0, 20000);
	in_range(t, r->carbs_g, 0, 2000);
	in_range(t, r->protein_g, 0, 2000);
	in_range(t, r->fat_g, 0, 2000);
	in_range(t, r->sodium_mg, 0, 20000);
	in_range(t, r->potassium_mg, 0, 20000);
	in_range(t, r->fluid_ml, 0, 10000);
	add_sodium(t, r->athlete, r->date, r->sodium_mg);
	return 0;
}

static void run(const struct sim_options *opt, struct tally *t)
{
	struct sim_sink sink = { t, on_training, on_hydration, on_diet };
	struct sim_summary sum;
	struct diag d = DIAG_INIT;

	memset(t, 0, sizeof(*t));
	strmap_init(&t->sodium);
	assert_int_equal(sim_run(opt, &sink, &sum, &d), 0);
	assert_int_equal(sum.sessions, t->training);
	assert_int_equal(sum.cramps, t->cramps);
	assert_int_equal(sum.hydration, t->hydration);
	assert_int_equal(sum.diet, t->diet);
	strmap_release(&t->sodium);
	diag_release(&d);
}

static void test_same_seed_same_rows_other_seed_other_rows(void **state)
{
	struct sim_options opt;
	struct tally a, b, c;

	(void)state;
	sim_options_init(&opt);
	run(&opt, &a);
	run(&opt, &b);
	assert_true(a.hash == b.hash);
	assert_int_equal(a.training, b.training);
	opt.seed = 2;
	run(&opt, &c);
	assert_true(a.hash != c.hash);
}

static void test_values_are_in_range_and_dates_in_order(void **state)
{
	struct sim_options opt;
	struct tally t;

	(void)state;
	sim_options_init(&opt);
	opt.athletes = 40;
	opt.days = 400;
	run(&opt, &t);
	assert_int_equal(t.out_of_range, 0);
	assert_int_equal(t.out_of_order, 0);
	/* Five or so sessions a week each, three to six drinks and three or
	 * four meals a day. */
	assert_true(t.training > 40 * 400 * 4 / 7 && t.training < 40 * 400 * 7 / 7);
	assert_true(t.hydration >= 40 * 400 * 4 && t.hydration <= 40 * 400 * 7);
	assert_true(t.diet >= 40 * 400 * 3 && t.diet <= 40 * 400 * 4);
	assert_true(t.cramps > 0);
}

/* The crude odds ratio of a cramp after a low-sodium day follows the odds
 * ratio put in: about 1 with 1, clearly above 2 with 4. */
static void test_odds_ratio_put_in_shows_in_the_rows(void **state)
{
	struct sim_options opt;
	struct tally none, strong;
	double or_none, or_strong;

	(void)state;
	sim_options_init(&opt);
	opt.athletes = 200;
	opt.days = 150;
	opt.odds_ratio[SIM_LOW_SODIUM] = 1.0;
	run(&opt, &none);
	opt.odds_ratio[SIM_LOW_SODIUM] = 4.0;
	run(&opt, &strong);
	or_none = ((double)none.low_cramps / (double)(none.low_sessions - none.low_cramps)) /
		  ((double)none.other_cramps / (double)(none.other_sessions - none.other_cramps));
	or_strong = ((double)strong.low_cramps / (double)(strong.low_sessions - strong.low_cramps)) /
		    ((double)strong.other_cramps / (double)(strong.other_sessions - strong.other_cramps));
	assert_true(none.low_sessions > 500);
	assert_true(or_none > 0.6 && or_none < 1.6);
	assert_true(or_strong > 2.5);
}

static void test_bad_options_are_refused(void **state)
{
	struct sim_options opt;
	struct sim_sink sink = { NULL, NULL, NULL, NULL };
	struct diag d = DIAG_INIT;

	(void)state;
	sim_options_init(&opt);
	opt.athletes = 0;
	assert_int_equal(sim_run(&opt, &sink, NULL, &d), -1);
	sim_options_init(&opt);
	opt.base_rate = 1;
	assert_int_equal(sim_run(&opt, &sink, NULL, &d), -1);
	sim_options_init(&opt);
	opt.odds_ratio[SIM_TIGHTNESS] = 0;
	assert_int_equal(sim_run(&opt, &sink, NULL, &d), -1);
	assert_int_equal(d.errors, 3);
	diag_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_rows_other_seed_other_rows),
		cmocka_unit_test(test_values_are_in_range_and_dates_in_order),
		cmocka_unit_test(test_odds_ratio_put_in_shows_in_the_rows),
		cmocka_unit_test(test_bad_options_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
