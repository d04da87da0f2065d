#!/usr/bin/env bash
# PostgreSQL benchmark (issue 16's "Speed"): prints, from one run and side
# by side, the import benchmark's hydration file imported by cramplog into
# PostgreSQL against psql's `\copy` of the same file into a plain table
# (no key, no check: the floor of any load) and against \copy of the rows
# cramplog stored straight into its own table (the floor of an import into
# that schema: its key, CHECKs and foreign key), the same into SQLite against
# sqlite3's `.import --csv`, then `analyze` and `report` on the analyzer
# benchmark's squad (287k sessions) on both backends. The machine may be
# shared: each figure is the median of BENCH_REPEATS runs (default 3), the
# ratios are taken within this run, and the load average is printed before
# and after. A benchmark, not a test: it prints figures and fails only when
# a command fails.
#   tests/bench/pg_bench.sh [BUILD-DIR]   (default build/release)
# The PostgreSQL cluster is a throwaway one as tests/integration/pg.bash
# makes it (initdb, a Unix socket in a temporary directory, fsync off;
# its settings are printed). BENCH_ATHLETES and BENCH_DAYS size the import
# file (550 x 730: 2.2 million rows, as import_bench.sh), BENCH_SQUAD (500
# athletes; 0 skips the squad), BENCH_DRINKS (8-11) the squad, as
# analyze_bench.sh, BENCH_NEW_ATHLETES (200,000; 0 skips) a file of as
# many new athletes, a row each.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=${1:-build/release}
bin=$root/$build/cramplog
case $build in /*) bin=$build/cramplog ;; esac
if [ ! -x "$bin" ]; then
	scripts/install-deps.sh
	cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRAMPLOG_TESTS=OFF >/dev/null
	cmake --build "$build" -j "$(nproc)" --target cramplog >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-bench.XXXXXX")
# pg.bash's cluster, without the test helpers (lib.bash).
. tests/integration/pg.bash
pg_bench_start pg_bench.sh "$work"
psql_do() { "$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$@"; }

athletes=${BENCH_ATHLETES:-550}
days=${BENCH_DAYS:-730}
repeats=${BENCH_REPEATS:-3}
squad=${BENCH_SQUAD:-500}
drinks=${BENCH_DRINKS:-8-11}
new_athletes=${BENCH_NEW_ATHLETES:-200000}
"$bin" simulate --athletes "$athletes" --days "$days" --seed 42 --out "$work/sim" >/dev/null
csv=$work/sim/hydration.csv
rows=$(($(wc -l < "$csv") - 1))

echo "hydration rows: $rows ($(du -m "$csv" | cut -f1) MiB CSV; $athletes athletes x $days days), median of $repeats runs"
echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "PostgreSQL $(psql_do "$PG_URI" -c "SHOW server_version") (throwaway cluster:" \
	"$(psql_do "$PG_URI" -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name)
		FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers',
		'wal_level', 'max_wal_size', 'temp_buffers', 'work_mem')")), sqlite $(sqlite3 --version | cut -d' ' -f1)"

# timed FILE COMMAND...: runs COMMAND, appends its wall seconds to FILE.
timed() {
	local out=$1
	shift
	/usr/bin/time -f '%e' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
		cat "$work/err" >&2
		exit 1
	}
	cat "$work/time" >> "$out"
}
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# line LABEL FILE [BASE-FILE]: the median, rows a second, the ratio to BASE.
line() {
	local m b=
	m=$(median "$2")
	[ -z "${3:-}" ] || b=$(median "$3")
	awk -v l="$1" -v s="$m" -v r="${ROWS:-0}" -v b="$b" 'BEGIN {
		printf "%-44s %7.2f s", l, s
		if (r > 0)
			printf " %9.0f rows/s", r / s
		if (b != "")
			printf "   %5.2f x", s / b
		printf "\n"
	}'
}

plain_table="CREATE TABLE hydration (date text, time text, athlete text,
	fluid_ml double precision, sodium_mg double precision,
	potassium_mg double precision, urine_color bigint, usg double precision,
	body_mass_kg double precision)"
for i in $(seq "$repeats"); do
	uri=$(pg_new_db)
	timed "$work/t.pg" "$bin" import --quiet --db "$uri" "$csv"
	uri=$(pg_new_db)
	psql_do "$uri" -c "$plain_table"
	timed "$work/t.copy" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$uri" \
		-c "\\copy hydration FROM '$csv' WITH (FORMAT csv, HEADER true)"
	rm -f "$work"/s.db*
	timed "$work/t.sqlite" "$bin" import --quiet --db "$work/s.db" "$csv"
	rm -f "$work"/p.db*
	timed "$work/t.import" sqlite3 "$work/p.db" ".import --csv $csv hydration"
done
# The same file again into the last PostgreSQL database: every row unchanged.
for i in $(seq "$repeats"); do
	timed "$work/t.again" "$bin" import --quiet --db "$uri" "$csv"
done
# The floor of any import into cramplog's schema: the rows cramplog
# stored, copied by psql straight into its table (its key, CHECKs and
# foreign key to athletes), and into a table of the same key and CHECKs
# without the foreign key.
psql_do "$uri" -c "\\copy cramplog.hydration TO '$work/rows.tsv'"
psql_do "$uri" -c "CREATE TABLE nofk (LIKE cramplog.hydration INCLUDING ALL)"
for i in $(seq "$repeats"); do
	psql_do "$uri" -c "TRUNCATE cramplog.hydration, nofk"
	timed "$work/t.floor" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$uri" \
		-c "\\copy cramplog.hydration FROM '$work/rows.tsv'"
	timed "$work/t.nofk" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -d "$uri" \
		-c "\\copy nofk FROM '$work/rows.tsv'"
done
rm -f "$work/rows.tsv"
rm -f "$work"/[sp].db*
echo
printf '%-44s %9s %16s %10s\n' "import of the hydration file" "median" "rate" "ratio"
ROWS=$rows line "cramplog import, PostgreSQL" "$work/t.pg" "$work/t.copy"
ROWS=$rows line "psql \\copy (plain table)" "$work/t.copy" "$work/t.copy"
ROWS=$rows line "cramplog import, PostgreSQL, same file again" "$work/t.again" "$work/t.copy"
ROWS=$rows line "psql \\copy of its rows into cramplog.hydration" "$work/t.floor" "$work/t.copy"
ROWS=$rows line "  the same without the foreign key" "$work/t.nofk" "$work/t.copy"
ROWS=$rows line "cramplog import, SQLite" "$work/t.sqlite" "$work/t.import"
ROWS=$rows line "sqlite3 .import --csv (plain table)" "$work/t.import" "$work/t.import"

# A file of new athletes, a row each (hostile_input.sh's 200,000): the
# athletes' look-up and adding, which on PostgreSQL is one statement a
# batch (a round trip each before: 48 s for 200,000 at load 1 to 2).
if [ "$new_athletes" -gt 0 ]; then
	awk -v n="$new_athletes" 'BEGIN {
		print "date,time,athlete,fluid_ml,urine_color"
		for (i = 0; i < n; i++)
			printf "2025-%02d-%02d,08:00,Athlete %07d,250,3\n", 1 + int(i / 28000) % 12, 1 + int(i / 1000) % 28, i
	}' > "$work/athletes.csv"
	for i in $(seq "$repeats"); do
		timed "$work/n.pg" "$bin" import --quiet --db "$(pg_new_db)" "$work/athletes.csv"
		rm -f "$work"/n.db*
		timed "$work/n.sqlite" "$bin" import --quiet --db "$work/n.db" "$work/athletes.csv"
	done
	rm -f "$work"/n.db* "$work/athletes.csv"
	echo
	printf '%-44s %9s %16s %10s\n' "$new_athletes new athletes, a row each" "median" "rate" "ratio"
	ROWS=$new_athletes line "cramplog import, SQLite" "$work/n.sqlite"
	ROWS=$new_athletes line "cramplog import, PostgreSQL" "$work/n.pg" "$work/n.sqlite"
fi

if [ "$squad" -gt 0 ]; then
	"$bin" simulate --athletes "$squad" --days "$days" --drinks "$drinks" --seed 42 \
		--out "$work/squad" >/dev/null
	logs=("$work/squad/training.csv" "$work/squad/hydration.csv" "$work/squad/diet.csv")
	pguri=$(pg_new_db)
	timed "$work/i.pg" "$bin" import --quiet --db "$pguri" "${logs[@]}"
	timed "$work/i.sqlite" "$bin" import --quiet --db "$work/squad.db" "${logs[@]}"
	rm -rf "$work/squad"
	echo
	echo "squad: $(sqlite3 "$work/squad.db" "SELECT count(*) FROM athletes") athletes," \
		"$(sqlite3 "$work/squad.db" "SELECT count(*) FROM training") sessions," \
		"$(sqlite3 "$work/squad.db" "SELECT count(*) FROM hydration") hydration and" \
		"$(sqlite3 "$work/squad.db" "SELECT count(*) FROM diet") diet rows (one run each)"
	printf '%-44s %9s %16s %10s\n' "on the squad (ratio: PostgreSQL / SQLite)" "median" "" "ratio"
	line "import of the three logs, SQLite" "$work/i.sqlite"
	line "import of the three logs, PostgreSQL" "$work/i.pg" "$work/i.sqlite"
	# cmd LABEL ARGS...: the command on both backends, repeats each.
	cmd() {
		local label=$1 i
		shift
		: > "$work/c.sqlite"
		: > "$work/c.pg"
		for i in $(seq "$repeats"); do
			timed "$work/c.sqlite" "$bin" "$@" --db "$work/squad.db"
			timed "$work/c.pg" "$bin" "$@" --db "$pguri"
		done
		line "$label, SQLite" "$work/c.sqlite"
		line "$label, PostgreSQL" "$work/c.pg" "$work/c.sqlite"
	}
	cmd "analyze" analyze
	cmd "analyze --design within" analyze --design within
	cmd "report (text)" report --color never
fi
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
