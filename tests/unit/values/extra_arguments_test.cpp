// `--key value` command-line extras typed by the config model.
#include <doctest/doctest.h>

#include <sf/error.hpp>

#include "config/config_sources.hpp"

using sf::Json;
using namespace sf::detail;

namespace {

ArgsSchema config_model() {
  sf::ArgsModel model;
  model.required = {{"count", "int"}, {"symbol", "str"}};
  model.optional = {{"rate", "float"},
                    {"live", "bool"},
                    {"price", "decimal"},
                    {"limit", "int | none"},
                    {"side", "enum[buy, sell, 1]"},
                    {"id", "uuid"},
                    {"levels", "list[int]"}};
  return ArgsSchema::compile(model, "config");
}

Json parse(std::vector<std::string> extras) { return parse_extra_arguments(extras, config_model()); }

}  // namespace

TEST_CASE("both spellings - converted by the model's type") {
  CHECK(parse({"--count", "25", "--symbol=BTC-USD", "--rate", "2.5", "--price=101.50"}) ==
        Json{{"count", 25}, {"symbol", "BTC-USD"}, {"rate", 2.5}, {"price", sf::decimal("101.50")}});
  CHECK(parse({"--count=-3"}) == Json{{"count", -3}});
  CHECK(parse({"--count", "-3"}) == Json{{"count", -3}});  // a lone dash is a value, not a flag
  CHECK(parse({"--limit", "7"}) == Json{{"limit", 7}});
  CHECK(parse({"--id", "123E4567-E89B-42D3-A456-426614174000"}) ==
        Json{{"id", sf::uuid("123e4567-e89b-42d3-a456-426614174000")}});
  CHECK(parse({"--symbol=a=b"}) == Json{{"symbol", "a=b"}});
}

TEST_CASE("bool accepts true/false/1/0/yes/no in any case") {
  for (const char* yes : {"true", "1", "yes", "TRUE", "Yes"}) CHECK(parse({"--live", yes}) == Json{{"live", true}});
  for (const char* no : {"false", "0", "no", "False", "NO"}) CHECK(parse({"--live", no}) == Json{{"live", false}});
  CHECK_THROWS_WITH_AS(parse({"--live", "maybe"}), "--live 'maybe': expected bool for config key 'live'", sf::Error);
}

TEST_CASE("enum members convert as the word or the number they are") {
  CHECK(parse({"--side", "buy"}) == Json{{"side", "buy"}});
  CHECK(parse({"--side", "1"}) == Json{{"side", 1}});
  CHECK_THROWS_WITH(parse({"--side", "hold"}), "--side 'hold': expected enum[buy, sell, 1] for config key 'side'");
}

TEST_CASE("a union of scalars takes the first reading it accepts") {
  sf::ArgsModel model;
  model.optional = {{"rate_hz", "float | int"}, {"limit", "int | none"}, {"label", "str | int"},
                    {"level", "decimal | bool | none"}};
  const ArgsSchema schema = ArgsSchema::compile(model, "config");
  auto parse_union = [&](std::vector<std::string> extras) { return parse_extra_arguments(extras, schema); };
  CHECK(parse_union({"--rate_hz", "50"}) == Json{{"rate_hz", 50}});
  CHECK(parse_union({"--rate_hz=2.5"}) == Json{{"rate_hz", 2.5}});
  CHECK(parse_union({"--limit", "none"}) == Json{{"limit", nullptr}});
  CHECK(parse_union({"--limit", "NULL"}) == Json{{"limit", nullptr}});
  CHECK(parse_union({"--label", "7"}) == Json{{"label", 7}});
  CHECK(parse_union({"--label", "seven"}) == Json{{"label", "seven"}});
  CHECK(parse_union({"--level", "1.50"}) == Json{{"level", sf::decimal("1.50")}});
  CHECK(parse_union({"--level", "true"}) == Json{{"level", true}});
  CHECK_THROWS_WITH_AS(parse_union({"--rate_hz", "fast"}),
                       "--rate_hz 'fast': expected float | int for config key 'rate_hz'", sf::Error);
  CHECK_THROWS_WITH(parse_union({"--limit", "lots"}), "--limit 'lots': expected int | none for config key 'limit'");
}

TEST_CASE("a value that does not convert names the key and the type") {
  CHECK_THROWS_WITH_AS(parse({"--count", "abc"}), "--count 'abc': expected int for config key 'count'", sf::Error);
  CHECK_THROWS_WITH(parse({"--count=2.5"}), "--count '2.5': expected int for config key 'count'");
  CHECK_THROWS_WITH(parse({"--rate", "fast"}), "--rate 'fast': expected float for config key 'rate'");
  CHECK_THROWS_WITH(parse({"--rate", "inf"}), "--rate 'inf': expected float for config key 'rate'");
  CHECK_THROWS_WITH(parse({"--price", "1,5"}), "--price '1,5': expected decimal for config key 'price'");
  CHECK_THROWS_WITH(parse({"--id", "nope"}), "--id 'nope': expected uuid for config key 'id'");
}

TEST_CASE("undeclared keys and non-scalar types stay strings") {
  CHECK(parse({"--random_variable", "HELLO"}) == Json{{"random_variable", "HELLO"}});
  CHECK(parse({"--levels", "[1,2]"}) == Json{{"levels", "[1,2]"}});
  CHECK(parse_extra_arguments({"--count", "25"}, ArgsSchema{}) == Json{{"count", "25"}});
}

TEST_CASE("a flag without a value - or a stray word - is an error naming it") {
  CHECK_THROWS_WITH_AS(parse({"--verbose"}),
                       "extra argument '--verbose' has no value; write '--verbose value' or '--verbose=value'",
                       sf::Error);
  CHECK_THROWS_WITH(parse({"--verbose", "--count", "1"}), doctest::Contains("'--verbose' has no value"));
  CHECK_THROWS_WITH(parse({"stray"}),
                    "extra argument 'stray': config arguments are written '--key value' or '--key=value'");
  CHECK_THROWS_WITH(parse({"--=x"}), doctest::Contains("extra argument '--=x'"));
  CHECK_THROWS_WITH(parse({"--"}), doctest::Contains("extra argument '--'"));
}

TEST_CASE("a repeated key keeps the last value") { CHECK(parse({"--count", "1", "--count=2"}) == Json{{"count", 2}}); }
