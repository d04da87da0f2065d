# cramplog on PostgreSQL (issue 16), against a throwaway cluster that
# pg.bash starts for this script (every case skips, saying why, where there
# is no PostgreSQL server): the URI and the connection, the schema, import
# (atomic per file, idempotent, several at once), and the read commands
# giving the same output as on SQLite for the same data.
. "$(dirname "$0")/lib.bash"
. "$LIB_DIR/pg.bash"

pg_start

SAMPLE="$DATA/../../sample-data"
# counts URI: the rows of each table, on one line.
counts() {
	psql_q "$1" "SELECT (SELECT count(*) FROM cramplog.athletes), (SELECT count(*) FROM cramplog.training), (SELECT count(*) FROM cramplog.hydration), (SELECT count(*) FROM cramplog.diet), (SELECT count(*) FROM cramplog.imports)"
}
sqlite_counts() {
	sqlite3 -batch -noheader "$1" "SELECT (SELECT count(*) FROM athletes), (SELECT count(*) FROM training), (SELECT count(*) FROM hydration), (SELECT count(*) FROM diet), (SELECT count(*) FROM imports)"
}
# squad: the sample data imported into a fresh SQLite file (test.db) and
# a fresh PostgreSQL database (its URI in uri).
squad() {
	pg_db=$(pg_new_db) || { fail "createdb"; return; }
	echo "$pg_db" >uri
	run "sample into SQLite" 0 import "$SAMPLE"/*.csv
	cp out sqlite-import.out
	run "sample into PostgreSQL" 0 import --db "$pg_db" "$SAMPLE"/*.csv
	cp out pg-import.out
}
# same_output NAME ARGS...: the command's output and exit status are the
# same on the squad's two databases.
same_output() {
	local name=$1 a b
	shift
	cramplog "$@" --db "$FIXTURE/test.db" >sqlite.out 2>sqlite.err
	a=$?
	cramplog "$@" --db "$(cat "$FIXTURE/uri")" >pg.out 2>pg.err
	b=$?
	expect_eq "$name: exit status" "$b" "$a"
	if cmp -s sqlite.out pg.out; then
		pass
	else
		fail "$name: the output differs between SQLite and PostgreSQL"
		diff sqlite.out pg.out | head -n 20 | sed 's/^/  | /' >&2
	fi
	[ -s pg.out ] && pass || fail "$name: no output"
}

test_case 'the test cluster: a Unix socket only, a fresh database for each case' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
expect_eq "a fresh database is empty" \
	"$(psql_q "$uri" "SELECT count(*) FROM pg_namespace WHERE nspname = 'cramplog'")" 0
expect_eq "no TCP" "$(psql_q "$uri" "SHOW listen_addresses")" ""
expect_eq "the socket is in the cluster's directory" \
	"$(psql_q "$uri" "SHOW unix_socket_directories")" "$PG_SOCKET"
if [ "$(id -u)" -eq 0 ]; then
	pid=$(head -n 1 "$PG_SOCKET/data/postmaster.pid")
	expect_eq "run as root, the server runs as an unprivileged user" \
		"$(ps -o user= -p "$pid")" "${CRAMPLOG_PG_USER:-nobody}"
fi
CASE

# ctest kills a script at its timeout with SIGKILL, where no trap runs:
# pg.bash's watchdog stops its cluster and removes its directory.
test_case 'a script killed with SIGKILL leaves no cluster behind' <<'CASE'
pg_need || return 0
printf '%s\n' ". '$LIB_DIR/pg.bash'" 'pg_start' 'echo "$PG_DIR" >cluster.tmp' \
	'mv cluster.tmp cluster' 'exec sleep 600' >killed.sh
bash killed.sh </dev/null >/dev/null 2>&1 &
script=$!
for _ in $(seq 150); do [ -s cluster ] && break; sleep 0.2; done
dir=$(cat cluster 2>/dev/null)
if [ -n "$dir" ] && [ -f "$dir/data/postmaster.pid" ]; then
	pass
else
	fail "the script's cluster did not start"
	{ kill -KILL "$script"; wait "$script"; } 2>/dev/null
	return 0
fi
server=$(head -n 1 "$dir/data/postmaster.pid")
kill -0 "$server" && pass || fail "its server is not running"
{ kill -KILL "$script"; wait "$script"; } 2>/dev/null
for _ in $(seq 50); do
	{ [ -d "$dir" ] || kill -0 "$server" 2>/dev/null; } || break
	sleep 0.2
done
! kill -0 "$server" 2>/dev/null && pass || fail "the server still runs 10 s after its script was killed"
[ ! -d "$dir" ] && pass || fail "its directory is still there 10 s after"
# A cluster left behind all the same is not left by this test.
if [ -f "$dir/data/postmaster.pid" ]; then
	pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
fi
rm -rf "$dir"
CASE

test_case 'a password in the URI is refused before connecting, naming ~/.pgpass' <<'CASE'
for uri in 'postgresql://coach:s3cret@db.invalid/club' \
	'postgres:///club?host=/nonexistent&password=s3cret' \
	'postgresql:///club?host=/nonexistent&sslpassword=s3cret'; do
	run "password in $uri" 64 status --db "$uri"
	expect_in "names ~/.pgpass" err "~/.pgpass"
	expect_not_in "the password is not shown" err "s3cret"
done
CRAMPLOG_DB='postgresql://coach:s3cret@db.invalid/club' run "from CRAMPLOG_DB" 64 athletes
expect_in "from CRAMPLOG_DB: names ~/.pgpass" err "~/.pgpass"
run "a URI libpq cannot read" 64 status --db 'postgresql://%zz'
expect_in "libpq's reason" err "cannot read the database URI: invalid percent-encoded token"
CASE

test_case 'a server that cannot be reached: libpq on one line, exit 69' <<'CASE'
run "no server" 69 status --db "postgresql:///club?host=$WORK"
expect_in "libpq's message" err "cannot connect to the database: connection to server on socket"
expect_eq "on one line" "$(wc -l <err)" 1
pg_need || return 0
run "no such database" 69 import --db "postgresql:///nosuchdb?host=$PG_SOCKET&user=cramplog" "$DATA/training-week.csv"
expect_in "the server's reason" err 'database "nosuchdb" does not exist'
CASE

test_case "libpq's own settings work: PG* variables, a service file" <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
name=${uri#postgresql:///}
name=${name%%\?*}
PGHOST=$PG_SOCKET PGUSER=cramplog run "PGHOST and PGUSER" 0 import --db "postgresql:///$name" "$DATA/training-week.csv"
expect_in "imported" out "6 added"
printf '[club]\nhost=%s\nuser=cramplog\ndbname=%s\n' "$PG_SOCKET" "$name" >services.conf
PGSERVICEFILE=$WORK/services.conf run "a service" 0 status --db "postgresql://?service=club"
expect_in "a service: read" out "training   6 sessions"
PGSERVICEFILE=$WORK/services.conf CRAMPLOG_DB="postgres://?service=club" run "a service from CRAMPLOG_DB" 0 athletes
expect_in "a service from CRAMPLOG_DB: read" out "Zoë Müller"
CASE

test_case 'a command that reads an empty database: 66, nothing made' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
for c in status athletes report analyze exposures; do
	run "$c" 66 $c --db "$uri"
	expect_in "$c: says it is empty" err "the database is empty"
done
run "dry run" 0 import --dry-run --db "$uri" "$DATA/training-week.csv"
expect_in "dry run counted" out "(dry run: nothing written)"
expect_eq "no schema made" "$(psql_q "$uri" "SELECT count(*) FROM pg_namespace WHERE nspname = 'cramplog'")" 0
CASE

test_case 'the first import makes schema cramplog, version 10, the tables of SQLite' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
run "import" 0 import --db "$uri" "$DATA/training-week.csv"
expect_eq "version" "$(psql_q "$uri" "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'cramplog'")" "cramplog schema 10"
run "sqlite" 0 import "$DATA/training-week.csv"
for t in athletes imports training hydration diet app_units; do
	expect_eq "$t: the same columns" \
		"$(psql_q "$uri" "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_schema = 'cramplog' AND table_name = '$t'")" \
		"$(sql "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('$t') ORDER BY name)")"
	expect_eq "$t: the same primary key" \
		"$(psql_q "$uri" "SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE i.indisprimary AND i.indrelid = 'cramplog.$t'::regclass")" \
		"$(sql "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('$t') WHERE pk > 0 ORDER BY pk)")"
done
expect_eq "a CHECK holds" "$(psql_q "$uri" "INSERT INTO cramplog.imports VALUES (99, 'f', 'sleep', 'now')" 2>&1 | grep -c 'violates check constraint')" 1
run "status" 0 status --db "$uri"
expect_in "status reads it" out "training   6 sessions, 2 with a cramp"
CASE

test_case 'a schema "cramplog" of another shape, or a newer version, is refused untouched' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
psql_q "$uri" "CREATE SCHEMA cramplog; CREATE TABLE cramplog.notes (id int)" >/dev/null
run "another shape" 66 import --db "$uri" "$DATA/training-week.csv"
expect_in "says why" err "is not cramplog's"
expect_eq "untouched" "$(psql_q "$uri" "SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'cramplog'")" "notes"
run "read" 66 status --db "$uri"
uri=$(pg_new_db)
run "ours" 0 import --db "$uri" "$DATA/training-week.csv"
psql_q "$uri" "ALTER TABLE cramplog.training ADD COLUMN extra int" >/dev/null
run "a column added" 66 status --db "$uri"
expect_in "a column added: says why" err "is not cramplog's"
uri=$(pg_new_db)
run "ours again" 0 import --db "$uri" "$DATA/training-week.csv"
psql_q "$uri" "COMMENT ON SCHEMA cramplog IS 'cramplog schema 99'" >/dev/null
run "newer" 66 import --db "$uri" "$DATA/training-week.csv"
expect_in "newer: says why" err "schema version 99; this cramplog knows up to 10"
expect_eq "newer: nothing written" "$(psql_q "$uri" "SELECT count(*) FROM cramplog.imports")" 1
CASE

test_case 'the sample squad: import reported as on SQLite, the same rows' <<'CASE'
pg_need || return 0
fixture squad squad
expect_eq "import's report" "$(cat "$FIXTURE/pg-import.out")" "$(cat "$FIXTURE/sqlite-import.out")"
expect_eq "the same counts" "$(counts "$(cat "$FIXTURE/uri")" | tr '|' ' ')" "$(sqlite_counts "$FIXTURE/test.db" | tr '|' ' ')"
# Numbers as thousandths, so that both print them alike.
expect_eq "the same training rows" \
	"$(psql_q "$(cat "$FIXTURE/uri")" "SELECT a.name, t.date, t.start_time, t.source, t.seq, round(t.duration_min * 1000)::bigint, round(t.rpe * 1000)::bigint, round(t.pre_mass_kg * 1000)::bigint, round(t.tightness * 1000)::bigint, t.cramp, t.cramp_muscle, t.cramp_side, t.notes FROM cramplog.training t JOIN cramplog.athletes a ON a.id = t.athlete_id ORDER BY a.name, t.date, t.start_time, t.source, t.seq" | md5sum)" \
	"$(sqlite3 -batch -noheader -separator '|' "$FIXTURE/test.db" "SELECT a.name, t.date, t.start_time, t.source, t.seq, CAST(round(t.duration_min * 1000) AS INTEGER), CAST(round(t.rpe * 1000) AS INTEGER), CAST(round(t.pre_mass_kg * 1000) AS INTEGER), CAST(round(t.tightness * 1000) AS INTEGER), t.cramp, t.cramp_muscle, t.cramp_side, t.notes FROM training t JOIN athletes a ON a.id = t.athlete_id ORDER BY a.name, t.date, t.start_time, t.source, t.seq" | md5sum)"
CASE

test_case 'the sample squad: athletes, report, analyze, exposures, validate the same on both' <<'CASE'
pg_need || return 0
fixture squad squad
same_output "athletes" athletes
same_output "athletes json" athletes --format json
same_output "report" report --color never
same_output "report json" report --format json
same_output "report markdown" report --format md
same_output "analyze" analyze
same_output "analyze json" analyze --format json
same_output "analyze within" analyze --design within
same_output "analyze mle json" analyze --model mle --format json
same_output "exposures" exposures
same_output "exposures json" exposures --format json
same_output "one athlete's exposures" exposures --athlete "Björn Rossi"
same_output "validate" validate
CASE

test_case 'the sample squad: plot draws from the same data on both' <<'CASE'
pg_need || return 0
fixture squad squad
who="Björn Rossi"
# plot_both CHART ARGS...: the chart's .dat and .gp the same from both.
plot_both() {
	local chart=$1
	shift
	run "$chart: SQLite" 0 plot "$chart" "$@" --db "$FIXTURE/test.db" --out "s-$chart.svg"
	run "$chart: PostgreSQL" 0 plot "$chart" "$@" --db "$(cat "$FIXTURE/uri")" --out "p-$chart.svg"
	expect_eq "$chart: the same data" "$(md5sum <"p-$chart.dat")" "$(md5sum <"s-$chart.dat")"
	[ -s "p-$chart.dat" ] && pass || fail "$chart: no data"
}
if ! command -v gnuplot >/dev/null; then
	skip "no gnuplot"
	return 0
fi
plot_both factors
plot_both history --athlete "$who"
plot_both load --athlete "$who"
CASE

test_case 'the sample squad: status the same on both, but for the address and the times' <<'CASE'
pg_need || return 0
fixture squad squad
for fmt in text json; do
	cramplog status --format $fmt --db "$FIXTURE/test.db" | sed -e 's/[0-9-]*T[0-9:]*Z/TIME/g' -e '/^database /d' -e 's/"database": *"[^"]*",*//' >sqlite.out
	cramplog status --format $fmt --db "$(cat "$FIXTURE/uri")" | sed -e 's/[0-9-]*T[0-9:]*Z/TIME/g' -e '/^database /d' -e 's/"database": *"[^"]*",*//' >pg.out
	if cmp -s sqlite.out pg.out; then pass; else fail "status $fmt differs"; diff sqlite.out pg.out | head >&2; fi
	expect_in "status $fmt: the sessions" pg.out "781"
done
CASE

test_case 'importing the same files again changes nothing' <<'CASE'
pg_need || return 0
fixture squad squad
uri=$(pg_new_db)
run "first" 0 import --db "$uri" "$SAMPLE"/training-2026-W4*.csv "$SAMPLE"/diet-2026-W44.csv
before=$(psql_q "$uri" "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM cramplog.training t")
run "again" 0 import --db "$uri" "$SAMPLE"/training-2026-W4*.csv "$SAMPLE"/diet-2026-W44.csv
expect_in "all unchanged" out "training-2026-W44.csv: training, 89 rows: 0 added, 0 updated, 89 unchanged, 0 rejected"
expect_in "diet unchanged" out "diet, 401 rows: 0 added, 0 updated, 401 unchanged, 0 rejected"
expect_eq "the rows as they were" "$(psql_q "$uri" "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM cramplog.training t")" "$before"
uri=$(pg_new_db)
run "a week" 0 import --db "$uri" "$DATA/training-week.csv"
run "corrected" 0 import --db "$uri" "$DATA/training-week-corrected.csv"
cp out pg.out
run "sqlite: a week" 0 import "$DATA/training-week.csv"
run "sqlite: corrected" 0 import "$DATA/training-week-corrected.csv"
expect_eq "a corrected week: counted as on SQLite" "$(cat pg.out)" "$(cat out)"
expect_in "some rows updated" out " updated"
expect_not_in "not all unchanged" out " 0 updated"
CASE

# (A tab, the other character COPY escapes, is refused in every field.)
test_case 'text that COPY must escape lands as SQLite keeps it' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
printf '%s\n' 'date,start_time,athlete,session,duration_min,rpe,distance_km,pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,cramp_muscle,cramp_side,cramp_severity,notes' \
	'2026-09-01,17:30,Back\slash,a\N b,60,5,,,,,,,no,,,,"C:\temp\new, \N and \\"' \
	'2026-09-01,18:30,Back\slash,two,60,5,,,,,,,no,,,,"line one' \
	'line two"' >escapes.csv
run "PostgreSQL" 0 import --db "$uri" escapes.csv
run "SQLite" 0 import escapes.csv
expect_eq "the same bytes" \
	"$(psql_q "$uri" "SELECT string_agg(encode(convert_to(concat(a.name, '|', t.session, '|', t.notes), 'UTF8'), 'hex'), ',' ORDER BY t.date, t.start_time) FROM cramplog.training t JOIN cramplog.athletes a ON a.id = t.athlete_id")" \
	"$(sql "SELECT group_concat(h, ',') FROM (SELECT lower(hex(a.name || '|' || t.session || '|' || ifnull(t.notes, ''))) AS h FROM training t JOIN athletes a ON a.id = t.athlete_id ORDER BY t.date, t.start_time)")"
expect_eq "the backslashes kept" "$(psql_q "$uri" "SELECT notes FROM cramplog.training WHERE session = 'a\\N b'")" 'C:\temp\new, \N and \\'
run "again: unchanged" 0 import --db "$uri" escapes.csv
expect_in "again: unchanged" out "0 added, 0 updated, 2 unchanged"
CASE

# The kept exposures' one-row lookups (LIMIT 1) of an import's recompute
# run without a cursor: one round trip each, not three (DECLARE, FETCH,
# CLOSE). The server logs this case's statements.
test_case 'one-row lookups run without a cursor' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
run "the schema made" 0 import --db "$uri" "$DATA/training-week.csv" "$DATA/hydration-week.csv"
psql_q "$uri" "ALTER DATABASE $(psql_q "$uri" "SELECT current_database()") SET log_statement = 'all'" >/dev/null
log_at=$(stat -c %s "$PG_DIR/server.log")
run "a corrected week" 0 import --db "$uri" "$DATA/training-week-corrected.csv"
tail -c +$((log_at + 1)) "$PG_DIR/server.log" >week.log
[ "$(grep -c 'LIMIT 1$' week.log)" -gt 0 ] && pass || fail "no one-row lookup logged"
expect_eq "none through a cursor" "$(grep -c 'DECLARE.*LIMIT 1$' week.log)" 0
CASE

# New athletes are added in one statement a batch: one round trip each
# made 200,000 of them take minutes (hostile_input.sh imports as many).
# The server logs every statement for this case's database, and the
# statements that name cramplog.add_athlete are counted.
test_case 'new athletes: one statement a batch, ids and names as on SQLite' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
run "the schema made" 0 import --db "$uri" "$DATA/training-week.csv"
run "SQLite: the same" 0 import "$DATA/training-week.csv"
psql_q "$uri" "ALTER DATABASE $(psql_q "$uri" "SELECT current_database()") SET log_statement = 'all'" >/dev/null
{
	echo 'date,time,athlete,fluid_ml,urine_color'
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "2026-06-%02d,08:00,New %04d,250,3\n", 1 + i % 28, i }'
	printf '%s,250,3\n' '2026-06-01,09:00,"O""Brien {a,b}"' '2026-06-01,09:00,Back\slash' \
		'2026-06-01,09:00,NULL' '2026-06-02,09:00,"o""brien {A,B}"' \
		'2026-06-01,09:00,ZOË MÜLLER' '2026-06-02,09:00,Élodie' '2026-06-03,09:00,ÉLODIE'
} >new.csv
log_at=$(stat -c %s "$PG_DIR/server.log")
run "PostgreSQL: 1,004 new athletes, one known" 0 import --db "$uri" new.csv
cp out pg.out
run "SQLite: the same" 0 import new.csv
expect_eq "counted as on SQLite" "$(cat pg.out)" "$(cat out)"
expect_eq "statements naming add_athlete" "$(tail -c +$((log_at + 1)) "$PG_DIR/server.log" | grep -c 'add_athlete')" 1
expect_eq "athletes (id, name) as on SQLite" \
	"$(psql_q "$uri" "SELECT id, name FROM cramplog.athletes ORDER BY id")" \
	"$(sql "SELECT id, name FROM athletes ORDER BY id")"
