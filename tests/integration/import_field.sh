# App exports as people have them (issue 11): each fixture in
# tests/data/apps/ keeps a real export's header line (and its quirky cells)
# verbatim, with made-up values; docs/formats.md names each header's
# source. Each case checks the values stored and that a second import
# changes nothing.
. "$(dirname "$0")/lib.bash"
APPS=$DATA/apps
A=(--athlete "Ana Test")

# q DB SQL: one value from a test database.
q() { sql_db "$1" "$2"; }
# twice NAME DB FILE ARGS...: imports FILE again and expects no change.
twice() {
	local name=$1 db=$2 file=$3
	shift 3
	run "$name: again" 0 import --db "$db" "${A[@]}" "$@" "$file"
	expect_in "$name: again, nothing changes" out " 0 added, 0 updated,"
}
# g1 DB: the sessions of DB in date order, each with its distance in km.
g1() { q "$1" "SELECT group_concat(session || '=' || printf('%.3f', distance_km), ' ') FROM (SELECT * FROM training ORDER BY date) AS q"; }

# ---- 2. A value of 0 where the app means "not recorded" ----
test_case 'strava: a heart rate of 0 is not recorded' <<'CASE'
run "strava 0 heart rate" 0 import --db zhr.db "${A[@]}" "$APPS/strava-zero-heart-rate.csv"
expect_in "strava 0 heart rate: both rows" out "2 rows: 2 added"
expect_eq "strava 0 heart rate and calories are unknown" \
	"$(q zhr.db "SELECT avg_hr IS NULL AND energy_kcal IS NULL AND load IS NULL FROM training WHERE session = 'Virtual Ride'")" "1"
expect_eq "strava: a real heart rate kept" \
	"$(q zhr.db "SELECT avg_hr || '|' || energy_kcal || '|' || load FROM training WHERE session = 'Run'")" "148.0|610.0|52.0"
twice "strava 0 heart rate" zhr.db "$APPS/strava-zero-heart-rate.csv"
CASE

test_case 'intervals.icu: a heart rate, calories, load and RPE of 0 are not recorded' <<'CASE'
run "intervals 0 heart rate" 0 import --db izhr.db "${A[@]}" "$APPS/intervals-zero-heart-rate.csv"
expect_in "intervals 0 heart rate: both rows" out "2 rows: 2 added"
expect_eq "intervals: 0 heart rate, calories, load and RPE are unknown" \
	"$(q izhr.db "SELECT count(*) FROM training WHERE session = 'VirtualRide' AND avg_hr IS NULL AND energy_kcal IS NULL AND load IS NULL AND rpe IS NULL")" "1"
expect_eq "intervals: real values kept" \
	"$(q izhr.db "SELECT avg_hr || '|' || load || '|' || rpe FROM training WHERE session = 'Run'")" "138.0|35.0|4.0"
twice "intervals 0 heart rate" izhr.db "$APPS/intervals-zero-heart-rate.csv"
CASE

# ---- 3 and 10. One meaning of duration; a watch left running ----
test_case 'strava: the moving time; a watch left running said and its time left' <<'CASE'
# Strava: the moving time, not the elapsed time with the stops; an
# elapsed time of three days is said with its line and left.
run "strava left running" 0 import --db run.db "${A[@]}" "$APPS/strava-left-running.csv"
expect_in "left running: both rows" out "2 rows: 2 added"
expect_in "left running: the elapsed time said, with its line" err "strava-left-running.csv:2:6: warning: Elapsed Time: 261537 is 72.6 h, not a plausible duration of one session (0 to 24 h): not used"
expect_eq "left running: the moving time" "$(q run.db "SELECT duration_min FROM training WHERE notes = 'Forgot to stop'")" "40.0"
expect_eq "a cafe stop: moving time, not elapsed" "$(q run.db "SELECT duration_min FROM training WHERE notes = 'Ride with a cafe stop'")" "315.0"
expect_not_in "left running: said once a row" err "2:16:"
twice "strava left running" run.db "$APPS/strava-left-running.csv"
CASE

