# Large files: rows are written in batches, in key order, on a second
# thread (CRAMPLOG_THREADS=2) or in line (CRAMPLOG_THREADS=1). Both give the
# same database and the same counts as row by row in file order; a row the
# database refuses in a later batch, or an invalid row past the first
# batches, leaves the database as it was.
. "$(dirname "$0")/lib.bash"

# simulated: 27 athletes x 420 days in sim/: over 8,000 sessions and 60,000
# drinks, so that several batches of 8,192 rows are written.
simulated() {
	cramplog simulate --athletes 27 --days 420 --seed 7 --out sim >/dev/null
	training=$(($(wc -l < sim/training.csv) - 1))
	expect_eq "more training rows than one batch" "$((training > 8192))" "1"
}

# imported: sim/ imported in line into one.db (its summary in one.out) and
# on a writer thread into two.db (its summary in out).
imported() {
	fixture sim simulated
	fixture_copy
	CRAMPLOG_THREADS=1 run "import in line" 0 import --db one.db sim/training.csv sim/hydration.csv
	cp out one.out
	CRAMPLOG_THREADS=2 run "import on a writer thread" 0 import --db two.db sim/training.csv sim/hydration.csv
}

# copy_imported: imported's files here; training and hydration, the rows of
# each log.
copy_imported() {
	fixture imported imported
	fixture_copy
	training=$(($(wc -l < sim/training.csv) - 1))
	hydration=$(($(wc -l < sim/hydration.csv) - 1))
}

dump() {
	sql_db "$1" "SELECT a.name, t.* FROM training t JOIN athletes a ON a.id = t.athlete_id ORDER BY 2, 3, 4, 5, 6;
		SELECT a.name, h.* FROM hydration h JOIN athletes a ON a.id = h.athlete_id ORDER BY 2, 3, 4, 5, 6;
		SELECT id, name FROM athletes ORDER BY id;"
}

# refusing: two.db refuses a row of the fourth batch of refused.csv (a
# trigger stands for a full disk); imports, its imports.
refusing() {
	copy_imported
	if [ "$BACKEND" = pg ]; then
		sql_db two.db "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN IF NEW.fluid_ml = 4321 THEN RAISE EXCEPTION ''refused by a test trigger''; END IF; RETURN NEW; END'; CREATE TRIGGER refuse BEFORE INSERT ON hydration FOR EACH ROW EXECUTE FUNCTION refuse()"
	else
		sqlite3 two.db "CREATE TRIGGER refuse BEFORE INSERT ON hydration WHEN NEW.fluid_ml = 4321 BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END;"
	fi
	awk -F, -v OFS=, 'NR == 30000 { $4 = 4321 } NR > 1 { $1 = "2028" substr($1, 5) } { print }' sim/hydration.csv > refused.csv
	imports=$(sql_db two.db "SELECT count(*) FROM imports")
}

test_case 'in line or on a writer thread: the same summary, rows and athlete ids' <<'CASE'
copy_imported
expect_in "training all added" out "training.csv: training, $training rows: $training added, 0 updated, 0 unchanged, 0 rejected"
expect_in "hydration all added" out "hydration.csv: hydration, $hydration rows: $hydration added, 0 updated, 0 unchanged, 0 rejected"
expect_eq "same summary either way" "$(cat out)" "$(cat one.out)"
dump one.db > one.dump
dump two.db > two.dump
expect_eq "same rows and athlete ids either way" "$(cmp -s one.dump two.dump && echo same)" "same"
expect_eq "every row stored" "$(sql_db two.db "SELECT count(*) FROM hydration")" "$hydration"
# Athletes are numbered in the order the file first names them.
expect_eq "athlete ids in file order" "$(sql_db two.db "SELECT name FROM athletes ORDER BY id LIMIT 1")" \
	"$(sed -n 2p sim/training.csv | cut -d, -f3)"
CASE

test_case 'the same files again change nothing, either way' <<'CASE'
copy_imported
dump two.db > two.dump
CRAMPLOG_THREADS=2 run "the same files again" 0 import --db two.db sim/training.csv sim/hydration.csv
expect_in "hydration unchanged" out "$hydration rows: 0 added, 0 updated, $hydration unchanged, 0 rejected"
expect_eq "still the same rows" "$(dump two.db | cmp -s - two.dump && echo same)" "same"
CRAMPLOG_THREADS=1 run "the same files again, in line" 0 import --db one.db sim/training.csv sim/hydration.csv
expect_in "hydration unchanged in line" out "$hydration rows: 0 added, 0 updated, $hydration unchanged, 0 rejected"
CASE

