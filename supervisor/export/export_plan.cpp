#include "export/export_plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "export/portable_addresses.hpp"
#include "planning/endpoint_plan.hpp"
#include "planning/topology_analysis.hpp"
#include "planning/worker_files.hpp"

namespace sfsup {

namespace fs = std::filesystem;

std::string dns_label(const std::string& text) {
  std::string label;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep)
      label += c;
    else if (!label.empty() && label.back() != '-')
      label += '-';
  }
  if (label.empty() || label.front() < 'a' || label.front() > 'z') label = "s-" + label;
  if (label.size() > 63) label.resize(63);
  while (label.back() == '-') label.pop_back();
  return label;
}

namespace {

int port_of(const std::string& endpoint) {
  const auto colon = endpoint.rfind(':');
  int port = 0;
  if (colon != std::string::npos) std::from_chars(endpoint.data() + colon + 1, endpoint.data() + endpoint.size(), port);
  return port;
}

const SocketDescription* socket_of(const DescribedServices& described, const SocketRef& ref) {
  const EndpointDescription* e = described.at(ref.service).find(ref.kind, ref.direction, ref.endpoint);
  return e ? e->socket(ref.socket) : nullptr;
}

std::string socket_label(const SocketRef& ref) {
  return fmt::format("{}{}.{}.{}", ref.kind == EndpointKind::state ? "states." : "", to_string(ref.direction),
                     ref.endpoint, ref.socket);
}

// The topology as export plans it: every socket on tcp, and the ipc files
// bound inside it handed a port like any other binder.
Topology all_tcp(Topology topology, const std::map<std::string, SocketRef>& ipc_bound) {
  for (auto& service : topology.services) {
    service.settings.transport = Transport::tcp;
    for (auto& decl : service.endpoints) {
      for (const auto& [endpoint, ref] : ipc_bound) {
        if (ref.service != service.name || ref.kind != decl.kind || ref.direction != decl.direction ||
            ref.endpoint != decl.name)
          continue;
        if (decl.socket_addresses.erase(ref.socket) == 0) decl.address.reset();
      }
    }
  }
  return topology;
}

void check_dns_names(const Topology& topology, Diagnostics& diagnostics) {
  std::map<std::string, std::string> taken;  // dns name -> service
  for (const auto& service : topology.services) {
    const std::string dns = dns_label(service.name);
    auto [it, inserted] = taken.emplace(dns, service.name);
    if (!inserted)
      diagnostics.add(service.mark, fmt::format("services '{}' and '{}' would both be named '{}' in "
                                                "Kubernetes and compose; rename one",
                                                it->second, service.name, dns));
  }
}

std::vector<std::string> container_command(const ServiceDecl& service) {
  const fs::path files = kImageFilesDir;
  std::vector<std::string> argv =
      worker_argv("service_framework", service, files / "addresses.json", files / "config.json");
  // The plugin inside the image; readiness a probe can see instead of sfsup's pipe.
  argv.at(2) = (fs::path(kImagePluginDir) / service.plugin.filename()).string();
  for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == "--ready-fd") {
      argv[i] = "--ready-file";
      argv[i + 1] = kImageReadyFile;
      break;
    }
  }
  return argv;
}

std::string component_of(const ServiceDecl& service) {
  std::string stem = service.plugin.stem().string();
  if (stem.rfind("lib", 0) == 0) stem = stem.substr(3);
  return dns_label(stem);
}

}  // namespace

ExportPlan plan_export(const fs::path& topology_file, const DescribeFn& describe, const std::string& host_suffix) {
  Diagnostics diagnostics(topology_file.string());
  TopologyAnalysis analysis = analyze_topology(topology_file, describe, diagnostics);
  if (!diagnostics.empty()) throw TopologyError(diagnostics.sorted());
  const auto ipc_bound = check_portable_addresses(analysis.topology, analysis.described, diagnostics);
  check_dns_names(analysis.topology, diagnostics);
  if (!diagnostics.empty()) throw TopologyError(diagnostics.sorted());

  // Ports come from the file alone: every port counts as free.
  const Topology topology = all_tcp(analysis.topology, ipc_bound);
  EndpointPlan planned = plan_endpoints(topology, analysis.described, analysis.wiring, fs::path("/nonexistent"),
                                        diagnostics, [](int) { return true; });
  if (!diagnostics.empty()) throw TopologyError(diagnostics.sorted());

  ExportPlan plan;
  plan.name = dns_label(analysis.topology.name);
  // Who binds what: a connector's planned text -> the binder's service and port.
  struct Binder {
    std::string dns_name;
    int port;
  };
  std::map<std::string, Binder> binders;
  std::map<std::string, std::vector<ExportedPort>> ports;  // by service
  for (const auto& [ref, endpoint] : planned.endpoints) {
    const SocketDescription* s = socket_of(analysis.described, ref);
    if (!s || !s->binds) continue;
    const Binder binder{dns_label(ref.service), port_of(endpoint)};
    binders.emplace(endpoint, binder);
    ports[ref.service].push_back({binder.port, socket_label(ref)});
  }
  for (const auto& [ipc, ref] : ipc_bound) {
    const std::string& now = planned.endpoints.at(ref);
    binders.emplace(ipc, binders.at(now));
    plan.notes.push_back(fmt::format("{}.{}.{} binds {} on this machine; exported, it binds tcp port {}", ref.service,
                                     ref.endpoint, ref.socket, ipc, port_of(now)));
  }
  EndpointPlan exported = planned;
  for (auto& [ref, endpoint] : exported.endpoints) {
    const SocketDescription* s = socket_of(analysis.described, ref);
    auto binder = binders.find(endpoint);
    if (s && s->binds)
      endpoint = fmt::format("tcp://*:{}", port_of(endpoint));
    else if (binder != binders.end())
      endpoint = fmt::format("tcp://{}{}:{}", binder->second.dns_name, host_suffix, binder->second.port);
    // else: an explicit address outside the topology, kept as written
  }

  for (const auto& name : analysis.start_order.services) {
    const ServiceDecl& service = *analysis.topology.find(name);
    ExportedService out;
    out.name = name;
    out.dns_name = dns_label(name);
    out.component = component_of(service);
    out.leading_edge = service.main;
    out.runs_to_completion = service.main || service.settings.restart.mode == RestartMode::never;
    out.settings = service.settings;
    out.addresses = addresses_document(service, analysis.described.at(name), exported);
    out.config = service.config;
    out.command = container_command(service);
    out.ports = ports[name];
    std::sort(out.ports.begin(), out.ports.end(),
              [](const ExportedPort& a, const ExportedPort& b) { return a.port < b.port; });
    for (const auto& dependency : analysis.start_order.depends_on.at(name)) {
      out.depends_on.push_back(dns_label(dependency));
      if (!service.main) continue;
      for (const auto& p : ports[dependency]) out.waits_for.emplace_back(dns_label(dependency) + host_suffix, p.port);
    }
    plan.services.push_back(std::move(out));
  }
  return plan;
}

}  // namespace sfsup
