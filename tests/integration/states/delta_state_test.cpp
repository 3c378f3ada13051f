// delta_update_out/in and full_update_out/in between real workers over real
// sockets: book_publisher and book_follower, with a lossy proxy or a
// hand-driven publisher where a test needs exact control of the stream.
#include <signal.h>

#include <doctest/doctest.h>

#include "book_services.hpp"
#include "state_test_peers.hpp"
#include "../../../services/book_publisher/book.hpp"

using namespace statetest;
using sftest::TempDir;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("states: a follower started after 1000 deltas ends with exactly the publisher's state") {
  TempDir dir;
  BookEndpoints e(dir);
  // No heartbeats or republishing in this test: the only way the follower can
  // get the book (and `top`) is by asking for them when it starts.
  auto publisher = start_publisher(
      dir, e, {{"count", 1000}, {"rate_hz", 20000}, {"heartbeat_ms", 0}, {"snapshot_interval_ms", 0}});
  auto done = wait_publisher_done(publisher);
  REQUIRE_MESSAGE(done, publisher.output());
  CHECK(done->current_num == 1000);

  auto follower = start_follower(dir, follower_addresses(e, e.book_publisher), {{"log_every", 1}});
  ChecksumClient client(e.checksum);
  auto reply = wait_follower_checksum(follower, client, done->checksum);
  REQUIRE_MESSAGE(reply, follower.output());
  CHECK((*reply)["current_num"] == 1000);
  CHECK((*reply)["levels"] == done->levels);
  CHECK(has(follower.output(), "state 'book': synchronised at #1000"));
  // `top` (full_update_in) comes from the last-value reply.
  REQUIRE_MESSAGE(follower.wait_for_output("state 'top': first value received (last value)"), follower.output());
  reply = client.ask();
  REQUIRE(reply);
  CHECK_MESSAGE((*reply)["top"].value("levels", -1) == done->levels, reply->dump());
  // Both ends compute the spread with sf::Decimal: the publisher for `top`,
  // the follower from its own copy of the book.
  REQUIRE_MESSAGE((*reply)["top"].contains("spread"), reply->dump());
  CHECK_MESSAGE((*reply)["spread"] == (*reply)["top"]["spread"], reply->dump());
  CHECK(sf::Decimal((*reply)["top"]["spread"]) ==
        sf::Decimal((*reply)["top"]["best_ask"]) - sf::Decimal((*reply)["top"]["best_bid"]));
}

TEST_CASE("states: a follower behind a lossy proxy detects the gaps and converges (with a topic)") {
  TempDir dir;
  BookEndpoints e(dir);
  const std::string proxy = "ipc://" + (dir / "proxy.pub").string();
  LossyProxy lossy(e.book_publisher, proxy, 25);  // every 25th publication is lost

  // The follower subscribes through the proxy; snapshots come straight from the publisher.
  auto follower =
      start_follower(dir, follower_addresses(e, proxy), {{"log_every", 1}, {"topic", "book.v1"}, {"is_xsub", true}});
  auto publisher = start_publisher(dir, e,
                                   {{"count", 2000},
                                    {"rate_hz", 5000},
                                    {"topic", "book.v1"},
                                    {"heartbeat_ms", 100},
                                    {"snapshot_interval_ms", 0},
                                    {"wait_subscribers", 1}});
  auto done = wait_publisher_done(publisher, {&follower});
  REQUIRE_MESSAGE(done, publisher.output());

  ChecksumClient client(e.checksum);
  auto reply = wait_follower_checksum(follower, client, done->checksum);
  REQUIRE_MESSAGE(reply, follower.output());
  CHECK(lossy.dropped() > 0);
  CHECK(has(follower.output(), "state 'book': gap: expected #"));
  CHECK((*reply)["current_num"].get<std::int64_t>() >= done->current_num);
}

