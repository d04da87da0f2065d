# Bad input: every problem is listed as FILE:LINE:COLUMN: message, the exit
# status is 65 and nothing of the file is written; --skip-invalid imports
# the valid rows. Usage errors exit 64, a missing file 66.
. "$(dirname "$0")/lib.bash"
B="$DATA/bad"

# A database holding a good training log, copied by the cases below.
good_file() { run "good file first" 0 import "$DATA/training-week.csv"; }
snapshot() { sql "SELECT (SELECT count(*) FROM training), (SELECT count(*) FROM hydration), (SELECT count(*) FROM athletes), (SELECT count(*) FROM imports)"; }

test_case 'a value out of range: placed, 65, nothing written' <<'CASE'
fixture good good_file
fixture_db
before=$(snapshot)
run "bad value" 65 import "$B/bad-value.csv"
expect_in "place and column name" err "$B/bad-value.csv:4:6: rpe: 12 is outside 0 to 10"
expect_in "rejected summary" out "rejected, nothing written (1 of 4 rows invalid"
expect_eq "nothing written" "$(snapshot)" "$before"
CASE

test_case 'many problems: each at its line and column' <<'CASE'
fixture good good_file
fixture_db
before=$(snapshot)
run "many problems" 65 import "$B/many-problems.csv"
expect_in "impossible date" err "many-problems.csv:2:1: date: '2026-02-30' is not a date"
expect_in "bad time" err "many-problems.csv:3:2: start_time: '25:00' is not a time of day"
expect_in "newline shown escaped" err "many-problems.csv:3:4: duration_min: '6\n0' is not a number"
expect_in "field on the row's second line" err "many-problems.csv:4:5: cramp: 'maybe' is not yes or no"
expect_in "required value" err "many-problems.csv:5:3: athlete: a value is required"
expect_in "bad side" err "many-problems.csv:5:7: cramp_side: 'up' is not left, right or both"
expect_eq "still nothing written" "$(snapshot)" "$before"
CASE

test_case '--skip-invalid: the valid rows imported, the bad one listed' <<'CASE'
fixture good good_file
fixture_db
run "skip invalid" 0 import --skip-invalid "$B/bad-value.csv"
expect_in "skip summary" out "4 rows: 3 added, 0 updated, 0 unchanged, 1 rejected"
expect_in "skip lists the bad row" err "bad-value.csv:4:6: rpe: 12 is outside 0 to 10"
expect_eq "valid rows written" "$(sql "SELECT count(*) FROM training t JOIN athletes a ON a.id = t.athlete_id WHERE a.name = 'Ana'")" "3"
CASE

test_case 'a bad header, encoding or quoting: placed, nothing written' <<'CASE'
fixture good good_file
fixture_db
before=$(snapshot)
run "missing column" 65 import "$B/missing-column.csv"
expect_in "missing column message" err "missing-column.csv:1: missing required column 'duration_min' for a training log"
run "duplicate column" 65 import "$B/duplicate-column.csv"
expect_in "duplicate column message" err "duplicate-column.csv:1:5: pre_mass_lb repeats pre_mass_kg (column 4)"
run "bad utf-8" 65 import "$B/bad-utf8.csv"
expect_in "utf-8 message" err "bad-utf8.csv:2:3: invalid UTF-8"
run "unclosed quote" 65 import "$B/unclosed-quote.csv"
expect_in "unclosed quote at its line" err "unclosed-quote.csv:3:3: the quote that opens this field is never closed"
run "stray quote" 65 import "$B/stray-quote.csv"
expect_in "stray quote message" err "stray-quote.csv:2:3: malformed quoting"
run "extra field" 65 import "$B/extra-field.csv"
expect_in "extra field message" err "extra-field.csv:2:6: a value beyond the header's 5 columns"
run "empty file" 65 import "$B/empty.csv"
expect_in "empty message" err "empty.csv:1: the file is empty"
expect_eq "none of them wrote" "$(snapshot)" "$before"
CASE

