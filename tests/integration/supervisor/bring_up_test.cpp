// `up -d`, `status`, `down` through the real binary, with shell workers.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include <fstream>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;

namespace {
std::vector<ShellWorker> three_tier() {
  return {
      {.name = "db", .script = idle_worker_script("db"),
       .endpoints = {{"in.query.replyer", "ipc:///tmp/x/db.query"}}},
      {.name = "api", .script = idle_worker_script("api"), .depends_on = {"db"}},
      {.name = "client", .script = idle_worker_script("client"), .leading_edge = true},
  };
}
}  // namespace

TEST_CASE("up -d returns with every service ready - status --json shows them - down stops all") {
  Cluster cluster(three_tier());
  auto up = cluster.up_detached();
  REQUIRE_MESSAGE(up.ok(), up.output);
  CHECK(up.output.find("[3/3] client ready") != std::string::npos);  // leading edge last
  CHECK(up.output.find("all 3 services of 'shell-test' are ready") != std::string::npos);

  auto status = cluster.status();
  REQUIRE(status["services"].size() == 3);
  std::vector<pid_t> pids;
  for (const auto& s : status["services"]) {
    INFO(s.dump());
    CHECK(s["state"] == "ready");
    CHECK(s["restarts"] == 0);
    CHECK(s["last_exit"].is_null());
    REQUIRE(s["pid"].is_number());
    pids.push_back(s["pid"].get<pid_t>());
    CHECK_FALSE(is_gone(pids.back()));
  }
  CHECK(status["services"][0]["endpoints"]["in.query.replyer"] == "ipc:///tmp/x/db.query");
  CHECK(status["topology"] == "shell-test");

  auto table = cluster.sfsup({"status"});
  REQUIRE(table.ok());
  CHECK(table.output.find("SERVICE") != std::string::npos);
  CHECK(table.output.find("in.query.replyer ipc:///tmp/x/db.query") != std::string::npos);

  std::vector<ExitWatch> watches;
  for (pid_t pid : pids) watches.emplace_back(pid);
  pid_t supervisor = 0;
  std::ifstream(cluster.run_dir() / "sfsup.pid") >> supervisor;
  REQUIRE(supervisor > 0);
  ExitWatch supervisor_exit(supervisor);
  auto down = cluster.sfsup({"down"});
  REQUIRE_MESSAGE(down.ok(), down.output);
  for (auto& w : watches) CHECK(w.wait(0ms));  // gone by the time down returned
  // The supervisor too, not just hung up: an `up` right after `down` used to
  // find it still there ("already up ... does not answer").
  CHECK(supervisor_exit.wait(0ms));
  for (pid_t pid : pids) CHECK(is_gone(pid));
  // down forwards SIGTERM: every worker's handler ran, leading edge first.
  auto signals = read_lines(cluster.dir() / "signals");
  REQUIRE(signals.size() == 3);
  CHECK(signals[0] == "client TERM");
  CHECK(signals[1] == "api TERM");  // api depends on db: db last
  CHECK(signals[2] == "db TERM");
  CHECK_FALSE(std::filesystem::exists(cluster.run_dir() / "control.sock"));

  auto after = cluster.sfsup({"status"});
  CHECK(sftest::exited_with(after.status, 4));  // no supervisor
  CHECK(after.output.find("no topology is up in " + cluster.run_dir().string() +
                          " (start one with: sfsup up topology.yaml)") != std::string::npos);
}

