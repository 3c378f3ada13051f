// ticker -> tick_counter: with wait_subscribers the publisher starts only once
// the subscription reached it, so every tick arrives, in order, none lost.
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

sf::Json subscriber_addresses(const std::string& endpoint) {
  return {{"connections", {{"in", {{"ticks", {{"subscriber", endpoint}}}}}}}};
}

sf::Json publisher_addresses(const std::string& endpoint) {
  return {{"connections", {{"out", {{"ticks", {{"publisher", endpoint}}}}}}}};
}

}  // namespace

TEST_CASE("ticker -> tick_counter: every tick delivered - no gaps - totals on SIGINT") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "ticks");
  const int count = 500;

  auto counter = start_worker(dir, {.service = "tick_counter",
                                    .addresses = subscriber_addresses(endpoint),
                                    .extra_args = {"--expect", std::to_string(count)}});
  REQUIRE_MESSAGE(counter.wait_ready(), counter.output());

  auto ticker = start_worker(dir, {.service = "ticker",
                                   .addresses = publisher_addresses(endpoint),
                                   .config = sf::Json{{"count", count}, {"rate_hz", 5000}, {"wait_subscribers", 1}},
                                   .main_mode = true});
  auto ticker_status = ticker.wait_exit();
  REQUIRE_MESSAGE(ticker_status, ticker.output());
  CHECK_MESSAGE(exited_with(*ticker_status, 0), ticker.output());
  CHECK_MESSAGE(ticker.output().find("ticker: sent " + std::to_string(count) + " ticks") != std::string::npos,
                ticker.output());

  REQUIRE_MESSAGE(counter.wait_for_output("all " + std::to_string(count) + " expected ticks received"),
                  counter.output());
  counter.signal(SIGINT);
  auto counter_status = counter.wait_exit();
  REQUIRE(counter_status);
  CHECK_MESSAGE(exited_with(*counter_status, 0), counter.output());
  CHECK_MESSAGE(counter.output().find("tick_counter: received " + std::to_string(count) +
                                      " ticks, 0 gaps (SIGINT)") != std::string::npos,
                counter.output());
  CHECK(counter.output().find("gap: expected") == std::string::npos);
}

TEST_CASE("ticker fails clearly when its subscribers never come") {
  TempDir dir;
  auto ticker = start_worker(dir, {.service = "ticker",
                                   .addresses = publisher_addresses(ipc_endpoint(dir, "ticks")),
                                   .config = sf::Json{{"count", 5}, {"wait_subscribers", 1}, {"wait_timeout_ms", 200}},
                                   .main_mode = true});
  auto status = ticker.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(!exited_with(*status, 0), ticker.output());
  CHECK_MESSAGE(ticker.output().find("fewer than 1 subscriber(s)") != std::string::npos, ticker.output());
}
