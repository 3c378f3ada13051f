// The subscription cap end to end: `max_subscriptions` in the topology reaches
// the feed's worker, a pyzmq flooder on the feed's ticks is dropped, the drop
// is counted in errors.subscription_cap and logged naming the flooder, and the
// strategy, subscribed to the same ticks, goes on receiving them.
#include <fstream>
#include <regex>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "metrics_fixture.hpp"
#include "python_peer.hpp"

using namespace metrics_fixture;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}


}  // namespace

TEST_CASE("max_subscriptions from the topology drops a flooder - counts it - and spares the strategy") {
  Market market({}, [](std::string yaml) {
    const std::string edited =
        std::regex_replace(yaml, std::regex("wait_subscribers: 1\\}"), "wait_subscribers: 1}\n    max_subscriptions: 50");
    REQUIRE(edited != yaml);
    return edited;
  });
  REQUIRE_MESSAGE(market.up().ok(), market.up().output);
  json status = market.status_after(std::nullopt);
  const json strategy_before = service_in(status, "strategy");
  CHECK(endpoint_in(service_in(status, "feed"), "ticks")["errors"]["subscription_cap"] == 0);

  const json addresses = json::parse(read_file(market.run_dir() / "workers" / "feed" / "addresses.json"));
  const std::string endpoint = addresses["connections"]["out"]["ticks"]["publisher"].get<std::string>();
  sftest::Process flooder = sftest::start_python_peer("py_subscription_flooder.py", {endpoint, "2000"});

  // Round by round (each a real event) until the drop is counted; the bound
  // only ends a broken test.
  json feed;
  for (int round = 0; round < 60; ++round) {
    status = market.status_after(status["metrics_round"].get<std::uint64_t>());
    feed = service_in(status, "feed");
    if (endpoint_in(feed, "ticks")["errors"]["subscription_cap"].get<std::uint64_t>() > 0) break;
  }
  INFO(feed.dump());
  CHECK(endpoint_in(feed, "ticks")["errors"]["subscription_cap"].get<std::uint64_t>() >= 1);
  const std::string log = read_file(market.run_dir() / "logs" / "feed.log");
  CHECK_MESSAGE(log.find("passed the cap (max_subscriptions 50") != std::string::npos, log);
  CHECK_MESSAGE(log.find(fmt::format("from pid {} ", flooder.pid())) != std::string::npos, log);

  // The strategy's ticks keep coming over the same publisher.
  const auto ticks_then = endpoint_in(service_in(status, "strategy"), "ticks")["messages_in"].get<std::uint64_t>();
  json strategy;
  for (int round = 0; round < 60; ++round) {
    status = market.status_after(status["metrics_round"].get<std::uint64_t>());
    strategy = service_in(status, "strategy");
    if (endpoint_in(strategy, "ticks")["messages_in"].get<std::uint64_t>() > ticks_then + 2) break;
  }
  CHECK(endpoint_in(strategy, "ticks")["messages_in"].get<std::uint64_t>() > ticks_then + 2);
  CHECK(strategy["pid"] == strategy_before["pid"]);
  CHECK(service_in(status, "feed")["state"] == "ready");
}
