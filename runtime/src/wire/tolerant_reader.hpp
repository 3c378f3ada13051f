#pragma once
// A msgpack reader for the one input nlohmann's from_msgpack refuses: maps
// whose keys are not strings. JSON objects (nlohmann's, and so ours) can only
// have string keys, so the library rejects such a map outright (parse error
// 113) rather than invent a key; a Python peer sends them routinely
// ({Decimal: Decimal} order books, {int: ...} levels). This reader accepts
// every msgpack value and turns each key into its canonical string
// (values/canonical_forms.hpp). It is the slow path: used only after the
// library has refused the frame.
#include <cstddef>
#include <cstdint>

#include <sf/json.hpp>

namespace sf::detail::wire {

// Deepest nesting a frame may have; deeper input is refused, never recursed
// into. Why 512: nlohmann's reader, this one and the validator recurse once
// per level (a few hundred bytes of stack each), so 512 levels stay far below
// the smallest stack a service runs on (a thread's 8 MiB), while the Python
// framework's msgpack accepts up to 1024 and real payloads (order books,
// nested configs) stay within a few dozen: a lower bound such as 64 could
// refuse data a Python peer sends legitimately.
inline constexpr int kMaxDepth = 512;

// Reads exactly one value spanning all of [data, data + size). Throws sf::Error
// ("malformed frame: ...") on truncation, trailing bytes, reserved bytes or
// nesting deeper than kMaxDepth.
Json read_tolerant(const std::uint8_t* data, std::size_t size);

}  // namespace sf::detail::wire