expect_eq "each row's athlete as on SQLite" \
	"$(psql_q "$uri" "SELECT a.name, count(*) FROM cramplog.hydration h JOIN cramplog.athletes a ON a.id = h.athlete_id GROUP BY a.name ORDER BY a.name COLLATE \"C\"" | md5sum)" \
	"$(sql "SELECT a.name, count(*) FROM hydration h JOIN athletes a ON a.id = h.athlete_id GROUP BY a.name ORDER BY a.name" | md5sum)"
expect_eq "names COPY and arrays must escape" \
	"$(psql_q "$uri" "SELECT count(*) FROM cramplog.athletes WHERE name IN ('O\"Brien {a,b}', 'Back\\slash', 'NULL', 'Élodie')")" 4
CASE

# keys_as_sqlite LABEL URI CSV QUERY: imports CSV into the PostgreSQL
# database URI and into a new SQLite file, then expects QUERY (on the
# schema cramplog) to give the same bytes from both: the server's folding
# of names and teams against cramplog's own.
keys_as_sqlite() {
	local label=$1 uri=$2 csv=$3 query=$4 db=${3%.csv}.db
	run "PostgreSQL imports $csv" 0 import --db "$uri" "$csv"
	run "SQLite imports $csv" 0 import --db "$db" "$csv"
	expect_eq "$label" "$(psql_q "$uri" "SET search_path = cramplog; $query" | od -c)" "$(sqlite3 "$db" "$query" | od -c)"
}

