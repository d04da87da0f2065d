# The kept sessions' flag values (schema 8: a 72-byte blob, SQLite BLOB,
# PostgreSQL bytea) across the backends: copied byte for byte whatever the
# doubles (NaN with a payload, negative zero, subnormal, the largest,
# infinity); read when the server would show a bytea in its escape form;
# the kept reads athlete by athlete the same as from the log rows.
# The cases start from SQLite files and name their PostgreSQL databases
# themselves: they run in the SQLite run.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/pg.bash"

pg_start

SAMPLE="$DATA/../../sample-data"

# flag_hex DB: every kept session's key and flag values in upper-case hex.
flag_hex() {
	case $1 in
	postgres*) psql_q "$1" "SELECT athlete_id, date, ord,
		upper(encode(flag_values, 'hex')) FROM cramplog.kept_sessions
		ORDER BY athlete_id, date, ord" ;;
	*) sqlite3 -batch -noheader "$1" "SELECT athlete_id, date, ord,
		hex(flag_values) FROM kept_sessions
		ORDER BY athlete_id, date, ord" ;;
	esac
}

# same WHAT WANT GOT: passes when the files WANT and GOT are the same,
# else fails with WHAT and their first differences.
same() {
	if cmp -s "$2" "$3"; then
		pass
	else
		fail "$1"
		diff "$2" "$3" | head -4 >&2
	fi
}