test_case 'garmin: the timer time, the moving time when the timer was left running' <<'CASE'
# Garmin: the timer time; a timer left running gives way to the moving time.
run "garmin left running" 0 import --db grun.db "${A[@]}" "$APPS/garmin-left-running.csv"
expect_in "garmin left running: both rows" out "2 rows: 2 added"
expect_in "garmin left running: said" err "garmin-left-running.csv:3:7: warning: Time: 51:12:09 is 51.2 h, not a plausible duration of one session (0 to 24 h): not used"
expect_eq "garmin: timer time, then moving time" \
	"$(q grun.db "SELECT group_concat(printf('%.4f', duration_min), ' ') FROM (SELECT * FROM training ORDER BY date) AS q")" "37.9333 41.0000"
twice "garmin left running" grun.db "$APPS/garmin-left-running.csv"
# Weeks of it (four digits of hours): the same warning, not a refused file
# (review 9: "1000:00:00" was not a duration).
sed '3s/51:12:09/1000:00:00/' "$APPS/garmin-left-running.csv" >weeks.csv
run "garmin left running for weeks" 0 import --db gweeks.db "${A[@]}" weeks.csv
expect_in "garmin left running for weeks: said" err "weeks.csv:3:7: warning: Time: 1000:00:00 is 1000.0 h, not a plausible duration of one session (0 to 24 h): not used"
expect_eq "garmin left running for weeks: the moving time" \
	"$(q gweeks.db "SELECT group_concat(printf('%.4f', duration_min), ' ') FROM (SELECT * FROM training ORDER BY date) AS q")" "37.9333 41.0000"
CASE

test_case 'old strava: a row whose every duration is implausible is skipped' <<'CASE'
# A row whose every duration is implausible is skipped, never the file.
printf 'id,date,name,type,description,elapsed_time,distance,commute,gear,filename\n1,2026-10-15 16:54:28,Ride,Ride,,9462,43057.4,false,,a.gpx\n2,2026-10-16 06:00:00,Left,Run,,400000,5000,false,,b.gpx\n' > old-left.csv
run "old strava left running" 0 import --db old.db "${A[@]}" old-left.csv
expect_in "old strava: one row kept" out "1 rows: 1 added"
expect_in "old strava: the row skipped, said" err "old-left.csv:3: warning: no plausible duration in the row: skipped"
CASE

# ---- 1. Garmin pool swims in metres, by activity type ----
test_case 'garmin pool swims in metres' <<'CASE'
run "garmin pool swims" 0 import --db swim.db "${A[@]}" "$APPS/garmin-pool-swim.csv"
expect_in "pool swims: every row" out "3 rows: 3 added"
expect_eq "pool swims: metres, the run in km" "$(g1 swim.db)" "Pool Swim=1.200 Pool Swim=0.850 Running=10.020"
twice "garmin pool swims" swim.db "$APPS/garmin-pool-swim.csv"
CASE

test_case 'garmin pool and open water swimming of 2022 in metres' <<'CASE'
run "garmin pool swimming 2022" 0 import --db swim22.db "${A[@]}" "$APPS/garmin-pool-swimming-2022.csv"
expect_eq "pool and open water swimming: metres" "$(g1 swim22.db)" "Pool Swimming=1.000 Open Water Swimming=0.121"
twice "garmin pool swimming 2022" swim22.db "$APPS/garmin-pool-swimming-2022.csv"
CASE

test_case 'garmin pool swims with --skip-invalid in metres' <<'CASE'
# With --skip-invalid a swim was stored as 850 km: no more.
run "pool swims, skip invalid" 0 import --db swim2.db "${A[@]}" --skip-invalid "$APPS/garmin-pool-swim.csv"
expect_eq "pool swims, skip invalid: metres" "$(g1 swim2.db)" "Pool Swim=1.200 Pool Swim=0.850 Running=10.020"
CASE

# ---- The file's decimal mark: an English export with decimal commas ----
test_case 'garmin: an English export with decimal commas' <<'CASE'
run "garmin decimal comma" 0 import --db comma.db "${A[@]}" "$APPS/garmin-decimal-comma.csv"
expect_eq "decimal comma: km, and dot thousands in calories" \
	"$(q comma.db "SELECT group_concat(distance_km || '|' || energy_kcal, ' ') FROM (SELECT * FROM training ORDER BY date) AS q")" "3.4|255.0 21.1|1480.0"
