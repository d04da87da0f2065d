# App exports (tests/data/apps/, written by hand from the headers that
# docs/formats.md documents): each format recognised from its header, its
# values stored in the store's units after conversion, the quirks (quoted
# thousands, "--", clock durations, English dates in UTC, a localized
# header with a decimal comma, miles, kJ, a summary row, trailing commas),
# --athlete required, --format-hint, near misses named, idempotency, and a
# native cramp log completing the activities it belongs to.
. "$(dirname "$0")/lib.bash"
APPS=$DATA/apps
A=(--athlete "Ana Test")
# g COLUMNS DATE: of the Garmin session of DATE; s COLUMNS NAME: of the
# Strava session whose notes are like NAME.
g() { sql "SELECT $1 FROM training WHERE source = 'garmin' AND date = '$2'"; }
s() { sql "SELECT $1 FROM training WHERE source = 'strava' AND notes LIKE '$2'"; }

# ---- Garmin Connect activities (English, 2025) ----
test_case 'garmin: --athlete required, nothing written without it' <<'CASE'
run "garmin needs --athlete" 65 import "$APPS/garmin-activities.csv"
expect_in "garmin: says --athlete" err "this is a Garmin Connect activities export, which names no athlete: give --athlete NAME"
expect_eq "garmin: nothing written" "$(sql "SELECT count(*) FROM training")" "0"
CASE

test_case 'garmin: values in the store units, again unchanged, a correction in place' <<'CASE'
run "garmin" 0 import "${A[@]}" "$APPS/garmin-activities.csv"
expect_in "garmin recognised" out "training (garmin), 4 rows: 4 added"
expect_eq "garmin: date, time, type" "$(g "start_time || '|' || session" 2026-10-23)" "17:04:14|Running"
expect_eq "garmin: H:MM:SS to minutes" "$(g "printf('%.6f', duration_min)" 2026-10-23)" "68.216667"
expect_eq "garmin: tenths of a second" "$(g "printf('%.6f', duration_min)" 2026-10-22)" "45.541667"
expect_eq "garmin: M:SS of an older export" "$(g "printf('%.6f', duration_min)" 2026-10-20)" "41.100000"
expect_eq "garmin: distance, title with a comma" "$(g "distance_km || '|' || notes" 2026-10-23)" "12.71|Evening Run, hills"
expect_eq "garmin: -- is unknown" "$(g "distance_km IS NULL" 2026-10-20)" "1"
expect_eq "garmin: the athlete" "$(sql "SELECT name FROM athletes")" "Ana Test"
expect_eq "garmin: quoted thousands in calories, mean heart rate" "$(g "energy_kcal || '|' || avg_hr" 2026-10-23)" "1013.0|150.0"
run "garmin again" 0 import "${A[@]}" "$APPS/garmin-activities.csv"
expect_in "garmin twice: unchanged" out "4 rows: 0 added, 0 updated, 4 unchanged"
sed 's/"12.71"/"12.90"/' "$APPS/garmin-activities.csv" > garmin-corrected.csv
run "garmin corrected" 0 import "${A[@]}" garmin-corrected.csv
expect_in "garmin corrected: updated in place" out "4 rows: 0 added, 1 updated, 3 unchanged"
expect_eq "garmin corrected value" "$(g distance_km 2026-10-23)" "12.9"
CASE

test_case 'garmin in Danish: CRLF, a decimal comma inside quotes' <<'CASE'
# Danish header, CRLF, a decimal comma inside quotes.
run "garmin danish" 0 import "${A[@]}" "$APPS/garmin-activities-da.csv"
expect_in "danish recognised" out "training (garmin), 2 rows: 2 added"
expect_eq "danish values" "$(g "session || '|' || distance_km || '|' || duration_min" 2026-10-18)" "Løb|6.5|45.0"
expect_eq "danish title" "$(g notes 2026-10-19)" "5k, dukkert, barfod hjem"
CASE

