// `sfsup up` and `sfsup check`: from a topology (or a ready RunPlan) to a
// running supervisor, in the foreground or detached.
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "cli/console_reporter.hpp"
#include "cli/detached_up.hpp"
#include "cli/reconcile_command.hpp"
#include "cli/run_dir_choice.hpp"
#include "cli/supervisor_host.hpp"
#include "cli/worker_binary.hpp"
#include "control/control_client.hpp"
#include "control/metrics_http.hpp"
#include "control/run_dir.hpp"
#include "planning/describe_cache.hpp"
#include "planning/plan_topology.hpp"
#include "supervision/run_plan_json.hpp"
#include "supervision/unique_fd.hpp"
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

std::optional<std::string> unknown_services(const RunPlan& plan,
                                            const std::vector<std::string>& services) {
  std::vector<std::string> names;
  for (const auto& w : plan.workers) names.push_back(w.name);
  for (const auto& service : services)
    if (std::find(names.begin(), names.end(), service) == names.end())
      return fmt::format("unknown service '{}' (services: {})", service, fmt::join(names, ", "));
  return std::nullopt;
}

std::optional<pid_t> answering_supervisor(const RunDir& dir) {
  auto client = ControlClient::connect(dir);
  if (!client) return std::nullopt;
  try {
    const auto answer = client->request({{"cmd", "status"}}, std::chrono::milliseconds(5000));
    if (answer.value("ok", false)) return answer["status"].value("supervisor_pid", 0);
  } catch (const ControlError&) {
  }
  return std::nullopt;
}

// `up --watch`: a child process runs `sfsup watch` against this run
// directory once the control socket exists; it dies with us.
pid_t start_watcher(const Options& options, const RunDir& dir) {
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid != 0) return pid;  // the parent (or a failed fork: no watching, the topology still runs)
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  // Not the run directory's lock nor the port reservations: those are the
  // supervisor's, and must go when it goes.
  ::close_range(3, ~0U, 0);
  UniqueFd inotify(::inotify_init1(IN_CLOEXEC));
  ::inotify_add_watch(inotify.get(), dir.root.c_str(), IN_CREATE | IN_MOVED_TO);
  // Until the supervisor answers (a stale socket left by a killed one
  // refuses connections until it is replaced).
  while (!ControlClient::connect(dir)) {
    alignas(inotify_event) char buf[4096];
    if (::read(inotify.get(), buf, sizeof buf) < 0 && errno != EINTR) std::_Exit(1);
  }
  Options watch = options;
  watch.command = "watch";
  watch.run_dir = dir.root.string();
  int rc = kExitFailure;
  try {
    rc = run_watch(watch);
  } catch (const std::exception& e) {
    fmt::print(stderr, "sfsup watch: {}\n", e.what());
  }
  std::fflush(nullptr);
  std::_Exit(rc);
}

// The topology file a command names: `-f FILE`, else `up`/`check`'s first
// argument when it looks like one. The remaining arguments are services.
struct TopologyAndServices {
  std::optional<std::filesystem::path> topology;
  std::vector<std::string> services;
};

TopologyAndServices split_arguments(const Options& options) {
  TopologyAndServices out;
  std::size_t first_service = 0;
  if (options.file) {
    out.topology = *options.file;
  } else if (!options.plan && !options.args.empty() && looks_like_topology_file(options.args[0])) {
    out.topology = options.args[0];
    first_service = 1;
  }
  out.services.assign(options.args.begin() + static_cast<std::ptrdiff_t>(first_service),
                      options.args.end());
  return out;
}

}  // namespace

