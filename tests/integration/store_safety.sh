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
sqlite_only "SQLite's write-ahead log and integrity check (on PostgreSQL a file is one transaction: pg.sh, a refused file leaves nothing)" || return 0
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
cramplog_bin import part1.csv > one.out 2> one.err &
p1=$!
cramplog_bin import part2.csv > two.out 2> two.err &
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
sqlite_only "where SQLite may create its file" || return 0
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
sqlite_only "a path with no file, a file that is not SQLite's" || return 0
run "status without database" 66 status --db "$WORK/none.db"
expect_in "status says import first" err "no database at $WORK/none.db"
printf 'not a database, just text\n%.0s' $(seq 1 200) > notdb.db
sum=$(sha256sum notdb.db)
run "not a database" 66 import --db notdb.db "$DATA/diet-week.csv"
expect_in "not a database message" err "notdb.db: file is not a database: left untouched"
expect_eq "not a database, untouched" "$(sha256sum notdb.db)" "$sum"
CASE

test_case 'a database of another application: every command refuses it, 66, untouched' <<'CASE'
sqlite_only "an SQLite file of another application (pg.sh: a schema 'cramplog' of another shape)" || return 0
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

test_case 'a cramplog database with schema version 0 or -1 (a hand edit): every command refuses it, 66, untouched' <<'CASE'
sqlite_only "SQLite's user_version" || return 0
# Review 9: upgrade then failed with raw SQL errors ("table athletes
# already exists"; at -1 a migration read before its array).
"$CRAMPLOG_BIN" import --quiet --db ours.db "$DATA/training-week.csv" || fail "set-up"
for v in 0 -1; do
	cp ours.db v$v.db
	sqlite3 v$v.db "PRAGMA user_version = $v"
	sum=$(sha256sum v$v.db)
	for args in "status" "upgrade" "import $DATA/diet-week.csv" "report --no-charts" "analyze"; do
		# shellcheck disable=SC2086
		run "version $v: $args" 66 $args --db v$v.db
		expect_in "version $v: $args says what it is" err "v$v.db: a cramplog database with schema version $v, which no cramplog writes (it was changed outside cramplog): left untouched"
	done
	expect_eq "version $v: untouched" "$(sha256sum v$v.db)" "$sum"
done
CASE

test_case 'a zero-length file: a new, private database to a writer, none to a reader' <<'CASE'
sqlite_only "an empty SQLite file" || return 0
# A zero-length file (made by touch) is a new database to a writer.
: > empty.db
run "status of an empty file" 66 status --db empty.db
expect_in "empty file message" err "empty.db: the database is empty: import some logs first"
expect_eq "reader leaves the empty file" "$(stat -c %s empty.db)" "0"
chmod 644 empty.db
run "import into an empty file" 0 import --db empty.db "$DATA/diet-week.csv"
expect_eq "empty file marked" "$(sqlite3 empty.db "PRAGMA application_id")" "1129467216"
# Review 9: the file kept the mode touch gave it, 0644, health data in it.
expect_eq "empty file made private" "$(stat -c %a empty.db)" "600"
: > copied.db
chmod 664 copied.db
run "copy into an empty file" 0 copy --from empty.db --to copied.db
expect_eq "copy's empty file made private" "$(stat -c %a copied.db)" "600"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# Another user's empty file, writable by all: it cannot be made
	# private, so it is not filled (root's, imported into by nobody).
	mkdir shared && chmod 1777 shared
	: > shared/theirs.db
	chmod 666 shared/theirs.db
	cp "$DATA/diet-week.csv" shared/ && chmod 644 shared/diet-week.csv
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$CRAMPLOG_BIN" import --db shared/theirs.db shared/diet-week.csv >out 2>err
	expect_eq "another user's empty file: 73" "$?" "73"
	expect_in "another user's empty file said" err "theirs.db: cannot make the database private (mode 0600): Operation not permitted"
	expect_eq "another user's empty file left empty" "$(stat -c %s shared/theirs.db)" "0"
fi
CASE

test_case 'the default location: XDG_DATA_HOME/cramplog/cramplog.db, private' <<'CASE'
sqlite_only "the default database is a file" || return 0
# The default location: $XDG_DATA_HOME/cramplog/cramplog.db, made private.
(
	unset CRAMPLOG_DB
	export XDG_DATA_HOME="$WORK/xdg"
	cramplog_bin import --quiet "$DATA/diet-week.csv"
) && pass || fail "import into the default location"
expect_eq "default database" "$(stat -c %a "$WORK/xdg/cramplog/cramplog.db")" "600"
expect_eq "default directory" "$(stat -c %a "$WORK/xdg/cramplog")" "700"
CASE

