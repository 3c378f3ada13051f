// Exit codes for scripts and CI (docs/supervisor.md): status 0/3/4, `down`
// with nothing up, foreground `up` after a fatal service, --abort-on-exit,
// --exit-code-from, and a topology whose services have all finished ending
// the supervisor instead of idling.
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;

namespace {

// Reports ready, then exits with `code` at once.
std::string finishing_script(const std::string& name, int code) {
  return "echo " + name + " ran >> $T/ran; echo READY >&3; exit " + std::to_string(code);
}

const json kNever = {{"mode", "never"}};

}  // namespace

TEST_CASE("status exits 0 when all are ready - 3 when one is not - 4 with no supervisor") {
  Cluster cluster({{.name = "a", .script = idle_worker_script("a")},
                   {.name = "b", .script = idle_worker_script("b")}});
  REQUIRE(cluster.up_detached().ok());
  auto all_ready = cluster.sfsup({"status"});
  CHECK_MESSAGE(sftest::exited_with(all_ready.status, 0), all_ready.output);

  REQUIRE(cluster.sfsup({"stop", "b"}).ok());
  auto one_stopped = cluster.sfsup({"status", "--json"});
  CHECK_MESSAGE(sftest::exited_with(one_stopped.status, 3), one_stopped.output);
  CHECK(json::parse(one_stopped.output)["services"][1]["state"] == "stopped");

  REQUIRE(cluster.sfsup({"down"}).ok());
  auto nothing = cluster.sfsup({"status", "--json"});
  CHECK_MESSAGE(sftest::exited_with(nothing.status, 4), nothing.output);
  const json answer = json::parse(nothing.output);  // still JSON, for scripts
  CHECK(answer["up"] == false);
  CHECK(answer["services"].empty());
  CHECK(answer["run_dir"] == cluster.run_dir().string());
  auto table = cluster.sfsup({"status"});
  CHECK(sftest::exited_with(table.status, 4));
}

TEST_CASE("down with nothing up exits 0 and says so") {
  Cluster cluster({{.name = "a", .script = idle_worker_script("a")}});
  auto down = cluster.sfsup({"down"});
  CHECK_MESSAGE(down.ok(), down.output);
  CHECK(down.output.find("nothing is up in " + cluster.run_dir().string() + "; nothing to stop") !=
        std::string::npos);
}

TEST_CASE("foreground up exits 1 when a service ended fatal") {
  Cluster cluster({
      {.name = "steady", .script = idle_worker_script("steady")},
      {.name = "crasher",
       .script = "echo boom; exit 3",
       .restart = {{"mode", "on-failure"}, {"intensity_max_restarts", 0}}},
  });
  auto up = cluster.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("giving up (fatal)"), up.output());
  CHECK(up.running());  // steady still runs: the supervisor stays
  up.signal(SIGINT);
  auto exit = up.wait_exit();
  REQUIRE_MESSAGE(exit.has_value(), up.output());
  CHECK_MESSAGE(sftest::exited_with(*exit, 1), up.output());
  CHECK(up.output().find("sfsup exits with code 1: crasher ended fatal") != std::string::npos);
}

