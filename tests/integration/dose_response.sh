# cramplog analyze --terms continuous and --spline on a simulated squad: the
# terms keep the names of the exposures' columns with their steps, the
# spline's curve is whole, and mistakes are usage errors. (The figures
# themselves are checked against R in tests/core/test_stats.c.)
STATS=$(cd "$(dirname "$0")/../stats" && pwd)
. "$(dirname "$0")/lib.bash"

# squad: 20 simulated athletes over 120 days imported, and their exposures
# in exposures.json.
squad() {
	run "simulate" 0 simulate --athletes 20 --days 120 --seed 11 --out sim
	run "import" 0 import --quiet sim/training.csv sim/hydration.csv sim/diet.csv
	run "exposures json" 0 exposures --format json
	cp out exposures.json
}
# squad_db: this case's database a copy of squad's, with exposures.json.
squad_db() {
	fixture squad squad
	fixture_db exposures.json
}
row='$[1]'

# Continuous terms: the JSON names and steps, the text's units.
test_case 'continuous terms in JSON: the names of the columns, their steps' <<'CASE'
squad_db
run "continuous json" 0 analyze --terms continuous --format json
expect_eq "terms by column name" "$(json_get out '$.model.terms[0].name')|$(json_get out '$.model.terms[1].name')|$(json_get out '$.model.terms[7].name')" \
	"body_mass_loss_pct|usg|acwr"
expect_eq "steps beside the odds ratios" "$(json_get out '$.model.terms[1].unit')|$(json_get out '$.model.terms[3].unit')|$(json_get out '$.model.terms[7].unit')" \
	"0.005|500|0.1"
expect_eq "no 2x2 tables" "$(json_get out '$.factors')" "[]"
expect_eq "converged" "$(json_get out '$.model.converged')" "1"
CASE

test_case 'continuous terms in text: their units' <<'CASE'
squad_db
run "continuous text" 0 analyze --terms continuous --factors usg,sodium_mg
expect_in "unit in the text" out "usg                 per 0.005"
expect_in "mg unit" out "sodium_mg           per 500 mg"
expect_in "exposures known" out "sessions with every exposure known"
CASE

test_case 'continuous terms within athletes, and as CSV' <<'CASE'
squad_db
run "continuous within" 0 analyze --terms continuous --design within --factors body_mass_loss_pct,acwr --format json
expect_eq "within design" "$(json_get out '$.model.design')|$(json_get out '$.model.terms[1].name')" "within|acwr"
run "continuous csv" 0 analyze --terms continuous --factors pre_tightness --format csv
expect_in "csv header" out "exposure,unit,odds_ratio,ci_low,ci_high,p"
expect_in "csv row" out "pre_tightness,1,"
CASE

# The spline: 4 knots by default, 20 grid points, an odds ratio of 1 at the
# median, a p value.
test_case 'the spline: 4 knots by default, 20 points, a p value, no adjustment unasked' <<'CASE'
squad_db
run "spline json" 0 analyze --spline body_mass_loss_pct --format json
expect_eq "spline name" "$(json_get out '$.spline.name')" "body_mass_loss_pct"
expect_eq "four knots" "$(sqlite3 :memory: "SELECT json_array_length(readfile('out'), '$.spline.knots')")" "4"
expect_eq "twenty points" "$(sqlite3 :memory: "SELECT json_array_length(readfile('out'), '$.spline.grid')")" "20"
expect_eq "p in 0..1" "$(sqlite3 :memory: "SELECT json_extract(readfile('out'), '$.spline.nonlinearity_p') BETWEEN 0 AND 1")" "1"
expect_eq "no adjustment asked, none made" "$(json_get out '$.model.terms')" "[]"
CASE

test_case 'a spline of 3 knots, adjusted for a factor' <<'CASE'
squad_db
run "spline 3 knots adjusted" 0 analyze --spline acwr --knots 3 --factors sodium_mg --format json
expect_eq "three knots" "$(sqlite3 :memory: "SELECT json_array_length(readfile('out'), '$.spline.knots')")|$(json_get out '$.spline.nonlinearity_df')" "3|1"
expect_eq "adjusted for sodium" "$(json_get out '$.model.terms[0].name')" "sodium_mg"
CASE

