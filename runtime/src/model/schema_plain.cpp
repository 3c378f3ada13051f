// Schema::from_plain: what a person types for a typed argument (JSON and YAML
// have no decimal, uuid, datetime, bytes or set) read as the model's type, so
// `sfsup call` sends "1.50" as the exact decimal 1.50 and never via a double.
// Guided by the compiled type, never by guessing from the text: a str field
// keeps "1.50" as text.
#include "model/schema_node.hpp"
#include "values/canonical_forms.hpp"
#include "values/plain_json.hpp"
#include "values/value_kind.hpp"

namespace sf::detail {

namespace {

Json convert(const Schema::Node& node, const Json& value);

Json scalar(TypeKind kind, const Json& value) {
  try {
    switch (kind) {
      case TypeKind::Decimal:
        if (value.is_string()) return decimal(value.get<std::string>());
        // A number: its shortest text ("101.25"); quote it to keep trailing zeros.
        if (value.is_number()) return decimal(value.dump());
        break;
      case TypeKind::Uuid:
        if (value.is_string())
          if (auto text = canonical_uuid(value.get<std::string>())) return uuid(*text);
        break;
      case TypeKind::Datetime:
        if (value.is_string())
          if (auto datetime = datetime_from_text(value.get<std::string>())) return *datetime;
        break;
      case TypeKind::Bytes:
        if (value.is_string())
          if (auto data = base64_decode(value.get<std::string>())) return bytes(std::move(*data));
        break;
      default: break;
    }
  } catch (const std::exception&) {
    // Not a literal of the type: left as written, and check() says why.
  }
  return value;
}

Json each(const Schema::Node& element, const Json& list) {
  Json out = Json::array();
  for (const auto& item : list) out.push_back(convert(element, item));
  return out;
}

Json convert(const Schema::Node& node, const Json& value) {
  switch (node.kind) {
    case TypeKind::List:
      return value.is_array() ? each(*node.items[0], value) : value;
    case TypeKind::Set:
      return value.is_array() ? set_of(each(*node.items[0], value).get<Json::array_t>()) : value;
    case TypeKind::Tuple: {
      if (!value.is_array() || value.size() != node.items.size()) return value;
      Json out = Json::array();
      for (std::size_t i = 0; i < value.size(); ++i) out.push_back(convert(*node.items[i], value[i]));
      return out;
    }
    case TypeKind::Map: {
      if (!value.is_object() || is_extension_object(value)) return value;
      Json out = Json::object();
      for (const auto& [key, item] : value.items()) out[key] = convert(*node.items[1], item);
      return out;
    }
    case TypeKind::Object: {
      if (!value.is_object() || is_extension_object(value)) return value;
      Json out = value;
      for (const Field& field : node.fields)
        if (auto it = out.find(field.name); it != out.end()) *it = convert(*field.type, *it);
      return out;
    }
    case TypeKind::Union: {
      if (matches(node, value)) return value;
      for (const NodePtr& alternative : node.items) {
        Json converted = convert(*alternative, value);
        if (matches(*alternative, converted)) return converted;
      }
      return value;
    }
    default:
      return scalar(node.kind, value);
  }
}

}  // namespace

Json Schema::from_plain(const Json& value) const { return convert(*root_, value); }

Json ArgsSchema::from_plain(const Json& args) const { return object_.from_plain(args); }

}  // namespace sf::detail
