# Teams: a native log's team column and import --team give an athlete a
# team (the latest given); --team makes every read command read that team's
# athletes only; schema 5 is upgraded to 7 with every row kept.
. "$(dirname "$0")/lib.bash"

# squad: a simulated squad of 12 whose training log has a team column:
# the athletes whose names begin with A to M are Lions, the others Tigers.
squad() {
	run "simulate" 0 simulate --out sim --athletes 12 --days 56
	teams_log sim/training.csv training.csv
	run "import" 0 import training.csv sim/hydration.csv sim/diet.csv
	cut -d, -f3,18 training.csv | sed 1d | sort -u > teams.txt
}

# names TEAM: that team's athletes, one a line, sorted.
names() { grep ",$1\$" "$FIXTURE/teams.txt" | cut -d, -f1 | sort; }

test_case 'each read command with --team reads only that team (text and JSON)' <<'CASE'
fixture squad squad
fixture_db
lions=$(names Lions)
tigers=$(names Tigers)
nlions=$(printf '%s\n' "$lions" | wc -l)
ntigers=$(printf '%s\n' "$tigers" | wc -l)
expect_eq "two teams of the squad" "$((nlions + ntigers)) $((nlions > 1 && ntigers > 1))" "12 1"
run "athletes" 0 athletes --team lions
expect_eq "athletes: the Lions only" "$(sed 1d out | awk '{ NF -= 7; print }' | sort)" "$lions"
run "athletes json" 0 athletes --team "  LIONS " --format json
expect_eq "athletes json: the Lions only" "$(sqlite3 -batch -noheader :memory: "SELECT json_extract(value, '\$.name') FROM json_each(readfile('out'))" | sort)" "$lions"
run "status json" 0 status --team Tigers --format json
expect_eq "status: the team" "$(json_get out '$.team')" "Tigers"
expect_eq "status: its athletes" "$(json_get out '$.athletes')" "$ntigers"
expect_eq "status: its sessions" "$(json_get out '$.training')" \
	"$(sql "SELECT count(*) FROM training t JOIN athletes a ON a.id = t.athlete_id WHERE a.team = 'Tigers'")"
expect_eq "status: its hydration rows" "$(json_get out '$.hydration')" \
	"$(sql "SELECT count(*) FROM hydration h JOIN athletes a ON a.id = h.athlete_id WHERE a.team = 'Tigers'")"
run "status text" 0 status --team Tigers
expect_in "status text: the team" out "team       Tigers"
expect_in "status text: its athletes" out "athletes   $ntigers"
run "exposures" 0 exposures --team Lions
expect_eq "exposures: the Lions' sessions only" "$(sed 1d out | cut -d, -f1 | sort -u)" "$lions"
run "exposures json" 0 exposures --team Lions --format json
expect_eq "exposures json: the Lions' sessions only" "$(sqlite3 -batch -noheader :memory: "SELECT DISTINCT json_extract(value, '\$.athlete') FROM json_each(readfile('out'))" | sort)" "$lions"
run "analyze json" 0 analyze --team Lions --format json
expect_eq "analyze: the Lions' sessions" "$(json_get out '$.sessions')" \
	"$(sql "SELECT count(*) FROM training t JOIN athletes a ON a.id = t.athlete_id WHERE a.team = 'Lions'")"
expect_eq "analyze: the Lions" "$(json_get out '$.athletes')" "$nlions"
run "analyze text" 0 analyze --team Lions
expect_in "analyze text: the Lions' sessions" out "$(sql "SELECT count(*) FROM training t JOIN athletes a ON a.id = t.athlete_id WHERE a.team = 'Lions'") sessions of $nlions athletes"
run "report json" 0 report --team Tigers --format json
expect_eq "report: the squad is the Tigers" "$(json_get out '$.squad.athletes')" "$ntigers"
run "report text" 0 report --team Tigers
while IFS= read -r name; do
	expect_not_in "report text: no Lion ($name)" out "$name"
done <<<"$lions"
run "report json names" 0 report --team Tigers --format json
while IFS= read -r name; do
	expect_not_in "report json: no Lion ($name)" out "$name"
done <<<"$lions"
run "validate" 0 validate --team Lions --format json
expect_in "validate: ran on the team" out '"sessions"'
tiger=$(printf '%s\n' "$tigers" | head -n 1)
for c in exposures analyze report validate; do
	run "$c: a Tiger is no Lion" 66 $c --team Lions --athlete "$tiger"
	expect_in "$c: says so" err "no athlete called '$tiger' in the database in team Lions"
done
run "plot: a Tiger is no Lion" 66 plot history --athlete "$tiger" --team Lions --out h.svg
run "plot: a Lion's history" 0 plot history --athlete "$(printf '%s\n' "$lions" | head -n 1)" --team Lions --out h.svg
for c in status athletes exposures analyze report validate; do
	run "$c: an unknown team" 66 $c --team Sharks
	expect_in "$c: says no such team" err "no athlete in team 'Sharks'"
