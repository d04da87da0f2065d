# cramplog plot: each chart in each format, the .gp and .dat beside it with
# the right numbers, hostile athlete names drawn literally and never run,
# no gnuplot (exit 69, the script and data still written), a hung gnuplot
# stopped by the time limit, and usage errors.
. "$(dirname "$0")/lib.bash"

tick='`touch pwned`'
quote="O'Neil'); system('touch pwned2'); print('"
under='a_b^c {x}'
# q: a single quote in a gnuplot string, as cramplog writes it.
q="'.\"\\047\".'"

# The squad: hostile names in training and hydration logs, imported.
squad() {
	cat > training.csv <<CSV
date,start_time,athlete,duration_min,rpe,tightness,cramp,cramp_muscle,cramp_side,cramp_severity
2026-09-01,17:00,"$tick",60,7,8,yes,hamstring,left,6
2026-09-02,17:00,"$tick",45,5,3,no,,,
2026-09-08,17:00,"$tick",45,5,3,no,,,
2026-09-01,18:00,"$quote",50,6,4,no,,,
2026-09-03,18:00,"$quote",50,6,4,yes,"calf\`touch pwned3\`",right,4
2026-09-02,09:00,$under,30,4,2,no,,,
2026-09-04,18:00,"'Tiny' Tim",40,5,3,no,,,
CSV
	cat > hydration.csv <<CSV
date,time,athlete,fluid_ml,sodium_mg
2026-09-01,08:00,"$tick",500,400
2026-09-01,12:00,"$tick",700,
2026-09-02,08:00,"$tick",,900
CSV
	run "import" 0 import training.csv
	run "import hydration" 0 import --kind hydration hydration.csv
}

# The charts several cases read, drawn from the squad.
charts() {
	fixture squad squad
	fixture_db
	mkdir charts
	run "history png" 0 plot history --athlete "$tick" --out charts/history.png
	run "history svg" 0 plot history --athlete "$quote" --out charts/quote.svg
	run "history pdf" 0 plot history --athlete "$under" --out charts/under.pdf
	run "factors png" 0 plot factors --out charts/factors.png
	run "team svg" 0 plot team --out charts/team.svg --weeks 4
}

test_case 'every chart in every format: written, private, its script and data beside it' <<'CASE'
fixture squad squad
fixture_db
mkdir charts
# Every chart, every format: the file is really written, private, with its
# script and data beside it.
run "history png" 0 plot history --athlete "$tick" --out charts/history.png
expect_in "history says where" out "wrote charts/history.png (script charts/history.gp, data charts/history.dat)"
expect_eq "png signature" "$(head -c 8 charts/history.png | od -An -c | tr -d ' ')" '211PNG\r\n032\n'
[ "$(stat -c %s charts/history.png)" -gt 20000 ] && pass || fail "history.png is too small"
expect_eq "private" "$(stat -c %a charts/history.png charts/history.gp charts/history.dat | sort -u)" "600"
run "history svg" 0 plot history --athlete "$quote" --out charts/quote.svg
expect_in "svg written" charts/quote.svg "<svg"
run "history pdf" 0 plot history --athlete "$under" --out charts/under.pdf
expect_eq "pdf signature" "$(head -c 5 charts/under.pdf)" "%PDF-"
[ "$(stat -c %s charts/under.pdf)" -gt 5000 ] && pass || fail "under.pdf is too small"
run "factors png" 0 plot factors --out charts/factors.png
expect_eq "factors png signature" "$(head -c 4 charts/factors.png | tail -c 3)" "PNG"
run "factors within" 0 plot factors --design within --out charts/factors-within.svg
expect_in "within said" charts/factors-within.gp "within-athlete"
run "team svg" 0 plot team --out charts/team.svg --weeks 4
run "load png" 0 plot load --athlete "$tick" --out charts/load.PNG
expect_eq "upper-case extension" "$(head -c 4 charts/load.PNG | tail -c 3)" "PNG"
# Nothing in the names ran, in any of these charts either.
for f in pwned pwned2 pwned3; do
	[ -e "$f" ] || [ -e "charts/$f" ] && fail "a name ran a command: $f exists" || pass
done
CASE

test_case 'the data files hold the right numbers' <<'CASE'
fixture charts charts
fixture_copy
# The data files hold the right numbers: Sep 1 fluid 0.5 + 0.7 L, sodium
# 0.4 g; Sep 2 fluid unknown ('?', never 0), sodium 0.9 g; load 7 x 60.
expect_eq "day 1" "$(grep '^2026-09-01' charts/history.dat | head -n 1 | cut -d' ' -f1-4,6)" "2026-09-01 1.2 0.4 ? 420"
expect_eq "day 2" "$(grep '^2026-09-02' charts/history.dat | head -n 1 | cut -d' ' -f1-3)" "2026-09-02 ? 0.9"
expect_eq "rest day load 0" "$(grep '^2026-09-05' charts/history.dat | head -n 1 | cut -d' ' -f6)" "0"
expect_eq "session tightness" "$(awk '/body_mass_loss_pct/ { s = 1; next } s && /^2026-09-01/ { print $3 }' charts/history.dat)" "8"
expect_in "team counts the cramp" charts/team.dat "0 0 1"
expect_in "factors data" charts/factors.dat "# y odds_ratio ci_low ci_high colour"
CASE