test_case 'one bad file among good ones: the good ones land, 65' <<'CASE'
fixture good good_file
fixture_db
run "mixed files" 65 import "$DATA/hydration-week.csv" "$B/bad-value.csv"
expect_in "good file landed" out "hydration-week.csv: hydration, 6 rows: 6 added"
CASE

# cut_export OUT: the Strava export cut short in its last row, after
# "3979.0,38" (its moving time was 3871.0 s: 38 would be a 64-minute run
# stored as 38 seconds).
cut_export() {
	local s="$DATA/apps/strava-activities.csv" n
	n=$(grep -b -o '3979.0,38' "$s" | head -n 1 | cut -d: -f1)
	head -c $((n + 9)) "$s" >"$1"
}

test_case 'a file cut short in its last row: where it ends, 65, nothing of it written, the next file imported' <<'CASE'
fixture good good_file
fixture_db
before=$(snapshot)
cut_export strava-cut.csv
TZ=UTC run "cut export" 65 import --athlete Zed strava-cut.csv "$DATA/apps/garmin-activities.csv"
expect_in "export: where it ends" err "strava-cut.csv:2:17: the file ends in the middle of a row (17 of 23 fields, no line break after it): is it cut short?"
expect_in "export rejected" out "strava-cut.csv: rejected, nothing written"
expect_in "the next export imported" out "garmin-activities.csv: training (garmin), 4 rows: 4 added"
expect_eq "nothing of the cut export" "$(sql "SELECT (SELECT count(*) FROM training WHERE source = 'strava'), (SELECT count(*) FROM imports WHERE file LIKE '%strava-cut.csv')")" "0|0"
# The first 300 bytes of a week's log: its second row ends in "2", the
# first digit of 250 ml. --skip-invalid does not take the row before it.
head -c 300 "$DATA/../../sample-data/training-2026-W36.csv" >training-cut.csv
# A second copy of the set-up (on PostgreSQL, fixture_db twice in a case
# gives the same database, with the export's rows).
db_copy "$FIXTURE/test.db" "$WORK/log.db"
CRAMPLOG_DB=$WORK/log.db
run "cut log" 65 import --skip-invalid training-cut.csv "$DATA/hydration-week.csv"
expect_in "log: where it ends" err "training-cut.csv:3:10: the file ends in the middle of a row (10 of 17 fields, no line break after it): is it cut short?"
expect_in "log rejected" out "training-cut.csv: rejected, nothing written"
expect_in "the next log imported" out "hydration-week.csv: hydration, 6 rows: 6 added"
expect_eq "nothing of the cut log" "$(sql "SELECT (SELECT count(*) FROM training), (SELECT count(*) FROM imports WHERE file LIKE '%training-cut.csv')")" "${before%%|*}|0"
CASE

test_case 'a complete last row without a line break after it: imported whole' <<'CASE'
printf '%s' "$(cat "$DATA/apps/strava-activities.csv")" >strava.csv
printf '%s' "$(cat "$DATA/../../sample-data/training-2026-W36.csv")" >training.csv
expect_eq "no final line breaks" "$(tail -c 1 strava.csv | wc -l) $(tail -c 1 training.csv | wc -l)" "0 0"
TZ=UTC run "export, with its line break" 0 import --db whole.db --athlete Zed "$DATA/apps/strava-activities.csv"
run "log, with its line break" 0 import --db whole.db "$DATA/../../sample-data/training-2026-W36.csv"
TZ=UTC run "export without" 0 import --athlete Zed strava.csv
run "log without" 0 import training.csv
expect_not_in "no warning" err "warning"
q="SELECT source, count(*), sum(duration_min), sum(fluid_ml) FROM training GROUP BY source"
expect_eq "the same rows" "$(sql "$q")" "$(sql_db whole.db "$q")"
CASE

