// Topics are msgpack(topic) prefixes: a subscriber on the publisher's topic
// and one on no topic get every tick; one on another topic gets none, even
// when its topic is a string prefix of the publisher's ("tick" vs "ticks").
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

namespace {

Process start_counter(const TempDir& dir, const std::string& endpoint, std::optional<std::string> topic,
                      int expect) {
  std::vector<std::string> args = {"--expect", std::to_string(expect)};
  if (topic) args.insert(args.end(), {"--topic", *topic});
  return start_worker(dir, {.service = "tick_counter",
                            .addresses = {{"connections", {{"in", {{"ticks", {{"subscriber", endpoint}}}}}}}},
                            .extra_args = args});
}

std::string stop_and_report(Process& counter) {
  counter.signal(SIGINT);
  auto status = counter.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(exited_with(*status, 0), counter.output());
  return counter.output();
}

}  // namespace

TEST_CASE("topics: on-topic and all-topics subscribers get every tick - another topic gets none") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "ticks");
  const int count = 200;

  auto on_topic = start_counter(dir, endpoint, "ticks", count);
  auto all_topics = start_counter(dir, endpoint, std::nullopt, count);
  auto other_topic = start_counter(dir, endpoint, "tick", count);
  REQUIRE(on_topic.wait_ready());
  REQUIRE(all_topics.wait_ready());
  REQUIRE(other_topic.wait_ready());

  auto ticker = start_worker(
      dir, {.service = "ticker",
            .addresses = {{"connections", {{"out", {{"ticks", {{"publisher", endpoint}}}}}}}},
            .config = sf::Json{{"count", count}, {"rate_hz", 5000}, {"topic", "ticks"}, {"wait_subscribers", 3}},
            .main_mode = true});
  auto ticker_status = ticker.wait_exit();
  REQUIRE_MESSAGE(ticker_status, ticker.output());
  CHECK_MESSAGE(exited_with(*ticker_status, 0), ticker.output());

  const std::string all_in = "all " + std::to_string(count) + " expected ticks received";
  REQUIRE_MESSAGE(on_topic.wait_for_output(all_in), on_topic.output());
  REQUIRE_MESSAGE(all_topics.wait_for_output(all_in), all_topics.output());

  const std::string full = "received " + std::to_string(count) + " ticks, 0 gaps (SIGINT)";
  CHECK_MESSAGE(stop_and_report(on_topic).find(full) != std::string::npos, on_topic.output());
  CHECK_MESSAGE(stop_and_report(all_topics).find(full) != std::string::npos, all_topics.output());
  // Every tick has gone through the publisher by now (the others got them all),
  // and XPUB filters at the publisher: anything for "tick" would be in flight.
  CHECK_MESSAGE(stop_and_report(other_topic).find("received 0 ticks, 0 gaps (SIGINT)") != std::string::npos,
                other_topic.output());
}
