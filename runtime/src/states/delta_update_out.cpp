// delta_update_out: the publisher half of the ZeroMQ guide's Clone pattern.
// to_send('state', name, delta) sets keys (null deletes), or replaces the
// whole map given the Python framework's {"state", "is_snapshot": true,
// "current_num"}; this side owns the map and the sequence number, publishes each delta as #n, answers snapshot
// requests on a ROUTER, publishes the whole map every snapshot_interval_ms
// (if set), and when quiet for heartbeat_ms publishes an empty delta that
// takes the next number, so a follower that lost the last update sees a gap.
#include <algorithm>
#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/log.hpp>

#include "core/endpoint_registry.hpp"
#include "core/runtime.hpp"
#include "states/delta_schema.hpp"
#include "states/snapshot_server.hpp"
#include "states/state_message.hpp"
#include "states/state_options.hpp"
#include "states/state_publisher.hpp"

namespace sf::detail {
namespace {

class DeltaUpdateOut final : public Endpoint {
 public:
  explicit DeltaUpdateOut(EndpointContext& ctx)
      : label_(ctx.label()),
        schema_(ctx.arguments),
        epoch_(new_epoch()),
        heartbeat_(option_ms(ctx.options, "heartbeat_ms", kDefaultHeartbeatMs, true, label_)),
        snapshot_interval_(option_ms(ctx.options, "snapshot_interval_ms", 0, true, label_)),
        publisher_(ctx),
        server_(ctx, [this](const Json& workflow_id) {
          return snapshot_reply(state_, seq_, epoch_, workflow_id);
        }) {
    const auto now = Clock::now();
    last_publish_ = now;
    next_snapshot_ = snapshot_interval_.count() > 0 ? now + snapshot_interval_ : Clock::time_point::max();
    get_logger()->debug("{}: publishing as run {}", label_, epoch_);
  }

  std::string check_args(const Json& args, const ArgsSchema&) const override {
    if (is_whole_snapshot(args)) return schema_.check_snapshot(args["state"], "args.state");
    return schema_.check_delta(args);
  }

  // `args` passed check_args. Returns {"current_num": n}: the number this
  // delta (or snapshot) was published as (a state model may declare it as a
  // return).
  Json send(const Json& args, const Json& workflow_id) override {
    const bool snapshot = is_whole_snapshot(args);
    if (snapshot) {
      state_ = args["state"];
    } else {
      apply_delta(state_, args);
    }
    // A snapshot takes a number too, so a follower that lost it sees a gap.
    ++seq_;
    metrics.sent(publisher_.publish(state_publication(snapshot ? state_ : args, snapshot, seq_, epoch_, workflow_id)));
    last_publish_ = Clock::now();
    return {{"current_num", seq_}};
  }

  std::vector<zmq::socket_ref> pollables() override { return {publisher_.socket(), server_.socket()}; }

  void on_readable(std::size_t index) override {
    if (index == 0) {
      publisher_.on_readable(metrics);
    } else {
      server_.on_readable();
    }
  }

  Clock::time_point next_deadline() const override {
    auto heartbeat = heartbeat_.count() > 0 ? last_publish_ + heartbeat_ : Clock::time_point::max();
    return std::min({heartbeat, next_snapshot_, publisher_.next_deadline()});
  }

  void on_timer(Clock::time_point now) override {
    publisher_.on_timer(now, metrics);
    if (now >= next_snapshot_) {
      // A published snapshot repeats the last number: it heals a follower
      // that missed deltas without a request, and is itself a heartbeat.
      publisher_.publish(state_publication(state_, true, seq_, epoch_, fmt::format("{}-{}", epoch_, seq_)));
      last_publish_ = now;
      while (next_snapshot_ <= now) next_snapshot_ += snapshot_interval_;
    }
    if (heartbeat_.count() > 0 && now >= last_publish_ + heartbeat_) {
      // An empty delta with the next number (not a repeat of the last one:
      // the Python follower resyncs on any number that is not last+1).
      ++seq_;
      publisher_.publish(state_publication(Json::object(), false, seq_, epoch_, fmt::format("{}-{}", epoch_, seq_)));
      last_publish_ = now;
    }
  }

  bool wait_subscribers(int n, Clock::time_point deadline) override {
    return publisher_.wait_subscribers(n, deadline);
  }

 private:
  // The Python framework's way to replace the whole map:
  // to_send("state", name, {"state": {...}, "is_snapshot": true, "current_num": n}).
  // Only when those are not keys of the state itself (the args would then be
  // refused as a delta). The number is ours: n is accepted and not used.
  bool is_whole_snapshot(const Json& args) const {
    if (!args.is_object() || args.size() != 3) return false;
    const auto state = args.find("state");
    const auto flag = args.find("is_snapshot");
    const auto num = args.find("current_num");
    if (state == args.end() || !state->is_object() || flag == args.end() || *flag != true || num == args.end() ||
        !num->is_number_integer()) {
      return false;
    }
    return !schema_.check_delta(args).empty();
  }

  std::string label_;
  DeltaSchema schema_;
  std::string epoch_;
  std::chrono::milliseconds heartbeat_;
  std::chrono::milliseconds snapshot_interval_;
  Json state_ = Json::object();
  std::int64_t seq_ = 0;  // the first delta is #1; a snapshot of nothing is #0
  Clock::time_point last_publish_;
  Clock::time_point next_snapshot_;
  StatePublisher publisher_;
  SnapshotServer server_;
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "delta_update_out",
    .kind = Kind::state,
    .side = Side::out,
    .accepted_options = state_out_options(true),
    .sockets = {{"publisher", true, ""}, {"replyer", true, ""}},
    .make = [](EndpointContext& ctx) { return std::make_unique<DeltaUpdateOut>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
