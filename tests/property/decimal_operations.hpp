#pragma once
// Random decimal operations for the property test against Python's decimal
// module, and sf::Decimal's answer to each in the oracle's line format
// (tools/interop/decimal_oracle.py).
#include <cstdint>
#include <string>
#include <vector>

namespace sfprop {

// One operation: name, one or two operand literals, quantize's rounding mode.
struct DecimalOperation {
  std::string name;
  std::string a;
  std::string b;         // empty for unary operations
  std::string rounding;  // quantize only
};

// `count` operations from `seed`: every operation kind, operands of 1-40
// digits and mixed magnitudes, negatives, zeros, exponent forms, exponents
// near the context's limits, NaN/sNaN/Infinity.
std::vector<DecimalOperation> generate_operations(std::uint64_t seed, int count);

// The oracle's input line (tab-separated, no newline).
std::string to_line(const DecimalOperation& op);

// sf::Decimal's result line, as the oracle writes Python's.
std::string evaluate(const DecimalOperation& op);

}  // namespace sfprop
