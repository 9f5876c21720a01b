#!/usr/bin/env bash
# One fuzz target as a test: every input of its committed corpus, then SECONDS of new inputs grown from
# it in a scratch directory. The mutations follow a fixed seed (GROVE_FUZZ_SEED, default 1), so a test
# run explores the same inputs each time and fails only on a change, not on luck; longer runs with other
# seeds are how new findings are looked for (README, Fuzzing). Exit status: libFuzzer's (non-zero on a crash, a leak, a sanitizer report
# or a timeout; the input is written as WORK/crash-*).
#   run_fuzz.sh TARGET CORPUS WORK SECONDS
set -euo pipefail
target="$1" corpus="$2" work="$3" seconds="$4"
rm -rf "$work"
mkdir -p "$work/grown"
cd "$work"
"$target" -rss_limit_mb=2560 -malloc_limit_mb=1024 -timeout=20 -runs=0 "$corpus"
[ "$seconds" -gt 0 ] || exit 0  # the corpus only
"$target" -rss_limit_mb=2560 -malloc_limit_mb=1024 -timeout=20 -max_total_time="$seconds" -print_final_stats=1 \
  -seed="${GROVE_FUZZ_SEED:-1}" \
  "$work/grown" "$corpus"
