#pragma once
// The out-state's answer to late joiners and resyncing followers: a ROUTER
// bound at "replyer". ROUTER rather than REP so one slow or vanished follower
// never wedges the socket for the others, and so it answers REQ peers (the
// Python framework) and DEALER peers (ours) alike: the reply goes back with
// whatever routing envelope the request came with.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "core/endpoint.hpp"

namespace sf::detail {

class SnapshotServer {
 public:
  // Given the request's workflow id (as received), the reply envelope.
  using Answer = std::function<Json(const Json& workflow_id)>;

  SnapshotServer(EndpointContext& ctx, Answer answer);

  zmq::socket_ref socket() { return socket_; }
  void on_readable();

 private:
  void answer_one(std::vector<zmq::message_t>& frames);

  std::string label_;
  Answer answer_;
  zmq::socket_t socket_;
  std::vector<std::uint8_t> out_;
};

}  // namespace sf::detail