test_case 'a short row ending with a line break: its missing cells unknown, a warning at the first' <<'CASE'
{
	head -n 2 "$DATA/training-week.csv"
	echo "2026-09-02,17:30,Ana,easy,40"
	tail -n +3 "$DATA/training-week.csv"
	echo "2026-09-08,07:00,Ana,long,90,,,,,"
} >short.csv
run "short rows" 0 import -q short.csv
expect_in "warning at the first" err "short.csv:3:5: warning: the row ends early (5 of 17 fields): the cells it lacks are unknown (the first of 2 such rows)"
expect_eq "one warning" "$(grep -c 'ends early' err)" "1"
expect_eq "stored, the rest unknown" "$(sql "SELECT t.duration_min, t.rpe IS NULL, t.fluid_ml IS NULL, t.cramp FROM training t JOIN athletes a ON a.id = t.athlete_id WHERE a.name = 'Ana' ORDER BY t.date")" "40.0|1|1|0
90.0|1|1|0"
expect_eq "every row" "$(sql "SELECT count(*) FROM training")" "8"
CASE

test_case 'json: the problems with line and column' <<'CASE'
fixture good good_file
fixture_db
run "json errors" 65 import --format json "$B/bad-value.csv"
cp out errors.json
expect_eq "json rejected" "$(json_get "$WORK/errors.json" '$[0].rejected')" "1"
expect_eq "json line" "$(json_get "$WORK/errors.json" '$[0].errors[0].line')" "4"
expect_eq "json column" "$(json_get "$WORK/errors.json" '$[0].errors[0].column')" "6"
expect_eq "json message" "$(json_get "$WORK/errors.json" '$[0].errors[0].message')" "rpe: 12 is outside 0 to 10"
expect_eq "json imported" "$(json_get "$WORK/errors.json" '$[0].imported')" "0"
CASE

test_case 'usage errors 64, a missing file 66 and no database made' <<'CASE'
run "no file" 64 import
expect_in "no file message" err "no file to import"
run "bad kind" 64 import --kind sleep x.csv
expect_in "bad kind message" err "--kind must be training, hydration or diet"
run "bad format" 64 import --format xml x.csv
run "unknown option" 64 import --frobnicate x.csv
expect_in "unknown option message" err "unknown option '--frobnicate'"
run "missing file" 66 import "$WORK/no-such.csv"
expect_in "missing file message" err "no-such.csv: cannot open: No such file or directory"
# No file that opens: no database made either (review 9: a mistyped name
# made an empty one, and the next read said an empty squad, not "no
# database"); one file that opens makes it.
expect_eq "missing file: no database made" "$(db_exists "$CRAMPLOG_DB" && echo made)" ""
run "two missing files" 66 import "$WORK/no-such.csv" "$WORK/nor-this.csv"
expect_eq "two missing files: no database made" "$(db_exists "$CRAMPLOG_DB" && echo made)" ""
run "status after" 66 status
[ "$BACKEND" = pg ] || expect_in "status after: no database" err "no database at"
run "directory" 66 import "$WORK"
run "a missing file and one that opens" 66 import "$WORK/no-such.csv" "$DATA/diet-week.csv"
expect_eq "the database made" "$(sql "SELECT count(*) FROM diet")" "4"
# A named pipe whose writer waits for a reader: read whole (telling which
# files open must not open it, or its writer would find no reader).
mkfifo pipe.csv
cat "$DATA/hydration-week.csv" >pipe.csv &
run "a named pipe" 0 import --db piped.db pipe.csv
wait
expect_in "a named pipe: read whole" out "pipe.csv: hydration, 6 rows: 6 added"
run "unknown command" 64 frobnicate
run "help" 0 import --help
expect_in "help usage" out "usage: cramplog import"
run "top help" 0 --help
expect_in "top help lists import" out "import"
run "version" 0 --version
CASE

finish
