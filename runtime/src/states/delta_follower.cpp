#include "states/delta_follower.hpp"

#include <algorithm>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "states/delta_schema.hpp"

namespace sf::detail {
namespace {

constexpr std::size_t kRetiredEpochs = 8;
constexpr std::size_t kRememberedNumbers = 256;

std::string run_name(const std::string& epoch) { return epoch.empty() ? "(no epoch)" : epoch; }

// What a consumed number carried, to notice the same number arriving again
// with other content (two publishers on one stream).
std::size_t content_hash(const StateMessage& message) {
  std::vector<std::uint8_t> bytes = Json::to_msgpack(message.state);
  bytes.push_back(message.is_snapshot ? 1 : 0);
  return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace

const char* to_string(DeltaFollower::Event event) {
  switch (event) {
    case DeltaFollower::Event::applied: return "applied";
    case DeltaFollower::Event::heartbeat: return "heartbeat";
    case DeltaFollower::Event::ignored: return "ignored";
    case DeltaFollower::Event::buffered: return "buffered";
    case DeltaFollower::Event::rejected: return "rejected";
    case DeltaFollower::Event::gap: return "gap";
    case DeltaFollower::Event::restarted: return "restarted";
    case DeltaFollower::Event::conflict: return "conflict";
    case DeltaFollower::Event::synchronised: return "synchronised";
    case DeltaFollower::Event::resync_failed: return "resync_failed";
  }
  return "?";
}

DeltaFollower::DeltaFollower(Json& visible, Validator validate, std::size_t max_buffered)
    : visible_(visible), validate_(std::move(validate)), max_buffered_(std::max<std::size_t>(max_buffered, 1)) {
  if (!visible_.is_object()) visible_ = Json::object();
}

bool DeltaFollower::is_retired(const std::string& epoch) const {
  return std::find(retired_.begin(), retired_.end(), epoch) != retired_.end();
}

void DeltaFollower::retire(const std::string& epoch) {
  if (is_retired(epoch)) return;
  retired_.push_back(epoch);
  if (retired_.size() > kRetiredEpochs) retired_.erase(retired_.begin());
}

void DeltaFollower::buffer(StateMessage message) {
  buffer_.push_back(std::move(message));
  // Dropping the oldest is safe: those are the ones a snapshot most likely
  // covers. If it does not, the replay finds the hole and asks again.
  while (buffer_.size() > max_buffered_) buffer_.pop_front();
}

void DeltaFollower::remember(std::int64_t seq, const StateMessage& message) {
  consumed_.emplace_back(seq, content_hash(message));
  while (consumed_.size() > kRememberedNumbers) consumed_.pop_front();
}

std::optional<std::size_t> DeltaFollower::remembered(std::int64_t seq) const {
  for (auto it = consumed_.rbegin(); it != consumed_.rend(); ++it) {
    if (it->first == seq) return it->second;
  }
  return std::nullopt;
}

bool DeltaFollower::is_next(std::int64_t n) const {
  return seq_ < std::numeric_limits<std::int64_t>::max() && n == seq_ + 1;
}

DeltaFollower::Outcome DeltaFollower::lose_sync(StateMessage trigger, Outcome why) {
  synced_ = false;
  buffer_.clear();
  buffer(std::move(trigger));  // may be newer than the map: the snapshot may come before it
  return why;
}

DeltaFollower::Outcome DeltaFollower::on_stream(StateMessage message) {
  if (is_retired(message.epoch)) {
    return {Event::ignored, fmt::format("#{} from publisher run {}, which a snapshot has replaced", message.seq,
                                        run_name(message.epoch)), {}};
  }
  if (!synced_) {
    buffer(std::move(message));
    return {Event::buffered, {}, {}};
  }
  if (message.epoch != epoch_) {
    // A restart, or a second publisher on the stream: only the replyer knows.
    Outcome why{Event::restarted,
                fmt::format("publisher restarted, or a second one: #{} from run {} while following run {}",
                            message.seq, run_name(message.epoch), run_name(epoch_)),
                {}};
    return lose_sync(std::move(message), std::move(why));
  }
  Outcome outcome = follow(visible_, message);
  if (outcome.event == Event::gap || outcome.event == Event::restarted || outcome.event == Event::conflict) {
    return lose_sync(std::move(message), std::move(outcome));
  }
  return outcome;
}

DeltaFollower::Outcome DeltaFollower::on_snapshot(StateMessage message) {
  if (synced_) return {Event::ignored, fmt::format("late snapshot #{}: already synchronised", message.seq), {}};
  return install(std::move(message));
}

DeltaFollower::Outcome DeltaFollower::follow(Json& target, const StateMessage& message) {
  const std::int64_t n = message.seq;
  if (!position_known_) {
    // After a reply that carried no usable number: this message sets it.
    position_known_ = true;
    if (!message.is_snapshot) return apply_next(target, message);
    if (auto error = validate_(message.state, true); !error.empty()) {
      return {Event::rejected, fmt::format("published snapshot #{} refused: {}", n, error), {}};
    }
    target = message.state;
    seq_ = n;
    confirmed_ = true;
    remember(n, message);
    return {Event::synchronised, fmt::format("published snapshot #{} replaced the map", n), {}};
  }
  if (message.is_snapshot) return replace_with_published(target, message);
  if (is_next(n)) return apply_next(target, message);
  if (n > seq_) return {Event::gap, fmt::format("expected #{}, got #{}", seq_ + 1, n), {}};
  if (!confirmed_) {
    return {Event::conflict,
            fmt::format("#{} after published snapshot #{}: the snapshot's number is not the stream's", n, seq_), {}};
  }
  if (epoch_.empty() && n < seq_) {
    // Publishers without an epoch (the Python framework) number from 0 again.
    return {Event::restarted, fmt::format("publisher restarted (sequence went back from #{} to #{})", seq_, n), {}};
  }
  if (auto seen = remembered(n); seen && *seen != content_hash(message)) {
    return {Event::conflict, fmt::format("two different messages numbered #{} (a second publisher?)", n), {}};
  }
  // Backlog cut before our snapshot (or a heartbeat repeating the number).
  return {Event::ignored, {}, {}};
}

DeltaFollower::Outcome DeltaFollower::replace_with_published(Json& target, const StateMessage& message) {
  const std::int64_t n = message.seq;
  if (auto error = validate_(message.state, true); !error.empty()) {
    return {Event::rejected, fmt::format("published snapshot #{} refused: {}", n, error), {}};
  }
  if (n == seq_) {
    // Ours repeat the last number with the map we hold; other content under
    // our number means the stream disagrees with us.
    if (message.state == target) return {Event::ignored, {}, {}};
    return {Event::conflict, fmt::format("published snapshot #{} differs from the map at #{}", n, seq_), {}};
  }
  // "Dependant states fully update": whatever the number. One that is not
  // the next is unconfirmed until the stream goes on from it.
  confirmed_ = is_next(n);
  target = message.state;
  seq_ = n;
  remember(n, message);
  return {Event::synchronised, fmt::format("published snapshot #{} replaced the map", n), {}};
}

DeltaFollower::Outcome DeltaFollower::apply_next(Json& target, const StateMessage& message) {
  seq_ = message.seq;
  confirmed_ = true;
  remember(message.seq, message);
  if (message.state.empty()) return {Event::heartbeat, {}, {}};
  if (auto error = validate_(message.state, false); !error.empty()) {
    return {Event::rejected, fmt::format("delta #{} dropped, state unchanged: {}", message.seq, error), {}};
  }
  apply_delta(target, message.state);
  return {Event::applied, {}, {}};
}

DeltaFollower::Outcome DeltaFollower::install(StateMessage snapshot) {
  if (auto error = validate_(snapshot.state, true); !error.empty()) {
    return {Event::rejected, fmt::format("snapshot #{} refused: {}", snapshot.seq, error), {}};
  }
  // The replyer is the publisher: its run is the one to follow.
  if (followed_any_ && snapshot.epoch != epoch_) retire(epoch_);
  retired_.erase(std::remove(retired_.begin(), retired_.end(), snapshot.epoch), retired_.end());
  epoch_ = snapshot.epoch;
  consumed_.clear();
  Json fresh = std::move(snapshot.state);
  Outcome result = epoch_.empty() ? replay_unnumbered(fresh) : replay_numbered(fresh, snapshot.seq);
  if (result.event == Event::resync_failed || result.event == Event::restarted) return result;
  // Only now does the service see it: the old map stayed whole until here.
  visible_ = std::move(fresh);
  synced_ = true;
  followed_any_ = true;
  buffer_.clear();
  return result;
}

DeltaFollower::Outcome DeltaFollower::replay_numbered(Json& fresh, std::int64_t snapshot_seq) {
  Outcome result{Event::synchronised, {}, {}};
  seq_ = snapshot_seq;
  position_known_ = true;
  confirmed_ = true;
  std::size_t replayed = 0;
  bool connected = false;
  std::optional<std::int64_t> ahead;  // the first message off the chain, past it
  for (const StateMessage& message : buffer_) {
    if (message.epoch != epoch_) continue;  // another run, or not our publisher
    const std::int64_t n = message.seq;
    const bool next = is_next(n);
    if (message.is_snapshot && next) {
      if (auto error = validate_(message.state, true); !error.empty()) {
        result.rejected.push_back(fmt::format("published snapshot #{} refused: {}", n, error));
        continue;
      }
      fresh = message.state;
    } else if (!message.is_snapshot && next) {
      Outcome step = apply_next(fresh, message);
      if (step.event == Event::rejected) result.rejected.push_back(std::move(step.detail));
    } else {
      if (n > seq_ && !ahead) ahead = n;
      continue;  // behind the snapshot, or off the chain (a hole, or noise)
    }
    seq_ = n;
    connected = connected || next;
    ++replayed;
  }
  if (ahead && !connected) {
    // The stream is past the snapshot and nothing joins them: cut before our
    // subscription landed, the buffer lost its start, or the message ahead
    // is not our publisher's. Ask again with an empty buffer: the next reply
    // is cut after everything buffered so far, and a stray message far
    // ahead must not fail every reply to come.
    buffer_.clear();
    return {Event::resync_failed,
            fmt::format("snapshot #{} does not line up with the stream: expected #{}, got #{}", snapshot_seq,
                        snapshot_seq == std::numeric_limits<std::int64_t>::max() ? snapshot_seq : snapshot_seq + 1,
                        *ahead),
            {}};
  }
  result.detail = fmt::format("at #{} ({} keys; snapshot #{} + {} buffered messages)", seq_, fresh.size(),
                              snapshot_seq, replayed);
  return result;
}

DeltaFollower::Outcome DeltaFollower::replay_unnumbered(Json& fresh) {
  // The reply's number means nothing (the Python framework always says 0),
  // but the map is current as of the reply: replaying every buffered message
  // of the run in order ends at the stream's state, since a delta sets
  // absolute values and the buffer starts before the snapshot was cut.
  Outcome result{Event::synchronised, {}, {}};
  position_known_ = false;
  confirmed_ = true;
  std::size_t replayed = 0;
  for (auto it = buffer_.begin(); it != buffer_.end(); ++it) {
    const StateMessage& message = *it;
    if (message.epoch != epoch_) continue;
    if (position_known_ && message.seq < seq_) {
      // The publisher restarted behind the reply: its new run starts from an
      // empty map, which replaying over the old one would not give. Ask the
      // new run for its map, keeping its messages.
      Outcome restarted{Event::restarted,
                        fmt::format("publisher restarted (sequence went back from #{} to #{})", seq_, message.seq),
                        std::move(result.rejected)};
      buffer_.erase(buffer_.begin(), it);
      return restarted;
    }
    if (message.is_snapshot) {
      if (auto error = validate_(message.state, true); !error.empty()) {
        result.rejected.push_back(fmt::format("published snapshot #{} refused: {}", message.seq, error));
        continue;
      }
      fresh = message.state;
      remember(message.seq, message);
      seq_ = message.seq;
    } else {
      Outcome step = apply_next(fresh, message);
      if (step.event == Event::rejected) result.rejected.push_back(std::move(step.detail));
    }
    position_known_ = true;
    ++replayed;
  }
  result.detail = position_known_
                      ? fmt::format("at #{} ({} keys; unnumbered snapshot + {} buffered messages)", seq_, fresh.size(),
                                    replayed)
                      : fmt::format("({} keys; unnumbered snapshot: the next message sets the number)", fresh.size());
  return result;
}

}  // namespace sf::detail
