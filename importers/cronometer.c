/*
 * Cronometer's exports (docs/formats.md): the daily nutrition
 * (dailysummary.csv) and the biometrics (biometrics.csv).
 */
#include "format.h"

static const struct column cronometer_columns[] = {
	APP("Date", COL_DATE, diet_row, date, UNIT_NONE, COL_REQUIRED),
	/* With "diary group rows": a row a meal, then the day's total. */
	APP("Group", COL_TEXT, diet_row, meal, UNIT_NONE, COL_GROUP),
	APP("Energy (kcal)", COL_NUMBER, diet_row, energy_kcal, UNIT_NONE, 0),
	APP("Energy (kJ)", COL_NUMBER, diet_row, energy_kcal, UNIT_KJ, 0),
	APP("Carbs (g)", COL_NUMBER, diet_row, carbs_g, UNIT_NONE, 0),
	APP("Protein (g)", COL_NUMBER, diet_row, protein_g, UNIT_NONE, 0),
	APP("Fat (g)", COL_NUMBER, diet_row, fat_g, UNIT_NONE, 0),
	APP("Sodium (mg)", COL_NUMBER, diet_row, sodium_mg, UNIT_NONE, COL_ZERO_IN_MEAL),
	APP("Potassium (mg)", COL_NUMBER, diet_row, potassium_mg, UNIT_NONE, COL_ZERO_IN_MEAL),
	/* Grams of water in the day's food and drink: 1 g is 1 ml. */
	APP("Water (g)", COL_NUMBER, diet_row, fluid_ml, UNIT_NONE, 0),
};

/* Cronometer biometrics.csv: one metric per row, its unit beside it; only
 * the weights are kept. */
static const struct column cronometer_biometrics_columns[] = {
	APP("Day", COL_DATE, hydration_row, date, UNIT_NONE, COL_REQUIRED),
	APP("Time", COL_APPTIME, hydration_row, time, UNIT_NONE, 0),
	APP("Metric", COL_METRIC_ROW, hydration_row, date, UNIT_NONE, COL_REQUIRED),
	APP("Unit", COL_MASS_UNIT, hydration_row, date, UNIT_NONE, COL_REQUIRED),
	APP("Amount", COL_NUMBER, hydration_row, body_mass_kg, UNIT_NONE, COL_REQUIRED | COL_ROW_UNIT | COL_ZERO_UNKNOWN),
};

static const char *const sig_cronometer[] = { "Date", "Energy (kcal)",
	"Carbs (g)", "Sodium (mg)", NULL };
static const char *const sig_cronometer_kj[] = { "Date", "Energy (kJ)",
	"Carbs (g)", "Sodium (mg)", NULL };
/* Without sodium (the columns follow the account's settings): "Completed"
 * ends every real one. */
static const char *const sig_cronometer_completed[] = { "Date",
	"Energy (kcal)", "Carbs (g)", "Completed", NULL };

static const char *const sig_cronometer_biometrics[] = { "Day", "Time",
	"Group", "Metric", "Unit", "Amount", NULL };
/* 2024 on: no Time column. */
static const char *const sig_cronometer_biometrics_2024[] = { "Day", "Group",
	"Metric", "Unit", "Amount", NULL };

static const char *const cronometer_seen[] = {
	"Date", "Energy (kcal)", "Alcohol (g)", "Caffeine (mg)", "Water (g)",
	"B1 (Thiamine) (mg)", "B2 (Riboflavin) (mg)", "B3 (Niacin) (mg)",
	"B5 (Pantothenic Acid) (mg)", "B6 (Pyridoxine) (mg)",
	"B12 (Cobalamin) (µg)", "Folate (µg)", "Vitamin A (µg)", "Vitamin C (mg)",
	"Vitamin D (IU)", "Vitamin E (mg)", "Vitamin K (µg)", "Calcium (mg)",
	"Copper (mg)", "Iron (mg)", "Magnesium (mg)", "Manganese (mg)",
	"Phosphorus (mg)", "Potassium (mg)", "Selenium (µg)", "Sodium (mg)",
	"Zinc (mg)", "Carbs (g)", "Fiber (g)", "Starch (g)", "Sugars (g)",
	"Added Sugars (g)", "Net Carbs (g)", "Fat (g)", "Cholesterol (mg)",
	"Monounsaturated (g)", "Polyunsaturated (g)", "Saturated (g)",
	"Trans-Fats (g)", "Omega-3 (g)", "Omega-6 (g)", "Cystine (g)",
	"Histidine (g)", "Isoleucine (g)", "Leucine (g)", "Lysine (g)",
	"Methionine (g)", "Phenylalanine (g)", "Protein (g)", "Threonine (g)",
	"Tryptophan (g)", "Tyrosine (g)", "Valine (g)", "Completed",
	"Oxalate (mg)", "Alpha-carotene (µg)", "Beta-carotene (µg)",
	"Beta-cryptoxanthin (µg)", "Choline (mg)", "Lutein+Zeaxanthin (µg)",
	"Lycopene (µg)", "Iodine (µg)", "Fructose (g)", "Sucrose (g)",
	"Alanine (g)", "Arginine (g)", "Aspartic acid (g)", "Glutamic acid (g)",
	"Glycine (g)", "Hydroxyproline (g)", "Proline (g)", "Serine (g)", "Group",
	"Phytate (mg)", NULL
};

static const char *const cronometer_biometrics_seen[] = {
	"Day", "Time", "Group", "Metric", "Unit", "Amount", NULL
};

const struct format format_cronometer = {
	.name = "cronometer",
	.title = "Cronometer daily nutrition (dailysummary.csv)",
	.kind = KIND_DIET,
	COLUMNS(cronometer_columns),
	ROW_KEYS(diet_row, time),
	.flags = FMT_APP,
	.signatures = { sig_cronometer, sig_cronometer_kj,
			sig_cronometer_completed },
	.seen = cronometer_seen,
};

const struct format format_cronometer_biometrics = {
	.name = "cronometer-biometrics",
	.title = "Cronometer biometrics (biometrics.csv)",
	.kind = KIND_HYDRATION,
	COLUMNS(cronometer_biometrics_columns),
	ROW_KEYS(hydration_row, time),
	.flags = FMT_APP,
	.signatures = { sig_cronometer_biometrics,
			sig_cronometer_biometrics_2024 },
	.metric = "weight",
	.seen = cronometer_biometrics_seen,
};
