#include "supervision/exit_status.hpp"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <cctype>
#include <charconv>

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

std::string signal_name(int sig) {
  // glibc's table, so names match kill -l without a hand-kept copy.
  if (const char* abbrev = sigabbrev_np(sig)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", sig);
}

std::optional<int> parse_signal(std::string_view text) {
  int number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc{} && end == text.data() + text.size())
    return number > 0 && number < NSIG ? std::optional<int>(number) : std::nullopt;

  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view name = upper;
  if (name.starts_with("SIG")) name.remove_prefix(3);
  for (int sig = 1; sig < NSIG; ++sig) {
    const char* abbrev = sigabbrev_np(sig);
    if (abbrev && name == abbrev) return sig;
  }
  return std::nullopt;
}

}  // namespace sfsup
