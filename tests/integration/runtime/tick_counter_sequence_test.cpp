// tick_counter at the end of the int64 sequence space: the tick after
// 2^63-1 is expected to be 0, so a jump there is still counted as a gap
// (the old `seq + 1` overflowed: UBSan aborts on it, a plain build silently
// stopped checking). Ticks come from a raw XPUB socket, so the test picks
// the sequence numbers a real ticker would need 2^63 ticks to reach.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "wire/codec.hpp"
#include "worker_fixture.hpp"

using namespace sftest;

namespace {

// One published tick, framed as a publisher connection sends it (no topic).
zmq::message_t tick_frame(std::int64_t seq) {
  std::vector<std::uint8_t> bytes;
  const sf::Json args = {{"seq", seq}, {"price", sf::decimal("100.25")}, {"ts", sf::now()}};
  sf::detail::wire::encode_request(args, "tick-" + std::to_string(seq), bytes);
  return zmq::message_t(bytes.data(), bytes.size());
}

}  // namespace

TEST_CASE("tick_counter: the tick after seq 2^63-1 is expected to be 0 - a jump there is a gap") {
  TempDir dir;
  const auto endpoint = ipc_endpoint(dir, "ticks");
  zmq::context_t context(1);
  zmq::socket_t publisher(context, zmq::socket_type::xpub);
  publisher.set(zmq::sockopt::linger, 0);
  publisher.bind(endpoint);

  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  auto counter = start_worker(dir, {.service = "tick_counter",
                                    .addresses = {{"connections", {{"in", {{"ticks", {{"subscriber", endpoint}}}}}}}},
                                    .extra_args = {"--expect", "6"}});
  REQUIRE_MESSAGE(counter.wait_ready(), counter.output());

  // XPUB hands us the subscription: from then on nothing we publish is dropped.
  zmq::pollitem_t item{publisher.handle(), 0, ZMQ_POLLIN, 0};
  REQUIRE_MESSAGE(zmq::poll(&item, 1, std::chrono::milliseconds(20000)) == 1, counter.output());
  zmq::message_t subscription;
  REQUIRE(publisher.recv(subscription));

  // max-1 -> max -> 0 -> 1 is in order; 1 -> max is a gap, and so is max -> 7.
  for (std::int64_t seq : {max - 1, max, std::int64_t{0}, std::int64_t{1}, max, std::int64_t{7}}) {
    publisher.send(tick_frame(seq), zmq::send_flags::none);
  }
  REQUIRE_MESSAGE(counter.wait_for_output("all 6 expected ticks received"), counter.output());

  counter.signal(SIGINT);
  auto status = counter.wait_exit();
  REQUIRE(status);
  CHECK_MESSAGE(exited_with(*status, 0), counter.output());
  CHECK_MESSAGE(count_occurrences(counter.output(), "gap: expected") == 2, counter.output());
  CHECK_MESSAGE(counter.output().find("gap: expected seq 2, got " + std::to_string(max)) != std::string::npos,
                counter.output());
  CHECK_MESSAGE(counter.output().find("gap: expected seq 0, got 7") != std::string::npos, counter.output());
  CHECK_MESSAGE(counter.output().find("received 6 ticks, 2 gaps (SIGINT)") != std::string::npos, counter.output());
}
