// Parses the type notation of docs/models.md into a Schema::Node tree, once,
// when a model is loaded.
#include <sf/error.hpp>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "model/schema_node.hpp"
#include "model/type_names.hpp"
#include "values/canonical_forms.hpp"

namespace sf::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// A key type must have a string form a JSON object key can carry.
bool is_keyable(const Schema::Node& node) {
  switch (node.kind) {
    case TypeKind::Str:
    case TypeKind::Int:
    case TypeKind::Float:
    case TypeKind::Bool:
    case TypeKind::Decimal:
    case TypeKind::Uuid:
    case TypeKind::Enum:
    case TypeKind::Any: return true;
    case TypeKind::Union:
      return std::all_of(node.items.begin(), node.items.end(), [](const NodePtr& n) { return is_keyable(*n); });
    default: return false;
  }
}

// An unquoted enum member is a number when it reads as one, else a word.
Json enum_literal(std::string_view word) {
  std::int64_t i = 0;
  auto [iend, iec] = std::from_chars(word.data(), word.data() + word.size(), i);
  if (iec == std::errc() && iend == word.data() + word.size()) return i;
  if (is_float_literal(word)) {
    double d = 0;
    std::from_chars(word.data(), word.data() + word.size(), d);
    return d;
  }
  return std::string(word);
}

class NotationParser {
 public:
  NotationParser(std::string_view spec, const std::string& where) : spec_(spec), where_(where) {}

  NodePtr parse() {
    NodePtr node = parse_union();
    skip_space();
    if (pos_ != spec_.size())
      fail(fmt::format("unexpected '{}' after '{}'", spec_.substr(pos_), spec_.substr(0, pos_)));
    return node;
  }

 private:
  NodePtr parse_union() {
    std::vector<NodePtr> alternatives;
    auto add = [&](NodePtr n) {
      const auto& parts = n->kind == TypeKind::Union ? n->items : std::vector<NodePtr>{n};
      for (const NodePtr& part : parts) {
        const std::string text = notation_of(*part);
        if (std::none_of(alternatives.begin(), alternatives.end(),
                         [&](const NodePtr& a) { return notation_of(*a) == text; }))
          alternatives.push_back(part);
      }
    };
    add(parse_term());
    while (consume('|')) add(parse_term());
    if (alternatives.size() == 1) return alternatives.front();
    // `any` already accepts everything the other alternatives would.
    for (const NodePtr& a : alternatives)
      if (a->kind == TypeKind::Any) return a;
    auto node = std::make_shared<Schema::Node>();
    node->kind = TypeKind::Union;
    node->items = std::move(alternatives);
    return node;
  }

  NodePtr parse_term() {
    skip_space();
    const std::size_t start = pos_;
    while (pos_ < spec_.size() && is_word_char(spec_[pos_])) ++pos_;
    const std::string_view name = spec_.substr(start, pos_ - start);
    if (name.empty())
      fail(pos_ < spec_.size() ? fmt::format("expected a type name at '{}'", spec_.substr(pos_))
                               : fmt::format("expected a type name after '{}'", spec_));

    if (auto scalar = scalar_kind_by_name(name)) {
      if (peek('[')) fail(fmt::format("'{}' takes no parameters", name));
      return make_node(*scalar);
    }
    auto node = std::make_shared<Schema::Node>();
    if (name == "list" || name == "set") {
      node->kind = name == "list" ? TypeKind::List : TypeKind::Set;
      node->items.push_back(consume('[') ? close_after(parse_union()) : make_node(TypeKind::Any));
    } else if (name == "map" || name == "dict") {
      node->kind = TypeKind::Map;
      if (consume('[')) {
        node->items.push_back(parse_union());
        expect(',');
        node->items.push_back(close_after(parse_union()));
        if (!is_keyable(*node->items[0]))
          fail(
              fmt::format("map keys travel as strings, so '{}' cannot be a key type; "
                          "use str, int, float, bool, decimal, uuid or an enum",
                          notation_of(*node->items[0])));
      } else {
        node->items = {make_node(TypeKind::Str), make_node(TypeKind::Any)};
      }
    } else if (name == "tuple") {
      node->kind = TypeKind::Tuple;
      expect('[');
      do node->items.push_back(parse_union());
      while (consume(','));
      expect(']');
    } else if (name == "enum") {
      node->kind = TypeKind::Enum;
      expect('[');
      do add_choice(*node, parse_enum_literal());
      while (consume(','));
      expect(']');
    } else {
      fail_unknown(start, name);
    }
    return node;
  }