test_case 'hostile names: quoted apart, drawn literally, nothing ran' <<'CASE'
fixture charts charts
fixture_copy
# Hostile names: in single quotes, each quote apart as "\047" (joined by
# '.'), drawn literally, nothing ran.
for f in pwned pwned2 pwned3; do
	[ -e "$f" ] || [ -e "charts/$f" ] && fail "a name ran a command: $f exists" || pass
done
expect_in "backquotes quoted" charts/history.gp "'cramp history of $tick, "
expect_in "quotes apart" charts/quote.gp "'cramp history of O${q}Neil${q}); system(${q}touch pwned2${q}); print(${q}, "
expect_in "muscle quoted" charts/quote.gp "set label 'calf\`touch pwned3\` right 4/10'"
expect_in "names on the team axis" charts/team.gp "'O${q}Neil${q}); system(${q}touch pwned2${q}); print('.\"\\047\" 1"
expect_in "a name that starts with a quote" charts/team.gp "\"\\047\".'Tiny${q} Tim' "
expect_in "drawn literally, first quote" charts/team.svg "<text>'Tiny' Tim</text>"
run "a path that starts with a quote" 0 plot team --out "'q'.svg"
expect_in "written there" "'q'.svg" "<svg"
expect_in "noenhanced" charts/under.gp "noenhanced"
expect_in "drawn literally" charts/team.svg "a_b^c {x}"
expect_in "drawn literally, quote" charts/team.svg "<text>$quote</text>"
expect_in "drawn literally, backquotes" charts/team.svg "<text>$tick</text>"
CASE

test_case 'a quote then @ in a name and in the directory: drawn as written, nothing ran' <<'CASE'
fixture squad squad
fixture_db
mkdir charts
# gnuplot expands @name in a line unless it sits between single quotes,
# and counts every ' to know (even between double quotes): a name with a
# quote then @here, charted into a directory whose name holds a quote (the
# value of here, the script's path, then closes the string), must still
# draw as written.
macro="Mac'@here \`touch pwned5\`"
printf 'date,start_time,athlete,duration_min,rpe,cramp\n2026-09-03,08:00,"%s",30,4,no\n' "$macro" > macro.csv
run "import the macro name" 0 import --quiet macro.csv
mkdir "coach's charts"
run "a quote then @" 0 plot team --athlete "$macro" --out "coach's charts/team.svg"
[ ! -e pwned5 ] && [ ! -e "coach's charts/pwned5" ] && pass || fail "an @macro in a name ran a command"
expect_in "a quote then @, drawn as written" "coach's charts/team.svg" "<text>$macro</text>"
CASE

test_case 'an output that starts with a dash' <<'CASE'
fixture squad squad
fixture_db
mkdir charts
run "a name that starts with a dash" 0 plot team --out=-dash.svg
expect_in "drawn there" ./-dash.svg "<svg"
CASE

test_case 'an output that is a pipe: drawn into it, not replaced' <<'CASE'
fixture squad squad
fixture_db
mkfifo team.svg
timeout 30 cat team.svg > got.svg &
reader=$!
run "a chart into a pipe" 0 plot team --out team.svg
wait $reader
[ -p team.svg ] && pass || fail "the pipe was replaced: $(ls -l team.svg)"
expect_in "drawn through it" got.svg "<svg"
CASE

test_case 'the heat map draws a cell for every athlete and week, even for one athlete' <<'CASE'
fixture squad squad
fixture_db
mkdir charts
# The heat map draws a cell for every athlete and week, even for one
# athlete (gnuplot's 'with image' drew none for one row or column): the
# week of the cramp in the colour of the most episodes (#a50f15; the
# colour box's scale stops just short of it), the other one white.
run "team of one" 0 plot team --athlete "$tick" --out charts/one.svg
expect_eq "team of one: the cramp's week" "$(grep -c "<polygon fill = 'rgb(165,  15,  21)'" charts/one.svg)" "1"
CASE

test_case 'the heat map of a big squad shows the 60 athletes with the most episodes' <<'CASE'
# 61 athletes, the first imported with no cramp: the heat map keeps the 60
# with an episode, in the table's order, and its title says so.
{
	echo 'date,start_time,athlete,duration_min,rpe,cramp'
	echo '2026-09-01,08:00,Aaron Calm,30,4,no'
	for i in $(seq -w 1 60); do
		echo "2026-09-0$((1 + 10#$i % 7)),09:00,Runner $i,30,4,yes"
	done
} > big.csv
run "import 61 athletes" 0 import --quiet big.csv
run "a team of 61" 0 plot team --weeks 2 --out big.svg --no-render
expect_in "the title says which" big.gp 'the 60 of 61 athletes with the most episodes'
expect_eq "60 rows" "$(grep -o "'Runner [0-9]*' [0-9]*" big.gp | wc -l)" "60"
expect_not_in "the calm athlete left out" big.gp 'Aaron Calm'
expect_in "in the table's order" big.gp "set ytics ('Runner 01' 0, 'Runner 02' 1,"
expect_eq "a block each row shown" "$(grep -c '^1 59 ' big.dat)" "1"
CASE

