// Checking values against compiled types, and the error line on failure.
#include <cstdint>
#include <limits>

#include <doctest/doctest.h>

#include "model/schema.hpp"

using sf::Json;
using sf::detail::Schema;

namespace {

// The error line for `value` against `spec`, or "" when it matches.
std::string error_of(const Json& spec, const Json& value, std::string_view path = "args.x") {
  std::string error;
  const bool ok = Schema::compile(spec).check(value, path, error);
  CHECK(ok == error.empty());
  return error;
}

bool accepts(const Json& spec, const Json& value) { return error_of(spec, value).empty(); }

}  // namespace

TEST_CASE("scalars accept exactly their values") {
  CHECK(accepts("str", "a"));
  CHECK_FALSE(accepts("str", 1));
  CHECK(accepts("int", 3));
  CHECK(accepts("int", -3));
  CHECK(accepts("int", 3u));
  CHECK_FALSE(accepts("int", 3.0));
  CHECK_FALSE(accepts("int", true));
  CHECK(accepts("float", 3));
  CHECK(accepts("float", 3.5));
  CHECK_FALSE(accepts("float", false));
  CHECK_FALSE(accepts("float", sf::decimal("1")));
  CHECK(accepts("bool", false));
  CHECK_FALSE(accepts("bool", 0));
  CHECK(accepts("none", nullptr));
  CHECK_FALSE(accepts("none", 0));
  CHECK(accepts("any", Json::array({1, "x"})));
  CHECK(accepts("bytes", sf::bytes({1})));
  CHECK_FALSE(accepts("bytes", sf::now()));
  CHECK(accepts("datetime", sf::now()));
  CHECK_FALSE(accepts("datetime", "2024-01-01T00:00:00Z"));
  CHECK(accepts("uuid", sf::new_uuid()));
  CHECK_FALSE(accepts("uuid", "123e4567-e89b-42d3-a456-426614174000"));
}

TEST_CASE("an int beyond int64 is refused - not wrapped to a negative number") {
  const std::uint64_t max_uint64 = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t max_int64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  CHECK(accepts("int", max_int64));
  CHECK(accepts("int", std::numeric_limits<std::int64_t>::min()));
  CHECK(error_of("int", max_uint64) ==
        "args.x: 18446744073709551615 does not fit an int (64-bit signed: at most 9223372036854775807)");
  CHECK_FALSE(accepts("int", max_int64 + 1));
  CHECK_FALSE(accepts("list[int]", Json::array({1, max_uint64})));
  CHECK(accepts("float", max_uint64));  // a float may hold it (rounded), as Python's float() does
}

TEST_CASE("decimal is the decimal object only - never a double or a string") {
  CHECK(accepts("decimal", sf::decimal("1.25")));
  CHECK(error_of("decimal", 1.25) == "args.x: expected decimal, got float");
  CHECK(error_of("decimal", "1.25") == "args.x: expected decimal, got str");
  // The right shape with a literal Python could not read is still refused.
  CHECK(error_of("decimal", Json{{"__decimal__", true}, {"as_str", "1,5"}}) ==
        "args.x: bad decimal literal '1,5'; write it like \"1.25\"");
}

TEST_CASE("map keys must be the canonical string of the key type") {
  const Json book = {{"101.5", sf::decimal("2")}, {"102", sf::decimal("0.25")}};
  CHECK(accepts("map[decimal, decimal]", book));
  CHECK(error_of("map[decimal, decimal]", Json{{"101.5", "2"}}, "args.asks") ==
        R"(args.asks["101.5"]: expected decimal, got str)");
  CHECK(error_of("map[decimal, decimal]", Json{{"abc", sf::decimal("1")}}, "args.asks") ==
        R"(args.asks["abc"]: key is not a canonical decimal)");
  CHECK(error_of("map[decimal, decimal]", Json{{"1e3", sf::decimal("1")}}, "args.asks") ==
        R"(args.asks["1e3"]: key is not a canonical decimal (write it as "1E+3"))");
  CHECK(accepts("map[int, str]", Json{{"3", "a"}, {"-1", "b"}}));
  CHECK_FALSE(accepts("map[int, str]", Json{{"03", "a"}}));
  CHECK(accepts("map[float, int]", Json{{"1.5", 1}, {"2", 2}}));
  CHECK(accepts("map[uuid, int]", Json{{"123e4567-e89b-42d3-a456-426614174000", 1}}));
  CHECK_FALSE(accepts("map[uuid, int]", Json{{"123E4567-E89B-42D3-A456-426614174000", 1}}));
  CHECK(accepts("map[enum[buy, sell], int]", Json{{"buy", 1}}));
  CHECK_FALSE(accepts("map[enum[buy, sell], int]", Json{{"hold", 1}}));
  CHECK(accepts("map[int | decimal, str]", Json{{"3", "a"}, {"3.5", "b"}}));
  CHECK(accepts("map[bool, str]", Json{{"true", "a"}}));
  // An extension object is a value, not a map.
  CHECK(error_of("map[str, any]", sf::decimal("1")) == "args.x: expected map[str, any], got decimal");
}

