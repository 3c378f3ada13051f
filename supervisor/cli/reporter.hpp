#pragma once
// Where a running supervisor's news goes: the terminal (foreground `up`) or
// the `up -d` client waiting on a pipe plus the daemon's own log.
#include <string_view>

#include "run_plan.hpp"
#include "supervision/supervisor.hpp"

namespace sfsup::cli {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void event(std::string_view line) = 0;
  virtual void output(std::string_view service, std::string_view line) = 0;
  virtual void bring_up(const BringUpResult& result) = 0;
};

// The message for a bring-up that did not end with every service ready:
// first line names the failed service and the fix; then its last log lines.
std::string describe_bring_up_failure(const BringUpResult& result, bool detached);
// "all 4 services of 'market' are ready"
std::string describe_bring_up_success(const BringUpResult& result, const RunPlan& plan);

}  // namespace sfsup::cli
