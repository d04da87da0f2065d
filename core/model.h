/*
 * The data model: one plain struct per kind of log row, in the store's units
 * (kg, ml, mg, g, minutes, km, degrees C). Importers fill these, the store
 * writes them, the simulator makes them. An unknown number is NAN, an
 * unknown text is NULL; never 0 or "".
 */
#ifndef CRAMPLOG_MODEL_H
#define CRAMPLOG_MODEL_H

#include <stddef.h>

/* The three kinds of native log. */
enum log_kind {
	KIND_NONE = 0,
	KIND_TRAINING,
	KIND_HYDRATION,
	KIND_DIET
};

const char *model_kind_name(enum log_kind kind);
/* KIND_NONE when name is not one of "training", "hydration", "diet". */
enum log_kind model_kind_from_name(const char *name);

/* A calendar date "YYYY-MM-DD" and a time of day "HH:MM:SS" ("" = not
 * given), both NUL-terminated. */
typedef char model_date[11];
typedef char model_time[9];

enum cramp_side {
	SIDE_UNKNOWN = 0,
	SIDE_LEFT,
	SIDE_RIGHT,
	SIDE_BOTH
};

const char *model_side_name(enum cramp_side side); /* NULL for unknown */

/* One training session. Texts are borrowed: the producer owns them. */
struct training_row {
	const char *athlete;
	const char *team;        /* the athlete's team; NULL: not given */
	model_date date;
	model_time start_time;
	const char *session;     /* "run", "match", ...; NULL unknown */
	double duration_min;     /* required */
	double rpe;              /* CR-10, 0-10 */
	double distance_km;
	double pre_mass_kg;
	double post_mass_kg;
	double fluid_ml;         /* drunk during the session */
	double temp_c;
	double tightness;        /* pre-session hamstring tightness, 0-10 */
	int cramp;               /* 0 or 1; an empty cell is 0 */
	const char *cramp_muscle;
	enum cramp_side cramp_side;
	double cramp_severity;   /* 0-10 */
	const char *notes;
	double load;             /* an app's training load (TSS); NAN */
	double energy_kcal;      /* energy spent, kcal */
	double avg_hr;           /* mean heart rate, beats/min */
	const char *source;      /* the app it came from; NULL: native */
	/* An app that dates activities in UTC (Strava): the start as it
	 * gave it, "YYYY-MM-DD HH:MM:SS", which identifies the activity
	 * whatever the local zone; "" otherwise. */
	char utc_start[20];
	/* The athlete's sweat sodium concentration, mg/L, measured by a
	 * sweat patch test that day; NAN when not measured. */
	double sweat_sodium_mg_l;
};

/* One drink or measurement. */
struct hydration_row {
	const char *athlete;
	const char *team;        /* as in training_row */
	model_date date;
	model_time time;
	double fluid_ml;
	double sodium_mg;
	double potassium_mg;
	double urine_color;      /* Armstrong chart, 1-8 */
	double usg;              /* urine specific gravity, 1.000-1.050 */
	double body_mass_kg;
	double soreness;         /* 1 low, 2 average, 3 high, 4 extreme */
	double sleep_h;          /* the night's sleep before, hours */
	const char *source;      /* the app it came from; NULL: native */
};

/* One meal, or one whole day. */
struct diet_row {
	const char *athlete;
	const char *team;        /* as in training_row */
	model_date date;
	model_time time;
	const char *meal;
	double energy_kcal;
	double carbs_g;
	double protein_g;
	double fat_g;
	double sodium_mg;
	double potassium_mg;
	double fluid_ml;
	const char *source;      /* the app it came from; NULL: native */
};

void model_training_init(struct training_row *row);
void model_hydration_init(struct hydration_row *row);
void model_diet_init(struct diet_row *row);

#endif