test_case 'the spline as CSV and as text' <<'CASE'
squad_db
run "spline csv" 0 analyze --spline usg --knots 5 --format csv
expect_eq "a line per point" "$(head -1 out)|$(($(wc -l < out) - 1))" "value,odds_ratio,ci_low,ci_high|20"
run "spline text" 0 analyze --spline usg --knots 5
expect_in "spline said" out "Dose-response of usg: a restricted cubic spline with 5 knots"
expect_in "non-linearity said" out "Non-linearity: likelihood ratio"
CASE

# The events-per-variable rule: one athlete, a 5-knot spline and six more
# terms is too large a model for a handful of cramps: said, still fitted.
test_case 'a model too large for the data: said and flagged, still fitted' <<'CASE'
squad_db
athlete=$(sql "SELECT name FROM athletes ORDER BY id LIMIT 1")
run "small model" 0 analyze --athlete "$athlete" --spline body_mass_loss_pct --knots 5 \
	--factors usg,urine_color,sodium_mg,potassium_mg,pre_tightness,carbs_g_per_kg
expect_in "too large said" out "Warning: the model is too large for the data"
run "small model json" 0 analyze --athlete "$athlete" --spline body_mass_loss_pct --knots 5 \
	--factors usg,urine_color,sodium_mg,potassium_mg,pre_tightness,carbs_g_per_kg --format json
expect_eq "too large flagged" "$(json_get out '$.model.too_large_for_data')" "1"
run "large enough" 0 analyze --terms continuous --factors acwr --format json
expect_eq "not flagged" "$(json_get out '$.model.too_large_for_data')" "0"
CASE

# Sodium balance: exposures' columns agree with a hand computation from
# the session's own figures, and sodium_deficit is a factor when named.
test_case 'sweat volume and sweat sodium as computed by hand; the concentration set' <<'CASE'
squad_db
lost=$(sql "SELECT pre_mass_kg - post_mass_kg + coalesce(fluid_ml, 0) / 1000.0 FROM training t JOIN athletes a ON a.id = t.athlete_id WHERE a.name = '$(json_get exposures.json "$row.athlete" | sed "s/'/''/g")' AND t.date = '$(json_get exposures.json "$row.date")' AND t.start_time = '$(json_get exposures.json "$row.start_time")'")
expect_eq "sweat volume = mass lost + fluid" \
	"$(awk -v v="$(json_get exposures.json "$row.sweat_volume_l")" -v l="$lost" 'BEGIN { if (l < 0) l = 0; d = v - l; print (l != "" && d < 1e-9 && d > -1e-9) }')" "1"
expect_eq "sweat sodium at 825 mg/L" "$(sqlite3 :memory: "SELECT abs(json_extract(readfile('exposures.json'), '$row.sweat_sodium_mg') - 825 * json_extract(readfile('exposures.json'), '$row.sweat_volume_l')) < 1e-6")" "1"
run "exposures at 1000 mg/L" 0 exposures --format json --threshold sweat_sodium_mg_l=1000
expect_eq "the concentration set" "$(json_get out "$row.sweat_sodium_mg_l")" "1000"
CASE

test_case 'sodium_deficit a factor when named, not by default' <<'CASE'
squad_db
run "sodium_deficit named" 0 analyze --factors sodium_deficit,low_sodium --format json
expect_eq "sodium_deficit analysed" "$(json_get out '$.factors[1].name')" "sodium_deficit"
expect_eq "deficit sessions counted" \
	"$(json_get out '$.factors[1].exposed_sessions')" \
	"$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('exposures.json')) WHERE json_extract(value, '$.sodium_deficit') = 1")"
run "default six" 0 analyze --format json
expect_eq "sodium_deficit not by default" "$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('out'), '$.factors')")" "6"
CASE

test_case 'the sodium balance a continuous term per 500 mg; a concentration out of range' <<'CASE'
squad_db
run "balance continuous" 0 analyze --terms continuous --factors sodium_balance_mg --format json
expect_eq "balance per 500 mg" "$(json_get out '$.model.terms[0].name')|$(json_get out '$.model.terms[0].unit')" "sodium_balance_mg|500"
run "bad concentration" 64 analyze --threshold sweat_sodium_mg_l=20
expect_in "concentration range" err "sweat_sodium_mg_l must be 100 to 5000"
CASE