test_case 'garmin in miles with --units imperial; a unit not known refused' <<'CASE'
# Miles, with --units imperial.
run "garmin miles" 0 import "${A[@]}" --units imperial "$APPS/garmin-activities-miles.csv"
expect_eq "miles to km" "$(g "printf('%.6f', distance_km)" 2026-10-17)" "16.109533"
expect_eq "H:MM:SS without a leading zero" "$(g "printf('%.2f', duration_min)" 2026-10-17)" "83.05"
run "bad units" 64 import "${A[@]}" --units furlongs "$APPS/garmin-activities-miles.csv"
CASE

test_case 'a bad value located, nothing of the file written; --skip-invalid' <<'CASE'
# A bad value: FILE:LINE:COLUMN, exit 65, nothing of the file written.
sed 's/"00:45:32.5"/"45 minutes"/' "$APPS/garmin-activities.csv" > garmin-bad.csv
run "garmin bad value" 65 import --db bad.db "${A[@]}" garmin-bad.csv
expect_in "bad value located" err "garmin-bad.csv:3:7: Time: '45 minutes' is not a duration H:MM:SS or M:SS"
expect_eq "bad file: nothing written" "$(sql_db bad.db "SELECT count(*) FROM training")" "0"
run "garmin skip invalid" 0 import --db bad.db "${A[@]}" --skip-invalid garmin-bad.csv
expect_in "skip invalid" out "4 rows: 3 added, 0 updated, 0 unchanged, 1 rejected"
CASE

test_case 'a summary row and trailing commas' <<'CASE'
# A summary row and trailing commas.
{ cat "$APPS/garmin-activities-miles.csv" | sed 's/$/,/'; echo 'Total,,,,"10.59","1,129","1:27:50.8",,,'; } > garmin-total.csv
run "garmin with a total row" 0 import --db total.db "${A[@]}" garmin-total.csv
expect_in "total row skipped" out "2 rows: 2 added"
expect_in "total row said" err "a summary row is not a day's data: skipped"
CASE

test_case 'a header that lacks columns: the near miss named; --format-hint' <<'CASE'
# A header like Garmin's that lacks columns: what it resembles, what is missing.
printf 'Activity Type,Date,Title,Distance,Time\nRunning,2026-10-01 10:00:00,x,5,00:30:00\n' > near.csv
run "near garmin" 65 import "${A[@]}" near.csv
expect_in "near miss named" err "the header looks like a Garmin Connect activities export (--format-hint garmin), but it lacks 'Calories'"
run "format hint" 0 import --db hint.db "${A[@]}" --format-hint garmin near.csv
expect_in "hint used" out "training (garmin), 1 rows: 1 added"
run "unknown hint" 64 import "${A[@]}" --format-hint polar near.csv
expect_in "hint names the formats" err "garmin, strava, strava-2019, trainingpeaks, intervals, cronometer, cronometer-biometrics, trainingpeaks-metrics, myfitnesspal, intervals-wellness, myfitnesspal-measurements"
CASE

test_case 'a value every row needs, under any of its names' <<'CASE'
# A value every row needs, under any of its names: an empty Danish date, a
# duration "--".
printf 'Aktivitetstype,Dato,Favorit,Titel,Distance,Kalorier,Tid\nL\303\270b,,false,"x","6,50","567","00:45:00"\nL\303\270b,2026-10-18 16:00:15,false,"y","6,50","567","--"\n' > da-bad.csv
run "danish without date or time" 65 import --db da.db "${A[@]}" da-bad.csv
expect_in "empty date located" err "da-bad.csv:2:2: Dato: a value is required"
expect_in "-- duration located" err "da-bad.csv:3:7: Tid: a value is required"
CASE

test_case 'a native log with a column named weight stays native' <<'CASE'
# A native log with a column named like an app's (weight) stays native.
printf 'date,athlete,duration_min,rpe,weight\n2026-10-05,Ana Test,60,6,70\n' > native-weight.csv
run "native with a weight column" 0 import --db nw.db native-weight.csv
expect_in "still a native training log" out "training, 1 rows: 1 added"
expect_in "weight ignored with a warning" err "unknown column 'weight' is ignored"
CASE

