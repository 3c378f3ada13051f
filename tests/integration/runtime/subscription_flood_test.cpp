// A subscriber sending a publisher more than 10,000 distinct subscription
// prefixes: ZeroMQ keeps them all (no hook refuses one, docs/hardening.md),
// so the publisher says so, once, and goes on publishing.
#include <doctest/doctest.h>

#include "worker_fixture.hpp"

using namespace sftest;

TEST_CASE("a subscription flood is logged once and the publisher goes on") {
  TempDir dir;
  const std::string endpoint = ipc_endpoint(dir, "ticks");
  Process ticker = start_worker(dir, {.service = "ticker",
                                      .addresses = {{"connections", {{"out", {{"ticks", {{"publisher", endpoint}}}}}}}},
                                      .config = sf::Json{{"count", 1'000'000}, {"rate_hz", 50}},
                                      .main_mode = true});
  REQUIRE_MESSAGE(ticker.wait_ready(), ticker.output());

  zmq::context_t context(1);
  zmq::socket_t flood(context, zmq::socket_type::sub);
  flood.set(zmq::sockopt::linger, 0);
  flood.set(zmq::sockopt::sndhwm, 0);  // every subscription reaches the publisher
  flood.connect(endpoint);
  for (int i = 0; i < 10'500; ++i) flood.set(zmq::sockopt::subscribe, "flood-" + std::to_string(i));
  const std::string warning = "more than 10000 distinct subscription prefixes";
  REQUIRE_MESSAGE(ticker.wait_for_output(warning, 30s), ticker.output());

  // More prefixes, then "" (everything): subscriptions from one peer arrive
  // in order, so once a tick comes back every earlier prefix was read too.
  for (int i = 0; i < 2'000; ++i) flood.set(zmq::sockopt::subscribe, "more-" + std::to_string(i));
  flood.set(zmq::sockopt::subscribe, "");
  zmq::pollitem_t item{flood.handle(), 0, ZMQ_POLLIN, 0};
  REQUIRE_MESSAGE(zmq::poll(&item, 1, 20s) > 0, "the publisher stopped publishing\n" << ticker.output());
  CHECK(count_occurrences(ticker.output(), warning) == 1);
  CHECK(ticker.running());
}

TEST_CASE("a subscription longer than 4 KiB drops its sender and the publisher goes on") {
  TempDir dir;
  const std::string endpoint = ipc_endpoint(dir, "ticks");
  Process ticker = start_worker(dir, {.service = "ticker",
                                      .addresses = {{"connections", {{"out", {{"ticks", {{"publisher", endpoint}}}}}}}},
                                      .config = sf::Json{{"count", 1'000'000}, {"rate_hz", 50}},
                                      .main_mode = true});
  REQUIRE_MESSAGE(ticker.wait_ready(), ticker.output());

  zmq::context_t context(1);
  zmq::socket_t hostile(context, zmq::socket_type::sub);
  hostile.set(zmq::sockopt::linger, 0);
  zmq::socket_t monitor(context, zmq::socket_type::pair);
  REQUIRE(zmq_socket_monitor(hostile.handle(), "inproc://hostile-monitor", ZMQ_EVENT_DISCONNECTED) == 0);
  monitor.connect("inproc://hostile-monitor");
  hostile.connect(endpoint);
  // 8 KiB: enough to pass the bound; a 1 MB prefix would overflow the stack
  // of this SUB's own (recursive) subscription trie before the publisher saw it.
  hostile.set(zmq::sockopt::subscribe, std::string(8 * 1024, 'p'));
  zmq::pollitem_t dropped{monitor.handle(), 0, ZMQ_POLLIN, 0};
  CHECK_MESSAGE(zmq::poll(&dropped, 1, 20s) > 0, "the publisher kept a 1 MB subscription");

  zmq::socket_t reader(context, zmq::socket_type::sub);
  reader.set(zmq::sockopt::linger, 0);
  reader.set(zmq::sockopt::subscribe, "");
  reader.connect(endpoint);
  zmq::pollitem_t tick{reader.handle(), 0, ZMQ_POLLIN, 0};
  CHECK_MESSAGE(zmq::poll(&tick, 1, 20s) > 0, "the publisher stopped publishing\n" << ticker.output());
  CHECK(ticker.running());
}
