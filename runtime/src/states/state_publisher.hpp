#pragma once
// The publishing socket of an out-state: XPUB (so subscriptions are visible to
// wait_subscribers), bound at "publisher", or connected to an XSUB proxy with
// is_xpub. Every frame is msgpack(topic) + msgpack(payload), or the payload
// alone without a topic.
#include <cstdint>
#include <string>
#include <vector>

#include <zmq.hpp>

#include <optional>

#include "connections/subscription_guard.hpp"
#include "core/endpoint_metrics.hpp"
#include "core/endpoint.hpp"

namespace sf::detail {

class StatePublisher {
 public:
  explicit StatePublisher(EndpointContext& ctx);

  // Never blocks: past the high-water mark a subscriber misses the message
  // (and its follower sees the gap).
  // Returns the frame's size, for the state's counters.
  std::size_t publish(const Json& payload);

  zmq::socket_ref socket() { return socket_; }
  void on_readable(EndpointMetrics& metrics);  // subscription notices
  // The subscription cap's own timer, for the state's next_deadline/on_timer.
  Clock::time_point next_deadline() const { return guard_->next_check(); }
  void on_timer(Clock::time_point now, EndpointMetrics& metrics) { guard_->on_timer(now, metrics); }
  bool wait_subscribers(int n, Clock::time_point deadline);

 private:
  Runtime& runtime_;
  zmq::socket_t socket_;
  std::string prefix_;
  std::vector<std::uint8_t> out_;
  std::string label_;
  std::optional<SubscriptionGuard> guard_;  // subscriptions seen, and the cap on them
};

}  // namespace sf::detail
