#include "decimal_operations.hpp"

#include <array>
#include <random>

#include <fmt/format.h>

#include <sf/decimal.hpp>

namespace sfprop {
namespace {

class LiteralMaker {
 public:
  explicit LiteralMaker(std::uint64_t seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }

  // A literal Python's Decimal() reads, of any of the shapes a peer can send.
  std::string literal() {
    const std::size_t shape = pick(100);
    if (shape < 6) return special();
    if (shape < 12) return zero();
    return number();
  }

  // quantize's exponent operand: mostly the usual "0.01" kind.
  std::string exponent_operand() {
    if (chance(4)) return special();
    const std::int64_t exponent = chance(85) ? static_cast<std::int64_t>(pick(21)) - 12 : near_limit_exponent();
    return fmt::format("{}E{:+d}", chance(80) ? "1" : digits(1 + pick(5)), exponent);
  }

 private:
  std::string sign() { return chance(35) ? "-" : (chance(5) ? "+" : ""); }

  std::string digits(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>('0' + pick(10));
    return out;
  }

  std::size_t digit_length() {
    const std::size_t band = pick(10);
    if (band < 5) return 1 + pick(6);    // prices and sizes
    if (band < 8) return 1 + pick(20);
    return 1 + pick(40);                 // beyond the 28-digit precision
  }

  std::int64_t near_limit_exponent() {
    static constexpr std::array<std::int64_t, 4> kLimits{999999, -999999, -1000026, 999972};
    return kLimits[pick(kLimits.size())] + static_cast<std::int64_t>(pick(61)) - 30;
  }

  std::string exponent_suffix() {
    const std::size_t kind = pick(100);
    if (kind < 65) return "";
    std::int64_t exponent = 0;
    if (kind < 90) {
      exponent = static_cast<std::int64_t>(pick(41)) - 20;
    } else if (kind < 96) {
      exponent = static_cast<std::int64_t>(pick(2001)) - 1000;
    } else {
      exponent = near_limit_exponent();
    }
    const char* e = chance(50) ? "E" : "e";
    const char* plus = exponent >= 0 && chance(50) ? "+" : "";
    return fmt::format("{}{}{}", e, plus, exponent);
  }

  std::string number() {
    // Now and then a tie: a 5 just past the 28th digit, or past a short
    // fraction, so every rounding mode's halfway rule is exercised.
    std::string body = chance(12) ? digits(chance(50) ? 28 : 1 + pick(4)) + "5" + (chance(30) ? "00" : "")
                                  : digits(digit_length());
    if (chance(50)) {
      const std::size_t point = pick(body.size() + 1);
      body.insert(point, ".");
      if (body == ".") body = "0.";
    }
    return sign() + body + exponent_suffix();
  }

  std::string zero() {
    static constexpr std::array<const char*, 6> kZeros{"0", "0.000", "0.", "00", ".0", "000.00"};
    return sign() + kZeros[pick(kZeros.size())] + exponent_suffix();
  }

  std::string special() {
    static constexpr std::array<const char*, 9> kSpecials{"NaN",      "sNaN",  "Infinity", "inf", "NaN123",
                                                          "Infinity", "sNaN7", "nan0",     "Inf"};
    std::string s = sign() + kSpecials[pick(kSpecials.size())];
    if (chance(3)) s = "NaN" + digits(30 + pick(10));  // a payload longer than the precision
    return s;
  }

  std::mt19937_64 rng_;
};

constexpr std::array<const char*, 16> kOperations{"add", "sub", "mul", "div", "mod", "floordiv", "neg",   "pos",
                                                  "abs", "eq",  "ne",  "lt",  "le",  "gt",       "ge",    "quantize"};
constexpr std::array<const char*, 8> kRoundings{"half_even", "half_up", "half_down", "up",
                                                "down",      "ceiling", "floor",     "zero_five_up"};

sf::Rounding rounding_named(const std::string& name) {
  for (std::size_t i = 0; i < kRoundings.size(); ++i) {
    if (name == kRoundings[i]) return static_cast<sf::Rounding>(i);
  }
  throw std::invalid_argument("unknown rounding " + name);
}

std::string raised(const sf::DecimalError& e) {
  switch (e.condition()) {
    case sf::DecimalError::Condition::invalid_operation: return "raise:InvalidOperation";
    case sf::DecimalError::Condition::division_by_zero: return "raise:DivisionByZero";
    case sf::DecimalError::Condition::overflow: return "raise:Overflow";
  }
  return "raise:?";
}

std::string result_of(const DecimalOperation& op, const sf::Decimal& a, const sf::Decimal& b) {
  auto truth = [](bool v) { return std::string(v ? "True" : "False"); };
  const std::string& n = op.name;
  if (n == "str") return a.to_string();
  if (n == "add") return (a + b).to_string();
  if (n == "sub") return (a - b).to_string();
  if (n == "mul") return (a * b).to_string();
  if (n == "div") return (a / b).to_string();
  if (n == "mod") return (a % b).to_string();
  if (n == "floordiv") return a.divide_int(b).to_string();
  if (n == "neg") return (-a).to_string();
  if (n == "pos") return (+a).to_string();
  if (n == "abs") return abs(a).to_string();
  if (n == "eq") return truth(a == b);
  if (n == "ne") return truth(a != b);
  if (n == "lt") return truth(a < b);
  if (n == "le") return truth(a <= b);
  if (n == "gt") return truth(a > b);
  if (n == "ge") return truth(a >= b);
  if (n == "quantize") return a.quantize(b, rounding_named(op.rounding)).to_string();
  throw std::invalid_argument("unknown operation " + n);
}

// "1.1" -> "1.10": equal value, other digits; literals it cannot lengthen
// that way are returned as they are.
std::string same_value_longer(const std::string& literal) {
  const bool plain = literal.find_first_of("eEnNiI") == std::string::npos;
  return plain && literal.find('.') != std::string::npos ? literal + "0" : literal;
}

}  // namespace

std::vector<DecimalOperation> generate_operations(std::uint64_t seed, int count) {
  LiteralMaker maker(seed);
  std::vector<DecimalOperation> ops;
  ops.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    DecimalOperation op;
    op.name = kOperations[maker.pick(kOperations.size())];
    op.a = maker.literal();
    const bool unary = op.name == "neg" || op.name == "pos" || op.name == "abs";
    if (op.name == "quantize") {
      op.b = maker.exponent_operand();
      op.rounding = kRoundings[maker.pick(kRoundings.size())];
    } else if (!unary) {
      // Now and then the same value in another form, so equal and
      // cancelling operands (1.10 vs 1.1, x - x) come up.
      op.b = maker.chance(8) ? same_value_longer(op.a) : maker.literal();
    }
    ops.push_back(std::move(op));
  }
  return ops;
}

std::string to_line(const DecimalOperation& op) {
  std::string line = op.name + '\t' + op.a;
  if (!op.b.empty()) line += '\t' + op.b;
  if (!op.rounding.empty()) line += '\t' + op.rounding;
  return line;
}

std::string evaluate(const DecimalOperation& op) {
  const sf::Decimal a(op.a);
  const sf::Decimal b = op.b.empty() ? sf::Decimal() : sf::Decimal(op.b);
  std::string result;
  try {
    result = result_of(op, a, b);
  } catch (const sf::DecimalError& e) {
    result = raised(e);
  }
  std::string line = result + '\t' + a.to_string();
  if (!op.b.empty()) line += '\t' + b.to_string();
  return line;
}

}  // namespace sfprop
