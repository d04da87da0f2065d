# The ranges of core/ranges.h hold in the tables of both backends: for each
# ranged value (CRAMPLOG_RANGES, read from that header: the cases come from
# the one table the importer and the CHECKs are pasted from), in each table
# that has it, the range's ends are stored, a value just outside is refused
# by the importer with the range in its message and, written straight in
# SQL, by the table's CHECK (but above a RANGE_FLOOR value's bound, which
# the store keeps). tests/importers/test_ranges.c does the same through the
# importer's library on SQLite.
RANGES_H=$(cd "$(dirname "$0")/../../core" && pwd)/ranges.h
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/pg.bash"
pg_start

# ranges: "field min max how" a line, from RANGE_<field> and
# CRAMPLOG_RANGES (aliases such as RANGE_pre_mass_kg followed).
ranges() {
	awk '
	/^#define RANGE_[a-z_]+ / {
		name = substr($2, 7); rest = $0
		sub(/^#define RANGE_[a-z_]+ /, "", rest)
		def[name] = rest
	}
	/^\tX\([a-z_]+, RANGE_[A-Z]+\)/ {
		f = $1; sub(/^X\(/, "", f); sub(/,$/, "", f)
		how = $2; sub(/\).*/, "", how)
		order[++n] = f; kind[f] = how
	}
	END {
		for (i = 1; i <= n; i++) {
			d = def[order[i]]
			while (d ~ /^RANGE_/)
				d = def[substr(d, 7)]
			split(d, v, /, */)
			print order[i], v[1], v[2], kind[order[i]]
		}
	}' "$RANGES_H"
}

# The native logs, one row each for Ann, and the log a table's rows come in.
seed() {
	printf 'date,athlete,duration_min\n2026-01-05,Ann,60\n' > training.csv
	printf 'date,athlete,fluid_ml\n2026-01-05,Ann,100\n' > hydration.csv
	printf 'date,athlete,energy_kcal\n2026-01-05,Ann,100\n' > diet.csv
	run "import training" 0 import --db "$1" --kind training training.csv
	run "import hydration" 0 import --db "$1" --kind hydration hydration.csv
	run "import diet" 0 import --db "$1" --kind diet diet.csv
}

# try DB TABLE FIELD VALUE: writes VALUE into Ann's row straight, as SQL;
# the engine's error in $WORK/sqlerr, its status returned.
try() {
	local q="UPDATE $2 SET $3 = $4 WHERE athlete_id = (SELECT id FROM athletes WHERE name = 'Ann')"
	case $1 in
	postgresql:*) psql_q "$1" "SET search_path = cramplog; $q" >/dev/null 2>sqlerr ;;
	*) sqlite3 -batch "$1" "$q" >/dev/null 2>sqlerr ;;
	esac
}

# tables DB FIELD: the tables with a column FIELD, and its type, a line each;
# not the kept exposures (kept_*), which hold what cramplog computes from the
# log rows (a day's fluid is the sum of its drinks), not values as logged.
tables() {
	case $1 in
	postgresql:*) psql_q "$1" "SELECT table_name, data_type FROM information_schema.columns WHERE table_schema = 'cramplog' AND column_name = '$2' AND table_name NOT LIKE 'kept\\_%' ORDER BY 1" ;;
	*) sqlite3 -batch -separator '|' "$1" "SELECT m.name, c.type FROM sqlite_schema m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = '$2' AND m.name NOT LIKE 'kept\\_%' ESCAPE '\\' ORDER BY 1" ;;
	esac
}

# check_ranges DB REFUSED: every range, in every table of DB; REFUSED is
# what the engine says of a CHECK that fails.
check_ranges() {
	local db=$1 refused=$2 field min max how table type step lo hi n=0
	ranges > ranges.txt
	expect_eq "ranges read from core/ranges.h" "$(wc -l < ranges.txt)" 23
	while read -r field min max how; do
		while IFS='|' read -r table type; do
			n=$((n + 1))
			case $type in INTEGER|bigint) step=1 ;; *) step= ;; esac
			read -r lo hi < <(awk -v a="$min" -v b="$max" -v s="$step" \
				'BEGIN { if (s == "") s = (b - a) / 1000; printf "%.10g %.10g\n", a - s, b + s }')
			try "$db" "$table" "$field" "$min" || fail "$table.$field = $min refused: $(cat sqlerr)"
			try "$db" "$table" "$field" "$max" || fail "$table.$field = $max refused: $(cat sqlerr)"
			if try "$db" "$table" "$field" "$lo"; then
				fail "$table.$field = $lo stored"
			else
				expect_in "$table.$field = $lo: the CHECK" sqlerr "$refused"
			fi
			if [ "$how" = RANGE_FLOOR ]; then
				try "$db" "$table" "$field" "$hi" || fail "$table.$field = $hi (only a floor) refused: $(cat sqlerr)"
			elif try "$db" "$table" "$field" "$hi"; then
				fail "$table.$field = $hi stored"
			else
				expect_in "$table.$field = $hi: the CHECK" sqlerr "$refused"
			fi
			# The importer refuses both, at the value's cell (not
			# under valgrind: test_ranges runs the same code there).
			[ -e "$table.csv" ] || continue
			[ "$field" != load ] || continue
			under_valgrind && continue
			for v in "$lo" "$hi"; do
				printf 'date,athlete,%s%s\n2026-01-06,Ann,%s%s\n' \
					"$( [ "$table" = training ] && [ "$field" != duration_min ] && echo duration_min,)" \
					"$field" \
					"$( [ "$table" = training ] && [ "$field" != duration_min ] && echo 60,)" \
					"$v" > bad.csv
				run "import $table.$field = $v" 65 import --db "$db" --kind "$table" bad.csv
				expect_in "import $table.$field = $v: the cell" err "bad.csv:2:"
				expect_in "import $table.$field = $v: the range" err "is outside $(printf '%g to %g' "$min" "$max")"
			done
		done < <(tables "$db" "$field")
	done < ranges.txt
	# 23 ranges, in 28 columns of the three logs.
	expect_eq "columns checked" "$n" 28
}

test_case 'SQLite: each range refused just outside by the importer and the CHECK' <<'CASE'
seed "$CRAMPLOG_DB"
check_ranges "$CRAMPLOG_DB" "CHECK constraint failed"
CASE

test_case 'PostgreSQL: each range refused just outside by the importer and the CHECK' <<'CASE'
pg_need || return 0
uri=$(pg_new_db)
seed "$uri"
check_ranges "$uri" "violates check constraint"
CASE

finish
