#!/usr/bin/env bash
# Instructions per operation, raw libzmq vs the framework, counted by
# valgrind --tool=callgrind: reproducible where wall-clock rates on this
# shared machine are not. Each side runs twice (a small and a large count)
# and the difference of the instruction totals, divided by the difference in
# operations, is the cost of one operation: start-up and teardown cancel out.
# Counts every thread of each process (app thread and libzmq's I/O thread).
# The callgrind files are kept for callgrind_annotate (path printed at the end).
#
#   tools/bench/profile.sh [BUILD_DIR]        default: <repo>/build
# Needs the benches built (tools/bench/run.sh builds them). Takes a few minutes.
# Needs valgrind: an optional tool, not run by CI, so tools/bootstrap.sh does
# not install it.
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
if ! valgrind --version >/dev/null 2>&1; then
  echo "profile: needs valgrind; install with: sudo apt-get install -y valgrind" >&2
  exit 2
fi
out="$(mktemp -d /tmp/sfbench-profile.XXXXXX)"
small_rr=200 large_rr=2200      # round trips
small_ps=3000 large_ps=15000    # messages published

# Instruction total of every process of one run whose command line matches
# (or, with "!", does not match) a pattern.
instructions() {
  local prefix="$1" pattern="$2" sum=0 file cmd total
  for file in "$out/$prefix".*; do
    cmd="$(grep -m1 '^cmd:' "$file")"
    total="$(grep -m1 '^totals:' "$file" | awk '{print $2}')"
    if [[ "$pattern" == !* ]]; then
      [[ "$cmd" == *"${pattern#!}"* ]] && continue
    else
      [[ "$cmd" == *"$pattern"* ]] || continue
    fi
    sum=$((sum + total))
  done
  echo "$sum"
}

callgrind() {
  local prefix="$1"
  shift
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$out/$prefix.%p" "$@" \
    2>"$out/$prefix.valgrind.log"
}

# Messages the subscriber got in one pub/sub run, from the bench's own line.
received() {
  grep -o '[0-9,]* of [0-9,]* delivered' "$out/ps.$1.$2.txt" | head -1 | cut -d' ' -f1 | tr -d ,
}

per_op() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.0f", (b - a) / n }'; }
row() { awk -v m="$1" -v r="$2" -v f="$3" 'BEGIN { printf "%-40s %12s %12s %7.2fx\n", m, r, f, (r > 0 ? f / r : 0) }'; }

declare -A result
for side in raw framework; do
  for n in "$small_rr" "$large_rr"; do
    echo "req/rep $side, $n round trips under callgrind..." >&2
    callgrind "rr.$side.$n" "$build/bin/bench_req_rep" --only "$side" --rounds 1 --warmup 100 \
      --count "$n" --slice 100 --max-seconds 900 --transports ipc >/dev/null
  done
  for who in requester:'!--role' replyer:'--role'; do
    a="$(instructions "rr.$side.$small_rr" "${who#*:}")"
    b="$(instructions "rr.$side.$large_rr" "${who#*:}")"
    result["rr.${who%%:*}.$side"]="$(per_op "$a" "$b" $((large_rr - small_rr)))"
  done

  for n in "$small_ps" "$large_ps"; do
    echo "pub/sub $side, $n messages under callgrind..." >&2
    callgrind "ps.$side.$n" "$build/bin/bench_pub_sub" --only "$side" --rounds 1 --count "$n" \
      --publish-ms 900000 --transports ipc >"$out/ps.$side.$n.txt"
  done
  # The subscriber's share is per message *received*: PUB may drop some.
  r_small="$(received "$side" "$small_ps")"
  r_large="$(received "$side" "$large_ps")"
  a="$(instructions "ps.$side.$small_ps" '--role')"
  b="$(instructions "ps.$side.$large_ps" '--role')"
  result["ps.publisher.$side"]="$(per_op "$a" "$b" $((large_ps - small_ps)))"
  a="$(instructions "ps.$side.$small_ps" '!--role')"
  b="$(instructions "ps.$side.$large_ps" '!--role')"
  result["ps.subscriber.$side"]="$(per_op "$a" "$b" $((r_large - r_small)))"
done

echo
echo "Instructions per operation (callgrind, ipc://, all threads of each process)"
printf '%-40s %12s %12s %8s\n' metric raw framework ratio
row "req/rep: requester process, per rt" "${result[rr.requester.raw]}" "${result[rr.requester.framework]}"
row "req/rep: replyer process, per rt" "${result[rr.replyer.raw]}" "${result[rr.replyer.framework]}"
row "req/rep: both, per round trip" "$((result[rr.requester.raw] + result[rr.replyer.raw]))" \
  "$((result[rr.requester.framework] + result[rr.replyer.framework]))"
row "pub/sub: publisher process, per sent" "${result[ps.publisher.raw]}" "${result[ps.publisher.framework]}"
row "pub/sub: subscriber process, per received" "${result[ps.subscriber.raw]}" "${result[ps.subscriber.framework]}"
echo
echo "callgrind files: $out (callgrind_annotate --inclusive=yes FILE)"
exit 0
