// The delta-state reader and the follower behind it. The input is a series
// of records, each [kind byte][2-byte big-endian length][frame]: kind even is
// a frame from the subscription (read_state_publication, then
// DeltaFollower::on_stream), odd a snapshot reply (read_snapshot_reply, then
// on_snapshot). Bad messages must be one-line errors, and whatever order,
// numbering (2^63-1 included) or epochs arrive, the follower must not crash
// and its visible map must only ever hold validated values.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

#include "fuzz_support.hpp"
#include "states/delta_follower.hpp"
#include "states/state_message.hpp"
#include "wire/codec.hpp"

using sf::Json;
using namespace sf::detail;

namespace {

// The fuzz state's model: every value an int (null deletes, in a delta).
std::string validate(const Json& state, bool is_snapshot) {
  for (const auto& [key, value] : state.items()) {
    if (value.is_number_integer()) continue;
    if (value.is_null() && !is_snapshot) continue;
    return "state key '" + key + "': expected int";
  }
  return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Json visible = Json::object();
  DeltaFollower follower(visible, validate, /*max_buffered=*/16);
  std::size_t at = 0;
  while (at + 3 <= size) {
    const bool is_reply = data[at] & 1;
    const std::size_t length = std::min<std::size_t>((std::size_t{data[at + 1]} << 8) | data[at + 2], size - at - 3);
    const std::uint8_t* frame = data + at + 3;
    at += 3 + length;

    StateMessage message;
    try {
      Json payload = is_reply ? wire::decode(frame, length) : wire::decode_frame(frame, length).payload;
      message = is_reply ? read_snapshot_reply(std::move(payload)) : read_state_publication(std::move(payload));
    } catch (const std::exception& e) {
      sffuzz::expect_one_line("state message error", e.what());
      continue;
    }
    const auto outcome = is_reply ? follower.on_snapshot(std::move(message)) : follower.on_stream(std::move(message));
    if (outcome.detail.find('\n') != std::string::npos) sffuzz::finding("follower detail", outcome.detail);
    if (!visible.is_object()) sffuzz::finding("visible state", "not an object");
    for (const auto& [key, value] : visible.items()) {
      if (!value.is_number_integer()) sffuzz::finding("visible state holds an unvalidated value", key);
    }
  }
  return 0;
}
