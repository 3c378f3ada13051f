// Real topologies: the service_framework worker running the example plugins
// from build/services, brought up by sfsup from a YAML file.
#include <signal.h>

#include <fstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"
#include "topology_dir.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

using TopologyRun = TopologyDir;

std::string plugin(std::string_view name) { return sftest::plugin(name).string(); }

}  // namespace

TEST_CASE("echo + pinger: echo starts first - pinger's requests all come back - pinger exits 0") {
  REQUIRE(std::filesystem::exists(sftest::plugin("echo")));
  TopologyRun run(R"(name: pingpong
services:
  pinger:
    service: )" + plugin("pinger") + R"(
    main: true
    config: {count: 3, expect_prefix: "re: "}
    connections:
      out: {echo: {to: echo.echo}}
  echo:
    service: )" + plugin("echo") + R"(
    config: {prefix: "re: "}
)");
  auto check = run.sfsup({"check", run.topology().string()});
  REQUIRE_MESSAGE(check.ok(), check.output);

  auto up = run.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("pinger exited (exit 0); not restarted"), up.output());
  const std::string out = up.output();
  // The replyer is ready before the leading edge starts, whatever the file order.
  const auto echo_ready = out.find("[1/2] echo ready");
  const auto pinger_ready = out.find("[2/2] pinger ready");
  CHECK(echo_ready != std::string::npos);
  CHECK(pinger_ready != std::string::npos);
  CHECK(echo_ready < pinger_ready);
  CHECK(out.find("3 of 3 replies ok") != std::string::npos);
  CHECK(out.find("pinger | ") != std::string::npos);  // streamed, prefixed

  auto status = json::parse(run.sfsup({"status", "--json"}).output);
  for (const auto& s : status["services"]) {
    if (s["name"] == "echo") {
      CHECK(s["state"] == "ready");
      CHECK(s["endpoints"].size() >= 1);
      CHECK(s["endpoints"].begin()->get<std::string>().starts_with("ipc://"));
    } else {
      CHECK(s["state"] == "exited");
      CHECK(s["last_exit"] == "exit 0");
    }
  }
  up.signal(SIGINT);
  auto exit = up.wait_exit();
  REQUIRE(exit.has_value());
  CHECK(sftest::exited_with(*exit, 0));
}

TEST_CASE("ticker -> tick_counter: SIGINT to sfsup runs tick_counter's handler - then all exit") {
  REQUIRE(std::filesystem::exists(sftest::plugin("tick_counter")));
  TopologyRun run(R"(name: ticks
defaults: {stop_timeout_s: 20}
services:
  ticker:
    service: )" + plugin("ticker") + R"(
    main: true
    config: {count: 100000000, rate_hz: 200, wait_subscribers: 1}
    connections:
      out: {ticks: {}}
  tick_counter:
    service: )" + plugin("tick_counter") + R"(
    connections:
      in: {ticks: {from: ticker.ticks}}
)");
  auto up = run.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("all 2 services of 'ticks' are ready"), up.output());
  auto status = json::parse(run.sfsup({"status", "--json"}).output);
  std::vector<ExitWatch> workers;
  for (const auto& s : status["services"]) workers.emplace_back(s["pid"].get<pid_t>());

  up.signal(SIGINT);
  auto exit = up.wait_exit();
  REQUIRE_MESSAGE(exit.has_value(), up.output());
  CHECK(sftest::exited_with(*exit, 0));
  const std::string out = up.output();
  INFO(out);
  // The subscriber's SIGINT handler ran (its log line), after the leading edge stopped.
  const auto handler = out.find("tick_counter: received");
  CHECK(handler != std::string::npos);
  const auto ticker_stopped = out.find("ticker stopped (exit 0)");
  CHECK(ticker_stopped != std::string::npos);
  CHECK(ticker_stopped < out.find("tick_counter stopped (exit 0)"));
  for (auto& w : workers) CHECK(w.wait(0ms));
  // Its log file has the same line, through sfsup's pipe.
  std::ifstream log(run.run_dir() / "logs" / "tick_counter.log");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  CHECK(text.find("tick_counter: received") != std::string::npos);
}

