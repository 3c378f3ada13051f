// Canonical strings of map keys: what Python's str()/repr() would print.
#include <doctest/doctest.h>

#include <limits>

#include <sf/json.hpp>

#include "values/canonical_forms.hpp"

using sf::Json;
using namespace sf::detail;

TEST_CASE("python_float_repr matches CPython's repr(float)") {
  // Right-hand sides printed by CPython 3's repr().
  const std::pair<double, const char*> cases[] = {
      {1.0, "1.0"},        {0.1, "0.1"},       {1e16, "1e+16"},    {1e15, "1000000000000000.0"},
      {1.5e-7, "1.5e-07"}, {0.0001, "0.0001"}, {0.00001, "1e-05"}, {123456789.125, "123456789.125"},
      {-2.5, "-2.5"},      {1e22, "1e+22"},    {5e-324, "5e-324"}, {0.0, "0.0"},
  };
  for (const auto& [value, python] : cases) {
    CAPTURE(python);
    CHECK(python_float_repr(value) == python);
  }
  CHECK(python_float_repr(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(python_float_repr(std::numeric_limits<double>::quiet_NaN()) == "nan");
}

TEST_CASE("canonical int keys: no plus - no leading zeros - 64 bits") {
  for (const char* good : {"0", "3", "-3", "18446744073709551615", "-9223372036854775808"})
    CHECK(is_canonical_int(good));
  for (const char* bad : {"", "-", "+3", "03", "-0", "3.0", "1e3", "18446744073709551616", " 3"}) {
    CAPTURE(bad);
    CHECK_FALSE(is_canonical_int(bad));
  }
}

TEST_CASE("canonical uuid keys are lower case") {
  CHECK(canonical_uuid("ABCDEF01-2345-6789-ABCD-EF0123456789") == "abcdef01-2345-6789-abcd-ef0123456789");
  CHECK_FALSE(canonical_uuid("abcdef01-2345-6789-abcd-ef012345678").has_value());
  CHECK(is_uuid_text("ABCDEF01-2345-6789-ABCD-EF0123456789"));
}

TEST_CASE("key_string turns decoded keys into their canonical strings") {
  CHECK(key_string(Json("x")) == "x");
  CHECK(key_string(Json(3)) == "3");
  CHECK(key_string(Json(-7)) == "-7");
  CHECK(key_string(Json(std::numeric_limits<std::uint64_t>::max())) == "18446744073709551615");
  CHECK(key_string(Json(1.5)) == "1.5");
  CHECK(key_string(Json(2.0)) == "2.0");
  CHECK(key_string(Json(true)) == "true");
  CHECK(key_string(Json()) == "null");
  CHECK(key_string(sf::decimal("101.50")) == "101.50");
  CHECK(key_string(sf::uuid("123e4567-e89b-42d3-a456-426614174000")) == "123e4567-e89b-42d3-a456-426614174000");
  CHECK(key_string(Json::array({1, "a"})) == R"([1,"a"])");
}