# The dose chart: the curve's 20 points and the rug in the data, the
# default threshold marked, files private; drawn when gnuplot is here.
test_case 'a pooled model whose rows go to a temporary file: the same figures' <<'CASE'
# CRAMPLOG_ROWS_MEMORY=1: every row of the model past the first few in a
# temporary file, read back at each step of the fit; the output the same
# to the byte (and kept in memory when TMPDIR has no room).
squad_db
for args in "--terms continuous" "--spline sodium_mg" "--spline usg --knots 5 --model mle"; do
	run "in memory: $args" 0 analyze $args --format json
	cp out mem.json
	CRAMPLOG_ROWS_MEMORY=1 run "in a file: $args" 0 analyze $args --format json
	expect_eq "the same: $args" "$(cmp -s out mem.json && echo same)" "same"
done
mkdir -p tmp
TMPDIR=$PWD/tmp CRAMPLOG_ROWS_MEMORY=1 run "a file in TMPDIR" 0 analyze --spline usg --knots 5 --model mle --format json
expect_eq "none left in TMPDIR" "$(ls -A tmp)" ""
# (valgrind itself needs TMPDIR: under it, test_spill.c's case alone.)
if ! under_valgrind; then
	TMPDIR=$PWD/none CRAMPLOG_ROWS_MEMORY=1 run "no TMPDIR: in memory" 0 analyze --spline usg --knots 5 --model mle --format json
	expect_eq "the same without TMPDIR" "$(cmp -s out mem.json && echo same)" "same"
fi
mkdir c1 c2
run "dose in memory" 0 plot dose --factor sodium_mg --out c1/dose.png --no-render
CRAMPLOG_ROWS_MEMORY=1 run "dose from a file" 0 plot dose --factor sodium_mg --out c2/dose.png --no-render
expect_eq "the dose chart's data the same" "$(cmp -s c1/dose.dat c2/dose.dat && echo same)" "same"
CASE

# A squad of over 4,096 complete cases: under CRAMPLOG_ROWS_MEMORY=1 a
# spline's values go to a temporary file, sorted there in runs.
larger_squad() {
	run "simulate" 0 simulate --athletes 40 --days 240 --seed 12 --out sim
	run "import" 0 import --quiet sim/training.csv sim/hydration.csv sim/diet.csv
}

test_case 'a spline whose values are sorted in a temporary file: the same knots and figures' <<'CASE'
fixture larger larger_squad
fixture_db
expect_eq "over 4,096 sessions" "$(sql "SELECT count(*) > 4096 FROM training")" "1"
for args in "--spline sodium_mg" "--spline usg --knots 3 --model mle" \
	    "--design within --spline potassium_mg --knots 5 --model mle"; do
	run "in memory: $args" 0 analyze $args
	cp out mem.txt
	CRAMPLOG_ROWS_MEMORY=1 run "sorted in a file: $args" 0 analyze $args
	expect_eq "the same: $args" "$(cmp -s out mem.txt && echo same)" "same"
done
run "in memory, json" 0 analyze --spline sodium_mg --knots 5 --format json
cp out mem.json
mkdir -p tmp
TMPDIR=$PWD/tmp CRAMPLOG_ROWS_MEMORY=1 run "sorted in TMPDIR, json" 0 analyze --spline sodium_mg --knots 5 --format json
expect_eq "the same json" "$(cmp -s out mem.json && echo same)" "same"
expect_eq "none left in TMPDIR" "$(ls -A tmp)" ""
CASE

test_case 'a temporary file that cannot be written: exit 74, what failed, no report' <<'CASE'
# A file size limit stands for a full disk in TMPDIR (SIGXFSZ ignored, a
# write past it fails with EFBIG). Valgrind's own files need room.
fixture larger larger_squad
fixture_db
if ! under_valgrind; then
	for args in "analyze --terms continuous" "analyze --spline sodium_mg" \
		    "analyze --design within --terms continuous" \
		    "plot dose --factor sodium_mg --no-render --out dose.png"; do
		(trap '' XFSZ; ulimit -f 50
		 CRAMPLOG_ROWS_MEMORY=1 cramplog_bin $args >out 2>err
		 echo $? >code)
		expect_eq "exit 74: $args" "$(cat code)" "74"
		expect_in "what failed: $args" err \
			"cannot write the temporary file of the model's rows: File too large"
		expect_eq "no report: $args" "$(wc -c <out)" "0"
	done
	expect_eq "no chart" "$(ls dose.* 2>/dev/null)" ""
