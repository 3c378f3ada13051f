// full_update_out: every to_send('state', name, value) replaces the whole
// state and is published as {"args": value, "workflow_id"} (the Python
// framework's format). A ROUTER answers last-value requests so a late joiner
// starts with the current value (when the addresses name a replyer: the
// Python framework's shape has none). With heartbeat_ms set, a quiet value is
// published again; off by default, because a Python follower runs its handler
// on every publication, a repeated value included.
#include <algorithm>
#include <optional>

#include <sf/error.hpp>

#include "core/endpoint_registry.hpp"
#include "core/runtime.hpp"
#include "states/snapshot_server.hpp"
#include "states/state_options.hpp"
#include "states/state_publisher.hpp"
#include "wire/codec.hpp"

namespace sf::detail {
namespace {

class FullUpdateOut final : public Endpoint {
 public:
  explicit FullUpdateOut(EndpointContext& ctx)
      : label_(ctx.label()),
        heartbeat_(option_ms(ctx.options, "heartbeat_ms", 0, true, label_)),
        publisher_(ctx) {
    if (ctx.addresses.contains("replyer")) {
      server_.emplace(ctx, [this](const Json& workflow_id) {
        if (!has_value_) return wire::error_reply("no_value", "nothing has been published yet", workflow_id);
        return wire::reply(value_, workflow_id);
      });
    }
  }

  Json send(const Json& args, const Json& workflow_id) override {
    value_ = args;
    has_value_ = true;
    workflow_id_ = workflow_id;
    publish();
    return nullptr;
  }

  std::vector<zmq::socket_ref> pollables() override {
    if (server_) return {publisher_.socket(), server_->socket()};
    return {publisher_.socket()};
  }

  void on_readable(std::size_t index) override {
    if (index == 0) {
      publisher_.on_readable(metrics);
    } else {
      server_->on_readable();
    }
  }

  Clock::time_point next_deadline() const override {
    if (!has_value_ || heartbeat_.count() == 0) return publisher_.next_deadline();
    return std::min(last_publish_ + heartbeat_, publisher_.next_deadline());
  }

  void on_timer(Clock::time_point now) override {
    publisher_.on_timer(now, metrics);
    if (has_value_ && heartbeat_.count() > 0 && now >= last_publish_ + heartbeat_) publish();
  }

  bool wait_subscribers(int n, Clock::time_point deadline) override {
    return publisher_.wait_subscribers(n, deadline);
  }

 private:
  void publish() {
    metrics.sent(publisher_.publish(wire::request(value_, workflow_id_)));
    last_publish_ = Clock::now();
  }

  std::string label_;
  std::chrono::milliseconds heartbeat_;
  StatePublisher publisher_;
  std::optional<SnapshotServer> server_;  // none without a replyer address
  Json value_ = Json::object();
  bool has_value_ = false;
  Json workflow_id_;  // of the update being republished
  Clock::time_point last_publish_{};
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "full_update_out",
    .kind = Kind::state,
    .side = Side::out,
    .accepted_options = state_out_options(false),
    .sockets = {{"publisher", true, ""}, {"replyer", true, ""}},
    .make = [](EndpointContext& ctx) { return std::make_unique<FullUpdateOut>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
