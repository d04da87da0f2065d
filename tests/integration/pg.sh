# cramplog on PostgreSQL (issue 16), against a throwaway cluster that
# pg.bash starts for this script (skipped, saying why, where there is no
# PostgreSQL server).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/pg.bash"

pg_start

test_case 'the test cluster: a Unix socket only, a fresh database for each case' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
expect_eq "a fresh database is empty" \
	"$(psql_q "$uri" "SELECT count(*) FROM pg_namespace WHERE nspname = 'cramplog'")" 0
expect_eq "no TCP" "$(psql_q "$uri" "SHOW listen_addresses")" ""
expect_eq "the socket is in the cluster's directory" \
	"$(psql_q "$uri" "SHOW unix_socket_directories")" "$PG_SOCKET"
if [ "$(id -u)" -eq 0 ]; then
	pid=$(head -n 1 "$PG_SOCKET/data/postmaster.pid")
	expect_eq "run as root, the server runs as an unprivileged user" \
		"$(ps -o user= -p "$pid")" "${CRAMPLOG_PG_USER:-nobody}"
fi
CASE

finish
