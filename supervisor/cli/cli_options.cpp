#include "cli/cli_options.hpp"

#include <cstdio>
#include <set>

// Positional args are taken whole: cxxopts would otherwise split a vector
// value on ',', tearing `sfsup call svc.conn '{"a": 1, "b": 2}'` apart.
#define CXXOPTS_VECTOR_DELIMITER '\0'
#include <cxxopts.hpp>
#include <fmt/format.h>

namespace sfsup::cli {

namespace {

cxxopts::Options make_parser() {
  cxxopts::Options parser("sfsup", "");
  parser.add_options()
      ("d,detach", "up: run in the background; return once every service is ready")
      ("watch", "up: restart a service when its plugin or config file changes")
      ("run-dir", "run directory (default: $SFSUP_RUN_DIR, else the nearest .sfsup here or above, else ./.sfsup)",
       cxxopts::value<std::string>())
      ("project-dir", "use DIR/.sfsup as the run directory", cxxopts::value<std::string>())
      ("file", "-f FILE: the topology file (up, check), or where to look for its run directory",
       cxxopts::value<std::string>())
      ("worker", "up/check: the service_framework binary (default: $SF_WORKER, else next to sfsup)",
       cxxopts::value<std::string>())
      ("plan", "up: run a RunPlan JSON file instead of a topology (tools, tests)",
       cxxopts::value<std::string>())
      ("abort-on-exit", "up: stop the whole topology once any service's worker exits on its own")
      ("exit-code-from", "up: exit with SERVICE's exit code (implies --abort-on-exit)",
       cxxopts::value<std::string>())
      ("json", "status: print JSON")
      ("sort", "top: sort by KEY (name, state, cpu, rss, in, out, errors, p50, p99, restarts)",
       cxxopts::value<std::string>())
      ("once", "top: print one frame and exit (scripts)")
      ("metrics", "up: serve Prometheus /metrics and a status page on HOST:PORT (loopback)",
       cxxopts::value<std::string>())
      ("metrics-remote", "up: let --metrics listen on a non-loopback address")
      ("all", "stop/start/restart: every service")
      ("follow", "logs -f: keep printing new lines until the topology goes down")
      ("tail", "logs: only the last N lines of each service", cxxopts::value<std::size_t>())
      ("since", "logs: only lines from the last DURATION (30s, 10m, 2h, 1d)", cxxopts::value<std::string>())
      ("version", "print sfsup's version")
      ("h,help", "print this help (sfsup <command> --help: that command's)")
      ("kind", "new: replyer (default), subscriber, publisher or main", cxxopts::value<std::string>())
      ("dir", "new: the folder to write (default: ./<name>)", cxxopts::value<std::string>())
      ("address", "call/tap/state: the endpoint (default: asked from the running supervisor)",
       cxxopts::value<std::string>())
      ("timeout-ms", "call/state: how long to wait for the reply (default 5000); tap: for a publication",
       cxxopts::value<int>())
      ("count", "tap: exit after N publications", cxxopts::value<std::size_t>())
      ("o,output", "export: write the files into DIR (default: print them)", cxxopts::value<std::string>())
      ("image", "export: the container image (default: service-framework:<version>)",
       cxxopts::value<std::string>())
      ("namespace", "export kubernetes: the namespace (default: the topology's name)",
       cxxopts::value<std::string>())
      ("command", "", cxxopts::value<std::string>())
      ("args", "", cxxopts::value<std::vector<std::string>>());
  parser.parse_positional({"command", "args"});
  return parser;
}

// `-f` is compose's: the topology file for every command, but "follow" for
// `logs` (as in `docker compose logs -f`). The command word decides.
std::vector<std::string> rewrite_dash_f(int argc, char** argv) {
  static const std::set<std::string> takes_value = {"--run-dir", "--project-dir", "--file", "--worker",
                                                    "--plan", "--tail", "--since", "--address",
                                                    "--timeout-ms", "--count", "-o", "--output",
                                                    "--image", "--namespace", "--sort", "--metrics"};
  std::string command;
  for (int i = 1; i < argc && command.empty(); ++i) {
    const std::string arg = argv[i];
    if (takes_value.count(arg) || arg == "-f") {
      ++i;
      continue;
    }
    if (!arg.starts_with("-")) command = arg;
  }
  std::vector<std::string> out;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i > 0 && arg == "-f") out.push_back(command == "logs" ? "--follow" : "--file");
    else out.push_back(arg);
  }
  return out;
}

