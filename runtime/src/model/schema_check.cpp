// Checks values against a compiled type. `matches` runs on every message and
// allocates nothing; only when it fails does `explain` walk the value again
// to name the first offending path.
#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "model/schema_node.hpp"
#include "values/canonical_forms.hpp"
#include "values/decimal_literal.hpp"
#include "values/value_kind.hpp"

namespace sf::detail {
namespace {

// The as_str of a value already known to be a decimal or uuid.
const std::string& payload_text(const Json& value) { return value.find("as_str")->get_ref<const std::string&>(); }

bool choice_matches(const Json& choice, const Json& value) {
  if (choice.is_string()) return value.is_string() && choice == value;
  // An int member wants an int: 1.0 is not the enum member 1.
  if (choice.is_number_integer()) return value.is_number_integer() && choice == value;
  return value.is_number() && choice == value;
}

std::string choice_key(const Json& choice) {
  if (choice.is_string()) return choice.get<std::string>();
  return key_string(choice);
}

// A map key is a string; it matches K when it is K's canonical string form.
bool key_matches(const Schema::Node& key_type, const std::string& key) {
  switch (key_type.kind) {
    case TypeKind::Str:
    case TypeKind::Any: return true;
    case TypeKind::Int: return is_canonical_int(key);
    case TypeKind::Float: return is_float_literal(key);
    case TypeKind::Bool: return key == "true" || key == "false";
    case TypeKind::Decimal: return is_canonical_decimal(key);
    case TypeKind::Uuid:  // Python prints uuids in lower case
      return is_uuid_text(key) && std::none_of(key.begin(), key.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    case TypeKind::Enum:
      return std::any_of(key_type.choices.begin(), key_type.choices.end(),
                         [&](const Json& c) { return choice_key(c) == key; });
    case TypeKind::Union:
      return std::any_of(key_type.items.begin(), key_type.items.end(),
                         [&](const NodePtr& n) { return key_matches(*n, key); });
    default: return false;
  }
}

bool object_matches(const Schema::Node& node, const Json& value) {
  if (!value.is_object() || is_extension_object(value)) return false;
  // Both the value's keys and the fields are sorted: one merge-walk.
  std::size_t required_seen = 0;
  auto field = node.fields.begin();
  for (const auto& [key, item] : value.get_ref<const Json::object_t&>()) {
    while (field != node.fields.end() && field->name < key) ++field;
    if (field == node.fields.end() || field->name != key || !matches(*field->type, item)) return false;
    if (field->required) ++required_seen;
  }
  return required_seen == node.required_count;
}

bool is_identifier(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string quoted_key(const std::string& key) {
  return Json(key).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Appends a path step for the duration of one explain call.
class PathStep {
 public:
  PathStep(std::string& path, const std::string& step) : path_(path), size_(path.size()) { path_ += step; }
  ~PathStep() { path_.resize(size_); }
  PathStep(const PathStep&) = delete;
  PathStep& operator=(const PathStep&) = delete;

 private:
  std::string& path_;
  std::size_t size_;
};

std::string field_step(const std::string& name) {
  return is_identifier(name) ? "." + name : "[" + quoted_key(name) + "]";
}

std::string mismatch(const Schema::Node& node, const Json& value, const std::string& path) {
  return fmt::format("{}: expected {}, got {}", path, notation_of(node), kind_name(value));
}

// Text from a message as it may appear inside a one-line error: control
// characters escaped, bad UTF-8 replaced, long text cut.
std::string escaped(const std::string& text) {
  constexpr std::size_t kShown = 64;
  std::string out = quoted_key(text.size() > kShown ? text.substr(0, kShown) : text);
  out = out.substr(1, out.size() - 2);  // drop dump()'s double quotes
  return text.size() > kShown ? out + "..." : out;
}

// A short rendering of a scalar for errors where its value is the point.
std::string shown(const Json& value) {
  if (value.is_string()) return fmt::format("'{}'", escaped(value.get_ref<const std::string&>()));
  if (value.is_number() || value.is_boolean()) return value.dump();
  return std::string(kind_name(value));
}

// The alternative of a union with the value's own shape, when exactly one has
// it: "list[int] | none" given a list reports the list's bad element.
const Schema::Node* alternative_of_same_shape(const Schema::Node& node, const Json& value) {
  const Schema::Node* found = nullptr;
  for (const NodePtr& alt : node.items) {
    const std::string_view shape = kind_name(value);
    const bool same = (shape == "list" && (alt->kind == TypeKind::List || alt->kind == TypeKind::Tuple)) ||
                      (shape == "map" && (alt->kind == TypeKind::Map || alt->kind == TypeKind::Object)) ||
                      (shape == "set" && alt->kind == TypeKind::Set);
    if (!same) continue;
    if (found) return nullptr;
    found = alt.get();
  }
  return found;
}

std::string explain_object(const Schema::Node& node, const Json& value, std::string& path) {
  if (!value.is_object() || is_extension_object(value))
    return fmt::format("{}: expected an object, got {}", path, kind_name(value));
  for (const auto& [key, item] : value.get_ref<const Json::object_t&>()) {
    auto field = std::find_if(node.fields.begin(), node.fields.end(), [&key = key](const Field& f) { return f.name == key; });
    if (field == node.fields.end()) {
      std::string declared;
      for (const Field& f : node.fields) declared += (declared.empty() ? "" : ", ") + f.name;
      return declared.empty() ? fmt::format("{}: unknown key '{}' (this model declares no keys)", path, escaped(key))
                              : fmt::format("{}: unknown key '{}' (declared: {})", path, escaped(key), declared);
    }
    if (!matches(*field->type, item)) {
      PathStep step(path, field_step(key));
      return explain(*field->type, item, path);
    }
  }
  for (const Field& f : node.fields)
    if (f.required && !value.contains(f.name)) return fmt::format("{}: missing required key '{}'", path, f.name);
  return fmt::format("{}: does not match {}", path, notation_of(node));
}

std::string explain_map(const Schema::Node& node, const Json& value, std::string& path) {
  if (!value.is_object() || is_extension_object(value)) return mismatch(node, value, path);
  const Schema::Node& key_type = *node.items[0];
  for (const auto& [key, item] : value.get_ref<const Json::object_t&>()) {
    PathStep step(path, "[" + quoted_key(key) + "]");
    if (!key_matches(key_type, key)) {
      std::string hint;
      if (key_type.kind == TypeKind::Decimal)
        if (auto canonical = canonical_decimal(key)) hint = fmt::format(" (write it as \"{}\")", *canonical);
      if (key_type.kind == TypeKind::Uuid)
        if (auto canonical = canonical_uuid(key)) hint = fmt::format(" (write it as \"{}\")", *canonical);
      return fmt::format("{}: key is not a canonical {}{}", path, notation_of(key_type), hint);
    }
    if (!matches(*node.items[1], item)) return explain(*node.items[1], item, path);
  }
  return mismatch(node, value, path);
}

std::string explain_elements(const Schema::Node& element, const Json& array, std::string& path) {
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (matches(element, array[i])) continue;
    PathStep step(path, fmt::format("[{}]", i));
    return explain(element, array[i], path);
  }
  return fmt::format("{}: does not match", path);
}

}  // namespace

namespace {

// msgpack carries uint64: a C++ handler reads an int as int64, where
// 2^64 - 1 would turn into -1. Such a value is refused, not wrapped.
bool fits_int64(const Json& value) {
  return !value.is_number_unsigned() ||
         value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

}  // namespace

bool matches(const Schema::Node& node, const Json& value) {
  switch (node.kind) {
    case TypeKind::Str: return value.is_string();
    case TypeKind::Int: return value.is_number_integer() && fits_int64(value);
    case TypeKind::Float: return value.is_number();
    case TypeKind::Bool: return value.is_boolean();
    case TypeKind::Decimal: return is_decimal(value) && is_decimal_literal(payload_text(value));
    case TypeKind::Datetime: return is_datetime(value);
    case TypeKind::Uuid: return is_uuid(value) && is_uuid_text(payload_text(value));
    case TypeKind::Bytes: return is_bytes(value);
    case TypeKind::Any: return true;
    case TypeKind::None: return value.is_null();
    case TypeKind::List:
      return value.is_array() &&
             std::all_of(value.begin(), value.end(), [&](const Json& v) { return matches(*node.items[0], v); });
    case TypeKind::Set: {
      if (!is_set(value)) return false;
      const Json& elements = *value.find("value");
      return std::all_of(elements.begin(), elements.end(), [&](const Json& v) { return matches(*node.items[0], v); });
    }
    case TypeKind::Map:
      if (!value.is_object() || is_extension_object(value)) return false;
      for (const auto& [key, item] : value.get_ref<const Json::object_t&>())
        if (!key_matches(*node.items[0], key) || !matches(*node.items[1], item)) return false;
      return true;
    case TypeKind::Tuple:
      if (!value.is_array() || value.size() != node.items.size()) return false;
      for (std::size_t i = 0; i < node.items.size(); ++i)
        if (!matches(*node.items[i], value[i])) return false;
      return true;
    case TypeKind::Enum:
      return std::any_of(node.choices.begin(), node.choices.end(),
                         [&](const Json& c) { return choice_matches(c, value); });
    case TypeKind::Union:
      return std::any_of(node.items.begin(), node.items.end(), [&](const NodePtr& n) { return matches(*n, value); });
    case TypeKind::Object: return object_matches(node, value);
  }
  return false;
}

std::string explain(const Schema::Node& node, const Json& value, std::string& path) {
  switch (node.kind) {
    case TypeKind::Int:
      if (value.is_number_integer())
        return fmt::format("{}: {} does not fit an int (64-bit signed: at most {})", path, value.dump(),
                           std::numeric_limits<std::int64_t>::max());
      return mismatch(node, value, path);
    case TypeKind::Decimal:
      if (is_decimal(value))
        return fmt::format("{}: bad decimal literal '{}'; write it like \"1.25\"", path, decimal_str(value));
      return mismatch(node, value, path);
    case TypeKind::Uuid:
      if (is_uuid(value))
        return fmt::format("{}: bad uuid '{}'; write it as 8-4-4-4-12 hex digits", path, uuid_str(value));
      return mismatch(node, value, path);
    case TypeKind::List:
      return value.is_array() ? explain_elements(*node.items[0], value, path) : mismatch(node, value, path);
    case TypeKind::Set:
      return is_set(value) ? explain_elements(*node.items[0], *value.find("value"), path) : mismatch(node, value, path);
    case TypeKind::Map: return explain_map(node, value, path);
    case TypeKind::Tuple:
      if (!value.is_array()) return mismatch(node, value, path);
      if (value.size() != node.items.size())
        return fmt::format("{}: expected {} ({} items), got a list of {}", path, notation_of(node), node.items.size(),
                           value.size());
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        if (matches(*node.items[i], value[i])) continue;
        PathStep step(path, fmt::format("[{}]", i));
        return explain(*node.items[i], value[i], path);
      }
      return mismatch(node, value, path);
    case TypeKind::Enum: return fmt::format("{}: expected {}, got {}", path, notation_of(node), shown(value));
    case TypeKind::Union:
      if (const Schema::Node* alt = alternative_of_same_shape(node, value)) return explain(*alt, value, path);
      return mismatch(node, value, path);
    case TypeKind::Object: return explain_object(node, value, path);
    default: return mismatch(node, value, path);
  }
}

}  // namespace sf::detail
