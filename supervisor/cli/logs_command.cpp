// `sfsup logs [-f] [<service>]`: the supervisor names the files, this
// process reads them.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/log_follower.hpp"
#include "control/control_client.hpp"

namespace sfsup::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// With no supervisor running (after `down`, or a crash) the files are still
// there: <run_dir>/logs/<svc>.log, skipping rotated <svc>.<n>.log.
std::vector<LogFollower::Source> logs_left_behind(const RunDir& dir) {
  std::vector<LogFollower::Source> sources;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir.logs(), ec)) {
    const auto& path = entry.path();
    if (path.extension() != ".log") continue;
    const std::string stem = path.stem().string();
    const auto dot = stem.rfind('.');
    if (dot != std::string::npos &&
        stem.find_first_not_of("0123456789", dot + 1) == std::string::npos)
      continue;
    sources.push_back({stem, path});
  }
  std::sort(sources.begin(), sources.end(),
            [](const auto& a, const auto& b) { return a.service < b.service; });
  return sources;
}

}  // namespace

int run_logs(const Options& options) {
  const RunDir dir = resolve_run_dir(options.run_dir);
  auto client = ControlClient::connect(dir);
  std::vector<LogFollower::Source> all;
  if (client) {
    const json answer = client->request({{"cmd", "logs"}}, 10'000ms);
    if (!answer.value("ok", false)) {
      fmt::print(stderr, "sfsup: {}\n", answer.value("error", "the supervisor refused the request"));
      return kExitFailure;
    }
    for (const auto& entry : answer.value("logs", json::array()))
      all.push_back({entry.value("service", ""), entry.value("file", "")});
  } else {
    all = logs_left_behind(dir);
    if (all.empty()) {
      fmt::print(stderr, "sfsup: {}\n", no_topology_message(dir));
      return kExitFailure;
    }
  }

  std::vector<LogFollower::Source> sources;
  std::string names;
  for (const auto& source : all) {
    names += (names.empty() ? "" : ", ") + source.service;
    if (options.args.empty() || options.args[0] == source.service) sources.push_back(source);
  }
  if (sources.empty()) {
    fmt::print(stderr, "sfsup: unknown service '{}' (services: {})\n", options.args.at(0), names);
    return kExitFailure;
  }

  LogFollower follower(std::move(sources), options.args.empty());
  follower.print_existing();
  if (options.follow && client) follower.follow(client->fd());
  if (options.follow && !client)
    fmt::print(stderr, "sfsup: {}; nothing more will be written\n", no_topology_message(dir));
  return 0;
}

}  // namespace sfsup::cli
