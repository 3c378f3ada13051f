#pragma once
// The compiled form of a type spec, shared by the notation parser, the
// checker and the printer (docs/models.md).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <sf/json.hpp>

#include "model/schema.hpp"

namespace sf::detail {

// clang-format off
enum class TypeKind : std::uint8_t {
  Str, Int, Float, Bool, Decimal, Datetime, Uuid, Bytes, Any, None,  // scalars
  List, Set, Map, Tuple, Enum, Union, Object,
};
// clang-format on

using NodePtr = std::shared_ptr<const Schema::Node>;

struct Field {
  std::string name;
  NodePtr type;
  bool required = false;
};

struct Schema::Node {
  TypeKind kind = TypeKind::Any;
  // List/Set: {element}; Map: {key, value}; Tuple: positions; Union: alternatives.
  std::vector<NodePtr> items;
  std::vector<Json> choices;       // Enum: strings and numbers
  std::vector<Field> fields;       // Object: sorted by name, like a Json object's keys
  std::size_t required_count = 0;  // Object
};

NodePtr make_node(TypeKind kind);

// Parsing (type_notation.cpp). `where` names the model for errors.
NodePtr compile_spec(const Json& spec, const std::string& where);
NodePtr compile_object(const Json& required, const Json& optional, const std::string& where);

// Checking (schema_check.cpp): `matches` is the allocation-free fast path;
// `explain` runs only after a failed match, to build the one error line.
bool matches(const Schema::Node& node, const Json& value);
std::string explain(const Schema::Node& node, const Json& value, std::string& path);

// Subsumption (schema_cover.cpp): `wide` accepts every value `narrow` does.
bool covers(const Schema::Node& wide, const Schema::Node& narrow);

// Printing (notation_text.cpp).
std::string notation_of(const Schema::Node& node);
Json describe_of(const Schema::Node& node);
std::string scalar_kind_of(const Schema::Node& node);

}  // namespace sf::detail
