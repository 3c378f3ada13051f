// The fast msgpack reader against the library's: on every frame it accepts it
// must build exactly what Json::from_msgpack builds (same types, not just equal
// values), and it must decline every frame the library refuses.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include <sf/json.hpp>

#include "wire/codec.hpp"
#include "wire/fast_reader.hpp"

using sf::Json;
namespace wire = sf::detail::wire;

namespace {

// Structural equality that also tells unsigned from signed from float.
bool same(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
      if (ia.key() != ib.key() || !same(*ia, *ib)) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a.is_number_float() && std::isnan(a.get<double>())) return std::isnan(b.get<double>());  // NaN != NaN
  return a == b;
}

std::optional<Json> library(const std::vector<std::uint8_t>& bytes) {
  try {
    return Json::from_msgpack(bytes, /*strict=*/true);
  } catch (const Json::exception&) {
    return std::nullopt;
  }
}

std::vector<std::uint8_t> envelope() {
  std::vector<std::uint8_t> out;
  const Json args = {{"order_id", "ORD-2024-0001234"}, {"price", sf::decimal("101.25")}, {"qty", 7},
                     {"levels", {1.5, -3, 300, -40000, 5000000000ULL, -5000000000LL, nullptr, true, false}},
                     {"note", std::string(300, 'x')}, {"empty", Json::object()}, {"none", Json::array()}};
  wire::encode_request(args, "6f1c8a4e-2b7d-4c1e-9a3f-0d5e7b9c1a2f", out);
  return out;
}

}  // namespace

TEST_CASE("fast reader builds what from_msgpack builds for an envelope") {
  const auto bytes = envelope();
  const auto fast = wire::read_fast(bytes.data(), bytes.size());
  REQUIRE_MESSAGE(fast.has_value(), "the envelope must take the fast path");
  CHECK(same(*fast, Json::from_msgpack(bytes)));
  CHECK(same(wire::decode(bytes.data(), bytes.size()), Json::from_msgpack(bytes)));
}

TEST_CASE("fast reader reads every width of int str array and map as the library does") {
  // Hand-written frames: float32, int8..int64, uint8..uint64, str8/16, array16, map16.
  const std::vector<std::vector<std::uint8_t>> frames = {
      {0xca, 0x3f, 0xc0, 0x00, 0x00},
      {0xd0, 0x80}, {0xd1, 0xff, 0x7f}, {0xd2, 0x80, 0, 0, 0}, {0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe},
      {0xcc, 0xff}, {0xcd, 0x01, 0x00}, {0xce, 0xff, 0, 0, 1}, {0xcf, 0xff, 0, 0, 0, 0, 0, 0, 1},
      {0xd9, 0x02, 'h', 'i'}, {0xda, 0x00, 0x01, 'z'}, {0xdc, 0x00, 0x02, 0x01, 0xc3}, {0xde, 0x00, 0x01, 0xa1, 'k', 0x05},
      {0x82, 0xa1, 'a', 0x01, 0xa1, 'a', 0x02},  // a repeated key: the last value wins in both
  };
  for (const auto& frame : frames) {
    const auto fast = wire::read_fast(frame.data(), frame.size());
    REQUIRE(fast.has_value());
    const auto lib = library(frame);
    REQUIRE(lib.has_value());
    CHECK_MESSAGE(same(*fast, *lib), fast->dump() << " vs " << lib->dump());
  }
}

TEST_CASE("fast reader declines bin ext non-string keys trailing bytes and truncation") {
  const std::vector<std::vector<std::uint8_t>> declined = {
      {0xc4, 0x01, 0xaa},           // bin
      {0xd4, 0x01, 0x02},           // fixext
      {0x81, 0x01, 0x02},           // {1: 2}: the tolerant reader's case
      {0x01, 0x02},                 // trailing byte
      {0x92, 0x01},                 // truncated array
      {0xa5, 'a', 'b'},             // truncated string
      {0xc1},                       // reserved
  };
  for (const auto& frame : declined) CHECK_FALSE(wire::read_fast(frame.data(), frame.size()).has_value());
}

TEST_CASE("fast reader agrees with the library on mutated and truncated frames") {
  const auto original = envelope();
  std::mt19937 random(20261201);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    auto bytes = original;
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
    if (random() % 4 == 0) bytes.resize(random() % bytes.size() + 1);
    const auto fast = wire::read_fast(bytes.data(), bytes.size());
    if (!fast) continue;  // declined: the library's reader decides
    ++accepted;
    const auto lib = library(bytes);
    REQUIRE_MESSAGE(lib.has_value(), "fast reader accepted a frame the library refuses");
    REQUIRE_MESSAGE(same(*fast, *lib), fast->dump(-1, ' ', false, Json::error_handler_t::replace) << " vs " << lib->dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  CHECK(accepted > 1000);  // the comparison above actually ran
}