test_case 'a corrected export: changed drinks updated, a name in capitals the same athlete' <<'CASE'
copy_imported
# A corrected export: two drinks changed (in the first and the last
# batch), one added at the end, one athlete's name in capitals (the same
# athlete: no new id, no new rows).
awk -F, -v OFS=, 'NR == 5 || NR == 60000 { $4 = 444 }
	NR == 30000 { $3 = toupper($3) } { print }
	END { print "2027-03-01,23:59,Late Joiner,300,,,,," }' sim/hydration.csv > corrected.csv
name=$(sed -n 30000p sim/hydration.csv | cut -d, -f3)
athletes=$(sql_db two.db "SELECT count(*) FROM athletes")
CRAMPLOG_THREADS=2 run "corrected export" 0 import --db two.db corrected.csv
cp out two-corrected.out
expect_in "corrected counts" out "$((hydration + 1)) rows: 1 added, 2 updated, $((hydration - 2)) unchanged, 0 rejected"
expect_eq "one athlete more" "$(sql_db two.db "SELECT count(*) FROM athletes")" "$((athletes + 1))"
expect_eq "changed drink stored" "$(sql_db two.db "SELECT CAST(fluid_ml AS integer) FROM hydration h JOIN imports i ON i.id = h.import_id WHERE i.file LIKE '%corrected.csv' ORDER BY date LIMIT 1")" "444"
upper=$(sed -n 30000p corrected.csv | cut -d, -f3)
expect_eq "capitals match the athlete" "$(sql_db two.db "SELECT count(*) FROM athletes WHERE name = '${upper//\'/\'\'}'")" "0"
expect_eq "the name was changed" "$([ "$upper" != "$name" ] && echo changed)" "changed"
CRAMPLOG_THREADS=1 run "corrected export, in line" 0 import --db one.db corrected.csv
expect_eq "same counts in line" "$(cat out)" "$(cat two-corrected.out)"
expect_eq "same rows in line" "$(dump one.db | md5sum)" "$(dump two.db | md5sum)"
CASE

test_case 'an invalid row past the first batches: nothing of the file written' <<'CASE'
copy_imported
before=$(dump two.db | md5sum)
awk -F, -v OFS=, 'NR == 50001 { $7 = 9 } { print }' sim/hydration.csv > invalid.csv
CRAMPLOG_THREADS=2 run "invalid row late in a large file" 65 import --db two.db invalid.csv
expect_in "the row is located" err "invalid.csv:50001:7:"
expect_eq "nothing written" "$(dump two.db | md5sum)" "$before"
CASE

test_case 'a row the database refuses in the fourth batch: the file rolled back, 70' <<'CASE'
refusing
before=$(dump two.db | md5sum)
# The writer thread stops, the file is rolled back.
for threads in 2 1; do
	CRAMPLOG_THREADS=$threads run "a row refused by the database ($threads)" 70 import --db two.db refused.csv
	expect_in "the database's reason ($threads)" err "refused by a test trigger"
	expect_eq "nothing of the file written ($threads)" "$(dump two.db | md5sum)" "$before"
	expect_eq "no import recorded ($threads)" "$(sql_db two.db "SELECT count(*) FROM imports")" "$imports"
done
CASE

test_case 'refused, then invalid: still the database error, the next files left alone' <<'CASE'
refusing
# A refused row, then an invalid one before the writer says so: still the
# database's error (exit 70), and the files after it are left alone.
# (the first line from 35,000 on whose name holds no comma: field 7 is
# urine_color there)
awk -F, -v OFS=, 'NR >= 35000 && !done && !/"/ { $7 = 9; done = 1 } { print }' refused.csv > refused-invalid.csv
expect_eq "an invalid row after the refused one" "$(CRAMPLOG_THREADS=1 cramplog import --dry-run --db fresh.db refused-invalid.csv 2>&1 | grep -c ':7: urine_color')" "1"
for threads in 2 1; do
	CRAMPLOG_THREADS=$threads run "refused, then invalid ($threads)" 70 import --db two.db refused-invalid.csv sim/diet.csv
	expect_in "the database's reason first ($threads)" err "refused by a test trigger"
	expect_not_in "the next file not imported ($threads)" out "diet.csv"
	expect_eq "diet untouched ($threads)" "$(sql_db two.db "SELECT count(*) FROM diet")" "0"
done
CASE

finish
