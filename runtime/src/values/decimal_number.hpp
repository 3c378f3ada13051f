#pragma once
// What an sf::Decimal holds, and the pieces of Python's decimal context the
// operations share (CPython's Lib/_pydecimal.py is the reference these
// follow, name for name where it helps: fix, rescale, check_nans).
//
// The coefficient is a Boost.Multiprecision cpp_int: header-only (Debian's
// libboost-dev), no library to link into every plugin, and it keeps small
// coefficients inline, so the usual prices never touch the heap.
#include <cstdint>
#include <new>
#include <string>

#include <boost/multiprecision/cpp_int.hpp>

#include <sf/decimal.hpp>

namespace sf::detail {

// cpp_int without expression templates: plain values are simpler to use
// correctly, and no slower at these sizes.
using Coefficient = boost::multiprecision::number<boost::multiprecision::cpp_int_backend<>,
                                                  boost::multiprecision::et_off>;

enum class DecimalForm : std::uint8_t { finite, infinity, quiet_nan, signaling_nan };

// (-1)^negative * coefficient * 10^exponent; for a NaN the coefficient is its
// payload ("NaN12"), for Infinity it is 0.
struct DecimalNumber {
  Coefficient coefficient;
  std::int64_t exponent = 0;
  DecimalForm form = DecimalForm::finite;
  bool negative = false;

  bool is_special() const { return form != DecimalForm::finite; }
  bool is_nan() const { return form == DecimalForm::quiet_nan || form == DecimalForm::signaling_nan; }
  bool is_infinity() const { return form == DecimalForm::infinity; }
  bool is_zero() const { return form == DecimalForm::finite && coefficient.is_zero(); }
};

// Python's default context.
inline constexpr std::int64_t kPrecision = 28;
inline constexpr std::int64_t kEmax = 999999;
inline constexpr std::int64_t kEmin = -999999;
inline constexpr std::int64_t kEtiny = kEmin - kPrecision + 1;  // smallest subnormal exponent

// The only way in and out of Decimal's opaque storage.
struct DecimalAccess {
  static const DecimalNumber& number(const Decimal& d) {
    return *std::launder(reinterpret_cast<const DecimalNumber*>(d.storage_));
  }
  static DecimalNumber& number(Decimal& d) { return *std::launder(reinterpret_cast<DecimalNumber*>(d.storage_)); }
  static Decimal make(DecimalNumber n) {
    Decimal d{Decimal::Unconstructed{}};
    new (d.storage_) DecimalNumber(std::move(n));
    return d;
  }
};

inline const DecimalNumber& number_of(const Decimal& d) { return DecimalAccess::number(d); }
inline Decimal make_decimal(DecimalNumber n) { return DecimalAccess::make(std::move(n)); }
inline Decimal make_special(DecimalForm form, bool negative) {
  DecimalNumber n;
  n.form = form;
  n.negative = negative;
  return make_decimal(std::move(n));
}
inline Decimal make_finite(bool negative, Coefficient coefficient, std::int64_t exponent) {
  return make_decimal(DecimalNumber{std::move(coefficient), exponent, DecimalForm::finite, negative});
}

// 10^n, n >= 0 (small powers come from a table).
Coefficient power_of_ten(std::int64_t n);
// Decimal digits of c; 1 for 0.
std::int64_t digit_count(const Coefficient& c);
// The exponent of the most significant digit (Python's adjusted()).
inline std::int64_t adjusted(const DecimalNumber& n) { return n.exponent + digit_count(n.coefficient) - 1; }

// Throws DecimalError: `operation` names what was computed ("1 / 0").
[[noreturn]] void raise(DecimalError::Condition condition, const std::string& what);
// The operand text for messages, and "a <op> b" for a binary operation.
std::string operand_text(const DecimalNumber& n);
std::string expression_text(const DecimalNumber& a, const char* operation, const DecimalNumber& b);

// Python's _check_nans: a signaling NaN operand raises InvalidOperation; a
// quiet NaN operand gives the result (the first NaN, payload trimmed to the
// precision). `other` may be null for unary operations. Returns false when
// neither is a NaN.
bool check_nans(const DecimalNumber& a, const DecimalNumber* b, const char* operation, Decimal& result);

// Python's _fix: rounds to the precision with ROUND_HALF_EVEN, clamps
// exponents into [Etiny, Emax] (subnormals), raises Overflow.
Decimal fix(DecimalNumber n);
// Python's _rescale: n with exactly `exponent`, rounded with `rounding`; no
// context limits applied.
DecimalNumber rescale(const DecimalNumber& n, std::int64_t exponent, Rounding rounding);

}  // namespace sf::detail
