// `sfsup status` formatting and the JSON it is built from.
#include <doctest/doctest.h>

#include <string>

#include "control/control_protocol.hpp"
#include "control/status_table.hpp"

using namespace sfsup;
using namespace std::chrono_literals;

namespace {
RunPlan two_service_plan() {
  RunPlan plan;
  plan.name = "market";
  plan.run_dir = "/tmp/x/.sfsup";
  return plan;
}

std::vector<ServiceStatus> statuses() {
  ServiceStatus ticker;
  ticker.name = "ticker";
  ticker.state = ServiceState::ready;
  ticker.pid = 1234;
  ticker.uptime = 192s;
  ticker.restarts = 2;
  ticker.last_exit = "SIGKILL";
  ticker.endpoints = {{"out.ticks.publisher", "ipc:///tmp/x/ticks"},
                      {"in.ctl.replyer", "tcp://127.0.0.1:5555"}};
  ServiceStatus broker;
  broker.name = "broker";
  broker.state = ServiceState::fatal;
  broker.restarts = 5;
  broker.last_exit = "exit 1";
  broker.detail = "exit 1; 5 restarts within 30s already, giving up";
  return {ticker, broker};
}
}  // namespace

TEST_CASE("status JSON carries every column - null where there is no value") {
  auto j = status_to_json(two_service_plan(), statuses(), 42, false);
  CHECK(j["topology"] == "market");
  CHECK(j["supervisor_pid"] == 42);
  REQUIRE(j["services"].size() == 2);
  const auto& ticker = j["services"][0];
  CHECK(ticker["state"] == "ready");
  CHECK(ticker["pid"] == 1234);
  CHECK(ticker["uptime_s"] == 192);
  CHECK(ticker["restarts"] == 2);
  CHECK(ticker["last_exit"] == "SIGKILL");
  CHECK(ticker["endpoints"]["out.ticks.publisher"] == "ipc:///tmp/x/ticks");
  const auto& broker = j["services"][1];
  CHECK(broker["pid"].is_null());
  CHECK(broker["uptime_s"].is_null());
  CHECK(broker["state"] == "fatal");
}

TEST_CASE("status table: aligned columns - extra endpoints and reasons on their own lines") {
  const std::string table = format_status_table(status_to_json(two_service_plan(), statuses(), 42, false));
  INFO(table);
  CHECK(table.find("topology market (run dir /tmp/x/.sfsup, sfsup pid 42)") == 0);
  CHECK(table.find("SERVICE  STATE  PID   UPTIME  RESTARTS  LAST EXIT  ENDPOINTS") != std::string::npos);
  CHECK(table.find("ticker   ready  1234  3m12s   2         SIGKILL    in.ctl.replyer tcp://127.0.0.1:5555\n") !=
        std::string::npos);
  // The second endpoint continues under the ENDPOINTS column.
  const auto column = table.find("ENDPOINTS") - table.find("SERVICE");
  CHECK(table.find(std::string(column, ' ') + "out.ticks.publisher ipc:///tmp/x/ticks\n") !=
        std::string::npos);
  CHECK(table.find("broker   fatal  -     -       5         exit 1     -\n") != std::string::npos);
  CHECK(table.find("\n         exit 1; 5 restarts within 30s already, giving up\n") != std::string::npos);
}

TEST_CASE("status table marks a topology that is shutting down") {
  auto j = status_to_json(two_service_plan(), statuses(), 42, true);
  CHECK(format_status_table(j).find(", shutting down)") != std::string::npos);
}
