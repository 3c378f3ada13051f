#include "supervision/duration_text.hpp"

#include <fmt/format.h>

namespace sfsup {

std::string format_delay(std::chrono::milliseconds delay) {
  const long long ms = delay.count();
  if (ms < 1000) return fmt::format("{}ms", ms);
  if (ms < 60'000) {
    if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
    return fmt::format("{:g}s", static_cast<double>(ms) / 1000.0);
  }
  const long long s = ms / 1000;
  if (s % 60 == 0) return fmt::format("{}m", s / 60);
  return fmt::format("{}m{}s", s / 60, s % 60);
}

std::string format_uptime(std::chrono::seconds uptime) {
  const long long s = uptime.count() < 0 ? 0 : uptime.count();
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  return fmt::format("{}d{:02}h", s / 86400, (s % 86400) / 3600);
}

}  // namespace sfsup
