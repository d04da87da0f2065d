# cramplog report on the sample squad and on small hand-written squads: the
# latest week by default, the sections and their wording within 80 columns,
# JSON that agrees with the logs, weeks and dates and their usage errors,
# one athlete, --out written whole and private, colour only when wanted,
# hostile names escaped in every format and never run, inline charts with
# nothing fetched from outside, --charts, few data, and no data.
. "$(dirname "$0")/lib.bash"
SAMPLE="$DATA/../../sample-data"
ESC=$'\033['

# expect_json NAME FILE: FILE is strict JSON (python3's parser, NaN and
# Infinity refused, when python3 is there; else SQLite's json_valid).
expect_json() {
	if python3 -c '' 2>/dev/null; then
		if python3 -c 'import json, sys
def bad(c): sys.exit("not JSON: " + c)
json.load(open(sys.argv[1], encoding="utf-8"), parse_constant=bad)' "$2" 2>"$WORK/json-err"; then
			pass
		else
			fail "$1: $2 is not valid JSON"
			sed 's/^/  | /' "$WORK/json-err" >&2
		fi
	elif [ "$(sqlite3 -batch -noheader :memory: "SELECT json_valid(readfile('$2'))")" = 1 ]; then
		pass
	else
		fail "$1: $2 is not valid JSON"
	fi
}

# json_type FILE PATH: 'null', 'text', 'real', 'array', ... or empty when
# there is nothing at PATH.
json_type() { sqlite3 -batch -noheader :memory: "SELECT json_type(readfile('$1'), '$2')"; }

# json_len FILE PATH: the length of the list at PATH.
json_len() { sqlite3 -batch -noheader :memory: "SELECT json_array_length(readfile('$1'), '$2')"; }

# ath WHAT [FILE [REST]]: SELECT WHAT over the athletes of FILE (w44.json),
# each athlete as value, REST the WHERE or ORDER BY.
ath() { sqlite3 -batch -noheader :memory: "SELECT $1 FROM json_each(readfile('${2:-w44.json}'), '\$.athletes') ${3:-}"; }

# csv_sql FILE QUERY: QUERY on FILE as table t, read by SQLite's own CSV
# reader (not cramplog's), one value per line.
csv_sql() { sqlite3 -batch -noheader :memory: -cmd ".import --csv '$1' t" "$2"; }

# tty_run NAME EXPECTED-EXIT ARGS...: as run, with cramplog's standard
# output on a pseudo-terminal (util-linux script); all it prints in out.
tty_run() {
	local name=$1 want=$2 cmd got
	shift 2
	printf -v cmd ' %q' "$@"
	(
		export -f cramplog cramplog_run with_db_uris db_uri pg_name_for
		export CRAMPLOG_BIN BACKEND PG_MAP PG_BIN PG_SOCKET
		SHELL=$BASH script -qec "cramplog$cmd" /dev/null
	) </dev/null >"$WORK/out" 2>"$WORK/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		pass
	else
		fail "$name: exit $got, expected $want (cramplog$cmd on a terminal)"
		sed 's/^/  out: /' "$WORK/out" >&2
	fi
}

# no_tmp_left NAME: no temporary file of --out (FILE.tmpPID) is left.
no_tmp_left() {
	local left
	left=$(find "$WORK" -name '*.tmp[0-9]*')
	[ -z "$left" ] && pass || fail "$1: left behind: $left"
}

has_gnuplot() { command -v "${CRAMPLOG_GNUPLOT:-gnuplot}" >/dev/null 2>&1; }
has_gnuplot || echo "SKIP: no gnuplot: the checks of drawn charts are skipped" >&2

# charted: how many athletes the report charts besides the team and the
# factors: history and load of those at high risk (at most three), else of
# the one most at risk.
charted() {
	local high
	high=$(ath "count(*)" w44.json "WHERE json_extract(value, '\$.level') = 'high'")
	echo $((high > 3 ? 3 : high == 0 ? 1 : high))
}

