// sf::Decimal as a value: exact construction from literals, integers and wire
// values, str() as Python prints it, the wire form, copies.
#include <cstdint>
#include <limits>

#include "decimal_test_support.hpp"

#include <fmt/format.h>

#include <sf/json.hpp>

using namespace sftest_decimal;
using sf::Json;

TEST_CASE("decimal construction keeps every digit and prints as Python's str") {
  // Pairs checked against CPython 3: str(Decimal(text)).
  const std::pair<const char*, const char*> cases[] = {
      {"1.50", "1.50"},         {"01.5", "1.5"},        {"1e3", "1E+3"},
      {"0.0000001", "1E-7"},    {"-0", "-0"},           {"0E-7", "0E-7"},
      {"123.456e-10", "1.23456E-8"},                    {"inf", "Infinity"},
      {"-nan12", "-NaN12"},     {"sNaN", "sNaN"},
      {"1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890"},
  };
  for (const auto& [text, python] : cases) {
    CAPTURE(text);
    CHECK(Decimal(text).to_string() == python);
  }
  CHECK(Decimal().to_string() == "0");
}

TEST_CASE("decimal from integers is exact at the limits of int64 and uint64") {
  CHECK(Decimal(std::numeric_limits<std::int64_t>::min()).to_string() == "-9223372036854775808");
  CHECK(Decimal(std::numeric_limits<std::uint64_t>::max()).to_string() == "18446744073709551615");
  CHECK(Decimal(0).to_string() == "0");
  CHECK(Decimal(-42).to_string() == "-42");
}

TEST_CASE("decimal refuses a bad literal with one line") {
  CHECK_THROWS_WITH(Decimal("1,5"), "bad decimal literal '1,5': write it like '1.25', '-3' or '1E+6'");
  CHECK_THROWS_AS(Decimal(""), sf::Error);
  CHECK_THROWS_AS(Decimal("1e"), sf::Error);
}

TEST_CASE("decimal goes to and from the wire form") {
  const Decimal price(sf::decimal("101.50"));
  CHECK(price.to_string() == "101.50");
  CHECK(price.to_json() == sf::decimal("101.50"));
  Json j = price;  // nlohmann hook
  CHECK(j == Json{{"__decimal__", true}, {"as_str", "101.50"}});
  CHECK(j.get<Decimal>() == D("101.5"));
  CHECK(Json{{"total", price * 2}}["total"] == sf::decimal("203.00"));
  CHECK_THROWS_WITH(Decimal(Json("101.50")), doctest::Contains("expected a decimal, got str"));
}

TEST_CASE("decimal formats with fmt as str() prints it") {
  CHECK(fmt::format("{}", D("1.50")) == "1.50");
  CHECK(fmt::format("[{:>6}]", D("1e3")) == "[  1E+3]");
  CHECK(fmt::format("{}", -D("Infinity")) == "-Infinity");
}

TEST_CASE("decimal predicates name the kind of value") {
  CHECK(D("1.5").is_finite());
  CHECK(D("-Infinity").is_infinite());
  CHECK(D("-Infinity").is_signed());
  CHECK(D("NaN").is_nan());
  CHECK_FALSE(D("NaN").is_snan());
  CHECK(D("sNaN").is_nan());
  CHECK(D("sNaN").is_snan());
  CHECK(D("0.00").is_zero());
  CHECK(D("-0E+3").is_zero());
  CHECK_FALSE(D("Infinity").is_zero());
}

TEST_CASE("decimal copies and moves keep the value") {
  Decimal big("1234567890123456789012345678901234567890.5");  // a coefficient beyond 128 bits
  Decimal copy = big;
  Decimal moved = std::move(copy);
  CHECK(moved.to_string() == "1234567890123456789012345678901234567890.5");
  Decimal assigned;
  assigned = moved;
  CHECK(assigned == big);
  assigned = D("2");
  CHECK(assigned.to_string() == "2");
  CHECK(big.to_string() == "1234567890123456789012345678901234567890.5");
}
