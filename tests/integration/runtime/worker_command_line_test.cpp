// The worker's command line as users of the Python framework type it: level
// names in upper case, `-cl=warning` forms, union-typed config keys, and
// config keys that share a name with one of the worker's own flags.
#include <csignal>
#include <filesystem>

#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

sf::Json echo_addresses(const TempDir& dir) {
  return {{"connections", {{"in", {{"echo", {{"replyer", ipc_endpoint(dir, "echo")}}}}}}}};
}

// Starts echo with `flags`, stops it with SIGTERM; returns everything it printed.
std::string run_echo_and_stop(const TempDir& dir, std::vector<std::string> flags) {
  auto echo = start_worker(dir, {.service = "echo", .addresses = echo_addresses(dir), .extra_args = std::move(flags)});
  REQUIRE_MESSAGE(echo.wait_ready(), echo.output());
  echo.signal(SIGTERM);
  auto status = echo.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(exited_with(*status, 0), echo.output());
  return echo.output();
}

}  // namespace

TEST_CASE("-cl takes Python's level names in any case") {
  for (const char* level : {"INFO", "info", "Debug"}) {
    CAPTURE(level);
    TempDir dir;
    const std::string out = run_echo_and_stop(dir, {"-cl", level});
    CHECK_MESSAGE(out.find("serving") != std::string::npos, out);
  }
  for (const char* level : {"WARNING", "ERROR", "critical"}) {
    CAPTURE(level);
    TempDir dir;
    const std::string out = run_echo_and_stop(dir, {"-cl", level});
    // Info lines are filtered out at these levels.
    CHECK_MESSAGE(out.find("serving") == std::string::npos, out);
    CHECK_MESSAGE(out.find("received SIGTERM") == std::string::npos, out);
  }
}

TEST_CASE("an unknown log level is one line and exit 2") {
  for (std::vector<std::string> flags : {std::vector<std::string>{"-cl", "LOUD"}, {"-cl=LOUD"}, {"-f", "loud"}}) {
    CAPTURE(flags[0]);
    TempDir dir;
    auto worker = Process::spawn(worker_argv(dir, {.service = "echo", .addresses = echo_addresses(dir),
                                                   .extra_args = flags}));
    auto status = worker.wait_exit();
    REQUIRE(status);
    const std::string out = worker.output();
    CHECK_MESSAGE(exited_with(*status, 2), out);
    CHECK_MESSAGE(non_empty_lines(out).size() == 1, out);
    CHECK_MESSAGE(out.find("unknown log level; use DEBUG, INFO, WARNING, ERROR or CRITICAL") != std::string::npos, out);
  }
}

TEST_CASE("-cl=warning -wt=0.01 -bc=3 -l=PATH -f=debug are the seed's flags with their values") {
  TempDir dir;
  const auto log = dir / "echo.log";
  const std::string out =
      run_echo_and_stop(dir, {"-cl=warning", "-wt=0.01", "-bc=3", "-l=" + log.string(), "-f=DEBUG"});
  CHECK_MESSAGE(out.find("serving") == std::string::npos, out);  // console at warning
  REQUIRE_MESSAGE(std::filesystem::exists(log), out);
  const std::string logged = read_file(log);
  CHECK_MESSAGE(logged.find("serving") != std::string::npos, logged);  // file at debug
  CHECK_MESSAGE(logged.find("received SIGTERM") != std::string::npos, logged);
}

TEST_CASE("a float | int config key converts from the command line") {
  TempDir dir;
  sf::Json addresses = {{"states",
                         {{"out",
                           {{"book", {{"publisher", ipc_endpoint(dir, "book.pub")}, {"replyer", ipc_endpoint(dir, "book.rep")}}},
                            {"top", {{"publisher", ipc_endpoint(dir, "top.pub")}, {"replyer", ipc_endpoint(dir, "top.rep")}}}}}}}};
  auto publisher = Process::spawn(worker_argv(
      dir, {.service = "book_publisher",
            .addresses = addresses,
            .extra_args = {"--rate_hz", "50", "--count", "3", "--hold", "false"},
            .main_mode = true}));
  auto status = publisher.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(exited_with(*status, 0), publisher.output());
  CHECK_MESSAGE(publisher.output().find("book_publisher: done: 3 deltas") != std::string::npos, publisher.output());
}

TEST_CASE("a config key named like a worker flag is the service's - --sf-<flag> is the worker's") {
  TempDir dir;
  sf::Json addresses = {{"connections",
                         {{"in", {{"misbehave", {{"replyer", ipc_endpoint(dir, "misbehave")}}}}},
                          {"out", {{"noise", {{"publisher", ipc_endpoint(dir, "noise")}}}}}}}};
  auto worker = start_worker(dir, {.service = "misbehaver",
                                   .addresses = addresses,
                                   .extra_args = {"--name", "alice", "--describe", "yes", "--sf-name", "worker-7"}});
  REQUIRE_MESSAGE(worker.wait_ready(), worker.output());
  worker.signal(SIGTERM);
  auto status = worker.wait_exit();
  REQUIRE(status);
  const std::string out = worker.output();
  CHECK_MESSAGE(exited_with(*status, 0), out);
  // --name and --describe reached the config; the worker ran instead of describing.
  CHECK_MESSAGE(out.find(R"(misbehaver: config {"describe":true,"name":"alice"})") != std::string::npos, out);
  // The worker's own --name, spelled --sf-name, named the log lines.
  CHECK_MESSAGE(out.find("[worker-7]") != std::string::npos, out);
  CHECK_MESSAGE(out.find("[alice]") == std::string::npos, out);

  // --sf-describe is the worker's flag whatever the config declares.
  auto describe = Process::spawn({worker_binary().string(), "--sf-describe", "-s", plugin("misbehaver").string()});
  auto described = describe.wait_exit();
  REQUIRE(described);
  CHECK(exited_with(*described, 0));
  const auto models = sf::Json::parse(describe.output());
  CHECK(models["config_model"]["optional"].contains("name"));
}

TEST_CASE("framework flags the service does not declare keep their meaning") {
  TempDir dir;
  const std::string out = run_echo_and_stop(dir, {"--name", "shouty"});
  CHECK_MESSAGE(out.find("[shouty]") != std::string::npos, out);
}
