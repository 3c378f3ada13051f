// `up -d` and `down` always come back: a service stopped while in backoff
// during bring-up, workers that cannot even be forked (out of descriptors),
// and a control socket the supervisor cannot accept on.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

// sfsup under `ulimit -n <max_fds>` (soft and hard), as a user would run it.
Process sfsup_with_fd_limit(int max_fds, std::vector<std::string> args) {
  std::vector<std::string> argv{"/bin/sh", "-c",
                                "ulimit -n " + std::to_string(max_fds) + " && exec \"$0\" \"$@\"",
                                sftest::sfsup_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return Process::spawn(argv);
}

Run finish(Process& p) {
  auto status = p.wait_exit(90s);
  REQUIRE_MESSAGE(status.has_value(), "sfsup did not return: " << p.output());
  return Run{*status, p.output()};
}

// Connections that never send anything: each one the supervisor accepts
// costs it a descriptor.
std::vector<int> idle_connections(const std::filesystem::path& socket_path, int count) {
  std::vector<int> fds;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, socket_path.c_str(), sizeof addr.sun_path - 1);
  for (int i = 0; i < count; ++i) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    REQUIRE(fd >= 0);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);  // the backlog is full: enough
      break;
    }
    fds.push_back(fd);
  }
  return fds;
}

}  // namespace

TEST_CASE("up -d returns when a service in backoff is stopped during bring-up") {
  Cluster cluster({
      {.name = "steady", .script = idle_worker_script("steady")},
      // Fails at once and then waits out a long first backoff.
      {.name = "flaky", .script = "echo flaky fails; exit 1",
       .restart = {{"backoff_initial_ms", 600000}, {"backoff_max_ms", 600000}}},
  });
  auto up = Process::spawn({sftest::sfsup_binary().string(), "up", "--plan",
                            cluster.plan_file().string(), "-d", "--run-dir",
                            cluster.run_dir().string()});
  REQUIRE_MESSAGE(up.wait_for_output("flaky exited (exit 1); restarting in 10m"), up.output());
  CHECK(cluster.service("flaky")["state"] == "backoff");

  auto stop = cluster.sfsup({"stop", "flaky"});
  REQUIRE_MESSAGE(stop.ok(), stop.output);
  const Run returned = finish(up);
  CHECK(sftest::exited_with(returned.status, 1));  // not every service is ready
  CHECK(returned.output.find("flaky failed to start: stopped by `sfsup stop`") != std::string::npos);
  CHECK(cluster.service("steady")["state"] == "ready");  // and it keeps running
}

TEST_CASE("up -d returns when workers cannot be forked - ulimit -n 60 with 50 services") {
  std::vector<ShellWorker> workers;
  for (int i = 0; i < 50; ++i) {
    const std::string name = "s" + std::to_string(i);
    workers.push_back({.name = name, .script = idle_worker_script(name),
                       .restart = {{"backoff_step_ms", 10}, {"backoff_max_ms", 40}}});
  }
  Cluster cluster(std::move(workers));
  auto up = sfsup_with_fd_limit(60, {"up", "--plan", cluster.plan_file().string(), "-d",
                                     "--run-dir", cluster.run_dir().string()});
  const Run returned = finish(up);
  INFO(returned.output);
  CHECK(sftest::exited_with(returned.status, 1));
  CHECK(returned.output.find("Too many open files") != std::string::npos);
  CHECK(returned.output.find("giving up (fatal)") != std::string::npos);

  // The supervisor stays reachable and stops cleanly.
  const json status = cluster.status();
  int fatal = 0;
  for (const auto& s : status["services"]) fatal += s["state"] == "fatal";
  CHECK(fatal > 0);
  auto down = cluster.sfsup({"down"});
  CHECK_MESSAGE(down.ok(), down.output);
  CHECK_FALSE(std::filesystem::exists(cluster.run_dir() / "control.sock"));
}

TEST_CASE("down returns while the supervisor cannot accept connections - out of descriptors") {
  Cluster cluster({
      {.name = "alpha", .script = idle_worker_script("alpha")},
      {.name = "beta", .script = idle_worker_script("beta")},
  });
  auto up = sfsup_with_fd_limit(24, {"up", "--plan", cluster.plan_file().string(), "-d",
                                     "--run-dir", cluster.run_dir().string()});
  const Run started = finish(up);
  REQUIRE_MESSAGE(started.ok(), started.output);
  const pid_t supervisor = json::parse(cluster.sfsup({"status", "--json"}).output)["supervisor_pid"];
  const pid_t alpha = cluster.pid_of("alpha");
  const pid_t beta = cluster.pid_of("beta");

  // Fill every descriptor the supervisor has, with connections left pending.
  const auto idle = idle_connections(cluster.run_dir() / "control.sock", 40);
  REQUIRE(idle.size() > 24);
  ExitWatch supervisor_gone(supervisor);
  ExitWatch alpha_gone(alpha), beta_gone(beta);

  auto down = cluster.sfsup({"down"});
  CHECK_MESSAGE(down.ok(), down.output);
  CHECK(down.output.find("did not answer") != std::string::npos);
  CHECK(supervisor_gone.wait(0ms));
  CHECK(alpha_gone.wait(0ms));
  CHECK(beta_gone.wait(0ms));
  // down went the graceful way: both workers' TERM handlers ran.
  CHECK(read_lines(cluster.dir() / "signals").size() == 2);
  for (int fd : idle) ::close(fd);
}
