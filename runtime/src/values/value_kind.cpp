#include "values/value_kind.hpp"

namespace sf::detail {

bool is_extension_object(const Json& value) {
  // Every extension object has exactly its marker and one payload key, and the
  // marker ("__…") sorts first in the ordered object, so one look suffices.
  if (!value.is_object() || value.size() != 2) return false;
  const std::string& first = value.begin().key();
  return first == "__decimal__" || first == "__uuid__" || first == "__set__";
}

std::string_view kind_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "none";
    case Json::value_t::boolean: return "bool";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "int";
    case Json::value_t::number_float: return "float";
    case Json::value_t::string: return "str";
    case Json::value_t::array: return "list";
    case Json::value_t::object:
      if (is_decimal(value)) return "decimal";
      if (is_uuid(value)) return "uuid";
      if (is_set(value)) return "set";
      return "map";
    case Json::value_t::binary:
      if (is_datetime(value)) return "datetime";
      if (is_bytes(value)) return "bytes";
      return "ext";
    case Json::value_t::discarded: break;
  }
  return "invalid";
}

}  // namespace sf::detail