# The sample squad in a SQLite file (squad.db).
squad() {
	"$CRAMPLOG_BIN" import --db squad.db "$SAMPLE"/*-2026-W*.csv \
		>/dev/null 2>&1 && pass || fail "import the squad"
}

# Nine doubles of every kind, as the blob holds them: a NaN with a
# payload and its sign, negative zero, the smallest subnormal, the
# largest finite, minus infinity, a quiet NaN, 1.5, -2^-1022, 2.
ODD=FFF0000000000001800000000000000000000000000000017FEFFFFFFFFFFFFF
ODD=${ODD}FFF00000000000007FF80000000000003FF80000000000008010000000000000
ODD=${ODD}4000000000000000

test_case 'copy SQLite -> PostgreSQL -> SQLite -> PostgreSQL, and PostgreSQL -> PostgreSQL: the flag values byte for byte' <<'CASE'
sqlite_only "names its databases itself" || return 0
pg_need || return 0
fixture squad squad
cp "$FIXTURE/squad.db" a.db
sqlite3 a.db "UPDATE kept_sessions SET flag_values = X'$ODD'
	WHERE athlete_id = 2; UPDATE kept_sessions SET flag_values =
	zeroblob(72) WHERE athlete_id = 3"
flag_hex a.db >a.hex
expect_in "the odd values set" a.hex "$ODD"
one=$(pg_new_db) && two=$(pg_new_db) && three=$(pg_new_db) ||
	{ fail "createdb"; return; }
run "SQLite -> PostgreSQL" 0 copy --from a.db --to "$one"
run "PostgreSQL -> SQLite" 0 copy --from "$one" --to b.db
run "SQLite -> PostgreSQL again" 0 copy --from b.db --to "$two"
run "PostgreSQL -> PostgreSQL" 0 copy --from "$two" --to "$three"
for db in "$one" b.db "$two" "$three"; do
	flag_hex "$db" >out.hex
	same "the flag values of $db differ from the source's" a.hex out.hex
done
CASE

# A server that shows bytea in the escape form (a database's or a role's
# setting): the store sets hex on each of its connections.
test_case 'bytea_output = escape on the database and the role: reads and copies as with hex' <<'CASE'
sqlite_only "names its databases itself" || return 0
pg_need || return 0
fixture squad squad
uri=$(pg_new_db) && other=$(pg_new_db) || { fail "createdb"; return; }
run "SQLite -> PostgreSQL" 0 copy --from "$FIXTURE/squad.db" --to "$uri"
for c in analyze "report --format json" "validate --format json"; do
	"$CRAMPLOG_BIN" $c --db "$uri" >"hex-${c%% *}.out" 2>"hex.err" ||
		fail "$c with hex: $(cat hex.err)"
done
name=${uri#postgresql:///}
name=${name%%\?*}
psql_q "$uri" "ALTER DATABASE $name SET bytea_output = 'escape';
	ALTER ROLE cramplog SET bytea_output = 'escape'" >/dev/null
expect_eq "the server shows escape" "$(psql_q "$uri" "SHOW bytea_output")" escape
for c in analyze "report --format json" "validate --format json"; do
	run "$c with escape" 0 $c --db "$uri"
		same "$c with escape differs from with hex" "hex-${c%% *}.out" out
done
run "PostgreSQL -> SQLite" 0 copy --from "$uri" --to back.db
run "PostgreSQL -> PostgreSQL" 0 copy --from "$uri" --to "$other"
flag_hex "$FIXTURE/squad.db" >want.hex
for db in back.db "$other"; do
	flag_hex "$db" >got.hex
	same "$db: the flag values differ" want.hex got.hex
done
psql_q "$uri" "ALTER ROLE cramplog RESET bytea_output" >/dev/null
CASE

# A kept session whose flag values a hand edit made NULL or of another
# length (CHECK ignored, or dropped): the commands that read them say so
# and exit 70 (they computed from the log rows unseen before, and hid
# any error of the kept read so); the log rows still read with
# CRAMPLOG_KEPT=0, and the database is left as it was.
bad_flag_values() {
	local db=$1 what=$2 c
	flag_hex "$db" >before.hex
	for c in analyze "report --format json" "validate --format json"; do
		run "$what: $c" 70 $c --db "$db"
		expect_in "$what: $c says which" err "kept_sessions: a session of athlete 2 has $3"
		CRAMPLOG_KEPT=0 "$CRAMPLOG_BIN" $c --db "$db" >/dev/null 2>&1 &&
			pass || fail "$what: $c from the log rows"
	done
	flag_hex "$db" >after.hex
	same "$what: the database changed" before.hex after.hex
}

test_case 'SQLite: a kept session without its flag values, or with 8 bytes: exit 70, says so' <<'CASE'
sqlite_only "names its databases itself" || return 0
fixture squad squad
cp "$FIXTURE/squad.db" a.db
sqlite3 a.db "UPDATE kept_sessions SET flag_values = NULL WHERE athlete_id = 2
	AND date = (SELECT max(date) FROM kept_sessions WHERE athlete_id = 2)"
bad_flag_values a.db NULL "no flag values"
cp "$FIXTURE/squad.db" b.db
sqlite3 b.db "PRAGMA ignore_check_constraints = ON; UPDATE kept_sessions
	SET flag_values = zeroblob(8) WHERE athlete_id = 2"
bad_flag_values b.db "8 bytes" "flag values of another length, not 72 bytes"
CASE

test_case 'SQLite: a kept value past 1e57 (a hand edit): exposures CSV prints it, exit 0' <<'CASE'
sqlite_only "names its databases itself" || return 0
fixture squad squad
cp "$FIXTURE/squad.db" c.db
sqlite3 c.db "UPDATE kept_sessions SET acute_load = 1e60 WHERE athlete_id = 2"
# Review 9: the CSV stopped at the first such value, exit 74, no message.
run "exposures csv" 0 exposures --db c.db
expect_eq "every session" "$(($(wc -l <out) - 1))" "$(sqlite3 c.db "SELECT count(*) FROM kept_sessions")"
expect_in "the value, as few digits as read back the same" out ",1e+60,"
run "exposures json" 0 exposures --db c.db --format json
CASE

test_case 'PostgreSQL: a kept session without its flag values, or with 1 byte: exit 70, says so' <<'CASE'
sqlite_only "names its databases itself" || return 0
pg_need || return 0
fixture squad squad
uri=$(pg_new_db) || { fail "createdb"; return; }
run "SQLite -> PostgreSQL" 0 copy --from "$FIXTURE/squad.db" --to "$uri"
psql_q "$uri" "UPDATE cramplog.kept_sessions SET flag_values = NULL
	WHERE athlete_id = 2 AND date = (SELECT max(date)
	FROM cramplog.kept_sessions WHERE athlete_id = 2)" >/dev/null
bad_flag_values "$uri" NULL "no flag values"
psql_q "$uri" "ALTER TABLE cramplog.kept_sessions
	DROP CONSTRAINT kept_sessions_flag_values_check;
	UPDATE cramplog.kept_sessions SET flag_values = '\\x00'
	WHERE athlete_id = 2; ALTER TABLE cramplog.kept_sessions
	ADD CONSTRAINT kept_sessions_flag_values_check CHECK (flag_values
	IS NULL OR octet_length(flag_values) = 72) NOT VALID" >/dev/null
bad_flag_values "$uri" "1 byte" "flag values of another length, not 72 bytes"
CASE

# The kept reads go athlete by athlete (athletes CROSS JOIN the kept
# table): with a team, an athlete, a span, an athlete with no session
# (hydration only) and a gap in the athletes' ids, every read command
# gives what it gives from the log rows (CRAMPLOG_KEPT=0).
test_case 'kept reads athlete by athlete: the same as from the log rows' <<'CASE'
for w in 36 37 38 39 40 41 42 43 44; do
	teams_log "$SAMPLE/training-2026-W$w.csv" "training-W$w.csv"
done
printf '%s\n' 'date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,body_mass_kg' \
	'2026-10-01,07:00,Gina Gone,400,,,3,1.010,70.2' >gone.csv
run "an athlete to remove" 0 import gone.csv
printf '%s\n' 'date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,body_mass_kg' \
	'2026-10-01,07:00,Nora Nosessions,400,,,3,1.010,70.2' \
	'2026-10-02,07:00,Nora Nosessions,450,,,2,1.008,70.0' >dry.csv
run "import" 0 import training-W*.csv "$SAMPLE"/hydration-2026-W*.csv \
	"$SAMPLE"/diet-2026-W*.csv dry.csv
gone=$(sql "SELECT id FROM athletes WHERE name = 'Gina Gone'")
sql "DELETE FROM kept_days WHERE athlete_id = $gone;
	DELETE FROM kept_pending WHERE athlete_id = $gone;
	DELETE FROM hydration WHERE athlete_id = $gone;
	DELETE FROM athletes WHERE id = $gone" >/dev/null
expect_eq "a gap in the ids" "$(sql "SELECT count(*) FROM athletes WHERE id <= $gone")" 0
expect_eq "an athlete without kept sessions" "$(sql "SELECT count(*)
	FROM kept_sessions k JOIN athletes a ON a.id = k.athlete_id
	WHERE a.name = 'Nora Nosessions'")" 0
local args i=0 exits=
while IFS= read -r args; do
	i=$((i + 1))
	eval "set -- $args"
	CRAMPLOG_KEPT=0 cramplog_bin "$@" >rows.out 2>rows.err
	echo "exit $?" >>rows.out
	cramplog_bin "$@" >kept.out 2>kept.err
	echo "exit $?" >>kept.out
	exits+="$(tail -1 kept.out | cut -d' ' -f2) "
	cat rows.err >>rows.out
	cat kept.err >>kept.out
	same "$*: from the kept tables differs from the rows" rows.out kept.out
done <<'READS'
analyze --format json
analyze --format json --team Lions
analyze --format json --team Tigers --from 2026-10-01
analyze --format json --athlete 'Marta Petrović'
analyze --format json --athlete 'Nora Nosessions'
analyze --format json --from 2026-10-05 --to 2026-10-18
report --format json
report --format json --team Lions
report --format json --from 2026-10-05 --to 2026-10-18 --team Tigers
report --format json --athlete 'Marta Petrović'
report --format json --athlete 'Nora Nosessions'
report --format json --week 2026-W40
validate --format json
validate --format json --team Lions
validate --format json --from 2026-10-01 --to 2026-10-25
validate --format json --athlete 'Marta Petrović'
exposures --format json --team Tigers
exposures --format json --athlete 'Nora Nosessions' --from 2026-10-01
READS
expect_eq "every read compared" "$i" 18
expect_eq "each read exits 0" "$exits" "$(printf "0 %.0s" $(seq 18))"
CASE

# A database of schema 7 (the kept sessions without their flag values),
# made by dropping the column as kept.sh does: every read command exits
# 66 asking for the upgrade and leaves it as it was; after the upgrade,
# roles given a team before it read the flag values (analyze, report)
# and one that imports writes them, under row-level security.
schema_7() {
	schema_9_undone "$1"
	case $1 in
	postgres*) psql_q "$1" "ALTER TABLE cramplog.kept_sessions
		DROP COLUMN flag_values;
		COMMENT ON SCHEMA cramplog IS 'cramplog schema 7'" ;;
	*) sqlite3 "$1" "DROP INDEX kept_session_flags;
		ALTER TABLE kept_sessions DROP COLUMN flag_values;
		PRAGMA user_version = 7" ;;
	esac
}

# dump DB: its schema and every row.
dump() {
	case $1 in
	postgres*) "$PG_BIN/pg_dump" --no-comments -d "$1" |
		grep -v -e '^--' -e '^\\restrict ' -e '^\\unrestrict ' ;;
	*) sqlite3 "$1" .dump ;;
	esac
}

reads_ask_for_the_upgrade() {
	local db=$1 c
	dump "$db" >before.sql
	for c in analyze report validate exposures "plot factors --out f.svg" \
		"plot calibration --out c.svg"; do
		run "schema 7: $c" 66 $c --db "$db"
		expect_in "schema 7: $c names the upgrade" err "schema version 7 and this cramplog reads version 10"
	done
	dump "$db" >after.sql
	same "a read changed the database" before.sql after.sql
}

test_case 'schema 7 on SQLite: the read commands ask for the upgrade and change nothing' <<'CASE'
sqlite_only "names its databases itself" || return 0
fixture squad squad
cp "$FIXTURE/squad.db" a.db
schema_7 a.db
reads_ask_for_the_upgrade a.db
run "upgrade" 0 upgrade --db a.db
expect_eq "the flag values as an import makes them" "$(flag_hex a.db)" "$(flag_hex "$FIXTURE/squad.db")"
CASE

test_case 'schema 7 on PostgreSQL with grants: reads ask for the upgrade; after it, a read and a write role use the flag values' <<'CASE'
sqlite_only "names its databases itself" || return 0
pg_need || return 0
uri=$(pg_new_db) || { fail "createdb"; return; }
reader="r7_$RANDOM$RANDOM" writer="w7_$RANDOM$RANDOM"
psql_q "$uri" "CREATE ROLE $reader LOGIN; CREATE ROLE $writer LOGIN" >/dev/null
for w in 40 41 42 43 44; do
	awk 'NR == 1 { print $0 ",team"; next } { print $0 ",Lions" }' \
		"$SAMPLE/training-2026-W$w.csv" >"training-W$w.csv"
done
run "import" 0 import --db "$uri" training-W4[0-4].csv \
	"$SAMPLE"/hydration-2026-W4[0-4].csv "$SAMPLE"/diet-2026-W4[0-4].csv
run "grant read" 0 grant "$reader" --team Lions --read --db "$uri"
run "grant write" 0 grant "$writer" --team Lions --write --db "$uri"
flag_hex "$uri" >want.hex
schema_7 "$uri"
reads_ask_for_the_upgrade "$uri"
run "upgrade" 0 upgrade --db "$uri"
expect_in "upgraded" out "upgraded from schema version 7 to 10"
flag_hex "$uri" >got.hex
same "the flag values differ from an import's" want.hex got.hex
for c in analyze "report --format json" "validate --format json"; do
	run "$c as the owner" 0 $c --db "$uri"
	mv out owner.out
	run "$c as the reader" 0 $c --db "${uri/user=cramplog/user=$reader}"
	same "$c: the reader reads otherwise" owner.out out
done
awk -F, -v OFS=, 'NR == 2 { $12 = 9 } { print }' training-W43.csv >changed-W43.csv
run "the writer imports" 0 import --db "${uri/user=cramplog/user=$writer}" changed-W43.csv
expect_eq "the writer wrote the flag values" "$(psql_q "$uri" "SELECT count(*)
	FROM cramplog.kept_sessions WHERE flag_values IS NULL")" 0
run "analyze as the writer" 0 analyze --db "${uri/user=cramplog/user=$writer}"
mv out writer.out
CRAMPLOG_KEPT=0 "$CRAMPLOG_BIN" analyze --db "$uri" >rows.out 2>&1
same "after the writer's import: not as from the rows" rows.out writer.out
CASE

finish
