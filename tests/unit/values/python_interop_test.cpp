// Frames produced by the Python framework's encoder, decoded here; and our
// encoding of the same values compared byte for byte where msgpack has one
// canonical encoding. Generated once with /usr/bin/python3, msgpack 1.0.3:
//
//   import msgpack, uuid, datetime
//   from decimal import Decimal
//   def custom_encode(obj):
//       if isinstance(obj, Decimal): return {'__decimal__': True, 'as_str': str(obj)}
//       if isinstance(obj, uuid.UUID): return {'__uuid__': True, 'as_str': str(obj)}
//       if isinstance(obj, set): return {'__set__': True, 'value': sorted(obj)}
//       return obj
//   def packb(o): return msgpack.packb(o, default=custom_encode, use_bin_type=True, datetime=True)
//   utc = datetime.timezone.utc
//   request = packb({'args': dict(sorted({'order_id': 'A-1', 'price': Decimal('101.50'), 'qty': 3, 'neg': -200,
//       'id': uuid.UUID('123e4567-e89b-42d3-a456-426614174000'), 'tags': {'x', 'y'}, 'raw': b'\x00\xff',
//       'ratio': 0.1, 'at': datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=utc),
//       'at_us': datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=utc),
//       'old': datetime.datetime(1960, 1, 1, 0, 0, 0, 500000, tzinfo=utc),
//       'none': None, 'levels': [[1, 'a'], [2, 'b']]}.items())), 'workflow_id': 'wf-1'})
//   book = packb({'return_args': {'asks': {Decimal('101.5'): Decimal('2'), Decimal('102'): Decimal('0.25')},
//       'levels': {3: 'x', -1: 'y'}, 'by_id': {uuid.UUID('123e4567-e89b-42d3-a456-426614174000'): 1.5}},
//       'workflow_id': 'wf-2'})
//   topic = packb('ticks') + packb({'args': {'px': Decimal('1.25')}, 'workflow_id': 'wf-3'})
//   error = packb({'error': {'kind': 'validation', 'message': "args: missing required key 'order_id'"},
//       'workflow_id': 'wf-4'})
//   print(request.hex(), book.hex(), topic.hex(), error.hex())
#include <doctest/doctest.h>

#include "hex.hpp"
#include "model/schema.hpp"
#include "wire/codec.hpp"

using sf::Json;
namespace wire = sf::detail::wire;
using namespace std::chrono;

namespace {

constexpr const char* kRequest =
    "82a4617267738da26174d6ff65937d25a561745f7573d7ff1d6f280065937d25a2696482a85f5f757569645f5fc3a661735f737472d92431"
    "323365343536372d653839622d343264332d613435362d343236363134313734303030a66c6576656c73929201a1619202a162a36e6567d1"
    "ff38a46e6f6e65c0a36f6c64c70cff1dcd6500ffffffffed300880a86f726465725f6964a3412d31a5707269636582ab5f5f646563696d61"
    "6c5f5fc3a661735f737472a63130312e3530a371747903a5726174696fcb3fb999999999999aa3726177c40200ffa47461677382a75f5f73"
    "65745f5fc3a576616c756592a178a179ab776f726b666c6f775f6964a477662d31";
constexpr const char* kBook =
    "82ab72657475726e5f6172677383a461736b738282ab5f5f646563696d616c5f5fc3a661735f737472a53130312e3582ab5f5f646563696d"
    "616c5f5fc3a661735f737472a13282ab5f5f646563696d616c5f5fc3a661735f737472a331303282ab5f5f646563696d616c5f5fc3a66173"
    "5f737472a4302e3235a66c6576656c738203a178ffa179a562795f69648182a85f5f757569645f5fc3a661735f737472d924313233653435"
    "36372d653839622d343264332d613435362d343236363134313734303030cb3ff8000000000000ab776f726b666c6f775f6964a477662d32";
constexpr const char* kTopic =
    "a57469636b7382a46172677381a2707882ab5f5f646563696d616c5f5fc3a661735f737472a4312e3235ab776f726b666c6f775f6964a477"
    "662d33";
constexpr const char* kError =
    "82a56572726f7282a46b696e64aa76616c69646174696f6ea76d657373616765d925617267733a206d697373696e67207265717569726564"
    "206b657920276f726465725f696427ab776f726b666c6f775f6964a477662d34";

Json decode_hex(const char* hex) {
  const auto bytes = sf_test::from_hex(hex);
  return wire::decode(bytes.data(), bytes.size());
}

sf::TimePoint utc(std::int64_t seconds_since_epoch, std::int64_t micros = 0) {
  return sf::TimePoint(duration_cast<sf::TimePoint::duration>(seconds(seconds_since_epoch) + microseconds(micros)));
}

// The request's args built on the C++ side.
Json request_args() {
  return {
      {"order_id", "A-1"},
      {"price", sf::decimal("101.50")},
      {"qty", 3},
      {"neg", -200},
      {"id", sf::uuid("123e4567-e89b-42d3-a456-426614174000")},
      {"tags", sf::set_of({"x", "y"})},
      {"raw", sf::bytes({0x00, 0xff})},
      {"ratio", 0.1},
      {"at", sf::datetime(utc(1704164645))},             // 2024-01-02T03:04:05Z
      {"at_us", sf::datetime(utc(1704164645, 123456))},  // .123456
      {"old", sf::datetime(utc(-315619200, 500000))},    // 1960-01-01T00:00:00.5Z
      {"none", nullptr},
      {"levels", {{1, "a"}, {2, "b"}}},
  };
}

}  // namespace

