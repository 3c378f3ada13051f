#pragma once
// Decimal literals as Python's decimal module reads and writes them. The wire
// carries Decimal as str(d), so "canonical" here means exactly what Python's
// str(Decimal(text)) prints: a C++ peer and a Python peer then agree on map
// keys such as "101.5" byte for byte.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sf::detail {

// A literal taken apart: sign, what it is, and for a number its coefficient
// digits (no leading zeros, "0" for zero) and exponent; for a NaN its payload
// digits ("" when none).
struct DecimalLiteral {
  enum class Kind { number, infinity, quiet_nan, signaling_nan };
  bool negative = false;
  Kind kind = Kind::number;
  std::string digits;
  std::int64_t exponent = 0;
};

// nullopt when `text` is not a literal Python's Decimal() accepts.
std::optional<DecimalLiteral> parse_decimal_literal(std::string_view text);

// str(Decimal) of a number given as its coefficient digits (no leading
// zeros) and exponent: Python's to-sci-string.
std::string format_decimal_number(bool negative, std::string_view digits, std::int64_t exponent);

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
