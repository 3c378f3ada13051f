// Which run directory a command means (found walking up like git, -f,
// --project-dir), what happens when it is deleted under a running
// supervisor, and TCP ports that stay a topology's own while it runs.
#include <sys/inotify.h>
#include <poll.h>
#include <unistd.h>

#include <fstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

Run sfsup_in(const std::filesystem::path& cwd, std::vector<std::string> args) {
  std::vector<std::string> argv{sftest::sfsup_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  // SFSUP_RUN_DIR empty: the search decides.
  auto p = Process::spawn(argv, {.env = {{"SFSUP_RUN_DIR", ""}}, .cwd = cwd});
  auto status = p.wait_exit(60s);
  REQUIRE_MESSAGE(status.has_value(), p.output());
  return Run{*status, p.output()};
}

bool wait_for_socket(const std::filesystem::path& socket, std::chrono::milliseconds timeout) {
  const int fd = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  ::inotify_add_watch(fd, socket.parent_path().c_str(), IN_CREATE | IN_MOVED_TO);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool found = false;
  while (!(found = std::filesystem::exists(socket))) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) break;
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(left.count()));
    char buf[4096];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
  }
  ::close(fd);
  return found;
}

std::string plugin(std::string_view name) { return sftest::plugin(name).string(); }

std::string tcp_echo_topology(const std::string& name, int first_port) {
  return "name: " + name + "\ndefaults: {transport: tcp, tcp_ports: [" + std::to_string(first_port) +
         ", " + std::to_string(first_port + 20) + "]}\nservices:\n  echo:\n    service: " +
         plugin("echo") + "\n    connections:\n      in: {echo: {}}\n";
}

}  // namespace

TEST_CASE("commands find the run directory from a subfolder - with -f - and with --project-dir") {
  Cluster cluster({{.name = "solo", .script = idle_worker_script("solo")}}, "proj/.sfsup");
  const auto project = cluster.dir() / "proj";
  std::filesystem::create_directories(project / "src" / "deep");
  std::ofstream(project / "topology.yaml") << "# stands for the project's topology\n";

  auto up = sfsup_in(project, {"up", "--plan", cluster.plan_file().string(), "-d"});
  REQUIRE_MESSAGE(up.ok(), up.output);
  REQUIRE(std::filesystem::exists(project / ".sfsup" / "control.sock"));

  auto from_sub = sfsup_in(project / "src" / "deep", {"status", "--json"});
  REQUIRE_MESSAGE(from_sub.ok(), from_sub.output);
  CHECK(json::parse(from_sub.output)["run_dir"] == (project / ".sfsup").string());

  auto with_file = sfsup_in(cluster.dir(), {"status", "-f", (project / "topology.yaml").string()});
  CHECK_MESSAGE(with_file.ok(), with_file.output);
  auto with_project = sfsup_in(cluster.dir(), {"status", "--project-dir", project.string()});
  CHECK_MESSAGE(with_project.ok(), with_project.output);
  // call (and tap, state) choose the run directory the same way: this one
  // reaches the supervisor, and fails only on the service (a stand-in, not a plugin).
  auto call = sfsup_in(cluster.dir(), {"call", "solo.x", "{}", "--project-dir", project.string()});
  CHECK_FALSE(call.ok());
  CHECK_MESSAGE(call.output.find("no topology is up") == std::string::npos, call.output);
  // The search goes up, never down into the project.
  auto elsewhere = sfsup_in(cluster.dir(), {"status", "--json"});
  CHECK(elsewhere.output.find((project / ".sfsup").string()) == std::string::npos);

  // A second `up` finds the same run directory and does not start a copy.
  auto again = sfsup_in(project / "src", {"up", "--plan", cluster.plan_file().string(), "-d"});
  CHECK_MESSAGE(again.ok(), again.output);
  CHECK(again.output.find("nothing changed") != std::string::npos);

  auto down = sfsup_in(project / "src" / "deep", {"down"});
  CHECK_MESSAGE(down.ok(), down.output);
}