// How many arguments each command takes, and what to say when they are wrong.
struct Arity {
  std::size_t min, max;
  const char* usage;
};

constexpr std::size_t kMany = ~std::size_t{0};

std::optional<Arity> arity_of(const std::string& command, bool with_plan, bool all) {
  if (command == "up") return with_plan ? Arity{0, kMany, "sfsup up --plan plan.json [<service>...] [-d]"}
                                        : Arity{0, kMany, "sfsup up [<topology.yaml>] [<service>...] [-d]"};
  if (command == "check") return Arity{0, 1, "sfsup check [<topology.yaml>]"};
  if (command == "status") return Arity{0, 0, "sfsup status [--json]"};
  if (command == "stop" || command == "start" || command == "restart") {
    const char* usage = command == "stop"    ? "sfsup stop <service>... | --all"
                        : command == "start" ? "sfsup start <service>... | --all"
                                             : "sfsup restart <service>... | --all";
    return all ? Arity{0, 0, usage} : Arity{1, kMany, usage};
  }
  if (command == "signal") return Arity{2, 2, "sfsup signal <service> <SIGNAL>  (e.g. HUP, USR1, 10)"};
  if (command == "logs") return Arity{0, kMany, "sfsup logs [<service>...] [-f] [--tail N] [--since 10m]"};
  if (command == "down") return Arity{0, 0, "sfsup down"};
  if (command == "new") return Arity{2, 2, "sfsup new service <name> [--kind replyer|subscriber|publisher|main] [--dir DIR]"};
  if (command == "call") return Arity{1, 2, "sfsup call <service>.<connection> ['{\"arg\": value}'] [--address ENDPOINT]"};
  if (command == "watch") return Arity{0, 0, "sfsup watch"};
  if (command == "tap") return Arity{1, 1, "sfsup tap <service>.<connection>|<service>.states.<state> [--count N]"};
  if (command == "state") return Arity{1, 1, "sfsup state <service>.states.<state> [--address ENDPOINT]"};
  if (command == "export")
    return Arity{2, 2, "sfsup export kubernetes|compose <topology.yaml> [-o DIR] [--image IMAGE] [--namespace NS]"};
  if (command == "top") return Arity{0, 0, "sfsup top [--sort KEY] [--once]"};
  return std::nullopt;
}

}  // namespace

