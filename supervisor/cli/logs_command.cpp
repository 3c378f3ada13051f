// `sfsup logs [<service>...] [-f] [--tail N] [--since 10m]`: the supervisor
// names the files, this process reads them.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/log_follower.hpp"
#include "cli/run_dir_choice.hpp"
#include "control/control_client.hpp"
#include "control/private_dir.hpp"

namespace sfsup::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// With no supervisor running (after `down`, or a crash) the files are still
// there: <run_dir>/logs/<svc>.log, skipping rotated <svc>.<n>.log. Only
// listed here; LogFollower opens them under `up`'s rules.
std::vector<LogFollower::Source> logs_left_behind(const RunDir& dir) {
  std::vector<LogFollower::Source> sources;
  const auto run = PrivateDir::open_existing_dir(dir.root);
  const auto logs = run ? run->existing_subdir(dir.logs().filename().string()) : std::nullopt;
  if (!logs) return sources;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(logs->path(), ec)) {
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
  HistoryFilter filter;
  filter.tail = options.tail;
  if (options.since) {
    const auto ago = parse_since(*options.since);
    if (!ago) {
      fmt::print(stderr, "sfsup: --since '{}' is not a duration; use e.g. 30s, 10m, 2h or 1d\n",
                 *options.since);
      return kExitUsage;
    }
    filter.since = LogClock::now() - *ago;
  }
  const RunDir dir = run_dir_for(options);
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
    if (options.args.empty() ||
        std::find(options.args.begin(), options.args.end(), source.service) != options.args.end())
      sources.push_back(source);
  }
  for (const auto& wanted : options.args) {
    bool known = false;
    for (const auto& source : all) known |= source.service == wanted;
    if (!known) {
      fmt::print(stderr, "sfsup: unknown service '{}' (services: {})\n", wanted, names);
      return kExitFailure;
    }
  }

  LogFollower follower(std::move(sources), options.args.size() != 1);
  follower.print_existing(filter);
  if (options.follow && client) follower.follow(client->fd());
  if (options.follow && !client)
    fmt::print(stderr, "sfsup: {}; nothing more will be written\n", no_topology_message(dir));
  return 0;
}

}  // namespace sfsup::cli
