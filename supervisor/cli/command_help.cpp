// `sfsup <command> --help`: one entry per command, so each command's help
// says exactly what it takes.
#include <string_view>

#include <fmt/format.h>

#include "cli/cli_options.hpp"

namespace sfsup::cli {

namespace {

struct CommandHelp {
  std::string_view name;
  std::string_view usage;
  std::string_view text;
};

constexpr std::string_view kWhichTopology =
    "  --run-dir DIR         the run directory (default: $SFSUP_RUN_DIR, else the nearest .sfsup\n"
    "                        in this folder or a parent, else ./.sfsup)\n"
    "  --project-dir DIR     use DIR/.sfsup as the run directory\n"
    "  -f FILE               look for the run directory from FILE's folder upwards\n";

constexpr CommandHelp kCommands[] = {
    {"up", "sfsup up [<topology.yaml>] [<service>...] [-d] [--watch]",
     "Checks the topology, then starts its services in dependency order (leading-edge ones\n"
     "last). Named services start with what they depend on; the others stay stopped.\n"
     "On a topology that is already up it reconciles: restarts the services whose plan\n"
     "changed, starts new ones, stops removed ones, and says what it did.\n"
     "  -d                    return once every service is ready (exit 0) or one failed (exit 1)\n"
     "  --watch               also restart a service when its plugin or config file changes\n"
     "  --worker PATH         the service_framework binary\n"
     "  --plan FILE           run a RunPlan JSON file instead of a topology (tools, tests)\n"
     "  --abort-on-exit       stop everything once any service's worker exits on its own\n"
     "  --exit-code-from SVC  the same, and exit with SVC's exit code (CI runs)\n"
     "  --metrics HOST:PORT   serve Prometheus text at /metrics and a status page at /\n"
     "  --metrics-remote      allow --metrics on a non-loopback address (anyone who reaches it\n"
     "                        reads every service's figures and last log lines)\n"},
    {"check", "sfsup check [<topology.yaml>]",
     "Validates the topology and its wiring without starting anything; prints\n"
     "file:line:col for every problem.\n"
     "  --worker PATH         the service_framework binary\n"},
    {"status", "sfsup status [--json]",
     "One row per service: state, pid, uptime, restarts, last exit, endpoints.\n"
     "  --json                print JSON, with each worker's counters, CPU and RSS under \"metrics\"\n"},
    {"top", "sfsup top [--sort KEY] [--once]",
     "A live table of the services, refreshed every second: state, CPU%, RSS, messages/s in\n"
     "and out, errors/s, p50/p99 handler latency over the last second, restarts. q quits.\n"
     "  --sort KEY            name (default), state, cpu, rss, in, out, errors, p50, p99, restarts\n"
     "  --once                print one frame and exit (scripts)\n"},
    {"stop", "sfsup stop <service>... | --all",
     "Stops services gracefully (SIGTERM, SIGKILL after their stop_timeout), dependants\n"
     "first; they stay stopped, the others keep running.\n"
     "  --all                 every service\n"},
    {"start", "sfsup start <service>... | --all",
     "Starts stopped, exited or fatal services, dependencies first; returns once they are ready.\n"
     "  --all                 every service\n"},
    {"restart", "sfsup restart <service>... | --all",
     "Stops and starts services, dependencies first, with the plan they were started with\n"
     "(run `sfsup up` to apply an edited topology); returns once they are ready.\n"
     "  --all                 every service\n"},
    {"signal", "sfsup signal <service> <SIGNAL>",
     "Sends a signal (TERM, HUP, USR1, 10, ...) to the service's worker.\n"},
    {"logs", "sfsup logs [<service>...] [-f] [--tail N] [--since DURATION]",
     "Prints the services' logs (all services without a name), merged by time, each line\n"
     "prefixed with its service when there are several.\n"
     "  -f, --follow          keep printing new lines, across log rotation, until the topology goes down\n"
     "  --tail N              only the last N lines of each service\n"
     "  --since DURATION      only lines from the last DURATION (30s, 10m, 2h, 1d)\n"},
    {"down", "sfsup down",
     "Stops every service (leading edge first, then reverse dependency order) and the\n"
     "supervisor; returns once all are gone.\n"},
    {"call", "sfsup call <service>.<connection> [ARGS] [--address ENDPOINT] [--timeout-ms MS]",
     "Sends one request to a running replyer, as a requester service would, with a fresh\n"
     "workflow id; prints the reply's return_args as JSON (stdout) and the workflow id (stderr).\n"
     "ARGS is JSON or YAML flow ({name: Ada}), default {}. They are typed by the replyer's\n"
     "model (from its plugin's --describe: a decimal written as a string, \"101.50\", stays\n"
     "exact; uuid and datetime as text, bytes as base64, a set as a list) and checked\n"
     "against it first: a mismatch is refused, nothing sent, with the model shown (exit 1).\n"
     "Exit 1 also on an error reply or no answer in time; 4 when nothing is up.\n"
     "  --address ENDPOINT    any replyer's endpoint (a Python one too) instead of asking the\n"
     "                        running supervisor; there is no model then: ARGS go as written\n"
     "                        (typed values in their wire form) and the replyer checks them\n"
     "  --timeout-ms MS       how long to wait for the reply (default 5000)\n"},
    {"tap", "sfsup tap <service>.<connection> | <service>.states.<state> [--count N] [--address ENDPOINT] [--timeout-ms MS]",
     "Subscribes to a publisher, or to an out-state's publisher, and prints each publication\n"
     "as one JSON line: {\"topic\", \"workflow_id\", \"args\"}, values in plain JSON (decimals as\n"
     "their exact text). A delta state's args are each delta as sent: {\"state\": {...},\n"
     "\"is_snapshot\", \"current_num\"}; a full-update state's are each whole new value.\n"
     "Runs until --count publications were printed, or Ctrl-C. Exit 1 on --timeout-ms\n"
     "without a publication; 4 when nothing is up.\n"
     "  --count N             exit 0 after N publications\n"
     "  --address ENDPOINT    any publisher's endpoint (a Python one too)\n"
     "  --timeout-ms MS       give up when no publication arrives for MS (default: wait)\n"},
    {"state", "sfsup state <service>.states.<state> [--address ENDPOINT] [--timeout-ms MS]",
     "Asks an out-state's snapshot server for its current value, as a late-joining follower\n"
     "does, and prints it as JSON (a delta state's whole map; its current_num on stderr).\n"
     "Exit 1 on an error reply (nothing published yet) or no answer in time; 4 when\n"
     "nothing is up.\n"
     "  --address ENDPOINT    any state's snapshot (replyer) endpoint, a Python one too\n"
     "  --timeout-ms MS       how long to wait for the answer (default 5000)\n"},
    {"new", "sfsup new service <name> [--kind replyer|subscriber|publisher|main] [--dir DIR]",
     "Writes a standalone service folder that builds against the installed package:\n"
     "CMakeLists.txt (find_package(ServiceFramework)), src/<name>_service.cpp (models),\n"
     "src/<name>_handlers.cpp, test/<name>_test.cpp (doctest), README.md, topology.yaml.\n"
     "  --kind K              replyer (default), subscriber, publisher or main\n"
     "  --dir DIR             the folder to write (default: ./<name>; must be empty)\n"},
    {"export", "sfsup export kubernetes|compose <topology.yaml> [-o DIR] [--image IMAGE] [--namespace NS]",
     "Checks the topology, then writes it for a container engine: every socket on TCP, binders\n"
     "on tcp://*:PORT, connectors on their peer's name, ports fixed by the file (docs/kubernetes.md).\n"
     "kubernetes: a Namespace, and per service a ConfigMap, a ClusterIP Service and a\n"
     "Deployment (a Job for a main or restart: never service). compose: one compose file.\n"
     "  -o DIR                write DIR/00-namespace.yaml and DIR/<service>.yaml (kubernetes) or\n"
     "                        DIR/compose.yaml (compose); default: print to stdout\n"
     "  --image IMAGE         the image holding service_framework and the plugins\n"
     "                        (default: service-framework:<sfsup's version>)\n"
     "  --namespace NS        kubernetes: the namespace (default: the topology's name)\n"
     "  --worker PATH         the service_framework binary that describes the plugins\n"},
    {"watch", "sfsup watch",
     "Follows the running topology's plugin and config files and restarts a service when\n"
     "they change (once the new plugin loads); Ctrl-C stops watching, not the services.\n"},
};

}  // namespace

std::optional<std::string> command_help(const std::string& command) {
  for (const auto& c : kCommands) {
    if (c.name != command) continue;
    return fmt::format("usage: {}\n\n{}\nWhich topology:\n{}  -h, --help            this help\n",
                       c.usage, c.text, kWhichTopology);
  }
  return std::nullopt;
}

}  // namespace sfsup::cli
