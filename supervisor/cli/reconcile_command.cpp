#include "cli/reconcile_command.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/worker_binary.hpp"
#include "control/control_client.hpp"
#include "control/private_dir.hpp"
#include "planning/describe_cache.hpp"
#include "planning/endpoint_plan.hpp"
#include "planning/plan_topology.hpp"
#include "planning/port_reservations.hpp"
#include "supervision/run_plan_json.hpp"

namespace sfsup::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec);
}

int already_up(const RunDir& dir, pid_t holder, const std::string& why) {
  fmt::print(stderr,
             "sfsup: a topology is already up in {} (sfsup pid {}){}; see it with `sfsup status`, "
             "stop it with `sfsup down`, or use another --run-dir\n",
             dir.root.string(), holder, why);
  return kExitFailure;
}

}  // namespace

int apply_topology(ControlClient& client, const RunDir& dir, const nlohmann::json& status,
                   const std::filesystem::path& topology, const std::vector<std::string>& services,
                   const std::optional<std::string>& worker_flag, bool quiet_if_unchanged) {
  // The running services' ports are theirs to keep: handed out again in
  // the same order, so an unchanged service keeps its address.
  std::set<int> own_ports;
  for (const auto& s : status["services"])
    own_ports.merge(loopback_tcp_ports(s.value("endpoints", std::map<std::string, std::string>{})));
  RunPlan plan;
  const auto worker = find_worker_binary(worker_flag);
  try {
    const auto describe = describe_cached(dir.root, worker, describe_with_worker(worker));
    plan = plan_topology(topology, dir.root, worker, describe, [&](int port) {
      return own_ports.count(port) || (!port_is_reserved(port) && tcp_port_is_free(port));
    });
  } catch (const TopologyError& e) {
    if (quiet_if_unchanged && !e.diagnostics.empty()) {  // watching: one line, the first problem
      fmt::print(stderr, "watch: not applied, the running workers keep running: {}{}\n",
                 e.diagnostics.front().to_string(),
                 e.diagnostics.size() > 1 ? fmt::format(" (and {} more)", e.diagnostics.size() - 1) : "");
      return kExitFailure;
    }
    for (const auto& d : e.diagnostics) fmt::print(stderr, "{}\n", d.to_string());
    fmt::print(stderr, "sfsup: {}: {} problem{}; the running services were left as they are\n",
               topology.string(), e.diagnostics.size(), e.diagnostics.size() == 1 ? "" : "s");
    return kExitFailure;
  } catch (const RunDirRefused& e) {
    // A planted file in the run directory must not end `watch` either.
    fmt::print(stderr, "sfsup: {}; the running services were left as they are\n", e.what());
    return kExitFailure;
  }
  plan.run_dir = dir.root;
  plan.start_only = services;
  return send_plan(client, plan, quiet_if_unchanged);
}

int send_plan(ControlClient& client, const RunPlan& plan, bool quiet_if_unchanged) {
  for (const auto& name : plan.start_only) {
    bool known = false;
    for (const auto& w : plan.workers) known |= w.name == name;
    if (!known) {
      fmt::print(stderr, "sfsup: unknown service '{}' in the topology; nothing was changed\n", name);
      return kExitFailure;
    }
  }
  const json result = client.request({{"cmd", "reconcile"}, {"plan", run_plan_to_json(plan)}});
  const bool ok = result.value("ok", false);
  const std::string text = result.value(ok ? "message" : "error", "");
  if (!ok) {
    fmt::print(stderr, "{}\n", text);
    return kExitFailure;
  }
  if (!(quiet_if_unchanged && text.starts_with("nothing changed")))
    fmt::print("{}\n", text);
  return 0;
}

int reconcile_running(const Options& options, const RunDir& dir, pid_t holder,
                      const std::optional<std::filesystem::path>& topology,
                      const std::vector<std::string>& services) {
  auto client = ControlClient::connect(dir);
  if (!client) return already_up(dir, holder, " but does not answer on its control socket");
  const json answer = client->request({{"cmd", "status"}}, 10'000ms);
  if (!answer.value("ok", false)) return already_up(dir, holder, "");
  const json& status = answer["status"];
  const std::filesystem::path running_file = status.value("topology_file", "");

  if (options.plan) {
    RunPlan plan = load_run_plan(*options.plan);
    if (plan.name.empty()) plan.name = std::filesystem::path(*options.plan).stem().string();
    plan.run_dir = dir.root;
    plan.start_only = services;
    return send_plan(*client, plan, false);
  }
  if (running_file.empty())
    return already_up(dir, holder, " from a --plan file, which `up` cannot reconcile with a topology");
  if (topology && !same_file(*topology, running_file))
    return already_up(dir, holder, fmt::format(", from another topology ({})", running_file.string()));
  return apply_topology(*client, dir, status, topology ? *topology : running_file, services,
                        options.worker, false);
}

}  // namespace sfsup::cli