int run_check(const Options& options) {
  const auto split = split_arguments(options);
  if (!split.topology || !split.services.empty()) {
    fmt::print(stderr, "sfsup: `check` needs a topology file: sfsup check <topology.yaml> (or -f FILE)\n");
    return kExitUsage;
  }
  const std::filesystem::path topology = *split.topology;
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
  Options where = options;
  if (options.plan) {
    given_plan = load_run_plan(*options.plan);
    if (!where.run_dir && !where.project_dir && !given_plan->run_dir.empty())
      where.run_dir = given_plan->run_dir.string();
  }
  const RunDir dir = run_dir_for(where);
  auto split = split_arguments(options);

  // The lock comes first: planning writes into the run directory, which must
  // not be pulled from under a running topology.
  pid_t holder = 0;
  auto lock = InstanceLock::acquire(dir, &holder);
  if (!lock) return reconcile_running(options, dir, holder, split.topology, split.services);
  // sfsup.pid deleted under a running supervisor frees its lock, but the
  // supervisor still answers: reconcile with it, never start a second copy.
  if (auto running = answering_supervisor(dir)) {
    lock.reset();
    return reconcile_running(options, dir, *running, split.topology, split.services);
  }
  if (!options.plan && !split.topology) {
    fmt::print(stderr,
               "sfsup: which topology? name it: sfsup up <topology.yaml> (or -f FILE); "
               "no topology is up in {} to reconcile\n",
               dir.root.string());
    return kExitUsage;
  }

  RunPlan plan;
  if (given_plan) {
    plan = std::move(*given_plan);
    if (plan.name.empty()) plan.name = std::filesystem::path(*options.plan).stem().string();
  } else {
    const auto worker = find_worker_binary(options.worker);
    try {
      plan = plan_topology(*split.topology, dir.root, worker,
                           describe_cached(dir.root, worker, describe_with_worker(worker)));
    } catch (const TopologyError& e) {
      print_diagnostics(e.diagnostics);
      fmt::print(stderr, "sfsup: {}: {} problem{}; nothing was started\n", split.topology->string(),
                 e.diagnostics.size(), e.diagnostics.size() == 1 ? "" : "s");
      return kExitFailure;
    }
  }
  plan.run_dir = dir.root;
  if (auto unknown = unknown_services(plan, split.services)) {
    fmt::print(stderr, "sfsup: {}; nothing was started\n", *unknown);
    return kExitFailure;
  }
  plan.start_only = split.services;
  if (options.metrics) {  // the flag wins over the topology's metrics:
    plan.metrics_address = *options.metrics;
    plan.metrics_remote = options.metrics_remote;
  }
  if (!plan.metrics_address.empty()) {
    try {
      check_metrics_address(plan.metrics_address, plan.metrics_remote);
    } catch (const std::exception& e) {
      fmt::print(stderr, "sfsup: {}; nothing was started\n", e.what());
      return kExitUsage;
    }
  }
  for (const auto& note : plan.notes) fmt::print("note: {}\n", note);

  // Reserved before anything starts, so a parallel `up` elsewhere cannot be
  // handed the same ports while these services are still starting.
  PortReservations ports;
  std::set<int> tcp_ports;
  for (const auto& w : plan.workers) tcp_ports.merge(loopback_tcp_ports(w.endpoints));
  ports.hold(tcp_ports);

  if (options.detach) return run_detached(std::move(plan), dir, *lock, ports);
  ExitPolicy policy{options.abort_on_exit, options.exit_code_from.value_or("")};
  if (!policy.exit_code_from.empty()) {
    if (unknown_services(plan, {policy.exit_code_from})) {
      std::vector<std::string> names;
      for (const auto& w : plan.workers) names.push_back(w.name);
      fmt::print(stderr, "sfsup: --exit-code-from {}: no such service (services: {}); nothing was started\n",
                 policy.exit_code_from, fmt::join(names, ", "));
      return kExitUsage;
    }
  }
  const pid_t watcher = options.watch ? start_watcher(options, dir) : -1;
  ConsoleReporter reporter(plan);
  return host_supervisor(plan, dir, reporter, ports, policy, watcher);
}

}  // namespace sfsup::cli