TEST_CASE("states: a publisher restarted mid-stream (numbers start again) is followed") {
  TempDir dir;
  BookEndpoints e(dir);
  auto first = start_publisher(dir, e, {{"count", 0}, {"rate_hz", 2000}, {"seed", 1}}, "first_run");
  auto follower = start_follower(dir, follower_addresses(e, e.book_publisher), {{"log_every", 1}});
  REQUIRE_MESSAGE(follower.wait_for_output("state 'book': synchronised at #"), follower.output());
  // Let it follow some live deltas before the crash.
  REQUIRE(follower.wait_for_output("book_follower: book at #"));
  first.signal(SIGKILL);
  REQUIRE(first.wait_exit());

  // Slow enough that the follower is back on the stream while it runs.
  auto second = start_publisher(dir, e, {{"count", 600}, {"rate_hz", 1000}, {"seed", 2}, {"heartbeat_ms", 100}},
                                "second_run");
  auto done = wait_publisher_done(second, {&follower});
  REQUIRE_MESSAGE(done, second.output());
  ChecksumClient client(e.checksum);
  auto reply = wait_follower_checksum(follower, client, done->checksum);
  REQUIRE_MESSAGE(reply, follower.output());
  CHECK(has(follower.output(), "state 'book': publisher restarted"));
  CHECK((*reply)["levels"] == done->levels);
}

TEST_CASE("states: a delta deletes keys and an invalid delta is logged and dropped with the state unchanged") {
  TempDir dir;
  BookEndpoints e(dir);
  FakeStatePublisher fake(e.book_publisher, e.book_replyer, "fake-run");
  auto follower = start_follower(dir, follower_addresses(e, e.book_publisher), {{"log_every", 1}});
  ChecksumClient client(e.checksum);

  // Subscribed, then asked: answer only once both happened, so #11 can't be missed.
  REQUIRE(fake.wait_subscription(10s));
  auto request = fake.wait_request(10s);
  REQUIRE(request);
  sf::Json book = {{"bids", {{"99.50", sf::decimal("1")}}},
                   {"asks", {{"100.50", sf::decimal("2")}}},
                   {"last_trade", sf::decimal("100.00")}};
  fake.reply_snapshot(*request, book, 10);
  REQUIRE_MESSAGE(follower.wait_for_output("state 'book': synchronised at #10"), follower.output());

  fake.publish({{"last_trade", nullptr}}, 11);  // deletes a key
  book.erase("last_trade");
  auto reply = wait_follower_checksum(follower, client, book::checksum(book));
  REQUIRE_MESSAGE(reply, follower.output());
  CHECK((*reply)["current_num"] == 11);
  CHECK((*reply)["keys"] == sf::Json{"asks", "bids"});

  fake.publish({{"bids", {{"not-a-price", sf::decimal("1")}}}, {"asks", sf::Json::object()}}, 12);  // invalid
  REQUIRE_MESSAGE(follower.wait_for_output("state 'book': delta #12 dropped, state unchanged: "), follower.output());
  reply = client.ask();
  REQUIRE(reply);
  CHECK((*reply)["checksum"] == book::checksum(book));  // neither key of #12 landed
  CHECK((*reply)["current_num"] == 11);

  fake.publish({{"bids", nullptr}}, 13);  // deleting a required key is invalid too
  REQUIRE(follower.wait_for_output("delta #13 dropped, state unchanged: state.bids: a required key cannot be deleted"));

  // The stream goes on after both: #14 applies.
  fake.publish({{"asks", {{"100.75", sf::decimal("3")}}}}, 14);
  book["asks"] = {{"100.75", sf::decimal("3")}};
  reply = wait_follower_checksum(follower, client, book::checksum(book));
  REQUIRE_MESSAGE(reply, follower.output());
  CHECK((*reply)["current_num"] == 14);
  CHECK_FALSE(has(follower.output(), "resynchronising"));
  follower.signal(SIGTERM);
  auto status = follower.wait_exit();
  REQUIRE(status);
  CHECK(sftest::exited_with(*status, 0));
}
