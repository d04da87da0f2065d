/*
 * The log formats: cramplog's native three (training, hydration, diet) and
 * the app exports (Garmin Connect, Strava, Cronometer; see
 * docs/formats.md), their columns, the checks on each value, and the
 * import of a file into the store. Columns are matched by header name, in
 * any order; values are converted to the store's units and range-checked;
 * each row is written under its natural key, in one transaction per file.
 */
#include "import.h"
#include "athlete_numbers.h"
#include "app_columns.h"
#include "batch.h"
#include "calendar.h"
#include "csv_reader.h"
#include "hashmap.h"
#include "key_spill.h"
#include "local_zone.h"
#include "text.h"
#include "units.h"
#include "value.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum col_type {
	COL_ATHLETE,   /* required text, no control characters */
	COL_DATE,
	COL_TIME,
	COL_TEXT,      /* one line of text */
	COL_NOTES,     /* free text, newlines allowed */
	COL_NUMBER,
	COL_INTEGER,
	COL_BOOL,
	COL_SIDE,
	COL_DATETIME,  /* a date, perhaps with a time: both fields */
	COL_CLOCK,     /* a duration "H:MM:SS", in minutes */
	COL_APPTIME,   /* a time of day, perhaps "9:51 AM" */
	COL_METRIC_ROW,/* a metric's name: only the format's metric is kept */
	COL_MASS_UNIT  /* the row's unit of mass: kg, lb or lbs */
};

#define COL_REQUIRED 1u
#define COL_IMPERIAL_MI 2u  /* in the account's units: miles with --units imperial */
#define COL_IMPERIAL_LB 4u  /* in the account's units: pounds with --units imperial */
#define COL_SKIP_EMPTY 8u   /* empty: the row is no day's data (a planned workout) */
#define COL_ZERO_UNKNOWN 16u /* 0 means not tracked, not none */
#define COL_ALSO 32u        /* a value of the format's second kind of row */
#define COL_ROW_UNIT 64u    /* in the unit a COL_MASS_UNIT column gives */
/* One of the session's durations an app gives (timer, moving, elapsed
 * time), listed in order of preference: the first plausible one is the
 * session's duration; one outside its range is a warning, never an error,
 * and 0 is not recorded. */
#define COL_DURATION 128u
#define COL_SPORT 256u      /* the activity type: a swim or not (COL_SWIM_M) */
#define COL_SWIM_M 512u     /* in metres when the row's activity is a swim */
#define COL_GROUP 1024u     /* a meal's name; "Total": the day's total beside them */
/* A nutrient apps write 0 for when a food entry lacks it: 0 beside
 * MEAL_KCAL or more of food is not recorded (docs/formats.md, "Zero or
 * missing"); beside less (water, black coffee) it is 0. */
#define COL_ZERO_IN_MEAL 2048u
#define MEAL_KCAL 100.0

struct column {
	const char *name;       /* as the file writes it; matched as
				 * import_header_key makes it */
	enum col_type type;
	size_t offset;          /* of the value in the row struct */
	enum unit unit;         /* the unit the file gives it in */
	double min, max;        /* allowed range, in the store's unit */
	const char *store_unit; /* for messages */
	unsigned flags;
	unsigned nth;           /* the nth column of that name (0: the first) */
};

#define MAX_TEXT 2000          /* bytes in a text value */
#define MAX_ATHLETE 200        /* bytes in an athlete's name */
#define SHOWN_VALUE 60         /* bytes of a bad value a message shows */

