#pragma once
// The wire format of DESIGN.md §3, shared with the Python framework:
// a frame is msgpack(payload), or msgpack(topic) + msgpack(payload) in ONE frame.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <sf/json.hpp>

namespace sf::detail::wire {

// msgpack(topic): the bytes a publisher prefixes and a subscriber subscribes to.
// Empty topic -> empty prefix (subscribe to everything, send no topic).
std::string topic_prefix(std::string_view topic);

// Appends msgpack(payload) to `out` (which may already hold a topic prefix).
void encode(const Json& payload, std::vector<std::uint8_t>& out);

struct Frame {
  std::string topic;  // empty when the frame carried none
  Json payload;
};

// Decodes one frame. Throws sf::Error with one line ("malformed frame: ...")
// on bad input; never crashes on arbitrary bytes. Map keys that are not
// strings (ints, decimals, uuids) become their canonical string form.
Frame decode_frame(const void* data, std::size_t size);
Json decode(const void* data, std::size_t size);  // a frame without topic

// Envelopes. A workflow id is any msgpack value: the Python framework sends a
// UUID object at a leading edge and strings after; ids go back as received.
Json request(const Json& args, const Json& workflow_id);       // {"args", "workflow_id"}
Json reply(const Json& return_args, const Json& workflow_id);  // {"return_args", ...}
Json error_reply(std::string_view kind, std::string_view message, const Json& workflow_id);
bool is_error_reply(const Json& envelope);  // has an "error" object

// A peer's "error" value as text for a one-line message: its kind ("error"
// when absent) and message (the value's JSON when not a string), both quoted
// with printable_text, so a peer's newline or terminal escape stays inert.
struct ErrorText {
  std::string kind;
  std::string message;
};
ErrorText error_text_of(const Json& error);

// The envelope's "workflow_id" as received; null when it has none.
Json workflow_id_of(const Json& envelope);
// How an id is logged and extended: a string as it is, a UUID object as its
// as_str, an int in decimal (values/canonical_forms.hpp); "-" for none.
std::string workflow_text(const Json& workflow_id);

// encode(request(args, id), out) without copying `args` into an envelope first;
// the bytes are identical. Same for replies.
void encode_request(const Json& args, const Json& workflow_id, std::vector<std::uint8_t>& out);
void encode_reply(const Json& return_args, const Json& workflow_id, std::vector<std::uint8_t>& out);

}  // namespace sf::detail::wire
