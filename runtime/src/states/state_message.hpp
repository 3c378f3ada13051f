#pragma once
// The delta-state wire messages (DESIGN.md §3), shared with the Python
// framework: args {"state": {...}, "is_snapshot": bool, "current_num": int}
// inside {"args": ..., "workflow_id": ...}; a snapshot reply carries the same
// args as "return_args". We add one envelope key, "epoch": a random id per
// publisher run, so a restarted publisher is recognised even when its
// sequence numbers happen to line up. Python readers ignore envelope keys
// they do not know, and args stay exactly the Python framework's.
#include <cstdint>
#include <string>

#include <sf/json.hpp>

namespace sf::detail {

struct StateMessage {
  std::string epoch;        // publisher run; empty when the publisher sends none (Python)
  std::int64_t seq = 0;     // "current_num"
  bool is_snapshot = false;
  Json state = Json::object();  // a delta (keys set, null deletes) or the whole map
  Json workflow_id;         // as received
};

// A fresh epoch: 16 hex digits.
std::string new_epoch();

// {"state", "is_snapshot", "current_num"}: the args both directions carry.
Json state_args(const Json& state, bool is_snapshot, std::int64_t seq);

// A published message: {"args": state_args, "epoch", "workflow_id"}.
Json state_publication(const Json& state, bool is_snapshot, std::int64_t seq, const std::string& epoch,
                       const Json& workflow_id);
// A snapshot reply: {"return_args": state_args(..., true, seq), "epoch", "workflow_id"}.
Json snapshot_reply(const Json& state, std::int64_t seq, const std::string& epoch,
                    const Json& workflow_id);

// Reads a published envelope. Throws sf::Error with one line naming what is
// wrong (not an object, missing args, current_num not an int, ...).
StateMessage read_state_publication(Json payload);
// Reads a snapshot reply. `is_snapshot` may be absent (the Python framework
// omits it); an error reply throws sf::Error carrying the peer's message.
StateMessage read_snapshot_reply(Json payload);

}  // namespace sf::detail
