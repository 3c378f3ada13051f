// Whether one compiled type accepts every value another accepts, so wiring
// checks (sfsup) judge a sender's model against a receiver's by what the
// runtime's checker (schema_check.cpp) would really let through.
#include <algorithm>

#include "model/schema_node.hpp"

namespace sf::detail {
namespace {

bool all_covered(const Schema::Node& wide, const std::vector<NodePtr>& narrow) {
  return std::all_of(narrow.begin(), narrow.end(), [&](const NodePtr& n) { return covers(wide, *n); });
}

// Object against object: every key the narrow side may hold is declared by
// the wide side with a covering type, and every key the wide side requires is
// always present on the narrow side.
bool object_covers(const Schema::Node& wide, const Schema::Node& narrow) {
  for (const Field& f : narrow.fields) {
    auto w = std::find_if(wide.fields.begin(), wide.fields.end(), [&](const Field& x) { return x.name == f.name; });
    if (w == wide.fields.end() || !covers(*w->type, *f.type)) return false;
  }
  for (const Field& w : wide.fields) {
    if (!w.required) continue;
    auto f = std::find_if(narrow.fields.begin(), narrow.fields.end(), [&](const Field& x) { return x.name == w.name; });
    if (f == narrow.fields.end() || !f->required) return false;
  }
  return true;
}

bool is_scalar(TypeKind kind) { return kind <= TypeKind::None; }

}  // namespace

bool covers(const Schema::Node& wide, const Schema::Node& narrow) {
  if (wide.kind == TypeKind::Any) return true;
  // A narrow union is covered when each of its alternatives is.
  if (narrow.kind == TypeKind::Union) return all_covered(wide, narrow.items);
  if (narrow.kind == TypeKind::Any) return false;
  // Enum members and none are literal values: ask the checker itself.
  if (narrow.kind == TypeKind::Enum)
    return std::all_of(narrow.choices.begin(), narrow.choices.end(), [&](const Json& c) { return matches(wide, c); });
  if (narrow.kind == TypeKind::None) return matches(wide, nullptr);
  if (wide.kind == TypeKind::Union)
    return std::any_of(wide.items.begin(), wide.items.end(), [&](const NodePtr& w) { return covers(*w, narrow); });

  if (is_scalar(narrow.kind)) {
    if (wide.kind == narrow.kind) return true;
    // float accepts every JSON number, ints included.
    return wide.kind == TypeKind::Float && narrow.kind == TypeKind::Int;
  }
  switch (narrow.kind) {
    case TypeKind::List:
      return wide.kind == TypeKind::List && covers(*wide.items[0], *narrow.items[0]);
    case TypeKind::Set:
      return wide.kind == TypeKind::Set && covers(*wide.items[0], *narrow.items[0]);
    case TypeKind::Tuple:
      if (wide.kind == TypeKind::List) return all_covered(*wide.items[0], narrow.items);
      if (wide.kind != TypeKind::Tuple || wide.items.size() != narrow.items.size()) return false;
      for (std::size_t i = 0; i < narrow.items.size(); ++i)
        if (!covers(*wide.items[i], *narrow.items[i])) return false;
      return true;
    case TypeKind::Map:
      return wide.kind == TypeKind::Map && covers(*wide.items[0], *narrow.items[0]) &&
             covers(*wide.items[1], *narrow.items[1]);
    case TypeKind::Object:
      if (wide.kind == TypeKind::Object) return object_covers(wide, narrow);
      // Object keys are names: a map with str keys takes them when its values cover every field.
      if (wide.kind == TypeKind::Map && (wide.items[0]->kind == TypeKind::Str || wide.items[0]->kind == TypeKind::Any))
        return std::all_of(narrow.fields.begin(), narrow.fields.end(),
                           [&](const Field& f) { return covers(*wide.items[1], *f.type); });
      return false;
    default:
      return false;
  }
}

}  // namespace sf::detail
