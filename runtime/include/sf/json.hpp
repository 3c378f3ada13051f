#pragma once
// Values that travel between services. In memory a value looks exactly like
// its wire form (DESIGN.md §3), so decoding and encoding never walk the tree:
//   decimal  {"__decimal__": true, "as_str": "1.25"}   exact, never a double
//   uuid     {"__uuid__": true, "as_str": "…"}
//   set      {"__set__": true, "value": [...]}
//   datetime msgpack timestamp extension (-1), held as binary with subtype 255
//   bytes    binary without subtype
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sf {

using Json = nlohmann::json;
using TimePoint = std::chrono::system_clock::time_point;

Json decimal(std::string_view as_str);  // throws sf::Error when not a decimal literal
bool is_decimal(const Json& v);
const std::string& decimal_str(const Json& v);

Json uuid(std::string_view as_str);     // throws sf::Error when not a canonical uuid
bool is_uuid(const Json& v);
const std::string& uuid_str(const Json& v);
Json new_uuid();                        // random (v4)

Json set_of(Json::array_t values);
bool is_set(const Json& v);

Json datetime(TimePoint t);
Json now();
bool is_datetime(const Json& v);
TimePoint to_time_point(const Json& v);  // throws sf::Error when not a datetime

Json bytes(std::vector<std::uint8_t> data);
bool is_bytes(const Json& v);

}  // namespace sf
