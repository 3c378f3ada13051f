// The verbs as scripts use them: several services or --all at once, `up`
// with a subset, --version, per-command --help, counts that agree.
#include <regex>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

std::vector<ShellWorker> three_tier() {
  return {
      {.name = "db", .script = idle_worker_script("db")},
      {.name = "api", .script = idle_worker_script("api"), .depends_on = {"db"}},
      {.name = "client", .script = idle_worker_script("client"), .leading_edge = true},
  };
}

Run run_binary(std::vector<std::string> argv) {
  auto p = Process::spawn(std::move(argv));
  auto status = p.wait_exit(60s);
  REQUIRE_MESSAGE(status.has_value(), p.output());
  return Run{*status, p.output()};
}

}  // namespace

TEST_CASE("stop - start and restart take several services or --all - in dependency order") {
  Cluster cluster(three_tier());
  REQUIRE(cluster.up_detached().ok());

  // Named in any order: dependants stop first.
  auto stop = cluster.sfsup({"stop", "db", "api"});
  REQUIRE_MESSAGE(stop.ok(), stop.output);
  CHECK(read_lines(cluster.dir() / "signals") == std::vector<std::string>{"api TERM", "db TERM"});
  CHECK(cluster.service("db")["state"] == "stopped");
  CHECK(cluster.service("api")["state"] == "stopped");
  CHECK(cluster.service("client")["state"] == "ready");

  // --all starts what is stopped, dependencies first, and says so for the rest.
  auto start = cluster.sfsup({"start", "--all"});
  REQUIRE_MESSAGE(start.ok(), start.output);
  const auto db_ready = start.output.find("db ready");
  const auto api_ready = start.output.find("api ready");
  REQUIRE(db_ready != std::string::npos);
  REQUIRE(api_ready != std::string::npos);
  CHECK(db_ready < api_ready);
  CHECK(start.output.find("client is already running") != std::string::npos);

  const pid_t db = cluster.pid_of("db"), api = cluster.pid_of("api"), client = cluster.pid_of("client");
  auto restart = cluster.sfsup({"restart", "--all"});
  REQUIRE_MESSAGE(restart.ok(), restart.output);
  CHECK(cluster.pid_of("db") != db);
  CHECK(cluster.pid_of("api") != api);
  CHECK(cluster.pid_of("client") != client);

  std::filesystem::remove(cluster.dir() / "signals");
  auto stop_all = cluster.sfsup({"stop", "--all"});
  REQUIRE_MESSAGE(stop_all.ok(), stop_all.output);
  CHECK(read_lines(cluster.dir() / "signals") ==
        std::vector<std::string>{"client TERM", "api TERM", "db TERM"});

  auto both = cluster.sfsup({"stop", "--all", "db"});
  CHECK(sftest::exited_with(both.status, 2));
  CHECK(both.output.find("takes no service names with --all") != std::string::npos);
  auto unknown = cluster.sfsup({"start", "db", "nope"});
  CHECK(sftest::exited_with(unknown.status, 1));
  CHECK(unknown.output == "sfsup: unknown service 'nope' (services: db, api, client)\n");
  CHECK(cluster.service("db")["state"] == "stopped");  // nothing was started
}

TEST_CASE("up with service names starts those and what they depend on") {
  Cluster cluster({
      {.name = "db", .script = idle_worker_script("db")},
      {.name = "api", .script = idle_worker_script("api"), .depends_on = {"db"}},
      {.name = "batch", .script = idle_worker_script("batch")},
      {.name = "client", .script = idle_worker_script("client"), .leading_edge = true},
  });
  auto up = cluster.sfsup({"up", "--plan", cluster.plan_file().string(), "api", "-d"});
  REQUIRE_MESSAGE(up.ok(), up.output);
  CHECK(up.output.find("starting 2 of the 4 services") != std::string::npos);
  CHECK(up.output.find("all 2 services of 'shell-test' are ready") != std::string::npos);
  CHECK(cluster.service("db")["state"] == "ready");
  CHECK(cluster.service("api")["state"] == "ready");
  const json batch = cluster.service("batch");
  CHECK(batch["state"] == "stopped");
  CHECK(batch["detail"].get<std::string>().find("sfsup start batch") != std::string::npos);
  CHECK(cluster.service("client")["state"] == "stopped");

  auto start = cluster.sfsup({"start", "batch"});
  REQUIRE_MESSAGE(start.ok(), start.output);
  CHECK(cluster.service("batch")["state"] == "ready");

  auto unknown = cluster.sfsup({"up", "--plan", cluster.plan_file().string(), "nope"});
  CHECK(sftest::exited_with(unknown.status, 1));
}

TEST_CASE("--version on sfsup and service_framework print the same version") {
  const std::regex version_line(R"((sfsup|service_framework) (\d+\.\d+\.\d+)\n)");
  std::smatch sfsup_match, worker_match;
  const auto sfsup = run_binary({sftest::sfsup_binary().string(), "--version"});
  const auto worker = run_binary({sftest::worker_binary().string(), "--version"});
  REQUIRE(sfsup.ok());
  REQUIRE(worker.ok());
  REQUIRE_MESSAGE(std::regex_match(sfsup.output, sfsup_match, version_line), sfsup.output);
  REQUIRE_MESSAGE(std::regex_match(worker.output, worker_match, version_line), worker.output);
  CHECK(sfsup_match[2] == worker_match[2]);
}

TEST_CASE("sfsup command --help shows that command's help") {
  const auto logs = run_binary({sftest::sfsup_binary().string(), "logs", "--help"});
  REQUIRE(logs.ok());
  CHECK(logs.output.starts_with("usage: sfsup logs"));
  CHECK(logs.output.find("--tail N") != std::string::npos);
  CHECK(logs.output.find("--since") != std::string::npos);
  CHECK(logs.output.find("usage: sfsup <command>") == std::string::npos);  // not the general help

  const auto stop = run_binary({sftest::sfsup_binary().string(), "stop", "-h"});
  REQUIRE(stop.ok());
  CHECK(stop.output.starts_with("usage: sfsup stop <service>... | --all"));

  const auto general = run_binary({sftest::sfsup_binary().string(), "--help"});
  REQUIRE(general.ok());
  CHECK(general.output.find("usage: sfsup <command>") != std::string::npos);
}

TEST_CASE("counts agree with their noun for one service") {
  Cluster cluster({{.name = "solo", .script = idle_worker_script("solo")}});
  auto up = cluster.up_detached();
  REQUIRE_MESSAGE(up.ok(), up.output);
  CHECK(up.output.find("starting 1 service of 'shell-test'") != std::string::npos);
  CHECK(up.output.find("the 1 service of 'shell-test' is ready") != std::string::npos);
  CHECK(up.output.find("1 services") == std::string::npos);
  REQUIRE(cluster.sfsup({"down"}).ok());

  Cluster failing(std::vector<ShellWorker>{{.name = "broken", .script = "echo broken; exit 3", .restart = {{"mode", "never"}}}});
  auto failed = failing.up_detached();
  CHECK(sftest::exited_with(failed.status, 1));
  CHECK(failed.output.find("0/1 service is ready and keeps running") != std::string::npos);
  CHECK(failed.output.find("1 services") == std::string::npos);
}
