#include "states/state_publisher.hpp"

#include "connections/socket_setup.hpp"
#include "core/runtime.hpp"
#include "states/state_options.hpp"
#include "wire/codec.hpp"

namespace sf::detail {

StatePublisher::StatePublisher(EndpointContext& ctx)
    : runtime_(ctx.runtime), socket_(ctx.context, zmq::socket_type::xpub), label_(ctx.label()) {
  prefix_ = wire::topic_prefix(ctx.options.value("topic", std::string()));
  socket_.set(zmq::sockopt::xpub_verbose, 1);  // every subscriber's subscription, not just the first
  socket_.set(zmq::sockopt::sndhwm, high_water_mark(ctx.options));
  const bool bind = !option_flag(ctx.options, "is_xpub");
  guard_.emplace(label_, SubscriptionLimits::for_count(ctx.runtime.max_subscriptions()),
                 connection_addresses(attach(socket_, ctx, "publisher", bind), bind));
  wait_after_creation(ctx.options, ctx.label());
}

std::size_t StatePublisher::publish(const Json& payload) {
  out_.assign(prefix_.begin(), prefix_.end());
  wire::encode(payload, out_);
  socket_.send(zmq::buffer(out_), zmq::send_flags::dontwait);
  return out_.size();
}

void StatePublisher::on_readable(EndpointMetrics& metrics) { guard_->drain(socket_, metrics); }

bool StatePublisher::wait_subscribers(int n, Clock::time_point deadline) {
  return runtime_.wait_until(deadline, [&] { return guard_->subscriptions() >= n; });
}

}  // namespace sf::detail