TEST_CASE("deleting the run directory under a running supervisor stops the topology") {
  Cluster cluster({
      {.name = "alpha", .script = idle_worker_script("alpha")},
      {.name = "beta", .script = idle_worker_script("beta")},
  });
  REQUIRE(cluster.up_detached().ok());
  const pid_t supervisor = cluster.status()["supervisor_pid"];
  ExitWatch supervisor_gone(supervisor);
  ExitWatch alpha_gone(cluster.pid_of("alpha")), beta_gone(cluster.pid_of("beta"));

  std::filesystem::remove_all(cluster.run_dir());
  CHECK(supervisor_gone.wait(30s));
  CHECK(alpha_gone.wait(0ms));
  CHECK(beta_gone.wait(0ms));
  // Stopped the graceful way: each worker's TERM handler ran.
  CHECK(read_lines(cluster.dir() / "signals").size() == 2);
}

TEST_CASE("a deleted control socket is created again") {
  Cluster cluster({{.name = "solo", .script = idle_worker_script("solo")}});
  REQUIRE(cluster.up_detached().ok());
  std::filesystem::remove(cluster.run_dir() / "control.sock");
  REQUIRE(wait_for_socket(cluster.run_dir() / "control.sock", 30s));
  CHECK(cluster.service("solo")["state"] == "ready");
}

TEST_CASE("a stopped service keeps its sfsup-assigned TCP port - another topology's up skips it") {
  REQUIRE(std::filesystem::exists(sftest::plugin("echo")));
  sftest::TempDir a, b;
  // Both topologies draw from the same range; a private registry keeps the
  // test apart from other sfsup users on this machine.
  const std::map<std::string, std::string> env = {{"SFSUP_PORTS_DIR", (a / "ports").string()},
                                                  {"SFSUP_RUN_DIR", ""}};
  const int first_port = 20000 + static_cast<int>(::getpid() % 20000);
  std::ofstream(a / "topology.yaml") << tcp_echo_topology("first", first_port);
  std::ofstream(b / "topology.yaml") << tcp_echo_topology("second", first_port);
  auto run = [&](const sftest::TempDir& dir, std::vector<std::string> args) {
    std::vector<std::string> argv{sftest::sfsup_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--run-dir", (dir / "run").string()});
    auto p = Process::spawn(argv, {.env = env});
    auto status = p.wait_exit(60s);
    REQUIRE_MESSAGE(status.has_value(), p.output());
    return Run{*status, p.output()};
  };
  auto endpoint_of = [&](const sftest::TempDir& dir) {
    const json status = json::parse(run(dir, {"status", "--json"}).output);
    return status["services"][0]["endpoints"].begin()->get<std::string>();
  };

  REQUIRE(run(a, {"up", (a / "topology.yaml").string(), "-d"}).ok());
  const std::string first = endpoint_of(a);
  REQUIRE(run(a, {"stop", "echo"}).ok());  // nothing listens on its port now

  auto second_up = run(b, {"up", (b / "topology.yaml").string(), "-d"});
  REQUIRE_MESSAGE(second_up.ok(), second_up.output);
  CHECK(endpoint_of(b) != first);

  auto restart = run(a, {"start", "echo"});
  CHECK_MESSAGE(restart.ok(), restart.output);
  CHECK(endpoint_of(a) == first);
  run(b, {"down"});
  run(a, {"down"});
}

TEST_CASE("a second up starts no parallel copy even when sfsup.pid was deleted") {
  Cluster cluster({{.name = "solo", .script = idle_worker_script("solo")}});
  REQUIRE(cluster.up_detached().ok());
  const pid_t supervisor = cluster.status()["supervisor_pid"];
  const pid_t solo = cluster.pid_of("solo");
  std::filesystem::remove(cluster.run_dir() / "sfsup.pid");  // its lock goes with it

  auto again = cluster.up_detached();
  CHECK_MESSAGE(again.ok(), again.output);
  CHECK(again.output.find("nothing changed") != std::string::npos);
  CHECK(cluster.status()["supervisor_pid"] == supervisor);
  CHECK(cluster.pid_of("solo") == solo);
  CHECK_FALSE(is_gone(supervisor));
  // No second supervisor: the first one is still the one `down` stops.
  ExitWatch gone(supervisor);
  REQUIRE(cluster.sfsup({"down"}).ok());
  CHECK(gone.wait(20s));  // it hangs up just before it exits
}
