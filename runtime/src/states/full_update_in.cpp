// full_update_in: each publication replaces the whole state. Subscribes, then
// asks the publisher for its last value so a late joiner starts with it (when
// the addresses name a requester: the Python framework's shape has none, and
// then the first publication is the first value). No
// sequence numbers here (the Python format has none), so the one ordering rule
// is: once anything arrived on the subscription, a last-value reply is stale
// (the subscription delivers every later value in order) and is dropped.
#include <optional>

#include <fmt/format.h>

#include <sf/error.hpp>
#include <sf/log.hpp>

#include "core/endpoint_registry.hpp"
#include "core/logging.hpp"
#include "core/runtime.hpp"
#include "states/snapshot_client.hpp"
#include "states/state_options.hpp"
#include "states/state_subscription.hpp"
#include "wire/codec.hpp"

namespace sf::detail {
namespace {

class FullUpdateIn final : public Endpoint {
 public:
  explicit FullUpdateIn(EndpointContext& ctx)
      : runtime_(ctx.runtime),
        label_(ctx.label()),
        handler_(ctx.model.handler),
        model_(ctx.arguments),
        visible_(ctx.runtime.state_slot(ctx.name)),
        subscription_(ctx),
        timeout_(option_ms(ctx.options, "snapshot_timeout_ms", kDefaultSnapshotTimeoutMs, false, label_)) {
    visible_ = Json::object();
    if (ctx.addresses.contains("requester")) {
      client_.emplace(ctx, timeout_);
      client_->request(Clock::now());
    }
  }

  std::vector<zmq::socket_ref> pollables() override {
    if (client_ && client_->socket() != nullptr) return {subscription_.socket(), zmq::socket_ref(*client_->socket())};
    return {subscription_.socket()};
  }

  void on_readable(std::size_t index) override {
    if (index == 0) {
      read_stream();
    } else {
      read_last_value();
    }
  }

  Clock::time_point next_deadline() const override {
    return client_ ? client_->deadline() : Clock::time_point::max();
  }

  void on_timer(Clock::time_point now) override {
    if (!client_ || !client_->outstanding() || now < client_->deadline()) return;
    if (client_->attempts() == 1) {
      get_logger()->info("{}: no last-value reply within {} ms; asking again until the publisher answers or publishes",
                         label_, client_->timeout().count());
    }
    client_->request(now);
  }

 private:
  void read_stream() {
    for (int i = 0; i < 512; ++i) {
      Json payload;
      try {
        auto next = subscription_.next(metrics);
        if (!next) return;
        payload = std::move(*next);
      } catch (const std::exception& e) {
        metrics.error(ErrorKind::malformed);
        get_logger()->warn("{}: dropped message: {}", label_, e.what());
        continue;
      }
      const Json workflow_id = wire::workflow_id_of(payload);
      auto args = payload.is_object() ? payload.find("args") : payload.end();
      if (args == payload.end()) {
        metrics.error(ErrorKind::malformed);
        WorkflowScope scope(wire::workflow_text(workflow_id));
        get_logger()->warn("{}: dropped message: {}", label_, R"(the message must be {"args": {...}, "workflow_id": ...})");
        continue;
      }
      // From a good publication on, the subscription is the newer source.
      if (replace(std::move(*args), workflow_id, "update") && client_) client_->cancel();
    }
  }

  void read_last_value() {
    Json payload;
    try {
      auto reply = client_->receive();
      if (!reply) return;
      payload = std::move(*reply);
    } catch (const std::exception& e) {
      get_logger()->warn("{}: last-value request failed: {}", label_, e.what());
      return;
    }
    if (wire::is_error_reply(payload)) {
      // "no_value": nothing published yet; the first publication will come.
      get_logger()->debug("{}: no last value yet: {}", label_, payload["error"].value("message", ""));
      return;
    }
    auto args = payload.is_object() ? payload.find("return_args") : payload.end();
    if (args == payload.end()) {
      get_logger()->warn("{}: dropped last-value reply: it has no \"return_args\"", label_);
      return;
    }
    const Json workflow_id = wire::workflow_id_of(payload);
    replace(std::move(*args), workflow_id, "last value");
  }

  // False when `value` fails the model (logged; the state is unchanged).
  bool replace(Json value, const Json& workflow_id, const char* what) {
    if (auto problem = model_.check(value, "state"); !problem.empty()) {
      WorkflowScope scope(wire::workflow_text(workflow_id));
      get_logger()->warn("{}: dropped {}, state unchanged: {}", label_, what, problem);
      return false;
    }
    if (received_ && value == visible_) return true;  // a republished value: nothing changed
    if (!received_) get_logger()->info("{}: first value received ({})", label_, what);
    received_ = true;
    visible_ = std::move(value);
    if (!handler_) return true;
    try {
      runtime_.dispatch(handler_, visible_, workflow_id);
    } catch (const std::exception& e) {
      WorkflowScope scope(wire::workflow_text(workflow_id));
      get_logger()->error("{}: update handler failed: {}", label_, e.what());
    }
    return true;
  }

  Runtime& runtime_;
  std::string label_;
  Handler handler_;
  const ArgsSchema& model_;
  Json& visible_;
  StateSubscription subscription_;
  std::chrono::milliseconds timeout_;
  std::optional<SnapshotClient> client_;  // none without a requester address
  bool received_ = false;
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "full_update_in",
    .kind = Kind::state,
    .side = Side::in,
    .accepted_options = state_in_options(false),
    .sockets = {{"subscriber", false, "publisher"}, {"requester", false, "replyer"}},
    .make = [](EndpointContext& ctx) { return std::make_unique<FullUpdateIn>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