test_case 'cronometer biometrics with the unit before the metric' <<'CASE'
# Cronometer biometrics with the unit before the metric: other metrics
# are still skipped before their unit is looked at.
printf 'Day,Time,Group,Unit,Metric,Amount\n2026-10-19,,x,bpm,Heart Rate,63\n2026-10-19,7:05 AM,x,lbs,Weight,160.5\n' > bio-order.csv
run "biometrics, columns in another order" 0 import --db bo.db "${A[@]}" bio-order.csv
expect_in "biometrics order: the weight only" out "1 rows: 1 added"
CASE

test_case '--athlete belongs to app exports only' <<'CASE'
# --athlete belongs to app exports only.
run "athlete with a native log" 65 import --db native.db "${A[@]}" "$DATA/training-week.csv"
expect_in "native log refuses --athlete" err "--athlete is for app exports"
CASE

# ---- Strava activities.csv: UTC English dates, repeated names, newlines ----
test_case 'strava: UTC to local, moving time, again unchanged in any zone, a correction in place' <<'CASE'
TZ=Europe/Oslo run "strava" 0 import "${A[@]}" "$APPS/strava-activities.csv"
expect_in "strava recognised" out "training (strava), 3 rows: 3 added"
# Oct 23 11:19:20 PM UTC is Oct 24 01:19:20 in Oslo (summer time).
expect_eq "strava: UTC to local" "$(s "date || ' ' || start_time" 'Evening Run')" "2026-10-24 01:19:20"
# The duration is the moving time (3871 s), not the elapsed time.
expect_eq "strava: moving seconds to minutes, metres to km" "$(s "printf('%.4f|%.6f', duration_min, distance_km)" 'Evening Run')" "64.5167|12.432770"
expect_eq "strava: perceived exertion" "$(s rpe 'Evening Run')" "7.0"
expect_eq "strava: quotes in a name" "$(s "date || ' ' || start_time" 'Hard starts, "tempo"')" "2026-10-22 15:14:11"
expect_eq "strava: no exertion is unknown" "$(s "rpe IS NULL" 'Hard starts%')" "1"
expect_eq "strava: relative effort as the load" "$(s load 'Hard starts%')" "78.0"
TZ=UTC run "strava in UTC" 0 import --db utc.db "${A[@]}" "$APPS/strava-activities.csv"
expect_eq "strava: TZ decides" "$(sql_db utc.db "SELECT date || ' ' || start_time FROM training WHERE notes = 'Evening Run'")" "2026-10-23 23:19:20"
TZ=Europe/Oslo run "strava again" 0 import "${A[@]}" "$APPS/strava-activities.csv"
expect_in "strava twice: unchanged" out "3 rows: 0 added, 0 updated, 3 unchanged"
# The same export under another zone finds the same activities by their
# UTC start: nothing added, each keeps the local time it was first given.
TZ=America/New_York run "strava in another zone" 0 import "${A[@]}" "$APPS/strava-activities.csv"
expect_in "another zone: unchanged" out "3 rows: 0 added, 0 updated, 3 unchanged"
expect_eq "another zone: no duplicate" "$(sql "SELECT count(*) FROM training WHERE source = 'strava'")" "3"
expect_eq "another zone: first local time kept" "$(s "date || ' ' || start_time || ' ' || utc_start" 'Evening Run')" "2026-10-24 01:19:20 2026-10-23 23:19:20"
# A corrected export under another zone updates the row in place.
sed 's/Evening Run,Run,/Evening Run,Trail Run,/' "$APPS/strava-activities.csv" > strava-corrected.csv
TZ=UTC run "strava corrected, in UTC" 0 import "${A[@]}" strava-corrected.csv
expect_in "corrected: one updated" out "3 rows: 0 added, 1 updated, 2 unchanged"
expect_eq "corrected: in place" "$(s "session || ' ' || date || ' ' || start_time" 'Evening Run')" "Trail Run 2026-10-24 01:19:20"
CASE

