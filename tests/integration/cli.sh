# The command line of every command: options anywhere before "--" (also
# with POSIXLY_CORRECT), "--" ending them; usage errors (64) for empty
# values and contradictory options; a closed standard input; control
# characters in file names, names, values and configuration lines escaped
# in everything printed; JSON that is valid UTF-8 whatever the file names.
. "$(dirname "$0")/lib.bash"
T="$DATA/training-week.csv"

# expect_printable NAME FILE: FILE is UTF-8 and holds no control character
# (C0 but newline, DEL, C1, bidirectional overrides and isolates).
expect_printable() {
	if ! iconv -f UTF-8 -t UTF-8 "$2" >/dev/null 2>&1; then
		fail "$1: $(basename "$2") is not UTF-8"
		od -c "$2" | sed 's/^/  | /' >&2
	elif LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b\xa8\xa9\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xef\xbb\xbf|\xef\xbf[\xbe\xbf]' "$2"; then
		fail "$1: a control character in $(basename "$2")"
		od -c "$2" | sed 's/^/  | /' >&2
	else
		pass
	fi
}

# expect_json NAME FILE: FILE is valid UTF-8 and strict JSON (python3's
# parser when there, else SQLite's json_valid).
expect_json() {
	if ! iconv -f UTF-8 -t UTF-8 "$2" >/dev/null 2>&1; then
		fail "$1: $(basename "$2") is not UTF-8"
	elif python3 -c '' 2>/dev/null; then
		if python3 -c 'import json, sys
json.load(open(sys.argv[1], encoding="utf-8", errors="strict"))' "$2" 2>"$WORK/json-err"; then
			pass
		else
			fail "$1: $(basename "$2") is not valid JSON"
			sed 's/^/  | /' "$WORK/json-err" >&2
		fi
	elif [ "$(sqlite3 -batch -noheader :memory: "SELECT json_valid(readfile('$2'))")" = 1 ]; then
		pass
	else
		fail "$1: $(basename "$2") is not valid JSON"
	fi
}

count() { sql_db "$1" "SELECT count(*) FROM training"; }

# The hostile names of the control-character cases.
OSC=$'title\033]0;owned\007'
CLS=$'cls\033[2J'
C1=$'c1\xc2\x9b31m'
RLO=$'rlo\xe2\x80\xaetxt.csv'
NOTUTF=$'latin1-\xe9t\xe9.csv'

