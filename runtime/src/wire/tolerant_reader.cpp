#include "wire/tolerant_reader.hpp"

#include <cstring>

#include <fmt/format.h>

#include <sf/error.hpp>

#include "values/canonical_forms.hpp"
#include "values/value_kind.hpp"

namespace sf::detail::wire {
namespace {

class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : begin_(data), p_(data), end_(data + size) {}

  Json read_all() {
    Json value = read_value(0);
    if (p_ != end_) fail(fmt::format("{} bytes after the end of the value", end_ - p_));
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(fmt::format("malformed frame: {} (at byte {})", problem, p_ - begin_));
  }

  const std::uint8_t* take(std::uint64_t n) {
    if (static_cast<std::uint64_t>(end_ - p_) < n) fail(fmt::format("truncated: {} more bytes declared", n));
    const std::uint8_t* at = p_;
    p_ += n;
    return at;
  }

  std::uint64_t big_endian(int bytes) {
    const std::uint8_t* at = take(static_cast<std::uint64_t>(bytes));
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | at[i];
    return v;
  }

  std::int64_t signed_big_endian(int bytes) {
    const std::uint64_t v = big_endian(bytes);
    const int shift = 64 - 8 * bytes;  // sign-extend from `bytes` wide
    return static_cast<std::int64_t>(v << shift) >> shift;
  }

  std::string read_string(std::uint64_t n) {
    const std::uint8_t* at = take(n);
    return std::string(reinterpret_cast<const char*>(at), static_cast<std::size_t>(n));
  }

  Json read_binary(std::uint64_t n) {
    const std::uint8_t* at = take(n);
    return Json::binary(std::vector<std::uint8_t>(at, at + n));
  }

  Json read_ext(std::uint64_t n) {
    const auto type = static_cast<std::uint8_t>(big_endian(1));  // int8 kept as its byte, as nlohmann does
    const std::uint8_t* at = take(n);
    return Json::binary(std::vector<std::uint8_t>(at, at + n), type);
  }

  Json read_array(std::uint64_t n, int depth) {
    // Each element takes at least one byte, so a count beyond what is left is
    // a lie; checking first keeps a huge count from reserving memory.
    if (n > static_cast<std::uint64_t>(end_ - p_))
      fail(fmt::format("array of {} items declared with only {} bytes left", n, end_ - p_));
    Json out = Json::array();
    auto& items = out.get_ref<Json::array_t&>();
    items.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) items.push_back(read_value(depth + 1));
    return out;
  }

  Json read_map(std::uint64_t n, int depth) {
    if (n > static_cast<std::uint64_t>(end_ - p_) / 2)
      fail(fmt::format("map of {} entries declared with only {} bytes left", n, end_ - p_));
    Json out = Json::object();
    auto& entries = out.get_ref<Json::object_t&>();
    for (std::uint64_t i = 0; i < n; ++i) {
      // A container key would be written out as text, and a key holding a
      // map keyed by a map... doubles its escaping per level: 157 bytes hung
      // the reader (found by tools/fuzz: fuzz_wire_frame). Python cannot send
      // one either (dict, list and set are unhashable).
      Json raw_key = read_value(depth + 1);
      if (const auto kind = kind_name(raw_key); kind == "map" || kind == "list" || kind == "set")
        fail(fmt::format("a map key is a {}; keys are str, int, float, bool, none, decimal, uuid or datetime", kind));
      std::string key = key_string(raw_key);
      entries[std::move(key)] = read_value(depth + 1);
    }
    return out;
  }

  Json read_value(int depth) {
    if (depth > kMaxDepth) fail(fmt::format("nested deeper than {} levels", kMaxDepth));
    const std::uint8_t b = static_cast<std::uint8_t>(big_endian(1));
    if (b <= 0x7f) return static_cast<std::uint64_t>(b);
    if (b >= 0xe0) return static_cast<std::int64_t>(static_cast<std::int8_t>(b));
    if (b >= 0x80 && b <= 0x8f) return read_map(b & 0x0f, depth);
    if (b >= 0x90 && b <= 0x9f) return read_array(b & 0x0f, depth);
    if (b >= 0xa0 && b <= 0xbf) return read_string(b & 0x1f);
    switch (b) {
      case 0xc0: return nullptr;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc4: return read_binary(big_endian(1));
      case 0xc5: return read_binary(big_endian(2));
      case 0xc6: return read_binary(big_endian(4));
      case 0xc7: return read_ext(big_endian(1));
      case 0xc8: return read_ext(big_endian(2));
      case 0xc9: return read_ext(big_endian(4));
      case 0xca: {
        const auto bits = static_cast<std::uint32_t>(big_endian(4));
        float f;
        std::memcpy(&f, &bits, sizeof f);
        return static_cast<double>(f);
      }
      case 0xcb: {
        const std::uint64_t bits = big_endian(8);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
      }
      case 0xcc: return big_endian(1);
      case 0xcd: return big_endian(2);
      case 0xce: return big_endian(4);
      case 0xcf: return big_endian(8);
      case 0xd0: return signed_big_endian(1);
      case 0xd1: return signed_big_endian(2);
      case 0xd2: return signed_big_endian(4);
      case 0xd3: return signed_big_endian(8);
      case 0xd4: return read_ext(1);
      case 0xd5: return read_ext(2);
      case 0xd6: return read_ext(4);
      case 0xd7: return read_ext(8);
      case 0xd8: return read_ext(16);
      case 0xd9: return read_string(big_endian(1));
      case 0xda: return read_string(big_endian(2));
      case 0xdb: return read_string(big_endian(4));
      case 0xdc: return read_array(big_endian(2), depth);
      case 0xdd: return read_array(big_endian(4), depth);
      case 0xde: return read_map(big_endian(2), depth);
      case 0xdf: return read_map(big_endian(4), depth);
      default: break;
    }
    --p_;
    fail(fmt::format("byte 0x{:02x} is not a msgpack value", b));
  }

  const std::uint8_t* begin_;
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

}  // namespace

Json read_tolerant(const std::uint8_t* data, std::size_t size) { return Reader(data, size).read_all(); }

}  // namespace sf::detail::wire
