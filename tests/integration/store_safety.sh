# The database survives what happens to real users: a kill -9 in the middle
# of a large import leaves it as it was; two imports at once both land; a
# path in a missing or read-only directory gives a clear error.
. "$(dirname "$0")/lib.bash"

if under_valgrind; then
	echo "skipped under valgrind (timing-based)"
	finish
fi

# big: a large hydration file in date order (1.2 million rows, about 60 MB),
# big.csv; the cases link to it.
big() {
	awk 'BEGIN {
		print "date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,body_mass_kg"
		for (d = 0; d < 200; d++) {
			day = sprintf("2025-%02d-%02d", 1 + int(d / 28), 1 + d % 28)
			for (a = 0; a < 1000; a++)
				for (k = 0; k < 6; k++)
					printf "%s,%02d:%02d,Athlete %04d,%d,%d,,,,\n", day, 7 + 2 * k, a % 60, a, 200 + k * 50, 100 + a % 300
		}
	}' > big.csv
}
# small: a database holding a small training log.
small() { run "small import first" 0 import "$DATA/training-week.csv"; }
# big_and_small: a copy of small's database, big.csv linked here.
big_and_small() {
	fixture big big
	ln -s "$FIXTURE/big.csv" big.csv
	fixture small small
	fixture_db
}

test_case 'kill -9 in the middle of a large import: the database as it was' <<'CASE'
big_and_small
before=$(sql "SELECT (SELECT count(*) FROM hydration), (SELECT count(*) FROM training), (SELECT count(*) FROM imports), (SELECT count(*) FROM athletes)")

"$CRAMPLOG_BIN" import --quiet big.csv >/dev/null 2>&1 &
pid=$!
# Kill it once it has written to the WAL for a while.
for _ in $(seq 1 100); do
	sleep 0.1
	size=$(stat -c %s "$CRAMPLOG_DB-wal" 2>/dev/null || echo 0)
	[ "$size" -gt 4000000 ] && break
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_eq "killed mid-import" "$(kill -0 "$pid" 2>/dev/null && echo alive || echo dead)" "dead"
expect_eq "integrity after kill -9" "$(sql "PRAGMA integrity_check")" "ok"
expect_eq "database as it was" "$(sql "SELECT (SELECT count(*) FROM hydration), (SELECT count(*) FROM training), (SELECT count(*) FROM imports), (SELECT count(*) FROM athletes)")" "$before"
CASE

test_case 'two imports at once both land; the WAL and shared memory private' <<'CASE'
big_and_small
# Two imports at once into one database both land.
head -n 200001 big.csv > part1.csv
{ head -n 1 big.csv; tail -n +200002 big.csv | head -n 200000; } > part2.csv
"$CRAMPLOG_BIN" import part1.csv > one.out 2> one.err &
p1=$!
"$CRAMPLOG_BIN" import part2.csv > two.out 2> two.err &
p2=$!
wait "$p1"; s1=$?
wait "$p2"; s2=$?
expect_eq "first concurrent import" "$s1" "0"
expect_eq "second concurrent import" "$s2" "0"
expect_in "first landed" one.out "200000 rows: 200000 added"
expect_in "second landed" two.out "200000 rows: 200000 added"
expect_eq "both in the database" "$(sql "SELECT count(*) FROM hydration")" "400000"

# WAL and shared-memory files are private too.
for f in "$CRAMPLOG_DB" "$CRAMPLOG_DB-wal" "$CRAMPLOG_DB-shm"; do
	[ -e "$f" ] && expect_eq "mode of $(basename "$f")" "$(stat -c %a "$f")" "600"
done
CASE

test_case 'a database in a missing or read-only directory, a read-only file: 73' <<'CASE'
# A database in a missing directory, or one that cannot be written.
run "missing directory" 73 import --db "$WORK/no/such/dir/x.db" "$DATA/diet-week.csv"
expect_in "missing directory message" err "no/such/dir/x.db: cannot create the database: No such file or directory"
if [ "$(id -u)" -eq 0 ]; then
	ro=/proc    # root writes anywhere else
else
	ro="$WORK/ro"
	mkdir "$ro"
	chmod 555 "$ro"
fi
run "read-only directory" 73 import --db "$ro/x.db" "$DATA/diet-week.csv"
expect_in "read-only message" err "x.db: cannot create the database"
# A database file this user may read but not write (SQLite would open it
# read-only without a word): 73 at once, nothing made beside it. As root,
# run as nobody, when nobody can reach the program.
rodir=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-ro.XXXXXX")
chmod 755 "$rodir"
cramplog import --quiet --db "$rodir/ro.db" "$DATA/diet-week.csv" >/dev/null 2>&1
chmod 444 "$rodir/ro.db"
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
if [ "$(id -u)" -ne 0 ] || "${as_user[@]}" test -x "$CRAMPLOG_BIN" -a -r "$DATA/training-week.csv"; then
	"${as_user[@]}" "$CRAMPLOG_BIN" import --db "$rodir/ro.db" "$DATA/training-week.csv" >out 2>err
	expect_eq "read-only database file" "$?" "73"
	expect_in "read-only file message" err "ro.db: cannot open the database for writing: Permission denied"
	expect_eq "nothing made beside it" "$(ls "$rodir")" "ro.db"
else
	echo "skipped: nobody cannot run $CRAMPLOG_BIN" >&2
