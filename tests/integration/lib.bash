# Shared by the integration tests (lib.bash, not *.sh: ctest runs those): each test script is run by ctest as
#   bash SCRIPT PATH-TO-CRAMPLOG TESTS-DATA-DIR
# It sources this file, runs its checks (run, expect_in, expect_eq, ...) in
# named cases, and ends with `finish`.
#
# A case is a named block of checks with its own set-up, as git's
# test_expect_success 'name' '...':
#   test_case 'text: the latest ISO week by default' <<'CASE'
#   sample
#   run "text" 0 report
#   expect_in "latest week" out "week 2026-W44"
#   CASE
# or `test_case NAME FUNCTION`. Each case runs in a subshell, in a fresh
# directory that is its $WORK, with $CRAMPLOG_DB there and not yet made:
# nothing a case sets or writes reaches the next one. What several cases
# need is made once per script by a named set-up, `fixture NAME FUNCTION`
# (sample above calls it), in a directory of its own, $FIXTURE, that cases
# copy (fixture_db, fixture_copy) or read, never change. A case whose set-up
# failed stops there; so does a case that exits early, and it fails; a case
# that checks nothing fails unless it says why (skip WHY).
# A failed check prints "FAIL: CASE: CHECK: what was wrong" on stderr; each
# case ends with "ok N - CASE" or "not ok N - CASE", and `finish` lists the
# failed cases, counts the cases, and ends with the checks' count,
# "N passed, M failed" (CI reads that line). CRAMPLOG_CASE=GLOB runs only
# the cases whose name matches, with the set-ups they call:
#   CRAMPLOG_CASE='colour*' bash tests/integration/report.sh \
#       build/test/cramplog tests/data
# With CRAMPLOG_VALGRIND set (to valgrind's path), every run of cramplog goes
# through valgrind, and a leak or memory error fails the test.
#
# With CRAMPLOG_TEST_BACKEND=pg, the same script runs on PostgreSQL: lib.bash
# starts a throwaway cluster for the script (pg.bash), and every SQLite path
# a case gives cramplog (--db PATH, $CRAMPLOG_DB) stands for a PostgreSQL
# database of that cluster, made empty the first time the case names it
# (db_uri PATH prints its URI); fixture_db and fixture_copy copy the
# fixture's databases (CREATE DATABASE ... TEMPLATE). `sql` and `sql_db` run
# a query on either backend, so the same assertions hold on both; a case
# about SQLite's files themselves (modes, journals, a foreign or corrupt
# file) says so with `sqlite_only WHY || return 0`, which skips it on
# PostgreSQL. Without a PostgreSQL server the script exits 77 (ctest's skip),
# or fails when CRAMPLOG_REQUIRE_PG is set.
set -u

