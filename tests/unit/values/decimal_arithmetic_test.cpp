// sf::Decimal + - * / and the unary operations, edge by edge. Expected values
// are CPython's str() of the same expression under the default context.
#include "decimal_test_support.hpp"

using namespace sftest_decimal;

TEST_CASE("decimal addition is exact when the result fits 28 digits") {
  CHECK((D("0.1") + D("0.2")).to_string() == "0.3");
  CHECK((D("1.10") + D("1.1")).to_string() == "2.20");  // the smaller exponent wins
  CHECK((D("1E+3") + 1).to_string() == "1001");
  CHECK((D("1.30") - D("1.30")).to_string() == "0.00");
  CHECK((D("-0") + D("-0")).to_string() == "-0");
  CHECK((D("-0") + D("0")).to_string() == "0");
}

TEST_CASE("decimal addition rounds half-even past 28 digits") {
  CHECK((D("9999999999999999999999999999") + 1).to_string() == "1.000000000000000000000000000E+28");
  CHECK((D("1E+30") + D("1E-30")).to_string() == "1.000000000000000000000000000E+30");
}

TEST_CASE("decimal multiplication keeps the exponents and rounds only past the precision") {
  CHECK((D("1.5") * 2).to_string() == "3.0");
  CHECK((D("1.25") * D("1.25")).to_string() == "1.5625");
  CHECK((D("-0") * 5).to_string() == "-0");
  CHECK((D("0.1") * 3).to_string() == "0.3");
  CHECK((D("123456789012345") * D("123456789012345")).to_string() == "1.524157875323866912056239902E+28");
}

TEST_CASE("decimal division gives the ideal exponent when exact and 28 digits otherwise") {
  CHECK((Decimal(1) / 3).to_string() == "0.3333333333333333333333333333");
  CHECK((Decimal(2) / 3).to_string() == "0.6666666666666666666666666667");
  CHECK((Decimal(1) / 8).to_string() == "0.125");
  CHECK((Decimal(6) / 2).to_string() == "3");
  CHECK((D("1.00") / 4).to_string() == "0.25");
  CHECK((D("100") / D("1E+2")).to_string() == "1.00");
  CHECK((D("0.00") / 5).to_string() == "0.00");
}

TEST_CASE("decimal unary minus plus and abs round and never make -0 from 0") {
  CHECK((-D("0")).to_string() == "0");
  CHECK((-D("1.50")).to_string() == "-1.50");
  CHECK((+D("123456789012345678901234567895")).to_string() == "1.234567890123456789012345679E+29");
  CHECK((+D("12345678901234567890123456785")).to_string() == "1.234567890123456789012345678E+28");  // tie to even
  CHECK(abs(D("-2.5")).to_string() == "2.5");
  CHECK(abs(D("-Infinity")).to_string() == "Infinity");
}

TEST_CASE("decimal results beyond the exponent limits overflow or become subnormal") {
  CHECK(raised_by([] { return D("9E+999999") * 10; }) == "Overflow");
  CHECK(raised_by([] { return D("9.999999999999999999999999999E+999999") + D("1E+999972"); }) == "Overflow");
  CHECK((D("1E-999999") / D("1E+30")).to_string() == "0E-1000026");
  CHECK((D("1.234E-999999") / 100).to_string() == "1.234E-1000001");
  CHECK((D("1.234E-1000020") * D("0.01")).to_string() == "1.234E-1000022");
  CHECK_THROWS_WITH(D("9E+999999") * 10, doctest::Contains("beyond the largest exponent"));
}

TEST_CASE("decimal NaN propagates its payload and sNaN raises InvalidOperation") {
  CHECK((D("NaN") + 1).to_string() == "NaN");
  CHECK((Decimal(1) + D("-NaN7")).to_string() == "-NaN7");
  CHECK((D("NaN1") + D("NaN2")).to_string() == "NaN1");
  CHECK((D("NaN" "1234567890123456789012345678901") * 1).to_string() == "NaN4567890123456789012345678901");
  CHECK(raised_by([] { return D("sNaN") + 1; }) == "InvalidOperation");
  CHECK(raised_by([] { return -D("sNaN"); }) == "InvalidOperation");
  CHECK_THROWS_WITH(D("sNaN") + 1, doctest::Contains("sNaN + 1: a signaling NaN operand"));
}

TEST_CASE("decimal infinities follow Python's rules") {
  CHECK((D("Infinity") + 1).to_string() == "Infinity");
  CHECK((D("Infinity") + D("Infinity")).to_string() == "Infinity");
  CHECK(raised_by([] { return D("Infinity") - D("Infinity"); }) == "InvalidOperation");
  CHECK(raised_by([] { return D("Infinity") * 0; }) == "InvalidOperation");
  CHECK((D("Infinity") * -2).to_string() == "-Infinity");
  CHECK(raised_by([] { return D("Infinity") / D("Infinity"); }) == "InvalidOperation");
  CHECK((Decimal(1) / D("-Infinity")).to_string() == "-0E-1000026");
  CHECK((D("Infinity") / 2).to_string() == "Infinity");
}

TEST_CASE("decimal division by zero raises DivisionByZero and 0 / 0 InvalidOperation") {
  CHECK(raised_by([] { return Decimal(1) / 0; }) == "DivisionByZero");
  CHECK(raised_by([] { return Decimal(0) / 0; }) == "InvalidOperation");
  CHECK_THROWS_WITH(Decimal(1) / 0, doctest::Contains("decimal 1 / 0: division by zero"));
  CHECK_THROWS_AS(Decimal(1) / 0, sf::Error);  // one error type for callers that do not care which
}

TEST_CASE("decimal compound assignment matches the binary operators") {
  Decimal total("100.00");
  total += D("0.05");
  total -= 1;
  total *= 2;
  total /= 4;
  CHECK(total.to_string() == "49.525");
  total %= 10;
  CHECK(total.to_string() == "9.525");
}