twice "garmin decimal comma" comma.db "$APPS/garmin-decimal-comma.csv"
CASE

test_case 'garmin: decimal commas, newest first, a swim that shows no mark of its own first' <<'CASE'
# The swim ("3.000" m, "1.020" kcal) reads both ways and comes before the
# first number that shows the file's mark (review 10): it was stored as 3 m
# and 1.02 kcal. The file is read again knowing the mark.
F=$APPS/garmin-decimal-comma-swim-first.csv
want="Treadmill Running=3.4|255.0 Running=21.1|1480.0 Pool Swim=3.0|1020.0"
rows() { q "$1" "SELECT group_concat(session || '=' || distance_km || '|' || energy_kcal, ' ') FROM (SELECT * FROM training ORDER BY date) AS q"; }
run "swim first" 0 import --db sf.db "${A[@]}" "$F"
expect_in "swim first: three rows" out "3 rows: 3 added"
expect_eq "swim first: 3,000 m and 1,020 kcal, as the other rows read" "$(rows sf.db)" "$want"
expect_not_in "swim first: no word of the first reading" err "reads two ways"
twice "swim first" sf.db "$F"
run "swim first, standard input from the file" 0 import --db sfi.db "${A[@]}" - <"$F"
expect_eq "swim first, standard input from the file: the same" "$(rows sfi.db)" "$want"
# Standard input that starts past the file's first byte (review 11a): read
# again from where it started, not from byte 0.
{ echo "a line read before"; cat "$F"; } > pre.csv
exec 3< pre.csv
read -r _ <&3
run "swim first, standard input past a first line" 0 import --db sfo.db "${A[@]}" - <&3
exec 3<&-
expect_eq "standard input past a first line: the same" "$(rows sfo.db)" "$want"
cat "$F" | run "swim first, from a pipe" 65 import --db sfp.db "${A[@]}" -
expect_in "from a pipe: where, and what to do" err "<stdin>:2:5: Distance: this number reads two ways"
expect_in "from a pipe: import it by name" err "import the file by its name"
expect_in "from a pipe: nothing written" out "rejected, nothing written"
expect_eq "from a pipe: no session" "$(q sfp.db "SELECT count(*) FROM training")" "0"
run "swim first, dry run" 0 import --db sfd.db --dry-run "${A[@]}" "$F"
expect_in "swim first, dry run: three rows" out "3 rows: 3 added"
CASE

# ---- 4. Columns of the export that cramplog does not know are said ----
test_case 'garmin in German of 2022: every column known' <<'CASE'
# German, 2022 (PhilippPro/Running-App): "Ø Herzfrequenz", not "Ø HF".
run "garmin german 2022" 0 import --db de.db "${A[@]}" "$APPS/garmin-activities-de-2022.csv"
expect_in "german 2022: both rows" out "2 rows: 2 added"
expect_eq "german 2022: Ø Herzfrequenz is the mean heart rate" "$(q de.db "SELECT avg_hr FROM training WHERE session = 'Laufen'")" "153.0"
expect_eq "german 2022: a swim in metres, no heart rate" "$(q de.db "SELECT distance_km || '|' || (avg_hr IS NULL) FROM training WHERE session = 'Schwimmbadschwimmen'")" "1.5|1"
expect_not_in "german 2022: every column known" err "not one cramplog knows"
twice "garmin german 2022" de.db "$APPS/garmin-activities-de-2022.csv"
CASE

test_case 'garmin: a column no export was seen with is said by name and place' <<'CASE'
# A column no export was seen with is said, by name and place.
sed '1s/$/,Ø Sauerstoffsättigung/; 2,$s/$/,"97"/' "$APPS/garmin-activities-de-2022.csv" > de-new-column.csv
run "garmin, a new column" 0 import --db de2.db "${A[@]}" de-new-column.csv
expect_in "a new column said" err "de-new-column.csv:1:33: warning: column 'Ø Sauerstoffsättigung' is not one cramplog knows in a Garmin Connect activities export: not stored"
expect_eq "a new column: the rows still stored" "$(q de2.db "SELECT count(*) FROM training")" "2"
CASE

