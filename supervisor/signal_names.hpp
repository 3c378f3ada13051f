#pragma once
// Signal names as users type and read them ("SIGKILL", "HUP", "9"), shared by
// the topology reader (`stop_signal:`) and the supervisor. Header-only: both
// sides of sfsup use it and neither library depends on the other.
#include <signal.h>
#include <string.h>

#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace sfsup {

// "SIGTERM" for SIGTERM; "signal 40" for ones without a name.
inline std::string signal_name(int sig) {
  // glibc's table, so names match kill -l without a hand-kept copy.
  if (const char* abbrev = sigabbrev_np(sig)) return fmt::format("SIG{}", abbrev);
  return fmt::format("signal {}", sig);
}

// Accepts "TERM", "SIGTERM", "sigterm", "15".
inline std::optional<int> parse_signal(std::string_view text) {
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
