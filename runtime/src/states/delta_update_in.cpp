// delta_update_in: the follower half of the Clone pattern. Subscribes first,
// then asks for a snapshot; the sequencing itself is DeltaFollower's. This
// file is the plumbing: sockets, the retry timer, logging, and the optional
// update handler. Nothing here blocks the service loop: a resync is a request
// sent now and a reply handled whenever the loop sees it.
#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/log.hpp>

#include "core/endpoint_registry.hpp"
#include "core/logging.hpp"
#include "core/runtime.hpp"
#include "states/delta_follower.hpp"
#include "states/delta_schema.hpp"
#include "states/snapshot_client.hpp"
#include "states/state_options.hpp"
#include "states/state_subscription.hpp"
#include "wire/codec.hpp"

namespace sf::detail {
namespace {

// Resyncs in a row back off, so a stream that keeps contradicting the
// replyer (a second publisher on it) costs a bounded number of snapshot
// requests: the first at once, then 20 ms, 40 ms ... up to 500 ms apart. A
// request more than kBackoffWindow after the previous one starts again at 0.
constexpr auto kFirstBackoff = std::chrono::milliseconds(20);
constexpr auto kMaxBackoff = std::chrono::milliseconds(500);
constexpr auto kBackoffWindow = std::chrono::milliseconds(2000);

class DeltaUpdateIn final : public Endpoint {
 public:
  explicit DeltaUpdateIn(EndpointContext& ctx)
      : runtime_(ctx.runtime),
        name_(ctx.name),
        label_(ctx.label()),
        handler_(ctx.model.handler),
        schema_(ctx.arguments),
        subscription_(ctx),
        client_(ctx, option_ms(ctx.options, "snapshot_timeout_ms", kDefaultSnapshotTimeoutMs, false, label_)),
        follower_(ctx.runtime.state_slot(ctx.name),
                  [this](const Json& state, bool is_snapshot) {
                    return is_snapshot ? schema_.check_snapshot(state) : schema_.check_delta(state, "state");
                  },
                  static_cast<std::size_t>(ctx.options.value("max_buffered", kDefaultMaxBuffered))) {
    if (ctx.options.value("max_buffered", kDefaultMaxBuffered) <= 0) {
      throw Error(fmt::format("{} arguments: max_buffered must be > 0", label_));
    }
    // Subscribed above; the snapshot is asked for after, so nothing published
    // after the snapshot was cut can be missed (unless the subscription lands
    // late, which the snapshot+1 rule catches).
    request_now();
  }

  std::vector<zmq::socket_ref> pollables() override {
    if (client_.socket() != nullptr) return {subscription_.socket(), zmq::socket_ref(*client_.socket())};
    return {subscription_.socket()};
  }

  void on_readable(std::size_t index) override {
    if (index == 0) {
      read_stream();
    } else {
      read_reply();
    }
  }

  Clock::time_point next_deadline() const override {
    if (!follower_.needs_snapshot()) return Clock::time_point::max();
    return client_.outstanding() ? client_.deadline() : retry_at_;
  }

  void on_timer(Clock::time_point now) override {
    if (!follower_.needs_snapshot()) return;
    if (client_.outstanding() && now >= client_.deadline()) {
      // Warn once per outage, not once per attempt.
      if (client_.attempts() == 1) {
        get_logger()->warn("{}: no snapshot reply within {} ms; asking again every {} ms until the publisher answers",
                           label_, client_.timeout().count(), client_.timeout().count());
      }
      request_now();
    } else if (!client_.outstanding() && now >= retry_at_) {
      request_now();
    }
  }

 private:
  void read_stream() {
    // A batch per wake-up: a busy publisher must not starve the rest of the loop.
    for (int i = 0; i < 512; ++i) {
      std::optional<Json> payload;
      StateMessage message;
      try {
        payload = subscription_.next(metrics);
        if (!payload) return;
        message = read_state_publication(std::move(*payload));
      } catch (const std::exception& e) {
        metrics.error(ErrorKind::malformed);
        get_logger()->warn("{}: dropped message: {}", label_, e.what());
        continue;
      }
      const Json workflow_id = message.workflow_id;
      if (handler_) last_delta_ = message.state;  // what the handler is told changed
      auto outcome = follower_.on_stream(std::move(message));
      handle(outcome, workflow_id);
      // Lost sync (or never had it, with no request out and no back-off
      // pending): ask now. Deltas keep being read and buffered meanwhile.
      if (follower_.needs_snapshot() && !client_.outstanding() && retry_at_ == Clock::time_point::max()) {
        request_soon();
      }
    }
  }

