#include "wire/fast_reader.hpp"

#include <cstring>

namespace sf::detail::wire {
namespace {

// Deeper frames are declined (the library's reader takes them, with its limit).
constexpr int kFastDepth = 32;

class FastReader {
 public:
  FastReader(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

  // false: declined; `out` is then unspecified.
  bool read_all(Json& out) { return read_value(out, 0) && p_ == end_; }

 private:
  bool has(std::uint64_t n) const { return static_cast<std::uint64_t>(end_ - p_) >= n; }

  bool big_endian(int bytes, std::uint64_t& v) {
    if (!has(static_cast<std::uint64_t>(bytes))) return false;
    v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | p_[i];
    p_ += bytes;
    return true;
  }

  template <typename Signed>
  bool read_signed(Json& out) {
    std::uint64_t v;
    if (!big_endian(sizeof(Signed), v)) return false;
    out = static_cast<std::int64_t>(static_cast<Signed>(v));
    return true;
  }

  bool read_string(std::uint64_t n, std::string& out) {
    if (!has(n)) return false;
    out.assign(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(n));
    p_ += n;
    return true;
  }

  bool read_string_value(std::uint64_t n, Json& out) {
    if (!has(n)) return false;
    out = std::string(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(n));
    p_ += n;
    return true;
  }

  bool read_key(std::string& key) {
    if (!has(1)) return false;
    const std::uint8_t b = *p_++;
    std::uint64_t n;
    if (b >= 0xa0 && b <= 0xbf) return read_string(b & 0x1f, key);
    if (b == 0xd9 || b == 0xda || b == 0xdb) {
      return big_endian(b == 0xd9 ? 1 : b == 0xda ? 2 : 4, n) && read_string(n, key);
    }
    return false;  // a non-string key: the tolerant reader's job
  }

  bool read_array(std::uint64_t n, Json& out, int depth) {
    if (depth >= kFastDepth || n > static_cast<std::uint64_t>(end_ - p_)) return false;
    out = Json::array();
    auto& items = out.get_ref<Json::array_t&>();
    items.resize(static_cast<std::size_t>(n));
    for (auto& item : items)
      if (!read_value(item, depth + 1)) return false;
    return true;
  }

  bool read_map(std::uint64_t n, Json& out, int depth) {
    if (depth >= kFastDepth || n > static_cast<std::uint64_t>(end_ - p_) / 2) return false;
    out = Json::object();
    auto& entries = out.get_ref<Json::object_t&>();
    std::string key;
    for (std::uint64_t i = 0; i < n; ++i) {
      if (!read_key(key)) return false;
      // operator[]: a repeated key keeps the last value, as the library does.
      if (!read_value(entries[key], depth + 1)) return false;
    }
    return true;
  }

  bool read_value(Json& out, int depth) {
    if (!has(1)) return false;
    const std::uint8_t b = *p_++;
    std::uint64_t n;
    if (b <= 0x7f) {
      out = static_cast<std::uint64_t>(b);
      return true;
    }
    if (b >= 0xe0) {
      out = static_cast<std::int64_t>(static_cast<std::int8_t>(b));
      return true;
    }
    if (b <= 0x8f) return read_map(b & 0x0f, out, depth);
    if (b <= 0x9f) return read_array(b & 0x0f, out, depth);
    if (b <= 0xbf) return read_string_value(b & 0x1f, out);
    switch (b) {
      case 0xc0: out = nullptr; return true;
      case 0xc2: out = false; return true;
      case 0xc3: out = true; return true;
      case 0xca: {
        if (!big_endian(4, n)) return false;
        const auto bits = static_cast<std::uint32_t>(n);
        float f;
        std::memcpy(&f, &bits, sizeof f);
        out = static_cast<double>(f);
        return true;
      }
      case 0xcb: {
        if (!big_endian(8, n)) return false;
        double d;
        std::memcpy(&d, &n, sizeof d);
        out = d;
        return true;
      }
      case 0xcc: if (!big_endian(1, n)) return false; out = n; return true;
      case 0xcd: if (!big_endian(2, n)) return false; out = n; return true;
      case 0xce: if (!big_endian(4, n)) return false; out = n; return true;
      case 0xcf: if (!big_endian(8, n)) return false; out = n; return true;
      case 0xd0: return read_signed<std::int8_t>(out);
      case 0xd1: return read_signed<std::int16_t>(out);
      case 0xd2: return read_signed<std::int32_t>(out);
      case 0xd3: return read_signed<std::int64_t>(out);
      case 0xd9: return big_endian(1, n) && read_string_value(n, out);
      case 0xda: return big_endian(2, n) && read_string_value(n, out);
      case 0xdb: return big_endian(4, n) && read_string_value(n, out);
      case 0xdc: return big_endian(2, n) && read_array(n, out, depth);
      case 0xdd: return big_endian(4, n) && read_array(n, out, depth);
      case 0xde: return big_endian(2, n) && read_map(n, out, depth);
      case 0xdf: return big_endian(4, n) && read_map(n, out, depth);
      default: return false;  // bin, ext, reserved: the library's reader decides
    }
  }

  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

}  // namespace

std::optional<Json> read_fast(const std::uint8_t* data, std::size_t size) {
  Json value;
  if (!FastReader(data, size).read_all(value)) return std::nullopt;
  return value;
}

}  // namespace sf::detail::wire