# sample_squad: the sample squad imported, and the text and json reports of
# its latest week (w44.txt and its stderr w44.err, w44.flat, w44.json).
# sample: a copy of all that in this case's directory.
sample_squad() {
	run "import sample" 0 import --quiet "$SAMPLE"/*.csv
	run "text" 0 report
	cp out w44.txt
	cp err w44.err
	# Phrases are checked on the text with line breaks made spaces.
	tr -s '\n ' '  ' < w44.txt > w44.flat
	run "json" 0 report --format json
	cp out w44.json
}
sample() {
	fixture sample sample_squad
	fixture_db w44.txt w44.err w44.flat w44.json
}
W44CSV="$SAMPLE/training-2026-W44.csv"

test_case 'no database: 66, a hint, none made' <<'CASE'
run "no database" 66 report
expect_in "no database said" err "import some logs first"
[ ! -e "$CRAMPLOG_DB" ] && pass || fail "report made a database"
CASE

test_case '--help: --week and the exit codes' <<'CASE'
run "help" 0 report --help
expect_in "help names --week" out "--week YYYY-Www"
expect_in "help names the exit codes" out "69 --charts without gnuplot"
CASE

test_case 'text: the latest ISO week, the sections, 80 columns' <<'CASE'
sample
expect_eq "text on stdout only" "$(cat w44.err)" ""
expect_eq "latest week" "$(head -n 1 w44.txt)" "cramplog risk report, week 2026-W44 (2026-10-26 to 2026-11-01)"
expect_eq "sections in order" \
	"$(grep -x -e 'THE SQUAD' -e 'ATHLETES, MOST AT RISK FIRST' -e 'THE MODEL' w44.txt | tr '\n' '|')" \
	"THE SQUAD|ATHLETES, MOST AT RISK FIRST|THE MODEL|"
expect_in "association line" w44.flat "This report shows associations in the logs, not a diagnosis"
expect_in "sports medicine" w44.flat "should see a sports-medicine professional."
expect_in "model said" w44.flat "The risk is a pooled logistic regression (Firth's penalized likelihood)"
expect_in "levels said" w44.flat "Levels: high at 3 times the base rate or more, moderate from 1.5 times, low below."
expect_in "accents kept" w44.txt "Marta Petrović"
# Columns are characters: UTF-8 continuation bytes are dropped before
# counting (mawk, Debian's awk, counts bytes whatever the locale).
expect_eq "lines fit 80 columns" "$(LC_ALL=C tr -d '\200-\277' < w44.txt | LC_ALL=C awk 'length > 80' | wc -l)" "0"
[ "$(wc -l < w44.txt)" -gt 100 ] && pass || fail "the text report is too short"
expect_not_in "no colour when not a terminal" w44.txt "$ESC"
CASE

test_case 'json: agrees with the training log of the week, ranks as the text' <<'CASE'
sample
expect_json "json valid" w44.json
expect_eq "json week" "$(json_get w44.json '$.week')|$(json_get w44.json '$.from')|$(json_get w44.json '$.to')" \
	"2026-W44|2026-10-26|2026-11-01"
csv_sessions=$(csv_sql "$W44CSV" "SELECT count(*) FROM t")
csv_cramps=$(csv_sql "$W44CSV" "SELECT count(*) FROM t WHERE lower(cramp) = 'yes'")
[ "$csv_sessions" -gt 50 ] && [ "$csv_cramps" -gt 0 ] && pass || fail "sample W44: $csv_sessions sessions, $csv_cramps cramps?"
expect_eq "squad sessions = log rows" "$(json_get w44.json '$.squad.sessions')" "$csv_sessions"
expect_eq "squad cramps = log's cramps" "$(json_get w44.json '$.squad.cramps')" "$csv_cramps"
expect_eq "one episode per cramp" "$(json_len w44.json '$.squad.episodes')" "$csv_cramps"
expect_eq "athletes = the log's" \
	"$(sqlite3 -batch -noheader :memory: "SELECT json_extract(value, '\$.name') FROM json_each(readfile('w44.json'), '\$.athletes') ORDER BY 1")" \
	"$(csv_sql "$W44CSV" "SELECT DISTINCT athlete FROM t ORDER BY 1")"
expect_eq "squad athletes" "$(json_get w44.json '$.squad.athletes')" "$(json_len w44.json '$.athletes')"
expect_eq "athletes' sessions add up" "$(ath "sum(json_extract(value, '\$.sessions'))")" "$csv_sessions"
expect_eq "athletes' cramps add up" "$(ath "sum(json_extract(value, '\$.cramps'))")" "$csv_cramps"
for key in name sessions cramps risk level reasons actions; do
	expect_eq "every athlete has $key" "$(ath "count(*)" w44.json "WHERE json_type(value, '\$.$key') IS NULL")" "0"
done
expect_eq "reasons and actions are lists" \
	"$(ath "count(*)" w44.json "WHERE json_type(value, '\$.reasons') <> 'array' OR json_type(value, '\$.actions') <> 'array' OR json_array_length(value, '\$.actions') = 0")" "0"
expect_eq "every athlete has a risk" "$(ath "count(*)" w44.json "WHERE json_type(value, '\$.risk') <> 'real'")" "0"
sorted=$(sqlite3 -batch -noheader :memory: "SELECT count(*) FROM json_each(readfile('w44.json'), '\$.athletes') a
	JOIN json_each(readfile('w44.json'), '\$.athletes') b ON b.key = a.key + 1
	WHERE json_extract(a.value, '\$.risk') < json_extract(b.value, '\$.risk')")
expect_eq "sorted by risk, highest first" "$sorted" "0"
base=$(json_get w44.json '$.model.base_rate')
expect_eq "levels from the ratio to the base rate" "$(ath "count(*)" w44.json "WHERE json_extract(value, '\$.level') <>
	CASE WHEN json_extract(value, '\$.ratio') >= 3 THEN 'high' WHEN json_extract(value, '\$.ratio') >= 1.5 THEN 'moderate' ELSE 'low' END
	OR abs(json_extract(value, '\$.ratio') - json_extract(value, '\$.risk') / $base) > 1e-9
	OR json_extract(value, '\$.risk_low') > json_extract(value, '\$.risk')
	OR json_extract(value, '\$.risk') > json_extract(value, '\$.risk_high')")" "0"
expect_eq "text ranks as json" \
	"$(sed -nE 's/^ ?[0-9]+\. (.*): (high|moderate|low) risk.*/\1/p' w44.txt)" \
	"$(ath "json_extract(value, '\$.name')")"
expect_eq "one table row per athlete" "$(sed -n '/^ATHLETES, MOST AT RISK FIRST$/,/^$/p' w44.txt | grep -c '^ *[0-9][0-9]* ')" \
	"$(json_get w44.json '$.squad.athletes')"
CASE

test_case 'a severe episode: treat it like a hamstring strain, first' <<'CASE'
sample
# A severe episode (7 or more) in the week: treat it like a hamstring strain,
# the first action; for those athletes and no others.
severe=$(csv_sql "$W44CSV" "SELECT DISTINCT athlete FROM t WHERE lower(cramp) = 'yes' AND cramp_severity <> '' AND cramp_severity + 0 >= 7 ORDER BY 1")
[ -n "$severe" ] && pass || fail "the sample has no severe episode in W44"
expect_eq "severe: hamstring strain, professional, first" \
	"$(ath "json_extract(value, '\$.name')" w44.json "WHERE json_extract(value, '\$.actions[0]') LIKE '%like a hamstring strain%' AND json_extract(value, '\$.actions[0]') LIKE '%sports-injury professional%' ORDER BY 1")" \
	"$severe"
expect_eq "no strain advice without a severe episode" \
	"$(ath "count(*)" w44.json "WHERE json_extract(value, '\$.actions') LIKE '%hamstring strain%'")" "$(printf '%s\n' "$severe" | wc -l)"
expect_in "severe in the text" w44.flat "After the severe cramp (severity $(csv_sql "$W44CSV" "SELECT max(cramp_severity + 0) FROM t WHERE lower(cramp) = 'yes'")), treat the muscle like a hamstring strain"
CASE

test_case 'colour: only when asked, the level coloured, never in json' <<'CASE'
sample
run "color always" 0 report --color always
cp out color.txt
expect_in "always: colour" color.txt "$ESC"
expect_eq "colour changes nothing but the colour (not even the folding)" "$(sed 's/\x1b\[[0-9;]*m//g' color.txt)" "$(cat w44.txt)"
# The level is coloured, not a word of the name, however the name folds.
db_copy "$CRAMPLOG_DB" col.db
top_id=$(sql "SELECT id FROM athletes WHERE name = '$(json_get w44.json '$.athletes[0].name' | sed "s/'/''/g")'")
sql_db col.db "UPDATE athletes SET name = 'Top    athlete   with   a   long   name   that   folds   and   ends   low' WHERE id = $top_id"
run "color with a long name" 0 report --db "$WORK/col.db" --color always
top_level=$(json_get w44.json '$.athletes[0].level')
case $top_level in high) code='1;31' ;; moderate) code='33' ;; *) code='32' ;; esac
expect_in "the level coloured" out "folds and ends low: ${ESC}${code}m${top_level}${ESC}0m risk"
NO_COLOR=1 run "color always beats NO_COLOR" 0 report --color always
expect_in "always despite NO_COLOR" out "$ESC"
run "color never" 0 report --color never
expect_not_in "never: no colour" out "$ESC"
run "color in json" 0 report --color always --format json
expect_not_in "no colour in json" out "$ESC"
CASE

test_case 'colour on a terminal unless NO_COLOR, never in a file' <<'CASE'
sample
if script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	tty_run "terminal" 0 report
	expect_in "terminal: colour" out "$ESC"
	expect_in "terminal: the report" out "THE SQUAD"
	NO_COLOR=1 tty_run "terminal, NO_COLOR" 0 report
	expect_not_in "NO_COLOR: no colour" out "$ESC"
	expect_in "NO_COLOR: the report" out "THE SQUAD"
	tty_run "terminal, --out" 0 report --out tty.txt
	expect_not_in "no colour in a file" tty.txt "$ESC"
