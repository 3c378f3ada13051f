#pragma once
// Turning addresses-file entries into bound or connected ZeroMQ sockets.
#include <cstdint>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "core/endpoint.hpp"

namespace sf::detail {

// "host:port" -> "tcp://host:port"; full ZeroMQ endpoints pass through.
// Throws sf::Error naming the bad value and the accepted forms.
std::string normalize_endpoint(const std::string& address);

// The endpoints for one socket: a string or a list of strings in the addresses file.
std::vector<std::string> socket_endpoints(const EndpointContext& ctx, const std::string& socket);

// The longest subscription a publisher accepts: 0x01 + msgpack(topic prefix).
inline constexpr std::int64_t kMaxSubscriptionBytes = 4096;
// The subscriptions a publisher's pipe from one subscriber holds (ZMQ_RCVHWM).
inline constexpr int kSubscriptionPipe = 10;
// The kernel receive buffer of a publisher's connections (SO_RCVBUF).
inline constexpr int kSubscriberReceiveBuffer = 64 * 1024;

// Binds or connects `socket` to every endpoint of `socket_name`, with a bounded
// linger so closing never hangs. Errors name the endpoint and what to check.
// Returns the endpoints as ZeroMQ resolved them (a wildcard port made real).
std::vector<std::string> attach(zmq::socket_t& socket, const EndpointContext& ctx, const std::string& socket_name,
            bool bind);

// wait_after_creation_s (the Python framework's creation argument): after
// binding a publisher, give subscribers that were already connecting this long
// to arrive before the first message. Absent or 0: no wait (wait_subscribers
// is the reliable way). Throws sf::Error when negative.
void wait_after_creation(const Json& options, const std::string& label);

// The connection/state argument `key` as bool (false when absent).
bool option_flag(const Json& options, const char* key);

}  // namespace sf::detail