std::string help_text() {
  return R"(sfsup - run a whole service_framework topology: one worker per service,
started in dependency order, restarted by policy, stopped in reverse order.

usage: sfsup <command> [arguments] [options]

commands:
  up <topology.yaml>       check the topology, then start every service: services others
                           connect to first, leading-edge (main) services last. In the
                           foreground it streams each service's output prefixed with its
                           name; Ctrl-C stops everything gracefully (twice: kill now).
                           On a topology already up: restart what changed, start what is
                           new, stop what was removed, and say so.
     <service>...          only these services and what they depend on.
     -d                    detach: return once every service is ready (exit 0), or exit 1
                           naming the service that failed and its last log lines.
     --abort-on-exit       stop everything once any service's worker exits on its own.
     --exit-code-from SVC  the same, and exit with SVC's exit code (CI runs).
     --watch               restart a service when its plugin or config file changes.
     --metrics HOST:PORT   serve Prometheus /metrics and a status page at / (loopback only
                           unless --metrics-remote).
  check <topology.yaml>    validate the topology and its wiring without starting anything;
                           prints file:line:col for every problem.
  status [--json]          one row per service: state, pid, uptime, restarts, last exit,
                           endpoints (--json: also each worker's counters, CPU and RSS).
  top [--sort KEY]         live table, refreshed every second: state, CPU%, RSS, messages/s
                           in and out, errors/s, p50/p99 handler latency, restarts; q quits
                           (--once: one frame, for scripts).
  stop <service>...|--all  stop services gracefully (SIGTERM, SIGKILL after their
                           stop_timeout), dependants first; the others keep running.
  start <service>...|--all start stopped, exited or fatal services; returns once ready.
  restart <service>...|--all
                           stop them, start them again (with the plan of the last `up`).
  signal <service> <SIG>   send a signal (TERM, HUP, USR1, 9, ...) to the service's worker.
  logs [<service>...]      print the services' logs merged by time (-f: follow until the
                           topology goes down; --tail N; --since 10m).
  down                     stop every service (leading edge first, then reverse dependency
                           order) and the supervisor; returns once all are gone.
  call <svc>.<conn> [ARGS] send one request to a running replyer (ARGS: JSON or YAML flow,
                           default {}), checked against its model first; prints the reply
                           as JSON, the workflow id on stderr. Exit 1 on a model mismatch
                           (nothing sent), an error reply or no answer within --timeout-ms.
  tap <svc>.<conn>         print each publication of a publisher (or <svc>.states.<name>:
                           each update of an out-state) as one JSON line; --count N.
  state <svc>.states.<name>
                           print an out-state's current value (one snapshot request).
  new service <name>       write a standalone service folder: CMakeLists.txt (find_package),
     --kind K              the service, a doctest test of its handler, a README and a
                           topology.yaml that runs it. K: replyer (default), subscriber,
                           publisher, main.

A topology's `service: <name>` is looked up as lib<name>.so in its service_path: folders,
then $SF_SERVICE_PATH, then the installed examples (<prefix>/lib/service_framework/services).
  watch                    follow the running topology's plugin and config files, as up --watch.
  export kubernetes|compose <topology.yaml>
                           write the checked topology as Kubernetes manifests or a docker
                           compose file (-o DIR, --image IMAGE, --namespace NS).

Commands other than check talk to the supervisor running in the run directory: the
nearest .sfsup in this folder or above (like git), so `sfsup status` anywhere under the folder
where you ran `sfsup up` needs no argument. `sfsup <command> --help` shows one command. Service states: starting, ready, backoff, stopping, stopped, exited, fatal.
Each service's output is in <run-dir>/logs/<service>.log.

exit codes: 0 success; 1 failure (foreground up: a service ended fatal or failed);
2 command-line mistake; 3 status: some service is not ready; 4 nothing is up in the
run directory (down then exits 0). up --exit-code-from SVC exits with SVC's code.

)";
}

