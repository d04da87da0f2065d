#!/usr/bin/env bash
# Analyzer benchmark: simulates 500 athletes over two years (about 290,000
# sessions and 5 million intake rows), imports them, then prints the time,
# CPU time and peak RSS of `cramplog analyze` for each design and model
# (flags, then continuous terms and a spline beside issue 15's targets), of
# `cramplog report` (text, and html with its charts drawn by gnuplot), and
# of `cramplog exposures` (the part every design shares). A benchmark, not a
# test: it prints figures and fails only when a command fails.
#   tests/bench/analyze_bench.sh [BUILD-DIR]   (default build/release)
# BENCH_DB=PATH keeps (or reuses) the imported database there;
# BENCH_ATHLETES, BENCH_DAYS and BENCH_DRINKS (MIN-MAX a day) size it.
# BENCH_BEFORE=BUILD-DIR runs that build's cramplog too, each figure of it
# on the line below ("before"), in the same run. BENCH_WITHIN=1 adds issue
# 17's within-athlete squads of 250,000 sessions, 500 athletes x 500
# sessions and 125 x 2,000 (BENCH_WITHIN_DIR=DIR keeps their databases).
# BENCH_MILLION=1 adds issue 17's million sessions, 1,750 athletes over
# two years, for analyze, report and validate (BENCH_MILLION_DB=PATH keeps
# it: its import takes two to three minutes); BENCH_TWO_MILLION=1 twice
# that (BENCH_TWO_MILLION_DB).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
bin=$build/cramplog
if [ ! -x "$bin" ]; then
	scripts/install-deps.sh
	cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRAMPLOG_TESTS=OFF >/dev/null
	cmake --build "$build" -j "$(nproc)" --target cramplog >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/cramplog-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

athletes=${BENCH_ATHLETES:-500}
days=${BENCH_DAYS:-730}
# 8 to 11 drinks a day besides the morning reading, and 3 or 4 meals: about
# 14 intake rows a day, 5 million for the squad, as the issue sizes it.
drinks=${BENCH_DRINKS:-8-11}
db=${BENCH_DB:-$work/bench.db}
if [ ! -s "$db" ]; then
	"$bin" simulate --athletes "$athletes" --days "$days" --drinks "$drinks" --seed 42 \
		--out "$work/sim" >/dev/null
	start=$(date +%s.%N)
	"$bin" import --quiet --db "$db" "$work/sim/training.csv" "$work/sim/hydration.csv" "$work/sim/diet.csv"
	end=$(date +%s.%N)
	rm -rf "$work/sim"
	awk -v s="$start" -v e="$end" 'BEGIN { printf "import of the three logs: %.1f s\n", e - s }'
fi
q() { sqlite3 -batch -noheader "$db" "$1"; }
echo "database: $(q "SELECT count(*) FROM athletes") athletes, $(q "SELECT count(*) FROM training") sessions ($(q "SELECT count(*) FROM training WHERE cramp = 1") with a cramp), $(q "SELECT count(*) FROM hydration") hydration and $(q "SELECT count(*) FROM diet") diet rows"
echo "machine: $(nproc) cores, $(uname -m), sqlite $(sqlite3 --version | cut -d' ' -f1)"

# measure LABEL ARGS...: seconds, CPU seconds (user + sys: what to compare
# on a loaded machine, where the wall time says little) and peak RSS of one
# run of cramplog; with TARGET set (seconds), the target beside them. With
# WARM set, after a first run left unmeasured, which brings the database
# into the page cache (a VM may drop the cache of a gigabyte file between
# commands: the first read then comes from disk).
measure() {
	local label=$1 target=${TARGET:-} run=$bin
	shift
	[ -z "${WARM:-}" ] || "$run" "$@" --db "$db" >/dev/null 2>&1 || :
	while :; do
		/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$run" "$@" --db "$db" >/dev/null 2>"$work/err" || {
			cat "$work/err" >&2
			exit 1
		}
		read -r secs user sys rss < "$work/time"
		awk -v l="$label" -v s="$secs" -v u="$user" -v y="$sys" -v m="$rss" -v t="$target" 'BEGIN {
			printf "%-40s %7.2f s %7.2f s CPU %8.1f MiB peak RSS", l, s, u + y, m / 1024
			if (t != "")
				printf "  (target: under %s s%s)", t, t + 0 == 0.5 ? ", 64 MB" : ""
			printf "\n"
		}'
		[ -n "${BENCH_BEFORE:-}" ] && [ "$run" = "$bin" ] || break
		run=$BENCH_BEFORE/cramplog label="  before" target=
	done
}

