// `sfsup up` and `sfsup check`: from a topology (or a ready RunPlan) to a
// running supervisor, in the foreground or detached.
#include <algorithm>
#include <cstdio>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "cli/console_reporter.hpp"
#include "cli/detached_up.hpp"
#include "cli/supervisor_host.hpp"
#include "cli/worker_binary.hpp"
#include "control/run_dir.hpp"
#include "planning/plan_topology.hpp"
#include "supervision/run_plan_json.hpp"
#include "topology/parse_topology.hpp"

namespace sfsup::cli {

namespace {

void print_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) fmt::print(stderr, "{}\n", d.to_string());
}

// Which file each service will run and why that one: a bare `service: echo`
// may resolve through service_path:, SF_SERVICE_PATH or the installed examples.
void print_plugin_origins(const std::filesystem::path& topology_file) {
  Diagnostics ignored(topology_file.string());
  const Topology topology = parse_topology(topology_file, ignored);
  std::size_t width = 0;
  for (const auto& s : topology.services) width = std::max(width, s.name.size());
  for (const auto& s : topology.services) {
    fmt::print("  {:<{}}  {} (from {})\n", s.name, width, s.plugin.string(), s.plugin_origin);
  }
}

}  // namespace

int run_check(const Options& options) {
  const std::filesystem::path topology = options.args.at(0);
  const auto worker = find_worker_binary(options.worker);
  const auto diagnostics = check_topology(topology, describe_with_worker(worker));
  if (!diagnostics.empty()) {
    print_diagnostics(diagnostics);
    fmt::print(stderr, "sfsup: {}: {} problem{}; nothing was started\n", topology.string(),
               diagnostics.size(), diagnostics.size() == 1 ? "" : "s");
    return kExitFailure;
  }
  fmt::print("{}: OK\n", topology.string());
  print_plugin_origins(topology);
  return 0;
}

int run_up(const Options& options) {
  // A plan file may name its own run directory; the flag still wins.
  std::optional<RunPlan> given_plan;
  std::optional<std::string> run_dir_flag = options.run_dir;
  if (options.plan) {
    given_plan = load_run_plan(*options.plan);
    if (!run_dir_flag && !given_plan->run_dir.empty()) run_dir_flag = given_plan->run_dir.string();
  }
  const RunDir dir = resolve_run_dir(run_dir_flag);

  // The lock comes first: planning writes into the run directory, which must
  // not be pulled from under a running topology.
  pid_t holder = 0;
  auto lock = InstanceLock::acquire(dir, &holder);
  if (!lock) {
    fmt::print(stderr,
               "sfsup: a topology is already up in {} (sfsup pid {}); see it with `sfsup status`, "
               "stop it with `sfsup down`, or use another --run-dir\n",
               dir.root.string(), holder);
    return kExitFailure;
  }

  RunPlan plan;
  if (given_plan) {
    plan = std::move(*given_plan);
    if (plan.name.empty()) plan.name = std::filesystem::path(*options.plan).stem().string();
  } else {
    const auto worker = find_worker_binary(options.worker);
    try {
      plan = plan_topology(options.args.at(0), dir.root, worker, describe_with_worker(worker));
    } catch (const TopologyError& e) {
      print_diagnostics(e.diagnostics);
      fmt::print(stderr, "sfsup: {}: {} problem{}; nothing was started\n", options.args.at(0),
                 e.diagnostics.size(), e.diagnostics.size() == 1 ? "" : "s");
      return kExitFailure;
    }
  }
  plan.run_dir = dir.root;
  for (const auto& note : plan.notes) fmt::print("note: {}\n", note);

  if (options.detach) return run_detached(std::move(plan), dir, *lock);
  ExitPolicy policy{options.abort_on_exit, options.exit_code_from.value_or("")};
  if (!policy.exit_code_from.empty()) {
    std::vector<std::string> names;
    for (const auto& w : plan.workers) names.push_back(w.name);
    if (std::find(names.begin(), names.end(), policy.exit_code_from) == names.end()) {
      fmt::print(stderr, "sfsup: --exit-code-from {}: no such service (services: {}); nothing was "
                 "started\n", policy.exit_code_from, fmt::join(names, ", "));
      return kExitUsage;
    }
  }
  ConsoleReporter reporter(plan);
  return host_supervisor(plan, dir, reporter, policy);
}

}  // namespace sfsup::cli