done
run "plot: an unknown team" 66 plot factors --team Sharks --out f.svg
run "a team of control characters" 64 status --team "$(printf 'a\tb')"
expect_in "says why" err "--team: a control character in the name"
CASE

test_case "an athlete's team is the latest given; an app export's comes with --team" <<'CASE'
printf 'date,athlete,team,duration_min\n2026-03-01,Ana,Lions,60\n2026-03-02,Ben,,45\n' > a.csv
run "import" 0 import a.csv
expect_eq "Ana is a Lion, Ben in no team" "$(sql "SELECT name || ':' || coalesce(team, '-') FROM athletes ORDER BY name" | tr '\n' ' ')" "Ana:Lions Ben:- "
printf 'date,athlete,team,duration_min\n2026-03-03,ana,Tigers,50\n' > b.csv
run "a later import" 0 import b.csv
expect_eq "Ana is a Tiger now" "$(sql "SELECT team FROM athletes WHERE name = 'Ana'")" "Tigers"
run "an app export" 0 import --athlete Cleo --team Lions "$DATA/apps/garmin-activities.csv"
expect_eq "Cleo is a Lion" "$(sql "SELECT team FROM athletes WHERE name = 'Cleo'")" "Lions"
run "athletes" 0 athletes --team lions
expect_eq "the Lions: Cleo" "$(sed 1d out | awk '{ print $1 }')" "Cleo"
run "athletes: each one's team" 0 athletes
expect_eq "athletes text: the team column" "$(awk '{ print $1 "=" $NF }' out | tr '\n' ' ')" "athlete=team Ana=Tigers Ben=- Cleo=Lions "
run "athletes json: each one's team" 0 athletes --format json
expect_eq "athletes json: the team, null when none" "$(sqlite3 -batch -noheader :memory: "SELECT group_concat(json_extract(value, '\$.name') || '=' || json_type(value, '\$.team') || ':' || ifnull(json_extract(value, '\$.team'), ''), ' ') FROM json_each(readfile('out'))")" "Ana=text:Tigers Ben=null: Cleo=text:Lions"
run "--team on a native log" 65 import --team Lions b.csv
expect_in "says it is for app exports" err "--team is for app exports"
run "--team empty" 64 import --athlete Cleo --team "" "$DATA/apps/garmin-activities.csv"
CASE

test_case "in one file too: the latest given, back and forth, past a batch's end" <<'CASE'
# An athlete's team is remembered for the file, so that each row does not
# set it again: a change, even back to an earlier team, still counts,
# also many batches later (30,000 rows of training: several batches).
printf 'date,athlete,team,duration_min\n2026-03-01,Ana,Lions,60\n2026-03-02,Ana,Tigers,60\n2026-03-03,Ana,Lions,60\n2026-03-01,Ben,Tigers,45\n2026-03-02,Ben,Lions,45\n' > back.csv
run "import" 0 import back.csv
expect_eq "Ana back with the Lions, Ben a Lion" "$(sql "SELECT name || ':' || team FROM athletes ORDER BY name" | tr '\n' ' ')" "Ana:Lions Ben:Lions "
awk 'BEGIN {
	print "date,athlete,team,duration_min"
	for (d = 0; d < 300; d++)
		for (a = 0; a < 100; a++) {
			team = "Lions"
			if ((a == 7 && d == 299) || (a == 8 && d >= 150))
				team = "Tigers"
			printf "2025-%02d-%02d,Runner %d,%s,30\n", 1 + int(d / 28), 1 + d % 28, a, team
		}
}' > many.csv
run "import of 30,000 rows" 0 import many.csv
expect_eq "the teams of the last rows" "$(sql "SELECT team, count(*) FROM athletes WHERE name LIKE 'Runner %' GROUP BY team ORDER BY team" | tr '\n' ' ')" "Lions|98 Tigers|2 "
expect_eq "Runner 7 changed on the last day" "$(sql "SELECT team FROM athletes WHERE name = 'Runner 7'")" "Tigers"
CASE

test_case "a team changed by another writer between two files of one import is given again" <<'CASE'
# The teams given are remembered for a file's transaction only: the
# second file gives Ana the Lions again after another writer made her a
# Tiger (the code before remembered the last one given past the commit,
# and left her a Tiger). A FIFO holds the second file back until then.
printf 'date,athlete,team,duration_min\n2026-03-01,Ana,Lions,60\n' > first.csv
printf 'date,athlete,team,duration_min\n2026-03-02,Ana,Lions,60\n' > second.csv
printf 'date,athlete,duration_min\n2026-02-27,Ben,60\n' > ben.csv
run "the database made" 0 import ben.csv
mkfifo held.csv
cramplog import first.csv held.csv >import.out 2>&1 &
importer=$!
for _ in $(seq 300); do
	[ "$(sql "SELECT team FROM athletes WHERE name = 'Ana'" 2>/dev/null)" = Lions ] && break
	sleep 0.1