else
	echo "SKIP: no script (util-linux) or no pseudo-terminal: the terminal checks are skipped" >&2
fi
CASE

test_case 'weeks and dates: --week, --from, --to, an empty week' <<'CASE'
sample
run "week 40" 0 report --week 2026-W40 --format json
cp out w40.json
expect_eq "week 40 chosen" "$(json_get w40.json '$.week')|$(json_get w40.json '$.from')|$(json_get w40.json '$.to')" \
	"2026-W40|2026-09-28|2026-10-04"
expect_eq "week 40 sessions" "$(json_get w40.json '$.squad.sessions')" \
	"$(csv_sql "$SAMPLE/training-2026-W40.csv" "SELECT count(*) FROM t")"
run "from to" 0 report --from 2026-10-01 --to 2026-10-10 --format json
cp out span.json
expect_eq "span: no week" "$(json_type span.json '$.week')" "null"
expect_eq "span dates" "$(json_get span.json '$.from')|$(json_get span.json '$.to')" "2026-10-01|2026-10-10"
expect_eq "span sessions" "$(json_get span.json '$.squad.sessions')" \
	"$(sql "SELECT count(*) FROM training WHERE date BETWEEN '2026-10-01' AND '2026-10-10'")"
# A week after the last session: nobody trained, everyone idle; not an error.
run "empty week" 0 report --week 2026-W53 --format json
expect_eq "empty week: no athletes, all idle" \
	"$(json_get out '$.squad.sessions')|$(ath "count(*)" out)|$(json_len out '$.squad.idle')" \
	"0|0|$(sql "SELECT count(*) FROM athletes")"
# --from alone after the last session: the 7 days from it, never a span
# that ends before it starts.
run "from after the last session" 0 report --from 2027-03-01 --format json
expect_eq "from after the last session: a week from it" "$(json_get out '$.from')|$(json_get out '$.to')" "2027-03-01|2027-03-07"
# The first and last dates cramplog takes are dates like any other: the
# whole history, not the latest week (review 9).
run "the first day to the last" 0 report --from 1900-01-01 --to 2199-12-31 --format json
expect_eq "the whole span asked" "$(json_get out '$.from')|$(json_get out '$.to')|$(json_type out '$.week')" "1900-01-01|2199-12-31|null"
expect_eq "every session" "$(json_get out '$.squad.sessions')" "$(sql "SELECT count(*) FROM training")"
run "the last day alone" 0 report --to 2199-12-31 --format json
expect_eq "the 7 days to it" "$(json_get out '$.from')|$(json_get out '$.to')" "2199-12-25|2199-12-31"
run "week and the first day" 64 report --week 2026-W40 --from 1900-01-01
expect_in "week and the first day said" err "--week or --from/--to, not both"
CASE

test_case 'usage errors: 64, a message naming the option, no report' <<'CASE'
sample
for w in 2026-W60 2026-44 x 2026-W00 2026-W4 2026-W+4 "2026-W 4" " 2026-W44" 2026-W440; do
	run "bad week $w" 64 report --week "$w"
	expect_in "bad week $w named" err "--week"
done
expect_eq "no report on a usage error" "$(wc -c < out)" "0"
run "week and from" 64 report --week 2026-W44 --from 2026-10-01
expect_in "week and from said" err "--week or --from/--to, not both"
run "from after to" 64 report --from 2026-10-10 --to 2026-10-01
run "unknown option" 64 report --bogus
expect_in "unknown option said" err "unknown option '--bogus'"
run "a value missing" 64 report --format
expect_in "a value missing said" err "option '--format' needs a value"
run "bad format" 64 report --format pdf
expect_in "bad format named" err "--format"
run "bad color" 64 report --color sometimes
run "bad timeout" 64 report --timeout 0
run "stray argument" 64 report extra
CASE

