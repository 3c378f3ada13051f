#pragma once
// sf::Decimal: a decimal number you can compute with, giving exactly the
// results of Python's `decimal.Decimal` under its default context (28
// significant digits, ROUND_HALF_EVEN, exponents within ±999999; Overflow,
// DivisionByZero and InvalidOperation raise). A Python peer and a C++ peer
// that do the same arithmetic on the same prices get the same digits, and
// to_string() prints them as str(Decimal) does ("1E+3", "1.50", "-0").
//
//   sf::Decimal price = sf::get_decimal(args, "price");
//   sf::Decimal total = (price * 3 + sf::Decimal("0.05")).quantize(sf::Decimal("0.01"));
//   return {{"total", total}};              // travels as the wire decimal
//
// Construction from a literal, an integer or a wire value is exact (never
// rounded), as Decimal("…") and Decimal(int) are in Python; operations round
// to 28 digits, and + - * never round a result that fits.
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/json.hpp>

namespace sf {

namespace detail { struct DecimalAccess; }

// Python's rounding modes: ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_HALF_DOWN,
// ROUND_UP (away from zero), ROUND_DOWN (toward zero), ROUND_CEILING,
// ROUND_FLOOR, ROUND_05UP.
enum class Rounding { half_even, half_up, half_down, up, down, ceiling, floor, zero_five_up };

// Raised where Python's default context raises: the condition says which of
// its trapped signals it is (decimal.InvalidOperation, DivisionByZero,
// Overflow), the message what was computed and how to avoid it.
class DecimalError : public Error {
 public:
  enum class Condition { invalid_operation, division_by_zero, overflow };
  DecimalError(Condition condition, const std::string& message) : Error(message), condition_(condition) {}
  Condition condition() const { return condition_; }

 private:
  Condition condition_;
};

class Decimal {
 public:
  Decimal();  // 0
  // Exact, and implicit as Python mixes Decimal and int: `price * 2`.
  template <std::integral Integer>
    requires(!std::same_as<Integer, bool>)
  Decimal(Integer value)  // NOLINT(google-explicit-constructor)
      : Decimal(std::cmp_less(value, 0),
                std::cmp_less(value, 0) ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value)) {}
  // A literal Python's Decimal() reads ("101.25", "-1E+3", "NaN", "Infinity");
  // sf::Error when it is not one.
  explicit Decimal(std::string_view literal);
  explicit Decimal(const char* literal) : Decimal(std::string_view(literal)) {}
  explicit Decimal(const std::string& literal) : Decimal(std::string_view(literal)) {}
  // The wire value {"__decimal__": true, "as_str": …}; sf::Error otherwise.
  explicit Decimal(const Json& wire);

  Decimal(const Decimal& other);
  Decimal(Decimal&& other) noexcept;
  Decimal& operator=(const Decimal& other);
  Decimal& operator=(Decimal&& other) noexcept;
  ~Decimal();

  std::string to_string() const;  // str(d)
  Json to_json() const;           // the wire value, as sf::decimal(to_string())

  bool is_finite() const;
  bool is_infinite() const;
  bool is_nan() const;   // quiet or signaling
  bool is_snan() const;  // signaling only
  bool is_signed() const;
  bool is_zero() const;  // 0, -0, 0E+3, 0.00

  // d.quantize(Decimal("0.01")): d with the exponent of `exponent`, rounded
  // with `rounding`; InvalidOperation when that needs more than 28 digits.
  Decimal quantize(const Decimal& exponent, Rounding rounding = Rounding::half_even) const;
  // Python's `a // b` for Decimal: the quotient truncated toward zero (not
  // floored as for int). `a % b` below is the matching remainder, with the
  // sign of the dividend: a == (a // b) * b + a % b.
  Decimal divide_int(const Decimal& divisor) const;

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  friend Decimal operator/(const Decimal& a, const Decimal& b);
  friend Decimal operator%(const Decimal& a, const Decimal& b);
  Decimal operator-() const;  // rounds, and -0 is 0, as in Python
  Decimal operator+() const;  // rounds to 28 digits, as Python's unary +
  friend Decimal abs(const Decimal& a);

  Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
  Decimal& operator-=(const Decimal& b) { return *this = *this - b; }
  Decimal& operator*=(const Decimal& b) { return *this = *this * b; }
  Decimal& operator/=(const Decimal& b) { return *this = *this / b; }
  Decimal& operator%=(const Decimal& b) { return *this = *this % b; }

  // By numeric value: Decimal("1.10") == Decimal("1.1"). As in Python, a
  // quiet NaN is unequal to everything, a signaling NaN raises in == and !=,
  // and any NaN raises InvalidOperation in < <= > >=.
  friend bool operator==(const Decimal& a, const Decimal& b);
  friend bool operator!=(const Decimal& a, const Decimal& b) { return !(a == b); }
  friend bool operator<(const Decimal& a, const Decimal& b);
  friend bool operator<=(const Decimal& a, const Decimal& b);
  friend bool operator>(const Decimal& a, const Decimal& b) { return b < a; }
  friend bool operator>=(const Decimal& a, const Decimal& b) { return b <= a; }

 private:
  friend struct detail::DecimalAccess;
  Decimal(bool negative, std::uint64_t magnitude);
  struct Unconstructed {};
  explicit Decimal(Unconstructed) {}  // the implementation constructs the storage itself

  // The sign, exponent and Boost.Multiprecision coefficient, laid out by the
  // implementation (values/decimal_number.hpp): opaque bytes here keep Boost
  // out of every service's includes while still avoiding a heap allocation
  // per value.
  alignas(16) unsigned char storage_[48];
};

// args.at(key) as a Decimal, in one call; sf::Error naming the key when it
// is missing or not a decimal.
Decimal get_decimal(const Json& object, std::string_view key);

// A map[decimal, decimal] (a book side: price -> size) as typed pairs in
// ascending key order by value (object keys are strings, so the Json's own
// order puts "100.5" before "99.5"). sf::Error naming the key when a key or
// value is not a decimal.
std::vector<std::pair<Decimal, Decimal>> decimal_pairs(const Json& map);

// nlohmann hooks: `Json j = price;`, `{{"price", price}}`, and
// `args.at("price").get<sf::Decimal>()`.
void to_json(Json& j, const Decimal& d);
void from_json(const Json& j, Decimal& d);

}  // namespace sf

// Log lines print a decimal as str() does: log->info("at {}", price).
template <>
struct fmt::formatter<sf::Decimal> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const sf::Decimal& d, FormatContext& ctx) const {
    const std::string text = d.to_string();
    return fmt::formatter<std::string_view>::format(text, ctx);
  }
};
