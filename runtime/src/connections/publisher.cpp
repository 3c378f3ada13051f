// publisher (out): an XPUB socket, bound by default (or connected to an XSUB
// proxy: is_binder false). XPUB rather than PUB so the publisher sees each
// subscription arrive: wait_subscribers() replaces a sleep against slow joiners.
#include <fmt/format.h>

#include <sf/error.hpp>

#include "connections/socket_setup.hpp"
#include <optional>

#include "connections/subscription_guard.hpp"
#include "core/endpoint_registry.hpp"
#include "core/runtime.hpp"
#include "wire/codec.hpp"

namespace sf::detail {
namespace {

class Publisher final : public Endpoint {
 public:
  explicit Publisher(EndpointContext& ctx)
      : runtime_(ctx.runtime), socket_(ctx.context, zmq::socket_type::xpub), label_(ctx.label()) {
    prefix_ = wire::topic_prefix(ctx.options.value("topic", std::string()));
    socket_.set(zmq::sockopt::xpub_verbose, 1);  // every subscriber's subscription, not just the first
    bool bind = ctx.options.value("is_binder", true) && !option_flag(ctx.options, "is_xpub");
    guard_.emplace(label_, SubscriptionLimits::for_count(ctx.runtime.max_subscriptions()),
                   connection_addresses(attach(socket_, ctx, "publisher", bind), bind));
    wait_after_creation(ctx.options, ctx.label());
  }

  Json send(const Json& args, const Json& workflow_id) override {
    out_.assign(prefix_.begin(), prefix_.end());
    wire::encode_request(args, workflow_id, out_);  // no envelope copy of args
    socket_.send(zmq::buffer(out_), zmq::send_flags::dontwait);
    metrics.sent(out_.size());
    return nullptr;
  }

  std::vector<zmq::socket_ref> pollables() override { return {socket_}; }

  // Subscription notices: 0x01 + prefix subscribes, 0x00 + prefix unsubscribes.
  void on_readable(std::size_t) override { guard_->drain(socket_, metrics); }

  Clock::time_point next_deadline() const override { return guard_->next_check(); }
  void on_timer(Clock::time_point now) override { guard_->on_timer(now, metrics); }

  bool wait_subscribers(int n, Clock::time_point deadline) override {
    return runtime_.wait_until(deadline, [&] { return guard_->subscriptions() >= n; });
  }

 private:
  Runtime& runtime_;
  zmq::socket_t socket_;
  std::string prefix_;
  std::vector<std::uint8_t> out_;
  std::string label_;
  std::optional<SubscriptionGuard> guard_;  // subscriptions seen, and the cap on them
};

const EndpointTypeRegistration registration{EndpointType{
    .name = "publisher",
    .kind = Kind::connection,
    .side = Side::out,
    .accepted_options = {.required = Json::object(),
                         .optional = {{"topic", "str"}, {"is_binder", "bool"}, {"is_xpub", "bool"},
                                      {"wait_after_creation_s", "float"}}},
    .sockets = {{"publisher", true, ""}},
    .make = [](EndpointContext& ctx) { return std::make_unique<Publisher>(ctx); },
}};

}  // namespace
}  // namespace sf::detail
