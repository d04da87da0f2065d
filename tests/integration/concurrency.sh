# Any number of cramplog processes may use one database at once, from its
# first use on: every import that says it landed is in the database, no
# import fails because another one runs, and an upgrade of an old schema
# waits its turn like every write. (Before the fix: 4 of 150 rounds lost a
# landed import, 17 of 150 had an import fail with "database is locked".)
. "$(dirname "$0")/lib.bash"

if under_valgrind; then
	echo "skipped under valgrind (a stress test of timing)"
	finish
fi

procs=8
# hydration_logs: h1.csv ... h8.csv, a hydration log of 3 days of one
# athlete each.
hydration_logs() {
	for i in $(seq 1 $procs); do
		printf 'date,time,athlete,fluid_ml,sodium_mg,potassium_mg,urine_color,usg,body_mass_kg\n' > "h$i.csv"
		for d in 1 2 3; do
			printf '2026-01-0%d,07:00,Athlete %d,%d,,,,,\n' "$d" "$i" $((400 + 10 * i)) >> "h$i.csv"
		done
	done
}

test_case '50 rounds of 8 first imports at once: none fails, every landed row there' <<'CASE'
hydration_logs
# 50 rounds of 8 imports started at once into a database that does not
# exist yet.
rounds=50 failed_runs=0 lost=0
for r in $(seq 1 $rounds); do
	rm -f first.db first.db-wal first.db-shm
	pids=()
	for i in $(seq 1 $procs); do
		"$CRAMPLOG_BIN" import --quiet --db first.db "h$i.csv" >"o$i" 2>"e$i" &
		pids+=($!)
	done
	landed=0
	for i in $(seq 1 $procs); do
		if wait "${pids[$((i - 1))]}"; then
			landed=$((landed + 1))
		else
			failed_runs=$((failed_runs + 1))
			echo "round $r, import $i: $(cat "e$i")" >&2
		fi
	done
	rows=$(sqlite3 first.db "SELECT count(*) FROM hydration" 2>/dev/null || echo 0)
	imports=$(sqlite3 first.db "SELECT count(*) FROM imports" 2>/dev/null || echo 0)
	if [ "$rows" -ne $((3 * landed)) ] || [ "$imports" -ne "$landed" ]; then
		lost=$((lost + 1))
		echo "round $r: $landed imports landed, database holds $imports imports, $rows rows" >&2
	fi
	left=$(ls | grep -c '^first\.db\.new-' || true)
	[ "$left" -eq 0 ] || { lost=$((lost + 1)); echo "round $r: temporary files left" >&2; }
done
expect_eq "concurrent first imports that failed (of $((rounds * procs)))" "$failed_runs" "0"
expect_eq "rounds where a landed import was missing (of $rounds)" "$lost" "0"
expect_eq "the last database is marked" "$(sqlite3 first.db "PRAGMA application_id")" "1129467216"
expect_eq "and private" "$(stat -c %a first.db)" "600"
CASE

test_case '20 rounds of 8 imports at once into an empty file: all land' <<'CASE'
hydration_logs
# An empty file (made by touch): the first import sets it up in place, the
# others wait and find it theirs.
rounds=20 failed_runs=0 lost=0
for r in $(seq 1 $rounds); do
	rm -f touched.db touched.db-wal touched.db-shm
	: > touched.db
	pids=()
	for i in $(seq 1 $procs); do
		"$CRAMPLOG_BIN" import --quiet --db touched.db "h$i.csv" >"o$i" 2>"e$i" &
		pids+=($!)
	done
	for i in $(seq 1 $procs); do
		if ! wait "${pids[$((i - 1))]}"; then
			failed_runs=$((failed_runs + 1))
			echo "round $r, import $i: $(cat "e$i")" >&2
		fi
	done
	[ "$(sqlite3 touched.db "SELECT count(*) FROM hydration")" -eq $((3 * procs)) ] || lost=$((lost + 1))
done
expect_eq "imports into an empty file that failed (of $((rounds * procs)))" "$failed_runs" "0"
expect_eq "rounds with a row missing in the file set up in place" "$lost" "0"
CASE

test_case '20 rounds of 8 imports beside readers on schema 1: all land, readers read or say upgrade' <<'CASE'
hydration_logs
# 20 rounds of 8 imports, status and report at once on a database of an old
# schema: the imports all land (the first upgrades it, the others wait);
# a reader either reads the upgraded database or says to upgrade it first.
rounds=20 failed_runs=0 lost=0 readers_ok=0
old_rows=$(sqlite3 "$DATA/schema-1.db" "SELECT count(*) FROM hydration")
for r in $(seq 1 $rounds); do
	rm -f old.db old.db-wal old.db-shm
	cp "$DATA/schema-1.db" old.db
	pids=()
	for i in $(seq 1 $procs); do
		"$CRAMPLOG_BIN" import --quiet --db old.db "h$i.csv" >"o$i" 2>"e$i" &
		pids+=($!)
	done
	"$CRAMPLOG_BIN" status --db old.db >os 2>es &
	ps=$!
	"$CRAMPLOG_BIN" report --db old.db --no-charts >orp 2>erp &
	pr=$!
	for i in $(seq 1 $procs); do
		if ! wait "${pids[$((i - 1))]}"; then
			failed_runs=$((failed_runs + 1))
			echo "round $r, import $i: $(cat "e$i")" >&2
		fi
	done
	for reader in s:$ps rp:$pr; do
		wait "${reader#*:}"
		code=$?
		name=${reader%%:*}
		if [ "$code" -eq 0 ]; then
			readers_ok=$((readers_ok + 1))
		elif [ "$code" -ne 66 ] || ! grep -qF "upgrade it first with 'cramplog upgrade'" "e$name"; then
			failed_runs=$((failed_runs + 1))
			echo "round $r, reader $name: exit $code: $(cat "e$name")" >&2
		fi
	done
	rows=$(sqlite3 old.db "SELECT count(*) FROM hydration")
	[ "$rows" -eq $((3 * procs + old_rows)) ] || {
		lost=$((lost + 1))
		echo "round $r: $rows hydration rows" >&2
	}
done
expect_eq "failures beside an upgrade (of $((rounds * (procs + 2))) runs)" "$failed_runs" "0"
expect_eq "rounds with a row missing after the upgrade" "$lost" "0"
expect_eq "upgraded" "$(sqlite3 old.db "PRAGMA user_version")" "10"
echo "readers that read the upgraded database: $readers_ok of $((2 * rounds))"
CASE

finish