# ---- 6. Cronometer daily nutrition with "diary group rows" ----
test_case 'cronometer diary group rows: the meals stored, the total never beside them' <<'CASE'
# A row a meal, then the day's Total: the meals are stored by name, the
# total never beside them (the day's intake counted twice before).
run "cronometer groups" 0 import --db cg.db "${A[@]}" "$APPS/cronometer-dailysummary-groups.csv"
expect_in "groups: the meals only" out "diet (cronometer), 5 rows: 5 added"
expect_in "groups: the totals said" err "2 rows of a day's total beside its meals skipped (the meals are stored)"
expect_in "groups: the day not logged said" err "1 row without any value (days not logged) skipped"
expect_eq "groups: meals by name" "$(q cg.db "SELECT group_concat(meal || '=' || energy_kcal, ' ') FROM (SELECT * FROM diet WHERE date = '2026-10-19' ORDER BY seq) AS q")" \
	"Breakfast=520.0 Lunch=780.0 Dinner=900.0 Snacks=200.0"
expect_eq "groups: the day's intake once" "$(q cg.db "SELECT sum(energy_kcal) || '|' || sum(fluid_ml) FROM diet WHERE date = '2026-10-19'")" "2400.0|1350.0"
expect_eq "groups: a day of only a Total row, not logged, is none" "$(q cg.db "SELECT count(*) FROM diet WHERE date = '2026-10-21'")" "0"
twice "cronometer groups" cg.db "$APPS/cronometer-dailysummary-groups.csv"
# A day of a Total row alone, with values, is that day's intake (review 9:
# it was dropped, "beside its meals").
{ cat "$APPS/cronometer-dailysummary-groups.csv"
  grep '^2026-10-19,Total' "$APPS/cronometer-dailysummary-groups.csv" | sed 's/^2026-10-19/2026-10-22/'
} >total-alone.csv
run "a day of a total alone" 0 import --db ta.db "${A[@]}" total-alone.csv
expect_in "a day of a total alone: stored" out "6 rows: 6 added"
expect_eq "a day of a total alone: its intake" "$(q ta.db "SELECT meal || '=' || energy_kcal FROM diet WHERE date = '2026-10-22'")" "Total=2400.0"
expect_in "a day of a total alone: the others still said" err "2 rows of a day's total beside its meals skipped"
CASE

# A day not logged (Completed false, every value empty) is no diet row.
not_logged() {
	run "cronometer day not logged" 0 import --db cn.db "${A[@]}" "$APPS/cronometer-dailysummary-not-logged.csv"
}

test_case 'cronometer: a day not logged is no diet row' <<'CASE'
fixture not_logged not_logged
fixture_copy
expect_in "not logged: two days" out "2 rows: 2 added"
expect_in "not logged: said" err "1 row without any value (days not logged) skipped"
expect_eq "not logged: no row that day" "$(q cn.db "SELECT group_concat(date, ' ') FROM (SELECT * FROM diet ORDER BY date) AS q")" "2026-10-19 2026-10-21"
twice "cronometer day not logged" cn.db "$APPS/cronometer-dailysummary-not-logged.csv"
CASE

# ---- 7. Cronometer biometrics of 2024: Day,Group,Metric,Unit,Amount ----
test_case 'cronometer biometrics of 2024' <<'CASE'
run "biometrics 2024" 0 import --db b24.db "${A[@]}" "$APPS/cronometer-biometrics-2024.csv"
expect_in "biometrics 2024 recognised" out "hydration (cronometer-biometrics), 2 rows: 2 added"
expect_eq "biometrics 2024: weights in kg, no time" "$(q b24.db "SELECT group_concat(date || '/' || time || '/' || printf('%.4f', body_mass_kg), ' ') FROM (SELECT * FROM hydration ORDER BY date) AS q")" \
	"2026-10-19//71.2500 2026-10-20//71.4408"
twice "biometrics 2024" b24.db "$APPS/cronometer-biometrics-2024.csv"
CASE

