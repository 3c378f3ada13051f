#pragma once
// The ZAP handler (ZeroMQ RFC 27) of a worker using CURVE: an inproc REP
// socket at zeromq.zap.01 in the worker's context that libzmq asks, on every
// CURVE handshake of a binding socket, whether the client's public key may
// in. Each binding socket asks under its own ZAP domain (its curve socket
// key), and only the keys sfsup listed for that socket are let in.
//
// Not a thread: the runtime polls socket() with its control fds wherever it
// waits (the service loop, a requester's wait for a reply, main mode's
// to_send and sleep_for), so handshakes are answered on the worker's own
// thread and nothing is shared. A handshake that arrives while a handler
// computes waits, like any message would (well inside ZMQ_HANDSHAKE_IVL).
#include <map>
#include <set>
#include <string>

#include <vector>

#include <zmq.hpp>

namespace sf::detail {

class ZapHandler {
 public:
  // domain -> Z85 public keys let in. Binds at once: it must exist before
  // any CURVE server socket binds, or libzmq would let every client in.
  ZapHandler(zmq::context_t& context, const std::map<std::string, std::set<std::string>>& allowed);

  zmq::socket_ref socket() { return socket_; }
  // Answers every pending request without blocking.
  void serve();

 private:
  void answer(std::vector<zmq::message_t>& request);

  zmq::socket_t socket_;
  std::map<std::string, std::set<std::string>> allowed_;  // domain -> 32-byte binary keys
  std::set<std::string> refusals_logged_;                 // "domain key" said at warn once
};

}  // namespace sf::detail
