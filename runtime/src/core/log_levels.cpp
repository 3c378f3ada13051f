#include "core/log_levels.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include <fmt/format.h>

#include <sf/error.hpp>

namespace sf::detail {

spdlog::level::level_enum parse_log_level(const std::string& name, const std::string& option) {
  std::string word = name;
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Python's names first, then spdlog's short spellings (sfsup's log_level uses "warn").
  static const std::pair<const char*, spdlog::level::level_enum> kNames[] = {
      {"debug", spdlog::level::debug},  {"info", spdlog::level::info},
      {"warning", spdlog::level::warn}, {"error", spdlog::level::err},
      {"critical", spdlog::level::critical}, {"trace", spdlog::level::trace},
      {"off", spdlog::level::off},      {"warn", spdlog::level::warn},
      {"err", spdlog::level::err}};
  for (const auto& [known, level] : kNames) {
    if (word == known) return level;
  }
  throw Error(fmt::format("{} '{}': unknown log level; use DEBUG, INFO, WARNING, ERROR or CRITICAL "
                          "(any case), or trace or off",
                          option, name));
}

}  // namespace sf::detail