# An athlete's team is set once a file, not again at each row or batch
# (a statement each made a file of many athletes' teams seconds slower),
# and a batch's teams in one statement; the teams are SQLite's.
test_case "a file's teams: one statement, each athlete's team set once" <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
run "the schema made" 0 import --db "$uri" "$DATA/training-week.csv"
psql_q "$uri" "ALTER DATABASE $(psql_q "$uri" "SELECT current_database()") SET log_statement = 'all'" >/dev/null
awk 'BEGIN {
	print "date,athlete,team,duration_min"
	# Names the arrays of the statement must quote.
	print "2025-01-01,Quote,\"O\"\"Brien {a,b}\",30"
	print "2025-01-01,Slash,Back\\slash,30"
	print "2025-01-01,Null,NULL,30"
	print "2025-01-01,Zed,  Équipe   Ünïe ,30"
	for (d = 0; d < 300; d++)
		for (a = 0; a < 40; a++)
			printf "2025-%02d-%02d,Runner %d,Team %d,30\n", 1 + int(d / 28), 1 + d % 28, a, a % 3
}' >teams.csv
log_at=$(stat -c %s "$PG_DIR/server.log")
keys_as_sqlite "12,004 sessions of 44 athletes in 7 teams: the teams as on SQLite" "$uri" teams.csv \
	"SELECT name || ':' || team || ':' || team_key FROM athletes WHERE team IS NOT NULL ORDER BY id"
