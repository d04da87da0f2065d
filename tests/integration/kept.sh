# The kept exposures (issue 17, docs/database.md), on SQLite and on
# PostgreSQL: after imports in any order, corrections, partial overlaps,
# new athletes, rows far in the past and refused files, the kept tables
# hold row for row what a full recomputation makes of the log rows, and
# the read commands give what they give from the log rows. On SQLite;
# with CRAMPLOG_TEST_BACKEND=pg (ctest's integration_pg/kept, beside
# integration/kept) the same cases on the throwaway cluster lib.bash
# starts, and a case about roles.
. "$(dirname "$0")/lib.bash"

SAMPLE="$DATA/../../sample-data"

# on_db DB SQL: runs SQL (tables unqualified) on DB, a file or a URI.
on_db() {
	case $1 in
	postgres*) "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" \
		-c "SET search_path = cramplog; $2" ;;
	*) sqlite3 -batch -noheader "$1" "$2" ;;
	esac
}

# kept_dump DB: both kept tables, in key order (the flag values' blob
# in hex: PostgreSQL shows a bytea so, sqlite3 its raw bytes).
kept_dump() {
	case $1 in
	postgres*) on_db "$1" "SELECT * FROM kept_days ORDER BY athlete_id, date;
		    SELECT * FROM kept_sessions ORDER BY athlete_id, date, ord" ;;
	*) on_db "$1" "SELECT * FROM kept_days ORDER BY athlete_id, date;
		    SELECT *, hex(flag_values) FROM kept_sessions
		    ORDER BY athlete_id, date, ord" ;;
	esac
}

