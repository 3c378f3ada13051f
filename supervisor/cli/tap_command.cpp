// `sfsup tap SVC.CONNECTION | SVC.states.NAME`: subscribes to a publisher (or
// an out-state's publisher) and prints each publication as one JSON line,
// {"topic", "workflow_id", "args"}, with args in plain JSON (decimals as their
// exact text). A delta state's args are the delta as sent: {"state": {...},
// "is_snapshot", "current_num"}. Decoded with the framework's own codec; a
// frame that does not decode is one line on stderr and the tap goes on.
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "cli/commands.hpp"
#include "cli/talk_curve.hpp"
#include "cli/talk_target.hpp"
#include "cli/talk_wire.hpp"
#include "states/state_message.hpp"
#include "values/plain_json.hpp"
#include "wire/codec.hpp"

namespace sfsup::cli {

using nlohmann::json;

namespace {

// One publication as its output line; throws on a message the framework
// would drop (named in the caller's stderr line).
std::string publication_line(const TalkTarget& target, const TalkEndpoint& endpoint, const zmq::message_t& frame) {
  namespace wire = sf::detail::wire;
  wire::Frame decoded = wire::decode_frame(frame.data(), frame.size());
  if (!decoded.payload.is_object() || !decoded.payload.contains("args"))
    throw std::runtime_error(R"(not a publication: expected {"args": {...}, "workflow_id": ...})");
  const json& args = decoded.payload["args"];
  if (target.kind == EndpointKind::state && is_delta_state(endpoint, args))
    (void)sf::detail::read_state_publication(decoded.payload);  // throws on a malformed delta
  return fmt::format(R"({{"topic": {}, "workflow_id": {}, "args": {}}})", json_line(decoded.topic),
                     json_line(wire::workflow_text(wire::workflow_id_of(decoded.payload))),
                     json_line(sf::detail::plain_json(args)));
}

}  // namespace

int run_tap(const Options& options) try {
  const TalkTarget target = parse_talk_target(options.args.at(0), TalkWants::publisher);
  const TalkEndpoint found = find_talk_endpoint(options, target, TalkWants::publisher);
  const std::string endpoint = found.sockets.at("publisher");
  if (found.model)
    if (const auto* socket = found.model->socket("publisher"); socket && !socket->binds)
      throw TalkError(fmt::format("{} publishes through a proxy (it connects to {}); tap the proxy's "
                                  "subscriber side with --address",
                                  target.text, endpoint),
                      kExitFailure);

  zmq::context_t context(1);
  zmq::socket_t socket(context, zmq::socket_type::sub);
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::subscribe, "");  // every topic: the line says which
  use_talk_curve_keys(socket, options, target.service);  // security: curve
  socket.connect(endpoint);

  const std::size_t wanted = options.count.value_or(0);  // 0: until interrupted
  std::size_t printed = 0;
  while (wanted == 0 || printed < wanted) {
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    const auto timeout = std::chrono::milliseconds(options.timeout_ms.value_or(-1));
    if (zmq::poll(&item, 1, timeout) == 0) {
      fmt::print(stderr, "sfsup: no publication from {} at {} within {} ms ({} printed); is it publishing? "
                 "(`sfsup logs {}`), or raise --timeout-ms\n",
                 target.text, endpoint, timeout.count(), printed, target.service);
      return kExitFailure;
    }
    zmq::message_t frame;
    if (!socket.recv(frame, zmq::recv_flags::none)) continue;
    try {
      fmt::print("{}\n", publication_line(target, found, frame));
      ++printed;
    } catch (const std::exception& e) {
      fmt::print(stderr, "sfsup: skipped a message from {}: {}\n", target.text, e.what());
    }
  }
  return 0;
} catch (const TalkError& e) {
  fmt::print(stderr, "sfsup: {}\n", e.what());
  return e.exit_code;
}

}  // namespace sfsup::cli