expect_eq "statements naming set_team" "$(tail -c +$((log_at + 1)) "$PG_DIR/server.log" | grep -c 'set_team')" 1
CASE

# intake FIRST COUNT FLUID: COUNT hydration rows from row FIRST on, a
# minute apart over 30 athletes, each drinking FLUID ml.
intake() {
	awk -v first="$1" -v n="$2" -v fluid="$3" 'BEGIN {
		print "date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,body_mass_kg"
		for (i = first; i < first + n; i++)
			printf "2026-%02d-%02d,%02d:%02d,Runner %d,%d,100,50,,,\n", 1 + int(i / 28 / 60) % 12, 1 + int(i / 60) % 28, 6 + int(i / 30) % 2, i % 60, i % 30, fluid
	}'
}

# A batch none of whose keys is stored is copied straight into its table;
# one with a stored key is merged. Either way the counts are SQLite's.
test_case 'a file over days partly stored: counted and stored as on SQLite' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
intake 0 9000 250 >first.csv
{ intake 5000 4000 250; intake 9000 9000 300 | tail -n +2; } >second.csv
intake 7000 2000 400 >third.csv
for f in first.csv second.csv third.csv; do
	run "PostgreSQL: $f" 0 import --db "$uri" "$f"
	cp out "pg-$f.out"
	run "SQLite: $f" 0 import "$f"
	expect_eq "$f: counted as on SQLite" "$(cat "pg-$f.out")" "$(cat out)"
done
expect_in "third: updated" out "third.csv: hydration, 2000 rows: 0 added, 2000 updated, 0 unchanged"
expect_eq "the rows as on SQLite" \
	"$(psql_q "$uri" "SELECT count(*), sum(fluid_ml), sum(seq), count(DISTINCT import_id), sum(first_import_id) FROM cramplog.hydration")" \
	"$(sql "SELECT count(*), sum(fluid_ml), sum(seq), count(DISTINCT import_id), sum(first_import_id) FROM hydration" | sed 's/\.0|/|/')"
CASE

# Row-level security (the way teams' roles see only their rows) forbids
# COPY into its tables: the rows go through the temporary table instead.
test_case 'a role under row-level security imports, counted as on SQLite' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
run "the schema made" 0 import --db "$uri" "$DATA/training-week.csv"
psql_q "$uri" "CREATE ROLE physio LOGIN" >/dev/null
run "physio may write the squad" 0 grant physio --team Squad --write --db "$uri"
intake 0 9000 250 | awk 'NR == 1 { print $0 ",team"; next } { print $0 ",Squad" }' >first.csv
run "as physio" 0 import --db "${uri/user=cramplog/user=physio}" first.csv
cp out pg.out
run "SQLite" 0 import first.csv
expect_in "all added" pg.out "first.csv: hydration, 9000 rows: 9000 added, 0 updated, 0 unchanged"
expect_eq "counted as on SQLite" "$(cat pg.out)" "$(cat out)"
expect_eq "the rows stored" "$(psql_q "$uri" "SELECT count(*), sum(fluid_ml) FROM cramplog.hydration")" "9000|2250000"
before=$(counts "$uri")
run "an app export without --team" 70 import --db "${uri/user=cramplog/user=physio}" --athlete Cleo "$DATA/apps/garmin-activities.csv"
expect_in "says why and what to do" err "this role may write only the athletes of its teams, and an athlete of no team (as an app export imported without --team NAME gives) is none of them"
expect_eq "nothing written" "$(counts "$uri")" "$before"
run "with --team" 0 import --db "${uri/user=cramplog/user=physio}" --athlete Cleo --team Squad "$DATA/apps/garmin-activities.csv"
CASE

test_case 'a refused file leaves nothing, however far it got' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
run "good" 0 import --db "$uri" "$DATA/training-week.csv"
before=$(counts "$uri")
run "bad value" 65 import --db "$uri" "$DATA/bad/bad-value.csv"
expect_in "placed" err "bad-value.csv:4:6: rpe: 12 is outside 0 to 10"
expect_eq "nothing written" "$(counts "$uri")" "$before"
# 9000 good rows, written in batches before the bad last one is read.
awk 'BEGIN {
	print "date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,body_mass_kg"
	for (i = 0; i < 9000; i++)
		printf "2026-%02d-%02d,%02d:%02d,Runner %d,250,100,50,,,\n", 1 + int(i / 28 / 60) % 12, 1 + int(i / 60) % 28, 6 + i % 12, i % 60, i % 30
	print "2026-12-01,08:00,Runner 1,99999,,,,,"
}' >late-bad.csv
run "bad last row" 65 import --db "$uri" late-bad.csv
expect_in "the last row placed" err "late-bad.csv:9002:4"
expect_eq "still nothing written" "$(counts "$uri")" "$before"
CASE