TEST_CASE("a Python request decodes to the values we build") {
  const Json frame = decode_hex(kRequest);
  CHECK(frame == wire::request(request_args(), "wf-1"));
  CHECK(sf::to_time_point(frame["args"]["at_us"]) == utc(1704164645, 123456));
  CHECK(sf::to_time_point(frame["args"]["old"]) == utc(-315619200, 500000));
}

TEST_CASE("our request encodes to Python's bytes exactly") {
  std::vector<std::uint8_t> out;
  wire::encode_request(request_args(), "wf-1", out);
  CHECK(sf_test::to_hex(out) == kRequest);
}

TEST_CASE("a Python order book with Decimal - int and UUID keys decodes and validates") {
  const Json frame = decode_hex(kBook);
  const Json& book = frame["return_args"];
  CHECK(book["asks"] == Json{{"101.5", sf::decimal("2")}, {"102", sf::decimal("0.25")}});
  CHECK(book["levels"] == Json{{"3", "x"}, {"-1", "y"}});
  CHECK(book["by_id"] == Json{{"123e4567-e89b-42d3-a456-426614174000", 1.5}});

  sf::ArgsModel model;
  model.required = {{"asks", "map[decimal, decimal]"}, {"levels", "map[int, str]"}, {"by_id", "map[uuid, float]"}};
  CHECK(sf::detail::ArgsSchema::compile(model, "order book").check(book, "return_args").empty());
}

TEST_CASE("a Python topic frame splits into topic and payload") {
  const auto bytes = sf_test::from_hex(kTopic);
  const wire::Frame frame = wire::decode_frame(bytes.data(), bytes.size());
  CHECK(frame.topic == "ticks");
  CHECK(frame.payload == wire::request({{"px", sf::decimal("1.25")}}, "wf-3"));

  const std::string prefix = wire::topic_prefix("ticks");
  std::vector<std::uint8_t> ours(prefix.begin(), prefix.end());
  wire::encode_request({{"px", sf::decimal("1.25")}}, "wf-3", ours);
  CHECK(sf_test::to_hex(ours) == kTopic);
}

TEST_CASE("our error reply is byte-identical to Python's") {
  std::vector<std::uint8_t> out;
  wire::encode(wire::error_reply("validation", "args: missing required key 'order_id'", "wf-4"), out);
  CHECK(sf_test::to_hex(out) == kError);
  CHECK(wire::is_error_reply(decode_hex(kError)));
}
