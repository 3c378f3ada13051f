#pragma once
// The follower half of the ZeroMQ guide's Clone pattern, as a pure state
// machine (no sockets, no clocks) so every ordering case is unit-testable.
//
// It is fed two streams: the subscription (deltas, published snapshots and
// heartbeats) and replies to snapshot requests. It keeps the map the service
// sees (`visible`) always whole: a delta is applied in one step, and a resync
// builds the new map aside and swaps it in only once it is complete.
//
// The trust rule (docs/states.md): anyone can reach a subscription (an XSUB
// proxy fans many publishers in), only the publisher answers on its replyer.
// So the follower's position (publisher run and number) is adopted only from
// a snapshot reply; the stream can move it forward one step at a time, and
// anything on the stream that disagrees with it makes the follower doubt and
// ask the replyer again instead of being believed:
//  - unsynced: stream messages are buffered (oldest dropped past
//    max_buffered). A reply is installed, then the buffer replayed on top:
//    numbered replies (ours, with an epoch) take only the chain #S+1, #S+2...
//    of their own run, skipping anything off the chain; when messages newer
//    than S are there but none is S+1, the reply is too old: the buffer is
//    dropped and the replyer asked again.
//    Replies without an epoch (the Python framework, whose replies always say
//    current_num 0) are not numbered: the whole buffer of that run is
//    replayed in order (deltas set absolute values, so replaying one the
//    snapshot already holds is harmless) and the position is taken from the
//    next stream message.
//  - synced: #seq+1 applies; a higher number is a gap; a message of another
//    run (epoch) is a possible restart; an epoch-less number going back is a
//    restart; a number we already consumed arriving again with other content
//    is a conflict. Each of those resyncs. A lower number never seen is
//    backlog from before the snapshot and ignored.
//  - a published snapshot (is_snapshot: true) replaces the whole map whatever
//    its number, as the Python framework's followers do; a number other than
//    the current or next one is held as unconfirmed: the next message must
//    follow it, or the follower resyncs.
//  - a run a reply has replaced is retired: its late messages are ignored.
//  - a delta that fails validation is dropped (state unchanged) but its number
//    is consumed, so the stream goes on; a bad snapshot is refused whole.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sf/json.hpp>

#include "states/state_message.hpp"

namespace sf::detail {

class DeltaFollower {
 public:
  enum class Event {
    applied,        // a delta (or a published snapshot) changed the visible map
    heartbeat,      // an empty delta: the number advanced, the map did not change
    ignored,        // older than the map, or from a retired publisher run
    buffered,       // unsynced: kept to replay after the snapshot
    rejected,       // failed validation: dropped, map unchanged
    gap,            // a number is missing: a snapshot is needed
    restarted,      // the publisher (maybe) restarted: a snapshot is needed
    conflict,       // the stream contradicts what we hold: a snapshot is needed
    synchronised,   // a snapshot reply (+ buffered messages) replaced the visible map
    resync_failed,  // the snapshot was older than the buffered stream: ask again
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
  // One stream message of the followed run while synced (also the replay).
  Outcome follow(Json& target, const StateMessage& message);
  Outcome replace_with_published(Json& target, const StateMessage& message);
  Outcome apply_next(Json& target, const StateMessage& message);
  Outcome install(StateMessage snapshot);
  Outcome replay_numbered(Json& fresh, std::int64_t snapshot_seq);
  Outcome replay_unnumbered(Json& fresh);
  Outcome lose_sync(StateMessage trigger, Outcome why);
  void buffer(StateMessage message);
  bool is_next(std::int64_t n) const;  // n == seq_ + 1, without overflow
  bool is_retired(const std::string& epoch) const;
  void retire(const std::string& epoch);
  void remember(std::int64_t seq, const StateMessage& message);
  std::optional<std::size_t> remembered(std::int64_t seq) const;

  Json& visible_;
  Validator validate_;
  std::size_t max_buffered_;
  bool synced_ = false;
  std::int64_t seq_ = 0;
  std::string epoch_;
  bool position_known_ = false;  // false after an unnumbered (Python) reply
  bool confirmed_ = true;        // false after a published snapshot moved the number
  bool followed_any_ = false;    // a reply has been installed (epoch_ is a run we followed)
  std::deque<StateMessage> buffer_;
  std::vector<std::string> retired_;                     // a few previous runs
  std::deque<std::pair<std::int64_t, std::size_t>> consumed_;  // recent numbers and their content
};

const char* to_string(DeltaFollower::Event event);

}  // namespace sf::detail
