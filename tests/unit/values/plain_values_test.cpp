// Values as people write and read them (values/plain_json, Schema::from_plain):
// what `sfsup call` turns typed arguments into, and what call/tap/state print.
#include <doctest/doctest.h>

#include <sf/json.hpp>

#include "model/schema.hpp"
#include "values/plain_json.hpp"

using sf::Json;
using sf::detail::ArgsSchema;
using sf::detail::Schema;

namespace {

ArgsSchema order_model() {
  sf::ArgsModel model;
  model.required = {{"price", "decimal"}, {"qty", "int"}, {"symbol", "str"}};
  model.optional = {{"book", "map[decimal, decimal]"}, {"id", "uuid | none"}, {"at", "datetime"},
                    {"tags", "set[str]"}, {"blob", "bytes"}, {"legs", "list[tuple[str, decimal]]"}};
  return ArgsSchema::compile(model, "connection 'orders' arguments");
}

}  // namespace

TEST_CASE("decimals written as strings stay exact - trailing zeros and digits past a double") {
  const Json args = order_model().from_plain(
      {{"price", "101.250"}, {"qty", 2}, {"symbol", "12345678901234567890.12"}});
  CHECK(args["price"] == sf::decimal("101.250"));
  CHECK(args["symbol"] == "12345678901234567890.12");  // a str field keeps its text
  CHECK(order_model().check(args).empty());
  const Json big = order_model().from_plain({{"price", "12345678901234567890.123456789"}, {"qty", 1}, {"symbol", "X"}});
  CHECK(sf::decimal_str(big["price"]) == "12345678901234567890.123456789");
}

TEST_CASE("a number for a decimal becomes its shortest text") {
  const Json args = order_model().from_plain({{"price", 101.25}, {"qty", 2}, {"symbol", "X"}});
  CHECK(args["price"] == sf::decimal("101.25"));
  CHECK(order_model().from_plain({{"price", 7}})["price"] == sf::decimal("7"));
}

TEST_CASE("nested types are converted where the model says - and only there") {
  const Json args = order_model().from_plain({{"price", "1"},
                                              {"qty", 1},
                                              {"symbol", "X"},
                                              {"book", {{"99.5", "3"}}},
                                              {"id", "6F9619FF-8B86-D011-B42D-00C04FC964FF"},
                                              {"tags", {"a", "b"}},
                                              {"legs", Json::array({Json::array({"buy", "1.10"})})},
                                              {"blob", "AAEC"}});
  CHECK(order_model().check(args).empty());
  CHECK(args["book"]["99.5"] == sf::decimal("3"));
  CHECK(args["id"] == sf::uuid("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
  CHECK(sf::is_set(args["tags"]));
  CHECK(args["legs"][0][1] == sf::decimal("1.10"));
  CHECK(args["blob"] == sf::bytes({0, 1, 2}));
  CHECK(order_model().from_plain({{"id", nullptr}})["id"].is_null());  // the union's none stays
}

TEST_CASE("text that is not of the type is left for check to name") {
  const Json args = order_model().from_plain({{"price", "cheap"}, {"qty", "two"}, {"symbol", "X"}});
  CHECK(args["price"] == "cheap");
  CHECK(order_model().check(args) == "args.price: expected decimal, got str");
}

TEST_CASE("datetimes read ISO 8601 text and print it back in UTC") {
  const auto utc = sf::detail::datetime_from_text("2026-12-01T18:07:15.306Z");
  REQUIRE(utc.has_value());
  CHECK(sf::detail::datetime_text(*utc) == "2026-12-01T18:07:15.306Z");
  const auto offset = sf::detail::datetime_from_text("2026-12-01 19:07:15+01:00");
  REQUIRE(offset.has_value());
  CHECK(sf::detail::datetime_text(*offset) == "2026-12-01T18:07:15Z");
  CHECK_FALSE(sf::detail::datetime_from_text("2026-13-01T00:00:00").has_value());
  CHECK_FALSE(sf::detail::datetime_from_text("yesterday").has_value());
  CHECK(Schema::compile("datetime").from_plain("2026-12-01T18:07:15.306Z") == *utc);
}

TEST_CASE("base64 round trips and refuses what is not base64") {
  for (const std::vector<std::uint8_t>& data : {std::vector<std::uint8_t>{}, {1}, {1, 2}, {1, 2, 3}, {255, 0, 7, 9}})
    CHECK(sf::detail::base64_decode(sf::detail::base64_encode(data)) == data);
  CHECK(sf::detail::base64_encode({'h', 'i'}) == "aGk=");
  CHECK_FALSE(sf::detail::base64_decode("a=bc").has_value());
  CHECK_FALSE(sf::detail::base64_decode("abc").has_value());
}

TEST_CASE("plain_json prints typed values as the text from_plain reads back") {
  const Json typed = {{"price", sf::decimal("1.50")},
                      {"book", {{"99.5", sf::decimal("3.0")}}},
                      {"tags", sf::set_of({"a"})},
                      {"at", *sf::detail::datetime_from_text("2026-12-01T18:07:15Z")},
                      {"qty", 2}};
  const Json plain = sf::detail::plain_json(typed);
  CHECK(plain == Json{{"price", "1.50"}, {"book", {{"99.5", "3.0"}}}, {"tags", {"a"}},
                      {"at", "2026-12-01T18:07:15Z"}, {"qty", 2}});
  sf::ArgsModel model;
  model.required = {{"price", "decimal"}, {"book", "map[decimal, decimal]"}, {"tags", "set[str]"},
                    {"at", "datetime"}, {"qty", "int"}};
  CHECK(ArgsSchema::compile(model, "m").from_plain(plain) == typed);
}