# ---- 8. Zero or missing: one rule for the nutrients of every app ----
test_case 'myfitnesspal: a sodium or potassium of 0 beside a meal is not recorded' <<'CASE'
# A sodium or potassium of 0 beside 100 kcal or more of food is not
# recorded (MyFitnessPal writes 0 for a food that lacks it); beside less it
# is 0.
run "mfp zero sodium" 0 import --db mz.db "${A[@]}" "$APPS/myfitnesspal-zero-sodium.csv"
expect_in "mfp zero sodium: every meal" out "3 rows: 3 added"
expect_eq "mfp: 0 beside a meal is unknown, beside a snack of 40 kcal is 0" \
	"$(q mz.db "SELECT group_concat(meal || '=' || ifnull(sodium_mg, '-') || '/' || ifnull(potassium_mg, '-'), ' ') FROM (SELECT * FROM diet ORDER BY seq) AS q")" \
	"Breakfast=-/- Lunch=820.0/- Snacks=0.0/0.0"
twice "mfp zero sodium" mz.db "$APPS/myfitnesspal-zero-sodium.csv"
CASE

test_case 'cronometer: the same rule for a day without sodium' <<'CASE'
fixture not_logged not_logged
fixture_copy
expect_eq "cronometer: the same rule, a day of 2100 kcal without sodium" \
	"$(q cn.db "SELECT group_concat(date || '=' || ifnull(sodium_mg, '-'), ' ') FROM (SELECT * FROM diet ORDER BY date) AS q")" "2026-10-19=2500.0 2026-10-21=-"
CASE

# ---- 5. Garmin in the account's language ----
# Each header verbatim from a real export (docs/formats.md, "Languages"):
# the run in km with its timer time and heart rate, the swim in metres,
# every column known.
# garmin_in: the case of the export in the language $lang.
garmin_in() {
	f=$APPS/garmin-activities-$lang.csv
	run "garmin $lang" 0 import --db "g-$lang.db" "${A[@]}" "$f"
	expect_in "garmin $lang: recognised" out "training (garmin), 2 rows: 2 added"
	expect_eq "garmin $lang: the run" "$(q "g-$lang.db" "SELECT distance_km || '|' || energy_kcal || '|' || printf('%.4f', duration_min) || '|' || avg_hr FROM training WHERE date = '2026-10-20'")" \
		"8.42|1012.0|44.1667|151.0"
	expect_eq "garmin $lang: the swim in metres" "$(q "g-$lang.db" "SELECT distance_km || '|' || duration_min || '|' || (avg_hr IS NULL) FROM training WHERE date = '2026-10-21'")" "1.25|35.0|1"
	expect_not_in "garmin $lang: every column known" err "not one cramplog knows"
	twice "garmin $lang" "g-$lang.db" "$f"
}
for lang in da-2026 sv pt hu nl es pl fr fr-2026 it no no-2026 zh ja; do
	test_case "garmin in $lang: the run in km, the swim in metres, every column known" garmin_in
done

test_case 'garmin in French: the elapsed time when the timer and moving times are missing' <<'CASE'
# "Temps écoulé" is the elapsed time, as "Elapsed Time" in English (review 10).
sed '2s/"00:44:10"/"--"/; 2s/"00:43:50"/"--"/' "$APPS/garmin-activities-fr-2026.csv" > fr-elapsed.csv
run "garmin french, elapsed" 0 import --db fre.db "${A[@]}" fr-elapsed.csv
expect_eq "garmin french: the elapsed time" "$(q fre.db "SELECT duration_min FROM training WHERE date = '2026-10-20'")" "45.0"
CASE

test_case 'myfitnesspal measurements: a row of another measurement without a weight is skipped' <<'CASE'
# Some accounts add a column per other measurement (review 10): a row of
# body fat alone rejected the whole file.
printf 'Date,Body Fat %%,Weight\n2026-01-15,18.5,75.0\n2026-01-16,,76.0\n2026-01-17,18.2,\n2026-01-18,,\n2026-01-19,18.3,0\n2026-01-20,,0\n' > meas.csv
run "measurements, body fat alone" 0 import --db meas.db "${A[@]}" meas.csv
expect_in "measurements: the weights" out "2 rows: 2 added"
# A weight of 0 is none (review 11a): as an empty one.
expect_in "measurements: the body fat rows said" err "2 rows of other metrics than weight skipped"
expect_in "measurements: the empty days said" err "2 rows without any value (days not logged) skipped"
expect_eq "measurements: the weights stored" "$(q meas.db "SELECT group_concat(date || '=' || body_mass_kg, ' ') FROM (SELECT * FROM hydration ORDER BY date) AS q")" "2026-01-15=75.0 2026-01-16=76.0"
twice "measurements" meas.db meas.csv
CASE

