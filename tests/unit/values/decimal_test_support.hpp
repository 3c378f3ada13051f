#pragma once
// Shorthands for the sf::Decimal unit tests. Expected strings were printed by
// CPython 3.11's decimal module (str() of the same expression).
#include <doctest/doctest.h>

#include <string>

#include <sf/decimal.hpp>

namespace sftest_decimal {

using sf::Decimal;
using Condition = sf::DecimalError::Condition;

inline Decimal D(const char* literal) { return Decimal(literal); }

// The condition an expression raises, to compare with Python's exception.
template <typename F>
std::string raised_by(F&& f) {
  try {
    (void)f();
  } catch (const sf::DecimalError& e) {
    switch (e.condition()) {
      case Condition::invalid_operation: return "InvalidOperation";
      case Condition::division_by_zero: return "DivisionByZero";
      case Condition::overflow: return "Overflow";
    }
  }
  return "nothing";
}

}  // namespace sftest_decimal
