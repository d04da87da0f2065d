# cramplog exposures and analyze on the sample squad: the counts agree with
# the store and with each other, the JSON carries the names scripts rely on,
# options change what they should, and no data or few data is not a failure.
STATS=$(cd "$(dirname "$0")/../stats" && pwd)
. "$(dirname "$0")/lib.bash"
SAMPLE="$DATA/../../sample-data"

# groups_log < GROUPS: a training log of groups of like sessions, a line
# each: athlete, tightness, body mass after (70 kg before), cramp (yes or
# no), sessions; ten sessions a day from 2026-01-05.
groups_log() {
	local k=0 a t post c n
	echo "date,start_time,athlete,session,duration_min,rpe,distance_km,pre_mass_kg,post_mass_kg,fluid_ml,temp_c,tightness,cramp,cramp_muscle,cramp_side,cramp_severity,notes"
	while read -r a t post c n; do
		for _ in $(seq "$n"); do
			printf '2026-01-%02d,%02d:00,%s,run,60,5,,70,%s,,15,%s,%s,,,,\n' \
				$((5 + k / 10)) $((6 + k % 10)) "$a" "$post" "$t" "$c"
			k=$((k + 1))
		done
	done
}

# hydration_only: a database of intake and no training.
hydration_only() {
	run "import hydration only" 0 import --quiet "$SAMPLE/hydration-2026-W36.csv"
}