test_case 'schema 9: read as it is (10 changed PostgreSQL only); a write upgrades it' <<'CASE'
sqlite_only "SQLite's user_version (PostgreSQL's schema 9 asks for the upgrade: pg.sh)" || return 0
run "import" 0 import --db nine.db "$DATA/training-week.csv" "$DATA/hydration-week.csv"
sqlite3 nine.db "PRAGMA user_version = 9"
sum=$(sha256sum nine.db)
for cmd in status athletes analyze exposures report; do
	run "$cmd on schema 9" 0 "$cmd" --db nine.db
done
expect_eq "readers left it at 9" "$(sqlite3 nine.db "PRAGMA user_version")|$(sha256sum nine.db)" "9|$sum"
run "an import upgrades it" 0 import --db nine.db "$DATA/training-week.csv"
expect_eq "schema 10 after" "$(sqlite3 nine.db "PRAGMA user_version")" "10"
CASE

test_case 'schema 1: readers leave it and name upgrade; upgrade keeps every row' <<'CASE'
sqlite_only "schema 1 exists as an SQLite file only (pg.sh upgrades schema 5 on PostgreSQL)" || return 0
# A database of schema 1 (tests/data/schema-1.db, written by cramplog before
# version 2): a command that only reads leaves it as it is and names the
# command that upgrades it; upgrade does, keeping every row.
cp "$DATA/schema-1.db" old.db
chmod 600 old.db
expect_eq "schema 1 before" "$(sqlite3 old.db "PRAGMA user_version")" "1"
sum=$(sha256sum old.db)
for cmd in status athletes analyze exposures; do
	run "$cmd on schema 1" 66 "$cmd" --db old.db
	expect_in "$cmd names upgrade" err "old.db: the database has schema version 1 and this cramplog reads version 10: upgrade it first with 'cramplog upgrade'"
done
expect_eq "readers left schema 1 as it was" "$(sha256sum old.db)" "$sum"
expect_eq "readers made no WAL" "$(ls old.db*)" "old.db"
run "upgrade" 0 upgrade --db old.db
expect_in "upgrade says from and to" out "old.db: upgraded from schema version 1 to 10"
expect_eq "schema 10 after" "$(sqlite3 old.db "PRAGMA user_version")" "10"
expect_eq "marked as cramplog's" "$(sqlite3 old.db "PRAGMA application_id")" "1129467216"
run "upgrade again" 0 upgrade --db old.db
expect_in "nothing to do" out "old.db: schema version 10 already"
run "status after upgrade" 0 status --db old.db
expect_eq "sessions kept, from the native log" "$(sqlite3 old.db "SELECT count(*) || '|' || group_concat(DISTINCT source) FROM training")" "6|native"
run "re-import into the upgraded database" 0 import --db old.db "$DATA/training-week.csv"
expect_in "nothing changed" out "0 added, 0 updated, 6 unchanged"
printf 'date,athlete,soreness\n2026-09-05,Zoë Müller,3\n' > sore.csv
run "soreness into the upgraded database" 0 import --db old.db sore.csv
expect_eq "soreness stored" "$(sqlite3 old.db "SELECT soreness FROM hydration WHERE date = '2026-09-05'")" "3"
CASE

test_case 'a database another program is writing: refused, byte for byte, no index made' <<'CASE'
sqlite_only "SQLite's hot journal" || return 0
# Another application's database in WAL mode, with a log not yet folded
# into it (its program still writing): every command refuses it, and the
# database, its log and its index stay as they were, none made or removed.
(echo "PRAGMA journal_mode = WAL; CREATE TABLE notes(x); INSERT INTO notes VALUES (1);"; sleep 2) | sqlite3 live.db >/dev/null &
live=$!
for _ in $(seq 1 50); do [ -s live.db-wal ] && break; sleep 0.1; done
sleep 0.3
cp live.db hot.db
cp live.db-wal hot.db-wal
kill "$live" 2>/dev/null
wait "$live" 2>/dev/null
sums=$(sha256sum hot.db hot.db-wal)
for args in "import --db hot.db $DATA/diet-week.csv" "import --dry-run --db hot.db $DATA/diet-week.csv" \
	"upgrade --db hot.db" "status --db hot.db" "report --db hot.db --no-charts"; do
	# shellcheck disable=SC2086
	run "hot log: $args" 66 $args
	expect_in "hot log: $args refused" err "hot.db: not a cramplog database"
