// Restart policy with real exits: a kill -9 is restarted and counted, a
// crash loop backs off and goes fatal without touching its neighbours.
#include <signal.h>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;

TEST_CASE("kill -9 of a worker: restarted - old process reaped - restart counted") {
  Cluster cluster({
      {.name = "victim", .script = idle_worker_script("victim")},
      {.name = "bystander", .script = idle_worker_script("bystander")},
  });
  REQUIRE(cluster.up_detached().ok());
  const pid_t old_pid = cluster.pid_of("victim");
  const pid_t bystander = cluster.pid_of("bystander");

  ExitWatch gone(old_pid);
  REQUIRE(::kill(old_pid, SIGKILL) == 0);
  REQUIRE(gone.wait());
  // sfsup handles the SIGCHLD before this request (signals first in its
  // loop), so `start` sees the restart under way and answers once it is ready.
  auto start = cluster.sfsup({"start", "victim"});
  REQUIRE_MESSAGE(start.ok(), start.output);

  auto victim = cluster.service("victim");
  INFO(victim.dump());
  CHECK(victim["state"] == "ready");
  CHECK(victim["restarts"] == 1);
  CHECK(victim["last_exit"] == "SIGKILL");
  CHECK(victim["pid"].get<pid_t>() != old_pid);
  CHECK(is_gone(old_pid));  // reaped, not a zombie
  CHECK(cluster.pid_of("bystander") == bystander);
  CHECK(cluster.service("bystander")["restarts"] == 0);

  auto table = cluster.sfsup({"status"});
  CHECK(table.output.find("SIGKILL") != std::string::npos);
}

TEST_CASE("crash loop: backoff between restarts - then fatal - the others are unaffected") {
  Cluster cluster({
      {.name = "steady", .script = idle_worker_script("steady")},
      {.name = "crasher",
       .script = "echo run >> $T/crasher.runs; echo boom: cannot open the database; exit 3",
       .restart = {{"mode", "on-failure"}, {"backoff_step_ms", 20}, {"backoff_max_ms", 1000},
                   {"intensity_max_restarts", 3}, {"intensity_period_ms", 600000}}},
  });
  auto up = cluster.up_detached();
  INFO(up.output);
  CHECK(sftest::exited_with(up.status, 1));
  CHECK(up.output.find("sfsup: crasher failed to start: exit 3; 3 restarts within 10m already, giving up") !=
        std::string::npos);
  CHECK(up.output.find("| boom: cannot open the database") != std::string::npos);
  // First restart immediate, then the step doubling.
  CHECK(up.output.find("crasher exited (exit 3); restarting (restart 1)") != std::string::npos);
  CHECK(up.output.find("restarting in 20ms (restart 2)") != std::string::npos);
  CHECK(up.output.find("restarting in 40ms (restart 3)") != std::string::npos);
  CHECK(read_lines(cluster.dir() / "crasher.runs").size() == 4);  // the start + 3 restarts

  auto crasher = cluster.service("crasher");
  CHECK(crasher["state"] == "fatal");
  CHECK(crasher["restarts"] == 3);
  CHECK(crasher["last_exit"] == "exit 3");
  CHECK(crasher["pid"].is_null());
  auto steady = cluster.service("steady");
  CHECK(steady["state"] == "ready");
  CHECK(steady["restarts"] == 0);

  // A fatal service stays down until asked: `start` gives it a fresh window,
  // and reports the failure again with its log lines.
  auto start = cluster.sfsup({"start", "crasher"});
  CHECK(sftest::exited_with(start.status, 1));
  CHECK(start.output.find("crasher: exit 3; 3 restarts") != std::string::npos);
  CHECK(start.output.find("| boom: cannot open the database") != std::string::npos);
  CHECK(cluster.service("crasher")["restarts"] == 6);
}

TEST_CASE("restart: never leaves a clean exit alone - always restarts even clean exits") {
  Cluster cluster({
      {.name = "oneshot", .script = "echo READY >&3; echo did my job", .restart = {{"mode", "never"}}},
      {.name = "looper", .script = "echo READY >&3; echo run >> $T/looper.runs; exit 0",
       .restart = {{"mode", "always"}, {"backoff_step_ms", 10}, {"intensity_max_restarts", 2}}},
      // Keeps the supervisor up: with every service finished it would end the run.
      {.name = "keeper", .script = idle_worker_script("keeper")},
  });
  // The foreground event stream is the signal to wait on.
  auto up = cluster.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("looper exited (exit 0) after 2 restarts within 30s; giving up (fatal)"),
                  up.output());
  REQUIRE(up.wait_for_output("oneshot exited (exit 0); not restarted (restart: never)"));
  CHECK(up.output().find("oneshot | did my job") != std::string::npos);  // prefixed output

  auto oneshot = cluster.service("oneshot");
  CHECK(oneshot["state"] == "exited");
  CHECK(oneshot["last_exit"] == "exit 0");
  CHECK(oneshot["restarts"] == 0);
  auto looper = cluster.service("looper");
  CHECK(looper["state"] == "fatal");
  CHECK(looper["restarts"] == 2);
  CHECK(read_lines(cluster.dir() / "looper.runs").size() == 3);

  up.signal(SIGINT);
  auto status = up.wait_exit();
  REQUIRE(status.has_value());
  CHECK(sftest::exited_with(*status, 1));  // looper ended fatal
}
