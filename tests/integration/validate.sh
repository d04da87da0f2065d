# cramplog validate: the backtest of the weekly risk on simulated squads.
# Every figure is recomputed by R (pROC, rms) from --predictions, one week's
# refit by glm; a squad simulated with strong factor effects beats history
# alone, one with none does not claim to; too little data is a message and
# exit 0. Needs Rscript with r-cran-proc and r-cran-rms
# (scripts/install-deps.sh installs them).
STATS=$(cd "$(dirname "$0")/../stats" && pwd)
. "$(dirname "$0")/lib.bash"
FACTORS=dehydration,low_sodium,low_potassium,low_carbohydrate,tightness,high_load

# squad NAME ODDS-RATIO BASE-RATE: simulates 40 athletes over 300 days
# with every factor's odds ratio at ODDS-RATIO, into NAME.db (never under
# valgrind: validate is what is tested here).
squad() {
	local or=()
	for f in ${FACTORS//,/ }; do
		or+=(--or "$f=$2")
	done
	cramplog_bin simulate --out "$1" --athletes 40 --days 300 --seed 11 \
		--base-rate "$3" "${or[@]}" >/dev/null &&
		cramplog_bin import --quiet --db "$1.db" "$1"/*.csv
}

# close_to NAME GOT WANT: relative difference at most 1e-6.
close_to() {
	if awk -v g="$2" -v w="$3" 'BEGIN {
		d = g - w; if (d < 0) d = -d; a = w < 0 ? -w : w
		exit !(g != "" && d <= 1e-6 * a)
	}'; then
		pass
	else
		fail "$1: cramplog says '$2', R says '$3'"
	fi
}

if ! Rscript -e 'library(pROC); library(rms)' >/dev/null 2>&1; then
	fail "Rscript with pROC and rms is needed (scripts/install-deps.sh)"
	finish
fi

# squads: a squad of strong effects (strong.db) and one of none (null.db);
# strong's validation in strong.json, its predictions in pred.csv.
squads() {
	squad strong 6 0.01 || fail "simulate and import the strong squad"
	squad null 1 0.04 || fail "simulate and import the squad without effects"
	run "json and predictions" 0 validate --db strong.db --format json --predictions pred.csv
	cp out strong.json
}
# squads_here: squads' databases, strong.json and pred.csv copied here;
# name the first athlete of the predictions, few the options of a week of
# theirs with too few cramps.
squads_here() {
	fixture squads squads
	db_copy "$FIXTURE/strong.db" strong.db
	db_copy "$FIXTURE/null.db" null.db
	cp -p "$FIXTURE"/strong.json "$FIXTURE"/pred.csv "$WORK"/ || exit 1
	name=$(grep -v '^"' pred.csv | sed -n 2p | cut -d, -f1)
	few=(--db strong.db --athlete "$name" --from 2026-03-02 --to 2026-03-08)
}

# beats JSON-FILE CONDITION: the AUC difference d and its p in the file
# meet the awk CONDITION.
beats() {
	awk -v d="$(json_get "$1" '$.auc_difference.estimate')" \
		-v p="$(json_get "$1" '$.auc_difference.p')" "BEGIN { exit !($2) }"
}

# rows FROM TO [ATHLETE]: the lines of pred.csv dated FROM to TO (of
# ATHLETE), header first when no athlete is given. The date is the first
# cell that is one (names may hold quoted commas).
rows() {
	awk -v from="$1" -v to="$2" -v a="${3:-}" '
		NR == 1 { if (a == "") print; next }
		match($0, /,2[0-9][0-9][0-9]-[01][0-9]-[0-3][0-9],/) {
			d = substr($0, RSTART + 1, 10)
			if (d >= from && d <= to && (a == "" || index($0, a ",") == 1))
				print
		}' pred.csv
}

# joined: out's lines as one, for sentences the text wraps.
joined() { tr -s '\n ' '  ' <out >joined; }

# --- Every metric against pROC and rms, on the file --predictions wrote.
test_case 'every metric against pROC and rms, on the file --predictions wrote' <<'CASE'
squads_here
expect_eq "predictions are private" "$(stat -c %a pred.csv)" "600"
touch open.csv && chmod 644 open.csv
run "predictions over a readable file" 0 validate --db strong.db --predictions open.csv --format json
expect_eq "made private" "$(stat -c %a open.csv)" "600"
cmp -s open.csv pred.csv && pass || fail "the predictions differ from run to run"
expect_eq "predictions header" "$(head -n 1 pred.csv)" \
	"athlete,date,start_time,week,risk,risk_history,risk_base,level,cramp"
Rscript "$STATS/validate_metrics.R" pred.csv >r.txt 2>r.err || {
	fail "validate_metrics.R failed"
	cat r.err >&2
}
expect_eq "R computed every figure" "$(wc -l <r.txt)" "41"
while read -r path want; do
	close_to "$path" "$(json_get strong.json "$path")" "$want"
done <r.txt
run "csv on standard output" 0 validate --db strong.db --format csv
cmp -s out pred.csv && pass || fail "--format csv differs from --predictions"
# A pipe (or a device: /dev/null, /dev/stdout) is written into, never
# replaced by a file renamed over it (as root, /dev/null itself).
mkfifo pipe
timeout 30 cat pipe > piped.csv &
reader=$!
run "predictions into a pipe" 0 validate --db strong.db --predictions pipe --format json
wait $reader
[ -p pipe ] && pass || fail "the pipe was replaced: $(ls -l pipe)"
cmp -s piped.csv pred.csv && pass || fail "the pipe got other predictions"
run "predictions to /dev/stdout" 0 validate --db strong.db --predictions /dev/stdout --format json
expect_in "on standard output" out "athlete,date,start_time,week,risk"
expect_in "and the figures after, not lost under a file renamed over it" out '"auc_difference"'
mkdir adir
run "predictions into a directory" 73 validate --db strong.db --predictions adir
expect_in "said" err "adir: Is a directory"
# Both a file and CSV on standard output: a reader that stops after one
# line leaves the file whole, and no temporary file beside it.
cramplog_bin validate --db strong.db --predictions both.csv --format csv | head -n 1 > first.csv
expect_eq "the reader's line" "$(cat first.csv)" "$(head -n 1 pred.csv)"
cmp -s both.csv pred.csv && pass || fail "the file is not whole after an early reader"
expect_eq "no temporary file left" "$(ls | grep -c '^both\.csv\.tmp')" "0"
run "both: standard output a copy of the file" 0 validate --db strong.db --predictions both.csv --format csv
cmp -s out both.csv && pass || fail "standard output differs from the file"
CASE

# --- One week's refit against R's glm on the sessions before it.
test_case 'a week of refit against glm on the sessions before it' <<'CASE'
squads_here
run "mle predictions" 0 validate --db strong.db --model mle --predictions mle.csv
cramplog_bin exposures --db strong.db >exposures.csv
for week in 2026-W12 2026-W30; do
	read -r worst n < <(Rscript "$STATS/validate_refit.R" exposures.csv mle.csv \
		"$week" "$FACTORS")
	[ "${n:-0}" -gt 100 ] && pass || fail "refit of $week: ${n:-no} sessions compared"
	awk -v w="$worst" 'BEGIN { exit !(w != "" && w <= 1e-6) }' && pass ||
		fail "refit of $week: relative difference $worst from R's glm"
done
CASE

# --- Strong effects: the factors beat history alone, and say so.
test_case 'strong effects: the factors beat history alone, and say so' <<'CASE'
squads_here
beats strong.json "d > 0.03 && p < 0.001" && pass ||
	fail "strong: the model should beat history alone"
run "strong text" 0 validate --db strong.db
expect_in "strong: the sentence" out "The factors added to what history alone tells"
expect_in "strong: the table" out "history alone"
expect_in "strong: levels" out "moderate"
total=$(sql_db strong.db "SELECT count(*) FROM training")
expect_in "strong: the sessions not scored" out \
	"$((total - $(json_get strong.json '$.sessions'))) sessions of the span were not scored"
CASE

# --- Every scored session cramped: no ranking to judge, and no "nan".
test_case 'every scored session cramped: said, no nan' <<'CASE'
# Four athletes a session a day for 8 weeks; A and B cramp now and then in
# the first four, C in every session of the last four (review 10b).
cramped() {
	if [ "$1" -lt 28 ]; then
		[ "$2" -lt 2 ] && [ $(( ($1 * 7 + $2 * 3) % 10 )) -lt 3 ]
	else
		[ "$2" = 2 ]
	fi
}
four_athletes_a_day > all.csv
run "import all" 0 import --quiet --db all.db all.csv
run "all cramped text" 0 validate --db all.db --factors dehydration,tightness --athlete C --from 2026-02-02
expect_in "all cramped: said" out "No ranking to judge: every scored session had a cramp"
expect_not_in "all cramped: no nan" out "nan"
expect_not_in "all cramped: no comparison claimed" out "added nothing"
run "all cramped json" 0 validate --db all.db --factors dehydration,tightness --athlete C --from 2026-02-02 --format json
expect_eq "all cramped: the note, no AUC" "$(json_get out '$.note')|$(json_get out '$.models[0].auc')" \
	"every scored session had a cramp: the ranking (AUC) and its comparison with history alone need sessions without one too|"
CASE

# --- No factor effect: no claim.
test_case 'no factor effect: no claim' <<'CASE'
squads_here
run "null json" 0 validate --db null.db --format json
beats out "p >= 0.05" && pass ||
	fail "null: the model should not beat history alone"
run "null text" 0 validate --db null.db
expect_in "null: the sentence" out "The factors added nothing that the data can show"
CASE

# --- Sessions dated later change no earlier prediction: --to leaves them out
# of everything, and the predictions up to it are the same, to the digit.
test_case '--to: sessions dated later change no earlier prediction' <<'CASE'
squads_here
run "up to a day" 0 validate --db strong.db --to 2026-06-17 --format csv
expect_eq "earlier predictions unchanged" "$(md5sum <out)" \
	"$(rows 0000 2026-06-17 | md5sum)"
CASE

# --- --athlete and --from: only those sessions are scored.
test_case '--athlete and --from: only those sessions scored' <<'CASE'
squads_here
run "one athlete" 0 validate --db strong.db --athlete "$name" --from 2026-05-01 --format csv
expect_eq "the athlete's sessions from the day" "$(tail -n +2 out | md5sum)" \
	"$(rows 2026-05-01 9999 "$name" | md5sum)"
CASE

# --- One week: the base rate is one figure for all, so it has no
# calibration line: "-" in the table, null in JSON.
test_case 'one week: no calibration line for the base rate' <<'CASE'
squads_here
run "one week" 0 validate --db strong.db --from 2026-05-11 --to 2026-05-17
expect_eq "one week: no base-rate slope" \
	"$(grep '^  base rate' out | awk '{ print $(NF - 2), $(NF - 1) }')" "- -"
run "one week json" 0 validate --db strong.db --from 2026-05-11 --to 2026-05-17 --format json
expect_eq "one week: null slope" "$(sqlite3 :memory: "SELECT json_type(readfile('out'), '\$.models[2].slope')")" "null"
CASE

# --- Too little data: a message, exit 0, nulls in JSON.
test_case 'too few cramps: a message, exit 0, nulls in JSON' <<'CASE'
squads_here
run "few cramps" 0 validate "${few[@]}"
expect_in "few cramps said" out "Too little data"
expect_in "one week, named once" out "1 week scored (2026-W10), "
run "few cramps json" 0 validate "${few[@]}" --format json
expect_eq "null auc" "$(json_get out '$.models[0].auc')" ""
expect_eq "null p" "$(json_get out '$.auc_difference.p')" ""
expect_eq "null kept as null" "$(sqlite3 :memory: "SELECT json_type(readfile('out'), '\$.models[0].auc')")" "null"
expect_in "few cramps warned" err "too few cramps"
CASE

test_case 'no week to score: said, zero weeks and nulls in JSON' <<'CASE'
run "a training week" 0 import --quiet "$DATA/training-week.csv"
run "no week to score" 0 validate
expect_in "no week said" out "no week can be scored"
run "no week json" 0 validate --format json
expect_eq "no week: zero weeks" "$(json_get out '$.weeks')" "0"
expect_eq "no week: null slope" "$(sqlite3 :memory: "SELECT json_type(readfile('out'), '\$.models[2].slope')")" "null"
CASE

# --- The calibration chart: ten groups that hold every scored session,
# the two ROC curves, the .gp and .dat kept, user text inert.
test_case 'the calibration chart: ten groups of every session, two ROC curves, private' <<'CASE'
squads_here
run "calibration chart" 0 plot calibration --db strong.db --out cal.svg
expect_eq "chart files private" "$(stat -c %a cal.svg cal.gp cal.dat | sort -u)" "600"
expect_eq "ten groups of every session" \
	"$(awk '/^$/ { exit } !/^#/ { n++; s += $5; c += $6 } END { print n, s, c }' cal.dat)" \
	"10 $(json_get strong.json '$.sessions') $(json_get strong.json '$.cramps')"
expect_in "model's ROC" cal.dat "(model)"
expect_in "history's ROC" cal.dat "(history alone)"
expect_in "AUC in the key" cal.gp "model (AUC $(printf '%.3f' "$(json_get strong.json '$.models[0].auc')"))"
expect_in "drawn" cal.svg "<svg"
CASE

test_case 'the calibration chart in a directory named with a quote and backquotes' <<'CASE'
squads_here
mkdir "it's \`touch pwned\`"
run "calibration in a hostile directory" 0 plot calibration --db strong.db \
	--out "it's \`touch pwned\`/c.png"
[ -s "it's \`touch pwned\`/c.png" ] && [ ! -e pwned ] && [ ! -e "it's \`touch pwned\`/pwned" ] &&
	pass || fail "the chart in a directory with a quote and backquotes"
CASE

test_case 'the calibration chart of too little data: 65' <<'CASE'
squads_here
run "calibration, too little" 65 plot calibration "${few[@]}" --out few.png
expect_in "calibration, too little said" err "too little data for the calibration chart"
CASE

# --- The weekly report says how good its risk has been up to its week: the
# figures of validate up to the week's Sunday.
test_case 'the summary alone, streamed, is the one beside --predictions' <<'CASE'
# Without per-session output the sessions' flags are streamed to the
# backtest and its predictions summed by week and flags; with it they are
# held and one prediction is made an athlete's week: the same figures to
# the bit, over every week, over a span and for one athlete.
squads_here
run "streamed, json" 0 validate --db strong.db --format json
expect_eq "streamed json = held json" "$(cat out)" "$(cat strong.json)"
run "held, text" 0 validate --db strong.db --predictions held.csv
cp out held.txt
run "streamed, text" 0 validate --db strong.db
expect_eq "streamed text = held text" "$(cat out)" "$(cat held.txt)"
run "span, held" 0 validate --db strong.db --from 2026-03-04 --to 2026-05-20 --format json --predictions span.csv
cp out span.json
run "span, streamed" 0 validate --db strong.db --from 2026-03-04 --to 2026-05-20 --format json
expect_eq "span: streamed = held" "$(cat out)" "$(cat span.json)"
run "one athlete, held" 0 validate --db strong.db --athlete "$name" --format json --predictions one.csv
cp out one.json
run "one athlete, streamed" 0 validate --db strong.db --athlete "$name" --format json
expect_eq "one athlete: streamed = held" "$(cat out)" "$(cat one.json)"
[ "$(json_get one.json '$.sessions')" -gt 0 ] && pass ||
	fail "the athlete has no session scored: the case tests little"
[ "$(json_get span.json '$.weeks')" -ge 5 ] && pass ||
	fail "too few weeks scored: the case tests little"
CASE

test_case 'a kept value changed by hand: every scored session written, none priced twice' <<'CASE'
# The sessions written one by one are read twice (the backtest, then
# each with its start time): both reads make the flags alike, so that a
# kept value that no longer matches its kept flags drops no row.
sqlite_only "changes the kept table with sqlite3" || return 0
squads_here
sqlite3 strong.db "UPDATE kept_sessions SET tightness = 9.5 WHERE athlete_id = (SELECT min(athlete_id) FROM kept_sessions)"
run "csv" 0 validate --db strong.db --format csv
rows=$(($(wc -l < out) - 1))
run "the summary of the same sessions" 0 validate --db strong.db --format json --predictions again.csv
expect_eq "a row for every scored session" "$rows" "$(json_get out '$.sessions')"
CASE

test_case 'the weekly report: the backtest of validate up to its Sunday' <<'CASE'
squads_here
run "report json" 0 report --db strong.db --week 2026-W20 --format json
cp out report.json
run "validate to the week's end" 0 validate --db strong.db --to 2026-05-17 --format json
for k in weeks sessions cramps; do
	expect_eq "report's backtest $k" "$(json_get report.json "\$.backtest.$k")" \
		"$(json_get out "\$.$k")"
done
expect_eq "report's backtest AUC" "$(json_get report.json '$.backtest.auc')" \
	"$(json_get out '$.models[0].auc')"
expect_eq "report's backtest slope" "$(json_get report.json '$.backtest.slope')" \
	"$(json_get out '$.models[0].slope')"
CASE

test_case 'the report text and markdown: the backtest said, beaten or not, or nothing yet' <<'CASE'
squads_here
run "report text, strong" 0 report --db strong.db --color never
joined
expect_in "report: backtest said" joined "Backtest: over 38 weeks up to this period"
expect_in "report: better than history" joined "It has done better than history alone"
run "report markdown, none" 0 report --db null.db --format markdown
joined
expect_in "report: not beaten history" joined "It has not beaten history alone"
run "report, too few" 0 report --db strong.db --week 2026-W03 --color never
joined
expect_in "report: nothing scored yet" joined "Backtest: no earlier week could be scored yet"
CASE

# The html report shows the calibration chart; --charts writes it; not
# when the backtest cannot tell.
test_case 'the html report and --charts: the calibration chart, not when too few' <<'CASE'
squads_here
run "report html" 0 report --db strong.db --format html --out report.html
expect_in "html: calibration chart" report.html "<figcaption>The backtest of the weekly risk"
run "report charts" 0 report --db strong.db --charts charts
[ -s charts/calibration.png ] && [ -s charts/calibration.gp ] && [ -s charts/calibration.dat ] &&
	pass || fail "report --charts: no calibration chart"
run "report charts, too few" 0 report --db strong.db --week 2026-W03 --charts few-charts
[ -e few-charts/team.png ] && [ ! -e few-charts/calibration.png ] && pass ||
	fail "report --charts with too few cramps: a calibration chart, or no team chart"
CASE

# --- Usage.
test_case 'usage: help, bad options, no athlete, no database, predictions nowhere' <<'CASE'
squads_here
run "help" 0 validate --help
expect_in "help text" out "usage: cramplog validate"
run "bad format" 64 validate --format xml
expect_in "bad format said" err "--format must be text, json or csv"
run "bad model" 64 validate --model ols
run "bad factor" 64 validate --factors salt
run "from after to" 64 validate --from 2026-05-01 --to 2026-04-01
run "no such athlete" 66 validate --db strong.db --athlete Nobody
run "no database" 66 validate --db missing.db
if [ "$BACKEND" = sqlite ]; then
	run "predictions into the database" 64 validate --db strong.db --predictions strong.db
fi
run "unwritable predictions" 73 validate --db strong.db --predictions /proc/cramplog-p.csv
run "listed in cramplog --help" 0 --help
expect_in "command listed" out "validate"
CASE

finish
