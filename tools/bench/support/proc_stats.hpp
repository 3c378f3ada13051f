#pragma once
// What the kernel says a process (all its threads) has used: CPU time from
// /proc/<pid>/stat (utime + stime), and context switches summed over
// /proc/<pid>/task/*/status. Switches show a poll with a short timeout even
// when its CPU time rounds to zero.
#include <sys/types.h>

#include <chrono>

namespace sfbench {

struct ProcSample {
  std::chrono::steady_clock::time_point at;
  double cpu_seconds = 0;   // utime + stime, all threads (clock-tick resolution)
  long context_switches = 0;  // voluntary + involuntary, threads alive now
};

// Throws std::runtime_error when the process is gone.
ProcSample sample_process(pid_t pid);

struct IdleUse {
  double core_percent = 0;       // CPU time / wall time, % of one core
  double wakeups_per_second = 0; // context switches / wall time
};
IdleUse idle_use(const ProcSample& from, const ProcSample& to);

}  // namespace sfbench
