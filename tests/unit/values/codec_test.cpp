// Encoding and decoding frames: payloads, topics, envelopes, non-string keys.
#include <doctest/doctest.h>

#include <sf/error.hpp>

#include "hex.hpp"
#include "wire/codec.hpp"

using sf::Json;
namespace wire = sf::detail::wire;

namespace {

std::vector<std::uint8_t> encoded(const Json& payload) {
  std::vector<std::uint8_t> out;
  wire::encode(payload, out);
  return out;
}

Json decoded(const std::vector<std::uint8_t>& bytes) { return wire::decode(bytes.data(), bytes.size()); }

}  // namespace

TEST_CASE("every kind of value survives encode then decode") {
  const Json payload = {
      {"s", "text"},
      {"i", -5},
      {"u", 300},
      {"f", 0.1},
      {"b", true},
      {"n", nullptr},
      {"d", sf::decimal("101.50")},
      {"id", sf::new_uuid()},
      {"set", sf::set_of({"a", "b"})},
      {"at", sf::now()},
      {"raw", sf::bytes({0, 1, 255})},
      {"list", {1, {2, 3}}},
      {"map", {{"k", {{"x", 1}}}}},
  };
  CHECK(decoded(encoded(payload)) == payload);
}

TEST_CASE("encode appends after what the buffer already holds") {
  std::vector<std::uint8_t> out = {0xa1, 't'};
  wire::encode(Json(1), out);
  CHECK(sf_test::to_hex(out) == "a17401");
}

TEST_CASE("topic prefix is msgpack(topic) - and empty for no topic") {
  CHECK(wire::topic_prefix("").empty());
  const std::string prefix = wire::topic_prefix("ticks");
  CHECK(sf_test::to_hex(std::vector<std::uint8_t>(prefix.begin(), prefix.end())) == "a57469636b73");
  // Long topics get a str8 header; the prefix still frames them.
  const std::string long_topic(40, 'x');
  CHECK(static_cast<unsigned char>(wire::topic_prefix(long_topic)[0]) == 0xd9);
}

TEST_CASE("a frame starting with a str carries a topic - otherwise payload only") {
  const Json payload = wire::request({{"px", sf::decimal("1.25")}}, "wf-1");
  for (const std::string& topic : {std::string("ticks"), std::string(40, 't'), std::string(300, 'u')}) {
    CAPTURE(topic.size());
    const std::string prefix = wire::topic_prefix(topic);
    std::vector<std::uint8_t> frame(prefix.begin(), prefix.end());
    wire::encode(payload, frame);
    const wire::Frame f = wire::decode_frame(frame.data(), frame.size());
    CHECK(f.topic == topic);
    CHECK(f.payload == payload);
  }
  const auto plain = encoded(payload);
  const wire::Frame f = wire::decode_frame(plain.data(), plain.size());
  CHECK(f.topic.empty());
  CHECK(f.payload == payload);
}

TEST_CASE("topic framing errors are one line") {
  const auto only_topic = sf_test::from_hex("a57469636b73");
  CHECK_THROWS_WITH_AS(wire::decode_frame(only_topic.data(), only_topic.size()),
                       "malformed frame: topic 'ticks' with no payload after it", sf::Error);
  const auto short_topic = sf_test::from_hex("a574");
  CHECK_THROWS_WITH(wire::decode_frame(short_topic.data(), short_topic.size()),
                    doctest::Contains("malformed frame: topic of 5 bytes"));
  CHECK_THROWS_WITH(wire::decode_frame(nullptr, 0), "malformed frame: empty");
}

TEST_CASE("decode refuses trailing bytes and truncation with one line") {
  auto bytes = encoded(Json{{"a", 1}});
  bytes.push_back(0xc0);
  CHECK_THROWS_WITH_AS(decoded(bytes), doctest::Contains("malformed frame: "), sf::Error);
  bytes.resize(bytes.size() - 2);
  CHECK_THROWS_WITH_AS(decoded(bytes), doctest::Contains("malformed frame: "), sf::Error);
  const auto reserved = sf_test::from_hex("c1");
  CHECK_THROWS_AS(decoded(reserved), sf::Error);
}