test_case 'strava: a new activity whose local time under another zone is an old one'"'"'s key keeps both' <<'CASE'
# Evening Run started Oct 23 23:19:20 UTC, imported in UTC: its key is
# 23:19:20. A later activity that started two hours earlier (21:19:20
# UTC) is 23:19:20 in Oslo: imported there, it must not take the first
# one's key (which the first keeps by its UTC start), or one activity of
# the two would be lost.
head -2 "$APPS/strava-activities.csv" > evening.csv
{ head -1 "$APPS/strava-activities.csv"
  echo '7926971999,"Oct 23, 2026, 9:19:20 PM",Early Run,Run,,1800,5.0,150.0,20,false,,,activities/9.fit.gz,,,1800.0,1750.0,5000.0,3.0,2.8,10.0,5.0,""'
  sed -n 2p "$APPS/strava-activities.csv"
} > both.csv
TZ=UTC run "the first, in UTC" 0 import "${A[@]}" evening.csv
expect_in "one added" out "1 rows: 1 added"
TZ=Europe/Oslo run "both, in Oslo" 0 import "${A[@]}" both.csv
expect_in "the new one added, the old unchanged" out "2 rows: 1 added, 0 updated, 1 unchanged"
expect_eq "both kept, the new one past the old's seq" "$(sql "SELECT notes || ' ' || date || ' ' || start_time || ' ' || seq || ' ' || utc_start FROM training WHERE source = 'strava' ORDER BY seq" | tr '\n' '|')" \
	"Evening Run 2026-10-23 23:19:20 0 2026-10-23 23:19:20|Early Run 2026-10-23 23:19:20 1 2026-10-23 21:19:20|"
TZ=Europe/Oslo run "both again" 0 import "${A[@]}" both.csv
expect_in "again: unchanged" out "2 rows: 0 added, 0 updated, 2 unchanged"
TZ=UTC run "both in UTC" 0 import "${A[@]}" both.csv
expect_in "in UTC: unchanged" out "2 rows: 0 added, 0 updated, 2 unchanged"
expect_eq "still two" "$(sql "SELECT count(*) FROM training WHERE source = 'strava'")" "2"
CASE

test_case 'strava before 2019' <<'CASE'
run "strava before 2019" 0 import "${A[@]}" "$APPS/strava-activities-2019.csv"
expect_in "old strava recognised" out "training (strava-2019), 2 rows: 2 added"
expect_eq "old strava: metres" "$(sql "SELECT printf('%.4f|%.1f', distance_km, duration_min) FROM training WHERE source = 'strava-2019' AND session = 'Ride'")" "43.0574|157.7"
CASE

# ---- Cronometer daily nutrition: one diet row a day ----
test_case 'cronometer daily nutrition: values, kJ, again unchanged' <<'CASE'
run "cronometer" 0 import "${A[@]}" "$APPS/cronometer-dailysummary.csv"
expect_in "cronometer recognised" out "diet (cronometer), 3 rows: 3 added"
expect_eq "cronometer values" "$(sql "SELECT energy_kcal || '|' || carbs_g || '|' || sodium_mg || '|' || potassium_mg || '|' || fluid_ml || '|' || protein_g || '|' || fat_g FROM diet WHERE date = '2026-10-21'")" \
	"2706.83|445.63|4239.11|3969.37|2474.26|164.61|102.14"
expect_eq "cronometer: empty is unknown, not zero" "$(sql "SELECT energy_kcal || '|' || (sodium_mg IS NULL) FROM diet WHERE date = '2026-10-23'")" "1800.0|1"
run "cronometer kJ" 0 import "${A[@]}" "$APPS/cronometer-dailysummary-kj.csv"
expect_eq "kJ to kcal" "$(sql "SELECT printf('%.4f', energy_kcal) FROM diet WHERE date = '2026-10-24'")" "2500.0000"
run "cronometer again" 0 import "${A[@]}" "$APPS/cronometer-dailysummary.csv"
expect_in "cronometer twice: unchanged" out "3 rows: 0 added, 0 updated, 3 unchanged"
CASE

