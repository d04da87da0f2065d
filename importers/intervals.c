/*
 * intervals.icu's exports (docs/formats.md): the activities
 * (activities.csv) and the wellness (wellness.csv).
 */
#include "format.h"

/* intervals.icu activities.csv: ISO local starts, seconds, metres. */
static const struct column intervals_columns[] = {
	APP("start_date_local", COL_DATETIME, training_row, date, UNIT_NONE, COL_REQUIRED),
	APP("type", COL_TEXT, training_row, session, UNIT_NONE, 0),
	APP("moving_time", COL_NUMBER, training_row, duration_min, UNIT_SECOND, COL_REQUIRED | COL_DURATION),
	APP("elapsed_time", COL_NUMBER, training_row, duration_min, UNIT_SECOND, COL_DURATION),
	APP("distance", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0),
	APP("icu_rpe", COL_NUMBER, training_row, rpe, UNIT_NONE, COL_ZERO_UNKNOWN),
	APP("icu_training_load", COL_NUMBER, training_row, load, UNIT_NONE, COL_ZERO_UNKNOWN),
	APP("calories", COL_NUMBER, training_row, energy_kcal, UNIT_NONE, COL_ZERO_UNKNOWN),
	TR_HR("average_heartrate"),
	APP("name", COL_NOTES, training_row, notes, UNIT_NONE, 0),
};

/* intervals.icu wellness.csv: a day's body mass and fluid (hydration),
 * and what was eaten (a diet row beside it). */
#define ALSO(name, field, u) \
	COLUMN(name, COL_NUMBER, diet_row, field, u, COL_ALSO, 0)
static const struct column intervals_wellness_columns[] = {
	APP("date", COL_DATE, hydration_row, date, UNIT_NONE, COL_REQUIRED),
	APP("weight", COL_NUMBER, hydration_row, body_mass_kg, UNIT_NONE, COL_ZERO_UNKNOWN),
	APP("hydrationVolume", COL_NUMBER, hydration_row, fluid_ml, UNIT_NONE, 0),
	APP("soreness", COL_INTEGER, hydration_row, soreness, UNIT_NONE, 0),
	APP("sleepSecs", COL_NUMBER, hydration_row, sleep_h, UNIT_SECOND_H, COL_ZERO_UNKNOWN),
	ALSO("kcalConsumed", energy_kcal, UNIT_NONE),
	ALSO("carbohydrates", carbs_g, UNIT_NONE),
	ALSO("protein", protein_g, UNIT_NONE),
	ALSO("fatTotal", fat_g, UNIT_NONE),
};

static const char *const sig_intervals[] = { "id", "start_date_local", "type",
	"moving_time", "elapsed_time", "icu_training_load", NULL };
static const char *const sig_intervals_wellness[] = { "date", "weight",
	"restingHR", "hrv", "sleepSecs", "hydrationVolume", NULL };

static const char *const intervals_seen[] = {
	"id", "start_date_local", "name", "type", "moving_time", "distance",
	"elapsed_time", "total_elevation_gain", "max_speed", "average_speed",
	"has_heartrate", "max_heartrate", "average_heartrate", "average_cadence",
	"calories", "device_watts", "icu_average_watts", "icu_normalized_watts",
	"icu_joules", "icu_intensity", "icu_training_load",
	"icu_training_load_edited", "icu_rpe", "pace", "icu_fatigue",
	"icu_fitness", "icu_eftp", "icu_variability", "icu_efficiency", "trainer",
	"commute", "race", "sub_type", "icu_ftp", "icu_w_prime", "threshold_pace",
	"power_load", "hr_load", "pace_load", "icu_resting_hr", "lthr", "hr_z1",
	"hr_z2", "hr_z3", "hr_z4", "hr_z5", "hr_z6", "hr_max", "hr_z1_secs",
	"hr_z2_secs", "hr_z3_secs", "hr_z4_secs", "hr_z5_secs", "hr_z6_secs",
	"hr_z7_secs", "z1_secs", "z2_secs", "z3_secs", "z4_secs", "z5_secs",
	"z6_secs", "z7_secs", "sweet_spot_secs", "icu_weight", "icu_ignore_power",
	"icu_ignore_hr", "icu_ignore_time", "icu_recording_time",
	"icu_warmup_time", "icu_cooldown_time", "icu_hrrc", "icu_hrrc_start_bpm",
	"icu_power_spike_threshold", "icu_pm_ftp", "icu_pm_cp", "icu_pm_w_prime",
	"icu_pm_p_max", "start_date", "icu_sync_date", "timezone", "file_type",
	"external_id", "compliance", "gear", "description", NULL
};

static const char *const intervals_wellness_seen[] = {
	"date", "weight", "restingHR", "hrv", "hrvSDNN", "readiness",
	"menstrualPhase", "menstrualPhasePredicted", "kcalConsumed", "sleepSecs",
	"sleepScore", "sleepQuality", "avgSleepingHR", "soreness", "fatigue",
	"stress", "mood", "motivation", "spO2", "systolic", "diastolic",
	"hydration", "hydrationVolume", "bloodGlucose", "lactate", "bodyFat",
	"abdomen", "comments", "injury", "baevskySI", "vo2max", "steps",
	"bedTime", "wakeUpTime", "respiration", "carbohydrates", "protein",
	"fatTotal", "locked", "ctl", "atl", "rampRate", "ctlLoad", "atlLoad",
	"HrvSnapshotRmssd", "Alcohol", "BodyBattery", "Recovery", "Caloriesburn",
	"REMSleep", "LightSleep", "DeepSleep", "AwakeTime",
	"EliteHRVMorningReadinessScore", "RMSSDHRV4Training", "HrvMorningRmssd",
	"TrainingAdvice", "ActiveEnergy", "RestingEnergy", "Ride_eftp",
	"Run_eftp", NULL
};

const struct format format_intervals = {
	.name = "intervals",
	.title = "intervals.icu activities.csv",
	.kind = KIND_TRAINING,
	COLUMNS(intervals_columns),
	ROW_KEYS(training_row, start_time),
	.flags = FMT_APP,
	.signatures = { sig_intervals },
	.seen = intervals_seen,
};

const struct format format_intervals_wellness = {
	.name = "intervals-wellness",
	.title = "intervals.icu wellness.csv",
	.kind = KIND_HYDRATION,
	COLUMNS(intervals_wellness_columns),
	ROW_KEYS(hydration_row, time),
	.flags = FMT_APP,
	.signatures = { sig_intervals_wellness },
	.also = KIND_DIET,
	.seen = intervals_wellness_seen,
};