TEST_CASE("the control socket is mode 0600 and a second up in the same run dir starts no copy") {
  Cluster cluster({{.name = "only", .script = idle_worker_script("only")}});
  REQUIRE(cluster.up_detached().ok());
  struct stat st {};
  REQUIRE(::stat((cluster.run_dir() / "control.sock").c_str(), &st) == 0);
  CHECK(S_ISSOCK(st.st_mode));
  CHECK((st.st_mode & 0777) == 0600);

  // It reconciles with the running one (reconcile_test.cpp); unchanged, it
  // leaves it as it is.
  const pid_t supervisor = cluster.status()["supervisor_pid"];
  const pid_t only = cluster.pid_of("only");
  auto again = cluster.up_detached();
  CHECK_MESSAGE(again.ok(), again.output);
  CHECK(again.output.find("nothing changed") != std::string::npos);
  CHECK(cluster.status()["supervisor_pid"] == supervisor);
  CHECK(cluster.pid_of("only") == only);
  CHECK(cluster.service("only")["state"] == "ready");
}

TEST_CASE("a service that never reports ready fails the start - naming it and its last lines") {
  Cluster cluster({
      {.name = "fine", .script = idle_worker_script("fine")},
      {.name = "mute", .script = "echo mute is thinking; exec sleep 1000",
       .restart = {{"mode", "never"}}, .ready_timeout_ms = 300},
      {.name = "after", .script = idle_worker_script("after"), .depends_on = {"mute"}},
  });
  auto up = cluster.up_detached();
  INFO(up.output);
  CHECK(sftest::exited_with(up.status, 1));
  CHECK(up.output.find("sfsup: mute failed to start: no readiness within 300ms") != std::string::npos);
  CHECK(up.output.find("| mute is thinking") != std::string::npos);
  CHECK(up.output.find("after was not started: waiting for mute (exited)") != std::string::npos);
  CHECK(up.output.find("sfsup start mute") != std::string::npos);  // the fix

  // The rest keeps running, as the message says.
  CHECK(cluster.service("fine")["state"] == "ready");
  CHECK(cluster.service("mute")["state"] == "exited");
  CHECK(cluster.service("after")["state"] == "starting");
  CHECK(cluster.service("after")["pid"].is_null());
}

TEST_CASE("a worker whose program does not exist fails the start with the exec error") {
  Cluster cluster({{.name = "ghost", .script = "exec /nonexistent/worker",
                    .restart = {{"mode", "never"}}}});
  auto up = cluster.up_detached();
  CHECK(sftest::exited_with(up.status, 1));
  CHECK(up.output.find("ghost failed to start: exit 127") != std::string::npos);
  CHECK(up.output.find("/nonexistent/worker") != std::string::npos);
}

TEST_CASE("a run directory deeper than a unix socket path allows still works") {
  // control.sock's path is far beyond sun_path's 108 bytes.
  Cluster cluster({{.name = "deep", .script = idle_worker_script("deep")}},
                  std::string(60, 'a') + "/" + std::string(60, 'b') + "/run");
  REQUIRE(cluster.run_dir().string().size() > 120);
  auto up = cluster.up_detached();
  REQUIRE_MESSAGE(up.ok(), up.output);
  CHECK(cluster.service("deep")["state"] == "ready");
  CHECK(cluster.sfsup({"stop", "deep"}).ok());
  CHECK(cluster.sfsup({"down"}).ok());
}

TEST_CASE("--help explains every command - a wrong command line says how to fix it") {
  Cluster cluster(std::vector<ShellWorker>{{.name = "unused", .script = "true"}});
  auto help = cluster.sfsup({"--help"});
  REQUIRE(help.ok());
  for (const char* command : {"up <topology.yaml>", "check <topology.yaml>", "status [--json]",
                              "stop <service>", "start <service>", "restart <service>",
                              "signal <service> <SIG>", "logs [<service>...]", "down", "watch"})
    CHECK_MESSAGE(help.output.find(command) != std::string::npos, command);

  auto unknown = cluster.sfsup({"upp"});
  CHECK(sftest::exited_with(unknown.status, 2));
  CHECK(unknown.output.find("unknown command 'upp'") != std::string::npos);
  auto missing = cluster.sfsup({"up"});
  CHECK(sftest::exited_with(missing.status, 2));
  CHECK(missing.output.find("sfsup up <topology.yaml>") != std::string::npos);
}
