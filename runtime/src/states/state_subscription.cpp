#include "states/state_subscription.hpp"

#include "connections/socket_setup.hpp"
#include "states/state_options.hpp"
#include "wire/codec.hpp"

namespace sf::detail {

StateSubscription::StateSubscription(EndpointContext& ctx) : socket_(ctx.context, zmq::socket_type::sub) {
  const std::string topic = ctx.options.value("topic", std::string());
  has_topic_ = !topic.empty();
  socket_.set(zmq::sockopt::rcvhwm, high_water_mark(ctx.options));
  socket_.set(zmq::sockopt::subscribe, wire::topic_prefix(topic));
  attach(socket_, ctx, "subscriber", false);
}

std::optional<Json> StateSubscription::next(EndpointMetrics& counts) {
  zmq::message_t frame;
  if (!socket_.recv(frame, zmq::recv_flags::dontwait)) return std::nullopt;
  counts.received(frame.size());
  // Without a topic the frame is the payload alone; decode_frame would take a
  // leading msgpack string for a topic, so only ask it to when there is one.
  if (!has_topic_) return wire::decode(frame.data(), frame.size());
  return wire::decode_frame(frame.data(), frame.size()).payload;
}

}  // namespace sf::detail