test_case '--no-render writes the script and data, which draw from anywhere' <<'CASE'
fixture squad squad
fixture_db
mkdir charts
# --no-render writes the script and data only; they draw as they are.
run "no render" 0 plot team --out charts/only.png --no-render
expect_in "no render says" out "wrote charts/only.gp and charts/only.dat"
[ ! -e charts/only.png ] && pass || fail "--no-render drew the chart"
# The script draws its chart beside it, run from anywhere.
(cd charts && gnuplot only.gp) && [ -s charts/only.png ] && pass || fail "gnuplot only.gp in its directory"
rm -f charts/only.png
mkdir elsewhere
(cd elsewhere && gnuplot ../charts/only.gp) && [ -s charts/only.png ] && pass || fail "gnuplot ../charts/only.gp"
[ -z "$(ls elsewhere)" ] && pass || fail "the chart went where gnuplot ran"
CASE

test_case 'no gnuplot: exit 69, the package named, the script and data written' <<'CASE'
fixture squad squad
fixture_db
mkdir charts
# No gnuplot: exit 69, the package named, the script and data written.
CRAMPLOG_GNUPLOT=no-such-gnuplot-program run "no gnuplot" 69 plot team --out charts/none.png
expect_in "package named" err "gnuplot-nox"
[ -s charts/none.gp ] && [ -s charts/none.dat ] && pass || fail "no .gp/.dat without gnuplot"
CASE

test_case 'a gnuplot that hangs is stopped at the time limit' <<'CASE'
fixture squad squad
fixture_db
mkdir charts
# A gnuplot that hangs is stopped at the time limit.
printf '#!/bin/sh\nsleep 30\n' > slow-gnuplot
chmod +x slow-gnuplot
start=$(date +%s)
CRAMPLOG_GNUPLOT=$WORK/slow-gnuplot run "time limit" 70 plot team --out charts/slow.png --timeout 1
expect_in "time limit said" err "stopped after 1 seconds"
[ $(($(date +%s) - start)) -lt 20 ] && pass || fail "the time limit did not stop gnuplot"
CASE

test_case 'usage errors and missing things' <<'CASE'
fixture squad squad
fixture_db
mkdir charts
# Usage errors and missing things.
run "no chart" 64 plot
run "unknown chart" 64 plot pie --out x.png
expect_in "charts listed" err "history, factors, team, load, calibration or dose"
run "no out" 64 plot team
run "bad extension" 64 plot team --out chart.jpg
expect_in "extension said" err "must end in .png, .svg or .pdf"
run "history needs athlete" 64 plot history --out h.png
run "unknown athlete" 66 plot history --athlete Nobody --out h.png
run "missing directory" 73 plot team --out no/such/dir/team.png
run "bad weeks" 64 plot team --out t.png --weeks 0
run "bad timeout" 64 plot team --out t.png --timeout x
run "help" 0 plot --help
expect_in "help lists charts" out "history --athlete NAME"
run "empty selection" 65 plot team --out t.png --from 2030-01-01
CASE

test_case 'team --risk: the last week of the sample squad is the report' <<'CASE'
# team --risk: each athlete's risk by week, the report's model; on the
# sample squad, the last week's figures are the report's.
R=(--db "$WORK/sample.db")
run "sample for risk" 0 import "${R[@]}" --quiet "$(cd "$DATA/../.." && pwd)"/sample-data/*.csv
run "team risk" 0 plot team --risk --no-render --out risk.png "${R[@]}"
run "report for risk" 0 report --format json "${R[@]}"
cp out risk.json
expect_in "team risk: the athletes on the axis" risk.gp "'Kai D${q}Angelo'"
# The .dat's last week, for the report's most-at-risk athlete: find that
# athlete's row index in the ytics, then the value.
top=$(json_get risk.json '$.athletes[0].name')
idx=$(grep -o "set ytics (.*" risk.gp | tr ',' '\n' | grep -nF "'${top//\'/$q}'" | head -1 | sed 's/.* \([0-9]*\))*$/\1/')
last=$(awk -v a="$idx" '$2 == a && $1 ~ /^[0-9]+$/ { v = $3 } END { print v }' risk.dat)
want=$(sqlite3 :memory: "SELECT printf('%.2f', 100 * json_extract(readfile('risk.json'), '\$.athletes[0].risk'))")
echo "team risk: $top: $last%" >&2
expect_eq "team risk: the last week is the report's" "$last" "$want"
expect_in "team risk: weeks without a model blank" risk.dat " ? "
run "risk only for team" 64 plot history --risk --athlete "$top" --out h.png "${R[@]}"
CASE

finish