  Json parse_enum_literal() {
    skip_space();
    if (pos_ < spec_.size() && (spec_[pos_] == '\'' || spec_[pos_] == '"')) {
      const char quote = spec_[pos_++];
      const std::size_t end = spec_.find(quote, pos_);
      if (end == std::string_view::npos) fail(fmt::format("missing closing {} in enum", quote));
      std::string text(spec_.substr(pos_, end - pos_));
      pos_ = end + 1;
      return text;
    }
    const std::size_t start = pos_;
    while (pos_ < spec_.size() && spec_[pos_] != ',' && spec_[pos_] != ']') ++pos_;
    std::string_view word = spec_.substr(start, pos_ - start);
    while (!word.empty() && is_space(word.back())) word.remove_suffix(1);
    if (word.empty()) fail(fmt::format("empty enum member after '{}'", spec_.substr(0, start)));
    return enum_literal(word);
  }

  static void add_choice(Schema::Node& node, Json choice) {
    auto same = [&](const Json& c) { return c == choice && c.type() == choice.type(); };
    if (std::none_of(node.choices.begin(), node.choices.end(), same)) node.choices.push_back(std::move(choice));
  }

  NodePtr close_after(NodePtr node) {
    expect(']');
    return node;
  }

  void skip_space() {
    while (pos_ < spec_.size() && is_space(spec_[pos_])) ++pos_;
  }
  bool peek(char c) {
    skip_space();
    return pos_ < spec_.size() && spec_[pos_] == c;
  }
  bool consume(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (consume(c)) return;
    fail(pos_ < spec_.size()
             ? fmt::format("expected '{}' but found '{}' after '{}'", c, spec_[pos_], spec_.substr(0, pos_))
             : fmt::format("expected '{}' after '{}'", c, spec_));
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(fmt::format("bad type '{}' in {}: {}", spec_, where_, problem));
  }

  // Names the whole unknown term, brackets included ("lst[int]"), since that is
  // what the user wrote and will search for.
  [[noreturn]] void fail_unknown(std::size_t start, std::string_view name) const {
    std::size_t end = pos_;
    std::size_t p = pos_;
    while (p < spec_.size() && is_space(spec_[p])) ++p;
    if (p < spec_.size() && spec_[p] == '[') {
      int depth = 0;
      for (; p < spec_.size(); ++p) {
        if (spec_[p] == '[') ++depth;
        if (spec_[p] == ']' && --depth == 0) break;
      }
      end = std::min(p + 1, spec_.size());
    }
    const std::string_view term = spec_.substr(start, end - start);
    std::string where = where_;
    if (term != spec_) where += fmt::format(", type '{}'", spec_);
    const std::string suggestion = suggest_type_name(name);
    throw Error(suggestion.empty()
                    ? fmt::format("unknown type '{}' in {} (known types: {})", term, where, known_type_names())
                    : fmt::format("unknown type '{}' in {} (did you mean '{}'?)", term, where, suggestion));
  }

  std::string_view spec_;
  const std::string& where_;
  std::size_t pos_ = 0;
};

}  // namespace

NodePtr make_node(TypeKind kind) {
  auto node = std::make_shared<Schema::Node>();
  node->kind = kind;
  return node;
}

NodePtr compile_spec(const Json& spec, const std::string& where) {
  if (spec.is_string()) return NotationParser(spec.get_ref<const std::string&>(), where).parse();
  if (spec.is_object()) {
    for (const auto& [key, value] : spec.items())
      if (key != "required" && key != "optional")
        throw Error(
            fmt::format("bad nested object type in {}: key '{}' is neither \"required\" nor \"optional\"; "
                        "write {{\"required\": {{...}}, \"optional\": {{...}}}}",
                        where, key));
    return compile_object(spec.value("required", Json::object()), spec.value("optional", Json::object()), where);
  }
  throw Error(
      fmt::format("bad type in {}: expected a notation string like \"list[int]\" or a nested "
                  "{{\"required\": {{...}}, \"optional\": {{...}}}} object, got {}",
                  where, spec.dump(-1, ' ', false, Json::error_handler_t::replace)));
}

NodePtr compile_object(const Json& required, const Json& optional, const std::string& where) {
  auto node = std::make_shared<Schema::Node>();
  node->kind = TypeKind::Object;
  for (const auto& [group, is_required] : {std::pair<const Json*, bool>{&required, true}, {&optional, false}}) {
    if (group->is_null()) continue;
    if (!group->is_object())
      throw Error(fmt::format("bad model in {}: '{}' must map names to types, got {}", where,
                              is_required ? "required" : "optional", group->type_name()));
    for (const auto& [name, spec] : group->items()) {
      const std::string field_where = fmt::format("{}, key '{}'", where, name);
      auto same_name = [&name = name](const Field& f) { return f.name == name; };
      if (std::any_of(node->fields.begin(), node->fields.end(), same_name))
        throw Error(fmt::format("bad model in {}: key '{}' is both required and optional; keep one", where, name));
      node->fields.push_back(Field{name, compile_spec(spec, field_where), is_required});
      if (is_required) ++node->required_count;
    }
  }
  std::sort(node->fields.begin(), node->fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
  return node;
}

}  // namespace sf::detail
