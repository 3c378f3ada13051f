// Decimals out of a handler's values: get_decimal for one argument and
// decimal_pairs for a map[decimal, decimal] book side.
#include "decimal_test_support.hpp"

#include <sf/json.hpp>

using namespace sftest_decimal;
using sf::Json;

TEST_CASE("get_decimal reads one argument in one call") {
  const Json args = {{"price", sf::decimal("101.25")}, {"qty", 3}};
  CHECK(sf::get_decimal(args, "price") + D("0.05") == D("101.30"));
  CHECK_THROWS_WITH(sf::get_decimal(args, "fee"),
                    "get_decimal: no key 'fee'; declare it as \"decimal\" in the model's required arguments");
  CHECK_THROWS_WITH(sf::get_decimal(args, "qty"),
                    "get_decimal: 'qty' is int, not a decimal; declare it as \"decimal\" in the model");
  CHECK_THROWS_WITH(sf::get_decimal(Json::array(), "price"),
                    doctest::Contains("expected the args object, got list"));
}

TEST_CASE("decimal_pairs iterates a book side in ascending price order") {
  // Json keeps keys in string order: "100.5" < "99.5" < "99.75".
  const Json bids = {{"99.5", sf::decimal("2")}, {"100.5", sf::decimal("1.5")}, {"99.75", sf::decimal("0.25")},
                     {"1E+2", sf::decimal("3")}};
  const auto pairs = sf::decimal_pairs(bids);
  REQUIRE(pairs.size() == 4);
  CHECK(pairs[0].first.to_string() == "99.5");
  CHECK(pairs[1].first.to_string() == "99.75");
  CHECK(pairs[2].first.to_string() == "1E+2");
  CHECK(pairs[3].first.to_string() == "100.5");
  Decimal total;
  for (const auto& [price, size] : pairs) total += price * size;
  CHECK(total.to_string() == "674.6875");
  CHECK(sf::decimal_pairs(Json::object()).empty());
}

TEST_CASE("decimal_pairs names the key that is not a decimal") {
  CHECK_THROWS_WITH(sf::decimal_pairs(Json{{"abc", sf::decimal("1")}}),
                    "decimal_pairs: key \"abc\" is not a decimal; declare the map as map[decimal, decimal]");
  CHECK_THROWS_WITH(sf::decimal_pairs(Json{{"1.5", "2"}}),
                    "decimal_pairs: the value at key \"1.5\" is str, not a decimal; declare the map as "
                    "map[decimal, decimal]");
  CHECK_THROWS_WITH(sf::decimal_pairs(sf::decimal("1")), doctest::Contains("expected a map[decimal, decimal]"));
}
