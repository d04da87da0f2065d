# cramplog simulate writes files the importer takes back whole; the same
# seed gives the same bytes; --weekly names files by ISO week.
. "$(dirname "$0")/lib.bash"

# seven: six athletes, 30 days, seed 7, in sim/; copied by the cases.
seven() { run "simulate" 0 simulate --out sim --athletes 6 --days 30 --seed 7; }
sim_seven() {
	fixture seven seven
	cp -rp "$FIXTURE/sim" "$FIXTURE/out" .
}

test_case 'simulate: a summary, private files, imported back whole' <<'CASE'
sim_seven
expect_in "summary" out "simulate: 6 athletes, 30 days:"
sessions=$(sed -E 's/.*: ([0-9]+) sessions.*/\1/' out)
hydration=$(sed -E 's/.* ([0-9]+) hydration rows.*/\1/' out)
diet=$(sed -E 's/.* ([0-9]+) diet rows.*/\1/' out)
expect_eq "files are private" "$(stat -c %a sim/training.csv sim/hydration.csv sim/diet.csv | sort -u)" "600"
expect_eq "training lines" "$(($(wc -l < sim/training.csv) - 1))" "$sessions"

run "import simulated" 0 import sim/training.csv sim/hydration.csv sim/diet.csv
expect_in "all training imported" out "training.csv: training, $sessions rows: $sessions added, 0 updated, 0 unchanged, 0 rejected"
expect_in "all hydration imported" out "hydration.csv: hydration, $hydration rows: $hydration added"
expect_in "all diet imported" out "diet.csv: diet, $diet rows: $diet added"
expect_eq "six athletes" "$(sql "SELECT count(*) FROM athletes")" "6"
CASE

test_case 'the same seed gives the same bytes, another seed others' <<'CASE'
sim_seven
run "same seed" 0 simulate --out sim2 --athletes 6 --days 30 --seed 7
for f in training hydration diet; do
	cmp -s "sim/$f.csv" "sim2/$f.csv" && pass || fail "same seed, different $f.csv"
done
run "other seed" 0 simulate --out sim3 --athletes 6 --days 30 --seed 8
cmp -s sim/training.csv sim3/training.csv && fail "other seed, same training.csv" || pass
CASE

test_case '--weekly: files named by ISO week' <<'CASE'
run "weekly" 0 simulate --out weeks --athletes 2 --days 14 --start 2026-08-31 --weekly
expect_eq "weekly files" "$(cd weeks && ls | tr '\n' ' ')" "diet-2026-W36.csv diet-2026-W37.csv hydration-2026-W36.csv hydration-2026-W37.csv training-2026-W36.csv training-2026-W37.csv "
expect_eq "week 36 ends on Sunday" "$(tail -n 1 weeks/hydration-2026-W36.csv | cut -d, -f1)" "2026-09-06"
CASE

test_case '--or and --base-rate; --drinks a day' <<'CASE'
run "odds ratio option" 0 simulate --out sim4 --athletes 2 --days 7 --or low_sodium=3.5 --or tightness=1 --base-rate 0.2
# --drinks: each athlete logs that many drinks a day, besides the morning
# reading (one hydration row).
run "drinks option" 0 simulate --out sim5 --athletes 3 --days 5 --drinks 10-10
expect_eq "ten drinks and a reading a day" "$(($(wc -l < sim5/hydration.csv) - 1))" "$((3 * 5 * 11))"
run "drinks range" 0 simulate --out sim6 --athletes 3 --days 20 --drinks 0-2
n=$(($(wc -l < sim6/hydration.csv) - 1))
[ "$n" -ge 60 ] && [ "$n" -le 180 ] && pass || fail "drinks 0-2: $n hydration rows for 60 days"
CASE

test_case 'usage errors 64, an unwritable directory 73' <<'CASE'
for bad in 5-3 3-31 x 3 3-4x " 3-4" -3-4; do
	run "bad drinks '$bad'" 64 simulate --out x --drinks "$bad"
done
run "no out" 64 simulate --athletes 2
expect_in "no out message" err "--out DIR is required"
run "out without its value" 64 simulate --athletes 2 --out
expect_in "out without its value said" err "option '--out' needs a value"
run "bad athletes" 64 simulate --out x --athletes 0
run "bad days" 64 simulate --out x --days 12abc
run "bad factor" 64 simulate --out x --or salt=2
expect_in "bad factor message" err "--or takes FACTOR=X"
run "bad rate" 64 simulate --out x --base-rate 1.5
run "bad start" 64 simulate --out x --start 2026-02-30
run "too late" 64 simulate --out x --start 2199-12-01 --days 60
run "help" 0 simulate --help
expect_in "help text" out "usage: cramplog simulate"
run "unwritable" 73 simulate --out /proc/cramplog-sim --athletes 1 --days 1
CASE

finish
