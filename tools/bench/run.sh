#!/usr/bin/env bash
# Builds the benches, runs them all, and prints one summary table: metric,
# raw, framework, ratio, target, pass/miss (DESIGN.md §7). It is a report,
# not a gate: it exits 0 whatever the figures (the machine is shared and
# noisy) unless --check is given; a failed build, with nothing to report,
# always exits non-zero. CI does not run it.
#
#   tools/bench/run.sh [--quick] [--check] [BUILD_DIR]     default: <repo>/build
#     --quick  fewer and shorter rounds, 10 workers against supervisord, scale
#              10 and 50 services: under a minute, for a first look
#     --check  exit 1 when any figure misses its target
#   env REQ_REP_ARGS, PUB_SUB_ARGS, IDLE_ARGS, DECIMAL_ARGS, SUPERVISOR_ARGS,
#   SCALE_ARGS pass options through (over --quick's), e.g.
#   REQ_REP_ARGS="--rounds 3 --count 5000" tools/bench/run.sh build-h6
# sfsup is compared with supervisord when /usr/bin/supervisord exists
# (tools/bootstrap.sh --with-supervisord installs it); otherwise that part is skipped.
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
quick=0
check=0
build=""
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --check) check=1 ;;
    -*) echo "run.sh: unknown option $arg (--quick, --check)" >&2; exit 2 ;;
    *) build="$arg" ;;
  esac
done
build="${build:-$root/build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
benches=(bench_req_rep bench_pub_sub bench_idle_cpu bench_decimal bench_supervisor)
if [ "$quick" -eq 1 ]; then
  : "${REQ_REP_ARGS=--rounds 3 --count 3000 --warmup 300 --max-seconds 2}"
  : "${PUB_SUB_ARGS=--rounds 2 --publish-ms 400}"
  : "${IDLE_ARGS=--seconds 1 --settle-ms 200}"
  : "${DECIMAL_ARGS=--rounds 2 --min-seconds 0.05}"
  : "${SUPERVISOR_ARGS=--workers 10 --rounds 1}"
  : "${SCALE_ARGS=--sizes 10,50}"
fi

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
if [ -x /usr/bin/supervisord ]; then
  run bench_supervisor --mode vs ${SUPERVISOR_ARGS:-}
else
  echo "== bench_supervisor --mode vs: skipped, supervisord is not installed (tools/bootstrap.sh --with-supervisord)"
  printf 'SUMMARY\tsfsup vs supervisord\tnot installed\t-\t-\t-\tskipped\n' >>"$summary"
fi
run bench_supervisor --mode scale ${SCALE_ARGS:-}

echo
echo "Summary ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
{
  printf 'metric\traw\tframework\tratio\ttarget\tresult\n'
  cut -f2- "$summary"
} | awk -F'\t' '{ printf "%-44s %14s %14s %7s %15s  %s\n", $1, $2, $3, $4, $5, $6 }'
if [ "$check" -eq 1 ] && cut -f7 "$summary" | grep -qx MISS; then
  echo "run.sh --check: $(cut -f7 "$summary" | grep -cx MISS) figure(s) missed their target" >&2
  exit 1
fi
exit 0
