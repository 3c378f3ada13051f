// The three envelopes of DESIGN.md §3. Every body key ("args", "return_args",
// "error") sorts before "workflow_id", and nlohmann writes object keys in
// sorted order, so the encode_* functions below produce exactly the bytes of
// encode(request(...)) without first copying the body into an envelope.
#include <sf/json.hpp>

#include "values/canonical_forms.hpp"
#include "values/printable_text.hpp"
#include "wire/codec.hpp"

namespace sf::detail::wire {
namespace {

constexpr std::uint8_t kFixMap2 = 0x82;  // msgpack header of a two-entry map

// msgpack fixstr (keys here are under 32 bytes): written as bytes, not through
// a temporary Json string, on every message.
void put_key(std::string_view key, std::vector<std::uint8_t>& out) {
  out.push_back(static_cast<std::uint8_t>(0xa0 | key.size()));
  out.insert(out.end(), key.begin(), key.end());
}

void encode_envelope(std::string_view body_key, const Json& body, const Json& workflow_id,
                     std::vector<std::uint8_t>& out) {
  out.push_back(kFixMap2);
  put_key(body_key, out);
  // One writer for both values: nlohmann allocates an output adapter per writer.
  nlohmann::detail::binary_writer<Json, std::uint8_t> writer{nlohmann::detail::output_adapter<std::uint8_t>(out)};
  writer.write_msgpack(body);
  put_key("workflow_id", out);
  writer.write_msgpack(workflow_id);
}

}  // namespace

Json request(const Json& args, const Json& workflow_id) {
  return {{"args", args}, {"workflow_id", workflow_id}};
}

Json reply(const Json& return_args, const Json& workflow_id) {
  return {{"return_args", return_args}, {"workflow_id", workflow_id}};
}

Json error_reply(std::string_view kind, std::string_view message, const Json& workflow_id) {
  return {{"error", {{"kind", kind}, {"message", message}}}, {"workflow_id", workflow_id}};
}

Json workflow_id_of(const Json& envelope) {
  if (!envelope.is_object()) return nullptr;
  const auto it = envelope.find("workflow_id");
  return it == envelope.end() ? Json() : *it;
}

std::string workflow_text(const Json& workflow_id) {
  if (workflow_id.is_null()) return "-";
  if (workflow_id.is_string()) return workflow_id.get<std::string>();
  return key_string(workflow_id);
}

bool is_error_reply(const Json& envelope) {
  if (!envelope.is_object()) return false;
  const auto error = envelope.find("error");
  return error != envelope.end() && error->is_object();
}

ErrorText error_text_of(const Json& error) {
  auto text_of = [](const Json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump(-1, ' ', false, Json::error_handler_t::replace);
  };
  ErrorText text{"error", text_of(error)};
  if (error.is_object()) {
    if (auto kind = error.find("kind"); kind != error.end()) text.kind = text_of(*kind);
    if (auto message = error.find("message"); message != error.end()) text.message = text_of(*message);
  }
  return {printable_text(text.kind), printable_text(text.message)};
}

void encode_request(const Json& args, const Json& workflow_id, std::vector<std::uint8_t>& out) {
  encode_envelope("args", args, workflow_id, out);
}

void encode_reply(const Json& return_args, const Json& workflow_id, std::vector<std::uint8_t>& out) {
  encode_envelope("return_args", return_args, workflow_id, out);
}

}  // namespace sf::detail::wire
