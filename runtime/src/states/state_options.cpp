#include "states/state_options.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

namespace sf::detail {

ArgsModel state_out_options(bool delta) {
  ArgsModel model;
  model.optional = {{"topic", "str"},
                    {"is_xpub", "bool"},
                    {"high_water_mark", "int"},
                    {"heartbeat_ms", "int"},
                    {"wait_after_creation_s", "float"}};
  if (delta) model.optional["snapshot_interval_ms"] = "int";
  return model;
}

ArgsModel state_in_options(bool delta) {
  ArgsModel model;
  model.optional = {{"topic", "str"}, {"is_xsub", "bool"}, {"high_water_mark", "int"}, {"snapshot_timeout_ms", "int"}};
  if (delta) model.optional["max_buffered"] = "int";
  return model;
}

std::chrono::milliseconds option_ms(const Json& options, const char* key, int fallback, bool zero_allowed,
                                    const std::string& label) {
  const auto value = options.value(key, static_cast<std::int64_t>(fallback));
  if (value < 0 || (value == 0 && !zero_allowed)) {
    throw Error(fmt::format("{} arguments: {} must be {} (got {})", label, key, zero_allowed ? ">= 0" : "> 0", value));
  }
  return std::chrono::milliseconds(value);
}

int high_water_mark(const Json& options) {
  const auto value = options.value("high_water_mark", static_cast<std::int64_t>(kDefaultHighWaterMark));
  if (value < 0 || value > 100'000'000) {
    throw Error(fmt::format("state arguments: high_water_mark must be 0 (unlimited) .. 100000000 (got {})", value));
  }
  return static_cast<int>(value);
}

}  // namespace sf::detail
