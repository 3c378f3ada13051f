#!/usr/bin/env bash
# Builds the benches, runs them all, and prints one summary table: metric,
# raw, framework, ratio, target, pass/miss (DESIGN.md §7). It is a report,
# not a gate: it exits 0 whatever the figures (the machine is shared and
# noisy); only a failed build, with nothing to report, exits non-zero.
#
#   tools/bench/run.sh [BUILD_DIR]          default: <repo>/build
#   env REQ_REP_ARGS, PUB_SUB_ARGS, IDLE_ARGS, DECIMAL_ARGS pass options through, e.g.
#   REQ_REP_ARGS="--rounds 3 --count 5000" tools/bench/run.sh build-h6
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
benches=(bench_req_rep bench_pub_sub bench_idle_cpu bench_decimal)

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
fi
# The idle bench depends on service_framework and echo, so they are built too.
cmake --build "$build" -j2 --target "${benches[@]}" || { echo "run.sh: build failed" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
summary="$work/summary"
: >"$summary"
run() {
  local name="$1"
  shift
  echo "== $name $*"
  # Each bench prints its rounds, then SUMMARY lines for the table.
  "$build/bin/$name" "$@" | tee "$work/$name.log" | grep --line-buffered -v '^SUMMARY'
  local status=${PIPESTATUS[0]}
  grep '^SUMMARY' "$work/$name.log" >>"$summary"
  if [ "$status" -ne 0 ]; then
    printf 'SUMMARY\t%s\tfailed (exit %s)\t-\t-\t-\tMISS\n' "$name" "$status" >>"$summary"
  fi
}
# shellcheck disable=SC2086  # the *_ARGS are meant to split into words
run bench_req_rep ${REQ_REP_ARGS:-}
run bench_pub_sub ${PUB_SUB_ARGS:-}
# The same under security: curve's CURVE, raw libzmq with CURVE as the reference.
run bench_req_rep --curve ${REQ_REP_ARGS:-}
run bench_pub_sub --curve ${PUB_SUB_ARGS:-}
run bench_idle_cpu ${IDLE_ARGS:-}
run bench_decimal ${DECIMAL_ARGS:-}

echo
echo "Summary ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
{
  printf 'metric\traw\tframework\tratio\ttarget\tresult\n'
  cut -f2- "$summary"
} | awk -F'\t' '{ printf "%-34s %14s %14s %7s %15s  %s\n", $1, $2, $3, $4, $5, $6 }'
exit 0