test_case 'cronometer biometrics: weights only, pounds to kg; a bad unit located' <<'CASE'
# Cronometer biometrics: one metric a row; weights kept, in their unit.
run "cronometer biometrics" 0 import --db bio.db "${A[@]}" "$APPS/cronometer-biometrics.csv"
expect_in "biometrics recognised" out "hydration (cronometer-biometrics), 2 rows: 2 added"
expect_eq "biometrics: weights only, pounds to kg, 12-hour times" \
	"$(sql_db bio.db "SELECT group_concat(date || ' ' || time || ' ' || printf('%.4f', body_mass_kg), ', ') FROM (SELECT * FROM hydration ORDER BY date) AS q")" \
	"2026-10-19 07:05:00 72.8016, 2026-10-20 07:10:00 72.6000"
sed 's/,Weight,lbs,/,Weight,stone,/' "$APPS/cronometer-biometrics.csv" > bio-bad.csv
run "biometrics: bad unit" 65 import --db bio2.db "${A[@]}" bio-bad.csv
expect_in "biometrics: bad unit located" err "bio-bad.csv:3:5: Unit: 'stone' is not a unit of body mass (kg, lb or lbs)"
CASE

# ---- TrainingPeaks workouts: decimal hours, metres, TSS; planned skipped ----
test_case 'trainingpeaks workouts: hours, metres, TSS as the load; planned skipped' <<'CASE'
run "trainingpeaks" 0 import --db tp.db "${A[@]}" "$APPS/trainingpeaks-workouts.csv"
expect_in "tp recognised" out "training (trainingpeaks), 2 rows: 2 added"
expect_in "tp: the planned workout skipped" err "1 workout without an actual time (planned, not done) skipped"
expect_eq "tp: hours to minutes, metres, RPE, TSS" \
	"$(sql_db tp.db "SELECT printf('%.4f|%.4f', duration_min, distance_km) || '|' || rpe || '|' || load || '|' || session FROM training WHERE notes = 'Running'")" \
	"44.2005|6.9388|6.0|86.43|Run"
expect_eq "tp: mean heart rate" "$(sql_db tp.db "SELECT avg_hr FROM training WHERE notes = 'Running'")" "154.0"
expect_eq "tp: two workouts of one day, no time" "$(sql_db tp.db "SELECT count(*) || '|' || max(seq) FROM training WHERE date = '2026-10-19' AND start_time = ''")" "2|1"
# The load of a session without RPE is the app's TSS.
run "tp exposures" 0 exposures --db tp.db
expect_in "tp: TSS as the load" out "Ana Test,2026-10-19,,0,,,,30.61666666666668,,62.89,"
run "trainingpeaks again" 0 import --db tp.db "${A[@]}" "$APPS/trainingpeaks-workouts.csv"
expect_in "tp twice: unchanged" out "2 rows: 0 added, 0 updated, 2 unchanged"
CASE

# ---- intervals.icu activities: ISO local start, seconds, metres ----
test_case 'intervals.icu activities: ISO local start, moving time, metres' <<'CASE'
# The duration is moving_time (5400 s), not elapsed_time.
run "intervals" 0 import --db icu.db "${A[@]}" "$APPS/intervals-activities.csv"
expect_in "intervals recognised" out "training (intervals), 2 rows: 2 added"
expect_eq "intervals values" "$(sql_db icu.db "SELECT date || ' ' || start_time || '|' || duration_min || '|' || distance_km || '|' || rpe || '|' || load FROM training WHERE session = 'Ride'")" \
	"2026-10-19 08:30:34|90.0|40.1235|6.0|88.0"