else
	skip "valgrind's own files need more room than the file size limit"
fi
CASE

test_case 'a model within athletes held a block of athletes at a time: the same figures' <<'CASE'
# CRAMPLOG_ROWS_MEMORY=1: the rows in a temporary file and the conditional
# fit holding one athlete's at a time. Its sums then add up in another
# order, so the JSON's 17 digits may differ in the last ones: the figures
# agree to 1e-12, the text report to the byte.
squad_db
for args in "--terms continuous" "--spline sodium_mg --model mle"; do
	run "in memory: $args" 0 analyze --design within $args --format json
	cp out mem.json
	run "in memory, text: $args" 0 analyze --design within $args
	cp out mem.txt
	CRAMPLOG_ROWS_MEMORY=1 run "in blocks: $args" 0 analyze --design within $args --format json
	cp out blocks.json
	expect_eq "athletes and cramps the same: $args" \
		"$(sqlite3 :memory: "SELECT count(*) FROM json_tree(readfile('mem.json')) a JOIN json_tree(readfile('blocks.json')) b USING (fullkey) WHERE a.type = 'integer' AND a.atom <> b.atom")" "0"
	expect_eq "figures to 1e-12: $args" \
		"$(sqlite3 :memory: "SELECT count(*) FROM json_tree(readfile('mem.json')) a JOIN json_tree(readfile('blocks.json')) b USING (fullkey) WHERE a.type = 'real' AND abs(a.atom - b.atom) > 1e-12 * abs(a.atom)")" "0"
	expect_eq "as many figures: $args" \
		"$(sqlite3 :memory: "SELECT (SELECT count(*) FROM json_tree(readfile('mem.json')) WHERE type = 'real') - (SELECT count(*) FROM json_tree(readfile('blocks.json')) a JOIN json_tree(readfile('mem.json')) b USING (fullkey) WHERE a.type = 'real' AND b.type = 'real')")" "0"
	CRAMPLOG_ROWS_MEMORY=1 run "in blocks, text: $args" 0 analyze --design within $args
	expect_eq "the text the same: $args" "$(cmp -s out mem.txt && echo same)" "same"
done
CASE

test_case 'the dose chart: the grid and the rug in its data, the threshold marked, private' <<'CASE'
squad_db
mkdir charts
run "dose chart files" 0 plot dose --factor body_mass_loss_pct --knots 3 --out charts/dose.png --no-render
expect_eq "grid in the data" "$(awk '/^$/ { exit } !/^#/ { n++ } END { print n }' charts/dose.dat)" "20"
expect_eq "rug: every known value" "$(awk '/rug/ { on = 1; next } on && NF { n++ } END { print n }' charts/dose.dat)" \
	"$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('exposures.json')) WHERE json_extract(value, '$.body_mass_loss_pct') IS NOT NULL")"
expect_in "threshold marked" charts/dose.gp "'default threshold 2'"
expect_in "knots said" charts/dose.gp "restricted cubic spline, 3 knots"
expect_eq "private" "$(stat -c %a charts/dose.gp charts/dose.dat | sort -u)" "600"
CASE

test_case 'a dose chart whose data cannot be written: exit 73, nothing left' <<'CASE'
# /proc makes no new file: the data file fails after the model is fitted
# (under the sanitizers, nothing of the chart is left unfreed either).
squad_db
run "dose data into /proc" 73 plot dose --factor sodium_mg --out /proc/dose.png --no-render
expect_in "says where" err "/proc/dose.dat"
expect_eq "no script either" "$(ls /proc/dose.gp 2>/dev/null)" ""
CASE

test_case 'the dose chart drawn by gnuplot' <<'CASE'
if ! command -v gnuplot >/dev/null; then
	skip "no gnuplot here"
	return
fi
squad_db
mkdir charts
run "dose chart drawn" 0 plot dose --factor acwr --out charts/acwr.svg
expect_in "an svg" charts/acwr.svg "<svg"
CASE

