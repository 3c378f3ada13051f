#pragma once
// "1 service", "3 services": counts in messages agree with their noun.
#include <string>

#include <fmt/format.h>

namespace sfsup {

inline std::string count_of(long long n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace sfsup
