#pragma once
// The name of what a value is, in the words of the type notation, for error
// lines such as "expected decimal, got str".
#include <string_view>

#include <sf/json.hpp>

namespace sf::detail {

// "none", "bool", "int", "float", "str", "list", "map", "decimal", "uuid",
// "set", "datetime", "bytes", or "ext" (a msgpack extension we do not model).
std::string_view kind_name(const Json& value);

// True for the objects that stand for decimal, uuid and set values: they are
// JSON objects in memory but never maps or nested objects to a model.
bool is_extension_object(const Json& value);

}  // namespace sf::detail
