// Two workers wired by addresses files in the seed's shape: the pinger (main
// mode, requester) against the echo (replyer). Covers ipc:// and host:port,
// config from a file in the seed's required/optional shape, and --key value.
#include <set>

#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

sf::Json echo_addresses(const std::string& endpoint) {
  return {{"connections", {{"in", {{"echo", {{"replyer", endpoint}}}}}, {"out", sf::Json::object()}}}};
}

sf::Json pinger_addresses(const std::string& endpoint) {
  return {{"connections", {{"in", sf::Json::object()}, {"out", {{"echo", {{"requester", endpoint}}}}}}}};
}

// Every "echo: workflow <id> text" line's id.
std::set<std::string> echo_workflow_ids(const std::string& output) {
  std::set<std::string> ids;
  const std::string marker = "echo: workflow ";
  for (auto at = output.find(marker); at != std::string::npos; at = output.find(marker, at + 1)) {
    auto start = at + marker.size();
    ids.insert(output.substr(start, output.find(' ', start) - start));
  }
  return ids;
}

void run_pair(const std::string& endpoint, int expected_pings, WorkerSpec pinger_spec) {
  TempDir dir;
  auto echo = start_worker(dir, {.service = "echo", .addresses = echo_addresses(endpoint)});
  REQUIRE_MESSAGE(echo.wait_ready(), echo.output());

  pinger_spec.service = "pinger";
  pinger_spec.addresses = pinger_addresses(endpoint);
  pinger_spec.main_mode = true;
  auto pinger = start_worker(dir, pinger_spec);
  auto status = pinger.wait_exit();
  REQUIRE_MESSAGE(status, pinger.output());
  CHECK_MESSAGE(exited_with(*status, 0), pinger.output());
  CHECK_MESSAGE(pinger.output().find(std::to_string(expected_pings) + " of " +
                                     std::to_string(expected_pings) + " replies ok") != std::string::npos,
                pinger.output());

  // The echo logged every request under its own, distinct workflow id.
  REQUIRE(echo.wait_for_output("text 'ping " + std::to_string(expected_pings - 1) + "'"));
  auto ids = echo_workflow_ids(echo.output());
  CHECK_MESSAGE(ids.size() == static_cast<std::size_t>(expected_pings), echo.output());
  CHECK(ids.count("") == 0);
  CHECK(ids.count("-") == 0);

  echo.signal(SIGTERM);
  auto echo_status = echo.wait_exit();
  REQUIRE(echo_status);
  CHECK_MESSAGE(exited_with(*echo_status, 0), echo.output());
}

}  // namespace

TEST_CASE("echo + pinger over ipc: every reply checked - every workflow id logged") {
  TempDir dir;
  run_pair(ipc_endpoint(dir, "echo"), 10, {});
}

TEST_CASE("echo + pinger over host:port on loopback") {
  run_pair(loopback_host_port(), 10, {});
}

TEST_CASE("pinger config from the command line: --count 3") {
  TempDir dir;
  run_pair(ipc_endpoint(dir, "echo"), 3, {.extra_args = {"--count", "3"}});
}

TEST_CASE("pinger config file in the seed's required/optional shape") {
  TempDir dir;
  run_pair(ipc_endpoint(dir, "echo"), 4, {.config = sf::Json{{"required", sf::Json::object()},
                                                              {"optional", {{"count", 4}}}}});
}

TEST_CASE("echo prefix config: the pinger checks it - and fails on a reply it did not expect") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "echo");
  auto echo = start_worker(dir, {.service = "echo",
                                 .addresses = echo_addresses(endpoint),
                                 .config = sf::Json{{"prefix", ">> "}}});
  REQUIRE_MESSAGE(echo.wait_ready(), echo.output());

  auto good = start_worker(dir, {.service = "pinger",
                                 .addresses = pinger_addresses(endpoint),
                                 .extra_args = {"--count", "2", "--expect_prefix", ">> "},
                                 .main_mode = true});
  auto good_status = good.wait_exit();
  REQUIRE(good_status);
  CHECK_MESSAGE(exited_with(*good_status, 0), good.output());

  // Without expect_prefix the first reply is wrong: the pinger must not exit 0.
  auto bad = start_worker(dir, {.service = "pinger",
                                .addresses = pinger_addresses(endpoint),
                                .extra_args = {"--count", "2"},
                                .main_mode = true});
  auto bad_status = bad.wait_exit();
  REQUIRE(bad_status);
  CHECK_MESSAGE(!exited_with(*bad_status, 0), bad.output());
  CHECK_MESSAGE(bad.output().find("is not 'ping 0'") != std::string::npos, bad.output());
}
