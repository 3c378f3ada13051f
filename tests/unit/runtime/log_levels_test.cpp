// -cl / -f / ServiceOptions levels: the Python framework's names in any case.
#include <doctest/doctest.h>

#include <sf/error.hpp>

#include "core/log_levels.hpp"

using sf::detail::parse_log_level;

TEST_CASE("log levels are Python's names in any case plus trace and off") {
  CHECK(parse_log_level("DEBUG", "-cl") == spdlog::level::debug);
  CHECK(parse_log_level("INFO", "-cl") == spdlog::level::info);
  CHECK(parse_log_level("info", "-cl") == spdlog::level::info);
  CHECK(parse_log_level("WARNING", "-cl") == spdlog::level::warn);
  CHECK(parse_log_level("Warning", "-cl") == spdlog::level::warn);
  CHECK(parse_log_level("warn", "-cl") == spdlog::level::warn);
  CHECK(parse_log_level("ERROR", "-cl") == spdlog::level::err);
  CHECK(parse_log_level("CRITICAL", "-cl") == spdlog::level::critical);
  CHECK(parse_log_level("trace", "-cl") == spdlog::level::trace);
  CHECK(parse_log_level("OFF", "-cl") == spdlog::level::off);
}

TEST_CASE("an unknown log level is one line naming the option and the valid names") {
  CHECK_THROWS_WITH_AS(parse_log_level("LOUD", "-f"),
                       "-f 'LOUD': unknown log level; use DEBUG, INFO, WARNING, ERROR or CRITICAL (any case), "
                       "or trace or off",
                       sf::Error);
  CHECK_THROWS_AS(parse_log_level("", "-cl"), sf::Error);
  CHECK_THROWS_AS(parse_log_level("20", "-cl"), sf::Error);  // Python's numbers are not names either
}
