#include "supervision/exit_status.hpp"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <fmt/format.h>

namespace sfsup {

ExitStatus ExitStatus::with_code(int code) { return ExitStatus((code & 0xff) << 8); }

bool ExitStatus::exited() const { return WIFEXITED(status_); }
bool ExitStatus::signalled() const { return WIFSIGNALED(status_); }
int ExitStatus::code() const { return WEXITSTATUS(status_); }
int ExitStatus::signal() const { return WTERMSIG(status_); }
bool ExitStatus::failed() const { return !(exited() && code() == 0); }

std::string ExitStatus::describe() const {
  if (exited()) return fmt::format("exit {}", code());
  if (signalled())
    return WCOREDUMP(status_) ? signal_name(signal()) + " (core dumped)" : signal_name(signal());
  return fmt::format("wait status {:#x}", status_);
}

}  // namespace sfsup