# The set-ups write their database to other.db (not the default database,
# which some checks want absent).
# week: the training week imported.
week() { run "week: the training week imported" 0 import --db "$WORK/other.db" "$T"; }
# team: the training and hydration weeks and a simulated team of three.
team() {
	run "team: the weeks imported" 0 import --db "$WORK/other.db" "$T" "$DATA/hydration-week.csv"
	run "team: simulated" 0 simulate --out sim --athletes 3 --days 21 --seed 4
	run "team: the simulated logs imported" 0 import --db "$WORK/other.db" sim/*.csv
}
# other_db [SET-UP]: DB is this case's other.db, a copy of SET-UP's when
# given, else not yet made.
other_db() {
	DB=$WORK/other.db
	if [ $# -gt 0 ]; then
		fixture "$1" "$1"
		db_copy "$FIXTURE/other.db" "$WORK/other.db"
	fi
}

# --- Options after the operands, and "--" -----------------------------

test_case 'import FILE --db X: the rows in that database, none in the default' <<'CASE'
other_db
run "import FILE --db X" 0 import "$T" --db "$DB"
expect_in "summary names the file" out "training-week.csv: training, 6 rows: 6 added"
expect_eq "the rows are in --db's database" "$(count "$DB")" 6
expect_eq "nothing in the default database" "$(db_exists "$CRAMPLOG_DB" && echo yes || echo no)" no
CASE

test_case 'options between files are taken' <<'CASE'
other_db week
run "options between files" 0 import "$T" --quiet "$DATA/hydration-week.csv" --db "$DB"
expect_eq "--quiet after a file is taken" "$(wc -c <out)" 0
expect_eq "both files found in --db's" "$(sql_db "$DB" "SELECT count(*) FROM imports")" 3
CASE

test_case 'files named --db and -q after --' <<'CASE'
other_db week
cp "$T" ./--db
cp "$T" ./-q
run "-- ends the options" 0 import --db "$DB" -- --db -q
expect_in "a file named --db" out "--db: training, 6 rows: 0 added, 0 updated, 6 unchanged"
expect_in "a file named -q" out "-q: training, 6 rows: 0 added"
CASE

test_case 'POSIXLY_CORRECT: options still anywhere' <<'CASE'
other_db week
POSIXLY_CORRECT=1 run "POSIXLY_CORRECT: options still anywhere" 0 import "$T" --db "$DB" --format json
expect_json "POSIXLY_CORRECT: json output" "$WORK/out"
expect_eq "POSIXLY_CORRECT: unchanged rows" "$(json_get "$WORK/out" '$[0].unchanged')" 6
expect_eq "still nothing in the default database" "$(db_exists "$CRAMPLOG_DB" && echo yes || echo no)" no
CASE

# Every command reads its options after an operand, and none after "--".
operands_after_options() {
	other_db team
	run "$cmd: stray operand before options" 64 "$cmd" stray --db "$DB"
	expect_in "$cmd: the operand is named" err "unexpected argument 'stray'"
	run "$cmd: option after --" 64 "$cmd" -- --db "$DB"
	expect_in "$cmd: after -- an operand" err "unexpected argument '--db'"
	POSIXLY_CORRECT=1 run "$cmd: --db after --format" 0 "$cmd" --format json --db "$DB"
	expect_json "$cmd: json" "$WORK/out"
}
for cmd in status athletes exposures analyze report validate; do
	test_case "$cmd: options after an operand, none after --" operands_after_options
done

test_case 'upgrade: operands before options and after --' <<'CASE'
other_db team
run "upgrade: stray operand before options" 64 upgrade stray --db "$DB"
expect_in "upgrade: the operand is named" err "unexpected argument 'stray'"
POSIXLY_CORRECT=1 run "upgrade: --db after an operand" 64 upgrade x --db "$DB"
expect_in "upgrade: still the operand named" err "unexpected argument 'x'"
run "upgrade: option after --" 64 upgrade -- --db "$DB"
expect_in "upgrade: after -- an operand" err "unexpected argument '--db'"
CASE

# Each command's options are declared once (cmd/options.c builds getopt's
# table and --help from one table): every option --help lists is taken.
help_options_taken() {
	"$CRAMPLOG_BIN" "$cmd" --help | grep -E '^ +(-[a-z], )?--' |
		grep -o -- '--[a-z][a-z-]*' | sort -u > opts
	expect_eq "$cmd: --help lists options" "$([ -s opts ] && echo yes)" yes
	while read -r opt; do
		# alone: a value missing, or a usage error or no database later
		cramplog "$cmd" "$opt" >out 2>err
		expect_not_in "$cmd $opt: taken" err "unknown option"
	done < opts
}
for cmd in import status athletes analyze report validate plot exposures simulate upgrade; do
	test_case "$cmd: every option of --help taken" help_options_taken
done

test_case 'import -q: the short --quiet, listed in --help' <<'CASE'
other_db
run "import -q" 0 import -q --db "$DB" "$T"
expect_eq "import -q: no summary" "$(wc -c <out)" 0
expect_eq "import -q: the rows are in" "$(count "$DB")" 6
run "import --help" 0 import --help
expect_in "import --help: -q listed" out "  -q, --quiet        no progress and no summary lines"
CASE

test_case '--format: each command names its formats; md is markdown' <<'CASE'
run "status --format xml" 64 status --format xml
expect_in "status: text or json" err "cramplog status: --format must be text or json, not 'xml'"
run "exposures --format xml" 64 exposures --format xml
expect_in "exposures: csv or json" err "cramplog exposures: --format must be csv or json, not 'xml'"
run "analyze --format xml" 64 analyze --format xml
expect_in "analyze: text, json or csv" err "cramplog analyze: --format must be text, json or csv, not 'xml'"
run "report --format xml" 64 report --format xml
expect_in "report: four formats" err "cramplog report: --format must be text, markdown, html or json, not 'xml'"
run "report --format m" 64 report --format m
expect_in "report: no prefix taken" err "not 'm'"
other_db week
run "report --format md" 0 report --db "$DB" --format md
expect_in "report: md is markdown" out "## The squad"
CASE

test_case 'a --db path with an escape: named escaped' <<'CASE'
sqlite_only "a path where there is no file" || return 0
run "a --db path with an escape" 66 status --db "$WORK/x"$'\e[2J'
expect_in "the database path escaped" err "no database at $WORK/x\x1b[2J"
CASE

test_case 'upgrade --db empty: 64' <<'CASE'
run "upgrade --db ''" 64 upgrade --db ""
expect_in "upgrade: --db '' named" err "cramplog upgrade: option '--db' needs a value, not an empty one"
CASE

test_case 'simulate: an option after -- is an operand, nothing made' <<'CASE'
run "simulate: option after --" 64 simulate --out sim2 -- --seed 3
expect_in "simulate: after -- an operand" err "unexpected argument '--seed'"
expect_eq "simulate: nothing made" "$([ -e sim2 ] && echo yes || echo no)" no
CASE

test_case 'plot: options before, between and after the chart; one chart' <<'CASE'
other_db team
run "plot: options before the chart" 0 plot --db "$DB" --out team.png --no-render team
expect_in "plot: the chart is written" out "wrote team.gp and team.dat"
POSIXLY_CORRECT=1 run "plot: chart between options" 0 plot --db "$DB" factors --out f.png --no-render
expect_in "plot: factors written" out "wrote f.gp and f.dat"
run "plot: two charts" 64 plot --db "$DB" team --out t2.png factors
expect_in "plot: the second is named" err "unexpected argument 'factors'"
run "plot: no chart" 64 plot --db "$DB" --out t3.png
expect_in "plot: which chart" err "which chart?"
run "plot: --help anywhere" 0 plot team --help
expect_in "plot: usage" out "usage: cramplog plot"
CASE

# --- Exit status: usage errors, closed standard input ------------------

empty_db() {
	other_db team
	run "$cmd --db ''" 64 "$cmd" --db "" "$T"
	expect_in "$cmd: --db '' named" err "cramplog $cmd: option '--db' needs a value, not an empty one"
}
for cmd in import status athletes exposures analyze report plot validate; do
	test_case "$cmd --db empty: 64" empty_db
done

test_case 'empty values and a missing value: 64, each named' <<'CASE'
other_db team
run "--db= is empty too" 64 status --db=
expect_in "--db= named" err "option '--db' needs a value, not an empty one"
run "report --out ''" 64 report --db "$DB" --out ""
expect_in "report: --out '' named" err "cramplog report: option '--out' needs a value, not an empty one"
run "plot --out ''" 64 plot team --db "$DB" --out ""
expect_in "plot: --out '' named" err "option '--out' needs a value, not an empty one"
run "simulate --out ''" 64 simulate --out ""
expect_in "simulate: --out '' named" err "option '--out' needs a value, not an empty one"
run "--config ''" 64 analyze --db "$DB" --config ""
expect_in "--config '' named" err "option '--config' needs a value, not an empty one"
run "import ''" 64 import --db "$DB" ""
expect_in "empty file name" err "cramplog import: an empty file name"
run "missing value" 64 report --db "$DB" --out
expect_in "missing value named" err "option '--out' needs a value"
CASE

test_case 'report --no-charts with --charts: 64, no directory made' <<'CASE'
other_db team
run "--no-charts with --charts" 64 report --db "$DB" --no-charts --charts charts-dir
expect_in "both named" err "--charts DIR writes the charts, --no-charts leaves them out: not both"
expect_eq "no chart directory made" "$([ -e charts-dir ] && echo yes || echo no)" no
CASE

test_case 'import from a closed standard input: 66, nothing recorded' <<'CASE'
other_db team
before=$(sql_db "$DB" "SELECT count(*) FROM imports")
cramplog import --db "$DB" - <&- >"$WORK/out" 2>"$WORK/err"
expect_eq "closed stdin: exit 66" "$?" 66
expect_in "closed stdin: said so" err "<stdin>: cannot read: standard input is closed"
expect_not_in "closed stdin: not an empty file" err "empty"
expect_eq "closed stdin: nothing recorded" "$(sql_db "$DB" "SELECT count(*) FROM imports")" "$before"
cramplog import --db "$DB" "$T" - <&- >"$WORK/out" 2>"$WORK/err"
expect_eq "closed stdin among files: 66" "$?" 66
expect_in "the other file is imported" out "training-week.csv: training, 6 rows"
cramplog import --db "$DB" --format json - <&- >"$WORK/out" 2>"$WORK/err"
expect_json "closed stdin: json" "$WORK/out"
expect_eq "closed stdin: json not imported" "$(json_get "$WORK/out" '$[0].imported')" 0
CASE

# --- Control characters never reach the terminal raw -------------------

# hostile: team, with the training week imported again under four hostile
# file names.
hostile() {
	fixture team team
	db_copy "$FIXTURE/other.db" "$WORK/other.db"
	local name
	for name in "$OSC" "$CLS" "$C1" "$RLO"; do
		cp "$T" "$name"
	done
	run "hostile file names imported" 0 import --db "$WORK/other.db" "$OSC" "$CLS" "$C1" "$RLO"
	expect_printable "import summary escaped" "$WORK/out"
	expect_in "OSC shown escaped" out 'title\x1b]0;owned\x07: training, 6 rows'
	expect_in "CSI shown escaped" out 'cls\x1b[2J: training'
	expect_in "C1 shown escaped" out 'c1\u009b31m: training'
	expect_in "RLO shown escaped" out 'rlo\u202etxt.csv: training'
}

test_case 'hostile file names: imported, and status lists them escaped' <<'CASE'
other_db hostile
run "status lists stored names escaped" 0 status --db "$DB"
expect_printable "status escaped" "$WORK/out"
expect_in "status: OSC escaped" out 'title\x1b]0;owned\x07: 6 rows'
expect_in "status: RLO escaped" out 'rlo\u202etxt.csv: 6 rows'
run "status json keeps the names" 0 status --db "$DB" --format json
expect_json "status json" "$WORK/out"
expect_printable "status json escaped" "$WORK/out"
expect_in "status json: RLO as \\u202e" out 'rlo\u202etxt.csv'
CASE

test_case 'diagnostics and missing files name the file escaped' <<'CASE'
other_db hostile
printf 'date,athlete,session,duration_min\n2026-09-01,Ana,run,oops\n' >"$CLS.bad"
run "diagnostics name the file escaped" 65 import --db "$DB" "$CLS.bad"
expect_printable "diagnostic escaped" "$WORK/err"
expect_in "diagnostic place" err 'cls\x1b[2J.bad:2:4: duration_min'
run "missing hostile file" 66 import --db "$DB" "$WORK/no$OSC"
expect_printable "cannot open: escaped" "$WORK/err"
expect_in "cannot open: named" err 'notitle\x1b]0;owned\x07: cannot open'
CASE

test_case 'an unknown athlete, option, command or bad value: escaped' <<'CASE'
other_db hostile
for cmd in exposures analyze report; do
	run "$cmd --athlete ESC" 66 "$cmd" --db "$DB" --athlete "$OSC"
	expect_printable "$cmd: unknown athlete escaped" "$WORK/err"
	expect_in "$cmd: unknown athlete named" err "no athlete called 'title\\x1b]0;owned\\x07'"
done
run "bad --from escaped" 64 analyze --db "$DB" --from "$CLS"
expect_printable "usage error escaped" "$WORK/err"
expect_in "usage error value" err "--from must be a date YYYY-MM-DD, not 'cls\\x1b[2J'"
run "unknown option escaped" 64 status "--$C1"
expect_printable "unknown option escaped" "$WORK/err"
run "unknown command escaped" 64 "$RLO"
expect_printable "unknown command escaped" "$WORK/err"
expect_in "unknown command named" err "'rlo\\u202etxt.csv' is not a command"
CASE

test_case 'configuration lines and file names escaped' <<'CASE'
other_db hostile
printf '[thresholds]\n%s = 1\n[analysis]\nwindow = %s\n' "$OSC" "$C1" >hostile.conf
run "configuration lines escaped" 64 analyze --db "$DB" --config hostile.conf
expect_printable "configuration errors escaped" "$WORK/err"
expect_in "configuration line and value" err 'hostile.conf:4: window must be 1 to 28 days, not '"'"'c1\u009b31m'"'"
run "configuration file name escaped" 66 analyze --db "$DB" --config "$WORK/none$CLS"
expect_printable "configuration file name" "$WORK/err"
CASE

# Names with C1 controls or bidirectional overrides are refused, as other
# control characters are.
test_case 'names with C1 controls or bidi overrides refused' <<'CASE'
other_db hostile
for bad in $'Ana\xc2\x85' $'Ana\xe2\x80\xae' $'Ana\xe2\x81\xa7x'; do
	printf 'date,athlete,session,duration_min\n2026-09-01,%s,run,30\n' "$bad" >bad-name.csv
	run "name with a control refused" 65 import --db "$DB" bad-name.csv
	expect_in "refused: why" err "bad-name.csv:2:2: athlete: a control character"
	expect_printable "refused: escaped" "$WORK/err"
done
expect_eq "no such athlete stored" "$(sql_db "$DB" "SELECT count(*) FROM athletes WHERE name LIKE 'Ana%'")" 0
run "--athlete with a bidi override" 64 import --db "$DB" --athlete $'Eve\xe2\x80\xaeX' "$T"
expect_in "--athlete: why" err "--athlete: a control character in the name"
run "--athlete not UTF-8" 64 import --db "$DB" --athlete $'Eve\xff' "$T"
expect_in "--athlete: not UTF-8" err "--athlete: the name is not UTF-8"
CASE

# Invisible characters would make a second "Zoe" (U+200B, U+FEFF, U+034F),
# or a line of two (U+2028, U+2029), and noncharacters are no text: refused
# as control characters are. U+200C and U+200D (Persian, Indic names,
# emoji) are letters' joiners: kept.
test_case 'invisible characters and noncharacters in names refused' <<'CASE'
other_db hostile
before=$(sql_db "$DB" "SELECT count(*) FROM athletes")
for bad in $'Zo\xe2\x80\x8be' $'\xef\xbb\xbfZoe' $'Zo\xcd\x8fe' $'Zoe\xe2\x80\xa8x' $'Zoe\xef\xbf\xbe' $'Zoe\xf0\x9f\xbf\xbf' $'Zoe\xef\xb7\x90'; do
	printf 'date,athlete,session,duration_min\n2026-09-01,%s,run,30\n' "$bad" >bad-name.csv
	run "an invisible character or noncharacter in a name" 65 import --db "$DB" bad-name.csv
	expect_in "invisible: why" err "bad-name.csv:2:2: athlete: a control character"
	expect_printable "invisible: escaped" "$WORK/err"
	run "--athlete with an invisible character or noncharacter" 64 import --db "$DB" --athlete "$bad" "$DATA/apps/strava-activities.csv"
	expect_in "--athlete invisible: why" err "--athlete: a control character in the name"
done
expect_eq "no invisible athlete stored" "$(sql_db "$DB" "SELECT count(*) FROM athletes")" "$before"
CASE

test_case 'a zero-width non-joiner in a name is kept' <<'CASE'
printf 'date,athlete,session,duration_min\n2026-09-01,%s,run,30\n' $'Mehr\xe2\x80\x8cnaz' >zwnj-name.csv
run "a zero-width non-joiner in a name is kept" 0 import --db zwnj.db zwnj-name.csv
expect_eq "zero-width non-joiner: stored as written" "$(sql_db zwnj.db "SELECT count(*) FROM athletes WHERE name = '"$'Mehr\xe2\x80\x8cnaz'"'")" 1
CASE

# A blank --athlete names nobody, as a blank name in a log does.
test_case '--athlete of spaces refused' <<'CASE'
other_db hostile
before=$(sql_db "$DB" "SELECT count(*) FROM athletes")
run "--athlete of spaces" 64 import --db "$DB" --athlete "   " "$DATA/apps/strava-activities.csv"
expect_in "--athlete of spaces: why" err "--athlete: a name of spaces alone"
expect_eq "--athlete of spaces: no athlete stored" "$(sql_db "$DB" "SELECT count(*) FROM athletes")" "$before"
CASE

# Names stored by an earlier version, before C1 and bidi were refused:
# every listing and report format shows them escaped.
test_case 'names stored by an earlier version: escaped in every listing and report' <<'CASE'
other_db hostile
db_copy "$DB" names.db
sql_db names.db "UPDATE athletes SET name = '"$'Ana\e]0;x\a'"' WHERE id = (SELECT min(id) FROM athletes);
	UPDATE athletes SET name = '"$'Bo\xe2\x80\xaex\xc2\x9b'"' WHERE id = (SELECT max(id) FROM athletes);
	UPDATE athletes SET name = '"$'Cy\xe2\x80\xa8z\xe2\x80\x8b\xef\xbb\xbf\xf0\x9f\xbf\xbe'"' WHERE id = (SELECT min(id) + 1 FROM athletes)"
run "athletes: stored names escaped" 0 athletes --db names.db
expect_printable "athletes text" "$WORK/out"
expect_in "athletes: ESC name" out 'Ana\x1b]0;x\x07 '
expect_in "athletes: bidi and C1 name" out 'Bo\u202ex\u009b '
expect_in "athletes: line separator, invisible and noncharacter name" out 'Cy\u2028z\u200b\ufeff\U0001fffe '
run "athletes json" 0 athletes --db names.db --format json
expect_json "athletes json" "$WORK/out"
expect_in "athletes json: escaped" out '"Bo\u202ex\u009b"'
expect_in "athletes json: a noncharacter past U+FFFF as a surrogate pair" out '"Cy\u2028z\u200b\ufeff\ud83f\udffe"'
for format in text markdown html json; do
	run "report $format: stored names" 0 report --db names.db --format "$format" --color always --no-charts
	if [ "$format" = json ]; then
		expect_json "report json" "$WORK/out"
	else
		# Only the colours of the levels may be escape sequences.
		sed 's/\x1b\[[0-9;]*m//g' "$WORK/out" >"$WORK/report.$format"
		expect_printable "report $format: names escaped" "$WORK/report.$format"
	fi
	if [ "$format" = markdown ]; then
		expect_in "report markdown: bidi name, backslash escaped" out 'Bo\\u202ex\\u009b'
	else
		expect_in "report $format: bidi name shown" out 'Bo\u202ex\u009b'
	fi
done
CASE

# --- JSON is valid UTF-8 whatever the file names -----------------------

test_case 'JSON is valid UTF-8 whatever the file names' <<'CASE'
other_db hostile
cp "$T" "$NOTUTF"
cp "$T" "$RLO"
printf 'date,athlete,session,duration_min\n2026-09-01,Ana,run,oops\n' >"$CLS.bad"
run "import json: a name not UTF-8" 0 import --db "$DB" --format json "$NOTUTF" "$RLO"
expect_json "import json valid" "$WORK/out"
expect_eq "the bytes become U+FFFD" "$(json_get "$WORK/out" '$[0].file')" $'latin1-\xef\xbf\xbdt\xef\xbf\xbd.csv'
expect_in "U+FFFD written as \\ufffd" out '"latin1-\ufffdt\ufffd.csv"'
expect_eq "a bidi override kept, escaped" "$(json_get "$WORK/out" '$[1].file')" "$RLO"
run "import json: errors of a file not UTF-8" 66 import --db "$DB" --format json "$CLS.bad" "$WORK/x$NOTUTF"
expect_json "import json with errors valid" "$WORK/out"
run "status json: a stored name not UTF-8" 0 status --db "$DB" --format json
expect_json "status json valid" "$WORK/out"
expect_eq "status json: U+FFFD" "$(json_get "$WORK/out" '$.imports[1].file')" $'latin1-\xef\xbf\xbdt\xef\xbf\xbd.csv'
# (on PostgreSQL the name was recorded so: U+FFFD itself, not escaped)
[ "$BACKEND" = pg ] || expect_in "status json: written as \\ufffd" out '"latin1-\ufffdt\ufffd.csv"'
run "status text: the bytes as \\x" 0 status --db "$DB"
expect_printable "status text" "$WORK/out"
if [ "$BACKEND" = pg ]; then
	# PostgreSQL's text is UTF-8: the name was recorded as JSON shows it.
	expect_in "status text: U+FFFD shown" out $'latin1-\xef\xbf\xbdt\xef\xbf\xbd.csv: 6 rows'
else
	expect_in "status text: bytes shown" out 'latin1-\xe9t\xe9.csv: 6 rows'
fi
CASE

# --- exit statuses say what happened ------------------------------------

# The summary cannot be written after the rows are committed: 74, which
# the help calls a write error too, and the rows are in.
test_case 'import with standard output closed: 74, the rows in' <<'CASE'
cramplog import --db closed.db "$T" >&- 2>err
expect_eq "import with stdout closed: 74" "$?" 74
expect_eq "import with stdout closed: the rows are in" "$(sql_db closed.db 'SELECT count(*) FROM training')" 6
run "import --help" 0 import --help
expect_in "import --help: 74 is a read or write error" out "74 a read or write error (the rows may be in: see"
CASE

# A file that cannot be replaced says why, not "No such file": /proc makes
# no new file (ENOENT from the kernel, whose directory is there).
test_case 'report --out /proc/version: 73 and why' <<'CASE'
cramplog import --db closed.db "$T" >/dev/null 2>&1
run "report --out /proc/version" 73 report --db closed.db --out /proc/version
expect_not_in "report --out /proc: no 'No such file'" err "No such file or directory"
if [ "$(id -u)" -eq 0 ]; then
	expect_in "report --out /proc: why" err "/proc/version: no new file can be made in /proc (its file system makes none)"
else
	expect_in "report --out /proc: why" err "/proc/version: Permission denied"
fi
CASE

finish
