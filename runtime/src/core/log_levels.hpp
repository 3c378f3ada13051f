#pragma once
// Log level names as users of the Python framework type them (DEBUG, INFO,
// WARNING, ERROR, CRITICAL) in any case, plus spdlog's trace and off.
#include <string>

#include <spdlog/common.h>

namespace sf::detail {

// Throws sf::Error with one line naming `option` and the accepted names.
spdlog::level::level_enum parse_log_level(const std::string& name, const std::string& option);

}  // namespace sf::detail
