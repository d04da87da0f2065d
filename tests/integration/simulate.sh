# cramplog simulate writes files the importer takes back whole; the same
# seed gives the same bytes; --weekly names files by ISO week.
. "$(dirname "$0")/lib.bash"

# seven: six athletes, 30 days, seed 7, in sim/; copied by the cases.
seven() { run "simulate" 0 simulate --out sim --athletes 6 --days 30 --seed 7; }
sim_seven() {
	fixture seven seven
	cp -rp "$FIXTURE/sim" "$FIXTURE/out" .
}

test_case 'simulate: a summary, private files, imported back whole' <<'CASE'
sim_seven
expect_in "summary" out "simulate: 6 athletes, 30 days:"
sessions=$(sed -E 's/.*: ([0-9]+) sessions.*/\1/' out)
hydration=$(sed -E 's/.* ([0-9]+) hydration rows.*/\1/' out)
diet=$(sed -E 's/.* ([0-9]+) diet rows.*/\1/' out)
expect_eq "files are private" "$(stat -c %a sim/training.csv sim/hydration.csv sim/diet.csv | sort -u)" "600"
expect_eq "training lines" "$(($(wc -l < sim/training.csv) - 1))" "$sessions"

run "import simulated" 0 import sim/training.csv sim/hydration.csv sim/diet.csv
expect_in "all training imported" out "training.csv: training, $sessions rows: $sessions added, 0 updated, 0 unchanged, 0 rejected"
expect_in "all hydration imported" out "hydration.csv: hydration, $hydration rows: $hydration added"
expect_in "all diet imported" out "diet.csv: diet, $diet rows: $diet added"
expect_eq "six athletes" "$(sql "SELECT count(*) FROM athletes")" "6"
CASE

test_case 'the same seed gives the same bytes, another seed others' <<'CASE'
sim_seven
run "same seed" 0 simulate --out sim2 --athletes 6 --days 30 --seed 7
for f in training hydration diet; do
	cmp -s "sim/$f.csv" "sim2/$f.csv" && pass || fail "same seed, different $f.csv"
done
run "other seed" 0 simulate --out sim3 --athletes 6 --days 30 --seed 8
cmp -s sim/training.csv sim3/training.csv && fail "other seed, same training.csv" || pass
CASE

test_case '--weekly: files named by ISO week' <<'CASE'
run "weekly" 0 simulate --out weeks --athletes 2 --days 14 --start 2026-08-31 --weekly
expect_eq "weekly files" "$(cd weeks && ls | tr '\n' ' ')" "diet-2026-W36.csv diet-2026-W37.csv hydration-2026-W36.csv hydration-2026-W37.csv training-2026-W36.csv training-2026-W37.csv "
expect_eq "week 36 ends on Sunday" "$(tail -n 1 weeks/hydration-2026-W36.csv | cut -d, -f1)" "2026-09-06"
CASE

test_case '--or and --base-rate; --drinks a day' <<'CASE'
run "odds ratio option" 0 simulate --out sim4 --athletes 2 --days 7 --or low_sodium=3.5 --or tightness=1 --base-rate 0.2
# --drinks: each athlete logs that many drinks a day, besides the morning
# reading (one hydration row).
run "drinks option" 0 simulate --out sim5 --athletes 3 --days 5 --drinks 10-10
expect_eq "ten drinks and a reading a day" "$(($(wc -l < sim5/hydration.csv) - 1))" "$((3 * 5 * 11))"
run "drinks range" 0 simulate --out sim6 --athletes 3 --days 20 --drinks 0-2
n=$(($(wc -l < sim6/hydration.csv) - 1))
[ "$n" -ge 60 ] && [ "$n" -le 180 ] && pass || fail "drinks 0-2: $n hydration rows for 60 days"
CASE

test_case 'usage errors 64, an unwritable directory 73' <<'CASE'
for bad in 5-3 3-31 x 3 3-4x " 3-4" -3-4; do
	run "bad drinks '$bad'" 64 simulate --out x --drinks "$bad"
