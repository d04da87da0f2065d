/*
 * The columns of real app exports (docs/formats.md names each source),
 * stored or not: a column of an export that is in none of these lists is
 * new to cramplog, and said so as a warning (it may hold a value cramplog
 * stores under another name, as Garmin's German "Ø Herzfrequenz" did).
 * Names as the exports write them; matched as import_header_key makes
 * them; one name each, copied from the headers.
 */
#include "app_columns.h"

#include <stddef.h>
#include <string.h>

static const char *const garmin_columns[] = {
	"Activity Type", "Date", "Favorite", "Title", "Distance", "Calories",
	"Time", "Avg HR", "Max HR", "Aerobic TE", "Avg Run Cadence",
	"Max Run Cadence", "Avg Pace", "Best Pace", "Total Ascent",
	"Total Descent", "Avg Stride Length", "Training Stress Score®", "Steps",
	"Decompression", "Best Lap Time", "Number of Laps", "Moving Time",
	"Elapsed Time", "Min Elevation", "Max Elevation", "Aktivitetstype",
	"Dato", "Favorit", "Titel", "Kalorier", "Tid", "Gennemsnitlig puls",
	"Maks. puls", "Gennemsnit kadence løb", "Maksimum kadence løb",
	"Gennemsnitstempo", "Bedste tempo", "Højdeforøgelse", "Højdereduktion",
	"Gennemsnitlig skridtlængde", "Gennemsnitligt vertikalt forhold",
	"Gennemsnitligt vertikalt udsving", "Hårdhed", "Flow", "Bundtid",
	"Minimum temperatur", "Overfladeinterval", "Dekompression",
	"Tid for bedste omgang", "Antal løb", "Maksimum temperatur",
	"Total Strokes", "Avg. Swolf", "Avg Stroke Rate", "Avg Vertical Ratio",
	"Avg Vertical Oscillation", "Avg Ground Contact Time", "Avg Strokes",
	"[]", "Avg Power", "Max Power", "Grit", "Total Reps", "Dive Time",
	"Min Temp", "Surface Interval", "Max Temp", "Avg GAP",
	"Normalized Power® (NP®)", "Body Battery Drain", "Avg Bike Cadence",
	"Max Bike Cadence", "Avg Speed", "Max Speed", "Avg Resp", "Min Resp",
	"Max Resp", "Aktivitetstyp", "Datum", "Namn", "Distans", "Medelpuls",
	"Maxpuls", "Medellöpkadens", "Maximal löpkadens", "Medeltempo",
	"Bästa tempo", "Total stigning", "Totalt nedför", "Medelsteglängd",
	"Medelvärde för vertikal kvot", "Medelvärde för vertikal rörelse",
	"Medeltid för markkontakt", "Medelkraft", "Maxkraft", "Intensitet",
	"Flöde", "Totalt antal årtag", "Medel-Swolf", "Medelårtagstempo",
	"Totalt antal repetitioner", "Dyktid", "Minsta temperatur", "Ytintervall",
	"Bästa varvtid", "Antal varv", "Maximal temperatur",
	"Genomsnittlig andning", "Minsta andningshastighet",
	"Maximal andningshastighet", "Stressändring", "Start för stress",
	"Slut för stress", "Medestress", "Maxbelastning", "Färdtid", "Total tid",
	"Min. höjd", "Max. höjd", "Medelcykelkadens", "Maximal cykelkadens",
	"Medelfart", "Maxfart", "Steg", "Aerobisk Training Effect",
	"Medelkontakttidsbalans", "Medelvärde GAP", "Med. kraft",
	"Totalt antal set", "Urladdning av Body Battery", "Tipo de atividade",
	"Data", "Favorito", "Título", "Distância", "Calorias", "Tempo",
	"FC Média", "FC máxima", "Training Effect Aeróbico", "Velocidade média",
	"Velocidade máxima", "Subida total", "Descida total",
	"Comprimento médio da passada", "Proporção de média vertical",
	"Oscilação vertical média", "Cadência bicicleta média",
	"Cadência de bicicleta máxima", "Equilíbrio E/D",
	"Máximo de potência média (20 minutos)", "Potência média",
	"Energia máxima", "Granularidade", "Fluxo", "Total de braçadas",
	"Tempo de mergulho", "Temp mínima", "Intervalo de superfície",
	"Descompressão", "Tempo da melhor volta", "Número de voltas",
	"Temp máxima", "Resposta média", "Resposta mínima", "Resposta máxima",
	"Tempo em movimento", "Duração", "Elevação mínima", "Elevação máxima",
	"Ritmo médio", "Melhor ritmo", "Média de Swolf", "Taxa média de braçadas",
	"Cadência de corrida média", "Cadência de corrida máxima",
	"Tempo médio de contato com o solo", "Equilíbrio de GCT médio",
	"Tevékenység típusa", "Dátum", "Kedvenc", "Cím", "Távolság",
	"Kalóriaszám", "Idő", "Átlagos pulzusszám", "Max. pulzus",
	"Átl. pedálütem", "Max. pedálütem", "Átlagos tempó", "Legjobb tempó",
	"Teljes emelkedés", "Teljes süllyedés", "Átlagos lépéshossz",
	"Teljes csapásszám", "Lépések", "Összes ismétlés", "Összes szett",
	"Dekompressziós", "Legjobb köridő", "Körök száma", "Ált. légzés",
	"Min. légzés", "Max. légzés", "Stresszadatok változása", "Kezdő stressz",
	"Befejező stressz", "Átl. stressz", "Max. stressz", "Menetidő",
	"Eltelt idő", "Minimális magasság", "Maximális magasság",
	"Activiteittype", "Favoriet", "Afstand", "Calorieën", "Tijd", "Gem. HS",
	"Max. HS", "Aeroob TE", "Gem. slagen", "Gemiddeld tempo", "Beste tempo",
	"Stijging", "Hoogteverlies", "Gem. staplengte",
	"Gemiddelde verticale ratio", "Gem. verticale oscillatie",
	"Gem. grondcontacttijd", "Gem. GCT balans", "L/R-balans",
	"Maximaal gemiddeld vermogen (20 min)", "Vermogen", "Max. vermogen",
	"Totaal slagen", "Gemiddelde Swolf", "Gem. slagsnelheid", "Max diepte",
	"Bodemtijd", "Minimale watertemperatuur", "Gastype",
	"Oppervlakte-interval", "Decompressie", "Gewicht", "Stroming",
	"Oppervlakteomstandigheden", "Watertype", "Tipo de actividad", "Fecha",
	"Distancia", "Calorías", "Tiempo", "Frecuencia cardiaca media",
	"TE aeróbico", "Cadencia de carrera media", "Cadencia de carrera máxima",
	"Ritmo medio", "Ritmo óptimo", "Ascenso total", "Descenso total",
	"Longitud media de zancada", "Relación vertical media",
	"Oscilación vertical media", "Tiempo medio de contacto con el suelo",
	"GAP medio", "Potencia media", "Potencia máxima", "Pasos",
	"Temperatura mínima", "Descompresión", "Mejor tiempo de vuelta",
	"Número de vueltas", "Temperatura máxima", "Tiempo en movimiento",
	"Tiempo transcurrido", "Altura mínima", "Altura máxima", "Typ aktywności",
	"Ulubiony", "Tytuł", "Dystans", "Kalorie", "Czas", "Średnie tętno",
	"Maksymalne tętno", "Aerobowy TE", "Średni rytm biegu",
	"Maksymalny rytm biegu", "Średnie tempo", "Najlepsze tempo",
	"Całkowity wznios", "Całkowity spadek", "Średnia długość kroku",
	"Średnie odchylenie do długości", "Średnie odchylenie pionowe",
	"Training Stress Score® (TSS®)", "Trudność", "Płynność",
	"Czas nurkowania", "Minimalna temperatura", "Przerwa powierzchniowa",
	"Dekompresja", "Czas najlepszego okrążenia", "Liczba okrążeń",
	"Maksymalna temperatura", "Czas ruchu", "Upłynęło czasu",
	"Minimalna wysokość", "Maksymalna wysokość", "Elev Loss",
	"Avg GCT Balance", "Climb Time", "Bottom Time", "Aktivitätstyp",
	"Distanz", "Kalorien", "Zeit", "Ø Herzfrequenz", "Maximale Herzfrequenz",
	"Ø Schrittfrequenz (Laufen)", "Max. Schrittfrequenz (Laufen)", "Ø Pace",
	"Beste Pace", "Anstieg gesamt", "Abstieg gesamt", "Ø Schrittlänge",
	"Durchschnittliches vertikales Verhältnis", "Ø vertikale Bewegung",
	"Tauchzeit", "Minimale Temperatur", "Oberflächenpause",
	"Beste Rundenzeit", "Anzahl der Runden", "Maximale Temperatur",
	"Zeit in Bewegung", "Verstrichene Zeit", "Minimale Höhe", "Maximale Höhe",
	"Ø Bodenkontaktzeit", "Ø Leistung", "Max. Leistung", "Ø Swolf",
	"Ø Schlagrate", "Wiederholungen insgesamt", "Aerob TE", "Samlet stigning",
	"Samlet nedstigning", "Gennemsnitlig kontakt med jorden",
	"Gennemsnitlig NJT", "Gennemsnitlig effekt", "Maksimal effekt", "Skridt",
	"Afladning af Body Battery", "Antal omgange", "Tid i bevægelse",
	"Tidsforbrug", "Minimum højde", "Maksimal højde", "Avg Cadence",
	"Max Cadence", "Total Sets", "Elev Gain", "L/R Balance",
	"Max Avg Power (20 min)", "Power", "Ø HF", "Max. HF", "Aerober TE",
	"Ø Geschwindigkeit", "Maximale Geschwindigkeit",
	"Positiver Höhenunterschied", "Negativer Höhenunterschied",
	"Durchschnittliche Balance der Bodenkontaktzeit", "Grundzeit",
	"Min. Temp.", "Max. Temp.", "Schritte", "Body Battery Abnahme",
	"Type d'activité", "Favori", "Titre", "Durée",
	"Fréquence cardiaque moyenne", "Fréquence cardiaque maximale",
	"TE aérobie", "Cadence de course moyenne", "Ascension totale",
	"Descente totale", "Pas", "Consommation du Body Battery",
	"Température minimale", "Temps de déplacement", "Tipo di attività",
	"Preferita", "Titolo", "Distanza", "Calorie", "FC Media", "FC max",
	"TE attività aerobica", "Cadenza di corsa media", "Cadenza di corsa max",
	"Passo medio", "Passo migliore", "Ascesa totale", "Discesa totale",
	"Lunghezza media passo", "Rapporto verticale medio",
	"Oscillazione verticale media", "Tempo medio di contatto con il suolo",
	"Potenza media", "Potenza max", "Swolf medio", "Frequenza media vogate",
	"Ripetizioni totali", "Tempo di immersione", "Temperatura min",
	"Intervallo di superficie", "Decompressione", "Tempo Lap migliore",
	"Numero di Lap", "Temperatura max", "Tempo in movimento",
	"Tempo trascorso", "Quota minima", "Quota massima", "Max Depth",
	"Water Type", "Total Poses", "Avg Stress", "Max Stress", "Activity Time", NULL
};