# expect_kept_full NAME DB: the kept tables are what a full recomputation
# makes (every athlete pending, made again by the next writer to open the
# database), and exposures reads the same from them as from the rows, for
# the kept window and for another, as analyze does its pattern counts.
expect_kept_full() {
	local name=$1 db=$2
	kept_dump "$db" >kept.inc
	if [ ! -s kept.inc ]; then
		fail "$name: the kept tables are empty"
		return
	fi
	# The kept window, and another one (from the kept days).
	for w in 1 4; do
		CRAMPLOG_KEPT=0 cramplog exposures --window $w --format json \
			--db "$db" >rows.json
		cramplog exposures --window $w --format json --db "$db" >kept.json
		if cmp -s rows.json kept.json; then
			pass
		else
			fail "$name: exposures --window $w from the kept tables differ from the rows"
			diff rows.json kept.json | head -5 >&2
		fi
	done
	# analyze's flags from the pattern counts of the kept sessions (a
	# GROUP BY in the store), as from the rows.
	# (Under valgrind, the first through it: the others only multiply its
	# time.)
	local args runner=cramplog
	for args in "" "--design within" "--model mle --threshold low_sodium_mg=2000" \
		"--factors dehydration,sodium_deficit,high_load --from 2026-10-01"; do
		CRAMPLOG_KEPT=0 cramplog_bin analyze $args --format json --db "$db" \
			>rows.json 2>&1 || fail "$name: analyze $args: $(cat rows.json)"
		$runner analyze $args --format json --db "$db" >kept.json 2>&1 ||
			fail "$name: analyze $args (kept): $(cat kept.json)"
		runner=cramplog_bin
		if cmp -s rows.json kept.json; then
			pass
		else
			fail "$name: analyze $args from the kept counts differs from the rows"
			diff rows.json kept.json | head -5 >&2
		fi
	done
	# report's flags of every session from the kept sessions and its
	# period's rows in full, as from the rows (the squad's model and
	# backtest, an athlete's part, an earlier span); validate's backtest
	# from the flags alone, and its sessions one by one with their start
	# times read in the flags' snapshot.
	local k
	for k in 1 2 3 4 5; do
		case $k in
		1) set -- report --format json ;;
		2) set -- report --format markdown --athlete 'Marta Petrović' ;;
		3) set -- report --from 2026-09-14 --to 2026-09-27 --model mle ;;
		4) set -- validate --format json --from 2026-09-21 ;;
		5) set -- validate --format csv --to 2026-10-25 ;;
		esac
		CRAMPLOG_KEPT=0 cramplog_bin "$@" --db "$db" >rows.json 2>&1
		cramplog_bin "$@" --db "$db" >kept.json 2>&1
		if [ -s kept.json ] && cmp -s rows.json kept.json; then
			pass
		else
			fail "$name: $* from the kept flags differs from the rows"
			diff rows.json kept.json | head -5 >&2
		fi
	done
	# report's charts: the team's, the factors' and the calibration's
	# from the flags, each charted athlete's history and load from their
	# full rows read in the same snapshot, as from the rows.
	# (gnuplot draws them: without it, nothing to compare.)
	if command -v "${CRAMPLOG_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
		rm -rf charts rows.charts
		CRAMPLOG_KEPT=0 cramplog_bin report --charts charts --db "$db" \
			>/dev/null 2>&1
		mv charts rows.charts 2>/dev/null
		cramplog_bin report --charts charts --db "$db" >/dev/null 2>&1
		if [ -f charts/team.dat ] && [ -f charts/factors.dat ] &&
		   ls charts/history-1-*.dat >/dev/null 2>&1 &&
		   diff -r -x '*.png' rows.charts charts >/dev/null; then
			pass
		else
			fail "$name: report --charts from the kept flags differs from the rows"
			diff -r -x '*.png' rows.charts charts | head -5 >&2
		fi
	fi
	# plot's team (episodes and risks), factors and calibration from the
	# kept flags and counts, as from the rows.
	for k in team "team --risk" factors calibration; do
		rm -rf plots rows.plots
		mkdir plots
		CRAMPLOG_KEPT=0 cramplog_bin plot $k --no-render --out plots/c.svg \
			--db "$db" >/dev/null 2>plots/err
		mv plots rows.plots
		mkdir plots
		cramplog_bin plot $k --no-render --out plots/c.svg --db "$db" \
			>/dev/null 2>plots/err
		if { [ -s plots/c.dat ] || [ "$k" = calibration ]; } &&
		   diff -r rows.plots plots >/dev/null; then
			pass
		else
			fail "$name: plot $k from the kept flags differs from the rows"
			diff -r rows.plots plots | head -5 >&2
		fi
	done
	on_db "$db" "DELETE FROM kept_days; DELETE FROM kept_sessions;
		     INSERT INTO kept_pending SELECT id, '' FROM athletes" ||
		fail "$name: cannot clear the kept tables"
	run "$name: recompute" 0 upgrade --db "$db"
	kept_dump "$db" >kept.full
	if cmp -s kept.inc kept.full; then
		pass
	else
		fail "$name: the kept tables differ from a full recomputation"
		diff kept.inc kept.full | head -6 >&2
	fi
}

# The database of a case on the backend given: a file, or a new database
# on the throwaway cluster (empty when PostgreSQL is missing: skip then).
case_db() {
	if [ "$1" = pg ]; then
		pg_new_db
	else
		echo "$CRAMPLOG_DB"
	fi
}

# A copy of a sample file with one value changed: the first row's
# column col set to value.
changed_copy() {
	local file=$1 col=$2 value=$3
	awk -F, -v OFS=, -v c="$col" -v v="$value" \
		'NR == 2 { $c = v } { print }' "$file"
}

# The cases, each run on the backend of the script's run.
imports_in_any_order() {
	local db n=0
	db=$(case_db "$1") || { fail "createdb"; return; }
	# Weeks out of order, kinds interleaved.
	for week in 40 36 44 38 37 43 39 42 41; do
		for kind in diet training hydration; do
			run "import $kind W$week" 0 import --db "$db" \
				"$SAMPLE/$kind-2026-W$week.csv"
		done
		n=$((n + 1))
		[ $((n % 3)) -eq 0 ] && expect_kept_full "after $n weeks" "$db"
	done
}

