#include "planning/model_compatibility.hpp"

#include <cctype>

#include <fmt/format.h>

namespace sfsup {

using nlohmann::json;

std::string peer_in_type(const std::string& out_type) {
  if (out_type == "requester") return "replyer";
  if (out_type == "publisher") return "subscriber";
  if (out_type == "full_update_out") return "full_update_in";
  if (out_type == "delta_update_out") return "delta_update_in";
  return "";
}

namespace {

// Type notation compared as written minus spacing: "map[str,int]" equals
// "map[str, int]"; nested object specs compare member by member.
json normalized(const json& type) {
  if (type.is_string()) {
    std::string out;
    for (char c : type.get<std::string>()) {
      if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    }
    return out;
  }
  if (type.is_object() || type.is_array()) {
    json out = type;
    for (auto& v : out) v = normalized(v);
    return out;
  }
  return type;
}

std::string shown(const json& type) {
  return type.is_string() ? type.get<std::string>() : type.dump();
}

const json& part(const json& model, const char* name) {
  static const json empty = json::object();
  return model.is_object() && model.contains(name) && model[name].is_object() ? model[name] : empty;
}

}  // namespace

std::optional<std::string> model_mismatch(const json& sender, const json& receiver,
                                          const std::string& receiver_name) {
  json declared = part(receiver, "optional");
  declared.update(part(receiver, "required"));
  for (const char* which : {"required", "optional"}) {
    for (const auto& [key, type] : part(sender, which).items()) {
      if (!declared.contains(key)) {
        return fmt::format("argument '{}' may be sent but {} does not declare it", key,
                           receiver_name);
      }
      if (normalized(type) != normalized(declared[key])) {
        return fmt::format("argument '{}' is {} here but {} in {}", key, shown(type),
                           shown(declared[key]), receiver_name);
      }
    }
  }
  const json& sent_always = part(sender, "required");
  for (const auto& [key, type] : part(receiver, "required").items()) {
    if (sent_always.contains(key)) continue;
    return part(sender, "optional").contains(key)
               ? fmt::format("{} requires '{}' but it is only optional here", receiver_name, key)
               : fmt::format("{} requires '{}' ({}) which is never sent", receiver_name, key,
                             shown(type));
  }
  return std::nullopt;
}

}  // namespace sfsup