test_case 'the dose chart needs a continuous --factor, which is for it alone' <<'CASE'
squad_db
mkdir charts
run "dose needs a factor" 64 plot dose --out charts/x.png
expect_in "factor asked" err "the dose chart needs --factor NAME"
run "dose factor unknown" 64 plot dose --factor low_sodium --out charts/x.png
expect_in "continuous only" err "--factor: unknown continuous exposure 'low_sodium'"
run "factor elsewhere" 64 plot team --factor usg --out charts/x.png
expect_in "factor is for dose" err "--factor is for the dose chart"
CASE

# A planted dose-response: the odds of a cramp rise by 4 per 1000 mg that
# the day before's sweat sodium outran its intake. The spline finds risk
# rising as the balance falls, flat where it is ample, and a bend; with
# nothing planted (the same seed), no bend.
test_case 'a planted dose-response of the sodium deficit: found, with its bend' <<'CASE'
run "simulate planted" 0 simulate --athletes 40 --days 240 --seed 5 --or sodium_deficit=4 --out planted
run "import planted" 0 import --quiet --db planted.db planted/training.csv planted/hydration.csv planted/diet.csv
run "planted spline" 0 analyze --db planted.db --spline sodium_balance_mg --format json
expect_eq "risk rises with the deficit" "$(sqlite3 :memory: "SELECT json_extract(readfile('out'), '$.spline.grid[0].odds_ratio') > 4 AND json_extract(readfile('out'), '$.spline.grid[0].ci_low') > 2 AND json_extract(readfile('out'), '$.spline.grid[3].odds_ratio') > json_extract(readfile('out'), '$.spline.grid[6].odds_ratio')")" "1"
expect_eq "flat where the balance is ample" "$(sqlite3 :memory: "SELECT abs(json_extract(readfile('out'), '$.spline.grid[12].odds_ratio') - 1) < 0.1")" "1"
expect_eq "a bend found" "$(sqlite3 :memory: "SELECT json_extract(readfile('out'), '$.spline.nonlinearity_p') < 0.001")" "1"
run "planted factor" 0 analyze --db planted.db --factors sodium_deficit --format json
expect_eq "deficit flagged sessions cramp more" "$(sqlite3 :memory: "SELECT json_extract(readfile('out'), '$.factors[0].ci_low') > 3")" "1"
CASE

test_case 'nothing planted, the same seed: no bend' <<'CASE'
run "simulate unplanted" 0 simulate --athletes 40 --days 240 --seed 5 --out unplanted
run "import unplanted" 0 import --quiet --db unplanted.db unplanted/training.csv unplanted/hydration.csv unplanted/diet.csv
run "unplanted spline" 0 analyze --db unplanted.db --spline sodium_balance_mg --format json
expect_eq "no bend without a planted effect" "$(sqlite3 :memory: "SELECT json_extract(readfile('out'), '$.spline.nonlinearity_p') > 0.05")" "1"
CASE

# A spline's basis columns overlap: their coefficients run to tens per SD
# with nothing separated (review 10b). The maximum likelihood fits and the
# test of non-linearity, against glm and clogit (exact) from the exposures.
test_case 'a spline of large coefficients per SD is no separation: its test against glm and clogit' <<'CASE'
if ! Rscript -e 'library(Hmisc); library(survival)' >/dev/null 2>&1; then
	fail "Rscript with Hmisc and survival is needed (scripts/install-deps.sh)"
fi
run "simulate seed 7" 0 simulate --athletes 16 --days 84 --seed 7 --out s7
run "import seed 7" 0 import --quiet --db s7.db s7/training.csv s7/hydration.csv s7/diet.csv
cramplog_bin exposures --db s7.db > s7.csv
Rscript "$STATS/spline_lrt.R" s7.csv body_mass_loss_pct 5 > r.txt 2> r.err ||
	fail "spline_lrt.R: $(cat r.err)"
for design in pooled within; do
	run "$design mle spline" 0 analyze --db s7.db --spline body_mass_loss_pct --knots 5 --model mle --design "$design" --format json
	expect_eq "$design mle: no separation" "$(json_get out '$.model.separation')|$(json_get out '$.spline.fitted')" "0|1"
	read -r _ chisq p < <(grep "^$design " r.txt)
	expect_eq "$design: the test as R's (1e-6)" "$(sqlite3 :memory: "SELECT abs(json_extract(readfile('out'), '$.spline.nonlinearity_chisq') / $chisq - 1) < 1e-6 AND abs(json_extract(readfile('out'), '$.spline.nonlinearity_p') / $p - 1) < 1e-6")" "1"
