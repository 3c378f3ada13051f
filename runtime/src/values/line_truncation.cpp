#include "values/line_truncation.hpp"

#include <fmt/format.h>

namespace sf::detail {

std::string truncation_marker(std::size_t dropped_bytes) {
  // Thousands separators without a locale: the marker reads the same on every machine.
  std::string digits = fmt::format("{}", dropped_bytes);
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return fmt::format(" \u2026 [truncated {} bytes]", grouped);
}

std::size_t utf8_prefix_length(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t cut = max_bytes;
  // Back off continuation bytes (10xxxxxx): at most three in a valid sequence.
  for (int i = 0; i < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80; ++i) --cut;
  return cut;
}

}  // namespace sf::detail