# sample_squad: the sample squad imported on top of it, its exposures and
# its analysis in json (exposures.json, all.json). sample: a copy of all
# that in this case's directory, and sessions and cramps, their counts.
sample_squad() {
	fixture hydration hydration_only
	fixture_db
	run "import sample" 0 import --quiet "$SAMPLE"/*.csv
	run "exposures json" 0 exposures --format json
	cp out exposures.json
	run "analyze json" 0 analyze --format json
	cp out all.json
	sql "SELECT count(*), sum(CASE WHEN cramp = 1 THEN 1 ELSE 0 END) FROM training" | tr '|' ' ' > counts
}
sample() {
	fixture sample sample_squad
	fixture_db exposures.json all.json
	read -r sessions cramps < "$FIXTURE/counts"
}

# flagged COLUMN: sessions whose flag is true in exposures.json.
flagged() { sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('exposures.json')) WHERE json_extract(value, '\$.$1') = 1"; }

test_case 'no database: 66 and a hint' <<'CASE'
run "no database" 66 analyze
expect_in "no database hint" err "import some logs first"
CASE

test_case 'intake but no training: a message, exit 0, empty results' <<'CASE'
fixture hydration hydration_only
fixture_db
run "no sessions" 0 analyze
expect_in "no sessions said" out "No training sessions in the selection"
run "no sessions json" 0 analyze --format json
expect_eq "json sessions 0" "$(json_get out '$.sessions')" "0"
expect_eq "json factors empty" "$(json_get out '$.factors')" "[]"
expect_eq "json model terms empty" "$(json_get out '$.model.terms')" "[]"
run "no sessions exposures" 0 exposures
expect_eq "exposures header only" "$(wc -l < out)" "1"
CASE

test_case 'exposures: one row per session, the same on one thread or two' <<'CASE'
sample
# exposures: one row per session, flags 1, 0 or empty.
run "exposures csv" 0 exposures
expect_eq "exposures rows" "$(($(wc -l < out) - 1))" "$sessions"
expect_in "exposures header" out "athlete,date,start_time,cramp,"
cp out exposures.csv
# Diet is read on a second thread when there are processors for it; read
# before the rest on one thread, every figure is the same.
CRAMPLOG_THREADS=1 run "exposures on one thread" 0 exposures
expect_eq "one thread or two, the same table" "$(cmp out exposures.csv && echo same)" "same"
CRAMPLOG_THREADS=2 run "exposures on two threads" 0 exposures
expect_eq "two threads, the same table" "$(cmp out exposures.csv && echo same)" "same"
expect_eq "exposures json rows" "$(json_get exposures.json '$[#-1].date')|$(sqlite3 :memory: "SELECT json_array_length(readfile('exposures.json'))")" \
	"$(sql "SELECT max(date) FROM training")|$sessions"
tight=$(flagged tightness)
expect_eq "tightness flag = store" "$tight" "$(sql "SELECT count(*) FROM training WHERE tightness >= 7")"
CASE

test_case 'analyze json: the names scripts rely on, counts that add up' <<'CASE'
sample
tight=$(flagged tightness)
expect_eq "sessions" "$(json_get all.json '$.sessions')" "$sessions"
expect_eq "cramps" "$(json_get all.json '$.cramps')" "$cramps"
expect_eq "athletes" "$(json_get all.json '$.athletes')" "$(sql "SELECT count(DISTINCT athlete_id) FROM training")"
expect_eq "window" "$(json_get all.json '$.window_days')" "1"
expect_eq "six factors" "$(json_get all.json '$.factors[#-1].name')" "high_load"
expect_eq "model design" "$(json_get all.json '$.model.design')|$(json_get all.json '$.model.method')" "pooled|firth"
for i in 0 1 2 3 4 5; do
	f="\$.factors[$i]"
	name=$(json_get all.json "$f.name")
	es=$(json_get all.json "$f.exposed_sessions"); ec=$(json_get all.json "$f.exposed_cramps")
	us=$(json_get all.json "$f.unexposed_sessions"); uc=$(json_get all.json "$f.unexposed_cramps")
	un=$(json_get all.json "$f.unknown_sessions")
	expect_eq "$name adds up" "$((es + us + un))" "$sessions"
	# exposed + unexposed cramps never exceed all cramps
	[ $((ec + uc)) -le "$cramps" ] && pass || fail "$name: more cramps than there are"
	# The odds ratio is the table's own (with 0.5 added when corrected).
	corr=$(json_get all.json "$f.corrected")
	want=$(awk -v a="$ec" -v b="$((es - ec))" -v c="$uc" -v d="$((us - uc))" -v k="$corr" \
		'BEGIN { if (k) { a += .5; b += .5; c += .5; d += .5 }; printf "%.9g", a * d / (b * c) }')
	got=$(json_get all.json "$f.odds_ratio")
	awk -v g="$got" -v w="$want" 'BEGIN { exit !(g > 0 && (g - w) / w < 1e-8 && (w - g) / w < 1e-8) }' &&
		pass || fail "$name odds ratio $got, table says $want"
	for key in ci_low ci_high p_fisher p_adjusted relative_risk; do
		[ -n "$(json_get all.json "$f.$key")" ] && pass || fail "$name: no $key"
	done
done
expect_eq "tightness exposed = flags" "$(json_get all.json '$.factors[4].exposed_sessions')" "$tight"
expect_eq "model terms" "$(json_get all.json '$.model.terms[0].name')" "dehydration"
[ "$(json_get all.json '$.model.sessions')" -le "$sessions" ] && pass || fail "model uses more sessions than exist"
CASE

test_case 'analyze text: a sentence per factor, the model, the caveat, 80 columns' <<'CASE'
sample
run "analyze text" 0 analyze
expect_in "sentence" out "times the odds of a cramp (95% CI"
expect_in "model" out "All together: pooled logistic regression (Firth's penalized likelihood)"
expect_in "caveat" out "associations in the logs, not causes"
expect_eq "sentences fit 80 columns" "$(grep -E '^(Sessions|  Not|All|These)' out | awk 'length > 80' | wc -l)" "0"
CASE

test_case 'analyze csv: a header and a line per factor' <<'CASE'
sample
run "analyze csv" 0 analyze --format csv
expect_eq "csv lines" "$(wc -l < out)" "7"
expect_in "csv header" out "factor,exposed_sessions,exposed_cramps,unexposed_sessions,unexposed_cramps,unknown_sessions,odds_ratio"
CASE

test_case 'within athletes: a factor that varies within no athlete who carries weight is left out, the rest estimated as clogit does' <<'CASE'
# A and B cramp and are never tight; C is tight at times and never
# cramps, so carries no weight (review 10b): the whole model was refused.
# Groups: athlete, tightness, body-mass loss, cramp, sessions.
groups_log <<'GROUPS' > groups.csv
A 2 68 yes 3
A 2 69.5 yes 2
A 2 68 no 5
A 2 69.5 no 10
B 2 68 yes 2
B 2 69.5 yes 1
B 2 68 no 6
B 2 69.5 no 15
C 8 68 no 4
C 2 69.5 no 10
GROUPS
run "import groups" 0 import --quiet --db groups.db groups.csv
for kept in 1 0; do
	CRAMPLOG_KEPT=$kept run "within mle ($kept)" 0 analyze --db groups.db --factors dehydration,tightness --design within --model mle --format json
	expect_eq "kept $kept: tightness left out, why" "$(json_get out '$.model.left_out[0].name')|$(json_get out '$.model.left_out[0].why')" "tightness|not_within_athletes"
	expect_eq "kept $kept: dehydration estimated, athletes" "$(json_get out '$.model.terms[0].name')|$(json_get out '$.model.athletes')|$(json_get out '$.model.athletes_skipped')" "dehydration|2|1"
	cp out "mle-$kept.json"
done
cramplog_bin exposures --db groups.db > groups-exposures.csv
read -r coef se < <(Rscript -e 'suppressMessages(library(survival)); e <- read.csv(commandArgs(TRUE)[1]); f <- clogit(cramp ~ dehydration + tightness + strata(athlete), data = e, method = "exact", control = coxph.control(eps = 1e-11)); s <- summary(f)$coefficients; stopifnot(is.na(coef(f)[["tightness"]])); cat(format(s["dehydration", c(1, 3)], digits = 17), "\n")' groups-exposures.csv 2>r.err) ||
	fail "R: $(cat r.err)"
expect_eq "dehydration as clogit's (1e-6)" "$(sqlite3 :memory: "SELECT abs(ln(json_extract(readfile('mle-1.json'), '$.model.terms[0].odds_ratio')) / $coef - 1) < 1e-6 AND abs(json_extract(readfile('mle-0.json'), '$.model.terms[0].odds_ratio') / json_extract(readfile('mle-1.json'), '$.model.terms[0].odds_ratio') - 1) < 1e-10")" "1"
run "within text" 0 analyze --db groups.db --factors dehydration,tightness --design within
expect_in "text: why left out" out "tightness left out: it varies within no athlete who has sessions with and"
expect_in "text: 2 athletes" out "2 athletes compared with"
run "tightness alone" 0 analyze --db groups.db --factors tightness --design within --format json
expect_eq "tightness alone: nothing to fit, and why" "$(json_get out '$.model.reason')" "no chosen factor varies within an athlete who has sessions with and without a cramp"
CASE

test_case 'a factor that cannot be compared is not counted in Benjamini-Hochberg' <<'CASE'
# Tightness never present: no test, so dehydration's p is adjusted over
# one test, as p.adjust(c(p, NA), "BH") (review 10b): it was doubled.
# R: fisher.test(matrix(c(4, 6, 1, 20), 2))$p.value = 0.0274378939562477.
groups_log <<'GROUPS' > never.csv
A 2 68 yes 4
A 2 68 no 6
A 2 69.5 yes 1
A 2 69.5 no 20
GROUPS
run "import never" 0 import --quiet --db never.db never.csv
run "never json" 0 analyze --db never.db --factors dehydration,tightness --format json
expect_eq "tightness: p 1, not adjusted" "$(json_get out '$.factors[1].name')|$(json_get out '$.factors[1].p_fisher')|$(json_get out '$.factors[1].p_adjusted')" "tightness|1|"
expect_eq "dehydration: adjusted over one test" "$(sqlite3 :memory: "SELECT json_extract(readfile('out'), '$.factors[0].p_adjusted') = json_extract(readfile('out'), '$.factors[0].p_fisher') AND abs(json_extract(readfile('out'), '$.factors[0].p_fisher') / 0.0274378939562477 - 1) < 1e-6")" "1"
CASE

test_case 'within each athlete: maximum likelihood separates, Firth converges' <<'CASE'
sample
# Within each athlete: conditional logistic regression, MLE and Firth.
# No session at a high load had a cramp: maximum likelihood separates, and
# says so instead of printing numbers.
run "within mle" 0 analyze --design within --model mle --format json
expect_eq "within design" "$(json_get out '$.model.design')|$(json_get out '$.model.method')" "within|mle"
expect_eq "within mle separation" "$(json_get out '$.model.separation')|$(json_get out '$.model.converged')" "1|0"
expect_eq "no number under separation" "$(json_get out '$.model.terms[0].odds_ratio')" ""
run "within mle text" 0 analyze --design within --model mle
expect_in "separation said" out "separation: some estimates run off to infinity"
run "within mle without high_load" 0 analyze --design within --model mle --factors dehydration,low_potassium,tightness --format json
expect_eq "within mle converged" "$(json_get out '$.model.converged')|$(json_get out '$.model.separation')" "1|0"
run "within firth" 0 analyze --design within --format json
expect_eq "within firth converged" "$(json_get out '$.model.converged')" "1"
[ -n "$(json_get out '$.model.terms[0].odds_ratio')" ] && pass || fail "within firth: no estimate"
CASE

test_case '--factors narrows' <<'CASE'
sample
run "two factors" 0 analyze --factors low_sodium,tightness --format json
expect_eq "two factors only" "$(json_get out '$.factors[1].name')|$(json_get out '$.factors[2].name')" "tightness|"
CASE

test_case 'a threshold moves the flags, by option or config file (XDG too); the option wins' <<'CASE'
sample
base=$(json_get all.json '$.factors[1].exposed_sessions')
run "threshold" 0 analyze --threshold low_sodium_mg=3000 --format json
raised=$(json_get out '$.factors[1].exposed_sessions')
[ "$raised" -gt "$base" ] && pass || fail "low_sodium_mg=3000 flags $raised sessions, default $base"
printf '# squad settings\n[thresholds]\nlow_sodium_mg = 3000\n' > config
run "config file" 0 analyze --config config --format json
expect_eq "config = option" "$(json_get out '$.factors[1].exposed_sessions')" "$raised"
printf '\xef\xbb\xbf# squad settings\r\n[thresholds]\r\nlow_sodium_mg = 3000\r\n' > config-bom
run "config with a byte-order mark and CRLF" 0 analyze --config config-bom --format json
expect_eq "config with a byte-order mark = option" "$(json_get out '$.factors[1].exposed_sessions')" "$raised"
run "option beats config" 0 analyze --config config --threshold low_sodium_mg=1500 --format json
expect_eq "option wins" "$(json_get out '$.factors[1].exposed_sessions')" "$base"
XDG_CONFIG_HOME=$WORK/xdg run "xdg config" 0 analyze --format json
mkdir -p xdg/cramplog && cp config xdg/cramplog/config
XDG_CONFIG_HOME=$WORK/xdg run "xdg config" 0 analyze --format json
expect_eq "xdg config read" "$(json_get out '$.factors[1].exposed_sessions')" "$raised"
CASE

test_case 'config: the analysis section; errors at their lines; a missing or unreadable file 66; no hex' <<'CASE'
sample
printf '[analysis]\nwindow = 3   # intake: the 3 days before\nacwr = ewma\n' > config3
run "config analysis section" 0 analyze --config config3
expect_in "config window used" out "intake window: the mean"
printf '[thresholds]\nlow_sodium_mg = lots\nsalt = 3\n[other]\nx = 1\n' > badconfig
run "bad config" 64 analyze --config badconfig
expect_in "bad value placed" err "badconfig:2: low_sodium_mg: 'lots' is not a number"
expect_in "unknown name placed" err "badconfig:3: unknown threshold 'salt'"
expect_in "unknown section placed" err "badconfig:5: 'x' is not in a known section"
run "missing config" 66 analyze --config no-such-file
expect_in "missing config said" err "cannot read no-such-file"
# The default file that cannot be read is 66 too, as cramplog(1) says
# (review 9: it was 74); one that is not there is no error.
mkdir -p xdg/cramplog/config
XDG_CONFIG_HOME=$WORK/xdg run "default config a directory" 66 analyze
expect_in "default config a directory said" err "cannot read $WORK/xdg/cramplog/config: Is a directory"
XDG_CONFIG_HOME=$WORK/none run "no default config" 0 analyze
# A threshold's number is read as a data cell's: no hex, no blanks
# (review 9: strtod took 0X5DC as 1500).
printf '[thresholds]\nlow_sodium_mg = 0x5DC\n' > hexconfig
run "hex in a config" 64 analyze --config hexconfig
expect_in "hex in a config placed" err "hexconfig:2: low_sodium_mg: '0x5DC' is not a number"
for t in 0X5DC 0x1p4 " 16" "16 " nan inf; do
	run "threshold '$t'" 64 analyze --threshold "low_sodium_mg=$t"
	expect_in "threshold '$t' said" err "--threshold takes NAME=VALUE with a number"
done
run "threshold with an exponent" 0 analyze --threshold low_sodium_mg=1.5e3
CASE

test_case '--window 3' <<'CASE'
sample
run "window 3" 0 analyze --window 3 --format json
expect_eq "window 3 said" "$(json_get out '$.window_days')" "3"
CASE

test_case 'one athlete, a few weeks: few data described, not a failure' <<'CASE'
sample
# One athlete, a few weeks: few data is described, not a failure.
name=$(sql "SELECT a.name FROM athletes a JOIN training t ON t.athlete_id = a.id GROUP BY a.id HAVING sum(t.cramp) BETWEEN 1 AND 4 ORDER BY a.id LIMIT 1")
run "one athlete" 0 analyze --athlete "$name"
expect_in "too few said" out "too few to test anything"
run "one athlete json" 0 analyze --athlete "$(echo "$name" | tr '[:lower:]' '[:upper:]')" --format json
expect_eq "one athlete sessions" "$(json_get out '$.sessions')" \
	"$(sql "SELECT count(*) FROM training t JOIN athletes a ON a.id = t.athlete_id WHERE a.name = '$name'")"
CASE

test_case 'a date range' <<'CASE'
sample
run "date range" 0 analyze --from 2026-10-01 --to 2026-10-07 --format json
expect_eq "date range sessions" "$(json_get out '$.sessions')" \
	"$(sql "SELECT count(*) FROM training WHERE date BETWEEN '2026-10-01' AND '2026-10-07'")"
CASE

test_case 'usage errors 64, no such athlete 66, --help' <<'CASE'
sample
# Usage errors: 64 and a message naming what is wrong; no athlete: 66.
run "unknown factor" 64 analyze --factors tightness,sleep
expect_in "unknown factor named" err "sleep"
run "bad design" 64 analyze --design mixed
run "bad model" 64 analyze --model bayes
run "bad format" 64 analyze --format xml
run "bad window" 64 analyze --window 0
run "bad date" 64 analyze --from 2026-02-30
run "bad threshold" 64 analyze --threshold low_sodium_mg=-5
run "unknown threshold" 64 analyze --threshold salt=3
run "stray argument" 64 analyze extra
run "no such athlete" 66 analyze --athlete "Nobody Here"
expect_in "no such athlete said" err "no athlete called 'Nobody Here'"
run "help" 0 analyze --help
expect_in "help names designs" out "--design DESIGN"
run "exposures help" 0 exposures --help
CASE

finish
