/*
 * cramplog's own logs, training, hydration and diet (docs/formats.md):
 * one row per session, drink or meal, an athlete column naming whose it
 * is, values in the store's units or, where a column's name says so
 * (distance_mi, fluid_oz, ...), in another converted to them.
 */
#include "format.h"

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

const struct format format_training = {
	.name = "training",
	.title = "training log",
	.kind = KIND_TRAINING,
	COLUMNS(training_columns),
	ROW_KEYS(training_row, start_time),
};

const struct format format_hydration = {
	.name = "hydration",
	.title = "hydration log",
	.kind = KIND_HYDRATION,
	COLUMNS(hydration_columns),
	ROW_KEYS(hydration_row, time),
};

const struct format format_diet = {
	.name = "diet",
	.title = "diet log",
	.kind = KIND_DIET,
	COLUMNS(diet_columns),
	ROW_KEYS(diet_row, time),
};