test_case 'garmin: an unknown header with --athlete asks for --format-hint only' <<'CASE'
# --athlete says it is an app's export: --kind would lead to a second error.
printf 'Foo,Bar\n1,2\n' > unknown.csv
run "unknown header, --athlete" 65 import --db unk.db "${A[@]}" unknown.csv
expect_in "unknown header, --athlete: which app" err "unknown.csv:1: cannot tell from the header which app exported it (use --format-hint: garmin,"
expect_not_in "unknown header, --athlete: no --kind" err "--kind"
run "unknown header" 65 import --db unk.db unknown.csv
expect_in "unknown header: --kind or --format-hint" err "(use --kind), or which app exported it"
CASE

# ---- 5. Strava in the account's language ----
test_case 'strava in German: day-first dates, decimal commas' <<'CASE'
TZ=UTC run "strava german" 0 import --db sde.db "${A[@]}" "$APPS/strava-activities-de.csv"
expect_in "strava german: recognised" out "training (strava), 2 rows: 2 added"
expect_eq "strava german: date, moving time, metres, heart rate, kcal, RPE, load" \
	"$(q sde.db "SELECT date || ' ' || start_time || '|' || duration_min || '|' || distance_km || '|' || avg_hr || '|' || energy_kcal || '|' || rpe || '|' || load FROM training WHERE session = 'Lauf'")" \
	"2026-10-20 15:09:27|38.5|10.2045|148.0|1012.0|6.0|61.0"
expect_eq "strava german: 0,0 heart rate is unknown" "$(q sde.db "SELECT (avg_hr IS NULL) || '|' || distance_km FROM training WHERE session = 'Radfahrt'")" "1|40.1"
expect_not_in "strava german: every column known" err "not one cramplog knows"
TZ=UTC twice "strava german" sde.db "$APPS/strava-activities-de.csv"
CASE

# strava_in LANG ROWS SESSION RUN: the export in LANG (a real export's
# header verbatim, docs/formats.md) is recognised; its run, of type
# SESSION, stored as RUN (local date and start under TZ=UTC, moving
# minutes, km from the metres column, heart rate, kcal, RPE, load); every
# column known; a second import changes nothing.
strava_in() {
	local lang=$1 rows=$2 session=$3 want=$4 f=$APPS/strava-activities-$1.csv
	TZ=UTC run "strava $lang" 0 import --db "s-$lang.db" "${A[@]}" "$f"
	expect_in "strava $lang: recognised" out "training (strava), $rows rows: $rows added"
	expect_eq "strava $lang: the run" "$(q "s-$lang.db" "SELECT date || ' ' || start_time || '|' || printf('%.4f', duration_min) || '|' || distance_km || '|' || ifnull(avg_hr, '-') || '|' || ifnull(energy_kcal, '-') || '|' || ifnull(rpe, '-') || '|' || ifnull(load, '-') FROM training WHERE session = '$session'")" "$want"
	expect_not_in "strava $lang: every column known" err "not one cramplog knows"
	TZ=UTC twice "strava $lang" "s-$lang.db" "$f"
}
# ride_without_strap LANG SESSION: the ride's 0.0 heart rate is unknown,
# its distance from the metres column.
ride_without_strap() {
	expect_eq "strava $1: a heart rate of 0.0 is unknown" "$(q "s-$1.db" "SELECT (avg_hr IS NULL) || '|' || distance_km || '|' || energy_kcal FROM training WHERE session = '$2'")" "1|40.1|850.0"
}

test_case 'strava in French: month names, decimal commas' <<'CASE'
# superpoupette/data-tab (2026): "13 juil. 2026, 08:52:18", "3,01".
strava_in fr 3 'Course à pied' '2026-10-20 15:09:27|38.5000|10.2045|148.0|1012.0|6.0|61.0'
ride_without_strap fr 'Vélo'
expect_eq "strava fr: févr., a leap day" "$(q s-fr.db "SELECT date || ' ' || start_time FROM training WHERE session = 'Marche'")" "2024-02-29 18:00:00"
CASE

