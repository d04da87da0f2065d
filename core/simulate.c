/*
 * The squad simulator (see simulate.h for the model and its sources).
 */
#include "simulate.h"
#include "calendar.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xoshiro256** (Blackman and Vigna), seeded through splitmix64. */
struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform on [0, 1). */
static double uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static double uniform_in(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * uniform(r);
}

static int chance(struct rng *r, double p)
{
	return uniform(r) < p;
}

/* Normal by Box-Muller (one of the pair). */
static double normal(struct rng *r, double mean, double sd)
{
	double u = 1.0 - uniform(r), v = uniform(r);

	return mean + sd * sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Rounds to a multiple of step (0.1 for one decimal), as logs are kept. */
static double round_to(double x, double step)
{
	return round(x / step) * step;
}

static const char *const factor_names[SIM_FACTORS] = {
	"dehydration", "low_sodium", "low_potassium", "low_carbohydrate",
	"tightness", "high_load", "sodium_deficit"
};

const char *sim_factor_name(enum sim_factor f)
{
	return f < SIM_FACTORS ? factor_names[f] : "unknown";
}

void sim_options_init(struct sim_options *opt)
{
	static const double or[SIM_FACTORS] = { 1.6, 2.0, 1.3, 1.5, 1.8, 1.7, 1 };

	opt->athletes = 16;
	opt->days = 56;
	opt->seed = 1;
	opt->start_day = calendar_days_from_civil(2026, 1, 5);
	opt->base_rate = 0.015;
	opt->drinks_min = 3;
	opt->drinks_max = 6;
	memcpy(opt->odds_ratio, or, sizeof(or));
}

static const char *const first_names[] = {
	"Zoë", "Liam", "Kai", "Amara", "Mateo", "Saoirse", "Jonas", "Chidi",
	"Ingrid", "Hugo", "Léa", "Tomás", "Aisha", "Björn", "Mei", "Rafael",
	"Nadia", "Oskar", "Priya", "Elif", "Noah", "Marta", "Kwame", "Sofía",
	"Yuki", "Emil", "Chloé", "Dario", "Freya", "Idris", "Lucía", "Aleksander",
};

static const char *const last_names[] = {
	"Müller", "O'Brien", "Tanaka", "Okafor", "García", "Ødegaard", "Novak",
	"Núñez", "Kowalski", "Lindqvist", "Dubois", "Mensah", "Rossi",
	"Nakamura", "Fitzgerald", "Sørensen", "Petrović", "Haddad", "Silva",
	"Van der Berg", "Yılmaz", "Schmidt", "Chen", "D'Angelo", "Kiplagat",
	"Moreau", "Andersson", "Walker", "Iwu", "Çelik", "Hughes", "Bianchi",
};

#define NFIRST (sizeof(first_names) / sizeof(first_names[0]))
#define NLAST (sizeof(last_names) / sizeof(last_names[0]))
#define HISTORY 28

struct athlete {
	char name[96];
	double mass;             /* usual body mass, kg */
	double sweat_rate;       /* L/h */
	double sodium_habit;     /* mg/day */
	double potassium_habit;
	double carbs_per_kg;     /* g/kg/day */
	double tightness_base;
	double propensity;       /* log-odds */
	double sweat_sodium;     /* mg/L of sweat */
	double load[HISTORY];    /* daily sRPE loads, [day % HISTORY] */
	unsigned days_seen;
	/* Yesterday's intake totals, and its sodium balance. */
	double prev_sodium, prev_potassium, prev_carbs, prev_fluid;
	double prev_balance;
	int have_prev;
};

struct sim {
	const struct sim_options *opt;
	const struct sim_sink *sink;
	struct sim_summary sum;
	struct rng rng;
	struct athlete *athletes;
	int spike;               /* this week is a load spike, per athlete */
};

/* Gives athlete i a name unique within the run: first and last names in a
 * seeded order, "Last, First" for about one in thirteen. */
static void name_athlete(struct rng *r, unsigned i, unsigned offset,
			 char *out, size_t size)
{
	unsigned combo = (i * 7919u + offset) % (unsigned)(NFIRST * NLAST);
	const char *first = first_names[combo % NFIRST];
	const char *last = last_names[(combo / NFIRST + i / (NFIRST * NLAST)) % NLAST];
	unsigned round = i / (unsigned)(NFIRST * NLAST);

	if (chance(r, 1.0 / 13))
		snprintf(out, size, "%s, %s", last, first);
	else
		snprintf(out, size, "%s %s", first, last);
	if (round)
		snprintf(out + strlen(out), size - strlen(out), " %u", round + 1);
}

/* Each athlete's sweat sodium, from a stream of its own (simulate.h). */
static void sweat_sodium(struct sim *s)
{
	struct rng r;

	rng_seed(&r, s->opt->seed ^ 0x5eed5a17u);
	for (unsigned i = 0; i < s->opt->athletes; i++) {
		int salty = chance(&r, 1.0 / 6);

		s->athletes[i].sweat_sodium = clamp(salty ? normal(&r, 1400, 250) :
						    normal(&r, 825, 240), 230, 2300);
	}
}

static void init_athletes(struct sim *s)
{
	unsigned offset = (unsigned)(rng_next(&s->rng) % (NFIRST * NLAST));

	for (unsigned i = 0; i < s->opt->athletes; i++) {
		struct athlete *a = &s->athletes[i];
		struct rng *r = &s->rng;

		name_athlete(r, i, offset, a->name, sizeof(a->name));
		a->mass = clamp(normal(r, 72, 9), 48, 110);
		a->sweat_rate = clamp(normal(r, 1.1, 0.3), 0.4, 2.5);
		a->sodium_habit = clamp(normal(r, 2600, 600), 1200, 5000);
		a->potassium_habit = clamp(normal(r, 3000, 500), 1600, 5000);
		a->carbs_per_kg = clamp(normal(r, 5.6, 1.0), 3.0, 9.0);
		a->tightness_base = clamp(normal(r, 4, 1.5), 0.5, 8);
		a->propensity = normal(r, 0, 0.5) + (chance(r, 1.0 / 6) ? 1.2 : 0);
	}
	sweat_sodium(s);
}

/* minutes is 0 to 1439. */
static void format_time(int minutes, model_time out)
{
	unsigned h = (unsigned)(minutes / 60) % 24, m = (unsigned)minutes % 60;

	out[0] = (char)('0' + h / 10);
	out[1] = (char)('0' + h % 10);
	out[2] = ':';
	out[3] = (char)('0' + m / 10);
	out[4] = (char)('0' + m % 10);
	memcpy(out + 5, ":00", 4);
}

struct day_totals {
	double fluid, sodium, potassium, carbs;
	double morning_usg, morning_color, morning_mass;
};

/* Writes the morning reading and the drinks; adds to the day's totals. */
static int hydration_rows(struct sim *s, struct athlete *a,
			  const model_date date, struct day_totals *t)
{
	struct rng *r = &s->rng;
	struct hydration_row h;
	unsigned span = s->opt->drinks_max - s->opt->drinks_min + 1;
	int n = (int)(s->opt->drinks_min + rng_next(r) % span), minute = 8 * 60, rc;
	/* Yesterday's fluid short of about 3 litres darkens the urine. */
	double deficit = a->have_prev ? (3000 - a->prev_fluid) / 1000 : 0;

	model_hydration_init(&h);
	h.athlete = a->name;
	memcpy(h.date, date, sizeof(model_date));
	format_time(6 * 60 + 30 + (int)(rng_next(r) % 60), h.time);
	t->morning_color = clamp(round(3 + 1.5 * deficit + normal(r, 0, 1)), 1, 8);
	t->morning_usg = round_to(clamp(1.004 + 0.0035 * (t->morning_color - 1) +
					normal(r, 0, 0.002), 1.001, 1.035), 0.001);
	t->morning_mass = round_to(a->mass + normal(r, 0, 0.4), 0.1);
	h.urine_color = t->morning_color;
	h.usg = t->morning_usg;
	h.body_mass_kg = t->morning_mass;
	if ((rc = s->sink->hydration(s->sink->ctx, &h)) != 0)
		return rc;
	s->sum.hydration++;
	for (int i = 0; i < n; i++) {
		model_hydration_init(&h);
		h.athlete = a->name;
		memcpy(h.date, date, sizeof(model_date));
		minute += 60 + (int)(rng_next(r) % 150);
		format_time(minute > 23 * 60 ? 23 * 60 : minute, h.time);
		h.fluid_ml = round_to(uniform_in(r, 150, 750), 10);
		if (chance(r, 0.3)) {
			/* A sports drink: about 230 mg sodium per 500 ml. */
			h.sodium_mg = round(h.fluid_ml * uniform_in(r, 0.3, 0.9));
			h.potassium_mg = round(h.fluid_ml * uniform_in(r, 0.05, 0.3));
			t->sodium += h.sodium_mg;
			t->potassium += h.potassium_mg;
		}
		t->fluid += h.fluid_ml;
		if ((rc = s->sink->hydration(s->sink->ctx, &h)) != 0)
			return rc;
		s->sum.hydration++;
	}
	return 0;
}

static int diet_rows(struct sim *s, struct athlete *a, const model_date date,
		     struct day_totals *t)
{
	static const char *const meals[] = { "breakfast", "lunch", "dinner", "snack" };
	static const int meal_minutes[] = { 7 * 60 + 30, 12 * 60 + 30, 19 * 60, 16 * 60 };
	static const double share[] = { 0.25, 0.35, 0.3, 0.1 };
	struct rng *r = &s->rng;
	int nmeals = chance(r, 0.6) ? 4 : 3, rc;
	/* Some days are poor: low sodium, potassium or carbohydrate. */
	double sodium = clamp(normal(r, a->sodium_habit, 600), 300, 9000);
	double potassium = clamp(normal(r, a->potassium_habit, 600), 600, 9000);
	double carbs = clamp(normal(r, a->carbs_per_kg, 1.0), 1.5, 12) * a->mass;

	for (int i = 0; i < nmeals; i++) {
		struct diet_row m;
		double part = share[i] / (nmeals == 4 ? 1.0 : 0.9);

		model_diet_init(&m);
		m.athlete = a->name;
		memcpy(m.date, date, sizeof(model_date));
		format_time(meal_minutes[i] + (int)(rng_next(r) % 40), m.time);
		m.meal = meals[i];
		m.carbs_g = round(carbs * part);
		m.protein_g = round(clamp(normal(r, 1.8 * a->mass * part, 8), 0, 400));
		m.fat_g = round(clamp(normal(r, 1.1 * a->mass * part, 6), 0, 300));
		m.energy_kcal = round(4 * m.carbs_g + 4 * m.protein_g + 9 * m.fat_g);
		m.sodium_mg = round(sodium * part);
		m.potassium_mg = round(potassium * part);
		m.fluid_ml = chance(r, 0.7) ? round_to(uniform_in(r, 100, 400), 10) : NAN;
		t->carbs += m.carbs_g;
		t->sodium += m.sodium_mg;
		t->potassium += m.potassium_mg;
		if (!isnan(m.fluid_ml))
			t->fluid += m.fluid_ml;
		if ((rc = s->sink->diet(s->sink->ctx, &m)) != 0)
			return rc;
		s->sum.diet++;
	}
	return 0;
}

/* The coupled 7:28-day ACWR (docs/science.md), with today's load in both sums;
 * NAN before 28 days of history. */
static double acwr(const struct athlete *a)
{
	double acute = 0, chronic = 0;

	if (a->days_seen < HISTORY)
		return NAN;
	for (unsigned k = 0; k < HISTORY; k++) {
		double l = a->load[(a->days_seen - 1 - k) % HISTORY];

		chronic += l;
		if (k < 7)
			acute += l;
	}
	return chronic > 0 ? acute / (chronic / 4) : NAN;
}

static const char *const session_kinds[] = {
	"easy run", "intervals", "gym", "long run", "match", "tempo run"
};

static int session_rows(struct sim *s, struct athlete *a, int32_t dn,
			const model_date date, const struct day_totals *t,
			int spike, double *day_load, double *day_sweat_sodium)
{
	struct rng *r = &s->rng;
	int n = chance(r, 0.1) ? 2 : 1, rc;
	double high_load;

	double minutes[2], rpe[2];

	/* Today's load enters the ACWR before the sessions are judged. */
	for (int i = 0; i < n; i++) {
		minutes[i] = round(clamp(normal(r, 70, 20), 25, 150) *
				   (spike ? 1.7 : 1.0));
		if (minutes[i] > 240)
			minutes[i] = 240;
		rpe[i] = round(clamp(normal(r, 6, 1.5), 2, 10));
		*day_load += minutes[i] * rpe[i];
	}
	a->load[a->days_seen % HISTORY] = *day_load;
	a->days_seen++;
	high_load = acwr(a);
	for (int i = 0; i < n; i++) {
		struct training_row tr;
		/* Seasons: coldest in late January. */
		double temp = 14 - 9 * cos(2 * M_PI * (double)(dn - 20) / 365.25) +
			      normal(r, 0, 3);
		double hours = minutes[i] / 60, sweat, bml, logit;
		int flag[SIM_SODIUM_DEFICIT];   /* the yes/no factors */

		model_training_init(&tr);
		tr.athlete = a->name;
		memcpy(tr.date, date, sizeof(model_date));
		format_time(i == 0 ? 7 * 60 + (int)(rng_next(r) % 660) : 19 * 60,
			    tr.start_time);
		tr.session = session_kinds[rng_next(r) % 6];
		tr.duration_min = minutes[i];
		tr.rpe = rpe[i];
		if (strstr(tr.session, "run"))
			tr.distance_km = round_to(hours * uniform_in(r, 9.5, 14), 0.1);
		tr.temp_c = round_to(clamp(temp, -10, 40), 0.1);
		tr.fluid_ml = chance(r, 0.8) ? round_to(uniform_in(r, 0, 300) * hours, 10) : NAN;
		tr.pre_mass_kg = round_to(t->morning_mass - clamp(normal(r, 0.2, 0.2), -0.3, 1), 0.1);
		sweat = a->sweat_rate * hours * (1 + 0.03 * (tr.temp_c - 20));
		if (sweat < 0.1)
			sweat = 0.1;
		*day_sweat_sodium += sweat * a->sweat_sodium;
		tr.post_mass_kg = round_to(tr.pre_mass_kg - sweat +
					   (isnan(tr.fluid_ml) ? 0 : tr.fluid_ml / 1000), 0.1);
		tr.tightness = round(clamp(a->tightness_base + (spike ? 1.5 : 0) +
					   normal(r, 0, 1.6), 0, 10));
		bml = (tr.pre_mass_kg - tr.post_mass_kg) / tr.pre_mass_kg * 100;
		flag[SIM_DEHYDRATION] = bml > 2 || t->morning_usg > 1.020 ||
					t->morning_color >= 5;
		flag[SIM_LOW_SODIUM] = a->have_prev && a->prev_sodium < 1500;
		flag[SIM_LOW_POTASSIUM] = a->have_prev && a->prev_potassium < 2600;
		flag[SIM_LOW_CARBOHYDRATE] = a->have_prev &&
					     a->prev_carbs / a->mass < 5;
		flag[SIM_TIGHTNESS] = tr.tightness >= 7;
		flag[SIM_HIGH_LOAD] = !isnan(high_load) && high_load >= 1.5;
		logit = log(s->opt->base_rate / (1 - s->opt->base_rate)) + a->propensity;
		for (int f = 0; f < SIM_SODIUM_DEFICIT; f++)
			logit += flag[f] * log(s->opt->odds_ratio[f]);
		if (a->have_prev && a->prev_balance < 0)
			logit += fmin(-a->prev_balance / 1000, 3) *
				 log(s->opt->odds_ratio[SIM_SODIUM_DEFICIT]);
		tr.cramp = uniform(r) < 1 / (1 + exp(-logit));
		if (tr.cramp) {
			double m = uniform(r);

			tr.cramp_muscle = m < 0.7 ? "hamstring" : m < 0.95 ? "calf" : "quadriceps";
			tr.cramp_side = (enum cramp_side)(1 + rng_next(r) % 3);
			tr.cramp_severity = round(clamp(normal(r, 5, 2), 1, 10));
			if (tr.cramp_severity >= 7)
				tr.notes = "stopped, stretched and massaged; sore afterwards";
			s->sum.cramps++;
		}
		if ((rc = s->sink->training(s->sink->ctx, &tr)) != 0)
			return rc;
		s->sum.sessions++;
	}
	return 0;
}

int sim_run(const struct sim_options *opt, const struct sim_sink *sink,
	    struct sim_summary *summary, struct diag *d)
{
	struct sim s;
	int rc = 0;

	if (opt->athletes == 0 || opt->athletes > 100000)
		return diag_error(d, "athletes must be 1 to 100000");
	if (opt->drinks_min > opt->drinks_max || opt->drinks_max > 30)
		return diag_error(d, "drinks a day: %u to %u is not a range within "
				  "0 to 30", opt->drinks_min, opt->drinks_max);
	if (opt->days == 0 || opt->days > 36500)
		return diag_error(d, "days must be 1 to 36500");
	if (!(opt->base_rate > 0 && opt->base_rate < 1))
		return diag_error(d, "the base rate must be between 0 and 1");
	for (int f = 0; f < SIM_FACTORS; f++)
		if (!(opt->odds_ratio[f] > 0 && opt->odds_ratio[f] < 1000))
			return diag_error(d, "the odds ratio of %s must be "
					  "above 0 and below 1000",
					  factor_names[f]);
	memset(&s, 0, sizeof(s));
	s.opt = opt;
	s.sink = sink;
	rng_seed(&s.rng, opt->seed);
	s.athletes = xcalloc(opt->athletes, sizeof(*s.athletes));
	init_athletes(&s);
	for (unsigned day = 0; day < opt->days && rc == 0; day++) {
		int32_t dn = opt->start_day + (int32_t)day;
		int weekday = calendar_weekday(dn);
		model_date date;

		calendar_format_date(dn, date);
		for (unsigned i = 0; i < opt->athletes && rc == 0; i++) {
			struct athlete *a = &s.athletes[i];
			struct day_totals t = { 0, 0, 0, 0, 0, 0, 0 };
			/* Each athlete's weeks: a seeded one in eight spikes. */
			uint64_t week_seed = opt->seed ^ ((uint64_t)(dn - weekday + 1) * 2654435761u) ^ i;
			int spike = splitmix64(&week_seed) % 8 == 0;
			double day_load = 0, day_sweat_sodium = 0;

			if ((rc = hydration_rows(&s, a, date, &t)) != 0 ||
			    (rc = diet_rows(&s, a, date, &t)) != 0)
				break;
			/* Rest on Sunday and on one seeded weekday. */
			if (weekday != 7 && (uint64_t)weekday != 1 + (week_seed % 6))
				rc = session_rows(&s, a, dn, date, &t, spike,
						  &day_load, &day_sweat_sodium);
			else
				a->load[a->days_seen++ % HISTORY] = 0;
			a->prev_sodium = t.sodium;
			a->prev_potassium = t.potassium;
			a->prev_carbs = t.carbs;
			a->prev_fluid = t.fluid;
			a->prev_balance = t.sodium - day_sweat_sodium;
			a->have_prev = 1;
		}
	}
	free(s.athletes);
	if (summary)
		*summary = s.sum;
	return rc;
}
