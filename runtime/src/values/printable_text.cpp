#include "values/printable_text.hpp"

#include <fmt/format.h>

namespace sf::detail {

std::string printable_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    // Bytes >= 0x80 pass: UTF-8 names stay readable; only ASCII controls break lines.
    if ((b >= 0x20 && b != 0x7f && c != '\\') || b >= 0x80) {
      out += c;
    } else {
      out += fmt::format("\\x{:02x}", b);
    }
  }
  return out;
}

}  // namespace sf::detail
