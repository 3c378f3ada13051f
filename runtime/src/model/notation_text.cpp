// Prints a compiled type back as canonical notation: the form --describe shows
// and error lines quote ("dict[ decimal,decimal ]" prints "map[decimal, decimal]").
#include <charconv>

#include <fmt/format.h>

#include "model/schema_node.hpp"
#include "model/type_names.hpp"
#include "values/canonical_forms.hpp"

namespace sf::detail {
namespace {

// A word that would read back as itself unquoted: no separators, no spaces,
// and not something the parser would take for a number.
bool prints_bare(const std::string& word) {
  if (word.empty() || word.find_first_of(",[]|'\" \t\r\n") != std::string::npos) return false;
  if (is_float_literal(word)) return false;
  std::int64_t i = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), i);
  return !(ec == std::errc() && end == word.data() + word.size());
}

std::string choice_text(const Json& choice) {
  if (choice.is_string()) {
    const std::string& word = choice.get_ref<const std::string&>();
    if (prints_bare(word)) return word;
    const char quote = word.find('\'') == std::string::npos ? '\'' : '"';
    return fmt::format("{}{}{}", quote, word, quote);
  }
  if (choice.is_number_float()) return python_float_repr(choice.get<double>());
  return choice.dump();
}

std::string joined(const std::vector<NodePtr>& nodes, std::string_view separator) {
  std::string out;
  for (const NodePtr& n : nodes) {
    if (!out.empty()) out += separator;
    out += notation_of(*n);
  }
  return out;
}

}  // namespace

std::string notation_of(const Schema::Node& node) {
  switch (node.kind) {
    case TypeKind::List:
    case TypeKind::Set: return fmt::format("{}[{}]", type_name(node.kind), notation_of(*node.items[0]));
    case TypeKind::Map: return fmt::format("map[{}, {}]", notation_of(*node.items[0]), notation_of(*node.items[1]));
    case TypeKind::Tuple: return fmt::format("tuple[{}]", joined(node.items, ", "));
    case TypeKind::Union: return joined(node.items, " | ");
    case TypeKind::Enum: {
      std::string out = "enum[";
      for (std::size_t i = 0; i < node.choices.size(); ++i) {
        if (i) out += ", ";
        out += choice_text(node.choices[i]);
      }
      return out + "]";
    }
    case TypeKind::Object: return describe_of(node).dump();
    default: return std::string(type_name(node.kind));
  }
}

Json describe_of(const Schema::Node& node) {
  if (node.kind != TypeKind::Object) return notation_of(node);
  Json out = {{"required", Json::object()}, {"optional", Json::object()}};
  for (const Field& f : node.fields) out[f.required ? "required" : "optional"][f.name] = describe_of(*f.type);
  return out;
}

std::string scalar_kind_of(const Schema::Node& node) {
  switch (node.kind) {
    case TypeKind::List:
    case TypeKind::Set:
    case TypeKind::Map:
    case TypeKind::Tuple:
    case TypeKind::Object: return "";
    case TypeKind::Enum: return "enum";
    case TypeKind::Union: {
      // "int | none" is int-like (a decimal | none still gets made exact);
      // several scalars ("float | int") are a "union" of scalars.
      const Schema::Node* scalar = nullptr;
      bool several = false;
      for (const NodePtr& n : node.items) {
        if (n->kind == TypeKind::None) continue;
        if (scalar_kind_of(*n).empty()) return "";
        several = several || scalar != nullptr;
        scalar = n.get();
      }
      if (several) return "union";
      return scalar ? scalar_kind_of(*scalar) : "none";
    }
    default: return std::string(type_name(node.kind));
  }
}

}  // namespace sf::detail