TEST_CASE("a topology whose services have all finished ends the supervisor with their code") {
  SUBCASE("all exit 0: exit 0") {
    Cluster cluster({{.name = "one", .script = finishing_script("one", 0), .restart = kNever},
                     {.name = "two", .script = finishing_script("two", 0), .restart = kNever}});
    auto up = cluster.sfsup({"up", "--plan", cluster.plan_file().string()});
    CHECK_MESSAGE(up.ok(), up.output);
    CHECK(up.output.find("every service has finished") != std::string::npos);
    CHECK(read_lines(cluster.dir() / "ran").size() == 2);
  }
  SUBCASE("one fails: exit 1") {
    Cluster cluster({{.name = "one", .script = finishing_script("one", 0), .restart = kNever},
                     {.name = "two", .script = finishing_script("two", 5), .restart = kNever}});
    auto up = cluster.sfsup({"up", "--plan", cluster.plan_file().string()});
    CHECK_MESSAGE(sftest::exited_with(up.status, 1), up.output);
    CHECK(up.output.find("sfsup exits with code 1: two ended exited (exit 5") != std::string::npos);
  }
  SUBCASE("detached: the daemon goes away and status then says nothing is up") {
    Cluster cluster({{.name = "one", .script = finishing_script("one", 0), .restart = kNever}});
    auto up = cluster.up_detached();
    REQUIRE_MESSAGE(up.ok(), up.output);
    const auto at = up.output.find("supervisor pid ");
    REQUIRE(at != std::string::npos);
    const pid_t daemon = std::stoi(up.output.substr(at + 15));
    // Its exit is the event: a pidfd turns readable (or it is already gone).
    const int fd = static_cast<int>(::syscall(SYS_pidfd_open, daemon, 0));
    if (fd >= 0) {
      pollfd p{fd, POLLIN, 0};
      CHECK(::poll(&p, 1, 20'000) == 1);
      ::close(fd);
    }
    CHECK(sftest::exited_with(cluster.sfsup({"status"}).status, 4));
    CHECK(sftest::read_file(cluster.run_dir() / "sfsup.log").find("every service has finished") !=
          std::string::npos);
  }
}

TEST_CASE("--exit-code-from stops the topology when a service exits and takes that code") {
  Cluster cluster({{.name = "server", .script = idle_worker_script("server")},
                   {.name = "client", .script = finishing_script("client", 7), .leading_edge = true}});
  auto up = cluster.sfsup({"up", "--plan", cluster.plan_file().string(), "--exit-code-from", "client"});
  CHECK_MESSAGE(sftest::exited_with(up.status, 7), up.output);
  CHECK(up.output.find("client exited (exit 7); stopping the topology (--abort-on-exit)") != std::string::npos);
  const auto signals = read_lines(cluster.dir() / "signals");
  REQUIRE(signals.size() == 1);
  CHECK(signals[0] == "server TERM");  // stopped, not left running
}

TEST_CASE("--exit-code-from a service that was stopped takes its exit after the stop") {
  Cluster cluster({{.name = "server", .script = idle_worker_script("server")},
                   {.name = "client", .script = finishing_script("client", 5), .leading_edge = true}});
  auto up = cluster.sfsup({"up", "--plan", cluster.plan_file().string(), "--exit-code-from", "server"});
  CHECK_MESSAGE(sftest::exited_with(up.status, 0), up.output);  // server's TERM trap exits 0, not client's 5
  CHECK(read_lines(cluster.dir() / "signals") == std::vector<std::string>{"server TERM"});
}

TEST_CASE("--abort-on-exit stops everything on the first exit and takes its code") {
  Cluster cluster({{.name = "server", .script = idle_worker_script("server")},
                   {.name = "client", .script = "echo READY >&3; kill -9 $$", .leading_edge = true}});
  auto up = cluster.sfsup({"up", "--plan", cluster.plan_file().string(), "--abort-on-exit"});
  CHECK_MESSAGE(sftest::exited_with(up.status, 128 + SIGKILL), up.output);
  CHECK(read_lines(cluster.dir() / "signals") == std::vector<std::string>{"server TERM"});
}

TEST_CASE("--exit-code-from an unknown service is refused before anything starts") {
  Cluster cluster({{.name = "server", .script = idle_worker_script("server")}});
  auto up = cluster.sfsup({"up", "--plan", cluster.plan_file().string(), "--exit-code-from", "nope"});
  CHECK(sftest::exited_with(up.status, 2));
  CHECK(up.output.find("--exit-code-from nope: no such service (services: server)") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(cluster.run_dir() / "control.sock"));
  auto with_d = cluster.sfsup({"up", "--plan", cluster.plan_file().string(), "-d", "--abort-on-exit"});
  CHECK(sftest::exited_with(with_d.status, 2));
}

TEST_CASE("stop_signal replaces SIGTERM when sfsup stops a service") {
  Cluster cluster({{.name = "usr1",
                    .script = "trap 'echo usr1 USR1 >> $T/signals; exit 0' USR1; "
                              "trap 'echo usr1 TERM >> $T/signals; exit 0' TERM; "
                              "sleep 1000 & echo READY >&3; wait",
                    .stop_signal = "SIGUSR1"},
                   {.name = "plain", .script = idle_worker_script("plain")}});
  REQUIRE(cluster.up_detached().ok());
  REQUIRE(cluster.sfsup({"stop", "usr1"}).ok());
  CHECK(read_lines(cluster.dir() / "signals") == std::vector<std::string>{"usr1 USR1"});
  REQUIRE(cluster.sfsup({"down"}).ok());
  CHECK(read_lines(cluster.dir() / "signals") == std::vector<std::string>{"usr1 USR1", "plain TERM"});
}
