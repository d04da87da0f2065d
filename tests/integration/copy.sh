# cramplog copy (issue 16): a whole database into an empty one, SQLite to
# PostgreSQL and back, and within each; every row arrives as stored, the
# commands give the same output on both, the counts are checked, and a copy
# refused or interrupted leaves the destination as it was. The PostgreSQL
# cases run against pg.bash's throwaway cluster (they skip without one,
# unless CRAMPLOG_REQUIRE_PG is set).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/pg.bash"

pg_start

SAMPLE="$DATA/../../sample-data"
TABLES="athletes imports training hydration diet app_units kept_days kept_sessions"

# The sample squad, a team for each athlete (test.db).
squad() {
	local f
	mkdir logs
	for f in "$SAMPLE"/training-*.csv; do
		teams_log "$f" "logs/$(basename "$f")"
	done
	run "import the squad" 0 import "$SAMPLE"/hydration-*.csv \
		"$SAMPLE"/diet-*.csv logs/*.csv
}
# The app exports of tests/data/apps, one athlete's, with a team and units
# (app_units), and a native week beside them (test.db).
apps() {
	local f
	for f in "$DATA"/apps/*.csv; do
		"$CRAMPLOG_BIN" import --athlete "Ana Ruiz" --team Lions --units metric \
			"$f" >/dev/null 2>&1
	done
	run "a native week" 0 import "$DATA"/training-week.csv \
		"$DATA"/hydration-week.csv "$DATA"/diet-week.csv
	expect_eq "units kept" "$(sql "SELECT count(*) > 5 FROM app_units")" 1
}

# same_tables A B: the SQLite files A and B hold the same rows, value for
# value (compared by SQLite itself, each way), in every table.
same_tables() {
	local t diff
	for t in $TABLES; do
		diff=$(sqlite3 -batch -noheader "$1" "ATTACH '$2' AS b;
			SELECT (SELECT count(*) FROM (SELECT * FROM main.$t EXCEPT SELECT * FROM b.$t))
			 + (SELECT count(*) FROM (SELECT * FROM b.$t EXCEPT SELECT * FROM main.$t))
			 + (SELECT count(*) FROM main.$t) - (SELECT count(*) FROM b.$t)")
		expect_eq "$t: the same rows in $(basename "$1") and $(basename "$2")" "$diff" 0
	done
}

# same_output A B: status (but for the database's line), athletes,
# exposures, analyze and report in JSON the same on databases A and B
# (run without valgrind: their own tests run them through it).
same_output() {
	local c
	for c in status athletes exposures analyze report; do
		"$CRAMPLOG_BIN" $c --format json --db "$1" >a.json 2>a.err
		"$CRAMPLOG_BIN" $c --format json --db "$2" >b.json 2>b.err
		sed -i 's/"database": "[^"]*", //' a.json b.json
		if [ -s a.json ] && cmp -s a.json b.json; then
			pass
		else
			fail "$c --format json differs, or is empty"
			diff a.json b.json | head -n 5 | sed 's/^/  | /' >&2
		fi
	done
	"$CRAMPLOG_BIN" status --db "$1" | tail -n +2 >a.txt
	"$CRAMPLOG_BIN" status --db "$2" | tail -n +2 >b.txt
	cmp -s a.txt b.txt && pass || fail "status: differs but for the database"
}

# rows DB: the rows of every copied table, on one line.
rows() {
	local t
	for t in $TABLES; do
		if store_is_pg "$1"; then
			psql_q "$1" "SELECT count(*) FROM cramplog.$t"
		else
			sqlite3 -batch -noheader "$1" "SELECT count(*) FROM $t"
		fi
	done | tr '\n' ' '
}
store_is_pg() { case $1 in postgresql://*) return 0 ;; esac; return 1; }

# squad_to_pg: the squad copied into a new PostgreSQL database (uri).
squad_to_pg() {
	fixture squad squad
	uri=$(pg_new_db)
	run "to PostgreSQL" 0 copy --from "$FIXTURE/test.db" --to "$uri"
}
# foreign_keys URI: the foreign keys of schema cramplog, each with its
# table and definition (the copy drops them while it writes), as psql
# shows them to the cluster's user cramplog (schema cramplog on its path).
foreign_keys() {
	psql_q "$1" "SELECT string_agg(conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid), ', ' ORDER BY conname) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'cramplog'::regnamespace"
}
FOREIGN_KEYS="app_units app_units_athlete_id_fkey FOREIGN KEY (athlete_id) REFERENCES athletes(id), diet diet_athlete_id_fkey FOREIGN KEY (athlete_id) REFERENCES athletes(id), hydration hydration_athlete_id_fkey FOREIGN KEY (athlete_id) REFERENCES athletes(id), kept_days kept_days_athlete_id_fkey FOREIGN KEY (athlete_id) REFERENCES athletes(id), kept_pending kept_pending_athlete_id_fkey FOREIGN KEY (athlete_id) REFERENCES athletes(id), kept_sessions kept_sessions_athlete_id_fkey FOREIGN KEY (athlete_id) REFERENCES athletes(id), training training_athlete_id_fkey FOREIGN KEY (athlete_id) REFERENCES athletes(id)"
sql_fixture() { sqlite3 -batch -noheader "$FIXTURE/test.db" "$1"; }
# counted FILE TABLE FIELD: copy's JSON count of TABLE (source or
# destination).
counted() {
	sqlite3 -batch -noheader :memory: "SELECT json_extract(value, '\$.$3') FROM json_each(json_extract(readfile('$1'), '\$.tables')) WHERE json_extract(value, '\$.table') = '$2'"
}

# A cramplog database whose schema alone was made: SQLite (a file
# imported into, then emptied, its kept exposures too), PostgreSQL (the
# same: TRUNCATE's CASCADE takes the tables that refer to athletes).
empty_sqlite() {
	cramplog import --db "$1" "$DATA/training-week.csv" >/dev/null &&
	sqlite3 "$1" "DELETE FROM kept_sessions; DELETE FROM kept_days; DELETE FROM kept_pending; DELETE FROM training; DELETE FROM imports; DELETE FROM athletes"
}
empty_pg() {
	cramplog import --db "$1" "$DATA/training-week.csv" >/dev/null &&
	psql_q "$1" "SET client_min_messages = warning; TRUNCATE cramplog.training, cramplog.imports, cramplog.athletes CASCADE" >/dev/null
}

test_case 'SQLite to SQLite: every row as stored, the same output' <<'CASE'
fixture squad squad
sum=$(md5sum <"$FIXTURE/test.db")
run "copy" 0 copy --from "$FIXTURE/test.db" --to "$WORK/new.db"
expect_eq "the source untouched" "$(md5sum <"$FIXTURE/test.db")" "$sum"
expect_in "says so" out "copied $FIXTURE/test.db to $WORK/new.db"
expect_in "the counts" out "  training              781          781"
same_tables "$FIXTURE/test.db" new.db
same_output "$FIXTURE/test.db" new.db
expect_eq "teams copied" "$(sqlite3 new.db "SELECT count(*) FROM athletes WHERE team IN ('Lions', 'Tigers')")" 16
expect_eq "private" "$(stat -c %a new.db)" 600
CASE

test_case 'the counts: text and JSON, each table on both sides' <<'CASE'
fixture squad squad
run "copy json" 0 copy --from "$FIXTURE/test.db" --to new.db --format json
for t in $TABLES; do
	n=$(sqlite3 "$FIXTURE/test.db" "SELECT count(*) FROM $t")
	expect_eq "$t: source" "$(counted out "$t" source)" "$n"
	expect_eq "$t: destination" "$(counted out "$t" destination)" "$n"
done
expect_eq "copied" "$(json_get "$WORK/out" '$.copied')" 1
expect_eq "athletes first" "$(json_get "$WORK/out" '$.tables[0].table')" athletes
CASE

test_case 'SQLite to PostgreSQL and back: the squad, the same rows and output' <<'CASE'
pg_need || return 0
squad_to_pg
expect_in "the counts" out "  hydration            5456         5456"
expect_eq "the rows there" "$(rows "$uri")" "$(rows "$FIXTURE/test.db")"
expect_eq "its foreign keys put back" "$(foreign_keys "$uri")" "$FOREIGN_KEYS"
same_output "$FIXTURE/test.db" "$uri"
run "back to SQLite" 0 copy --from "$uri" --to "$WORK/back.db"
same_tables "$FIXTURE/test.db" back.db
same_output "$uri" back.db
CASE

test_case 'app exports (teams, units, UTC starts) to PostgreSQL and back, and PostgreSQL to PostgreSQL' <<'CASE'
pg_need || return 0
fixture apps apps
one=$(pg_new_db)
two=$(pg_new_db)
run "to PostgreSQL" 0 copy --from "$FIXTURE/test.db" --to "$one"
same_output "$FIXTURE/test.db" "$one"
run "PostgreSQL to PostgreSQL" 0 copy --from "$one" --to "$two" --format json
expect_eq "copied" "$(json_get "$WORK/out" '$.copied')" 1
same_output "$one" "$two"
run "back to SQLite" 0 copy --from "$two" --to "$WORK/back.db"
same_tables "$FIXTURE/test.db" back.db
expect_eq "the units" "$(sqlite3 back.db "SELECT group_concat(format || units, ',') FROM app_units")" \
	"$(sql_fixture "SELECT group_concat(format || units, ',') FROM app_units")"
CASE

test_case 'a destination holding rows: refused, 73, left as it was' <<'CASE'
fixture squad squad
run "import a week" 0 import --db full.db "$DATA/diet-week.csv"
before=$(md5sum <full.db)
run "into a file with rows" 73 copy --from "$FIXTURE/test.db" --to full.db
expect_in "says why" err "full.db: the destination already holds rows (athletes 3, diet 4, imports 1)"
expect_in "nothing written" err "nothing was written"
expect_eq "untouched" "$(md5sum <full.db)" "$before"
pg_need || return 0
uri=$(pg_new_db)
run "import a week there" 0 import --db "$uri" "$DATA/diet-week.csv"
run "into PostgreSQL with rows" 73 copy --from "$FIXTURE/test.db" --to "$uri"
expect_in "PostgreSQL: says why" err "the destination already holds rows"
expect_eq "PostgreSQL: as it was" "$(rows "$uri")" "3 1 0 0 4 0 0 0 "
CASE

test_case 'a destination whose schema alone was made, or an empty file: fine' <<'CASE'
fixture squad squad
empty_sqlite schema.db
run "into an emptied file" 0 copy --from "$FIXTURE/test.db" --to schema.db
same_tables "$FIXTURE/test.db" schema.db
: >zero.db
run "into a zero-length file" 0 copy --from "$FIXTURE/test.db" --to zero.db
same_tables "$FIXTURE/test.db" zero.db
pg_need || return 0
uri=$(pg_new_db)
empty_pg "$uri"
run "into an emptied schema" 0 copy --from "$FIXTURE/test.db" --to "$uri"
expect_eq "the rows there" "$(rows "$uri")" "$(rows "$FIXTURE/test.db")"
CASE

test_case 'a database that is not cramplog, or newer: refused untouched, 66' <<'CASE'
fixture squad squad
sqlite3 other.db "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, 'keep')"
sum=$(md5sum <other.db)
run "from another application's" 66 copy --from other.db --to new.db
expect_in "from: says why" err "not a cramplog database"
expect_eq "from: untouched" "$(md5sum <other.db)" "$sum"
[ ! -e new.db ] && pass || fail "the destination was made all the same"
run "into another application's" 66 copy --from "$FIXTURE/test.db" --to other.db
expect_in "into: says why" err "not a cramplog database"
expect_eq "into: untouched" "$(md5sum <other.db)" "$sum"
cp "$FIXTURE/test.db" newer.db
sqlite3 newer.db "PRAGMA user_version = 99"
sum=$(md5sum <newer.db)
run "from a newer schema" 66 copy --from newer.db --to new2.db
expect_in "newer: says why" err "schema version 99"
expect_eq "newer: untouched" "$(md5sum <newer.db)" "$sum"
pg_need || return 0
uri=$(pg_new_db)
psql_q "$uri" "CREATE SCHEMA cramplog; CREATE TABLE cramplog.notes (id int); INSERT INTO cramplog.notes VALUES (1)" >/dev/null
run "into another shape on PostgreSQL" 66 copy --from "$FIXTURE/test.db" --to "$uri"
expect_in "PostgreSQL: says why" err "is not cramplog's"
expect_eq "PostgreSQL: untouched" "$(psql_q "$uri" "SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'cramplog'"):$(psql_q "$uri" "SELECT count(*) FROM cramplog.notes")" "notes:1"
CASE

test_case 'a source of an older schema: refused untouched, asking for upgrade' <<'CASE'
cp "$DATA/schema-1.db" old.db
sum=$(md5sum <old.db)
run "from schema 1" 66 copy --from old.db --to new.db
expect_in "asks for upgrade" err "upgrade it first with 'cramplog upgrade'"
expect_eq "untouched" "$(md5sum <old.db)" "$sum"
expect_eq "nothing beside it" "$(ls | grep -v -e '^out$' -e '^err$')" "old.db"
CASE

test_case 'one database as --from and --to: refused, 64' <<'CASE'
fixture squad squad
cp "$FIXTURE/test.db" db.db
ln -s db.db link.db
sum=$(md5sum <db.db)
run "the same path" 64 copy --from db.db --to db.db
expect_in "says why" err "--from and --to are one database"
run "a link to it" 64 copy --from db.db --to link.db
run "another name" 64 copy --from db.db --to "$WORK/./db.db"
expect_eq "untouched" "$(md5sum <db.db)" "$sum"
pg_need || return 0
uri=$(pg_new_db)
run "to PostgreSQL" 0 copy --from db.db --to "$uri"
run "one PostgreSQL database under two URIs" 64 copy --from "$uri" --to "$uri&application_name=other"
expect_in "PostgreSQL: says why" err "is the database copied from"
empty=$(pg_new_db)
empty_pg "$empty"
run "an empty one onto itself" 64 copy --from "$empty" --to "$empty"
CASE

test_case 'usage: both databases needed, a password in a URI refused' <<'CASE'
run "no --to" 64 copy --from a.db
expect_in "says so" err "give both databases: --from DB --to DB"
run "an operand" 64 copy --from a.db --to b.db c.db
run "a password" 64 copy --from 'postgresql://coach:s3cret@db.invalid/club' --to b.db
expect_in "names ~/.pgpass" err "~/.pgpass"
expect_not_in "not shown" err "s3cret"
fixture squad squad
run "a password in --to" 64 copy --from "$FIXTURE/test.db" --to 'postgresql:///club?host=/nonexistent&password=s3cret'
expect_in "--to: names ~/.pgpass" err "~/.pgpass"
run "--format" 64 copy --from a.db --to b.db --format csv
CASE

test_case 'a count that differs: 70, the copy rolled back' <<'CASE'
fixture squad squad
# A trigger of the destination's drops every diet row of seq 0 it gets.
empty_sqlite lossy.db
sqlite3 lossy.db "CREATE TRIGGER lossy AFTER INSERT ON diet WHEN new.seq = 0 BEGIN DELETE FROM diet WHERE athlete_id = new.athlete_id AND date = new.date AND time = new.time AND source = new.source AND seq = 0; END"
run "into SQLite" 70 copy --from "$FIXTURE/test.db" --to lossy.db
expect_in "the counts shown" out "MISMATCH"
expect_in "not copied" out "not copied (rolled back)"
expect_in "says why" err "diet: 0 rows copied but 3534 in the source: the copy was rolled back"
expect_eq "nothing written" "$(rows lossy.db)" "0 0 0 0 0 0 0 0 "
pg_need || return 0
uri=$(pg_new_db)
empty_pg "$uri"
psql_q "$uri" "CREATE FUNCTION public.lossy() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN IF NEW.seq = 0 AND NEW.date LIKE '%5' THEN RETURN NULL; END IF; RETURN NEW; END \$\$; CREATE TRIGGER lossy BEFORE INSERT ON cramplog.hydration FOR EACH ROW EXECUTE FUNCTION public.lossy()" >/dev/null
run "into PostgreSQL" 70 copy --from "$FIXTURE/test.db" --to "$uri" --format json
expect_eq "json: not copied" "$(json_get "$WORK/out" '$.copied')" 0
expect_in "PostgreSQL: says why" err "hydration:"
expect_eq "PostgreSQL: nothing written" "$(rows "$uri")" "0 0 0 0 0 0 0 0 "
CASE

test_case 'a copy that fails or is killed on the way leaves no row' <<'CASE'
fixture squad squad
# A CHECK of the destination's that the source's rows break (the same
# constraint, narrower): refused at the first such row, after other tables.
empty_sqlite stop.db
sqlite3 stop.db "CREATE TRIGGER stop AFTER INSERT ON training WHEN (SELECT count(*) FROM training) > 500 BEGIN SELECT RAISE(ABORT, 'no more'); END"
run "SQLite: refused half way" 70 copy --from "$FIXTURE/test.db" --to stop.db
expect_in "SQLite: says why" err "no more"
expect_in "SQLite: says nothing landed" err "rolled back: no row written to stop.db"
expect_eq "SQLite: no row" "$(rows stop.db)" "0 0 0 0 0 0 0 0 "
pg_need || return 0
uri=$(pg_new_db)
empty_pg "$uri"
psql_q "$uri" "ALTER TABLE cramplog.training DROP CONSTRAINT training_tightness_check; ALTER TABLE cramplog.training ADD CONSTRAINT training_tightness_check CHECK (tightness < 5)" >/dev/null
run "PostgreSQL: a CHECK refuses" 70 copy --from "$FIXTURE/test.db" --to "$uri"
expect_in "PostgreSQL: says why" err "training_tightness_check"
expect_in "PostgreSQL: says nothing landed" err "cramplog copy: rolled back: no row written to $uri"
expect_eq "PostgreSQL: no row" "$(rows "$uri")" "0 0 0 0 0 0 0 0 "
expect_eq "PostgreSQL: its foreign keys as they were" "$(foreign_keys "$uri")" "$FOREIGN_KEYS"
# Killed while the server holds the copy (a statement trigger sleeps
# before the diet rows, written after the athletes and app_units).
uri=$(pg_new_db)
empty_pg "$uri"
psql_q "$uri" "CREATE FUNCTION public.slow() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN PERFORM pg_sleep(30); RETURN NULL; END \$\$; CREATE TRIGGER slow BEFORE INSERT ON cramplog.diet FOR EACH STATEMENT EXECUTE FUNCTION public.slow()" >/dev/null
"$CRAMPLOG_BIN" copy --from "$FIXTURE/test.db" --to "$uri" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ "$(psql_q "$uri" "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")" = 1 ] && break
	sleep 0.1
done
expect_eq "the copy is under way" "$(psql_q "$uri" "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'athletes' AND l.mode = 'RowExclusiveLock'")" 1
kill -9 "$pid"
wait "$pid" 2>/dev/null
psql_q "$uri" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep'" >/dev/null
expect_eq "killed: no row" "$(rows "$uri")" "0 0 0 0 0 0 0 0 "
CASE

test_case "who may see what stays on its server: grants counted, not copied; imports without their makers" <<'CASE'
pg_need || return 0
squad_to_pg
run "an import made on the server" 0 import --db "$uri" "$DATA/training-week.csv"
expect_eq "its maker recorded" "$(psql_q "$uri" "SELECT count(*) FROM cramplog.imports WHERE imported_by = current_user")" 1
run "grant" 0 grant "coach_$RANDOM$RANDOM" --team Lions --read --db "$uri"
run "back to SQLite" 0 copy --from "$uri" --to "$WORK/back.db"
expect_in "says so" out "1 grants of who may see what not copied: run 'cramplog grant' on the destination"
other=$(pg_new_db)
run "grant on an empty database first" 0 grant "coach_$RANDOM$RANDOM" --team Lions --read --db "$other"
run "then copy into it" 0 copy --from "$uri" --to "$other" --format json
expect_eq "json: the grant counted" "$(json_get "$WORK/out" '$.grants_not_copied')" 1
expect_eq "the grants there are its own" "$(psql_q "$other" "SELECT count(*) FROM cramplog.team_access")" 1
expect_eq "nor the imports' makers (roles of another server)" "$(psql_q "$other" "SELECT count(*) FROM cramplog.imports WHERE imported_by IS NOT NULL")" 0
expect_eq "SQLite: no maker" "$(sqlite3 back.db "SELECT count(*) FROM imports WHERE imported_by IS NOT NULL")" 0
CASE

finish
