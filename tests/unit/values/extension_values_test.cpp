// uuid, set, bytes and datetime values, and what nlohmann does with ext -1.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include <sf/error.hpp>
#include <sf/json.hpp>

#include "hex.hpp"
#include "values/value_kind.hpp"

using sf::Json;
using namespace std::chrono;

TEST_CASE("uuid() accepts 8-4-4-4-12 hex and stores it lower case") {
  const Json u = sf::uuid("123E4567-E89B-42D3-A456-426614174000");
  CHECK(u == Json{{"__uuid__", true}, {"as_str", "123e4567-e89b-42d3-a456-426614174000"}});
  CHECK(sf::is_uuid(u));
  CHECK(sf::uuid_str(u) == "123e4567-e89b-42d3-a456-426614174000");
  for (const char* bad : {"", "123e4567e89b42d3a456426614174000", "123e4567-e89b-42d3-a456-42661417400g",
                          "{123e4567-e89b-42d3-a456-426614174000}", "123e4567-e89b-42d3-a4564-26614174000"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(sf::uuid(bad), sf::Error);
  }
}

TEST_CASE("new_uuid() is a random version 4 uuid") {
  const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string text = sf::uuid_str(sf::new_uuid());
    CHECK(std::regex_match(text, v4));
    seen.insert(text);
  }
  CHECK(seen.size() == 200);
}

TEST_CASE("set_of() holds each value once - first occurrence first") {
  const Json s = sf::set_of({"b", "a", "b", 3, "a"});
  CHECK(s == Json{{"__set__", true}, {"value", {"b", "a", 3}}});
  CHECK(sf::is_set(s));
  CHECK_FALSE(sf::is_set(Json{{"__set__", true}, {"value", "ab"}}));
}

TEST_CASE("bytes are binary without a subtype") {
  const Json b = sf::bytes({0, 255, 7});
  CHECK(sf::is_bytes(b));
  CHECK_FALSE(sf::is_datetime(b));
  CHECK(Json::to_msgpack(b) == sf_test::from_hex("c40300ff07"));
}

TEST_CASE("nlohmann keeps msgpack ext -1 as binary subtype 255 and writes it back as ext -1") {
  // timestamp 32, 64 and 96 as the msgpack spec lays them out
  for (const char* hex : {"d6ff00000001", "d7ff0000000400000001", "c70cff000000040000000000000001"}) {
    CAPTURE(hex);
    const auto bytes = sf_test::from_hex(hex);
    const Json v = Json::from_msgpack(bytes);
    REQUIRE(v.is_binary());
    CHECK(v.get_binary().has_subtype());
    CHECK(v.get_binary().subtype() == 255);
    CHECK(sf::is_datetime(v));
    CHECK(Json::to_msgpack(v) == bytes);
  }
}

TEST_CASE("datetime() picks timestamp 32 - 64 or 96 as Python's msgpack does") {
  const auto at = [](std::int64_t ns) {
    return sf::TimePoint(duration_cast<sf::TimePoint::duration>(nanoseconds(ns)));
  };
  struct Case {
    std::int64_t ns;
    const char* hex;
  };
  const Case cases[] = {
      {1704164645LL * 1'000'000'000, "d6ff65937d25"},                                  // whole seconds, fits 32 bits
      {1704164645LL * 1'000'000'000 + 123'456'000, "d7ff1d6f280065937d25"},            // with microseconds
      {-315619200LL * 1'000'000'000 + 500'000'000, "c70cff1dcd6500ffffffffed300880"},  // before 1970
      {-1, "c70cff3b9ac9ffffffffffffffffff"},  // one nanosecond before the epoch: -1 s + 999999999 ns
  };
  for (const Case& c : cases) {
    CAPTURE(c.hex);
    const Json d = sf::datetime(at(c.ns));
    CHECK(sf::is_datetime(d));
    CHECK(sf_test::to_hex(Json::to_msgpack(d)) == c.hex);
    CHECK(sf::to_time_point(d) == at(c.ns));
  }
}

TEST_CASE("to_time_point reads every timestamp width and refuses bad ones") {
  CHECK(sf::to_time_point(Json::from_msgpack(sf_test::from_hex("d6ff00000001"))).time_since_epoch() == seconds(1));
  // timestamp 64: nanoseconds 1 in the top 30 bits, seconds 2 in the low 34
  CHECK(sf::to_time_point(Json::from_msgpack(sf_test::from_hex("d7ff0000000400000002"))).time_since_epoch() ==
        seconds(2) + nanoseconds(1));
  // nanoseconds field of 1e9 is not a valid timestamp
  CHECK_THROWS_AS(sf::to_time_point(Json::from_msgpack(sf_test::from_hex("c70cff3b9aca000000000000000000"))),
                  sf::Error);
  CHECK_THROWS_AS(sf::to_time_point(Json("2024-01-01")), sf::Error);
  CHECK_FALSE(sf::is_datetime(Json::binary({1, 2, 3}, 255)));  // wrong width
}

TEST_CASE("now() is a datetime close to the system clock") {
  const auto before = std::chrono::system_clock::now();
  const Json n = sf::now();
  const auto after = std::chrono::system_clock::now();
  REQUIRE(sf::is_datetime(n));
  CHECK(sf::to_time_point(n) >= before);
  CHECK(sf::to_time_point(n) <= after);
}

TEST_CASE("kind_name names values in the words of the notation") {
  using sf::detail::kind_name;
  CHECK(kind_name(Json()) == "none");
  CHECK(kind_name(Json(1)) == "int");
  CHECK(kind_name(Json(1u)) == "int");
  CHECK(kind_name(Json(1.5)) == "float");
  CHECK(kind_name(Json(true)) == "bool");
  CHECK(kind_name(Json("x")) == "str");
  CHECK(kind_name(Json::array()) == "list");
  CHECK(kind_name(Json::object()) == "map");
  CHECK(kind_name(sf::decimal("1")) == "decimal");
  CHECK(kind_name(sf::new_uuid()) == "uuid");
  CHECK(kind_name(sf::set_of({})) == "set");
  CHECK(kind_name(sf::now()) == "datetime");
  CHECK(kind_name(sf::bytes({})) == "bytes");
  CHECK(kind_name(Json::binary({1}, 7)) == "ext");
  CHECK(sf::detail::is_extension_object(sf::decimal("1")));
  CHECK_FALSE(sf::detail::is_extension_object(Json{{"__decimal__", true}, {"b", 1}, {"c", 2}}));
}
