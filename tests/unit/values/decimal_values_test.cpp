// Decimals: exact literals kept in Python's str(Decimal) form.
#include <doctest/doctest.h>

#include <sf/error.hpp>
#include <sf/json.hpp>

#include "values/decimal_literal.hpp"

using sf::Json;

TEST_CASE("decimal() keeps the wire shape and the exact digits") {
  const Json d = sf::decimal("1.25");
  CHECK(d == Json{{"__decimal__", true}, {"as_str", "1.25"}});
  CHECK(sf::is_decimal(d));
  CHECK(sf::decimal_str(d) == "1.25");
  // More digits than a double holds survive untouched.
  CHECK(sf::decimal_str(sf::decimal("0.1000000000000000055511151231257827")) == "0.1000000000000000055511151231257827");
}

TEST_CASE("decimal() canonicalises as Python's str(Decimal(x)) does") {
  // Pairs checked against CPython 3: str(Decimal(text)).
  const std::pair<const char*, const char*> cases[] = {
      {"1.50", "1.50"},
      {"01.5", "1.5"},
      {".5", "0.5"},
      {"1.", "1"},
      {"+7", "7"},
      {"-0", "-0"},
      {"1e3", "1E+3"},
      {"1.0e3", "1.0E+3"},
      {"100", "100"},
      {"0.0000001", "1E-7"},
      {"0.000001", "0.000001"},
      {"123.456e-10", "1.23456E-8"},
      {"12E-2", "0.12"},
      {"-1.2E+2", "-1.2E+2"},
      {"inf", "Infinity"},
      {"-Infinity", "-Infinity"},
      {"nan", "NaN"},
      {"NaN012", "NaN12"},
      {"snan", "sNaN"},
      {"0E-7", "0E-7"},
  };
  for (const auto& [text, python] : cases) {
    CAPTURE(text);
    CHECK(sf::decimal_str(sf::decimal(text)) == python);
    CHECK(sf::detail::is_canonical_decimal(python));
  }
}

TEST_CASE("decimal() refuses what is not a decimal literal with one line") {
  for (const char* bad : {"", "abc", "1.2.3", "1e", "--1", "1_000", " 1", "1 ", "0x10", "e5", ".", "nanx"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(sf::decimal(bad), sf::Error);
    CHECK_FALSE(sf::detail::is_decimal_literal(bad));
  }
  CHECK_THROWS_WITH(sf::decimal("abc"), doctest::Contains("bad decimal literal 'abc'"));
}

TEST_CASE("is_decimal wants exactly the marker and a string") {
  CHECK_FALSE(sf::is_decimal(Json{{"__decimal__", false}, {"as_str", "1"}}));
  CHECK_FALSE(sf::is_decimal(Json{{"__decimal__", true}, {"as_str", 1}}));
  CHECK_FALSE(sf::is_decimal(Json{{"__decimal__", true}, {"as_str", "1"}, {"x", 1}}));
  CHECK_FALSE(sf::is_decimal(Json(1.25)));
  CHECK_THROWS_AS(sf::decimal_str(Json("1.25")), sf::Error);
}