corrections_and_overlaps() {
	local db
	db=$(case_db "$1") || { fail "createdb"; return; }
	run "import" 0 import --db "$db" "$SAMPLE"/*-2026-W3[6-9].csv \
		"$SAMPLE"/*-2026-W4[0-2].csv
	# An early session's pre-session mass and tightness corrected: the
	# days after it change too (ACWR, window, body mass in force).
	changed_copy "$SAMPLE/training-2026-W37.csv" 8 71.5 >training-W37.csv
	run "corrected training" 0 import --db "$db" training-W37.csv
	changed_copy "$SAMPLE/hydration-2026-W38.csv" 9 60.2 >hydration-W38.csv
	run "corrected body mass" 0 import --db "$db" hydration-W38.csv
	expect_kept_full "corrections" "$db"
	# A file across weeks already stored and new ones.
	{ cat "$SAMPLE/training-2026-W42.csv"
	  tail -n +2 "$SAMPLE/training-2026-W43.csv"; } |
		changed_copy /dev/stdin 12 9 >training-W42-43.csv
	run "overlapping" 0 import --db "$db" training-W42-43.csv
	expect_kept_full "overlap" "$db"
}

new_athletes_and_the_past() {
	local db
	db=$(case_db "$1") || { fail "createdb"; return; }
	run "import" 0 import --db "$db" "$SAMPLE"/*-2026-W4[0-4].csv
	# A new athlete's hydration first (no session: nothing kept), then
	# their sessions.
	cat >new-hydration.csv <<'EOF'
date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,body_mass_kg
2026-09-20,07:00,Nadia New,500,300,200,4,1.015,62.0
2026-10-06,07:00,Nadia New,800,,,6,1.024,
EOF
	run "new athlete's hydration" 0 import --db "$db" new-hydration.csv
	expect_kept_full "hydration only" "$db"
	cat >new-training.csv <<'EOF'
date,start_time,athlete,session,duration_min,rpe,distance_km,pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,cramp_muscle,cramp_side,cramp_severity,notes
2026-10-05,09:00,Nadia New,run,60,6,10,62.1,61.0,300,18,7,yes,calf,left,5,
2026-10-07,09:00,Nadia New,run,45,5,8,,,,18,3,no,,,,
EOF
	run "new athlete's sessions" 0 import --db "$db" new-training.csv
	expect_kept_full "new athlete" "$db"
	# Rows far in the past: a session and a body mass a year before.
	cat >past-training.csv <<'EOF'
date,start_time,athlete,session,duration_min,rpe,distance_km,pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,cramp_muscle,cramp_side,cramp_severity,notes
2025-09-01,09:00,Nadia New,run,30,4,5,64.0,63.5,,15,2,yes,hamstring,right,3,
2025-09-03,09:00,Marta Petrović,run,30,4,5,85.0,84.0,,15,2,no,,,,
EOF
	run "the past" 0 import --db "$db" past-training.csv
	expect_kept_full "far in the past" "$db"
}

refused_file_changes_nothing() {
	local db
	db=$(case_db "$1") || { fail "createdb"; return; }
	run "import" 0 import --db "$db" "$SAMPLE"/*-2026-W4[34].csv
	kept_dump "$db" >before
	{ cat "$SAMPLE/training-2026-W42.csv"
	  echo "2026-10-20,09:00,Marta Petrović,run,60,11,5,,,,,,no,,,,"; } \
		>bad-training.csv
	run "refused" 65 import --db "$db" bad-training.csv
	kept_dump "$db" >after
	if cmp -s before after; then
		pass
	else
		fail "a refused file changed the kept tables"
	fi
	expect_kept_full "after a refused file" "$db"
}

# An import of several files commits each but makes the kept exposures
# once, at the end: also when its last file is refused, and none waits
# after it (leaving store_keep_now out makes this case fail).
several_files_in_one_import() {
	local db
	db=$(case_db "$1") || { fail "createdb"; return; }
	run "import" 0 import --db "$db" "$SAMPLE"/*-2026-W4[01].csv
	{ cat "$SAMPLE/training-2026-W44.csv"
	  echo "2026-11-05,09:00,Marta Petrović,run,60,11,5,,,,,,no,,,,"; } \
		>bad-training.csv
	run "three files, the last refused" 65 import --db "$db" \
		"$SAMPLE/training-2026-W42.csv" "$SAMPLE/hydration-2026-W42.csv" \
		bad-training.csv
	expect_eq "nothing pending" \
		"$(on_db "$db" "SELECT count(*) FROM kept_pending")" 0
	expect_eq "the week kept" "$(on_db "$db" "SELECT count(*) FROM
		kept_sessions WHERE date BETWEEN '2026-10-12' AND '2026-10-18'")" \
		"$(on_db "$db" "SELECT count(*) FROM training WHERE
		date BETWEEN '2026-10-12' AND '2026-10-18'")"
	expect_kept_full "after a refused last file" "$db"
	run "a dry run" 0 import --dry-run --db "$db" \
		"$SAMPLE/diet-2026-W42.csv" "$SAMPLE/training-2026-W43.csv"
	expect_eq "nothing pending after a dry run" \
		"$(on_db "$db" "SELECT count(*) FROM kept_pending")" 0
	run "two weeks" 0 import --db "$db" "$SAMPLE"/*-2026-W4[23].csv
	expect_kept_full "two weeks in one import" "$db"
}

# A session's history is a cramp in the 90 days before it: an import
# touching that session's day must read back 90 days (shrinking
# EXPOSURE_KEEP_REACH_DAYS by one makes this case fail).
the_reach_back() {
	local db
	db=$(case_db "$1") || { fail "createdb"; return; }
	cat >reach.csv <<'EOF'
date,start_time,athlete,session,duration_min,rpe,distance_km,pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,cramp_muscle,cramp_side,cramp_severity,notes
2026-01-01,09:00,Rita Reach,run,60,6,10,70,69,,15,3,yes,calf,left,4,
2026-04-01,09:00,Rita Reach,run,60,6,10,70,69,,15,3,no,,,,
EOF
	run "sessions 90 days apart" 0 import --db "$db" reach.csv
	cat >reach-hydration.csv <<'EOF'
date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,body_mass_kg
2026-04-01,07:00,Rita Reach,400,,,3,1.010,70.2
EOF
	run "that day's hydration" 0 import --db "$db" reach-hydration.csv
	expect_eq "history of the later session" \
		"$(on_db "$db" "SELECT history FROM kept_sessions
				 WHERE date = '2026-04-01'")" 1
	expect_kept_full "reach" "$db"
}

# A database of schema 6 (the kept tables dropped, as schema 6 had none)
# upgraded: the kept exposures made by the upgrade, as a full
# recomputation makes them; and tests/data/schema-1.db, upgraded from 1.
schema_6_upgraded() {
	local db
	db=$(case_db "$1") || { fail "createdb"; return; }
	run "import" 0 import --db "$db" "$SAMPLE"/*-2026-W4[0-4].csv
	schema_9_undone "$db"
	case $db in
	postgres*) on_db "$db" "DROP TABLE kept_days, kept_sessions, kept_pending;
		COMMENT ON SCHEMA cramplog IS 'cramplog schema 6'" ;;
	*) on_db "$db" "DROP TABLE kept_days; DROP TABLE kept_sessions;
		DROP TABLE kept_pending; PRAGMA user_version = 6" ;;
	esac
	run "a reader asks for the upgrade" 66 exposures --db "$db"
	run "upgrade" 0 upgrade --db "$db"
	expect_in "upgraded" out "upgraded from schema version 6 to 10"
	expect_eq "nothing pending" "$(on_db "$db" "SELECT count(*) FROM kept_pending")" 0
	expect_kept_full "schema 6 upgraded" "$db"
	if [ "$1" = sqlite ]; then
		cp "$DATA/schema-1.db" old.db
		run "upgrade from 1" 0 upgrade --db old.db
		expect_kept_full "schema 1 upgraded" old.db
	fi
}

# A database of schema 7 (the kept sessions without their flag values'
# blob and its index) upgraded: the kept exposures made again, with the
# blob, as a full recomputation makes them; until then the readers ask
# for the upgrade.
schema_7_upgraded() {
	local db
	db=$(case_db "$1") || { fail "createdb"; return; }
	run "import" 0 import --db "$db" "$SAMPLE"/*-2026-W4[0-4].csv
	schema_9_undone "$db"
	case $db in
	postgres*) on_db "$db" "ALTER TABLE kept_sessions DROP COLUMN flag_values;
		COMMENT ON SCHEMA cramplog IS 'cramplog schema 7'" ;;
	*) on_db "$db" "DROP INDEX kept_session_flags;
		ALTER TABLE kept_sessions DROP COLUMN flag_values;
		PRAGMA user_version = 7" ;;
	esac
	run "a reader asks for the upgrade" 66 analyze --db "$db"
	expect_in "names upgrade" err "schema version 7 and this cramplog reads version 10"
	run "upgrade" 0 upgrade --db "$db"
	expect_in "upgraded" out "upgraded from schema version 7 to 10"
	expect_eq "nothing pending" "$(on_db "$db" "SELECT count(*) FROM kept_pending")" 0
	expect_eq "every session's flag values" "$(on_db "$db" "SELECT count(*)
		FROM kept_sessions WHERE flag_values IS NULL")" 0
	expect_kept_full "schema 7 upgraded" "$db"
}

for c in imports_in_any_order corrections_and_overlaps \
	new_athletes_and_the_past refused_file_changes_nothing \
	several_files_in_one_import the_reach_back schema_6_upgraded \
	schema_7_upgraded; do
	test_case "$BACKEND: ${c//_/ }" <<CASE
if [ $BACKEND = pg ]; then pg_need || return 0; fi
$c $BACKEND
CASE
done

# PostgreSQL: roles given a team before the upgrade to schema 7 read the
# kept tables, and one that imports writes them (under row-level
# security), as the owner does.
if [ "$BACKEND" = pg ]; then
test_case 'pg: roles granted before the upgrade read and write the kept tables' <<'CASE'
pg_need || return 0
uri=$(pg_new_db) || { fail "createdb"; return; }
psql_q "$uri" "CREATE ROLE kept_reader LOGIN; CREATE ROLE kept_writer LOGIN" >/dev/null
for w in 42 43 44; do
	awk 'NR == 1 { print $0 ",team"; next } { print $0 ",Lions" }' \
		"$SAMPLE/training-2026-W$w.csv" >"training-W$w.csv"
done
run "import" 0 import --db "$uri" training-W4[2-4].csv \
	"$SAMPLE"/hydration-2026-W4[2-4].csv "$SAMPLE"/diet-2026-W4[2-4].csv
run "grant read" 0 grant kept_reader --team Lions --read --db "$uri"
run "grant write" 0 grant kept_writer --team Lions --write --db "$uri"
schema_9_undone "$uri"
on_db "$uri" "DROP TABLE kept_days, kept_sessions, kept_pending;
	COMMENT ON SCHEMA cramplog IS 'cramplog schema 6'"
run "upgrade" 0 upgrade --db "$uri"
run "exposures as the owner" 0 exposures --format json --db "$uri"
mv out owner.json
run "exposures as the reader" 0 exposures --format json --db "${uri/user=cramplog/user=kept_reader}"
expect_eq "the reader reads the same" "$(md5sum <out)" "$(md5sum <owner.json)"
changed_copy training-W43.csv 12 9 >changed-W43.csv
run "the writer imports" 0 import --db "${uri/user=cramplog/user=kept_writer}" changed-W43.csv
expect_kept_full "after the writer's import" "$uri"
CASE
fi

finish