done
run "no out" 64 simulate --athletes 2
expect_in "no out message" err "--out DIR is required"
run "out without its value" 64 simulate --athletes 2 --out
expect_in "out without its value said" err "option '--out' needs a value"
run "bad athletes" 64 simulate --out x --athletes 0
run "bad days" 64 simulate --out x --days 12abc
run "bad factor" 64 simulate --out x --or salt=2
expect_in "bad factor message" err "--or takes FACTOR=X"
run "bad rate" 64 simulate --out x --base-rate 1.5
# Numbers as a log's cells are read: no hex, no blanks (review 9).
run "a rate in hex" 64 simulate --out x --base-rate 0x1p-4
run "a rate with a blank" 64 simulate --out x --base-rate " 0.2"
run "an odds ratio in hex" 64 simulate --out x --or low_sodium=0x10
run "an odds ratio with an exponent" 0 simulate --out sim5 --athletes 1 --days 2 --or low_sodium=2e0
run "bad start" 64 simulate --out x --start 2026-02-30
run "too late" 64 simulate --out x --start 2199-12-01 --days 60
run "help" 0 simulate --help
expect_in "help text" out "usage: cramplog simulate"
run "unwritable" 73 simulate --out /proc/cramplog-sim --athletes 1 --days 1
CASE

# ---- the files are written as every other output of cramplog ----
# Each file is a new private file (mode 0600) renamed into place when
# whole: what was at its name is replaced, never written through; an SQLite
# database, cramplog's own files, and another user's link in a shared
# directory are refused before anything is written.
kinds="training hydration diet"
old='an old file of the user'

test_case 'an existing file at each name: replaced by a new private file (0600), never written through' <<'CASE'
mkdir mine
for k in $kinds; do
	printf '%s\n' "$old" > "mine/$k.csv"
	chmod 644 "mine/$k.csv"
	ln "mine/$k.csv" "other-$k.csv"
done
run "over existing files" 0 simulate --out mine --athletes 2 --days 7
for k in $kinds; do
	expect_eq "$k.csv: the other name untouched" "$(cat "other-$k.csv")" "$old"
	expect_eq "$k.csv: a new file" "$(head -c 4 "mine/$k.csv")" "date"
done
expect_eq "the files are 0600" "$(stat -c %a mine/training.csv mine/hydration.csv mine/diet.csv | sort -u)" "600"
expect_eq "no temporary left" "$(ls mine | tr '\n' ' ')" "diet.csv hydration.csv training.csv "
CASE

test_case 'the files are 0600 whatever was there and whatever the umask, --weekly too' <<'CASE'
mkdir weeks
for k in $kinds; do
	printf '%s\n' "$old" > "weeks/$k-2026-W36.csv"
	chmod 666 "weeks/$k-2026-W36.csv"
done
(umask 000 && cramplog simulate --out weeks --athletes 2 --days 14 --start 2026-08-31 --weekly >out 2>err)
expect_eq "weekly over existing files" "$?" 0
expect_eq "the weekly files are 0600" "$(stat -c %a weeks/* | sort -u)" "600"
expect_eq "weekly: six files, no temporary" "$(ls weeks | wc -l)" 6
CASE

# ln -s ../cur.db s2/training.csv: cramplog's database (CRAMPLOG_DB, else
# the default) and its -wal, -shm and -journal are never written to.
test_case "cramplog's database or its files at an output name: 64, nothing written" <<'CASE'
sqlite_only "the database as a file where a log would go" || return 0
run "import into cur.db" 0 import --db cur.db --quiet "$DATA/training-week.csv"
cp cur.db cur.before
export CRAMPLOG_DB=$WORK/cur.db
mkdir s2
ln -s ../cur.db s2/training.csv
run "a link to the database" 64 simulate --out s2 --athletes 2 --days 7
expect_in "a link to the database: said" err "s2/training.csv is the database or one of its files"
cmp -s cur.before cur.db && pass || fail "a link to the database: the database changed"
expect_eq "a link to the database: nothing written" "$(ls s2)" "training.csv"
# The -shm file is no SQLite file by its bytes: known by its name alone.
printf 'shared memory\n' > cur.db-shm
mkdir s3
ln -s ../cur.db-shm s3/diet.csv
run "a link to the database's -shm" 64 simulate --out s3 --athletes 2 --days 7
expect_eq "the -shm untouched" "$(cat cur.db-shm)" "shared memory"
expect_eq "a link to the -shm: nothing written" "$(ls s3)" "diet.csv"
# The default database when CRAMPLOG_DB is not set.
unset CRAMPLOG_DB
export XDG_DATA_HOME=$WORK/xdg
mkdir -p xdg/cramplog
printf 'journal\n' > xdg/cramplog/cramplog.db-journal
mkdir s4
ln -s ../xdg/cramplog/cramplog.db-journal s4/hydration-2026-W02.csv
run "a link to the default database's journal" 64 simulate --out s4 --athletes 2 --days 7 --weekly
expect_in "the default database's journal: said" err "hydration-2026-W02.csv is the database or one of its files"
expect_eq "the default database's journal untouched" "$(cat xdg/cramplog/cramplog.db-journal)" "journal"
CASE