CASE

# ---- TrainingPeaks metrics: one reading a row; only the hours of sleep ----
test_case 'trainingpeaks metrics: hours of sleep only; bad hours located' <<'CASE'
run "trainingpeaks metrics" 0 import --db tpm.db "${A[@]}" "$APPS/trainingpeaks-metrics.csv"
expect_in "metrics recognised" out "hydration (trainingpeaks-metrics), 3 rows: 3 added"
expect_in "other readings counted" err "6 rows of other metrics than sleep hours skipped"
expect_eq "metrics: hours of sleep" "$(sql_db tpm.db "SELECT group_concat(date || ' ' || time || ' ' || sleep_h || ' ' || source, ', ') FROM (SELECT * FROM hydration ORDER BY date) AS q")" \
	"2026-10-19 00:00:00 7.25 trainingpeaks-metrics, 2026-10-20 00:00:00 6.5 trainingpeaks-metrics, 2026-10-21 00:00:00 8.0 trainingpeaks-metrics"
run "trainingpeaks metrics again" 0 import --db tpm.db "${A[@]}" "$APPS/trainingpeaks-metrics.csv"
expect_in "metrics twice: unchanged" out "3 rows: 0 added, 0 updated, 3 unchanged"
run "metrics without an athlete" 65 import --db tpm.db "$APPS/trainingpeaks-metrics.csv"
expect_in "metrics: athlete needed" err "which names no athlete: give --athlete NAME"
printf '"Timestamp","Type","Value"\n"2026-10-22 00:00:00","Sleep Hours","7:30"\n"2026-10-23 00:00:00","Sleep Hours","25"\n' > tpm-bad.csv
run "metrics: bad hours" 65 import --db tpm.db "${A[@]}" tpm-bad.csv
expect_in "metrics: not a number located" err "tpm-bad.csv:2:3: Value"
expect_in "metrics: out of range located" err "tpm-bad.csv:3:3: Value"
CASE

# ---- intervals.icu wellness: body mass and fluid, and a diet row beside ----
test_case 'intervals.icu wellness: mass, fluid, soreness, sleep, a diet row beside cronometer' <<'CASE'
run "intervals wellness" 0 import --db well.db "${A[@]}" "$APPS/intervals-wellness.csv"
# The line with nothing cramplog keeps (2026-10-17: resting HR and HRV)
# is no row; sleepSecs are hours of sleep.
expect_in "wellness recognised" out "hydration (intervals-wellness), 4 rows: 4 added"
expect_eq "wellness: mass, fluid, soreness, sleep" "$(sql_db well.db "SELECT group_concat(date || '=' || ifnull(body_mass_kg, '-') || '/' || ifnull(fluid_ml, '-') || '/' || ifnull(soreness, '-') || '/' || ifnull(round(sleep_h, 4), '-'), ' ') FROM (SELECT * FROM hydration ORDER BY date) AS q")" \
	"2026-10-18=-/-/4/- 2026-10-19=72.4/1500.0/-/5.0239 2026-10-20=-/-/-/7.4639 2026-10-21=72.1/2800.0/2/7.2567"
expect_eq "wellness: what was eaten" "$(sql_db well.db "SELECT date || '|' || energy_kcal || '|' || carbs_g || '|' || protein_g || '|' || fat_g FROM diet")" \
	"2026-10-21|2650.0|310.5|120.0|85.2"
run "intervals wellness again" 0 import --db well.db "${A[@]}" "$APPS/intervals-wellness.csv"
expect_in "wellness twice: unchanged" out "4 rows: 0 added, 0 updated, 4 unchanged"
# Two apps' rows of one day stand side by side: Cronometer's day total and
# wellness's, in either order, and importing again changes nothing.
run "cronometer beside wellness" 0 import --db well.db "${A[@]}" "$APPS/cronometer-dailysummary.csv"
expect_in "cronometer beside: added" out "3 rows: 3 added"
run "wellness after cronometer" 0 import --db well.db "${A[@]}" "$APPS/intervals-wellness.csv"
expect_in "wellness after: unchanged" out "4 rows: 0 added, 0 updated, 4 unchanged"
expect_eq "both diet rows of the day kept" "$(sql_db well.db "SELECT group_concat(source || '=' || ifnull(sodium_mg, '-'), ' ') FROM (SELECT * FROM diet WHERE date = '2026-10-21' ORDER BY source) AS q")" \
	"cronometer=4239.11 intervals-wellness=-"
