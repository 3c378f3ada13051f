#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz/ (clang++, -DSF_FUZZ=ON) and runs
# each on its seed corpus for a bounded time, printing executions and seconds
# per target. A crash, sanitizer report or leak fails the script; the input
# that did it is left in build-fuzz/findings/<target>/ for the corpus.
#
#   tools/fuzz/run.sh              # every target, SF_FUZZ_SECONDS (default 12) each
#   tools/fuzz/run.sh fuzz_topology
#   SF_FUZZ_SECONDS=600 tools/fuzz/run.sh fuzz_wire_frame   # a longer hunt
#
# New inputs libFuzzer finds go to build-fuzz/corpus/<target>/ (seeded from
# tools/fuzz/corpus/<target>/), so the repository's corpus stays small.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tree="$root/build-fuzz"
seconds="${SF_FUZZ_SECONDS:-12}"
all_targets=(fuzz_wire_frame fuzz_state_message fuzz_config_file fuzz_worker_cli fuzz_topology)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

"$root/tools/bootstrap.sh"
start=$(date +%s)
cmake -S "$root" -B "$tree" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DCMAKE_CXX_COMPILER=clang++ -DSF_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$tree" -j2 --target "${targets[@]}"
echo "fuzz: built ${#targets[@]} target(s) in $(($(date +%s) - start)) s"

scratch="$(mktemp -d /tmp/sf-fuzz-run-XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
export SF_FUZZ_SCRATCH="$scratch"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

failed=()
for t in "${targets[@]}"; do
  seeds="$root/tools/fuzz/corpus/$t"
  work="$tree/corpus/$t"
  findings="$tree/findings/$t"
  mkdir -p "$work" "$findings"
  log="$tree/$t.log"
  status=0
  # -timeout: one input taking this long is a hang, a finding like a crash.
  # -rss_limit_mb: a blow-up on a small input is a finding too.
  "$tree/bin/$t" "$work" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  took=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    failed+=("$t")
    echo "fuzz: $t: FAILED (exit $status); last lines of $log:"
    tail -n 40 "$log"
    ls -1 "$findings"
  else
    printf 'fuzz: %-20s %10s executions in %3s s (%s exec/s), corpus %s inputs\n' \
      "$t" "${runs:-?}" "$seconds" "${took:-?}" "$(ls -1 "$work" | wc -l)"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $tree/findings/)"
  exit 1
fi
echo "fuzz: PASSED: ${#targets[@]} target(s), ${seconds} s each, total $(($(date +%s) - start)) s"
