# cramplog's private temporary files failing one at a time, as a full or
# failing disk makes them, through tests/integration/fault.c (preloaded;
# CRAMPLOG_FAULT_LIB names it, and without it, as in a sanitizer's build
# whose runtime must be preloaded first, the cases skip). Each run that
# makes temporary files is first made with CRAMPLOG_FAULT=log, then again
# with each of its files failing a write, and a read, halfway: the command
# says which file failed and how, exits 74 and leaves nothing half-done:
# no report, no chart, nothing of an import's file in the database.
. "$(dirname "$0")/lib.bash"

# The calls of each temporary file a run made (fault.c's log): "N W R" a
# line, from the log in FILE.
files_made() {
	sed -n 's/^\[fault\] temporary file \([0-9]*\) closed: \([0-9]*\) writes, \([0-9]*\) reads$/\1 \2 \3/p' "$1"
}

# faults: the CRAMPLOG_FAULT values that fail each file of the log in FILE
# halfway, a write then a read (none for a file never read).
faults() {
	local n w r
	files_made "$1" | while read -r n w r; do
		echo "$n:write:$(((w + 1) / 2))"
		[ "$r" -gt 0 ] && echo "$n:read:$(((r + 1) / 2))"
	done
}

# with_fault FAULT ARGS...: cramplog ARGS with the library preloaded,
# stdout in out, stderr in err, the exit status in code.
with_fault() {
	local fault=$1
	shift
	LD_PRELOAD=$CRAMPLOG_FAULT_LIB CRAMPLOG_FAULT=$fault cramplog "$@" \
		>out 2>err
	echo $? >code
}

# can_fault: the library is there to preload; else says why the case
# skips (and the case checks nothing).
can_fault() {
	if [ -z "${CRAMPLOG_FAULT_LIB:-}" ]; then
		skip "no fault library (CRAMPLOG_FAULT_LIB): a sanitizer's build"
		return 1
	fi
}

# squad: 100 simulated athletes over 60 days, imported (past the 4,096
# values a spline sorts in memory at the least).
squad() {
	run "simulate" 0 simulate --athletes 100 --days 60 --seed 7 --out sim
	run "import" 0 import --quiet sim/training.csv sim/hydration.csv sim/diet.csv
}

# each_fault NAME EXPECTED-MESSAGES... -- ARGS...: runs cramplog ARGS
# (with CRAMPLOG_ROWS_MEMORY=1, every model's rows in files) once to log
# its temporary files, then once per fault: exit 74, a message of the
# failure, nothing on standard output and no chart. Each EXPECTED message
# must be among those said (each kind of file is seen to fail).
each_fault() {
	local name=$1 fault said=
	local -a expected=()
	shift
	while [ "$1" != -- ]; do
		expected+=("$1")
		shift
	done
	shift
	export CRAMPLOG_ROWS_MEMORY=1
	with_fault log "$@"
	expect_eq "$name: logged run" "$(cat code)" "0"
	cp err log
	expect_eq "$name: temporary files made" \
		"$(files_made log | wc -l | awk '{ print ($1 > 0) }')" "1"
	for fault in $(faults log); do
		rm -f dose.*
		with_fault "$fault" "$@"
		expect_eq "$name, $fault: exit 74" "$(cat code)" "74"
		expect_eq "$name, $fault: nothing on standard output" \
			"$(wc -c <out)" "0"
		expect_eq "$name, $fault: no chart" "$(ls dose.* 2>/dev/null)" ""
		expect_in "$name, $fault: what failed" err \
			"the temporary file of"
		said+=$(cat err)$'\n'
	done
	unset CRAMPLOG_ROWS_MEMORY
	for fault in "${expected[@]}"; do
		expect_eq "$name: said \"$fault\"" \
			"$(grep -cF -- "$fault" <<<"$said" | awk '{ print ($1 > 0) }')" "1"
	done
}