fi
rm -rf "$rodir"
CASE

test_case 'no database 66; a file that is not a database: 66, left untouched' <<'CASE'
run "status without database" 66 status --db "$WORK/none.db"
expect_in "status says import first" err "no database at $WORK/none.db"
printf 'not a database, just text\n%.0s' $(seq 1 200) > notdb.db
sum=$(sha256sum notdb.db)
run "not a database" 66 import --db notdb.db "$DATA/diet-week.csv"
expect_in "not a database message" err "notdb.db: file is not a database: left untouched"
expect_eq "not a database, untouched" "$(sha256sum notdb.db)" "$sum"
CASE

test_case 'a database of another application: every command refuses it, 66, untouched' <<'CASE'
# Another application's SQLite database: every command refuses it (66) and
# leaves it as it was: no table, no version, no WAL, no application id.
sqlite3 other.db "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users(name) VALUES ('x')"
sum=$(sha256sum other.db)
for args in "import --db other.db $DATA/diet-week.csv" "status --db other.db" \
	"athletes --db other.db" "analyze --db other.db" "report --db other.db --no-charts" \
	"exposures --db other.db" "upgrade --db other.db"; do
	# shellcheck disable=SC2086
	run "$args" 66 $args
	expect_in "$args says what it is" err "other.db: not a cramplog database (an SQLite database of another application, with tables users): left untouched"
done
expect_eq "other application's database untouched" "$(sha256sum other.db)" "$sum"
expect_eq "no WAL beside it" "$(ls other.db*)" "other.db"
expect_eq "still in its journal mode" "$(sqlite3 other.db "PRAGMA journal_mode")" "delete"
sqlite3 fossil.db "PRAGMA application_id = 252006674; CREATE TABLE blob(x)"
run "application id named" 66 import --db fossil.db "$DATA/diet-week.csv"
expect_in "application id message" err "not a cramplog database (SQLite application id 0x0f055112; tables blob)"
CASE

test_case 'a zero-length file: a new database to a writer, none to a reader' <<'CASE'
# A zero-length file (made by touch) is a new database to a writer.
: > empty.db
run "status of an empty file" 66 status --db empty.db
expect_in "empty file message" err "empty.db: the database is empty: import some logs first"
expect_eq "reader leaves the empty file" "$(stat -c %s empty.db)" "0"
run "import into an empty file" 0 import --db empty.db "$DATA/diet-week.csv"
expect_eq "empty file marked" "$(sqlite3 empty.db "PRAGMA application_id")" "1129467216"
CASE

test_case 'the default location: XDG_DATA_HOME/cramplog/cramplog.db, private' <<'CASE'
# The default location: $XDG_DATA_HOME/cramplog/cramplog.db, made private.
(
	unset CRAMPLOG_DB
	export XDG_DATA_HOME="$WORK/xdg"
	"$CRAMPLOG_BIN" import --quiet "$DATA/diet-week.csv"
) && pass || fail "import into the default location"
expect_eq "default database" "$(stat -c %a "$WORK/xdg/cramplog/cramplog.db")" "600"
expect_eq "default directory" "$(stat -c %a "$WORK/xdg/cramplog")" "700"
CASE

test_case 'schema 1: readers leave it and name upgrade; upgrade keeps every row' <<'CASE'
# A database of schema 1 (tests/data/schema-1.db, written by cramplog before
# version 2): a command that only reads leaves it as it is and names the
# command that upgrades it; upgrade does, keeping every row.
cp "$DATA/schema-1.db" old.db
chmod 600 old.db
expect_eq "schema 1 before" "$(sqlite3 old.db "PRAGMA user_version")" "1"
sum=$(sha256sum old.db)
for cmd in status athletes analyze exposures; do
	run "$cmd on schema 1" 66 "$cmd" --db old.db
	expect_in "$cmd names upgrade" err "old.db: the database has schema version 1 and this cramplog reads version 4: upgrade it first with 'cramplog upgrade'"
done
expect_eq "readers left schema 1 as it was" "$(sha256sum old.db)" "$sum"
expect_eq "readers made no WAL" "$(ls old.db*)" "old.db"
run "upgrade" 0 upgrade --db old.db
expect_in "upgrade says from and to" out "old.db: upgraded from schema version 1 to 4"
expect_eq "schema 4 after" "$(sqlite3 old.db "PRAGMA user_version")" "4"
expect_eq "marked as cramplog's" "$(sqlite3 old.db "PRAGMA application_id")" "1129467216"
run "upgrade again" 0 upgrade --db old.db
expect_in "nothing to do" out "old.db: schema version 4 already"
run "status after upgrade" 0 status --db old.db
expect_eq "sessions kept, from the native log" "$(sqlite3 old.db "SELECT count(*) || '|' || group_concat(DISTINCT source) FROM training")" "6|native"
run "re-import into the upgraded database" 0 import --db old.db "$DATA/training-week.csv"
expect_in "nothing changed" out "0 added, 0 updated, 6 unchanged"
printf 'date,athlete,soreness\n2026-09-05,Zoë Müller,3\n' > sore.csv
run "soreness into the upgraded database" 0 import --db old.db sore.csv
expect_eq "soreness stored" "$(sqlite3 old.db "SELECT soreness FROM hydration WHERE date = '2026-09-05'")" "3"
CASE

finish
