// A frame as a replyer or subscriber receives it: decode (with or without a
// msgpack(topic) prefix), check the envelope, validate args against a model
// that uses every kind of type (scalars, extension types, containers, enums,
// nested objects, unions). Must never crash or throw; a bad frame is one line.
// A frame that passes must survive a round trip: re-encoded args decode and
// validate again (what a replyer echoing them, or a proxy, would do).
#include <cstddef>
#include <cstdint>
#include <vector>

#include <zmq.hpp>

#include "connections/inbound_message.hpp"
#include "fuzz_support.hpp"
#include "model/schema.hpp"
#include "wire/codec.hpp"

using sf::Json;
using namespace sf::detail;

namespace {

const ArgsSchema& model() {
  static const ArgsSchema schema = ArgsSchema::compile(
      sf::ArgsModel{.required = {{"seq", "int"}, {"price", "decimal"}, {"ts", "datetime"}},
                    .optional = {{"text", "str"},
                                 {"ratio", "float | int"},
                                 {"flag", "bool"},
                                 {"id", "uuid"},
                                 {"pair", "tuple[int, str]"},
                                 {"unique", "set[int]"},
                                 {"blob", "bytes"},
                                 {"side", "enum[buy, sell]"},
                                 {"levels", "map[decimal, decimal]"},
                                 {"tags", "list[str]"},
                                 {"maybe", "int | none"},
                                 {"anything", "any"},
                                 {"nested", Json{{"required", {{"a", "list[map[str, int]]"}}},
                                                 {"optional", {{"b", "float"}}}}}}},
      "fuzz connection 'ticks' arguments");
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  for (bool may_have_topic : {false, true}) {
    const zmq::message_t frame(data, size);
    const InboundMessage in = read_inbound(frame, model(), may_have_topic);
    if (!in.error_kind.empty()) {
      sffuzz::expect_one_line("read_inbound error", in.error);
      continue;
    }
    std::vector<std::uint8_t> again;
    wire::encode_request(in.args, in.workflow_id, again);
    const zmq::message_t reencoded(again.data(), again.size());
    const InboundMessage round = read_inbound(reencoded, model(), false);
    if (!round.error_kind.empty()) sffuzz::finding("valid args do not survive a round trip", round.error);
  }
  return 0;
}
