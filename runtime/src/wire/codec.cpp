// msgpack in and out through nlohmann (DESIGN.md §3). Two guards sit around
// the library: a nesting limit, because its reader recurses once per level and
// a hostile frame of nested arrays would exhaust the stack; and the tolerant
// reader for maps with non-string keys, which the library refuses.
#include "wire/codec.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

#include "wire/fast_reader.hpp"
#include "wire/tolerant_reader.hpp"

namespace sf::detail::wire {
namespace {

// nlohmann's own DOM builder (json_sax_dom_parser, also what from_msgpack
// uses), refusing to open a container deeper than kMaxDepth. sax_parse is a
// template over the SAX type, so hiding these four members is enough.
class DepthLimitedBuilder : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  using Base = nlohmann::detail::json_sax_dom_parser<Json>;
  explicit DepthLimitedBuilder(Json& result) : Base(result, /*allow_exceptions=*/true) {}

  bool start_object(std::size_t len) { return enter() && Base::start_object(len); }
  bool start_array(std::size_t len) { return enter() && Base::start_array(len); }
  bool end_object() { return leave() && Base::end_object(); }
  bool end_array() { return leave() && Base::end_array(); }

  bool too_deep = false;

 private:
  bool enter() {
    if (++depth_ <= kMaxDepth) return true;
    too_deep = true;
    return false;
  }
  bool leave() {
    --depth_;
    return true;
  }
  int depth_ = 0;
};

// "[json.exception.parse_error.110] parse error at byte 3: ..." -> "parse error at byte 3: ..."
std::string without_exception_tag(const char* what) {
  std::string_view text(what);
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find("] ");
    if (close != std::string_view::npos) text.remove_prefix(close + 2);
  }
  return std::string(text);
}

// Parse error 113 while reading a *MessagePack string* only happens where the
// format demands a string, which is a map key: the non-string-key case.
bool is_non_string_key(const Json::parse_error& e) {
  return e.id == 113 && std::string_view(e.what()).find("MessagePack string") != std::string_view::npos;
}

// Length of the msgpack str header at `data` and the string's length, or false
// when the first byte is not a str header.
bool str_header(const std::uint8_t* data, std::size_t size, std::size_t& header, std::size_t& length) {
  const std::uint8_t b = data[0];
  if (b >= 0xa0 && b <= 0xbf) {
    header = 1;
    length = b & 0x1f;
    return true;
  }
  const int width = b == 0xd9 ? 1 : b == 0xda ? 2 : b == 0xdb ? 4 : 0;
  if (width == 0) return false;
  if (size < static_cast<std::size_t>(1 + width)) throw Error("malformed frame: truncated topic length");
  header = 1 + static_cast<std::size_t>(width);
  length = 0;
  for (int i = 1; i <= width; ++i) length = (length << 8) | data[i];
  return true;
}

// A topic as it may appear in a one-line error: arbitrary bytes from the
// network would otherwise break the line or the terminal.
std::string printable(std::string_view text) {
  constexpr std::size_t kShown = 64;
  std::string out;
  for (char c : text.substr(0, kShown)) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7f && c != '\\')
      out += c;
    else
      out += fmt::format("\\x{:02x}", b);
  }
  if (text.size() > kShown) out += "...";
  return out;
}

}  // namespace

std::string topic_prefix(std::string_view topic) {
  if (topic.empty()) return {};
  std::vector<std::uint8_t> bytes;
  encode(Json(std::string(topic)), bytes);
  return std::string(bytes.begin(), bytes.end());
}

void encode(const Json& payload, std::vector<std::uint8_t>& out) { Json::to_msgpack(payload, out); }

Json decode(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  if (size == 0) throw Error("malformed frame: empty");
  if (auto fast = read_fast(bytes, size)) return std::move(*fast);
  Json result;
  DepthLimitedBuilder builder(result);
  try {
    if (Json::sax_parse(bytes, bytes + size, &builder, Json::input_format_t::msgpack, /*strict=*/true)) return result;
  } catch (const Json::parse_error& e) {
    if (is_non_string_key(e)) return read_tolerant(bytes, size);
    throw Error("malformed frame: " + without_exception_tag(e.what()));
  } catch (const Json::exception& e) {
    throw Error("malformed frame: " + without_exception_tag(e.what()));
  }
  if (builder.too_deep) throw Error(fmt::format("malformed frame: nested deeper than {} levels", kMaxDepth));
  throw Error("malformed frame: not a msgpack value");
}

Frame decode_frame(const void* data, std::size_t size) {
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  if (size == 0) throw Error("malformed frame: empty");
  std::size_t header = 0;
  std::size_t length = 0;
  if (!str_header(bytes, size, header, length)) return Frame{{}, decode(bytes, size)};
  if (length > size - header)
    throw Error(fmt::format("malformed frame: topic of {} bytes in a {}-byte frame", length, size));
  Frame frame;
  frame.topic.assign(reinterpret_cast<const char*>(bytes + header), length);
  const std::size_t consumed = header + length;
  if (consumed == size)
    throw Error(fmt::format("malformed frame: topic '{}' with no payload after it", printable(frame.topic)));
  frame.payload = decode(bytes + consumed, size - consumed);
  return frame;
}

}  // namespace sf::detail::wire