TEST_CASE("check and up refuse a broken topology with file:line:col and start nothing") {
  TopologyRun run(R"(name: broken
services:
  counter:
    service: )" + plugin("tick_counter") + R"(
    connections:
      in: {ticks: {from: nowhere.ticks}}
)");
  auto check = run.sfsup({"check", run.topology().string()});
  CHECK(sftest::exited_with(check.status, 1));
  CHECK(check.output.find(run.topology().string() + ":6:") != std::string::npos);
  auto up = run.sfsup({"up", run.topology().string(), "-d"});
  CHECK(sftest::exited_with(up.status, 1));
  CHECK(up.output.find("nothing was started") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(run.run_dir() / "control.sock"));
}

TEST_CASE("sfsup signal SIGUSR1 - SIGUSR2 - SIGHUP: the worker runs its handler or logs it and keeps running") {
  TopologyRun run(R"(name: usr
services:
  ticker:
    service: )" + plugin("ticker") + R"(
    main: true
    config: {count: 100000000, rate_hz: 20, wait_subscribers: 1}
    connections:
      out: {ticks: {}}
  tick_counter:
    service: )" + plugin("tick_counter") + R"(
    connections:
      in: {ticks: {from: ticker.ticks}}
)");
  auto up = run.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("all 2 services of 'usr' are ready"), up.output());
  auto counter_before = json::parse(run.sfsup({"status", "--json"}).output);
  pid_t pid = 0;
  for (const auto& s : counter_before["services"])
    if (s["name"] == "tick_counter") pid = s["pid"].get<pid_t>();
  REQUIRE(pid > 0);

  auto usr1 = run.sfsup({"signal", "tick_counter", "SIGUSR1"});
  REQUIRE_MESSAGE(usr1.ok(), usr1.output);
  // tick_counter's sigusr1_handler reports its totals; the others are logged.
  REQUIRE_MESSAGE(up.wait_for_output("gaps (SIGUSR1)"), up.output());
  REQUIRE(run.sfsup({"signal", "tick_counter", "SIGUSR2"}).ok());
  REQUIRE_MESSAGE(up.wait_for_output("received SIGUSR2: no sigusr2_handler"), up.output());
  REQUIRE(run.sfsup({"signal", "tick_counter", "SIGHUP"}).ok());
  REQUIRE_MESSAGE(up.wait_for_output("received SIGHUP: log files reopened"), up.output());

  // The same worker, still ready, never restarted.
  auto status = json::parse(run.sfsup({"status", "--json"}).output);
  for (const auto& s : status["services"]) {
    if (s["name"] != "tick_counter") continue;
    CHECK(s["pid"].get<pid_t>() == pid);
    CHECK(s["state"] == "ready");
    CHECK(s["restarts"] == 0);
  }
  CHECK(up.output().find("tick_counter exited") == std::string::npos);
  up.signal(SIGINT);
  auto exit = up.wait_exit();
  REQUIRE_MESSAGE(exit.has_value(), up.output());
  CHECK(sftest::exited_with(*exit, 0));
}

TEST_CASE("a float | int config key converts from topology args") {
  TopologyRun run(R"(name: unions
services:
  book:
    service: )" + plugin("book_publisher") + R"(
    main: true
    restart: never
    args: {rate_hz: 50, count: 3, hold: false}
    states:
      out: {book: {}, top: {}}
)");
  auto check = run.sfsup({"check", run.topology().string()});
  REQUIRE_MESSAGE(check.ok(), check.output);
  auto up = run.up_foreground();
  REQUIRE_MESSAGE(up.wait_for_output("book exited (exit 0)"), up.output());
  CHECK_MESSAGE(up.output().find("book_publisher: done: 3 deltas") != std::string::npos, up.output());
  up.signal(SIGINT);
  REQUIRE(up.wait_exit().has_value());
}