test_case 'one athlete, whatever the case, keeps the squad rank' <<'CASE'
sample
csv_sessions=$(csv_sql "$W44CSV" "SELECT count(*) FROM t")
name=$(json_get w44.json '$.athletes[2].name')
lower=$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')
[ "$lower" != "$name" ] && pass || fail "'$name' has no capital to lower"
run "one athlete" 0 report --athlete "$lower" --format json
cp out one.json
expect_eq "only that athlete" "$(ath "json_extract(value, '\$.name')" one.json)" "$name"
expect_eq "same risk as in the squad" "$(json_get one.json '$.athletes[0].risk')" "$(json_get w44.json '$.athletes[2].risk')"
expect_eq "the squad stays the squad" "$(json_get one.json '$.squad.sessions')" "$csv_sessions"
expect_eq "keeps the squad rank" "$(json_get one.json '$.athletes[0].rank')" "3"
expect_eq "the squad object is the squad's" "$(json_get one.json '$.squad')" "$(json_get w44.json '$.squad')"
run "one athlete, text" 0 report --athlete "$lower"
expect_in "text heading with the squad rank" out " 3. $name: "
# On a simulated squad: every squad figure, the athletes' count too, is
# the same with --athlete, in JSON and in text.
cramplog simulate --out sim --athletes 8 --days 42 --seed 12 >/dev/null
cramplog import --db sim.db --quiet sim/*.csv
run "simulated squad" 0 report --db sim.db --format json
cp out sim.json
run "simulated squad, one athlete" 0 report --db sim.db --format json --athlete "$(json_get sim.json '$.athletes[0].name')"
expect_eq "simulated: the squad object is the squad's" "$(json_get out '$.squad')" "$(json_get sim.json '$.squad')"
expect_eq "simulated: 8 athletes in the squad" "$(json_get out '$.squad.athletes')" 8
run "simulated squad, text" 0 report --db sim.db
grep -A2 '^THE SQUAD' out > squad.txt
run "simulated squad, one athlete, text" 0 report --db sim.db --athlete "$(json_get sim.json '$.athletes[0].name')"
expect_eq "simulated: the squad line is the squad's" "$(grep -A2 '^THE SQUAD' out)" "$(cat squad.txt)"
expect_in "simulated: of 8 athletes" squad.txt "of 8 athletes"
run "unknown athlete" 66 report --athlete "Nobody Here"
expect_in "unknown athlete said" err "no athlete called 'Nobody Here'"
CASE

test_case 'markdown to --out: whole, private, replacing what was there' <<'CASE'
sample
printf 'a stale report\n' > report.md
chmod 644 report.md
old_umask=$(umask)
umask 000
run "markdown out" 0 report --format markdown --out report.md
umask "$old_umask"
expect_eq "out: nothing on stdout" "$(wc -c < out)" "0"
expect_in "out: says where" err "wrote report.md"
expect_eq "out: private" "$(stat -c %a report.md)" "600"
no_tmp_left "out"
expect_eq "markdown title" "$(head -n 1 report.md)" "# Cramp risk, week 2026-W44 (2026-10-26 to 2026-11-01)"
expect_not_in "old content replaced" report.md "a stale report"
expect_in "athletes table" report.md "| # | athlete | risk | level | cramps / sessions |"
expect_eq "a row per athlete" "$(grep -c '^| [0-9][0-9]* | ' report.md)" "$(json_get w44.json '$.squad.athletes')"
run "out in a missing directory" 73 report --out no/such/dir/report.txt
[ ! -e no ] && pass || fail "--out made a directory"
no_tmp_left "out failed"
CASE

test_case '--out through a link, to standard output, a pipe, a directory' <<'CASE'
sample
# Through a symbolic link: the file it names is replaced, the link stays.
mkdir linked
printf 'a stale report\n' > linked/target.txt
ln -s linked/target.txt link.txt
run "out through a link" 0 report --out link.txt
[ -L link.txt ] && pass || fail "--out replaced the link"
expect_eq "out through a link: the target written" "$(head -n 1 linked/target.txt)" "cramplog risk report, week 2026-W44 (2026-10-26 to 2026-11-01)"
no_tmp_left "out through a link"
# A link to a file still to be made: that file is made.
ln -s linked/made.txt dangling.txt
run "out through a dangling link" 0 report --out dangling.txt
[ -L dangling.txt ] && [ -s linked/made.txt ] && pass || fail "--out did not make the file the link names"
# Standard output by name, appended to a file: what was there stays.
printf 'earlier\n' > appended.log
cramplog report --out /dev/stdout >> appended.log 2>/dev/null
expect_eq "out /dev/stdout: earlier lines kept" "$(head -n 1 appended.log)" "earlier"
expect_eq "out /dev/stdout: the report after them" "$(sed -n 2p appended.log)" "cramplog risk report, week 2026-W44 (2026-10-26 to 2026-11-01)"
# Not a regular file: written as it is, never replaced.
mkfifo pipe
timeout 20 cat pipe > from-pipe.txt &
run "out to a pipe" 0 report --out pipe
wait
[ -p pipe ] && pass || fail "--out replaced the pipe"
expect_eq "out to a pipe: the report came through" "$(head -n 1 from-pipe.txt)" "cramplog risk report, week 2026-W44 (2026-10-26 to 2026-11-01)"
run "out to a directory" 73 report --out linked
expect_in "out to a directory said" err "linked: Is a directory"
CASE

test_case '--out and plot --out never over the database' <<'CASE'
sqlite_only "the database as a file that --out must not overwrite" || return 0
sample
# Never over the database, by any name.
cp "$CRAMPLOG_DB" before.db
ln -s "$CRAMPLOG_DB" db-link
run "out is the database" 64 report --out db-link
expect_in "out is the database said" err "db-link is the database"
run "out is the database's log" 64 report --out "$CRAMPLOG_DB-wal"
cmp -s before.db "$CRAMPLOG_DB" && pass || fail "--out changed the database"
sqlite3 "$CRAMPLOG_DB" ".backup chart.png"
run "plot over the database" 64 plot team --db chart.png --out chart.png
expect_eq "plot over the database: still one" "$(sqlite3 chart.png 'SELECT count(*) > 0 FROM athletes')" "1"
CASE

test_case 'html: charts inline, nothing fetched from outside' <<'CASE'
sample
charted=$(charted)
mkdir tmp
TMPDIR=$WORK/tmp run "html" 0 report --format html
cp out w44.html
expect_eq "html temporary files removed" "$(ls -A tmp)" ""
expect_in "html doctype" w44.html "<!DOCTYPE html>"
expect_in "html association line" w44.html "not a diagnosis"
expect_not_in "no src" w44.html "src="
expect_not_in "no link" w44.html "<link"
expect_not_in "no script" w44.html "<script"
expect_eq "no outside URL" "$(grep -oE "https?://[^\"' <>)]*" w44.html | sort -u | grep -vx -e 'http://www.w3.org/2000/svg' -e 'http://www.w3.org/1999/xlink')" ""
expect_eq "links inside only" "$(grep -oE "href=[\"'][^\"']*" w44.html | grep -vE "href=[\"'](#|data:)")" ""
if has_gnuplot; then
	expect_eq "svg figures" "$(grep -o '<svg' w44.html | wc -l)" "$((2 + 2 * charted))"
	[ "$((2 + 2 * charted))" -ge 3 ] && pass || fail "fewer than 3 charts"
	expect_in "charts section" w44.html '<h2>Charts</h2>'
fi
CASE

test_case 'html without gnuplot, with a failing one or with --no-charts: a report without charts' <<'CASE'
sample
mkdir tmp
TMPDIR=$WORK/tmp CRAMPLOG_GNUPLOT=/nonexistent/gnuplot run "html without gnuplot" 0 report --format html
expect_eq "no gnuplot: temporary files removed" "$(ls -A tmp)" ""
expect_not_in "no gnuplot: no svg" out "<svg"
expect_in "no gnuplot: package named" out "gnuplot-nox"
expect_in "no gnuplot: still a report" out "<h2>Athletes, most at risk first</h2>"
expect_in "no gnuplot: said on stderr" err "the html report has no charts"
# A gnuplot that fails, or hangs past --timeout: the report without its
# charts as without gnuplot, but exit 70 (review 9: it was 0).
printf '#!/bin/sh\necho boom >&2\nexit 3\n' >failing-gnuplot
printf '#!/bin/sh\nexec sleep 600\n' >hanging-gnuplot
chmod +x failing-gnuplot hanging-gnuplot
TMPDIR=$WORK/tmp CRAMPLOG_GNUPLOT=$WORK/failing-gnuplot run "html, gnuplot failing" 70 report --format html --out failed.html
expect_in "gnuplot failing: still a report" failed.html "<h2>Athletes, most at risk first</h2>"
expect_in "gnuplot failing: a note for the charts" failed.html "The charts could not be drawn."
expect_in "gnuplot failing: said" err "the html report has no charts"
expect_in "gnuplot failing: written" err "wrote failed.html"
TMPDIR=$WORK/tmp CRAMPLOG_GNUPLOT=$WORK/hanging-gnuplot run "html, gnuplot hanging" 70 report --format html --timeout 1
expect_in "gnuplot hanging: still a report" out "<h2>Athletes, most at risk first</h2>"
expect_in "gnuplot hanging: stopped" err "stopped after 1 seconds"
expect_eq "gnuplot failing or hanging: temporary files removed" "$(ls -A tmp)" ""
run "html no charts" 0 report --format html --no-charts
expect_not_in "no-charts: no svg" out "<svg"
expect_not_in "no-charts: no Charts section" out "Charts</h2>"
expect_in "no-charts: still a report" out "<h2>The model</h2>"
CASE

test_case '--charts DIR: each chart drawn, private' <<'CASE'
sample
charted=$(charted)
has_gnuplot || skip "no gnuplot"
if has_gnuplot; then
	run "charts" 0 report --charts charts
	expect_in "charts: the report printed" out "THE SQUAD"
	expect_in "charts: said" err "charts written to charts"
	expect_eq "charts directory private" "$(stat -c %a charts)" "700"
	top=$(ath "json_extract(value, '\$.name')" w44.json "LIMIT 1")
	slug=$(printf '%s' "$top" | LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C sed -E 's/[^a-z0-9]+/-/g; s/^-//')
	for c in team factors "history-1-$slug" "load-1-$slug"; do
		for ext in png gp dat; do
			[ -s "charts/$c.$ext" ] && pass || fail "charts: no $c.$ext"
		done
		expect_eq "$c.png signature" "$(head -c 4 "charts/$c.png" | od -An -c | tr -d ' ')" '211PNG'
	done
	expect_eq "charts: history of those charted" "$(ls charts/history-*.png | wc -l)|$(ls charts/load-*.png | wc -l)" "$charted|$charted"
	expect_eq "charts private" "$(stat -c %a charts/* | sort -u)" "600"
fi
CASE

test_case '--charts: a broken kept day of a charted athlete: 70, said, nothing left' <<'CASE'
sample
[ "$BACKEND" = pg ] && skip "a date out of range: SQLite's text column only"
db_copy "$CRAMPLOG_DB" broken.db
top=$(ath "json_extract(value, '\$.name')" w44.json "LIMIT 1" | sed "s/'/''/g")
sql_db broken.db "UPDATE kept_days SET date = '2026-13-45' WHERE athlete_id = (SELECT id FROM athletes WHERE name = '$top') AND date = (SELECT min(date) FROM kept_days WHERE athlete_id = (SELECT id FROM athletes WHERE name = '$top'))"
# The ranking and the athletes read before the failure are freed (the
# sanitizers' and valgrind's runs of this script fail on a leak).
run "charts of a broken athlete" 70 report --db "$WORK/broken.db" --charts charts
expect_in "said" err "a kept exposure with a bad key in the database"
expect_eq "no chart written" "$(ls charts 2>/dev/null | wc -l)" 0
run "the text report reads no day before the week" 0 report --db "$WORK/broken.db"
CASE

test_case 'the team chart: a name with % shown as written' <<'CASE'
sample
has_gnuplot || skip "no gnuplot"
db_copy "$CRAMPLOG_DB" pct.db
top=$(ath "json_extract(value, '\$.name')" w44.json "LIMIT 1" | sed "s/'/''/g")
sql_db pct.db "UPDATE athletes SET name = '100% Effort %s %n' WHERE name = '$top'"
run "plot team" 0 plot team --db "$WORK/pct.db" --out team.svg
expect_in "the label as gnuplot reads it" team.gp "'100%% Effort %%s %%n'"
expect_in "drawn as written" team.svg "100% Effort %s %n"
run "report --charts" 0 report --db "$WORK/pct.db" --charts charts
expect_in "report: charts written" err "charts written to charts"
CASE

test_case 'an athlete who trained only before the period: from the rows as from the kept tables' <<'CASE'
# The first athlete by id has no session in the last week: a period's
# table made from the rows numbers only those it holds.
printf 'date,start_time,athlete,duration_min,rpe,cramp\n2026-08-31,08:00,Early,30,5,yes\n2026-09-02,08:00,Early,30,5,no\n' > early.csv
run "import the early athlete first" 0 import early.csv
run "import the sample" 0 import --quiet "$SAMPLE"/*.csv
for c in "report --format json" "report --format markdown --athlete Early" "validate --format csv" "plot team --out team.svg --no-render"; do
	run "$c: kept" 0 ${c//_/ }
	mv out kept.out
	[ -f team.dat ] && mv team.dat kept.dat
	CRAMPLOG_KEPT=0 run "$c: rows" 0 ${c//_/ }
	cmp -s out kept.out && pass || fail "$c: from the rows differs from the kept tables"
	[ ! -f kept.dat ] || { cmp -s team.dat kept.dat && pass || fail "$c: the chart's data differ"; rm -f kept.dat; }
done
CASE

test_case 'the period read with the options of --threshold and the configuration file' <<'CASE'
sample
# Kai's 3.4 L of sweat on 2026-10-29, at 700 mg/L: 2.4 g (at 825: 2.8 g).
run "a sweat sodium given" 0 report --threshold sweat_sodium_mg_l=700 --athlete "Kai D'Angelo"
expect_in "the sodium lost at 700 mg/L" out "lost about 2.4 g of sodium in 3.4 L"
printf '[analysis]\nacwr = ewma\n' > ewma.conf
run "the ACWR of the configuration file" 0 report --config ewma.conf --format json
mv out config.json
run "the ACWR of the option" 0 report --acwr ewma --format json
cmp -s out config.json && pass || fail "acwr = ewma in the configuration file reads other rows than --acwr ewma"
CASE

test_case '--charts without gnuplot 69, into a file or a locked directory 73' <<'CASE'
sample
CRAMPLOG_GNUPLOT=/nonexistent/gnuplot run "charts without gnuplot" 69 report --charts charts2
expect_in "charts without gnuplot: the report printed" out "THE MODEL"
expect_in "charts without gnuplot: package named" err "gnuplot-nox"
# Every chart's script and data written, as plot writes them without
# gnuplot (review 9: the team chart's alone), and gnuplot named once.
charted=$(charted)
expect_eq "charts without gnuplot: every chart's script" "$(ls charts2/*.gp | wc -l)" "$((2 + 2 * charted))"
expect_eq "charts without gnuplot: every chart's data" "$(ls charts2/*.dat | wc -l)" "$((2 + 2 * charted))"
expect_eq "charts without gnuplot: nothing drawn" "$(ls charts2/*.png 2>/dev/null)" ""
expect_eq "charts without gnuplot: said once" "$(grep -c "is not installed" err)" "1"
printf 'not a directory\n' > afile
run "charts into a file" 73 report --charts afile
expect_in "charts into a file said" err "afile: Not a directory"
if [ "$(id -u)" != 0 ]; then
	mkdir locked && chmod 500 locked
	run "charts into a read-only directory" 73 report --charts locked
	expect_in "charts into a read-only directory said" err "locked: Permission denied"
fi
CASE

test_case 'hostile names: escaped in html, markdown and json, never run' <<'CASE'
mkdir tmp
script='<script>alert(1)</script>'
quote="Eve \"Quote\" O'Neil"
tick='`touch PWNED`'
md='a_b^c|d*e'
names=("$script" "$quote" "$tick" "$md")
{
	echo 'date,start_time,athlete,session,duration_min,rpe,tightness,cramp,cramp_muscle,cramp_side,cramp_severity'
	i=0
	# Three weeks, four athletes, three sessions each a week; every fifth
	# session a cramp (7 in all).
	for day in 05 07 09 12 14 16 19 21 23; do
		for n in "${names[@]}"; do
			i=$((i + 1))
			cramp='no,,,'
			[ $((i % 5)) -eq 0 ] && cramp="yes,hamstring,left,$((i % 4 + 3))"
			printf '2026-10-%s,17:00,"%s",run,60,6,%d,%s\n' "$day" "${n//\"/\"\"}" $((i * 7 % 10)) "$cramp"
		done
	done
} > hostile.csv
HOSTILE=(--db "$WORK/hostile.db")
run "import hostile" 0 import "${HOSTILE[@]}" hostile.csv
expect_in "hostile imported" out "36 rows: 36 added"
TMPDIR=$WORK/tmp run "hostile html" 0 report "${HOSTILE[@]}" --factors tightness --format html
cp out hostile.html
expect_not_in "no script tag" hostile.html "<script"
expect_in "script escaped" hostile.html "&lt;script&gt;alert(1)&lt;/script&gt;"
expect_in "quotes escaped" hostile.html "Eve &quot;Quote&quot; O&#39;Neil"
awk '/^<figure>/ { f = 1 } !f { print } /^<\/figure>/ { f = 0 }' hostile.html > hostile-nofig.html
expect_not_in "no raw double quote in a name" hostile-nofig.html '"Quote"'
expect_not_in "no raw single quote in a name" hostile-nofig.html "O'Neil"
has_gnuplot && { [ "$(grep -c '<svg' hostile.html)" -ge 3 ] && pass || fail "hostile html: charts missing"; }
run "hostile markdown" 0 report "${HOSTILE[@]}" --factors tightness --format markdown
cp out hostile.md
expect_in "markdown escapes | and *" hostile.md 'a\_b^c\|d\*e'
expect_not_in "no raw | in a name" hostile.md 'c|d'
expect_in "markdown escapes <" hostile.md '\<script\>alert(1)\</script\>'
expect_in "markdown escapes backquotes" hostile.md '\`touch PWNED\`'
expect_eq "table rows keep 5 columns" \
	"$(sed -n '/^| # | athlete |/,/^$/p' hostile.md | grep '^| [0-9]' | sed 's/\\|//g' | awk -F'|' 'NF == 7' | wc -l)" "4"
run "hostile json" 0 report "${HOSTILE[@]}" --factors tightness --format json
cp out hostile.json
expect_json "hostile json valid" hostile.json
expect_eq "names round-trip" "$(ath "json_extract(value, '\$.name')" hostile.json "ORDER BY 1")" \
	"$(printf '%s\n' "${names[@]}" | LC_ALL=C sort)"
expect_eq "hostile model fitted" "$(json_get hostile.json '$.model.fitted')" "1"
if has_gnuplot; then
	run "hostile charts" 0 report "${HOSTILE[@]}" --factors tightness --charts hcharts
	expect_eq "chart files named safely" "$(find hcharts -mindepth 1 -printf '%f\n' | LC_ALL=C grep -vE '^[a-z0-9.-]+$')" ""
	[ "$(ls hcharts | wc -l)" -ge 12 ] && pass || fail "hostile charts: $(ls hcharts | wc -l) files"
fi
expect_eq "no command ran" "$(find "$WORK" -name PWNED)" ""
expect_eq "hostile: temporary files removed" "$(ls -A tmp)" ""
CASE

# A training log of one athlete with a long name, in long.db.
long_name() {
	long='Maximiliana Theodora Wolfeschlegelsteinhausen-Bergerdorff'
	sed "s/^\(2026-10-[0-9]*,17:00,\)Ana Lone,/\1$long,/" > long.csv <<CSV
date,start_time,athlete,duration_min,rpe,tightness,cramp
2026-10-05,17:00,Ana Lone,60,6,3,no
2026-10-06,17:00,Ana Lone,60,7,8,yes
CSV
	run "import long name" 0 import --db "$WORK/long.db" long.csv
}

# A hand-made squad of week 2026-W44 with masses and fluid (sweat = the
# kilograms lost + the fluid drunk, at the default 825 mg/L), in sweat.db:
# Ana cramps and sweats 2.5 L on Tuesday against 1.2 g of sodium; Ben
# cramps but is never weighed whole; Cy is weighed, at no risk and eats
# enough; Dee does not cramp but her Thursday's two sessions (1.6 + 0.5 L)
# outrun her 1.5 g; Eve cramps, is weighed and logs no food.
sweat_squad() {
	cat > training.csv <<CSV
date,start_time,athlete,session,duration_min,rpe,distance_km,pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,cramp_muscle,cramp_side,cramp_severity,notes
2026-10-26,17:00,Ana Salt,intervals,60,6,,70.0,69.0,500,24,3,no,,,,
2026-10-27,17:00,Ana Salt,match,90,8,,70.0,68.5,1000,28,4,yes,calf,left,4,
2026-10-27,17:00,Ben Dry,match,90,8,,,,800,28,4,yes,hamstring,right,3,
2026-10-28,17:00,Ben Dry,easy run,40,4,8,70.2,,300,20,2,no,,,,
2026-10-27,09:00,Cy Calm,easy run,40,4,8,65.0,64.6,200,18,2,no,,,,
2026-10-29,09:00,Dee Short,tempo run,50,7,11,80.0,79.0,600,26,3,no,,,,
2026-10-29,18:00,Dee Short,gym,45,5,,79.5,79.3,300,20,3,no,,,,
2026-10-31,10:00,Eve Nolog,long run,100,6,20,60.0,59.2,400,22,3,yes,calf,right,2,
CSV
	cat > diet.csv <<CSV
date,time,athlete,meal,energy_kcal,carbs_g,protein_g,fat_g,sodium_mg,potassium_mg,fluid_ml
2026-10-27,12:30,Ana Salt,lunch,900,120,40,20,1200,1500,
2026-10-27,12:30,Cy Calm,lunch,900,120,40,20,2500,1500,
2026-10-29,12:30,Dee Short,lunch,900,120,40,20,1500,1500,
CSV
	run "import sweat squad" 0 import --db "$WORK/sweat.db" training.csv diet.csv
}

# sweat_of FILE NAME LIST: NAME's sentences of LIST (reasons or actions)
# about sweat sodium, one a line.
sweat_of() {
	sqlite3 -batch -noheader :memory: "SELECT s.value FROM json_each(readfile('$1'), '\$.athletes') a, json_each(a.value, '\$.$3') s WHERE json_extract(a.value, '\$.name') = '$2' AND (s.value LIKE 'lost about%' OR s.value LIKE 'Replace the sodium lost%')"
}

ANA_LOST='lost about 2.1 g of sodium in 2.5 L of sweat on Tuesday 2026-10-27, the most of the period, against 1.2 g eaten and drunk that day'
ANA_REPLACE='Replace the sodium lost in sweat: on days like Tuesday 2026-10-27, about 0.9 g more than was eaten and drunk, from salted food or an electrolyte drink around sessions.'
DEE_LOST='lost about 1.7 g of sodium in 2.1 L of sweat on Thursday 2026-10-29, the most of the period, against 1.5 g eaten and drunk that day'
DEE_REPLACE='Replace the sodium lost in sweat: on days like Thursday 2026-10-29, about 0.2 g more than was eaten and drunk, from salted food or an electrolyte drink around sessions.'
EVE_LOST='lost about 1.0 g of sodium in 1.2 L of sweat on Saturday 2026-10-31, the most of the period (no sodium intake logged that day)'

test_case 'sweat: the day of most sodium lost, and its deficit replaced, in json' <<'CASE'
fixture sweat sweat_squad
db_copy "$FIXTURE/sweat.db" sweat.db
run "sweat json" 0 report --db "$WORK/sweat.db" --format json
cp out sweat.json
expect_json "sweat json valid" sweat.json
expect_eq "Ana: her Tuesday's loss" "$(sweat_of sweat.json 'Ana Salt' reasons)" "$ANA_LOST"
expect_eq "Ana: replace the deficit" "$(sweat_of sweat.json 'Ana Salt' actions)" "$ANA_REPLACE"
expect_eq "Ana: sweat after the fluid action, before the intake one" \
	"$(json_get sweat.json '$.athletes[0].actions[1]')" "$ANA_REPLACE"
expect_eq "Dee: not at risk, but in deficit" "$(sweat_of sweat.json 'Dee Short' reasons)|$(sweat_of sweat.json 'Dee Short' actions)" \
	"$DEE_LOST|$DEE_REPLACE"
expect_eq "Eve: no intake logged, nothing to replace" "$(sweat_of sweat.json 'Eve Nolog' reasons)|$(sweat_of sweat.json 'Eve Nolog' actions)" \
	"$EVE_LOST|"
# Ben was never weighed whole; Cy is at no risk and in no deficit.
for who in 'Ben Dry' 'Cy Calm'; do
	expect_eq "$who: nothing about sweat" \
		"$(sweat_of sweat.json "$who" reasons)$(sweat_of sweat.json "$who" actions)" ""
done
CASE

test_case 'sweat: the same sentences in text, markdown and html' <<'CASE'
fixture sweat sweat_squad
db_copy "$FIXTURE/sweat.db" sweat.db
run "sweat text" 0 report --db "$WORK/sweat.db"
tr -s '\n ' '  ' < out > sweat.flat
for s in "$ANA_LOST" "$ANA_REPLACE" "$DEE_LOST" "$DEE_REPLACE" "$EVE_LOST"; do
	expect_in "text: $s" sweat.flat "$s"
done
expect_eq "text: three reasons about sweat" "$(grep -o 'lost about' sweat.flat | wc -l)" 3
run "sweat markdown" 0 report --db "$WORK/sweat.db" --format markdown
expect_in "markdown reason" out "- $ANA_LOST"
expect_in "markdown action" out "- $DEE_REPLACE"
run "sweat html" 0 report --db "$WORK/sweat.db" --format html --no-charts
expect_in "html reason" out "<li>$EVE_LOST</li>"
expect_in "html action" out "<li>$ANA_REPLACE</li>"
CASE

test_case 'sweat: the deficit is against sodium_deficit_mg' <<'CASE'
fixture sweat sweat_squad
db_copy "$FIXTURE/sweat.db" sweat.db
# At -500 mg Dee's 0.2 g short is no deficit (and she is at no risk):
# nothing about sweat; Ana's 0.9 g short is 0.4 g under the threshold.
run "threshold" 0 report --db "$WORK/sweat.db" --format json --threshold sodium_deficit_mg=-500
cp out t.json
expect_eq "Dee: nothing" "$(sweat_of t.json 'Dee Short' reasons)$(sweat_of t.json 'Dee Short' actions)" ""
expect_eq "Ana: 0.4 g" "$(sweat_of t.json 'Ana Salt' actions)" \
	"Replace the sodium lost in sweat: on days like Tuesday 2026-10-27, about 0.4 g more than was eaten and drunk, from salted food or an electrolyte drink around sessions."
CASE

test_case 'sweat: in the sample week, for those at risk or in deficit only' <<'CASE'
sample
expect_eq "every athlete at moderate or high risk with weighed sessions is told" \
	"$(ath "count(*)" w44.json "WHERE json_extract(value, '\$.level') IN ('moderate', 'high') AND json_extract(value, '\$.reasons') NOT LIKE '%sodium in % L of sweat on %'")" 0
expect_eq "at low risk: only with a deficit to replace" \
	"$(ath "count(*)" w44.json "WHERE json_extract(value, '\$.level') = 'low' AND (json_extract(value, '\$.reasons') LIKE '%L of sweat on %') <> (json_extract(value, '\$.actions') LIKE '%Replace the sodium lost in sweat%')")" 0
[ "$(ath "count(*)" w44.json "WHERE json_extract(value, '\$.actions') LIKE '%Replace the sodium lost in sweat%'")" -gt 0 ] && pass || fail "no deficit in the sample week"
CASE

test_case 'a long name: cut in the table, whole in its heading, 80 columns' <<'CASE'
fixture long long_name
db_copy "$FIXTURE/long.db" long.db
long='Maximiliana Theodora Wolfeschlegelsteinhausen-Bergerdorff'
run "long name" 0 report --db "$WORK/long.db" --color always
expect_in "long name cut in the table" out "Maximiliana Theodora ..."
expect_eq "long name: every line within 80 columns" \
	"$(sed 's/\x1b\[[0-9;]*m//g' out | LC_ALL=C.UTF-8 awk '{ gsub(/[\200-\277]/, ""); if (length($0) > 80) n++ } END { print n + 0 }')" "0"
tr -s '\n ' '  ' < out > long.flat
expect_in "long name whole in its heading" long.flat " 1. $long: risk not estimated"
CASE

test_case 'training alone: no risk figures, and it says why' <<'CASE'
# Training alone: no session has every factor known, and it says why.
fixture long long_name
db_copy "$FIXTURE/long.db" long.db
run "no intake logged" 0 report --db "$WORK/long.db"
tr -s '\n ' '  ' < out > long.flat
expect_in "says intake is missing" long.flat "are hydration and diet logged?"
CASE

# Five sessions of one athlete, two episodes, in few.db.
few_sessions() {
	cat > few.csv <<CSV
date,start_time,athlete,duration_min,rpe,tightness,cramp,cramp_muscle,cramp_side,cramp_severity
2026-10-05,17:00,Ana Lone,60,6,3,no,,,
2026-10-06,17:00,Ana Lone,60,7,8,yes,calf,left,4
2026-10-07,17:00,Ana Lone,45,5,2,no,,,
2026-10-08,17:00,Ana Lone,60,6,7,yes,hamstring,right,3
2026-10-09,17:00,Ana Lone,30,4,1,no,,,
CSV
	run "import few" 0 import --db "$WORK/few.db" few.csv
}

test_case 'few data: a description, no risk figures' <<'CASE'
fixture few few_sessions
db_copy "$FIXTURE/few.db" few.db
# With --factors tightness every session is a complete case: the model
# lacks episodes, not intake logs.
FEW=(--db "$WORK/few.db" --factors tightness)
run "few" 0 report "${FEW[@]}"
tr -s '\n ' '  ' < out > few.flat
expect_in "few: no risk figures" few.flat "No risk figures: too few cramp episodes"
expect_in "few: counted" few.flat "(2 episodes among 5 sessions with every factor known;"
expect_in "few: description" few.flat "risk not estimated, description only."
run "few json" 0 report "${FEW[@]}" --format json
cp out few.json
expect_json "few json valid" few.json
expect_eq "few: unknown, risk null" "$(json_get few.json '$.athletes[0].level')|$(json_type few.json '$.athletes[0].risk')|$(json_get few.json '$.model.fitted')" \
	"unknown|null|0"
CASE

test_case 'five episodes are enough for a model, four are not' <<'CASE'
fixture few few_sessions
db_copy "$FIXTURE/few.db" few.db
FEW=(--db "$WORK/few.db" --factors tightness)
cat > more.csv <<CSV
date,start_time,athlete,duration_min,rpe,tightness,cramp,cramp_muscle,cramp_side,cramp_severity
2026-10-12,17:00,Ana Lone,60,6,3,no,,,
2026-10-13,17:00,Ana Lone,60,7,8,yes,calf,left,4
2026-10-14,17:00,Ana Lone,45,5,2,no,,,
2026-10-15,17:00,Ana Lone,60,6,7,yes,hamstring,right,3
2026-10-16,17:00,Ana Lone,30,4,1,no,,,
2026-10-17,17:00,Ana Lone,60,6,7,yes,hamstring,right,3
CSV
run "import more" 0 import --db "$WORK/few.db" more.csv
run "four episodes" 0 report "${FEW[@]}" --to 2026-10-16 --format json
expect_eq "four: no model" "$(json_get out '$.model.cramps')|$(json_get out '$.athletes[0].level')|$(json_type out '$.athletes[0].risk')" "4|unknown|null"
run "five episodes" 0 report "${FEW[@]}" --format json
expect_eq "five: a model" "$(json_get out '$.model.cramps')|$(json_get out '$.model.fitted')|$(json_type out '$.athletes[0].risk')" "5|1|real"
[ "$(json_get out '$.athletes[0].level')" != unknown ] && pass || fail "five episodes: level still unknown"
CASE

test_case 'a big squad: the factor shares keep their columns apart' <<'CASE'
# Over 3,000 sessions a week: a share such as "82% (2655 of 3224)" fills
# the usual 18 columns; the one before it is never glued to it.
run "simulated" 0 simulate --out big --athletes 650 --days 14 --drinks 1-2 --seed 3
run "imported" 0 import --quiet --db "$WORK/big.db" big/training.csv \
	big/hydration.csv big/diet.csv
run "report" 0 report --db "$WORK/big.db" --color never
grep -A 7 'of those where it was known' out | tail -n 6 >shares
expect_eq "six factor lines" "$(wc -l < shares)" "6"
expect_eq "each: two shares apart" \
	"$(grep -Ec '^    [a-z_]+ +([0-9]+% \([0-9]+ of [0-9]+\)|not known) +([0-9]+% \(|not known)' shares)" "6"
[ "$(grep -Ec '[0-9]{4} of [0-9]{4}\)' shares)" -ge 1 ] && pass ||
	fail "the week has no share of 18 characters: the case tests nothing"
CASE

test_case 'streamed: the report with charts and without, and plot, to the bit' <<'CASE'
# The report streams every session's flags to its ranking, its backtest
# (a week's predictions summed by flags; with charts each session's
# cramp kept as a bit) and its charts' counts. The same report with
# charts and without, over the latest week, an earlier one and a span;
# the same chart data as plot's (test_backtest.c compares the streamed
# curves with those of the held flags).
has_gnuplot || { skip "no gnuplot: --charts would fail"; return 0; }
run "simulated" 0 simulate --out walk --athletes 40 --days 150 --seed 21
run "imported" 0 import --quiet --db "$WORK/walk.db" walk/training.csv \
	walk/hydration.csv walk/diet.csv
for period in "" "--week 2026-W10" "--from 2026-02-04 --to 2026-03-15"; do
	# shellcheck disable=SC2086 # the period's words
	run "without charts ${period:-latest}" 0 report --db "$WORK/walk.db" --format json $period
	cp out streamed.json
	# shellcheck disable=SC2086
	run "with charts ${period:-latest}" 0 report --db "$WORK/walk.db" --format json --charts charts $period
	expect_eq "with = without ${period:-latest}" "$(cat out)" "$(cat streamed.json)"
done
run "charts of the latest week" 0 report --db "$WORK/walk.db" --charts latest
for chart in calibration team factors; do
	run "plot $chart" 0 plot "$chart" --db "$WORK/walk.db" --out "$chart.png"
	expect_eq "$chart: the report's data = plot's" "$(cat "latest/$chart.dat")" "$(cat "$chart.dat")"
done
[ "$(json_get streamed.json '$.backtest.weeks')" -ge 3 ] && pass ||
	fail "the backtest scored too few weeks: the case tests little"
CASE

test_case 'backtest: every scored session cramped: said, no nan' <<'CASE'
# Four athletes a session a day for 8 weeks, none cramping in the first
# three and every one in every session after: the backtest scores only
# sessions that cramped, so there is no ranking to judge (the twin of
# validate's case).
cramped() { [ "$1" -ge 21 ]; }
four_athletes_a_day > all.csv
run "import all" 0 import --quiet --db all.db all.csv
run "all cramped json" 0 report --db all.db --factors dehydration,tightness --format json
expect_eq "all cramped: scored, all cramps, no AUC" \
	"$(json_get out '$.backtest.cramps')|$(json_get out '$.backtest.sessions')|$(json_get out '$.backtest.auc')" "112|112|"
for format in text markdown html; do
	run "all cramped $format" 0 report --db all.db --factors dehydration,tightness --format "$format"
	tr -s ' \n' '  ' < out > flat
	expect_in "all cramped $format: said" flat "every one of them had a cramp, so nothing shows yet how good this risk is"
	expect_not_in "all cramped $format: no nan" flat "nan"
	expect_not_in "all cramped $format: no DeLong" flat "DeLong"
done
CASE

test_case 'no training sessions: 65, no report; a missing database 66' <<'CASE'
run "hydration only" 0 import --db "$WORK/hydration.db" --quiet "$SAMPLE/hydration-2026-W36.csv"
run "no sessions" 65 report --db "$WORK/hydration.db"
expect_in "no sessions said" err "no training sessions"
expect_eq "no sessions: no report" "$(wc -c < out)" "0"
head -n 1 "$W44CSV" > header-only.csv
run "header only" 0 import --db "$WORK/empty.db" header-only.csv
run "no sessions, empty log" 65 report --db "$WORK/empty.db"
expect_in "empty log said" err "no training sessions"
run "missing database" 66 report --db "$WORK/no-such.db"
[ ! -e "$WORK/no-such.db" ] && pass || fail "report made a database"
CASE

finish
