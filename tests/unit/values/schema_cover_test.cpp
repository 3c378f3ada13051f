// Schema::accepts_all_of: one type judged against another by meaning, the
// check sfsup's wiring uses to compare a sender's model with a receiver's.
#include <doctest/doctest.h>

#include "model/schema.hpp"

using sf::Json;
using sf::detail::Schema;

namespace {

bool covers(const Json& wide, const Json& narrow) {
  return Schema::compile(wide).accepts_all_of(Schema::compile(narrow));
}

}  // namespace

TEST_CASE("union order and spacing do not matter") {
  CHECK(covers("int | none", "none | int"));
  CHECK(covers("none|int", "int | none"));
  CHECK(covers("map[str,int]", "map[str, int]"));
  CHECK(covers("str | int | none", "none | str"));
}

TEST_CASE("a narrower sender fits a wider receiver but not the other way") {
  CHECK(covers("float | int", "int"));
  CHECK(covers("float", "int"));
  CHECK_FALSE(covers("int", "float"));
  CHECK_FALSE(covers("int", "int | none"));
  CHECK(covers("int | none", "none"));
  CHECK_FALSE(covers("str", "int"));
  CHECK_FALSE(covers("decimal", "float"));
  CHECK(covers("any", "list[map[str, decimal]]"));
  CHECK_FALSE(covers("list[int]", "any"));
}

TEST_CASE("enums are judged member by member") {
  CHECK(covers("enum[buy, sell, hold]", "enum[sell, buy]"));
  CHECK_FALSE(covers("enum[buy, sell]", "enum[buy, hold]"));
  CHECK(covers("str", "enum[buy, sell]"));
  CHECK(covers("int", "enum[1, 2]"));
  CHECK_FALSE(covers("enum[buy, sell]", "str"));
}

TEST_CASE("containers compare their elements") {
  CHECK(covers("list[float]", "list[int]"));
  CHECK_FALSE(covers("list[int]", "list[float]"));
  CHECK(covers("list[int | str]", "tuple[int, str]"));
  CHECK_FALSE(covers("tuple[int, str]", "tuple[int]"));
  CHECK(covers("set[int | none]", "set[none | int]"));
  CHECK_FALSE(covers("set[int]", "list[int]"));
  CHECK(covers("map[decimal, float]", "map[decimal, int]"));
  CHECK_FALSE(covers("map[str, int]", "map[str, float]"));
}

TEST_CASE("nested objects need every sent key declared and every required key sent") {
  const Json wide = {{"required", {{"a", "int"}}}, {"optional", {{"b", "str | none"}}}};
  CHECK(covers(wide, Json{{"required", {{"a", "int"}, {"b", "none | str"}}}}));
  CHECK(covers(wide, Json{{"required", {{"a", "int"}}}}));
  CHECK_FALSE(covers(wide, Json{{"optional", {{"a", "int"}}}}));
  CHECK_FALSE(covers(wide, Json{{"required", {{"a", "int"}, {"c", "int"}}}}));
  CHECK_FALSE(covers(wide, Json{{"required", {{"a", "str"}}}}));
  CHECK(covers("map[str, int]", Json{{"required", {{"a", "int"}}}}));
}
