// sf::Decimal as a value: its storage, construction from literals, integers
// and wire values (all exact, as Python's Decimal() is), and its text.
#include <charconv>
#include <type_traits>

#include <fmt/format.h>

#include "values/decimal_literal.hpp"
#include "values/decimal_number.hpp"

namespace sf {

using detail::DecimalAccess;
using detail::DecimalForm;
using detail::DecimalNumber;

namespace {

DecimalNumber& construct_in(unsigned char* storage) { return *new (storage) DecimalNumber(); }

detail::Coefficient coefficient_from_digits(const std::string& digits) {
  if (digits.empty()) return 0;
  if (digits.size() <= 19) {
    std::uint64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
  }
  return detail::Coefficient(digits);  // no leading zeros, so never read as octal
}

std::string coefficient_digits(const detail::Coefficient& c) {
  if (boost::multiprecision::msb(c | 1) < 64) return std::to_string(static_cast<std::uint64_t>(c));
  return c.str();
}

}  // namespace

Decimal::Decimal() {
  // The public header sizes the storage without seeing Boost: checked here.
  static_assert(sizeof(DecimalNumber) <= sizeof(storage_), "sf::Decimal's storage is too small: enlarge storage_");
  static_assert(alignof(DecimalNumber) <= 16, "sf::Decimal's storage is under-aligned");
  construct_in(storage_);
}

Decimal::Decimal(bool negative, std::uint64_t magnitude) {
  DecimalNumber& n = construct_in(storage_);
  n.negative = negative;
  n.coefficient = magnitude;
}

Decimal::Decimal(std::string_view literal) {
  // Everything that can throw happens before the storage holds an object.
  auto parsed = detail::parse_decimal_literal(literal);
  if (!parsed) throw Error(fmt::format("bad decimal literal '{}': write it like '1.25', '-3' or '1E+6'", literal));
  detail::Coefficient coefficient = coefficient_from_digits(parsed->digits);
  DecimalNumber& n = construct_in(storage_);
  n.negative = parsed->negative;
  n.exponent = parsed->exponent;
  n.coefficient = std::move(coefficient);
  switch (parsed->kind) {
    case detail::DecimalLiteral::Kind::number: n.form = DecimalForm::finite; break;
    case detail::DecimalLiteral::Kind::infinity: n.form = DecimalForm::infinity; break;
    case detail::DecimalLiteral::Kind::quiet_nan: n.form = DecimalForm::quiet_nan; break;
    case detail::DecimalLiteral::Kind::signaling_nan: n.form = DecimalForm::signaling_nan; break;
  }
  if (n.is_special()) n.exponent = 0;
}

Decimal::Decimal(const Json& wire) : Decimal(std::string_view(decimal_str(wire))) {}

Decimal::Decimal(const Decimal& other) { new (storage_) DecimalNumber(DecimalAccess::number(other)); }

Decimal::Decimal(Decimal&& other) noexcept {
  new (storage_) DecimalNumber(std::move(DecimalAccess::number(other)));
}

Decimal& Decimal::operator=(const Decimal& other) {
  if (this != &other) DecimalAccess::number(*this) = DecimalAccess::number(other);
  return *this;
}

Decimal& Decimal::operator=(Decimal&& other) noexcept {
  if (this != &other) DecimalAccess::number(*this) = std::move(DecimalAccess::number(other));
  return *this;
}

Decimal::~Decimal() { DecimalAccess::number(*this).~DecimalNumber(); }

std::string Decimal::to_string() const {
  const DecimalNumber& n = DecimalAccess::number(*this);
  const char* sign = n.negative ? "-" : "";
  switch (n.form) {
    case DecimalForm::finite:
      return detail::format_decimal_number(n.negative, coefficient_digits(n.coefficient), n.exponent);
    case DecimalForm::infinity: return fmt::format("{}Infinity", sign);
    case DecimalForm::quiet_nan:
    case DecimalForm::signaling_nan: {
      const char* name = n.form == DecimalForm::quiet_nan ? "NaN" : "sNaN";
      return n.coefficient.is_zero() ? fmt::format("{}{}", sign, name)
                                     : fmt::format("{}{}{}", sign, name, coefficient_digits(n.coefficient));
    }
  }
  return {};
}

Json Decimal::to_json() const { return decimal(to_string()); }

bool Decimal::is_finite() const { return DecimalAccess::number(*this).form == DecimalForm::finite; }
bool Decimal::is_infinite() const { return DecimalAccess::number(*this).is_infinity(); }
bool Decimal::is_nan() const { return DecimalAccess::number(*this).is_nan(); }
bool Decimal::is_snan() const { return DecimalAccess::number(*this).form == DecimalForm::signaling_nan; }
bool Decimal::is_signed() const { return DecimalAccess::number(*this).negative; }
bool Decimal::is_zero() const { return DecimalAccess::number(*this).is_zero(); }

}  // namespace sf
