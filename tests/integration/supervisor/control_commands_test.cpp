// stop / start / restart / signal / logs on one service while the others
// keep running, through the control socket.
#include <signal.h>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;

namespace {
std::vector<ShellWorker> pair() {
  return {
      {.name = "alpha", .script = idle_worker_script("alpha")},
      {.name = "beta",
       .script = "trap 'echo beta got USR1' USR1; trap 'exit 0' TERM; echo beta is up; "
                 "echo READY >&3; while :; do sleep 1000 & wait; done"},
  };
}
}  // namespace

TEST_CASE("stop - start and restart one service - the other keeps its process") {
  Cluster cluster(pair());
  REQUIRE(cluster.up_detached().ok());
  const pid_t alpha = cluster.pid_of("alpha");
  const pid_t beta = cluster.pid_of("beta");

  ExitWatch alpha_gone(alpha);
  auto stop = cluster.sfsup({"stop", "alpha"});
  REQUIRE_MESSAGE(stop.ok(), stop.output);
  CHECK(alpha_gone.wait(0ms));  // gone by the time stop returned
  auto stopped = cluster.service("alpha");
  CHECK(stopped["state"] == "stopped");
  CHECK(stopped["pid"].is_null());
  CHECK(stopped["last_exit"] == "exit 0");  // its TERM handler ran
  CHECK(read_lines(cluster.dir() / "signals") == std::vector<std::string>{"alpha TERM"});
  CHECK(cluster.pid_of("beta") == beta);
  CHECK(cluster.sfsup({"stop", "alpha"}).output.find("alpha is already stopped") != std::string::npos);

  auto start = cluster.sfsup({"start", "alpha"});
  REQUIRE_MESSAGE(start.ok(), start.output);
  CHECK(start.output.find("alpha ready (pid") != std::string::npos);
  CHECK(cluster.service("alpha")["state"] == "ready");
  const pid_t alpha2 = cluster.pid_of("alpha");
  CHECK(alpha2 != alpha);
  CHECK(cluster.service("alpha")["restarts"] == 0);  // manual starts are not restarts

  ExitWatch beta_gone(beta);
  auto restart = cluster.sfsup({"restart", "beta"});
  REQUIRE_MESSAGE(restart.ok(), restart.output);
  CHECK(beta_gone.wait(0ms));
  CHECK(cluster.service("beta")["state"] == "ready");
  CHECK(cluster.pid_of("beta") != beta);
  CHECK(cluster.pid_of("alpha") == alpha2);
}

TEST_CASE("signal delivers to the worker - unknown services and signals are one-line errors") {
  Cluster cluster(pair());
  REQUIRE(cluster.up_detached().ok());
  auto sent = cluster.sfsup({"signal", "beta", "USR1"});
  REQUIRE_MESSAGE(sent.ok(), sent.output);
  CHECK(sent.output.find("sent SIGUSR1 to beta") != std::string::npos);

  auto bad_signal = cluster.sfsup({"signal", "beta", "NOPE"});
  CHECK(sftest::exited_with(bad_signal.status, 1));
  CHECK(bad_signal.output == "sfsup: unknown signal 'NOPE' (use a name like TERM, HUP, USR1, or a number)\n");
  auto bad_service = cluster.sfsup({"stop", "gamma"});
  CHECK(sftest::exited_with(bad_service.status, 1));
  CHECK(bad_service.output == "sfsup: unknown service 'gamma' (services: alpha, beta)\n");
  auto usage = cluster.sfsup({"restart"});
  CHECK(sftest::exited_with(usage.status, 2));
  CHECK(usage.output.find("sfsup restart <service>") != std::string::npos);

  // The handler's line reaches the log; `logs -f` follows it and ends at down.
  auto follow = sftest::Process::spawn({sftest::sfsup_binary().string(), "logs", "-f",
                                        "--run-dir", cluster.run_dir().string()});
  // Service names are padded to a common width, like docker compose.
  REQUIRE_MESSAGE(follow.wait_for_output("beta  | beta got USR1"), follow.output());
  CHECK(follow.output().find("alpha | alpha is up") != std::string::npos);
  REQUIRE(cluster.sfsup({"signal", "alpha", "USR2"}).ok());  // no trap: alpha dies, is restarted
  REQUIRE(follow.wait_for_output("exited (SIGUSR2)"));
  REQUIRE(cluster.sfsup({"down"}).ok());
  auto ended = follow.wait_exit();
  REQUIRE(ended.has_value());
  CHECK(sftest::exited_with(*ended, 0));
  CHECK(follow.output().find("beta  | [sfsup") != std::string::npos);  // its stop note, at down

  // After down the files are still there to read.
  auto after = cluster.sfsup({"logs", "beta"});
  REQUIRE_MESSAGE(after.ok(), after.output);
  CHECK(after.output.find("beta got USR1") != std::string::npos);
  CHECK(after.output.find("beta | ") == std::string::npos);  // one service: no prefix
}
