# Charts in a shared directory, and gnuplot under a time limit: chart files
# are new private files renamed into place (never written through a file
# or a link that was there), another user's link in a sticky directory is
# never followed, a directory that holds the database is refused, and a
# time limit ends what gnuplot started too.
. "$(dirname "$0")/lib.bash"

SAMPLE=$(cd "$DATA/../.." && pwd)/sample-data
is_root() { [ "$(id -u)" -eq 0 ]; }
# gone PID: the process has ended (a zombie counts: nobody may reap it).
gone() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 0
	[ "$state" = Z ]
}

# A planted file or link is never written through: victim holds this.
secret='not a chart'

# databases: the sample in d/team.dat and in g.db.
databases() {
	mkdir d
	run "import the sample into d" 0 import --db d/team.dat --quiet "$SAMPLE"/*.csv
	run "import the sample into g.db" 0 import --db g.db --quiet "$SAMPLE"/*.csv
}
# databases_here: databases copied here, team.before a copy of d/team.dat.
databases_here() {
	fixture databases databases
	fixture_copy
	[ "$BACKEND" = pg ] || cp d/team.dat team.before
}
# charts_here: databases here, g.db the database, c the charts' directory.
charts_here() {
	databases_here
	export CRAMPLOG_DB="$WORK/g.db"
	mkdir c
}

# A gnuplot (first on PATH) that starts a child which ignores SIGTERM,
# then waits: both must be gone after the time limit.
fake_gnuplot() {
	mkdir fakebin
	cat > fakebin/gnuplot <<SH
#!/bin/sh
echo \$\$ > "$WORK/gnuplot.pid"
(trap '' TERM; exec sleep 300) &
echo \$! > "$WORK/child.pid"
exec sleep 300
SH
	chmod +x fakebin/gnuplot
}

# all_ended NAME: the fake gnuplot and its child have ended (given a few
# seconds); what a failure left behind is ended here.
all_ended() {
	local fake child pid
	fake=$(cat gnuplot.pid 2>/dev/null)
	child=$(cat child.pid 2>/dev/null)
	if [ -z "$fake" ] || [ -z "$child" ]; then
		fail "$1: the fake gnuplot did not run"
		return
	fi
	for _ in $(seq 10); do gone "$fake" && gone "$child" && break; sleep 0.5; done
	gone "$fake" && gone "$child" && pass || fail "$1: gnuplot or its child still runs"
	for pid in "$fake" "$child"; do
		gone "$pid" || kill -9 "$pid"
	done
	rm -f gnuplot.pid child.pid
}

# A sticky, world-writable directory (like /tmp), shared, where another
# user (nobody) plants links; victims holds what they lead to. Root only.
sticky() {
	if ! is_root; then
		skip "not root: no link of another user can be planted"
		return 1
	fi
	charts_here
	mkdir -m 1777 shared
	mkdir victims
}

# ---- report --charts DIR that holds the database ----
test_case 'report --charts in the directory of the database: 64, nothing written' <<'CASE'
sqlite_only "the database as a file where charts would go" || return 0
databases_here
run "charts beside the database" 64 report --db d/team.dat --charts d
expect_in "charts beside the database: said" err "d holds the database d/team.dat"
cmp -s team.before d/team.dat && pass || fail "charts beside the database: the database changed"
expect_eq "charts beside the database: nothing written" "$(ls d | grep -v '^team\.dat')" ""
expect_eq "charts beside the database: still a database" "$(sqlite3 d/team.dat 'SELECT count(*) > 0 FROM athletes')" "1"
CASE

# The same directory by another name.
test_case 'the directory of the database by a link: refused' <<'CASE'
sqlite_only "the database as a file where charts would go" || return 0
databases_here
ln -s d d-again
run "charts beside the database, by a link" 64 report --db d/team.dat --charts d-again/.
cmp -s team.before d/team.dat && pass || fail "charts by a link: the database changed"
CASE

# A database reached through a link: its real directory is refused too.
test_case 'a database reached through a link: its directory and the link directory refused' <<'CASE'
sqlite_only "the database as a file where charts would go" || return 0
databases_here
mkdir e
ln -s ../d/team.dat e/link.dat
run "charts where the database's link leads" 64 report --db e/link.dat --charts d
run "charts where the database's link is" 64 report --db e/link.dat --charts e
cmp -s team.before d/team.dat && pass || fail "charts by the database's link: the database changed"
CASE

# plot's files beside the database: its .dat would be the database.
test_case 'plot whose data file would be the database: 64' <<'CASE'
sqlite_only "the database as a file where charts would go" || return 0
databases_here
run "plot's data over the database" 64 plot team --db d/team.dat --out d/team.png
cmp -s team.before d/team.dat && pass || fail "plot's data: the database changed"
CASE

# A link the user made to the database, at a chart's name: never replaced.
test_case 'a chart over a link to another database: 73, never replaced' <<'CASE'
sqlite_only "the database as a file where charts would go" || return 0
databases_here
mkdir f
ln -s ../d/team.dat f/team.dat
run "chart over a link to another database" 73 report --db g.db --charts f
expect_in "chart over a link to a database: said" err "is an SQLite database"
cmp -s team.before d/team.dat && pass || fail "a link to a database: the database changed"
CASE

# A chart refused leaves no script or data: the script would draw into it.
test_case 'a chart over a hard link to a database: 73, no script or data written' <<'CASE'
sqlite_only "the database as a file where charts would go" || return 0
databases_here
mkdir o
ln g.db o/team.png
run "report's chart over a hard link to the database" 73 report --db g.db --charts o
expect_in "hard link to the database: said" err "o/team.png is an SQLite database"
expect_eq "hard link to the database: no script or data written" "$(ls o)" "team.png"
ln d/team.dat o/other.png
run "plot over a hard link to another database" 73 plot team --db g.db --out o/other.png
expect_eq "plot over a database: no script or data written" "$(ls o | tr '\n' ' ')" "other.png team.png "
expect_eq "hard link to the database: still a database" "$(sqlite3 g.db 'SELECT count(*) > 0 FROM athletes')" "1"
CASE

# ---- chart files are new files, renamed into place ----
test_case 'plot over hard links: new private files, the other name untouched' <<'CASE'
charts_here
printf '%s\n' "$secret" > victim.txt
ln victim.txt c/team.png
ln victim.txt c/team.dat
ln victim.txt c/team.gp
run "plot over hard links" 0 plot team --out c/team.png
expect_eq "plot over hard links: the other name untouched" "$(cat victim.txt)" "$secret"
expect_eq "plot over hard links: a new chart" "$(head -c 4 c/team.png | tail -c 3)" "PNG"
expect_eq "plot over hard links: private" "$(stat -c %a c/team.png c/team.gp c/team.dat | sort -u)" "600"
expect_eq "plot over hard links: no temporary left" "$(ls c | grep -v '^team\.\(png\|gp\|dat\)$')" ""
CASE

# Private whatever the umask (gnuplot makes no file of its own).
test_case 'charts private under umask 000' <<'CASE'
charts_here
(umask 000 && cramplog plot team --out c/open.svg >/dev/null 2>&1)
expect_eq "private under umask 000" "$(stat -c %a c/open.svg c/open.gp c/open.dat | sort -u)" "600"
CASE

# A failing gnuplot leaves the chart that was there, and no temporaries.
test_case 'a failing gnuplot leaves the chart that was there, and no temporary' <<'CASE'
charts_here
run "the chart drawn first" 0 plot team --out c/team.png
printf '#!/bin/sh\necho broken >&2\nexit 3\n' > broken-gnuplot
chmod +x broken-gnuplot
cp c/team.png team.png.before
CRAMPLOG_GNUPLOT=$WORK/broken-gnuplot run "gnuplot fails" 70 plot team --out c/team.png
cmp -s team.png.before c/team.png && pass || fail "gnuplot fails: the chart was changed"
expect_eq "gnuplot fails: no temporary left" "$(ls c | grep tmp)" ""
CASE

# ---- links in a shared directory ----
# Links another user planted in a sticky directory are never followed;
# links of the user's own are still followed.
test_case 'links planted in a sticky directory: report --charts and plot not written through' <<'CASE'
sticky || return
for f in team.png factors.gp factors.dat; do
	printf '%s\n' "$secret" > "victims/$f"
done
ln -s ../victims/team.png shared/team.png
ln -s ../victims/factors.gp shared/factors.gp
ln -s ../victims/factors.dat shared/factors.dat
chown -h nobody shared/team.png shared/factors.gp shared/factors.dat
run "report --charts through planted links" 73 report --charts shared
expect_in "planted links: said" err "not following the symbolic link"
expect_in "planted links: whose" err "belongs to another user"
for f in team.png factors.gp factors.dat; do
	expect_eq "planted link to $f: not written through" "$(cat "victims/$f")" "$secret"
done
[ -L shared/team.png ] && pass || fail "planted links: the link was replaced"
run "plot through a planted link" 73 plot factors --out shared/factors.png
expect_eq "plot through a planted link: not written through" "$(cat victims/factors.gp)" "$secret"
# A planted link at the chart's name alone: no script or data either.
ln -s ../victims/team.png shared/load.svg
chown -h nobody shared/load.svg
run "plot's chart through a planted link" 73 plot team --out shared/load.svg
expect_eq "chart through a planted link: no script or data written" "$(ls shared | grep '^load\.')" "load.svg"
rm shared/load.svg
expect_eq "planted links: no temporary left" "$(ls shared victims | grep tmp)" ""
CASE

# A planted link to a directory, named as the charts directory.
test_case 'a planted link to a directory as the charts directory: not written through' <<'CASE'
sticky || return
mkdir victim-dir
printf '%s\n' "$secret" > victim-dir/team.gp
ln -s ../victim-dir shared/charts
chown -h nobody shared/charts
run "charts directory through a planted link" 73 report --charts shared/charts
expect_eq "charts directory through a planted link: not written" "$(ls victim-dir)|$(cat victim-dir/team.gp)" "team.gp|$secret"
CASE

# The user's own link, and a link of the directory's owner: followed.
test_case 'in a sticky directory, the link of the user and of the directory owner: followed' <<'CASE'
sticky || return
mkdir mine
ln -s ../mine/load.png shared/load.png
run "own link followed" 0 plot load --athlete "Kai D'Angelo" --out shared/load.png
[ -L shared/load.png ] && [ "$(head -c 4 mine/load.png | tail -c 3)" = PNG ] && pass ||
	fail "own link: the chart is not where the link leads"
mkdir -m 1777 owned
chown nobody owned
ln -s ../mine/team.svg owned/team.svg
chown -h nobody owned/team.svg
run "the directory owner's link followed" 0 plot team --out owned/team.svg
expect_in "the directory owner's link: the chart there" mine/team.svg "<svg"
CASE

# report --out follows the same rule.
test_case 'report --out through a planted link: 73, not written through' <<'CASE'
sticky || return
printf '%s\n' "$secret" > victims/report.txt
ln -s ../victims/report.txt shared/report.txt
chown -h nobody shared/report.txt
run "report --out through a planted link" 73 report --out shared/report.txt
expect_eq "report --out: not written through" "$(cat victims/report.txt)" "$secret"
CASE

# ---- --timeout ends everything gnuplot started ----
test_case '--timeout ends gnuplot and its child, no chart left' <<'CASE'
charts_here
fake_gnuplot
start=$(date +%s)
PATH="$WORK/fakebin:$PATH" run "timeout" 70 plot team --out c/slow.png --timeout 1
took=$(($(date +%s) - start))
expect_in "timeout: said" err "stopped after 1 seconds"
[ "$took" -lt 15 ] && pass || fail "timeout: took $took s"
all_ended "timeout"
expect_eq "timeout: no chart, no temporary" "$(ls c | grep slow)" "slow.dat
slow.gp"
CASE

# Stopped by a signal (a Ctrl-C reaches cramplog, not gnuplot's group):
# gnuplot and its child end first, no temporary is left, then cramplog
# ends by the signal.
test_case 'stopped by a signal: gnuplot and its child end first, no chart left' <<'CASE'
charts_here
fake_gnuplot
CRAMPLOG_DB=$(db_uri "$CRAMPLOG_DB") PATH="$WORK/fakebin:$PATH" "$CRAMPLOG_BIN" plot team --out c/stopped.png >out 2>err &
plot=$!
for _ in $(seq 50); do [ -s child.pid ] && [ -s gnuplot.pid ] && break; sleep 0.2; done
kill -TERM "$plot"
wait "$plot"
expect_eq "signal: cramplog ended by it" "$?" "$((128 + 15))"
all_ended "signal"
expect_eq "signal: no chart, no temporary" "$(ls c | grep stopped)" "stopped.dat
stopped.gp"
CASE

# A signal ignored when cramplog started stays ignored: nohup's SIGHUP, and
# SIGINT, which a non-interactive shell ignores in its background jobs. A
# slow gnuplot (a wrapper that waits, then draws) is not stopped by them.
ignored_signal() {
	charts_here
	printf '#!/bin/sh\nsleep 2\nexec gnuplot "$@"\n' > slow-gnuplot
	chmod +x slow-gnuplot
	CRAMPLOG_DB=$(db_uri "$CRAMPLOG_DB") CRAMPLOG_GNUPLOT=$WORK/slow-gnuplot nohup "$CRAMPLOG_BIN" plot team --out "c/ignored-$s.png" >out 2>err &
	plot=$!
	sleep 1
	kill -"$s" "$plot"
	wait "$plot"
	expect_eq "ignored SIG$s: cramplog goes on" "$?" 0
	expect_not_in "ignored SIG$s: no word of it" err "stopped by signal"
	expect_eq "ignored SIG$s: the chart drawn" "$(head -c 4 "c/ignored-$s.png" 2>/dev/null | tail -c 3)" "PNG"
}
for s in HUP INT; do
	test_case "SIG$s ignored at start stays ignored while gnuplot runs" ignored_signal
done

finish