CASE

test_case 'intervals.icu wellness: soreness out of its scale located' <<'CASE'
# Soreness is intervals.icu's 1 (low) to 4 (extreme); anything else is
# refused where it stands.
awk -F, -v OFS=, 'NR == 2 { $14 = 5 } { print }' "$APPS/intervals-wellness.csv" > sore5.csv
run "soreness out of its scale" 65 import --db well.db "${A[@]}" sore5.csv
expect_in "soreness located" err "sore5.csv:2:14: soreness"
CASE

# ---- MyFitnessPal: meals (BOM, CRLF, 12-hour times, trailing comma) ----
test_case 'myfitnesspal: meals and measurements' <<'CASE'
run "myfitnesspal" 0 import --db mfp.db "${A[@]}" "$APPS/myfitnesspal-nutrition.csv"
expect_in "mfp recognised" out "diet (myfitnesspal), 3 rows: 3 added"
expect_eq "mfp: 12-hour time, values" "$(sql_db mfp.db "SELECT time || '|' || energy_kcal || '|' || carbs_g || '|' || sodium_mg || '|' || potassium_mg FROM diet WHERE meal = 'Snacks'")" \
	"15:15:00|190.0|22.0|120.0|310.0"
expect_eq "mfp: potassium 0 is not tracked" "$(sql_db mfp.db "SELECT time = '' AND potassium_mg IS NULL FROM diet WHERE meal = 'Dinner'")" "1"
run "mfp measurements" 0 import --db mfp.db "${A[@]}" "$APPS/myfitnesspal-measurements.csv"
expect_in "mfp measurements recognised" out "hydration (myfitnesspal-measurements), 2 rows: 2 added"
expect_eq "mfp: weight in kg" "$(sql_db mfp.db "SELECT group_concat(body_mass_kg) FROM hydration")" "85.5,84.5"
CASE

test_case 'myfitnesspal in pounds: --units imperial; 262 kg refused, naming the option' <<'CASE'
run "mfp measurements in pounds" 0 import --db lb.db "${A[@]}" --units imperial "$APPS/myfitnesspal-measurements-lb.csv"
expect_eq "mfp: pounds to kg" "$(sql_db lb.db "SELECT printf('%.6f', body_mass_kg) FROM hydration")" "83.914588"
# The file does not say its unit: 262 read as kg is out of range.
printf 'Date,Weight\n2026-10-19,262.0\n' > heavy-lb.csv
run "mfp pounds without --units" 65 import --db lb2.db "${A[@]}" heavy-lb.csv
expect_in "262 kg is refused, naming the option" err "heavy-lb.csv:2:2: Weight: 262.0 is outside 20 to 250 kg; read as lb (--units imperial) it would be 118.8 kg"
run "mfp pounds with --units" 0 import --db lb2.db "${A[@]}" --units imperial heavy-lb.csv
expect_eq "262 lb" "$(sql_db lb2.db "SELECT printf('%.4f', body_mass_kg) FROM hydration")" "118.8412"
CASE