ParseResult parse_options(int argc, char** argv) {
  auto parser = make_parser();
  auto usage_error = [](const std::string& message) {
    std::fprintf(stderr, "sfsup: %s (see: sfsup --help)\n", message.c_str());
    return ParseResult{std::nullopt, kExitUsage};
  };
  std::vector<std::string> words = rewrite_dash_f(argc, argv);
  std::vector<char*> rewritten;
  for (auto& w : words) rewritten.push_back(w.data());
  cxxopts::ParseResult parsed;
  try {
    parsed = parser.parse(static_cast<int>(rewritten.size()), rewritten.data());
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(e.what());
  }
  if (parsed.count("version")) {
    std::printf("sfsup %s\n", SF_VERSION);
    return ParseResult{std::nullopt, 0};
  }
  const std::string command = parsed.count("command") ? parsed["command"].as<std::string>() : "";
  if (parsed.count("help") && !command.empty()) {
    if (auto help = command_help(command)) {
      std::fputs(help->c_str(), stdout);
      return ParseResult{std::nullopt, 0};
    }
  }
  if (parsed.count("help") || argc < 2) {
    std::fputs(help_text().c_str(), stdout);
    std::fputs(parser.help({""}).c_str(), stdout);
    return ParseResult{std::nullopt, argc < 2 ? kExitUsage : 0};
  }

  Options o;
  o.command = command;
  if (parsed.count("args")) o.args = parsed["args"].as<std::vector<std::string>>();
  o.detach = parsed.count("detach") > 0;
  o.watch = parsed.count("watch") > 0;
  o.json = parsed.count("json") > 0;
  o.follow = parsed.count("follow") > 0;
  o.all = parsed.count("all") > 0;
  if (parsed.count("tail")) o.tail = parsed["tail"].as<std::size_t>();
  if (parsed.count("since")) o.since = parsed["since"].as<std::string>();
  if (parsed.count("run-dir")) o.run_dir = parsed["run-dir"].as<std::string>();
  if (parsed.count("project-dir")) o.project_dir = parsed["project-dir"].as<std::string>();
  if (parsed.count("file")) o.file = parsed["file"].as<std::string>();
  if (parsed.count("worker")) o.worker = parsed["worker"].as<std::string>();
  if (parsed.count("plan")) o.plan = parsed["plan"].as<std::string>();
  if (parsed.count("kind")) o.kind = parsed["kind"].as<std::string>();
  if (parsed.count("dir")) o.dir = parsed["dir"].as<std::string>();
  if (parsed.count("address")) o.address = parsed["address"].as<std::string>();
  if (parsed.count("timeout-ms")) o.timeout_ms = parsed["timeout-ms"].as<int>();
  if (parsed.count("count")) o.count = parsed["count"].as<std::size_t>();
  o.abort_on_exit = parsed.count("abort-on-exit") > 0;
  if (parsed.count("exit-code-from")) o.exit_code_from = parsed["exit-code-from"].as<std::string>();
  if (parsed.count("output")) o.output = parsed["output"].as<std::string>();
  if (parsed.count("image")) o.image = parsed["image"].as<std::string>();
  if (parsed.count("namespace")) o.namespace_name = parsed["namespace"].as<std::string>();
  if (parsed.count("sort")) o.sort = parsed["sort"].as<std::string>();
  o.once = parsed.count("once") > 0;
  if (parsed.count("metrics")) o.metrics = parsed["metrics"].as<std::string>();
  o.metrics_remote = parsed.count("metrics-remote") > 0;

  const auto arity = arity_of(o.command, o.plan.has_value(), o.all);
  if (!arity)
    return usage_error(fmt::format("unknown command '{}' (commands: up, check, status, stop, start, "
                                   "restart, signal, logs, down, watch, call, tap, state, top, new, export)",
                                   o.command));
  if (o.args.size() < arity->min || o.args.size() > arity->max)
    return usage_error(fmt::format("`{}` {}: {}", o.command,
                                   o.args.size() < arity->min ? "is missing an argument"
                                   : o.all                    ? "takes no service names with --all"
                                                              : "has too many arguments",
                                   arity->usage));
  auto only_for = [&](bool set, const char* flag, std::initializer_list<const char*> commands) {
    if (!set) return std::optional<ParseResult>();
    for (const char* c : commands)
      if (o.command == c) return std::optional<ParseResult>();
    std::string list;
    for (const char* c : commands) list += (list.empty() ? "`sfsup " : ", `sfsup ") + std::string(c) + "`";
    return std::optional(usage_error(fmt::format("{} only applies to {}", flag, list)));
  };
  for (auto error : {only_for(o.detach, "-d", {"up"}), only_for(o.watch, "--watch", {"up"}),
                     only_for(o.json, "--json", {"status"}), only_for(o.follow, "-f", {"logs"}),
                     only_for(o.plan.has_value(), "--plan", {"up"}),
                     only_for(o.all, "--all", {"stop", "start", "restart"}),
                     only_for(o.tail.has_value(), "--tail", {"logs"}),
                     only_for(o.since.has_value(), "--since", {"logs"}),
                     only_for(o.count.has_value(), "--count", {"tap"}),
                     only_for(o.address.has_value(), "--address", {"call", "tap", "state"}),
                     only_for(o.timeout_ms.has_value(), "--timeout-ms", {"call", "tap", "state"}),
                     only_for(o.output.has_value(), "-o", {"export"}),
                     only_for(o.image.has_value(), "--image", {"export"}),
                     only_for(o.namespace_name.has_value(), "--namespace", {"export"}),
                     only_for(o.once || parsed.count("sort"), o.once ? "--once" : "--sort", {"top"}),
                     only_for(o.metrics.has_value() || o.metrics_remote, "--metrics", {"up"})})
    if (error) return *error;
  if (o.detach && o.watch)
    return usage_error("--watch needs the foreground: run `sfsup up -d`, then `sfsup watch`");
  if ((o.abort_on_exit || o.exit_code_from) && (o.command != "up" || o.detach))
    return usage_error("--abort-on-exit and --exit-code-from apply to `sfsup up` in the foreground "
                       "(without -d)");
  return ParseResult{std::move(o), 0};
}

}  // namespace sfsup::cli
