#!/usr/bin/env bash
# REQ/REP over ipc, per round trip and per process, raw libzmq against the
# framework: instructions (valgrind --tool=callgrind, every thread) and system
# calls (perf's raw_syscalls:sys_enter tracepoint, every thread; poll() apart).
# Both are counts, not times, so they compare across runs on a shared machine.
# Each side runs with a small and a large count; the difference divided by the
# difference in round trips is the cost of one: start-up and teardown cancel.
# The requester is the bench's own process, the replyer its child (--role).
#
#   tools/bench/profile_req_rep.sh [BUILD_DIR]      default: <repo>/build
# Needs bench_req_rep built, valgrind and perf (Debian: valgrind, linux-perf;
# perf as root or with kernel.perf_event_paranoid <= -1). About a minute.
# An optional tool, not run by CI: tools/bootstrap.sh installs neither.
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac

# Checked first, so a missing tool is one line, not a table of zeros. `perf
# --version`, not `command -v perf`: Debian's /usr/bin/perf is a wrapper that
# fails when no perf matches the running kernel.
missing=()
valgrind --version >/dev/null 2>&1 || missing+=(valgrind)
perf --version >/dev/null 2>&1 || missing+=(linux-perf)
if [ ${#missing[@]} -gt 0 ]; then
  echo "profile_req_rep: needs ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi
paranoid="$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 3)"
if [ "$(id -u)" -ne 0 ] && [ "$paranoid" -gt -1 ]; then
  echo "profile_req_rep: perf cannot trace system calls here (kernel.perf_event_paranoid=$paranoid);" \
    "run as root or: sudo sysctl kernel.perf_event_paranoid=-1" >&2
  exit 2
fi
if [ ! -x "$build/bin/bench_req_rep" ]; then
  echo "profile_req_rep: $build/bin/bench_req_rep is missing; build it with:" \
    "cmake --build ${build#"$root"/} --target bench_req_rep" >&2
  exit 2
fi
out="$(mktemp -d /tmp/sfbench-rr.XXXXXX)"
small=200 large=2200

bench() {  # side count: the bench's arguments for one measured run
  echo "$build/bin/bench_req_rep" --only "$1" --rounds 1 --warmup 100 --count "$2" --slice 100 \
    --max-seconds 900 --transports ipc
}

# Instructions of the run's processes whose command line has (or, "!x", lacks) x.
instructions() {
  local sum=0 file cmd total
  for file in "$out/cg.$1".*; do
    [[ "$file" == *.log ]] && continue
    cmd="$(grep -m1 '^cmd:' "$file")"
    total="$(grep -m1 '^totals:' "$file" | awk '{print $2}')"
    if [[ "$2" == !* ]]; then [[ "$cmd" == *"${2#!}"* ]] && continue; else [[ "$cmd" == *"$2"* ]] || continue; fi
    sum=$((sum + total))
  done
  echo "$sum"
}

# "polls total" system calls of the requester (the first process seen) or the replyer.
syscalls() {
  perf script -i "$out/sc.$1.data" -F pid,trace 2>/dev/null | awk -v want="$2" '
    NF >= 3 { if (first == "") first = $1
              if (($1 != first) != (want == "replyer")) next
              total++; if ($3 == 7 || $3 == 271) polls++ }   # x86-64: poll, ppoll
    END { print polls + 0, total + 0 }'
}

printf '%-10s %-10s %12s %10s %14s\n' side process "instr/rt" "poll/rt" "syscalls/rt"
for side in raw framework; do
  for n in "$small" "$large"; do
    echo "$side, $n round trips under callgrind, then under perf..." >&2
    # shellcheck disable=SC2046  # bench's words are meant to split
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$out/cg.$side.$n.%p" \
      $(bench "$side" "$n") >/dev/null 2>"$out/cg.$side.$n.log"
    # shellcheck disable=SC2046
    perf record -q -c 1 -e raw_syscalls:sys_enter -o "$out/sc.$side.$n.data" -- $(bench "$side" "$n") \
      >/dev/null 2>"$out/sc.$side.$n.log"
  done
  for who in requester:'!--role' replyer:'--role'; do
    a="$(instructions "$side.$small" "${who#*:}")"
    b="$(instructions "$side.$large" "${who#*:}")"
    read -r pa ta < <(syscalls "$side.$small" "${who%%:*}")
    read -r pb tb < <(syscalls "$side.$large" "${who%%:*}")
    awk -v s="$side" -v w="${who%%:*}" -v a="$a" -v b="$b" -v pa="$pa" -v pb="$pb" -v ta="$ta" -v tb="$tb" \
      -v n=$((large - small)) 'BEGIN { printf "%-10s %-10s %12.0f %10.2f %14.2f\n", s, w, (b - a) / n, (pb - pa) / n, (tb - ta) / n }'
  done
done
echo "files: $out (callgrind_annotate --inclusive=yes FILE; perf script -i FILE)"