static const char *const strava_columns[] = {
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

static const char *const strava_2019_columns[] = {
	"id", "date", "name", "type", "description", "elapsed_time", "distance",
	"commute", "gear", "filename", NULL
};

static const char *const trainingpeaks_columns[] = {
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

static const char *const intervals_columns[] = {
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

static const char *const intervals_wellness_columns[] = {
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

static const char *const cronometer_columns[] = {
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

static const char *const cronometer_biometrics_columns[] = {
	"Day", "Time", "Group", "Metric", "Unit", "Amount", NULL
};

static const char *const myfitnesspal_columns[] = {
	"Date", "Meal", "Calories", "Fat (g)", "Saturated Fat",
	"Polyunsaturated Fat", "Monounsaturated Fat", "Trans Fat", "Cholesterol",
	"Sodium (mg)", "Potassium", "Carbohydrates (g)", "Fiber", "Sugar",
	"Protein (g)", "Vitamin A", "Vitamin C", "Calcium", "Iron", "Note",
	"Time", NULL
};

static const char *const myfitnesspal_measurements_columns[] = {
	"Date", "Weight", NULL
};

static const char *const trainingpeaks_metrics_columns[] = {
	"Timestamp", "Type", "Value", NULL
};

const char *const *app_columns(const char *format)
{
	static const struct {
		const char *format;
		const char *const *columns;
	} all[] = {
		{ "garmin", garmin_columns },
		{ "strava", strava_columns },
		{ "strava-2019", strava_2019_columns },
		{ "trainingpeaks", trainingpeaks_columns },
		{ "intervals", intervals_columns },
		{ "intervals-wellness", intervals_wellness_columns },
		{ "cronometer", cronometer_columns },
		{ "cronometer-biometrics", cronometer_biometrics_columns },
		{ "myfitnesspal", myfitnesspal_columns },
		{ "myfitnesspal-measurements", myfitnesspal_measurements_columns },
		{ "trainingpeaks-metrics", trainingpeaks_metrics_columns },
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(all[i].format, format) == 0)
			return all[i].columns;
	return NULL;
}
