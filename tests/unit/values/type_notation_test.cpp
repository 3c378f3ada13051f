// Compiling type specs: the notation, its canonical form, and bad specs.
#include <doctest/doctest.h>

#include <sf/error.hpp>

#include "model/schema.hpp"

using sf::Json;
using sf::detail::Schema;

namespace {
std::string canonical(const Json& spec) { return Schema::compile(spec).notation(); }
}  // namespace

TEST_CASE("every scalar name compiles to itself") {
  for (const char* name : {"str", "int", "float", "bool", "decimal", "datetime", "uuid", "bytes", "any", "none"}) {
    CAPTURE(name);
    CHECK(canonical(name) == name);
    CHECK(Schema::compile(name).scalar_kind() == name);
  }
}

TEST_CASE("containers print in canonical notation") {
  CHECK(canonical("list[int]") == "list[int]");
  CHECK(canonical(" dict[ decimal,decimal ] ") == "map[decimal, decimal]");
  CHECK(canonical("map[str, list[tuple[decimal, decimal]]]") == "map[str, list[tuple[decimal, decimal]]]");
  CHECK(canonical("tuple[str,int,  float]") == "tuple[str, int, float]");
  CHECK(canonical("set[str]") == "set[str]");
  CHECK(canonical("list") == "list[any]");
  CHECK(canonical("dict") == "map[str, any]");
  CHECK(canonical("set") == "set[any]");
}

TEST_CASE("unions flatten - drop repeats - and collapse into any") {
  CHECK(canonical("decimal|none") == "decimal | none");
  CHECK(canonical("int | str | int") == "int | str");
  CHECK(canonical("int | any") == "any");
  CHECK(canonical("list[int | none] | none") == "list[int | none] | none");
}

TEST_CASE("enum members: words - quoted strings and numbers") {
  CHECK(canonical("enum[buy, sell, 'two words', 1]") == "enum[buy, sell, 'two words', 1]");
  CHECK(canonical(R"(enum["x", '1', 2.5, -3, it's])") == R"(enum[x, '1', 2.5, -3, "it's"])");
  CHECK(canonical("enum[a, a, b]") == "enum[a, b]");
  CHECK(Schema::compile("enum[a, b]").scalar_kind() == "enum");
}

TEST_CASE("scalar_kind sees through '| none' and is empty for containers") {
  CHECK(Schema::compile("int | none").scalar_kind() == "int");
  CHECK(Schema::compile("decimal | none").scalar_kind() == "decimal");
  CHECK(Schema::compile("int | str").scalar_kind() == "union");
  CHECK(Schema::compile("float | int | none").scalar_kind() == "union");
  CHECK(Schema::compile("list[int] | int").scalar_kind().empty());
  CHECK(Schema::compile("list[int]").scalar_kind().empty());
  CHECK(Schema::compile(Json{{"required", {{"a", "int"}}}}).scalar_kind().empty());
}

TEST_CASE("nested object specs describe as canonical objects") {
  const Json spec = {{"required", {{"price", "dict[decimal,decimal]"}}}, {"optional", {{"note", "str|none"}}}};
  const Schema s = Schema::compile(spec);
  CHECK(s.describe() ==
        Json{{"required", {{"price", "map[decimal, decimal]"}}}, {"optional", {{"note", "str | none"}}}});
  CHECK(Schema::compile("list[int]").describe() == "list[int]");
}

TEST_CASE("an unknown type names the term - the place and the nearest word") {
  CHECK_THROWS_WITH_AS(Schema::compile("lst[int]", "connection 'echo' arguments, key 'levels'"),
                       "unknown type 'lst[int]' in connection 'echo' arguments, key 'levels' (did you mean 'list'?)",
                       sf::Error);
  CHECK_THROWS_WITH(Schema::compile("map[str, Decimal]", "model m"),
                    "unknown type 'Decimal' in model m, type 'map[str, Decimal]' (did you mean 'decimal'?)");
  CHECK_THROWS_WITH(Schema::compile("string"), doctest::Contains("(did you mean 'str'?)"));
  CHECK_THROWS_WITH(Schema::compile("flaot"), doctest::Contains("(did you mean 'float'?)"));
  CHECK_THROWS_WITH(Schema::compile("zzzzzz"), doctest::Contains("(known types: str, int, float"));
}

TEST_CASE("malformed specs are one-line errors that show where") {
  const std::pair<Json, const char*> cases[] = {
      {"list[int", "expected ']' after 'list[int'"},
      {"map[int]", "expected ',' but found ']'"},
      {"map[list[int], str]", "cannot be a key type"},
      {"int[str]", "'int' takes no parameters"},
      {"tuple", "expected '['"},
      {"enum[]", "empty enum member"},
      {"enum['open", "missing closing '"},
      {"int str", "unexpected 'str'"},
      {"", "expected a type name"},
      {"int |", "expected a type name"},
      {42, "expected a notation string"},
      {Json{{"requird", Json::object()}}, "key 'requird' is neither"},
      {Json{{"required", {{"a", "int"}}}, {"optional", {{"a", "str"}}}}, "key 'a' is both required and optional"},
      {Json{{"required", Json::array()}}, "'required' must map names to types"},
  };
  for (const auto& [spec, message] : cases) {
    CAPTURE(spec.dump());
    CHECK_THROWS_WITH_AS(Schema::compile(spec, "model m"), doctest::Contains(message), sf::Error);
  }
}

TEST_CASE("canonical notation reads back as itself") {
  for (const char* spec : {"map[decimal, list[tuple[int, decimal | none]]]", "enum[a, 'b c', \"it's\", 1, 2.5]",
                           "set[uuid] | none", "dict", "tuple[bytes, datetime, any]"}) {
    CAPTURE(spec);
    const std::string once = canonical(spec);
    CHECK(canonical(once) == once);
  }
}