done
expect_eq "hot log: database and log untouched" "$(sha256sum hot.db hot.db-wal)" "$sums"
expect_eq "hot log: no index made" "$(ls hot.db*)" "hot.db
hot.db-wal"
CASE

test_case 'a dry run changes nothing: old schema, the mark, an empty file' <<'CASE'
sqlite_only "SQLite files of an old schema, without the mark, empty" || return 0
# A dry run changes nothing: not an old schema (it asks for an upgrade),
# not the mark of a database of the first schemas, not an empty file.
cp "$DATA/schema-1.db" dry.db
sum=$(sha256sum dry.db)
run "dry run on schema 1" 66 import --dry-run --db dry.db "$DATA/diet-week.csv"
expect_in "dry run asks for an upgrade" err "dry.db: the database has schema version 1 and this cramplog reads version 10: upgrade it first with 'cramplog upgrade'"
expect_eq "dry run left schema 1 as it was" "$(sha256sum dry.db)" "$sum"
expect_eq "dry run made no log" "$(ls dry.db*)" "dry.db"
cramplog import --quiet --db unmarked.db "$DATA/diet-week.csv" >/dev/null 2>&1
# (schema 4 as cramplog wrote it before the mark)
sqlite3 unmarked.db "PRAGMA application_id = 0; PRAGMA user_version = 4; PRAGMA journal_mode = DELETE" >/dev/null
sum=$(sha256sum unmarked.db)
run "dry run on a database before the mark" 66 import --dry-run --db unmarked.db "$DATA/training-week.csv"
expect_in "dry run asks for the upgrade" err "unmarked.db: the database has schema version 4 and this cramplog reads version 10: upgrade it first"
expect_eq "dry run did not mark it" "$(sha256sum unmarked.db)" "$sum"
: > dry-empty.db
run "dry run on an empty file" 0 import --dry-run --db dry-empty.db "$DATA/diet-week.csv"
expect_eq "the empty file stays empty" "$(stat -c %s dry-empty.db)" "0"
CASE

test_case 'leftovers of a killed first use: removed once stale and unlocked' <<'CASE'
sqlite_only "SQLite's temporary files of a first use" || return 0
# Temporary files of a process killed while it made the database are
# removed by the next write, once a minute old and no longer locked; a
# fresh one, or one still locked by its maker, is left.
mkdir tmpdb
for t in STALE1 FRESH1 LOCKED; do
	printf x > "tmpdb/t.db.new-$t"
	printf x > "tmpdb/t.db.new-$t-journal"
done
touch -d '-2 hours' tmpdb/t.db.new-STALE1 tmpdb/t.db.new-LOCKED
flock tmpdb/t.db.new-LOCKED sleep 30 &
locker=$!
sleep 0.3
run "first import beside leftovers" 0 import --db tmpdb/t.db "$DATA/diet-week.csv"
expect_eq "only the stale leftover removed" "$(cd tmpdb && ls | tr '\n' ' ')" "t.db t.db.new-FRESH1 t.db.new-FRESH1-journal t.db.new-LOCKED t.db.new-LOCKED-journal "
kill "$locker" 2>/dev/null
wait "$locker" 2>/dev/null
CASE

test_case 'a reader that is not the owner, or cannot write the directory, leaves no file' <<'CASE'
sqlite_only "file ownership and SQLite's -wal and -shm files" || return 0
# A reader that is not the database's owner, or cannot write its
# directory, leaves no file beside it (the owner's next import would fail
# on a -wal or -shm of another user's), and still reads it.
if [ "$(id -u)" -eq 0 ]; then
	shared=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-shared.XXXXXX")
	chmod 1777 "$shared"
	cramplog import --quiet --db "$shared/team.db" "$DATA/training-week.csv" >/dev/null 2>&1
	chmod 644 "$shared/team.db"
	nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	if "${nobody[@]}" test -x "$CRAMPLOG_BIN" -a -r "$shared/team.db"; then
		"${nobody[@]}" "$CRAMPLOG_BIN" status --db "$shared/team.db" >out 2>err
		expect_eq "another user reads" "$?" "0"
		expect_in "another user reads the sessions" out "6 sessions"
		expect_eq "and leaves no file beside it" "$(ls "$shared")" "team.db"
		chmod 755 "$shared"
		"${nobody[@]}" "$CRAMPLOG_BIN" athletes --db "$shared/team.db" >out 2>err
		expect_eq "a reader without write access to the directory" "$?" "0"
		expect_eq "no file there either" "$(ls "$shared")" "team.db"
	else
		skip "nobody cannot run $CRAMPLOG_BIN"
	fi
	rm -rf "$shared"
else
	skip "only root can read as another user here"
fi
CASE

finish
