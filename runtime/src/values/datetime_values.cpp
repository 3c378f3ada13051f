// Datetimes as the msgpack timestamp extension (type -1). nlohmann keeps an
// extension as binary with a subtype: from_msgpack gives ext -1 subtype 255,
// and to_msgpack writes subtype 255 back as ext -1 (tests/unit/values pin
// both), so a datetime is simply that binary holding the timestamp payload.
#include <sf/error.hpp>
#include <sf/json.hpp>

#include <limits>

#include <fmt/format.h>

#include "values/value_kind.hpp"

namespace sf {
namespace {

constexpr std::uint8_t kTimestampSubtype = 255;  // msgpack ext type -1 as nlohmann stores it
constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

void put_be(std::vector<std::uint8_t>& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

std::uint64_t get_be(const std::vector<std::uint8_t>& in, std::size_t offset, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | in[offset + static_cast<std::size_t>(i)];
  return value;
}

}  // namespace

Json datetime(TimePoint t) {
  const std::int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  std::int64_t sec = ns / kNanosPerSecond;
  std::int64_t nsec = ns % kNanosPerSecond;
  if (nsec < 0) {  // the timestamp format wants nanoseconds in [0, 1e9)
    nsec += kNanosPerSecond;
    --sec;
  }
  // The smallest of timestamp 32/64/96 that holds the value, chosen exactly
  // as the msgpack spec and Python's msgpack do, so encodings match bytewise.
  std::vector<std::uint8_t> payload;
  if ((static_cast<std::uint64_t>(sec) >> 34) == 0 && sec >= 0) {
    const std::uint64_t data64 = (static_cast<std::uint64_t>(nsec) << 34) | static_cast<std::uint64_t>(sec);
    if ((data64 & 0xFFFFFFFF00000000ULL) == 0)
      put_be(payload, data64, 4);
    else
      put_be(payload, data64, 8);
  } else {
    put_be(payload, static_cast<std::uint64_t>(nsec), 4);
    put_be(payload, static_cast<std::uint64_t>(sec), 8);
  }
  return Json::binary(std::move(payload), kTimestampSubtype);
}

Json now() { return datetime(std::chrono::system_clock::now()); }

bool is_datetime(const Json& v) {
  if (!v.is_binary()) return false;
  const auto& b = v.get_binary();
  return b.has_subtype() && b.subtype() == kTimestampSubtype && (b.size() == 4 || b.size() == 8 || b.size() == 12);
}

TimePoint to_time_point(const Json& v) {
  if (!is_datetime(v)) throw Error(fmt::format("expected a datetime, got {}", detail::kind_name(v)));
  const auto& b = v.get_binary();
  std::int64_t sec = 0;
  std::int64_t nsec = 0;
  if (b.size() == 4) {
    sec = static_cast<std::int64_t>(get_be(b, 0, 4));
  } else if (b.size() == 8) {
    const std::uint64_t data64 = get_be(b, 0, 8);
    nsec = static_cast<std::int64_t>(data64 >> 34);
    sec = static_cast<std::int64_t>(data64 & 0x3FFFFFFFFULL);
  } else {
    nsec = static_cast<std::int64_t>(get_be(b, 0, 4));
    sec = static_cast<std::int64_t>(get_be(b, 4, 8));
  }
  if (nsec >= kNanosPerSecond) throw Error(fmt::format("bad datetime: {} nanoseconds is not below one second", nsec));
  // A time point counts nanoseconds in 64 bits (years 1677..2262).
  constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / kNanosPerSecond - 1;
  if (sec > limit || sec < -limit)
    throw Error(fmt::format("datetime {} s from the epoch is outside what a time point holds (years 1677..2262)", sec));
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(sec * kNanosPerSecond + nsec)));
}

}  // namespace sf
