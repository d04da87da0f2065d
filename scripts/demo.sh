#!/usr/bin/env bash
# The main job on the sample squad: installs what is missing, builds
# cramplog, imports every log in sample-data/ into a new database under
# build/demo/, and prints what the database holds.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --run

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRAMPLOG_TESTS=OFF >/dev/null
cmake --build build/release -j "$(nproc 2>/dev/null || echo 2)" --target cramplog >/dev/null
bin=build/release/cramplog

out=build/demo
db=$out/cramplog.db
mkdir -p "$out"
rm -f "$db" "$db-wal" "$db-shm"
export CRAMPLOG_DB=$db

echo "== cramplog import sample-data/*.csv"
"$bin" import sample-data/*.csv
echo
echo "== cramplog status"
"$bin" status
echo
echo "== cramplog athletes"
"$bin" athletes
echo
echo "The database is $db; try: CRAMPLOG_DB=$db $bin status --format json"
