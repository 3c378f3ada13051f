// sf::Decimal % and // (divide_int): Python's Decimal truncates toward zero
// and the remainder takes the dividend's sign (unlike Python's int).
#include "decimal_test_support.hpp"

using namespace sftest_decimal;

TEST_CASE("decimal remainder has the sign of the dividend") {
  CHECK((Decimal(7) % 3).to_string() == "1");
  CHECK((Decimal(-7) % 3).to_string() == "-1");
  CHECK((Decimal(7) % -3).to_string() == "1");
  CHECK((D("7.5") % 2).to_string() == "1.5");
  CHECK((Decimal(10) % D("0.3")).to_string() == "0.1");
  CHECK((D("0.001") % 1).to_string() == "0.001");
  CHECK((D("1E+3") % 7).to_string() == "6");
  CHECK((Decimal(5) % D("Infinity")).to_string() == "5");
}

TEST_CASE("decimal divide_int truncates toward zero") {
  CHECK(Decimal(-7).divide_int(3).to_string() == "-2");
  CHECK(Decimal(7).divide_int(-3).to_string() == "-2");
  CHECK(D("7.5").divide_int(2).to_string() == "3");
  CHECK(Decimal(10).divide_int(D("0.3")).to_string() == "33");
  CHECK(Decimal(-5).divide_int(D("Infinity")).to_string() == "-0");
  CHECK(D("-Infinity").divide_int(1).to_string() == "-Infinity");
  CHECK(D("9999999999999999999999999999").divide_int(1).to_string() == "9999999999999999999999999999");
}

TEST_CASE("decimal remainder and divide_int refuse what Python refuses") {
  CHECK(raised_by([] { return Decimal(1) % 0; }) == "InvalidOperation");
  CHECK(raised_by([] { return Decimal(0) % 0; }) == "InvalidOperation");
  CHECK(raised_by([] { return Decimal(1).divide_int(0); }) == "DivisionByZero");
  CHECK(raised_by([] { return Decimal(-1).divide_int(0); }) == "DivisionByZero");
  CHECK(raised_by([] { return Decimal(0).divide_int(0); }) == "InvalidOperation");
  CHECK(raised_by([] { return D("Infinity") % 1; }) == "InvalidOperation");
  CHECK(raised_by([] { return D("Infinity").divide_int(D("Infinity")); }) == "InvalidOperation");
  // A quotient of more than 28 digits cannot be represented.
  CHECK(raised_by([] { return D("1E+28").divide_int(1); }) == "InvalidOperation");
  CHECK(raised_by([] { return D("1E+28") % 1; }) == "InvalidOperation");
  CHECK_THROWS_WITH(D("1E+28") % 1, doctest::Contains("more than 28 digits"));
}

TEST_CASE("decimal divide_int and remainder recombine to the dividend") {
  for (const char* a : {"7", "-7", "7.5", "-123.456", "1E+5", "0.001"}) {
    for (const char* b : {"3", "-3", "0.3", "2", "-0.07"}) {
      CAPTURE(a);
      CAPTURE(b);
      CHECK(D(a).divide_int(D(b)) * D(b) + D(a) % D(b) == D(a));
    }
  }
}
