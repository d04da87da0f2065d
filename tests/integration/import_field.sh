# App exports as people have them (issue 11): each fixture in
# tests/data/apps/ keeps a real export's header line (and its quirky cells)
# verbatim, with made-up values; docs/formats.md names each header's
# source. Each case checks the values stored and that a second import
# changes nothing.
. "$(dirname "$0")/lib.bash"
APPS=$DATA/apps
A=(--athlete "Ana Test")

# q DB SQL: one value from a test database.
q() { sqlite3 "$1" "$2"; }
# twice NAME DB FILE ARGS...: imports FILE again and expects no change.
twice() {
	local name=$1 db=$2 file=$3
	shift 3
	run "$name: again" 0 import --db "$db" "${A[@]}" "$@" "$file"
	expect_in "$name: again, nothing changes" out " 0 added, 0 updated,"
}

# ---- 2. A value of 0 where the app means "not recorded" ----
run "strava 0 heart rate" 0 import --db zhr.db "${A[@]}" "$APPS/strava-zero-heart-rate.csv"
expect_in "strava 0 heart rate: both rows" out "2 rows: 2 added"
expect_eq "strava 0 heart rate and calories are unknown" \
	"$(q zhr.db "SELECT avg_hr IS NULL AND energy_kcal IS NULL AND load IS NULL FROM training WHERE session = 'Virtual Ride'")" "1"
expect_eq "strava: a real heart rate kept" \
	"$(q zhr.db "SELECT avg_hr || '|' || energy_kcal || '|' || load FROM training WHERE session = 'Run'")" "148.0|610.0|52.0"
twice "strava 0 heart rate" zhr.db "$APPS/strava-zero-heart-rate.csv"
run "intervals 0 heart rate" 0 import --db izhr.db "${A[@]}" "$APPS/intervals-zero-heart-rate.csv"
expect_in "intervals 0 heart rate: both rows" out "2 rows: 2 added"
expect_eq "intervals: 0 heart rate, calories, load and RPE are unknown" \
	"$(q izhr.db "SELECT count(*) FROM training WHERE session = 'VirtualRide' AND avg_hr IS NULL AND energy_kcal IS NULL AND load IS NULL AND rpe IS NULL")" "1"
expect_eq "intervals: real values kept" \
	"$(q izhr.db "SELECT avg_hr || '|' || load || '|' || rpe FROM training WHERE session = 'Run'")" "138.0|35.0|4.0"
twice "intervals 0 heart rate" izhr.db "$APPS/intervals-zero-heart-rate.csv"

finish
