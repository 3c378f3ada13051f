// status, stop, start, restart, signal, down: one request to the running
// supervisor, its answer printed.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/run_dir_choice.hpp"
#include "control/control_client.hpp"
#include "control/process_exit.hpp"
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

// `down` must come back even when the supervisor cannot take the
// connection (out of descriptors, wedged): SIGTERM does the same shutdown.
constexpr std::chrono::milliseconds kDownPing{5000};

int down_by_signal(const RunDir& dir) {
  const auto pid = running_supervisor(dir);
  if (!pid) {
    fmt::print("the topology in {} is down\n", dir.root.string());
    return 0;
  }
  fmt::print(stderr,
             "sfsup: the supervisor (pid {}) did not answer on {} within {}s; sent it SIGTERM, "
             "which stops every service as `down` does\n",
             *pid, dir.control_socket().string(), kDownPing.count() / 1000);
  if (!terminate_and_wait(*pid)) {
    fmt::print(stderr, "sfsup: cannot signal the supervisor (pid {}): {}\n", *pid, strerror(errno));
    return kExitFailure;
  }
  fmt::print("the topology in {} is down\n", dir.root.string());
  return 0;
}

// stop/start/restart on several services (or --all): one request each, in
// dependency order (dependants first for stop), so each one's dependencies
// are ready before it starts.
int run_on_services(ControlClient& client, const Options& options) {
  const json answer = client.request({{"cmd", "status"}}, 10'000ms);
  std::vector<std::string> order;  // start order, as the supervisor has it
  for (const auto& s : answer["status"]["services"]) order.push_back(s["name"].get<std::string>());
  for (const auto& name : options.args) {
    if (std::find(order.begin(), order.end(), name) != order.end()) continue;
    fmt::print(stderr, "sfsup: unknown service '{}' (services: {})\n", name, fmt::join(order, ", "));
    return kExitFailure;
  }
  std::vector<std::string> chosen;
  for (const auto& name : order)
    if (options.all || std::find(options.args.begin(), options.args.end(), name) != options.args.end())
      chosen.push_back(name);
  if (options.command == "stop") std::reverse(chosen.begin(), chosen.end());

  int rc = 0;
  for (const auto& name : chosen) {
    const json reply = client.request({{"cmd", options.command}, {"service", name}});
    if (!reply.value("ok", false)) {
      print_error(reply);
      rc = kExitFailure;
      continue;
    }
    if (reply.contains("message")) fmt::print("{}\n", reply["message"].get<std::string>());
  }
  return rc;
}

}  // namespace

int run_control_command(const Options& options) {
  const RunDir dir = run_dir_for(options);
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
  if (options.command == "down" && !client->answers(kDownPing)) return down_by_signal(dir);
  if (options.command == "stop" || options.command == "start" || options.command == "restart")
    return run_on_services(*client, options);

  json request = {{"cmd", options.command}};
  if (!options.args.empty()) request["service"] = options.args[0];
  if (options.command == "signal") request["signal"] = options.args[1];
  if (options.command == "status" && options.json) request["metrics"] = true;  // each worker's counters
  // Quick questions get a bound; stop/start/restart/down take as long as the
  // services' own timeouts, which the supervisor enforces.
  const bool quick = options.command == "status" || options.command == "signal";
  // Taken before asking: `down` returns once the supervisor has exited, not
  // just hung up, so an `up` right after it never finds it still there.
  UniqueFd supervisor_exit;
  if (options.command == "down") {
    if (const auto pid = running_supervisor(dir)) supervisor_exit = exit_watch(*pid);
  }
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
    client->wait_closed();  // it hangs up when every service has stopped
    wait_for_exit(supervisor_exit);
    fmt::print("the topology in {} is down\n", dir.root.string());
  }
  return 0;
}

}  // namespace sfsup::cli
