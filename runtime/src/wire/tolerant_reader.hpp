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

// Deepest nesting a frame may have; deeper input is refused, never recursed into.
inline constexpr int kMaxDepth = 512;

// Reads exactly one value spanning all of [data, data + size). Throws sf::Error
// ("malformed frame: ...") on truncation, trailing bytes, reserved bytes or
// nesting deeper than kMaxDepth.
Json read_tolerant(const std::uint8_t* data, std::size_t size);

}  // namespace sf::detail::wire
