// `check` and `up` with real plugins: mistyped config and args values, a
// wildcard address peers would connect to, ${VAR} from sfsup's environment;
// `stop_signal:` and run-to-completion with real workers.
#include <signal.h>

#include <fstream>

#include <doctest/doctest.h>

#include "sfsup_fixture.hpp"
#include "topology_dir.hpp"

using namespace sfsup_test;
using sftest::Process;

namespace {

using TopologyFile = TopologyDir;

std::string plugin(std::string_view name) { return sftest::plugin(name).string(); }

}  // namespace

TEST_CASE("check and up refuse mistyped config and args values at file:line:col and start nothing") {
  TopologyFile file(R"(name: typed
services:
  ticker:
    service: )" + plugin("ticker") + R"(
    main: true
    config:
      count: lots
      rate_hz: fast
    args: {wait_subscribers: "2.5"}
)");
  auto check = file.sfsup({"check", file.topology().string()});
  CHECK(sftest::exited_with(check.status, 1));
  const std::string at = file.topology().string();
  INFO(check.output);
  CHECK(check.output.find(at + ":7:14: config 'count' of service 'ticker' must be int (config_model of "
                               "libticker.so), got str 'lots'; write a whole number, e.g. count: 5") !=
        std::string::npos);
  CHECK(check.output.find(at + ":8:16: config 'rate_hz' of service 'ticker' must be float") !=
        std::string::npos);
  CHECK(check.output.find(at + ":9:30: args 'wait_subscribers' of service 'ticker' must be int") !=
        std::string::npos);
  CHECK(check.output.find("3 problems; nothing was started") != std::string::npos);

  auto up = file.sfsup({"up", file.topology().string(), "-d"});
  CHECK(sftest::exited_with(up.status, 1));
  CHECK(up.output.find(at + ":7:14: config 'count'") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(file.run_dir() / "control.sock"));
  CHECK_FALSE(std::filesystem::exists(file.run_dir() / "logs" / "ticker.log"));
}

TEST_CASE("check refuses a wildcard bind address its peers would connect to") {
  TopologyFile file(R"(services:
  echo:
    service: )" + plugin("echo") + R"(
    connections:
      in: {echo: {address: "tcp://0.0.0.0:5555"}}
  pinger:
    service: )" + plugin("pinger") + R"(
    main: true
    connections:
      out: {echo: {to: echo.echo}}
)");
  auto check = file.sfsup({"check", file.topology().string()});
  CHECK(sftest::exited_with(check.status, 1));
  CHECK_MESSAGE(check.output.find(":5:28: echo.echo.replyer binds the wildcard tcp://0.0.0.0:5555") !=
                    std::string::npos,
                check.output);
  CHECK(check.output.find("write tcp://127.0.0.1:5555") != std::string::npos);
}

TEST_CASE("variables come from sfsup's environment - an unset one is a located error") {
  TopologyFile file(R"(x-limits: &limits {restart: never}
services:
  ticker:
    <<: *limits
    service: )" + plugin("ticker") + R"(
    main: true
    config:
      count: ${SFSUP_TEST_TICKS}
      rate_hz: $SFSUP_TEST_RATE
)");
  auto unset = file.sfsup({"check", file.topology().string()});
  CHECK(sftest::exited_with(unset.status, 1));
  CHECK_MESSAGE(unset.output.find(":8:14: ${SFSUP_TEST_TICKS} is not set") != std::string::npos, unset.output);

  auto up = file.sfsup({"up", file.topology().string()},
                       {{"SFSUP_TEST_TICKS", "3"}, {"SFSUP_TEST_RATE", "500.5"}});
  // A lone main with restart: never runs to completion and sfsup ends with it.
  CHECK_MESSAGE(up.ok(), up.output);
  CHECK(up.output.find("ticker: sent 3 ticks") != std::string::npos);
  CHECK(up.output.find("every service has finished") != std::string::npos);
}

TEST_CASE("up --exit-code-from a real pinger whose check fails exits non-zero") {
  TopologyFile file(R"(services:
  echo:
    service: )" + plugin("echo") + R"(
    config: {prefix: "re: "}
  pinger:
    service: )" + plugin("pinger") + R"(
    main: true
    config: {count: 2, expect_prefix: "wrong: "}
    connections:
      out: {echo: {to: echo.echo}}
)");
  auto up = file.sfsup({"up", file.topology().string(), "--exit-code-from", "pinger"});
  INFO(up.output);
  CHECK_FALSE(sftest::exited_with(up.status, 0));
  CHECK(up.output.find("pinger exited (exit ") != std::string::npos);
  CHECK(up.output.find("stopping the topology (--abort-on-exit)") != std::string::npos);
  CHECK(up.output.find("echo stopped") != std::string::npos);
}

TEST_CASE("stop_signal: a real worker is stopped with the signal the topology names") {
  TopologyFile file(R"(services:
  echo:
    service: )" + plugin("echo") + R"(
    stop_signal: SIGINT
)");
  auto up = file.sfsup({"up", file.topology().string(), "-d"});
  REQUIRE_MESSAGE(up.ok(), up.output);
  auto stop = file.sfsup({"stop", "echo"});
  REQUIRE_MESSAGE(stop.ok(), stop.output);
  const std::string log = sftest::read_file(file.run_dir() / "logs" / "echo.log");
  CHECK_MESSAGE(log.find("received SIGINT") != std::string::npos, log);
  CHECK(log.find("sent SIGINT") != std::string::npos);
}
