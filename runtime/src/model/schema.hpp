#pragma once
// A type spec (docs/models.md) compiled once, at load, into a tree that checks
// values without re-parsing the notation on every message.
#include <memory>
#include <string>
#include <string_view>

#include <sf/json.hpp>
#include <sf/model.hpp>
#include <utility>
#include <vector>

namespace sf::detail {

class Schema {
 public:
  // Throws sf::Error naming the bad spec:
  //   "unknown type 'lst[int]' in <where> (did you mean 'list'?)".
  static Schema compile(const Json& spec);
  // The same, naming the model in errors: "connection 'echo' arguments, key 'levels'".
  static Schema compile(const Json& spec, std::string_view where);

  // True when `value` matches. Otherwise `error` gets one line naming the path
  // inside the value: `args.asks["101.5"]: expected decimal, got str`.
  bool check(const Json& value, std::string_view path, std::string& error) const;

  // True when every value `narrower` accepts, this schema accepts too: a
  // sender typed `narrower` can feed a receiver typed like this one.
  // Judged by meaning, not spelling ("int | none" covers "none | int", and
  // "float | int" covers "int"); where the answer would need more than a
  // structural walk (a union spread over a list's elements) it says no.
  bool accepts_all_of(const Schema& narrower) const;

  // Canonical notation, e.g. "map[decimal, decimal]".
  std::string notation() const;

  // A value as a person writes it in JSON or YAML (decimal as "1.25", uuid
  // and datetime as text, bytes as base64, a set as a list) turned into the
  // typed value this schema wants, where the text reads as one; anything that
  // does not read is left as it is, for check() to name (schema_plain.cpp).
  Json from_plain(const Json& value) const;

  // Scalar kind for converting command-line strings: a scalar's name ("int",
  // "float", "bool", "decimal", "str", "uuid", "none", ...), "enum", for
  // "T | none" the kind of T, "union" for a union of several scalars
  // ("float | int"); empty when not a scalar.
  std::string scalar_kind() const;

  // The spec back in canonical form: a notation string, or for a nested object
  // {"required": {...}, "optional": {...}} with canonical notations inside.
  Json describe() const;

  struct Node;
  Schema();
  explicit Schema(std::shared_ptr<const Node> root);

 private:
  std::shared_ptr<const Node> root_;
};

// An ArgsModel compiled: required keys, optional keys, nothing else allowed.
class ArgsSchema {
 public:
  ArgsSchema() = default;
  // `what` names the model in errors: "connection 'echo' arguments".
  static ArgsSchema compile(const ArgsModel& model, std::string_view what);

  // Empty when `args` is an object whose required keys are present, every key
  // is declared, and every value matches. Otherwise one line: path + problem.
  std::string check(const Json& args, std::string_view root = "args") const;

  const Schema* find(const std::string& key) const;  // nullptr when undeclared
  Json from_plain(const Json& args) const;  // Schema::from_plain over the whole object
  bool empty() const { return required_.empty() && optional_.empty(); }
  Json describe() const;  // {"required": {k: notation}, "optional": {...}}

 private:
  std::vector<std::pair<std::string, Schema>> required_;
  std::vector<std::pair<std::string, Schema>> optional_;
  // The same keys as one strict object type, which does the checking. A
  // default ArgsSchema is the empty model: it accepts only {}.
  Schema object_ = Schema::compile(Json::object());
};

}  // namespace sf::detail