done
expect_eq "the first file stored" "$(sql "SELECT team FROM athletes WHERE name = 'Ana'")" "Lions"
sql "UPDATE athletes SET team = 'Tigers', team_key = 'tigers' WHERE name = 'Ana'" >/dev/null
expect_eq "another writer made her a Tiger" "$(sql "SELECT team FROM athletes WHERE name = 'Ana'")" "Tigers"
timeout 60 cat second.csv >held.csv || fail "the import never opened the second file"
wait "$importer"
expect_eq "the import ended well" "$?" 0
expect_eq "the second file made her a Lion again" "$(sql "SELECT team FROM athletes WHERE name = 'Ana'")" "Lions"
CASE

test_case "status --team lists the imports that stored or changed its athletes' rows" <<'CASE'
printf 'date,athlete,team,duration_min\n2026-03-01,Ana,Lions,60\n' > lions.csv
printf 'date,athlete,team,duration_min\n2026-03-01,Tom,Tigers,50\n' > tigers.csv
printf 'date,athlete,team,duration_min\n2026-03-02,Ana,Lions,40\n2026-03-02,Tom,Tigers,45\n' > both.csv
run "import" 0 import lions.csv tigers.csv both.csv
run "status --team Lions" 0 status --team Lions
expect_in "the Lions' file" out "lions.csv: 1 rows"
expect_in "the file of both" out "both.csv: 2 rows"
expect_not_in "not the Tigers' file" out "tigers.csv"
run "status --team Tigers json" 0 status --team Tigers --format json
expect_eq "the Tigers' imports, newest first" "$(sqlite3 -batch -noheader :memory: "SELECT group_concat(json_extract(value, '\$.file'), ' ') FROM json_each(readfile('out'), '\$.imports')")" "both.csv tigers.csv"
run "status" 0 status --format json
expect_eq "every import without --team" "$(sqlite3 -batch -noheader :memory: "SELECT group_concat(json_extract(value, '\$.file'), ' ') FROM json_each(readfile('out'), '\$.imports')")" "both.csv tigers.csv lions.csv"
CASE

test_case 'a team column with a bad value is refused at FILE:LINE:COLUMN, nothing written' <<'CASE'
long=$(head -c 201 /dev/zero | tr '\0' x)
printf 'date,athlete,duration_min,team\n2026-03-01,Ana,60,Lions\n2026-03-02,Ben,45,%s\n' "$long" > long.csv
run "a team too long" 65 import long.csv
expect_in "says where and why" err "long.csv:3:4: team: a name longer than 200 bytes"
printf 'date,athlete,duration_min,team\n2026-03-01,Ana,60,"Li\nons"\n' > nl.csv
run "a line break in a team" 65 import nl.csv
expect_in "says where and why" err "nl.csv:2:4: team: a control character (such as a line break) in a name"
expect_eq "nothing written" "$(sql "SELECT count(*) FROM athletes")" 0
CASE

test_case 'upgrade from schema 5 keeps every row, and then takes teams' <<'CASE'
sqlite_only "schema 5 made by hand with SQLite's ALTER and PRAGMA (pg.sh upgrades schema 5 on PostgreSQL)" || return 0
run "import" 0 import "$DATA/training-week.csv" "$DATA/hydration-week.csv"
before=$(sql "SELECT (SELECT count(*) FROM athletes) || ' ' || (SELECT count(*) FROM training) || ' ' || (SELECT count(*) FROM hydration)")
# Schema 5 as cramplog 5 left it: no team columns (nor kept exposures).
schema_9_undone "$CRAMPLOG_DB"
sqlite3 "$CRAMPLOG_DB" "DROP TABLE kept_days; DROP TABLE kept_sessions; DROP TABLE kept_pending; DROP INDEX athletes_by_team; ALTER TABLE athletes DROP COLUMN team_key; ALTER TABLE athletes DROP COLUMN team; PRAGMA user_version = 5;"
run "status" 66 status
expect_in "status names upgrade" err "the database has schema version 5 and this cramplog reads version 10: upgrade it first with 'cramplog upgrade'"
run "upgrade" 0 upgrade
expect_in "says from and to" out "upgraded from schema version 5 to 10"
expect_eq "version 10" "$(sql "PRAGMA user_version")" 10
expect_eq "every row kept" "$(sql "SELECT (SELECT count(*) FROM athletes) || ' ' || (SELECT count(*) FROM training) || ' ' || (SELECT count(*) FROM hydration)")" "$before"
printf 'date,athlete,team,duration_min\n2026-09-20,Zoë Müller,Lions,30\n' > z.csv
run "a team after" 0 import z.csv
run "the team reads" 0 athletes --team Lions --format json
expect_eq "Zoë is a Lion" "$(sqlite3 -batch -noheader :memory: "SELECT json_extract(value, '\$.name') FROM json_each(readfile('out'))")" "Zoë Müller"
CASE

finish