#define NUM(st, field, u, lo, hi, su) \
	{ #field, COL_NUMBER, offsetof(struct st, field), UNIT_NONE, lo, hi, su, 0, 0 }
#define CONV(st, name, field, u, lo, hi, su) \
	{ name, COL_NUMBER, offsetof(struct st, field), u, lo, hi, su, 0, 0 }

static const struct column training_columns[] = {
	{ "date", COL_DATE, offsetof(struct training_row, date), UNIT_NONE, 0, 0, "", COL_REQUIRED, 0 },
	{ "start_time", COL_TIME, offsetof(struct training_row, start_time), UNIT_NONE, 0, 0, "", 0, 0 },
	{ "athlete", COL_ATHLETE, offsetof(struct training_row, athlete), UNIT_NONE, 0, 0, "", COL_REQUIRED, 0 },
	{ "session", COL_TEXT, offsetof(struct training_row, session), UNIT_NONE, 0, 0, "", 0, 0 },
	{ "duration_min", COL_NUMBER, offsetof(struct training_row, duration_min), UNIT_NONE, 0, 1440, "min", COL_REQUIRED, 0 },
	NUM(training_row, rpe, UNIT_NONE, 0, 10, ""),
	NUM(training_row, distance_km, UNIT_NONE, 0, 1000, "km"),
	CONV(training_row, "distance_mi", distance_km, UNIT_MILE, 0, 1000, "km"),
	NUM(training_row, pre_mass_kg, UNIT_NONE, 20, 250, "kg"),
	CONV(training_row, "pre_mass_lb", pre_mass_kg, UNIT_LB, 20, 250, "kg"),
	NUM(training_row, post_mass_kg, UNIT_NONE, 20, 250, "kg"),
	CONV(training_row, "post_mass_lb", post_mass_kg, UNIT_LB, 20, 250, "kg"),
	NUM(training_row, fluid_ml, UNIT_NONE, 0, 10000, "ml"),
	CONV(training_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ, 0, 10000, "ml"),
	NUM(training_row, temp_c, UNIT_NONE, -40, 60, "°C"),
	CONV(training_row, "temp_f", temp_c, UNIT_FAHRENHEIT, -40, 60, "°C"),
	NUM(training_row, tightness, UNIT_NONE, 0, 10, ""),
	NUM(training_row, energy_kcal, UNIT_NONE, 0, 20000, "kcal"),
	NUM(training_row, avg_hr, UNIT_NONE, 20, 250, "beats/min"),
	NUM(training_row, sweat_sodium_mg_l, UNIT_NONE, 100, 5000, "mg/L"),
	{ "cramp", COL_BOOL, offsetof(struct training_row, cramp), UNIT_NONE, 0, 0, "", 0, 0 },
	{ "cramp_muscle", COL_TEXT, offsetof(struct training_row, cramp_muscle), UNIT_NONE, 0, 0, "", 0, 0 },
	{ "cramp_side", COL_SIDE, offsetof(struct training_row, cramp_side), UNIT_NONE, 0, 0, "", 0, 0 },
	NUM(training_row, cramp_severity, UNIT_NONE, 0, 10, ""),
	{ "notes", COL_NOTES, offsetof(struct training_row, notes), UNIT_NONE, 0, 0, "", 0, 0 },
};

static const struct column hydration_columns[] = {
	{ "date", COL_DATE, offsetof(struct hydration_row, date), UNIT_NONE, 0, 0, "", COL_REQUIRED, 0 },
	{ "time", COL_TIME, offsetof(struct hydration_row, time), UNIT_NONE, 0, 0, "", 0, 0 },
	{ "athlete", COL_ATHLETE, offsetof(struct hydration_row, athlete), UNIT_NONE, 0, 0, "", COL_REQUIRED, 0 },
	NUM(hydration_row, fluid_ml, UNIT_NONE, 0, 10000, "ml"),
	CONV(hydration_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ, 0, 10000, "ml"),
	NUM(hydration_row, sodium_mg, UNIT_NONE, 0, 20000, "mg"),
	NUM(hydration_row, potassium_mg, UNIT_NONE, 0, 20000, "mg"),
	{ "urine_color", COL_INTEGER, offsetof(struct hydration_row, urine_color), UNIT_NONE, 1, 8, "", 0, 0 },
	NUM(hydration_row, usg, UNIT_NONE, 1.000, 1.050, ""),
	NUM(hydration_row, body_mass_kg, UNIT_NONE, 20, 250, "kg"),
	CONV(hydration_row, "body_mass_lb", body_mass_kg, UNIT_LB, 20, 250, "kg"),
	{ "soreness", COL_INTEGER, offsetof(struct hydration_row, soreness), UNIT_NONE, 1, 4, "", 0, 0 },
	NUM(hydration_row, sleep_h, UNIT_NONE, 0, 24, "h"),
};

static const struct column diet_columns[] = {
	{ "date", COL_DATE, offsetof(struct diet_row, date), UNIT_NONE, 0, 0, "", COL_REQUIRED, 0 },
	{ "time", COL_TIME, offsetof(struct diet_row, time), UNIT_NONE, 0, 0, "", 0, 0 },
	{ "athlete", COL_ATHLETE, offsetof(struct diet_row, athlete), UNIT_NONE, 0, 0, "", COL_REQUIRED, 0 },
	{ "meal", COL_TEXT, offsetof(struct diet_row, meal), UNIT_NONE, 0, 0, "", 0, 0 },
	NUM(diet_row, energy_kcal, UNIT_NONE, 0, 20000, "kcal"),
	NUM(diet_row, carbs_g, UNIT_NONE, 0, 2000, "g"),
	NUM(diet_row, protein_g, UNIT_NONE, 0, 2000, "g"),
	NUM(diet_row, fat_g, UNIT_NONE, 0, 2000, "g"),
	NUM(diet_row, sodium_mg, UNIT_NONE, 0, 20000, "mg"),
	NUM(diet_row, potassium_mg, UNIT_NONE, 0, 20000, "mg"),
	NUM(diet_row, fluid_ml, UNIT_NONE, 0, 10000, "ml"),
	CONV(diet_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ, 0, 10000, "ml"),
};

/* App exports. Names are as import_header_key gives them; the first of
 * several names for one value that a file has wins. */
#define APP(name, type, st, field, u, lo, hi, su, flags) \
	{ name, type, offsetof(struct st, field), u, lo, hi, su, flags, 0 }
#define APP2(name, type, st, field, u, lo, hi, su, flags) \
	{ name, type, offsetof(struct st, field), u, lo, hi, su, flags, 1 }

/* Garmin Connect writes its header in the account's language: the names
 * below are those of real exports (docs/formats.md names them), English,
 * Danish, German, Swedish, Portuguese, Hungarian, Dutch, Spanish, Polish,
 * French and Italian, in the order of the signatures below. TR_ columns
 * serve Strava too (its activity types are never read as a swim's unit:
 * it gives its distances in metres). */
#define TR_DATE(n) APP(n, COL_DATETIME, training_row, date, UNIT_NONE, 0, 0, "", 0)
#define TR_TYPE(n) APP(n, COL_TEXT, training_row, session, UNIT_NONE, 0, 0, "", COL_SPORT)
#define G_CLOCK(n, flags) APP(n, COL_CLOCK, training_row, duration_min, UNIT_NONE, 0, 1440, "min", COL_DURATION | flags)
#define G_DURATION(n) G_CLOCK(n, 0)
#define G_DISTANCE(n) APP(n, COL_NUMBER, training_row, distance_km, UNIT_NONE, 0, 1000, "km", COL_IMPERIAL_MI | COL_SWIM_M)
#define TR_NOTES(n) APP(n, COL_NOTES, training_row, notes, UNIT_NONE, 0, 0, "", 0)
#define TR_KCAL(n) APP(n, COL_NUMBER, training_row, energy_kcal, UNIT_NONE, 0, 20000, "kcal", COL_ZERO_UNKNOWN)
#define TR_HR(n) APP(n, COL_NUMBER, training_row, avg_hr, UNIT_NONE, 20, 250, "beats/min", COL_ZERO_UNKNOWN)

static const struct column garmin_columns[] = {
	APP("Date", COL_DATETIME, training_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	TR_DATE("Dato"),
	TR_DATE("Datum"),
	TR_DATE("Data"),
	TR_DATE("Dátum"),
	TR_DATE("Fecha"),
	TR_TYPE("Activity Type"),
	TR_TYPE("Aktivitetstype"),
	TR_TYPE("Aktivitätstyp"),
	TR_TYPE("Aktivitetstyp"),
	TR_TYPE("Tipo de atividade"),
	TR_TYPE("Tevékenység típusa"),
	TR_TYPE("Activiteittype"),
	TR_TYPE("Tipo de actividad"),
	TR_TYPE("Typ aktywności"),
	TR_TYPE("Type d'activité"),
	TR_TYPE("Tipo di attività"),
	/* Timer time, then moving time, then elapsed time. */
	G_CLOCK("Time", COL_REQUIRED),
	G_DURATION("Activity Time"),
	G_DURATION("Tid"),
	G_DURATION("Zeit"),
	G_DURATION("Tempo"),
	G_DURATION("Idő"),
	G_DURATION("Tijd"),
	G_DURATION("Tiempo"),
	G_DURATION("Czas"),
	G_DURATION("Durée"),
	G_DURATION("Moving Time"),  /* then the moving times */
	G_DURATION("Tid i bevægelse"),
	G_DURATION("Zeit in Bewegung"),
	G_DURATION("Färdtid"),
	G_DURATION("Tempo em movimento"),
	G_DURATION("Menetidő"),
	G_DURATION("Tiempo en movimiento"),
	G_DURATION("Czas ruchu"),
	G_DURATION("Temps de déplacement"),
	G_DURATION("Tempo in movimento"),
	G_DURATION("Elapsed Time"),  /* then the elapsed times */
	G_DURATION("Tidsforbrug"),
	G_DURATION("Verstrichene Zeit"),
	G_DURATION("Total tid"),
	G_DURATION("Duração"),
	G_DURATION("Eltelt idő"),
	G_DURATION("Tiempo transcurrido"),
	G_DURATION("Upłynęło czasu"),
	G_DURATION("Tempo trascorso"),
	/* In the account's units; a swim's in metres. */
	G_DISTANCE("Distance"),
	G_DISTANCE("Distanz"),
	G_DISTANCE("Distans"),
	G_DISTANCE("Distância"),
	G_DISTANCE("Távolság"),
	G_DISTANCE("Afstand"),
	G_DISTANCE("Distancia"),
	G_DISTANCE("Dystans"),
	G_DISTANCE("Distanza"),
	TR_NOTES("Title"),
	TR_NOTES("Titel"),
	TR_NOTES("Namn"),
	TR_NOTES("Título"),
	TR_NOTES("Cím"),
	TR_NOTES("Tytuł"),
	TR_NOTES("Titre"),
	TR_NOTES("Titolo"),
	TR_KCAL("Calories"),
	TR_KCAL("Kalorier"),
	TR_KCAL("Kalorien"),
	TR_KCAL("Calorias"),
	TR_KCAL("Kalóriaszám"),
	TR_KCAL("Calorieën"),
	TR_KCAL("Calorías"),
	TR_KCAL("Kalorie"),
	TR_KCAL("Calorie"),
	TR_HR("Avg HR"),
	TR_HR("Gennemsnitlig puls"),
	TR_HR("Ø HF"),
	TR_HR("Ø Herzfrequenz"),
	TR_HR("Medelpuls"),
	TR_HR("FC Média"),
	TR_HR("Átlagos pulzusszám"),
	TR_HR("Gem. HS"),
	TR_HR("Frecuencia cardiaca media"),
	TR_HR("Średnie tętno"),
	TR_HR("Fréquence cardiaque moyenne"),
	TR_HR("FC Media"),
};

/* Strava writes its header in the account's language too: English,
 * German and French names of real exports (docs/formats.md). */
#define S_NUM(n, field, u, lo, hi, su, flags) \
	APP(n, COL_NUMBER, training_row, field, u, lo, hi, su, flags)
#define S_SECONDS(n, nth) \
	{ n, COL_NUMBER, offsetof(struct training_row, duration_min), \
	  UNIT_SECOND, 0, 1440, "min", COL_DURATION, nth }

static const struct column strava_columns[] = {
	APP("Activity Date", COL_DATETIME, training_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	TR_DATE("Aktivitätsdatum"),
	TR_DATE("Date de l'activité"),
	TR_TYPE("Activity Type"),
	TR_TYPE("Aktivitätsart"),
	TR_TYPE("Type d'activité"),
	/* Moving time, else elapsed time (stops included). */
	S_SECONDS("Moving Time", 0),
	S_SECONDS("Bewegungszeit", 0),
	S_SECONDS("Durée de déplacement", 0),
	{ "Elapsed Time", COL_NUMBER, offsetof(struct training_row, duration_min),
	  UNIT_SECOND, 0, 1440, "min", COL_DURATION | COL_REQUIRED, 0 },
	S_SECONDS("Elapsed Time", 1),
	S_SECONDS("Verstrichene Zeit", 0),
	S_SECONDS("Verstrichene Zeit", 1),
	S_SECONDS("Temps écoulé", 0),
	S_SECONDS("Temps écoulé", 1),
	/* The second "Distance" is in metres whatever the account's units:
	 * it wins over the first, in the account's units, when both are. */
	APP2("Distance", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0, 1000, "km", 0),
	APP2("Distanz", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0, 1000, "km", 0),
	S_NUM("Distance", distance_km, UNIT_NONE, 0, 1000, "km", COL_IMPERIAL_MI),
	S_NUM("Distanz", distance_km, UNIT_NONE, 0, 1000, "km", COL_IMPERIAL_MI),
	S_NUM("Perceived Exertion", rpe, UNIT_NONE, 0, 10, "", COL_ZERO_UNKNOWN),
	S_NUM("Gefühlte Anstrengung", rpe, UNIT_NONE, 0, 10, "", COL_ZERO_UNKNOWN),
	/* Strava's heart-rate load: the session's load without an RPE. */
	S_NUM("Relative Effort", load, UNIT_NONE, 0, 5000, "", COL_ZERO_UNKNOWN),
	S_NUM("Relative Leistung", load, UNIT_NONE, 0, 5000, "", COL_ZERO_UNKNOWN),
	S_NUM("Effort relatif", load, UNIT_NONE, 0, 5000, "", COL_ZERO_UNKNOWN),
	TR_KCAL("Calories"),
	TR_KCAL("Kalorien"),
	TR_HR("Average Heart Rate"),
	TR_HR("Durchschnittliche Herzfrequenz"),
	TR_NOTES("Activity Name"),
	TR_NOTES("Name der Aktivität"),
	TR_NOTES("Nom de l'activité"),
};

/* Strava's export before mid-2019: snake_case, distance in metres. */
static const struct column strava_old_columns[] = {
	APP("date", COL_DATETIME, training_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("type", COL_TEXT, training_row, session, UNIT_NONE, 0, 0, "", 0),
	APP("elapsed_time", COL_NUMBER, training_row, duration_min, UNIT_SECOND, 0, 1440, "min", COL_REQUIRED | COL_DURATION),
	APP("distance", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0, 1000, "km", 0),
	APP("name", COL_NOTES, training_row, notes, UNIT_NONE, 0, 0, "", 0),
};

/* TrainingPeaks "Workout Summary" (workouts.csv): metric whatever the
 * account; a workout planned but not done has no actual time. */
static const struct column trainingpeaks_columns[] = {
	APP("WorkoutDay", COL_DATE, training_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("WorkoutType", COL_TEXT, training_row, session, UNIT_NONE, 0, 0, "", 0),
	APP("TimeTotalInHours", COL_NUMBER, training_row, duration_min, UNIT_HOUR, 0, 1440, "min", COL_REQUIRED | COL_SKIP_EMPTY | COL_DURATION),
	APP("DistanceInMeters", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0, 1000, "km", 0),
	APP("Rpe", COL_NUMBER, training_row, rpe, UNIT_NONE, 0, 10, "", COL_ZERO_UNKNOWN),
	APP("TSS", COL_NUMBER, training_row, load, UNIT_NONE, 0, 5000, "", COL_ZERO_UNKNOWN),
	APP("HeartRateAverage", COL_NUMBER, training_row, avg_hr, UNIT_NONE, 20, 250, "beats/min", COL_ZERO_UNKNOWN),
	APP("Title", COL_NOTES, training_row, notes, UNIT_NONE, 0, 0, "", 0),
};

/* intervals.icu activities.csv: ISO local starts, seconds, metres. */
static const struct column intervals_columns[] = {
	APP("start_date_local", COL_DATETIME, training_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("type", COL_TEXT, training_row, session, UNIT_NONE, 0, 0, "", 0),
	APP("moving_time", COL_NUMBER, training_row, duration_min, UNIT_SECOND, 0, 1440, "min", COL_REQUIRED | COL_DURATION),
	APP("elapsed_time", COL_NUMBER, training_row, duration_min, UNIT_SECOND, 0, 1440, "min", COL_DURATION),
	APP("distance", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0, 1000, "km", 0),
	APP("icu_rpe", COL_NUMBER, training_row, rpe, UNIT_NONE, 0, 10, "", COL_ZERO_UNKNOWN),
	APP("icu_training_load", COL_NUMBER, training_row, load, UNIT_NONE, 0, 5000, "", COL_ZERO_UNKNOWN),
	APP("calories", COL_NUMBER, training_row, energy_kcal, UNIT_NONE, 0, 20000, "kcal", COL_ZERO_UNKNOWN),
	APP("average_heartrate", COL_NUMBER, training_row, avg_hr, UNIT_NONE, 20, 250, "beats/min", COL_ZERO_UNKNOWN),
	APP("name", COL_NOTES, training_row, notes, UNIT_NONE, 0, 0, "", 0),
};

/* MyFitnessPal Nutrition-Summary: a row per meal, or per timed entry.
 * Sodium and potassium are 0 for the many foods that do not give them. */
static const struct column mfp_columns[] = {
	APP("Date", COL_DATE, diet_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("Time", COL_APPTIME, diet_row, time, UNIT_NONE, 0, 0, "", 0),
	APP("Meal", COL_TEXT, diet_row, meal, UNIT_NONE, 0, 0, "", 0),
	APP("Calories", COL_NUMBER, diet_row, energy_kcal, UNIT_NONE, 0, 20000, "kcal", 0),
	APP("Carbohydrates (g)", COL_NUMBER, diet_row, carbs_g, UNIT_NONE, 0, 2000, "g", 0),
	APP("Protein (g)", COL_NUMBER, diet_row, protein_g, UNIT_NONE, 0, 2000, "g", 0),
	APP("Fat (g)", COL_NUMBER, diet_row, fat_g, UNIT_NONE, 0, 2000, "g", 0),
	APP("Sodium (mg)", COL_NUMBER, diet_row, sodium_mg, UNIT_NONE, 0, 20000, "mg", COL_ZERO_IN_MEAL),
	APP("Potassium", COL_NUMBER, diet_row, potassium_mg, UNIT_NONE, 0, 20000, "mg", COL_ZERO_IN_MEAL),
};

/* intervals.icu wellness.csv: a day's body mass and fluid (hydration),
 * and what was eaten (a diet row beside it). */
#define ALSO(name, field, u, lo, hi, su) \
	{ name, COL_NUMBER, offsetof(struct diet_row, field), u, lo, hi, su, COL_ALSO, 0 }
static const struct column intervals_wellness_columns[] = {
	APP("date", COL_DATE, hydration_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("weight", COL_NUMBER, hydration_row, body_mass_kg, UNIT_NONE, 20, 250, "kg", COL_ZERO_UNKNOWN),
	APP("hydrationVolume", COL_NUMBER, hydration_row, fluid_ml, UNIT_NONE, 0, 10000, "ml", 0),
	APP("soreness", COL_INTEGER, hydration_row, soreness, UNIT_NONE, 1, 4, "", 0),
	APP("sleepSecs", COL_NUMBER, hydration_row, sleep_h, UNIT_SECOND_H, 0, 24, "h", COL_ZERO_UNKNOWN),
	ALSO("kcalConsumed", energy_kcal, UNIT_NONE, 0, 20000, "kcal"),
	ALSO("carbohydrates", carbs_g, UNIT_NONE, 0, 2000, "g"),
	ALSO("protein", protein_g, UNIT_NONE, 0, 2000, "g"),
	ALSO("fatTotal", fat_g, UNIT_NONE, 0, 2000, "g"),
};

/* Cronometer biometrics.csv: one metric per row, its unit beside it; only
 * the weights are kept. */
static const struct column cronometer_biometrics_columns[] = {
	APP("Day", COL_DATE, hydration_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("Time", COL_APPTIME, hydration_row, time, UNIT_NONE, 0, 0, "", 0),
	APP("Metric", COL_METRIC_ROW, hydration_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("Unit", COL_MASS_UNIT, hydration_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("Amount", COL_NUMBER, hydration_row, body_mass_kg, UNIT_NONE, 20, 250, "kg", COL_REQUIRED | COL_ROW_UNIT | COL_ZERO_UNKNOWN),
};

/* TrainingPeaks metrics.csv: one metric a row, of many kinds (Pulse, HRV,
 * Sleep Hours, Stress Level, Notes, ...); only the hours of sleep are kept. */
static const struct column trainingpeaks_metrics_columns[] = {
	APP("Timestamp", COL_DATETIME, hydration_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("Type", COL_METRIC_ROW, hydration_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("Value", COL_NUMBER, hydration_row, sleep_h, UNIT_NONE, 0, 24, "h", COL_REQUIRED | COL_ZERO_UNKNOWN),
};

/* MyFitnessPal Measurement-Summary: the weight in the account's unit. */
static const struct column mfp_measurement_columns[] = {
	APP("Date", COL_DATE, hydration_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	APP("Weight", COL_NUMBER, hydration_row, body_mass_kg, UNIT_NONE, 20, 250, "kg", COL_REQUIRED | COL_IMPERIAL_LB | COL_ZERO_UNKNOWN),
};

static const struct column cronometer_columns[] = {
	APP("Date", COL_DATE, diet_row, date, UNIT_NONE, 0, 0, "", COL_REQUIRED),
	/* With "diary group rows": a row a meal, then the day's total. */
	APP("Group", COL_TEXT, diet_row, meal, UNIT_NONE, 0, 0, "", COL_GROUP),
	APP("Energy (kcal)", COL_NUMBER, diet_row, energy_kcal, UNIT_NONE, 0, 20000, "kcal", 0),
	APP("Energy (kJ)", COL_NUMBER, diet_row, energy_kcal, UNIT_KJ, 0, 20000, "kcal", 0),
	APP("Carbs (g)", COL_NUMBER, diet_row, carbs_g, UNIT_NONE, 0, 2000, "g", 0),
	APP("Protein (g)", COL_NUMBER, diet_row, protein_g, UNIT_NONE, 0, 2000, "g", 0),
	APP("Fat (g)", COL_NUMBER, diet_row, fat_g, UNIT_NONE, 0, 2000, "g", 0),
	APP("Sodium (mg)", COL_NUMBER, diet_row, sodium_mg, UNIT_NONE, 0, 20000, "mg", COL_ZERO_IN_MEAL),
	APP("Potassium (mg)", COL_NUMBER, diet_row, potassium_mg, UNIT_NONE, 0, 20000, "mg", COL_ZERO_IN_MEAL),
	/* Grams of water in the day's food and drink: 1 g is 1 ml. */
	APP("Water (g)", COL_NUMBER, diet_row, fluid_ml, UNIT_NONE, 0, 10000, "ml", 0),
};

#define FMT_APP 1u          /* an app's export: one person's, no athlete column */
#define FMT_UTC 2u          /* its times are UTC */

#define MAX_SIGNATURES 11

struct format {
	const char *name;       /* "garmin", ... as --format-hint takes it */
	const char *title;      /* for messages */
	enum log_kind kind;
	const struct column *columns;
	size_t ncolumns;
	size_t athlete_offset, date_offset, time_offset;
	unsigned flags;
	/* App exports: the header names that tell the format, each list
	 * whole (one per language or version). */
	const char *const *signatures[MAX_SIGNATURES];
	/* A second kind of row some exports also give (COL_ALSO columns):
	 * a diet row beside intervals.icu's wellness. KIND_NONE: none. */
	enum log_kind also;
	/* Exports of one metric a row (a COL_METRIC_ROW column): the one
	 * kept, as the export names it, in lower case. */
	const char *metric;
};

#define FORMAT(name, title, k, cols, st, timefield, flags, ...) \
	{ name, title, k, cols, sizeof(cols) / sizeof(cols[0]), \
	  offsetof(struct st, athlete), offsetof(struct st, date), \
	  offsetof(struct st, timefield), flags, { __VA_ARGS__ }, KIND_NONE, NULL }
#define FORMAT_METRIC(name, title, k, cols, st, timefield, flags, metric, ...) \
	{ name, title, k, cols, sizeof(cols) / sizeof(cols[0]), \
	  offsetof(struct st, athlete), offsetof(struct st, date), \
	  offsetof(struct st, timefield), flags, { __VA_ARGS__ }, KIND_NONE, \
	  metric }
#define FORMAT_ALSO(name, title, k, cols, st, timefield, flags, also, sig) \
	{ name, title, k, cols, sizeof(cols) / sizeof(cols[0]), \
	  offsetof(struct st, athlete), offsetof(struct st, date), \
	  offsetof(struct st, timefield), flags, { sig }, also, NULL }

static const char *const sig_garmin_en[] = { "Activity Type", "Date", "Title",
	"Distance", "Calories", NULL };
static const char *const sig_garmin_da[] = { "Aktivitetstype", "Dato", "Titel",
	"Distance", "Kalorier", NULL };
static const char *const sig_garmin_de[] = { "Aktivitätstyp", "Datum", "Titel",
	"Distanz", "Kalorien", NULL };
static const char *const sig_garmin_sv[] = { "Aktivitetstyp", "Datum", "Namn",
	"Distans", "Kalorier", NULL };
static const char *const sig_garmin_pt[] = { "Tipo de atividade", "Data",
	"Título", "Distância", "Calorias", NULL };
static const char *const sig_garmin_hu[] = { "Tevékenység típusa", "Dátum",
	"Cím", "Távolság", "Kalóriaszám", NULL };
static const char *const sig_garmin_nl[] = { "Activiteittype", "Datum",
	"Titel", "Afstand", "Calorieën", NULL };
static const char *const sig_garmin_es[] = { "Tipo de actividad", "Fecha",
	"Título", "Distancia", "Calorías", NULL };
static const char *const sig_garmin_pl[] = { "Typ aktywności", "Data", "Tytuł",
	"Dystans", "Kalorie", NULL };
static const char *const sig_garmin_fr[] = { "Type d'activité", "Date",
	"Titre", "Distance", "Calories", NULL };
static const char *const sig_garmin_it[] = { "Tipo di attività", "Data",
	"Titolo", "Distanza", "Calorie", NULL };
static const char *const sig_strava[] = { "Activity ID", "Activity Date",
	"Activity Name", "Activity Type", "Elapsed Time", NULL };
static const char *const sig_strava_de[] = { "Aktivitäts-ID",
	"Aktivitätsdatum", "Name der Aktivität", "Aktivitätsart",
	"Verstrichene Zeit", NULL };
static const char *const sig_strava_fr[] = { "ID de l'activité",
	"Date de l'activité", "Nom de l'activité", "Type d'activité",
	"Temps écoulé", NULL };
static const char *const sig_strava_old[] = { "id", "date", "name", "type",
	"elapsed_time", "distance", "filename", NULL };
static const char *const sig_trainingpeaks[] = { "Title", "WorkoutType",
	"WorkoutDay", "TimeTotalInHours", "TSS", NULL };
static const char *const sig_intervals[] = { "id", "start_date_local", "type",
	"moving_time", "elapsed_time", "icu_training_load", NULL };
static const char *const sig_mfp[] = { "Date", "Meal", "Calories",
	"Sodium (mg)", "Carbohydrates (g)", NULL };
static const char *const sig_mfp_measurement[] = { "Date", "Weight", NULL };
static const char *const sig_cronometer_biometrics[] = { "Day", "Time",
	"Group", "Metric", "Unit", "Amount", NULL };
/* 2024 on: no Time column. */
static const char *const sig_cronometer_biometrics_2024[] = { "Day", "Group",
	"Metric", "Unit", "Amount", NULL };
static const char *const sig_trainingpeaks_metrics[] = { "Timestamp", "Type",
	"Value", NULL };
static const char *const sig_intervals_wellness[] = { "date", "weight",
	"restingHR", "hrv", "sleepSecs", "hydrationVolume", NULL };
static const char *const sig_cronometer[] = { "Date", "Energy (kcal)",
	"Carbs (g)", "Sodium (mg)", NULL };
static const char *const sig_cronometer_kj[] = { "Date", "Energy (kJ)",
	"Carbs (g)", "Sodium (mg)", NULL };
/* Without sodium (the columns follow the account's settings): "Completed"
 * ends every real one. */
static const char *const sig_cronometer_completed[] = { "Date",
	"Energy (kcal)", "Carbs (g)", "Completed", NULL };

static const struct format formats[] = {
	FORMAT("training", "training log", KIND_TRAINING, training_columns,
	       training_row, start_time, 0, NULL),
	FORMAT("hydration", "hydration log", KIND_HYDRATION, hydration_columns,
	       hydration_row, time, 0, NULL),
	FORMAT("diet", "diet log", KIND_DIET, diet_columns, diet_row, time, 0,
	       NULL),
	FORMAT("garmin", "Garmin Connect activities export", KIND_TRAINING,
	       garmin_columns, training_row, start_time, FMT_APP, sig_garmin_en,
	       sig_garmin_da, sig_garmin_de, sig_garmin_sv, sig_garmin_pt,
	       sig_garmin_hu, sig_garmin_nl, sig_garmin_es, sig_garmin_pl,
	       sig_garmin_fr, sig_garmin_it),
	FORMAT("strava", "Strava activities.csv", KIND_TRAINING, strava_columns,
	       training_row, start_time, FMT_APP | FMT_UTC, sig_strava,
	       sig_strava_de, sig_strava_fr),
	FORMAT("strava-2019", "Strava activities.csv (before mid-2019)",
	       KIND_TRAINING, strava_old_columns, training_row, start_time,
	       FMT_APP | FMT_UTC, sig_strava_old),
	FORMAT("trainingpeaks", "TrainingPeaks workouts export (workouts.csv)",
	       KIND_TRAINING, trainingpeaks_columns, training_row, start_time,
	       FMT_APP, sig_trainingpeaks),
	FORMAT("intervals", "intervals.icu activities.csv", KIND_TRAINING,
	       intervals_columns, training_row, start_time, FMT_APP,
	       sig_intervals),
	FORMAT("cronometer", "Cronometer daily nutrition (dailysummary.csv)",
	       KIND_DIET, cronometer_columns, diet_row, time, FMT_APP,
	       sig_cronometer, sig_cronometer_kj, sig_cronometer_completed),
	FORMAT_METRIC("cronometer-biometrics",
		      "Cronometer biometrics (biometrics.csv)", KIND_HYDRATION,
		      cronometer_biometrics_columns, hydration_row, time, FMT_APP,
		      "weight", sig_cronometer_biometrics,
		      sig_cronometer_biometrics_2024),
	FORMAT_METRIC("trainingpeaks-metrics",
		      "TrainingPeaks metrics export (metrics.csv)",
		      KIND_HYDRATION, trainingpeaks_metrics_columns, hydration_row,
		      time, FMT_APP, "sleep hours", sig_trainingpeaks_metrics),
	FORMAT("myfitnesspal", "MyFitnessPal Nutrition-Summary", KIND_DIET,
	       mfp_columns, diet_row, time, FMT_APP, sig_mfp),
	FORMAT_ALSO("intervals-wellness", "intervals.icu wellness.csv",
		    KIND_HYDRATION, intervals_wellness_columns, hydration_row,
		    time, FMT_APP, KIND_DIET, sig_intervals_wellness),
	/* Last: its two names are in other exports too. */
	FORMAT("myfitnesspal-measurements", "MyFitnessPal Measurement-Summary",
	       KIND_HYDRATION, mfp_measurement_columns, hydration_row, time,
	       FMT_APP, sig_mfp_measurement),
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))
#define NNATIVE 3

static const struct format *native_format(enum log_kind kind)
{
	for (size_t i = 0; i < NNATIVE; i++)
		if (formats[i].kind == kind)
			return &formats[i];
	return NULL;
}

const char *import_format_names(void)
{
	static char names[256];

	/* Made once from the table, so that the list never falls behind. */
	if (!names[0])
		for (size_t i = NNATIVE, n = 0; i < NFORMATS && n < sizeof(names);
		     i++)
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s",
					      i > NNATIVE ? ", " : "",
					      formats[i].name);
	return names;
}

int import_format_known(const char *name)
{
	for (size_t i = NNATIVE; i < NFORMATS; i++)
		if (strcmp(formats[i].name, name) == 0)
			return 1;
	return 0;
}

static void init_row(enum log_kind kind, union any_row *row)
{
	switch (kind) {
	case KIND_TRAINING: model_training_init(&row->training); break;
	case KIND_HYDRATION: model_hydration_init(&row->hydration); break;
	default: model_diet_init(&row->diet); break;
	}
}

/* Whether a hydration or diet row holds any value besides its key (and a
 * meal's name). */
static int row_has_values(enum log_kind kind, const union any_row *row)
{
	const struct hydration_row *h = &row->hydration;
	const struct diet_row *d = &row->diet;

	if (kind == KIND_HYDRATION)
		return !isnan(h->fluid_ml) || !isnan(h->sodium_mg) ||
		       !isnan(h->potassium_mg) || !isnan(h->urine_color) ||
		       !isnan(h->usg) || !isnan(h->body_mass_kg) ||
		       !isnan(h->soreness) || !isnan(h->sleep_h);
	if (kind == KIND_DIET)
		return !isnan(d->energy_kcal) || !isnan(d->carbs_g) ||
		       !isnan(d->protein_g) || !isnan(d->fat_g) ||
		       !isnan(d->sodium_mg) || !isnan(d->potassium_mg) ||
		       !isnan(d->fluid_ml);
	return 1;
}

size_t import_header_key(const char *name, size_t len, char *out,
			 size_t size)
{
	size_t n = 0;

	text_trim(&name, &len);
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		else if (c == ' ' || c == '-')
			c = '_';
		if (n + 1 >= size)
			return size;
		out[n++] = c;
	}
	if (size)
		out[n] = '\0';
	return n;
}

/* A column read for the row's sake, whose value is not stored. */
static int stores_nothing(const struct column *c)
{
	return c->type == COL_METRIC_ROW || c->type == COL_MASS_UNIT;
}

/* Whether mapped column m gives the value of column c (under any of its
 * names). */
static int same_value(const struct column *m, const struct column *c)
{
	if (!m)
		return 0;
	if (stores_nothing(m) || stores_nothing(c))
		return m->type == c->type;
	return m->offset == c->offset &&
	       (m->flags & COL_ALSO) == (c->flags & COL_ALSO);
}

/* Whether name (as a table or a signature writes it: "Activity Date" or
 * "activity_date") has the header key key. */
static int key_is(const char *key, const char *name)
{
	char k[64];

	return import_header_key(name, strlen(name), k, sizeof(k)) < sizeof(k) &&
	       strcmp(k, key) == 0;
}

/* The column of format k called key, as the nth of that name. */
static const struct column *find_nth_column(const struct format *k,
					    const char *key, unsigned nth)
{
	for (size_t i = 0; i < k->ncolumns; i++)
		if (k->columns[i].nth == nth && key_is(key, k->columns[i].name))
			return &k->columns[i];
	return NULL;
}

static const struct column *find_column(const struct format *k,
					const char *key)
{
	return find_nth_column(k, key, 0);
}

/* 1 when the column name belongs to native kind k and to no other. */
static int distinctive(const struct format *k, const char *key)
{
	if (!find_column(k, key))
		return 0;
	for (size_t i = 0; i < NNATIVE; i++)
		if (&formats[i] != k && find_column(&formats[i], key))
			return 0;
	return 1;
}

/* The state of one pass over one file. */
struct pass {
	store *st;
	const struct import_options *opt;
	const char *name;
	struct diag *d;
	enum log_kind kind;
	const struct format *desc;
	const struct column **map;    /* per header field; NULL = ignored */
	char *required;               /* per header field: a value is needed */
	size_t nmap;
	char delimiter;
	int64_t import_id;
	struct import_counts counts;
	int failed;                   /* an invalid row: stop writing */
	uint64_t skipped;             /* rows that are no data: planned workouts */
	uint64_t other_metrics;       /* rows of metrics not kept */
	uint64_t day_totals;          /* rows of a day's total beside its meals */
	uint64_t empty_rows;          /* app rows without any value: days not logged */
	enum unit row_unit;           /* the row's unit of mass (COL_MASS_UNIT) */
	int row_swim;                 /* the row's activity is a swim */
	char mark;                    /* the file's decimal mark; 0 not yet known */
	/* The row's duration among the app's candidates (COL_DURATION): the
	 * preferred plausible one, and whether any was given. */
	const struct column *dur_col;
	double dur;
	int dur_given;
	int dur_warned;
	int fatal;                    /* the store failed */
	int restart;                  /* keys were forgotten too early */
	int allow_forget;
	struct batch_writer *writer;
	/* The file's athletes, numbered in order of appearance. */
	struct athlete_numbers athletes;
	struct strbuf fold;           /* scratch for case folding */
	int imperial;                 /* the app's units: --units, else those
				       * remembered for the athlete's app */
	double mass_sum;              /* body masses read in an app's units, */
	uint64_t mass_n;              /* in kg, for a plausibility check */
	/* Rows seen per (athlete, date, time), for the key's seq: in memory,
	 * or, for a file out of date order with many keys, on disk. */
	struct u64map seen;
	struct key_spill *spill;
	uint64_t spill_after;
	uint64_t key_memory;
	int32_t max_day;
	int32_t horizon;              /* keys of days before it were dropped */
	int have_horizon;
};

/* Keys of one file kept before those of past days are dropped: small
 * enough to stay in the processor's cache. */
#define IMPORT_KEY_MEMORY 16384
/* Keys of a file out of date order (every key kept) held in memory
 * before they go to a temporary file: about 8 MiB of table. */
#define IMPORT_SPILL_AFTER 200000

#define PASS_RESTART (-2)
#define PASS_FATAL (-3)

/* The header's keys, as import_header_key makes them ("" when too long). */
static char (*header_keys(const struct csv_row *row))[64]
{
	char (*keys)[64] = calloc(row->count ? row->count : 1, sizeof(*keys));

	for (size_t f = 0; keys && f < row->count; f++)
		if (import_header_key(row->fields[f].s, row->fields[f].len, keys[f],
				      sizeof(keys[f])) >= sizeof(keys[f]))
			keys[f][0] = '\0';
	return keys;
}

/* Whether the header has the column called name (as key_is matches). */
static int has_key(char (*keys)[64], size_t n, const char *name)
{
	char key[64];

	if (import_header_key(name, strlen(name), key, sizeof(key)) >= sizeof(key))
		return 0;
	for (size_t f = 0; f < n; f++)
		if (strcmp(keys[f], key) == 0)
			return 1;
	return 0;
}

/* How many of a signature's names the header has, and of how many. */
static size_t signature_score(const char *const *sig, char (*keys)[64],
			      size_t n, size_t *of)
{
	size_t hits = 0;

	for (*of = 0; sig[*of]; (*of)++)
		hits += (size_t)has_key(keys, n, sig[*of]);
	return hits;
}

/* An app export whose signature the header has whole, or NULL. */
static const struct format *detect_app(char (*keys)[64], size_t n)
{
	for (size_t i = NNATIVE; i < NFORMATS; i++)
		for (size_t k = 0; k < MAX_SIGNATURES && formats[i].signatures[k]; k++) {
			size_t of;

			if (signature_score(formats[i].signatures[k], keys, n, &of) == of)
				return &formats[i];
		}
	return NULL;
}

/* Exports of the apps that are not the one cramplog reads from them: the
 * names that tell them, and what to export instead. */
static const struct {
	const char *const names[5];
	const char *what;
} other_exports[] = {
	{ { "Day", "Food Name", "Amount", "Energy (kcal)", NULL },
	  "a Cronometer servings export (servings.csv, a row per food): "
	  "cramplog reads Cronometer's \"Daily Nutrition\" export "
	  "(dailysummary.csv)" },
	{ { "Date", "Exercise", "Exercise Calories", "Exercise Minutes", NULL },
	  "a MyFitnessPal Exercise-Summary: cramplog reads the "
	  "Nutrition-Summary and Measurement-Summary of the same export" },
};

/* When the header is one of other_exports: says so. 0 when it is not. */
static int other_export(struct pass *p, const struct csv_row *row,
			char (*keys)[64])
{
	for (size_t i = 0; i < sizeof(other_exports) / sizeof(other_exports[0]);
	     i++) {
		size_t of;

		if (signature_score(other_exports[i].names, keys, row->count,
				    &of) == of)
			return diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
					"this looks like %s", other_exports[i].what) < 0;
	}
	return 0;
}

/* When no format fits: the app export the header looks most like, and
 * the names it lacks. 0 when it looks like none (half its names or less). */
static int near_app(struct pass *p, const struct csv_row *row,
		    char (*keys)[64])
{
	const struct format *best = NULL;
	const char *const *best_sig = NULL;
	size_t best_hits = 0, best_of = 1;
	struct strbuf missing = STRBUF_INIT;

	for (size_t i = NNATIVE; i < NFORMATS; i++)
		for (size_t k = 0; k < MAX_SIGNATURES && formats[i].signatures[k]; k++) {
			size_t of, hits = signature_score(formats[i].signatures[k],
							  keys, row->count, &of);

			if (hits * best_of > best_hits * of) {
				best = &formats[i];
				best_sig = formats[i].signatures[k];
				best_hits = hits;
				best_of = of;
			}
		}
	if (!best || best_hits * 2 <= best_of)
		return 0;
	for (size_t k = 0; best_sig[k]; k++)
		if (!has_key(keys, row->count, best_sig[k]))
			strbuf_addf(&missing, "%s'%s'", missing.len ? ", " : "",
				    best_sig[k]);
	diag_add(p->d, DIAG_ERROR, p->name, row->line, 0, "the header looks like "
		 "a %s (--format-hint %s), but it lacks %s", best->title,
		 best->name, missing.buf);
	strbuf_release(&missing);
	return 1;
}

/* Whether the header contradicts --kind (format k): none of its columns
 * is k's own, and some are another kind's own (a training log's
 * duration_min under --kind diet would store diet rows of only the
 * session's fluid). A header of shared columns only (date, time,
 * athlete, fluid_ml) is what --kind is for. 1 after a message. */
static int kind_contradicted(struct pass *p, const struct csv_row *row,
			     char (*keys)[64], const struct format *k)
{
	struct strbuf own = STRBUF_INIT, other = STRBUF_INIT;
	const struct format *looks = NULL;
	size_t shown = 0;

	for (size_t f = 0; f < row->count; f++)
		if (distinctive(k, keys[f]))
			return 0;
	for (size_t f = 0; f < row->count && shown < 3; f++)
		for (size_t i = 0; i < NNATIVE; i++)
			if (&formats[i] != k && distinctive(&formats[i], keys[f]) &&
			    (!looks || looks == &formats[i])) {
				looks = &formats[i];
				strbuf_addf(&other, "%s%s", shown++ ? ", " : "",
					    keys[f]);
			}
	if (!looks)
		return 0;
	for (size_t i = 0, n = 0; i < k->ncolumns && n < 2; i++)
		if (distinctive(k, k->columns[i].name))
			strbuf_addf(&own, "%s%s", n++ ? " or " : "",
				    k->columns[i].name);
	diag_add(p->d, DIAG_ERROR, p->name, row->line, 0, "--kind %s does not "
		 "fit this header, which looks like a %s (%s) and has no column "
		 "only a %s has (such as %s)", k->name, looks->title, other.buf,
		 k->title, own.buf);
	strbuf_release(&own);
	strbuf_release(&other);
	return 1;
}

/* The format of the file: --format-hint, else an app export whose names
 * the header has, else the native kind its names tell (--kind forces
 * one). NULL after a message. */
static const struct format *detect_format(struct pass *p,
					  const struct csv_row *row)
{
	size_t score[NNATIVE] = { 0 };
	size_t best = 0, nbest = 0, ibest = 0;
	char (*keys)[64];
	const struct format *app;

	if (p->opt->format_hint) {
		for (size_t i = NNATIVE; i < NFORMATS; i++)
			if (strcmp(formats[i].name, p->opt->format_hint) == 0)
				return &formats[i];
		diag_add(p->d, DIAG_ERROR, p->name, 0, 0, "unknown format '%s'",
			 p->opt->format_hint);
		return NULL;
	}
	if (!(keys = header_keys(row))) {
		diag_error(p->d, "out of memory");
		return NULL;
	}
	if (p->kind != KIND_NONE) {
		const struct format *forced = native_format(p->kind);

		if (kind_contradicted(p, row, keys, forced))
			forced = NULL;
		free(keys);
		return forced;
	}
	/* A file with an athlete column is a native log, whatever else. */
	if (!has_key(keys, row->count, "athlete") &&
	    (app = detect_app(keys, row->count))) {
		free(keys);
		return app;
	}
	for (size_t f = 0; f < row->count; f++)
		for (size_t i = 0; i < NNATIVE; i++)
			score[i] += (size_t)distinctive(&formats[i], keys[f]);
	for (size_t i = 0; i < NNATIVE; i++) {
		if (score[i] > best) {
			best = score[i];
			nbest = 1;
			ibest = i;
		} else if (score[i] == best && best) {
			nbest++;
		}
	}
	if (nbest != 1) {
		if (!other_export(p, row, keys) && !near_app(p, row, keys))
			diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
				 "cannot tell from the header whether this is a "
				 "training, hydration or diet log (use --kind), "
				 "or which app exported it (use --format-hint: %s)",
				 import_format_names());
		free(keys);
		return NULL;
	}
	free(keys);
	return &formats[ibest];
}

/* An app's UTC times are put in TZ's zone: a TZ the C library does not
 * know would leave them in UTC without a word. -1 after a message at the
 * date column. */
static int zone_unknown(struct pass *p, const struct csv_row *row)
{
	const char *tz = getenv("TZ");
	struct strbuf sb = STRBUF_INIT;
	size_t f = 0;

	if (local_zone_known(tz, getenv("TZDIR")))
		return 0;
	while (f < p->nmap && !(p->map[f] && p->map[f]->type == COL_DATETIME))
		f++;
	text_add_printable(&sb, tz, strlen(tz), SHOWN_VALUE);
	diag_add(p->d, DIAG_ERROR, p->name, row->line, f < p->nmap ? f + 1 : 0,
		 "%s: a %s gives UTC times, to be put in the TZ time zone, but "
		 "TZ '%s' is no zone this system knows: set TZ to one such as "
		 "Europe/Oslo, or unset it for the system's", f < p->nmap ?
		 p->map[f]->name : "date", p->desc->title, sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* Whether key names a column seen in real exports of app format k. */
static int known_app_column(const struct format *k, const char *key)
{
	const char *const *names = app_columns(k->name);

	for (size_t i = 0; names && names[i]; i++)
		if (key_is(key, names[i]))
			return 1;
	return 0;
}

/* An app export does not say its units: without --units, those last
 * given for this athlete's exports of the app hold. -1 when the store
 * failed. */
static int remembered_units(struct pass *p)
{
	int imperial, rc;

	p->imperial = p->opt->imperial;
	if (p->opt->units_given)
		return 0;
	rc = store_app_units(p->st, p->opt->athlete, p->desc->name, &imperial,
			     p->d);
	if (rc == 1 && imperial) {
		p->imperial = 1;
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "read in imperial "
			 "units (miles, pounds), as last given for %s's %s: "
			 "--units metric if this one is not", p->opt->athlete,
			 p->desc->title);
	}
	return rc < 0 ? -1 : 0;
}

/* After an app export's rows: its units remembered when --units gave
 * them, and its body masses checked against what the database knows of
 * the athlete (a file in pounds read as kg is about 2.2 times too heavy).
 * -1 when the store failed. */
static int check_units(struct pass *p)
{
	const double lb = 2.2046226;
	double known, ratio;
	int rc;

	if (p->opt->units_given && !p->opt->dry_run &&
	    store_set_app_units(p->st, p->opt->athlete, p->desc->name,
				p->imperial, p->d) < 0)
		return -1;
	if (!p->mass_n)
		return 0;
	rc = store_usual_body_mass(p->st, p->opt->athlete, p->import_id,
				   &known, p->d);
	if (rc <= 0)
		return rc;
	ratio = p->mass_sum / (double)p->mass_n / known;
	if (!p->imperial && ratio > lb * 0.85 && ratio < lb * 1.15)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "body mass: read "
			 "as kg, this file's weights average %.1f kg, %.1f "
			 "times the %.1f kg the database knows of %s: if the "
			 "file is in pounds, import it again with --units "
			 "imperial", p->mass_sum / (double)p->mass_n, ratio,
			 known, p->opt->athlete);
	else if (p->imperial && ratio > 0.85 / lb && ratio < 1.15 / lb)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "body mass: read "
			 "as pounds, this file's weights average %.1f kg, "
			 "%.2f times the %.1f kg the database knows of %s: if "
			 "the file is in kg, import it again with --units "
			 "metric", p->mass_sum / (double)p->mass_n, ratio,
			 known, p->opt->athlete);
	return 0;
}

static int on_header(struct pass *p, const struct csv_row *row)
{
	char key[64];
	int bad = 0, app;

	if (!(p->desc = detect_format(p, row)))
		return -1;
	p->kind = p->desc->kind;
	app = (p->desc->flags & FMT_APP) != 0;
	if (app && !p->opt->athlete)
		return diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
				"this is a %s, which names no athlete: give "
				"--athlete NAME", p->desc->title);
	if (!app && p->opt->athlete)
		return diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
				"--athlete is for app exports; this %s names "
				"its athletes in its athlete column",
				p->desc->title);
	if (app && remembered_units(p) < 0)
		return PASS_FATAL;
	if (!(p->map = calloc(row->count ? row->count : 1, sizeof(*p->map)))) {
		diag_error(p->d, "out of memory");
		return PASS_FATAL;
	}
	p->nmap = row->count;
	for (size_t f = 0; f < row->count; f++) {
		const struct csv_field *h = &row->fields[f];
		const struct column *c;
		unsigned nth = 0;

		if (h->len == 0) {
			if (f + 1 < row->count && !app)
				diag_add(p->d, DIAG_WARNING, p->name, h->line,
					 f + 1, "a column without a name is "
					 "ignored");
			continue;
		}
		if (import_header_key(h->s, h->len, key, sizeof(key)) >= sizeof(key))
			key[0] = '\0';
		/* Apps repeat some names (Strava: "Distance" in the account's
		 * units, then in metres): which one this is. */
		for (size_t g = 0; app && *key && g < f; g++) {
			char other[64];

			if (import_header_key(row->fields[g].s, row->fields[g].len,
					      other, sizeof(other)) < sizeof(other) &&
			    strcmp(other, key) == 0)
				nth++;
		}
		if (!*key || !(c = find_nth_column(p->desc, key, nth))) {
			struct strbuf sb = STRBUF_INIT;

			/* An app's other columns are expected, unless no
			 * export of it was seen with them: a value may hide
			 * there under a name cramplog does not know. */
			if ((!app || !known_app_column(p->desc, key)) &&
			    text_add_printable(&sb, h->s, h->len, SHOWN_VALUE) == 0) {
				if (app)
					diag_add(p->d, DIAG_WARNING, p->name,
						 h->line, f + 1, "column '%s' is "
						 "not one cramplog knows in a %s: "
						 "not stored", sb.buf,
						 p->desc->title);
				else
					diag_add(p->d, DIAG_WARNING, p->name,
						 h->line, f + 1, "unknown column "
						 "'%s' is ignored", sb.buf);
			}
			strbuf_release(&sb);
			continue;
		}
		for (size_t g = 0; g < f; g++) {
			if (!p->map[g] || p->map[g]->offset != c->offset ||
			    (p->map[g]->flags & COL_ALSO) != (c->flags & COL_ALSO) ||
			    stores_nothing(c) || stores_nothing(p->map[g]))
				continue;
			if (app && (c->flags & COL_DURATION))
				continue;   /* each a candidate */
			if (app) {
				/* The first name in the format's list wins. */
				if (p->map[g] < c)
					c = NULL;
				else
					p->map[g] = NULL;
				break;
			}
			bad = diag_add(p->d, DIAG_ERROR, p->name, h->line, f + 1,
				       "%s repeats %s (column %zu): keep one of "
				       "them", c->name, p->map[g]->name, g + 1);
			c = NULL;
			break;
		}
		p->map[f] = c;
	}
	if (!(p->required = calloc(p->nmap ? p->nmap : 1, 1))) {
		diag_error(p->d, "out of memory");
		return PASS_FATAL;
	}
	for (size_t i = 0; i < p->desc->ncolumns; i++) {
		const struct column *c = &p->desc->columns[i];
		int found = 0;

		if (!(c->flags & COL_REQUIRED))
			continue;
		/* Any of the names of the value will do, and is then required
		 * in every row. */
		for (size_t f = 0; f < p->nmap; f++) {
			if (same_value(p->map[f], c)) {
				found = 1;
				/* Of several durations, one will do (on_data). */
				p->required[f] = !(c->flags & COL_DURATION);
			}
		}
		if (!found)
			bad = diag_add(p->d, DIAG_ERROR, p->name, row->line, 0,
				       "missing required column '%s' for a %s",
				       c->name, p->desc->title);
	}
	if (!bad && (p->desc->flags & FMT_UTC))
		bad = zone_unknown(p, row);
	return bad;
}

/* Says what is wrong with field f, as "FILE:LINE:COLUMN: column: ...";
 * -1. */
static int field_diag(struct pass *p, const struct csv_row *row, size_t f,
		      enum diag_level level, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
#define field_error(p, row, f, ...) \
	field_diag(p, row, f, DIAG_ERROR, __VA_ARGS__)

/* Reports that field f holds no value of the column's kind: "'VALUE' is
 * not WHAT", with the value made safe to print. */
static int value_error(struct pass *p, const struct csv_row *row, size_t f,
		       const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	int r;

	r = text_add_printable(&sb, row->fields[f].s, row->fields[f].len,
			       SHOWN_VALUE);
	r = r < 0 ? -1 : field_error(p, row, f, "'%s' is not %s", sb.buf, what);
	strbuf_release(&sb);
	return -1;
}

static int field_diag(struct pass *p, const struct csv_row *row, size_t f,
		      enum diag_level level, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		p->d->oom = 1;
		return -1;
	}
	diag_add(p->d, level, p->name, row->fields[f].line, f + 1,
		 "%s: %s", p->map[f] ? p->map[f]->name : "?", sb.buf);
	strbuf_release(&sb);
	return -1;
}

/* A candidate for the session's duration (COL_DURATION), x in minutes:
 * kept when plausible and preferred to the one kept so far; 0 is not
 * recorded; one outside the column's range (a watch left running for
 * days) is said and left. */
static int take_duration(struct pass *p, const struct csv_row *row, size_t f,
			 const struct column *c, double x)
{
	p->dur_given++;
	if (x == 0)
		return 0;
	if (!(x >= c->min && x <= c->max)) {
		if (p->dur_warned++)
			return 0;   /* once a row */
		/* row->fields[f] is a number or a clock here: safe to print. */
		field_diag(p, row, f, DIAG_WARNING, "%s is %.1f h, not a plausible duration "
			   "of one session (%g to %g h): not used",
			   row->fields[f].s, x / 60, c->min / 60, c->max / 60);
		return 0;
	}
	if (!p->dur_col || c < p->dur_col) {
		p->dur_col = c;
		p->dur = x;
	}
	return 0;
}

/* An app's date as a spreadsheet writes it ("1/27/2026", "7/4/2020
 * 15:36"): the file was saved again after the app exported it. Says so
 * (1), or 0 when the value is not such a date. */
static int resaved_date(struct pass *p, const struct csv_row *row, size_t f)
{
	const struct csv_field *v = &row->fields[f];
	size_t digits = 0, slashes = 0, i = 0;

	if (!(p->desc->flags & FMT_APP))
		return 0;
	for (; i < v->len && v->s[i] != ' '; i++) {
		if (v->s[i] == '/')
			slashes++;
		else if (v->s[i] >= '0' && v->s[i] <= '9')
			digits++;
		else
			return 0;
	}
	if (slashes != 2 || digits < 3)
		return 0;
	value_error(p, row, f, "a date as the app exports it: this file looks "
		    "saved again by a spreadsheet; export it again from the "
		    "app");
	return 1;
}

/* Reports a number x (raw as the file gives it, in unit) outside column c's
 * range; for a value in the account's units, which the file does not say,
 * names the --units that would make it one (262 read as kg is 118.8 kg
 * read as pounds). */
static int out_of_range(struct pass *p, const struct csv_row *row, size_t f,
			const struct column *c, enum unit unit, double raw,
			double x)
{
	/* row->fields[f] is a number here: safe to print. */
	const char *v = row->fields[f].s;
	enum unit other = UNIT_NONE;
	double alt;

	if (!p->imperial && (c->flags & COL_IMPERIAL_LB) && unit == UNIT_NONE)
		other = UNIT_LB;
	else if (!p->imperial && (c->flags & COL_IMPERIAL_MI) &&
		 unit == UNIT_NONE)
		other = UNIT_MILE;
	alt = units_to_store(other, raw);
	if (other != UNIT_NONE && alt >= c->min && alt <= c->max)
		return field_error(p, row, f, "%s is outside %g to %g %s; read "
				   "as %s (--units imperial) it would be %.4g %s",
				   v, c->min, c->max, c->store_unit,
				   units_name(other), alt, c->store_unit);
	if (unit != UNIT_NONE)
		return field_error(p, row, f, "%s %s is %.4g %s, outside %g to %g "
				   "%s", v, units_name(unit), x, c->store_unit,
				   c->min, c->max, c->store_unit);
	return field_error(p, row, f, "%s is outside %g to %g%s%s", v, c->min,
			   c->max, *c->store_unit ? " " : "", c->store_unit);
}

/* Parses one field into the row; -1 after reporting what is wrong. */
static int parse_field(struct pass *p, const struct csv_row *row, size_t f,
		       const struct column *c, union any_row *out)
{
	const struct csv_field *v = &row->fields[f];
	char *dst = (char *)out + c->offset;
	int32_t day;
	double x;

	switch (c->type) {
	case COL_ATHLETE:
		if (v->len > MAX_ATHLETE)
			return field_error(p, row, f, "a name longer than %d "
					   "bytes", MAX_ATHLETE);
		if (text_find_control(v->s, v->len) != v->len)
			return field_error(p, row, f, "a control character "
					   "(such as a line break) in a name");
		*(const char **)(void *)dst = v->s;
		return 0;
	case COL_TEXT:
	case COL_NOTES:
		if (v->len > MAX_TEXT)
			return field_error(p, row, f, "text longer than %d bytes",
					   MAX_TEXT);
		if (c->type == COL_TEXT &&
		    text_find_control(v->s, v->len) != v->len)
			return field_error(p, row, f, "a control character "
					   "(such as a line break)");
		*(const char **)(void *)dst = v->s;
		return 0;
	case COL_DATETIME:
		if (value_parse_datetime(v->s, v->len, dst,
					 (char *)out + p->desc->time_offset) == 0)
			return 0;
		if (resaved_date(p, row, f))
			return -1;
		return value_error(p, row, f, "a date and time (such as "
				   "2026-04-23 08:04:14, Oct 6, 2022, 11:19:20 "
				   "PM or 20.09.2026, 14:12:12) between 1900 "
				   "and 2199");
	case COL_METRIC_ROW:
	case COL_MASS_UNIT:
		return 0;   /* read before the row's values (on_data) */
	case COL_APPTIME:
		if (value_parse_app_time(v->s, v->len, dst) < 0)
			return value_error(p, row, f, "a time of day HH:MM, "
					   "HH:MM:SS or H:MM AM/PM");
		return 0;
	case COL_CLOCK:
		if (value_parse_clock(v->s, v->len, &x) < 0)
			return value_error(p, row, f, "a duration H:MM:SS or "
					   "M:SS");
		if (c->flags & COL_DURATION)
			return take_duration(p, row, f, c, x);
		if (!(x >= c->min && x <= c->max))
			return field_error(p, row, f, "%s is %.4g min, outside "
					   "%g to %g min", v->s, x, c->min, c->max);
		*(double *)(void *)dst = x;
		return 0;
	case COL_DATE:
		if (calendar_parse_date(v->s, v->len, &day) < 0) {
			if (resaved_date(p, row, f))
				return -1;
			return value_error(p, row, f, "a date YYYY-MM-DD "
					   "between 1900-01-01 and 2199-12-31");
		}
		memcpy(dst, v->s, 10);
		dst[10] = '\0';
		return 0;
	case COL_TIME:
		if (value_parse_time(v->s, v->len, dst) < 0)
			return value_error(p, row, f, "a time of day HH:MM "
					   "or HH:MM:SS");
		return 0;
	case COL_BOOL:
		if (value_parse_bool(v->s, v->len, (int *)(void *)dst) < 0)
			return value_error(p, row, f, "yes or no");
		return 0;
	case COL_SIDE:
		if (value_parse_side(v->s, v->len,
				     (enum cramp_side *)(void *)dst) < 0)
			return value_error(p, row, f, "left, right or both");
		return 0;
	case COL_NUMBER:
	case COL_INTEGER: {
		enum unit unit = c->unit;
		double raw;
		int rc;

		/* Apps write "1,337" inside quotes in ','-separated files,
		 * "1.337" when their decimal mark is a comma. */
		if ((p->desc->flags & FMT_APP) && p->delimiter == ',')
			rc = value_parse_marked_number(v->s, v->len, p->mark, &x);
		else
			rc = value_parse_number(v->s, v->len, p->delimiter != ',',
						&x);
		if (rc < 0)
			return value_error(p, row, f, p->delimiter == ',' ?
					   "a number" : "a number (decimal point "
					   "or comma)");
		if (c->type == COL_INTEGER && x != floor(x))
			return value_error(p, row, f, "a whole number");
		if ((c->flags & COL_IMPERIAL_MI) && p->imperial)
			unit = UNIT_MILE;
		if ((c->flags & COL_IMPERIAL_LB) && p->imperial)
			unit = UNIT_LB;
		if ((c->flags & COL_SWIM_M) && p->row_swim)
			unit = UNIT_METRE;
		if ((c->flags & COL_ZERO_UNKNOWN) && x == 0)
			return 0;   /* stays unknown */
		if (c->flags & COL_ROW_UNIT)
			unit = p->row_unit;
		raw = x;
		x = units_to_store(unit, x);
		if (c->flags & COL_DURATION)
			return take_duration(p, row, f, c, x);
		if (!(x >= c->min && x <= c->max))
			return out_of_range(p, row, f, c, unit, raw, x);
		if (c->flags & COL_IMPERIAL_LB) {
			p->mass_sum += x;
			p->mass_n++;
		}
		*(double *)(void *)dst = x;
		return 0;
	}
	}
	return -1;
}

/* Counts a row found invalid (its problems already said): with
 * --skip-invalid it is left out, else nothing of the file is written. */
static int reject_row(struct pass *p)
{
	p->counts.rejected++;
	if (!p->opt->skip_invalid)
		p->failed = 1;
	return 0;
}

/* An app's way of writing that a value is missing. */
static int app_missing(const struct csv_field *v)
{
	return (v->len == 2 && memcmp(v->s, "--", 2) == 0) ||
	       (v->len == 8 && memcmp(v->s, "--:--:--", 8) == 0);
}

/* A summary row some exports end with ("Total", "Totals", "Summary"). */
static int summary_row(const struct csv_row *row)
{
	const struct csv_field *v = row->count ? &row->fields[0] : NULL;

	return v && (text_eq_ascii_nocase(v->s, v->len, "total") ||
		     text_eq_ascii_nocase(v->s, v->len, "totals") ||
		     text_eq_ascii_nocase(v->s, v->len, "summary"));
}

/* Drops the keys of days before the latest, once there are many. */
static int keep_recent(uint64_t key, uint64_t value, void *arg)
{
	int32_t horizon = *(int32_t *)arg;

	(void)value;
	return (int32_t)((key >> 17) & 0x1ffff) >= horizon;
}

/* The file's number for the athlete called name, matched as the store
 * matches names (case-insensitively); -1 after a message. */
static int64_t file_athlete(struct pass *p, const char *name)
{
	int64_t id;
	char err[256];

	if (athlete_numbers_get(&p->athletes, name, strlen(name), &id, err,
				sizeof(err)) < 0) {
		diag_error(p->d, "%s: cannot number the file's athletes: %s",
			   p->name, err);
		return -1;
	}
	return id;
}

static int spill_error(struct pass *p, const char *err)
{
	diag_error(p->d, "%s: cannot count the file's keys in a temporary "
		   "file: %s", p->name, err);
	return PASS_FATAL;
}

/* The seq of a row: how many rows of this file came before it with the
 * same athlete, date and time. */
static int next_seq(struct pass *p, int64_t athlete_id, const char *date,
		    const char *time, unsigned *seq)
{
	int32_t day, rel;
	uint64_t key, *count;
	unsigned slot = 0;
	char err[256];

	if (calendar_parse_date(date, 10, &day) < 0)
		return -1;
	rel = day - calendar_days_from_civil(CALENDAR_MIN_YEAR, 1, 1);
	if (time[0])
		slot = 1 + (unsigned)((time[0] - '0') * 36000 +
				      (time[1] - '0') * 3600 +
				      (time[3] - '0') * 600 + (time[4] - '0') * 60 +
				      (time[6] - '0') * 10 + (time[7] - '0'));
	if (p->have_horizon && rel < p->horizon) {
		p->restart = 1;
		return PASS_RESTART;
	}
	if (rel > p->max_day)
		p->max_day = rel;
	key = ((uint64_t)athlete_id << 34) | ((uint64_t)rel << 17) | slot;
	if (p->spill)
		return key_spill_next(p->spill, key, seq, err, sizeof(err)) < 0 ?
		       spill_error(p, err) : 0;
	if (!(count = u64map_slot(&p->seen, key))) {
		diag_error(p->d, "out of memory");
		return PASS_FATAL;
	}
	*seq = (unsigned)(*count)++;
	if (!p->allow_forget && p->seen.count > p->spill_after) {
		/* Every key is kept, and there are many: to disk. */
		if (!(p->spill = key_spill_new(&p->seen, err, sizeof(err))))
			return spill_error(p, err);
		u64map_release(&p->seen);
		u64map_init(&p->seen);
		return 0;
	}
	if (p->allow_forget && p->seen.count > p->key_memory) {
		p->horizon = p->max_day;
		p->have_horizon = 1;
		if (u64map_filter(&p->seen, keep_recent, &p->horizon) < 0) {
			diag_error(p->d, "out of memory");
			return PASS_FATAL;
		}
		/* A day with more keys than the memory: make room, so that
		 * filtering stays rare, once or so (to 32,768 keys); past
		 * that, the keys go to disk as a file out of date order's
		 * do, and memory stays bounded whatever one day holds. */
		if (p->seen.count * 2 > p->key_memory &&
		    p->key_memory * 8 <= p->spill_after) {
			p->key_memory *= 2;
		} else if (p->seen.count * 2 > p->key_memory) {
			if (!(p->spill = key_spill_new(&p->seen, err,
						       sizeof(err))))
				return spill_error(p, err);
			u64map_release(&p->seen);
			u64map_init(&p->seen);
		}
	}
	return 0;
}

/* Whether v names metric: "Weight", or "Weight (Garmin)" as synced from
 * elsewhere, in any case. */
static int is_metric(const struct csv_field *v, const char *metric)
{
	size_t m = strlen(metric);

	return v->len >= m && text_eq_ascii_nocase(v->s, m, metric) &&
	       (v->len == m || (v->len > m + 2 && v->s[m] == ' ' &&
				v->s[m + 1] == '(' && v->s[v->len - 1] == ')'));
}

/* A nutrient of 0 beside a meal of MEAL_KCAL or more (COL_ZERO_IN_MEAL)
 * is not recorded: unknown. */
static void unrecorded_zeros(const struct pass *p, struct diet_row *r)
{
	if (!(r->energy_kcal >= MEAL_KCAL))
		return;
	for (size_t f = 0; f < p->nmap; f++) {
		const struct column *c = p->map[f];
		double *v;

		if (!c || !(c->flags & COL_ZERO_IN_MEAL))
			continue;
		v = (double *)(void *)((char *)r + c->offset);
		if (*v == 0)
			*v = NAN;
	}
}

/* Stems of swimming in the activity types apps write, case folded:
 * English names and keys ("Pool Swim", "lap_swimming"), and da, de, es,
 * fr, pt, it, nl, pl, hu, sv, cs, ru. Not "nata" alone: "caminata" is a
 * walk. */
static const char *const swim_stems[] = {
	"swim", "svøm", "schwimm", "natación", "natation", "natação", "nuoto",
	"zwem", "pływ", "úszás", "simning", "plavání", "плаван",
};

/* Whether an activity type is a swim: it holds a stem of swim_stems
 * anywhere (compounds: "Bassängsimning", "Freiwasserschwimmen"). */
static int is_swim(struct pass *p, const struct csv_field *v)
{
	strbuf_reset(&p->fold);
	if (text_casefold(v->s, v->len, &p->fold) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(swim_stems) / sizeof(swim_stems[0]); i++)
		if (strstr(p->fold.buf, swim_stems[i]))
			return 1;
	return 0;
}

/* Before a row's values: whether its activity is a swim, and, until it is
 * known, the file's decimal mark from a number that can be read only one
 * way ("6.71", "3,40"). */
static void read_row_context(struct pass *p, const struct csv_row *row)
{
	p->row_swim = 0;
	for (size_t f = 0; f < p->nmap && f < row->count; f++)
		if (p->map[f] && (p->map[f]->flags & COL_SPORT))
			p->row_swim = is_swim(p, &row->fields[f]);
	for (size_t f = 0; !p->mark && f < row->count; f++)
		p->mark = value_decimal_mark(row->fields[f].s, row->fields[f].len);
}

/* The session's duration from the app's candidates (COL_DURATION): 0 when
 * set or when the format has none; 1 when the row is skipped (every one
 * given is implausible, said); -1 when none is given at all. */
static int row_duration(struct pass *p, const struct csv_row *row,
			union any_row *r)
{
	size_t first = p->nmap;

	for (size_t f = 0; f < p->nmap && first == p->nmap; f++)
		if (p->map[f] && (p->map[f]->flags & COL_DURATION))
			first = f;
	if (first == p->nmap)
		return 0;
	if (p->dur_col) {
		r->training.duration_min = p->dur;
		return 0;
	}
	if (p->dur_given) {
		diag_add(p->d, DIAG_WARNING, p->name, row->line, 0, "no "
			 "plausible duration in the row: skipped");
		return 1;
	}
	if (first < row->count)
		return field_error(p, row, first, "a value is required");
	return diag_add(p->d, DIAG_ERROR, p->name, row->line, first + 1,
			"%s: a value is required, but the row ends before it",
			p->map[first]->name);
}

static int on_data(struct pass *p, const struct csv_row *row)
{
	const struct format *k = p->desc;
	union any_row r, also;
	int put_main = 1, put_also = 0;
	int64_t athlete_id;
	const char *athlete;
	unsigned seq;
	int bad = row->bad;
	size_t filled = 0;
	int rc;

	/* A row of empty cells (",,,," as spreadsheets leave) is a blank
	 * line, not a row. */
	for (size_t f = 0; f < row->count; f++)
		filled += row->fields[f].len != 0;
	if (!filled && !bad)
		return 0;
	if ((k->flags & FMT_APP) && summary_row(row)) {
		diag_add(p->d, DIAG_WARNING, p->name, row->line, 1,
			 "a summary row is not a day's data: skipped");
		return 0;
	}
	/* Rows of one metric each: only the format's metric (a weight, in
	 * its own unit; hours of sleep). */
	p->row_unit = UNIT_NONE;
	for (size_t f = 0; f < p->nmap && f < row->count; f++) {
		const struct column *c = p->map[f];

		if (c && c->type == COL_METRIC_ROW &&
		    !is_metric(&row->fields[f], k->metric)) {
			p->other_metrics++;
			return 0;
		}
	}
	/* Then, of a weight, its unit (whatever the order of the columns). */
	for (size_t f = 0; f < p->nmap && f < row->count; f++) {
		const struct column *c = p->map[f];
		const struct csv_field *v = &row->fields[f];

		if (c && c->type == COL_MASS_UNIT) {
			if (text_eq_ascii_nocase(v->s, v->len, "lbs") ||
			    text_eq_ascii_nocase(v->s, v->len, "lb"))
				p->row_unit = UNIT_LB;
			else if (!text_eq_ascii_nocase(v->s, v->len, "kg")) {
				p->counts.rows++;
				value_error(p, row, f, "a unit of body mass (kg, lb or "
					    "lbs)");
				return reject_row(p);
			}
		}
	}
	/* A workout planned but not done is no session; a day's total beside
	 * its meals is none of them. */
	for (size_t f = 0; f < p->nmap; f++) {
		const struct column *c = p->map[f];

		if (c && (c->flags & COL_GROUP) && f < row->count &&
		    text_eq_ascii_nocase(row->fields[f].s, row->fields[f].len,
					 "total")) {
			p->day_totals++;
			return 0;
		}

		if (c && (c->flags & COL_SKIP_EMPTY) &&
		    (f >= row->count || row->fields[f].len == 0 ||
		     app_missing(&row->fields[f]))) {
			p->skipped++;
			return 0;
		}
	}
	p->counts.rows++;
	if ((k->flags & FMT_APP) && p->delimiter == ',')
		read_row_context(p, row);
	init_row(p->kind, &r);
	if (k->also != KIND_NONE)
		init_row(k->also, &also);
	/* The reader hands over no field past the header's. */
	p->dur_col = NULL;
	p->dur_given = p->dur_warned = 0;
	for (size_t f = 0; f < row->count; f++) {
		const struct column *c = p->map[f];

		if (!c || row->bad)
			continue;
		if (row->fields[f].len == 0 ||
		    ((k->flags & FMT_APP) && app_missing(&row->fields[f]))) {
			if (p->required[f])
				bad = field_error(p, row, f, "a value is "
						  "required");
			continue;
		}
		if (parse_field(p, row, f, c, (c->flags & COL_ALSO) ? &also : &r) < 0)
			bad = 1;
	}
	/* A short row: required values past its end. */
	for (size_t f = row->count; f < p->nmap && !bad; f++)
		if (p->required[f])
			bad = diag_add(p->d, DIAG_ERROR, p->name, row->line,
				       f + 1, "%s: a value is required, but the "
				       "row ends before it", p->map[f]->name);
	if (!bad && (rc = row_duration(p, row, &r)) != 0) {
		if (rc > 0) {
			p->counts.rows--;
			return 0;
		}
		bad = 1;
	}
	if (bad)
		return reject_row(p);
	if (p->failed)
		return 0;
	if ((k->flags & FMT_APP) && p->kind == KIND_DIET)
		unrecorded_zeros(p, &r.diet);
	if ((k->flags & FMT_APP) && k->also == KIND_NONE &&
	    p->kind != KIND_TRAINING && !row_has_values(p->kind, &r)) {
		/* A day listed but not logged (Cronometer: "Completed" false,
		 * every value empty). */
		p->counts.rows--;
		p->empty_rows++;
		return 0;
	}
	if (k->flags & FMT_APP) {
		*(const char **)(void *)((char *)&r + k->athlete_offset) =
			p->opt->athlete;
		if (p->kind == KIND_TRAINING)
			r.training.source = k->name;
		else if (p->kind == KIND_HYDRATION)
			r.hydration.source = k->name;
		else
			r.diet.source = k->name;
	}
	/* Dated in UTC (Strava, whose sessions are training rows): the
	 * UTC start stays the activity's identity. */
	if ((k->flags & FMT_UTC) && p->kind == KIND_TRAINING &&
	    strlen(r.training.start_time) == 8) {
		memcpy(r.training.utc_start, r.training.date, 10);
		r.training.utc_start[10] = ' ';
		memcpy(r.training.utc_start + 11, r.training.start_time, 9);
	}
	if ((k->flags & FMT_UTC) &&
	    *((const char *)&r + k->time_offset) &&
	    value_utc_to_local((char *)&r + k->date_offset,
			       (char *)&r + k->time_offset) < 0) {
		diag_add(p->d, DIAG_ERROR, p->name, row->line, 0, "the time "
			 "cannot be put in the local time zone");
		return reject_row(p);
	}
	athlete = *(const char *const *)(const void *)((const char *)&r +
							k->athlete_offset);
	if ((athlete_id = file_athlete(p, athlete)) < 0)
		return PASS_FATAL;
	if ((uint64_t)athlete_id >= (1u << 30)) {
		diag_error(p->d, "too many athletes in one file");
		return PASS_FATAL;
	}
	rc = next_seq(p, athlete_id, (const char *)&r + k->date_offset,
		      (const char *)&r + k->time_offset, &seq);
	if (rc == -1) {
		/* Required columns make this impossible; say so if not. */
		diag_error(p->d, "%s:%lu: a row without a date", p->name,
			   row->line);
		return PASS_FATAL;
	}
	if (rc < 0)
		return rc;
	if (k->also != KIND_NONE) {
		/* Each kind of row only when the line gives it a value. */
		put_main = row_has_values(p->kind, &r);
		put_also = row_has_values(k->also, &also);
		if (!put_main && !put_also) {
			/* A day the export lists with nothing cramplog keeps. */
			p->counts.rows--;
			return 0;
		}
		memcpy(also.diet.date, (const char *)&r + k->date_offset,
		       sizeof(model_date));
		also.diet.athlete = athlete;
		also.diet.source = k->name;
	}
	if ((put_main && (rc = batch_writer_add(p->writer, p->kind, &r,
						 seq, 0)) < 0) ||
	    (put_also && (rc = batch_writer_add(p->writer, k->also, &also, seq,
						 put_main)) < 0)) {
		if (rc == -1)
			diag_error(p->d, "out of memory");
		return PASS_FATAL;
	}
	return 0;
}

static int on_row(const struct csv_row *row, void *arg)
{
	struct pass *p = arg;
	int rc;

	if (row->index == 0) {
		if (row->bad)
			return -1;
		rc = on_header(p, row);
		if (rc < 0)
			return rc;
		if (store_import_start(p->st, p->name, p->kind, &p->import_id,
				       p->d) < 0)
			return PASS_FATAL;
		if (!(p->writer = batch_writer_new(p->st, p->import_id))) {
			diag_error(p->d, "out of memory");
			return PASS_FATAL;
		}
		return 0;
	}
	return on_data(p, row);
}

static void on_progress(uint64_t done, uint64_t total, void *arg)
{
	const struct pass *p = arg;

	if (p->opt->progress)
		p->opt->progress(p->name, done, total, p->counts.rows,
				 p->opt->progress_arg);
}

/* Stops the writer: the rows queued are written unless discard. */
static int finish_writer(struct pass *p, int discard)
{
	int rc = 0;

	if (p->writer)
		rc = batch_writer_finish(p->writer, discard, &p->counts, p->d);
	p->writer = NULL;
	return rc;
}

/* One pass over the file, in a transaction of its own. */
static enum import_status run_pass(struct pass *p, int fd, uint64_t size)
{
	struct csv_reader_options ro = {
		.name = p->name,
		.row = on_row,
		.progress = on_progress,
		.arg = p,
		.total_bytes = size,
	};
	int rc;

	if (store_begin(p->st, p->d) < 0)
		return IMPORT_STORE_ERROR;
	rc = csv_reader_run(fd, &ro, &p->delimiter, p->d);
	/* The rest is written unless the file failed; a row the database
	 * refused is a store error whatever else happened. */
	if (finish_writer(p, rc < 0 || !p->desc || p->failed ||
			     p->d->oom) < 0) {
		store_rollback(p->st);
		p->counts.added = p->counts.updated = p->counts.unchanged = 0;
		return IMPORT_STORE_ERROR;
	}
	if (rc == PASS_RESTART) {
		store_rollback(p->st);
		return IMPORT_OK;
	}
	if (rc == PASS_FATAL || p->d->oom) {
		store_rollback(p->st);
		return IMPORT_STORE_ERROR;
	}
	if (rc < 0 || !p->desc) {
		if (!p->desc && rc == 0)
			diag_add(p->d, DIAG_ERROR, p->name, 1, 0,
				 "the file is empty: a header line is needed");
		store_rollback(p->st);
		/* A read error is not a data error. */
		return rc == CSV_READER_IO_ERROR ? IMPORT_IO_ERROR :
		       IMPORT_REJECTED;
	}
	if (p->other_metrics)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "%llu %s of other "
			 "metrics than %s skipped",
			 (unsigned long long)p->other_metrics,
			 p->other_metrics == 1 ? "row" : "rows", p->desc->metric);
	if (p->day_totals)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "%llu %s of a day's "
			 "total beside its meals skipped (the meals are stored)",
			 (unsigned long long)p->day_totals,
			 p->day_totals == 1 ? "row" : "rows");
	if (p->empty_rows)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "%llu %s without any "
			 "value (days not logged) skipped",
			 (unsigned long long)p->empty_rows,
			 p->empty_rows == 1 ? "row" : "rows");
	if (p->skipped)
		diag_add(p->d, DIAG_WARNING, p->name, 0, 0, "%llu %s without an "
			 "actual time (planned, not done) skipped",
			 (unsigned long long)p->skipped,
			 p->skipped == 1 ? "workout" : "workouts");
	if (p->failed) {
		/* Nothing of the file was written. */
		store_rollback(p->st);
		p->counts.added = p->counts.updated = p->counts.unchanged = 0;
		return IMPORT_REJECTED;
	}
	if ((p->desc && (p->desc->flags & FMT_APP) && check_units(p) < 0) ||
	    store_import_finish(p->st, p->import_id, &p->counts, p->d) < 0) {
		store_rollback(p->st);
		return IMPORT_STORE_ERROR;
	}
	if (p->opt->dry_run) {
		store_rollback(p->st);
		return IMPORT_OK;
	}
	if (store_commit(p->st, p->d) < 0)
		return IMPORT_STORE_ERROR;
	return IMPORT_OK;
}

static void pass_release(struct pass *p)
{
	free(p->map);
	p->map = NULL;
	free(p->required);
	p->required = NULL;
	u64map_release(&p->seen);
	key_spill_free(p->spill);
	p->spill = NULL;
	athlete_numbers_release(&p->athletes);
	strbuf_release(&p->fold);
}

enum import_status import_file(store *st, const char *path,
			       const struct import_options *opt,
			       struct import_result *result, struct diag *d)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "<stdin>" : path;
	struct diag local = DIAG_INIT;
	enum import_status status;
	struct stat sb;
	uint64_t size = 0;
	int fd, allow_forget;

	memset(result, 0, sizeof(*result));
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_add(d, DIAG_ERROR, name, 0, 0, "cannot open: %s",
			 strerror(errno));
		return IMPORT_NO_INPUT;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		size = (uint64_t)sb.st_size;
	else if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		diag_add(d, DIAG_ERROR, name, 0, 0, "is a directory");
		close(fd);
		return IMPORT_NO_INPUT;
	}
	/* Forgetting the keys of past days needs a second pass when a file
	 * turns out not to be in date order, so only a seekable file may. */
	allow_forget = !is_stdin && S_ISREG(sb.st_mode);
	for (;;) {
		struct pass p;

		memset(&p, 0, sizeof(p));
		p.st = st;
		p.opt = opt;
		p.name = name;
		p.d = &local;
		local.max = d->max;
		p.kind = opt->kind;
		p.allow_forget = allow_forget;
		p.key_memory = opt->key_memory_rows ? opt->key_memory_rows :
			       IMPORT_KEY_MEMORY;
		u64map_init(&p.seen);
		p.spill_after = opt->spill_after_keys ? opt->spill_after_keys :
				IMPORT_SPILL_AFTER;
		athlete_numbers_init(&p.athletes, opt->athletes_in_memory);
		strbuf_init(&p.fold);
		status = run_pass(&p, fd, size);
		result->kind = p.kind;
		result->format = p.desc ? p.desc->name : NULL;
		result->counts = p.counts;
		result->delimiter = p.delimiter;
		pass_release(&p);
		if (!(status == IMPORT_OK && p.restart))
			break;
		/* Out of date order: read again, keeping every key. */
		diag_release(&local);
		allow_forget = 0;
		if (lseek(fd, 0, SEEK_SET) < 0) {
			diag_add(d, DIAG_ERROR, name, 0, 0, "cannot read: %s",
				 strerror(errno));
			status = IMPORT_IO_ERROR;
			break;
		}
	}
	diag_move(d, &local);
	if (!is_stdin)
		close(fd);
	return status;
}
