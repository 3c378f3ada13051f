// An out-state's publisher has the same subscription cap as a connection's
// (docs/hardening.md, Limits): a pyzmq flooder on book_publisher's delta
// state is dropped, named in the warning, and a follower of that state still
// ends with exactly the publisher's book.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "book_services.hpp"
#include "python_peer.hpp"

using namespace sftest;
using namespace statetest;

TEST_CASE("states: a subscription flood on a state's publisher drops the flooder - the follower converges") {
  TempDir dir;
  BookEndpoints e(dir);
  auto follower = start_follower(dir, follower_addresses(e, e.book_publisher), {{"log_every", 1}});
  // 2,000 deltas at 400 Hz: five seconds of publishing through the flood.
  auto publisher = start_publisher(dir, e, {{"count", 2000}, {"rate_hz", 400}, {"wait_subscribers", 1}});
  auto flooder = start_python_peer("py_subscription_flooder.py", {e.book_publisher, "100000"});

  auto done = wait_publisher_done(publisher, {&follower, &flooder});
  REQUIRE_MESSAGE(done, publisher.output());
  CHECK_MESSAGE(publisher.output().find("passed the cap (max_subscriptions 10000") != std::string::npos,
                publisher.output());
  CHECK_MESSAGE(publisher.output().find(fmt::format("from pid {} ", flooder.pid())) != std::string::npos,
                publisher.output());
  ChecksumClient client(e.checksum);
  auto reply = wait_follower_checksum(follower, client, done->checksum);
  REQUIRE_MESSAGE(reply, follower.output());
  CHECK((*reply)["current_num"] == done->current_num);
}
