#include "states/delta_follower.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "states/delta_schema.hpp"

namespace sf::detail {
namespace {

constexpr std::size_t kRetiredEpochs = 8;

std::string run_name(const std::string& epoch) { return epoch.empty() ? "(no epoch)" : epoch; }

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
  return !epoch.empty() && std::find(retired_.begin(), retired_.end(), epoch) != retired_.end();
}

void DeltaFollower::retire(const std::string& epoch) {
  if (epoch.empty() || is_retired(epoch)) return;
  retired_.push_back(epoch);
  if (retired_.size() > kRetiredEpochs) retired_.erase(retired_.begin());
}

void DeltaFollower::buffer(StateMessage message) {
  buffer_.push_back(std::move(message));
  // Dropping the oldest is safe: those are the ones a snapshot most likely
  // covers. If it does not, the replay finds the hole and asks again.
  while (buffer_.size() > max_buffered_) buffer_.pop_front();
}

void DeltaFollower::lose_sync(const StateMessage& trigger, bool restarted) {
  if (restarted && trigger.epoch != epoch_) retire(epoch_);
  synced_ = false;
  buffer_.clear();
  buffer(trigger);  // newer than the map: the snapshot may come before it
}

DeltaFollower::Outcome DeltaFollower::on_stream(StateMessage message) {
  if (is_retired(message.epoch)) {
    return {Event::ignored, fmt::format("#{} from publisher run {}, which has restarted since", message.seq,
                                        message.epoch), {}};
  }
  if (!synced_) {
    if (message.is_snapshot) return install(std::move(message));
    buffer(std::move(message));
    return {Event::buffered, {}, {}};
  }
  Outcome outcome = follow(visible_, message);
  if (outcome.event == Event::restarted && message.is_snapshot) {
    // A new run's published snapshot is all we need: no request.
    retire(epoch_);
    Outcome installed = install(std::move(message));
    installed.detail = outcome.detail + "; " + installed.detail;
    return installed;
  }
  if (outcome.event == Event::gap || outcome.event == Event::restarted) {
    lose_sync(message, outcome.event == Event::restarted);
  }
  return outcome;
}

DeltaFollower::Outcome DeltaFollower::on_snapshot(StateMessage message) {
  if (synced_) return {Event::ignored, fmt::format("late snapshot #{}: already synchronised", message.seq), {}};
  if (is_retired(message.epoch)) {
    return {Event::resync_failed,
            fmt::format("snapshot #{} came from publisher run {}, which has restarted since", message.seq,
                        message.epoch),
            {}};
  }
  return install(std::move(message));
}

DeltaFollower::Outcome DeltaFollower::follow(Json& target, const StateMessage& message) {
  if (message.epoch != epoch_) {
    return {Event::restarted,
            fmt::format("publisher restarted (run {} -> {})", run_name(epoch_), run_name(message.epoch)), {}};
  }
  // One publisher run numbers its stream strictly upwards (a published
  // snapshot repeats the last number): going back means a new run.
  if (last_seen_ && message.seq < *last_seen_) {
    return {Event::restarted,
            fmt::format("publisher restarted (sequence went back from #{} to #{})", *last_seen_, message.seq), {}};
  }
  last_seen_ = message.seq;
  if (message.is_snapshot) {
    if (message.seq <= seq_) return {Event::ignored, {}, {}};
    if (auto error = validate_(message.state, true); !error.empty()) {
      return {Event::rejected, fmt::format("published snapshot #{} refused: {}", message.seq, error), {}};
    }
    target = message.state;
    seq_ = message.seq;
    return {Event::synchronised, fmt::format("published snapshot #{} replaced the map", seq_), {}};
  }
  if (message.seq <= seq_) {
    // Backlog cut before our snapshot (or a heartbeat repeating the number).
    return {Event::ignored, {}, {}};
  }
  if (message.seq != seq_ + 1) {
    return {Event::gap, fmt::format("expected #{}, got #{}", seq_ + 1, message.seq), {}};
  }
  seq_ = message.seq;
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
  const std::int64_t snapshot_seq = snapshot.seq;
  Json fresh = std::move(snapshot.state);
  seq_ = snapshot_seq;
  epoch_ = snapshot.epoch;
  last_seen_.reset();

  Outcome result{Event::synchronised, {}, {}};
  std::size_t replayed = 0;
  bool seen_own_run = false;
  while (!buffer_.empty()) {
    StateMessage message = std::move(buffer_.front());
    buffer_.pop_front();
    if (is_retired(message.epoch)) continue;
    // Messages of another run ahead of the snapshot's own are from before it.
    if (message.epoch != epoch_ && !seen_own_run) continue;
    seen_own_run = true;
    Outcome step = follow(fresh, message);
    switch (step.event) {
      case Event::gap:
      case Event::restarted:
        if (step.event == Event::restarted && message.epoch != epoch_) retire(epoch_);
        buffer_.push_front(std::move(message));  // newer than the snapshot: keep for the next one
        return {Event::resync_failed,
                fmt::format("snapshot #{} does not line up with the stream: {}", snapshot_seq, step.detail), {}};
      case Event::rejected:
        result.rejected.push_back(std::move(step.detail));
        break;
      case Event::applied:
      case Event::heartbeat:
      case Event::synchronised:
        ++replayed;
        break;
      default:
        break;
    }
  }
  // Only now does the service see it: the old map stayed whole until here.
  visible_ = std::move(fresh);
  synced_ = true;
  result.detail = fmt::format("at #{} ({} keys; snapshot #{} + {} buffered messages)", seq_, visible_.size(),
                              snapshot_seq, replayed);
  return result;
}

}  // namespace sf::detail
