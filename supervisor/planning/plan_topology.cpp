#include "planning/plan_topology.hpp"

#include <system_error>

#include <fmt/format.h>

#include "planning/curve_key_files.hpp"
#include "planning/curve_security.hpp"
#include "planning/endpoint_plan.hpp"
#include "planning/port_reservations.hpp"
#include "planning/topology_analysis.hpp"
#include "planning/worker_files.hpp"

namespace sfsup {

namespace fs = std::filesystem;

std::vector<Diagnostic> check_topology(const fs::path& topology_file, const DescribeFn& describe) {
  Diagnostics diagnostics(topology_file.string());
  analyze_topology(topology_file, describe, diagnostics);
  return diagnostics.sorted();
}

namespace {

WorkerSpec plan_worker(const ServiceDecl& service, const ServiceDescription& description,
                       const EndpointPlan& endpoints, const StartOrder& order,
                       const PrivateDir& workers, const fs::path& worker_binary) {
  const PrivateDir dir = workers.subdir(service.name);
  const fs::path addresses_file = dir / "addresses.json";
  const fs::path config_file = dir / "config.json";
  write_json_file(dir, "addresses.json", addresses_document(service, description, endpoints));
  write_json_file(dir, "config.json", service.config);
  const fs::path run_dir = workers.path().parent_path();

  WorkerSpec spec;
  spec.name = service.name;
  spec.argv = worker_argv(worker_binary, service, addresses_file, config_file);
  spec.env = service.settings.env;
  spec.leading_edge = service.main;
  spec.depends_on = order.depends_on.at(service.name);
  spec.restart = service.settings.restart;
  spec.stop_timeout = service.settings.stop_timeout;
  spec.stop_signal = service.settings.stop_signal;
  spec.ready_timeout = service.settings.ready_timeout;
  if (service.settings.max_log_line_bytes) {
    spec.max_log_line_bytes = static_cast<std::size_t>(*service.settings.max_log_line_bytes);
  }
  spec.log_file = run_dir / "logs" / (service.name + ".log");
  spec.endpoints = endpoint_labels(service, description, endpoints);
  return spec;
}

// security: curve: writes every service's keys file and hands it to its
// worker (--sf-curve); nothing otherwise.
void add_curve_keys(std::vector<WorkerSpec>& workers, const TopologyAnalysis& analysis,
                    const EndpointPlan& endpoints, const PrivateDir& run) {
  if (analysis.topology.security != Security::curve) return;
  CurveKeyStore store(run);
  std::map<std::string, CurveKeyPair> pairs;
  std::map<std::string, std::string> public_keys;
  for (const auto& service : analysis.topology.services) {
    pairs[service.name] = store.key_pair(service.name);
    public_keys[service.name] = pairs[service.name].public_key;
  }
  auto sockets = curve_socket_keys(analysis.topology, analysis.described, endpoints, public_keys);
  // sfsup's own commands (call, tap, state) talk to services too: every
  // binding socket lets sfsup's key in (keys/ is the operator's alone, like
  // every key in it).
  const CurveKeyPair talk = store.key_pair(kCurveTalkKey);
  for (auto& [name, document] : sockets) {
    for (auto& [socket, entry] : document.items()) {
      if (entry.contains("accept")) entry["accept"].push_back(talk.public_key);
    }
  }
  store.write(kCurveTalkKey, talk, nlohmann::json::object());
  for (auto& spec : workers) {
    const auto own = sockets.find(spec.name);
    const fs::path file =
        store.write(spec.name, pairs.at(spec.name), own == sockets.end() ? nlohmann::json::object() : own->second);
    spec.argv.insert(spec.argv.end(), {"--sf-curve", file.string()});
  }
}

}  // namespace

RunPlan plan_topology(const fs::path& topology_file, const fs::path& run_dir,
                      const fs::path& worker_binary, const DescribeFn& describe,
                      const std::function<bool(int port)>& port_is_free) {
  Diagnostics diagnostics(topology_file.string());
  TopologyAnalysis analysis = analyze_topology(topology_file, describe, diagnostics);
  if (!diagnostics.empty()) throw TopologyError(diagnostics.sorted());

  const fs::path run = fs::absolute(run_dir);
  RunPlan plan;
  plan.name = analysis.topology.name;
  plan.metrics_address = analysis.topology.metrics_address;
  plan.metrics_remote = analysis.topology.metrics_remote;
  plan.topology_file = analysis.topology.file;
  plan.run_dir = run;
  try {
    // Checked here too, not only by `up`: a reconciling `up` or `watch`
    // writes these files beside a running supervisor.
    const PrivateDir run_files = PrivateDir::open_or_create(run);
    const PrivateDir workers = run_files.subdir("workers");
    run_files.subdir("logs");
    const PortProbe probe = port_is_free ? PortProbe(port_is_free) : PortProbe([](int port) {
      return !port_is_reserved(port) && tcp_port_is_free(port);
    });
    EndpointPlan endpoints = plan_endpoints(analysis.topology, analysis.described, analysis.wiring,
                                            run, diagnostics, probe);
    if (!diagnostics.empty()) throw TopologyError(diagnostics.sorted());
    // The sockets take the worker's umask; the 0700 directory keeps others out.
    if (endpoints.ipc_dir.parent_path() == run) run_files.subdir(endpoints.ipc_dir.filename().string());
    plan.ipc_dir = endpoints.ipc_dir;
    plan.notes = endpoints.notes;
    const fs::path worker = fs::absolute(worker_binary);
    for (const auto& name : analysis.start_order.services) {
      const ServiceDecl& service = *analysis.topology.find(name);
      plan.workers.push_back(plan_worker(service, analysis.described.at(name), endpoints,
                                         analysis.start_order, workers, worker));
    }
    add_curve_keys(plan.workers, analysis, endpoints, run_files);
  } catch (const std::runtime_error& e) {
    // A refused run directory already says what to do about it.
    if (dynamic_cast<const TopologyError*>(&e) || dynamic_cast<const RunDirRefused*>(&e)) throw;
    // The run directory is not the topology's fault, but it is still one clear line.
    throw TopologyError({Diagnostic{run.string(), 0, 0,
                                    fmt::format("{}; choose a writable run directory", e.what())}});
  }
  return plan;
}

}  // namespace sfsup
