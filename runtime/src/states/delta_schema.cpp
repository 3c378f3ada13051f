#include "states/delta_schema.hpp"

#include <fmt/format.h>

namespace sf::detail {

DeltaSchema::DeltaSchema(const ArgsSchema& model) : model_(model) {
  const Json described = model.describe();
  if (auto it = described.find("required"); it != described.end() && it->is_object()) {
    for (const auto& [key, spec] : it->items()) required_.insert(key);
  }
}

std::string DeltaSchema::declared_keys() const {
  const Json described = model_.describe();
  std::vector<std::string> keys;
  for (const char* part : {"required", "optional"}) {
    if (auto it = described.find(part); it != described.end() && it->is_object()) {
      for (const auto& [key, spec] : it->items()) keys.push_back(key);
    }
  }
  return keys.empty() ? "none: the state model declares no arguments" : fmt::format("{}", fmt::join(keys, ", "));
}

std::string DeltaSchema::check_keys(const Json& map, std::string_view root, bool nulls_delete) const {
  if (!map.is_object()) return fmt::format("{}: expected an object of state keys, got {}", root, map.type_name());
  for (const auto& [key, value] : map.items()) {
    const Schema* schema = model_.find(key);
    if (schema == nullptr) {
      return fmt::format("{}.{}: not a key of this state (declared: {})", root, key, declared_keys());
    }
    if (value.is_null()) {
      if (!nulls_delete) return fmt::format("{}.{}: null in a snapshot (only a delta deletes keys)", root, key);
      if (required_.count(key)) return fmt::format("{}.{}: a required key cannot be deleted (null)", root, key);
      continue;
    }
    std::string error;
    if (!schema->check(value, fmt::format("{}.{}", root, key), error)) return error;
  }
  return {};
}

std::string DeltaSchema::check_delta(const Json& delta, std::string_view root) const {
  return check_keys(delta, root, true);
}

std::string DeltaSchema::check_snapshot(const Json& state, std::string_view root) const {
  return check_keys(state, root, false);
}

void apply_delta(Json& map, const Json& delta) {
  if (!map.is_object()) map = Json::object();
  for (const auto& [key, value] : delta.items()) {
    if (value.is_null()) {
      map.erase(key);
    } else {
      map[key] = value;
    }
  }
}

}  // namespace sf::detail
