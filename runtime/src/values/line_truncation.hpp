#pragma once
// Log lines past a bound (docs/hardening.md, "Limits"): the worker's logger
// and sfsup's capture of a worker's output both keep a line's first bytes
// and end it with the same marker, so one 50 MB line cannot push every
// earlier line out of a size-rotated log.
#include <cstddef>
#include <string>
#include <string_view>

namespace sf::detail {

// " … [truncated 49,999,500 bytes]": what follows a cut line.
std::string truncation_marker(std::size_t dropped_bytes);

// How many of text's bytes to keep to stay within `max_bytes` without
// splitting a UTF-8 sequence (text.size() when it fits).
std::size_t utf8_prefix_length(std::string_view text, std::size_t max_bytes);

}  // namespace sf::detail
