// Decimal::quantize, as _pydecimal's quantize: the value at the exponent of
// another decimal, rounded with the caller's mode, refused (InvalidOperation)
// when that takes more than 28 digits or leaves the exponent range.
#include <fmt/format.h>

#include "values/decimal_number.hpp"

namespace sf {

using detail::DecimalNumber;
using detail::number_of;

namespace {

[[noreturn]] void refuse(const DecimalNumber& a, const DecimalNumber& exp, const char* why) {
  detail::raise(DecimalError::Condition::invalid_operation,
                fmt::format("{}.quantize({}): {}", detail::operand_text(a), detail::operand_text(exp), why));
}

}  // namespace

Decimal Decimal::quantize(const Decimal& exponent, Rounding rounding) const {
  const DecimalNumber& a = number_of(*this);
  const DecimalNumber& exp = number_of(exponent);
  if (a.is_special() || exp.is_special()) {
    Decimal nan;
    if (detail::check_nans(a, &exp, "quantize", nan)) return nan;
    if (a.is_infinity() && exp.is_infinity()) return *this;
    refuse(a, exp, "only an infinity quantizes to an infinity");
  }
  if (exp.exponent < detail::kEtiny || exp.exponent > detail::kEmax) {
    refuse(a, exp, "the target exponent is outside the context's range");
  }
  if (a.is_zero()) return detail::fix({0, exp.exponent, detail::DecimalForm::finite, a.negative});
  const char* too_many = "the result needs more than 28 digits; quantize to a coarser exponent";
  if (detail::adjusted(a) > detail::kEmax) refuse(a, exp, "the value's exponent is too large");
  if (detail::adjusted(a) - exp.exponent + 1 > detail::kPrecision) refuse(a, exp, too_many);
  DecimalNumber result = detail::rescale(a, exp.exponent, rounding);
  if (detail::adjusted(result) > detail::kEmax) refuse(a, exp, "the result's exponent is too large");
  if (detail::digit_count(result.coefficient) > detail::kPrecision) refuse(a, exp, too_many);
  return detail::fix(std::move(result));
}

}  // namespace sf
