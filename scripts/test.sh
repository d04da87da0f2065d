#!/usr/bin/env bash
# Installs what is missing, builds cramplog with warnings as errors and runs
# every test (unit and integration, through ctest); then again under
# AddressSanitizer + UndefinedBehaviorSanitizer, then the unit tests under
# valgrind's leak checker, with a short fuzzing run and the Debian package's
# install and removal between. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The server is installed now: the PostgreSQL tests run, never skip.
export CRAMPLOG_REQUIRE_PG=1

jobs=$(nproc 2>/dev/null || echo 2)

echo "== build and test (warnings are errors)"
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRAMPLOG_WERROR=ON >/dev/null
cmake --build build/test -j "$jobs"
ctest --test-dir build/test --output-on-failure -j "$jobs" -LE valgrind

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug -DCRAMPLOG_WERROR=ON \
	-DCRAMPLOG_SANITIZE=ON >/dev/null
cmake --build build/sanitize -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	ctest --test-dir build/sanitize --output-on-failure -j "$jobs" -LE valgrind

echo "== fuzz the CSV reader and row validation for 30 s (libFuzzer, ASan, UBSan)"
FUZZ_SEED=1 scripts/fuzz.sh 30 2>&1 | tail -n 4

echo "== the Debian package: build, install, check, remove"
if ! scripts/package-test.sh >build/package-test.log 2>&1; then
	cat build/package-test.log
	exit 1
fi
tail -n 1 build/package-test.log

echo "== unit and integration tests under valgrind (leaks are errors)"
ctest --test-dir build/test --output-on-failure -j "$jobs" -L valgrind
