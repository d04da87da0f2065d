# Units an app export does not state (issue 11, point 9): a MyFitnessPal
# measurement export in pounds read as kg is found by its body masses
# against what the database knows of the athlete, and the warning names
# the option; --units, once given, is remembered for the athlete's later
# exports of that app.
. "$(dirname "$0")/lib.bash"

# Ana weighs about 54 kg in her own hydration log.
hydration_log() {
	printf 'date,time,athlete,body_mass_kg\n2026-10-01,07:00,Ana,54.0\n2026-10-08,07:00,Ana,54.4\n' > hyd.csv
	cramplog import --quiet hyd.csv >/dev/null 2>&1
}

test_case 'pounds read as kg: a warning that names --units imperial' <<'CASE'
hydration_log
printf 'Date,Weight\n2026-10-19,119.0\n2026-10-21,120.4\n' > mfp.csv
run "imported as kg" 0 import --athlete Ana mfp.csv
expect_in "the warning names the option" err "mfp.csv: warning: body mass: read as kg, this file's weights average 119.7 kg, 2.2 times the 54.2 kg the database knows of Ana: if the file is in pounds, import it again with --units imperial"
run "again with --units imperial" 0 import --athlete Ana --units imperial mfp.csv
expect_in "the rows corrected in place" out "2 rows: 0 added, 2 updated"
expect_not_in "no warning now" err "body mass"
expect_eq "stored in kg" "$(sql "SELECT group_concat(round(body_mass_kg, 1), ' ') FROM hydration WHERE date >= '2026-10-19'")" "54.0 54.6"
CASE

test_case 'units given once are remembered for the athlete and the app' <<'CASE'
hydration_log
printf 'Date,Weight\n2026-10-19,119.0\n' > week1.csv
printf 'Date,Weight\n2026-10-26,120.0\n' > week2.csv
run "first export, with --units" 0 import --athlete Ana --units imperial week1.csv
run "next week, no option" 0 import --athlete Ana week2.csv
expect_in "says which units hold" err "week2.csv: warning: read in imperial units (miles, pounds), as last given for Ana's MyFitnessPal"
expect_eq "read as pounds" "$(sql "SELECT round(body_mass_kg, 1) FROM hydration WHERE date = '2026-10-26'")" "54.4"
expect_eq "another athlete is not Ana" "$(printf 'Date,Weight\n2026-10-26,80.0\n' > bo.csv; cramplog import --quiet --athlete Bo bo.csv 2>&1; sql "SELECT body_mass_kg FROM hydration h JOIN athletes a ON a.id = h.athlete_id WHERE a.name = 'Bo'")" "80.0"
run "--units metric changes it back" 0 import --athlete Ana --units metric week2.csv
expect_in "and warns of the pounds" err "if the file is in pounds"
expect_eq "remembered as metric" "$(sql "SELECT units FROM app_units")" "metric"
CASE

test_case 'a dry run remembers nothing; kg beside kg warn of nothing' <<'CASE'
hydration_log
printf 'Date,Weight\n2026-10-19,54.8\n' > kg.csv
run "kg with kg" 0 import --athlete Ana kg.csv
expect_not_in "no warning" err "body mass"
run "dry run with --units" 0 import --dry-run --athlete Ana --units imperial kg.csv
expect_eq "nothing remembered" "$(sql "SELECT count(*) FROM app_units")" "0"
CASE

finish
