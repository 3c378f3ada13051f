#include "planning/worker_files.hpp"

#include <fmt/format.h>

namespace sfsup {

using nlohmann::json;

json addresses_document(const ServiceDecl& service, const ServiceDescription& description,
                        const EndpointPlan& plan) {
  json doc = {{"connections", {{"in", json::object()}, {"out", json::object()}}},
              {"states", {{"in", json::object()}, {"out", json::object()}}}};
  for (const auto& e : description.endpoints) {
    json sockets = json::object();
    for (const auto& s : e.sockets) {
      auto it = plan.endpoints.find(SocketRef{service.name, e.kind, e.direction, e.name, s.name});
      if (it != plan.endpoints.end()) sockets[s.name] = it->second;
    }
    const char* group = e.kind == EndpointKind::connection ? "connections" : "states";
    doc[group][std::string(to_string(e.direction))][e.name] = std::move(sockets);
  }
  return doc;
}

std::map<std::string, std::string> endpoint_labels(const ServiceDecl& service,
                                                   const ServiceDescription& description,
                                                   const EndpointPlan& plan) {
  std::map<std::string, std::string> labels;
  for (const auto& e : description.endpoints) {
    for (const auto& s : e.sockets) {
      auto it = plan.endpoints.find(SocketRef{service.name, e.kind, e.direction, e.name, s.name});
      if (it == plan.endpoints.end()) continue;
      labels[fmt::format("{}{}.{}.{}", e.kind == EndpointKind::state ? "states." : "",
                         to_string(e.direction), e.name, s.name)] = it->second;
    }
  }
  return labels;
}

std::vector<std::string> worker_argv(const std::filesystem::path& worker_binary,
                                     const ServiceDecl& service,
                                     const std::filesystem::path& addresses_file,
                                     const std::filesystem::path& config_file) {
  std::vector<std::string> argv = {worker_binary.string(), "-s", service.plugin.string(),
                                   "-a", addresses_file.string(), "-c", config_file.string()};
  if (service.main) argv.push_back("-m");
  if (service.settings.log_level) {
    argv.push_back("-cl");
    argv.push_back(*service.settings.log_level);
  }
  // --sf- spellings: a service whose config declares the same key keeps it.
  if (service.settings.max_message_bytes) {
    argv.insert(argv.end(), {"--sf-max-message-bytes", std::to_string(*service.settings.max_message_bytes)});
  }
  if (service.settings.max_subscriptions) {
    argv.insert(argv.end(), {"--sf-max-subscriptions", std::to_string(*service.settings.max_subscriptions)});
  }
  if (service.settings.max_log_line_bytes) {
    argv.insert(argv.end(), {"--sf-max-log-line-bytes", std::to_string(*service.settings.max_log_line_bytes)});
  }
  // The supervisor always hands the worker a readiness pipe as fd 3.
  argv.push_back("--ready-fd");
  argv.push_back("3");
  for (const auto& arg : service.args) {
    argv.push_back("--" + arg.key);
    argv.push_back(arg.value);
  }
  return argv;
}

void write_json_file(const PrivateDir& dir, std::string_view name, const json& value) {
  dir.write_if_changed(name, value.dump(2) + "\n");
}

}  // namespace sfsup
