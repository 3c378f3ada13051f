#pragma once
// The in-state's snapshot (or last-value) request, made without ever blocking
// the service loop: a DEALER socket the loop polls, a deadline the loop's timer
// watches, and a fresh socket for every attempt so a reply to an abandoned
// request can never be mistaken for the current one (the guide's Lazy Pirate,
// made asynchronous). Talks to our ROUTER and to the Python framework's REP.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "connections/curve_options.hpp"
#include "core/endpoint.hpp"

namespace sf::detail {

class SnapshotClient {
 public:
  SnapshotClient(EndpointContext& ctx, std::chrono::milliseconds timeout);

  // Sends {"args": {}, "workflow_id": id} on a fresh socket; replaces any
  // request still outstanding.
  void request(Clock::time_point now);
  void cancel();

  bool outstanding() const { return socket_ != nullptr; }
  Clock::time_point deadline() const { return outstanding() ? deadline_ : Clock::time_point::max(); }
  zmq::socket_t* socket() { return socket_.get(); }
  std::chrono::milliseconds timeout() const { return timeout_; }
  int attempts() const { return attempts_; }  // since the last answered request

  // Reads the reply when one is there: the decoded payload if it answers the
  // outstanding request (which is then closed), nullopt otherwise. Throws
  // sf::Error on a malformed reply (the request is closed too).
  std::optional<Json> receive();

 private:
  CurveOptions curve_;  // applied to every attempt's fresh socket
  zmq::context_t& context_;
  std::vector<std::string> endpoints_;
  std::string label_;
  std::chrono::milliseconds timeout_;
  std::int64_t max_message_bytes_;  // the service's limit, as on every receiving socket
  std::unique_ptr<zmq::socket_t> socket_;
  std::string workflow_id_;
  Clock::time_point deadline_{};
  int attempts_ = 0;
  unsigned counter_ = 0;
  std::string prefix_;  // per-follower workflow id root
};

}  // namespace sf::detail
