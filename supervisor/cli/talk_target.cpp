#include "cli/talk_target.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "control/control_client.hpp"
#include "planning/plan_topology.hpp"
#include "topology/close_match.hpp"
#include "cli/run_dir_choice.hpp"

namespace sfsup::cli {

using nlohmann::json;

namespace {

const char* example(TalkWants wants) {
  switch (wants) {
    case TalkWants::replyer: return "sfsup call execution.orders '{\"qty\": 1}'";
    case TalkWants::publisher: return "sfsup tap feed.ticks, or sfsup tap book_builder.states.book";
    case TalkWants::out_state: return "sfsup state book_builder.states.book";
  }
  return "";
}

// The worker's command line as it was started: its binary and `-s PLUGIN`.
// Read from /proc, so the model is the one of the plugin that is running.
std::vector<std::string> worker_command_line(int pid) {
  std::ifstream file(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(file)), {});
  std::vector<std::string> argv;
  std::size_t start = 0;
  while (start < raw.size()) {
    const auto end = raw.find('\0', start);
    argv.push_back(raw.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return argv;
}

// The running worker's description of the endpoint; nullopt + why otherwise.
std::optional<EndpointDescription> running_model(const json& service, const TalkTarget& target,
                                                 TalkWants wants, std::string& note) {
  const auto pid = service.value("pid", json()).is_number_integer() ? service["pid"].get<int>() : 0;
  const auto argv = worker_command_line(pid);
  std::string plugin;
  for (std::size_t i = 1; i + 1 < argv.size(); ++i)
    if (argv[i] == "-s" || argv[i] == "--service") plugin = argv[i + 1];
  if (argv.empty() || plugin.empty()) {
    note = fmt::format("its worker (pid {}) was not started with -s PLUGIN", pid);
    return std::nullopt;
  }
  try {
    const ServiceDescription description =
        read_service_description(describe_with_worker(argv[0])(std::filesystem::path(plugin)));
    const Direction side = wants == TalkWants::replyer ? Direction::in : Direction::out;
    if (const auto* found = description.find(target.kind, side, target.name)) return *found;
    note = fmt::format("{} does not declare it", plugin);
  } catch (const std::exception& e) {
    note = e.what();
  }
  return std::nullopt;
}

// "in.orders.replyer" -> the socket name, when the key is this endpoint's.
std::optional<std::string> socket_of(const std::string& key, const std::string& prefix) {
  if (!key.starts_with(prefix)) return std::nullopt;
  return key.substr(prefix.size());
}

std::string endpoint_prefix(const TalkTarget& target, TalkWants wants) {
  if (target.kind == EndpointKind::state) return fmt::format("states.out.{}.", target.name);
  return fmt::format("{}.{}.", wants == TalkWants::replyer ? "in" : "out", target.name);
}

// The names a user could have meant: endpoints of the kind the command takes.
std::vector<std::string> candidates(const json& endpoints, const TalkTarget& target, TalkWants wants) {
  std::vector<std::string> names;
  for (const auto& [key, address] : endpoints.items()) {
    std::string name;
    if (target.kind == EndpointKind::state) {
      if (!key.starts_with("states.out.")) continue;
      name = key.substr(11, key.rfind('.') - 11);
    } else {
      const std::string wanted_end = wants == TalkWants::replyer ? ".replyer" : ".publisher";
      const std::string wanted_start = wants == TalkWants::replyer ? "in." : "out.";
      if (!key.starts_with(wanted_start) || !key.ends_with(wanted_end)) continue;
      name = key.substr(wanted_start.size(), key.size() - wanted_start.size() - wanted_end.size());
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

// The endpoint exists but is of another kind: say which command fits it, or,
// for a connecting side (requester, subscriber, in-state), what it connects to.
std::string other_kind_hint(const json& endpoints, const TalkTarget& target) {
  const std::vector<const char*> sides =
      target.kind == EndpointKind::state ? std::vector<const char*>{"states.in."} : std::vector<const char*>{"in.", "out."};
  for (const auto& [key, address] : endpoints.items()) {
    for (const char* side : sides) {
      const std::string prefix = side + target.name + ".";
      if (!key.starts_with(prefix)) continue;
      const std::string socket = key.substr(prefix.size());
      if (socket == "replyer") return fmt::format("{} is a replyer; call it with `sfsup call {}`", target.text, target.text);
      if (socket == "publisher") return fmt::format("{} is a publisher; watch it with `sfsup tap {}`", target.text, target.text);
      return fmt::format("{} is {}'s {} side, connected to {}; name the service that binds that instead",
                         target.text, target.service, socket, address.get<std::string>());
    }
  }
  return "";
}

const char* wanted_noun(const TalkTarget& target, TalkWants wants) {
  if (target.kind == EndpointKind::state) return "out-state";
  return wants == TalkWants::replyer ? "replyer" : "publisher";
}

}  // namespace

TalkTarget parse_talk_target(const std::string& text, TalkWants wants) {
  TalkTarget target;
  target.text = text;
  const auto dot = text.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == text.size())
    throw TalkError(fmt::format("'{}' is not SERVICE.CONNECTION or SERVICE.states.NAME; e.g. {}", text,
                                example(wants)),
                    kExitUsage);
  target.service = text.substr(0, dot);
  target.name = text.substr(dot + 1);
  if (target.name.starts_with("states.") && target.name.size() > 7) {
    target.kind = EndpointKind::state;
    target.name = target.name.substr(7);
  }
  if (wants == TalkWants::out_state && target.kind != EndpointKind::state)
    throw TalkError(fmt::format("'{}' names a connection; `sfsup state` reads a state: {}.states.{}", text,
                                target.service, target.name),
                    kExitUsage);
  if (wants == TalkWants::replyer && target.kind == EndpointKind::state)
    throw TalkError(fmt::format("'{}' names a state, which takes no requests; read it with `sfsup state {}`",
                                text, text),
                    kExitUsage);
  return target;
}

TalkEndpoint find_talk_endpoint(const Options& options, const TalkTarget& target, TalkWants wants) {
  TalkEndpoint found;
  if (options.address) {
    found.sockets[wants == TalkWants::publisher ? "publisher" : "replyer"] = *options.address;
    found.model_note = "--address: the service's model is not known here";
    return found;
  }
  const RunDir dir = run_dir_for(options);
  auto client = ControlClient::connect(dir);
  if (!client) throw TalkError(no_topology_message(dir) + ", or give --address", kExitNoSupervisor);
  const json status = client->request({{"cmd", "status"}}, std::chrono::milliseconds(10'000))
                          .value("status", json::object());
  std::vector<std::string> services;
  for (const auto& s : status.value("services", json::array())) {
    services.push_back(s.value("name", ""));
    if (s.value("name", "") != target.service) continue;
    const json endpoints = s.value("endpoints", json::object());
    const std::string prefix = endpoint_prefix(target, wants);
    for (const auto& [key, address] : endpoints.items())
      if (auto socket = socket_of(key, prefix)) found.sockets[*socket] = address.get<std::string>();
    const char* noun = wanted_noun(target, wants);
    if (found.sockets.empty() ||
        (wants == TalkWants::replyer && !found.sockets.count("replyer")) ||
        (wants == TalkWants::publisher && !found.sockets.count("publisher")))
    {
      const std::string hint = other_kind_hint(endpoints, target);
      throw TalkError(fmt::format("service '{}' has no {} '{}'; {}", target.service, noun, target.name,
                                  hint.empty() ? suggest(target.name, candidates(endpoints, target, wants)) : hint),
                      kExitFailure);
    }
    if (!s.value("pid", json()).is_number_integer())
      throw TalkError(fmt::format("service '{}' is not running ({}); start it with `sfsup start {}`",
                                  target.service, s.value("state", "?"), target.service),
                      kExitFailure);
    found.model = running_model(s, target, wants, found.model_note);
    return found;
  }
  throw TalkError(fmt::format("no service '{}' in the topology '{}' up in {}; {}", target.service,
                              status.value("topology", "?"), dir.root.string(), suggest(target.service, services)),
                  kExitFailure);
}

std::string model_text(const json& arguments) {
  return fmt::format(R"({{"required": {}, "optional": {}}})", arguments.value("required", json::object()).dump(),
                     arguments.value("optional", json::object()).dump());
}

}  // namespace sfsup::cli