test_case '8 clients importing overlapping files at once, 3 rounds: every import landed, counts match' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
files=("$SAMPLE"/*.csv)
n=${#files[@]}
landed=0
for round in 1 2 3; do
	pids=()
	for c in 0 1 2 3 4 5 6 7; do
		# Client c imports 6 files starting at 3c: neighbours overlap.
		mine=()
		for k in 0 1 2 3 4 5; do
			mine+=("${files[$(( (3 * c + k + round) % n ))]}")
		done
		cramplog import --db "$uri" "${mine[@]}" >"client-$round-$c.out" 2>"client-$round-$c.err" &
		pids+=($!)
	done
	for c in 0 1 2 3 4 5 6 7; do
		if wait "${pids[$c]}"; then pass; else fail "round $round: client $c failed: $(cat "client-$round-$c.err")"; fi
	done
done
landed=$(cat client-*.out | grep -c ' rows: ')
expect_eq "every landed import is recorded" "$(psql_q "$uri" "SELECT count(*) FROM cramplog.imports")" "$landed"
run "sqlite: every file once" 0 import "${files[@]}"
expect_eq "the rows are those of every file imported once" \
	"$(counts "$uri" | cut -d'|' -f1-4)" "$(sqlite_counts "$CRAMPLOG_DB" | cut -d'|' -f1-4)"
expect_eq "no athlete twice" "$(psql_q "$uri" "SELECT count(*) - count(DISTINCT name_key) FROM cramplog.athletes")" 0
expect_eq "added rows, summed over every import, are the rows" \
	"$(psql_q "$uri" "SELECT sum(added) FROM cramplog.imports")" \
	"$(psql_q "$uri" "SELECT (SELECT count(*) FROM cramplog.training) + (SELECT count(*) FROM cramplog.hydration) + (SELECT count(*) FROM cramplog.diet)")"
CASE

test_case 'clients importing at once under repeatable read by default: every import landed' <<'CASE'
# PGOPTIONS (or the role's, or the database's settings) may make every
# transaction repeatable read: a writer's snapshot was then taken before
# the writers' lock, and most imports failed on a duplicate key (review
# 11b). Writers now begin read committed.
pg_need || return 0
uri=$(pg_new_db)
files=("$SAMPLE"/*.csv)
pids=()
for c in 0 1 2 3 4 5 6 7; do
	PGOPTIONS='-c default_transaction_isolation=repeatable\ read' \
		cramplog import --db "$uri" "${files[$c]}" "${files[$((c + 8))]}" >"rr-$c.out" 2>"rr-$c.err" &
	pids+=($!)
done
for c in 0 1 2 3 4 5 6 7; do
	if wait "${pids[$c]}"; then pass; else fail "client $c failed: $(cat "rr-$c.err")"; fi
done
expect_eq "every import recorded" "$(psql_q "$uri" "SELECT count(*) FROM cramplog.imports")" 16
CASE

# teamed: a simulated squad of 12 whose training log has a team column
# (names A to M: Lions, the others Tigers), in SQLite (test.db) and in a
# fresh PostgreSQL database (its URI in uri); the two login roles
# coach_a and coach_b made (once in the cluster).
teamed() {
	pg_db=$(pg_new_db) || { fail "createdb"; return; }
	echo "$pg_db" >uri
	run "simulate" 0 simulate --out sim --athletes 12 --days 56
	teams_log sim/training.csv training.csv
	run "into SQLite" 0 import training.csv sim/hydration.csv sim/diet.csv
	run "into PostgreSQL" 0 import --db "$pg_db" training.csv sim/hydration.csv sim/diet.csv
	psql_q "$pg_db" "CREATE ROLE coach_a LOGIN; CREATE ROLE coach_b LOGIN" >/dev/null
}

test_case '--team reads a team on PostgreSQL as on SQLite' <<'CASE'
pg_need || return 0
fixture teamed teamed
fixture_db
uri=$(cat "$FIXTURE/uri")
for c in "athletes" "exposures" "analyze" "report" "validate"; do
	run "$c: SQLite" 0 $c --team lions --format json
	mv out sqlite.out
	run "$c: PostgreSQL" 0 $c --team lions --format json --db "$uri"
	expect_eq "$c: the same" "$(md5sum < out)" "$(md5sum < sqlite.out)"
done
# status: the same counts (the imports listed differ in time and file).
team_counts() { sqlite3 -batch -noheader :memory: "SELECT json_extract(readfile('$1'), '\$.team', '\$.athletes', '\$.training', '\$.hydration', '\$.diet', '\$.cramps', '\$.first_date', '\$.last_date')"; }
run "status: SQLite" 0 status --team lions --format json
mv out sqlite.out
run "status: PostgreSQL" 0 status --team lions --format json --db "$uri"
expect_eq "status: the same counts" "$(team_counts out)" "$(team_counts sqlite.out)"
expect_eq "status: the Lions only" "$(json_get out '$.athletes')" "$(psql_q "$uri" "SELECT count(*) FROM cramplog.athletes WHERE team = 'Lions'")"
run "an unknown team" 66 status --team Sharks --db "$uri"
CASE

test_case 'grant and revoke: a coach of team A sees none of team B, a read role cannot import' <<'CASE'
pg_need || return 0
fixture teamed teamed
uri=$(pg_new_db)
cp "$FIXTURE/training.csv" . && cp -r "$FIXTURE/sim" .
run "import" 0 import --db "$uri" training.csv sim/hydration.csv sim/diet.csv
coach_a=${uri/user=cramplog/user=coach_a}
coach_b=${uri/user=cramplog/user=coach_b}
run "grant read" 0 grant coach_a --team Lions --read --db "$uri"
expect_in "grant says so" out "coach_a: team Lions granted to read"
run "grant write" 0 grant coach_b --team tigers --write --db "$uri"
lions=$(psql_q "$uri" "SELECT name FROM cramplog.athletes WHERE team = 'Lions' ORDER BY name")
tigers=$(psql_q "$uri" "SELECT name FROM cramplog.athletes WHERE team = 'Tigers' ORDER BY name")
tiger_ids=$(psql_q "$uri" "SELECT string_agg(id::text, ',') FROM cramplog.athletes WHERE team = 'Tigers'")
lion_sessions=$(psql_q "$uri" "SELECT count(*) FROM cramplog.training t JOIN cramplog.athletes a ON a.id = t.athlete_id WHERE a.team = 'Lions'")
run "status as coach A" 0 status --format json --db "$coach_a"
expect_eq "status: the Lions' athletes" "$(json_get out '$.athletes')" "$(printf '%s\n' "$lions" | wc -l)"
expect_eq "status: the Lions' sessions" "$(json_get out '$.training')" "$lion_sessions"
run "athletes as coach A" 0 athletes --format json --db "$coach_a"
expect_eq "athletes: the Lions" "$(sqlite3 -batch -noheader :memory: "SELECT json_extract(value, '\$.name') FROM json_each(readfile('out'))" | LC_ALL=C sort)" "$(printf '%s\n' "$lions" | LC_ALL=C sort)"
run "analyze as coach A" 0 analyze --format json --db "$coach_a"
expect_eq "analyze: the Lions' sessions" "$(json_get out '$.sessions')" "$lion_sessions"
run "exposures as coach A" 0 exposures --db "$coach_a"
expect_eq "exposures: the Lions only" "$(sed 1d out | cut -d, -f1 | LC_ALL=C sort -u)" "$(printf '%s\n' "$lions" | LC_ALL=C sort)"
for f in text json; do
	run "report as coach A ($f)" 0 report --format $f --db "$coach_a"
	while IFS= read -r name; do
		expect_not_in "report $f: no Tiger ($name)" out "$name"
	done <<<"$tigers"
done
expect_eq "SQL as coach A: no Tiger" "$(psql_q "$coach_a" "SELECT count(*) FROM cramplog.athletes WHERE team = 'Tigers'")" 0
expect_eq "SQL as coach A: no Tiger's session" "$(psql_q "$coach_a" "SELECT count(*) FROM cramplog.training WHERE athlete_id IN ($tiger_ids)")" 0
expect_eq "SQL as coach A: no Tiger's drink" "$(psql_q "$coach_a" "SELECT count(*) FROM cramplog.hydration WHERE athlete_id IN ($tiger_ids)")" 0
expect_eq "SQL as coach A: no Tiger's meal" "$(psql_q "$coach_a" "SELECT count(*) FROM cramplog.diet WHERE athlete_id IN ($tiger_ids)")" 0
expect_eq "SQL as coach A: the Lions' sessions" "$(psql_q "$coach_a" "SELECT count(*) FROM cramplog.training")" "$lion_sessions"
before=$(counts "$uri")
lion=$(printf '%s\n' "$lions" | head -n 1)
tiger=$(printf '%s\n' "$tigers" | head -n 1)
printf 'date,athlete,team,duration_min\n2026-04-01,%s,Lions,30\n' "$lion" > lion.csv
run "a read role imports" 70 import --db "$coach_a" lion.csv
expect_in "says it may not" err "permission denied"
expect_in "says why, in words" err "this role may only read its teams, not import"
run "a coach grants" 70 grant coach_b --team Lions --write --db "$coach_a"
expect_in "only the owner grants" err "only the owner of the schema cramplog may grant"
expect_eq "nothing written" "$(counts "$uri")" "$before"
printf 'date,athlete,team,duration_min\n2026-04-01,%s,Tigers,30\n' "$tiger" > tiger.csv
run "a write role imports its team" 0 import --db "$coach_b" tiger.csv
expect_in "added" out "1 added"
run "a write role imports another team" 70 import --db "$coach_b" lion.csv
expect_in "says it may not" err "the database refused: the athlete"
expect_in "why" err "in a team this role may not write"
expect_not_in "without the server's context" err "CONTEXT"
# The imports: a role sees those it made and those that wrote rows it may
# read, never another team's file names (schema 9).
imports_listed() {
	sqlite3 -batch -noheader :memory: "SELECT json_extract(value, '\$.file') FROM json_each(readfile('out'), '\$.imports')" | tr '\n' ' '
}
printf 'date,athlete,team,duration_min\n2026-04-03,%s,Tigers,45\n' "$tiger" > tigers-private.csv
run "the owner imports a Tigers-only file" 0 import --db "$uri" tigers-private.csv
run "coach B imports its file again, unchanged" 0 import --db "$coach_b" tiger.csv
expect_in "unchanged" out "1 unchanged"
run "status as coach A" 0 status --format json --db "$coach_a"
expect_eq "coach A: the imports that wrote Lions, not the Tigers'" "$(imports_listed)" "sim/diet.csv sim/hydration.csv training.csv "
run "status as coach A (text)" 0 status --db "$coach_a"
expect_not_in "coach A: no Tigers' file name" out "tiger"
expect_eq "SQL as coach A: no Tigers' import" "$(psql_q "$coach_a" "SELECT count(*) FROM cramplog.imports WHERE file LIKE '%tiger%'")" 0
expect_eq "SQL as coach A: the imports of both teams" "$(psql_q "$coach_a" "SELECT string_agg(file, ' ' ORDER BY id) FROM cramplog.imports")" "training.csv sim/hydration.csv sim/diet.csv"
run "status as coach B" 0 status --format json --db "$coach_b"
expect_eq "coach B: its own imports, even unchanged, the owner's of its team, the one of both" "$(imports_listed)" "tiger.csv tigers-private.csv tiger.csv sim/diet.csv sim/hydration.csv training.csv "
expect_eq "SQL as coach B: the owner's imports cannot be changed" "$(psql_q "$coach_b" "UPDATE cramplog.imports SET rows = 0 WHERE imported_by <> current_user OR imported_by IS NULL" 2>&1; psql_q "$uri" "SELECT count(*) FROM cramplog.imports WHERE rows = 0")" 0
expect_eq "SQL as coach B: no import in another's name" "$(psql_q "$coach_b" "INSERT INTO cramplog.imports(id, file, kind, imported_at, imported_by) VALUES (999, 'x', 'diet', 'now', 'cramplog')" 2>&1 | grep -c 'violates row-level security')" 1
expect_eq "the owner sees every import" "$(psql_q "$uri" "SELECT count(*) FROM cramplog.imports")" 6
printf 'date,athlete,team,duration_min\n2026-04-02,%s,Lions,30\n' "$tiger" > move.csv
run "a write role moves its athlete away" 70 import --db "$coach_b" move.csv
expect_in "says it may not" err "may not write the athletes of team Lions"
expect_in "a refusal, told as one" err "the database refused: this role may not"
expect_not_in "without the server's context" err "CONTEXT"
expect_eq "the owner sees it all" "$(psql_q "$uri" "SELECT count(*) FROM cramplog.training")" "$(( $(echo "$before" | cut -d'|' -f2) + 2 ))"
run "revoke" 0 revoke coach_a --team LIONS --db "$uri"
expect_in "revoke says so" out "coach_a: team LIONS revoked"
run "status after revoke" 66 status --db "$coach_a"
expect_in "a role of no team told so, not of a foreign schema" err "it was given no team"
expect_eq "SQL after revoke" "$(psql_q "$coach_a" "SELECT count(*) FROM cramplog.training" 2>&1 | grep -c 'permission denied')" 1
run "revoke again" 0 revoke coach_a --team Lions --db "$uri"
expect_in "nothing to revoke" out "nothing to revoke"
run "grant on SQLite" 64 grant coach_a --team Lions --read
expect_in "says why" err "access control needs the PostgreSQL store"
run "revoke on SQLite" 64 revoke coach_a --team Lions
run "grant with neither" 64 grant coach_a --team Lions --db "$uri"
expect_in "says why" err "give --read or --write"
CASE

# raw_roles: a fresh database (uri) where the owner imported Ann of the
# Lions, Tom of the Tigers and Solo of no team, the role raw_lions given
# the Lions to write (its URI in lions) and raw_tigers the Tigers; header,
# the native log's header with a team.
raw_roles() {
	uri=$(pg_new_db) || { fail "createdb"; return 1; }
	header='date,start_time,athlete,team,session,duration_min,rpe,cramp'
	printf '%s\n2026-03-02,10:00,Ann,Lions,run,60,5,no\n2026-03-02,10:00,Tom,Tigers,run,60,5,no\n2026-03-02,10:00,Solo,,run,60,5,yes\n' "$header" >owner.csv
	run "the owner imports" 0 import --db "$uri" owner.csv
	psql_q "$uri" "CREATE ROLE raw_lions LOGIN; CREATE ROLE raw_tigers LOGIN" >/dev/null 2>&1
	run "grant Lions" 0 grant raw_lions --team Lions --write --db "$uri"
	run "grant Tigers" 0 grant raw_tigers --team Tigers --write --db "$uri"
	lions=${uri/user=cramplog/user=raw_lions}
}

test_case "a write role's own SQL keeps to its teams (schema 10)" <<'CASE'
# Review 11b: a role given a team to write, running SQL of its own (psql),
# took an athlete of no team into its team and read its rows; set a team
# whose key was not its name's; numbered an import 2^63 - 1, after which
# no import could be made; read another team's file names through its
# rows' import ids; asked may() and own_imports() about other roles.
pg_need || return 0
raw_roles || return 0
printf '%s\n2026-03-03,10:00,Tom,Tigers,run,50,5,no\n' "$header" >tigers-secret-plan.csv
run "the Tigers import" 0 import --db "${uri/user=cramplog/user=raw_tigers}" tigers-secret-plan.csv
printf '%s\n2026-03-02,10:00,Ann,Lions,run,65,6,no\n2026-03-03,10:00,Newbie,Lions,run,50,5,yes\n' "$header" >lions.csv
run "the Lions import: a row changed, a new athlete in their team" 0 import --db "$lions" lions.csv
expect_in "counted" out "1 added, 1 updated"
state() {
	psql_q "$uri" "SELECT string_agg(id || ':' || name || ':' || coalesce(team, '') || ':' || coalesce(team_key, ''), ' ' ORDER BY id) FROM cramplog.athletes"
	psql_q "$uri" "SELECT string_agg(id || ':' || file || ':' || rows, ' ' ORDER BY id) FROM cramplog.imports"
	psql_q "$uri" "SELECT string_agg(athlete_id || ':' || date || ':' || import_id || ':' || first_import_id, ' ' ORDER BY athlete_id, date) FROM cramplog.training"
}
before=$(state)
refused() {
	psql_q "$lions" "$2" >sql.out 2>&1
	expect_in "$1: refused" sql.out "$3"
}
solo=$(psql_q "$uri" "SELECT id FROM cramplog.athletes WHERE name = 'Solo'")
ann=$(psql_q "$uri" "SELECT id FROM cramplog.athletes WHERE name = 'Ann'")
refused "an athlete of no team taken into the role's team" \
	"SELECT cramplog.set_team($solo, 'Lions', 'lions')" "may not write the athletes of team Lions"
refused "a team whose key is another's" \
	"SELECT cramplog.set_team($ann, 'Tigers', 'lions')" "the key of team Tigers is not its name folded"
refused "an import numbered 2^63 - 1" \
	"INSERT INTO cramplog.imports(id, file, kind, imported_at) VALUES (9223372036854775807, 'x', 'training', 'now')" "violates row-level security policy"
refused "its own import renumbered" \
	"UPDATE cramplog.imports SET id = 9223372036854775807 WHERE imported_by = current_user" "permission denied"
refused "its own import renamed" \
	"UPDATE cramplog.imports SET file = 'x' WHERE imported_by = current_user" "permission denied"
refused "a row's first import changed" \
	"UPDATE cramplog.training SET first_import_id = 2" "permission denied"
refused "a row pointed at the Tigers' import" \
	"UPDATE cramplog.training SET import_id = 2" "violates row-level security policy"
refused "a row added under the Tigers' import" \
	"INSERT INTO cramplog.training(athlete_id, date, start_time, seq, duration_min, cramp, import_id, first_import_id) VALUES ($ann, '2026-03-09', '', 0, 10, 0, 2, 2)" "violates row-level security policy"
refused "a row added under its own import, first under the Tigers'" \
	"INSERT INTO cramplog.training(athlete_id, date, start_time, seq, duration_min, cramp, import_id, first_import_id) VALUES ($ann, '2026-03-09', '', 0, 10, 0, 3, 2)" "violates row-level security policy"
expect_eq "nothing changed" "$(state)" "$before"
expect_eq "no athlete of no team seen" "$(psql_q "$lions" "SELECT count(*) FROM cramplog.athletes WHERE team IS NULL")" 0
expect_eq "no Tigers' file name seen" "$(psql_q "$lions" "SELECT count(*) FROM cramplog.imports WHERE file LIKE 'tigers%'")" 0
expect_eq "may(): nothing about another role" "$(psql_q "$lions" "SELECT cramplog.may('raw_tigers', 'tigers', false), cramplog.may('raw_tigers', 'tigers', true)")" "f|f"
expect_eq "own_imports(): nothing of another role's" "$(psql_q "$lions" "SELECT count(*) FROM cramplog.own_imports('raw_tigers')")" 0
expect_eq "own_imports(): its own" "$(psql_q "$lions" "SELECT string_agg(i::text, ',') FROM cramplog.own_imports('raw_lions') AS i")" 3
printf '%s\n2026-03-04,10:00,Ann,Lions,run,40,4,no\n' "$header" >lions-2.csv
PGOPTIONS='-c default_transaction_read_only=on' run "a write refused" 70 import --db "$lions" lions-2.csv
expect_in "a write's failure, named one" err "cannot write the database: ERROR: cannot execute INSERT in a read-only transaction"
run "the Lions import again" 0 import --db "$lions" lions-2.csv
run "so does the owner" 0 import --db "$uri" tigers-secret-plan.csv
expect_eq "the next ids" "$(psql_q "$uri" "SELECT string_agg(id::text, ',' ORDER BY id) FROM cramplog.imports")" "1,2,3,4,5"
# The key is the name folded as text_casefold folds it, checked by
# cramplog.fold on the server: every letter either folds, with runs of
# spaces (names of at most 200 bytes, without tabs).
{
	echo 'date,athlete,team,duration_min'
	n=0
	for range in '0x41 .. 0x5a, 0xc0 .. 0xdf' '0x100 .. 0x13f' '0x140 .. 0x17f' \
		'0x386, 0x391 .. 0x3a1, 0x3a3 .. 0x3af' '0x400 .. 0x42f' \
		'0x430 .. 0x45f'; do
		n=$((n + 1))
		printf '2026-03-05,Fold %s,"  %s    x %s ",30\n' "$n" \
			"$(perl -CS -e "print join '', map chr, $range")" \
			"$(perl -CS -e 'print join "", map chr, 0xd7, 0xf7, 0x2c, 0x2d')"
	done
} >fold.csv
keys_as_sqlite "teams of every folded letter: the same keys as SQLite's" "$uri" fold.csv \
	"SELECT name || ':' || team || ':' || team_key FROM athletes WHERE name LIKE 'Fold %' ORDER BY name"
CASE

test_case "a write role's own SQL, again (review 12a)" <<'CASE'
# An athlete added in a savepoint may take the role's team; one added in an
# earlier transaction may not (athletes_added, by the 64-bit transaction
# id); an athlete's key is its name folded; a role holding a new import or
# athlete makes imports started meanwhile wait, not fail; a long name is
# refused before it is folded; a role told to have its owner upgrade.
pg_need || return 0
raw_roles || return 0
sql_as_lions() { "$PG_BIN/psql" -X -q -A -t -d "$lions" >sql.out 2>&1; }
sql_as_lions <<'SQL'
BEGIN;
SAVEPOINT s;
SELECT cramplog.add_athlete('Sava', 'sava', 'now') AS id \gset
RELEASE s;
SELECT cramplog.set_team(:id, 'Lions', 'lions');
COMMIT;
SQL
expect_eq "added in a savepoint: in the team" "$(psql_q "$uri" "SELECT team FROM cramplog.athletes WHERE name = 'Sava'")" "Lions"
sql_as_lions <<'SQL'
SELECT cramplog.add_athlete('Later', 'later', 'now') AS id \gset
SELECT cramplog.set_team(:id, 'Lions', 'lions');
SQL
expect_in "added in an earlier transaction: refused" sql.out "may not write the athletes of team Lions"
expect_eq "added in an earlier transaction: no team" "$(psql_q "$uri" "SELECT coalesce(team, 'none') FROM cramplog.athletes WHERE name = 'Later'")" "none"
echo "SELECT cramplog.add_athlete('Lenny Lion', 'future guy', 'now');" | sql_as_lions
expect_in "an athlete's key not its name folded: refused" sql.out "the key of athlete Lenny Lion is not its name folded"
echo "SELECT cramplog.set_team(1, repeat('L', 100000), repeat('l', 100000));" | sql_as_lions
expect_in "a long team name: refused before folding" sql.out "a team's name longer than 200 characters"
echo "SELECT cramplog.add_athlete(repeat('L', 100000), repeat('l', 100000), 'now');" | sql_as_lions
expect_in "a long athlete name: refused before folding" sql.out "an athlete's name longer than 200 characters"
# A role holds a new import's id, then a new athlete's, in a transaction
# left open; an import started meanwhile waits for it (the writers' lock).
lock_held() {
	local i
	for i in $(seq 50); do
		[ "$(psql_q "$uri" "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1129467216 AND granted")" = 1 ] && return 0
		sleep 0.1
	done
	return 1
}
n=0
for hold in "INSERT INTO cramplog.imports(id, file, kind, imported_at) VALUES (cramplog.next_import_id(), 'held', 'training', 'now')" \
	"SELECT cramplog.add_athlete('Held', 'held', 'now')"; do
	n=$((n + 1))
	"$PG_BIN/psql" -X -q -d "$lions" -c BEGIN -c "$hold" -c "SELECT pg_sleep(2)" -c COMMIT >held.out 2>&1 &
	lock_held && pass || fail "the role's transaction never held the lock"
	printf '%s\n2026-03-1%s,10:00,New %s,,run,60,5,no\n' "$header" "$n" "$n" >waits-$n.csv
	run "the owner's import waits, then lands ($n)" 0 import --db "$uri" waits-$n.csv
	wait
done
expect_eq "every import landed" "$(psql_q "$uri" "SELECT string_agg(file, ' ' ORDER BY id) FROM cramplog.imports")" "owner.csv held waits-1.csv waits-2.csv"
# Schema 9 (migration 10 taken back) with the role granted: its import is
# told the owner must upgrade, and lands once the owner has.
schema_10_undone "$uri"
psql_q "$uri" "COMMENT ON SCHEMA cramplog IS 'cramplog schema 9'" >/dev/null
printf '%s\n2026-03-20,10:00,Ann,Lions,run,60,5,no\n' "$header" >lions.csv
run "the role imports into schema 9" 66 import --db "$lions" lions.csv
expect_in "told who must upgrade" err "the database has schema version 9 and this cramplog writes version 10: the owner of the schema cramplog must upgrade it first ('cramplog upgrade')"
run "the owner upgrades" 0 upgrade --db "$uri"
run "the role imports" 0 import --db "$lions" lions.csv
CASE

test_case 'a database in SQL_ASCII: teams named in any script fold as in UTF8' <<'CASE'
# Review 12a: cramplog.fold read the bytes of a SQL_ASCII database as
# characters, so a team of a non-ASCII name could no longer be imported.
pg_need || return 0
uri=$(pg_new_db)
name="a$(date +%s%N)"
psql_q "$uri" "CREATE DATABASE $name ENCODING 'SQL_ASCII' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null
ascii=${uri/\/\/\/*\?//\/\/$name?}
expect_eq "the database is SQL_ASCII" "$(psql_q "$ascii" "SHOW server_encoding")" "SQL_ASCII"
printf 'date,athlete,team,duration_min\n2026-03-05,Éa,Équipe Étoile,30\n2026-03-05,Ab,ΑΘΗΝΑ Ω,30\n2026-03-05,Ac,Ярослав,30\n' >teams.csv
keys_as_sqlite "the keys as SQLite's" "$ascii" teams.csv "SELECT name || ':' || team_key FROM athletes ORDER BY name"
CASE

test_case 'schema 5 on PostgreSQL: readers ask for upgrade; upgrade keeps every row' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
run "import" 0 import --db "$uri" "$DATA/training-week.csv" "$DATA/hydration-week.csv"
before=$(counts "$uri")
schema_9_undone "$uri"
psql_q "$uri" "DROP TABLE cramplog.kept_days, cramplog.kept_sessions, cramplog.kept_pending; DROP TABLE cramplog.team_access; DROP FUNCTION cramplog.add_athlete, cramplog.set_team, cramplog.may_athlete, cramplog.may CASCADE; DROP INDEX cramplog.athletes_by_team; ALTER TABLE cramplog.athletes DROP COLUMN team_key, DROP COLUMN team; COMMENT ON SCHEMA cramplog IS 'cramplog schema 5'" >/dev/null
for t in athletes training hydration diet app_units; do
	psql_q "$uri" "ALTER TABLE cramplog.$t DISABLE ROW LEVEL SECURITY" >/dev/null
done
run "status" 66 status --db "$uri"
expect_in "asks for upgrade" err "the database has schema version 5 and this cramplog reads version 10: upgrade it first with 'cramplog upgrade'"
# Two upgrades at once (review 11b): one upgrades, the other waits and
# finds version 10 (both said "upgraded from 5").
cramplog upgrade --db "$uri" >up1.out 2>up1.err &
up1=$!
run "upgrade" 0 upgrade --db "$uri"
wait "$up1" && pass || fail "the other upgrade: $(cat up1.err)"
cat up1.out >>"$WORK/out"
expect_eq "one says from and to, the other already" \
	"$(grep -c 'upgraded from schema version 5 to 10' out)|$(grep -c 'schema version 10 already' out)" "1|1"
expect_eq "version 10" "$(psql_q "$uri" "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'cramplog'")" "cramplog schema 10"
expect_eq "every row kept" "$(counts "$uri")" "$before"
run "status after" 0 status --db "$uri"
CASE

finish