test_case 'strava in Spanish: month names, an hour of one digit, a swim in metres with a thousands point' <<'CASE'
# Ariel-2006/Formativa-FCDIA (2026): "22 jun 2026, 1:00:07", a swim's
# display distance "1.050" (metres, a thousands point in a file of decimal
# commas) beside its metres 1050.0.
strava_in es 4 'Carrera' '2026-06-27 01:07:16|36.9167|6.1449|146.0|590.0|7.0|39.0'
expect_eq "strava es: a heart rate of 0.0 is unknown" "$(q s-es.db "SELECT (avg_hr IS NULL) || '|' || distance_km || '|' || energy_kcal FROM training WHERE date = '2025-12-12'")" "1|40.1|850.0"
expect_eq "strava es: the swim from its metres" "$(q s-es.db "SELECT date || '|' || distance_km || '|' || duration_min FROM training WHERE session = 'Natación'")" "2026-09-09|1.25|33.0"
CASE

test_case 'an app heart rate no body gives (a strap that lost contact) is said, not stored, the session kept' <<'CASE'
# Ariel-2006/Formativa-FCDIA (Spanish, 2026) has a ride of mean heart rate
# 13.0, jordenric96/Sport-Dashboard (Dutch) one of 16.0, neither with a
# maximum: each refused its whole export.
TZ=UTC run "strava es, a heart rate of 13" 0 import --db hr.db "${A[@]}" "$APPS/strava-activities-es.csv"
expect_in "heart rate of 13: said at its place" err "strava-activities-es.csv:5:32: warning: Ritmo cardiaco promedio: 13.0 is outside 20 to 250 beats/min, not a plausible reading: not stored"
expect_eq "heart rate of 13: the ride kept without it" "$(q hr.db "SELECT (avg_hr IS NULL) || '|' || distance_km || '|' || energy_kcal || '|' || start_time FROM training WHERE date = '2025-11-14'")" "1|18.202|500.0|00:31:11"
TZ=UTC twice "strava es, a heart rate of 13" hr.db "$APPS/strava-activities-es.csv"
CASE

test_case 'strava in Dutch: month names without a point, a swim in metres' <<'CASE'
# jordenric96/Sport-Dashboard (2026): "20 jun 2017, 15:10:32"; a swim's
# display distance "191" (metres) beside its metres 191.3.
strava_in nl 3 'Hardloopsessie' '2026-10-20 15:09:27|38.5000|10.2045|148.0|1012.0|6.0|61.0'
ride_without_strap nl 'Virtuele fietsrit'
expect_eq "strava nl: the swim from its metres" "$(q s-nl.db "SELECT date || ' ' || start_time || '|' || distance_km || '|' || avg_hr FROM training WHERE session = 'Zwemmen'")" "2026-08-14 10:10:09|1.2503|129.0"
CASE

test_case 'strava in Portuguese: "de" dates, the names an importer reads' <<'CASE'
# Only seen in public code (docs/formats.md): the header is the names that
# code reads, in the English export's order; "5 de ago. de 2026, 20:45:59".
strava_in pt 2 'Corrida' '2026-10-20 15:09:27|38.5000|10.2045|148.0|1012.0|-|-'
ride_without_strap pt 'Pedalada'
CASE

test_case 'strava in French: a raw number of three decimals is read by the point of its column, not by the display comma' <<'CASE'
# The display distance's "10,20" made the file's mark a comma, and the raw
# columns 999.125 m and 850.125 kcal (a point, as each raw column writes
# it) were read with a thousands point: 999125 m stored as 999.125 km, and
# 850125 kcal refused the export.
head -2 "$APPS/strava-activities-fr.csv" > s-fr-raw.csv
sed -n 3p "$APPS/strava-activities-fr.csv" | sed 's/,40100\.0,/,999.125,/; s/,850\.0,/,850.125,/' >> s-fr-raw.csv
grep -q ',999.125,.*,850.125,' s-fr-raw.csv || fail "strava fr raw: the set-up's values not in place"
TZ=UTC run "strava fr raw" 0 import --db s-fr-raw.db "${A[@]}" s-fr-raw.csv
expect_eq "strava fr raw: metres and kcal by their point" "$(q s-fr-raw.db "SELECT distance_km || '|' || energy_kcal FROM training WHERE session = 'Vélo'")" "0.999125|850.125"
expect_eq "strava fr raw: the first row as before" "$(q s-fr-raw.db "SELECT distance_km || '|' || energy_kcal FROM training WHERE session = 'Course à pied'")" "10.2045|1012.0"
CASE

