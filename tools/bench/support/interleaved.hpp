#pragma once
// Raw and framework measured in fine alternation: short slices of each, back
// to back, time and CPU summed per side. On a shared machine the load changes
// every few seconds; slices of a tenth of a second put both under the same load, so
// their ratio holds even when the absolute rates swing.
#include <time.h>

#include <chrono>

namespace sfbench {

struct Load {
  long warmup = 1000;                        // per side, untimed: connections, caches, allocator
  long count = 20000;                        // timed operations per side, at most
  long slice = 500;                          // operations per slice
  std::chrono::milliseconds max_time{8000};  // wall time for the whole round, at most
};

// One side's sums over its slices.
struct Tally {
  long done = 0;
  double seconds = 0;
  double thread_cpu_seconds = 0;  // the driving thread only (CLOCK_THREAD_CPUTIME_ID)
  double per_second() const { return seconds > 0 ? static_cast<double>(done) / seconds : 0; }
};

inline double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename Op>
void run_slice(Tally& tally, long n, Op&& op) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_seconds();
  for (long i = 0; i < n; ++i) op();
  tally.thread_cpu_seconds += thread_cpu_seconds() - cpu_start;
  tally.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  tally.done += n;
}

template <typename Op>
void warm_up(const Load& load, Op&& op) {
  for (long i = 0; i < load.warmup; ++i) op();
}

// Alternates slices (swapping who goes first each turn) until both sides did
// load.count operations or the round's time is up. A side not measured
// (--only) passes enabled = false.
template <typename RawOp, typename FrameworkOp>
void run_interleaved(const Load& load, bool raw_enabled, RawOp&& raw_op, Tally& raw,
                     bool framework_enabled, FrameworkOp&& framework_op, Tally& framework) {
  const auto deadline = std::chrono::steady_clock::now() + load.max_time;
  for (long turn = 0; std::chrono::steady_clock::now() < deadline; ++turn) {
    const bool raw_due = raw_enabled && raw.done < load.count;
    const bool framework_due = framework_enabled && framework.done < load.count;
    if (!raw_due && !framework_due) break;
    if (turn % 2 == 0) {
      if (raw_due) run_slice(raw, load.slice, raw_op);
      if (framework_due) run_slice(framework, load.slice, framework_op);
    } else {
      if (framework_due) run_slice(framework, load.slice, framework_op);
      if (raw_due) run_slice(raw, load.slice, raw_op);
    }
  }
}

}  // namespace sfbench
