#pragma once
// How a delta state's model is read. The model's arguments are the state's
// keys. A delta sets some of them (every key is optional in a delta) and a
// null value deletes one; a required key may be set but never deleted. A
// snapshot is the whole map: declared keys only, no nulls. Values are checked
// against the key's type exactly as connection arguments are.
#include <set>
#include <string>
#include <string_view>

#include <sf/json.hpp>

#include "model/schema.hpp"

namespace sf::detail {

class DeltaSchema {
 public:
  // Keeps a reference: `model` must outlive this (the runtime owns it).
  explicit DeltaSchema(const ArgsSchema& model);

  // Empty when `delta` is acceptable; otherwise one line naming the key.
  std::string check_delta(const Json& delta, std::string_view root = "args") const;
  std::string check_snapshot(const Json& state, std::string_view root = "state") const;

 private:
  std::string check_keys(const Json& map, std::string_view root, bool nulls_delete) const;
  std::string declared_keys() const;

  const ArgsSchema& model_;
  std::set<std::string> required_;
};

// Applies a checked delta to `map` in place: each key set, null deletes.
void apply_delta(Json& map, const Json& delta);

}  // namespace sf::detail
