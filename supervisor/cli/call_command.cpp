// `sfsup call SVC.CONNECTION ARGS`: one request to a running replyer, as a
// requester service would send it, with the reply printed as JSON. The
// endpoint comes from the running supervisor (or --address for any replyer,
// a Python one included); the replyer validates the args against its model
// and answers a mismatch with an error reply, which is printed as the error.
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>
#include <zmq.hpp>

#include "cli/commands.hpp"
#include "control/control_client.hpp"
#include "topology/yaml_reader.hpp"
#include "values/canonical_forms.hpp"
#include "wire/codec.hpp"
#include "cli/talk_curve.hpp"

namespace sfsup::cli {

using nlohmann::json;

namespace {

struct CallTarget {
  std::string service;
  std::string connection;
};

CallTarget parse_target(const std::string& text) {
  const auto dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
    throw std::runtime_error(fmt::format("'{}' is not SERVICE.CONNECTION; write e.g. sfsup call echo.echo "
                                         "'{{\"text\": \"hi\"}}'",
                                         text));
  return {text.substr(0, dot), text.substr(dot + 1)};
}

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

std::string replyer_endpoint(const Options& options, const CallTarget& target) {
  if (options.address) return *options.address;
  const RunDir dir = resolve_run_dir(options.run_dir);
  auto client = ControlClient::connect(dir);
  if (!client) throw std::runtime_error(no_topology_message(dir) + ", or give --address");
  const json answer = client->request({{"cmd", "status"}}, std::chrono::milliseconds(10'000));
  for (const auto& s : answer.value("status", json::object()).value("services", json::array())) {
    if (s.value("name", "") != target.service) continue;
    const auto endpoints = s.value("endpoints", json::object());
    const auto key = fmt::format("in.{}.replyer", target.connection);
    if (endpoints.contains(key)) return endpoints[key].get<std::string>();
    std::string replyers;
    for (const auto& [name, address] : endpoints.items())
      if (name.size() > 11 && name.rfind("in.", 0) == 0 && name.ends_with(".replyer"))
        replyers += (replyers.empty() ? "" : ", ") + name.substr(3, name.size() - 11);
    throw std::runtime_error(fmt::format("service '{}' has no replyer '{}' (its replyers: {})",
                                         target.service, target.connection,
                                         replyers.empty() ? "none" : replyers));
  }
  throw std::runtime_error(fmt::format("no service '{}' in the topology up in {}; see `sfsup status`",
                                       target.service, dir.root.string()));
}

}  // namespace

int run_call(const Options& options) {
  const CallTarget target = parse_target(options.args.at(0));
  const json args = parse_args(options.args.size() > 1 ? options.args[1] : "{}");
  if (!args.is_object())
    throw std::runtime_error(fmt::format("the args must be a mapping of argument names to values, not {}",
                                         args.dump()));
  const std::string endpoint = replyer_endpoint(options, target);
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
  if (zmq::poll(&item, 1, std::chrono::milliseconds(options.timeout_ms)) == 0) {
    fmt::print(stderr, "sfsup: {} at {} did not answer within {} ms (workflow {}); is it running? "
               "(`sfsup status`), or raise --timeout-ms\n",
               options.args[0], endpoint, options.timeout_ms, workflow_id);
    return kExitFailure;
  }
  zmq::message_t reply;
  (void)socket.recv(reply, zmq::recv_flags::none);
  const json envelope = sf::detail::wire::decode(reply.data(), reply.size());
  if (sf::detail::wire::is_error_reply(envelope)) {
    const json& error = envelope["error"];
    fmt::print(stderr, "sfsup: {} answered with an error ({}): {} (workflow {})\n", options.args[0],
               error.value("kind", "error"), error.value("message", error.dump()), workflow_id);
    return kExitFailure;
  }
  fmt::print("{}\n", envelope.value("return_args", json::object()).dump(2));
  fmt::print(stderr, "workflow {}\n", workflow_id);
  return 0;
}

}  // namespace sfsup::cli