# The program and the data as absolute paths: the tests run elsewhere.
case $1 in /*) CRAMPLOG_BIN=$1 ;; *) CRAMPLOG_BIN=$PWD/$1 ;; esac
case $2 in /*) DATA=$2 ;; *) DATA=$PWD/$2 ;; esac
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-test.XXXXXX")
TEST_ROOT=$WORK
trap 'rm -rf "$TEST_ROOT"' EXIT
cd "$WORK" || exit 1
export CRAMPLOG_DB="$WORK/test.db"
unset XDG_DATA_HOME NO_COLOR
passed=0
failed=0
case_name=
BACKEND=${CRAMPLOG_TEST_BACKEND:-sqlite}
case $BACKEND in
sqlite) ;;
pg)
	. "$LIB_DIR/pg.bash"
	pg_start
	if [ -n "$PG_SKIP" ]; then
		if [ -n "${CRAMPLOG_REQUIRE_PG:-}" ]; then
			echo "CRAMPLOG_REQUIRE_PG is set: $PG_SKIP" >&2
			echo "0 passed, 1 failed"
			exit 1
		fi
		echo "SKIP: every case: $PG_SKIP"
		exit 77
	fi
	PG_MAP=$TEST_ROOT/pg-databases
	: >"$PG_MAP"
	# The functions of SQLite the tests' queries use (group_concat,
	# ifnull, printf of %.Nf, round of a real) and its text of a real
	# (148.0) in ||, in schema public of every database made (template1):
	# tests only, never cramplog's schema.
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "postgresql:///template1?host=$PG_SOCKET&user=cramplog" >/dev/null <<'SQL' || exit 1
CREATE FUNCTION public.ifnull(anycompatible, anycompatible) RETURNS anycompatible
	LANGUAGE sql IMMUTABLE AS 'SELECT coalesce($1, $2)';
CREATE FUNCTION public.sqlite_text(v anyelement) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN pg_typeof(v) IN ('double precision'::regtype, 'real'::regtype)
		AND v::text ~ '^-?[0-9]+$' THEN v::text || '.0' ELSE v::text END $$;
CREATE FUNCTION public.ifnull(double precision, text) RETURNS text
	LANGUAGE sql IMMUTABLE AS 'SELECT coalesce(public.sqlite_text($1), $2)';
CREATE FUNCTION public.round(double precision, integer) RETURNS double precision
	LANGUAGE sql IMMUTABLE AS 'SELECT round($1::numeric, $2)::double precision';
CREATE FUNCTION public.concat_text_real(text, double precision) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 || public.sqlite_text($2)';
CREATE FUNCTION public.concat_real_text(double precision, text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT AS 'SELECT public.sqlite_text($1) || $2';
CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = double precision,
	FUNCTION = public.concat_text_real);
CREATE OPERATOR public.|| (LEFTARG = double precision, RIGHTARG = text,
	FUNCTION = public.concat_real_text);
CREATE FUNCTION public.sqlite_bool(boolean) RETURNS text LANGUAGE sql IMMUTABLE STRICT
	AS 'SELECT CASE WHEN $1 THEN ''1'' ELSE ''0'' END';
CREATE FUNCTION public.concat_text_bool(text, boolean) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT AS 'SELECT $1 || public.sqlite_bool($2)';
CREATE FUNCTION public.concat_bool_text(boolean, text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT AS 'SELECT public.sqlite_bool($1) || $2';
CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = boolean,
	FUNCTION = public.concat_text_bool);
CREATE OPERATOR public.|| (LEFTARG = boolean, RIGHTARG = text,
	FUNCTION = public.concat_bool_text);
SQL
	# A whole number stays one (not 3.0 by the real's operator above).
	for t in bigint integer smallint; do
		"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "postgresql:///template1?host=$PG_SOCKET&user=cramplog" >/dev/null <<SQL || exit 1
CREATE FUNCTION public.concat_text_$t(text, $t) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT AS 'SELECT \$1 || \$2::text';
CREATE FUNCTION public.concat_${t}_text($t, text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT AS 'SELECT \$1::text || \$2';
CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = $t, FUNCTION = public.concat_text_$t);
CREATE OPERATOR public.|| (LEFTARG = $t, RIGHTARG = text, FUNCTION = public.concat_${t}_text);
CREATE FUNCTION public.ifnull($t, text) RETURNS text
	LANGUAGE sql IMMUTABLE AS 'SELECT coalesce(\$1::text, \$2)';
SQL
	done
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "postgresql:///template1?host=$PG_SOCKET&user=cramplog" >/dev/null <<'SQL' || exit 1
CREATE FUNCTION public.group_concat_step(acc text, v anyelement, sep text) RETURNS text
	LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN public.sqlite_text(v)
		ELSE acc || sep || public.sqlite_text(v) END $$;
CREATE FUNCTION public.group_concat_step(acc text, v anyelement) RETURNS text
	LANGUAGE sql IMMUTABLE AS 'SELECT public.group_concat_step(acc, v, '','')';
CREATE AGGREGATE public.group_concat(anyelement, text) (SFUNC = public.group_concat_step, STYPE = text);
CREATE AGGREGATE public.group_concat(anyelement) (SFUNC = public.group_concat_step, STYPE = text);
CREATE FUNCTION public.printf(fmt text, VARIADIC a double precision[]) RETURNS text
	LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	out text := '';
	m text[];
	i int := 1;
BEGIN
	LOOP
		m := regexp_match(fmt, '^(.*?)%\.([0-9]+)f(.*)$');
		EXIT WHEN m IS NULL;
		out := out || m[1] || round(coalesce(a[i], 0)::numeric, m[2]::int)::text;
		fmt := m[3];
		i := i + 1;
	END LOOP;
	RETURN out || fmt;
END $$;
SQL
	;;
*)
	echo "CRAMPLOG_TEST_BACKEND: sqlite or pg, not '$BACKEND'" >&2
	exit 1
	;;
esac
cases_run=0
failed_cases=()

# pg_name_for PATH: the name of the PostgreSQL database that stands for
# the SQLite path PATH (absolute), or nothing when there is none yet.
pg_name_for() {
	P=$1 awk -F '\t' '$1 == ENVIRON["P"] { print $2 }' "$PG_MAP"
}

# db_uri PATH: on PostgreSQL, the URI of the database that stands for
# PATH, made empty the first time (FROM: a copy of that database instead);
# a URI or an empty value unchanged. On SQLite, PATH.
db_uri() {
	local path=$1 name from=${2:-}
	if [ "$BACKEND" != pg ] || [ -z "$path" ]; then
		printf '%s\n' "$path"
		return
	fi
	case $path in
	postgres://* | postgresql://*)
		printf '%s\n' "$path"
		return
		;;
	/*) ;;
	*) path=$PWD/$path ;;
	esac
	name=$(pg_name_for "$path")
	if [ -z "$name" ]; then
		name="t$(date +%s%N)_$RANDOM"
		"$PG_BIN/createdb" -h "$PG_SOCKET" -U cramplog ${from:+-T "$from"} \
			"$name" >&2 || return 1
		printf '%s\t%s\n' "$path" "$name" >>"$PG_MAP"
	fi
	printf 'postgresql:///%s?host=%s&user=cramplog\n' "$name" "$PG_SOCKET"
}

# Runs cramplog, through valgrind when asked; on PostgreSQL, with the
# database paths of its options and $CRAMPLOG_DB as their databases' URIs.
cramplog() { with_db_uris cramplog_run "$@"; }

# cramplog_bin ARGS...: the same, never through valgrind (for set-ups and
# runs whose timing matters).
cramplog_bin() { with_db_uris "$CRAMPLOG_BIN" "$@"; }

# with_db_uris RUNNER ARGS...: RUNNER ARGS, on PostgreSQL with the database
# paths in ARGS (--db PATH, --db=PATH, before any --) and $CRAMPLOG_DB as
# URIs (db_uri).
with_db_uris() {
	local runner=$1
	shift
	if [ "$BACKEND" = pg ]; then
		local args=() arg dashdash=0 value=0 db=${CRAMPLOG_DB-} given=0
		for arg in "$@"; do
			if [ "$value" = 1 ]; then
				arg=$(db_uri "$arg")
				value=0
				given=1
			elif [ "$dashdash" = 0 ]; then
				case $arg in
				--) dashdash=1 ;;
				--db) value=1 ;;
				--db=?*)
					arg="--db=$(db_uri "${arg#--db=}")"
					given=1
					;;
				esac
			fi
			args+=("$arg")
		done
		[ "$given" = 1 ] || db=$(db_uri "$db")
		CRAMPLOG_DB=$db "$runner" "${args[@]}"
	else
		"$runner" "$@"
	fi
}

cramplog_run() {
	if [ -n "${CRAMPLOG_VALGRIND:-}" ]; then
		"$CRAMPLOG_VALGRIND" --quiet --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect,possible \
			"$CRAMPLOG_BIN" "$@"
	else
		"$CRAMPLOG_BIN" "$@"
	fi
}

under_valgrind() { [ -n "${CRAMPLOG_VALGRIND:-}" ]; }

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: ${case_name:+$case_name: }$*" >&2
}

# run NAME EXPECTED-EXIT ARGS...: runs cramplog, keeping stdout in $WORK/out
# and stderr in $WORK/err, and checks the exit status.
run() {
	local name=$1 want=$2
	shift 2
	cramplog "$@" >"$WORK/out" 2>"$WORK/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then
		pass
	else
		fail "$name: exit $got, expected $want (cramplog $*)"
		sed 's/^/  stdout: /' "$WORK/out" >&2
		sed 's/^/  stderr: /' "$WORK/err" >&2
	fi
}

# expect_in NAME FILE TEXT: FILE holds TEXT (a fixed string).
expect_in() {
	if grep -qF -- "$3" "$2"; then
		pass
	else
		fail "$1: '$3' not in $(basename "$2")"
		sed 's/^/  | /' "$2" >&2
	fi
}

expect_not_in() {
	if grep -qF -- "$3" "$2"; then
		fail "$1: '$3' should not be in $(basename "$2")"
		sed 's/^/  | /' "$2" >&2
	else
		pass
	fi
}

# expect_eq NAME GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1: got '$2', expected '$3'"
	fi
}

# teams_log IN OUT: native training log IN with a team column added, as
# OUT: athletes whose names begin with A to M are Lions, the others Tigers.
teams_log() {
	awk -F, 'BEGIN { OFS = "," }
		NR == 1 { print $0 ",team"; next }
		{ print $0 "," (substr($3, 1, 1) < "N" ? "Lions" : "Tigers") }' \
		"$1" > "$2"
}

# sql QUERY: runs a query on the test database, one row a line, fields
# split by '|', on either backend (write SQL that both read).
sql() { sql_db "$CRAMPLOG_DB" "$1"; }

# sql_db PATH QUERY: the same on the database PATH (see db_uri).
sql_db() {
	if [ "$BACKEND" = pg ]; then
		pg_sql "$(db_uri "$1")" "$2"
	else
		sqlite3 -batch -noheader "$1" "$2"
	fi
}

# pg_sql URI QUERY: the query's rows as sqlite3 prints them: a real that
# is a whole number as 148.0, a boolean as 1 or 0 (psql's \gdesc gives
# the columns' types).
pg_sql() {
	local types=
	case ${2,,} in
	select* | with*)
		types=$(printf '%s\n\\gdesc\n' "$2" |
			"$PG_BIN/psql" -X -q -A -t -F '|' -d "$1" \
				-c "SET search_path TO cramplog, public" -f - 2>/dev/null |
			cut -d '|' -f 2 | tr '\n' '|')
		;;
	esac
	"$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" \
		-c "SET search_path TO cramplog, public" -c "$2" |
		T=$types awk -F '|' -v OFS='|' '
			BEGIN { n = split(ENVIRON["T"], t, "|") }
			{
				for (i = 1; i <= NF && i < n; i++) {
					if (t[i] == "boolean" && $i != "")
						$i = $i == "t" ? 1 : 0
					else if ((t[i] == "double precision" || t[i] == "numeric" || t[i] == "real") && $i ~ /^-?[0-9.]+$/) {
						$i = sprintf("%.15g", $i)
						if ($i ~ /^-?[0-9]+$/)
							$i = $i ".0"
					}
				}
				print
			}'
}

# sqlite_only WHY: 0 on SQLite; on PostgreSQL skips the case, saying why
# it is about SQLite alone, and returns 1 (`sqlite_only WHY || return 0`).
sqlite_only() {
	[ "$BACKEND" = pg ] || return 0
	skip "about SQLite only: $*"
	return 1
}

# not_on_pg WHY: the same for a case that should run on PostgreSQL but
# cannot yet (WHY says what stops it).
not_on_pg() {
	[ "$BACKEND" = pg ] || return 0
	skip "not yet on PostgreSQL: $*"
	return 1
}

# schema_10_undone DB: takes migration 10 back on PostgreSQL (the
# policies on the rows' imports and on a new import's id as they were, and
# the functions it added); nothing on SQLite. The version is the caller's
# to set.
schema_10_undone() {
	case $1 in
	postgres*)
		local t undo=
		for t in training hydration diet; do
			undo="$undo ALTER POLICY team_add ON cramplog.$t WITH CHECK (cramplog.may_athlete(current_user, athlete_id, true));"
			undo="$undo ALTER POLICY team_change ON cramplog.$t WITH CHECK (cramplog.may_athlete(current_user, athlete_id, true));"
		done
		"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$1" -c "$undo ALTER POLICY own_add ON cramplog.imports WITH CHECK (imported_by = current_user); DROP FUNCTION cramplog.own_imports(name), cramplog.set_privileges(text), cramplog.fold(text); DROP TABLE cramplog.athletes_added" ;;
	esac
}

# schema_9_undone DB: takes migrations 10 and 9 back (the imports'
# imported_by and, on PostgreSQL, their row-level security and
# next_import_id, and the read policies as they were), for the cases that
# make an older schema by hand from a new database.
schema_9_undone() {
	schema_10_undone "$1"
	case $1 in
	postgres*)
		local t undo=
		for t in training hydration diet app_units kept_days kept_sessions kept_pending; do
			undo="$undo ALTER POLICY team_read ON cramplog.$t USING (cramplog.may_athlete(current_user, athlete_id, false));"
		done
		"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$1" -c "$undo ALTER TABLE cramplog.imports DROP COLUMN imported_by CASCADE; ALTER TABLE cramplog.imports DISABLE ROW LEVEL SECURITY; DROP FUNCTION cramplog.next_import_id()" ;;
	*) sqlite3 "$1" "ALTER TABLE imports DROP COLUMN imported_by" ;;
	esac
}

# four_athletes_a_day: a native training log, on standard output, of
# athletes A to D training once a day for 8 weeks from 2026-01-05, their
# tightness and sweat loss varied; a session cramped when the caller's
# function `cramped DAY ATHLETE` (0 to 55, 0 to 3) succeeds.
four_athletes_a_day() {
	local day a tight post cramp
	echo "date,start_time,athlete,session,duration_min,rpe,distance_km,pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,cramp_muscle,cramp_side,cramp_severity,notes"
	for day in $(seq 0 55); do
		for a in 0 1 2 3; do
			tight=$(( (day + a) % 3 ? 2 : 8 ))
			post=$(( (day * 3 + a) % 4 ? 695 : 680 ))
			cramp=no
			cramped "$day" "$a" && cramp=yes
			printf '%s,10:00,%s,run,60,5,,70,%s.%s,,15,%s,%s,,,,\n' \
				"$(date -u -d "2026-01-05 +$day days" +%F)" \
				"$(printf '%s' ABCD | cut -c$((a + 1)))" \
				"${post%?}" "${post#??}" "$tight" "$cramp"
		done
	done
}

# json_get FILE PATH: the value at a JSON path (SQLite's json_extract).
json_get() { sqlite3 -batch -noheader :memory: "SELECT json_extract(readfile('$1'), '$2')"; }

# case_body CODE: runs a case's code in a function, so that it may use
# local and return.
case_body() { eval "$1"; }

# test_case NAME [FUNCTION]: runs the case NAME, FUNCTION or else the code
# on standard input, in a subshell in a directory of its own (see above).
# A case that stops before its end (exit, an unset variable) fails.
test_case() {
	local name=$1 code= dir counts
	if [ $# -lt 2 ]; then
		IFS= read -r -d '' code
	fi
	# shellcheck disable=SC2053 # CRAMPLOG_CASE is a pattern
	if [ -n "${CRAMPLOG_CASE:-}" ] && [[ $name != $CRAMPLOG_CASE ]]; then
		return 0
	fi
	cases_run=$((cases_run + 1))
	dir="$TEST_ROOT/case-$cases_run"
	counts="$TEST_ROOT/case-$cases_run.counts"
	mkdir "$dir" || exit 1
	(
		WORK=$dir
		CRAMPLOG_DB="$dir/test.db"
		cd "$dir" || exit 1
		case_name=$name passed=0 failed=0 ended=0 skipped=0
		trap 'echo "$passed $failed $ended $skipped" >"$counts"' EXIT
		if [ $# -ge 2 ]; then
			"$2"
		else
			case_body "$code"
		fi
		ended=1
	)
	local status=$? p=0 f=0 ended=0 skipped=0
	[ -s "$counts" ] && read -r p f ended skipped <"$counts"
	if [ "$ended" != 1 ]; then
		f=$((f + 1))
		echo "FAIL: $name: the case stopped before its end (status $status)" >&2
	elif [ $((p + f)) -eq 0 ] && [ "$skipped" != 1 ]; then
		f=1
		echo "FAIL: $name: the case checked nothing" >&2
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -eq 0 ]; then
		[ "$skipped" = 1 ] && skipped=' # SKIP' || skipped=
		echo "ok $cases_run - $name$skipped"
	else
		echo "not ok $cases_run - $name"
		failed_cases+=("$name")
	fi
}

# skip WHY: says why the case skips its checks; a case that checks nothing
# fails unless it says why.
skip() {
	skipped=1
	echo "SKIP: $case_name: $*" >&2
}

# fixture NAME FUNCTION: the set-up NAME, made by FUNCTION once per script,
# by the first case that asks for it, in its own directory with its own
# database ($FIXTURE/test.db); FUNCTION may call other fixtures. Sets FIXTURE
# to that directory, which cases read or copy and never change. The
# set-up's checks count in the case that made it; when they fail, that case
# and every later one that calls the fixture stop there.
fixture() {
	local name=$1 made_by=$2 dir="$TEST_ROOT/fixture-$1"
	local work=$WORK db=$CRAMPLOG_DB outer_case=$case_name before=$failed
	if [ -e "$dir.failed" ]; then
		fail "set-up $name failed in an earlier case"
		ended=1
		exit 1
	fi
	if [ ! -e "$dir.made" ]; then
		mkdir -p "$dir" || exit 1
		WORK=$dir CRAMPLOG_DB="$dir/test.db" case_name="$case_name (set-up $name)"
		cd "$dir" || exit 1
		"$made_by"
		cd "$work" || exit 1
		WORK=$work CRAMPLOG_DB=$db case_name=$outer_case
		if [ "$failed" -ne "$before" ]; then
			: >"$dir.failed"
			ended=1
			exit 1
		fi
		: >"$dir.made"
	fi
	FIXTURE=$dir
}

# fixture_db [FILE...]: this case's database ($CRAMPLOG_DB) a copy of the
# fixture's, and the fixture's FILEs copied here too.
fixture_db() {
	local files=("$FIXTURE/test.db") f
	if [ "$BACKEND" = pg ]; then
		pg_copy_db "$FIXTURE/test.db" "$WORK/test.db"
		files=()
	fi
	[ -e "$FIXTURE/test.db-wal" ] && files+=("$FIXTURE/test.db-wal")
	for f in "$@"; do
		files+=("$FIXTURE/$f")
	done
	[ ${#files[@]} -eq 0 ] || cp -p "${files[@]}" "$WORK"/ || exit 1
}

# fixture_copy: every file of the fixture copied into this case's directory
# (on PostgreSQL, its databases too).
fixture_copy() {
	local path
	cp -a "$FIXTURE"/. "$WORK"/ || exit 1
	if [ "$BACKEND" = pg ]; then
		D=$FIXTURE/ awk -F '\t' 'index($1, ENVIRON["D"]) == 1 { print $1 }' "$PG_MAP" |
			while IFS= read -r path; do
				pg_copy_db "$path" "$WORK/${path#"$FIXTURE/"}"
			done
	fi
}

# db_copy FROM TO: the database FROM copied to the path TO (on SQLite with
# its log, on PostgreSQL as a new database).
db_copy() {
	if [ "$BACKEND" = pg ]; then
		pg_copy_db "$1" "$2"
	else
		cp -p "$1" "$2" || exit 1
		[ ! -e "$1-wal" ] || cp -p "$1-wal" "$2-wal" || exit 1
	fi
}

# db_exists PATH: whether cramplog made a database at PATH (on PostgreSQL,
# whether the database that stands for it has cramplog's schema).
db_exists() {
	[ -e "$1" ] && return 0
	if [ "$BACKEND" = pg ]; then
		[ -n "$(pg_name_for "$(cd "$(dirname "$1")" 2>/dev/null && pwd)/$(basename "$1")")" ] &&
			[ "$(sql_db "$1" "SELECT count(*) FROM pg_namespace WHERE nspname = 'cramplog'")" = 1 ]
	else
		return 1
	fi
}

# pg_copy_db FROM TO: the database of the path TO a copy of FROM's.
pg_copy_db() {
	local from
	from=$(pg_name_for "$1")
	if [ -z "$from" ]; then
		fail "no PostgreSQL database for $1"
		exit 1
	fi
	db_uri "$2" "$from" >/dev/null || exit 1
}

finish() {
	if [ -n "${CRAMPLOG_CASE:-}" ] && [ "$cases_run" -eq 0 ]; then
		fail "no case matches CRAMPLOG_CASE='$CRAMPLOG_CASE'"
	fi
	if [ "$cases_run" -gt 0 ]; then
		local c
		for c in "${failed_cases[@]}"; do
			echo "failed case: $c"
		done
		echo "cases: $((cases_run - ${#failed_cases[@]})) passed, ${#failed_cases[@]} failed"
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