# ---- One session from two sources ----
# A Garmin export and a native cramp log of the same days: a native row
# within 30 minutes of an activity completes it; one further away, or on
# a day without an activity, is a session of its own.
# The Garmin export and the cramp log imported into merge.db, and the
# exposures of the merged sessions in merged.csv.
merged() {
	cat > cramps.csv <<'CSV'
date,start_time,athlete,duration_min,rpe,pre_mass_kg,post_mass_kg,tightness,cramp,cramp_muscle,cramp_side,cramp_severity
2026-10-23,17:30,Ana Test,60,7,70.0,68.5,8,yes,hamstring,left,6
2026-10-22,08:30,ana test,45,6,70.2,69.5,3,no,,,
2026-10-21,17:45,Ana Test,50,5,,,6,yes,calf,right,3
2026-10-25,10:00,Ana Test,30,4,,,2,no,,,
CSV
	M=(--db "$WORK/merge.db")
	run "merge: garmin" 0 import "${M[@]}" "${A[@]}" "$APPS/garmin-activities.csv"
	run "merge: cramp log" 0 import "${M[@]}" cramps.csv
	expect_in "merge: native rows kept as imported" out "4 rows: 4 added"
	run "merge: exposures" 0 exposures "${M[@]}"
	cp out merged.csv
}

test_case 'one session from two sources: a native row completes the activity near it' <<'CASE'
fixture merged merged
fixture_copy
M=(--db "$WORK/merge.db")
# 4 activities + 2 native rows that complete none (08:30 is 37 minutes
# from 07:52; 2026-10-25 has no activity).
expect_eq "merge: one session per activity" "$(($(wc -l < merged.csv) - 1))" "6"
expect_in "merge: the activity with the native row's cramp" merged.csv "Ana Test,2026-10-23,17:04:14,1,hamstring,left,6,68.21666666666667,7,"
expect_in "merge: the other cramp" merged.csv "Ana Test,2026-10-21,18:00:00,1,calf,right,3,50,5,"
expect_in "merge: too far apart, two sessions" merged.csv "Ana Test,2026-10-22,08:30:00,0,"
expect_in "merge: no activity that day" merged.csv "Ana Test,2026-10-25,10:00:00,0,"
run "merge: analyze" 0 analyze "${M[@]}" --format json
expect_eq "merge: the analyzer counts sessions and cramps" "$(json_get out '$.sessions')|$(json_get out '$.cramps')" "6|2"
CASE

test_case 'one session from two sources: either order gives the same sessions' <<'CASE'
fixture merged merged
fixture_copy
# Either order gives the same sessions, and importing again changes nothing.
run "merge other order: cramp log" 0 import --db other.db cramps.csv
run "merge other order: garmin" 0 import --db other.db "${A[@]}" "$APPS/garmin-activities.csv"
run "merge other order: exposures" 0 exposures --db other.db
expect_eq "merge: order does not matter" "$(cmp out merged.csv && echo same)" "same"
CASE

test_case 'one session from two apps: garmin synced to strava' <<'CASE'
# The same run from two apps (Garmin synced to Strava) is one session too:
# Strava's 15:10 UTC is 17:10 in Oslo, 6 minutes after Garmin's start; the
# session keeps Garmin's row and takes Strava's perceived exertion.
printf 'Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Perceived Exertion\n1,"Oct 23, 2026, 3:10:00 PM",Evening Run,Run,4100,12.80,8.0\n' > strava-same-run.csv
TZ=Europe/Oslo run "merge: strava of the same run" 0 import --db twoapps.db "${A[@]}" strava-same-run.csv
run "merge: garmin of the same run" 0 import --db twoapps.db "${A[@]}" "$APPS/garmin-activities.csv"
run "merge: two apps, exposures" 0 exposures --db twoapps.db
expect_eq "merge: one session per run" "$(($(wc -l < out) - 1))" "4"
expect_in "merge: garmin's row with strava's RPE" out "Ana Test,2026-10-23,17:04:14,0,,,,68.21666666666667,8,"
CASE

test_case 'one session from two sources: the cramp log again changes nothing' <<'CASE'
fixture merged merged
fixture_copy
M=(--db "$WORK/merge.db")
run "merge: again" 0 import "${M[@]}" cramps.csv
expect_in "merge: again unchanged" out "4 rows: 0 added, 0 updated, 4 unchanged"
CASE

finish
