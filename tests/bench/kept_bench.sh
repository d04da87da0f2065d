#!/usr/bin/env bash
# Kept exposures benchmark (issue 17): the squad of analyze_bench.sh (500
# athletes over two years) imported all but its last week, then that week;
# the time, CPU time (user + sys) and peak RSS of each import, and of
# `exposures`, `analyze` and `report` read from the kept tables beside the
# same commands computing their exposures from the log rows
# (CRAMPLOG_KEPT=0), in one run. With BASE=PATH (a cramplog built before
# the kept tables), its imports are measured beside and the kept ones' CPU
# time given as a multiple of its (what keeping them costs). The last week
# is imported in one command (the kept exposures made once, after its three
# files) and, on a copy, in three (made at each file's commit). A
# benchmark, not a test: it prints figures and fails only when a command
# fails.
#   tests/bench/kept_bench.sh [BUILD-DIR]   (default build/release)
# BENCH_ATHLETES, BENCH_DAYS and BENCH_DRINKS size the squad.
# BENCH_BACKEND=pg times the imports into PostgreSQL instead (a throwaway
# cluster as tests/integration/pg.bash makes it), their CPU time the
# client's plus the server's (the cluster's processes, all of them: run
# nothing else on it); the read commands are pg_bench.sh's.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
bin=$PWD/$build/cramplog
if [ ! -x "$bin" ]; then
	scripts/install-deps.sh
	cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRAMPLOG_TESTS=OFF >/dev/null
	cmake --build "$build" -j "$(nproc)" --target cramplog >/dev/null
fi
base=${BASE:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-kept.XXXXXX")
trap 'rm -rf "$work"' EXIT

athletes=${BENCH_ATHLETES:-500}
days=${BENCH_DAYS:-730}
drinks=${BENCH_DRINKS:-8-11}
"$bin" simulate --athletes "$athletes" --days "$days" --drinks "$drinks" \
	--seed 42 --out "$work/sim" >/dev/null
# The last week apart: every row dated in it (the date is the first
# column of the native logs).
last=$(tail -n +2 "$work/sim/training.csv" | cut -d, -f1 | sort | tail -1)
cut=$(date -u -d "$last - 6 days" +%F)
for kind in training hydration diet; do
	awk -F, -v c="$cut" -v out="$work/sim/$kind-week.csv" \
		'NR == 1 { print > out; print; next }
		 $1 >= c { print > out; next } { print }' \
		"$work/sim/$kind.csv" >"$work/sim/$kind-older.csv"
done
echo "squad: $athletes athletes, $days days; last week from $cut"
backend=${BENCH_BACKEND:-sqlite}
server_cpu() { echo 0; }
new_db() { echo "$work/$1.db"; }
if [ "$backend" = pg ]; then
	# shellcheck source=tests/integration/pg.bash
	. tests/integration/pg.bash
	pg_bench_start kept_bench.sh "$work"
	postmaster=$(head -n 1 "$PG_DIR/data/postmaster.pid")
	# The CPU seconds of the cluster: the postmaster's own and those of
	# its ended children (each connection's backend).
	server_cpu() {
		sleep 0.3      # the backend of the last connection reaped
		awk -v t="$(getconf CLK_TCK)" '{ print ($14 + $15 + $16 + $17) / t }' \
			"/proc/$postmaster/stat"
	}
	# new_db NAME [TEMPLATE]: a database of the cluster, its URI.
	new_db() {
		"$PG_BIN/createdb" -h "$PG_SOCKET" -U cramplog ${2:+-T "$2"} "$1"
		echo "postgresql:///$1?host=$PG_SOCKET&user=cramplog"
	}
fi
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL BIN DB ARGS...: seconds, CPU seconds (the server's too on
# PostgreSQL) and peak RSS, and the CPU time as a multiple of $ref's when
# set; the CPU time in $cpu.
cpu=0
ref=
measure() {
	local label=$1 b=$2 db=$3 before
	shift 3
	before=$(server_cpu)
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$b" "$@" --db "$db" \
		>/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	read -r secs user sys rss <"$work/time"
	cpu=$(awk -v u="$user" -v y="$sys" -v a="$before" -v b="$(server_cpu)" \
		'BEGIN { printf "%.2f", u + y + b - a }')
	awk -v l="$label" -v s="$secs" -v c="$cpu" -v m="$rss" -v r="$ref" 'BEGIN {
		printf "%-46s %7.2f s %7.2f s CPU %8.1f MiB", l, s, c, m / 1024
		if (r > 0) printf "  %5.2fx", c / r
		printf "\n" }'
}

older=("$work/sim/training-older.csv" "$work/sim/hydration-older.csv" "$work/sim/diet-older.csv")
week=("$work/sim/training-week.csv" "$work/sim/hydration-week.csv" "$work/sim/diet-week.csv")
printf '%-46s %9s %13s %12s   (%s)\n' "" "wall" "CPU" "peak RSS" "$backend"
first=
last_week=
if [ -n "$base" ]; then
	db=$(new_db base)
	measure "import, all but the last week (before)" "$base" "$db" import --quiet "${older[@]}"
	first=$cpu
	measure "import of the last week (before)" "$base" "$db" import --quiet "${week[@]}"
	last_week=$cpu
fi
ref=$first
db=$(new_db kept)
measure "import, all but the last week (kept)" "$bin" "$db" import --quiet "${older[@]}"
if [ "$backend" = pg ]; then
	apart=$(new_db apart kept)
else
	apart=$work/apart.db
	cp "$db" "$apart"
	[ ! -e "$db-wal" ] || cp "$db-wal" "$apart-wal"
fi
ref=$last_week
measure "import of the last week (kept)" "$bin" "$db" import --quiet "${week[@]}"
total=0
for f in "${week[@]}"; do
	measure "  one file: ${f##*/} (kept)" "$bin" "$apart" import --quiet "$f" >/dev/null
	total=$(awk -v a="$total" -v b="$cpu" 'BEGIN { print a + b }')
done
awk -v c="$total" -v r="$last_week" 'BEGIN {
	printf "%-46s %9s %7.2f s CPU %12s", "last week, a file a command (kept)", "", c, ""
	if (r > 0) printf "  %5.2fx", c / r
	printf "\n" }'
ref=
[ "$backend" = sqlite ] || exit 0
echo "database: $(sqlite3 "$db" "SELECT count(*) FROM training") sessions, $(sqlite3 "$db" "SELECT count(*) FROM kept_days") kept days"
for cmd in "exposures" "analyze --design pooled --model firth" "report --color never"; do
	# shellcheck disable=SC2086 # the command's words
	CRAMPLOG_KEPT=0 measure "$cmd (from the rows)" "$bin" "$db" $cmd
	# shellcheck disable=SC2086
	measure "$cmd (kept)" "$bin" "$db" $cmd
done
