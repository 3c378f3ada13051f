#include <fmt/format.h>

#include "cli/reporter.hpp"
#include "supervision/plural.hpp"

namespace sfsup::cli {

std::string describe_bring_up_failure(const BringUpResult& result, bool detached) {
  if (result.interrupted)
    return fmt::format("sfsup: start-up interrupted after {}/{} {} ready; stopping",
                       result.ready, count_of(result.total, "service"),
                       result.total == 1 ? "was" : "were");
  std::string out;
  std::string first_failed;
  for (const auto& f : result.failures) {
    const bool not_started = f.reason.starts_with("not started");
    if (not_started) {
      out += fmt::format("sfsup: {} was {}\n", f.service, f.reason);
      continue;
    }
    if (first_failed.empty()) first_failed = f.service;
    out += fmt::format("sfsup: {} failed to start: {}\n", f.service, f.reason);
    if (f.log_tail.empty()) {
      out += fmt::format("  ({} is empty)\n", f.log_file.string());
    } else {
      out += fmt::format("  last lines of {}:\n", f.log_file.string());
      for (const auto& line : f.log_tail) out += fmt::format("  | {}\n", line);
    }
  }
  if (first_failed.empty() && !result.failures.empty()) first_failed = result.failures.front().service;
  out += fmt::format("{}/{} {} ready and keep{} running; fix {} and run `sfsup start {}`, "
                     "or stop everything with {}\n",
                     result.ready, count_of(result.total, "service"),
                     result.total == 1 ? "is" : "are", result.total == 1 ? "s" : "", first_failed,
                     first_failed,
                     detached ? "`sfsup down`" : "Ctrl-C");
  return out;
}

std::string describe_bring_up_success(const BringUpResult& result, const RunPlan& plan) {
  if (result.total == 1) return fmt::format("the 1 service of '{}' is ready", plan.name);
  return fmt::format("all {} of '{}' are ready", count_of(result.total, "service"), plan.name);
}

}  // namespace sfsup::cli
