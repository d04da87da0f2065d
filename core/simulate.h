/*
 * The squad simulator: realistic training, hydration and diet logs with cramp
 * episodes drawn from a model whose odds ratio per factor is known, for
 * trials, tests of the analyzer (does it find what was put in?) and
 * benchmarks of any size. Pure generation: rows go to callbacks, in date
 * order; the same seed gives the same rows.
 *
 * The model, per athlete: body mass ~ N(72, 9) kg; sweat rate ~ N(1.1, 0.3)
 * L/h (Baker et al. 2016: 1.21 +- 0.68); habitual sodium ~ N(2600, 600)
 * mg/day, potassium ~ N(3000, 500), carbohydrate ~ N(5.6, 1.0) g/kg/day;
 * baseline hamstring tightness ~ N(4, 1.5); a personal cramp propensity on
 * the log-odds scale ~ N(0, 0.5), plus 1.2 for about one athlete in six
 * (the cramp-prone: a history of cramping is the strongest predictor,
 * Schwellnus et al. 2011). Per day: a morning urine reading and body mass,
 * three to six drinks (some of them sports drinks with sodium and
 * potassium), three or four meals, and on training days (five a week) one
 * session, sometimes two; about one week in eight is a load spike (1.7 times
 * the usual minutes). A session's cramp is drawn with
 *   logit p = logit(base) + propensity + sum over factors of ln(OR_f) flag_f
 * where the flags follow docs/science.md's default rules, computed from the rows
 * the simulator writes (the day before's intakes, the session's body-mass
 * loss, the morning's urine, tightness, the coupled 7:28-day ACWR of session
 * RPE x minutes once 28 days of history exist).
 *
 * Sweat sodium: each athlete's whole-body concentration ~ N(825, 240) mg/L
 * (Baker et al. 2016: 35.9 +- 10.4 mmol/L), one in six a salty sweater at
 * ~ N(1400, 250) (Stofan et al. 2005's cramp-prone players: 54.6 mmol/L),
 * within 230 to 2300 (Baker 2017), drawn from a stream of its own so that
 * the other rows of a seed stay as they were. The day's sodium balance is
 * its intake minus the sweat of its sessions at that concentration; the
 * log-odds of a cramp rise by ln(OR) per 1000 mg that the day before's
 * balance fell below 0 (at most 3000 mg): the default odds ratio 1 plants
 * nothing. The training log does not carry the concentration (the analyzer
 * assumes one for everyone), as in a squad without sweat tests.
 */
#ifndef CRAMPLOG_SIMULATE_H
#define CRAMPLOG_SIMULATE_H

#include "diag.h"
#include "model.h"

#include <stdint.h>

enum sim_factor {
	SIM_DEHYDRATION,
	SIM_LOW_SODIUM,
	SIM_LOW_POTASSIUM,
	SIM_LOW_CARBOHYDRATE,
	SIM_TIGHTNESS,
	SIM_HIGH_LOAD,
	SIM_SODIUM_DEFICIT,     /* a dose: per 1000 mg of deficit (below) */
	SIM_FACTORS
};

/* The factor's name as the analyzer spells it ("low_sodium"). */
const char *sim_factor_name(enum sim_factor f);

struct sim_options {
	unsigned athletes;
	unsigned days;
	uint64_t seed;
	int32_t start_day;               /* day number of the first day */
	double base_rate;                /* cramp probability with no factor */
	unsigned drinks_min, drinks_max; /* drinks logged a day (3 to 6) */
	double odds_ratio[SIM_FACTORS];
};

/* Defaults: 16 athletes, 56 days from 2026-01-05, seed 1, base rate 0.015,
 * odds ratios dehydration 1.6 (Kona medical-tent records: docs/science.md),
 * low_sodium 2.0, low_potassium 1.3, low_carbohydrate 1.5, tightness 1.8,
 * high_load 1.7 (plausible, not published), sodium_deficit 1 (none). */
void sim_options_init(struct sim_options *opt);

struct sim_sink {
	void *ctx;
	/* A non-zero return stops the run and is what sim_run returns. */
	int (*training)(void *ctx, const struct training_row *row);
	int (*hydration)(void *ctx, const struct hydration_row *row);
	int (*diet)(void *ctx, const struct diet_row *row);
};

struct sim_summary {
	uint64_t sessions;
	uint64_t cramps;
	uint64_t hydration;
	uint64_t diet;
};

/* Runs the simulation, handing every row to the sink, day by day. Returns
 * 0, -1 (with d filled) on bad options or no memory, or what a callback
 * returned. summary may be NULL. */
int sim_run(const struct sim_options *opt, const struct sim_sink *sink,
	    struct sim_summary *summary, struct diag *d);

#endif
