#!/usr/bin/env bash
# The main job on the sample squad: installs what is missing, builds
# cramplog, imports every log in sample-data/ into a new database, analyzes
# it, prints the latest week's risk report, and writes the html report and
# every chart (the squad's, and those of the athletes most at risk) into
# build/demo/, which it names at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --run

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRAMPLOG_TESTS=OFF >/dev/null
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)" --target cramplog >/dev/null
bin=build/release/cramplog

out=build/demo
db=$out/cramplog.db
mkdir -p "$out"
rm -rf "$out/charts"
rm -f "$db" "$db-wal" "$db-shm" "$out/report.html" "$out/report.md" "$out/report.json"
export CRAMPLOG_DB=$db

echo "== cramplog import sample-data/*.csv"
"$bin" import sample-data/*.csv
echo
echo "== cramplog analyze"
"$bin" analyze
echo
echo "== cramplog report"
"$bin" report
echo
echo "== cramplog report --format html, markdown and json, and the charts"
"$bin" report --format html --out "$out/report.html"
"$bin" report --format markdown --out "$out/report.md"
"$bin" report --format json --out "$out/report.json"
"$bin" report --format json --charts "$out/charts" >/dev/null
"$bin" plot factors --design within --out "$out/charts/factors-within.png" >/dev/null
echo
echo "Everything is in $out/:"
echo "  report.html   the risk report with its charts (open it in a browser)"
echo "  report.md     the same in markdown; report.json for scripts"
echo "  charts/       team heat map, forest plots (pooled and within), and the"
echo "                history and load of the athletes most at risk (PNG, each"
echo "                with its gnuplot .gp script and .dat data)"
echo "  cramplog.db   the database; try: CRAMPLOG_DB=$db $bin status"
