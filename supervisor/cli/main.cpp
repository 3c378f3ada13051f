// sfsup: the supervisor's command line. Parses, dispatches, and turns any
// error that escapes a command into one line.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

namespace {

// fds 0-2 must be open, or the first file/pipe sfsup opens would become
// someone's stdout.
void ensure_standard_fds() {
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) < 0) ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
}

}  // namespace

int main(int argc, char** argv) {
  ensure_standard_fds();
  // Line-buffered even into a pipe, so whoever reads `up` sees each line now.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);

  auto parsed = sfsup::cli::parse_options(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  const auto& options = *parsed.options;
  try {
    if (options.command == "up") return sfsup::cli::run_up(options);
    if (options.command == "check") return sfsup::cli::run_check(options);
    if (options.command == "logs") return sfsup::cli::run_logs(options);
    if (options.command == "new") return sfsup::cli::run_new(options);
    if (options.command == "call") return sfsup::cli::run_call(options);
    if (options.command == "tap") return sfsup::cli::run_tap(options);
    if (options.command == "state") return sfsup::cli::run_state(options);
    if (options.command == "watch") return sfsup::cli::run_watch(options);
    if (options.command == "export") return sfsup::cli::run_export(options);
    if (options.command == "top") return sfsup::cli::run_top(options);
    return sfsup::cli::run_control_command(options);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "sfsup: {}\n", e.what());
    return sfsup::cli::kExitFailure;
  }
}
