// Map keys that are maps, lists or sets: refused in one line. Before, a key
// was written out as text whatever it held, and a map keyed by a map keyed by
// a map... doubled its escaping at every level: the 157-byte frame below
// (tools/fuzz/corpus/fuzz_wire_frame/found-nested-map-keys) hung the decoder.
#include <doctest/doctest.h>

#include <sf/error.hpp>

#include "wire/codec.hpp"

namespace wire = sf::detail::wire;

namespace {

std::string error_of(const std::vector<std::uint8_t>& bytes) {
  try {
    (void)wire::decode(bytes.data(), bytes.size());
  } catch (const sf::Error& e) {
    return e.what();
  }
  return "(decoded)";
}

// {{{...{nil: 1}...: 1}: 1}: 1}: `depth` maps, each the key of the next.
std::vector<std::uint8_t> maps_keyed_by_maps(int depth) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(depth), 0x81);
  bytes.push_back(0xc0);
  for (int i = 0; i < depth; ++i) bytes.push_back(0x01);
  return bytes;
}

}  // namespace

TEST_CASE("a map key that is a map is malformed - even nested 60 deep") {
  const std::string error = error_of(maps_keyed_by_maps(60));
  CHECK_MESSAGE(error.find("malformed frame: ") == 0, error);
  CHECK_MESSAGE(error.find("a map key is a map") != std::string::npos, error);
}

TEST_CASE("a map key that is a list or a set is malformed") {
  // {[1]: 1}
  CHECK(error_of({0x81, 0x91, 0x01, 0x01}).find("a map key is a list") != std::string::npos);
  // {{"__set__": true, "value": [1]}: 1}: the Python framework's set
  const std::vector<std::uint8_t> set_key = {0x81, 0x82, 0xa7, '_', '_', 's', 'e', 't', '_', '_', 0xc3,
                                             0xa5, 'v', 'a', 'l', 'u', 'e', 0x91, 0x01, 0x01};
  CHECK(error_of(set_key).find("a map key is a set") != std::string::npos);
}

TEST_CASE("scalar and decimal map keys still decode") {
  // {1: 2, "a": 3, {"__decimal__": true, "as_str": "1.5"}: 4}
  const std::vector<std::uint8_t> bytes = {0x83, 0x01, 0x02, 0xa1, 'a', 0x03, 0x82, 0xab, '_', '_', 'd', 'e', 'c',
                                           'i', 'm', 'a', 'l', '_', '_', 0xc3, 0xa6, 'a', 's', '_', 's', 't', 'r',
                                           0xa3, '1', '.', '5', 0x04};
  const sf::Json value = wire::decode(bytes.data(), bytes.size());
  CHECK(value.size() == 3);
  CHECK(value.contains("1"));
  CHECK(value.contains("a"));
  CHECK(value.contains("1.5"));
}
