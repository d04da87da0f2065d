/*
 * cramplog's own logs, training, hydration and diet (docs/formats.md):
 * one row per session, drink or meal, an athlete column naming whose it
 * is (and an optional team column: the athlete's team), values in the
 * store's units or, where a column's name says so (distance_mi, fluid_oz,
 * ...), in another converted to them.
 */
#include "format.h"

/* A column named as its field, in the store's unit; or in unit u, under
 * another name (CONV). */
#define LOG(st, field, type, flags) \
	COLUMN(#field, type, st, field, UNIT_NONE, flags, 0)
#define NUM(st, field) LOG(st, field, COL_NUMBER, 0)
#define CONV(st, name, field, u) COLUMN(name, COL_NUMBER, st, field, u, 0, 0)

static const struct column training_columns[] = {
	LOG(training_row, date, COL_DATE, COL_REQUIRED),
	LOG(training_row, start_time, COL_TIME, 0),
	LOG(training_row, athlete, COL_ATHLETE, COL_REQUIRED),
	LOG(training_row, team, COL_ATHLETE, 0),
	LOG(training_row, session, COL_TEXT, 0),
	LOG(training_row, duration_min, COL_NUMBER, COL_REQUIRED),
	NUM(training_row, rpe),
	NUM(training_row, distance_km),
	CONV(training_row, "distance_mi", distance_km, UNIT_MILE),
	NUM(training_row, pre_mass_kg),
	CONV(training_row, "pre_mass_lb", pre_mass_kg, UNIT_LB),
	NUM(training_row, post_mass_kg),
	CONV(training_row, "post_mass_lb", post_mass_kg, UNIT_LB),
	NUM(training_row, fluid_ml),
	CONV(training_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ),
	NUM(training_row, temp_c),
	CONV(training_row, "temp_f", temp_c, UNIT_FAHRENHEIT),
	NUM(training_row, tightness),
	NUM(training_row, energy_kcal),
	NUM(training_row, avg_hr),
	NUM(training_row, sweat_sodium_mg_l),
	LOG(training_row, cramp, COL_BOOL, 0),
	LOG(training_row, cramp_muscle, COL_TEXT, 0),
	LOG(training_row, cramp_side, COL_SIDE, 0),
	NUM(training_row, cramp_severity),
	LOG(training_row, notes, COL_NOTES, 0),
};

static const struct column hydration_columns[] = {
	LOG(hydration_row, date, COL_DATE, COL_REQUIRED),
	LOG(hydration_row, time, COL_TIME, 0),
	LOG(hydration_row, athlete, COL_ATHLETE, COL_REQUIRED),
	LOG(hydration_row, team, COL_ATHLETE, 0),
	NUM(hydration_row, fluid_ml),
	CONV(hydration_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ),
	NUM(hydration_row, sodium_mg),
	NUM(hydration_row, potassium_mg),
	LOG(hydration_row, urine_color, COL_INTEGER, 0),
	NUM(hydration_row, usg),
	NUM(hydration_row, body_mass_kg),
	CONV(hydration_row, "body_mass_lb", body_mass_kg, UNIT_LB),
	LOG(hydration_row, soreness, COL_INTEGER, 0),
	NUM(hydration_row, sleep_h),
};

static const struct column diet_columns[] = {
	LOG(diet_row, date, COL_DATE, COL_REQUIRED),
	LOG(diet_row, time, COL_TIME, 0),
	LOG(diet_row, athlete, COL_ATHLETE, COL_REQUIRED),
	LOG(diet_row, team, COL_ATHLETE, 0),
	LOG(diet_row, meal, COL_TEXT, 0),
	NUM(diet_row, energy_kcal),
	NUM(diet_row, carbs_g),
	NUM(diet_row, protein_g),
	NUM(diet_row, fat_g),
	NUM(diet_row, sodium_mg),
	NUM(diet_row, potassium_mg),
	NUM(diet_row, fluid_ml),
	CONV(diet_row, "fluid_oz", fluid_ml, UNIT_US_FL_OZ),
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
