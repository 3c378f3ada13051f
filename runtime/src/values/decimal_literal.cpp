#include "values/decimal_literal.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace sf::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

std::string strip_leading_zeros(std::string_view digits) {
  std::size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return std::string(digits.substr(i));
}

// NaN/sNaN may carry a diagnostic payload of digits ("NaN12"); Python drops
// its leading zeros and prints a zero payload as nothing.
std::optional<DecimalLiteral> parse_special(bool negative, std::string_view body) {
  DecimalLiteral literal;
  literal.negative = negative;
  if (iequals(body, "inf") || iequals(body, "infinity")) {
    literal.kind = DecimalLiteral::Kind::infinity;
    return literal;
  }
  for (std::string_view name : {std::string_view("snan"), std::string_view("nan")}) {
    if (body.size() < name.size() || !iequals(body.substr(0, name.size()), name)) continue;
    std::string_view payload = body.substr(name.size());
    if (!all_digits(payload)) return std::nullopt;
    literal.kind = name == "snan" ? DecimalLiteral::Kind::signaling_nan : DecimalLiteral::Kind::quiet_nan;
    literal.digits = strip_leading_zeros(payload);
    if (literal.digits == "0") literal.digits.clear();
    return literal;
  }
  return std::nullopt;
}

// Python's Decimal.__str__ (to-sci-string): plain notation while the exponent
// is <= 0 and the number is not tiny, scientific otherwise.
std::string to_sci_string(std::string_view sign, std::string_view coefficient, std::int64_t exponent) {
  const auto ndigits = static_cast<std::int64_t>(coefficient.size());
  const std::int64_t leftdigits = exponent + ndigits;
  const std::int64_t dotplace = (exponent <= 0 && leftdigits > -6) ? leftdigits : 1;
  std::string out(sign);
  if (dotplace <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-dotplace), '0');
    out += coefficient;
  } else if (dotplace >= ndigits) {
    out += coefficient;
    out.append(static_cast<std::size_t>(dotplace - ndigits), '0');
  } else {
    out += coefficient.substr(0, static_cast<std::size_t>(dotplace));
    out += '.';
    out += coefficient.substr(static_cast<std::size_t>(dotplace));
  }
  if (leftdigits != dotplace) out += fmt::format("E{:+d}", leftdigits - dotplace);
  return out;
}

// A numeric literal split into its parts; views into the text, no copies.
struct NumericParts {
  std::string_view int_digits;
  std::string_view frac_digits;
  std::int64_t exponent = 0;
};

std::optional<NumericParts> split_numeric(std::string_view rest) {
  NumericParts parts;
  std::size_t i = 0;
  while (i < rest.size() && is_digit(rest[i])) ++i;
  parts.int_digits = rest.substr(0, i);
  if (i < rest.size() && rest[i] == '.') {
    const std::size_t start = ++i;
    while (i < rest.size() && is_digit(rest[i])) ++i;
    parts.frac_digits = rest.substr(start, i - start);
  }
  if (parts.int_digits.empty() && parts.frac_digits.empty()) return std::nullopt;

  if (i < rest.size() && (rest[i] == 'e' || rest[i] == 'E')) {
    std::string_view exp_text = rest.substr(i + 1);
    bool negative = false;
    if (!exp_text.empty() && (exp_text[0] == '+' || exp_text[0] == '-')) {
      negative = exp_text[0] == '-';
      exp_text.remove_prefix(1);
    }
    // Bounded so the arithmetic below cannot overflow; Python's own contexts
    // stop far below this.
    if (exp_text.empty() || exp_text.size() > 12 || !all_digits(exp_text)) return std::nullopt;
    for (char c : exp_text) parts.exponent = parts.exponent * 10 + (c - '0');
    if (negative) parts.exponent = -parts.exponent;
    i = rest.size();
  }
  if (i != rest.size()) return std::nullopt;
  return parts;
}

// Splits off the sign; false when nothing is left.
bool split_sign(std::string_view text, std::string_view& sign, std::string_view& rest) {
  rest = text;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    if (rest[0] == '-') sign = "-";
    rest.remove_prefix(1);
  }
  return !rest.empty();
}

bool is_numeric_start(char c) { return is_digit(c) || c == '.'; }

}  // namespace

std::optional<DecimalLiteral> parse_decimal_literal(std::string_view text) {
  std::string_view sign;
  std::string_view rest;
  if (!split_sign(text, sign, rest)) return std::nullopt;
  if (!is_numeric_start(rest[0])) return parse_special(!sign.empty(), rest);
  const auto parts = split_numeric(rest);
  if (!parts) return std::nullopt;
  std::string digits(parts->int_digits);
  digits += parts->frac_digits;
  DecimalLiteral literal;
  literal.negative = !sign.empty();
  literal.digits = strip_leading_zeros(digits);
  literal.exponent = parts->exponent - static_cast<std::int64_t>(parts->frac_digits.size());
  return literal;
}

std::string format_decimal_number(bool negative, std::string_view digits, std::int64_t exponent) {
  return to_sci_string(negative ? "-" : "", digits, exponent);
}

std::optional<std::string> canonical_decimal(std::string_view text) {
  const auto literal = parse_decimal_literal(text);
  if (!literal) return std::nullopt;
  const std::string sign = literal->negative ? "-" : "";
  switch (literal->kind) {
    case DecimalLiteral::Kind::number: return to_sci_string(sign, literal->digits, literal->exponent);
    case DecimalLiteral::Kind::infinity: return sign + "Infinity";
    case DecimalLiteral::Kind::quiet_nan: return sign + "NaN" + literal->digits;
    case DecimalLiteral::Kind::signaling_nan: return sign + "sNaN" + literal->digits;
  }
  return std::nullopt;
}

bool is_decimal_literal(std::string_view text) {
  std::string_view sign;
  std::string_view rest;
  if (!split_sign(text, sign, rest)) return false;
  if (is_numeric_start(rest[0])) return split_numeric(rest).has_value();
  for (std::string_view name : {"inf", "infinity"})
    if (iequals(rest, name)) return true;
  for (std::string_view name : {"snan", "nan"})
    if (rest.size() >= name.size() && iequals(rest.substr(0, name.size()), name))
      return all_digits(rest.substr(name.size()));
  return false;
}

bool is_canonical_decimal(std::string_view text) {
  const auto canonical = canonical_decimal(text);
  return canonical && *canonical == text;
}

}  // namespace sf::detail
