// sf::testing::RecordingToSend: a handler's sends, recorded without sockets.
#include <doctest/doctest.h>

#include <sf/testing.hpp>

TEST_CASE("a recording to_send keeps every send in order and answers with the reply function") {
  sf::testing::RecordingToSend out([](const sf::testing::Sent& s) {
    return s.output_name == "echo" ? s.args : sf::Json();
  });
  sf::ToSend& to_send = out.to_send();
  const sf::Json reply = to_send.connection("echo", {{"text", "hi"}});
  CHECK(reply == sf::Json{{"text", "hi"}});
  CHECK(to_send("state", "book", {{"bids", sf::Json::object()}}).is_null());
  REQUIRE(out.sent().size() == 2);
  CHECK(out.sent()[0].output_type == "connection");
  CHECK(out.sent()[1].output_type == "state");
  CHECK(out.sent()[1].output_name == "book");
  // Nothing stops a test's to_send, and it never waits.
  CHECK_FALSE(to_send.stop_requested());
  CHECK(to_send.sleep_for(std::chrono::hours(1)));
  CHECK(to_send.wait_subscribers("ticks", 3, std::chrono::hours(1)));
  CHECK(to_send.workflow_id().empty());
}

TEST_CASE("without a reply function sends return null and the recorder survives a move") {
  sf::testing::RecordingToSend first;
  sf::testing::RecordingToSend out = std::move(first);
  CHECK(out.to_send().connection("ticks", {{"seq", 1}}).is_null());
  REQUIRE(out.sent().size() == 1);
  CHECK(out.sent()[0].args["seq"] == 1);
}