measure "exposures (csv, every session)" exposures
measure "analyze --design pooled --model firth" analyze --design pooled --model firth
measure "analyze --design pooled --model mle" analyze --design pooled --model mle
measure "analyze --design within --model firth" analyze --design within --model firth
measure "analyze --design within --model mle" analyze --design within --model mle
TARGET=2 measure "analyze --terms continuous (pooled)" analyze --terms continuous
TARGET=5 measure "  --design within (Firth)" analyze --terms continuous --design within
TARGET=5 measure "  --design within --model mle" analyze --terms continuous --design within --model mle
TARGET=3 measure "analyze --spline sodium_balance_mg" analyze --spline sodium_balance_mg
measure "report (text, the latest week)" report --color never
measure "report --format html (4 charts inlined)" report --format html

# Issue 17: the within-athlete fit at 250,000 sessions, many athletes of few
# sessions and few of many (about 0.8 sessions a simulated day; one or two
# drinks a day keep the imports short: the fit does not read them).
if [ -n "${BENCH_WITHIN:-}" ]; then
	wdir=${BENCH_WITHIN_DIR:-$work}
	for shape in "500 625" "125 2500"; do
		read -r wa wd <<< "$shape"
		db=$wdir/within-$wa.db
		if [ ! -s "$db" ]; then
			"$bin" simulate --athletes "$wa" --days "$wd" --drinks 1-2 --seed 42 \
				--out "$work/wsim" >/dev/null
			"$bin" import --quiet --db "$db" "$work/wsim/training.csv" \
				"$work/wsim/hydration.csv" "$work/wsim/diet.csv"
			rm -rf "$work/wsim"
		fi
		echo "within-athlete squad: $wa athletes, $(q "SELECT count(*) FROM training") sessions ($(q "SELECT count(*) FROM training WHERE cramp = 1") with a cramp)"
		TARGET=1.5 measure "analyze --design within --model firth" analyze --design within --model firth
		TARGET=1.5 measure "analyze --design within --model mle" analyze --design within --model mle
		measure "analyze --design pooled (Firth)" analyze --design pooled
	done
fi

# Issue 17: analyze and a week's report at a million sessions, under 0.5 s
# and 64 MB each (one or two drinks a day: neither reads the intake rows
# of the past, the kept exposures hold what they need); validate's
# summary beside them. BENCH_TWO_MILLION=1 adds the same at two million
# (3,500 athletes over two years; BENCH_TWO_MILLION_DB=PATH keeps it),
# where the memory of report and validate should stay near the million's:
# they stream the sessions.
million() {
	local athletes=$1 seed=$2 target=${4:-}
	db=$3
	if [ ! -s "$db" ]; then
		"$bin" simulate --athletes "$athletes" --days 730 --drinks 1-2 \
			--seed "$seed" --out "$work/msim" >/dev/null
		"$bin" import --quiet --db "$db" "$work/msim/training.csv" \
			"$work/msim/hydration.csv" "$work/msim/diet.csv"
		rm -rf "$work/msim"
	fi
	echo "$(q "SELECT count(*) FROM athletes") athletes, $(q "SELECT count(*) FROM training") sessions ($(q "SELECT count(*) FROM training WHERE cramp = 1") with a cramp)"
	WARM=1 TARGET=$target measure "analyze (pooled, Firth, 6 flags)" analyze
	WARM=1 TARGET=$target measure "report (text, the latest week)" report --color never
	WARM=1 TARGET=$target measure "report --format json" report --format json
	WARM=1 measure "validate (the summary)" validate
	WARM=1 measure "report --format html (its charts drawn)" report --format html
}
if [ -n "${BENCH_MILLION:-}" ]; then
	printf 'a million sessions: '
	million 1750 42 "${BENCH_MILLION_DB:-$work/million.db}" 0.5
fi
if [ -n "${BENCH_TWO_MILLION:-}" ]; then
	printf 'two million sessions: '
	million 3500 43 "${BENCH_TWO_MILLION_DB:-$work/two-million.db}"
fi