done
run "firth text" 0 analyze --db s7.db --spline body_mass_loss_pct --knots 5
expect_in "firth: the test said" out "Non-linearity: likelihood ratio 1.21 on 3 degrees of freedom, p = 0.750"
CASE

test_case 'a spline whose fitted risk comes near 0 without separation: fitted as glm does' <<'CASE'
# No cramp at a tightness of 3 or less, one in four above (drawn at
# random, seed 4, into tests/data/spline-near-zero.csv): the curve's left
# tail reaches a fitted risk of 3.5e-11, finite (review 11a). A fitted
# risk under 1e-10 was taken for separation; glm's own limit is 10 eps.
cp "$DATA/spline-near-zero.csv" near.csv
run "import near" 0 import --quiet --db near.db near.csv
cramplog_bin exposures --db near.db > near-exposures.csv
Rscript "$STATS/spline_lrt.R" near-exposures.csv pre_tightness 4 > r.txt 2> r.err ||
	fail "spline_lrt.R: $(cat r.err)"
for design in pooled within; do
	run "near $design mle" 0 analyze --db near.db --spline pre_tightness --knots 4 --model mle --design "$design" --format json
	expect_eq "near $design: fitted, no separation" "$(json_get out '$.model.separation')|$(json_get out '$.spline.fitted')" "0|1"
	read -r _ chisq p < <(grep "^$design " r.txt)
	expect_eq "near $design: the test as R's (1e-6)" "$(sqlite3 :memory: "SELECT abs(json_extract(readfile('out'), '$.spline.nonlinearity_chisq') / $chisq - 1) < 1e-6")" "1"
done
CASE

test_case 'a spline that truly separates: the test not made, and said why' <<'CASE'
# Cramps above a tightness of 6, none below, some at 6: maximum
# likelihood runs off (quasi-complete separation).
{
	echo "date,start_time,athlete,session,duration_min,rpe,distance_km,pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,cramp_muscle,cramp_side,cramp_severity,notes"
	for i in $(seq 0 39); do
		t=$((1 + i % 9))
		c=no
		{ [ "$t" -gt 6 ] || { [ "$t" = 6 ] && [ $((i % 2)) = 0 ]; }; } && c=yes
		printf '2026-03-%02d,%02d:00,Ana Test,run,60,5,,,,,,%d,%s,,,,\n' $((1 + i / 4)) $((6 + i % 4)) "$t" "$c"
	done
} > sep.csv
run "import sep" 0 import --quiet --db sep.db sep.csv
run "sep firth" 0 analyze --db sep.db --spline pre_tightness --knots 3
expect_in "sep: the test not made, and why" out "Non-linearity: not tested; the maximum likelihood fits it compares run off"
run "sep mle" 0 analyze --db sep.db --spline pre_tightness --knots 3 --model mle --format json
expect_eq "sep mle: separation" "$(json_get out '$.model.separation')" "1"
run "sep mle within" 0 analyze --db sep.db --spline pre_tightness --knots 3 --model mle --design within
expect_in "sep mle within: why" out "(separation); use the Firth model"
CASE

# Mistakes.
test_case 'mistakes in exposures, terms, splines and knots: usage errors that say which' <<'CASE'
squad_db
run "unknown exposure" 64 analyze --terms continuous --factors salt
expect_in "names the exposure" err "unknown continuous exposure 'salt'"
run "flag name among exposures" 64 analyze --terms continuous --factors dehydration
expect_in "flag refused" err "unknown continuous exposure 'dehydration'"
run "exposure among flags" 64 analyze --factors usg
expect_in "exposure refused" err "unknown factor 'usg'"
run "bad terms" 64 analyze --terms curvy
expect_in "terms said" err "--terms must be flags or continuous, not 'curvy'"
run "bad spline" 64 analyze --spline dehydration
expect_in "spline said" err "--spline: unknown continuous exposure 'dehydration'"
run "sodium_deficit not in the report" 64 report --factors sodium_deficit
expect_in "report says so" err "sodium_deficit is not in the report yet"
run "bad knots" 64 analyze --spline usg --knots 6
expect_in "knots said" err "--knots must be 3, 4 or 5, not '6'"
CASE

finish
