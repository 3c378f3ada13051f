#pragma once
// The subscribing socket of an in-state: SUB connected at "subscriber" (to the
// publisher, or to an XPUB proxy: is_xsub says so and changes nothing else),
// subscribed to msgpack(topic). Its high-water mark is raised so a burst of
// deltas arriving while a large snapshot is applied is queued, not dropped.
#include <optional>
#include <string>

#include <zmq.hpp>

#include "core/endpoint.hpp"
#include "core/endpoint_metrics.hpp"

namespace sf::detail {

class StateSubscription {
 public:
  explicit StateSubscription(EndpointContext& ctx);

  zmq::socket_ref socket() { return socket_; }

  // The next frame's payload (topic stripped), nullopt when none is waiting.
  // The frame is counted into `counts` (one message, its bytes) before it is
  // decoded, as the connections count theirs, so a malformed one counts too.
  // Throws sf::Error ("malformed frame: ...") on bytes that are not msgpack.
  std::optional<Json> next(EndpointMetrics& counts);

 private:
  zmq::socket_t socket_;
  bool has_topic_;
};

}  // namespace sf::detail