TEST_CASE("maps with non-string keys decode to canonical string keys") {
  // {1: "a", -2: "b", 1.5: "c", true: "d", None: "e", Decimal("101.50"): "f"} as msgpack
  const auto bytes = sf_test::from_hex(
      "86"
      "01a161"
      "fea162"
      "cb3ff8000000000000a163"
      "c3a164"
      "c0a165"
      "82ab5f5f646563696d616c5f5fc3a661735f737472a63130312e3530a166");
  CHECK(decoded(bytes) == Json{{"1", "a"}, {"-2", "b"}, {"1.5", "c"}, {"true", "d"}, {"null", "e"}, {"101.50", "f"}});
}

TEST_CASE("the tolerant path keeps every value kind like the library does") {
  // A non-string key at the front forces the fallback for the whole frame;
  // the values after it must come out as nlohmann itself would give them.
  const Json values = {{"s", "x"},
                       {"u", 200},
                       {"i", -40000},
                       {"f", 0.1},
                       {"bin", sf::bytes({1, 2})},
                       {"at", sf::now()},
                       {"l", {1, nullptr, false}},
                       {"ext", Json::binary({9}, 7)}};
  std::vector<std::uint8_t> bytes = {0x82, 0x07};  // map of 2; first key is the int 7
  wire::encode(Json("seven"), bytes);
  wire::encode(Json("values"), bytes);
  wire::encode(values, bytes);
  CHECK(decoded(bytes) == Json{{"7", "seven"}, {"values", values}});
}

TEST_CASE("envelopes have the wire shape") {
  CHECK(wire::request({{"a", 1}}, "wf") == Json{{"args", {{"a", 1}}}, {"workflow_id", "wf"}});
  CHECK(wire::reply({{"a", 1}}, "wf") == Json{{"return_args", {{"a", 1}}}, {"workflow_id", "wf"}});
  const Json error = wire::error_reply("validation", "args: missing required key 'x'", "wf");
  CHECK(error == Json{{"error", {{"kind", "validation"}, {"message", "args: missing required key 'x'"}}},
                      {"workflow_id", "wf"}});
  CHECK(wire::is_error_reply(error));
  CHECK_FALSE(wire::is_error_reply(wire::reply({}, "wf")));
}

TEST_CASE("encode_request and encode_reply write the same bytes as the envelope") {
  const Json args = {{"price", sf::decimal("1.5")}, {"levels", {{1, 2}, {3, 4}}}, {"at", sf::now()}};
  std::vector<std::uint8_t> direct;
  wire::encode_request(args, "wf-7", direct);
  CHECK(direct == encoded(wire::request(args, "wf-7")));
  direct.clear();
  wire::encode_reply(args, "wf-7", direct);
  CHECK(direct == encoded(wire::reply(args, "wf-7")));
}

TEST_CASE("a peer's error reads as one line whatever its shape") {
  auto text = wire::error_text_of({{"kind", "validation"}, {"message", "line one\nline two \x1b[31m"}});
  CHECK(text.kind == "validation");
  CHECK(text.message == "line one\\x0aline two \\x1b[31m");
  text = wire::error_text_of({{"message", 7}});  // no kind; a message that is not text
  CHECK(text.kind == "error");
  CHECK(text.message == "7");
  // No message: the whole error as JSON, whose own escapes are quoted in turn.
  text = wire::error_text_of({{"kind", Json::array({"a\nb"})}});
  CHECK(text.kind == "[\"a\\x5cnb\"]");
  CHECK(text.message == "{\"kind\":[\"a\\x5cnb\"]}");
  CHECK(wire::error_text_of("plain\ttext").message == "plain\\x09text");
}
