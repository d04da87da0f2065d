#!/usr/bin/env bash
# Fuzzes the CSV reader and row validation with libFuzzer (clang, with
# AddressSanitizer and UndefinedBehaviorSanitizer) for a bounded time.
#   scripts/fuzz.sh [SECONDS]     (default 60; FUZZ_SEED=N repeats a run)
# Starts from tests/fuzz/corpus; new inputs go to build/fuzz/corpus; a crash,
# leak or hang (over 10 s on one input) stops it with a non-zero status and
# leaves the input in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/install-deps.sh
CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DCRAMPLOG_FUZZ=ON -DCRAMPLOG_TESTS=ON >/dev/null
cmake --build build/fuzz --target fuzz_import -j "$(nproc)"
mkdir -p build/fuzz/corpus
seed=()
[ -n "${FUZZ_SEED:-}" ] && seed=(-seed="$FUZZ_SEED")
build/fuzz/tests/fuzz_import "${seed[@]}" -max_total_time="$seconds" -timeout=10 \
	-rss_limit_mb=1024 -max_len=65536 -artifact_prefix=build/fuzz/ \
	-print_final_stats=1 build/fuzz/corpus tests/fuzz/corpus