test_case 'strava in French: a date not read is said under the column name of the app' <<'CASE'
# A date in a shape cramplog does not read is an error naming the app's
# own column.
printf "%s\n1,\"20 octobre 2026, 15:09:27\",Course,Course à pied,,2400,\"10,20\",,,false,,,activities/1.fit.gz,,,2400.0,2310.0,10204.5,,,\n" \
	"ID de l'activité,Date de l'activité,Nom de l'activité,Type d'activité,Description de l'activité,Temps écoulé,Distance,Fréquence cardiaque max.,Effort relatif,Déplacement-transport,Note privée sur les activités,Matériel utilisé pour l'activité,Nom du fichier,Poids de l'athlète,Poids du vélo,Temps écoulé,Durée de déplacement,Distance,Vitesse max.,Vitesse moyenne,Dénivelé positif" > strava-fr.csv
run "strava french" 65 import --db sfr.db "${A[@]}" strava-fr.csv
expect_in "strava french: the app's column named" err "strava-fr.csv:2:2: Date de l'activité: '20 octobre 2026, 15:09:27' is not a date and time"
expect_eq "strava french: nothing written" "$(q sfr.db "SELECT count(*) FROM training")" "0"
CASE

test_case 'strava without a date, hinted: the column named as the app names it' <<'CASE'
# With --format-hint, what is missing is named as the app names it.
printf 'Activity ID,Activity Name,Activity Type,Elapsed Time\n1,Run,Run,3600\n' > strava-nodate.csv
run "strava without a date, hinted" 65 import --db snd.db "${A[@]}" --format-hint strava strava-nodate.csv
expect_in "hint: the app's own header" err "missing required column 'Activity Date' for a Strava activities.csv"
CASE

# A full listing of warnings (100 columns new to the 2019 format) must not
# hide the error that refused the file.
test_case 'strava in French hinted as the 2019 format: the refusing error shown after 100 warnings' <<'CASE'
run "French export as strava-2019" 65 import --db no.db "${A[@]}" --format-hint strava-2019 "$APPS/strava-activities-fr.csv"
expect_in "the refusing error is shown" err "missing required column 'date' for a Strava activities.csv (before mid-2019)"
expect_not_in "none of them left out" err "more problems not shown"
expect_eq "nothing written" "$(q no.db "SELECT count(*) FROM training")" "0"
CASE

# ---- Files that are not the export they resemble: said what they are ----
test_case 'files that are not the export they resemble are refused, saying what they are' <<'CASE'
run "cronometer servings" 65 import --db no.db "${A[@]}" "$APPS/cronometer-servings.csv"
expect_in "servings: what it is, what to export" err "this looks like a Cronometer servings export (servings.csv, a row per food): cramplog reads Cronometer's \"Daily Nutrition\" export (dailysummary.csv)"
run "mfp exercise" 65 import --db no.db "${A[@]}" "$APPS/myfitnesspal-exercise.csv"
expect_in "exercise: what it is" err "this looks like a MyFitnessPal Exercise-Summary: cramplog reads the Nutrition-Summary and Measurement-Summary of the same export"
# aplehn/Nutrition-Optimizer's dailysummary.csv (2026): 1/27/2026, FALSE.
run "cronometer re-saved by a spreadsheet" 65 import --db no.db "${A[@]}" "$APPS/cronometer-dailysummary-excel.csv"
expect_in "re-saved: said" err "cronometer-dailysummary-excel.csv:2:1: Date: '10/19/2026' is not a date as the app exports it: this file looks saved again by a spreadsheet; export it again from the app"
expect_eq "refused files: nothing written" "$(q no.db "SELECT (SELECT count(*) FROM diet) + (SELECT count(*) FROM training)")" "0"
CASE

finish
