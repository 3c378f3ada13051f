#include "cli/cli_options.hpp"

#include <cstdio>
#include <set>

#include <cxxopts.hpp>
#include <fmt/format.h>

namespace sfsup::cli {

namespace {

cxxopts::Options make_parser() {
  cxxopts::Options parser("sfsup", "");
  parser.add_options()
      ("d,detach", "up: run in the background; return once every service is ready")
      ("run-dir", "run directory (default: $SFSUP_RUN_DIR, else ./.sfsup)", cxxopts::value<std::string>())
      ("worker", "up/check: the service_framework binary (default: $SF_WORKER, else next to sfsup)",
       cxxopts::value<std::string>())
      ("plan", "up: run a RunPlan JSON file instead of a topology (tools, tests)",
       cxxopts::value<std::string>())
      ("abort-on-exit", "up: stop the whole topology once any service's worker exits on its own")
      ("exit-code-from", "up: exit with SERVICE's exit code (implies --abort-on-exit)",
       cxxopts::value<std::string>())
      ("json", "status: print JSON")
      ("f,follow", "logs: keep printing new lines until the topology goes down")
      ("kind", "new: replyer (default), subscriber, publisher or main", cxxopts::value<std::string>())
      ("dir", "new: the folder to write (default: ./<name>)", cxxopts::value<std::string>())
      ("address", "call: the replyer's endpoint (default: asked from the running supervisor)",
       cxxopts::value<std::string>())
      ("timeout-ms", "call: how long to wait for the reply (default 5000)", cxxopts::value<int>())
      ("version", "print the version")
      ("h,help", "print this help")
      ("command", "", cxxopts::value<std::string>())
      ("args", "", cxxopts::value<std::vector<std::string>>());
  parser.parse_positional({"command", "args"});
  return parser;
}

// How many arguments each command takes, and what to say when they are wrong.
struct Arity {
  std::size_t min, max;
  const char* usage;
};

std::optional<Arity> arity_of(const std::string& command, bool with_plan) {
  if (command == "up") return with_plan ? Arity{0, 0, "sfsup up --plan plan.json [-d]"}
                                        : Arity{1, 1, "sfsup up <topology.yaml> [-d]"};
  if (command == "check") return Arity{1, 1, "sfsup check <topology.yaml>"};
  if (command == "status") return Arity{0, 0, "sfsup status [--json]"};
  if (command == "stop" || command == "start" || command == "restart")
    return Arity{1, 1, command == "stop"    ? "sfsup stop <service>"
                       : command == "start" ? "sfsup start <service>"
                                            : "sfsup restart <service>"};
  if (command == "signal") return Arity{2, 2, "sfsup signal <service> <SIGNAL>  (e.g. HUP, USR1, 10)"};
  if (command == "logs") return Arity{0, 1, "sfsup logs [-f] [<service>]"};
  if (command == "down") return Arity{0, 0, "sfsup down"};
  if (command == "new") return Arity{2, 2, "sfsup new service <name> [--kind replyer|subscriber|publisher|main] [--dir DIR]"};
  if (command == "call") return Arity{1, 2, "sfsup call <service>.<connection> ['{\"arg\": value}'] [--address ENDPOINT]"};
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
     -d                    detach: return once every service is ready (exit 0), or exit 1
                           naming the service that failed and its last log lines.
     --abort-on-exit       stop everything once any service's worker exits on its own.
     --exit-code-from SVC  the same, and exit with SVC's exit code (CI runs).
  check <topology.yaml>    validate the topology and its wiring without starting anything;
                           prints file:line:col for every problem.
  status [--json]          one row per service: state, pid, uptime, restarts, last exit,
                           endpoints.
  stop <service>           stop one service gracefully (SIGTERM, SIGKILL after its
                           stop_timeout); it stays stopped, the others keep running.
  start <service>          start a stopped, exited or fatal service; returns once ready.
  restart <service>        stop it, start it again; returns once ready.
  signal <service> <SIG>   send a signal (TERM, HUP, USR1, 9, ...) to the service's worker.
  logs [-f] [<service>]    print the service's log (all services, prefixed, without one);
                           -f follows new lines until the topology goes down.
  down                     stop every service (leading edge first, then reverse dependency
                           order) and the supervisor; returns once all are gone.
  call <svc>.<conn> [ARGS] send one request to a running replyer (ARGS: JSON or YAML flow,
                           default {}); prints the reply as JSON, the workflow id on stderr.
                           Exit 1 on an error reply or no answer within --timeout-ms.
  new service <name>       write a standalone service folder: CMakeLists.txt (find_package),
     --kind K              the service, a doctest test of its handler, a README and a
                           topology.yaml that runs it. K: replyer (default), subscriber,
                           publisher, main.

A topology's `service: <name>` is looked up as lib<name>.so in its service_path: folders,
then $SF_SERVICE_PATH, then the installed examples (<prefix>/lib/service_framework/services).

Commands other than up and check talk to the supervisor running in the run directory
(./.sfsup by default), so `sfsup status` in the folder where you ran `sfsup up` needs no
argument. Service states: starting, ready, backoff, stopping, stopped, exited, fatal.
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
  cxxopts::ParseResult parsed;
  try {
    parsed = parser.parse(argc, argv);
  } catch (const cxxopts::exceptions::exception& e) {
    return usage_error(e.what());
  }
  if (parsed.count("version")) {
    std::printf("sfsup %s\n", SF_VERSION);
    return ParseResult{std::nullopt, 0};
  }
  if (parsed.count("help") || argc < 2) {
    std::fputs(help_text().c_str(), stdout);
    std::fputs(parser.help({""}).c_str(), stdout);
    return ParseResult{std::nullopt, argc < 2 ? kExitUsage : 0};
  }

  Options o;
  if (parsed.count("command")) o.command = parsed["command"].as<std::string>();
  if (parsed.count("args")) o.args = parsed["args"].as<std::vector<std::string>>();
  o.detach = parsed.count("detach") > 0;
  o.json = parsed.count("json") > 0;
  o.follow = parsed.count("follow") > 0;
  if (parsed.count("run-dir")) o.run_dir = parsed["run-dir"].as<std::string>();
  if (parsed.count("worker")) o.worker = parsed["worker"].as<std::string>();
  if (parsed.count("plan")) o.plan = parsed["plan"].as<std::string>();
  if (parsed.count("kind")) o.kind = parsed["kind"].as<std::string>();
  if (parsed.count("dir")) o.dir = parsed["dir"].as<std::string>();
  if (parsed.count("address")) o.address = parsed["address"].as<std::string>();
  if (parsed.count("timeout-ms")) o.timeout_ms = parsed["timeout-ms"].as<int>();
  o.abort_on_exit = parsed.count("abort-on-exit") > 0;
  if (parsed.count("exit-code-from")) o.exit_code_from = parsed["exit-code-from"].as<std::string>();

  const auto arity = arity_of(o.command, o.plan.has_value());
  if (!arity)
    return usage_error(fmt::format(
        "unknown command '{}' (commands: up, check, status, stop, start, restart, signal, logs, down, "
        "call, new)",
        o.command));
  if (o.args.size() < arity->min || o.args.size() > arity->max)
    return usage_error(fmt::format("`{}` {}: {}", o.command,
                                   o.args.size() < arity->min ? "is missing an argument"
                                                              : "has too many arguments",
                                   arity->usage));
  if (o.detach && o.command != "up") return usage_error("-d only applies to `sfsup up`");
  if (o.json && o.command != "status") return usage_error("--json only applies to `sfsup status`");
  if (o.follow && o.command != "logs") return usage_error("-f only applies to `sfsup logs`");
  if (o.plan && o.command != "up") return usage_error("--plan only applies to `sfsup up`");
  if ((o.abort_on_exit || o.exit_code_from) && (o.command != "up" || o.detach))
    return usage_error("--abort-on-exit and --exit-code-from apply to `sfsup up` in the foreground "
                       "(without -d)");
  return ParseResult{std::move(o), 0};
}

}  // namespace sfsup::cli
