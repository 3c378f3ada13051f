// Comparisons of sf::Decimal by numeric value (1.10 == 1.1), with Python's
// NaN rules: == and != are quiet for a quiet NaN but raise for a signaling
// one; ordering raises InvalidOperation for any NaN.
#include <fmt/format.h>

#include "values/decimal_number.hpp"

namespace sf {

using detail::Coefficient;
using detail::DecimalNumber;
using detail::number_of;

namespace {

int infinity_rank(const DecimalNumber& n) { return n.is_infinity() ? (n.negative ? -1 : 1) : 0; }

// _cmp: -1, 0 or 1 for two operands that are not NaNs.
int compare_values(const DecimalNumber& a, const DecimalNumber& b) {
  if (a.is_special() || b.is_special()) {
    const int ra = infinity_rank(a);
    const int rb = infinity_rank(b);
    return ra == rb ? 0 : (ra < rb ? -1 : 1);
  }
  if (a.is_zero()) return b.is_zero() ? 0 : (b.negative ? 1 : -1);
  if (b.is_zero()) return a.negative ? -1 : 1;
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  const int sign = a.negative ? -1 : 1;
  const std::int64_t adjusted_a = detail::adjusted(a);
  const std::int64_t adjusted_b = detail::adjusted(b);
  if (adjusted_a != adjusted_b) return adjusted_a > adjusted_b ? sign : -sign;
  // Same leading digit position: the coefficients padded to one exponent.
  const std::int64_t exponent = std::min(a.exponent, b.exponent);
  const Coefficient x = a.coefficient * detail::power_of_ten(a.exponent - exponent);
  const Coefficient y = b.coefficient * detail::power_of_ten(b.exponent - exponent);
  return x == y ? 0 : (x < y ? -sign : sign);
}

void refuse_nan_ordering(const DecimalNumber& a, const DecimalNumber& b, const char* operation) {
  if (a.is_nan() || b.is_nan()) {
    detail::raise(DecimalError::Condition::invalid_operation,
                  fmt::format("{}: NaN has no order; test is_nan() before comparing",
                              detail::expression_text(a, operation, b)));
  }
}

}  // namespace

bool operator==(const Decimal& a, const Decimal& b) {
  const DecimalNumber& x = number_of(a);
  const DecimalNumber& y = number_of(b);
  if (x.is_nan() || y.is_nan()) {
    Decimal nan;
    detail::check_nans(x, &y, "==", nan);  // raises for a signaling NaN
    return false;
  }
  return compare_values(x, y) == 0;
}

bool operator<(const Decimal& a, const Decimal& b) {
  refuse_nan_ordering(number_of(a), number_of(b), "<");
  return compare_values(number_of(a), number_of(b)) < 0;
}

bool operator<=(const Decimal& a, const Decimal& b) {
  refuse_nan_ordering(number_of(a), number_of(b), "<=");
  return compare_values(number_of(a), number_of(b)) <= 0;
}

}  // namespace sf
