#include "planning/model_compatibility.hpp"

#include <fmt/format.h>

#include <sf/error.hpp>

#include "model/schema.hpp"

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

// The runtime's own reading of a type (model/schema.hpp), so wiring is judged
// by what the receiving worker will accept, not by how the types are spelled.
sf::detail::Schema compiled(const json& type, const std::string& where) {
  return sf::detail::Schema::compile(type, where);
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
      bool fits = false;
      try {
        fits = compiled(declared[key], receiver_name).accepts_all_of(compiled(type, "the sender"));
      } catch (const sf::Error& e) {
        return fmt::format("argument '{}' has a type the runtime cannot read: {}", key, e.what());
      }
      if (!fits) {
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
