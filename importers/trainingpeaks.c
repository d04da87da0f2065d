/*
 * TrainingPeaks' exports (docs/formats.md): the workouts (workouts.csv)
 * and the metrics (metrics.csv).
 */
#include "format.h"

/* TrainingPeaks "Workout Summary" (workouts.csv): metric whatever the
 * account; a workout planned but not done has no actual time. */
static const struct column trainingpeaks_columns[] = {
	APP("WorkoutDay", COL_DATE, training_row, date, UNIT_NONE, COL_REQUIRED),
	APP("WorkoutType", COL_TEXT, training_row, session, UNIT_NONE, 0),
	APP("TimeTotalInHours", COL_NUMBER, training_row, duration_min, UNIT_HOUR, COL_REQUIRED | COL_SKIP_EMPTY | COL_DURATION),
	APP("DistanceInMeters", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0),
	APP("Rpe", COL_NUMBER, training_row, rpe, UNIT_NONE, COL_ZERO_UNKNOWN),
	APP("TSS", COL_NUMBER, training_row, load, UNIT_NONE, COL_ZERO_UNKNOWN),
	TR_HR("HeartRateAverage"),
	APP("Title", COL_NOTES, training_row, notes, UNIT_NONE, 0),
};

/* TrainingPeaks metrics.csv: one metric a row, of many kinds (Pulse, HRV,
 * Sleep Hours, Stress Level, Notes, ...); only the hours of sleep are kept. */
static const struct column trainingpeaks_metrics_columns[] = {
	APP("Timestamp", COL_DATETIME, hydration_row, date, UNIT_NONE, COL_REQUIRED),
	APP("Type", COL_METRIC_ROW, hydration_row, date, UNIT_NONE, COL_REQUIRED),
	APP("Value", COL_NUMBER, hydration_row, sleep_h, UNIT_NONE, COL_REQUIRED | COL_ZERO_UNKNOWN),
};

static const char *const sig_trainingpeaks[] = { "Title", "WorkoutType",
	"WorkoutDay", "TimeTotalInHours", "TSS", NULL };
static const char *const sig_trainingpeaks_metrics[] = { "Timestamp", "Type",
	"Value", NULL };

static const char *const trainingpeaks_seen[] = {
	"Title", "WorkoutType", "WorkoutDescription", "PlannedDuration",
	"PlannedDistanceInMeters", "WorkoutDay", "CoachComments",
	"DistanceInMeters", "PowerAverage", "PowerMax", "Energy",
	"AthleteComments", "TimeTotalInHours", "VelocityAverage", "VelocityMax",
	"CadenceAverage", "CadenceMax", "HeartRateAverage", "HeartRateMax",
	"TorqueAverage", "TorqueMax", "IF", "TSS", "HRZone1Minutes",
	"HRZone2Minutes", "HRZone3Minutes", "HRZone4Minutes", "HRZone5Minutes",
	"HRZone6Minutes", "HRZone7Minutes", "HRZone8Minutes", "HRZone9Minutes",
	"HRZone10Minutes", "PWRZone1Minutes", "PWRZone2Minutes",
	"PWRZone3Minutes", "PWRZone4Minutes", "PWRZone5Minutes",
	"PWRZone6Minutes", "PWRZone7Minutes", "PWRZone8Minutes",
	"PWRZone9Minutes", "PWRZone10Minutes", "Rpe", "Feeling", NULL
};

static const char *const trainingpeaks_metrics_seen[] = {
	"Timestamp", "Type", "Value", NULL
};

const struct format format_trainingpeaks = {
	.name = "trainingpeaks",
	.title = "TrainingPeaks workouts export (workouts.csv)",
	.kind = KIND_TRAINING,
	COLUMNS(trainingpeaks_columns),
	ROW_KEYS(training_row, start_time),
	.flags = FMT_APP,
	.signatures = { sig_trainingpeaks },
	.seen = trainingpeaks_seen,
};

const struct format format_trainingpeaks_metrics = {
	.name = "trainingpeaks-metrics",
	.title = "TrainingPeaks metrics export (metrics.csv)",
	.kind = KIND_HYDRATION,
	COLUMNS(trainingpeaks_metrics_columns),
	ROW_KEYS(hydration_row, time),
	.flags = FMT_APP,
	.signatures = { sig_trainingpeaks_metrics },
	.metric = "sleep hours",
	.seen = trainingpeaks_metrics_seen,
};
