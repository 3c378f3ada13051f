// `sfsup state SVC.states.NAME`: one snapshot (last-value) request to an
// out-state's server, as a late-joining follower makes it; prints the current
// value as JSON (a delta state's whole map, its current_num on stderr).
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "cli/commands.hpp"
#include "cli/talk_curve.hpp"
#include "cli/talk_target.hpp"
#include "cli/talk_wire.hpp"
#include "states/state_message.hpp"
#include "values/canonical_forms.hpp"
#include "values/plain_json.hpp"
#include "wire/codec.hpp"

namespace sfsup::cli {

using nlohmann::json;

int run_state(const Options& options) try {
  namespace wire = sf::detail::wire;
  const TalkTarget target = parse_talk_target(options.args.at(0), TalkWants::out_state);
  const TalkEndpoint found = find_talk_endpoint(options, target, TalkWants::out_state);
  if (!found.sockets.count("replyer"))
    throw TalkError(fmt::format("{} has no snapshot server (its addresses name no replyer, as a Python "
                                "full-update state's do); watch it with `sfsup tap {}`",
                                target.text, target.text),
                    kExitFailure);
  const std::string endpoint = found.sockets.at("replyer");
  const int timeout_ms = options.timeout_ms.value_or(5000);
  const std::string workflow_id = sf::detail::new_uuid_text();

  zmq::context_t context(1);
  zmq::socket_t socket(context, zmq::socket_type::req);  // REQ talks to our ROUTER and Python's REP
  socket.set(zmq::sockopt::linger, 0);
  use_talk_curve_keys(socket, options, target.service);  // security: curve
  socket.connect(endpoint);
  std::vector<std::uint8_t> frame;
  wire::encode_request(json::object(), workflow_id, frame);
  socket.send(zmq::buffer(frame), zmq::send_flags::none);

  zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, std::chrono::milliseconds(timeout_ms)) == 0) {
    fmt::print(stderr, "sfsup: {} at {} did not answer within {} ms; is it running? (`sfsup status`), or "
               "raise --timeout-ms\n",
               target.text, endpoint, timeout_ms);
    return kExitFailure;
  }
  zmq::message_t reply;
  (void)socket.recv(reply, zmq::recv_flags::none);
  const json envelope = wire::decode(reply.data(), reply.size());
  if (wire::is_error_reply(envelope)) {
    const auto error = wire::error_text_of(envelope["error"]);
    fmt::print(stderr, "sfsup: {} answered with an error ({}): {}\n", target.text, error.kind, error.message);
    return kExitFailure;
  }
  const json return_args = envelope.value("return_args", json());
  if (is_delta_state(found, return_args)) {
    const auto snapshot = sf::detail::read_snapshot_reply(envelope);
    fmt::print("{}\n", sf::detail::plain_json(snapshot.state).dump(2));
    fmt::print(stderr, "current_num {}\n", snapshot.seq);
  } else {
    fmt::print("{}\n", sf::detail::plain_json(return_args).dump(2));
  }
  return 0;
} catch (const TalkError& e) {
  fmt::print(stderr, "sfsup: {}\n", e.what());
  return e.exit_code;
}

}  // namespace sfsup::cli
