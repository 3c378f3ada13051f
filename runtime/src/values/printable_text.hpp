#pragma once
// Text from outside (a command-line argument, a config key) quoted inside a
// one-line error: control bytes, DEL and backslash become \xNN, so a newline
// in the input cannot split the line or a terminal escape reach the screen.
#include <string>
#include <string_view>

namespace sf::detail {

std::string printable_text(std::string_view text);

}  // namespace sf::detail