test_case 'another SQLite database at an output name: 73, not replaced, nothing written' <<'CASE'
sqlite3 app.db "CREATE TABLE t(x); INSERT INTO t VALUES ('theirs');"
mkdir s
cp app.db s/hydration.csv
run "a database at hydration.csv" 73 simulate --out s --athletes 2 --days 7
expect_in "a database at hydration.csv: said" err "s/hydration.csv is an SQLite database"
expect_in "a database at hydration.csv: not replaced" err "not replaced"
cmp -s app.db s/hydration.csv && pass || fail "a database at hydration.csv: it changed"
expect_eq "a database at hydration.csv: nothing written" "$(ls s)" "hydration.csv"
# Through a link of the user's own, and as one week's file.
mkdir w
ln -s ../app.db w/diet-2026-W03.csv
run "a link to a database as a week's file" 73 simulate --out w --athletes 2 --days 14 --weekly
cmp -s app.db s/hydration.csv && pass || fail "a link to a database: it changed"
expect_eq "a week's file a database: nothing written" "$(ls w)" "diet-2026-W03.csv"
CASE

test_case 'a write that fails: 74, the file named, the old files as they were' <<'CASE'
# A file size limit stands for a full disk (SIGXFSZ ignored, a write past
# it fails with EFBIG). Valgrind's own files need room.
if under_valgrind; then
	skip "valgrind's own files need more room than the file size limit"
	return 0
fi
mkdir full
for k in $kinds; do printf '%s\n' "$old" > "full/$k.csv"; done
(trap '' XFSZ; ulimit -f 20
 cramplog_bin simulate --out full --athletes 40 --days 60 >out 2>err
 echo $? >code)
expect_eq "a write that fails: 74" "$(cat code)" 74
expect_in "a write that fails: the file named" err "cramplog simulate: cannot write full/"
expect_in "a write that fails: why" err "File too large"
for k in $kinds; do
	expect_eq "a write that fails: $k.csv as it was" "$(cat "full/$k.csv")" "$old"
done
expect_eq "a write that fails: no temporary left" "$(ls full | tr '\n' ' ')" "diet.csv hydration.csv training.csv "
CASE

# Another user's link in a sticky, world-writable directory (/tmp) is
# never followed, whatever fs.protected_symlinks says: the link is made by
# the user, then given to nobody (chown -h), as in chart_safety.sh.
test_case "another user's link in a sticky directory: 73, not followed" <<'CASE'
if [ "$(id -u)" -ne 0 ]; then
	skip "not root: no link of another user can be planted"
	return 0
fi
mkdir -m 1777 shared
mkdir victims victim-dir
printf '%s\n' "$old" > victims/training.csv
ln -s ../victims/training.csv shared/training.csv
chown -h nobody shared/training.csv
run "through a planted link" 73 simulate --out shared --athletes 2 --days 7
expect_in "a planted link: said" err "not following the symbolic link"
expect_in "a planted link: whose" err "belongs to another user"
expect_eq "a planted link: not written through" "$(cat victims/training.csv)" "$old"
[ -L shared/training.csv ] && pass || fail "a planted link: the link was replaced"
expect_eq "a planted link: nothing written" "$(ls shared)" "training.csv"
# A planted link to a directory, named as --out.
ln -s ../victim-dir shared/sim
chown -h nobody shared/sim
run "--out through a planted link" 73 simulate --out shared/sim --athletes 2 --days 7
expect_eq "--out through a planted link: nothing written" "$(ls victim-dir)" ""
# The user's own link there is followed.
mkdir mine
ln -s ../mine/hydration.csv shared/hydration.csv
rm shared/training.csv
run "the user's own link" 0 simulate --out shared --athletes 2 --days 7
[ -L shared/hydration.csv ] && [ "$(head -c 4 mine/hydration.csv)" = date ] && pass ||
	fail "own link: the file is not where the link leads"
CASE

finish
