# Shared by the integration tests (lib.bash, not *.sh: ctest runs those): each test script is run by ctest as
#   bash SCRIPT PATH-TO-CRAMPLOG TESTS-DATA-DIR
# It sources this file, calls the check functions, and ends with `finish`.
# With CRAMPLOG_VALGRIND set (to valgrind's path), every run of cramplog goes
# through valgrind, and a leak or memory error fails the test.
set -u

CRAMPLOG_BIN=$1
DATA=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
export CRAMPLOG_DB="$WORK/test.db"
unset XDG_DATA_HOME NO_COLOR
passed=0
failed=0

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
	echo "FAIL: $*" >&2
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

# sql QUERY: runs a query on the test database, one value per line.
sql() { sqlite3 -batch -noheader "$CRAMPLOG_DB" "$1"; }

# json_get FILE PATH: the value at a JSON path (SQLite's json_extract).
json_get() { sqlite3 -batch -noheader :memory: "SELECT json_extract(readfile('$1'), '$2')"; }

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