continuous_faults() {
	fixture squad squad
	fixture_db
	each_fault "pooled" \
		"cannot write the temporary file of the model's rows: No space left on device" \
		"cannot read the temporary file of the model's rows: Input/output error" \
		-- analyze --terms continuous
	# Within athletes on two threads, each reading its own share by place.
	CRAMPLOG_THREADS=2 each_fault "within" \
		"cannot read the temporary file of the model's rows: Input/output error" \
		-- analyze --design within --terms continuous
}
test_case 'continuous terms whose rows cannot be written or read back' <<'CASE'
can_fault && continuous_faults
CASE

spline_faults() {
	fixture squad squad
	fixture_db
	each_fault "spline" \
		"cannot write the temporary file of the spline's values: No space left on device" \
		"cannot read the temporary file of the spline's values: Input/output error" \
		"cannot read the temporary file of the model's rows: Input/output error" \
		-- analyze --spline sodium_mg
}
test_case "a spline whose values or rows cannot be written or read back" <<'CASE'
can_fault && spline_faults
CASE

rug_faults() {
	fixture squad squad
	fixture_db
	each_fault "plot dose" \
		"dose.dat: the rug's values: cannot write the temporary file of the dose chart's rug: No space left on device" \
		"dose.dat: the rug's values: cannot read the temporary file of the dose chart's rug: Input/output error" \
		"cannot write the temporary file of the spline's values: No space left on device" \
		-- plot dose --factor sodium_mg --no-render --out dose.png
}
test_case "the dose chart's rug that cannot be kept or read back: no chart" <<'CASE'
can_fault && rug_faults
CASE

# Standard input, which cannot be read twice, is sorted whole: its rows go
# to the store only once all are in the temporary file's runs, merged. A
# read failing halfway through the merge comes after rows were written.
import_faults() {
	fixture squad squad
	cp -r "$FIXTURE/sim" .
	run "training" 0 import --quiet sim/training.csv
	CRAMPLOG_FAULT=log LD_PRELOAD=$CRAMPLOG_FAULT_LIB "$CRAMPLOG_BIN" import --db scratch.db - <sim/hydration.csv >/dev/null 2>log
	expect_eq "one file to sort the rows" "$(files_made log | wc -l)" "1"
	trained=$CRAMPLOG_DB
	for fault in $(faults log); do
		CRAMPLOG_DB=$PWD/fault-${fault//:/-}.db
		db_copy "$trained" "$CRAMPLOG_DB"
		with_fault "$fault" import - sim/diet.csv <sim/hydration.csv
		expect_eq "$fault: exit 74" "$(cat code)" "74"
		case $fault in
		*write*) what="cannot write the temporary file that sorts the rows: No space left on device" ;;
		*) what="cannot read the temporary file that sorts the rows: Input/output error" ;;
		esac
		expect_in "$fault: what failed, at the file" err "<stdin>: $what; nothing of the file was written"
		expect_eq "$fault: no drink stored" "$(sql "SELECT count(*) FROM hydration")" "0"
		expect_eq "$fault: no import of it" "$(sql "SELECT count(*) FROM imports WHERE kind = 'hydration'")" "0"
		expect_eq "$fault: the next file imported" "$(sql "SELECT count(*) > 0 FROM diet")" "1"
		run "$fault: exposures kept" 0 exposures --format csv
		cp out kept.csv
		CRAMPLOG_KEPT=0 run "$fault: exposures computed" 0 exposures --format csv
		expect_eq "$fault: the kept exposures as computed" "$(cmp -s out kept.csv && echo same)" "same"
	done
	CRAMPLOG_DB=$trained
	run "the same import without a fault" 0 import --quiet - <sim/hydration.csv
	expect_eq "every drink stored" "$(sql "SELECT count(*) FROM hydration")" "$(($(wc -l <sim/hydration.csv) - 1))"
}
test_case "an import whose sort's file fails: nothing of that file, the next one imported" <<'CASE'
can_fault && import_faults
CASE

finish
