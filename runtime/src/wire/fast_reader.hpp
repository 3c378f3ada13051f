#pragma once
// The common case of decoding, without nlohmann's per-byte input adapter:
// a frame of nil, bool, numbers, strings, arrays and string-keyed maps (every
// envelope the framework sends) is read straight into a Json. Anything else
// (bin, ext, non-string keys, errors of any kind, deep nesting) is declined,
// and wire::decode reads the frame the usual way, so results and error
// messages stay exactly those of the library.
#include <cstddef>
#include <cstdint>
#include <optional>

#include <sf/json.hpp>

namespace sf::detail::wire {

// The value spanning all of [data, data + size), equal to what
// Json::from_msgpack returns; nullopt when the frame is not in the subset above.
std::optional<Json> read_fast(const std::uint8_t* data, std::size_t size);

}  // namespace sf::detail::wire
