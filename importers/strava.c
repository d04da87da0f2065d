/*
 * Strava's activities.csv (docs/formats.md): one row per activity, times
 * in UTC; the export before mid-2019 in snake_case.
 */
#include "format.h"

/* Strava writes its header in the account's language too: English,
 * German and French names of real exports (docs/formats.md). */
#define S_NUM(n, field, u, flags) \
	APP(n, COL_NUMBER, training_row, field, u, flags)
#define S_SECONDS(n, nth) \
	COLUMN(n, COL_NUMBER, training_row, duration_min, UNIT_SECOND, \
	       COL_DURATION, nth)

static const struct column strava_columns[] = {
	APP("Activity Date", COL_DATETIME, training_row, date, UNIT_NONE, COL_REQUIRED),
	TR_DATE("Aktivitätsdatum"),
	TR_DATE("Date de l'activité"),
	TR_TYPE("Activity Type"),
	TR_TYPE("Aktivitätsart"),
	TR_TYPE("Type d'activité"),
	/* Moving time, else elapsed time (stops included). */
	S_SECONDS("Moving Time", 0),
	S_SECONDS("Bewegungszeit", 0),
	S_SECONDS("Durée de déplacement", 0),
	APP("Elapsed Time", COL_NUMBER, training_row, duration_min, UNIT_SECOND,
	    COL_DURATION | COL_REQUIRED),
	S_SECONDS("Elapsed Time", 1),
	S_SECONDS("Verstrichene Zeit", 0),
	S_SECONDS("Verstrichene Zeit", 1),
	S_SECONDS("Temps écoulé", 0),
	S_SECONDS("Temps écoulé", 1),
	/* The second "Distance" is in metres whatever the account's units:
	 * it wins over the first, in the account's units, when both are. */
	APP2("Distance", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0),
	APP2("Distanz", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0),
	S_NUM("Distance", distance_km, UNIT_NONE, COL_IMPERIAL_MI),
	S_NUM("Distanz", distance_km, UNIT_NONE, COL_IMPERIAL_MI),
	S_NUM("Perceived Exertion", rpe, UNIT_NONE, COL_ZERO_UNKNOWN),
	S_NUM("Gefühlte Anstrengung", rpe, UNIT_NONE, COL_ZERO_UNKNOWN),
	/* Strava's heart-rate load: the session's load without an RPE. */
	S_NUM("Relative Effort", load, UNIT_NONE, COL_ZERO_UNKNOWN),
	S_NUM("Relative Leistung", load, UNIT_NONE, COL_ZERO_UNKNOWN),
	S_NUM("Effort relatif", load, UNIT_NONE, COL_ZERO_UNKNOWN),
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
	APP("date", COL_DATETIME, training_row, date, UNIT_NONE, COL_REQUIRED),
	APP("type", COL_TEXT, training_row, session, UNIT_NONE, 0),
	APP("elapsed_time", COL_NUMBER, training_row, duration_min, UNIT_SECOND, COL_REQUIRED | COL_DURATION),
	APP("distance", COL_NUMBER, training_row, distance_km, UNIT_METRE, 0),
	APP("name", COL_NOTES, training_row, notes, UNIT_NONE, 0),
};

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