  void request_now() {
    const auto now = Clock::now();
    if (last_request_ != Clock::time_point{} && now - last_request_ < kBackoffWindow) {
      backoff_ = std::min<Clock::duration>(std::max<Clock::duration>(backoff_ * 2, kFirstBackoff), kMaxBackoff);
    } else {
      backoff_ = Clock::duration::zero();
    }
    last_request_ = now;
    metrics.resynced();
    client_.request(now);
    retry_at_ = Clock::time_point::max();
  }

  // Now, or once the back-off since the previous request has passed.
  void request_soon() {
    const auto due = last_request_ + backoff_;
    if (last_request_ == Clock::time_point{} || due <= Clock::now()) {
      request_now();
    } else {
      retry_at_ = due;
    }
  }

  void read_reply() {
    std::optional<Json> payload;
    StateMessage message;
    try {
      payload = client_.receive();
      if (!payload) return;
      message = read_snapshot_reply(std::move(*payload));
    } catch (const std::exception& e) {
      get_logger()->warn("{}: snapshot request failed: {}; asking again in {} ms", label_, e.what(),
                         client_.timeout().count());
      retry_at_ = Clock::now() + client_.timeout();
      return;
    }
    const Json workflow_id = message.workflow_id;
    auto outcome = follower_.on_snapshot(std::move(message));
    handle(outcome, workflow_id);
    if (follower_.needs_snapshot()) {
      // A misfit is usually a subscription that landed late: ask again soon.
      // A refused snapshot means something is wrong at the publisher: give it
      // time rather than spin.
      if (outcome.event == DeltaFollower::Event::resync_failed || outcome.event == DeltaFollower::Event::restarted) {
        request_soon();
      } else {
        retry_at_ = Clock::now() + client_.timeout();
      }
    }
  }

  void handle(const DeltaFollower::Outcome& outcome, const Json& workflow_id) {
    using Event = DeltaFollower::Event;
    auto log = get_logger();
    for (const auto& rejected : outcome.rejected) log->warn("{}: {}", label_, rejected);
    switch (outcome.event) {
      case Event::applied:
        notify(workflow_id, false);
        break;
      case Event::synchronised:
        log->info("{}: synchronised {}", label_, outcome.detail);
        notify(workflow_id, true);
        break;
      case Event::gap:
        log->warn("{}: gap: {}; resynchronising", label_, outcome.detail);
        break;
      case Event::restarted:
      case Event::conflict:
        log->warn("{}: {}; resynchronising", label_, outcome.detail);
        break;
      case Event::rejected: {
        WorkflowScope scope(wire::workflow_text(workflow_id));
        log->warn("{}: {}", label_, outcome.detail);
        break;
      }
      case Event::resync_failed:
        log->warn("{}: {}; resynchronising", label_, outcome.detail);
        break;
      case Event::ignored:
        if (!outcome.detail.empty()) log->debug("{}: ignored {}", label_, outcome.detail);
        break;
      case Event::heartbeat:
      case Event::buffered:
        break;
    }
  }

  // The optional handler on the state model: called after the map changed,
  // with the map already updated in `states`. args: {"state": the delta (or
  // the whole map after a resync), "is_snapshot", "current_num"}.
  void notify(const Json& workflow_id, bool whole_map) {
    if (!handler_) return;
    Json args = state_args(whole_map ? runtime_.state_slot(name_) : last_delta_, whole_map, follower_.seq());
    try {
      runtime_.dispatch(handler_, args, workflow_id);
    } catch (const std::exception& e) {
      WorkflowScope scope(wire::workflow_text(workflow_id));
      get_logger()->error("{}: update handler failed: {}", label_, e.what());
    }
  }

  Runtime& runtime_;
  std::string name_;
  std::string label_;
  Handler handler_;
  DeltaSchema schema_;
  StateSubscription subscription_;
  SnapshotClient client_;
  DeltaFollower follower_;
  Json last_delta_;
  Clock::time_point retry_at_ = Clock::time_point::max();
  Clock::time_point last_request_{};
  Clock::duration backoff_{};
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "delta_update_in",
    .kind = Kind::state,
    .side = Side::in,
    .accepted_options = state_in_options(true),
    .sockets = {{"subscriber", false, "publisher"}, {"requester", false, "replyer"}},
    .make = [](EndpointContext& ctx) { return std::make_unique<DeltaUpdateIn>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
