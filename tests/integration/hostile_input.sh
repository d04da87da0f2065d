# Hostile or careless input (issue 12): files built to exhaust memory are
# refused at once, in bounded memory; a NUL byte anywhere in a log or a
# configuration file is an error at its line and column; --kind does not
# force a header that says otherwise; an unknown TZ is no silent UTC.
# Nothing of a refused file is written.
. "$(dirname "$0")/lib.bash"

snapshot() { sql "SELECT (SELECT count(*) FROM training), (SELECT count(*) FROM hydration), (SELECT count(*) FROM diet), (SELECT count(*) FROM athletes), (SELECT count(*) FROM imports)"; }

# peak_kib ARGS...: the peak RSS of cramplog ARGS, in KiB (never through
# valgrind, whose own memory it would measure).
peak_kib() {
	with_db_uris /usr/bin/time -f %M -o "$WORK/peak" "$CRAMPLOG_BIN" "$@" >/dev/null 2>&1
	tail -n 1 "$WORK/peak"
}

# Peak RSS says something of cramplog's own memory, not under valgrind or
# AddressSanitizer (whose quarantine keeps up to 256 MB of freed memory).
measuring_rss() { ! under_valgrind && ! grep -q __asan_init "$CRAMPLOG_BIN"; }

# expect_peak_below NAME LIMIT-KIB ARGS...: the import's peak RSS stays
# under LIMIT-KIB more than a small import's.
expect_peak_below() {
	local name=$1 limit=$2
	shift 2
	measuring_rss || return
	local got
	got=$(peak_kib "$@")
	if [ "$got" -lt $((base_kib + limit)) ]; then
		pass
	else
		fail "$name: peak RSS $got KiB, a small import takes $base_kib KiB (cramplog $*)"
	fi
}

# good: a database holding the training week.
good() { run "good file first" 0 import "$DATA/training-week.csv"; }
# good_db: this case's database a copy of good's; before its snapshot, and
# base_kib the peak RSS of a small import when it is measured.
good_db() {
	fixture good good
	fixture_db
	before=$(snapshot)
	if measuring_rss; then
		base_kib=$(peak_kib import --dry-run "$DATA/hydration-week.csv")
	fi
}
# measured: peak RSS is measured here, or else the case skips.
measured() {
	measuring_rss && return 0
	skip "peak RSS is not measured under valgrind or AddressSanitizer"
	return 1
}
mb=$(head -c 1000000 /dev/zero | tr '\0' x)
long_values() { for i in $(seq "$1"); do printf ',%s%s' "$2" "$mb"; done; }

# --- bounded memory: a header of millions of columns ---------------------
test_case 'a header of 5 MB of commas: refused at the first column too many, in bounded memory' <<'CASE'
good_db
head -c 5000000 /dev/zero | tr '\0' ',' > commas.csv
run "5 MB of commas" 65 import commas.csv
expect_in "commas: refused at the first column too many" err "commas.csv:1:1025: a header of more than 1024 columns"
expect_peak_below "commas: memory" 16384 import commas.csv
CASE

# --- bounded memory: a row of millions of empty fields -------------------
test_case 'a row of 3 million fields: refused at the first field too many, in bounded memory' <<'CASE'
good_db
{
	printf 'date,start_time,athlete,duration_min\n2026-05-01,08:00,Ana,60'
	head -c 3000000 /dev/zero | tr '\0' ','
	printf '\n'
} > wide-row.csv
run "a row of 3 million fields" 65 import wide-row.csv
expect_in "wide row: refused at the first field too many" err "wide-row.csv:2:1025: a row of more than 1024 fields"
expect_peak_below "wide row: memory" 16384 import wide-row.csv
CASE

test_case 'a value past the header refused; empty fields past it accepted' <<'CASE'
good_db
printf 'date,start_time,athlete,duration_min\n2026-05-01,08:00,Ana,60,,\n2026-05-02,08:00,Ana,60,,45\n' > extra-value.csv
run "a value past the header" 65 import extra-value.csv
expect_in "extra value: its place" err "extra-value.csv:3:6: a value beyond the header's 4 columns"
run "empty fields past the header are what spreadsheets leave" 0 import --dry-run --skip-invalid extra-value.csv
expect_in "trailing empty fields: the row counts" out "2 rows: 1 added, 0 updated, 0 unchanged, 1 rejected"
expect_eq "nothing of them written" "$(snapshot)" "$before"
CASE

# --- bounded memory: a row or a header of long ignored values -----------
# Columns no importer reads are kept while the row is read: 80 of them of
# 1 MB each took 83 MB and were accepted. A row, or a header, past 4 MiB
# is refused at the field that crosses it.
test_case 'a row of 80 MB of ignored values: refused where it crosses 4 MiB, in bounded memory' <<'CASE'
good_db
{
	printf 'date,start_time,athlete,duration_min'
	for i in $(seq 80); do printf ',extra%d' "$i"; done
	printf '\n2026-05-01,08:00,Ana,60'
	long_values 80 ""
	printf '\n'
} > long-row.csv
run "a row of 80 MB of ignored values" 65 import long-row.csv
expect_in "long row: refused at the field that crosses 4 MiB" err "long-row.csv:2:9: a row longer than 4 MiB"
expect_peak_below "long row: memory" 16384 import long-row.csv
CASE

