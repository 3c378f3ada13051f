#pragma once
// sfsup's own descriptor budget: it holds a couple of pipes per worker and a
// socket per reserved TCP port, so a big topology outgrows the usual soft
// limit of 1,024 long before the hard limit.
#include <optional>
#include <string>

#include "run_plan.hpp"

namespace sfsup {

struct FdLimit {
  long soft = 0;
  long hard = 0;  // -1: unlimited
};

// Raises the soft RLIMIT_NOFILE to the hard limit (children inherit it);
// returns the limits in force afterwards.
FdLimit raise_fd_limit();

// Descriptors sfsup needs to run `plan`: per worker its output and readiness
// pipes, one per reserved TCP port, and a fixed allowance for sfsup itself
// (control socket and clients, signal and inotify fds, a spawn in progress).
long fds_needed(const RunPlan& plan);

// One line saying what is needed, what is available and the fix, when the
// limit is too low for `plan`; nothing when it is enough.
std::optional<std::string> fd_limit_problem(const RunPlan& plan, const FdLimit& limit);

}  // namespace sfsup
