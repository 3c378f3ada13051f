#include "cli/console_reporter.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>

#include <fmt/format.h>

namespace sfsup::cli {

namespace {
// The colours docker compose cycles through, so neighbouring names differ.
constexpr const char* kColors[] = {"\033[36m", "\033[33m", "\033[32m", "\033[35m", "\033[34m",
                                   "\033[96m", "\033[93m", "\033[92m", "\033[95m", "\033[94m"};
constexpr const char* kReset = "\033[0m";
}  // namespace

ConsoleReporter::ConsoleReporter(const RunPlan& plan) : plan_(plan) {
  for (const auto& w : plan.workers) width_ = std::max(width_, w.name.size());
  color_ = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
}

// Never throws: a closed terminal or a `| head` that exited must not take the
// supervisor (and with it every worker) down. Ctrl-C / down still work.
void ConsoleReporter::write(std::FILE* to, const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), to) != text.size()) std::clearerr(to);
}

void ConsoleReporter::event(std::string_view line) { write(stdout, fmt::format("{}\n", line)); }

void ConsoleReporter::output(std::string_view service, std::string_view line) {
  if (!color_) {
    write(stdout, fmt::format("{:<{}} | {}\n", service, width_, line));
    return;
  }
  std::size_t index = 0;
  for (std::size_t i = 0; i < plan_.workers.size(); ++i)
    if (plan_.workers[i].name == service) index = i;
  write(stdout, fmt::format("{}{:<{}} |{} {}\n", kColors[index % std::size(kColors)], service,
                            width_, kReset, line));
}

void ConsoleReporter::bring_up(const BringUpResult& result) {
  if (result.ok) {
    write(stdout, fmt::format("{} (Ctrl-C stops them; `sfsup status` in another terminal)\n",
                              describe_bring_up_success(result, plan_)));
    return;
  }
  std::fflush(stdout);
  write(stderr, describe_bring_up_failure(result, false) + (result.interrupted ? "\n" : ""));
  std::fflush(stderr);
}

}  // namespace sfsup::cli
