// + - * and the unary operations of sf::Decimal, as _pydecimal's __add__,
// __mul__, __neg__, __pos__ and __abs__ compute them: exact when the result
// fits 28 digits, rounded half-even otherwise.
#include <array>

#include <fmt/format.h>

#include "values/decimal_number.hpp"

namespace sf {

using detail::Coefficient;
using detail::DecimalForm;
using detail::DecimalNumber;
using detail::number_of;

namespace {

using Condition = DecimalError::Condition;

// _normalize: brings both coefficients to one exponent. A far smaller
// operand only matters for rounding, so it is replaced by a single digit
// below the precision: the shift stays bounded by the precision.
void normalize(DecimalNumber& a, DecimalNumber& b) {
  DecimalNumber& larger_exp = a.exponent < b.exponent ? b : a;
  DecimalNumber& other = a.exponent < b.exponent ? a : b;
  const std::int64_t larger_length = detail::digit_count(larger_exp.coefficient);
  const std::int64_t other_length = detail::digit_count(other.coefficient);
  const std::int64_t floor_exp = larger_exp.exponent + std::min<std::int64_t>(-1, larger_length - detail::kPrecision - 2);
  if (other_length + other.exponent - 1 < floor_exp) {
    other.coefficient = 1;
    other.exponent = floor_exp;
  }
  larger_exp.coefficient *= detail::power_of_ten(larger_exp.exponent - other.exponent);
  larger_exp.exponent = other.exponent;
}

// The common case, prices and sizes: both coefficients fit 64 bits and the
// exponents are well inside the context's range, so a 128-bit sum or product
// below 10^28 is the exact, final result (fix() would leave it unchanged).
// Anything else takes the general path.
using Wide = unsigned __int128;
constexpr std::int64_t kSafeExponent = 999000;

constexpr Wide wide_power_of_ten(std::int64_t n) {
  Wide p = 1;
  for (std::int64_t i = 0; i < n; ++i) p *= 10;
  return p;
}

constexpr Wide kTenTo28 = wide_power_of_ten(detail::kPrecision);

bool fits_fast_path(const DecimalNumber& n) {
  return n.form == DecimalForm::finite && n.coefficient.backend().size() == 1 && n.exponent > -kSafeExponent &&
         n.exponent < kSafeExponent;
}

std::uint64_t low_limb(const Coefficient& c) { return c.backend().limbs()[0]; }

// An exact result of the fast path.
struct WideResult {
  bool negative = false;
  Wide coefficient = 0;
  std::int64_t exponent = 0;
  Decimal to_decimal() const { return detail::make_finite(negative, Coefficient(coefficient), exponent); }
};

// Each returns false, leaving `result` alone, when the general path is needed.
bool fast_add(const DecimalNumber& a, const DecimalNumber& b, WideResult& result) {
  if (!fits_fast_path(a) || !fits_fast_path(b)) return false;
  const std::int64_t shift = a.exponent > b.exponent ? a.exponent - b.exponent : b.exponent - a.exponent;
  if (shift > 18) return false;  // keeps the scaled coefficient below 2^127
  static const std::array<Wide, 19> powers = [] {
    std::array<Wide, 19> p{};
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = wide_power_of_ten(static_cast<std::int64_t>(i));
    return p;
  }();
  Wide x = low_limb(a.coefficient);
  Wide y = low_limb(b.coefficient);
  (a.exponent > b.exponent ? x : y) *= powers[static_cast<std::size_t>(shift)];
  bool negative = a.negative;
  Wide sum = 0;
  if (a.negative == b.negative) {
    sum = x + y;
  } else {
    sum = x >= y ? x - y : y - x;
    negative = x >= y ? a.negative : b.negative;
  }
  if (sum >= kTenTo28) return false;  // may need rounding
  // Zero: -0 only from two negative zeros (ROUND_HALF_EVEN's rule).
  if (sum == 0) negative = a.negative && b.negative && x == 0 && y == 0;
  result = {negative, sum, std::min(a.exponent, b.exponent)};
  return true;
}

bool fast_multiply(const DecimalNumber& a, const DecimalNumber& b, WideResult& result) {
  if (!fits_fast_path(a) || !fits_fast_path(b)) return false;
  const Wide product = static_cast<Wide>(low_limb(a.coefficient)) * low_limb(b.coefficient);
  const std::int64_t exponent = a.exponent + b.exponent;
  if (product >= kTenTo28 || exponent <= -kSafeExponent || exponent >= kSafeExponent) return false;
  result = {a.negative != b.negative, product, exponent};
  return true;
}

Decimal add(const DecimalNumber& a, const DecimalNumber& b, const char* operation) {
  if (WideResult sum; fast_add(a, b, sum)) return sum.to_decimal();
  if (a.is_special() || b.is_special()) {
    Decimal nan;
    if (detail::check_nans(a, &b, operation, nan)) return nan;
    if (a.is_infinity()) {
      if (b.is_infinity() && a.negative != b.negative) {
        detail::raise(Condition::invalid_operation,
                      fmt::format("{}: infinities of opposite signs cancel to no number",
                                  detail::expression_text(a, "+", b)));
      }
      return detail::make_decimal(a);
    }
    return detail::make_decimal(b);
  }
  const std::int64_t exponent = std::min(a.exponent, b.exponent);
  if (a.is_zero() && b.is_zero()) return detail::fix({0, exponent, DecimalForm::finite, a.negative && b.negative});
  if (a.is_zero() || b.is_zero()) {
    const DecimalNumber& nonzero = a.is_zero() ? b : a;
    const std::int64_t target = std::max(exponent, nonzero.exponent - detail::kPrecision - 1);
    return detail::fix(detail::rescale(nonzero, target, Rounding::half_even));
  }
  DecimalNumber x = a;
  DecimalNumber y = b;
  normalize(x, y);
  DecimalNumber result{0, x.exponent, DecimalForm::finite, false};
  if (x.negative != y.negative) {
    if (x.coefficient == y.coefficient) return detail::fix({0, exponent, DecimalForm::finite, false});
    const bool x_larger = x.coefficient > y.coefficient;
    result.negative = x_larger ? x.negative : y.negative;
    result.coefficient = x_larger ? x.coefficient - y.coefficient : y.coefficient - x.coefficient;
  } else {
    result.negative = x.negative;
    result.coefficient = x.coefficient + y.coefficient;
  }
  return detail::fix(std::move(result));
}

DecimalNumber negated(DecimalNumber n) {
  n.negative = !n.negative;
  return n;
}

}  // namespace

Decimal operator+(const Decimal& a, const Decimal& b) { return add(number_of(a), number_of(b), "+"); }

Decimal operator-(const Decimal& a, const Decimal& b) {
  const DecimalNumber& x = number_of(a);
  const DecimalNumber& y = number_of(b);
  if (x.is_special() || y.is_special()) {
    Decimal nan;
    if (detail::check_nans(x, &y, "-", nan)) return nan;
  }
  return add(x, negated(y), "-");
}

Decimal operator*(const Decimal& a, const Decimal& b) {
  const DecimalNumber& x = number_of(a);
  const DecimalNumber& y = number_of(b);
  const bool negative = x.negative != y.negative;
  if (x.is_special() || y.is_special()) {
    Decimal nan;
    if (detail::check_nans(x, &y, "*", nan)) return nan;
    if ((x.is_infinity() && y.is_zero()) || (y.is_infinity() && x.is_zero())) {
      detail::raise(Condition::invalid_operation,
                    fmt::format("{}: infinity times zero has no value", detail::expression_text(x, "*", y)));
    }
    return detail::make_special(DecimalForm::infinity, negative);
  }
  if (WideResult product; fast_multiply(x, y, product)) return product.to_decimal();
  const std::int64_t exponent = x.exponent + y.exponent;
  if (x.is_zero() || y.is_zero()) return detail::fix({0, exponent, DecimalForm::finite, negative});
  return detail::fix({x.coefficient * y.coefficient, exponent, DecimalForm::finite, negative});
}

// Python rounds on unary minus and plus, and never makes a -0 from a zero
// (under every rounding but ROUND_FLOOR, which the default context is not).
Decimal Decimal::operator-() const {
  const DecimalNumber& n = number_of(*this);
  Decimal nan;
  if (n.is_special() && detail::check_nans(n, nullptr, "-", nan)) return nan;
  DecimalNumber result = n;
  result.negative = n.is_zero() ? false : !n.negative;
  return detail::fix(std::move(result));
}

Decimal Decimal::operator+() const {
  const DecimalNumber& n = number_of(*this);
  Decimal nan;
  if (n.is_special() && detail::check_nans(n, nullptr, "+", nan)) return nan;
  DecimalNumber result = n;
  if (n.is_zero()) result.negative = false;
  return detail::fix(std::move(result));
}

Decimal abs(const Decimal& a) {
  const DecimalNumber& n = number_of(a);
  Decimal nan;
  if (n.is_special() && detail::check_nans(n, nullptr, "abs ", nan)) return nan;
  return n.negative ? -a : +a;
}

}  // namespace sf
