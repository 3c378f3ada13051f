// `sfsup call SVC.CONNECTION ARGS`: one request to a running replyer, as a
// requester service would send it, with the reply printed as JSON. The
// endpoint and the replyer's model come from the running topology
// (cli/talk_target): the args are typed by the model (a decimal written
// "1.50" stays exact) and checked against it before anything is sent. With
// --address (any replyer, a Python one included) there is no model: the args
// go as written and the replyer's own check answers.
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>
#include <zmq.hpp>

#include "cli/commands.hpp"
#include "cli/talk_curve.hpp"
#include "cli/talk_target.hpp"
#include "model/schema.hpp"
#include "topology/yaml_reader.hpp"
#include "values/canonical_forms.hpp"
#include "values/plain_json.hpp"
#include "wire/codec.hpp"

namespace sfsup::cli {

using nlohmann::json;

namespace {

// JSON, or YAML's flow style ({text: hi}) for less quoting in a shell.
json parse_args(const std::string& text) {
  if (auto parsed = json::parse(text, nullptr, false); !parsed.is_discarded()) return parsed;
  try {
    return yaml_to_json(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(fmt::format("the args '{}' are neither JSON nor YAML ({}); write e.g. "
                                         "'{{\"text\": \"hi\"}}'",
                                         text, e.msg));
  }
}

// The args typed by the replyer's model and checked against it; throws
// TalkError (exit 1, nothing sent) with the model on a mismatch.
json checked_args(const TalkTarget& target, const EndpointDescription& model, const json& args) {
  const auto schema = sf::detail::ArgsSchema::compile(
      sf::ArgsModel{model.arguments.value("required", json::object()), model.arguments.value("optional", json::object())},
      fmt::format("connection '{}' arguments", target.name));
  json typed = schema.from_plain(args);
  if (const std::string problem = schema.check(typed); !problem.empty())
    throw TalkError(fmt::format("{} was not called (nothing sent): {}; its model: {}", target.text, problem,
                                model_text(model.arguments)),
                    kExitFailure);
  return typed;
}

}  // namespace

int run_call(const Options& options) try {
  const TalkTarget target = parse_talk_target(options.args.at(0), TalkWants::replyer);
  json args = parse_args(options.args.size() > 1 ? options.args[1] : "{}");
  if (!args.is_object())
    throw std::runtime_error(fmt::format("the args must be a mapping of argument names to values, not {}",
                                         args.dump()));
  const TalkEndpoint found = find_talk_endpoint(options, target, TalkWants::replyer);
  if (found.model)
    args = checked_args(target, *found.model, args);
  else if (!options.address)
    fmt::print(stderr, "sfsup: sending unchecked, the model of {} is not known: {}\n", target.text,
               found.model_note);
  const std::string endpoint = found.sockets.at("replyer");
  const int timeout_ms = options.timeout_ms.value_or(5000);
  // A leading edge's id, as a service's main would send it (a UUID's text), so
  // the call can be followed through the services' logs like any other.
  const std::string workflow_id = sf::detail::new_uuid_text();

  zmq::context_t context(1);
  zmq::socket_t socket(context, zmq::socket_type::req);
  socket.set(zmq::sockopt::linger, 0);
  use_talk_curve_keys(socket, options, target.service);  // security: curve
  socket.connect(endpoint);
  std::vector<std::uint8_t> frame;
  sf::detail::wire::encode_request(args, workflow_id, frame);
  socket.send(zmq::buffer(frame), zmq::send_flags::none);

  zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, std::chrono::milliseconds(timeout_ms)) == 0) {
    fmt::print(stderr, "sfsup: {} at {} did not answer within {} ms (workflow {}); is it running? "
               "(`sfsup status`), or raise --timeout-ms\n",
               target.text, endpoint, timeout_ms, workflow_id);
    return kExitFailure;
  }
  zmq::message_t reply;
  (void)socket.recv(reply, zmq::recv_flags::none);
  const json envelope = sf::detail::wire::decode(reply.data(), reply.size());
  if (sf::detail::wire::is_error_reply(envelope)) {
    const auto error = sf::detail::wire::error_text_of(envelope["error"]);
    fmt::print(stderr, "sfsup: {} answered with an error ({}): {} (workflow {})\n", target.text, error.kind,
               error.message, workflow_id);
    return kExitFailure;
  }
  fmt::print("{}\n", sf::detail::plain_json(envelope.value("return_args", json::object())).dump(2));
  fmt::print(stderr, "workflow {}\n", workflow_id);
  return 0;
} catch (const TalkError& e) {
  fmt::print(stderr, "sfsup: {}\n", e.what());
  return e.exit_code;
}

}  // namespace sfsup::cli
