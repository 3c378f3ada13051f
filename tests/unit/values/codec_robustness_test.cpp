// Decoding hostile bytes: every outcome is a value or one sf::Error line,
// never a crash, a hang or an allocation the input did not pay for.
#include <doctest/doctest.h>

#include <random>

#include <sf/error.hpp>

#include "hex.hpp"
#include "wire/codec.hpp"
#include "wire/tolerant_reader.hpp"

using sf::Json;
namespace wire = sf::detail::wire;

namespace {

// Decodes through both entry points; true when a value came out. Anything
// other than sf::Error escaping fails the test.
bool decodes(const std::vector<std::uint8_t>& bytes) {
  bool ok = true;
  try {
    (void)wire::decode_frame(bytes.data(), bytes.size());
  } catch (const sf::Error& e) {
    CHECK(std::string(e.what()).rfind("malformed frame: ", 0) == 0);
    CHECK_MESSAGE(std::string(e.what()).find('\n') == std::string::npos, std::string(e.what()));
    ok = false;
  }
  try {
    (void)wire::read_tolerant(bytes.data(), bytes.size());
  } catch (const sf::Error&) {
  }
  return ok;
}

std::vector<std::uint8_t> nested(std::uint8_t container_header, int depth) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(depth), container_header);
  bytes.push_back(0xc0);
  return bytes;
}

}  // namespace

TEST_CASE("random bytes never crash the decoder") {
  std::mt19937 rng(12345);  // fixed seed: a failure reproduces
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(1, 64);
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(length(rng)));
    for (auto& b : bytes) b = static_cast<std::uint8_t>(byte(rng));
    decoded += decodes(bytes) ? 1 : 0;
  }
  // Some random inputs are valid msgpack (a lone fixint, say): the decoder is
  // not just refusing everything.
  CHECK(decoded > 0);
}

TEST_CASE("every truncation of a real frame is refused cleanly") {
  const Json payload = wire::request({{"asks", {{"101.5", sf::decimal("2")}}},
                                      {"at", sf::now()},
                                      {"raw", sf::bytes({1, 2, 3})},
                                      {"levels", {{1, 2.5}, {3, 4.5}}}},
                                     "wf-1");
  const std::string prefix = wire::topic_prefix("book");
  std::vector<std::uint8_t> frame(prefix.begin(), prefix.end());
  wire::encode(payload, frame);
  for (std::size_t n = 0; n < frame.size(); ++n) {
    CAPTURE(n);
    CHECK_FALSE(decodes(std::vector<std::uint8_t>(frame.begin(), frame.begin() + static_cast<long>(n))));
  }
  CHECK(decodes(frame));
}

TEST_CASE("single-byte corruptions of a real frame never crash") {
  std::vector<std::uint8_t> frame;
  wire::encode(wire::request({{"k", {1, "two", sf::decimal("3")}}, {"m", {{"x", nullptr}}}}, "wf"), frame);
  for (std::size_t i = 0; i < frame.size(); ++i)
    for (int v : {0x00, 0x7f, 0x80, 0x9f, 0xc1, 0xd9, 0xdb, 0xdd, 0xdf, 0xff}) {
      auto bytes = frame;
      bytes[i] = static_cast<std::uint8_t>(v);
      decodes(bytes);
    }
}

TEST_CASE("deep nesting is refused - not recursed into") {
  CHECK(decodes(nested(0x91, 100)));  // reasonable depth still decodes
  for (std::uint8_t header : {std::uint8_t{0x91}, std::uint8_t{0xdc}}) {
    auto bytes = header == 0x91 ? nested(0x91, 1'000'000) : std::vector<std::uint8_t>{};
    if (header == 0xdc)  // array16 of one element, a million times
      for (int i = 0; i < 1'000'000; ++i) bytes.insert(bytes.end(), {0xdc, 0x00, 0x01});
    CHECK_THROWS_WITH(wire::decode(bytes.data(), bytes.size()), doctest::Contains("nested deeper than"));
    CHECK_THROWS_WITH(wire::read_tolerant(bytes.data(), bytes.size()), doctest::Contains("nested deeper than"));
  }
  // Nested maps whose first key is an int: deep input on the tolerant path.
  std::vector<std::uint8_t> maps;
  for (int i = 0; i < 100'000; ++i) maps.insert(maps.end(), {0x81, 0x01});
  maps.push_back(0xc0);
  CHECK_THROWS_WITH(wire::decode(maps.data(), maps.size()), doctest::Contains("nested deeper than"));
}

TEST_CASE("huge declared lengths fail fast on short input") {
  for (const char* hex : {"dbffffffff41",         // str32 of 4 GiB
                          "c6ffffffff00",         // bin32
                          "c9ffffffff0100",       // ext32
                          "ddffffffffc0",         // array32 of 4 G items
                          "dfffffffffa161c0",     // map32 of 4 G entries
                          "dfffffffff01c0",       // map32 with a non-string key: tolerant path
                          "81a16bddffffffff"}) {  // nested in a map
    CAPTURE(hex);
    CHECK_FALSE(decodes(sf_test::from_hex(hex)));
  }
}
