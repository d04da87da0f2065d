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
set -u

# The program and the data as absolute paths: the tests run elsewhere.
case $1 in /*) CRAMPLOG_BIN=$1 ;; *) CRAMPLOG_BIN=$PWD/$1 ;; esac
case $2 in /*) DATA=$2 ;; *) DATA=$PWD/$2 ;; esac
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-test.XXXXXX")
TEST_ROOT=$WORK
trap 'rm -rf "$TEST_ROOT"' EXIT
cd "$WORK" || exit 1
export CRAMPLOG_DB="$WORK/test.db"
unset XDG_DATA_HOME NO_COLOR
passed=0
failed=0
case_name=
cases_run=0
failed_cases=()

# Runs cramplog, through valgrind when asked.
cramplog() {
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

# sql QUERY: runs a query on the test database, one value per line.
sql() { sqlite3 -batch -noheader "$CRAMPLOG_DB" "$1"; }

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
	[ -e "$FIXTURE/test.db-wal" ] && files+=("$FIXTURE/test.db-wal")
	for f in "$@"; do
		files+=("$FIXTURE/$f")
	done
	cp -p "${files[@]}" "$WORK"/ || exit 1
}

# fixture_copy: every file of the fixture copied into this case's directory.
fixture_copy() { cp -a "$FIXTURE"/. "$WORK"/ || exit 1; }

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
