#pragma once
// The follower half of the ZeroMQ guide's Clone pattern, as a pure state
// machine (no sockets, no clocks) so every ordering case is unit-testable.
//
// It is fed two streams: the subscription (deltas, periodic snapshots and
// heartbeats, in publisher order) and replies to snapshot requests. It keeps
// the map the service sees (`visible`) always whole: a delta is applied in one
// step, and a resync builds the new map aside and swaps it in only once the
// snapshot and the deltas buffered behind it line up.
//
// Rules (docs/states.md):
//  - unsynced: deltas are buffered (oldest dropped past max_buffered); a
//    snapshot (reply, or one published on the stream) is installed, then the
//    buffer replayed: deltas <= snapshot are dropped, the first newer one must
//    be snapshot+1. Any misfit and the snapshot is discarded (ask again).
//  - synced: delta seq+1 applies; <= seq is backlog from before the snapshot;
//    > seq+1 is a gap; a stream snapshot newer than seq replaces the map. An
//    empty delta is a heartbeat: it takes a number, so a lost last update shows.
//  - a new epoch (publisher run), or a sequence that goes backwards on the
//    stream (publishers that send no epoch), is a restart. The old epoch is
//    retired: its late messages are ignored instead of forcing another resync.
//  - a delta that fails validation is dropped (state unchanged) but its number
//    is consumed, so the stream goes on; a bad snapshot is refused whole.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <sf/json.hpp>

#include "states/state_message.hpp"

namespace sf::detail {

class DeltaFollower {
 public:
  enum class Event {
    applied,        // a delta changed the visible map
    heartbeat,      // an empty delta: the number advanced, the map did not change
    ignored,        // older than the map, or from a retired publisher run
    buffered,       // unsynced: kept to replay after the snapshot
    rejected,       // failed validation: dropped, map unchanged
    gap,            // a number is missing: a snapshot is needed
    restarted,      // the publisher restarted: a snapshot is needed
    synchronised,   // a snapshot (+ buffered deltas) replaced the visible map
    resync_failed,  // the snapshot was refused or did not line up: ask again
  };
  struct Outcome {
    Event event;
    std::string detail;                 // one line, for the log
    std::vector<std::string> rejected;  // deltas dropped while replaying the buffer
  };
  // Returns "" when `state` is acceptable (a delta, or a whole map when is_snapshot).
  using Validator = std::function<std::string(const Json& state, bool is_snapshot)>;

  DeltaFollower(Json& visible, Validator validate, std::size_t max_buffered = 100000);

  Outcome on_stream(StateMessage message);    // from the subscription
  Outcome on_snapshot(StateMessage message);  // the reply to a snapshot request

  bool needs_snapshot() const { return !synced_; }
  std::int64_t seq() const { return seq_; }
  const std::string& epoch() const { return epoch_; }
  std::size_t buffered() const { return buffer_.size(); }

 private:
  // One stream message against `target` while synced (also used for replay).
  Outcome follow(Json& target, const StateMessage& message);
  Outcome install(StateMessage snapshot);
  void lose_sync(const StateMessage& trigger, bool restarted);
  void buffer(StateMessage message);
  bool is_retired(const std::string& epoch) const;
  void retire(const std::string& epoch);

  Json& visible_;
  Validator validate_;
  std::size_t max_buffered_;
  bool synced_ = false;
  std::int64_t seq_ = 0;
  std::string epoch_;
  std::optional<std::int64_t> last_seen_;  // last number on the stream since the snapshot
  std::deque<StateMessage> buffer_;
  std::vector<std::string> retired_;       // a few previous epochs
};

const char* to_string(DeltaFollower::Event event);

}  // namespace sf::detail
