// Python's default decimal context: rounding to 28 digits, the exponent
// limits, NaN propagation, and the errors its traps raise. Follows
// _pydecimal's _fix, _rescale, _check_nans and _round_* closely, so each
// branch can be checked against it.
#include <array>

#include <fmt/format.h>

#include "values/decimal_literal.hpp"
#include "values/decimal_number.hpp"

namespace sf::detail {
namespace {

constexpr std::int64_t kEtop = kEmax - kPrecision + 1;  // largest exponent of a full-precision result
constexpr int kTabledPowers = 160;

const std::array<Coefficient, kTabledPowers>& power_table() {
  static const std::array<Coefficient, kTabledPowers> table = [] {
    std::array<Coefficient, kTabledPowers> t;
    t[0] = 1;
    for (int i = 1; i < kTabledPowers; ++i) t[i] = t[i - 1] * 10;
    return t;
  }();
  return table;
}

std::int64_t digits_of_u64(std::uint64_t v) {
  std::int64_t n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// Rounding `c` (nonzero) by dropping its `drop` (>= 1) lowest digits, as
// _pydecimal's _round_* decide it: the kept digits, plus one when the mode
// rounds away from zero.
Coefficient round_off(const Coefficient& c, bool negative, std::int64_t drop, Rounding rounding) {
  Coefficient kept;
  Coefficient rest;
  const Coefficient unit = power_of_ten(drop);
  divide_qr(c, unit, kept, rest);
  const int down = rest.is_zero() ? 0 : -1;  // _round_down: -1 when nonzero digits go
  const Coefficient half = unit / 2;
  auto half_up = [&] { return rest >= half ? 1 : down; };
  const bool kept_even = (kept % 2).is_zero();
  const auto last_kept = static_cast<int>(kept % 10);
  int changed = 0;
  switch (rounding) {
    case Rounding::down: changed = down; break;
    case Rounding::up: changed = -down; break;
    case Rounding::half_up: changed = half_up(); break;
    case Rounding::half_down: changed = rest == half ? -1 : half_up(); break;
    case Rounding::half_even: changed = (rest == half && kept_even) ? -1 : half_up(); break;
    case Rounding::ceiling: changed = negative ? down : -down; break;
    case Rounding::floor: changed = negative ? -down : down; break;
    case Rounding::zero_five_up: changed = (last_kept != 0 && last_kept != 5) ? down : -down; break;
  }
  if (changed == 1) ++kept;
  return kept;
}

// _fix_nan: a payload longer than the precision keeps its last 28 digits.
Decimal fix_nan(DecimalNumber n) {
  if (digit_count(n.coefficient) > kPrecision) n.coefficient %= power_of_ten(kPrecision);
  return make_decimal(std::move(n));
}

}  // namespace

Coefficient power_of_ten(std::int64_t n) {
  if (n < kTabledPowers) return power_table()[static_cast<std::size_t>(n)];
  return boost::multiprecision::pow(Coefficient(10), static_cast<unsigned>(n));
}

std::int64_t digit_count(const Coefficient& c) {
  if (c.is_zero()) return 1;
  const auto top_bit = static_cast<std::int64_t>(boost::multiprecision::msb(c));
  if (top_bit < 64) return digits_of_u64(static_cast<std::uint64_t>(c));
  // 2^top_bit <= c < 2^(top_bit+1): the digit count is one of two values.
  const std::int64_t lower = top_bit * 30103 / 100000 + 1;
  return c >= power_of_ten(lower) ? lower + 1 : lower;
}

void raise(DecimalError::Condition condition, const std::string& what) {
  const char* python_name = condition == DecimalError::Condition::division_by_zero ? "DivisionByZero"
                            : condition == DecimalError::Condition::overflow       ? "Overflow"
                                                                                   : "InvalidOperation";
  throw DecimalError(condition, fmt::format("decimal {} ({} in Python's decimal)", what, python_name));
}

std::string operand_text(const DecimalNumber& n) { return make_decimal(n).to_string(); }

std::string expression_text(const DecimalNumber& a, const char* operation, const DecimalNumber& b) {
  return fmt::format("{} {} {}", operand_text(a), operation, operand_text(b));
}

bool check_nans(const DecimalNumber& a, const DecimalNumber* b, const char* operation, Decimal& result) {
  const bool b_nan = b != nullptr && b->is_nan();
  if (!a.is_nan() && !b_nan) return false;
  for (const DecimalNumber* operand : {&a, b}) {
    if (operand != nullptr && operand->form == DecimalForm::signaling_nan) {
      raise(DecimalError::Condition::invalid_operation,
            fmt::format("{}: a signaling NaN operand; test is_snan() before computing with it",
                        b != nullptr ? expression_text(a, operation, *b)
                                     : fmt::format("{}{}", operation, operand_text(a))));
    }
  }
  result = fix_nan(a.is_nan() ? a : *b);
  return true;
}

Decimal fix(DecimalNumber n) {
  if (n.is_special()) return n.is_nan() ? fix_nan(std::move(n)) : make_decimal(std::move(n));
  if (n.coefficient.is_zero()) {
    n.exponent = std::min(std::max(n.exponent, kEtiny), kEmax);
    return make_decimal(std::move(n));
  }
  std::int64_t length = digit_count(n.coefficient);
  std::int64_t exp_min = length + n.exponent - kPrecision;
  auto overflow = [&] {
    raise(DecimalError::Condition::overflow,
          fmt::format("result {}E{:+d} is beyond the largest exponent {:+d}; scale the operands down",
                      n.negative ? "-1" : "1", n.exponent + length - 1, kEmax));
  };
  if (exp_min > kEtop) overflow();
  exp_min = std::max(exp_min, kEtiny);  // subnormal: fewer digits, not a smaller exponent
  if (n.exponent >= exp_min) return make_decimal(std::move(n));

  std::int64_t keep = length + n.exponent - exp_min;
  if (keep < 0) {
    // Far below the last kept digit: rounds exactly like 10^(exp_min-1).
    n.coefficient = 1;
    n.exponent = exp_min - 1;
    length = 1;
    keep = 0;
  }
  Coefficient rounded = round_off(n.coefficient, n.negative, length - keep, Rounding::half_even);
  if (digit_count(rounded) > kPrecision) {
    rounded /= 10;
    exp_min += 1;
  }
  if (exp_min > kEtop) overflow();
  return make_finite(n.negative, std::move(rounded), exp_min);
}

DecimalNumber rescale(const DecimalNumber& n, std::int64_t exponent, Rounding rounding) {
  if (n.is_special()) return n;
  if (n.coefficient.is_zero()) return DecimalNumber{0, exponent, DecimalForm::finite, n.negative};
  if (n.exponent >= exponent) {
    return DecimalNumber{n.coefficient * power_of_ten(n.exponent - exponent), exponent, DecimalForm::finite,
                         n.negative};
  }
  Coefficient coefficient = n.coefficient;
  std::int64_t length = digit_count(coefficient);
  std::int64_t keep = length + n.exponent - exponent;
  if (keep < 0) {
    coefficient = 1;
    length = 1;
    keep = 0;
  }
  return DecimalNumber{round_off(coefficient, n.negative, length - keep, rounding), exponent, DecimalForm::finite,
                       n.negative};
}

}  // namespace sf::detail
