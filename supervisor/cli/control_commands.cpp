// status, stop, start, restart, signal, down: one request to the running
// supervisor, its answer printed.
#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "control/control_client.hpp"
#include "control/status_table.hpp"

namespace sfsup::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

void print_error(const json& answer) {
  fmt::print(stderr, "sfsup: {}\n", answer.value("error", "the supervisor refused the request"));
  const auto tail = answer.value("log_tail", json::array());
  if (tail.empty()) return;
  fmt::print(stderr, "  last lines of {}:\n", answer.value("log_file", "its log"));
  for (const auto& line : tail) fmt::print(stderr, "  | {}\n", line.get<std::string>());
}

}  // namespace

int run_control_command(const Options& options) {
  const RunDir dir = resolve_run_dir(options.run_dir);
  auto client = ControlClient::connect(dir);
  if (!client) {
    if (options.command == "down") {
      // The wanted end state already holds: scripts may run `down` blindly.
      fmt::print("nothing is up in {}; nothing to stop\n", dir.root.string());
      return 0;
    }
    if (options.json)
      fmt::print("{}\n", json{{"run_dir", dir.root.string()}, {"up", false}, {"services", json::array()},
                              {"error", no_topology_message(dir)}}
                              .dump(2));
    else
      fmt::print(stderr, "sfsup: {}\n", no_topology_message(dir));
    return kExitNoSupervisor;
  }

  json request = {{"cmd", options.command}};
  if (!options.args.empty()) request["service"] = options.args[0];
  if (options.command == "signal") request["signal"] = options.args[1];
  // Quick questions get a bound; stop/start/restart/down take as long as the
  // services' own timeouts, which the supervisor enforces.
  const bool quick = options.command == "status" || options.command == "signal";
  const json answer = client->request(request, quick ? std::optional(10'000ms) : std::nullopt);
  if (!answer.value("ok", false)) {
    print_error(answer);
    return kExitFailure;
  }

  if (options.command == "status") {
    const json& status = answer["status"];
    if (options.json)
      fmt::print("{}\n", status.dump(2));
    else
      fmt::print("{}", format_status_table(status));
    // Scripts wait on this: 0 only when every service is ready.
    for (const auto& s : status.value("services", json::array()))
      if (s.value("state", "") != "ready") return kExitNotAllReady;
    return 0;
  }
  if (answer.contains("message")) fmt::print("{}\n", answer["message"].get<std::string>());
  if (options.command == "down") {
    client->wait_closed();  // the supervisor is gone once it hangs up
    fmt::print("the topology in {} is down\n", dir.root.string());
  }
  return 0;
}

}  // namespace sfsup::cli
