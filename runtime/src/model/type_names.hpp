#pragma once
// The words of the type notation, and the nearest one to a misspelling.
#include <optional>
#include <string>
#include <string_view>

#include "model/schema_node.hpp"

namespace sf::detail {

// "str" -> Str ... "none" -> None; nullopt for anything that is not a scalar.
std::optional<TypeKind> scalar_kind_by_name(std::string_view name);

// The notation word for a kind ("map" for Map, "" for Union and Object).
std::string_view type_name(TypeKind kind);

// The known word closest to `name` ("lst" -> "list", "Decimal" -> "decimal",
// "string" -> "str"); empty when nothing is close.
std::string suggest_type_name(std::string_view name);

// Every word, comma-separated, for errors that have no close suggestion.
std::string known_type_names();

}  // namespace sf::detail