TEST_CASE("lists - tuples and sets name the offending index") {
  CHECK(accepts("list[list[int]]", Json::array({Json::array({1, 2}), Json::array()})));
  CHECK(error_of("list[tuple[str, int]]", Json::array({Json::array({"a", 1}), Json::array({"b", 1.5})}),
                 "args.levels") == "args.levels[1][1]: expected int, got float");
  CHECK(error_of("tuple[str, int]", Json::array({"a"})) ==
        "args.x: expected tuple[str, int] (2 items), got a list of 1");
  CHECK(accepts("set[str]", sf::set_of({"a", "b"})));
  CHECK(error_of("set[str]", sf::set_of({"a", 2})) == "args.x[1]: expected str, got int");
  CHECK(error_of("set[str]", Json::array({"a"})) == "args.x: expected set[str], got list");
}

TEST_CASE("enums compare members by value and kind") {
  CHECK(accepts("enum[buy, sell, 'two words', 1]", "two words"));
  CHECK(accepts("enum[buy, sell, 'two words', 1]", 1));
  CHECK_FALSE(accepts("enum[buy, sell, 'two words', 1]", "1"));
  CHECK_FALSE(accepts("enum[buy, sell, 'two words', 1]", 1.0));
  CHECK(accepts("enum[2.5]", 2.5));
  CHECK(error_of("enum[buy, sell]", "hold", "args.side") == "args.side: expected enum[buy, sell], got 'hold'");
}

TEST_CASE("unions accept any alternative and explain the one of the same shape") {
  CHECK(accepts("decimal | none", nullptr));
  CHECK(accepts("decimal | none", sf::decimal("1")));
  CHECK(error_of("decimal | none", 1.0) == "args.x: expected decimal | none, got float");
  CHECK(error_of("list[int] | none", Json::array({1, "a"})) == "args.x[1]: expected int, got str");
}

TEST_CASE("nested objects are strict and name the inner path") {
  const Json spec = {{"required", {{"price", "decimal"}, {"size", "decimal"}}}, {"optional", {{"note", "str"}}}};
  CHECK(accepts(spec, Json{{"price", sf::decimal("1")}, {"size", sf::decimal("2")}}));
  CHECK(accepts(spec, Json{{"price", sf::decimal("1")}, {"size", sf::decimal("2")}, {"note", "n"}}));
  CHECK(error_of(spec, Json{{"price", sf::decimal("1")}}, "args.order") == "args.order: missing required key 'size'");
  CHECK(error_of(spec, Json{{"price", sf::decimal("1")}, {"size", sf::decimal("2")}, {"qty", 1}}, "args.order") ==
        "args.order: unknown key 'qty' (declared: note, price, size)");
  CHECK(error_of(spec, Json{{"price", 1}, {"size", sf::decimal("2")}}, "args.order") ==
        "args.order.price: expected decimal, got int");
  CHECK(error_of(spec, Json::array(), "args.order") == "args.order: expected an object, got list");
}

TEST_CASE("keys that are not identifiers are quoted in paths") {
  const Json spec = {{"required", {{"two words", "int"}}}};
  CHECK(error_of(spec, Json{{"two words", "x"}}, "args") == R"(args["two words"]: expected int, got str)");
}

TEST_CASE("a default Schema accepts anything") {
  std::string error;
  CHECK(Schema().check(Json::array({1, "x"}), "args", error));
  CHECK(Schema().notation() == "any");
}

TEST_CASE("text from the message is escaped and cut in error lines") {
  const Json spec = {{"required", {{"a", "enum[x]"}}}};
  const std::string line = error_of(spec, Json{{"a", "x"}, {"b\nc", 1}}, "args");
  CHECK(line == R"(args: unknown key 'b\nc' (declared: a))");
  const std::string long_value = error_of("enum[x]", std::string(1000, 'y'));
  CHECK(long_value.find('\n') == std::string::npos);
  CHECK(long_value.size() < 120);
}
