// sf::Decimal comparisons (by value, Python's NaN rules) and quantize with
// every rounding mode.
#include "decimal_test_support.hpp"

using namespace sftest_decimal;
using sf::Rounding;

TEST_CASE("decimal comparisons are by numeric value") {
  CHECK(D("1.10") == D("1.1"));
  CHECK(D("0") == D("-0.00"));
  CHECK(D("-Infinity") < D("-1E+999999"));
  CHECK(D("1E+3") > D("999.9"));
  CHECK(D("-1") < D("-0.5"));
  CHECK(D("2.50") <= D("2.5"));
  CHECK(D("2.5") >= 2);
  CHECK(D("1E+3") == 1000);
  CHECK(D("1.0000000000000000000000000000001") != 1);  // construction keeps every digit
}

TEST_CASE("decimal NaN compares as Python's does") {
  CHECK_FALSE(D("NaN") == D("NaN"));
  CHECK(D("NaN") != 1);
  CHECK(raised_by([] { return D("sNaN") == 1; }) == "InvalidOperation");
  CHECK(raised_by([] { return D("NaN") < 1; }) == "InvalidOperation");
  CHECK(raised_by([] { return Decimal(1) >= D("NaN"); }) == "InvalidOperation");
  CHECK_THROWS_WITH((void)(D("NaN") < 1), doctest::Contains("NaN has no order"));
}

TEST_CASE("decimal quantize rounds with the requested mode") {
  const Decimal cents("0.01");
  CHECK(D("1.005").quantize(cents).to_string() == "1.00");  // half-even by default
  CHECK(D("1.015").quantize(cents).to_string() == "1.02");
  CHECK(D("1.005").quantize(cents, Rounding::half_up).to_string() == "1.01");
  CHECK(D("1.005").quantize(cents, Rounding::half_down).to_string() == "1.00");
  CHECK(D("1.0051").quantize(cents, Rounding::half_down).to_string() == "1.01");
  CHECK(D("-1.001").quantize(cents, Rounding::up).to_string() == "-1.01");
  CHECK(D("-1.009").quantize(cents, Rounding::down).to_string() == "-1.00");
  CHECK(D("-1.001").quantize(cents, Rounding::ceiling).to_string() == "-1.00");
  CHECK(D("-1.001").quantize(cents, Rounding::floor).to_string() == "-1.01");
  CHECK(D("1.001").quantize(cents, Rounding::zero_five_up).to_string() == "1.01");
  CHECK(D("1.051").quantize(cents, Rounding::zero_five_up).to_string() == "1.06");
  CHECK(D("1.041").quantize(cents, Rounding::zero_five_up).to_string() == "1.04");
}

TEST_CASE("decimal quantize pads keeps zeros signed and refuses impossible targets") {
  CHECK(D("2").quantize(D("0.01")).to_string() == "2.00");
  CHECK(D("123.456").quantize(D("1E+1")).to_string() == "1.2E+2");
  CHECK(D("-0.004").quantize(D("0.01")).to_string() == "-0.00");
  CHECK(D("-0").quantize(D("1E+5")).to_string() == "-0E+5");
  CHECK(D("Infinity").quantize(D("Infinity")).to_string() == "Infinity");
  CHECK(D("NaN").quantize(D("0.01")).to_string() == "NaN");
  CHECK(raised_by([] { return D("1E+30").quantize(D("0.01")); }) == "InvalidOperation");
  CHECK(raised_by([] { return D("Infinity").quantize(D("0.01")); }) == "InvalidOperation");
  CHECK(raised_by([] { return Decimal(1).quantize(D("1E+1000000")); }) == "InvalidOperation");
  CHECK_THROWS_WITH(D("1E+30").quantize(D("0.01")), doctest::Contains("1E+30.quantize(0.01): the result needs more"));
}
