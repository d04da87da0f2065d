# A throwaway PostgreSQL cluster for the integration tests (pg.bash, not
# *.sh: ctest runs those). Source it after lib.bash, then call pg_start once
# in the script's own shell (not in a case: a case is a subshell):
#   . "$(dirname "$0")/pg.bash"
#   pg_start
#   test_case 'name' <<'CASE'
#   pg_need || return 0
#   uri=$(pg_new_db)
#   run "import" 0 import --db "$uri" ...
#   CASE
# pg_start runs initdb and pg_ctl (from `pg_config --bindir`, else the newest
# /usr/lib/postgresql/*/bin) in a private temporary directory: no TCP, a Unix
# socket in that directory, trust authentication, the superuser called
# "cramplog". When the tests run as root, the server runs as an unprivileged
# user (nobody, or $CRAMPLOG_PG_USER), who owns that directory. The cluster
# is stopped and removed when the script exits, or when it is killed
# (pg_watch). It exports
#   PG_SOCKET  the socket's directory
#   PG_URI     postgresql:///cramplog?host=...&user=cramplog (a database
#              made empty at start)
# When there are no server binaries (a developer's machine without the
# postgresql package), or the cluster does not start, PG_SKIP says why, and
# pg_need skips the case with that reason (scripts/install-deps.sh installs
# the server, so CI runs every case). With CRAMPLOG_REQUIRE_PG set (as
# scripts/test.sh sets it, having installed the server), such a case fails
# instead: CI never skips them unnoticed.

PG_SKIP=
PG_DIR=
PG_BIN=
PG_RUNAS=()

# The directory of initdb and pg_ctl, or nothing.
pg_bindir() {
	local dir
	if command -v pg_config >/dev/null 2>&1; then
		dir=$(pg_config --bindir 2>/dev/null)
		if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
			echo "$dir"
			return
		fi
	fi
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
			echo "$dir"
			return
		fi
	done
}

# pg_as CMD...: runs CMD as the server's user.
pg_as() { "${PG_RUNAS[@]}" "$@"; }

