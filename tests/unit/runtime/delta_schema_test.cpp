// How a delta state's model validates deltas and snapshots, and the wire
// messages both sides read.
#include <doctest/doctest.h>

#include <sf/error.hpp>

#include "model/schema.hpp"
#include "states/delta_schema.hpp"
#include "states/state_message.hpp"
#include "wire/codec.hpp"

using sf::Json;
using namespace sf::detail;

namespace {

ArgsSchema book_model() {
  sf::ArgsModel m;
  m.required = {{"bids", "map[decimal, decimal]"}};
  m.optional = {{"last_trade", "decimal"}};
  return ArgsSchema::compile(m, "state 'book' arguments");
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("delta schema: every key is optional in a delta and null deletes an optional key") {
  ArgsSchema model = book_model();
  DeltaSchema schema(model);
  CHECK(schema.check_delta(Json::object()) == "");
  CHECK(schema.check_delta({{"last_trade", sf::decimal("1.5")}}) == "");
  CHECK(schema.check_delta({{"last_trade", nullptr}}) == "");
  CHECK(schema.check_delta({{"bids", {{"101.5", sf::decimal("2")}}}}) == "");
}

TEST_CASE("delta schema: what a delta may not do") {
  ArgsSchema model = book_model();
  DeltaSchema schema(model);
  CHECK(contains(schema.check_delta({{"bids", nullptr}}), "args.bids: a required key cannot be deleted"));
  CHECK(contains(schema.check_delta({{"asks", Json::object()}}), "args.asks: not a key of this state (declared: bids, last_trade)"));
  CHECK(contains(schema.check_delta({{"last_trade", "1.5"}}), "args.last_trade"));
  CHECK(contains(schema.check_delta({{"bids", {{"abc", sf::decimal("2")}}}}), "args.bids"));
  CHECK(contains(schema.check_delta(Json::array()), "expected an object"));
}

TEST_CASE("delta schema: a snapshot has declared keys and no nulls") {
  ArgsSchema model = book_model();
  DeltaSchema schema(model);
  CHECK(schema.check_snapshot(Json::object()) == "");
  CHECK(schema.check_snapshot({{"bids", Json::object()}, {"last_trade", sf::decimal("3")}}) == "");
  CHECK(contains(schema.check_snapshot({{"last_trade", nullptr}}), "state.last_trade: null in a snapshot"));
  CHECK(contains(schema.check_snapshot({{"other", 1}}), "state.other: not a key"));
}

TEST_CASE("apply_delta sets keys and deletes null ones") {
  Json map = {{"a", 1}, {"b", 2}};
  apply_delta(map, {{"a", 10}, {"b", nullptr}, {"c", 3}, {"missing", nullptr}});
  CHECK(map == Json{{"a", 10}, {"c", 3}});
}

TEST_CASE("state messages: the Python framework's args plus the epoch in the envelope") {
  Json published = state_publication({{"a", 1}}, false, 7, "e1", "wf");
  CHECK(published["args"] == Json{{"state", {{"a", 1}}}, {"is_snapshot", false}, {"current_num", 7}});
  CHECK(published["workflow_id"] == "wf");
  CHECK(published["epoch"] == "e1");

  // Through msgpack and back.
  std::vector<std::uint8_t> bytes;
  wire::encode(published, bytes);
  StateMessage message = read_state_publication(wire::decode(bytes.data(), bytes.size()));
  CHECK(message.seq == 7);
  CHECK_FALSE(message.is_snapshot);
  CHECK(message.epoch == "e1");
  CHECK(message.workflow_id == "wf");
  CHECK(message.state == Json{{"a", 1}});

  StateMessage reply = read_snapshot_reply(snapshot_reply({{"a", 2}}, 9, "e1", "wf2"));
  CHECK(reply.is_snapshot);
  CHECK(reply.seq == 9);
  CHECK(reply.state == Json{{"a", 2}});
}

TEST_CASE("state messages: a Python publisher's messages (no epoch - a reply without is_snapshot)") {
  StateMessage message = read_state_publication(
      {{"args", {{"state", Json::object()}, {"is_snapshot", true}, {"current_num", 0}}}, {"workflow_id", "x"}});
  CHECK(message.epoch == "");
  CHECK(message.is_snapshot);
  StateMessage reply = read_snapshot_reply({{"return_args", {{"state", {{"k", 1}}}, {"current_num", 4}}}});
  CHECK(reply.is_snapshot);
  CHECK(reply.seq == 4);
  CHECK(reply.workflow_id.is_null());  // none sent: none kept
}

TEST_CASE("state messages: malformed ones are one clear error each") {
  auto error_of = [](const Json& payload) {
    try {
      read_state_publication(payload);
    } catch (const sf::Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  CHECK(contains(error_of(Json::array()), "must be"));
  CHECK(contains(error_of({{"workflow_id", "x"}}), "no \"args\""));
  CHECK(contains(error_of({{"args", {{"state", 1}, {"is_snapshot", false}, {"current_num", 1}}}}), "args.state"));
  CHECK(contains(error_of({{"args", {{"state", Json::object()}, {"is_snapshot", false}, {"current_num", "1"}}}}),
                 "args.current_num"));
  CHECK(contains(error_of({{"args", {{"state", Json::object()}, {"current_num", 1}}}}), "args.is_snapshot"));
  CHECK(contains(error_of({{"args", {{"state", Json::object()}, {"is_snapshot", false}, {"current_num", 1}, {"x", 1}}}}),
                 "args.x: unknown key"));
  CHECK_THROWS_WITH_AS(read_snapshot_reply({{"error", {{"kind", "invalid"}, {"message", "nope"}}}}),
                       doctest::Contains("nope"), sf::Error);
}

// Found by fuzz_state_message: a peer's key or error text is quoted, never
// copied, so a newline in it cannot split the one-line error.
TEST_CASE("state messages: a peer's key or error text with a newline stays one line") {
  auto error_of = [](auto read, const Json& payload) {
    try {
      read(payload);
    } catch (const sf::Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  const std::string unknown = error_of(read_state_publication,
      {{"args", {{"state", Json::object()}, {"is_snapshot", false}, {"current_num", 1}, {"x\ny", 1}}}});
  CHECK(contains(unknown, "args.x\\x0ay: unknown key"));
  const std::string answered = error_of(read_snapshot_reply, {{"error", {{"message", "first\nsecond"}}}});
  CHECK(contains(answered, "first\\x0asecond"));
  const std::string not_text = error_of(read_snapshot_reply, {{"error", {{"message", 7}}}});
  CHECK(contains(not_text, "answered an error: 7"));
  for (const auto& text : {unknown, answered, not_text}) CHECK(text.find('\n') == std::string::npos);
}