test_case 'a header of 80 MB of column names: refused where it crosses 4 MiB, nothing written' <<'CASE'
good_db
{
	printf 'date,start_time,athlete,duration_min'
	long_values 80 "extra"
	printf '\n2026-05-01,08:00,Ana,60\n'
} > long-header.csv
run "a header of 80 MB of column names" 65 import long-header.csv
expect_in "long header: refused at the field that crosses 4 MiB" err "long-header.csv:1:9: a header longer than 4 MiB: is this a log?"
expect_peak_below "long header: memory" 16384 import long-header.csv
expect_eq "nothing of them written" "$(snapshot)" "$before"
CASE

# --- bounded memory: a file of many athletes -----------------------------
# 200,000 athletes, a thousand a day in date order: the file's numbering
# of them held every name twice (97 MB at peak; 324 MB for a million), and
# now holds 16,384 in memory, the rest on disk, as does the store's cache of
# athletes' ids (62 MB at peak while that cache held every one).
test_case 'a file of 200,000 athletes: bounded memory, all stored' <<'CASE'
measured || return
good_db
awk 'BEGIN {
	print "date,time,athlete,fluid_ml,urine_color"
	for (i = 0; i < 200000; i++)
		printf "2025-%02d-%02d,08:00,Athlete %06d,250,3\n", 1 + int(i / 28000), 1 + int(i / 1000) % 28, i
}' > athletes.csv
expect_peak_below "many athletes: memory" 40000 import --quiet --db athletes.db athletes.csv
expect_eq "many athletes: all stored" "$(sql_db athletes.db "SELECT count(*), count(DISTINCT athlete_id) FROM hydration")" "200000|200000"
CASE

# 300,000 rows of one day: the keys of a day were never dropped, and the
# counter doubled its room without end (65 MB at peak; a million rows:
# 98 MB); past 32,768 keys of a day they go to disk.
test_case 'one day of 300,000 rows: bounded memory, each its own key' <<'CASE'
measured || return
good_db
awk 'BEGIN {
	print "date,time,athlete,fluid_ml,urine_color"
	for (i = 0; i < 300000; i++)
		printf "2025-06-01,08:00,Athlete %07d,250,3\n", i
}' > oneday.csv
expect_peak_below "one day of many rows: memory" 40000 import --quiet --db oneday.db oneday.csv
expect_eq "one day: all stored, each its own key" "$(sql_db oneday.db "SELECT count(*), count(DISTINCT athlete_id), max(seq) FROM hydration")" "300000|300000|0"
CASE

# --- a NUL byte in a log -------------------------------------------------
test_case 'a NUL byte in a value or in the header: its line and column, nothing written' <<'CASE'
good_db
printf 'date,start_time,athlete,duration_min,notes\n2026-05-01,08:00,Ana,60,ab\0c\n' > nul-value.csv
run "NUL in a value" 65 import nul-value.csv
expect_in "NUL value: line and column" err "nul-value.csv:2:5: a NUL byte (at offset 2 of the field)"
printf 'date,start_time,athlete,duration_min\0xyz\n2026-05-01,08:00,Ana,60\n' > nul-header.csv
run "NUL in the header" 65 import nul-header.csv
expect_in "NUL header: line and column" err "nul-header.csv:1:4: a NUL byte (at offset 12 of the field)"
expect_eq "nothing of them written" "$(snapshot)" "$before"
CASE

# --- a NUL byte in the configuration file --------------------------------
test_case 'a NUL byte in the configuration file: its line and column' <<'CASE'
good_db
run "hydration for analyze" 0 import "$DATA/hydration-week.csv"
printf '[thresholds]\nlow_sodium_mg = 20\0 00\n' > config
run "NUL in the configuration" 64 analyze --config config
expect_in "NUL config: line and column" err "config:2:19: a NUL byte"
CASE

# --- a --kind the header contradicts -------------------------------------
test_case '--kind that the header contradicts: refused, nothing written' <<'CASE'
good_db
run "--kind diet on a training log" 65 import --kind diet "$DATA/training-week.csv"
expect_in "kind: the file and what its header looks like" err "training-week.csv:1: --kind diet does not fit this header, which looks like a training log (start_time, session, duration_min)"
expect_eq "kind: nothing written" "$(snapshot)" "$before"
run "--kind over a header of shared columns" 0 import --kind diet --dry-run "$DATA/bad/ambiguous.csv"
CASE

# --- an unknown TZ for an app's UTC times --------------------------------
test_case 'an unknown TZ for the UTC times of an app export: refused, nothing written' <<'CASE'
good_db
before=$(snapshot)
TZ=Nowhere/Land run "Strava under an unknown TZ" 65 import --athlete Ana "$DATA/apps/strava-activities.csv"
expect_in "TZ: the column and the zone" err "strava-activities.csv:1:2: Activity Date: a Strava activities.csv gives UTC times, to be put in the TZ time zone, but TZ 'Nowhere/Land' is no zone this system knows"
expect_eq "TZ: nothing written" "$(snapshot)" "$before"
TZ=UTC0 run "a POSIX TZ string is a zone" 0 import --dry-run --athlete Ana "$DATA/apps/strava-activities.csv"
TZ=Nowhere/Land run "TZ matters only to UTC times" 0 import --dry-run "$DATA/hydration-week.csv"
CASE

finish