pg_stop() {
	[ -n "$PG_DIR" ] || return 0
	if [ -f "$PG_DIR/data/postmaster.pid" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop \
			>/dev/null 2>&1
	fi
	rm -rf "$PG_DIR"
	PG_DIR=
}

# pg_watch: a watchdog beside the cluster, in a session of its own (out
# of reach of whatever kills the script, as pg_ctl puts the server): when
# the script's process is gone, even killed with SIGKILL as ctest does at
# its timeout, where no trap runs, it stops the server and removes the
# directory, within a second or two. It also ends when the directory goes
# (the script's own pg_stop). The directory is in its environment, not on
# its command line, so that a kill by pattern (pkill -f cramplog-pg) that
# stops the server spares its watchdog.
pg_watch() {
	local script=$$ started
	started=$(cut -d' ' -f22 "/proc/$script/stat" 2>/dev/null)
	PG_WATCH_DIR=$PG_DIR setsid -f bash -c '
		script=$1 started=$2 dir=$PG_WATCH_DIR
		while [ -d "$dir" ] &&
			[ "$(cut -d" " -f22 "/proc/$script/stat" 2>/dev/null)" = "$started" ]; do
			sleep 1
		done
		shift 2
		for _ in 1 2 3 4 5; do
			[ -d "$dir" ] || exit 0
			if [ -f "$dir/data/postmaster.pid" ]; then
				"$@" -D "$dir/data" -m immediate -w stop
			fi
			rm -rf "$dir"
			sleep 1
		done
	' pg-watch "$script" "$started" "${PG_RUNAS[@]}" "$PG_BIN/pg_ctl" \
		</dev/null >/dev/null 2>&1
}

pg_start() {
	local user
	# Once per script (lib.bash starts it already when the whole script
	# runs on PostgreSQL).
	[ -z "$PG_DIR" ] || return 0
	PG_BIN=$(pg_bindir)
	if [ -z "$PG_BIN" ]; then
		PG_SKIP="no PostgreSQL server binaries (initdb, pg_ctl): install the Debian package postgresql-15 (scripts/install-deps.sh)"
		return 0
	fi
	# A short path: a Unix socket's name is at most 107 bytes.
	PG_DIR=$(mktemp -d /tmp/cramplog-pg.XXXXXX) || {
		PG_SKIP="cannot make a directory for the cluster"
		return 0
	}
	if [ "$(id -u)" -eq 0 ]; then
		# initdb refuses to run as root.
		user=${CRAMPLOG_PG_USER:-nobody}
		if command -v runuser >/dev/null 2>&1; then
			PG_RUNAS=(runuser -u "$user" --)
		else
			PG_RUNAS=(setpriv --reuid="$user" --regid="$(id -g "$user")"
				--clear-groups --)
		fi
		chown "$user:" "$PG_DIR"
	fi
	chmod 700 "$PG_DIR"
	pg_watch
	# The server's own messages go to a log in the cluster's directory,
	# printed when it fails to start.
	if ! pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U cramplog --auth=trust \
		--no-sync -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1; then
		PG_SKIP="initdb failed: $(tail -n 1 "$PG_DIR/initdb.log")"
		cat "$PG_DIR/initdb.log" >&2
		pg_stop
		return 0
	fi
	if ! pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
		-o "-c listen_addresses='' -k $PG_DIR -c fsync=off -c max_connections=40" \
		start >/dev/null 2>&1; then
		PG_SKIP="the test cluster did not start: $(tail -n 1 "$PG_DIR/server.log")"
		cat "$PG_DIR/server.log" >&2
		pg_stop
		return 0
	fi
	PG_SOCKET=$PG_DIR
	export PG_SOCKET
	if ! "$PG_BIN/createdb" -h "$PG_SOCKET" -U cramplog cramplog 2>"$PG_DIR/createdb.err"; then
		PG_SKIP="createdb failed: $(cat "$PG_DIR/createdb.err")"
		pg_stop
		return 0
	fi
	PG_URI="postgresql:///cramplog?host=$PG_SOCKET&user=cramplog"
	export PG_URI
	# Neither the user's nor the machine's PostgreSQL settings reach the
	# tests.
	unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGSERVICE \
		PGSSLMODE PGOPTIONS
	export PGPASSFILE=$PG_DIR/no-pgpass PGSERVICEFILE=$PG_DIR/no-pg_service.conf
	trap 'pg_stop; rm -rf "$TEST_ROOT"' EXIT
	trap 'exit 143' TERM INT
}

# pg_bench_start NAME DIR: for a benchmark (without lib.bash's helpers):
# the cluster started, its files and DIR removed at exit; NAME's message
# and exit 1 when it cannot start.
pg_bench_start() {
	TEST_ROOT=$2
	pg_start
	trap 'pg_stop; rm -rf "$TEST_ROOT"' EXIT
	if [ -n "$PG_SKIP" ]; then
		echo "$1: $PG_SKIP" >&2
		exit 1
	fi
}

# pg_need: 0 when the cluster runs; else skips the case, saying why, and
# returns 1 (call it as `pg_need || return 0`).
pg_need() {
	if [ -n "$PG_SKIP" ] || [ -z "$PG_DIR" ]; then
		if [ -n "${CRAMPLOG_REQUIRE_PG:-}" ]; then
			fail "CRAMPLOG_REQUIRE_PG is set: ${PG_SKIP:-pg_start was not called}"
		else
			skip "${PG_SKIP:-pg_start was not called}"
		fi
		return 1
	fi
	return 0
}

# pg_new_db: makes an empty database with a fresh name and prints its URI.
pg_new_db() {
	local name
	name="t$(date +%s%N)_$$_$RANDOM"
	"$PG_BIN/createdb" -h "$PG_SOCKET" -U cramplog "$name" >&2 || return 1
	echo "postgresql:///$name?host=$PG_SOCKET&user=cramplog"
}

# psql_q URI QUERY: runs a query, one row a line, fields split by '|'.
psql_q() {
	"$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}
