// A delta follower never stays stale: a second, hostile publisher injects
// through the same XSUB proxy as the real one (which also loses messages on
// purpose), and after each poison the follower's book is the publisher's
// again once the real publisher's stream goes on (docs/states.md, "Who is
// believed").
#include <limits>

#include <doctest/doctest.h>

#include "book_services.hpp"
#include "state_test_peers.hpp"
#include "wire/codec.hpp"

using namespace statetest;
using sf::Json;
using sftest::TempDir;

namespace {

// The real publisher's run and the number of its latest message, read from
// its own socket.
std::pair<std::string, std::int64_t> real_position(const std::string& endpoint) {
  zmq::context_t context(1);
  zmq::socket_t sub(context, zmq::socket_type::sub);
  sub.set(zmq::sockopt::subscribe, "");
  sub.set(zmq::sockopt::rcvtimeo, 10000);
  sub.set(zmq::sockopt::linger, 0);
  sub.connect(endpoint);
  zmq::message_t frame;
  REQUIRE(sub.recv(frame));
  const Json payload = sf::detail::wire::decode(frame.data(), frame.size());
  return {payload.value("epoch", std::string()), payload["args"]["current_num"].get<std::int64_t>()};
}

const Json kBogus = {{"bids", {{"1.00", sf::decimal("999")}}}};

}  // namespace

TEST_CASE("states: a hostile publisher next to the real one never leaves the follower stale") {
  TempDir dir;
  BookEndpoints e(dir);
  const std::string hostile_pub = "ipc://" + (dir / "hostile.pub").string();
  const std::string proxy = "ipc://" + (dir / "proxy.pub").string();
  FakeStatePublisher hostile(hostile_pub, "ipc://" + (dir / "hostile.rep").string(), "unused");
  LossyProxy lossy(e.book_publisher, proxy, 40, {hostile_pub});

  auto follower = start_follower(dir, follower_addresses(e, proxy), {{"log_every", 1}, {"is_xsub", true}});
  auto publisher = start_publisher(
      dir, e,
      {{"count", 300}, {"rate_hz", 5000}, {"heartbeat_ms", 100}, {"snapshot_interval_ms", 0}, {"wait_subscribers", 1}});
  auto done = wait_publisher_done(publisher, {&follower});
  REQUIRE_MESSAGE(done, publisher.output());
  ChecksumClient client(e.checksum);
  REQUIRE_MESSAGE(wait_follower_checksum(follower, client, done->checksum), follower.output());
  REQUIRE(lossy.dropped() > 0);
  REQUIRE(hostile.wait_subscription(10s));

  const auto far = std::numeric_limits<std::int64_t>::max();
  struct Poison {
    const char* what;
    // `last`: the number the real publisher sent last (the follower has it,
    // or will in a moment).
    std::function<void(const std::string& epoch, std::int64_t last)> inject;
    const char* logged;  // the follower's warning naming why it resyncs
  };
  const std::vector<Poison> poisons = {
      {"a delta numbered 2^63-1", [&](auto& epoch, auto) { hostile.publish_as(epoch, kBogus, far); },
       "got #9223372036854775807; resynchronising"},
      {"a snapshot numbered 2^63-2", [&](auto& epoch, auto) { hostile.publish_as(epoch, kBogus, far - 1, true); },
       "the snapshot's number is not the stream's; resynchronising"},
      {"the real publisher's number with other content",
       [&](auto& epoch, auto last) { hostile.publish_as(epoch, kBogus, last); }, "two different messages numbered #"},
      {"a foreign epoch", [&](auto&, auto last) { hostile.publish_as("evil", kBogus, last + 1); },
       "from run evil while following run"},
      {"no epoch", [&](auto&, auto last) { hostile.publish_as("", kBogus, last + 1); },
       "from run (no epoch) while following run"},
      {"a burst numbered 0 then an invalid delta",
       [&](auto& epoch, auto last) {
         for (int i = 0; i < 20; ++i) hostile.publish_as(epoch, kBogus, 0);
         hostile.publish_as(epoch, {{"bids", "not a map"}}, last);
       },
       "two different messages numbered #"},
  };
  auto follower_converges = [&](std::size_t from) {
    // Resynchronised from the replyer after `from`: the publisher's book again.
    REQUIRE_MESSAGE(follower.wait_for_output("state 'book': synchronised at #", 10s, from),
                    follower.output().substr(from));
    auto reply = client.ask();
    REQUIRE(reply);
    CHECK_MESSAGE((*reply)["checksum"] == done->checksum, follower.output().substr(from));
  };

  // Each poison alone on a clean stream: the follower names it and resyncs.
  lossy.set_drop_every(0);
  for (const auto& poison : poisons) {
    CAPTURE(std::string(poison.what));
    const auto [epoch, last] = real_position(e.book_publisher);
    const std::size_t mark = follower.output().size();
    poison.inject(epoch, last);
    REQUIRE_MESSAGE(follower.wait_for_output(poison.logged, 10s, mark), follower.output().substr(mark));
    follower_converges(follower.output().find(poison.logged, mark));
  }
  // Again with every 5th real message lost: gaps and poison interleave, and
  // a resync that came before the poison arrived is followed by another; the
  // book is the publisher's again within a few of them.
  lossy.set_drop_every(5);
  const int dropped_before = lossy.dropped();
  for (const auto& poison : poisons) {
    CAPTURE(std::string(poison.what));
    const auto [epoch, last] = real_position(e.book_publisher);
    std::size_t from = follower.output().size();
    poison.inject(epoch, last);
    bool converged = false;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!converged && std::chrono::steady_clock::now() < deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (!follower.wait_for_output("state 'book': synchronised at #", left, from)) break;
      from = follower.output().find("state 'book': synchronised at #", from) + 1;
      auto reply = client.ask();
      converged = reply && (*reply)["checksum"] == done->checksum;
    }
    CHECK_MESSAGE(converged, follower.output().substr(from > 4000 ? from - 4000 : 0));
  }
  CHECK(lossy.dropped() > dropped_before);
}
