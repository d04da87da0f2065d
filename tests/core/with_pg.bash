# Runs a unit test (the command line given) with CRAMPLOG_TEST_PG_URI
# naming an empty database of a throwaway PostgreSQL cluster
# (tests/integration/pg.bash): the unit tests that need a server run their
# PostgreSQL cases, which skip without it. ctest runs it (label pg):
#   bash tests/core/with_pg.bash build/test/tests/core_test_store
# Without server binaries it exits 77 (ctest's skip), or fails when
# CRAMPLOG_REQUIRE_PG is set (scripts/test.sh sets it).
set -u
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../integration" && pwd)/pg.bash"
TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-unit.XXXXXX") || exit 1
trap 'rm -rf "$TEST_ROOT"' EXIT
pg_start
if [ -n "$PG_SKIP" ]; then
	echo "$PG_SKIP" >&2
	[ -n "${CRAMPLOG_REQUIRE_PG:-}" ] && exit 1
	exit 77
fi
CRAMPLOG_TEST_PG_URI=$PG_URI "$@"
