# The native formats import; a second import of the same file changes
# nothing; a corrected export updates rows in place; names match whatever
# their case; status and athletes report what is there.
. "$(dirname "$0")/lib.bash"

# The three native logs of a week imported into a new database.
three_kinds() {
	run "import three kinds" 0 import "$DATA/training-week.csv" "$DATA/hydration-week.csv" "$DATA/diet-week.csv"
}

# ... and then a corrected export of the training log.
corrected() {
	fixture three three_kinds
	fixture_db
	run "import corrected" 0 import "$DATA/training-week-corrected.csv"
}

test_case 'three native logs: a summary each, a private database' <<'CASE'
fixture three three_kinds
expect_in "training summary" "$FIXTURE/out" "training-week.csv: training, 6 rows: 6 added, 0 updated, 0 unchanged, 0 rejected"
expect_in "hydration summary" "$FIXTURE/out" "hydration-week.csv: hydration, 6 rows: 6 added"
expect_in "diet summary" "$FIXTURE/out" "diet-week.csv: diet, 4 rows: 4 added"
expect_eq "nothing on stderr" "$(cat "$FIXTURE/err")" ""
# (a file's mode: SQLite's alone)
[ "$BACKEND" = pg ] || expect_eq "database is private" "$(stat -c %a "$FIXTURE/test.db")" "600"
CASE

test_case 'names: one athlete whatever the case, named as first seen' <<'CASE'
fixture three three_kinds
fixture_db
# 'Zoë Müller' and 'ZOË MÜLLER' are one athlete, named as first seen.
expect_eq "athletes" "$(sql "SELECT name FROM athletes ORDER BY id" | tr '\n' '|')" "Zoë Müller|O'Brien, Liam|Kai \"Bolt\" Tanaka|"
expect_eq "hydration of Zoë" "$(sql "SELECT count(*) FROM hydration h JOIN athletes a ON a.id = h.athlete_id WHERE a.name = 'Zoë Müller'")" "4"
CASE

test_case 'values in the store units, an empty cell NULL' <<'CASE'
fixture three three_kinds
fixture_db
# Values land in the store's units; empty cells are NULL, never 0.
expect_eq "session values" "$(sql "SELECT duration_min, rpe, distance_km, pre_mass_kg, post_mass_kg, cramp, cramp_muscle, cramp_side, cramp_severity FROM training WHERE date = '2026-09-01' AND start_time = '17:30:00'")" "75.0|8.0|12.4|61.2|59.9|1|hamstring|left|6.0"
expect_eq "unknown is NULL" "$(sql "SELECT count(*) FROM training WHERE date = '2026-09-02' AND start_time = '07:15:00' AND fluid_ml IS NULL")" "1"
expect_eq "multi-line note kept" "$(sql "SELECT notes FROM training WHERE cramp_side = 'both'")" "second half
stopped play for 3 min"
# Two sessions without a time on one day are two rows, told apart by order.
expect_eq "untimed sessions" "$(sql "SELECT group_concat(session || ':' || seq, ',') FROM (SELECT * FROM training WHERE date = '2026-09-03' ORDER BY seq) AS q")" "long run:0,gym:1"
CASE

test_case 'the same file again changes nothing' <<'CASE'
fixture three three_kinds
fixture_db
before=$(sql "SELECT group_concat(import_id) FROM training")
run "import again" 0 import "$DATA/training-week.csv"
expect_in "second import unchanged" out "6 rows: 0 added, 0 updated, 6 unchanged, 0 rejected"
expect_eq "row count stays" "$(sql "SELECT count(*) FROM training")" "6"
expect_eq "rows not rewritten" "$(sql "SELECT group_concat(import_id) FROM training")" "$before"
CASE

test_case 'a corrected export: the changed row updated in place, the new one added' <<'CASE'
fixture three three_kinds
fixture_db
run "import corrected" 0 import "$DATA/training-week-corrected.csv"
expect_in "corrected summary" out "7 rows: 1 added, 1 updated, 5 unchanged, 0 rejected"
expect_eq "updated in place" "$(sql "SELECT duration_min FROM training WHERE date = '2026-09-02' AND start_time = '07:15:00'")" "45.0"
expect_eq "no duplicate" "$(sql "SELECT count(*) FROM training")" "7"
CASE

test_case 'status: counts, dates and imports, as text and json' <<'CASE'
fixture corrected corrected
fixture_db
run "status" 0 status
expect_in "status athletes" out "athletes   3"
expect_in "status training" out "training   7 sessions, 2 with a cramp"
expect_in "status dates" out "dates      2026-09-01 to 2026-09-04"
expect_in "status lists imports" out "training-week-corrected.csv: 7 rows, 1 added, 1 updated, 5 unchanged, 0 rejected"
run "status json" 0 status --format json
cp out status.json
expect_eq "json training" "$(json_get "$WORK/status.json" '$.training')" "7"
expect_eq "json hydration" "$(json_get "$WORK/status.json" '$.hydration')" "6"
expect_eq "json diet" "$(json_get "$WORK/status.json" '$.diet')" "4"
run "the last --format wins" 0 status --format json --format text
expect_in "the last --format wins: text" out "training"
[ "$(head -c 1 out)" != "{" ] && pass || fail "status printed json after --format text"
expect_eq "json athletes" "$(json_get "$WORK/status.json" '$.athletes')" "3"
expect_eq "json last import" "$(json_get "$WORK/status.json" '$.imports[0].updated')" "1"
CASE

