/*
 * MyFitnessPal's exports (docs/formats.md): the Nutrition-Summary and the
 * Measurement-Summary.
 */
#include "format.h"

/* MyFitnessPal Nutrition-Summary: a row per meal, or per timed entry.
 * Sodium and potassium are 0 for the many foods that do not give them. */
static const struct column mfp_columns[] = {
	APP("Date", COL_DATE, diet_row, date, UNIT_NONE, COL_REQUIRED),
	APP("Time", COL_APPTIME, diet_row, time, UNIT_NONE, 0),
	APP("Meal", COL_TEXT, diet_row, meal, UNIT_NONE, 0),
	APP("Calories", COL_NUMBER, diet_row, energy_kcal, UNIT_NONE, 0),
	APP("Carbohydrates (g)", COL_NUMBER, diet_row, carbs_g, UNIT_NONE, 0),
	APP("Protein (g)", COL_NUMBER, diet_row, protein_g, UNIT_NONE, 0),
	APP("Fat (g)", COL_NUMBER, diet_row, fat_g, UNIT_NONE, 0),
	APP("Sodium (mg)", COL_NUMBER, diet_row, sodium_mg, UNIT_NONE, COL_ZERO_IN_MEAL),
	APP("Potassium", COL_NUMBER, diet_row, potassium_mg, UNIT_NONE, COL_ZERO_IN_MEAL),
};

/* MyFitnessPal Measurement-Summary: the weight in the account's unit. */
static const struct column mfp_measurement_columns[] = {
	APP("Date", COL_DATE, hydration_row, date, UNIT_NONE, COL_REQUIRED),
	APP("Weight", COL_NUMBER, hydration_row, body_mass_kg, UNIT_NONE, COL_REQUIRED | COL_IMPERIAL_LB | COL_ZERO_UNKNOWN | COL_SKIP_OTHER),
};

static const char *const sig_mfp[] = { "Date", "Meal", "Calories",
	"Sodium (mg)", "Carbohydrates (g)", NULL };
static const char *const sig_mfp_measurement[] = { "Date", "Weight", NULL };

static const char *const myfitnesspal_seen[] = {
	"Date", "Meal", "Calories", "Fat (g)", "Saturated Fat",
	"Polyunsaturated Fat", "Monounsaturated Fat", "Trans Fat", "Cholesterol",
	"Sodium (mg)", "Potassium", "Carbohydrates (g)", "Fiber", "Sugar",
	"Protein (g)", "Vitamin A", "Vitamin C", "Calcium", "Iron", "Note",
	"Time", NULL
};

static const char *const myfitnesspal_measurements_seen[] = {
	"Date", "Weight", NULL
};

const struct format format_myfitnesspal = {
	.name = "myfitnesspal",
	.title = "MyFitnessPal Nutrition-Summary",
	.kind = KIND_DIET,
	COLUMNS(mfp_columns),
	ROW_KEYS(diet_row, time),
	.flags = FMT_APP,
	.signatures = { sig_mfp },
	.seen = myfitnesspal_seen,
};

const struct format format_myfitnesspal_measurements = {
	.name = "myfitnesspal-measurements",
	.title = "MyFitnessPal Measurement-Summary",
	.kind = KIND_HYDRATION,
	COLUMNS(mfp_measurement_columns),
	ROW_KEYS(hydration_row, time),
	.flags = FMT_APP,
	.signatures = { sig_mfp_measurement },
	.metric = "weight",
	.seen = myfitnesspal_measurements_seen,
};
