// / % and // of sf::Decimal, as _pydecimal's __truediv__, _divide, __mod__
// and __floordiv__: / rounds to 28 digits; // truncates toward zero and %
// keeps the dividend's sign (unlike Python's int), and both refuse a
// quotient of more than 28 digits.
#include <fmt/format.h>

#include "values/decimal_number.hpp"

namespace sf {

using detail::Coefficient;
using detail::DecimalForm;
using detail::DecimalNumber;
using detail::number_of;

namespace {

using Condition = DecimalError::Condition;

struct QuotientAndRemainder {
  DecimalNumber quotient;
  DecimalNumber remainder;
};

// _divide: a // b and a % b, unrounded. a is finite, b nonzero and not a NaN.
QuotientAndRemainder divide_integral(const DecimalNumber& a, const DecimalNumber& b, const char* operation) {
  const bool negative = a.negative != b.negative;
  const std::int64_t ideal_exp = b.is_infinity() ? a.exponent : std::min(a.exponent, b.exponent);
  if (a.is_zero() || b.is_infinity() || detail::adjusted(a) - detail::adjusted(b) <= -2) {
    return {{0, 0, DecimalForm::finite, negative}, detail::rescale(a, ideal_exp, Rounding::half_even)};
  }
  if (detail::adjusted(a) - detail::adjusted(b) <= detail::kPrecision) {
    Coefficient x = a.coefficient;
    Coefficient y = b.coefficient;
    if (a.exponent >= b.exponent) {
      x *= detail::power_of_ten(a.exponent - b.exponent);
    } else {
      y *= detail::power_of_ten(b.exponent - a.exponent);
    }
    Coefficient q;
    Coefficient r;
    divide_qr(x, y, q, r);
    if (q < detail::power_of_ten(detail::kPrecision)) {
      return {{std::move(q), 0, DecimalForm::finite, negative},
              {std::move(r), ideal_exp, DecimalForm::finite, a.negative}};
    }
  }
  detail::raise(Condition::invalid_operation,
                fmt::format("{}: the integer quotient has more than {} digits; use / instead",
                            detail::expression_text(a, operation, b), detail::kPrecision));
}

[[noreturn]] void raise_zero_divisor(const DecimalNumber& a, const char* operation, const DecimalNumber& b,
                                     Condition nonzero_dividend) {
  if (a.is_zero()) {
    detail::raise(Condition::invalid_operation,
                  fmt::format("{}: zero divided by zero is undefined; check the divisor first",
                              detail::expression_text(a, operation, b)));
  }
  detail::raise(nonzero_dividend, fmt::format("{}: division by zero; check the divisor first",
                                              detail::expression_text(a, operation, b)));
}

}  // namespace

Decimal operator/(const Decimal& a, const Decimal& b) {
  const DecimalNumber& x = number_of(a);
  const DecimalNumber& y = number_of(b);
  const bool negative = x.negative != y.negative;
  if (x.is_special() || y.is_special()) {
    Decimal nan;
    if (detail::check_nans(x, &y, "/", nan)) return nan;
    if (x.is_infinity() && y.is_infinity()) {
      detail::raise(Condition::invalid_operation,
                    fmt::format("{}: infinity divided by infinity has no value", detail::expression_text(x, "/", y)));
    }
    if (x.is_infinity()) return detail::make_special(DecimalForm::infinity, negative);
    return detail::make_finite(negative, 0, detail::kEtiny);  // finite / infinity
  }
  if (y.is_zero()) raise_zero_divisor(x, "/", y, Condition::division_by_zero);
  if (x.is_zero()) return detail::fix({0, x.exponent - y.exponent, DecimalForm::finite, negative});

  // One digit more than the precision, plus a sticky digit for an inexact
  // remainder, rounds correctly in fix().
  const std::int64_t shift = detail::digit_count(y.coefficient) - detail::digit_count(x.coefficient) + detail::kPrecision + 1;
  std::int64_t exponent = x.exponent - y.exponent - shift;
  Coefficient q;
  Coefficient r;
  if (shift >= 0) {
    divide_qr(Coefficient(x.coefficient * detail::power_of_ten(shift)), y.coefficient, q, r);
  } else {
    divide_qr(x.coefficient, Coefficient(y.coefficient * detail::power_of_ten(-shift)), q, r);
  }
  if (!r.is_zero()) {
    if ((q % 5).is_zero()) ++q;
  } else {
    // Exact: as close to the ideal exponent as the trailing zeros allow.
    const std::int64_t ideal_exp = x.exponent - y.exponent;
    while (exponent < ideal_exp && (q % 10).is_zero()) {
      q /= 10;
      ++exponent;
    }
  }
  return detail::fix({std::move(q), exponent, DecimalForm::finite, negative});
}

Decimal operator%(const Decimal& a, const Decimal& b) {
  const DecimalNumber& x = number_of(a);
  const DecimalNumber& y = number_of(b);
  Decimal nan;
  if (detail::check_nans(x, &y, "%", nan)) return nan;
  if (x.is_infinity()) {
    detail::raise(Condition::invalid_operation,
                  fmt::format("{}: infinity has no remainder", detail::expression_text(x, "%", y)));
  }
  if (y.is_zero()) raise_zero_divisor(x, "%", y, Condition::invalid_operation);
  return detail::fix(divide_integral(x, y, "%").remainder);
}

Decimal Decimal::divide_int(const Decimal& divisor) const {
  const DecimalNumber& x = number_of(*this);
  const DecimalNumber& y = number_of(divisor);
  Decimal nan;
  if (detail::check_nans(x, &y, "//", nan)) return nan;
  if (x.is_infinity()) {
    if (y.is_infinity()) {
      detail::raise(Condition::invalid_operation,
                    fmt::format("{}: infinity divided by infinity has no value", detail::expression_text(x, "//", y)));
    }
    return detail::make_special(DecimalForm::infinity, x.negative != y.negative);
  }
  if (y.is_zero()) raise_zero_divisor(x, "//", y, Condition::division_by_zero);
  return detail::make_decimal(divide_integral(x, y, "//").quotient);
}

}  // namespace sf