test_case 'athletes: a table and json' <<'CASE'
fixture corrected corrected
fixture_db
run "athletes: the last --format wins" 0 athletes --format text --format json
[ "$(head -c 1 out)" = "[" ] || [ "$(head -c 1 out)" = "{" ] && pass || fail "athletes ignored the last --format"
run "athletes" 0 athletes
expect_in "athletes table" out "Zoë Müller"
expect_in "athletes header" out "sessions"
run "athletes json" 0 athletes --format json
cp out athletes.json
expect_eq "athlete json name" "$(json_get "$WORK/athletes.json" '$[0].name')" "Kai \"Bolt\" Tanaka"
expect_eq "athlete json counts" "$(json_get "$WORK/athletes.json" '$[2].training')" "3"
expect_eq "athlete json dates" "$(json_get "$WORK/athletes.json" '$[2].last_date')" "2026-09-04"
CASE

test_case 'standard input' <<'CASE'
fixture three three_kinds
fixture_db
run "stdin" 0 import --kind diet - < "$DATA/diet-week.csv"
expect_in "stdin named" out "<stdin>: diet, 4 rows: 0 added, 0 updated, 4 unchanged"
CASE

test_case 'a dry run writes nothing, makes no database or directory' <<'CASE'
fixture three three_kinds
fixture_db
run "dry run" 0 import --dry-run "$DATA/formats/imperial.tsv"
expect_in "dry run counts" out "1 rows: 1 added, 0 updated, 0 unchanged, 0 rejected (dry run: nothing written)"
expect_eq "dry run wrote nothing" "$(sql "SELECT count(*) FROM athletes WHERE name = 'Sam Lee'")" "0"
expect_eq "dry run not recorded" "$(sql "SELECT count(*) FROM imports WHERE file LIKE '%imperial%'")" "0"
# ... and makes no database when there is none, in a default directory
# either.
run "dry run, no database" 0 import --dry-run --db "$WORK/never.db" "$DATA/formats/imperial.tsv"
expect_in "dry run, no database: counted" out "1 rows: 1 added"
db_exists "$WORK/never.db" && fail "a dry run made a database" || pass
(
	unset CRAMPLOG_DB
	export XDG_DATA_HOME="$WORK/dry-xdg"
	"$CRAMPLOG_BIN" import --quiet --dry-run "$DATA/formats/imperial.tsv"
) && pass || fail "a dry run into the default place"
[ ! -e "$WORK/dry-xdg" ] && pass || fail "a dry run made the default directory"
CASE

test_case '--quiet prints nothing' <<'CASE'
fixture three three_kinds
fixture_db
run "quiet" 0 import --quiet "$DATA/hydration-week.csv"
expect_eq "quiet prints nothing" "$(cat out err)" ""
CASE

test_case 'soreness and sleep: a row of their own, soreness a whole number' <<'CASE'
fixture three three_kinds
fixture_db
# A morning's soreness (1 low to 4 extreme) is a measurement of its own: a
# row with nothing else is kept; outside the scale is an error.
printf 'date,time,athlete,body_mass_kg,soreness,sleep_h\n2026-09-05,07:00,Zoë Müller,61.0,3,7.5\n2026-09-06,07:00,Zoë Müller,,2,\n2026-09-07,07:00,Zoë Müller,,,6.25\n' > sore.csv
run "soreness and sleep" 0 import sore.csv
expect_in "soreness rows" out "3 rows: 3 added"
expect_eq "soreness and sleep stored" "$(sql "SELECT group_concat(date || '=' || ifnull(body_mass_kg, '-') || '/' || ifnull(soreness, '-') || '/' || ifnull(sleep_h, '-'), ' ') FROM hydration WHERE date >= '2026-09-05'")" "2026-09-05=61.0/3/7.5 2026-09-06=-/2/- 2026-09-07=-/-/6.25"
expect_eq "no soreness is NULL" "$(sql "SELECT count(*) FROM hydration WHERE soreness IS NULL AND date < '2026-09-05'")" "$(sql "SELECT count(*) FROM hydration WHERE date < '2026-09-05'")"
printf 'date,athlete,soreness\n2026-09-07,Zoë Müller,2.5\n' > sore-bad.csv
run "soreness not a whole number" 65 import sore-bad.csv
expect_in "soreness located" err "sore-bad.csv:2:3: soreness"
CASE

test_case 'sweat sodium from a patch test: stored, range-checked, held until the next' <<'CASE'
# An athlete's own sweat sodium (mg/L), measured by a sweat patch test, is an
# optional training column; it holds from its day until the next measurement.
printf 'date,start_time,athlete,duration_min,pre_mass_kg,post_mass_kg,fluid_ml,sweat_sodium_mg_l\n2026-05-01,09:00,Ana,60,70.0,69.0,0,\n2026-05-02,09:00,Ana,60,70.0,69.0,0,1200\n2026-05-03,09:00,Ana,60,70.0,69.5,500,\n' > sweat.csv
run "sweat sodium imports" 0 import sweat.csv
expect_eq "stored where measured" "$(sql "SELECT group_concat(date || '=' || ifnull(sweat_sodium_mg_l, '-'), ' ') FROM training")" "2026-05-01=- 2026-05-02=1200.0 2026-05-03=-"
run "exposures" 0 exposures
expect_eq "the default, then the athlete's own, held" "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "sweat_sodium_mg_l") c = i; next } { printf "%s ", $c }' out)" "825 1200 1200 "
run "a re-import changes nothing" 0 import sweat.csv
expect_in "unchanged" out "0 added, 0 updated, 3 unchanged"
printf 'date,athlete,duration_min,sweat_sodium_mg_l\n2026-05-04,Ana,60,50\n' > sweat-bad.csv
run "out of range" 65 import sweat-bad.csv
expect_in "located, with its range" err "sweat-bad.csv:2:4: sweat_sodium_mg_l: 50 is outside 100 to 5000 mg/L"
CASE

finish
