#pragma once
// Decimal literals as Python's decimal module reads and writes them. The wire
// carries Decimal as str(d), so "canonical" here means exactly what Python's
// str(Decimal(text)) prints: a C++ peer and a Python peer then agree on map
// keys such as "101.5" byte for byte.
#include <optional>
#include <string>
#include <string_view>

namespace sf::detail {

// str(Decimal(text)) for a literal Python's Decimal() accepts (digits with an
// optional point and exponent, Infinity, NaN, sNaN; no underscores or spaces).
// nullopt when `text` is not such a literal.
std::optional<std::string> canonical_decimal(std::string_view text);

// True when Python's Decimal() would accept `text`; allocates nothing, so a
// model can check every decimal it sees.
bool is_decimal_literal(std::string_view text);

// True when `text` is already in that canonical form ("1.50" yes, "01.5" no).
bool is_canonical_decimal(std::string_view text);

}  // namespace sf::detail
