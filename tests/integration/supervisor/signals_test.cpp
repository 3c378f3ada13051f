// Signals to sfsup itself: SIGINT/SIGTERM are forwarded in order and sfsup
// exits 0 with nothing left behind; SIGKILL still takes every worker along.
#include <signal.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;

namespace {
std::vector<ShellWorker> chain() {
  return {
      {.name = "store", .script = idle_worker_script("store")},
      {.name = "logic", .script = idle_worker_script("logic"), .depends_on = {"store"}},
      {.name = "feed", .script = idle_worker_script("feed"), .leading_edge = true},
  };
}

pid_t helper_pid(const Cluster& c, const std::string& name) {
  auto lines = read_lines(c.dir() / (name + ".helper"));
  REQUIRE(lines.size() == 1);
  return std::stoi(lines[0]);
}
}  // namespace

TEST_CASE("SIGINT to a foreground sfsup: every worker gets SIGINT once - in order - nothing is left") {
  Cluster cluster(chain());
  auto up = cluster.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("all 3 services of 'shell-test' are ready"), up.output());
  CHECK(up.output().find("store | store is up") != std::string::npos);

  std::vector<pid_t> pids;
  for (const auto& name : {"store", "logic", "feed"}) {
    pids.push_back(cluster.pid_of(name));
    // Its own process group: a terminal's Ctrl-C reaches sfsup only.
    CHECK(::getpgid(pids.back()) == pids.back());
    pids.push_back(helper_pid(cluster, name));  // the `sleep` each script forked
  }

  up.signal(SIGINT);
  auto status = up.wait_exit();
  REQUIRE_MESSAGE(status.has_value(), up.output());
  CHECK_MESSAGE(sftest::exited_with(*status, 0), up.output());

  // Forwarded as SIGINT, once each: leading edge first, dependency last.
  auto signals = read_lines(cluster.dir() / "signals");
  REQUIRE(signals.size() == 3);
  CHECK(signals[0] == "feed INT");
  CHECK(signals[1] == "logic INT");
  CHECK(signals[2] == "store INT");
  // Workers and the helpers they forked (in their process groups) are gone.
  for (pid_t pid : pids) CHECK_MESSAGE(is_gone(pid), pid);
  CHECK(up.output().find("every worker has stopped") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(cluster.run_dir() / "control.sock"));
}

TEST_CASE("SIGTERM to a detached sfsup stops everything and the supervisor exits") {
  Cluster cluster(chain());
  REQUIRE(cluster.up_detached().ok());
  const pid_t daemon = cluster.status()["supervisor_pid"].get<pid_t>();
  std::vector<ExitWatch> watches;
  watches.emplace_back(daemon);
  for (const auto& name : {"store", "logic", "feed"}) watches.emplace_back(cluster.pid_of(name));
  REQUIRE(::kill(daemon, SIGTERM) == 0);
  for (auto& w : watches) CHECK(w.wait());
  CHECK(read_lines(cluster.dir() / "signals") ==
        std::vector<std::string>{"feed TERM", "logic TERM", "store TERM"});
}

TEST_CASE("SIGKILL to sfsup: no worker outlives it") {
  Cluster cluster({
      {.name = "a", .script = "echo READY >&3; exec sleep 1000"},
      {.name = "b", .script = "echo READY >&3; exec sleep 1000", .depends_on = {"a"}},
      {.name = "c", .script = "trap '' INT TERM; echo READY >&3; exec sleep 1000"},
  });
  auto up = cluster.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("all 3 services"), up.output());
  std::vector<pid_t> pids;
  std::vector<ExitWatch> watches;
  for (const auto& name : {"a", "b", "c"}) {
    pids.push_back(cluster.pid_of(name));
    watches.emplace_back(pids.back());
  }
  up.signal(SIGKILL);
  REQUIRE(up.wait_exit().has_value());
  for (auto& w : watches) CHECK(w.wait());  // PR_SET_PDEATHSIG(SIGKILL)
}

TEST_CASE("a worker that ignores the stop signal is SIGKILLed after its stop_timeout") {
  Cluster cluster({
      {.name = "stubborn", .script = "trap 'echo ignoring TERM' TERM; echo READY >&3; "
                                     "while :; do sleep 1 & wait; done",
       .stop_timeout_ms = 200},
      {.name = "polite", .script = idle_worker_script("polite")},
  });
  REQUIRE(cluster.up_detached().ok());
  auto stop = cluster.sfsup({"stop", "stubborn"});
  REQUIRE_MESSAGE(stop.ok(), stop.output);
  auto s = cluster.service("stubborn");
  CHECK(s["state"] == "stopped");
  CHECK(s["last_exit"] == "SIGKILL");
  auto logs = cluster.sfsup({"logs", "stubborn"});
  CHECK(logs.output.find("ignoring TERM") != std::string::npos);
  CHECK(logs.output.find("sending SIGKILL") != std::string::npos);  // sfsup's note beside it
  CHECK(cluster.service("polite")["state"] == "ready");
}

TEST_CASE("a second SIGINT kills whatever is still stopping") {
  Cluster cluster({
      {.name = "slow", .script = "trap 'echo got INT' INT; echo READY >&3; "
                                 "while :; do sleep 1 & wait; done",
       .stop_timeout_ms = 600000},
  });
  auto up = cluster.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("the 1 service"), up.output());
  ExitWatch worker(cluster.pid_of("slow"));
  up.signal(SIGINT);
  REQUIRE(up.wait_for_output("slow | got INT"));
  up.signal(SIGINT);
  auto status = up.wait_exit();
  REQUIRE(status.has_value());
  CHECK(sftest::exited_with(*status, 0));
  CHECK(worker.wait(0ms));
  CHECK(up.output().find("slow stopped (SIGKILL)") != std::string::npos);
}