static const char *const strava_seen[] = {
	"Activity ID", "Activity Date", "Activity Name", "Activity Type",
	"Activity Description", "Elapsed Time", "Distance", "Max Heart Rate",
	"Relative Effort", "Commute", "Activity Private Note", "Activity Gear",
	"Filename", "Athlete Weight", "Bike Weight", "Moving Time", "Max Speed",
	"Average Speed", "Elevation Gain", "Elevation Loss", "Elevation Low",
	"Elevation High", "Max Grade", "Average Grade", "Average Positive Grade",
	"Average Negative Grade", "Max Cadence", "Average Cadence",
	"Average Heart Rate", "Max Watts", "Average Watts", "Calories",
	"Max Temperature", "Average Temperature", "Total Work", "Number of Runs",
	"Uphill Time", "Downhill Time", "Other Time", "Perceived Exertion",
	"Type", "Start Time", "Weighted Average Power", "Power Count",
	"Prefer Perceived Exertion", "Perceived Relative Effort",
	"Total Weight Lifted", "From Upload", "Grade Adjusted Distance",
	"Weather Observation Time", "Weather Condition", "Weather Temperature",
	"Apparent Temperature", "Dewpoint", "Humidity", "Weather Pressure",
	"Wind Speed", "Wind Gust", "Wind Bearing", "Precipitation Intensity",
	"Sunrise Time", "Sunset Time", "Moon Phase", "Bike", "Gear",
	"Precipitation Probability", "Precipitation Type", "Cloud Cover",
	"Weather Visibility", "UV Index", "Weather Ozone", "Jump Count",
	"Total Grit", "Average Flow", "Flagged", "Average Elapsed Speed",
	"Dirt Distance", "Newly Explored Distance",
	"Newly Explored Dirt Distance", "Activity Count", "Total Steps",
	"Carbon Saved", "Pool Length", "Training Load", "Intensity",
	"Average Grade Adjusted Pace", "Timer Time", "Total Cycles", "Recovery",
	"With Pet", "Competition", "Long Run", "For a Cause", "With Kid",
	"Downhill Distance", "Total Sets", "Total Reps", "Media", "Aktivitäts-ID",
	"Aktivitätsdatum", "Name der Aktivität", "Aktivitätsart",
	"Aktivitätsbeschreibung", "Verstrichene Zeit", "Distanz",
	"Max. Herzfrequenz", "Relative Leistung", "Pendeln",
	"Hinweis zur Privatsphäre für Aktivitäten", "Aktivitätsausrüstung",
	"Dateiname", "Sportlergewicht", "Fahrradgewicht", "Bewegungszeit",
	"Höchstgeschw.", "Durchschnittliche Geschwindigkeit", "Höhenzunahme",
	"Höhenunterschied", "Min. Höhe", "Max. Höhe", "Max. Steigung",
	"Durchschnittliche Steigung", "Durchschnittliche positive Steigung",
	"Durchschnittliche negative Steigung", "Max. Tritt-/Schrittfrequenz",
	"Durchschnittliche Trittfrequenz", "Durchschnittliche Herzfrequenz",
	"Max. Watt", "Durchschnittliche Watt", "Kalorien", "Max. Temperatur",
	"Durchschnittliche Temperatur", "Gesamtarbeit", "Anzahl Läufe",
	"Bergaufzeit", "Bergabzeit", "Andere Zeit", "Gefühlte Anstrengung", "Art",
	"Startzeit", "Gewichtete durchschnittliche Leistung", "Leistungszahl",
	"Gefühlte Anstrengung verwenden", "Gefühlte relative Leistung",
	"Insgesamt gestemmtes Gewicht", "Von Upload",
	"Auf Steigung angepasste Distanz", "Wetterbeobachtungszeit", "Wetterlage",
	"Wetter: Temperatur", "Scheinbare Temperatur", "Taupunkt",
	"Luftfeuchtigkeit", "Wetter: Druck", "Windgeschwindigkeit", "Windböe",
	"Windrichtung", "Niederschlagsintensität", "Sonnenaufgangszeit",
	"Sonnenuntergangszeit", "Mondphase", "Fahrrad", "Ausrüstung",
	"Niederschlagswahrscheinlichkeit", "Niederschlagsart", "Wolkendecke",
	"Wetter: Sichtbarkeit", "Wetter: Ozon", "Sprunganzahl",
	"Schwierigkeit insgesamt", "Durchschnittlicher Flow", "Markiert",
	"Durchschnittsgeschwindigkeit im Aufzeichnungszeitraum",
	"Auf Schotter zurückgelegte Distanz", "Neu getestete Distanz",
	"Neu getestete Schotterdistanz", "Aktivitätsanzahl", "Schritte insgesamt",
	"Eingesparte CO₂-Emissionen", "Pool-Länge", "Trainingsbelastung",
	"Intensität", "Durchschnittliches auf Steigung angepasstes Tempo",
	"Medien", "ID de l'activité", "Date de l'activité", "Nom de l'activité",
	"Type d'activité", "Description de l'activité", "Temps écoulé",
	"Fréquence cardiaque max.", "Effort relatif", "Déplacement-transport",
	"Note privée sur les activités", "Matériel utilisé pour l'activité",
	"Nom du fichier", "Poids de l'athlète", "Poids du vélo",
	"Durée de déplacement", "Vitesse max.", "Vitesse moyenne",
	"Dénivelé positif", NULL
};

static const char *const strava_2019_seen[] = {
	"id", "date", "name", "type", "description", "elapsed_time", "distance",
	"commute", "gear", "filename", NULL
};

const struct format format_strava = {
	.name = "strava",
	.title = "Strava activities.csv",
	.kind = KIND_TRAINING,
	COLUMNS(strava_columns),
	ROW_KEYS(training_row, start_time),
	.flags = FMT_APP | FMT_UTC,
	.signatures = { sig_strava, sig_strava_de, sig_strava_fr },
	.seen = strava_seen,
};

const struct format format_strava_2019 = {
	.name = "strava-2019",
	.title = "Strava activities.csv (before mid-2019)",
	.kind = KIND_TRAINING,
	COLUMNS(strava_old_columns),
	ROW_KEYS(training_row, start_time),
	.flags = FMT_APP | FMT_UTC,
	.signatures = { sig_strava_old },
	.seen = strava_2019_seen,
};
