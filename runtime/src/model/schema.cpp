// Schema and ArgsSchema: thin owners of a compiled type tree (schema_node.hpp).
#include "model/schema.hpp"

#include <fmt/format.h>

#include "model/schema_node.hpp"

namespace sf::detail {
namespace {

const NodePtr& any_node() {
  static const NodePtr node = make_node(TypeKind::Any);
  return node;
}

}  // namespace

Schema::Schema() : root_(any_node()) {}
Schema::Schema(std::shared_ptr<const Node> root) : root_(root ? std::move(root) : any_node()) {}

Schema Schema::compile(const Json& spec) { return compile(spec, "type spec"); }

Schema Schema::compile(const Json& spec, std::string_view where) {
  return Schema(compile_spec(spec, std::string(where)));
}

bool Schema::check(const Json& value, std::string_view path, std::string& error) const {
  if (matches(*root_, value)) return true;
  std::string where(path);
  error = explain(*root_, value, where);
  return false;
}

bool Schema::accepts_all_of(const Schema& narrower) const { return covers(*root_, *narrower.root_); }

std::string Schema::notation() const { return notation_of(*root_); }
std::string Schema::scalar_kind() const { return scalar_kind_of(*root_); }
Json Schema::describe() const { return describe_of(*root_); }

ArgsSchema ArgsSchema::compile(const ArgsModel& model, std::string_view what) {
  ArgsSchema out;
  NodePtr object = compile_object(model.required, model.optional, std::string(what));
  for (const Field& f : object->fields)
    (f.required ? out.required_ : out.optional_).emplace_back(f.name, Schema(f.type));
  out.object_ = Schema(std::move(object));
  return out;
}

std::string ArgsSchema::check(const Json& args, std::string_view root) const {
  std::string error;
  object_.check(args, root, error);
  return error;
}

const Schema* ArgsSchema::find(const std::string& key) const {
  for (const auto* group : {&required_, &optional_})
    for (const auto& [name, schema] : *group)
      if (name == key) return &schema;
  return nullptr;
}

Json ArgsSchema::describe() const {
  Json out = {{"required", Json::object()}, {"optional", Json::object()}};
  for (const auto& [name, schema] : required_) out["required"][name] = schema.describe();
  for (const auto& [name, schema] : optional_) out["optional"][name] = schema.describe();
  return out;
}

}  // namespace sf::detail
